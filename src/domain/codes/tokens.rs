//! Reading every record once at build time: the words of its title (description and short
//! description), the further words its index phrases give it (its own and those of the codes
//! above it), and what the static rank needs (word count, specific words, whether it says it
//! is unspecified, its head word).

use super::phrases::{is_stop, says_unspecified, specific_words};
use super::terms::RawTerm;
use super::{CodeRecord, System};
use std::collections::HashMap;

/// Words that never make a title's head word (`Unspecified abdominal pain` is about pain in
/// the abdomen, `Other pneumonia` about pneumonia).
const NOT_HEADS: &[&str] = &["unspecified", "other", "nos"];

/// The words of every record, interned.
pub(super) struct Tokenized {
    pub intern: HashMap<String, u32>,
    /// Per record: ids of the words of its title (sorted, distinct).
    pub title: Vec<Vec<u32>>,
    /// Per record: ids of the words only its index phrases have (sorted, distinct).
    pub extra: Vec<Vec<u32>>,
    pub word_count: Vec<u16>,
    pub specific: Vec<u16>,
    /// Per record: its title's specific words, space-separated (for the default-code
    /// descent, which compares them with a query's words).
    pub specific_text: Vec<String>,
    pub unspecified: Vec<bool>,
    /// Per record: the id of its title's first word that is not a joining word or
    /// `unspecified`/`other` (u32::MAX when it has none).
    pub head: Vec<u32>,
}

fn intern_words(text: &str, intern: &mut HashMap<String, u32>, out: &mut Vec<u32>) -> usize {
    let mut n = 0;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        n += 1;
        let id = match intern.get(w) {
            Some(&id) => id,
            None => {
                let id = intern.len() as u32;
                intern.insert(w.to_owned(), id);
                id
            }
        };
        out.push(id);
    }
    n
}

/// Tokenizes `records`; `raw` are the index phrases, attached to codes.
pub(super) fn tokenize(records: &[CodeRecord], raw: &[RawTerm]) -> Tokenized {
    let n = records.len();
    let mut t = Tokenized {
        intern: HashMap::new(),
        title: Vec::with_capacity(n),
        extra: Vec::with_capacity(n),
        word_count: Vec::with_capacity(n),
        specific: Vec::with_capacity(n),
        specific_text: Vec::with_capacity(n),
        unspecified: Vec::with_capacity(n),
        head: Vec::with_capacity(n),
    };
    // What the static rank reads of each title, on a second thread while the words are
    // interned on this one.
    std::thread::scope(|scope| {
        let rank = scope.spawn(|| rank_words(records));
        intern_all(records, raw, &mut t);
        (t.specific, t.specific_text, t.unspecified) =
            rank.join().unwrap_or_else(|_| rank_words(records));
    });
    t
}

/// Per record: its title's number of specific words, those words, and whether it says it
/// is unspecified.
fn rank_words(records: &[CodeRecord]) -> (Vec<u16>, Vec<String>, Vec<bool>) {
    let mut counts = Vec::with_capacity(records.len());
    let mut texts = Vec::with_capacity(records.len());
    let mut unspecified = Vec::with_capacity(records.len());
    for r in records {
        let words = specific_words(&r.description);
        counts.push(words.len().min(u16::MAX as usize) as u16);
        texts.push(words.join(" "));
        unspecified.push(says_unspecified(&r.description));
    }
    (counts, texts, unspecified)
}

/// Interns the words of every record's title and index phrases.
fn intern_all(records: &[CodeRecord], raw: &[RawTerm], t: &mut Tokenized) {
    let mut phrases_of: HashMap<(System, &str), Vec<usize>> = HashMap::new();
    for (i, p) in raw.iter().enumerate() {
        phrases_of
            .entry((p.system, p.code.as_str()))
            .or_default()
            .push(i);
    }
    let mut phrase_words: Vec<Option<Vec<u32>>> = vec![None; raw.len()];
    for r in records {
        let description = r.description.to_lowercase();
        let mut title = Vec::new();
        let count = intern_words(&description, &mut t.intern, &mut title);
        let head = title
            .iter()
            .zip(
                description
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty()),
            )
            .find(|(_, w)| !is_stop(w) && !NOT_HEADS.contains(w))
            .map_or(u32::MAX, |(id, _)| *id);
        intern_words(
            &r.short_description.to_lowercase(),
            &mut t.intern,
            &mut title,
        );
        title.sort_unstable();
        title.dedup();
        // ICD-10-CM: the phrases of the code and of the codes it begins with (its ancestors).
        let first = if r.system == System::Icd10Cm {
            3.min(r.code.len())
        } else {
            r.code.len()
        };
        let mut extra = Vec::new();
        for len in first..=r.code.len() {
            let head = r.code.get(..len).unwrap_or_default();
            for &i in phrases_of.get(&(r.system, head)).into_iter().flatten() {
                // A category's phrases are read once for all the codes below it.
                let words = phrase_words[i].get_or_insert_with(|| {
                    let mut ids = Vec::new();
                    intern_words(&raw[i].text.to_lowercase(), &mut t.intern, &mut ids);
                    ids
                });
                extra.extend_from_slice(words);
            }
        }
        extra.sort_unstable();
        extra.dedup();
        extra.retain(|w| title.binary_search(w).is_err());
        t.title.push(title);
        t.extra.push(extra);
        t.word_count.push(count.min(u16::MAX as usize) as u16);
        t.head.push(head);
    }
}
