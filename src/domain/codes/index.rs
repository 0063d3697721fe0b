//! The in-memory index of every code system: exact lookup by code, children, code-prefix
//! ranges, and a word index for description search. Entries are stored in their static rank
//! order (fewer description words, billable, shorter text first), so a set of entry ids in
//! increasing order is already ranked.

use super::bitset::Bitset;
use super::{AgeRange, CodeRecord, Note, System};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Prefixes up to this length have their entry sets precomputed.
pub(super) const SHORT_PREFIX: usize = 2;
/// Words in at least this many entries also keep their postings as a bitset: OR-ing 2,841
/// words beats inserting thousands of ids one by one (`with`, `left`, `fracture`…).
const DENSE_MIN: usize = 1024;

pub struct CodeIndex {
    pub(super) entries: Vec<CodeRecord>,
    /// Per system: code -> entry ids (one per validity period), oldest first.
    by_code: Vec<HashMap<Box<str>, Vec<u32>>>,
    /// Per system: parent code -> child codes (distinct, sorted).
    children: Vec<HashMap<Box<str>, Vec<Box<str>>>>,
    /// Per system: (code, entry id) sorted by code, for prefix ranges.
    pub(super) sorted_codes: Vec<Vec<(Box<str>, u32)>>,
    /// Sorted vocabulary and, for each word, the ids of entries that contain it.
    pub(super) vocab: Vec<Box<str>>,
    pub(super) postings: Vec<Vec<u32>>,
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
    /// Builds the index. `synonyms` maps a shorthand term to an expansion of words.
    pub fn build(
        records: Vec<CodeRecord>,
        notes: Vec<Note>,
        age_ranges: Vec<AgeRange>,
        synonyms: Vec<(String, String)>,
    ) -> Self {
        // Tokenize every record once: word ids (interned) and the description's word count.
        let mut intern: HashMap<String, u32> = HashMap::new();
        let mut record_words: Vec<Vec<u32>> = Vec::with_capacity(records.len());
        let mut word_count: Vec<u16> = Vec::with_capacity(records.len());
        for r in &records {
            let long = r.description.to_lowercase();
            let short = r.short_description.to_lowercase();
            let mut ids: Vec<u32> = Vec::new();
            let mut n = 0usize;
            for (i, text) in [&long, &short].into_iter().enumerate() {
                for w in text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    if i == 0 {
                        n += 1;
                    }
                    let id = match intern.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = intern.len() as u32;
                            intern.insert(w.to_owned(), id);
                            id
                        }
                    };
                    ids.push(id);
                }
            }
            ids.sort_unstable();
            ids.dedup();
            record_words.push(ids);
            word_count.push(n.min(u16::MAX as usize) as u16);
        }
        // Static rank: fewer words, billable, shorter text first.
        let mut order: Vec<u32> = (0..records.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&records[a as usize], &records[b as usize]);
            (
                word_count[a as usize],
                !ra.billable,
                ra.description.len(),
                ra.system,
                &ra.code,
                ra.valid_from,
            )
                .cmp(&(
                    word_count[b as usize],
                    !rb.billable,
                    rb.description.len(),
                    rb.system,
                    &rb.code,
                    rb.valid_from,
                ))
        });
        let mut slots: Vec<Option<CodeRecord>> = records.into_iter().map(Some).collect();
        let mut entries = Vec::with_capacity(slots.len());
        let mut word_postings: Vec<Vec<u32>> = vec![Vec::new(); intern.len()];
        for (new_id, &old) in order.iter().enumerate() {
            if let Some(r) = slots[old as usize].take() {
                entries.push(r);
            }
            for &w in &record_words[old as usize] {
                word_postings[w as usize].push(new_id as u32);
            }
        }
        drop(record_words);
        let n = entries.len();
        let nsys = System::ALL.len();
        let mut by_code: Vec<HashMap<Box<str>, Vec<u32>>> = vec![HashMap::new(); nsys];
        let mut children: Vec<HashMap<Box<str>, Vec<Box<str>>>> = vec![HashMap::new(); nsys];
        let mut sorted_codes: Vec<Vec<(Box<str>, u32)>> = vec![Vec::new(); nsys];
        let mut system_sets: Vec<Bitset> = (0..nsys).map(|_| Bitset::new(n)).collect();
        for (id, r) in entries.iter().enumerate() {
            let id = id as u32;
            let s = r.system.index();
            by_code[s]
                .entry(r.code.as_str().into())
                .or_default()
                .push(id);
            if let Some(p) = &r.parent {
                children[s]
                    .entry(p.as_str().into())
                    .or_default()
                    .push(r.code.as_str().into());
            }
            sorted_codes[s].push((r.code.as_str().into(), id));
            system_sets[s].insert(id);
        }
        for per in &mut by_code {
            for ids in per.values_mut() {
                ids.sort_by_key(|&i| entries[i as usize].valid_from);
            }
        }
        for per in &mut children {
            for kids in per.values_mut() {
                kids.sort();
                kids.dedup();
            }
        }
        for per in &mut sorted_codes {
            per.sort();
        }
        let mut vocab_pairs: Vec<(String, u32)> = intern.into_iter().collect();
        vocab_pairs.sort();
        let mut short_prefix: HashMap<Box<str>, Bitset> = HashMap::new();
        let mut vocab = Vec::with_capacity(vocab_pairs.len());
        let mut postings = Vec::with_capacity(vocab_pairs.len());
        for (w, wid) in vocab_pairs {
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
        let dense = postings
            .iter()
            .map(|ids: &Vec<u32>| {
                (ids.len() >= DENSE_MIN).then(|| {
                    let mut set = Bitset::new(n);
                    ids.iter().for_each(|&i| set.insert(i));
                    set
                })
            })
            .collect();
        let mut syn: HashMap<Box<str>, Vec<Vec<String>>> = HashMap::new();
        for (term, expansion) in synonyms {
            let group: Vec<String> = words(&expansion).collect();
            if !group.is_empty() {
                syn.entry(term.to_lowercase().into())
                    .or_default()
                    .push(group);
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
            postings,
            dense,
            short_prefix,
            system_sets,
            synonyms: syn,
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
