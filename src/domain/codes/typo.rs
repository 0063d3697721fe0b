//! One-edit spelling tolerance: for a query word of five letters or more that begins no word
//! of the tables, the words of the vocabulary one edit away (a letter dropped, added,
//! changed, or two neighbours swapped: `pnuemonia`, `diabtes`, `hypertention`).

use std::collections::HashMap;

/// Words shorter than this are never corrected (too many neighbours).
pub const MIN_TYPO_LEN: usize = 5;
/// At most this many corrections are kept for one word.
const MAX_CORRECTIONS: usize = 4;

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// The vocabulary words one edit away from `word` (ASCII letters; transpositions count as
/// one edit), most frequent first. `vocab` maps a word to its id; `weight` ranks ids.
pub fn corrections(
    word: &str,
    vocab: &HashMap<Box<str>, u32>,
    weight: impl Fn(u32) -> usize,
) -> Vec<(String, u32)> {
    if word.chars().count() < MIN_TYPO_LEN || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let w = word.as_bytes();
    let mut found: Vec<(String, u32)> = Vec::new();
    let mut try_word = |cand: Vec<u8>| {
        if let Ok(s) = String::from_utf8(cand)
            && let Some(&id) = vocab.get(s.as_str())
            && !found.iter().any(|(f, _)| *f == s)
        {
            found.push((s, id));
        }
    };
    for i in 0..w.len() {
        // Deletion.
        let mut d = w.to_vec();
        d.remove(i);
        try_word(d);
        // Transposition of neighbours.
        if i + 1 < w.len() && w[i] != w[i + 1] {
            let mut t = w.to_vec();
            t.swap(i, i + 1);
            try_word(t);
        }
        // Substitution.
        for &c in LETTERS {
            if c != w[i] {
                let mut s = w.to_vec();
                s[i] = c;
                try_word(s);
            }
        }
    }
    // Insertion.
    for i in 0..=w.len() {
        for &c in LETTERS {
            let mut s = w.to_vec();
            s.insert(i, c);
            try_word(s);
        }
    }
    found.sort_by_key(|(s, id)| (std::cmp::Reverse(weight(*id)), s.clone()));
    found.truncate(MAX_CORRECTIONS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_away_in_each_way() {
        let words = [
            "pneumonia",
            "diabetes",
            "hypertension",
            "asthma",
            "arthritis",
            "pneumonias",
        ];
        let vocab: HashMap<Box<str>, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| ((*w).into(), i as u32))
            .collect();
        let fix = |w: &str| -> Vec<String> {
            corrections(w, &vocab, |id| 10 - id as usize)
                .into_iter()
                .map(|(s, _)| s)
                .collect()
        };
        assert_eq!(fix("pnuemonia"), vec!["pneumonia"], "transposition");
        assert_eq!(fix("diabtes"), vec!["diabetes"], "letter dropped");
        assert_eq!(fix("hypertention"), vec!["hypertension"], "letter changed");
        assert_eq!(fix("asthmma"), vec!["asthma"], "letter added");
        assert_eq!(fix("astma"), vec!["asthma"]);
        assert_eq!(
            fix("pneumonial"),
            vec!["pneumonia", "pneumonias"],
            "most frequent first"
        );
        assert!(fix("azthmx").is_empty(), "two edits away");
        assert!(fix("dibts").is_empty());
        assert!(fix("asma").is_empty(), "shorter than five letters");
    }
}
