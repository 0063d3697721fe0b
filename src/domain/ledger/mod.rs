//! Patient accounts: an immutable ledger of dated entries (a correction is a new entry), each
//! in the insurance or the patient bucket; what a remittance posts; the scoring of a trainee's
//! posting against the remittance; and A/R aging. Money is integer cents: charges are
//! positive, payments and adjustments negative, and a balance is the sum of its entries.

pub mod aging;
pub mod posting;
pub mod practice;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryKind {
    /// A service billed (+).
    Charge,
    /// A charge taken back by a corrected or voided claim (−).
    ChargeReversal,
    /// What the payer paid (−), or took back on a void (+).
    PayerPayment,
    /// A contractual or other payer adjustment (CO/OA/PI, −).
    PayerAdjustment,
    /// The patient's share moved from the insurance bucket to the patient's (− then +).
    TransferToPatient,
    /// The patient's share moved back to insurance when it is billed to a secondary payer.
    TransferToSecondary,
    /// A payment by the patient (−).
    PatientPayment,
    /// Money given back to the patient (+).
    Refund,
    /// A balance the provider gives up (−).
    WriteOff,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Charge => "CHARGE",
            EntryKind::ChargeReversal => "CHARGE_REVERSAL",
            EntryKind::PayerPayment => "PAYER_PAYMENT",
            EntryKind::PayerAdjustment => "PAYER_ADJUSTMENT",
            EntryKind::TransferToPatient => "TRANSFER_TO_PATIENT",
            EntryKind::TransferToSecondary => "TRANSFER_TO_SECONDARY",
            EntryKind::PatientPayment => "PATIENT_PAYMENT",
            EntryKind::Refund => "REFUND",
            EntryKind::WriteOff => "WRITE_OFF",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        use EntryKind::*;
        [
            Charge,
            ChargeReversal,
            PayerPayment,
            PayerAdjustment,
            TransferToPatient,
            TransferToSecondary,
            PatientPayment,
            Refund,
            WriteOff,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
    /// Adjustments for the day sheet (as opposed to charges and payments).
    pub fn is_adjustment(self) -> bool {
        matches!(
            self,
            EntryKind::PayerAdjustment | EntryKind::WriteOff | EntryKind::ChargeReversal
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Bucket {
    Insurance,
    Patient,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Insurance => "INSURANCE",
            Bucket::Patient => "PATIENT",
        }
    }
}

/// An entry to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub bucket: Bucket,
    pub amount_cents: i64,
    /// Claim line (1-based) it belongs to, if any.
    pub line: Option<u32>,
    /// Group-CARC for an adjustment (`CO-45`), a check number, a note.
    pub reason: String,
}

/// Insurance and patient balances of a list of entries.
pub fn balances<'a>(entries: impl IntoIterator<Item = (&'a Bucket, i64)>) -> (i64, i64) {
    entries
        .into_iter()
        .fold((0, 0), |(ins, pat), (b, amt)| match b {
            Bucket::Insurance => (ins + amt, pat),
            Bucket::Patient => (ins, pat + amt),
        })
}

/// One installment of a payment plan and how far payments cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Installment {
    pub number: u32,
    pub due: NaiveDate,
    pub amount_cents: i64,
    pub paid_cents: i64,
    /// PAID, PARTIAL, DUE (not yet due) or LATE.
    pub status: &'static str,
}

/// The schedule of a plan: `total` split into `n` equal installments (the last takes the
/// rest) every `interval_days` from `first_due`, with `paid` (payments since the plan began)
/// applied oldest installment first, as of a date.
pub fn schedule(
    total: i64,
    n: u32,
    first_due: NaiveDate,
    interval_days: u32,
    paid: i64,
    as_of: NaiveDate,
) -> Vec<Installment> {
    let n = n.max(1);
    let each = total / i64::from(n);
    let mut left = paid.max(0);
    (0..n)
        .map(|i| {
            let amount = if i + 1 == n {
                total - each * i64::from(n - 1)
            } else {
                each
            };
            let covered = left.min(amount);
            left -= covered;
            let due = first_due + chrono::Days::new(u64::from(interval_days) * u64::from(i));
            let status = match (covered == amount, covered > 0, as_of > due) {
                (true, _, _) => "PAID",
                (false, _, true) => "LATE",
                (false, true, false) => "PARTIAL",
                (false, false, false) => "DUE",
            };
            Installment {
                number: i + 1,
                due,
                amount_cents: amount,
                paid_cents: covered,
                status,
            }
        })
        .collect()
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn installments_split_the_total_and_take_payments_in_order() {
        let s = schedule(10_000, 3, d("2026-05-01"), 30, 4_000, d("2026-06-15"));
        assert_eq!(
            s.iter().map(|i| i.amount_cents).collect::<Vec<_>>(),
            vec![3_333, 3_333, 3_334]
        );
        assert_eq!(s.iter().map(|i| i.amount_cents).sum::<i64>(), 10_000);
        assert_eq!(
            s.iter().map(|i| i.status).collect::<Vec<_>>(),
            vec!["PAID", "LATE", "DUE"]
        );
        assert_eq!(s[1].paid_cents, 667);
        assert_eq!(s[2].due, d("2026-06-30"));
    }
}
