//! Working a remittance: a corrected claim (frequency 7 with the payer's claim number), a void
//! (frequency 8), or closing the claim (write-off, bill the patient, nothing owed). Appeals are
//! in `appeal`.

use super::build::{self, ClaimPatch};
use super::submit::latest_remittance;
use super::{entry, from_json, in_sitting_window, locked, owned, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::adjudication::RemitStatus;
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::claims::{Claim, Frequency};
use crate::domain::codes::index::CodeIndex;
use crate::domain::lifecycle::{ClaimEvent, ClaimStatus};
use crate::entity::claims::claim;
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::stored;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

/// How a trainee closes a claim.
pub const CLOSE_ACTIONS: &[&str] = &["WRITE_OFF", "BILL_PATIENT", "NO_ACTION"];

/// A claim read locked for a remedy: it must be adjudicated, and no corrected claim or void
/// of it may be in progress (one follow-up at a time: submit, change or close that one first).
async fn workable(txn: &WriteTx, id: i32, now: DateTime<Utc>) -> AppResult<claim::Model> {
    let row = locked(txn, id).await?;
    in_sitting_window(txn, &row, now).await?;
    stored(ClaimStatus::parse(&row.status))?.next(ClaimEvent::Work)?;
    let open = claim::Entity::find()
        .filter(claim::Column::OriginalClaimId.eq(id))
        .filter(
            claim::Column::Status
                .is_in([ClaimStatus::Draft.as_str(), ClaimStatus::Rejected.as_str()]),
        )
        .one(txn)
        .await?;
    if let Some(o) = open {
        return Err(AppError::Conflict(format!(
            "claim {} ({} of this claim) is in progress: submit it, change it or close it first",
            o.id,
            if o.frequency == Frequency::Void.as_str() {
                "a void"
            } else {
                "a corrected claim"
            }
        )));
    }
    Ok(row)
}

/// A replacement claim (frequency 7) for an adjudicated one, as a draft carrying the original
/// claim number; `patch` applies the correction.
pub async fn correct(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    patch: ClaimPatch,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    owned(db, viewer, id).await?;
    let txn = begin_write(db).await?;
    let row = workable(&txn, id, now).await?;
    if latest_remittance(&txn, id).await?.status == RemitStatus::Reversed {
        return Err(AppError::Conflict("a void cannot be corrected".into()));
    }
    let mut body: Claim = from_json(&row.body)?;
    body.frequency = Frequency::Replacement;
    body.original_reference = row.claim_number.clone();
    build::apply(&txn, &mut body, patch).await?;
    let new = insert_claim(&txn, &row, &body, Some(row.id), None).await?;
    audit::record(&txn, entry(viewer, new.id, "claim.correct")).await?;
    txn.commit().await?;
    Ok(new)
}

/// Voids an adjudicated claim: a frequency-8 claim is created and sent in one transaction, and
/// the payer takes its payment back (CLP02 22). Returns the void claim.
pub async fn void(
    db: &DatabaseConnection,
    codes: &CodeIndex,
    ncci: &Ncci,
    viewer: &Viewer,
    id: i32,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    owned(db, viewer, id).await?;
    let txn = begin_write(db).await?;
    let row = workable(&txn, id, now).await?;
    let mut body: Claim = from_json(&row.body)?;
    body.frequency = Frequency::Void;
    body.original_reference = row.claim_number.clone();
    let void = insert_claim(&txn, &row, &body, Some(row.id), None).await?;
    audit::record(&txn, entry(viewer, void.id, "claim.void")).await?;
    let sent = super::submit::submit_locked(&txn, codes, ncci, void.id, now).await?;
    txn.commit().await?;
    Ok(sent)
}

/// A new draft that follows `row`: its corrected claim or void (`original`), or its claim to
/// the secondary payer (`primary`).
async fn insert_claim(
    txn: &WriteTx,
    row: &claim::Model,
    body: &Claim,
    original: Option<i32>,
    primary: Option<i32>,
) -> AppResult<claim::Model> {
    let now = Utc::now();
    Ok(claim::ActiveModel {
        id: NotSet,
        organization_id: Set(row.organization_id),
        user_id: Set(row.user_id),
        case_id: Set(row.case_id),
        kind: Set(row.kind.clone()),
        frequency: Set(body.frequency.as_str().into()),
        status: Set(ClaimStatus::Draft.as_str().into()),
        payer: Set(body.payer.clone()),
        original_claim_id: Set(original),
        claim_number: Set(None),
        body: Set(to_json(body)?),
        total_charge_cents: Set(body.total_charge_cents),
        rejections: Set(None),
        times_rejected: Set(0),
        received_on: Set(None),
        resolution: Set(None),
        resolution_note: Set(None),
        submitted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        primary_claim_id: Set(primary),
        exam_attempt_id: Set(row.exam_attempt_id),
    }
    .insert(txn)
    .await?)
}

/// Closes a claim that reached the payer (or was rejected): WRITE_OFF, BILL_PATIENT or
/// NO_ACTION, with a note. Once: the claim is read locked, and the ledger entries of the
/// closing are written in the same transaction.
pub async fn close(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    action: &str,
    note: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    owned(db, viewer, id).await?;
    if !CLOSE_ACTIONS.contains(&action) {
        return Err(AppError::bad_input(
            "action",
            format!("one of {}", CLOSE_ACTIONS.join(", ")),
        ));
    }
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.len() > 4_000) {
        return Err(AppError::bad_input("note", "at most 4,000 characters"));
    }
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    in_sitting_window(&txn, &row, now).await?;
    let status = stored(ClaimStatus::parse(&row.status))?
        .next(ClaimEvent::Close)
        .map_err(|r| AppError::Conflict(format!("a {} claim cannot be closed: {r}", row.status)))?;
    let version = row.version + 1;
    let mut a: claim::ActiveModel = row.into();
    a.status = Set(status.as_str().into());
    a.resolution = Set(Some(action.to_owned()));
    a.resolution_note = Set(note);
    a.updated_at = Set(Utc::now());
    a.version = Set(version);
    let row = a.update(&txn).await?;
    crate::service::billing::on_closed(&txn, &row, action).await?;
    audit::record(&txn, entry(viewer, id, "claim.close")).await?;
    txn.commit().await?;
    Ok(row)
}

