//! Exams: a question bank (single best answer and select-all-that-apply items), forms built
//! from a blueprint (how many items of each section), the server's clock (an answer counts only
//! when saved before the deadline), grading with a per-section report, and item analysis.
//! Pure: the caller passes the time and the random seed.

pub mod analysis;
pub mod assemble;
pub mod authoring;
pub mod grade;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "practicum.questions/1";
pub const FORM_FORMAT: &str = "practicum.examform/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemKind {
    /// One best answer.
    Single,
    /// Select all that apply.
    Multi,
}

/// The sections a question may belong to: the CPC blueprint, and the CCS, CRC and CCA domains.
pub const SECTIONS: &[&str] = &[
    "EM",
    "ANESTHESIA",
    "SURGERY_10000",
    "SURGERY_20000",
    "SURGERY_30000",
    "SURGERY_40000",
    "SURGERY_50000",
    "SURGERY_60000",
    "RADIOLOGY",
    "PATHOLOGY_LAB",
    "MEDICINE",
    "TERMINOLOGY",
    "ANATOMY",
    "ICD10CM",
    "HCPCS",
    "GUIDELINES",
    "COMPLIANCE",
    "CCS_DX",
    "CCS_PCS",
    "CCS_REIMBURSEMENT",
    "CCS_COMPLIANCE",
    "CCS_SCENARIO",
    "CRC_MODELS",
    "CRC_DOCUMENTATION",
    "CRC_CODING",
    "CRC_COMPLIANCE",
    "CRC_CLINICAL",
    "CCA_CLASSIFICATION",
    "CCA_REIMBURSEMENT",
    "CCA_RECORDS",
    "CCA_COMPLIANCE",
    "CCA_TECHNOLOGY",
    "CCA_PRIVACY",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankFile {
    pub format: String,
    pub slug: String,
    pub title: String,
    pub items: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionOption {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Question {
    pub slug: String,
    pub kind: ItemKind,
    pub exams: Vec<String>,
    pub section: String,
    pub skill_tags: Vec<String>,
    pub difficulty: String,
    pub stem: String,
    pub options: Vec<QuestionOption>,
    pub answer: Vec<String>,
    pub rationale: String,
    pub reference: String,
}

impl Question {
    /// What is wrong with the item, if anything (`authoring::issues`, as messages).
    pub fn problems(&self) -> Vec<String> {
        authoring::issues(self)
            .into_iter()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect()
    }
}

/// How a form is drawn: so many items of each section, from items tagged for `exam`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Blueprint {
    pub exam: String,
    pub sections: Vec<SectionCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SectionCount {
    pub section: String,
    pub count: u32,
}

impl Blueprint {
    pub fn total(&self) -> u32 {
        self.sections.iter().map(|s| s.count).sum()
    }
}

/// A seeded exam form (`seed/exams/*.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormFile {
    pub format: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub blueprint: Blueprint,
    pub duration_minutes: u32,
    pub pass_percent: u32,
}

/// Whether an answer saved at `now` counts for an attempt due at `deadline`.
pub fn in_time(now: DateTime<Utc>, deadline: DateTime<Utc>) -> bool {
    now < deadline
}
