//! The payer's DRG validation of an inpatient claim: the claim's own codes (principal and
//! other diagnoses with POA, ICD-10-PCS codes, the patient's sex and age, the discharge date
//! and status) are grouped with the MS-DRG grouper, and the claim is priced on that DRG —
//! never on a DRG typed into the claim, which the remittance shows beside the grouped one
//! when it differs.

use crate::domain::adjudication::{DrgValidation, Remittance, TraceEntry};
use crate::domain::cases::CaseDoc;
use crate::domain::cases::validate::age_on;
use crate::domain::claims::{Claim, ClaimKind};
use crate::domain::drg::{self, DrgClaim, DrgDiagnosis, Sex};

/// The grouped DRG of an inpatient (type of bill 011x) institutional claim, and its relative
/// weight for pricing; `None` for any other claim.
pub fn validate(doc: &CaseDoc, body: &Claim) -> Option<(Option<f64>, DrgValidation)> {
    let inst = body.institutional.as_ref()?;
    if body.kind != ClaimKind::Institutional || !inst.type_of_bill.starts_with("011") {
        return None;
    }
    let stay = doc.inpatient.as_ref();
    let discharge = inst.discharge_date.or(stay.map(|s| s.discharge_date))?;
    let admission = inst
        .admission_date
        .or(stay.map(|s| s.admission_date))
        .unwrap_or(discharge);
    let (principal, others) = body.diagnoses.split_first()?;
    let dx = |d: &crate::domain::claims::ClaimDiagnosis| DrgDiagnosis {
        code: d.code.clone(),
        poa: d.poa.as_deref().and_then(|p| p.trim().chars().next()),
    };
    let claim = DrgClaim {
        discharge_date: discharge,
        age: body
            .patient
            .date_of_birth
            .map(|b| age_on(b, admission) as u16),
        sex: match body.patient.sex.as_str() {
            "M" => Sex::Male,
            "F" => Sex::Female,
            _ => Sex::Unknown,
        },
        discharge_status: inst
            .discharge_status
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1),
        principal: dx(principal),
        secondary: others.iter().map(dx).collect(),
        procedures: inst.procedures.clone(),
    };
    let g = drg::group(&claim).ok()?;
    let grouped = format!("{:03}", g.drg);
    let typed = inst
        .drg
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.trim_start_matches('0') != grouped.trim_start_matches('0'))
        .map(str::to_owned);
    let weight = g.weight.as_ref().map(|w| w.weight);
    let mut message = format!(
        "MS-DRG v{} groups the claim's codes to DRG {grouped} ({})",
        g.version.label(),
        g.title
    );
    match weight {
        Some(w) => message.push_str(&format!(", relative weight {w:.4}")),
        None => message.push_str(&format!(": {}", g.return_code.as_str())),
    }
    if let Some(t) = &typed {
        message.push_str(&format!("; the claim carried DRG {t}, which is not paid"));
    }
    message.push('.');
    let validation = DrgValidation {
        version: g.version.label().to_owned(),
        grouped,
        title: g.title,
        weight_e4: weight.map(|w| (w * 10_000.0).round() as i64),
        typed,
        message,
    };
    Some((weight, validation))
}

/// Puts the DRG validation on the remittance, first in its trace.
pub fn annotate(remittance: &mut Remittance, validation: Option<&DrgValidation>) {
    let Some(v) = validation else { return };
    remittance.trace.insert(
        0,
        TraceEntry {
            edit: "DRG_VALIDATION".into(),
            line: None,
            outcome: if v.typed.is_some() {
                "FIRED".into()
            } else {
                "PASSED".into()
            },
            message: v.message.clone(),
            group: None,
            reason: None,
            remarks: Vec::new(),
        },
    );
    remittance.drg = Some(v.clone());
}
