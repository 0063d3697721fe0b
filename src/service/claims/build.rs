//! Building a claim from a case, and applying a trainee's edits to it.

use crate::domain::cases::{self as dom, CaseDoc, Setting};
use crate::domain::claims::*;
use crate::domain::codes::{System, normalize};
use crate::error::{AppError, AppResult};
use sea_orm::ConnectionTrait;

/// A diagnosis as entered (box 21, or a UB-04 diagnosis with POA).
#[derive(Debug, Clone)]
pub struct DiagnosisInput {
    pub code: String,
    pub poa: Option<String>,
}

/// A service line as entered. Date and place default to the case's; the charge to the
/// practice's charge master.
#[derive(Debug, Clone)]
pub struct LineInput {
    pub system: Option<String>,
    pub code: String,
    pub modifiers: Vec<String>,
    pub units: i32,
    pub pointers: Vec<String>,
    pub charge_cents: Option<i64>,
    pub date_of_service: Option<chrono::NaiveDate>,
    pub place_of_service: Option<String>,
    pub revenue_code: Option<String>,
}

/// The fields a trainee may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ClaimPatch {
    pub diagnoses: Option<Vec<DiagnosisInput>>,
    pub lines: Option<Vec<LineInput>>,
    /// An empty string clears it.
    pub prior_authorization: Option<String>,
    pub member_id: Option<String>,
    pub group_number: Option<String>,
    pub type_of_bill: Option<String>,
    pub discharge_status: Option<String>,
    pub procedures: Option<Vec<String>>,
    pub drg: Option<String>,
}

const MAX_DIAGNOSES: usize = 25;
const MAX_LINES: usize = 50;
const MAX_CHARGE_CENTS: i64 = 100_000_000;

