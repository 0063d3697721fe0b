//! A trainee's work in a shift: filing a coded encounter, submitting its claim (the answer's
//! day scheduled), following up an unanswered claim, and ending the day.

use super::start::event;
use super::{answer_of, owned, plan_of};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::codes::index::CodeIndex;
use crate::domain::workday::ShiftStatus;
use crate::domain::workday::schedule::{self, Answer};
use crate::entity::claims::remittance;
use crate::entity::ledger::follow_up as follow_up_row;
use crate::entity::workday::{shift, shift_claim, shift_encounter};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, AuditEntry};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

fn entry<'a>(
    viewer: &Viewer,
    row: &shift::Model,
    action: &'a str,
    target: (&'a str, i32),
) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: row.organization_id,
        action,
        target_type: target.0,
        target_id: Some(target.1.to_string()),
    }
}

/// An open shift's encounter of the viewer's, due by the current day.
async fn due_encounter(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    encounter_id: i32,
) -> AppResult<(shift::Model, shift_encounter::Model)> {
    let e = shift_encounter::Entity::find_by_id(encounter_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::missing("encounterId", "encounter"))?;
    // A shift the viewer may not read answers as a missing encounter; one they read but do
    // not work (an instructor's trainee's) is FORBIDDEN.
    let s = owned(db, viewer, e.shift_id, "encounterId")
        .await
        .map_err(|err| match err {
            AppError::Forbidden(m) => AppError::Forbidden(m),
            _ => AppError::missing("encounterId", "encounter"),
        })?;
    open(&s)?;
    if e.day > s.current_day {
        return Err(AppError::bad_input(
            "encounterId",
            format!(
                "the encounter is due on day {}; today is day {}",
                e.day, s.current_day
            ),
        ));
    }
    Ok((s, e))
}

fn open(s: &shift::Model) -> AppResult<()> {
    crate::service::stored(ShiftStatus::parse(&s.status))?
        .work()
        .map_err(|r| AppError::bad_input("shiftId", r.0))
}

/// Files the viewer's submitted attempt as the coding of an encounter (the attempt was coded
/// and submitted through the ordinary attempt path, on this encounter's case, after the shift
/// began). Once per encounter.
pub async fn code_encounter(
    db: &DatabaseConnection,
    viewer: &Viewer,
    encounter_id: i32,
    attempt_id: i32,
    now: DateTime<Utc>,
) -> AppResult<shift_encounter::Model> {
    let (s, e) = due_encounter(db, viewer, encounter_id).await?;
    let no_attempt = || AppError::missing("attemptId", "attempt");
    let at = crate::service::practice::get(db, viewer, attempt_id)
        .await
        .map_err(|_| no_attempt())?;
    if at.account_id != viewer.account_id {
        return Err(no_attempt());
    }
    if at.case_id != e.case_id {
        return Err(AppError::bad_input(
            "attemptId",
            "the attempt codes another case",
        ));
    }
    if at.status != "SUBMITTED" {
        return Err(AppError::bad_input("attemptId", "submit the attempt first"));
    }
    if at.started_at < s.created_at {
        return Err(AppError::bad_input(
            "attemptId",
            "the attempt began before the shift",
        ));
    }
    let filed = shift_encounter::Entity::find()
        .filter(shift_encounter::Column::AttemptId.eq(attempt_id))
        .count(db)
        .await?;
    if filed > 0 {
        return Err(AppError::bad_input(
            "attemptId",
            "the attempt is filed for another encounter",
        ));
    }
    let txn = begin_write(db).await?;
    // Guarded: of two racing filings, one wins.
    let done = shift_encounter::Entity::update_many()
        .col_expr(shift_encounter::Column::AttemptId, Expr::value(attempt_id))
        .col_expr(
            shift_encounter::Column::CodedDay,
            Expr::value(s.current_day),
        )
        .filter(shift_encounter::Column::Id.eq(e.id))
        .filter(shift_encounter::Column::AttemptId.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict("the encounter is already coded".into()));
    }
    event(&txn, s.id, s.current_day, "CODE", now).await?;
    audit::record(
        &txn,
        entry(
            viewer,
            &s,
            "shift.code_encounter",
            ("shift_encounter", e.id),
        ),
    )
    .await?;
    txn.commit().await?;
    shift_encounter::Entity::find_by_id(e.id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("encounter"))
}

