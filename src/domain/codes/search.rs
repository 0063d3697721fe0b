//! Ranked search over every code system, in tiers: the exact code and the codes that begin
//! with the query; for a code no longer valid on the date, the codes that replaced it; the
//! phrases the query names (an official title, an inclusion term, a note's phrase, or a
//! category's main term, which leads to the category's default code); then every code in
//! whose words each query word begins a word, billable codes first and, among them, the
//! titles that add the fewest specific words. Shorthand (`lap`, `htn`, `strep throat`) and
//! one-edit typos (`pnuemonia`) widen the words; each hit says how it matched.

use super::bitset::Bitset;
use super::index::{CodeIndex, SHORT_PREFIX, words};
use super::terms::TermKind;
use super::word_tier::WordQuery;
use super::{CodeRecord, System};
use chrono::{Datelike, NaiveDate};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most words a query may have.
pub const MAX_QUERY_WORDS: usize = 12;

#[derive(Debug, Clone)]
pub struct SearchQuery<'a> {
    pub text: &'a str,
    /// Empty means every system.
    pub systems: &'a [System],
    pub as_of: NaiveDate,
    pub billable_only: bool,
    pub offset: usize,
    pub limit: usize,
}

/// How a result matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    ExactCode,
    CodePrefix,
    /// Replaces the code queried, which is no longer valid on the date.
    Replacement,
    /// The query names the code's official title (its essential words).
    Title,
    /// The query names one of the code's inclusion terms.
    InclusionTerm,
    /// The query names a phrase of a note that says this code is where it goes.
    NotePhrase,
    /// The query names an Includes note of the code.
    IncludesNote,
    /// The query names a category (its title or an Includes note); this is its default code.
    CategoryDefault,
    /// Every query word begins a word of the code's title or index phrases.
    Description,
    /// Every query word but one begins a word of the code's title or index phrases (shown
    /// only when the codes with every word are too few).
    SomeWords,
}

impl From<TermKind> for MatchKind {
    fn from(k: TermKind) -> Self {
        match k {
            TermKind::Title => MatchKind::Title,
            TermKind::InclusionTerm => MatchKind::InclusionTerm,
            TermKind::NotePhrase => MatchKind::NotePhrase,
            TermKind::IncludesNote => MatchKind::IncludesNote,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub record: &'a CodeRecord,
    pub kind: MatchKind,
    /// The phrase that matched, when it is not the code's own title.
    pub term: Option<&'a str>,
    /// The code that phrase belongs to, when another: the category of a default code, or
    /// the code a replacement replaces.
    pub via: Option<&'a str>,
    /// True when the hit rests on a corrected word (see `SearchResult::corrections`).
    pub corrected: bool,
}

#[derive(Debug)]
pub struct SearchResult<'a> {
    pub hits: Vec<Hit<'a>>,
    pub total: usize,
    /// Query words read as another word one edit away: (typed, read as).
    pub corrections: Vec<(String, String)>,
}

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    Empty,
    TooLong(usize),
    TooManyWords(usize),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Empty => write!(f, "must contain a letter or a digit"),
            SearchError::TooLong(n) => write!(
                f,
                "is {n} characters long; at most {MAX_QUERY_CHARS} are searched"
            ),
            SearchError::TooManyWords(n) => {
                write!(f, "has {n} words; at most {MAX_QUERY_WORDS} are searched")
            }
        }
    }
}

/// Collects the requested window of hits while counting them all.
pub(super) struct Page<'a> {
    pub hits: Vec<Hit<'a>>,
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
}

impl<'a> Page<'a> {
    /// Whether a further hit would still be shown.
    pub fn wants_more(&self) -> bool {
        self.total >= self.offset && self.hits.len() < self.limit
    }

    /// Whether the page has every hit it shows.
    pub fn is_full(&self) -> bool {
        self.hits.len() >= self.limit
    }

    /// Counts `n` matches that are not shown.
    pub fn skip(&mut self, n: usize) {
        self.total += n;
    }

    pub fn push(&mut self, hit: Hit<'a>) {
        if self.wants_more() {
            self.hits.push(hit);
        }
        self.total += 1;
    }
}

