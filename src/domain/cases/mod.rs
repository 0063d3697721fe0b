//! Cases: simulated encounters, their documentation and their answer keys, in the
//! `practicum.caseset/1` file format (seed/cases/FORMAT.md) that import, export and the seed
//! share. Validation against the code tables and the real-data guard live beside.

pub mod coverage;
pub mod drg;
pub mod library;
pub mod phi;
pub mod query;
pub mod risk;
pub mod scenario;
pub mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The format tag of case-set files.
pub const FORMAT: &str = "practicum.caseset/1";

/// A case set as a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseSetFile {
    pub format: String,
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub visibility: Visibility,
    /// Scoring weights and partial credits for this set; the Practicode defaults when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<crate::domain::scoring::Policy>,
    /// PRACTICE (the default: open to practice) or ASSESSMENT (held back: its cases are used
    /// in exam-mode assignments and assessments, never listed or practised freely).
    #[serde(default, skip_serializing_if = "Pool::is_practice")]
    pub pool: Pool,
    pub cases: Vec<CaseDoc>,
}

/// What a case set's cases are for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Pool {
    #[default]
    Practice,
    Assessment,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Practice => "PRACTICE",
            Pool::Assessment => "ASSESSMENT",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Pool::Practice, Pool::Assessment]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
    pub fn is_practice(&self) -> bool {
        *self == Pool::Practice
    }
}

/// Who may see a case set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Visibility {
    Private,
    Organization,
    Public,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "PRIVATE",
            Visibility::Organization => "ORGANIZATION",
            Visibility::Public => "PUBLIC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Visibility::Private,
            Visibility::Organization,
            Visibility::Public,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Setting {
    Office,
    Ed,
    OutpatientHospital,
    Asc,
    Inpatient,
    Other,
    /// A chart review of a Medicare Advantage member's year for CMS-HCC risk adjustment.
    RiskAdjustment,
}

impl Setting {
    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Office => "OFFICE",
            Setting::Ed => "ED",
            Setting::OutpatientHospital => "OUTPATIENT_HOSPITAL",
            Setting::Asc => "ASC",
            Setting::Inpatient => "INPATIENT",
            Setting::Other => "OTHER",
            Setting::RiskAdjustment => "RISK_ADJUSTMENT",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Beginner => "BEGINNER",
            Difficulty::Intermediate => "INTERMEDIATE",
            Difficulty::Advanced => "ADVANCED",
        }
    }
}

/// How close a case's chart is to the job: TEXTBOOK (one clean note), CLINIC (a typical visit
/// note) or REAL_WORLD (several documents, copy-forward text, abbreviations, a stale problem
/// list and at least one conflict or gap the coder must notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tier {
    Textbook,
    Clinic,
    RealWorld,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Textbook => "TEXTBOOK",
            Tier::Clinic => "CLINIC",
            Tier::RealWorld => "REAL_WORLD",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Tier::Textbook, Tier::Clinic, Tier::RealWorld]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// One case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaseDoc {
    pub slug: String,
    pub title: String,
    pub setting: Setting,
    pub place_of_service: String,
    pub date_of_service: NaiveDate,
    #[serde(default)]
    pub inpatient: Option<InpatientStay>,
    pub difficulty: Difficulty,
    /// The realism tier (see [`Tier`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    pub estimated_minutes: u32,
    pub skill_tags: Vec<String>,
    pub patient: Patient,
    pub coverages: Vec<Coverage>,
    pub provider: Provider,
    #[serde(default)]
    pub facility: Option<Facility>,
    pub documents: Vec<Document>,
    pub key: AnswerKey,
    /// A denial scenario for claim work (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<scenario::Scenario>,
    /// RISK_ADJUSTMENT cases only: the member, the review mode, the plan's submitted codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_adjustment: Option<risk::RiskAdjustment>,
    /// A provider-query script (optional; see [`query::QueryScript`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_query: Option<query::QueryScript>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InpatientStay {
    pub admission_date: NaiveDate,
    pub discharge_date: NaiveDate,
    /// UB-04 patient discharge status (01 home, 03 SNF, 06 home health, 20 expired, …).
    pub discharge_status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
}

