//! Scoring of claim work. Without a scenario: a clean claim on the first submission earns full
//! credit, and a claim paid after corrections earns less the more submissions it took. With a
//! scenario: the trainee's first action after the denial is judged against the expected remedy,
//! and the case counts as resolved only when that remedy actually cleared the denial.
//! Separately, the claim that got paid (or won its appeal) is compared with the case's answer
//! key (see `coding`): a paid claim coded wrong is MISCODED and scores 0 whatever the remedy.

use super::Claim;
use super::coding::{self, Expected, Finding};
use crate::domain::cases::scenario::{Remedy, Scenario};
use serde::Serialize;

/// What the trainee did, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// An original claim (frequency 1) sent to a payer.
    Submit,
    /// A replacement claim (frequency 7).
    Replace,
    /// A void (frequency 8).
    Void,
    Appeal,
    WriteOff,
    BillPatient,
    NoAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub payer: String,
    /// PAID, PARTIALLY_PAID, DENIED, REJECTED, REVERSED, OVERTURNED, UPHELD or CLOSED.
    pub outcome: String,
    /// True when every denial left on the claim is the patient's (group PR), e.g. after GA.
    pub patient_liable_only: bool,
    /// The claim the trainee coded that this step sent or appealed (none for a close, a void
    /// or the practice's own claim of a scenario).
    pub coded: Option<Box<Claim>>,
}

