//! Starting a shift: its trainee, its cases (a case set's, in order, or a generated mix of the
//! library's office encounters) spread over its days, its calendar and its seed.

use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::domain::workday::{
    MAX_DAYS, MAX_ENCOUNTERS_PER_DAY, MAX_PACE_DAYS, ShiftStatus, encounter_day,
};
use crate::entity::exams::{exam_attempt, exam_form, exam_grant};
use crate::entity::library::coding_case;
use crate::entity::workday::{shift, shift_encounter, shift_event};
use crate::entity::{account, cohort, cohort_member};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, AuditEntry};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

pub struct NewShift {
    /// The cases, in the set's order; none: a generated mix of library office encounters.
    pub case_set_id: Option<i32>,
    /// Whose shift (none: the viewer's own). With a trainee: `cohort_id` (an INSTRUCTOR of
    /// the cohort's organization) or `assessment_id` (the EMPLOYER who owns it).
    pub trainee_id: Option<i32>,
    pub cohort_id: Option<i32>,
    pub assessment_id: Option<i32>,
    pub days: i32,
    pub encounters_per_day: i32,
    pub start_date: NaiveDate,
    /// Payer calendar days one shift day stands for.
    pub pace_days: i32,
    pub seed: Option<i64>,
}

fn bounded(field: &str, v: i32, max: u32) -> AppResult<u32> {
    if v >= 1 && v as u32 <= max {
        Ok(v as u32)
    } else {
        Err(AppError::bad_input(
            field,
            format!("must be between 1 and {max} (got {v})"),
        ))
    }
}