/// A simulated patient (invented).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Patient {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    /// F, M or U.
    pub sex: String,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Coverage {
    /// A payer profile slug.
    pub payer: String,
    pub member_id: String,
    #[serde(default)]
    pub group_number: Option<String>,
    pub effective_date: NaiveDate,
    #[serde(default)]
    pub termination_date: Option<NaiveDate>,
    /// SELF, SPOUSE, CHILD, OTHER.
    pub relationship: String,
    /// PRIMARY, SECONDARY, TERTIARY.
    pub priority: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    pub npi: String,
    pub taxonomy: String,
    pub specialty: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Facility {
    pub name: String,
    pub npi: String,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Document {
    pub kind: String,
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// What an expert codes for the case, with the reason for every line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerKey {
    pub diagnoses: Vec<DiagnosisLine>,
    #[serde(default)]
    pub procedures: Vec<ProcedureLine>,
    #[serde(default)]
    pub pcs: Vec<PcsLine>,
    #[serde(default)]
    pub expected_drg: Option<String>,
    /// Why the expected DRG stands although the grouper assigns another (an author's
    /// override, kept with the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drg_override_reason: Option<String>,
    #[serde(default)]
    pub feedback: Vec<Feedback>,
    /// RISK_ADJUSTMENT keys: the conditions the record supports or does not (`diagnoses` is
    /// empty there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<risk::Condition>,
}

/// Lines sharing a group are alternatives: option 1 is one acceptable coding, option 2 another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Alternate {
    pub group: String,
    pub option: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiagnosisLine {
    pub code: String,
    /// FIRST_LISTED, PRINCIPAL or SECONDARY.
    pub role: String,
    #[serde(default)]
    pub poa: Option<String>,
    #[serde(default)]
    pub optional: bool,
    pub rationale: String,
    pub guideline: String,
    #[serde(default)]
    pub alternate: Option<Alternate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcedureLine {
    /// CPT or HCPCS.
    pub system: String,
    pub code: String,
    #[serde(default)]
    pub modifiers: Vec<String>,
    pub units: u32,
    /// Diagnosis pointers, letters A–L.
    pub pointers: Vec<String>,
    #[serde(default)]
    pub optional: bool,
    pub rationale: String,
    pub guideline: String,
    #[serde(default)]
    pub alternate: Option<Alternate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PcsLine {
    pub code: String,
    #[serde(default)]
    pub principal: bool,
    pub rationale: String,
    pub guideline: String,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub alternate: Option<Alternate>,
}

/// A code a trainee may enter by mistake, and what to tell them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Feedback {
    pub if_coded: CodeRef,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodeRef {
    pub system: String,
    pub code: String,
}

/// The skill tags a case may carry (CPC blueprint sections and CCS domains).
pub const SKILL_TAGS: &[&str] = &[
    "CPC:EM",
    "CPC:ANESTHESIA",
    "CPC:SURGERY_10000",
    "CPC:SURGERY_20000",
    "CPC:SURGERY_30000",
    "CPC:SURGERY_40000",
    "CPC:SURGERY_50000",
    "CPC:SURGERY_60000",
    "CPC:RADIOLOGY",
    "CPC:PATHOLOGY_LAB",
    "CPC:MEDICINE",
    "CPC:ICD10CM",
    "CPC:HCPCS",
    "CPC:MODIFIERS",
    "CPC:GUIDELINES",
    "CPC:COMPLIANCE",
    "CCS:DX_CODING",
    "CCS:PCS_CODING",
    "CCS:DRG",
    "CCS:POA",
    "CCS:SEQUENCING",
    "BILLING:CLAIMS",
    "BILLING:DENIALS",
    "RISK:HCC_CAPTURE",
    "RISK:RADV_AUDIT",
];

/// Document kinds.
pub const DOCUMENT_KINDS: &[&str] = &[
    "PROGRESS_NOTE",
    "HISTORY_AND_PHYSICAL",
    "OPERATIVE_REPORT",
    "PROCEDURE_NOTE",
    "RADIOLOGY_REPORT",
    "PATHOLOGY_REPORT",
    "LAB_REPORT",
    "ED_RECORD",
    "ANESTHESIA_RECORD",
    "DISCHARGE_SUMMARY",
    "CONSULTATION",
    "PROBLEM_LIST",
];

/// Payer profile slugs cases may name (their profiles are `seed/payers/<slug>.json`).
pub const PAYERS: &[&str] = &[
    "medicare-part-a",
    "medicare-part-b",
    "state-medicaid",
    "bluecrest-ppo",
    "summit-hmo",
];
