//! Simulated workdays (issue 21): a trainee's shift on a simulated calendar. Day 1's queue
//! holds the previous day's encounters; the trainee codes each through the ordinary attempt
//! path and files the submitted attempt here, builds its claim through the ordinary claim path
//! and submits it here (the shift records when its answer will show, `domain::workday::
//! schedule`), follows up claims the payer leaves unanswered, and ends each day: the simulated
//! date moves by one day, never by the wall clock. The report is in `report.rs`.
//!
//! Who sees a shift: its trainee; an INSTRUCTOR of the organization of a cohort the trainee
//! belongs to; the EMPLOYER whose assessment it was started for; the platform ADMIN. Everyone
//! else gets NOT_FOUND, as for a missing id.

mod report;
mod start;
mod work;

pub use report::{candidate_report, cohort_report, shift_report};
pub use start::{NewShift, start};
pub use work::{code_encounter, end_day, follow_up, submit_claim};

use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::workday::schedule::{self, Answer, Plan};
use crate::entity::exams::exam_form;
use crate::entity::workday::{shift, shift_claim, shift_encounter};
use crate::entity::{cohort, cohort_member};
use crate::error::{AppError, AppResult};
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A shift the viewer may read, or NOT_FOUND naming `field`.
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
    field: &str,
) -> AppResult<shift::Model> {
    let row = shift::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::missing(field, "shift"))?;
    if readable(db, viewer, &row).await? {
        Ok(row)
    } else {
        Err(AppError::missing(field, "shift"))
    }
}

async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    row: &shift::Model,
) -> AppResult<bool> {
    if row.account_id == viewer.account_id || viewer.is_admin() {
        return Ok(true);
    }
    match viewer.role {
        Role::Instructor => {
            let Some(org) = viewer.organization_id else {
                return Ok(false);
            };
            let cohorts: Vec<i32> = cohort_member::Entity::find()
                .filter(cohort_member::Column::AccountId.eq(row.account_id))
                .all(db)
                .await?
                .into_iter()
                .map(|m| m.cohort_id)
                .collect();
            Ok(cohort::Entity::find()
                .filter(cohort::Column::Id.is_in(cohorts))
                .filter(cohort::Column::OrganizationId.eq(org))
                .one(db)
                .await?
                .is_some())
        }
        Role::Employer => {
            let Some(form) = row.assessment_id else {
                return Ok(false);
            };
            Ok(exam_form::Entity::find_by_id(form)
                .one(db)
                .await?
                .is_some_and(|f| {
                    f.organization_id.is_some() && f.organization_id == viewer.organization_id
                }))
        }
        _ => Ok(false),
    }
}

/// A shift the viewer works (its trainee), or NOT_FOUND naming `field`: nobody else codes,
/// bills or ends a trainee's day, whoever may read it.
pub(crate) async fn owned(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
    field: &str,
) -> AppResult<shift::Model> {
    let row = get(db, viewer, id, field).await?;
    if row.account_id != viewer.account_id {
        return Err(AppError::forbidden("only the shift's trainee works it"));
    }
    Ok(row)
}

/// The viewer's own shifts, oldest first.
pub async fn mine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    page: Page,
) -> AppResult<Paged<shift::Model>> {
    let q = shift::Entity::find().filter(shift::Column::AccountId.eq(viewer.account_id));
    paginate(db, q, shift::Column::Id, page).await
}

/// The simulated date of a shift day (day 1 is the start date).
pub fn date_of(row: &shift::Model, day: i32) -> NaiveDate {
    row.start_date + Days::new((day.max(1) - 1) as u64)
}

/// The encounters of a shift, in order.
pub async fn encounters(
    db: &impl ConnectionTrait,
    shift_id: i32,
) -> AppResult<Vec<shift_encounter::Model>> {
    Ok(shift_encounter::Entity::find()
        .filter(shift_encounter::Column::ShiftId.eq(shift_id))
        .order_by_asc(shift_encounter::Column::Position)
        .all(db)
        .await?)
}

/// The claim submissions of a shift, in order.
pub async fn submissions(
    db: &impl ConnectionTrait,
    shift_id: i32,
) -> AppResult<Vec<shift_claim::Model>> {
    Ok(shift_claim::Entity::find()
        .filter(shift_claim::Column::ShiftId.eq(shift_id))
        .order_by_asc(shift_claim::Column::Sequence)
        .all(db)
        .await?)
}

/// The schedule of a stored submission.
pub fn plan_of(row: &shift_claim::Model) -> Plan {
    Plan {
        expected_day: row.expected_day as u32,
        unanswered: row.unanswered,
        due_day: row.due_day.map(|d| d as u32),
        answer_day: row.answer_day.map(|d| d as u32),
    }
}

/// The answer stored with a submission.
pub fn answer_of(row: &shift_claim::Model) -> AppResult<Answer> {
    Answer::parse(&row.outcome).ok_or_else(|| {
        AppError::internal(format!("shift claim {}: outcome {}", row.id, row.outcome))
    })
}

/// Where an encounter stands on the shift's current day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncounterState {
    /// Not coded yet.
    ToCode,
    /// Coded; no claim sent, or the last one was rejected and the rejection has shown.
    ToBill,
    /// A claim is with the payer.
    Billed,
}

/// What the queue of the current day holds.
pub struct Queue {
    pub day: i32,
    pub date: NaiveDate,
    /// Encounters due by today, with where each stands.
    pub encounters: Vec<(shift_encounter::Model, EncounterState)>,
    /// Submissions whose answer has shown by today (newest answers first).
    pub answers: Vec<shift_claim::Model>,
    /// Unanswered submissions past their expected day, not followed up.
    pub follow_ups: Vec<shift_claim::Model>,
}

/// The queue of a shift on its current day.
pub async fn queue(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<Queue> {
    let row = get(db, viewer, id, "shiftId").await?;
    let day = row.current_day;
    let subs = submissions(db, row.id).await?;
    let mut out = Queue {
        day,
        date: date_of(&row, day),
        encounters: Vec::new(),
        answers: Vec::new(),
        follow_ups: Vec::new(),
    };
    for e in encounters(db, row.id).await? {
        if e.day > day {
            continue;
        }
        let last = subs.iter().rfind(|s| s.encounter_id == e.id);
        let state = match (e.attempt_id, last) {
            (None, _) => EncounterState::ToCode,
            (Some(_), None) => EncounterState::ToBill,
            (Some(_), Some(s))
                if s.outcome == Answer::Rejected.as_str()
                    && s.answer_day.is_some_and(|d| d <= day) =>
            {
                EncounterState::ToBill
            }
            (Some(_), Some(_)) => EncounterState::Billed,
        };
        out.encounters.push((e, state));
    }
    for s in &subs {
        if s.answer_day.is_some_and(|d| d <= day) {
            out.answers.push(s.clone());
        }
        if schedule::overdue(&plan_of(s), s.followed_up_day.is_some(), day as u32) {
            out.follow_ups.push(s.clone());
        }
    }
    out.answers
        .sort_by_key(|s| (std::cmp::Reverse(s.answer_day), s.sequence));
    Ok(out)
}