/// Bills the patient's share a primary payer left to the case's secondary coverage: a draft
/// claim with the primary's payment information (submit it with `submitClaim`). The primary's
/// remittance must be posted first.
pub async fn bill_secondary(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    use crate::domain::claims::{PriorLine, PriorPayer};
    use crate::entity::claims::remittance;
    owned(db, viewer, id).await?;
    let txn = begin_write(db).await?;
    let row = workable(&txn, id, now).await?;
    let billed = claim::Entity::find()
        .filter(claim::Column::PrimaryClaimId.eq(id))
        .one(&txn)
        .await?;
    if let Some(b) = billed {
        return Err(AppError::Conflict(format!(
            "this claim's secondary claim is claim {}: work that one",
            b.id
        )));
    }
    let latest = remittance::Entity::find()
        .filter(remittance::Column::ClaimId.eq(id))
        .order_by_desc(remittance::Column::Sequence)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Conflict("the claim has no remittance yet".into()))?;
    let remit: crate::domain::adjudication::Remittance = from_json(&latest.body)?;
    if remit.patient_responsibility_cents <= 0 || remit.status == RemitStatus::Reversed {
        return Err(AppError::Conflict(
            "the primary left no patient share to bill to a secondary payer".into(),
        ));
    }
    if !latest.posted {
        return Err(AppError::Conflict(
            "post the primary's remittance first (postRemittance)".into(),
        ));
    }
    let doc = crate::service::cases::case_doc(&txn, row.case_id).await?;
    let secondary = doc
        .coverages
        .iter()
        .find(|c| c.priority == "SECONDARY" && c.payer != row.payer)
        .ok_or_else(|| AppError::bad_input("claimId", "the patient has no secondary coverage"))?;
    let mut body: Claim = from_json(&row.body)?;
    body.payer = secondary.payer.clone();
    body.insured = build::insured_for(&doc, secondary);
    body.frequency = Frequency::Original;
    body.original_reference = None;
    body.primary = Some(PriorPayer {
        payer: row.payer.clone(),
        claim_number: remit.claim_number.clone(),
        paid_cents: remit.paid_cents,
        lines: remit
            .lines
            .iter()
            .map(|l| PriorLine {
                line: l.line,
                paid_cents: l.paid_cents,
                patient: l
                    .adjustments
                    .iter()
                    .filter(|a| a.group == "PR")
                    .map(|a| (a.reason.clone(), a.amount_cents))
                    .collect(),
            })
            .collect(),
    });
    let new = insert_claim(&txn, &row, &body, None, Some(row.id)).await?;
    audit::record(&txn, entry(viewer, new.id, "claim.bill_secondary")).await?;
    txn.commit().await?;
    Ok(new)
}
