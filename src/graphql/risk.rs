//! CMS-HCC risk adjustment: the `riskScore` query (V28 model, payment year 2026).

use super::context::CtxExt;
use super::scalars::Date;
use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::{System, display};
use crate::domain::risk::{self as dom, EditCondition};
use crate::service::risk::{ScoreRiskRequest, score_risk};
use async_graphql::{Context, Enum, InputObject, Object, ResultExt, SimpleObject};
use std::sync::Arc;

/// Sex as CMS's enrollment files carry it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RiskSex {
    Female,
    Male,
}

/// Medicaid status in the payment year.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DualStatus {
    /// Not enrolled in Medicaid.
    NonDual,
    /// Full-benefit dual eligible.
    FullBenefit,
    /// Partial-benefit dual eligible (QMB-only, SLMB-only, QI, …).
    PartialBenefit,
}

/// The model segment that scores the member.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum RiskSegment {
    /// Community: aged (65+) or disabled (under 65) by age; dual status picks non-dual,
    /// full-benefit or partial-benefit factors (CNA, CND, CFA, CFD, CPA, CPD).
    Community,
    /// Long-term institutional, 90 days or more in a facility (INS).
    Institutional,
    /// New enrollee without a full diagnosis year: demographic factors only (NE).
    NewEnrollee,
    /// New enrollee in a chronic-condition special needs plan (SNPNE).
    SnpNewEnrollee,
}

/// A member-year to score.
#[derive(InputObject, Debug)]
pub struct RiskScoreInput {
    /// ICD-10-CM codes of the diagnosis year, with or without the dot; at most 100. Each must
    /// be billable on `dateOfService`. Duplicates count once.
    #[graphql(default)]
    pub diagnoses: Vec<String>,
    /// Age as of February 1 of the payment year (0–120).
    pub age: i32,
    pub sex: RiskSex,
    pub dual_status: DualStatus,
    /// Original reason for entitlement: 0 old age, 1 disability, 2 ESRD, 3 disability and ESRD.
    pub orec: String,
    pub segment: RiskSegment,
    /// The date the codes are checked on: within 2025, the diagnosis year of payment year
    /// 2026 (default 2025-12-31).
    pub date_of_service: Option<Date>,
}

/// A payment HCC with the codes that put it there.
#[derive(SimpleObject, Debug)]
pub struct RiskHcc {
    /// The HCC number (V28: 1–463).
    pub hcc: i32,
    /// CMS's label.
    pub label: String,
    /// The member's ICD-10-CM codes that map to it (dotted).
    pub codes: Vec<String>,
    /// Its relative factor in the member's segment.
    pub factor: f64,
}

/// An HCC the member had that does not count.
#[derive(SimpleObject, Debug)]
pub struct RiskDroppedHcc {
    pub hcc: i32,
    pub label: String,
    pub codes: Vec<String>,
    /// The higher-ranked HCC that dropped it (none for the HCC 223 rule).
    pub dropped_by: Option<i32>,
    pub reason: String,
}

/// A mandatory age/sex edit that changed a code's HCC (CMS V28I0ED1).
#[derive(SimpleObject, Debug)]
pub struct RiskEdit {
    pub code: String,
    /// FEMALE, AGE_UNDER_<n> or AGE_AT_LEAST_<n>.
    pub condition: String,
    /// The HCC the code maps to after the edit; none when it maps to no HCC.
    pub hcc: Option<i32>,
}

/// A demographic factor, interaction term or payment-HCC count term.
#[derive(SimpleObject, Debug)]
pub struct RiskTerm {
    /// `F70_74`, `OriginallyDisabled_Female`, `LTIMCAID`, `DIABETES_HF`, `D3`, …
    pub name: String,
    /// The CMS variable, prefixed by the segment (`CNA_F70_74`).
    pub variable: String,
    pub factor: f64,
}

/// A member-year's risk score and everything that went into it.
#[derive(SimpleObject, Debug)]
pub struct RiskScore {
    pub model: String,
    pub payment_year: i32,
    /// The segment's CMS prefix: CNA, CND, CFA, CFD, CPA, CPD, INS or a new-enrollee cell.
    pub segment_variable: String,
    /// Under 65 with an OREC other than 0.
    pub disabled: bool,
    /// Entitled by disability (OREC 1 or 3) and now 65 or older.
    pub originally_disabled: bool,
    /// HCCs that count, after hierarchies.
    pub hccs: Vec<RiskHcc>,
    /// HCCs before hierarchies.
    pub hccs_before_hierarchies: Vec<RiskHcc>,
    /// HCCs dropped by a hierarchy (or the HCC 223 rule), and why.
    pub dropped_hccs: Vec<RiskDroppedHcc>,
    pub age_sex_edits: Vec<RiskEdit>,
    /// Valid codes that map to no payment HCC.
    pub codes_without_hcc: Vec<String>,
    pub demographic_factors: Vec<RiskTerm>,
    /// Interaction terms and the payment-HCC count term.
    pub interactions: Vec<RiskTerm>,
    pub demographic_total: f64,
    pub hcc_total: f64,
    pub interaction_total: f64,
    /// The sum of all factors: the model's score before normalization.
    pub raw_score: f64,
    /// FFS normalization factor for payment year 2026 (1.067).
    pub normalization_factor: f64,
    /// raw / normalization factor, rounded to three decimals.
    pub normalized_score: f64,
    /// MA coding pattern adjustment (0.059).
    pub coding_pattern_adjustment: f64,
    /// normalized × (1 − coding pattern adjustment), rounded to three decimals.
    pub payment_score: f64,
}

