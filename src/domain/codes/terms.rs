//! The term index: the phrases a coder looks up, each leading to one code. Official titles
//! (ICD-10-CM, CPT, HCPCS and the small lists; not ICD-10-PCS, whose titles are built from
//! axes), inclusion terms, Includes notes of a category, and the phrases of Excludes notes
//! that name where a condition is coded (`streptococcal sore throat (J02.0)`). A phrase is
//! keyed by its essential words; its nonessential ones may be added by the query.

use super::index::CodeIndex;
use super::phrases::{essential_and_optional, note_phrase};
use super::{CodeRecord, Note, System};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Where a phrase comes from, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermKind {
    Title,
    InclusionTerm,
    NotePhrase,
    IncludesNote,
}

/// A phrase of the tables that is not a title, attached to the code it leads to.
#[derive(Debug, Clone)]
pub struct RawTerm {
    pub system: System,
    pub code: String,
    pub kind: TermKind,
    pub text: String,
}

/// Phrases longer than this (essential words) are left to the word search.
const MAX_KEY_WORDS: usize = 8;
/// Query words beyond this are matched as a whole, without dropping optional ones.
const MAX_SUBSET_WORDS: usize = 6;
/// A bound on key look-ups per query.
const MAX_LOOKUPS: usize = 512;
/// A phrase of a header may leave this many query words for its subdivisions to match.
const MAX_LEFT_OVER: usize = 2;

