//! Drawing a form from the bank: for each section of the blueprint, `count` items chosen at
//! random (seeded, so an attempt can be re-drawn identically) among those tagged for the exam.

use super::Blueprint;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// An item as the draw sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i32,
    pub section: String,
    pub exams: Vec<String>,
}

/// A section whose bank is too small for its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub section: String,
    pub wanted: u32,
    pub available: usize,
}

/// The item ids of one form, section by section in blueprint order.
pub fn assemble(bp: &Blueprint, bank: &[Candidate], seed: u64) -> Result<Vec<i32>, Vec<Shortfall>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(bp.total() as usize);
    let mut short = Vec::new();
    for s in &bp.sections {
        let mut pool: Vec<i32> = bank
            .iter()
            .filter(|c| c.section == s.section && c.exams.contains(&bp.exam))
            .map(|c| c.id)
            .collect();
        pool.sort_unstable();
        if pool.len() < s.count as usize {
            short.push(Shortfall {
                section: s.section.clone(),
                wanted: s.count,
                available: pool.len(),
            });
            continue;
        }
        pool.shuffle(&mut rng);
        out.extend(pool.into_iter().take(s.count as usize));
    }
    if short.is_empty() {
        Ok(out)
    } else {
        Err(short)
    }
}

#[cfg(test)]
mod tests {
    use super::super::SectionCount;
    use super::*;

    fn bank() -> Vec<Candidate> {
        let mut v = Vec::new();
        for i in 0..30 {
            let section = if i < 10 {
                "EM"
            } else if i < 25 {
                "RADIOLOGY"
            } else {
                "CCS_DX"
            };
            let exams = if i >= 25 {
                vec!["CCS".to_owned()]
            } else {
                vec!["CPC".to_owned()]
            };
            v.push(Candidate {
                id: i,
                section: section.into(),
                exams,
            });
        }
        v
    }

    fn bp(em: u32, rad: u32) -> Blueprint {
        Blueprint {
            exam: "CPC".into(),
            sections: vec![
                SectionCount {
                    section: "EM".into(),
                    count: em,
                },
                SectionCount {
                    section: "RADIOLOGY".into(),
                    count: rad,
                },
            ],
        }
    }

    #[test]
    fn draws_the_count_of_each_section_without_repeats() {
        let bank = bank();
        let ids = assemble(&bp(6, 9), &bank, 7).unwrap();
        assert_eq!(ids.len(), 15);
        assert_eq!(ids.iter().filter(|i| **i < 10).count(), 6);
        assert_eq!(ids.iter().filter(|i| (10..25).contains(*i)).count(), 9);
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 15);
        // The same seed draws the same form; other seeds draw others.
        assert_eq!(assemble(&bp(6, 9), &bank, 7).unwrap(), ids);
        assert!((0..20).any(|s| assemble(&bp(6, 9), &bank, s).unwrap() != ids));
    }

    #[test]
    fn a_short_bank_says_which_section() {
        let err = assemble(&bp(11, 2), &bank(), 1).unwrap_err();
        assert_eq!(
            err,
            vec![Shortfall {
                section: "EM".into(),
                wanted: 11,
                available: 10
            }]
        );
        // Items of another exam never count.
        let ccs = Blueprint {
            exam: "CPC".into(),
            sections: vec![SectionCount {
                section: "CCS_DX".into(),
                count: 1,
            }],
        };
        assert!(assemble(&ccs, &bank(), 1).is_err());
    }
}