impl Step {
    fn settles(&self) -> bool {
        matches!(self.outcome.as_str(), "PAID" | "OVERTURNED")
            || (matches!(self.outcome.as_str(), "DENIED" | "PARTIALLY_PAID")
                && self.patient_liable_only)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepNote {
    pub step: u32,
    pub action: String,
    pub outcome: String,
    pub correct: bool,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// NOT_STARTED, CLEAN, RESOLVED, MISCODED, IN_PROGRESS or UNRESOLVED.
    pub outcome: &'static str,
    /// The remedy score, or 0 when the claim that settled the work is coded wrong.
    pub score: u32,
    /// How the denial was worked: the right remedy, and how many wrong tries before it.
    pub remedy_score: u32,
    /// How the claim that settled the work is coded against the answer key (none when no
    /// claim of the trainee's settled it: a close, or work not finished).
    pub coding_score: Option<u32>,
    /// What is wrong in that claim's coding, line by line.
    pub coding: Vec<Finding>,
    pub expected_remedy: Option<Remedy>,
    pub remedy_taken: Option<Remedy>,
    pub notes: Vec<StepNote>,
    /// The scenario's explanation, once the trainee has acted on the denial.
    pub explanation: Option<String>,
    /// Whether the trainee closed the claim (write-off, patient billed, nothing owed).
    pub closed: bool,
}

impl Verdict {
    /// Done with the claim: paid clean, the denial resolved, or the claim closed.
    pub fn finished(&self) -> bool {
        matches!(self.outcome, "CLEAN" | "RESOLVED" | "MISCODED") || self.closed
    }

    /// The verdict before the work is finished: what was done and whether it paid off, but
    /// neither the expected remedy nor the explanation, nor a message that names it.
    pub fn without_remedy(mut self) -> Verdict {
        self.expected_remedy = None;
        self.explanation = None;
        self.coding_score = None;
        self.coding.clear();
        for n in &mut self.notes {
            if let Some(i) = n.message.find(" (expected") {
                n.message.truncate(i);
            }
        }
        self
    }

    /// The verdict of a sitting whose results are not released: the steps taken and the
    /// payer's answers only (outcome WITHHELD, no score, no judgement).
    pub fn withheld(self) -> Verdict {
        let mut v = self.without_remedy();
        v.outcome = "WITHHELD";
        v.score = 0;
        v.remedy_score = 0;
        for n in &mut v.notes {
            n.correct = false;
            n.message.clear();
        }
        v
    }
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::Submit => "SUBMIT",
        Action::Replace => "CORRECTED_CLAIM",
        Action::Void => "VOID",
        Action::Appeal => "APPEAL",
        Action::WriteOff => "WRITE_OFF",
        Action::BillPatient => "BILL_PATIENT",
        Action::NoAction => "NO_ACTION",
    }
}

/// The remedy a step amounts to, given what came before it.
fn remedy_of(step: &Step, first_payer: &str, after_rejection: bool) -> Option<Remedy> {
    match step.action {
        Action::Replace => Some(Remedy::CorrectClaim),
        Action::Submit if step.payer != first_payer => Some(Remedy::BillOtherPayer),
        Action::Submit if after_rejection => Some(Remedy::Resubmit),
        Action::Submit => Some(Remedy::CorrectClaim),
        Action::Appeal => Some(Remedy::Appeal),
        Action::WriteOff => Some(Remedy::WriteOff),
        Action::BillPatient => Some(Remedy::BillPatient),
        Action::NoAction => Some(Remedy::NoAction),
        Action::Void => None,
    }
}

/// An outcome as words in a sentence: `PARTIALLY_PAID` -> `partially paid`.
fn plain(outcome: &str) -> String {
    outcome.to_lowercase().replace('_', " ")
}

fn closes(r: Remedy) -> bool {
    matches!(r, Remedy::WriteOff | Remedy::BillPatient | Remedy::NoAction)
}

/// Judges the steps, then the coding of the claim that settled the work against `expected`.
pub fn judge(scenario: Option<&Scenario>, expected: &Expected<'_>, steps: &[Step]) -> Verdict {
    let mut v = judge_remedy(scenario, steps);
    let settled = match v.outcome {
        "CLEAN" => Some(0),
        "RESOLVED" => v.notes.last().map(|n| n.step as usize - 1),
        _ => None,
    };
    let Some(claim) = settled.and_then(|i| steps.get(i)?.coded.as_deref()) else {
        return v;
    };
    v.coding = coding::compare(claim, expected);
    v.coding_score = Some(coding::score(&v.coding));
    if !v.coding.is_empty() {
        v.outcome = "MISCODED";
        v.score = 0;
        if let Some(n) = v.notes.last_mut() {
            n.correct = false;
            n.message = format!(
                "paid, but the claim is coded wrong ({} finding(s)): a claim the documentation does not support is a compliance failure even when the payer pays it",
                v.coding.len()
            );
        }
    }
    v
}

fn judge_remedy(scenario: Option<&Scenario>, steps: &[Step]) -> Verdict {
    let mut v = Verdict {
        outcome: "NOT_STARTED",
        score: 0,
        remedy_score: 0,
        coding_score: None,
        coding: Vec::new(),
        expected_remedy: scenario.map(|s| s.remedy),
        remedy_taken: None,
        notes: Vec::new(),
        explanation: None,
        closed: steps.iter().any(|s| {
            matches!(
                s.action,
                Action::WriteOff | Action::BillPatient | Action::NoAction
            )
        }),
    };
    let Some(first) = steps.first() else { return v };
    let note = |i: usize, s: &Step, correct: bool, message: String| StepNote {
        step: i as u32 + 1,
        action: action_name(s.action).to_owned(),
        outcome: s.outcome.clone(),
        correct,
        message,
    };
    // A denial the patient owes (PR-27 after coverage ended, PR-119 with a signed ABN) leaves
    // the practice's work undone when the scenario's remedy is to bill the patient: it is not
    // a clean claim until the patient is billed.
    let patient_to_bill = scenario.is_some_and(|sc| sc.remedy == Remedy::BillPatient)
        && matches!(first.outcome.as_str(), "DENIED" | "PARTIALLY_PAID");
    if first.settles() && !patient_to_bill {
        v.outcome = "CLEAN";
        v.score = 100;
        v.remedy_score = 100;
        v.notes.push(note(
            0,
            first,
            true,
            "clean claim: paid on the first submission".into(),
        ));
        return v;
    }
    v.notes.push(note(
        0,
        first,
        false,
        format!("first submission {}", plain(&first.outcome)),
    ));
    let mut after_rejection = first.outcome == "REJECTED";
    let mut wrong = 0u32;
    let mut resolved = false;
    for (i, s) in steps.iter().enumerate().skip(1) {
        let taken = remedy_of(s, &first.payer, after_rejection);
        after_rejection = s.outcome == "REJECTED";
        let right = match scenario {
            Some(sc) => taken == Some(sc.remedy),
            None => taken.is_some_and(|r| !closes(r)),
        };
        if v.remedy_taken.is_none() {
            v.remedy_taken = taken;
        }
        let done = match taken {
            Some(r) if closes(r) => right,
            _ => s.settles(),
        };
        let message = match (right, done) {
            (true, true) => "right remedy: the denial is resolved".to_owned(),
            (true, false) => format!(
                "right remedy, but the claim came back {}: look at the remarks",
                plain(&s.outcome)
            ),
            (false, _) => match scenario {
                Some(sc) => format!(
                    "not the remedy for this denial (expected {})",
                    plain(sc.remedy.as_str())
                ),
                None => "this does not get the claim paid".to_owned(),
            },
        };
        v.notes.push(note(i, s, right, message));
        if right && done {
            resolved = true;
            break;
        }
        if !right {
            wrong += 1;
        }
    }
    if scenario.is_some() && steps.len() > 1 {
        v.explanation = scenario.map(|s| format!("{} ({})", s.explanation, s.guideline));
    }
    (v.outcome, v.score) = if resolved {
        let submissions = steps.len() as u32 - 1;
        let penalty = if scenario.is_some() {
            25 * wrong
        } else {
            15 * submissions.saturating_sub(1)
        };
        ("RESOLVED", 100u32.saturating_sub(penalty).max(40))
    } else if steps.len() == 1 || wrong == 0 {
        ("IN_PROGRESS", 0)
    } else {
        ("UNRESOLVED", 0)
    };
    v.remedy_score = v.score;
    v
}

#[cfg(test)]
mod tests {
    use super::plain;

    /// A step's message reads as words, not an enum value ("came back partially_paid").
    #[test]
    fn outcomes_read_as_words() {
        assert_eq!(plain("PARTIALLY_PAID"), "partially paid");
        assert_eq!(plain("DENIED"), "denied");
    }
}