/// Inclusion terms and Includes notes of a code, and the phrases of Excludes notes with the
/// codes they name. Notes attached to blocks and chapters give none.
pub fn raw_terms(notes: &[Note]) -> Vec<RawTerm> {
    let mut out = Vec::new();
    for n in notes {
        let is_code = n.key.len() <= 7
            && !n.key.starts_with("CH")
            && !n.key.contains('-')
            && n.key.chars().all(|c| c.is_ascii_alphanumeric());
        match n.kind.as_str() {
            "inclusionTerm" | "includes" if is_code => out.push(RawTerm {
                system: System::Icd10Cm,
                code: n.key.clone(),
                kind: if n.kind == "includes" {
                    TermKind::IncludesNote
                } else {
                    TermKind::InclusionTerm
                },
                text: n.text.clone(),
            }),
            "excludes1" | "excludes2" => {
                if let Some((phrase, codes)) = note_phrase(&n.text, &n.refs) {
                    for code in codes {
                        out.push(RawTerm {
                            system: System::Icd10Cm,
                            code,
                            kind: TermKind::NotePhrase,
                            text: phrase.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The name a CPT or HCPCS summary leads with (`Colonoscopy with biopsy: full colon scope
/// exam ...`), the words a coder calls the service by; not the `Add-on:` label.
pub fn lead_phrase(system: System, description: &str) -> Option<&str> {
    if !matches!(system, System::Cpt | System::Hcpcs) {
        return None;
    }
    let (lead, _) = description.split_once(':')?;
    let lead = lead.trim();
    (!lead.is_empty() && !lead.eq_ignore_ascii_case("add-on")).then_some(lead)
}

pub(super) struct Term {
    pub system: System,
    pub code: Box<str>,
    pub kind: TermKind,
    /// The phrase as printed; empty for a title (the code's description is the phrase).
    pub text: Box<str>,
    pub optional: Box<[u32]>,
}

/// Phrases by their essential words (word ids, sorted).
#[derive(Default)]
pub(super) struct TermIndex {
    pub terms: Vec<Term>,
    pub by_key: HashMap<Box<[u32]>, Vec<u32>>,
}

impl TermIndex {
    /// Adds a phrase; words missing from the vocabulary make it unreachable, so it is left out.
    pub fn add(
        &mut self,
        vocab: &HashMap<Box<str>, u32>,
        system: System,
        code: &str,
        kind: TermKind,
        text: &str,
    ) {
        let (essential, optional) = essential_and_optional(text);
        if essential.is_empty() || essential.len() > MAX_KEY_WORDS {
            return;
        }
        let ids = |words: &[String]| -> Option<Vec<u32>> {
            words
                .iter()
                .map(|w| vocab.get(w.as_str()).copied())
                .collect()
        };
        let (Some(mut key), Some(optional)) = (ids(&essential), ids(&optional)) else {
            return;
        };
        key.sort_unstable();
        let list = self.by_key.entry(key.into_boxed_slice()).or_default();
        let duplicate = list.iter().any(|&t| {
            let t = &self.terms[t as usize];
            t.system == system && *t.code == *code && t.kind == kind
        });
        if duplicate {
            return;
        }
        list.push(self.terms.len() as u32);
        self.terms.push(Term {
            system,
            code: code.into(),
            kind,
            text: if kind == TermKind::Title {
                "".into()
            } else {
                text.into()
            },
            optional: optional.into_boxed_slice(),
        });
    }

    /// Phrases matched by a query's words (ids, sorted and distinct): the phrase's essential
    /// words are among them and the rest are its optional words. Each comes with the query
    /// words it leaves over (none for a full match; at most two, never more than it matched,
    /// for a partial one, which only a header's subdivisions can use).
    pub fn matches(&self, query: &[u32], budget: &mut usize, out: &mut Vec<(u32, Vec<u32>)>) {
        let n = query.len();
        if n == 0 {
            return;
        }
        let full = (1u32 << n.min(MAX_SUBSET_WORDS)) - 1;
        // The whole query first, then its subsets (only for short queries).
        let masks = std::iter::once(full).chain((1..full).rev().filter(|_| n <= MAX_SUBSET_WORDS));
        // One key buffer for every subset.
        let mut key: Vec<u32> = Vec::with_capacity(n);
        for mask in masks {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            key.clear();
            if n > MAX_SUBSET_WORDS {
                key.extend_from_slice(query);
            } else {
                key.extend((0..n).filter(|i| mask & (1 << i) != 0).map(|i| query[i]));
            }
            let Some(list) = self.by_key.get(key.as_slice()) else {
                continue;
            };
            for &t in list {
                let term = &self.terms[t as usize];
                let left: Vec<u32> = query
                    .iter()
                    .filter(|w| !key.contains(w) && !term.optional.contains(w))
                    .copied()
                    .collect();
                let usable = left.len() <= MAX_LEFT_OVER && left.len() <= key.len();
                if usable && !out.iter().any(|(o, l)| *o == t && l.len() <= left.len()) {
                    out.retain(|(o, _)| *o != t);
                    out.push((t, left));
                }
            }
        }
    }
}

/// The initial look-up budget for one query.
pub(super) fn lookup_budget() -> usize {
    MAX_LOOKUPS
}

impl CodeIndex {
    /// The default code under a header for a query (its words' vocabulary ids): going down,
    /// at each level the child whose title adds the fewest specific words to the query's,
    /// preferring one that says it is unspecified, then the first in code order. None if no
    /// billable code is reached.
    pub(super) fn default_code(
        &self,
        system: System,
        code: &str,
        date: NaiveDate,
        query_words: &[u32],
    ) -> Option<&CodeRecord> {
        let mut current: &str = code;
        for _ in 0..6 {
            let best = self
                .children(system, current)
                .iter()
                .filter_map(|c| self.lookup_id(system, c, date))
                .min_by_key(|&id| {
                    let i = id as usize;
                    let extra = self.specific[i]
                        .iter()
                        .filter(|w| !query_words.contains(w))
                        .count();
                    (extra, !self.unspecified[i], &self.entries[i].code)
                })?;
            let best = self.entry(best);
            if best.billable {
                return Some(best);
            }
            current = &best.code;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_give_inclusion_terms_includes_and_excludes_phrases() {
        let note = |key: &str, kind: &str, refs: &[&str], text: &str| Note {
            key: key.into(),
            kind: kind.into(),
            refs: refs.iter().map(|r| (*r).to_owned()).collect(),
            text: text.into(),
        };
        let terms = raw_terms(&[
            note("J020", "inclusionTerm", &[], "Streptococcal sore throat"),
            note("E11", "includes", &[], "diabetes NOS"),
            note("J03", "excludes1", &["J02.9"], "sore throat NOS (J02.9)"),
            note(
                "CH1",
                "includes",
                &[],
                "diseases generally recognized as communicable",
            ),
            note("E08-E13", "includes", &[], "block text"),
            note(
                "J18",
                "codeFirst",
                &["J10.0-"],
                "associated influenza (J10.0-)",
            ),
        ]);
        let got: Vec<(&str, TermKind, &str)> = terms
            .iter()
            .map(|t| (t.code.as_str(), t.kind, t.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("J020", TermKind::InclusionTerm, "Streptococcal sore throat"),
                ("E11", TermKind::IncludesNote, "diabetes NOS"),
                ("J029", TermKind::NotePhrase, "sore throat NOS"),
            ]
        );
    }

    #[test]
    fn cpt_and_hcpcs_summaries_lead_with_the_name_of_the_service() {
        let cases = [
            (
                System::Cpt,
                "Colonoscopy with biopsy: full colon scope exam",
                Some("Colonoscopy with biopsy"),
            ),
            (System::Cpt, "Add-on: each additional 15 minutes", None),
            (
                System::Cpt,
                "Diagnostic colonoscopy of the whole colon",
                None,
            ),
            (System::Icd10Cm, "Pneumonia: unspecified", None),
        ];
        for (system, text, want) in cases {
            assert_eq!(lead_phrase(system, text), want, "{text}");
        }
    }

    #[test]
    fn a_query_matches_essential_words_plus_optional_ones() {
        let vocab: HashMap<Box<str>, u32> = ["sore", "throat", "acute", "nos", "chronic"]
            .iter()
            .enumerate()
            .map(|(i, w)| ((*w).into(), i as u32))
            .collect();
        let mut idx = TermIndex::default();
        idx.add(
            &vocab,
            System::Icd10Cm,
            "J029",
            TermKind::InclusionTerm,
            "Sore throat (acute) NOS",
        );
        idx.add(
            &vocab,
            System::Icd10Cm,
            "J312",
            TermKind::InclusionTerm,
            "Chronic sore throat",
        );
        idx.add(
            &vocab,
            System::Icd10Cm,
            "J312",
            TermKind::InclusionTerm,
            "Chronic sore throat",
        );
        idx.add(
            &vocab,
            System::Icd10Cm,
            "X",
            TermKind::InclusionTerm,
            "Sore unknownword",
        );
        assert_eq!(
            idx.terms.len(),
            2,
            "duplicates and unreachable phrases are left out"
        );
        let find = |words: &[u32]| {
            let mut out = Vec::new();
            idx.matches(words, &mut lookup_budget(), &mut out);
            out.iter()
                .filter(|(_, left)| left.is_empty())
                .map(|(t, _)| idx.terms[*t as usize].code.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(find(&[0, 1]), vec!["J029"]);
        assert_eq!(find(&[0, 1, 2]), vec!["J029"], "acute is optional");
        assert_eq!(find(&[0, 1, 4]), vec!["J312"], "chronic is essential there");
        assert!(find(&[0]).is_empty());
        let mut out = Vec::new();
        idx.matches(&[0, 1, 4, 2], &mut lookup_budget(), &mut out);
        let j029 = out
            .iter()
            .find(|(t, _)| &*idx.terms[*t as usize].code == "J029");
        assert_eq!(
            j029.map(|(_, left)| left.clone()),
            Some(vec![4]),
            "chronic left over"
        );
        let mut budget = 0;
        let mut out = Vec::new();
        idx.matches(&[0, 1], &mut budget, &mut out);
        assert!(out.is_empty(), "no budget, no look-up");
    }
}
