//! The checks of a RISK_ADJUSTMENT case (docs/risk-adjustment.md): the member's demographics
//! agree with the patient (age on February 1 of the payment year, sex), the notes are of the
//! diagnosis year, every condition's code is billable on the date of service and existed in
//! FY2023 (the era of the V28 mapping in seed/codesets/hcc), its evidence sentence is found
//! verbatim in the document it cites, a SUPPORTED condition shows MEAT and a NOT_SUPPORTED one
//! a reason, an AUDIT key has one condition per submitted code, and the key's SUPPORTED codes
//! score with the V28 engine (HCCs are derived, never authored).

use super::Check;
use crate::domain::cases::risk::{
    ConditionStatus, NotSupportedReason, PAYMENT_YEARS, ReviewMode, RiskAdjustment, bare,
};
use crate::domain::cases::{CaseDoc, validate::age_on};
use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::validate::{Patient, Status};
use crate::domain::codes::{Sex, System, normalize};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The last day of FY2023: a condition's code must have existed then, because the V28 mapping
/// shipped in seed/codesets/hcc is CMS's FY2022/FY2023 list (codes added since map to nothing).
pub fn mapping_era_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 9, 30).unwrap_or(NaiveDate::MIN)
}

/// A code problem, if any: billable on `dos` for the patient, and existing in FY2023.
fn code_problem(index: &CodeIndex, raw: &str, dos: NaiveDate, patient: Patient) -> Option<String> {
    let code = match normalize(System::Icd10Cm, raw) {
        Err(e) => return Some(e.0),
        Ok(c) => c,
    };
    let v = index.validate(&[(System::Icd10Cm, code.clone())], dos, patient);
    if let Some(verdict) = v.verdicts.first()
        && !matches!(verdict.status, Status::Valid | Status::SexConflict)
    {
        return Some(verdict.message.clone());
    }
    let era = mapping_era_end();
    if index.lookup(System::Icd10Cm, &code, Some(era)).is_none() {
        return Some(format!(
            "'{raw}' did not exist on {era}: the V28 mapping here is CMS's FY2023 list, so a \
             newer code maps to no HCC (docs/risk-adjustment.md, open points)"
        ));
    }
    None
}

