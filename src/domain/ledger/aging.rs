//! A/R aging: open balances by how long ago they were billed, in the usual buckets. The open
//! balances come from the ledger as of a date, claim by claim, after every payment, adjustment
//! and transfer: a patient's payments not tied to a claim (a copay at the visit, a check) and
//! a claim's patient credit (a share moved to a secondary payer) are applied to that patient's
//! oldest patient balances first, and what no balance takes stays an unapplied credit. So the
//! aging total is always the sum of the ledger's balances.

use super::Bucket;
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

/// One ledger entry of one patient account, as aging reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The claim it belongs to; `None` for a patient's payment or refund on the account.
    pub claim: Option<i32>,
    pub date: NaiveDate,
    pub bucket: Bucket,
    pub amount_cents: i64,
}

/// An open balance of one patient account as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBalance {
    /// The claim; `None` for an unapplied patient credit.
    pub claim: Option<i32>,
    pub bucket: Bucket,
    /// The date it ages from: the claim's first entry (its charge, posted when the payer
    /// received it), or the latest unapplied payment for a credit.
    pub since: NaiveDate,
    pub cents: i64,
}

/// The open balances of ONE patient account (one trainee, one patient) as of `as_of`: each
/// claim's insurance balance; each claim's patient balance after the account's patient
/// credits are applied oldest balance first; the credit left over. Their sum is the sum of
/// the entries dated on or before `as_of`.
pub fn open_balances(entries: &[Posting], as_of: NaiveDate) -> Vec<OpenBalance> {
    // Per claim, in order of first appearance by date: (claim, since, insurance, patient).
    let mut sorted: Vec<&Posting> = entries.iter().filter(|e| e.date <= as_of).collect();
    sorted.sort_by_key(|e| e.date);
    let mut claims: Vec<(i32, NaiveDate, i64, i64)> = Vec::new();
    let mut credit = 0i64;
    let mut credit_date: Option<NaiveDate> = None;
    for e in sorted {
        match e.claim {
            None => {
                credit += e.amount_cents;
                credit_date = Some(credit_date.map_or(e.date, |d| d.max(e.date)));
            }
            Some(id) => {
                let i = match claims.iter().position(|c| c.0 == id) {
                    Some(i) => i,
                    None => {
                        claims.push((id, e.date, 0, 0));
                        claims.len() - 1
                    }
                };
                match e.bucket {
                    Bucket::Insurance => claims[i].2 += e.amount_cents,
                    Bucket::Patient => claims[i].3 += e.amount_cents,
                }
            }
        }
    }
    // A claim's negative patient balance is a credit of the account like a payment.
    for c in claims.iter_mut().filter(|c| c.3 < 0) {
        credit += c.3;
        credit_date = Some(credit_date.map_or(c.1, |d| d.max(c.1)));
        c.3 = 0;
    }
    // Apply the credit to the oldest patient balances first (claims are in date order).
    for c in claims.iter_mut() {
        if credit >= 0 {
            break;
        }
        let take = c.3.min(-credit);
        c.3 -= take;
        credit += take;
    }
    let mut out = Vec::new();
    for (id, since, ins, pat) in claims {
        for (bucket, cents) in [(Bucket::Insurance, ins), (Bucket::Patient, pat)] {
            if cents != 0 {
                out.push(OpenBalance {
                    claim: Some(id),
                    bucket,
                    since,
                    cents,
                });
            }
        }
    }
    if credit != 0 {
        out.push(OpenBalance {
            claim: None,
            bucket: Bucket::Patient,
            since: credit_date.unwrap_or(as_of),
            cents: credit,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

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

    fn p(claim: Option<i32>, date: &str, bucket: Bucket, amount_cents: i64) -> Posting {
        Posting {
            claim,
            date: d(date),
            bucket,
            amount_cents,
        }
    }

    fn patient_open(b: &[OpenBalance]) -> Vec<(Option<i32>, i64)> {
        b.iter()
            .filter(|o| o.bucket == Bucket::Patient)
            .map(|o| (o.claim, o.cents))
            .collect()
    }

    #[test]
    fn a_patient_payment_lowers_the_aged_balance() {
        use Bucket::*;
        // Billed 204.61, the payer leaves it all to the patient, who pays 68.20.
        let e = [
            p(Some(1), "2026-03-02", Insurance, 20_461),
            p(Some(1), "2026-03-16", Insurance, -20_461),
            p(Some(1), "2026-03-16", Patient, 20_461),
            p(None, "2026-04-20", Patient, -6_820),
        ];
        let open = open_balances(&e, d("2026-06-30"));
        assert_eq!(patient_open(&open), vec![(Some(1), 13_641)]);
        // Before the payment, the whole share.
        let open = open_balances(&e, d("2026-04-19"));
        assert_eq!(patient_open(&open), vec![(Some(1), 20_461)]);
    }

    #[test]
    fn a_copay_paid_at_the_visit_leaves_nothing_to_age() {
        use Bucket::*;
        let e = [
            p(None, "2026-03-01", Patient, -400),
            p(Some(1), "2026-03-02", Insurance, 15_000),
            p(Some(1), "2026-03-16", Insurance, -14_600),
            p(Some(1), "2026-03-16", Insurance, -400),
            p(Some(1), "2026-03-16", Patient, 400),
        ];
        assert!(open_balances(&e, d("2026-04-30")).is_empty());
    }

    #[test]
    fn credits_go_to_the_oldest_balance_and_the_rest_stays_unapplied() {
        use Bucket::*;
        let e = [
            p(Some(1), "2026-01-10", Patient, 3_000),
            p(Some(2), "2026-02-10", Patient, 5_000),
            p(None, "2026-03-01", Patient, -4_000),
        ];
        let open = open_balances(&e, d("2026-03-31"));
        assert_eq!(patient_open(&open), vec![(Some(2), 4_000)]);
        let e2 = [e[0].clone(), p(None, "2026-03-01", Patient, -4_000)];
        let open = open_balances(&e2, d("2026-03-31"));
        assert_eq!(patient_open(&open), vec![(None, -1_000)]);
        assert_eq!(open[0].since, d("2026-03-01"));
    }

    /// The property: after any sequence of postings, as of any date, the open balances sum to
    /// the ledger's balances, each bucket separately; no claim carries a negative patient
    /// balance while a credit could still be applied; and aging totals equal their buckets.
    #[test]
    fn open_balances_always_sum_to_the_ledger_balance() {
        let mut rng = StdRng::seed_from_u64(16);
        let start = d("2026-01-01");
        for _ in 0..2_000 {
            let n = rng.random_range(1..30);
            let mut entries = Vec::new();
            for _ in 0..n {
                let claim = if rng.random_bool(0.3) {
                    None
                } else {
                    Some(rng.random_range(1..5))
                };
                let bucket = if claim.is_none() || rng.random_bool(0.5) {
                    Bucket::Patient
                } else {
                    Bucket::Insurance
                };
                let amount = rng.random_range(-30_000..30_000);
                let date = start + chrono::Days::new(rng.random_range(0..200));
                entries.push(Posting {
                    claim,
                    date,
                    bucket,
                    amount_cents: amount,
                });
            }
            let as_of = start + chrono::Days::new(rng.random_range(0..220));
            let open = open_balances(&entries, as_of);
            let upto: Vec<&Posting> = entries.iter().filter(|e| e.date <= as_of).collect();
            for b in [Bucket::Insurance, Bucket::Patient] {
                let want: i64 = upto
                    .iter()
                    .filter(|e| e.bucket == b)
                    .map(|e| e.amount_cents)
                    .sum();
                let got: i64 = open.iter().filter(|o| o.bucket == b).map(|o| o.cents).sum();
                assert_eq!(got, want, "{b:?} as of {as_of}: {entries:?}");
            }
            let credit = open.iter().any(|o| o.claim.is_none() && o.cents < 0);
            let owing = open
                .iter()
                .any(|o| o.claim.is_some() && o.bucket == Bucket::Patient && o.cents > 0);
            assert!(!(credit && owing), "an unapplied credit beside a balance");
            assert!(
                open.iter()
                    .all(|o| o.claim.is_none() || o.bucket == Bucket::Insurance || o.cents > 0)
            );
            let mut row = AgingRow::default();
            for o in &open {
                assert!(o.since <= as_of);
                row.add(bucket(o.since, as_of), o.cents);
            }
            assert_eq!(row.total, row.buckets.iter().sum::<i64>());
            assert_eq!(row.total, upto.iter().map(|e| e.amount_cents).sum::<i64>());
        }
    }
}
