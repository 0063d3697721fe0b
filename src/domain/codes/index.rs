//! The in-memory index of every code system: exact lookup by code, children, code-prefix
//! ranges, a word index over each code's title and index phrases (inclusion terms, note
//! phrases), and the term index of whole phrases. Entries are stored in their static rank
//! order (billable first, then the titles with the fewest specific words, then fewer words
//! and shorter text), so a set of entry ids in increasing order is already ranked.

use super::bitset::Bitset;
use super::index_parts::{CodeMaps, code_maps, dense_sets, term_index};
use super::successors::provisional_titles;
use super::terms::{RawTerm, TermIndex, raw_terms};
use super::tokens::tokenize;
use super::{AgeRange, CodeRecord, Note, System};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Prefixes up to this length have their entry sets precomputed.
pub(super) const SHORT_PREFIX: usize = 2;
/// Words in at least this many entries also keep their postings as a bitset: OR-ing 2,841
/// words beats inserting thousands of ids one by one (`with`, `left`, `fracture`…).
pub(super) const DENSE_MIN: usize = 1024;

pub struct CodeIndex {
    pub(super) entries: Vec<CodeRecord>,
    /// Per system: code -> entry ids (one per validity period), oldest first.
    by_code: Vec<HashMap<Box<str>, Vec<u32>>>,
    /// Per system: parent code -> child codes (distinct, sorted).
    children: Vec<HashMap<Box<str>, Vec<Box<str>>>>,
    /// Per system: (code, entry id) sorted by code, for prefix ranges.
    pub(super) sorted_codes: Vec<Vec<(Box<str>, u32)>>,
    /// Sorted vocabulary.
    pub(super) vocab: Vec<Box<str>>,
    /// Each word of `vocab` and its position there.
    pub(super) word_ids: HashMap<Box<str>, u32>,
    /// For each word of `vocab`, the entries whose title has it.
    pub(super) postings: Vec<Vec<u32>>,
    /// For each word of `vocab`, the entries that have it only from their index phrases.
    pub(super) phrase_postings: Vec<Vec<u32>>,
    /// For each entry, the vocabulary id of its title's head word (u32::MAX: none).
    pub(super) heads: Vec<u32>,
    /// For each entry, the vocabulary ids of its title's specific words (u32::MAX for a word
    /// outside the vocabulary), for the default-code descent.
    pub(super) specific: Vec<Box<[u32]>>,
    /// For each entry, whether its title says it is unspecified.
    pub(super) unspecified: Vec<bool>,
    /// For each word of `vocab`, its postings as a bitset when it has DENSE_MIN or more.
    pub(super) dense: Vec<Option<Bitset>>,
    /// Entry sets of every word prefix of at most SHORT_PREFIX characters.
    pub(super) short_prefix: HashMap<Box<str>, Bitset>,
    pub(super) system_sets: Vec<Bitset>,
    /// Dense copies of what search filters on, so a filter touches no record:
    /// validity as days from the Common Era (open end = i32::MAX) and billable entries.
    pub(super) valid_from_days: Vec<i32>,
    pub(super) valid_to_days: Vec<i32>,
    pub(super) billable_set: Bitset,
    /// Query shorthand -> alternative word groups (all words of a group must match).
    pub(super) synonyms: HashMap<Box<str>, Vec<Vec<String>>>,
    /// Whole phrases by their essential words.
    pub(super) terms: TermIndex,
    notes: HashMap<Box<str>, Vec<Note>>,
    age_ranges: Vec<AgeRange>,
}

