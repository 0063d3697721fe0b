//! The clearinghouse's front-end edits. A claim that fails any of them is REJECTED with every
//! reason listed and never reaches the payer (no remittance, nothing to appeal): fix it and
//! send it again.

use super::{Claim, ClaimKind, Frequency, pointer_index};
use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::{System, normalize};
use crate::domain::npi::Npi;
use serde::Serialize;

/// One reason a claim was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    /// Where: `patient.dateOfBirth`, `lines[2].pointers`, `diagnoses[0]`…
    pub field: String,
    /// MISSING_DATA, INVALID_DATA, INVALID_NPI, INVALID_CODE, NON_BILLABLE_CODE,
    /// POINTER_OUT_OF_RANGE or TOTAL_MISMATCH.
    pub code: &'static str,
    pub message: String,
}

struct Out(Vec<Rejection>);

impl Out {
    fn add(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(Rejection {
            field: field.into(),
            code,
            message: message.into(),
        });
    }
}

const MAX_DIAGNOSES_1500: usize = 12;
const MAX_DIAGNOSES_UB04: usize = 25;
const MAX_LINES: usize = 50;
const MAX_UNITS: u32 = 9999;

/// Runs every front-end edit; an empty list means the claim goes to the payer.
pub fn check(claim: &Claim, codes: &CodeIndex) -> Vec<Rejection> {
    let mut out = Out(Vec::new());
    people(claim, &mut out);
    providers(claim, &mut out);
    if claim.frequency != Frequency::Original
        && claim
            .original_reference
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        out.add(
            "originalReference",
            "MISSING_DATA",
            "a replacement (7) or void (8) claim needs the original claim number (box 22)",
        );
    }
    diagnoses(claim, codes, &mut out);
    lines(claim, codes, &mut out);
    if claim.kind == ClaimKind::Institutional {
        institutional(claim, codes, &mut out);
    }
    if claim.total_charge_cents != claim.line_total() {
        out.add(
            "totalChargeCents",
            "TOTAL_MISMATCH",
            format!(
                "the total charge ({}) is not the sum of the line charges ({})",
                super::dollars(claim.total_charge_cents),
                super::dollars(claim.line_total())
            ),
        );
    }
    out.0
}

fn people(claim: &Claim, out: &mut Out) {
    for (who, p) in [
        ("patient", &claim.patient),
        ("insured.person", &claim.insured.person),
    ] {
        if p.first_name.trim().is_empty() || p.last_name.trim().is_empty() {
            out.add(
                format!("{who}.name"),
                "MISSING_DATA",
                "first and last name are required",
            );
        }
        if !["F", "M", "U"].contains(&p.sex.as_str()) {
            out.add(
                format!("{who}.sex"),
                "INVALID_DATA",
                "sex must be F, M or U",
            );
        }
    }
    if claim.patient.date_of_birth.is_none() {
        out.add(
            "patient.dateOfBirth",
            "MISSING_DATA",
            "the patient's date of birth is required (box 3)",
        );
    }
    let id = claim.insured.member_id.trim();
    if id.is_empty() {
        out.add(
            "insured.memberId",
            "MISSING_DATA",
            "the insured's ID is required (box 1a)",
        );
    } else if id.len() > 20 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        out.add(
            "insured.memberId",
            "INVALID_DATA",
            "the insured's ID is letters, digits and dashes, 20 at most",
        );
    }
    if !["SELF", "SPOUSE", "CHILD", "OTHER"].contains(&claim.insured.relationship.as_str()) {
        out.add(
            "insured.relationship",
            "INVALID_DATA",
            "relationship must be SELF, SPOUSE, CHILD or OTHER",
        );
    }
}

fn providers(claim: &Claim, out: &mut Out) {
    let mut all = vec![("billing", &claim.billing), ("rendering", &claim.rendering)];
    if let Some(f) = &claim.facility {
        all.push(("facility", f));
    }
    for (who, p) in all {
        if p.name.trim().is_empty() {
            out.add(
                format!("{who}.name"),
                "MISSING_DATA",
                "the provider's name is required",
            );
        }
        if let Err(e) = Npi::parse(&p.npi) {
            out.add(format!("{who}.npi"), "INVALID_NPI", e.0);
        }
    }
    if claim.billing.address.is_none() {
        out.add(
            "billing.address",
            "MISSING_DATA",
            "the billing provider's address is required (box 33)",
        );
    }
    if claim
        .billing
        .tax_id
        .as_deref()
        .is_none_or(|t| t.len() != 9 || !t.bytes().all(|b| b.is_ascii_digit()))
    {
        out.add(
            "billing.taxId",
            "MISSING_DATA",
            "the billing provider's 9-digit tax ID is required (box 25)",
        );
    }
}

