//! Checks a case and its answer key against the code tables for its date of service:
//! billable codes valid on the date, known modifiers and POS, pointers in range, MCE age
//! edits, roles and POA by setting, PCS and DRG for inpatient, NPIs, documentation length.
//! Each problem names the field path (`key.diagnoses[1].code`) and the reason.

use super::{CaseDoc, DOCUMENT_KINDS, PAYERS, SKILL_TAGS, Setting, drg};
use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::validate::{Patient, Status};
use crate::domain::codes::{Sex, System, normalize};
use crate::domain::npi::Npi;
use chrono::Datelike;

/// One thing wrong, at a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// The documentation's length suits the case's tier: a REAL_WORLD record is long and has
/// several documents; a TEXTBOOK or CLINIC note is short.
fn check_length(c: &CaseDoc, words: usize, k: &mut Check<'_>) {
    let real_world = c.tier == Some(super::Tier::RealWorld);
    let (min, max) = match (real_world, c.setting) {
        (true, Setting::Inpatient) => (MIN_REAL_WORLD_INPATIENT_WORDS, MAX_REAL_WORLD_WORDS),
        (true, _) => (MIN_REAL_WORLD_WORDS, MAX_REAL_WORLD_WORDS),
        (false, _) => (MIN_WORDS, MAX_WORDS),
    };
    if !(min..=max).contains(&words) {
        let tier = c.tier.map_or("this", |t| t.as_str());
        k.bad(
            "documents",
            format!("{words} words of documentation; {min}–{max} expected for a {tier} case"),
        );
    }
    if real_world && c.documents.len() < 2 {
        k.bad(
            "documents",
            "a REAL_WORLD record has several documents (at least two)",
        );
    }
}

/// The provider's and facility's names fit the claim's name element (X12 NM103, 60 characters).
fn check_names(c: &CaseDoc, k: &mut Check<'_>) {
    let names = [("provider.name", Some(&c.provider.name))]
        .into_iter()
        .chain([("facility.name", c.facility.as_ref().map(|f| &f.name))]);
    for (field, name) in names {
        if let Some(n) = name.filter(|n| n.chars().count() > MAX_NAME_CHARS) {
            k.bad(
                field,
                format!(
                    "{} characters; a claim's name field holds {MAX_NAME_CHARS}",
                    n.chars().count()
                ),
            );
        }
    }
}

/// The longest provider or facility name a claim carries (X12 NM103).
pub const MAX_NAME_CHARS: usize = 60;

/// Documentation length bounds, in words over all documents, for a TEXTBOOK or CLINIC case.
pub const MIN_WORDS: usize = 150;
pub const MAX_WORDS: usize = 1_200;
/// A REAL_WORLD record: at least this many words for a professional case, more for an
/// inpatient stay, in at least two documents, and at most `MAX_REAL_WORLD_WORDS`.
pub const MIN_REAL_WORLD_WORDS: usize = 1_200;
pub const MIN_REAL_WORLD_INPATIENT_WORDS: usize = 2_500;
pub const MAX_REAL_WORLD_WORDS: usize = 9_000;

/// Age in whole years on a date.
pub fn age_on(born: chrono::NaiveDate, day: chrono::NaiveDate) -> u32 {
    let mut years = day.year() - born.year();
    if (day.month(), day.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

struct Check<'a> {
    out: Vec<Problem>,
    prefix: &'a str,
}

impl Check<'_> {
    fn bad(&mut self, path: impl AsRef<str>, message: impl Into<String>) {
        self.out.push(Problem {
            path: format!("{}{}", self.prefix, path.as_ref()),
            message: message.into(),
        });
    }
}

