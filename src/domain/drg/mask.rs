//! The claim's attribute set: every attribute its codes carry (under the prefixes the formulas
//! ask for), the claim-level attributes the grouper derives (alive, transferred, two or more
//! significant trauma sites, four or more stents, …), and for each the MDCs in which it does
//! not count (the procedures of a recognised combination are not counted again on their own
//! in the MDCs the combination names).

use super::formula::{Prefix, key_of};

/// Which code (or the claim itself) brought an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Pdx,
    Sdx(usize),
    Procedure(usize),
    Cluster(usize),
    Claim,
}

#[derive(Debug, Default)]
pub struct Mask {
    /// (key, MDCs in which it does not count), sorted by key, one entry per key.
    entries: Vec<(u32, u32)>,
    sources: Vec<(u32, Source)>,
}

#[derive(Debug, Default)]
pub struct MaskBuilder {
    raw: Vec<(u32, u32)>,
    sources: Vec<(u32, Source)>,
}

impl MaskBuilder {
    pub fn add(&mut self, prefix: Prefix, attr: u16, suppress: u32, source: Source) {
        let k = key_of(prefix, attr);
        self.raw.push((k, suppress));
        self.sources.push((k, source));
        if prefix != Prefix::Any {
            self.raw.push((key_of(Prefix::Any, attr), suppress));
            self.sources.push((key_of(Prefix::Any, attr), source));
        }
    }

    pub fn finish(mut self) -> Mask {
        self.raw.sort_unstable_by_key(|e| e.0);
        let mut entries: Vec<(u32, u32)> = Vec::with_capacity(self.raw.len());
        for (k, s) in self.raw {
            match entries.last_mut() {
                // Present in MDC n unless every code that brought it is suppressed there.
                Some(last) if last.0 == k => last.1 &= s,
                _ => entries.push((k, s)),
            }
        }
        Mask {
            entries,
            sources: self.sources,
        }
    }
}

impl Mask {
    pub fn has(&self, key: u32, mdc: u8) -> bool {
        match self.entries.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => mdc >= 32 || self.entries[i].1 & (1 << mdc) == 0,
            Err(_) => false,
        }
    }

    pub fn sources(&self, key: u32) -> impl Iterator<Item = Source> + '_ {
        self.sources
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}
