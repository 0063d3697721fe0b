//! An instructor changes an assignment after creating it: its window, attempt limit, feedback
//! policy and mode (`update`), closes it now (`close`), or deletes it while none of its
//! attempts was submitted (`delete`, which deletes its attempts in progress with it). Each
//! reads the assignment locked inside the transaction that writes it and its audit row, so
//! concurrent changes apply one after the other and a submission cannot slip past a delete.

use super::audit::{self, AuditEntry};
use super::review;
use super::stored;
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::assignment::{check, close_at, deletable};
use crate::domain::lifecycle::AttemptStatus;
use crate::entity::practice::{assignment, attempt};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// What `update` changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct AssignmentPatch {
    pub mode: Option<String>,
    pub feedback_policy: Option<String>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub attempt_limit: Option<i32>,
}

/// The assignment read locked through the reviewer's org-scoped finder (INSTRUCTOR or ADMIN
/// of its organization; another organization's is NOT_FOUND, as a missing one).
async fn locked(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> AppResult<(WriteTx, assignment::Model)> {
    let mine = review::assignments(viewer)?.filter(assignment::Column::Id.eq(id));
    let txn = begin_write(db).await?;
    let a = txn
        .lock_one(mine)
        .await?
        .ok_or_else(|| AppError::not_found("assignment"))?;
    Ok((txn, a))
}

fn entry<'a>(viewer: &Viewer, a: &assignment::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: Some(a.organization_id),
        action,
        target_type: "assignment",
        target_id: Some(a.id.to_string()),
    }
}

/// Changes an assignment's window, attempt limit, feedback policy or mode, validated as on
/// creation (the window closes after it opens; 1 to 20 attempts per case).
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    patch: AssignmentPatch,
) -> AppResult<assignment::Model> {
    let (txn, a) = locked(db, viewer, id).await?;
    let opens = patch.opens_at.unwrap_or(a.opens_at);
    let closes = patch.closes_at.unwrap_or(a.closes_at);
    let limit = patch.attempt_limit.unwrap_or(a.attempt_limit);
    check(opens, closes, limit).map_err(|e| {
        // A window made empty by a new opening time is that field's fault.
        let field = if e.field == "closesAt" && patch.closes_at.is_none() {
            "opensAt"
        } else {
            e.field
        };
        AppError::bad_input(field, e.message)
    })?;
    let mut m: assignment::ActiveModel = a.into();
    m.opens_at = Set(opens);
    m.closes_at = Set(closes);
    m.attempt_limit = Set(limit);
    if let Some(mode) = patch.mode {
        m.mode = Set(mode);
    }
    if let Some(policy) = patch.feedback_policy {
        m.feedback_policy = Set(policy);
    }
    let a = m.update(&txn).await?;
    audit::record(&txn, entry(viewer, &a, "assignment.update")).await?;
    txn.commit().await?;
    Ok(a)
}

/// Closes an open assignment now (the server's clock): no attempt starts after it, work in
/// progress can no longer be saved or submitted, and AFTER_CLOSE feedback is released.
pub async fn close(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    now: DateTime<Utc>,
) -> AppResult<assignment::Model> {
    let (txn, a) = locked(db, viewer, id).await?;
    let closes = close_at(a.opens_at, a.closes_at, now)?;
    let mut m: assignment::ActiveModel = a.into();
    m.closes_at = Set(closes);
    let a = m.update(&txn).await?;
    audit::record(&txn, entry(viewer, &a, "assignment.close")).await?;
    txn.commit().await?;
    Ok(a)
}

/// Deletes an assignment none of whose attempts was submitted, with its attempts in
/// progress; returns how many of those went with it. Its attempts are read locked first, so
/// a submission racing the delete either lands before it (and the delete is refused) or
/// finds the attempt gone.
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: i32) -> AppResult<u64> {
    let (txn, a) = locked(db, viewer, id).await?;
    let attempts = txn
        .lock_all(attempt::Entity::find().filter(attempt::Column::AssignmentId.eq(a.id)))
        .await?;
    let mut submitted = 0;
    for at in &attempts {
        if stored(AttemptStatus::parse(&at.status))? != AttemptStatus::InProgress {
            submitted += 1;
        }
    }
    deletable(submitted)?;
    let gone = attempt::Entity::delete_many()
        .filter(attempt::Column::AssignmentId.eq(a.id))
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    assignment::Entity::delete_by_id(a.id).exec(&txn).await?;
    audit::record(&txn, entry(viewer, &a, "assignment.delete")).await?;
    txn.commit().await?;
    Ok(gone)
}
