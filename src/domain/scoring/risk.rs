//! Scoring a RISK_ADJUSTMENT chart review (docs/risk-adjustment.md, "Scoring"), line by line on
//! conditions with the Practicode rule (earned ÷ max(entered, keyed)):
//! - capture: a SUPPORTED condition coded exactly is correct; a different code in the same HCC
//!   earns partial credit (HCC right, code wrong); a NOT_SUPPORTED condition coded is an extra
//!   shown with the key's reason; any other code is an extra; a SUPPORTED condition not coded
//!   is missing.
//! - audit: each submitted code marked as the key marks it is correct (NOT_SUPPORTED with the
//!   key's reason; another reason is partial); the other status is wrong; an unmarked one is
//!   missing. SUPPORTED conditions the plan missed are scored as in capture.
//!
//! Beside the lines, the RAF comparison (`risk::compare`): shown, never in the percent, so that
//! coding an unsupported HCC is never rewarded.

use super::{
    ConditionMarks, Issue, LineKind, LineResult, Policy, ScoreReport, Submission, Verdict,
};
use crate::domain::cases::AnswerKey;
use crate::domain::cases::risk::{Condition, ConditionStatus, ReviewMode, RiskAdjustment, bare};
use crate::domain::risk::{self, dotted};
use std::collections::BTreeSet;

/// A trainee's line: a code and the mark given to it (`None`: coded, i.e. SUPPORTED).
struct Entry {
    code: String,
    status: Option<ConditionStatus>,
    reason: Option<crate::domain::cases::risk::NotSupportedReason>,
}

impl Entry {
    fn coded(&self) -> bool {
        self.status != Some(ConditionStatus::NotSupported)
    }
}

/// The trainee's conditions, then diagnoses entered in the ordinary field, once per code.
fn entries(sub: &Submission) -> Vec<Entry> {
    let mut seen = BTreeSet::new();
    let from_conditions = sub.conditions.iter().map(|c| Entry {
        code: bare(&c.code),
        status: c.status,
        reason: c.reason,
    });
    let from_diagnoses = sub.diagnoses.iter().map(|d| Entry {
        code: bare(&d.code),
        status: None,
        reason: None,
    });
    from_conditions
        .chain(from_diagnoses)
        .filter(|e| seen.insert(e.code.clone()))
        .collect()
}

#[derive(Default)]
struct Tally {
    entered: usize,
    keyed: usize,
}

fn marks(k: Option<&Condition>, e: Option<&Entry>) -> Option<ConditionMarks> {
    Some(ConditionMarks {
        key_status: k.map(|k| k.status),
        key_reason: k.and_then(|k| k.reason),
        correct_code: k.and_then(|k| k.correct_code.clone()),
        trainee_status: e.map(|e| e.status.unwrap_or(ConditionStatus::Supported)),
        trainee_reason: e.and_then(|e| e.reason),
    })
}

fn result(
    verdict: Verdict,
    issues: Vec<Issue>,
    e: Option<&Entry>,
    k: Option<&Condition>,
    points: f64,
    max_points: f64,
    feedback: Option<String>,
) -> LineResult {
    LineResult {
        kind: LineKind::Condition,
        verdict,
        issues,
        submitted: e.map(|e| dotted(&e.code)),
        expected: k.map(|k| dotted(&bare(&k.code))),
        points,
        max_points,
        rationale: k.map(|k| k.rationale.clone()),
        guideline: k.map(|k| k.reference.clone()),
        feedback,
        credit: None,
        condition: marks(k, e),
    }
}

fn feedback_for(key: &AnswerKey, code: &str) -> Option<String> {
    key.feedback
        .iter()
        .find(|f| bare(&f.if_coded.code) == code)
        .map(|f| f.message.clone())
}

fn shares_hcc(a: &str, b: &str) -> bool {
    let ha = risk::hccs_of(a);
    !ha.is_empty() && risk::hccs_of(b).iter().any(|h| ha.contains(h))
}

