//! The parts of the code index that are built independently of each other (so that the
//! term index can be built on a second thread): the per-system maps of codes, the bitsets
//! of frequent words, and the term index.

use super::bitset::Bitset;
use super::index::DENSE_MIN;
use super::terms::{RawTerm, TermIndex, TermKind, lead_phrase};
use super::{CodeRecord, System};
use std::collections::HashMap;

/// Per system: the entries by code, the children of each code, and the codes sorted, and
/// the set of the system's entries.
pub(super) struct CodeMaps {
    pub by_code: Vec<HashMap<Box<str>, Vec<u32>>>,
    pub children: Vec<HashMap<Box<str>, Vec<Box<str>>>>,
    pub sorted_codes: Vec<Vec<(Box<str>, u32)>>,
    pub system_sets: Vec<Bitset>,
}

pub(super) fn code_maps(entries: &[CodeRecord]) -> CodeMaps {
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
    CodeMaps {
        by_code,
        children,
        sorted_codes,
        system_sets,
    }
}

/// The postings of the words in DENSE_MIN entries or more, as bitsets over `n` entries.
pub(super) fn dense_sets(postings: &[Vec<u32>], n: usize) -> Vec<Option<Bitset>> {
    postings
        .iter()
        .map(|ids: &Vec<u32>| {
            (ids.len() >= DENSE_MIN).then(|| {
                let mut set = Bitset::new(n);
                ids.iter().for_each(|&i| set.insert(i));
                set
            })
        })
        .collect()
}

/// The term index: the titles (not ICD-10-PCS', built from axes) and the lead phrases of
/// CPT and HCPCS summaries, then the index phrases of the notes.
pub(super) fn term_index(
    entries: &[CodeRecord],
    word_ids: &HashMap<Box<str>, u32>,
    raw: &[RawTerm],
) -> TermIndex {
    let mut terms = TermIndex::default();
    let mut titled: std::collections::HashSet<(System, &str, &str)> = Default::default();
    for r in entries {
        if r.system != System::Icd10Pcs
            && titled.insert((r.system, r.code.as_str(), r.description.as_str()))
        {
            terms.add(word_ids, r.system, &r.code, TermKind::Title, &r.description);
            if let Some(lead) = lead_phrase(r.system, &r.description) {
                terms.add(word_ids, r.system, &r.code, TermKind::Title, lead);
            }
        }
    }
    drop(titled);
    for t in raw {
        terms.add(word_ids, t.system, &t.code, t.kind, &t.text);
    }
    terms
}
