//! Scoring a coding submission against an answer key (AAPC Practicode's published rules by
//! default, with pointers, POA, ICD-10-PCS and MS-DRG scored when the key has them):
//! score = points earned ÷ max(lines entered, lines expected) per category, weighted; the
//! right code with a wrong modifier or unit count earns partial credit; optional key lines
//! never lower the score; alternates ({A} or {B + C}) take the option that serves the
//! trainee best; only the first-listed / principal diagnosis is order-sensitive.

mod engine;
mod risk;
#[cfg(test)]
mod risk_tests;
#[cfg(test)]
mod tests;

pub use engine::{apply_credit, score};
pub use risk::score_review;

use crate::domain::cases::risk::{ConditionStatus, NotSupportedReason};

use serde::{Deserialize, Serialize};

/// What a trainee entered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    /// In claim order: the first is first-listed / principal.
    pub diagnoses: Vec<SubmittedDiagnosis>,
    pub procedures: Vec<SubmittedProcedure>,
    pub pcs: Vec<SubmittedPcs>,
    /// A DRG the trainee typed: a practice field, scored on its own line outside the percent.
    pub drg: Option<String>,
    /// The DRG the trainee's codes group to, set by the server's MS-DRG grouper at scoring
    /// (never entered): the DRG that is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grouped_drg: Option<String>,
    /// RISK_ADJUSTMENT: the conditions coded (capture) or the submitted codes marked (audit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<SubmittedCondition>,
}

/// A condition a trainee codes in a chart review, or a submitted code they mark in an audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedCondition {
    /// Normalized (upper case, no dot).
    pub code: String,
    /// Absent: SUPPORTED (a capture line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConditionStatus>,
    /// NOT_SUPPORTED marks: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotSupportedReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedDiagnosis {
    /// Normalized (upper case, no dot).
    pub code: String,
    pub poa: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedProcedure {
    /// CPT or HCPCS.
    pub system: String,
    pub code: String,
    pub modifiers: Vec<String>,
    pub units: u32,
    /// Letters A–L pointing at the submitted diagnoses.
    pub pointers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedPcs {
    pub code: String,
    pub principal: bool,
}

/// Weights and partial credits, configurable per case set (missing fields take the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Policy {
    pub diagnosis_weight: f64,
    pub procedure_weight: f64,
    pub pcs_weight: f64,
    pub drg_weight: f64,
    /// Credit for the right code with a wrong modifier or unit count.
    pub partial_credit: f64,
    /// Deducted when the first-listed/principal diagnosis or principal procedure is out of place.
    pub sequence_penalty: f64,
    /// Deducted when a line's pointers do not name the diagnoses the key links.
    pub pointer_penalty: f64,
    /// Deducted for a wrong POA indicator.
    pub poa_penalty: f64,
}

impl Policy {
    /// Every weight and credit between 0 and 10, and at least one weight above 0.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            ("diagnosisWeight", self.diagnosis_weight),
            ("procedureWeight", self.procedure_weight),
            ("pcsWeight", self.pcs_weight),
            ("drgWeight", self.drg_weight),
            ("partialCredit", self.partial_credit),
            ("sequencePenalty", self.sequence_penalty),
            ("pointerPenalty", self.pointer_penalty),
            ("poaPenalty", self.poa_penalty),
        ];
        for (name, v) in all {
            if !(0.0..=10.0).contains(&v) || v.is_nan() {
                return Err(format!("{name} must be between 0 and 10 (got {v})"));
            }
        }
        if self.partial_credit > 1.0 {
            return Err("partialCredit is a share of a line's point: at most 1".into());
        }
        if all[..4].iter().all(|(_, w)| *w == 0.0) {
            return Err("at least one weight must be above 0".into());
        }
        Ok(())
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            diagnosis_weight: 1.0,
            procedure_weight: 1.0,
            pcs_weight: 1.0,
            drg_weight: 1.0,
            partial_credit: 0.5,
            sequence_penalty: 0.5,
            pointer_penalty: 0.25,
            poa_penalty: 0.25,
        }
    }
}

/// Which part of the coding a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LineKind {
    Diagnosis,
    Procedure,
    Pcs,
    Drg,
    /// A RISK_ADJUSTMENT condition (coded, or a submitted code marked).
    Condition,
}

/// The verdict on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    Correct,
    Partial,
    Missing,
    Extra,
    WrongSequence,
    WrongPointer,
    WrongPoa,
    /// An audit mark with the wrong status (SUPPORTED for an unsupported code, or the reverse).
    Wrong,
}

/// What was wrong in a line whose code was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Issue {
    Modifier,
    Units,
    Sequence,
    Pointer,
    Poa,
    /// A less specific code in the right HCC.
    Specificity,
    /// NOT_SUPPORTED with a reason other than the key's.
    Reason,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineResult {
    pub kind: LineKind,
    pub verdict: Verdict,
    pub issues: Vec<Issue>,
    /// The code entered, if any.
    pub submitted: Option<String>,
    /// The key's code for this line, if any.
    pub expected: Option<String>,
    pub points: f64,
    pub max_points: f64,
    pub rationale: Option<String>,
    pub guideline: Option<String>,
    /// Targeted feedback for a code entered by mistake.
    pub feedback: Option<String>,
    /// Manual credit an instructor gave this line: the reason, when any.
    #[serde(default)]
    pub credit: Option<String>,
    /// RISK_ADJUSTMENT lines: the key's status and reason, and the trainee's mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionMarks>,
}

/// The key's verdict on a condition and the trainee's, on a RISK_ADJUSTMENT line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionMarks {
    pub key_status: Option<ConditionStatus>,
    pub key_reason: Option<NotSupportedReason>,
    /// WRONG_SPECIFICITY: the code the record supports.
    pub correct_code: Option<String>,
    pub trainee_status: Option<ConditionStatus>,
    pub trainee_reason: Option<NotSupportedReason>,
}

/// The explained score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreReport {
    pub lines: Vec<LineResult>,
    pub earned: f64,
    pub possible: f64,
    /// 0–100.
    pub percent: f64,
    /// The DRG the trainee typed, against the key's: its own verdict, not in the percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed_drg: Option<LineResult>,
    /// Inpatient: the trainee's grouped DRG against the key's, in money and reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drg: Option<crate::domain::drg::DrgComparison>,
    /// RISK_ADJUSTMENT: the HCCs and RAF of the trainee's coding against the key's (shown,
    /// not scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<crate::domain::risk::RiskComparison>,
}