fn diagnoses(claim: &Claim, codes: &CodeIndex, out: &mut Out) {
    let max = match claim.kind {
        ClaimKind::Professional => MAX_DIAGNOSES_1500,
        ClaimKind::Institutional => MAX_DIAGNOSES_UB04,
    };
    if claim.diagnoses.is_empty() && claim.frequency != Frequency::Void {
        out.add(
            "diagnoses",
            "MISSING_DATA",
            "at least one diagnosis is required (box 21 A)",
        );
    }
    if claim.diagnoses.len() > max {
        out.add(
            "diagnoses",
            "INVALID_DATA",
            format!("at most {max} diagnoses fit on this form"),
        );
    }
    let Some(dos) = claim.first_date() else {
        return;
    };
    for (i, d) in claim.diagnoses.iter().enumerate() {
        let field = format!("diagnoses[{i}]");
        let code = match normalize(System::Icd10Cm, &d.code) {
            Ok(c) => c,
            Err(e) => {
                out.add(field, "INVALID_CODE", format!("{}: {}", d.code, e.0));
                continue;
            }
        };
        match codes.lookup(System::Icd10Cm, &code, Some(dos)) {
            None => out.add(field, "INVALID_CODE", format!("{} is not an ICD-10-CM code valid on {dos}", d.code)),
            Some(r) if !r.billable => out.add(
                field,
                "NON_BILLABLE_CODE",
                format!("{} is a header, not a billable code: code to the highest specificity (ICD-10-CM I.B.2)", d.code),
            ),
            Some(_) => {}
        }
    }
}

fn lines(claim: &Claim, codes: &CodeIndex, out: &mut Out) {
    if claim.lines.is_empty() {
        out.add(
            "lines",
            "MISSING_DATA",
            "at least one service line is required (box 24)",
        );
    }
    if claim.lines.len() > MAX_LINES {
        out.add(
            "lines",
            "INVALID_DATA",
            format!("at most {MAX_LINES} service lines per claim"),
        );
    }
    for (i, l) in claim.lines.iter().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        let revenue_only = claim.kind == ClaimKind::Institutional && l.code.trim().is_empty();
        let system = match l.system.as_str() {
            _ if revenue_only => None,
            "CPT" => Some(System::Cpt),
            "HCPCS" => Some(System::Hcpcs),
            _ => {
                out.add(
                    at("system"),
                    "INVALID_DATA",
                    "a service line's code is CPT or HCPCS",
                );
                None
            }
        };
        if let Some(system) = system {
            let known = normalize(system, &l.code)
                .ok()
                .and_then(|c| codes.lookup(system, &c, Some(l.date_of_service)));
            if known.is_none() {
                out.add(
                    at("code"),
                    "INVALID_CODE",
                    format!(
                        "{} is not a {} code valid on {}",
                        l.code,
                        system.as_str(),
                        l.date_of_service
                    ),
                );
            }
        }
        if l.modifiers.len() > 4 {
            out.add(
                at("modifiers"),
                "INVALID_DATA",
                "at most 4 modifiers per line (box 24D)",
            );
        }
        for m in &l.modifiers {
            let known = normalize(System::Modifier, m)
                .ok()
                .and_then(|c| codes.lookup(System::Modifier, &c, None));
            if known.is_none() {
                out.add(
                    at("modifiers"),
                    "INVALID_CODE",
                    format!("{m} is not a modifier"),
                );
            }
        }
        if normalize(System::Pos, &l.place_of_service)
            .ok()
            .and_then(|c| codes.lookup(System::Pos, &c, None))
            .is_none()
        {
            out.add(
                at("placeOfService"),
                "INVALID_CODE",
                format!("{} is not a place-of-service code", l.place_of_service),
            );
        }
        if l.units == 0 || l.units > MAX_UNITS {
            out.add(
                at("units"),
                "INVALID_DATA",
                format!("units must be 1–{MAX_UNITS}"),
            );
        }
        if l.charge_cents <= 0 {
            out.add(
                at("chargeCents"),
                "MISSING_DATA",
                "every line needs a charge above zero (box 24F)",
            );
        }
        if claim.kind == ClaimKind::Professional {
            pointers(claim, i, &mut *out);
        } else if l
            .revenue_code
            .as_deref()
            .is_none_or(|r| r.len() != 4 || !r.bytes().all(|b| b.is_ascii_digit()))
        {
            out.add(
                at("revenueCode"),
                "MISSING_DATA",
                "an institutional line needs a 4-digit revenue code (FL 42)",
            );
        }
    }
}