/// Submits the viewer's draft claim for a coded encounter through the clearinghouse and the
/// payer (`claims::submit`), and schedules the day its answer shows, in one transaction.
pub async fn submit_claim(
    db: &DatabaseConnection,
    codes: &CodeIndex,
    ncci: &Ncci,
    viewer: &Viewer,
    encounter_id: i32,
    claim_id: i32,
    now: DateTime<Utc>,
) -> AppResult<shift_claim::Model> {
    let (s, e) = due_encounter(db, viewer, encounter_id).await?;
    if e.attempt_id.is_none() {
        return Err(AppError::bad_input(
            "encounterId",
            "code the encounter before billing it",
        ));
    }
    let no_claim = || AppError::missing("claimId", "claim");
    let c = crate::service::claims::get(db, viewer, claim_id)
        .await
        .map_err(|_| no_claim())?;
    if c.user_id != viewer.account_id || c.exam_attempt_id.is_some() {
        return Err(no_claim());
    }
    if c.case_id != e.case_id {
        return Err(AppError::bad_input(
            "claimId",
            "the claim bills another case",
        ));
    }
    let elsewhere = shift_claim::Entity::find()
        .filter(shift_claim::Column::ClaimId.eq(claim_id))
        .filter(shift_claim::Column::EncounterId.ne(e.id))
        .count(db)
        .await?;
    if elsewhere > 0 {
        return Err(AppError::bad_input(
            "claimId",
            "the claim bills another encounter",
        ));
    }
    let profile = crate::service::payers::profile(db, &c.payer).await?;
    let txn = begin_write(db).await?;
    // The shift's row, locked: submissions are numbered one at a time.
    let s = txn
        .lock_one(shift::Entity::find_by_id(s.id))
        .await?
        .ok_or_else(|| AppError::not_found("shift"))?;
    open(&s)?;
    let sent = crate::service::claims::submit_locked(&txn, codes, ncci, claim_id, now)
        .await
        .map_err(|err| match err {
            AppError::Conflict(m) => AppError::bad_input("claimId", m),
            other => other,
        })?;
    let answer = if sent.status == "REJECTED" {
        Answer::Rejected
    } else {
        let r = remittance::Entity::find()
            .filter(remittance::Column::ClaimId.eq(claim_id))
            .order_by_desc(remittance::Column::Sequence)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::internal("an accepted claim without a remittance"))?;
        Answer::parse(&r.status)
            .ok_or_else(|| AppError::internal(format!("remittance status {}", r.status)))?
    };
    let before = shift_claim::Entity::find()
        .filter(shift_claim::Column::ShiftId.eq(s.id))
        .all(&txn)
        .await?;
    let sequence = before.len() as i32 + 1;
    let first = !before.iter().any(|b| b.encounter_id == e.id);
    let plan = schedule::plan(
        answer,
        s.current_day as u32,
        profile.expected_payment_days,
        s.pace_days as u32,
        s.seed as u64,
        sequence as u64,
    );
    let row = shift_claim::ActiveModel {
        id: NotSet,
        shift_id: Set(s.id),
        encounter_id: Set(e.id),
        claim_id: Set(claim_id),
        sequence: Set(sequence),
        submitted_day: Set(s.current_day),
        outcome: Set(answer.as_str().into()),
        first_of_encounter: Set(first),
        expected_day: Set(plan.expected_day as i32),
        unanswered: Set(plan.unanswered),
        due_day: Set(plan.due_day.map(|d| d as i32)),
        followed_up_day: Set(None),
        answer_day: Set(plan.answer_day.map(|d| d as i32)),
    }
    .insert(&txn)
    .await?;
    event(&txn, s.id, s.current_day, "SUBMIT_CLAIM", now).await?;
    audit::record(&txn, entry(viewer, &s, "claim.submit", ("claim", claim_id))).await?;
    txn.commit().await?;
    Ok(row)
}