/// A claim filled from the case: patient, coverage, providers; the coding comes from the
/// scenario's billed claim (the practice's claim, to be worked) and is otherwise left to the
/// trainee. Nothing in it comes from the answer key.
pub async fn from_case(
    db: &impl ConnectionTrait,
    doc: &CaseDoc,
    payer: Option<&str>,
) -> AppResult<Claim> {
    let scenario = doc.scenario.as_ref();
    let wanted = payer
        .map(str::to_owned)
        .or_else(|| scenario.and_then(|s| s.billed_payer.clone()));
    let coverage = match &wanted {
        Some(p) => doc
            .coverages
            .iter()
            .find(|c| &c.payer == p)
            .ok_or_else(|| {
                AppError::bad_input(
                    "payer",
                    format!(
                        "the patient has no coverage with '{p}' (their coverages: {})",
                        doc.coverages
                            .iter()
                            .map(|c| c.payer.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?,
        None => doc
            .coverages
            .iter()
            .find(|c| c.priority == "PRIMARY")
            .or(doc.coverages.first())
            .ok_or_else(|| {
                AppError::bad_input(
                    "payer",
                    "the case's patient has no coverage: there is no payer to bill",
                )
            })?,
    };
    let p = &doc.patient;
    let address = |a: &dom::Address| Address {
        line1: a.line1.clone(),
        city: a.city.clone(),
        state: a.state.clone(),
        zip: a.zip.clone(),
    };
    let patient = Person {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        date_of_birth: Some(p.date_of_birth),
        sex: p.sex.clone(),
        address: Some(address(&p.address)),
    };
    let insured_person = if coverage.relationship == "SELF" {
        patient.clone()
    } else {
        Person {
            first_name: "Policyholder".into(),
            last_name: p.last_name.clone(),
            date_of_birth: None,
            sex: "U".into(),
            address: Some(address(&p.address)),
        }
    };
    let practice_address = doc
        .facility
        .as_ref()
        .map(|f| address(&f.address))
        .unwrap_or_else(|| Address {
            line1: "200 Clinic Row".into(),
            city: p.address.city.clone(),
            state: p.address.state.clone(),
            zip: p.address.zip.clone(),
        });
    let rendering = ClaimProvider {
        name: doc.provider.name.clone(),
        npi: doc.provider.npi.clone(),
        taxonomy: Some(doc.provider.taxonomy.clone()),
        address: None,
        tax_id: None,
    };
    let billing = ClaimProvider {
        address: Some(practice_address),
        tax_id: Some(format!(
            "99{}",
            &doc.provider.npi[..7.min(doc.provider.npi.len())]
        )),
        ..rendering.clone()
    };
    let facility = doc
        .facility
        .as_ref()
        .filter(|_| doc.place_of_service != "11")
        .map(|f| ClaimProvider {
            name: f.name.clone(),
            npi: f.npi.clone(),
            taxonomy: None,
            address: Some(address(&f.address)),
            tax_id: None,
        });
    let inpatient = doc.setting == Setting::Inpatient;
    let mut claim = Claim {
        kind: if inpatient {
            ClaimKind::Institutional
        } else {
            ClaimKind::Professional
        },
        frequency: Frequency::Original,
        original_reference: None,
        payer: coverage.payer.clone(),
        date_of_service: doc.date_of_service,
        place_of_service: doc.place_of_service.clone(),
        patient,
        insured: Insured {
            member_id: coverage.member_id.clone(),
            group_number: coverage.group_number.clone(),
            relationship: coverage.relationship.clone(),
            person: insured_person,
        },
        billing,
        rendering,
        facility,
        diagnoses: Vec::new(),
        prior_authorization: None,
        lines: Vec::new(),
        total_charge_cents: 0,
        institutional: doc.inpatient.as_ref().map(|s| Institutional {
            type_of_bill: "0111".into(),
            admission_date: Some(s.admission_date),
            discharge_date: Some(s.discharge_date),
            discharge_status: Some(s.discharge_status.clone()),
            procedures: Vec::new(),
            drg: None,
        }),
        primary: None,
    };
    // The practice's billed claim of a scenario, errors and all, is the trainee's to work.
    // Without one, the coding is the trainee's to do: a draft never carries the answer key.
    if let Some(b) = scenario.and_then(|s| s.billed.as_ref()) {
        let patch = ClaimPatch {
            diagnoses: Some(
                b.diagnoses
                    .iter()
                    .map(|c| DiagnosisInput {
                        code: c.clone(),
                        poa: None,
                    })
                    .collect(),
            ),
            lines: Some(
                b.lines
                    .iter()
                    .map(|l| line_input(&l.system, &l.code, &l.modifiers, l.units, &l.pointers))
                    .collect(),
            ),
            prior_authorization: b.prior_authorization.clone(),
            ..ClaimPatch::default()
        };
        apply_to(db, &mut claim, patch, doc).await?;
    }
    claim.total_charge_cents = claim.line_total();
    Ok(claim)
}

/// The insured of a coverage: the patient when SELF, otherwise the policyholder (named from
/// the patient's family, details for the trainee to complete).
pub fn insured_for(doc: &CaseDoc, coverage: &dom::Coverage) -> Insured {
    let p = &doc.patient;
    let address = Address {
        line1: p.address.line1.clone(),
        city: p.address.city.clone(),
        state: p.address.state.clone(),
        zip: p.address.zip.clone(),
    };
    let person = if coverage.relationship == "SELF" {
        Person {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            date_of_birth: Some(p.date_of_birth),
            sex: p.sex.clone(),
            address: Some(address),
        }
    } else {
        Person {
            first_name: "Policyholder".into(),
            last_name: p.last_name.clone(),
            date_of_birth: None,
            sex: "U".into(),
            address: Some(address),
        }
    };
    Insured {
        member_id: coverage.member_id.clone(),
        group_number: coverage.group_number.clone(),
        relationship: coverage.relationship.clone(),
        person,
    }
}

fn line_input(
    system: &str,
    code: &str,
    modifiers: &[String],
    units: u32,
    pointers: &[String],
) -> LineInput {
    LineInput {
        system: Some(system.to_owned()),
        code: code.to_owned(),
        modifiers: modifiers.to_vec(),
        units: units as i32,
        pointers: pointers.to_vec(),
        charge_cents: None,
        date_of_service: None,
        place_of_service: None,
        revenue_code: None,
    }
}

/// Applies edits to a stored claim (dates and place default to those already on the claim).
pub async fn apply(
    db: &impl ConnectionTrait,
    claim: &mut Claim,
    patch: ClaimPatch,
) -> AppResult<()> {
    let dos = Some(claim.date_of_service);
    let pos = Some(claim.place_of_service.clone());
    apply_inner(db, claim, patch, dos, pos).await
}

pub(super) async fn apply_to(
    db: &impl ConnectionTrait,
    claim: &mut Claim,
    patch: ClaimPatch,
    doc: &CaseDoc,
) -> AppResult<()> {
    apply_inner(
        db,
        claim,
        patch,
        Some(doc.date_of_service),
        Some(doc.place_of_service.clone()),
    )
    .await
}

async fn apply_inner(
    db: &impl ConnectionTrait,
    claim: &mut Claim,
    patch: ClaimPatch,
    dos: Option<chrono::NaiveDate>,
    pos: Option<String>,
) -> AppResult<()> {
    if let Some(dx) = patch.diagnoses {
        if dx.len() > MAX_DIAGNOSES {
            return Err(AppError::bad_input(
                "diagnoses",
                format!("at most {MAX_DIAGNOSES} diagnoses"),
            ));
        }
        let mut out = Vec::with_capacity(dx.len());
        for (i, d) in dx.into_iter().enumerate() {
            let code = normalize(System::Icd10Cm, &d.code)
                .map_err(|e| AppError::bad_input(format!("diagnoses[{i}].code"), e.0))?;
            let poa = d
                .poa
                .map(|p| p.trim().to_uppercase())
                .filter(|p| !p.is_empty());
            if poa
                .as_deref()
                .is_some_and(|p| !["Y", "N", "U", "W", "1"].contains(&p))
            {
                return Err(AppError::bad_input(
                    format!("diagnoses[{i}].poa"),
                    "POA is Y, N, U, W or 1",
                ));
            }
            out.push(ClaimDiagnosis {
                code: crate::domain::codes::display(System::Icd10Cm, &code),
                poa,
            });
        }
        claim.diagnoses = out;
    }
    if let Some(lines) = patch.lines {
        if lines.len() > MAX_LINES {
            return Err(AppError::bad_input(
                "lines",
                format!("at most {MAX_LINES} service lines"),
            ));
        }
        let codes: Vec<String> = lines.iter().map(|l| l.code.trim().to_uppercase()).collect();
        let charges = crate::service::payers::charges(db, &codes).await?;
        let default_date =
            dos.ok_or_else(|| AppError::bad_input("lines", "give each line its dateOfService"))?;
        let mut out = Vec::with_capacity(lines.len());
        for (i, l) in lines.into_iter().enumerate() {
            out.push(line(i, l, &charges, default_date, pos.as_deref())?);
        }
        claim.lines = out;
    }
    if let Some(a) = patch.prior_authorization {
        let a = a.trim().to_owned();
        if a.len() > 50 {
            return Err(AppError::bad_input(
                "priorAuthorization",
                "at most 50 characters",
            ));
        }
        claim.prior_authorization = Some(a).filter(|a| !a.is_empty());
    }
    if let Some(m) = patch.member_id {
        if m.len() > 40 {
            return Err(AppError::bad_input("memberId", "at most 40 characters"));
        }
        claim.insured.member_id = m.trim().to_owned();
    }
    if let Some(g) = patch.group_number {
        claim.insured.group_number = Some(g.trim().to_owned()).filter(|g| !g.is_empty());
    }
    let institutional_edit = patch.type_of_bill.is_some()
        || patch.discharge_status.is_some()
        || patch.procedures.is_some()
        || patch.drg.is_some();
    if institutional_edit {
        let Some(inst) = claim.institutional.as_mut() else {
            return Err(AppError::bad_input(
                "typeOfBill",
                "only a UB-04 (institutional) claim has these fields",
            ));
        };
        if let Some(t) = patch.type_of_bill {
            inst.type_of_bill = t.trim().to_owned();
        }
        if let Some(s) = patch.discharge_status {
            inst.discharge_status = Some(s.trim().to_owned());
        }
        if let Some(p) = patch.procedures {
            if p.len() > 25 {
                return Err(AppError::bad_input("procedures", "at most 25 procedures"));
            }
            let mut out = Vec::new();
            for (i, c) in p.iter().enumerate() {
                out.push(
                    normalize(System::Icd10Pcs, c)
                        .map_err(|e| AppError::bad_input(format!("procedures[{i}]"), e.0))?,
                );
            }
            inst.procedures = out;
        }
        if let Some(d) = patch.drg {
            let d = d.trim().to_owned();
            if !d.is_empty() && (d.len() != 3 || !d.bytes().all(|b| b.is_ascii_digit())) {
                return Err(AppError::bad_input("drg", "an MS-DRG is 3 digits"));
            }
            inst.drg = Some(d).filter(|d| !d.is_empty());
        }
    }
    claim.total_charge_cents = claim.line_total();
    Ok(())
}

fn line(
    i: usize,
    l: LineInput,
    charges: &std::collections::HashMap<String, i64>,
    default_date: chrono::NaiveDate,
    pos: Option<&str>,
) -> AppResult<ServiceLine> {
    let at = |f: &str| format!("lines[{i}].{f}");
    let code = l.code.trim().to_uppercase();
    let system = match l.system.as_deref() {
        Some(s @ ("CPT" | "HCPCS")) => s.to_owned(),
        Some(other) => {
            return Err(AppError::bad_input(
                at("system"),
                format!("'{other}': a service line is CPT or HCPCS"),
            ));
        }
        None if code.starts_with(|c: char| c.is_ascii_alphabetic()) => "HCPCS".into(),
        None => "CPT".into(),
    };
    let sys = if system == "CPT" {
        System::Cpt
    } else {
        System::Hcpcs
    };
    if !code.is_empty() {
        normalize(sys, &code).map_err(|e| AppError::bad_input(at("code"), e.0))?;
    }
    if !(1..=9999).contains(&l.units) {
        return Err(AppError::bad_input(at("units"), "units are 1 to 9999"));
    }
    if l.modifiers.len() > 4 {
        return Err(AppError::bad_input(
            at("modifiers"),
            "at most 4 modifiers per line",
        ));
    }
    let mut modifiers = Vec::new();
    for m in &l.modifiers {
        modifiers.push(
            normalize(System::Modifier, m)
                .map_err(|e| AppError::bad_input(at("modifiers"), e.0))?,
        );
    }
    if l.pointers.len() > 4 {
        return Err(AppError::bad_input(
            at("pointers"),
            "at most 4 diagnosis pointers per line",
        ));
    }
    let pointers: Vec<String> = l.pointers.iter().map(|p| p.trim().to_uppercase()).collect();
    if let Some(bad) = pointers.iter().find(|p| pointer_index(p).is_none()) {
        return Err(AppError::bad_input(
            at("pointers"),
            format!("'{bad}': pointers are letters A–L"),
        ));
    }
    let charge = match l.charge_cents {
        Some(c) if !(0..=MAX_CHARGE_CENTS).contains(&c) => {
            return Err(AppError::bad_input(
                at("chargeCents"),
                "a charge is 0 to 1,000,000.00 dollars, in cents",
            ));
        }
        Some(c) => c,
        None => charges.get(&code).copied().unwrap_or(0),
    };
    let place = l
        .place_of_service
        .or(pos.map(str::to_owned))
        .unwrap_or_else(|| "11".into());
    Ok(ServiceLine {
        date_of_service: l.date_of_service.unwrap_or(default_date),
        place_of_service: place.trim().to_owned(),
        system,
        code,
        modifiers,
        units: l.units as u32,
        pointers,
        charge_cents: charge,
        revenue_code: l.revenue_code.map(|r| r.trim().to_owned()),
    })
}