/// Every problem of a case (the documentation rules included). `prefix` is prepended to
/// paths (e.g. `cases[3].`).
pub fn validate_case(c: &CaseDoc, index: &CodeIndex, prefix: &str) -> Vec<Problem> {
    let mut k = Check {
        out: Vec::new(),
        prefix,
    };
    let dos = c.date_of_service;
    let inpatient = c.setting == Setting::Inpatient;
    if c.slug.is_empty()
        || !c
            .slug
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        k.bad(
            "slug",
            format!("'{}' must be lower-case letters, digits and dashes", c.slug),
        );
    }
    if c.title.trim().is_empty() {
        k.bad("title", "must not be empty");
    }
    if index
        .lookup(System::Pos, &c.place_of_service, Some(dos))
        .is_none()
    {
        k.bad(
            "placeOfService",
            format!("'{}' is not a place-of-service code", c.place_of_service),
        );
    }
    for (i, t) in c.skill_tags.iter().enumerate() {
        if !SKILL_TAGS.contains(&t.as_str()) {
            k.bad(
                format!("skillTags[{i}]"),
                format!("'{t}' is not a skill tag"),
            );
        }
    }
    match (&c.inpatient, inpatient) {
        (None, true) => k.bad(
            "inpatient",
            "an inpatient case needs admission and discharge",
        ),
        (Some(_), false) => k.bad("inpatient", "only inpatient cases have a stay"),
        (Some(s), true) => {
            if s.admission_date != dos {
                k.bad("inpatient.admissionDate", "must equal dateOfService");
            }
            if s.discharge_date < s.admission_date {
                k.bad("inpatient.dischargeDate", "is before the admission");
            }
            if s.discharge_status.len() != 2
                || !s.discharge_status.bytes().all(|b| b.is_ascii_digit())
            {
                k.bad(
                    "inpatient.dischargeStatus",
                    "must be a two-digit UB-04 status",
                );
            }
        }
        (None, false) => {}
    }
    let sex = match c.patient.sex.as_str() {
        "F" => Sex::Female,
        "M" => Sex::Male,
        "U" => Sex::Unknown,
        other => {
            k.bad("patient.sex", format!("'{other}' is not F, M or U"));
            Sex::Unknown
        }
    };
    if c.patient.date_of_birth > dos {
        k.bad("patient.dateOfBirth", "is after the date of service");
    }
    let age = age_on(c.patient.date_of_birth, dos);
    if c.coverages.is_empty() {
        k.bad("coverages", "at least one coverage");
    }
    for (i, cov) in c.coverages.iter().enumerate() {
        if !PAYERS.contains(&cov.payer.as_str()) {
            k.bad(
                format!("coverages[{i}].payer"),
                format!("'{}' is not a payer profile", cov.payer),
            );
        }
        if cov.member_id.trim().is_empty() {
            k.bad(format!("coverages[{i}].memberId"), "must not be empty");
        }
    }
    if let Err(e) = Npi::parse(&c.provider.npi) {
        k.bad("provider.npi", e.0);
    }
    check_names(c, &mut k);
    if let Some(f) = &c.facility
        && let Err(e) = Npi::parse(&f.npi)
    {
        k.bad("facility.npi", e.0);
    }
    let mut words = 0;
    for (i, d) in c.documents.iter().enumerate() {
        if !DOCUMENT_KINDS.contains(&d.kind.as_str()) {
            k.bad(
                format!("documents[{i}].kind"),
                format!("'{}' is not a document kind", d.kind),
            );
        }
        words += d.body.split_whitespace().count();
    }
    check_length(c, words, &mut k);
    let risk = c.setting == Setting::RiskAdjustment;
    match (&c.risk_adjustment, risk) {
        (Some(ra), true) => risk_checks::validate(c, ra, index, &mut k),
        (None, true) => k.bad(
            "riskAdjustment",
            "a RISK_ADJUSTMENT case needs its member, mode and payment year",
        ),
        (Some(_), false) => k.bad(
            "riskAdjustment",
            "only RISK_ADJUSTMENT cases have a riskAdjustment block",
        ),
        (None, false) => {}
    }
    if !risk {
        validate_key(c, index, age, sex, &mut k);
        if !c.key.conditions.is_empty() {
            k.bad(
                "key.conditions",
                "only RISK_ADJUSTMENT keys list conditions",
            );
        }
    }
    if let Some(sc) = &c.scenario {
        validate_scenario(c, sc, index, &mut k);
    }
    if let Some(q) = &c.provider_query {
        for p in super::query::validate(c, q) {
            k.bad(p.path, p.message);
        }
    }
    k.out
}

