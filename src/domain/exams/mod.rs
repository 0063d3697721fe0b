//! Exams: a question bank (single best answer and select-all-that-apply items), forms built
//! from a blueprint (how many items of each section), the server's clock (an answer counts only
//! when saved before the deadline), grading with a per-section report, and item analysis.
//! Pure: the caller passes the time and the random seed.

pub mod analysis;
pub mod assemble;
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

/// The sections a question may belong to: the CPC blueprint and the CCS domains.
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
    /// What is wrong with the item, if anything.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.slug.is_empty()
            || !self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            out.push(format!(
                "slug '{}': lower-case letters, digits and dashes",
                self.slug
            ));
        }
        if !SECTIONS.contains(&self.section.as_str()) {
            out.push(format!("section '{}' is not a section", self.section));
        }
        if self.exams.is_empty() || self.exams.iter().any(|e| e != "CPC" && e != "CCS") {
            out.push("exams: CPC and/or CCS".into());
        }
        let (lo, hi) = match self.kind {
            ItemKind::Single => (4, 4),
            ItemKind::Multi => (4, 8),
        };
        if !(lo..=hi).contains(&self.options.len()) {
            out.push(format!(
                "{} options; {lo}–{hi} expected",
                self.options.len()
            ));
        }
        for (i, o) in self.options.iter().enumerate() {
            let want = ((b'A' + i as u8) as char).to_string();
            if o.key != want {
                out.push(format!(
                    "option {} has key '{}'; keys run A, B, C… in order",
                    i + 1,
                    o.key
                ));
            }
        }
        if self.answer.is_empty()
            || self
                .answer
                .iter()
                .any(|a| !self.options.iter().any(|o| &o.key == a))
        {
            out.push("every answer is one of the option keys".into());
        }
        if self.kind == ItemKind::Single && self.answer.len() != 1 {
            out.push("a SINGLE item has exactly one answer".into());
        }
        if self.stem.trim().is_empty()
            || self.rationale.trim().is_empty()
            || self.reference.trim().is_empty()
        {
            out.push("stem, rationale and reference are required".into());
        }
        out
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
