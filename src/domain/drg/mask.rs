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
    /// Bit per key (prefix × attributes + attribute): the claim has it.
    present: Vec<u64>,
    /// Bit per key: some MDC does not count it (look in `entries`).
    limited: Vec<u64>,
    /// (key, MDCs in which it does not count) for the limited keys, sorted by key.
    entries: Vec<(u32, u32)>,
    attrs: usize,
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

    /// The attribute set, for `attrs` attribute names.
    pub fn finish(self, attrs: usize) -> Mask {
        let words = (4 * attrs).div_ceil(64);
        let mut m = Mask {
            present: vec![0; words],
            limited: vec![0; words],
            entries: Vec::new(),
            attrs,
            sources: self.sources,
        };
        let mut limited: Vec<(u32, u32)> = Vec::new();
        for (k, s) in self.raw {
            let i = m.index(k);
            if m.present[i / 64] & 1 << (i % 64) == 0 {
                m.present[i / 64] |= 1 << (i % 64);
                if s != 0 {
                    limited.push((k, s));
                }
            } else if let Some(e) = limited.iter_mut().find(|e| e.0 == k) {
                // Present in MDC n unless every code that brought it is suppressed there.
                e.1 &= s;
            }
            // A key first brought without suppression counts in every MDC.
        }
        limited.retain(|e| e.1 != 0);
        limited.sort_unstable_by_key(|e| e.0);
        for (k, _) in &limited {
            let i = m.index(*k);
            m.limited[i / 64] |= 1 << (i % 64);
        }
        m.entries = limited;
        m
    }
}

impl Mask {
    fn index(&self, key: u32) -> usize {
        (key >> 16) as usize * self.attrs + (key & 0xffff) as usize
    }

    pub fn has(&self, key: u32, mdc: u8) -> bool {
        let i = self.index(key);
        if self
            .present
            .get(i / 64)
            .is_none_or(|w| w & 1 << (i % 64) == 0)
        {
            return false;
        }
        if self.limited[i / 64] & 1 << (i % 64) == 0 || mdc >= 32 {
            return true;
        }
        match self.entries.binary_search_by_key(&key, |e| e.0) {
            Ok(e) => self.entries[e].1 & (1 << mdc) == 0,
            Err(_) => true,
        }
    }

    pub fn sources(&self, key: u32) -> impl Iterator<Item = Source> + '_ {
        self.sources
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, s)| *s)
    }
}
