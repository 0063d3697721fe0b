//! Answer-key governance: manual credit on one line of one attempt, and re-grading every
//! submitted attempt when a key is revised. Every change keeps the old score in the attempt's
//! history and leaves an audit row.

use super::audit::{self, AuditEntry};
use super::stored;
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write, lock_all};
use crate::domain::account::Role;
use crate::domain::cases::AnswerKey;
use crate::domain::lifecycle::{AttemptEvent, AttemptStatus, DisputeStatus};
use crate::domain::scoring::{ScoreReport, Submission, apply_credit};
use crate::entity::library::{answer_key, coding_case};
use crate::entity::practice::{attempt, attempt_credit, attempt_score_history, dispute};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

fn parse<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> AppResult<T> {
    serde_json::from_str(s).map_err(|e| AppError::internal(format!("stored {what}: {e}")))
}

/// Scores an attempt's submission against a key version, then applies its manual credits.
async fn rescore(
    db: &impl ConnectionTrait,
    at: &attempt::Model,
    version: i32,
) -> AppResult<ScoreReport> {
    let key_row = answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(at.case_id))
        .filter(answer_key::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("key version missing"))?;
    let key: AnswerKey = parse(&key_row.body, "key")?;
    rescore_with(db, at, &key).await
}

/// Scores an attempt's submission against a key (stored or proposed), then applies its
/// manual credits: the one scorer of re-grades and of their preview.
pub(super) async fn rescore_with(
    db: &impl ConnectionTrait,
    at: &attempt::Model,
    key: &AnswerKey,
) -> AppResult<ScoreReport> {
    let sub: Submission = parse(&at.submission, "submission")?;
    let policy = super::practice::policy_for(db, at).await?;
    let (_, mut report) = super::drg::score_with_drg(db, at.case_id, key, &sub, &policy).await?;
    let credits = attempt_credit::Entity::find()
        .filter(attempt_credit::Column::AttemptId.eq(at.id))
        .order_by_asc(attempt_credit::Column::Id)
        .all(db)
        .await?;
    for c in credits {
        apply_credit(
            &mut report,
            c.submitted.as_deref(),
            c.expected.as_deref(),
            c.credit,
            &c.reason,
        );
    }
    Ok(report)
}

/// A score as stored: hundredths of a percent.
pub(super) fn percent_e2(report: &ScoreReport) -> i32 {
    (report.percent * 100.0).round() as i32
}

/// Replaces an attempt's score, keeping the old one in its history.
async fn replace_score(
    db: &impl ConnectionTrait,
    at: &attempt::Model,
    version: i32,
    report: &ScoreReport,
    reason: &str,
    actor: Option<i32>,
) -> AppResult<()> {
    attempt_score_history::ActiveModel {
        id: NotSet,
        attempt_id: Set(at.id),
        key_version: Set(at.key_version),
        percent_e2: Set(at.percent_e2.unwrap_or(0)),
        report: Set(at.report.clone().unwrap_or_default()),
        reason: Set(reason.to_owned()),
        changed_by: Set(actor),
        changed_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    let mut a: attempt::ActiveModel = at.clone().into();
    a.key_version = Set(version);
    a.percent_e2 = Set(Some(percent_e2(report)));
    a.report = Set(Some(
        serde_json::to_string(report).map_err(AppError::internal)?,
    ));
    a.update(db).await?;
    Ok(())
}

/// The submitted attempts of a case that a new key version would re-grade: scored against an
/// earlier version, made by accounts the case's organization is responsible for.
pub(super) async fn stale_attempts(
    db: &impl ConnectionTrait,
    case_id: i32,
    version: i32,
) -> AppResult<sea_orm::Select<attempt::Entity>> {
    let owner = coding_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("case"))?
        .organization_id;
    let mut stale = attempt::Entity::find()
        .filter(attempt::Column::CaseId.eq(case_id))
        .filter(attempt::Column::Status.eq(AttemptStatus::Submitted.as_str()))
        .filter(attempt::Column::KeyVersion.lt(version));
    if let Some(accounts) = super::library::regraded_accounts(db, owner).await? {
        stale = stale.filter(attempt::Column::AccountId.in_subquery(accounts));
    }
    Ok(stale.order_by_asc(attempt::Column::Id))
}