fn dotted(codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| display(System::Icd10Cm, c)).collect()
}

fn hcc(h: &dom::HccHit) -> RiskHcc {
    RiskHcc {
        hcc: i32::from(h.hcc),
        label: h.label.clone(),
        codes: dotted(&h.codes),
        factor: h.factor.as_f64(),
    }
}

fn term(t: &dom::Term) -> RiskTerm {
    RiskTerm {
        name: t.name.clone(),
        variable: t.variable.clone(),
        factor: t.factor.as_f64(),
    }
}

impl From<dom::RiskScore> for RiskScore {
    fn from(s: dom::RiskScore) -> Self {
        RiskScore {
            model: dom::MODEL.to_owned(),
            payment_year: dom::PAYMENT_YEAR,
            segment_variable: s.variant.clone(),
            disabled: s.disabled,
            originally_disabled: s.originally_disabled,
            hccs: s.hccs.iter().map(hcc).collect(),
            hccs_before_hierarchies: s.mapped.iter().map(hcc).collect(),
            dropped_hccs: s
                .dropped
                .iter()
                .map(|d| RiskDroppedHcc {
                    hcc: i32::from(d.hcc),
                    label: d.label.clone(),
                    codes: dotted(&d.codes),
                    dropped_by: d.by.map(i32::from),
                    reason: d.reason.clone(),
                })
                .collect(),
            age_sex_edits: s
                .edits
                .iter()
                .map(|e| RiskEdit {
                    code: display(System::Icd10Cm, &e.code),
                    condition: match e.condition {
                        EditCondition::Female => "FEMALE".to_owned(),
                        EditCondition::AgeUnder(a) => format!("AGE_UNDER_{a}"),
                        EditCondition::AgeAtLeast(a) => format!("AGE_AT_LEAST_{a}"),
                    },
                    hcc: e.hcc.map(i32::from),
                })
                .collect(),
            codes_without_hcc: dotted(&s.unmapped),
            demographic_factors: s.demographics.iter().map(term).collect(),
            interactions: s.interactions.iter().map(term).collect(),
            demographic_total: s.demographic_total.as_f64(),
            hcc_total: s.hcc_total.as_f64(),
            interaction_total: s.interaction_total.as_f64(),
            raw_score: s.raw.as_f64(),
            normalization_factor: s.normalization_factor.as_f64(),
            normalized_score: s.normalized.as_f64(),
            coding_pattern_adjustment: s.coding_adjustment.as_f64(),
            payment_score: s.payment.as_f64(),
        }
    }
}

#[derive(Default)]
pub struct RiskQuery;

#[Object]
impl RiskQuery {
    /// Scores a member-year with the CMS-HCC V28 model for payment year 2026 (what-if study for
    /// any signed-in user): HCCs and the codes behind them, hierarchies, interactions, factors,
    /// and the raw, normalized and payment scores.
    async fn risk_score(
        &self,
        ctx: &Context<'_>,
        input: RiskScoreInput,
    ) -> async_graphql::Result<RiskScore> {
        let viewer = ctx.viewer()?;
        let index = ctx.data_unchecked::<Arc<CodeIndex>>();
        let request = ScoreRiskRequest {
            diagnoses: input.diagnoses,
            age: input.age,
            sex: match input.sex {
                RiskSex::Female => dom::Sex::Female,
                RiskSex::Male => dom::Sex::Male,
            },
            dual: match input.dual_status {
                DualStatus::NonDual => dom::DualStatus::NonDual,
                DualStatus::FullBenefit => dom::DualStatus::FullBenefit,
                DualStatus::PartialBenefit => dom::DualStatus::PartialBenefit,
            },
            orec: input.orec,
            segment: match input.segment {
                RiskSegment::Community => dom::Segment::Community,
                RiskSegment::Institutional => dom::Segment::Institutional,
                RiskSegment::NewEnrollee => dom::Segment::NewEnrollee,
                RiskSegment::SnpNewEnrollee => dom::Segment::SnpNewEnrollee,
            },
            date_of_service: input.date_of_service.map(|d| d.0),
        };
        score_risk(viewer, index, request).map(Into::into).extend()
    }
}
