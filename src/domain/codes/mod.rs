//! Code systems: code values and their normal form, the records of the code tables, and the
//! in-memory index that answers lookups, searches and validations.

pub mod bitset;
mod code_query;
pub mod evaluation;
pub mod import;
pub mod import_icd10cm;
pub mod index;
mod index_parts;
pub mod notes;
pub mod phrases;
mod query;
pub mod release;
pub mod search;
pub mod successors;
mod term_tier;
pub mod terms;
mod tokens;
pub mod typo;
pub mod validate;
pub mod version;
mod word_tier;

use super::account::Invalid;
use chrono::NaiveDate;

/// A code system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    Icd10Cm,
    Icd10Pcs,
    Cpt,
    Hcpcs,
    Modifier,
    Pos,
    MsDrg,
    Carc,
    Rarc,
    CasGroup,
}

impl System {
    pub const ALL: [System; 10] = [
        System::Icd10Cm,
        System::Icd10Pcs,
        System::Cpt,
        System::Hcpcs,
        System::Modifier,
        System::Pos,
        System::MsDrg,
        System::Carc,
        System::Rarc,
        System::CasGroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            System::Icd10Cm => "ICD10CM",
            System::Icd10Pcs => "ICD10PCS",
            System::Cpt => "CPT",
            System::Hcpcs => "HCPCS",
            System::Modifier => "MODIFIER",
            System::Pos => "POS",
            System::MsDrg => "MSDRG",
            System::Carc => "CARC",
            System::Rarc => "RARC",
            System::CasGroup => "CAS_GROUP",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        System::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| Invalid(format!("'{raw}' is not a code system")))
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The longest code this system has.
    fn max_len(self) -> usize {
        match self {
            System::Icd10Cm | System::Icd10Pcs => 7,
            System::Cpt | System::Hcpcs => 5,
            System::Modifier | System::Pos | System::CasGroup => 2,
            System::MsDrg => 3,
            System::Carc | System::Rarc => 6,
        }
    }
}

/// Puts a code in its stored form: trimmed, upper case, without the ICD-10-CM dot.
/// Refuses what cannot be a code of the system (empty, too long, stray characters).
pub fn normalize(system: System, raw: &str) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    let code: String = trimmed
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(Invalid("is empty".into()));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid(format!(
            "'{trimmed}' has characters no {} code has",
            system.as_str()
        )));
    }
    if code.len() > system.max_len() {
        return Err(Invalid(format!(
            "'{trimmed}' is longer than any {} code ({} characters at most)",
            system.as_str(),
            system.max_len()
        )));
    }
    let dots = trimmed.matches('.').count();
    if dots > 0 && system != System::Icd10Cm {
        return Err(Invalid(format!(
            "'{trimmed}': {} codes have no dot",
            system.as_str()
        )));
    }
    if dots > 1 || (dots == 1 && trimmed.find('.') != Some(3)) {
        return Err(Invalid(format!(
            "'{trimmed}': the ICD-10-CM dot goes after the third character"
        )));
    }
    Ok(code)
}

/// The form people read: ICD-10-CM gets its dot after the third character.
pub fn display(system: System, code: &str) -> String {
    if system == System::Icd10Cm && code.len() > 3 {
        format!("{}.{}", &code[..3], &code[3..])
    } else {
        code.to_owned()
    }
}

/// Where a code's descriptor text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptorSource {
    /// Public-domain government text (ICD-10, HCPCS Level II, MS-DRG, X12 code lists).
    Public,
    /// The project's own plain-language summary (CPT, CPT modifiers).
    ProjectSummary,
    /// Imported from a licensed file supplied by the user.
    LicensedImport,
}

impl DescriptorSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DescriptorSource::Public => "PUBLIC",
            DescriptorSource::ProjectSummary => "PROJECT_SUMMARY",
            DescriptorSource::LicensedImport => "LICENSED_IMPORT",
        }
    }

    pub fn parse(raw: &str) -> Self {
        match raw {
            "PROJECT_SUMMARY" => DescriptorSource::ProjectSummary,
            "LICENSED_IMPORT" => DescriptorSource::LicensedImport,
            _ => DescriptorSource::Public,
        }
    }
}

/// One row of a code table: a code as valid over one period.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeRecord {
    pub system: System,
    pub code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub billable: bool,
    pub parent: Option<String>,
    pub short_description: String,
    pub description: String,
    pub chapter: Option<String>,
    pub block: Option<String>,
    pub category: Option<String>,
    /// MCE flags (`newborn`, `pediatric`, `maternity`, `adult`, `manifestation`, …),
    /// `sex:M` / `sex:F` (last published MCE sex edit), `add_on`, `title_pending`.
    pub flags: Vec<String>,
    pub descriptor_source: DescriptorSource,
}

impl CodeRecord {
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// The last published MCE sex edit, if any.
    pub fn sex_edit(&self) -> Option<Sex> {
        self.flags.iter().find_map(|f| match f.as_str() {
            "sex:M" => Some(Sex::Male),
            "sex:F" => Some(Sex::Female),
            _ => None,
        })
    }
}

/// A patient's sex as the code edits use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

/// An MCE age group in force over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeRange {
    pub group: String,
    pub start_age: u32,
    pub end_age: u32,
    pub date_start: NaiveDate,
    pub date_end: NaiveDate,
}

/// A tabular instructional note (ICD-10-CM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Code, block (`E08-E13`) or chapter (`CH4`) it is attached to.
    pub key: String,
    pub kind: String,
    pub refs: Vec<String>,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalized_and_displayed() {
        let ok = [
            (System::Icd10Cm, "e11.65", "E1165", "E11.65"),
            (System::Icd10Cm, " E1165 ", "E1165", "E11.65"),
            (System::Icd10Cm, "S93.401A", "S93401A", "S93.401A"),
            (System::Icd10Cm, "E11", "E11", "E11"),
            (System::Icd10Pcs, "0dtj4zz", "0DTJ4ZZ", "0DTJ4ZZ"),
            (System::Hcpcs, "j3301", "J3301", "J3301"),
            (System::Modifier, "25", "25", "25"),
        ];
        for (sys, raw, stored, shown) in ok {
            let n = normalize(sys, raw).unwrap();
            assert_eq!(n, stored, "{raw}");
            assert_eq!(display(sys, &n), shown);
        }
        for (sys, raw) in [
            (System::Icd10Cm, ""),
            (System::Icd10Cm, "E1.165"),
            (System::Icd10Cm, "E11-65"),
            (System::Icd10Cm, "E11.6.5"),
            (System::Cpt, "992.13"),
            (System::Cpt, "992133"),
            (System::Icd10Pcs, "0DTJ4ZZX"),
        ] {
            assert!(normalize(sys, raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn validity_is_by_date() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let r = CodeRecord {
            system: System::Icd10Cm,
            code: "X".into(),
            valid_from: d("2015-10-01"),
            valid_to: Some(d("2026-09-30")),
            billable: true,
            parent: None,
            short_description: String::new(),
            description: String::new(),
            chapter: None,
            block: None,
            category: None,
            flags: vec![],
            descriptor_source: DescriptorSource::Public,
        };
        assert!(r.valid_on(d("2026-09-30")));
        assert!(!r.valid_on(d("2026-10-01")));
        assert!(!r.valid_on(d("2015-09-30")));
    }
}

#[cfg(test)]
mod index_tests;
