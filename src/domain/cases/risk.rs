//! RISK_ADJUSTMENT chart-review cases (docs/risk-adjustment.md): the member the CMS-HCC model
//! scores, the review's mode (CAPTURE every supported condition, or AUDIT the codes a plan
//! submitted), and the key's conditions with their MEAT evidence or the reason they are not
//! supported. The checks are in `validate_risk.rs`; scoring in `domain::scoring::risk`.

use crate::domain::risk::{self, DualStatus, MemberYear, Orec, Segment, Sex};
use serde::{Deserialize, Serialize};

/// The payment years the engine scores (its tables are V28, payment year 2026).
pub const PAYMENT_YEARS: &[i32] = &[risk::PAYMENT_YEAR];

/// The `riskAdjustment` block of a RISK_ADJUSTMENT case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskAdjustment {
    pub payment_year: i32,
    pub member: RiskMember,
    pub mode: ReviewMode,
    /// AUDIT only: the codes the plan submitted for the member-year (dotted or not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submitted_codes: Vec<String>,
}

/// The member's demographics as the risk model takes them (never read from `patient`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskMember {
    /// Age as of February 1 of the payment year.
    #[serde(rename = "ageFeb1")]
    pub age_feb1: u8,
    /// F or M.
    pub sex: String,
    pub dual_status: MemberDual,
    /// Original reason for entitlement: "0" old age, "1" disability, "2" ESRD, "3" both.
    pub orec: String,
    pub segment: MemberSegment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MemberDual {
    NonDual,
    FullBenefit,
    PartialBenefit,
}

/// A chart review scores a full diagnosis year: community or long-term institutional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MemberSegment {
    Community,
    Institutional,
}

/// What the trainee does with the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewMode {
    /// List every condition the record supports.
    Capture,
    /// Mark each submitted code SUPPORTED or NOT_SUPPORTED (RADV-style).
    Audit,
}

/// Whether the record supports a condition for risk adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConditionStatus {
    Supported,
    NotSupported,
}

/// Why a condition is not supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotSupportedReason {
    /// On a problem list or past history, with no MEAT in a face-to-face note.
    ListedOnly,
    /// Resolved or past.
    Historical,
    RuledOut,
    /// "Probable", "suspected", "rule out" in an outpatient note (Guideline IV.H).
    UncertainOutpatient,
    /// From a document a submission cannot use (lab, radiology read, unsigned note, …).
    NotAcceptableSource,
    /// The condition is real but the code is not the one the record supports (`correctCode`).
    WrongSpecificity,
    NotInDiagnosisYear,
}

impl NotSupportedReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ListedOnly => "LISTED_ONLY",
            Self::Historical => "HISTORICAL",
            Self::RuledOut => "RULED_OUT",
            Self::UncertainOutpatient => "UNCERTAIN_OUTPATIENT",
            Self::NotAcceptableSource => "NOT_ACCEPTABLE_SOURCE",
            Self::WrongSpecificity => "WRONG_SPECIFICITY",
            Self::NotInDiagnosisYear => "NOT_IN_DIAGNOSIS_YEAR",
        }
    }

    /// The reason in words, as the score report shows it.
    pub fn gloss(self) -> &'static str {
        match self {
            Self::ListedOnly => "listed only: no MEAT in a face-to-face note",
            Self::Historical => "historical: resolved or past, not a current condition",
            Self::RuledOut => "ruled out",
            Self::UncertainOutpatient => {
                "uncertain diagnosis in an outpatient note: not coded (Guideline IV.H)"
            }
            Self::NotAcceptableSource => "not from an acceptable risk-adjustment source",
            Self::WrongSpecificity => "the record supports a different code",
            Self::NotInDiagnosisYear => "not documented in the diagnosis year",
        }
    }
}

/// Monitor, evaluate, assess/address, treat: what a sentence shows of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Meat {
    Monitor,
    Evaluate,
    Assess,
    Treat,
}

/// The sentence of a document that supports (or fails to support) a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Evidence {
    /// Index into the case's `documents` (0 is the first).
    pub document: usize,
    /// Found verbatim in that document's body.
    pub sentence: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meat: Vec<Meat>,
}

/// A condition of the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    pub code: String,
    pub status: ConditionStatus,
    /// NOT_SUPPORTED only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotSupportedReason>,
    /// WRONG_SPECIFICITY only: the code the record supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_code: Option<String>,
    pub evidence: Evidence,
    pub rationale: String,
    pub reference: String,
}

impl RiskMember {
    /// The member-year the V28 engine scores with these codes.
    pub fn member_year(&self, diagnoses: Vec<String>) -> Result<MemberYear, String> {
        let sex = match self.sex.as_str() {
            "F" => Sex::Female,
            "M" => Sex::Male,
            other => return Err(format!("'{other}' is not F or M")),
        };
        let orec = match self.orec.as_str() {
            "0" => Orec::OldAge,
            "1" => Orec::Disability,
            "2" => Orec::Esrd,
            "3" => Orec::DisabilityAndEsrd,
            other => return Err(format!("'{other}' is not an OREC (0, 1, 2 or 3)")),
        };
        Ok(MemberYear {
            diagnoses,
            age: self.age_feb1,
            sex,
            dual: match self.dual_status {
                MemberDual::NonDual => DualStatus::NonDual,
                MemberDual::FullBenefit => DualStatus::FullBenefit,
                MemberDual::PartialBenefit => DualStatus::PartialBenefit,
            },
            orec,
            segment: match self.segment {
                MemberSegment::Community => Segment::Community,
                MemberSegment::Institutional => Segment::Institutional,
            },
        })
    }
}

/// Upper case, no dot, no spaces.
pub fn bare(code: &str) -> String {
    risk::bare(code)
}
