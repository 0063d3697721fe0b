//! What a remittance posts to a ledger, and the scoring of a trainee's posting of it.
//!
//! Per line: the payment (−paid, insurance), each CO/OA/PI adjustment that is pricing (CO-45)
//! taken off the insurance balance, each PR amount moved to the patient's bucket, and a denial
//! (a non-pricing CO/OA adjustment) left open on the insurance balance for follow-up — a
//! denial is worked, not adjusted away at posting.

use super::{Bucket, EntryKind, NewEntry};
use crate::domain::adjudication::{RemitLine, Remittance};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The entries that post `remit` on `date`.
pub fn entries_for(remit: &Remittance, date: NaiveDate) -> Vec<NewEntry> {
    let mut out = Vec::new();
    for l in &remit.lines {
        post_line(l, date, &remit.claim_number, &mut out);
    }
    out
}

fn post_line(l: &RemitLine, date: NaiveDate, claim_number: &str, out: &mut Vec<NewEntry>) {
    let line = Some(l.line);
    if l.paid_cents != 0 {
        out.push(NewEntry {
            date,
            kind: EntryKind::PayerPayment,
            bucket: Bucket::Insurance,
            amount_cents: -l.paid_cents,
            line,
            reason: format!("claim {claim_number}"),
        });
    }
    for a in &l.adjustments {
        let code = format!("{}-{}", a.group, a.reason);
        match a.group.as_str() {
            "PR" => {
                out.push(NewEntry {
                    date,
                    kind: EntryKind::TransferToPatient,
                    bucket: Bucket::Insurance,
                    amount_cents: -a.amount_cents,
                    line,
                    reason: code.clone(),
                });
                out.push(NewEntry {
                    date,
                    kind: EntryKind::TransferToPatient,
                    bucket: Bucket::Patient,
                    amount_cents: a.amount_cents,
                    line,
                    reason: code,
                });
            }
            _ if is_contractual(&a.group, &a.reason) => {
                out.push(NewEntry {
                    date,
                    kind: EntryKind::PayerAdjustment,
                    bucket: Bucket::Insurance,
                    amount_cents: -a.amount_cents,
                    line,
                    reason: code,
                });
            }
            _ => {} // a denial stays open for follow-up
        }
    }
}

/// Adjustments taken off at posting: the contractual write-down (CO-45).
pub fn is_contractual(group: &str, reason: &str) -> bool {
    group == "CO" && reason == "45"
}

