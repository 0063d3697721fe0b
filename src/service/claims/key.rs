//! The claim built from a case's answer key: what a coder who codes the documentation right
//! sends. The case library's gates run it through the payer's NCCI edits and write its 837P for
//! the X12 validator (tests/api/library_gates.rs). A scenario's billed claim is wrong on
//! purpose; its key's claim is the fixed one.

use super::build::{ClaimPatch, DiagnosisInput, LineInput, apply_to, from_case};
use crate::domain::cases::{Alternate, CaseDoc};
use crate::domain::claims::{Claim, pointer_index, pointer_letter, x12};
use crate::error::AppResult;
use sea_orm::ConnectionTrait;

/// Option 1 of an alternate group, or a line outside any group.
fn first_option(a: &Option<Alternate>) -> bool {
    a.as_ref().is_none_or(|a| a.option == 1)
}

/// The case's claim (patient, coverage, providers; the scenario's billed payer or the primary)
/// coded with every line the key accepts together: required and optional lines and option 1 of
/// each alternate group, pointers re-lettered to the diagnoses kept; the PCS codes and expected
/// DRG of an inpatient key; the authorization number the payer has on file.
pub async fn key_claim(db: &impl ConnectionTrait, doc: &CaseDoc) -> AppResult<Claim> {
    let mut claim = from_case(db, doc, None).await?;
    let key = &doc.key;
    let kept: Vec<usize> = (0..key.diagnoses.len())
        .filter(|&i| first_option(&key.diagnoses[i].alternate))
        .collect();
    let diagnoses = kept
        .iter()
        .map(|&i| DiagnosisInput {
            code: key.diagnoses[i].code.clone(),
            poa: key.diagnoses[i].poa.clone(),
        })
        .collect();
    let lines = key
        .procedures
        .iter()
        .filter(|p| first_option(&p.alternate))
        .map(|p| LineInput {
            system: Some(p.system.clone()),
            code: p.code.clone(),
            modifiers: p.modifiers.clone(),
            units: i32::try_from(p.units).unwrap_or(i32::MAX),
            pointers: p
                .pointers
                .iter()
                .filter_map(|l| pointer_index(l))
                .filter_map(|i| kept.iter().position(|&k| k == i))
                .map(pointer_letter)
                .collect(),
            charge_cents: None,
            date_of_service: None,
            place_of_service: None,
            revenue_code: None,
        })
        .collect();
    let inpatient = claim.institutional.is_some();
    let mut pcs: Vec<&crate::domain::cases::PcsLine> = key
        .pcs
        .iter()
        .filter(|p| first_option(&p.alternate))
        .collect();
    pcs.sort_by_key(|p| !p.principal);
    let patch = ClaimPatch {
        diagnoses: Some(diagnoses),
        lines: Some(lines),
        prior_authorization: Some(
            doc.scenario
                .as_ref()
                .and_then(|s| s.prior_authorization.clone())
                .unwrap_or_default(),
        ),
        procedures: inpatient.then(|| pcs.iter().map(|p| p.code.clone()).collect()),
        drg: if inpatient {
            key.expected_drg.clone()
        } else {
            None
        },
        ..ClaimPatch::default()
    };
    apply_to(db, &mut claim, patch, doc).await?;
    Ok(claim)
}

/// The 837P of the key's claim (`None` for an inpatient case: the 837I is not produced),
/// interchange `control`, sent on the date of service.
pub async fn key_837p(
    db: &impl ConnectionTrait,
    doc: &CaseDoc,
    control: u32,
) -> AppResult<Option<String>> {
    let claim = key_claim(db, doc).await?;
    let payer = crate::service::payers::profile(db, &claim.payer).await?;
    let sequence = match doc
        .coverages
        .iter()
        .find(|c| c.payer == claim.payer)
        .map(|c| c.priority.as_str())
    {
        Some("SECONDARY") => "S",
        Some("TERTIARY") => "T",
        _ => "P",
    };
    let env = x12::Envelope {
        control,
        created: doc.date_of_service.and_time(chrono::NaiveTime::MIN),
        claim_id: &format!("KEY{control}"),
        payer_name: &payer.name,
        payer_id: &payer.payer_id,
        filing_indicator: super::work::filing_indicator(payer.kind, &payer.slug),
        sequence,
    };
    Ok(x12::write_837p(&claim, &env))
}
