//! A fixed-size set of small integers: the search index's posting sets.

/// Bits over `0..len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    pub fn new(len: usize) -> Self {
        Bitset {
            words: vec![0; len.div_ceil(64)],
        }
    }

    pub fn full(len: usize) -> Self {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let Some(last) = words.last_mut().filter(|_| !len.is_multiple_of(64)) {
            *last = (1u64 << (len % 64)) - 1;
        }
        Bitset { words }
    }

    /// A set over `0..len` whose 64-bit words are given (bits beyond `len` must be clear).
    pub fn from_words(words: Vec<u64>) -> Self {
        Bitset { words }
    }

    /// The 64-bit words: member `i` is bit `i % 64` of word `i / 64`.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    pub fn insert(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub fn contains(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn and_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn or_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Removes the members of `other`.
    pub fn and_not(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(wi, &w)| word_members(wi, w))
    }
}

/// The members a 64-bit word holds when it is word `wi` of a set, in increasing order.
pub fn word_members(wi: usize, word: u64) -> impl Iterator<Item = u32> {
    let mut bits = word;
    std::iter::from_fn(move || {
        if bits == 0 {
            return None;
        }
        let t = bits.trailing_zeros();
        bits &= bits - 1;
        Some(wi as u32 * 64 + t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = Bitset::new(200);
        let mut b = Bitset::new(200);
        for i in [0, 5, 64, 130, 199] {
            a.insert(i);
        }
        for i in [5, 130, 150] {
            b.insert(i);
        }
        let mut and = a.clone();
        and.and_with(&b);
        assert_eq!(and.iter().collect::<Vec<_>>(), vec![5, 130]);
        a.or_with(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 5, 64, 130, 150, 199]);
        assert!(a.contains(199) && !a.contains(198) && !a.contains(10_000));
        assert!(Bitset::new(10).is_empty());
        assert_eq!(Bitset::full(70).iter().count(), 70);
        assert_eq!(Bitset::full(70).words(), &[u64::MAX, 0b11_1111]);
        let words = Bitset::from_words(vec![0b101, 1]);
        assert_eq!(words.iter().collect::<Vec<_>>(), vec![0, 2, 64]);
    }
}