/// A scenario's billed claim may be wrong on purpose, but its codes must exist, its pointers
/// must point, its payers must be the case's, and its expected outcome must be coherent.
fn validate_scenario(
    c: &CaseDoc,
    sc: &super::scenario::Scenario,
    index: &CodeIndex,
    k: &mut Check<'_>,
) {
    let has = |p: &str| c.coverages.iter().any(|cov| cov.payer == p);
    if let Some(p) = &sc.billed_payer
        && !has(p)
    {
        k.bad(
            "scenario.billedPayer",
            format!("'{p}' is not one of the patient's coverages"),
        );
    }
    if sc.submitted_on < c.date_of_service {
        k.bad(
            "scenario.submittedOn",
            "the claim cannot be sent before the service",
        );
    }
    match (
        sc.expected.status.as_str(),
        &sc.expected.group,
        &sc.expected.reason,
    ) {
        ("REJECTED", None, None) | ("DENIED", Some(_), Some(_)) => {}
        _ => k.bad(
            "scenario.expected",
            "REJECTED has no group or reason; DENIED has both",
        ),
    }
    for (i, h) in sc.history.iter().enumerate() {
        if !PAYERS.contains(&h.payer.as_str()) {
            k.bad(
                format!("scenario.history[{i}].payer"),
                format!("'{}' is not a payer", h.payer),
            );
        }
        if !["PAID", "DENIED"].contains(&h.status.as_str()) {
            k.bad(format!("scenario.history[{i}].status"), "PAID or DENIED");
        }
    }
    if let Some(a) = &sc.appeal {
        for (i, t) in a.documents.iter().enumerate() {
            if !c.documents.iter().any(|d| &d.title == t) {
                k.bad(
                    format!("scenario.appeal.documents[{i}]"),
                    format!("'{t}' is not a document of this case"),
                );
            }
        }
        if sc
            .expected
            .reason
            .as_deref()
            .is_none_or(|r| !a.ground.answers().contains(&r))
        {
            k.bad(
                "scenario.appeal.ground",
                format!("{} does not answer the expected denial", a.ground.as_str()),
            );
        }
    }
    let Some(b) = &sc.billed else { return };
    for (i, d) in b.diagnoses.iter().enumerate() {
        let known = normalize(System::Icd10Cm, d)
            .ok()
            .and_then(|n| index.lookup(System::Icd10Cm, &n, None));
        if known.is_none() {
            k.bad(
                format!("scenario.billed.diagnoses[{i}]"),
                format!("'{d}' is not an ICD-10-CM code"),
            );
        }
    }
    for (i, l) in b.lines.iter().enumerate() {
        let system = if l.system == "HCPCS" {
            System::Hcpcs
        } else {
            System::Cpt
        };
        if normalize(system, &l.code)
            .ok()
            .and_then(|n| index.lookup(system, &n, None))
            .is_none()
        {
            k.bad(
                format!("scenario.billed.lines[{i}].code"),
                format!("'{}' is not a {} code", l.code, system.as_str()),
            );
        }
        let in_range = |p: &String| {
            p.len() == 1
                && p.as_bytes()[0] >= b'A'
                && ((p.as_bytes()[0] - b'A') as usize) < b.diagnoses.len()
        };
        if l.units == 0 || l.pointers.is_empty() || !l.pointers.iter().all(in_range) {
            k.bad(
                format!("scenario.billed.lines[{i}]"),
                "units ≥ 1 and pointers to the billed diagnoses",
            );
        }
    }
}

