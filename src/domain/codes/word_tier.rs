//! The words tier of a search: the codes in whose words each query word begins a word, in
//! three bands (the words in the title as typed, then in the title or the index phrases,
//! then through shorthand or a prefix of a short word), within each the codes whose title
//! begins with one of the query's words first; and, when those are too few, the codes that
//! have every word but one. The bands are computed word by word of the bitsets in one pass,
//! so a query touches each posting set once and copies none.

use super::bitset::{Bitset, word_members};
use super::index::CodeIndex;
use super::phrases::is_stop;
use super::query::{Slot, SlotSets};
use super::search::{MatchKind, Page, SearchQuery, hit};
use chrono::Datelike;
use std::ops::Range;

/// What a query's words tier works from.
pub(super) struct WordQuery<'s, 'q> {
    pub q: &'s SearchQuery<'q>,
    pub slots: &'s [Slot],
    /// Entries already listed by an earlier tier, kept out.
    pub listed: &'s Bitset,
    /// A query read as a code (`I42.0`) is not also a bag of words missing one.
    pub read_as_code: bool,
    pub corrected: bool,
}

/// The entries a filter keeps, one 64-bit word at a time: not listed, in the systems asked
/// for, billable if asked.
struct Keep<'a> {
    listed: &'a [u64],
    systems: Option<Bitset>,
    billable: Option<&'a [u64]>,
    /// The valid bits of the last word.
    tail: u64,
}

impl Keep<'_> {
    fn word(&self, w: usize) -> u64 {
        let mut k = !self.listed[w];
        if w + 1 == self.listed.len() {
            k &= self.tail;
        }
        if let Some(s) = &self.systems {
            k &= s.words()[w];
        }
        if let Some(b) = self.billable {
            k &= b[w];
        }
        k
    }
}

impl CodeIndex {
    pub(super) fn word_tier<'a>(&'a self, wq: &WordQuery<'_, '_>, page: &mut Page<'a>) {
        let q = wq.q;
        let day = q.as_of.num_days_from_ce();
        let n = self.len();
        let keep = Keep {
            listed: wq.listed.words(),
            systems: (!q.systems.is_empty()).then(|| {
                let mut set = Bitset::new(n);
                q.systems
                    .iter()
                    .for_each(|s| set.or_with(&self.system_sets[s.index()]));
                set
            }),
            billable: q.billable_only.then(|| self.billable_set.words()),
            tail: match n % 64 {
                0 => u64::MAX,
                r => (1u64 << r) - 1,
            },
        };
        let sets: Vec<SlotSets<'a>> = wq.slots.iter().map(|s| self.slot_sets(s)).collect();
        let cols: Vec<[&[u64]; 3]> = sets
            .iter()
            .map(|s| [s.title.words(), s.typed.words(), s.all().words()])
            .collect();
        let words = keep.listed.len();
        let mut bands: [Vec<u64>; 3] = std::array::from_fn(|_| Vec::with_capacity(words));
        for w in 0..words {
            // A slot's title entries are among its typed ones, and those among all of them:
            // where no entry has every slot at all, no band has one.
            let mut all = keep.word(w);
            for c in &cols {
                if all == 0 {
                    break;
                }
                all &= c[2][w];
            }
            let (mut title, mut typed) = (all, all);
            if all != 0 {
                for c in &cols {
                    title &= c[0][w];
                    typed &= c[1][w];
                }
            }
            bands[0].push(title);
            bands[1].push(typed & !title);
            bands[2].push(all & !typed);
        }
        let heads: Vec<Range<u32>> = wq
            .slots
            .iter()
            .flat_map(|s| s.tokens.iter())
            .filter(|t| !is_stop(t))
            .map(|t| self.head_range(t))
            .chain(
                wq.slots
                    .iter()
                    .flat_map(|s| s.corrections.iter().map(|(_, id)| *id..*id + 1)),
            )
            .collect();
        let is_head = |id: u32| {
            let h = self.heads[id as usize];
            heads.iter().any(|r| r.contains(&h))
        };
        let window = q.offset.saturating_add(q.limit);
        let push = |page: &mut Page<'a>, id: u32, kind: MatchKind| {
            let mut h = hit(self.entry(id), kind);
            h.corrected = wq.corrected;
            page.push(h);
        };
        for band in &bands {
            // Codes whose title begins with a query word first: the others wait (only as many
            // as could still be shown; the rest are counted).
            let mut later: Vec<u32> = Vec::new();
            let mut later_uncounted = 0usize;
            for (wi, &bits) in band.iter().enumerate() {
                for id in word_members(wi, bits) {
                    if !self.valid_on_day(id, day) {
                        continue;
                    }
                    if page.is_full() {
                        page.skip(1);
                    } else if is_head(id) {
                        push(page, id, MatchKind::Description);
                    } else if later.len() < window {
                        later.push(id);
                    } else {
                        later_uncounted += 1;
                    }
                }
            }
            for id in later {
                push(page, id, MatchKind::Description);
            }
            page.skip(later_uncounted);
        }
        if page.total < window && cols.len() > 1 && !wq.read_as_code {
            self.some_words(&keep, &cols, day, page, &push);
        }
    }

    /// Entries with every word but one, not already shown in the words tier.
    fn some_words<'a>(
        &'a self,
        keep: &Keep<'_>,
        cols: &[[&[u64]; 3]],
        day: i32,
        page: &mut Page<'a>,
        push: &dyn Fn(&mut Page<'a>, u32, MatchKind),
    ) {
        // after[i]: the AND of the sets after slot i.
        let mut after = vec![u64::MAX; cols.len() + 1];
        for w in 0..keep.listed.len() {
            let k = keep.word(w);
            // An entry missing two slots' words is not one word short: where two slots have
            // no entry, there is nothing to list.
            if k == 0 || cols.iter().filter(|c| c[2][w] == 0).nth(1).is_some() {
                continue;
            }
            for i in (0..cols.len()).rev() {
                after[i] = after[i + 1] & cols[i][2][w];
            }
            let mut before = u64::MAX;
            let mut all_but_one = 0u64;
            for (i, c) in cols.iter().enumerate() {
                all_but_one |= before & after[i + 1];
                before &= c[2][w];
            }
            // `before` now has every word: those were listed above.
            let bits = k & all_but_one & !before;
            for id in word_members(w, bits) {
                if !self.valid_on_day(id, day) {
                    continue;
                }
                if page.is_full() {
                    page.skip(1);
                } else {
                    push(page, id, MatchKind::SomeWords);
                }
            }
        }
    }
}
