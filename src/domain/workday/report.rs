//! The end-of-shift report: what a coding manager measures, computed from the facts of one or
//! more shifts (a trainee's shift, a cohort's, an assessment candidate's). Each figure is
//! defined here, once:
//!
//! - **Active time**: the sum of the gaps between the trainee's consecutive actions in a shift
//!   (starting it, coding an encounter, submitting a claim, following one up, ending a day),
//!   each gap capped at `ACTIVE_GAP_CAP_SECONDS`: a pause longer than that counts as that long
//!   (a trainee who leaves for lunch is not working; one reading a long chart is).
//! - **Encounters coded per hour**: encounters coded ÷ active hours.
//! - **Coding accuracy**: the mean score of the coded encounters' attempts (`domain::scoring`).
//! - **First-pass clean-claim rate**: of the encounters' first submissions whose answer the
//!   trainee has seen, the share the clearinghouse accepted and the payer PAID in full.
//! - **Denial rate**: of the payer answers the trainee has seen (rejections never reached the
//!   payer), the share DENIED outright; the top reasons are the CARCs of every denied line of
//!   those answers (group-reason, as on the 835), most frequent first.
//! - **Claims followed up on time**: of the unanswered claims that became overdue, the share
//!   followed up by their due day (`schedule`).
//! - **Days in A/R**: the open A/R (each encounter's standing claim: its charge less what the
//!   seen answer paid and adjusted contractually, CO-45) ÷ the average charges per payer
//!   calendar day (charges ÷ the calendar days the shift has covered: days × pace).
//! - **Net collection rate**: payer payments ÷ (charges − contractual adjustments), over the
//!   standing claims whose answer has been seen. Patient shares go to statements and are not
//!   collected during a shift, so a payer's patient share lowers this figure as it would a
//!   practice's until the patient pays.
//! - **Queries**: provider queries raised and the share that were compliant (counts given by
//!   the provider-query feature).

use super::benchmarks::{self, Benchmark};
use super::schedule::Answer;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A pause between two actions counts at most this long.
pub const ACTIVE_GAP_CAP_SECONDS: i64 = 15 * 60;
/// How many denial reasons the report lists.
pub const TOP_REASONS: usize = 3;

/// The figures that have a line in `seed/workday/benchmarks.tsv`.
pub const FIGURES: &[&str] = &[
    "coded_per_hour",
    "coding_accuracy",
    "first_pass_clean_rate",
    "denial_rate",
    "followed_up_on_time",
    "days_in_ar",
    "net_collection_rate",
    "query_compliance",
];

/// One encounter of a shift.
#[derive(Debug, Clone, PartialEq)]
pub struct EncounterFact {
    /// The attempt's score in percent, once coded.
    pub score_percent: Option<f64>,
}

/// One claim submission of a shift, as of the report's day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubmissionFact {
    /// The encounter's first submission (first-pass figures).
    pub first_of_encounter: bool,
    /// The encounter's standing claim: its latest submission the clearinghouse accepted (A/R
    /// and collection figures).
    pub standing: bool,
    pub answer: Option<Answer>,
    /// Whether the trainee has seen the answer by the report's day.
    pub seen: bool,
    pub charge_cents: i64,
    pub paid_cents: i64,
    /// CO-45 (charge over the allowed amount).
    pub contractual_cents: i64,
    /// "CO-50", one per denied line.
    pub denials: Vec<String>,
    /// An unanswered claim past its expected day by the report's day.
    pub overdue: bool,
    pub followed_up_on_time: bool,
}

/// The facts of one shift.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShiftFacts {
    pub events: Vec<DateTime<Utc>>,
    pub encounters: Vec<EncounterFact>,
    pub submissions: Vec<SubmissionFact>,
    /// Payer calendar days the shift has covered (days reached × pace).
    pub calendar_days: u32,
    pub queries: QueryCounts,
}

