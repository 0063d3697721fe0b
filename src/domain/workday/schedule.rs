//! When a payer's answer to a claim submitted during a shift becomes visible.
//!
//! The clearinghouse and the adjudicator (`domain::claims::edits`, `domain::adjudication`)
//! decide *what* the answer is at submission; this module decides only *on which shift day*
//! the trainee sees it:
//!
//! - a clearinghouse rejection (the 277CA / 999 acknowledgement) arrives the next day;
//! - a payer's answer (paid, partially paid or denied: all come on the 835 remittance) arrives
//!   after the payer's turnaround: its profile's `expectedPaymentDays` compressed by the shift's
//!   pace (`pace_days` payer calendar days per shift day; at least one day), rounded up;
//! - every fifth accepted submission, counted from the shift's seed, gets no answer at all:
//!   it becomes overdue the day after its expected day and stays in the queue until the trainee
//!   follows it up (a claim status inquiry, X12 276/277). A follow-up is on time when made by
//!   its due day (`FOLLOW_UP_GRACE_DAYS` after the expected day); the payer's answer then
//!   arrives the next day.
//!
//! Everything here is a function of its inputs: the same shift replays the same calendar.

use serde::{Deserialize, Serialize};

/// The payer's answer as the adjudicator decided it at submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Answer {
    /// Refused by the clearinghouse's edits: never reached the payer.
    Rejected,
    Paid,
    PartiallyPaid,
    Denied,
    /// A void's answer: the earlier payment taken back.
    Reversed,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Rejected => "REJECTED",
            Answer::Paid => "PAID",
            Answer::PartiallyPaid => "PARTIALLY_PAID",
            Answer::Denied => "DENIED",
            Answer::Reversed => "REVERSED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Answer::Rejected,
            Answer::Paid,
            Answer::PartiallyPaid,
            Answer::Denied,
            Answer::Reversed,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One accepted submission in this many goes unanswered.
pub const UNANSWERED_EVERY: u64 = 5;
/// Days after the expected day by which a follow-up counts as on time.
pub const FOLLOW_UP_GRACE_DAYS: u32 = 2;

/// When a submission's answer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The day the answer is expected.
    pub expected_day: u32,
    /// True when the payer does not answer until followed up.
    pub unanswered: bool,
    /// The day a follow-up must be made by (unanswered claims only).
    pub due_day: Option<u32>,
    /// The day the answer becomes visible (none while an unanswered claim is not followed up).
    pub answer_day: Option<u32>,
}

/// Shift days a payer takes to answer: its expected payment days divided by the pace,
/// rounded up, at least one.
pub fn turnaround_days(expected_payment_days: u32, pace_days: u32) -> u32 {
    expected_payment_days.div_ceil(pace_days.max(1)).max(1)
}

/// Whether the accepted submission numbered `sequence` (1-based, every submission of the shift
/// counted) goes unanswered: `(seed + sequence)` is a multiple of `UNANSWERED_EVERY`.
pub fn unanswered(seed: u64, sequence: u64) -> bool {
    seed.wrapping_add(sequence).is_multiple_of(UNANSWERED_EVERY)
}

/// The plan of a submission made on `submitted_day`.
pub fn plan(
    answer: Answer,
    submitted_day: u32,
    expected_payment_days: u32,
    pace_days: u32,
    seed: u64,
    sequence: u64,
) -> Plan {
    if answer == Answer::Rejected {
        return Plan {
            expected_day: submitted_day + 1,
            unanswered: false,
            due_day: None,
            answer_day: Some(submitted_day + 1),
        };
    }
    let expected_day = submitted_day + turnaround_days(expected_payment_days, pace_days);
    if unanswered(seed, sequence) {
        Plan {
            expected_day,
            unanswered: true,
            due_day: Some(expected_day + FOLLOW_UP_GRACE_DAYS),
            answer_day: None,
        }
    } else {
        Plan {
            expected_day,
            unanswered: false,
            due_day: None,
            answer_day: Some(expected_day),
        }
    }
}

