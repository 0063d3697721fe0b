//! RISK_ADJUSTMENT chart reviews over GraphQL: the review block a trainee reads on the case
//! (`Case.riskAdjustment`), the conditions they enter (`SubmissionInput.conditions`), and the
//! RAF comparison and per-line marks of the score report (`AttemptScore.risk`,
//! `ScoreLine.condition`). Conversions only; the rules are in `domain::scoring::risk`.

use super::risk::RiskHcc;
use crate::domain::cases::risk as dom;
use crate::domain::risk::{HccLine, RiskComparison};
use crate::domain::scoring::{ConditionMarks, SubmittedCondition};
use async_graphql::{Enum, InputObject, SimpleObject};

/// Whether the record supports a condition for risk adjustment.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ConditionStatus {
    Supported,
    NotSupported,
}

/// Why a condition is not supported.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum NotSupportedReason {
    /// Problem list or past history only, no MEAT in a face-to-face note.
    ListedOnly,
    /// Resolved or past.
    Historical,
    RuledOut,
    /// "Probable", "suspected", "rule out" in an outpatient note (Guideline IV.H).
    UncertainOutpatient,
    /// From a document a submission cannot use (lab, radiology read, unsigned note, …).
    NotAcceptableSource,
    /// The condition is real, the code is not the one the record supports.
    WrongSpecificity,
    NotInDiagnosisYear,
}

macro_rules! both_ways {
    ($a:ty, $b:ty, $($v:ident),*) => {
        impl From<$a> for $b {
            fn from(x: $a) -> Self {
                match x { $(<$a>::$v => <$b>::$v),* }
            }
        }
        impl From<$b> for $a {
            fn from(x: $b) -> Self {
                match x { $(<$b>::$v => <$a>::$v),* }
            }
        }
    };
}
both_ways!(
    ConditionStatus,
    dom::ConditionStatus,
    Supported,
    NotSupported
);
both_ways!(
    NotSupportedReason,
    dom::NotSupportedReason,
    ListedOnly,
    Historical,
    RuledOut,
    UncertainOutpatient,
    NotAcceptableSource,
    WrongSpecificity,
    NotInDiagnosisYear
);

/// A condition coded (capture), or a submitted code marked (audit).
#[derive(InputObject)]
pub struct ConditionEntry {
    /// ICD-10-CM, with or without the dot.
    pub code: String,
    /// Omitted: SUPPORTED (a condition coded). An audit marks each submitted code.
    pub status: Option<ConditionStatus>,
    /// With NOT_SUPPORTED only.
    pub reason: Option<NotSupportedReason>,
}

impl From<ConditionEntry> for SubmittedCondition {
    fn from(c: ConditionEntry) -> Self {
        SubmittedCondition {
            code: c.code,
            status: c.status.map(Into::into),
            reason: c.reason.map(Into::into),
        }
    }
}

/// The member the risk model scores.
#[derive(SimpleObject)]
pub struct RiskMember {
    /// Age on February 1 of the payment year.
    pub age_feb1: i32,
    /// F or M.
    pub sex: String,
    /// NON_DUAL, FULL_BENEFIT or PARTIAL_BENEFIT.
    pub dual_status: String,
    /// Original reason for entitlement: 0 old age, 1 disability, 2 ESRD, 3 both.
    pub orec: String,
    /// COMMUNITY or INSTITUTIONAL.
    pub segment: String,
}

/// What a chart-review case asks.
#[derive(SimpleObject)]
pub struct CaseRiskReview {
    pub payment_year: i32,
    pub member: RiskMember,
    /// CAPTURE (code every supported condition) or AUDIT (mark each submitted code).
    pub mode: String,
    /// AUDIT: the codes the plan submitted (as written in the case).
    pub submitted_codes: Vec<String>,
}

fn shout<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|x| x.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl From<dom::RiskAdjustment> for CaseRiskReview {
    fn from(r: dom::RiskAdjustment) -> Self {
        CaseRiskReview {
            payment_year: r.payment_year,
            member: RiskMember {
                age_feb1: i32::from(r.member.age_feb1),
                sex: r.member.sex.clone(),
                dual_status: shout(&r.member.dual_status),
                orec: r.member.orec.clone(),
                segment: shout(&r.member.segment),
            },
            mode: shout(&r.mode),
            submitted_codes: r.submitted_codes,
        }
    }
}

/// The key's verdict on a condition and the trainee's mark.
#[derive(SimpleObject)]
pub struct ConditionScore {
    pub key_status: Option<ConditionStatus>,
    pub key_reason: Option<NotSupportedReason>,
    /// WRONG_SPECIFICITY: the code the record supports.
    pub correct_code: Option<String>,
    pub trainee_status: Option<ConditionStatus>,
    pub trainee_reason: Option<NotSupportedReason>,
}

impl From<ConditionMarks> for ConditionScore {
    fn from(m: ConditionMarks) -> Self {
        ConditionScore {
            key_status: m.key_status.map(Into::into),
            key_reason: m.key_reason.map(Into::into),
            correct_code: m.correct_code,
            trainee_status: m.trainee_status.map(Into::into),
            trainee_reason: m.trainee_reason.map(Into::into),
        }
    }
}

/// The trainee's coding against the key's in the CMS-HCC model: shown, not scored.
#[derive(SimpleObject)]
pub struct RiskReviewScore {
    pub model: String,
    /// The model's segment variant (CNA, CFA, INS, …).
    pub variant: String,
    /// Payment HCCs of the key's SUPPORTED codes, after hierarchies.
    pub key_hccs: Vec<RiskHcc>,
    /// Payment HCCs of the trainee's coding.
    pub trainee_hccs: Vec<RiskHcc>,
    /// HCCs the trainee's coding adds (unsupported, or a code in the wrong HCC).
    pub gained: Vec<RiskHcc>,
    /// HCCs the trainee's coding loses (missed, or a code too unspecific).
    pub lost: Vec<RiskHcc>,
    /// Hierarchies and interaction terms that made codes matter or not.
    pub notes: Vec<String>,
    pub key_raw_score: f64,
    pub trainee_raw_score: f64,
    pub key_payment_score: f64,
    pub trainee_payment_score: f64,
    /// Trainee's raw score minus the key's.
    pub raw_delta: f64,
    /// Trainee's payment score minus the key's.
    pub payment_delta: f64,
}

fn e3(v: i64) -> f64 {
    v as f64 / 1000.0
}

fn hcc(h: HccLine) -> RiskHcc {
    RiskHcc {
        hcc: i32::from(h.hcc),
        label: h.label,
        codes: h.codes,
        factor: e3(h.factor_e3),
    }
}

impl From<RiskComparison> for RiskReviewScore {
    fn from(c: RiskComparison) -> Self {
        RiskReviewScore {
            model: c.model,
            variant: c.variant,
            key_raw_score: e3(c.key.raw_e3),
            trainee_raw_score: e3(c.trainee.raw_e3),
            key_payment_score: e3(c.key.payment_e3),
            trainee_payment_score: e3(c.trainee.payment_e3),
            raw_delta: e3(c.raw_delta_e3),
            payment_delta: e3(c.payment_delta_e3),
            key_hccs: c.key.hccs.into_iter().map(hcc).collect(),
            trainee_hccs: c.trainee.hccs.into_iter().map(hcc).collect(),
            gained: c.gained.into_iter().map(hcc).collect(),
            lost: c.lost.into_iter().map(hcc).collect(),
            notes: c.notes,
        }
    }
}
