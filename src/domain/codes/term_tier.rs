//! The phrase tier of a search: the codes whose phrases the query names, the most
//! authoritative phrase first. A phrase of a header gives way to the header's default code;
//! a header's phrase that leaves a word or two of the query over (a side: `fracture of left
//! wrist`) leads to the subdivision whose title has them.

use super::System;
use super::bitset::Bitset;
use super::index::{CodeIndex, words};
use super::query::{Slot, combinations};
use super::search::{Hit, MatchKind, SearchQuery};
use super::terms::lookup_budget;

/// At most this many codes come from the phrase tier.
const MAX_TERM_HITS: usize = 50;

impl CodeIndex {
    pub(super) fn term_tier<'a>(
        &'a self,
        q: &SearchQuery<'_>,
        slots: &[Slot],
        systems: &[System],
        listed: &Bitset,
    ) -> Vec<Hit<'a>> {
        let mut budget = lookup_budget();
        // (term, the query's words, the words it leaves over)
        let mut found: Vec<(u32, Vec<u32>, Vec<String>)> = Vec::new();
        for combo in combinations(slots) {
            let Some(mut ids) = combo
                .iter()
                .map(|w| self.word_ids.get(w.as_str()).copied())
                .collect::<Option<Vec<u32>>>()
            else {
                continue;
            };
            ids.sort_unstable();
            ids.dedup();
            let mut terms = Vec::new();
            self.terms.matches(&ids, &mut budget, &mut terms);
            for (t, left) in terms {
                if !found.iter().any(|(f, _, _)| *f == t) {
                    let left = left
                        .iter()
                        .map(|&w| self.vocab[w as usize].to_string())
                        .collect();
                    found.push((t, ids.clone(), left));
                }
            }
        }
        let mut hits: Vec<(usize, u32, Hit<'a>)> = Vec::new();
        for (t, combo, left) in found {
            let term = &self.terms.terms[t as usize];
            if !systems.contains(&term.system) {
                continue;
            }
            let Some(record) = self.lookup(term.system, &term.code, Some(q.as_of)) else {
                continue;
            };
            let text = (!term.text.is_empty()).then_some(&*term.text);
            let h = if record.billable && left.is_empty() {
                Hit {
                    record,
                    kind: term.kind.into(),
                    term: text,
                    via: None,
                    corrected: false,
                }
            } else if !record.billable {
                let Some(best) = self.default_code(term.system, &term.code, q.as_of, &combo) else {
                    continue;
                };
                let title: Vec<String> = words(&best.description).collect();
                if !left
                    .iter()
                    .all(|l| title.iter().any(|w| w.starts_with(l.as_str())))
                {
                    continue;
                }
                Hit {
                    record: best,
                    kind: MatchKind::CategoryDefault,
                    term: text.or(Some(record.description.as_str())),
                    via: Some(&term.code),
                    corrected: false,
                }
            } else {
                continue;
            };
            let Some(id) = self.lookup_id(h.record.system, &h.record.code, q.as_of) else {
                continue;
            };
            if listed.contains(id) {
                continue;
            }
            let rank = match h.kind {
                _ if !left.is_empty() => 4,
                MatchKind::Title => 0,
                MatchKind::InclusionTerm => 1,
                MatchKind::NotePhrase | MatchKind::IncludesNote => 2,
                _ => 3,
            };
            // A code named by several phrases is shown once, by its most authoritative one.
            match hits.iter_mut().find(|(_, i, _)| *i == id) {
                Some(earlier) if rank < earlier.0 => *earlier = (rank, id, h),
                Some(_) => {}
                None => hits.push((rank, id, h)),
            }
        }
        hits.sort_by_key(|(rank, id, _)| (*rank, *id));
        hits.truncate(MAX_TERM_HITS);
        hits.into_iter().map(|(_, _, h)| h).collect()
    }
}
