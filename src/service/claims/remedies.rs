//! Working a remittance: a corrected claim (frequency 7 with the payer's claim number), a void
//! (frequency 8), an appeal of one denied line decided by the payer profile's rules, or closing
//! the claim (write-off, bill the patient, nothing owed).

use super::build::{self, ClaimPatch};
use super::submit::{Inputs, latest_remittance, store_remittance};
use super::{entry, from_json, history, in_sitting_window, locked, owned, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::adjudication::appeal::{self, Appeal, Decision, Outcome};
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::adjudication::{self, RemitStatus};
use crate::domain::claims::{Claim, Frequency};
use crate::domain::codes::index::CodeIndex;
use crate::domain::lifecycle::{ClaimEvent, ClaimStatus};
use crate::entity::claims::{claim, claim_appeal};
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

/// An appeal of one denied line (1-based) with a reason and the case documents it rests on.
pub struct AppealRequest {
    pub claim_id: i32,
    pub line: i32,
    pub reason: String,
    pub documentation: Vec<String>,
}

pub async fn appeal_line(
    db: &DatabaseConnection,
    codes: &CodeIndex,
    ncci: &Ncci,
    viewer: &Viewer,
    req: AppealRequest,
    now: DateTime<Utc>,
) -> AppResult<(claim::Model, Decision)> {
    let AppealRequest {
        claim_id: id,
        line,
        reason,
        documentation,
    } = req;
    owned(db, viewer, id).await?;
    let reason = reason.trim().to_owned();
    if reason.is_empty() || reason.len() > 4_000 {
        return Err(AppError::bad_input(
            "reason",
            "say why the denial is wrong (1 to 4,000 characters)",
        ));
    }
    // One appeal per line and level: appeals of a claim are decided one at a time.
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    in_sitting_window(&txn, &row, now).await?;
    stored(ClaimStatus::parse(&row.status))?.next(ClaimEvent::Work)?;
    let remit = latest_remittance(&txn, id).await?;
    let Some(target) = remit.lines.iter().find(|l| l.line as i32 == line) else {
        return Err(AppError::bad_input(
            "line",
            format!("the claim has lines 1 to {}", remit.lines.len()),
        ));
    };
    let level = 1;
    let earlier = claim_appeal::Entity::find()
        .filter(claim_appeal::Column::ClaimId.eq(id))
        .filter(claim_appeal::Column::Line.eq(line))
        .filter(claim_appeal::Column::Level.eq(level))
        .one(&txn)
        .await?;
    if let Some(e) = earlier {
        return Err(AppError::Conflict(format!(
            "line {line} was already appealed at this level ({})",
            e.outcome
        )));
    }
    if !target.denied {
        return Err(AppError::bad_input(
            "line",
            format!("line {line} was not denied: there is nothing to appeal"),
        ));
    }
    let doc = crate::service::cases::case_doc(&txn, row.case_id).await?;
    let titles: Vec<&str> = doc.documents.iter().map(|d| d.title.as_str()).collect();
    if let Some(bad) = documentation.iter().find(|t| !titles.contains(&t.as_str())) {
        return Err(AppError::bad_input(
            "documentation",
            format!(
                "'{bad}' is not a document of this case (its documents: {})",
                titles.join(", ")
            ),
        ));
    }
    let body: Claim = from_json(&row.body)?;
    let payer = crate::service::payers::profile(&txn, &body.payer).await?;
    let records_support = doc.scenario.as_ref().is_some_and(|s| s.appeal_supported);
    let decision = appeal::decide(
        &payer,
        target,
        &Appeal {
            reason: &reason,
            documentation: &documentation,
            records_support,
        },
    );
    let mut remittance = None;
    if decision.outcome == Outcome::Overturned {
        let mut overturned: Vec<u32> = super::appeals(&txn, id)
            .await?
            .iter()
            .filter(|a| a.outcome == "OVERTURNED")
            .map(|a| a.line as u32)
            .collect();
        overturned.push(line as u32);
        let chain = history::chain(&txn, row.user_id, row.case_id, row.exam_attempt_id).await?;
        let exclude: Vec<i32> = std::iter::once(row.id)
            .chain(row.original_claim_id)
            .collect();
        let inputs = Inputs::load(&txn, &doc, &chain, &exclude, &body).await?;
        let received = row.received_on.unwrap_or(remit.received_on);
        let ctx = inputs.context(codes, ncci, received, false, remit.claim_number.clone());
        remittance = Some(adjudication::adjudicate_after_appeal(
            &body,
            &ctx,
            &overturned,
        ));
    }
    let sequence = super::remittances(&txn, id).await?.len() as i32 + 1;
    claim_appeal::ActiveModel {
        id: NotSet,
        claim_id: Set(id),
        line: Set(line),
        level: Set(level),
        reason: Set(reason),
        documentation: Set(to_json(&documentation)?),
        outcome: Set(decision.outcome.as_str().into()),
        message: Set(decision.message.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    if let Some(r) = &remittance {
        store_remittance(&txn, id, sequence, r).await?;
        crate::service::billing::on_new_remittance(&txn, &row, sequence, r).await?;
    }
    let version = row.version + 1;
    let mut a: claim::ActiveModel = row.into();
    a.version = Set(version);
    a.updated_at = Set(Utc::now());
    let row = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, id, "claim.appeal")).await?;
    txn.commit().await?;
    Ok((row, decision))
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
