//! Claims: a trainee builds a CMS-1500 or UB-04 from a case (demographics, coverage and
//! providers filled in; codes, pointers, modifiers and units are theirs), edits the draft,
//! submits it through the clearinghouse to the simulated payer, and works the remittance:
//! a corrected claim, a void, an appeal of a line, or closing it (write-off, bill the patient,
//! nothing owed). Only the trainee who owns a claim changes it; instructors of their
//! organization read it.

mod appeal;
mod build;
mod drg;
mod history;
mod key;
mod remedies;
mod submit;
mod work;

pub use appeal::{AppealRequest, appeal_line};
pub use build::{ClaimPatch, DiagnosisInput, LineInput};
pub use key::{key_837p, key_claim};
pub use remedies::{bill_secondary, close, correct, void};
pub use submit::submit;
pub(crate) use submit::submit_locked;
pub use work::{claim_x12, remittance_x12, work_for_case, work_in_sitting, work_shown};

use super::audit::{self, AuditEntry};
use super::{Page, Paged, paginate};
use super::{check_version, from_json, stored, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::account::Role;
use crate::domain::adjudication::Remittance;
use crate::domain::claims::Claim;
use crate::domain::claims::edits::Rejection;
use crate::domain::lifecycle::{ClaimEvent, ClaimStatus};
use crate::entity::claims::{claim, claim_appeal, remittance};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Who may read other trainees' claims in their organization.
const READERS: &[Role] = &[Role::Instructor, Role::Employer];

/// Starts a draft claim for a case the viewer can read. `payer` picks one of the case's
/// coverages (default: the scenario's billed payer, else the primary coverage).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
    payer: Option<String>,
    sitting: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    match sitting {
        None => {
            super::cases::practisable(db, viewer, case_id).await?;
        }
        Some(s) => {
            super::exams::sitting_with_claim(db, viewer, s, case_id, now).await?;
        }
    }
    let doc = super::cases::case_doc(db, case_id).await?;
    let body = build::from_case(db, &doc, payer.as_deref()).await?;
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let row = claim::ActiveModel {
        id: NotSet,
        organization_id: Set(viewer.organization_id),
        user_id: Set(viewer.account_id),
        case_id: Set(case_id),
        kind: Set(body.kind.as_str().into()),
        frequency: Set(body.frequency.as_str().into()),
        status: Set("DRAFT".into()),
        payer: Set(body.payer.clone()),
        original_claim_id: Set(None),
        claim_number: Set(None),
        body: Set(to_json(&body)?),
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
        primary_claim_id: Set(None),
        exam_attempt_id: Set(sitting),
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, entry(viewer, row.id, "claim.create")).await?;
    txn.commit().await?;
    Ok(row)
}

/// Changes a DRAFT claim (a REJECTED one goes back to DRAFT: it never reached the payer).
/// The claim is read locked in the transaction that writes it, so an edit racing the claim's
/// submission either lands before it (and is what the payer sees) or is refused: a sent claim
/// never becomes editable. With `version`, an edit made from an older copy is refused.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    patch: ClaimPatch,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    owned(db, viewer, id).await?;
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    in_sitting_window(&txn, &row, now).await?;
    let status = stored(ClaimStatus::parse(&row.status))?.next(ClaimEvent::Edit)?;
    check_version("claim", version, row.version)?;
    let mut body: Claim = from_json(&row.body)?;
    build::apply(&txn, &mut body, patch).await?;
    let version = row.version + 1;
    let mut a: claim::ActiveModel = row.into();
    a.status = Set(status.as_str().into());
    a.rejections = Set(None);
    a.total_charge_cents = Set(body.total_charge_cents);
    a.body = Set(to_json(&body)?);
    a.updated_at = Set(Utc::now());
    a.version = Set(version);
    let row = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, row.id, "claim.update")).await?;
    txn.commit().await?;
    Ok(row)
}

/// Work on a claim of an exam sitting counts only while the sitting is open. The sitting's
/// row is read shared, so its closing (which grades this work) waits for the change, or the
/// change sees the sitting closed and is refused.
async fn in_sitting_window(txn: &WriteTx, row: &claim::Model, now: DateTime<Utc>) -> AppResult<()> {
    match row.exam_attempt_id {
        None => Ok(()),
        Some(s) => super::exams::claim_window_open(txn, s, now).await,
    }
}