pub(super) fn hit(record: &CodeRecord, kind: MatchKind) -> Hit<'_> {
    Hit {
        record,
        kind,
        term: None,
        via: None,
        corrected: false,
    }
}

impl CodeIndex {
    pub fn search(&self, q: &SearchQuery<'_>) -> Result<SearchResult<'_>, SearchError> {
        let chars = q.text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong(chars));
        }
        let tokens: Vec<String> = words(q.text).collect();
        if tokens.is_empty() {
            return Err(SearchError::Empty);
        }
        if tokens.len() > MAX_QUERY_WORDS {
            return Err(SearchError::TooManyWords(tokens.len()));
        }
        let systems: Vec<System> = if q.systems.is_empty() {
            System::ALL.to_vec()
        } else {
            q.systems.to_vec()
        };
        let mut page = Page {
            hits: Vec::new(),
            total: 0,
            offset: q.offset,
            limit: q.limit,
        };
        // Entries already listed, kept out of later tiers.
        let mut listed = Bitset::new(self.len());
        self.code_tier(q, &tokens, &systems, &mut page, &mut listed);
        // A query read as a code (`I42.0`) is not also a bag of words missing one.
        let read_as_code = page.total > 0;

        let slots = self.slots(&tokens);
        let corrections: Vec<(String, String)> = slots
            .iter()
            .flat_map(|s| {
                s.corrections
                    .iter()
                    .map(|(w, _)| (s.tokens[0].clone(), w.clone()))
            })
            .collect();
        let corrected = !corrections.is_empty();
        for mut h in self.term_tier(q, &slots, &systems, &listed) {
            if let Some(id) = self.lookup_id(h.record.system, &h.record.code, q.as_of) {
                listed.insert(id);
            }
            h.corrected = corrected;
            page.push(h);
        }

        let words = WordQuery {
            q,
            slots: &slots,
            listed: &listed,
            read_as_code,
            corrected,
        };
        self.word_tier(&words, &mut page);
        Ok(SearchResult {
            hits: page.hits,
            total: page.total,
            corrections,
        })
    }

    /// The entry id of the version of a code valid on a date.
    pub(super) fn lookup_id(&self, system: System, code: &str, date: NaiveDate) -> Option<u32> {
        let day = date.num_days_from_ce();
        self.ids_of(system, code)
            .iter()
            .copied()
            .find(|&id| self.valid_on_day(id, day))
    }

    /// Entries with a word that begins with `prefix`, in their title or index phrases.
    pub(super) fn prefix_set(&self, prefix: &str) -> Bitset {
        let (mut title, phrase) = self.prefix_sets(prefix);
        title.or_with(&phrase);
        title
    }

    /// Entries with a word that begins with `prefix`: in their title, and only in their index
    /// phrases (prefixes of SHORT_PREFIX characters or fewer: titles only).
    pub(super) fn prefix_sets(&self, prefix: &str) -> (Bitset, Bitset) {
        let mut phrase = Bitset::new(self.len());
        if prefix.chars().count() <= SHORT_PREFIX {
            let title = self
                .short_prefix
                .get(prefix)
                .cloned()
                .unwrap_or_else(|| Bitset::new(self.len()));
            return (title, phrase);
        }
        // Begun as a copy of the first frequent word's bitset (one pass instead of a zeroed
        // allocation and an OR).
        let mut title: Option<Bitset> = None;
        let start = self.vocab.partition_point(|w| w.as_ref() < prefix);
        for i in start..self.vocab.len() {
            if !self.vocab[i].starts_with(prefix) {
                break;
            }
            match (&self.dense[i], &mut title) {
                (Some(bits), None) => title = Some(bits.clone()),
                (Some(bits), Some(t)) => t.or_with(bits),
                (None, t) => {
                    let t = t.get_or_insert_with(|| Bitset::new(self.len()));
                    self.postings[i].iter().for_each(|&e| t.insert(e));
                }
            }
            self.phrase_postings[i]
                .iter()
                .for_each(|&e| phrase.insert(e));
        }
        (title.unwrap_or_else(|| Bitset::new(self.len())), phrase)
    }
}