/// A trainee's posting of one remittance line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostedLine {
    pub line: u32,
    pub paid_cents: i64,
    /// Contractual adjustment (CO-45) taken off.
    pub contractual_cents: i64,
    /// Patient responsibility moved to the patient: deductible, coinsurance, copay.
    pub deductible_cents: i64,
    pub coinsurance_cents: i64,
    pub copay_cents: i64,
    /// Whether the trainee left a denial open (true when the line carries one).
    pub denial_left_open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineVerdict {
    pub line: u32,
    pub correct: bool,
    /// One message per field that does not match the remittance.
    pub issues: Vec<String>,
    /// charge − Σ adjustments = paid, with this line's numbers.
    pub balancing: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostingScore {
    pub percent: u32,
    pub lines: Vec<LineVerdict>,
}

fn sum(l: &RemitLine, group: &str, reason: &str) -> i64 {
    l.adjustments
        .iter()
        .filter(|a| a.group == group && a.reason == reason)
        .map(|a| a.amount_cents)
        .sum()
}

/// Scores a posting line by line against what the remittance says.
pub fn score(remit: &Remittance, posted: &[PostedLine]) -> PostingScore {
    use crate::domain::claims::dollars;
    let mut lines = Vec::new();
    for l in &remit.lines {
        let p = posted.iter().find(|p| p.line == l.line);
        let mut issues = Vec::new();
        let want = [
            ("paid", l.paid_cents, p.map(|p| p.paid_cents)),
            (
                "contractual adjustment (CO-45)",
                sum(l, "CO", "45"),
                p.map(|p| p.contractual_cents),
            ),
            (
                "deductible (PR-1)",
                sum(l, "PR", "1"),
                p.map(|p| p.deductible_cents),
            ),
            (
                "coinsurance (PR-2)",
                sum(l, "PR", "2"),
                p.map(|p| p.coinsurance_cents),
            ),
            ("copay (PR-3)", sum(l, "PR", "3"), p.map(|p| p.copay_cents)),
        ];
        match p {
            None => issues.push(format!("line {} was not posted", l.line)),
            Some(p) => {
                for (what, expected, got) in want {
                    if got != Some(expected) {
                        issues.push(format!(
                            "{what}: the remittance says {}, you posted {}",
                            dollars(expected),
                            dollars(got.unwrap_or(0))
                        ));
                    }
                }
                if l.denied && !p.denial_left_open {
                    let d = l
                        .denial()
                        .map(|a| format!("{}-{}", a.group, a.reason))
                        .unwrap_or_default();
                    issues.push(format!("the line is denied ({d}): leave it open for follow-up instead of adjusting it off"));
                }
            }
        }
        let adj: Vec<String> = l
            .adjustments
            .iter()
            .map(|a| format!("{}-{} {}", a.group, a.reason, dollars(a.amount_cents)))
            .collect();
        lines.push(LineVerdict {
            line: l.line,
            correct: issues.is_empty(),
            issues,
            balancing: format!(
                "billed {} − adjustments [{}] = paid {}",
                dollars(l.billed_cents),
                adj.join(", "),
                dollars(l.paid_cents)
            ),
        });
    }
    let right = lines.iter().filter(|l| l.correct).count();
    let percent = if lines.is_empty() {
        100
    } else {
        (100 * right / lines.len()) as u32
    };
    PostingScore { percent, lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adjudication::{Adjustment, RemitStatus};
    use crate::domain::ledger::balances;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn adj(group: &str, reason: &str, amount: i64) -> Adjustment {
        Adjustment {
            group: group.into(),
            reason: reason.into(),
            amount_cents: amount,
        }
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// A balanced remittance line: either denied in full, or priced.
    fn line(rng: &mut Rng, n: u32) -> RemitLine {
        let billed = 1_000 + rng.next(100_000) as i64;
        let denied = rng.next(4) == 0;
        let adjustments = if denied {
            vec![adj(
                ["CO", "OA", "PR"][rng.next(3) as usize],
                ["50", "18", "119"][rng.next(3) as usize],
                billed,
            )]
        } else {
            let allowed = billed / 2 + rng.next((billed / 2) as u64) as i64;
            let ded = rng.next((allowed / 3) as u64 + 1) as i64;
            let coins = (allowed - ded) / 5;
            let copay = if rng.next(2) == 0 {
                0
            } else {
                rng.next((allowed - ded - coins) as u64 + 1) as i64
            };
            [
                adj("CO", "45", billed - allowed),
                adj("PR", "1", ded),
                adj("PR", "2", coins),
                adj("PR", "3", copay),
            ]
            .into_iter()
            .filter(|a| a.amount_cents > 0)
            .collect()
        };
        let paid = billed - adjustments.iter().map(|a| a.amount_cents).sum::<i64>();
        RemitLine {
            line: n,
            code: "99213".into(),
            modifiers: vec![],
            units: 1,
            date_of_service: d("2026-03-02"),
            billed_cents: billed,
            allowed_cents: billed,
            paid_cents: paid,
            adjustments,
            remarks: vec![],
            denied,
        }
    }

    #[test]
    fn posting_leaves_denials_open_and_moves_the_patients_share() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for _ in 0..500 {
            let lines: Vec<RemitLine> = (1..=1 + rng.next(5) as u32)
                .map(|n| line(&mut rng, n))
                .collect();
            let remit = Remittance {
                claim_number: "26000000001".into(),
                payer: "medicare-part-b".into(),
                status: RemitStatus::Paid,
                received_on: d("2026-03-09"),
                billed_cents: lines.iter().map(|l| l.billed_cents).sum(),
                allowed_cents: 0,
                paid_cents: lines.iter().map(|l| l.paid_cents).sum(),
                patient_responsibility_cents: 0,
                lines,
                trace: vec![],
                drg: None,
            };
            assert!(remit.balances());
            let mut entries: Vec<NewEntry> = remit
                .lines
                .iter()
                .map(|l| NewEntry {
                    date: d("2026-03-09"),
                    kind: EntryKind::Charge,
                    bucket: Bucket::Insurance,
                    amount_cents: l.billed_cents,
                    line: Some(l.line),
                    reason: String::new(),
                })
                .collect();
            entries.extend(entries_for(&remit, d("2026-03-20")));
            let (ins, pat) = balances(entries.iter().map(|e| (&e.bucket, e.amount_cents)));
            let open_denials: i64 = remit
                .lines
                .iter()
                .flat_map(|l| &l.adjustments)
                .filter(|a| a.group != "PR" && !is_contractual(&a.group, &a.reason))
                .map(|a| a.amount_cents)
                .sum();
            let pr: i64 = remit
                .lines
                .iter()
                .flat_map(|l| &l.adjustments)
                .filter(|a| a.group == "PR")
                .map(|a| a.amount_cents)
                .sum();
            assert_eq!((ins, pat), (open_denials, pr));
            // The balance is always the sum of the entries, whatever their order.
            let total: i64 = entries.iter().map(|e| e.amount_cents).sum();
            assert_eq!(ins + pat, total);
        }
    }

    #[test]
    fn a_posting_is_scored_line_by_line() {
        let l1 = RemitLine {
            line: 1,
            code: "99213".into(),
            modifiers: vec![],
            units: 1,
            date_of_service: d("2026-03-02"),
            billed_cents: 20_000,
            allowed_cents: 9_000,
            paid_cents: 7_200,
            adjustments: vec![adj("CO", "45", 11_000), adj("PR", "2", 1_800)],
            remarks: vec![],
            denied: false,
        };
        let l2 = RemitLine {
            line: 2,
            paid_cents: 0,
            allowed_cents: 0,
            adjustments: vec![adj("CO", "97", 5_000)],
            billed_cents: 5_000,
            denied: true,
            ..l1.clone()
        };
        let remit = Remittance {
            claim_number: "1".into(),
            payer: "p".into(),
            status: RemitStatus::PartiallyPaid,
            received_on: d("2026-03-09"),
            billed_cents: 25_000,
            allowed_cents: 9_000,
            paid_cents: 7_200,
            patient_responsibility_cents: 1_800,
            lines: vec![l1, l2],
            trace: vec![],
            drg: None,
        };
        let good = PostedLine {
            line: 1,
            paid_cents: 7_200,
            contractual_cents: 11_000,
            deductible_cents: 0,
            coinsurance_cents: 1_800,
            copay_cents: 0,
            denial_left_open: false,
        };
        let open = PostedLine {
            line: 2,
            paid_cents: 0,
            contractual_cents: 0,
            deductible_cents: 0,
            coinsurance_cents: 0,
            copay_cents: 0,
            denial_left_open: true,
        };
        assert_eq!(score(&remit, &[good.clone(), open.clone()]).percent, 100);
        let wrong = PostedLine {
            coinsurance_cents: 0,
            deductible_cents: 1_800,
            ..good
        };
        let s = score(
            &remit,
            &[
                wrong,
                PostedLine {
                    denial_left_open: false,
                    ..open
                },
            ],
        );
        assert_eq!(s.percent, 0);
        assert!(
            s.lines[0].issues.iter().any(|i| i.contains("coinsurance")),
            "{:?}",
            s.lines[0]
        );
        assert!(s.lines[1].issues[0].contains("CO-97"));
        assert!(s.lines[0].balancing.contains("= paid 72.00"));
    }
}