/// Re-grades the submitted attempts of a case scored against an earlier key version that the
/// case's organization is responsible for: its own accounts' (every one's when the platform
/// owns the case), so no tenant's revision changes another tenant's scores. Runs inside the
/// transaction that saved the new version.
pub async fn regrade(
    db: &impl ConnectionTrait,
    case_id: i32,
    version: i32,
    actor: Option<i32>,
) -> AppResult<usize> {
    // Locked: a manual credit on one of them waits, then applies to the re-graded score.
    let stale = lock_all(db, stale_attempts(db, case_id, version).await?).await?;
    for at in &stale {
        let report = rescore(db, at, version).await?;
        replace_score(
            db,
            at,
            version,
            &report,
            &format!("re-graded: answer key revised to version {version}"),
            actor,
        )
        .await?;
    }
    Ok(stale.len())
}

/// Marks one line of a submitted attempt right or wrong (INSTRUCTOR or ADMIN of the
/// trainee's organization), with a reason; the score is recomputed and the old one kept.
pub async fn credit_line(
    db: &DatabaseConnection,
    viewer: &Viewer,
    attempt_id: i32,
    submitted: Option<String>,
    expected: Option<String>,
    right: bool,
    reason: &str,
) -> AppResult<attempt::Model> {
    may_credit(db, viewer, attempt_id).await?;
    if reason.trim().is_empty() {
        return Err(AppError::bad_input("reason", "say why"));
    }
    let txn = begin_write(db).await?;
    let reason = format!("manual credit: {}", reason.trim());
    let at = credit_locked(
        &txn, viewer, attempt_id, submitted, expected, right, &reason,
    )
    .await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: trainee_org(&txn, at.account_id).await?,
            action: "attempt.credit",
            target_type: "attempt",
            target_id: Some(at.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(at)
}

/// Who may credit an attempt: an instructor or admin who can read it, never on their own.
async fn may_credit(db: &impl ConnectionTrait, viewer: &Viewer, attempt_id: i32) -> AppResult<()> {
    if !(viewer.is_admin() || viewer.role == Role::Instructor) {
        return Err(AppError::forbidden(
            "only an instructor may give manual credit",
        ));
    }
    let at = super::practice::get(db, viewer, attempt_id).await?;
    if at.account_id == viewer.account_id && !viewer.is_admin() {
        return Err(AppError::forbidden("you may not credit your own attempt"));
    }
    Ok(())
}

/// The credit itself, inside the caller's transaction: the attempt is read locked, so a credit
/// and a re-grade (or two credits) apply one after the other, each to the score the other left.
/// Without an audit row: the mutation (a credit, an accepted dispute) writes its one row.
async fn credit_locked(
    txn: &WriteTx,
    viewer: &Viewer,
    attempt_id: i32,
    submitted: Option<String>,
    expected: Option<String>,
    right: bool,
    reason: &str,
) -> AppResult<attempt::Model> {
    let at = txn
        .lock_one(attempt::Entity::find_by_id(attempt_id))
        .await?
        .ok_or_else(|| AppError::not_found("attempt"))?;
    if stored(AttemptStatus::parse(&at.status))?
        .next(AttemptEvent::Rescore)
        .is_err()
    {
        return Err(AppError::bad_input(
            "attemptId",
            "only a submitted attempt can be credited",
        ));
    }
    let mut check = rescore(txn, &at, at.key_version).await?;
    if !apply_credit(
        &mut check,
        submitted.as_deref(),
        expected.as_deref(),
        right,
        reason,
    ) {
        return Err(AppError::bad_input(
            "line",
            "no line of this attempt has these submitted and expected codes",
        ));
    }
    attempt_credit::ActiveModel {
        id: NotSet,
        attempt_id: Set(at.id),
        submitted: Set(submitted),
        expected: Set(expected),
        credit: Set(right),
        reason: Set(reason.to_owned()),
        created_by: Set(Some(viewer.account_id)),
        created_at: Set(Utc::now()),
    }
    .insert(txn)
    .await?;
    let report = rescore(txn, &at, at.key_version).await?;
    replace_score(
        txn,
        &at,
        at.key_version,
        &report,
        reason,
        Some(viewer.account_id),
    )
    .await?;
    attempt::Entity::find_by_id(attempt_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("attempt"))
}

/// The organization of an attempt's trainee: the log its audit rows go to, whoever acts.
async fn trainee_org(db: &impl ConnectionTrait, account_id: i32) -> AppResult<Option<i32>> {
    Ok(crate::entity::account::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .and_then(|a| a.organization_id))
}

/// An attempt's earlier scores, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    attempt_id: i32,
) -> AppResult<Vec<attempt_score_history::Model>> {
    Ok(attempt_score_history::Entity::find()
        .filter(attempt_score_history::Column::AttemptId.eq(attempt_id))
        .order_by_asc(attempt_score_history::Column::Id)
        .all(db)
        .await?)
}

