//! A/R aging: open balances by how long ago they were billed, in the usual buckets.

use chrono::NaiveDate;
use serde::Serialize;

pub const BUCKETS: [&str; 5] = ["0-30", "31-60", "61-90", "91-120", "120+"];

/// The bucket of a balance billed `billed` as of `as_of`.
pub fn bucket(billed: NaiveDate, as_of: NaiveDate) -> usize {
    match (as_of - billed).num_days() {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        91..=120 => 3,
        _ => 4,
    }
}

/// Totals per bucket for one row (a payer, a patient, or everything).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgingRow {
    pub label: String,
    pub buckets: [i64; 5],
    pub total: i64,
}

impl AgingRow {
    pub fn add(&mut self, b: usize, cents: i64) {
        self.buckets[b] += cents;
        self.total += cents;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn buckets_by_days_since_billing() {
        let as_of = d("2026-06-30");
        for (billed, want) in [
            ("2026-06-30", 0),
            ("2026-05-31", 0),
            ("2026-05-30", 1),
            ("2026-05-01", 1),
            ("2026-04-30", 2),
            ("2026-04-01", 2),
            ("2026-03-31", 3),
            ("2026-03-02", 3),
            ("2026-03-01", 4),
            ("2025-01-01", 4),
        ] {
            assert_eq!(bucket(d(billed), as_of), want, "{billed}");
        }
    }
}