/// The key's codes must group to its expected DRG, unless the author explains why not.
fn check_drg(c: &CaseDoc, expected: &str, k: &mut Check<'_>) {
    let reason = c
        .key
        .drg_override_reason
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if !reason.is_empty() && reason.len() < drg::MIN_OVERRIDE_REASON {
        k.bad(
            "key.drgOverrideReason",
            format!(
                "explain the override in at least {} characters",
                drg::MIN_OVERRIDE_REASON
            ),
        );
    }
    let Some(claim) = drg::key_claim(c, &c.key) else {
        return;
    };
    match crate::domain::drg::group(&claim) {
        Err(e) => k.bad("key.expectedDrg", e.to_string()),
        Ok(g) if expected.parse::<u16>().ok() != Some(g.drg) && reason.is_empty() => k.bad(
            "key.expectedDrg",
            format!(
                "the key's codes group to MS-DRG {:03} ({}), not {expected}: {} Correct the key, or keep {expected} with a drgOverrideReason.",
                g.drg,
                g.title,
                drg::summary(&g)
            ),
        ),
        Ok(_) => {}
    }
}

fn validate_key(c: &CaseDoc, index: &CodeIndex, age: u32, sex: Sex, k: &mut Check<'_>) {
    let dos = c.date_of_service;
    let inpatient = c.setting == Setting::Inpatient;
    let key = &c.key;
    let patient = Patient {
        age: Some(age),
        sex: Some(sex),
    };
    if key.diagnoses.is_empty() {
        k.bad("key.diagnoses", "at least one diagnosis");
    }
    // A professional claim points at 12 diagnoses (A–L); an inpatient claim (UB-04, 837I)
    // carries the principal and 24 others.
    if c.setting == Setting::Inpatient && key.diagnoses.len() > 25 {
        k.bad(
            "key.diagnoses",
            "at most 25 diagnoses on an inpatient claim",
        );
    } else if c.setting != Setting::Inpatient && key.diagnoses.len() > 12 {
        k.bad("key.diagnoses", "at most 12 diagnoses (A–L)");
    }
    for (i, d) in key.diagnoses.iter().enumerate() {
        let path = format!("key.diagnoses[{i}]");
        match normalize(System::Icd10Cm, &d.code) {
            Err(e) => k.bad(format!("{path}.code"), e.0),
            Ok(code) => {
                let v = index.validate(&[(System::Icd10Cm, code)], dos, patient);
                if let Some(verdict) = v.verdicts.first()
                    && !matches!(verdict.status, Status::Valid | Status::SexConflict)
                {
                    k.bad(format!("{path}.code"), verdict.message.clone());
                }
            }
        }
        let want = match (i, inpatient) {
            (0, true) => "PRINCIPAL",
            (0, false) => "FIRST_LISTED",
            _ => "SECONDARY",
        };
        if d.role != want {
            k.bad(
                format!("{path}.role"),
                format!("'{}': line {} must be {want}", d.role, i + 1),
            );
        }
        match (&d.poa, inpatient) {
            (None, true) => k.bad(
                format!("{path}.poa"),
                "inpatient diagnoses need a POA indicator",
            ),
            (Some(p), true) if !["Y", "N", "U", "W", "1"].contains(&p.as_str()) => k.bad(
                format!("{path}.poa"),
                format!("'{p}' is not Y, N, U, W or 1"),
            ),
            (Some(_), false) => k.bad(
                format!("{path}.poa"),
                "POA is reported for inpatient claims only",
            ),
            _ => {}
        }
        if d.rationale.trim().is_empty() || d.guideline.trim().is_empty() {
            k.bad(
                &path,
                "every line needs a rationale and a guideline citation",
            );
        }
    }
    for (i, p) in key.procedures.iter().enumerate() {
        let path = format!("key.procedures[{i}]");
        let system = match p.system.as_str() {
            "CPT" => Some(System::Cpt),
            "HCPCS" => Some(System::Hcpcs),
            other => {
                k.bad(
                    format!("{path}.system"),
                    format!("'{other}' is not CPT or HCPCS"),
                );
                None
            }
        };
        if let Some(system) = system {
            match normalize(system, &p.code) {
                Err(e) => k.bad(format!("{path}.code"), e.0),
                Ok(code) => {
                    let v = index.validate(&[(system, code)], dos, patient);
                    if let Some(verdict) = v.verdicts.first()
                        && verdict.status != Status::Valid
                    {
                        k.bad(format!("{path}.code"), verdict.message.clone());
                    }
                }
            }
        }
        if p.modifiers.len() > 4 {
            k.bad(format!("{path}.modifiers"), "at most 4 modifiers");
        }
        for (j, m) in p.modifiers.iter().enumerate() {
            if index.lookup(System::Modifier, m, Some(dos)).is_none() {
                k.bad(
                    format!("{path}.modifiers[{j}]"),
                    format!("'{m}' is not a modifier valid on {dos}"),
                );
            }
        }
        if p.units == 0 {
            k.bad(format!("{path}.units"), "must be at least 1");
        }
        if p.pointers.is_empty() || p.pointers.len() > 4 {
            k.bad(format!("{path}.pointers"), "1 to 4 diagnosis pointers");
        }
        for (j, ptr) in p.pointers.iter().enumerate() {
            let n = ptr
                .as_bytes()
                .first()
                .map(|b| b.wrapping_sub(b'A') as usize);
            if ptr.len() != 1 || n.is_none_or(|n| n >= key.diagnoses.len()) {
                k.bad(
                    format!("{path}.pointers[{j}]"),
                    format!(
                        "'{ptr}' does not point at a diagnosis (A–{})",
                        (b'A' + key.diagnoses.len().saturating_sub(1) as u8) as char
                    ),
                );
            }
        }
        if p.rationale.trim().is_empty() || p.guideline.trim().is_empty() {
            k.bad(
                &path,
                "every line needs a rationale and a guideline citation",
            );
        }
    }
    if !inpatient && key.procedures.is_empty() {
        k.bad(
            "key.procedures",
            "an outpatient key needs at least one service line",
        );
    }
    for (i, p) in key.pcs.iter().enumerate() {
        let path = format!("key.pcs[{i}]");
        if !inpatient {
            k.bad(&path, "ICD-10-PCS lines belong to inpatient cases");
        }
        match normalize(System::Icd10Pcs, &p.code) {
            Err(e) => k.bad(format!("{path}.code"), e.0),
            Ok(code) if code.len() != 7 => {
                k.bad(format!("{path}.code"), "ICD-10-PCS codes have 7 characters")
            }
            Ok(code) => {
                if index.lookup(System::Icd10Pcs, &code, Some(dos)).is_none() {
                    k.bad(
                        format!("{path}.code"),
                        format!("{code} is not an ICD-10-PCS code valid on {dos}"),
                    );
                }
            }
        }
        if p.rationale.trim().is_empty() || p.guideline.trim().is_empty() {
            k.bad(
                &path,
                "every line needs a rationale and a guideline citation",
            );
        }
    }
    let principals = key.pcs.iter().filter(|p| p.principal).count();
    if !key.pcs.is_empty() && principals != 1 {
        k.bad(
            "key.pcs",
            format!("exactly one principal procedure ({principals} marked)"),
        );
    }
    match (&key.expected_drg, inpatient) {
        (None, true) => k.bad("key.expectedDrg", "inpatient keys name the expected MS-DRG"),
        (Some(d), true) => {
            if index.lookup(System::MsDrg, d, Some(dos)).is_none() {
                k.bad(
                    "key.expectedDrg",
                    format!("'{d}' is not an MS-DRG valid on {dos}"),
                );
            } else {
                check_drg(c, d, k);
            }
        }
        (Some(_), false) => k.bad("key.expectedDrg", "only inpatient keys have a DRG"),
        (None, false) => {}
    }
    for (i, f) in key.feedback.iter().enumerate() {
        if f.message.trim().is_empty() {
            k.bad(format!("key.feedback[{i}].message"), "must not be empty");
        }
        if System::parse(&f.if_coded.system).is_err() {
            k.bad(
                format!("key.feedback[{i}].ifCoded.system"),
                format!("'{}' is not a code system", f.if_coded.system),
            );
        }
    }
}

#[path = "validate_risk.rs"]
mod risk_checks;

#[cfg(test)]
#[path = "validate_length_tests.rs"]
mod length_tests;
