//! How a text query is read: its words grouped into slots (one word, or a multi-word
//! shorthand such as `strep throat`), each slot with the shorthand expansions it stands for
//! and, for a word of five letters or more that begins no word of the tables, the words one
//! edit away. Joining words (`of`, `with`) are left out when other words remain.

use super::bitset::Bitset;
use super::index::CodeIndex;
use super::phrases::is_stop;
use super::typo::{MIN_TYPO_LEN, corrections};
use std::borrow::Cow;

/// Multi-word shorthand is looked for up to this many words.
const MAX_SHORTHAND_WORDS: usize = 3;
/// A typed word shorter than this matches whole words only when ranking what was typed.
const LITERAL_PREFIX: usize = 4;

/// The singular of an English plural of four letters or more (`shoes`, `crutches`,
/// `lancets`), never of a word ending in `ss` or `us`.
pub(super) fn singular(word: &str) -> Option<&str> {
    if word.len() < 5 || !word.is_ascii() || word.ends_with("ss") || word.ends_with("us") {
        return None;
    }
    let stem = word.strip_suffix('s')?;
    let sibilant = ["ch", "sh", "x", "z"]
        .iter()
        .any(|e| stem.ends_with(&format!("{e}e")));
    Some(if sibilant {
        &stem[..stem.len() - 1]
    } else {
        stem
    })
}
/// A bound on the combinations of alternatives tried against the term index.
const MAX_COMBINATIONS: usize = 16;

/// The entries a slot matches, from the strongest evidence to the weakest. A set borrowed
/// from the index (a frequent word's) is not copied.
pub(super) struct SlotSets<'a> {
    pub title: Cow<'a, Bitset>,
    pub typed: Cow<'a, Bitset>,
    /// None when it is `typed` (no prefix reading or expansion adds to it).
    all: Option<Bitset>,
}

impl SlotSets<'_> {
    pub fn all(&self) -> &Bitset {
        self.all.as_ref().unwrap_or(&self.typed)
    }
}

#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// The query words this slot covers.
    pub tokens: Vec<String>,
    /// Shorthand expansions: each a group of words that must all match.
    pub groups: Vec<Vec<String>>,
    /// Vocabulary words one edit away (word, id), when the typed word begins none.
    pub corrections: Vec<(String, u32)>,
}

