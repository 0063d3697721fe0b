//! An inpatient case's codes as the MS-DRG grouper reads them: the patient's age at
//! admission and sex, the stay's discharge date and status from the case; the diagnoses (the
//! first principal, then the secondaries, with POA) and ICD-10-PCS codes from a key or a
//! submission.

use super::{AnswerKey, CaseDoc, Setting};
use crate::domain::drg::{DrgClaim, DrgDiagnosis, Grouping, Sex};

use super::validate::age_on;

/// Shortest written reason an author must give to keep an expected DRG the grouper disagrees with.
pub const MIN_OVERRIDE_REASON: usize = 20;

/// The grouper's claim for an inpatient case with the given diagnoses (principal first) and
/// procedures; `None` for outpatient cases.
pub fn drg_claim(
    c: &CaseDoc,
    diagnoses: &[(String, Option<String>)],
    pcs: &[String],
) -> Option<DrgClaim> {
    if c.setting != Setting::Inpatient {
        return None;
    }
    let stay = c.inpatient.as_ref()?;
    let (principal, secondary) = diagnoses.split_first()?;
    let dx = |(code, poa): &(String, Option<String>)| DrgDiagnosis {
        code: code.clone(),
        poa: poa.as_deref().and_then(|p| p.trim().chars().next()),
    };
    Some(DrgClaim {
        discharge_date: stay.discharge_date,
        age: Some(age_on(c.patient.date_of_birth, stay.admission_date) as u16),
        sex: match c.patient.sex.as_str() {
            "M" => Sex::Male,
            "F" => Sex::Female,
            _ => Sex::Unknown,
        },
        discharge_status: stay.discharge_status.parse().unwrap_or(0),
        principal: dx(principal),
        secondary: secondary.iter().map(dx).collect(),
        procedures: pcs.to_vec(),
    })
}

/// The key's main coding: required lines, and of alternatives only option 1.
fn main_option(optional: bool, alternate: Option<&super::Alternate>) -> bool {
    !optional && alternate.is_none_or(|a| a.option == 1)
}

/// The grouper's claim for an inpatient key's main coding.
pub fn key_claim(c: &CaseDoc, key: &AnswerKey) -> Option<DrgClaim> {
    let lines = key
        .diagnoses
        .iter()
        .filter(|d| main_option(d.optional, d.alternate.as_ref()));
    let principal = lines.clone().filter(|d| d.role == "PRINCIPAL");
    let secondary = lines.filter(|d| d.role != "PRINCIPAL");
    let dx: Vec<(String, Option<String>)> = principal
        .chain(secondary)
        .map(|d| (d.code.clone(), d.poa.clone()))
        .collect();
    let mut pcs: Vec<&super::PcsLine> = key
        .pcs
        .iter()
        .filter(|p| main_option(p.optional, p.alternate.as_ref()))
        .collect();
    pcs.sort_by_key(|p| !p.principal);
    let pcs: Vec<String> = pcs.into_iter().map(|p| p.code.clone()).collect();
    drg_claim(c, &dx, &pcs)
}

/// The grouper's reasoning in one paragraph, for a refusal or a feedback line.
pub fn summary(g: &Grouping) -> String {
    g.trace
        .iter()
        .filter(|s| {
            matches!(
                s.step,
                "PRINCIPAL" | "LOGIC" | "REROUTE" | "SEVERITY" | "NOT_COUNTED" | "HAC"
            )
        })
        .map(|s| s.detail.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
