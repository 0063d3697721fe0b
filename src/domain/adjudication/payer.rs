//! A simulated payer's rules, read from `seed/payers/<slug>.json` (format
//! `practicum.payer/1`, described in seed/payers/README.md).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "practicum.payer/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayerKind {
    Medicare,
    Medicaid,
    Commercial,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayerProfile {
    pub format: String,
    pub slug: String,
    pub name: String,
    pub kind: PayerKind,
    /// The payer identifier used in X12 (2010BB NM109), invented.
    pub payer_id: String,
    /// Days from the date of service within which a claim must arrive.
    pub timely_filing_days: u32,
    /// CARC for an NCCI procedure-to-procedure denial: "236" or "97".
    pub ptp_denial_reason: String,
    /// Whether medically unlikely edits (MUE) are enforced.
    pub mue_enforced: bool,
    /// Whether ICD-10-CM sex edits are applied (CMS dropped them from the MCE in FY2025).
    pub sex_edits: bool,
    /// Group code used after coverage terminates: "CO" (most payers) or "PR" (Medicare).
    pub terminated_group: String,
    /// CPT/HCPCS codes that need prior authorization.
    #[serde(default)]
    pub prior_authorization: Vec<String>,
    #[serde(default)]
    pub coverage_policies: Vec<CoveragePolicy>,
    #[serde(default)]
    pub frequency_limits: Vec<FrequencyLimit>,
    /// Allowed amount per code, in cents (before cost sharing).
    pub fee_schedule: BTreeMap<String, i64>,
    /// Allowed amount for a code missing from the fee schedule, as a percent of the charge.
    pub default_allowed_percent: u32,
    pub cost_sharing: CostSharing,
    /// Whether a replacement claim (frequency 7) is accepted for a claim denied outright.
    pub accepts_replacement_after_denial: bool,
    pub appeals: AppealRules,
    /// Days in which the payer normally pays a clean claim (the follow-up work queue).
    pub expected_payment_days: u32,
    /// Inpatient payment per MS-DRG relative weight of 1.0, in cents (institutional claims).
    #[serde(default)]
    pub inpatient_base_rate_cents: Option<i64>,
    /// What the patient pays per inpatient stay (Medicare Part A deductible), in cents; an
    /// inpatient stay paid per DRG has no coinsurance or copay here.
    #[serde(default)]
    pub inpatient_deductible_cents: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which diagnoses support which procedures (an LCD/NCD or a commercial medical policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CoveragePolicy {
    pub id: String,
    pub title: String,
    pub procedures: Vec<String>,
    /// ICD-10-CM codes (dotted) or prefixes ending in `*` (`N18.*`, `E11*`).
    pub supporting_diagnoses: Vec<String>,
    /// "50" (not medically necessary) or "11" (diagnosis inconsistent with the procedure).
    pub reason: String,
    /// "N115" (local policy) or "N386" (national coverage determination).
    pub remark: String,
    /// The public policy this is modelled on.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrequencyLimit {
    pub id: String,
    pub title: String,
    /// Codes sharing the limit (any of them counts).
    pub codes: Vec<String>,
    /// How many within the period.
    pub max: u32,
    pub period_months: u32,
    /// RARC sent with CO-119 (M86 or N117).
    pub remark: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostSharing {
    /// Annual deductible in cents.
    pub deductible_cents: i64,
    /// Coinsurance percent the patient pays after the deductible.
    pub coinsurance_percent: u32,
    /// Copay in cents per visit for the listed code prefixes (e.g. "992" office E/M).
    #[serde(default)]
    pub copays: Vec<Copay>,
    /// Codes (or prefixes ending in `*`) exempt from deductible and coinsurance (preventive).
    #[serde(default)]
    pub preventive: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Copay {
    pub prefixes: Vec<String>,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppealRules {
    /// First level name ("Redetermination" at Medicare).
    pub level_name: String,
    /// Days after the remittance within which an appeal is accepted.
    pub deadline_days: u32,
    /// CARCs an appeal with supporting documentation can overturn.
    pub overturnable: Vec<String>,
    /// The level after an upheld first-level appeal (Medicare: reconsideration by a QIC within
    /// 180 days of the redetermination); none when the first level is the payer's last.
    #[serde(default)]
    pub second_level: Option<AppealLevelRules>,
}

/// A further appeal level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppealLevelRules {
    pub level_name: String,
    /// Days after the decision of the level before within which the appeal is accepted.
    pub deadline_days: u32,
}

/// True when `code` matches a pattern: exact, or a prefix ending in `*`.
pub fn matches(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => code.starts_with(prefix),
        None => pattern == code,
    }
}
