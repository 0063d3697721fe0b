//! The NCCI tables the payer applies, in memory: procedure-to-procedure pairs and medically
//! unlikely edits (both small teaching tables; a licensed full file loads the same way).

use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtpEdit {
    pub column1: String,
    pub column2: String,
    /// 0: never together; 1: allowed with a qualifying modifier; 9: not applied.
    pub indicator: u8,
    pub effective: NaiveDate,
    pub deletion: Option<NaiveDate>,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MueEdit {
    pub code: String,
    pub mue: u32,
    /// 1: per line; 2: per day, absolute; 3: per day, clinical.
    pub mai: u8,
    pub effective: NaiveDate,
    pub rationale: String,
}

/// The practitioner-setting NCCI edits, indexed for the adjudicator.
#[derive(Debug, Clone, Default)]
pub struct Ncci {
    ptp: HashMap<(String, String), Vec<PtpEdit>>,
    mue: HashMap<String, Vec<MueEdit>>,
}

impl Ncci {
    pub fn new(ptp: Vec<PtpEdit>, mue: Vec<MueEdit>) -> Self {
        let mut n = Ncci::default();
        for e in ptp {
            n.ptp
                .entry((e.column1.clone(), e.column2.clone()))
                .or_default()
                .push(e);
        }
        for e in mue {
            n.mue.entry(e.code.clone()).or_default().push(e);
        }
        for v in n.mue.values_mut() {
            v.sort_by_key(|e| e.effective);
        }
        n
    }

    /// The pair edit in force on `date` with `column1` and `column2`, if any.
    pub fn pair(&self, column1: &str, column2: &str, date: NaiveDate) -> Option<&PtpEdit> {
        self.ptp
            .get(&(column1.to_owned(), column2.to_owned()))?
            .iter()
            .find(|e| e.effective <= date && e.deletion.is_none_or(|d| date <= d))
    }

    /// The MUE in force on `date` for `code`, if any (the latest effective one).
    pub fn mue(&self, code: &str, date: NaiveDate) -> Option<&MueEdit> {
        self.mue
            .get(code)?
            .iter()
            .rev()
            .find(|e| e.effective <= date)
    }

    pub fn pair_count(&self) -> usize {
        self.ptp.values().map(Vec::len).sum()
    }
}

/// Modifiers that let an indicator-1 pair through (NCCI Policy Manual ch. I, E.1).
pub const PTP_BYPASS: &[&str] = &[
    "59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79", "91", "E1", "E2", "E3", "E4",
    "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5",
    "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "LM", "RC", "RI",
];