/// A claim status inquiry (X12 276/277) on an unanswered claim past its expected day: recorded
/// as a follow-up on the claim (the billing work queue's `follow_up` rows), and the payer's
/// answer shows the next day. On time when made by the due day.
pub async fn follow_up(
    db: &DatabaseConnection,
    viewer: &Viewer,
    shift_id: i32,
    claim_id: i32,
    note: &str,
    now: DateTime<Utc>,
) -> AppResult<shift_claim::Model> {
    let note = note.trim();
    if note.is_empty() || note.len() > 4_000 {
        return Err(AppError::bad_input("note", "1 to 4,000 characters"));
    }
    let s = owned(db, viewer, shift_id, "shiftId").await?;
    open(&s)?;
    let txn = begin_write(db).await?;
    let s = txn
        .lock_one(shift::Entity::find_by_id(s.id))
        .await?
        .ok_or_else(|| AppError::not_found("shift"))?;
    open(&s)?;
    let sub = txn
        .lock_one(
            shift_claim::Entity::find()
                .filter(shift_claim::Column::ShiftId.eq(s.id))
                .filter(shift_claim::Column::ClaimId.eq(claim_id))
                .order_by_desc(shift_claim::Column::Sequence),
        )
        .await?
        .ok_or_else(|| AppError::missing("claimId", "claim of this shift"))?;
    answer_of(&sub)?;
    let day = s.current_day as u32;
    let done = schedule::follow_up(&plan_of(&sub), sub.followed_up_day.is_some(), day)
        .map_err(|m| AppError::bad_input("claimId", m))?;
    follow_up_row::ActiveModel {
        id: NotSet,
        claim_id: Set(claim_id),
        user_id: Set(viewer.account_id),
        action: Set("CALL_PAYER".into()),
        note: Set(format!("Claim status inquiry (shift day {day}): {note}")),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let mut a: shift_claim::ActiveModel = sub.into();
    a.followed_up_day = Set(Some(day as i32));
    a.answer_day = Set(Some(done.answer_day as i32));
    let row = a.update(&txn).await?;
    event(&txn, s.id, s.current_day, "FOLLOW_UP", now).await?;
    audit::record(
        &txn,
        entry(viewer, &s, "claim.follow_up", ("claim", claim_id)),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Ends the current day: the next one opens (its encounters and the answers due on it show),
/// or the shift finishes after its last day.
pub async fn end_day(
    db: &DatabaseConnection,
    viewer: &Viewer,
    shift_id: i32,
    now: DateTime<Utc>,
) -> AppResult<shift::Model> {
    owned(db, viewer, shift_id, "shiftId").await?;
    let txn = begin_write(db).await?;
    let s = txn
        .lock_one(shift::Entity::find_by_id(shift_id))
        .await?
        .ok_or_else(|| AppError::missing("shiftId", "shift"))?;
    let (status, day) = crate::service::stored(ShiftStatus::parse(&s.status))?
        .end_day(s.current_day as u32, s.days as u32)
        .map_err(|r| AppError::bad_input("shiftId", r.0))?;
    event(&txn, s.id, s.current_day, "END_DAY", now).await?;
    let version = s.version + 1;
    let mut a: shift::ActiveModel = s.clone().into();
    a.status = Set(status.as_str().into());
    a.current_day = Set(day as i32);
    a.version = Set(version);
    let row = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, &s, "shift.end_day", ("shift", s.id))).await?;
    txn.commit().await?;
    Ok(row)
}