/// Starts a shift. The trainee starts their own; an instructor one for a trainee of their
/// cohort; an employer one for a candidate of their assessment.
pub async fn start(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewShift,
    now: DateTime<Utc>,
) -> AppResult<shift::Model> {
    let days = bounded("days", input.days, MAX_DAYS)?;
    let per_day = bounded(
        "encountersPerDay",
        input.encounters_per_day,
        MAX_ENCOUNTERS_PER_DAY,
    )?;
    let pace = bounded("paceDays", input.pace_days, MAX_PACE_DAYS)?;
    if input.seed.is_some_and(|s| s < 0) {
        return Err(AppError::bad_input("seed", "must be 0 or more"));
    }
    let (trainee, organization) = whose(db, viewer, &input).await?;
    let as_trainee = Viewer {
        account_id: trainee.id,
        role: Role::Trainee,
        organization_id: trainee.organization_id,
    };
    let seed = input
        .seed
        .unwrap_or_else(|| now.timestamp().rem_euclid(1_000_000));
    let wanted = (days * per_day) as usize;
    let cases = match input.case_set_id {
        Some(set) => {
            crate::service::cases::get_set(db, viewer, set)
                .await
                .map_err(|_| AppError::missing("caseSetId", "case set"))?;
            let cases = crate::service::cases::set_cases(db, &as_trainee, set).await?;
            if cases.len() < wanted {
                return Err(AppError::bad_input(
                    "caseSetId",
                    format!(
                        "the set has {} cases the trainee can practise; {days} days of {per_day} need {wanted}",
                        cases.len()
                    ),
                ));
            }
            cases.into_iter().take(wanted).map(|c| c.id).collect()
        }
        None => generated_mix(db, &as_trainee, wanted, seed).await?,
    };
    let txn = begin_write(db).await?;
    let row = shift::ActiveModel {
        id: NotSet,
        account_id: Set(trainee.id),
        organization_id: Set(organization),
        started_by: Set(viewer.account_id),
        cohort_id: Set(input.cohort_id),
        assessment_id: Set(input.assessment_id),
        case_set_id: Set(input.case_set_id),
        seed: Set(seed),
        start_date: Set(input.start_date),
        days: Set(days as i32),
        encounters_per_day: Set(per_day as i32),
        pace_days: Set(pace as i32),
        current_day: Set(1),
        status: Set(ShiftStatus::Open.as_str().into()),
        // The wall clock: attempts filed into the shift must have started after it.
        created_at: Set(Utc::now()),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    for (i, case_id) in cases.iter().enumerate() {
        shift_encounter::ActiveModel {
            id: NotSet,
            shift_id: Set(row.id),
            day: Set(encounter_day(i as u32, per_day) as i32),
            position: Set(i as i32 + 1),
            case_id: Set(*case_id),
            attempt_id: Set(None),
            coded_day: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    event(&txn, row.id, 1, "START", now).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: organization,
            action: "shift.start",
            target_type: "shift",
            target_id: Some(row.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Records one of the trainee's actions on the server clock (active time).
pub(super) async fn event(
    db: &impl ConnectionTrait,
    shift_id: i32,
    day: i32,
    action: &str,
    at: DateTime<Utc>,
) -> AppResult<()> {
    shift_event::ActiveModel {
        id: NotSet,
        shift_id: Set(shift_id),
        day: Set(day),
        action: Set(action.into()),
        at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The trainee of a new shift and the organization that will own it. The caller's role is
/// checked first, then the cohort or assessment they name, then the trainee in it.
async fn whose(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: &NewShift,
) -> AppResult<(account::Model, Option<i32>)> {
    let own = input.trainee_id.is_none_or(|t| t == viewer.account_id);
    if own && input.cohort_id.is_none() && input.assessment_id.is_none() {
        viewer.require_role(&[Role::Trainee], "work a shift of their own")?;
        let me = crate::service::account::get(db, viewer.account_id).await?;
        let org = me.organization_id;
        return Ok((me, org));
    }
    let no_trainee = || AppError::missing("traineeId", "trainee");
    let trainee = |id: Option<i32>| async move {
        let id = id
            .ok_or_else(|| AppError::bad_input("traineeId", "name the trainee the shift is for"))?;
        account::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or_else(no_trainee)
    };
    match (input.cohort_id, input.assessment_id) {
        (Some(c), None) => {
            viewer.require_role(&[Role::Instructor], "start a shift for a cohort's trainee")?;
            let c = cohort::Entity::find_by_id(c)
                .one(db)
                .await?
                .filter(|c| viewer.can_see_org(c.organization_id))
                .ok_or_else(|| AppError::missing("cohortId", "cohort"))?;
            viewer.require_in_org(c.organization_id, &[Role::Instructor], "start shifts")?;
            let t = trainee(input.trainee_id).await?;
            cohort_member::Entity::find_by_id((c.id, t.id))
                .one(db)
                .await?
                .ok_or_else(no_trainee)?;
            Ok((t, Some(c.organization_id)))
        }
        (None, Some(f)) => {
            viewer.require_role(&[Role::Employer], "start a shift for a candidate")?;
            let form = exam_form::Entity::find_by_id(f)
                .one(db)
                .await?
                .filter(|f| f.kind == "ASSESSMENT")
                .filter(|f| f.organization_id.is_some_and(|o| viewer.can_see_org(o)))
                .ok_or_else(|| AppError::missing("assessmentId", "assessment"))?;
            let t = trainee(input.trainee_id).await?;
            let granted = exam_grant::Entity::find()
                .filter(exam_grant::Column::FormId.eq(form.id))
                .filter(exam_grant::Column::AccountId.eq(t.id))
                .one(db)
                .await?
                .is_some();
            let sat = exam_attempt::Entity::find()
                .filter(exam_attempt::Column::FormId.eq(form.id))
                .filter(exam_attempt::Column::AccountId.eq(t.id))
                .one(db)
                .await?
                .is_some();
            if !granted && !sat {
                return Err(no_trainee());
            }
            Ok((t, form.organization_id))
        }
        (Some(_), Some(_)) => Err(AppError::bad_input(
            "assessmentId",
            "a shift is for a cohort or for an assessment, not both",
        )),
        (None, None) => Err(AppError::bad_input(
            "cohortId",
            "a shift for another trainee names their cohort or the assessment",
        )),
    }
}

/// `wanted` office encounters of the library (no denial scenario: a fresh visit to code and
/// bill) the trainee may practise, in id order from a place the seed picks.
async fn generated_mix(
    db: &impl ConnectionTrait,
    trainee: &Viewer,
    wanted: usize,
    seed: i64,
) -> AppResult<Vec<i32>> {
    let ids: Vec<i32> = crate::service::cases::visible(trainee)
        .filter(coding_case::Column::Status.eq("PUBLISHED"))
        .filter(coding_case::Column::Setting.eq("OFFICE"))
        .filter(coding_case::Column::Scenario.is_null())
        .order_by_asc(coding_case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    if ids.len() < wanted {
        return Err(AppError::bad_input(
            "caseSetId",
            format!(
                "the library has {} office encounters to mix; name a case set",
                ids.len()
            ),
        ));
    }
    let from = seed.rem_euclid(ids.len() as i64) as usize;
    Ok(ids
        .iter()
        .cycle()
        .skip(from)
        .take(wanted)
        .copied()
        .collect())
}
