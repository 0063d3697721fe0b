//! Denial scenarios: a case may carry the story of a claim that goes wrong — what the practice
//! first billed, what the payer knows (authorization on file, claim history), when the claim
//! was sent — and the remedy that resolves the denial. See seed/cases/FORMAT.md.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of scenario the library teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScenarioKind {
    CoverageTerminated,
    OtherPayerPrimary,
    PriorAuthMissing,
    #[serde(rename = "MODIFIER_25_MISSING")]
    Modifier25Missing,
    NcciPairModifier,
    MueUnits,
    DxNotSupporting,
    MedicalNecessity,
    TimelyFiling,
    NonBillableCode,
    AgeConflict,
    AddonWithoutPrimary,
    FrequencyLimit,
    Duplicate,
}

impl ScenarioKind {
    /// Every kind, in the order above.
    pub const ALL: [ScenarioKind; 14] = [
        ScenarioKind::CoverageTerminated,
        ScenarioKind::OtherPayerPrimary,
        ScenarioKind::PriorAuthMissing,
        ScenarioKind::Modifier25Missing,
        ScenarioKind::NcciPairModifier,
        ScenarioKind::MueUnits,
        ScenarioKind::DxNotSupporting,
        ScenarioKind::MedicalNecessity,
        ScenarioKind::TimelyFiling,
        ScenarioKind::NonBillableCode,
        ScenarioKind::AgeConflict,
        ScenarioKind::AddonWithoutPrimary,
        ScenarioKind::FrequencyLimit,
        ScenarioKind::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioKind::CoverageTerminated => "COVERAGE_TERMINATED",
            ScenarioKind::OtherPayerPrimary => "OTHER_PAYER_PRIMARY",
            ScenarioKind::PriorAuthMissing => "PRIOR_AUTH_MISSING",
            ScenarioKind::Modifier25Missing => "MODIFIER_25_MISSING",
            ScenarioKind::NcciPairModifier => "NCCI_PAIR_MODIFIER",
            ScenarioKind::MueUnits => "MUE_UNITS",
            ScenarioKind::DxNotSupporting => "DX_NOT_SUPPORTING",
            ScenarioKind::MedicalNecessity => "MEDICAL_NECESSITY",
            ScenarioKind::TimelyFiling => "TIMELY_FILING",
            ScenarioKind::NonBillableCode => "NON_BILLABLE_CODE",
            ScenarioKind::AgeConflict => "AGE_CONFLICT",
            ScenarioKind::AddonWithoutPrimary => "ADDON_WITHOUT_PRIMARY",
            ScenarioKind::FrequencyLimit => "FREQUENCY_LIMIT",
            ScenarioKind::Duplicate => "DUPLICATE",
        }
    }
}

/// What resolves a scenario's denial (or rejection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Remedy {
    /// A replacement claim (frequency 7, original claim number in REF*F8) with the fix.
    CorrectClaim,
    /// A rejected claim fixed and sent again (it never reached the payer).
    Resubmit,
    /// An appeal of the denied line with the documentation it rests on.
    Appeal,
    /// A new claim to the payer that is really responsible.
    BillOtherPayer,
    /// The patient owes it (no coverage on the date, or a signed ABN).
    BillPatient,
    /// The provider absorbs it (timely filing, no authorization under contract).
    WriteOff,
    /// The denial is right and nothing is owed (the service was already paid).
    NoAction,
}

impl Remedy {
    pub fn as_str(self) -> &'static str {
        match self {
            Remedy::CorrectClaim => "CORRECT_CLAIM",
            Remedy::Resubmit => "RESUBMIT",
            Remedy::Appeal => "APPEAL",
            Remedy::BillOtherPayer => "BILL_OTHER_PAYER",
            Remedy::BillPatient => "BILL_PATIENT",
            Remedy::WriteOff => "WRITE_OFF",
            Remedy::NoAction => "NO_ACTION",
        }
    }
}

/// A service line as the practice billed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BilledLine {
    /// CPT or HCPCS.
    pub system: String,
    pub code: String,
    #[serde(default)]
    pub modifiers: Vec<String>,
    pub units: u32,
    /// Letters A–L into `BilledClaim::diagnoses`.
    pub pointers: Vec<String>,
}

/// The claim the practice first sent (before the trainee works the denial).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BilledClaim {
    /// ICD-10-CM codes in claim order (A, B, …).
    pub diagnoses: Vec<String>,
    pub lines: Vec<BilledLine>,
    #[serde(default)]
    pub prior_authorization: Option<String>,
}

/// A service the payer has already seen for this patient (frequency and duplicate edits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryItem {
    pub payer: String,
    pub code: String,
    #[serde(default)]
    pub modifiers: Vec<String>,
    #[serde(default = "one")]
    pub units: u32,
    pub date_of_service: NaiveDate,
    /// PAID or DENIED.
    pub status: String,
}

fn one() -> u32 {
    1
}

/// What wins an appeal of a scenario's denial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppealSupport {
    pub ground: crate::domain::adjudication::appeal::Ground,
    /// Titles of the case's documents that show it; the appeal must send all of them.
    pub documents: Vec<String>,
}

/// The denial a scenario is built to produce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedOutcome {
    /// REJECTED (clearinghouse) or DENIED (a payer adjustment on a line).
    pub status: String,
    /// Group code and CARC of the denial (absent for a rejection).
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    pub kind: ScenarioKind,
    /// What the trainee is told when they open the case.
    pub summary: String,
    /// The simulated "today" on which the first claim is sent (timely filing counts from DOS).
    pub submitted_on: NaiveDate,
    /// The payer the practice billed first (default: the PRIMARY coverage).
    #[serde(default)]
    pub billed_payer: Option<String>,
    /// The claim the practice sent (default: the answer key's coding).
    #[serde(default)]
    pub billed: Option<BilledClaim>,
    /// The authorization number the payer has on file (and the documents mention).
    #[serde(default)]
    pub prior_authorization: Option<String>,
    /// Services the payer has already processed for this patient.
    #[serde(default)]
    pub history: Vec<HistoryItem>,
    /// True when the documentation supports the service so an appeal with records wins.
    #[serde(default)]
    pub appeal_supported: bool,
    /// What an appeal must argue and send to win (with `appealSupported`): the ground that
    /// answers the denial and the titles of the case documents that show it.
    #[serde(default)]
    pub appeal: Option<AppealSupport>,
    pub expected: ExpectedOutcome,
    pub remedy: Remedy,
    /// Why the remedy is right, citing the rule (shown after the work is scored).
    pub explanation: String,
    pub guideline: String,
}