/// Provider queries raised during the shift and how many were compliant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueryCounts {
    pub raised: u32,
    pub compliant: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShiftReport {
    pub shifts: u32,
    pub encounters: u32,
    pub coded: u32,
    pub active_seconds: i64,
    pub coded_per_hour: Option<f64>,
    pub coding_accuracy: Option<f64>,
    pub submissions: u32,
    pub first_submissions_seen: u32,
    pub first_pass_clean: u32,
    pub first_pass_clean_rate: Option<f64>,
    pub payer_answers_seen: u32,
    pub denied: u32,
    pub denial_rate: Option<f64>,
    /// (group-CARC, lines), most frequent first, then by code.
    pub top_denial_reasons: Vec<(String, u32)>,
    pub follow_ups_due: u32,
    pub followed_up_on_time: u32,
    pub followed_up_on_time_rate: Option<f64>,
    pub charges_cents: i64,
    pub ar_cents: i64,
    pub calendar_days: u32,
    pub days_in_ar: Option<f64>,
    pub collected_cents: i64,
    pub collectible_cents: i64,
    pub net_collection_rate: Option<f64>,
    pub queries_raised: u32,
    pub queries_compliant: u32,
    pub query_compliance: Option<f64>,
}

/// Active seconds of one shift's actions (see the module's definition).
pub fn active_seconds(events: &[DateTime<Utc>]) -> i64 {
    let mut times = events.to_vec();
    times.sort();
    times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_seconds().clamp(0, ACTIVE_GAP_CAP_SECONDS))
        .sum()
}

fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// The report of one or more shifts: counts and money are summed, rates pooled over them.
pub fn report(shifts: &[ShiftFacts]) -> ShiftReport {
    let mut r = ShiftReport {
        shifts: shifts.len() as u32,
        ..ShiftReport::default()
    };
    let mut scores = Vec::new();
    let mut reasons: BTreeMap<String, u32> = BTreeMap::new();
    for s in shifts {
        r.active_seconds += active_seconds(&s.events);
        r.calendar_days += s.calendar_days;
        r.queries_raised += s.queries.raised;
        r.queries_compliant += s.queries.compliant;
        r.encounters += s.encounters.len() as u32;
        scores.extend(s.encounters.iter().filter_map(|e| e.score_percent));
        for c in &s.submissions {
            r.submissions += 1;
            let payer_answer = c
                .answer
                .filter(|a| *a != Answer::Rejected && *a != Answer::Reversed);
            if c.first_of_encounter && c.seen {
                r.first_submissions_seen += 1;
                if c.answer == Some(Answer::Paid) {
                    r.first_pass_clean += 1;
                }
            }
            if c.seen && payer_answer.is_some() {
                r.payer_answers_seen += 1;
                if c.answer == Some(Answer::Denied) {
                    r.denied += 1;
                }
                for d in &c.denials {
                    *reasons.entry(d.clone()).or_default() += 1;
                }
            }
            if c.overdue {
                r.follow_ups_due += 1;
                if c.followed_up_on_time {
                    r.followed_up_on_time += 1;
                }
            }
            if c.standing {
                r.charges_cents += c.charge_cents;
                let settled = if c.seen && payer_answer.is_some() {
                    r.collected_cents += c.paid_cents;
                    r.collectible_cents += c.charge_cents - c.contractual_cents;
                    c.paid_cents + c.contractual_cents
                } else {
                    0
                };
                r.ar_cents += c.charge_cents - settled;
            }
        }
    }
    r.coded = scores.len() as u32;
    if r.active_seconds > 0 {
        r.coded_per_hour = Some(f64::from(r.coded) * 3600.0 / r.active_seconds as f64);
    }
    if !scores.is_empty() {
        r.coding_accuracy = Some(scores.iter().sum::<f64>() / scores.len() as f64);
    }
    r.first_pass_clean_rate = percent(r.first_pass_clean, r.first_submissions_seen);
    r.denial_rate = percent(r.denied, r.payer_answers_seen);
    let mut top: Vec<(String, u32)> = reasons.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(TOP_REASONS);
    r.top_denial_reasons = top;
    r.followed_up_on_time_rate = percent(r.followed_up_on_time, r.follow_ups_due);
    if r.charges_cents > 0 && r.calendar_days > 0 {
        let per_day = r.charges_cents as f64 / f64::from(r.calendar_days);
        r.days_in_ar = Some(r.ar_cents as f64 / per_day);
    }
    if r.collectible_cents > 0 {
        r.net_collection_rate = Some(r.collected_cents as f64 * 100.0 / r.collectible_cents as f64);
    }
    r.query_compliance = percent(r.queries_compliant, r.queries_raised);
    r
}

