//! CMS-HCC risk adjustment: the 2024 CMS-HCC model (V28, 115 payment HCCs) as used for
//! Medicare Advantage payment year 2026 (100 % V28; CY 2026 Rate Announcement).
//!
//! A member-year (the year's ICD-10-CM diagnoses, age as of February 1 of the payment year,
//! sex, Medicaid dual status, original reason for entitlement, segment) goes through the steps
//! of CMS's SAS software: diagnoses -> HCCs (format F2823T2N), the mandatory age/sex edits
//! (V28I0ED1), hierarchies applied in CMS's order (V28115H1), the HCC 223 rule, the payment-HCC
//! count and interaction terms (V2823T2M), then the relative factors of the member's segment
//! are summed into the raw risk score. The payment score divides by the FFS normalization
//! factor and applies the MA coding pattern adjustment, each rounded to three decimals. The
//! tables are `seed/codesets/hcc/` (provenance in its README); `hccpy` (PyPI) is the oracle
//! in `.ci/run`.

mod compare;
mod engine;
mod tables;

#[cfg(test)]
mod tests;

pub use compare::{HccLine, RiskComparison, RiskSummary, compare, dotted};
pub use engine::{Dropped, EditApplied, Factor, HccHit, RiskScore, Term, bare};
pub use tables::EditCondition;

use std::sync::LazyLock;
use tables::Tables;

/// The model and payment year this engine scores for.
pub const MODEL: &str = "CMS-HCC V28 (2024 CMS-HCC model, 115 payment HCCs)";
pub const PAYMENT_YEAR: i32 = 2026;
/// FFS normalization factor for the 2024 CMS-HCC model, payment year 2026 (thousandths).
pub const NORMALIZATION_FACTOR: Factor = Factor(1067);
/// MA coding pattern adjustment, payment year 2026: the statutory minimum 5.90 %, applied as
/// a multiplier of 0.941 (thousandths).
pub const CODING_ADJUSTMENT: Factor = Factor(59);

/// Sex as CMS's files carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

/// Medicaid status for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DualStatus {
    NonDual,
    /// Full-benefit dual eligible.
    FullBenefit,
    /// Partial-benefit dual eligible (QMB-only, SLMB-only, QI, …).
    PartialBenefit,
}

/// Original reason for Medicare entitlement (OREC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orec {
    /// 0: old age and survivors' insurance.
    OldAge,
    /// 1: disability insurance benefits.
    Disability,
    /// 2: end-stage renal disease.
    Esrd,
    /// 3: both disability and ESRD.
    DisabilityAndEsrd,
}

impl Orec {
    pub fn code(self) -> char {
        match self {
            Orec::OldAge => '0',
            Orec::Disability => '1',
            Orec::Esrd => '2',
            Orec::DisabilityAndEsrd => '3',
        }
    }
}

/// Which of the model's segments scores the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Community: aged (65+) or disabled (under 65) is taken from the age, dual status from
    /// `DualStatus` (CNA, CND, CFA, CFD, CPA, CPD).
    Community,
    /// Long-term institutional (90+ days in a facility): INS.
    Institutional,
    /// New enrollee (no full diagnosis year): demographic factors only.
    NewEnrollee,
    /// New enrollee in a chronic-condition special needs plan.
    SnpNewEnrollee,
}

/// One member-year to score.
#[derive(Debug, Clone)]
pub struct MemberYear {
    /// ICD-10-CM codes of the year, with or without the dot; duplicates count once.
    pub diagnoses: Vec<String>,
    /// Age as of February 1 of the payment year.
    pub age: u8,
    pub sex: Sex,
    pub dual: DualStatus,
    pub orec: Orec,
    pub segment: Segment,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RiskError {
    #[error("age {0} is outside 0 to 120")]
    Age(u8),
    #[error("the model has no age/sex factor for {0}")]
    NoDemographicCell(String),
    #[error("CMS-HCC tables: {0}")]
    Tables(String),
}

pub const MAX_AGE: u8 = 120;

static TABLES: LazyLock<Result<Tables, String>> = LazyLock::new(Tables::load);

fn tables() -> Result<&'static Tables, RiskError> {
    TABLES.as_ref().map_err(|e| RiskError::Tables(e.clone()))
}

/// Scores a member-year with the V28 model.
pub fn score(member: &MemberYear) -> Result<RiskScore, RiskError> {
    engine::score(tables()?, member)
}

/// Whether the model maps the code (undotted or dotted) to at least one HCC.
pub fn maps_to_hcc(code: &str) -> bool {
    tables().is_ok_and(|t| t.dx.contains_key(&engine::bare(code)))
}

/// The HCCs the model maps a code to before edits and hierarchies (empty: none).
pub fn hccs_of(code: &str) -> Vec<u16> {
    tables()
        .ok()
        .and_then(|t| t.dx.get(&engine::bare(code)).cloned())
        .unwrap_or_default()
}

/// The CMS label of a payment HCC.
pub fn label(hcc: u16) -> Option<&'static str> {
    tables().ok()?.labels.get(&hcc).map(String::as_str)
}

/// Every (code, HCC) pair of the mapping, sorted; for test generators and the catalogue.
pub fn mapping() -> Vec<(String, u16)> {
    let Ok(t) = tables() else {
        return Vec::new();
    };
    let mut out: Vec<(String, u16)> =
        t.dx.iter()
            .flat_map(|(c, hs)| hs.iter().map(move |h| (c.clone(), *h)))
            .collect();
    out.sort();
    out
}