impl CodeIndex {
    /// The slots of a query's words.
    pub(super) fn slots(&self, tokens: &[String]) -> Vec<Slot> {
        let mut out: Vec<Slot> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let longest = (2..=MAX_SHORTHAND_WORDS.min(tokens.len() - i))
                .rev()
                .find_map(|n| {
                    let phrase = tokens[i..i + n].join(" ");
                    self.synonyms.get(phrase.as_str()).map(|g| (n, g))
                });
            if let Some((n, groups)) = longest {
                out.push(Slot {
                    tokens: tokens[i..i + n].to_vec(),
                    groups: groups.clone(),
                    corrections: Vec::new(),
                });
                i += n;
                continue;
            }
            let t = &tokens[i];
            let groups = self.synonyms.get(t.as_str()).cloned().unwrap_or_default();
            let typo = groups.is_empty()
                && t.chars().count() >= MIN_TYPO_LEN
                && !t.chars().any(|c| c.is_ascii_digit())
                && !self.has_prefix(t);
            let corrections = if typo {
                corrections(t, &self.word_ids, |id| self.postings[id as usize].len())
            } else {
                Vec::new()
            };
            out.push(Slot {
                tokens: vec![t.clone()],
                groups,
                corrections,
            });
            i += 1;
        }
        let joining =
            |s: &Slot| s.tokens.len() == 1 && s.groups.is_empty() && is_stop(&s.tokens[0]);
        if out.iter().any(|s| !joining(s)) {
            out.retain(|s| !joining(s));
        }
        out
    }

    /// Whether some word of the tables begins with `prefix`.
    fn has_prefix(&self, prefix: &str) -> bool {
        let i = self.vocab.partition_point(|w| w.as_ref() < prefix);
        self.vocab.get(i).is_some_and(|w| w.starts_with(prefix))
    }

    /// A slot's entries: those whose title has every word of it as typed (a word under four
    /// letters must be a whole word; a plural may be singular; a corrected word counts as
    /// typed), those that have them in their title or index phrases, and those matching it
    /// at all (also by a prefix of a short word, or by an expansion).
    pub(super) fn slot_sets(&self, slot: &Slot) -> SlotSets<'_> {
        let mut title: Option<Cow<'_, Bitset>> = None;
        let mut typed: Option<Cow<'_, Bitset>> = None;
        for t in &slot.tokens {
            let (in_title, mut any) = self.typed_sets(t);
            any.or_with(&in_title);
            title = Some(match title {
                None => in_title,
                Some(mut sofar) => {
                    sofar.to_mut().and_with(&in_title);
                    sofar
                }
            });
            typed = Some(match typed {
                None => Cow::Owned(any),
                Some(mut sofar) => {
                    sofar.to_mut().and_with(&any);
                    sofar
                }
            });
        }
        let mut title = title.unwrap_or_else(|| Cow::Owned(Bitset::new(self.len())));
        let mut typed = typed.unwrap_or_else(|| Cow::Owned(Bitset::new(self.len())));
        for (_, id) in &slot.corrections {
            let (in_title, in_phrase) = self.word_sets(*id);
            title.to_mut().or_with(&in_title);
            let typed = typed.to_mut();
            typed.or_with(&in_title);
            typed.or_with(&in_phrase);
        }
        let mut all: Option<Bitset> = None;
        let mut widen = |extra: &Bitset| {
            all.get_or_insert_with(|| typed.as_ref().clone())
                .or_with(extra)
        };
        match slot.tokens.as_slice() {
            [one] if one.chars().count() < LITERAL_PREFIX => widen(&self.prefix_set(one)),
            [_] => {}
            many => {
                let mut each: Option<Bitset> = None;
                for t in many {
                    let mut one = self.prefix_set(t);
                    for g in self.synonyms.get(t.as_str()).into_iter().flatten() {
                        one.or_with(&self.group_set(g));
                    }
                    match &mut each {
                        None => each = Some(one),
                        Some(sofar) => sofar.and_with(&one),
                    }
                }
                if let Some(each) = each {
                    widen(&each);
                }
            }
        }
        for g in &slot.groups {
            widen(&self.group_set(g));
        }
        SlotSets { title, typed, all }
    }

    /// The entries with a word the typed word begins (a whole word if it is shorter than
    /// LITERAL_PREFIX), or its singular: in their title, and only in their index phrases.
    /// A singular begins its plural, so its entries are all of them.
    fn typed_sets(&self, token: &str) -> (Cow<'_, Bitset>, Bitset) {
        if let Some(one) = singular(token) {
            let (title, phrase) = self.prefix_sets(one);
            return (Cow::Owned(title), phrase);
        }
        if token.chars().count() >= LITERAL_PREFIX {
            let (title, phrase) = self.prefix_sets(token);
            return (Cow::Owned(title), phrase);
        }
        match self.word_ids.get(token) {
            Some(&id) => self.word_sets(id),
            None => (Cow::Owned(Bitset::new(self.len())), Bitset::new(self.len())),
        }
    }

    /// The entries that have a word of the vocabulary: in their title, and only in their
    /// index phrases.
    fn word_sets(&self, id: u32) -> (Cow<'_, Bitset>, Bitset) {
        let i = id as usize;
        let title = match &self.dense[i] {
            Some(bits) => Cow::Borrowed(bits),
            None => {
                let mut set = Bitset::new(self.len());
                self.postings[i].iter().for_each(|&e| set.insert(e));
                Cow::Owned(set)
            }
        };
        let mut phrase = Bitset::new(self.len());
        self.phrase_postings[i]
            .iter()
            .for_each(|&e| phrase.insert(e));
        (title, phrase)
    }

    /// The range of vocabulary ids of the words a typed word stands for as a head word:
    /// the words it begins (or the word itself if it is shorter than LITERAL_PREFIX).
    pub(super) fn head_range(&self, token: &str) -> std::ops::Range<u32> {
        if token.chars().count() < LITERAL_PREFIX {
            return match self.word_ids.get(token) {
                Some(&id) => id..id + 1,
                None => 0..0,
            };
        }
        let lo = self.vocab.partition_point(|w| w.as_ref() < token);
        let hi = lo + self.vocab[lo..].partition_point(|w| w.starts_with(token));
        lo as u32..hi as u32
    }

    fn group_set(&self, group: &[String]) -> Bitset {
        let mut sets = group.iter().map(|w| self.prefix_set(w));
        let mut g = sets.next().unwrap_or_else(|| Bitset::full(self.len()));
        sets.for_each(|s| g.and_with(&s));
        g
    }
}

/// The combinations of whole words a query can stand for (each slot read as typed, as one
/// of its expansions, or as a correction), joining words left out; at most
/// MAX_COMBINATIONS.
pub(super) fn combinations(slots: &[Slot]) -> Vec<Vec<String>> {
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for s in slots {
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        if s.corrections.is_empty() {
            alternatives.push(s.tokens.clone());
            if let [one] = s.tokens.as_slice()
                && let Some(stem) = singular(one)
            {
                alternatives.push(vec![stem.to_owned()]);
            }
        }
        alternatives.extend(s.groups.iter().cloned());
        alternatives.extend(s.corrections.iter().map(|(w, _)| vec![w.clone()]));
        let mut next = Vec::new();
        for c in &combos {
            for a in &alternatives {
                if next.len() == MAX_COMBINATIONS {
                    break;
                }
                let mut words = c.clone();
                words.extend(a.iter().filter(|w| !is_stop(w)).cloned());
                next.push(words);
            }
        }
        combos = next;
    }
    combos.retain(|c| !c.is_empty());
    combos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_their_singulars() {
        let cases = [
            ("shoes", Some("shoe")),
            ("crutches", Some("crutch")),
            ("lancets", Some("lancet")),
            ("boxes", Some("box")),
            ("gallstones", Some("gallstone")),
            ("abscess", None),
            ("herpes", Some("herpe")),
            ("status", None),
            ("legs", None),
        ];
        for (plural, want) in cases {
            assert_eq!(singular(plural), want, "{plural}");
        }
    }
}