/// A trainee disputes one line of their scored attempt, citing the guideline.
pub async fn raise_dispute(
    db: &DatabaseConnection,
    viewer: &Viewer,
    attempt_id: i32,
    submitted: Option<String>,
    expected: Option<String>,
    citation: &str,
    message: &str,
) -> AppResult<dispute::Model> {
    let at = super::practice::get(db, viewer, attempt_id).await?;
    if at.account_id != viewer.account_id {
        return Err(AppError::forbidden(
            "only the trainee who made the attempt may dispute it",
        ));
    }
    if !super::practice::feedback_released(db, &at).await? {
        return Err(AppError::bad_input(
            "attemptId",
            "the score is not released yet",
        ));
    }
    if citation.trim().is_empty() {
        return Err(AppError::bad_input(
            "citation",
            "cite the guideline or reference",
        ));
    }
    let report: ScoreReport = parse(at.report.as_deref().unwrap_or("{}"), "report")?;
    let exists = report.lines.iter().any(|l| {
        l.submitted.as_deref() == submitted.as_deref()
            && l.expected.as_deref() == expected.as_deref()
    });
    if !exists {
        return Err(AppError::bad_input(
            "line",
            "no line of this attempt has these submitted and expected codes",
        ));
    }
    let txn = begin_write(db).await?;
    // One open dispute per line: disputes of an attempt are raised one at a time.
    txn.lock_one(attempt::Entity::find_by_id(at.id)).await?;
    let open = dispute::Entity::find()
        .filter(dispute::Column::AttemptId.eq(at.id))
        .filter(dispute::Column::Status.eq(DisputeStatus::Open.as_str()))
        .all(&txn)
        .await?
        .into_iter()
        .any(|d| d.submitted == submitted && d.expected == expected);
    if open {
        return Err(AppError::Conflict(
            "this line already has an open dispute".into(),
        ));
    }
    let d = dispute::ActiveModel {
        id: NotSet,
        attempt_id: Set(at.id),
        submitted: Set(submitted),
        expected: Set(expected),
        citation: Set(citation.trim().to_owned()),
        message: Set(message.trim().to_owned()),
        status: Set(DisputeStatus::Open.as_str().into()),
        resolution: Set(None),
        resolved_by: Set(None),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: trainee_org(&txn, at.account_id).await?,
            action: "dispute.raise",
            target_type: "dispute",
            target_id: Some(d.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(d)
}

/// An instructor accepts a dispute (crediting the line) or rejects it, with a reason, once:
/// the dispute is read locked and the credit is written in the same transaction.
/// (To accept by fixing the key for everyone, revise the key: every attempt is re-graded.)
pub async fn resolve_dispute(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    accept: bool,
    reason: &str,
) -> AppResult<dispute::Model> {
    // The role decides alone: checked before the dispute is looked up.
    if !(viewer.is_admin() || viewer.role == Role::Instructor) {
        return Err(AppError::forbidden("only an instructor resolves disputes"));
    }
    let d = dispute::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("dispute"))?;
    let trainee = super::practice::get(db, viewer, d.attempt_id)
        .await
        .map_err(|_| AppError::not_found("dispute"))?
        .account_id;
    if reason.trim().is_empty() {
        return Err(AppError::bad_input("reason", "say why"));
    }
    if accept {
        may_credit(db, viewer, d.attempt_id).await?;
    }
    let txn = begin_write(db).await?;
    let d = txn
        .lock_one(dispute::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("dispute"))?;
    let status = stored(DisputeStatus::parse(&d.status))?.resolve(accept)?;
    if accept {
        credit_locked(
            &txn,
            viewer,
            d.attempt_id,
            d.submitted.clone(),
            d.expected.clone(),
            true,
            &format!("dispute accepted: {}", reason.trim()),
        )
        .await?;
    }
    let mut a: dispute::ActiveModel = d.into();
    a.status = Set(status.as_str().into());
    a.resolution = Set(Some(reason.trim().to_owned()));
    a.resolved_by = Set(Some(viewer.account_id));
    a.resolved_at = Set(Some(Utc::now()));
    let d = a.update(&txn).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: trainee_org(&txn, trainee).await?,
            action: if accept {
                "dispute.accept"
            } else {
                "dispute.reject"
            },
            target_type: "dispute",
            target_id: Some(d.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(d)
}

/// The disputes of an attempt.
pub async fn disputes_of(
    db: &impl ConnectionTrait,
    attempt_id: i32,
) -> AppResult<Vec<dispute::Model>> {
    Ok(dispute::Entity::find()
        .filter(dispute::Column::AttemptId.eq(attempt_id))
        .order_by_asc(dispute::Column::Id)
        .all(db)
        .await?)
}