pub(super) fn validate(c: &CaseDoc, ra: &RiskAdjustment, index: &CodeIndex, k: &mut Check<'_>) {
    let dos = c.date_of_service;
    if !PAYMENT_YEARS.contains(&ra.payment_year) {
        k.bad(
            "riskAdjustment.paymentYear",
            format!(
                "{} is not a payment year the engine scores ({PAYMENT_YEARS:?})",
                ra.payment_year
            ),
        );
    }
    let year = ra.payment_year - 1;
    if chrono::Datelike::year(&dos) != year {
        k.bad(
            "dateOfService",
            format!(
                "{dos} is outside {year}, the diagnosis year of payment year {}",
                ra.payment_year
            ),
        );
    }
    if let Some(feb1) = NaiveDate::from_ymd_opt(ra.payment_year, 2, 1) {
        let age = age_on(c.patient.date_of_birth, feb1);
        if age != u32::from(ra.member.age_feb1) {
            k.bad(
                "riskAdjustment.member.ageFeb1",
                format!(
                    "{}, but the patient born {} is {age} on {feb1}",
                    ra.member.age_feb1, c.patient.date_of_birth
                ),
            );
        }
    }
    if ra.member.sex != c.patient.sex {
        k.bad(
            "riskAdjustment.member.sex",
            format!(
                "'{}' differs from the patient's '{}'",
                ra.member.sex, c.patient.sex
            ),
        );
    }
    let member = ra.member.member_year(Vec::new());
    if let Err(e) = &member {
        let field = if ra.member.sex == "F" || ra.member.sex == "M" {
            "riskAdjustment.member.orec"
        } else {
            "riskAdjustment.member.sex"
        };
        k.bad(field, e.clone());
    }
    let key = &c.key;
    for (field, empty) in [
        ("key.diagnoses", key.diagnoses.is_empty()),
        ("key.procedures", key.procedures.is_empty()),
        ("key.pcs", key.pcs.is_empty()),
        ("key.expectedDrg", key.expected_drg.is_none()),
    ] {
        if !empty {
            k.bad(
                field,
                "a RISK_ADJUSTMENT key lists key.conditions only (docs/risk-adjustment.md)",
            );
        }
    }
    if key.conditions.is_empty() {
        k.bad("key.conditions", "at least one condition");
    }
    let patient = Patient {
        age: Some(age_on(c.patient.date_of_birth, dos)),
        sex: Some(match c.patient.sex.as_str() {
            "F" => Sex::Female,
            "M" => Sex::Male,
            _ => Sex::Unknown,
        }),
    };
    let mut seen = BTreeSet::new();
    for (i, cond) in key.conditions.iter().enumerate() {
        let path = format!("key.conditions[{i}]");
        if let Some(m) = code_problem(index, &cond.code, dos, patient) {
            k.bad(format!("{path}.code"), m);
        }
        if !seen.insert(bare(&cond.code)) {
            k.bad(
                format!("{path}.code"),
                format!("{} is keyed twice", cond.code),
            );
        }
        match (cond.status, cond.reason) {
            (ConditionStatus::Supported, Some(_)) => k.bad(
                format!("{path}.reason"),
                "a SUPPORTED condition has no reason",
            ),
            (ConditionStatus::NotSupported, None) => k.bad(
                format!("{path}.reason"),
                "a NOT_SUPPORTED condition needs a reason (LISTED_ONLY, HISTORICAL, RULED_OUT, \
                 UNCERTAIN_OUTPATIENT, NOT_ACCEPTABLE_SOURCE, WRONG_SPECIFICITY, \
                 NOT_IN_DIAGNOSIS_YEAR)",
            ),
            _ => {}
        }
        if cond.status == ConditionStatus::Supported && cond.evidence.meat.is_empty() {
            k.bad(
                format!("{path}.evidence.meat"),
                "a SUPPORTED condition shows at least one of MONITOR, EVALUATE, ASSESS, TREAT",
            );
        }
        let wrong_specificity = cond.reason == Some(NotSupportedReason::WrongSpecificity);
        match (&cond.correct_code, wrong_specificity) {
            (None, true) => k.bad(
                format!("{path}.correctCode"),
                "WRONG_SPECIFICITY names the code the record supports",
            ),
            (Some(_), false) => k.bad(
                format!("{path}.correctCode"),
                "only a WRONG_SPECIFICITY condition names a correct code",
            ),
            (Some(cc), true) => {
                if let Some(m) = code_problem(index, cc, dos, patient) {
                    k.bad(format!("{path}.correctCode"), m);
                }
                let keyed = key
                    .conditions
                    .iter()
                    .any(|x| bare(&x.code) == bare(cc) && x.status == ConditionStatus::Supported);
                if !keyed {
                    k.bad(
                        format!("{path}.correctCode"),
                        format!("{cc} must also be a SUPPORTED condition of the key"),
                    );
                }
            }
            (None, false) => {}
        }
        match c.documents.get(cond.evidence.document) {
            None => k.bad(
                format!("{path}.evidence.document"),
                format!(
                    "{} is not a document of this case (0 to {})",
                    cond.evidence.document,
                    c.documents.len().saturating_sub(1)
                ),
            ),
            Some(d) => {
                let s = cond.evidence.sentence.trim();
                if s.is_empty() || !d.body.contains(s) {
                    k.bad(
                        format!("{path}.evidence.sentence"),
                        format!(
                            "not found verbatim in documents[{}] ('{}')",
                            cond.evidence.document, d.title
                        ),
                    );
                }
            }
        }
        if cond.rationale.trim().is_empty() || cond.reference.trim().is_empty() {
            k.bad(&path, "every condition needs a rationale and a reference");
        }
    }
    check_mode(ra, c, k);
    for (i, f) in key.feedback.iter().enumerate() {
        if f.message.trim().is_empty() {
            k.bad(format!("key.feedback[{i}].message"), "must not be empty");
        }
    }
    if let Ok(mut m) = member {
        m.diagnoses = key
            .conditions
            .iter()
            .filter(|x| x.status == ConditionStatus::Supported)
            .map(|x| bare(&x.code))
            .collect();
        if let Err(e) = crate::domain::risk::score(&m) {
            k.bad("riskAdjustment.member", e.to_string());
        }
    }
}

/// CAPTURE has no submitted codes; AUDIT has them, each keyed once, and any other condition of
/// its key is one the plan missed (SUPPORTED).
fn check_mode(ra: &RiskAdjustment, c: &CaseDoc, k: &mut Check<'_>) {
    let keyed: Vec<String> = c.key.conditions.iter().map(|x| bare(&x.code)).collect();
    match ra.mode {
        ReviewMode::Capture => {
            if !ra.submitted_codes.is_empty() {
                k.bad(
                    "riskAdjustment.submittedCodes",
                    "a CAPTURE review has no submitted codes (AUDIT has)",
                );
            }
        }
        ReviewMode::Audit => {
            if ra.submitted_codes.is_empty() {
                k.bad(
                    "riskAdjustment.submittedCodes",
                    "an AUDIT review lists the codes the plan submitted",
                );
            }
            let mut seen = BTreeSet::new();
            for (i, s) in ra.submitted_codes.iter().enumerate() {
                let code = bare(s);
                if !seen.insert(code.clone()) {
                    k.bad(
                        format!("riskAdjustment.submittedCodes[{i}]"),
                        format!("{s} is listed twice"),
                    );
                }
                if !keyed.contains(&code) {
                    k.bad(
                        format!("riskAdjustment.submittedCodes[{i}]"),
                        format!("{s} has no condition in the key (one per submitted code)"),
                    );
                }
            }
            for (i, cond) in c.key.conditions.iter().enumerate() {
                if !seen.contains(&bare(&cond.code)) && cond.status != ConditionStatus::Supported {
                    k.bad(
                        format!("key.conditions[{i}].status"),
                        format!(
                            "{} was not submitted: a condition beyond the submitted codes is one \
                             the plan missed, so SUPPORTED",
                            cond.code
                        ),
                    );
                }
            }
        }
    }
}