/// Words of a text: lower-case runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl CodeIndex {
    /// Builds the index. `synonyms` maps a shorthand term (one word or several) to an
    /// expansion of words. New codes whose title is pending get a provisional one.
    pub fn build(
        mut records: Vec<CodeRecord>,
        notes: Vec<Note>,
        age_ranges: Vec<AgeRange>,
        synonyms: Vec<(String, String)>,
    ) -> Self {
        provisional_titles(&mut records);
        // Phrases of the notes, by the code they lead to: their words are the words of the code
        // and of the codes below it (an inclusion term of a category applies to its codes).
        let raw: Vec<RawTerm> = raw_terms(&notes);
        let tok = tokenize(&records, &raw);
        // Static rank: billable first, codes before reference lists (MS-DRG, CARC, RARC,
        // group codes), then the most general title (fewest specific words, and among equals
        // one that says it is unspecified), fewer words, shorter text.
        let reference = |s: System| {
            matches!(
                s,
                System::MsDrg | System::Carc | System::Rarc | System::CasGroup
            )
        };
        let mut order: Vec<u32> = (0..records.len() as u32).collect();
        let key = |i: u32| {
            let r = &records[i as usize];
            let i = i as usize;
            (
                !r.billable,
                reference(r.system),
                tok.specific[i],
                !tok.unspecified[i],
                tok.word_count[i],
                r.description.len(),
                r.system,
                &r.code,
                r.valid_from,
            )
        };
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let mut slots: Vec<Option<CodeRecord>> = records.into_iter().map(Some).collect();
        let mut entries = Vec::with_capacity(slots.len());
        let vocab_len = tok.intern.len();
        let mut word_postings: Vec<Vec<u32>> = vec![Vec::new(); vocab_len];
        let mut extra_postings: Vec<Vec<u32>> = vec![Vec::new(); vocab_len];
        let mut head_of: Vec<u32> = Vec::with_capacity(order.len());
        for (new_id, &old) in order.iter().enumerate() {
            if let Some(r) = slots[old as usize].take() {
                entries.push(r);
            }
            for &w in &tok.title[old as usize] {
                word_postings[w as usize].push(new_id as u32);
            }
            for &w in &tok.extra[old as usize] {
                extra_postings[w as usize].push(new_id as u32);
            }
            head_of.push(tok.head[old as usize]);
        }
        let intern = tok.intern;
        let n = entries.len();
        let mut vocab_pairs: Vec<(String, u32)> = intern.into_iter().collect();
        vocab_pairs.sort();
        let mut short_prefix: HashMap<Box<str>, Bitset> = HashMap::new();
        let mut vocab = Vec::with_capacity(vocab_pairs.len());
        let mut postings = Vec::with_capacity(vocab_pairs.len());
        let mut phrase_postings = Vec::with_capacity(vocab_pairs.len());
        // Interned id -> position in the sorted vocabulary.
        let mut final_id: Vec<u32> = vec![u32::MAX; vocab_len];
        for (w, wid) in vocab_pairs {
            final_id[wid as usize] = vocab.len() as u32;
            phrase_postings.push(std::mem::take(&mut extra_postings[wid as usize]));
            let ids = std::mem::take(&mut word_postings[wid as usize]);
            // The word's prefixes of 1..=SHORT_PREFIX characters (the word itself if shorter).
            for k in 1..=SHORT_PREFIX {
                let end = w.char_indices().nth(k).map_or(w.len(), |(i, _)| i);
                let set = short_prefix
                    .entry(w[..end].into())
                    .or_insert_with(|| Bitset::new(n));
                ids.iter().for_each(|&i| set.insert(i));
                if end == w.len() {
                    break;
                }
            }
            vocab.push(w.into_boxed_str());
            postings.push(ids);
        }
        let heads: Vec<u32> = head_of
            .iter()
            .map(|&h| final_id.get(h as usize).copied().unwrap_or(u32::MAX))
            .collect();
        let word_ids: HashMap<Box<str>, u32> = vocab
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        // The term index is built on a second thread while this one builds the rest.
        let (maps, dense, terms, specific) = std::thread::scope(|scope| {
            let terms = scope.spawn(|| term_index(&entries, &word_ids, &raw));
            let maps = code_maps(&entries);
            let dense = dense_sets(&postings, n);
            let specific: Vec<Box<[u32]>> = order
                .iter()
                .map(|&old| {
                    tok.specific_text[old as usize]
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(|w| word_ids.get(w).copied().unwrap_or(u32::MAX))
                        .collect()
                })
                .collect();
            let terms = terms
                .join()
                .unwrap_or_else(|_| term_index(&entries, &word_ids, &raw));
            (maps, dense, terms, specific)
        });
        let unspecified = order
            .iter()
            .map(|&old| tok.unspecified[old as usize])
            .collect();
        let CodeMaps {
            by_code,
            children,
            sorted_codes,
            system_sets,
        } = maps;
        let mut syn: HashMap<Box<str>, Vec<Vec<String>>> = HashMap::new();
        for (term, expansion) in synonyms {
            let group: Vec<String> = words(&expansion).collect();
            let term: Vec<String> = words(&term).collect();
            if !group.is_empty() && !term.is_empty() {
                syn.entry(term.join(" ").into()).or_default().push(group);
            }
        }
        let mut note_map: HashMap<Box<str>, Vec<Note>> = HashMap::new();
        for note in notes {
            note_map
                .entry(note.key.as_str().into())
                .or_default()
                .push(note);
        }
        let valid_from_days = entries
            .iter()
            .map(|r| r.valid_from.num_days_from_ce())
            .collect();
        let valid_to_days = entries
            .iter()
            .map(|r| r.valid_to.map_or(i32::MAX, |d| d.num_days_from_ce()))
            .collect();
        let mut billable_set = Bitset::new(n);
        for (id, r) in entries.iter().enumerate() {
            if r.billable {
                billable_set.insert(id as u32);
            }
        }
        CodeIndex {
            valid_from_days,
            valid_to_days,
            billable_set,
            entries,
            by_code,
            children,
            sorted_codes,
            vocab,
            word_ids,
            postings,
            phrase_postings,
            heads,
            specific,
            unspecified,
            dense,
            short_prefix,
            system_sets,
            synonyms: syn,
            terms,
            notes: note_map,
            age_ranges,
        }
    }

    /// Whether entry `id` is valid on the day `day` (days from the Common Era).
    pub(super) fn valid_on_day(&self, id: u32, day: i32) -> bool {
        let i = id as usize;
        self.valid_from_days[i] <= day && day <= self.valid_to_days[i]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, id: u32) -> &CodeRecord {
        &self.entries[id as usize]
    }

    /// The entry ids of every version of a code, oldest first.
    pub(super) fn ids_of(&self, system: System, code: &str) -> &[u32] {
        self.by_code[system.index()]
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every version of a code (normalized form), oldest first.
    pub fn versions(&self, system: System, code: &str) -> impl Iterator<Item = &CodeRecord> {
        self.by_code[system.index()]
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
    }

    /// The version valid on `date`, or with no date the most recent one.
    pub fn lookup(
        &self,
        system: System,
        code: &str,
        date: Option<NaiveDate>,
    ) -> Option<&CodeRecord> {
        match date {
            Some(d) => self.versions(system, code).find(|r| r.valid_on(d)),
            None => self.versions(system, code).last(),
        }
    }

    /// The codes directly under `code`.
    pub fn children(&self, system: System, code: &str) -> &[Box<str>] {
        self.children[system.index()]
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The billable descendants of `code` valid on `date`.
    pub fn billable_descendants(
        &self,
        system: System,
        code: &str,
        date: NaiveDate,
    ) -> Vec<&CodeRecord> {
        let mut out = Vec::new();
        let mut stack: Vec<&str> = vec![code];
        while let Some(c) = stack.pop() {
            for kid in self.children(system, c) {
                if let Some(r) = self.lookup(system, kid, Some(date)).filter(|r| r.billable) {
                    out.push(r);
                }
                stack.push(kid);
            }
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    }

    /// The notes attached to one key (a code, a block or `CH<n>`).
    pub fn notes_at(&self, key: &str) -> &[Note] {
        self.notes.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn age_ranges(&self) -> &[AgeRange] {
        &self.age_ranges
    }

    /// How many entries of each system are billable and valid on `date`.
    pub fn billable_count(&self, system: System, date: NaiveDate) -> usize {
        self.sorted_codes[system.index()]
            .iter()
            .filter(|(_, id)| {
                let r = &self.entries[*id as usize];
                r.billable && r.valid_on(date)
            })
            .count()
    }
}