/// A claim read locked inside a write transaction (see `WriteTx::lock_one`).
async fn locked(txn: &WriteTx, id: i32) -> AppResult<claim::Model> {
    txn.lock_one(claim::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("claim"))
}

/// A claim the viewer owns.
async fn owned(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<claim::Model> {
    let row = claim::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("claim"))?;
    if row.user_id != viewer.account_id {
        return Err(AppError::not_found("claim"));
    }
    Ok(row)
}

/// A claim the viewer may read: their own, or one of their organization's as an instructor,
/// employer or administrator. Anything else is NOT_FOUND.
pub async fn get(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<claim::Model> {
    let row = claim::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("claim"))?;
    let reader = row.organization_id.is_some_and(|org| {
        viewer.can_see_org(org) && (viewer.is_admin() || READERS.contains(&viewer.role))
    });
    if row.user_id == viewer.account_id || reader {
        Ok(row)
    } else {
        Err(AppError::not_found("claim"))
    }
}

pub struct ClaimFilter {
    pub status: Option<String>,
    pub case_id: Option<i32>,
}

/// The viewer's own claims, newest last, optionally by status or case.
pub async fn mine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: ClaimFilter,
    page: Page,
) -> AppResult<Paged<claim::Model>> {
    let mut q = claim::Entity::find().filter(claim::Column::UserId.eq(viewer.account_id));
    if let Some(s) = filter.status {
        q = q.filter(claim::Column::Status.eq(s));
    }
    if let Some(c) = filter.case_id {
        q = q.filter(claim::Column::CaseId.eq(c));
    }
    paginate(db, q, claim::Column::Id, page).await
}

/// The form of a stored claim.
pub fn body(row: &claim::Model) -> AppResult<Claim> {
    from_json(&row.body)
}

pub fn rejections(row: &claim::Model) -> AppResult<Vec<Rejection>> {
    match &row.rejections {
        None => Ok(Vec::new()),
        Some(s) => serde_json::from_str::<Vec<StoredRejection>>(s)
            .map(|v| v.into_iter().map(StoredRejection::into_rejection).collect())
            .map_err(|e| AppError::internal(format!("claim rejections: {e}"))),
    }
}

/// A rejection as stored (the domain type's `code` is a static string).
#[derive(serde::Deserialize)]
struct StoredRejection {
    field: String,
    code: String,
    message: String,
}

impl StoredRejection {
    fn into_rejection(self) -> Rejection {
        let code = REJECTION_CODES
            .iter()
            .find(|c| **c == self.code)
            .copied()
            .unwrap_or("INVALID_DATA");
        Rejection {
            field: self.field,
            code,
            message: self.message,
        }
    }
}

const REJECTION_CODES: &[&str] = &[
    "MISSING_DATA",
    "INVALID_DATA",
    "INVALID_NPI",
    "INVALID_CODE",
    "NON_BILLABLE_CODE",
    "POINTER_OUT_OF_RANGE",
    "TOTAL_MISMATCH",
];

/// Every remittance of a claim, oldest first (an overturned appeal adds one).
pub async fn remittances(db: &impl ConnectionTrait, claim_id: i32) -> AppResult<Vec<Remittance>> {
    remittance::Entity::find()
        .filter(remittance::Column::ClaimId.eq(claim_id))
        .order_by_asc(remittance::Column::Sequence)
        .all(db)
        .await?
        .iter()
        .map(|r| from_json(&r.body))
        .collect()
}

pub async fn appeals(
    db: &impl ConnectionTrait,
    claim_id: i32,
) -> AppResult<Vec<claim_appeal::Model>> {
    Ok(claim_appeal::Entity::find()
        .filter(claim_appeal::Column::ClaimId.eq(claim_id))
        .order_by_asc(claim_appeal::Column::Id)
        .all(db)
        .await?)
}

fn entry<'a>(viewer: &Viewer, id: i32, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: viewer.organization_id,
        action,
        target_type: "claim",
        target_id: Some(id.to_string()),
    }
}