/// One figure of the report beside its published reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The key of `FIGURES` ("denial_rate").
    pub key: &'static str,
    pub label: &'static str,
    /// Rounded to two decimals; none when there is nothing to measure yet.
    pub value: Option<f64>,
    /// "percent", "per hour" or "days".
    pub unit: &'static str,
    pub reference: Option<Benchmark>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl ShiftReport {
    /// The figures in report order, each with its reference (`seed/workday/benchmarks.tsv`).
    pub fn figures(&self) -> Vec<Figure> {
        let f = |key: &'static str, label: &'static str, value: Option<f64>, unit| Figure {
            key,
            label,
            value: value.map(round2),
            unit,
            reference: benchmarks::for_figure(key),
        };
        vec![
            f(
                "coded_per_hour",
                "Encounters coded per hour of active time",
                self.coded_per_hour,
                "per hour",
            ),
            f(
                "coding_accuracy",
                "Coding accuracy",
                self.coding_accuracy,
                "percent",
            ),
            f(
                "first_pass_clean_rate",
                "First-pass clean-claim rate",
                self.first_pass_clean_rate,
                "percent",
            ),
            f("denial_rate", "Denial rate", self.denial_rate, "percent"),
            f(
                "followed_up_on_time",
                "Overdue claims followed up on time",
                self.followed_up_on_time_rate,
                "percent",
            ),
            f("days_in_ar", "Days in A/R", self.days_in_ar, "days"),
            f(
                "net_collection_rate",
                "Net collection rate",
                self.net_collection_rate,
                "percent",
            ),
            f(
                "query_compliance",
                "Compliant provider queries",
                self.query_compliance,
                "percent",
            ),
        ]
    }

    /// The report as CSV (every cell through `domain::csv`): one line per figure with its
    /// reference and source, then the counts behind them.
    pub fn to_csv(&self) -> String {
        use crate::domain::csv::row;
        let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        let mut out = vec![row(&[
            "figure",
            "value",
            "unit",
            "reference",
            "direction",
            "source",
        ])];
        for f in self.figures() {
            let (reference, direction, source) = match &f.reference {
                Some(b) => (
                    b.value.map(|v| format!("{v}")).unwrap_or_default(),
                    match b.direction {
                        benchmarks::Direction::AtLeast => "at least",
                        benchmarks::Direction::AtMost => "at most",
                    },
                    b.source.clone(),
                ),
                None => (String::new(), "", "simulated".to_owned()),
            };
            out.push(row(&[
                f.label,
                &num(f.value),
                f.unit,
                &reference,
                direction,
                &source,
            ]));
        }
        let counts: [(&str, String); 14] = [
            ("Shifts", self.shifts.to_string()),
            ("Encounters", self.encounters.to_string()),
            ("Encounters coded", self.coded.to_string()),
            (
                "Active minutes",
                format!("{:.2}", self.active_seconds as f64 / 60.0),
            ),
            ("Claim submissions", self.submissions.to_string()),
            (
                "First submissions answered",
                self.first_submissions_seen.to_string(),
            ),
            ("Payer answers seen", self.payer_answers_seen.to_string()),
            ("Claims denied", self.denied.to_string()),
            ("Follow-ups due", self.follow_ups_due.to_string()),
            ("Charges (cents)", self.charges_cents.to_string()),
            ("Open A/R (cents)", self.ar_cents.to_string()),
            ("Payer payments (cents)", self.collected_cents.to_string()),
            ("Queries raised", self.queries_raised.to_string()),
            ("Queries compliant", self.queries_compliant.to_string()),
        ];
        for (label, v) in counts {
            out.push(row(&[label, &v, "count", "", "", ""]));
        }
        for (reason, n) in &self.top_denial_reasons {
            out.push(row(&[
                &format!("Denial reason {reason}"),
                &n.to_string(),
                "lines",
                "",
                "",
                "",
            ]));
        }
        let mut s = out.join("\r\n");
        s.push_str("\r\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap() + chrono::Duration::minutes(min)
    }

    #[test]
    fn active_time_caps_each_pause() {
        // 8:00 start, 8:10 coded, 8:50 coded (40 min pause: 15 count), 8:55 day ended.
        assert_eq!(
            active_seconds(&[t(0), t(10), t(50), t(55)]),
            (10 + 15 + 5) * 60
        );
        assert_eq!(
            active_seconds(&[t(55), t(0), t(10)]),
            (10 + 15) * 60,
            "sorted"
        );
        assert_eq!(active_seconds(&[t(0)]), 0);
    }

    fn sub(answer: Answer, seen: bool) -> SubmissionFact {
        SubmissionFact {
            first_of_encounter: true,
            standing: answer != Answer::Rejected,
            answer: Some(answer),
            seen,
            charge_cents: 10_000,
            ..SubmissionFact::default()
        }
    }

    #[test]
    fn a_shift_by_hand() {
        // Three encounters, two coded (80 % and 100 %) in 30 active minutes.
        // Claims: one paid in full ($100 charge, $60 paid, $25 contractual, $15 patient),
        // one denied CO-50 ($100), one rejected then resubmitted and not answered yet.
        let mut paid = sub(Answer::Paid, true);
        paid.paid_cents = 6_000;
        paid.contractual_cents = 2_500;
        let mut denied = sub(Answer::Denied, true);
        denied.denials = vec!["CO-50".into()];
        let rejected = sub(Answer::Rejected, true);
        let mut again = sub(Answer::Paid, false);
        again.first_of_encounter = false;
        again.overdue = true;
        again.followed_up_on_time = true;
        let facts = ShiftFacts {
            events: vec![t(0), t(10), t(20), t(30)],
            encounters: vec![
                EncounterFact {
                    score_percent: Some(80.0),
                },
                EncounterFact {
                    score_percent: Some(100.0),
                },
                EncounterFact {
                    score_percent: None,
                },
            ],
            submissions: vec![paid, denied, rejected, again],
            calendar_days: 21,
            queries: QueryCounts {
                raised: 2,
                compliant: 1,
            },
        };
        let r = report(&[facts]);
        assert_eq!((r.encounters, r.coded, r.active_seconds), (3, 2, 1800));
        assert_eq!(r.coded_per_hour, Some(4.0));
        assert_eq!(r.coding_accuracy, Some(90.0));
        // First submissions seen: paid, denied, rejected -> 1 clean of 3.
        assert_eq!((r.first_pass_clean, r.first_submissions_seen), (1, 3));
        // Payer answers seen: paid, denied -> 1 denied of 2.
        assert_eq!(r.denial_rate, Some(50.0));
        assert_eq!(r.top_denial_reasons, vec![("CO-50".to_owned(), 1)]);
        assert_eq!(r.followed_up_on_time_rate, Some(100.0));
        // Standing: paid (100 - 60 - 25 = 15 open), denied (100 open), again (100 open).
        assert_eq!((r.charges_cents, r.ar_cents), (30_000, 21_500));
        // 215 / (300 / 21) = 15.05 days.
        assert_eq!(r.figures()[5].value, Some(15.05));
        // 60 / (200 - 25) over the two seen answers.
        assert_eq!(r.figures()[6].value, Some(34.29));
        assert_eq!(r.query_compliance, Some(50.0));
    }

    #[test]
    fn nothing_measured_is_none_not_zero() {
        let r = report(&[ShiftFacts::default()]);
        assert!(r.figures().iter().all(|f| f.value.is_none()));
        assert_eq!(r.shifts, 1);
    }

    #[test]
    fn shifts_pool_into_one_report() {
        let one = ShiftFacts {
            events: vec![t(0), t(60)],
            encounters: vec![EncounterFact {
                score_percent: Some(50.0),
            }],
            ..ShiftFacts::default()
        };
        let r = report(&[one.clone(), one]);
        assert_eq!((r.shifts, r.coded, r.active_seconds), (2, 2, 1800));
        assert_eq!(r.coded_per_hour, Some(4.0));
    }

    #[test]
    fn csv_has_a_line_per_figure_with_its_reference() {
        let r = report(&[ShiftFacts::default()]);
        let csv = r.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "figure,value,unit,reference,direction,source");
        assert!(
            lines[4].starts_with("Denial rate,,percent,5,at most,HFMA"),
            "{}",
            lines[4]
        );
        assert!(lines[1].contains("simulated"));
    }
}