/// An unanswered claim shows as overdue from the day after its expected day until followed up.
pub fn overdue(plan: &Plan, followed_up: bool, day: u32) -> bool {
    plan.unanswered && !followed_up && day > plan.expected_day
}

/// A follow-up made on `day`: refused before the claim is overdue (the payer's answer is not
/// late yet) or when it is not an unanswered claim; else the answer arrives the next day and
/// the follow-up is on time when `day` is not after the due day.
pub fn follow_up(plan: &Plan, already: bool, day: u32) -> Result<FollowUp, &'static str> {
    if !plan.unanswered || already {
        return Err("this claim is not waiting for a follow-up");
    }
    if day <= plan.expected_day {
        return Err("the payer's answer is not late yet: follow up after its expected day");
    }
    Ok(FollowUp {
        answer_day: day + 1,
        on_time: plan.due_day.is_some_and(|d| day <= d),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    pub answer_day: u32,
    pub on_time: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turnaround_is_the_payers_days_compressed_by_the_pace() {
        // Medicare Part B 14 days, BlueCrest 21, Medicaid 30 (seed/payers).
        for (days, pace, shift_days) in [
            (14, 7, 2),
            (21, 7, 3),
            (30, 7, 5),
            (14, 14, 1),
            (21, 14, 2),
            (30, 14, 3),
            (14, 1, 14),
            (0, 7, 1),
            (14, 0, 14),
        ] {
            assert_eq!(turnaround_days(days, pace), shift_days, "{days}/{pace}");
        }
    }

    #[test]
    fn a_rejection_shows_the_next_day_whatever_the_payer() {
        for seq in 1..=10 {
            let p = plan(Answer::Rejected, 3, 30, 7, 0, seq);
            assert_eq!(p.answer_day, Some(4));
            assert!(!p.unanswered);
        }
    }

    #[test]
    fn payer_answers_show_after_the_turnaround() {
        // seed 1: sequences 4, 9, 14 ... are unanswered; 1 is answered.
        let paid = plan(Answer::Paid, 1, 14, 7, 1, 1);
        assert_eq!(paid.answer_day, Some(3));
        let denied = plan(Answer::Denied, 2, 21, 7, 1, 2);
        assert_eq!(denied.answer_day, Some(5));
        assert_eq!(denied.due_day, None);
    }

    #[test]
    fn one_accepted_claim_in_five_goes_unanswered_from_the_seed() {
        let seq: Vec<u64> = (1..=15).filter(|s| unanswered(1, *s)).collect();
        assert_eq!(seq, [4, 9, 14]);
        let seq: Vec<u64> = (1..=10).filter(|s| unanswered(0, *s)).collect();
        assert_eq!(seq, [5, 10]);
        assert!(unanswered(u64::MAX, 1), "wraps instead of overflowing");
        let p = plan(Answer::Paid, 1, 14, 14, 1, 4);
        assert_eq!(
            p,
            Plan {
                expected_day: 2,
                unanswered: true,
                due_day: Some(4),
                answer_day: None
            }
        );
    }

    #[test]
    fn an_unanswered_claim_is_overdue_after_its_expected_day_until_followed_up() {
        let p = plan(Answer::Paid, 1, 14, 14, 1, 4);
        assert!(!overdue(&p, false, 2));
        assert!(overdue(&p, false, 3));
        assert!(!overdue(&p, true, 3));
        assert_eq!(
            follow_up(&p, false, 2),
            Err("the payer's answer is not late yet: follow up after its expected day")
        );
        assert_eq!(
            follow_up(&p, false, 3),
            Ok(FollowUp {
                answer_day: 4,
                on_time: true
            })
        );
        assert_eq!(
            follow_up(&p, false, 4),
            Ok(FollowUp {
                answer_day: 5,
                on_time: true
            })
        );
        assert_eq!(
            follow_up(&p, false, 5),
            Ok(FollowUp {
                answer_day: 6,
                on_time: false
            })
        );
        assert!(follow_up(&p, true, 3).is_err(), "only once");
        let answered = plan(Answer::Paid, 1, 14, 14, 1, 1);
        assert!(follow_up(&answered, false, 3).is_err());
    }
}
