//! The release a code version belongs to, named as its publisher names it: ICD-10-CM,
//! ICD-10-PCS and MS-DRG by the federal fiscal year that starts on October 1 (a code
//! effective 2025-10-01 is FY2026); HCPCS Level II by the CMS quarterly file (January,
//! April, July, October); CPT by the AMA's annual release (January 1). The other lists
//! (modifiers, POS, CARC, RARC, group codes) are maintained continuously and have no
//! release name. The seed's date 2000-01-01 means "in force since before this catalogue":
//! its release is the baseline.

use super::System;
use chrono::{Datelike, NaiveDate};

/// The release name of a code version of `system` effective on `effective`.
pub fn release_name(system: System, effective: NaiveDate) -> Option<String> {
    if NaiveDate::from_ymd_opt(2000, 1, 1) == Some(effective) {
        return Some("baseline".to_owned());
    }
    let (y, m) = (effective.year(), effective.month());
    match system {
        System::Icd10Cm | System::Icd10Pcs | System::MsDrg => {
            Some(format!("FY{}", if m >= 10 { y + 1 } else { y }))
        }
        System::Hcpcs => Some(format!("{y} Q{}", (m - 1) / 3 + 1)),
        System::Cpt => Some(y.to_string()),
        System::Modifier | System::Pos | System::Carc | System::Rarc | System::CasGroup => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn releases_are_named_as_their_publishers_name_them() {
        let cases = [
            (System::Icd10Cm, d(2025, 10, 1), Some("FY2026")),
            (System::Icd10Cm, d(2026, 10, 1), Some("FY2027")),
            (System::Icd10Cm, d(2026, 4, 1), Some("FY2026")),
            (System::Icd10Cm, d(2026, 9, 30), Some("FY2026")),
            (System::Icd10Pcs, d(2015, 10, 1), Some("FY2016")),
            (System::MsDrg, d(2025, 10, 1), Some("FY2026")),
            (System::Hcpcs, d(2026, 1, 1), Some("2026 Q1")),
            (System::Hcpcs, d(2026, 4, 1), Some("2026 Q2")),
            (System::Hcpcs, d(2026, 10, 1), Some("2026 Q4")),
            (System::Cpt, d(2026, 1, 1), Some("2026")),
            (System::Cpt, d(2000, 1, 1), Some("baseline")),
            (System::Carc, d(2000, 1, 1), Some("baseline")),
            (System::Carc, d(2024, 3, 1), None),
            (System::Pos, d(2023, 1, 1), None),
        ];
        for (system, date, want) in cases {
            assert_eq!(
                release_name(system, date).as_deref(),
                want,
                "{system:?} {date}"
            );
        }
    }
}
