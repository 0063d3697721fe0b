//! Ranked search over every code system: the exact code first, then codes that begin with
//! the query, then descriptions in which every query word begins a word (fewer extra words,
//! billable and shorter first). Shorthand (`lap`, `htn`) also matches its expansions.

use super::bitset::Bitset;
use super::index::{CodeIndex, SHORT_PREFIX, words};
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
    Description,
}

#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub record: &'a CodeRecord,
    pub kind: MatchKind,
}

#[derive(Debug)]
pub struct SearchResult<'a> {
    pub hits: Vec<Hit<'a>>,
    pub total: usize,
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
struct Page<'a> {
    hits: Vec<Hit<'a>>,
    total: usize,
    offset: usize,
    limit: usize,
}

impl<'a> Page<'a> {
    /// Whether a further hit would still be shown.
    fn wants_more(&self) -> bool {
        self.total >= self.offset && self.hits.len() < self.limit
    }

    /// Counts `n` matches that are not shown.
    fn skip(&mut self, n: usize) {
        self.total += n;
    }

    fn push(&mut self, record: &'a CodeRecord, kind: MatchKind) {
        if self.total >= self.offset && self.hits.len() < self.limit {
            self.hits.push(Hit { record, kind });
        }
        self.total += 1;
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
        let day = q.as_of.num_days_from_ce();
        let keep = |id: u32| {
            self.valid_on_day(id, day) && (!q.billable_only || self.billable_set.contains(id))
        };
        let mut page = Page {
            hits: Vec::new(),
            total: 0,
            offset: q.offset,
            limit: q.limit,
        };
        // A query that can be a code: one token, letters and digits (dots and spaces aside).
        let code_query: Option<String> = (tokens.len() == 1 || !q.text.trim().contains(' '))
            .then(|| {
                q.text
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_uppercase()
            })
            .filter(|c| !c.is_empty() && c.len() <= 8);
        // A dot after the third character is ICD-10-CM's: no other system has dotted codes.
        let code_systems: Vec<System> = if q.text.trim().find('.') == Some(3) {
            systems
                .iter()
                .copied()
                .filter(|s| *s == System::Icd10Cm)
                .collect()
        } else {
            systems.clone()
        };
        // Entries the code phase matched, kept out of the description phase.
        let mut code_matched = Bitset::new(self.len());
        if let Some(cq) = &code_query {
            let mut exact = Vec::new();
            // Only the first `window` prefix matches by (length, code) are ever shown. The
            // lists are in code order, so a bucket per length keeps each length in code order.
            let window = q.offset.saturating_add(q.limit);
            let mut by_len: Vec<Vec<u32>> = vec![Vec::new(); 9];
            let mut prefixed = 0usize;
            for &s in &code_systems {
                let list = &self.sorted_codes[s.index()];
                let start = list.partition_point(|(c, _)| c.as_ref() < cq.as_str());
                for (c, id) in &list[start..] {
                    if !c.starts_with(cq.as_str()) {
                        break;
                    }
                    code_matched.insert(*id);
                    if !keep(*id) {
                        continue;
                    }
                    if c.len() == cq.len() {
                        exact.push(*id);
                    } else {
                        prefixed += 1;
                        let bucket = &mut by_len[c.len().min(8)];
                        // Each system contributes its own first `window` of this length.
                        if bucket.len() < window.saturating_mul(code_systems.len()) {
                            bucket.push(*id);
                        }
                    }
                }
            }
            for id in exact {
                page.push(self.entry(id), MatchKind::ExactCode);
            }
            // Across systems a length bucket may interleave: order each bucket by code.
            let mut shown = 0usize;
            for bucket in &mut by_len {
                bucket.sort_by(|a, b| self.entry(*a).code.cmp(&self.entry(*b).code));
                for &id in bucket.iter() {
                    if shown == window {
                        break;
                    }
                    page.push(self.entry(id), MatchKind::CodePrefix);
                    shown += 1;
                }
            }
            page.skip(prefixed - shown);
        }

        let mut set = self.words_set(&tokens);
        if !q.systems.is_empty() {
            let mut mask = Bitset::new(self.len());
            for s in &systems {
                mask.or_with(&self.system_sets[s.index()]);
            }
            set.and_with(&mask);
        }
        set.and_not(&code_matched);
        if q.billable_only {
            set.and_with(&self.billable_set);
        }
        for id in set.iter() {
            if !self.valid_on_day(id, day) {
                continue;
            }
            if page.wants_more() {
                page.push(self.entry(id), MatchKind::Description);
            } else {
                page.skip(1);
            }
        }
        Ok(SearchResult {
            hits: page.hits,
            total: page.total,
        })
    }

    /// Entries in which every token begins a word (or the token's shorthand expansion matches).
    fn words_set(&self, tokens: &[String]) -> Bitset {
        let mut acc: Option<Bitset> = None;
        for t in tokens {
            let mut set = self.prefix_set(t);
            if let Some(groups) = self.synonyms.get(t.as_str()) {
                for group in groups {
                    let mut g = Bitset::full(self.len());
                    for w in group {
                        g.and_with(&self.prefix_set(w));
                    }
                    set.or_with(&g);
                }
            }
            match &mut acc {
                None => acc = Some(set),
                Some(a) => a.and_with(&set),
            }
        }
        acc.unwrap_or_else(|| Bitset::new(self.len()))
    }

    /// Entries with a word that begins with `prefix`.
    fn prefix_set(&self, prefix: &str) -> Bitset {
        if prefix.chars().count() <= SHORT_PREFIX {
            return self
                .short_prefix
                .get(prefix)
                .cloned()
                .unwrap_or_else(|| Bitset::new(self.len()));
        }
        let mut set = Bitset::new(self.len());
        let start = self.vocab.partition_point(|w| w.as_ref() < prefix);
        let words = self.vocab[start..].iter().zip(&self.postings[start..]);
        for ((w, ids), dense) in words.zip(&self.dense[start..]) {
            if !w.starts_with(prefix) {
                break;
            }
            match dense {
                Some(bits) => set.or_with(bits),
                None => ids.iter().for_each(|&i| set.insert(i)),
            }
        }
        set
    }
}