/// Capture scoring of `entries` (coded lines) against `keyed` conditions.
fn capture(
    key: &AnswerKey,
    entries: &[&Entry],
    keyed: &[&Condition],
    policy: &Policy,
    lines: &mut Vec<LineResult>,
    t: &mut Tally,
) {
    let mut used = vec![false; keyed.len()];
    let mut left: Vec<&Entry> = Vec::new();
    t.entered += entries.len();
    t.keyed += keyed
        .iter()
        .filter(|k| k.status == ConditionStatus::Supported)
        .count();
    for e in entries {
        let Some(i) = keyed.iter().position(|k| bare(&k.code) == e.code) else {
            left.push(e);
            continue;
        };
        used[i] = true;
        let k = keyed[i];
        lines.push(match k.reason {
            None => result(Verdict::Correct, vec![], Some(e), Some(k), 1.0, 1.0, None),
            Some(r) => result(
                Verdict::Extra,
                vec![],
                Some(e),
                Some(k),
                0.0,
                0.0,
                Some(format!("Not supported: {}.", r.gloss())),
            ),
        });
    }
    for e in left {
        let near = keyed.iter().enumerate().position(|(i, k)| {
            !used[i] && k.status == ConditionStatus::Supported && shares_hcc(&e.code, &k.code)
        });
        match near {
            Some(i) => {
                used[i] = true;
                let p = policy.partial_credit;
                let fb = format!(
                    "Right HCC, but the record supports {}.",
                    dotted(&bare(&keyed[i].code))
                );
                lines.push(result(
                    Verdict::Partial,
                    vec![Issue::Specificity],
                    Some(e),
                    Some(keyed[i]),
                    p,
                    1.0,
                    Some(fb),
                ));
            }
            None => lines.push(result(
                Verdict::Extra,
                vec![],
                Some(e),
                None,
                0.0,
                0.0,
                feedback_for(key, &e.code),
            )),
        }
    }
    for (i, k) in keyed.iter().enumerate() {
        if !used[i] && k.status == ConditionStatus::Supported {
            lines.push(result(
                Verdict::Missing,
                vec![],
                None,
                Some(k),
                0.0,
                1.0,
                None,
            ));
        }
    }
}

/// Audit scoring of the marks on the submitted codes.
fn audit(
    submitted: &[String],
    keyed: &[Condition],
    entries: &[Entry],
    policy: &Policy,
    lines: &mut Vec<LineResult>,
    t: &mut Tally,
) {
    for s in submitted {
        let Some(k) = keyed.iter().find(|k| bare(&k.code) == *s) else {
            continue;
        };
        t.keyed += 1;
        let Some(e) = entries.iter().find(|e| e.code == *s) else {
            lines.push(result(
                Verdict::Missing,
                vec![],
                None,
                Some(k),
                0.0,
                1.0,
                None,
            ));
            continue;
        };
        t.entered += 1;
        let status = e.status.unwrap_or(ConditionStatus::Supported);
        let (verdict, issues, points) = if status != k.status {
            (Verdict::Wrong, vec![], 0.0)
        } else if k.reason.is_some() && e.reason != k.reason {
            (Verdict::Partial, vec![Issue::Reason], policy.partial_credit)
        } else {
            (Verdict::Correct, vec![], 1.0)
        };
        let fb = k.reason.map(|r| format!("Not supported: {}.", r.gloss()));
        lines.push(result(verdict, issues, Some(e), Some(k), points, 1.0, fb));
    }
}

/// Scores a chart review against its key, with the RAF comparison for the case's member.
pub fn score_review(
    key: &AnswerKey,
    ra: &RiskAdjustment,
    sub: &Submission,
    policy: &Policy,
) -> ScoreReport {
    let all = entries(sub);
    let submitted: Vec<String> = match ra.mode {
        ReviewMode::Capture => Vec::new(),
        ReviewMode::Audit => ra.submitted_codes.iter().map(|c| bare(c)).collect(),
    };
    let mut lines = Vec::new();
    let mut t = Tally::default();
    audit(
        &submitted,
        &key.conditions,
        &all,
        policy,
        &mut lines,
        &mut t,
    );
    let rest: Vec<&Entry> = all
        .iter()
        .filter(|e| e.coded() && !submitted.contains(&e.code))
        .collect();
    let keyed: Vec<&Condition> = key
        .conditions
        .iter()
        .filter(|k| !submitted.contains(&bare(&k.code)))
        .collect();
    capture(key, &rest, &keyed, policy, &mut lines, &mut t);
    for l in &mut lines {
        l.points *= policy.diagnosis_weight;
        l.max_points *= policy.diagnosis_weight;
    }
    let earned: f64 = lines.iter().map(|l| l.points).sum();
    let possible = policy.diagnosis_weight * t.entered.max(t.keyed) as f64;
    let percent = if possible > 0.0 {
        (100.0 * earned / possible).clamp(0.0, 100.0)
    } else {
        100.0
    };
    let key_codes: Vec<String> = key
        .conditions
        .iter()
        .filter(|k| k.status == ConditionStatus::Supported)
        .map(|k| bare(&k.code))
        .collect();
    let trainee_codes: Vec<String> = all
        .iter()
        .filter(|e| e.coded())
        .map(|e| e.code.clone())
        .collect();
    let risk = ra
        .member
        .member_year(Vec::new())
        .ok()
        .and_then(|m| risk::compare(&m, &key_codes, &trainee_codes).ok());
    ScoreReport {
        lines,
        earned,
        possible,
        percent,
        typed_drg: None,
        drg: None,
        risk,
    }
}