fn pointers(claim: &Claim, i: usize, out: &mut Out) {
    let l = &claim.lines[i];
    let field = format!("lines[{i}].pointers");
    if l.pointers.is_empty() || l.pointers.len() > 4 {
        out.add(
            field,
            "POINTER_OUT_OF_RANGE",
            "each line points at 1 to 4 diagnoses (box 24E)",
        );
        return;
    }
    for p in &l.pointers {
        let ok = pointer_index(p).is_some_and(|k| k < claim.diagnoses.len());
        if !ok {
            out.add(
                field.clone(),
                "POINTER_OUT_OF_RANGE",
                format!(
                    "pointer {p} names no diagnosis on the claim (A–{})",
                    super::pointer_letter(claim.diagnoses.len().clamp(1, MAX_DIAGNOSES_1500) - 1)
                ),
            );
        }
    }
}

fn institutional(claim: &Claim, codes: &CodeIndex, out: &mut Out) {
    let Some(inst) = &claim.institutional else {
        out.add(
            "institutional",
            "MISSING_DATA",
            "a UB-04 claim needs its type of bill and stay",
        );
        return;
    };
    let tob = inst.type_of_bill.as_str();
    if tob.len() != 4 || !tob.starts_with('0') || !tob.bytes().all(|b| b.is_ascii_digit()) {
        out.add(
            "institutional.typeOfBill",
            "INVALID_DATA",
            "type of bill is 4 digits starting with 0 (e.g. 0111, 0131)",
        );
    } else if tob.get(3..4) != Some(claim.frequency.code()) {
        out.add(
            "institutional.typeOfBill",
            "INVALID_DATA",
            format!(
                "the third digit of the type of bill must match the frequency ({})",
                claim.frequency.code()
            ),
        );
    }
    let inpatient = tob.starts_with("011");
    if inpatient {
        match (inst.admission_date, inst.discharge_date) {
            (Some(a), Some(d)) if a > d => out.add(
                "institutional.dischargeDate",
                "INVALID_DATA",
                "discharge is before admission",
            ),
            (Some(_), Some(_)) => {}
            _ => out.add(
                "institutional.admissionDate",
                "MISSING_DATA",
                "an inpatient claim needs admission and discharge dates",
            ),
        }
        if inst
            .discharge_status
            .as_deref()
            .is_none_or(|s| s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()))
        {
            out.add(
                "institutional.dischargeStatus",
                "MISSING_DATA",
                "patient discharge status is 2 digits (FL 17)",
            );
        }
        for (i, d) in claim.diagnoses.iter().enumerate() {
            if !d
                .poa
                .as_deref()
                .is_some_and(|p| ["Y", "N", "U", "W", "1"].contains(&p))
            {
                out.add(
                    format!("diagnoses[{i}].poa"),
                    "MISSING_DATA",
                    "inpatient diagnoses carry POA: Y, N, U, W or 1 (exempt)",
                );
            }
        }
    }
    let date = inst.admission_date.or(claim.first_date());
    for (i, p) in inst.procedures.iter().enumerate() {
        let ok = normalize(System::Icd10Pcs, p)
            .ok()
            .and_then(|c| codes.lookup(System::Icd10Pcs, &c, date));
        if ok.is_none() {
            out.add(
                format!("institutional.procedures[{i}]"),
                "INVALID_CODE",
                format!("{p} is not an ICD-10-PCS code"),
            );
        }
    }
}
