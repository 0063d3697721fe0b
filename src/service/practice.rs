//! Coding practice: assignments, and attempts that start on the server clock, keep drafts,
//! and are submitted and scored exactly once (a conditional update guards the transition, so
//! racing submits yield one score). Scores and per-line verdicts are released per the
//! assignment's feedback policy.

use super::audit::{self, AuditEntry};
use super::{Page, Paged, paginate};
use super::{check_version, stored, to_json};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::domain::cases::AnswerKey;
use crate::domain::codes::{System, normalize};
use crate::domain::lifecycle::{AttemptEvent, AttemptStatus};
use crate::domain::scoring::{Policy, ScoreReport, Submission};
use crate::entity::library::{answer_key, case_set_item, coding_case};
use crate::entity::practice::{assignment, attempt};
use crate::entity::{cohort, cohort_member};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

pub struct NewAssignment {
    pub cohort_id: i32,
    pub case_set_id: i32,
    pub mode: String,
    pub feedback_policy: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub attempt_limit: i32,
}

/// Assigns a case set to a cohort (INSTRUCTOR or ADMIN of the cohort's organization).
pub async fn create_assignment(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewAssignment,
) -> AppResult<assignment::Model> {
    viewer.require_role(&[Role::Instructor], "assign case sets")?;
    let c = cohort::Entity::find_by_id(input.cohort_id)
        .one(db)
        .await?
        .filter(|c| viewer.can_see_org(c.organization_id))
        .ok_or_else(|| AppError::bad_input("cohortId", format!("no cohort {}", input.cohort_id)))?;
    viewer.require_in_org(c.organization_id, &[Role::Instructor], "assign case sets")?;
    // The set must be one the cohort's organization reads: its own or the public library's
    // (an admin reads every set, but content crosses tenants only through the library).
    let no_set = || {
        AppError::bad_input(
            "caseSetId",
            format!("no case set {} you can assign", input.case_set_id),
        )
    };
    let set = super::cases::get_set(db, viewer, input.case_set_id)
        .await
        .map_err(|_| no_set())?;
    let library = set.visibility == "PUBLIC" && set.status == "PUBLISHED";
    if set.organization_id != c.organization_id && !library {
        return Err(no_set());
    }
    if input.closes_at <= input.opens_at {
        return Err(AppError::bad_input("closesAt", "must be after opensAt"));
    }
    let txn = begin_write(db).await?;
    let a = assignment::ActiveModel {
        id: NotSet,
        organization_id: Set(c.organization_id),
        cohort_id: Set(c.id),
        case_set_id: Set(input.case_set_id),
        mode: Set(input.mode),
        feedback_policy: Set(input.feedback_policy),
        opens_at: Set(input.opens_at),
        closes_at: Set(input.closes_at),
        attempt_limit: Set(input.attempt_limit),
        created_by: Set(Some(viewer.account_id)),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(c.organization_id),
            action: "assignment.create",
            target_type: "assignment",
            target_id: Some(a.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

/// The assignments of the cohorts the viewer belongs to.
pub async fn my_assignments(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<assignment::Model>> {
    let cohorts: Vec<i32> = cohort_member::Entity::find()
        .filter(cohort_member::Column::AccountId.eq(viewer.account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.cohort_id)
        .collect();
    Ok(assignment::Entity::find()
        .filter(assignment::Column::CohortId.is_in(cohorts))
        .order_by_asc(assignment::Column::ClosesAt)
        .all(db)
        .await?)
}

/// Refuses malformed codes, naming the line; well-formed wrong codes are accepted.
pub fn check_submission(s: &Submission) -> AppResult<Submission> {
    let mut out = s.clone();
    for (i, d) in out.diagnoses.iter_mut().enumerate() {
        d.code = normalize(System::Icd10Cm, &d.code)
            .map_err(|e| AppError::bad_input(format!("submission.diagnoses[{i}].code"), e.0))?;
        if let Some(p) = &d.poa
            && !["Y", "N", "U", "W", "1"].contains(&p.as_str())
        {
            return Err(AppError::bad_input(
                format!("submission.diagnoses[{i}].poa"),
                format!("'{p}' is not Y, N, U, W or 1"),
            ));
        }
    }
    for (i, p) in out.procedures.iter_mut().enumerate() {
        let system = match p.system.as_str() {
            "CPT" => System::Cpt,
            "HCPCS" => System::Hcpcs,
            other => {
                return Err(AppError::bad_input(
                    format!("submission.procedures[{i}].system"),
                    format!("'{other}' is not CPT or HCPCS"),
                ));
            }
        };
        p.code = normalize(system, &p.code)
            .map_err(|e| AppError::bad_input(format!("submission.procedures[{i}].code"), e.0))?;
        if p.modifiers.len() > 4 {
            return Err(AppError::bad_input(
                format!("submission.procedures[{i}].modifiers"),
                "at most 4 modifiers",
            ));
        }
        for m in &mut p.modifiers {
            *m = normalize(System::Modifier, m).map_err(|e| {
                AppError::bad_input(format!("submission.procedures[{i}].modifiers"), e.0)
            })?;
        }
        if p.units == 0 || p.units > 9999 {
            return Err(AppError::bad_input(
                format!("submission.procedures[{i}].units"),
                "must be 1 to 9999",
            ));
        }
        if p.pointers.len() > 4
            || p.pointers
                .iter()
                .any(|l| l.len() != 1 || !("A"..="L").contains(&l.as_str()))
        {
            return Err(AppError::bad_input(
                format!("submission.procedures[{i}].pointers"),
                "1 to 4 letters A–L",
            ));
        }
    }
    for (i, p) in out.pcs.iter_mut().enumerate() {
        p.code = normalize(System::Icd10Pcs, &p.code)
            .map_err(|e| AppError::bad_input(format!("submission.pcs[{i}].code"), e.0))?;
    }
    check_conditions(&mut out)?;
    // A coding answer, not a claim form: up to the 25 diagnoses an inpatient claim (UB-04)
    // carries; a professional claim's 12 are the claim builder's limit.
    if out.diagnoses.len() > 25 || out.procedures.len() > 50 || out.pcs.len() > 25 {
        return Err(AppError::bad_input(
            "submission",
            "too many lines (25 diagnoses, 50 services, 25 procedures at most)",
        ));
    }
    Ok(out)
}

/// A chart review's conditions: well-formed ICD-10-CM codes, each once, a reason only on a
/// NOT_SUPPORTED mark; at most 60 (a member-year's worth).
fn check_conditions(out: &mut Submission) -> AppResult<()> {
    use crate::domain::cases::risk::ConditionStatus;
    if out.conditions.len() > 60 {
        return Err(AppError::bad_input(
            "submission.conditions",
            "at most 60 conditions",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in out.conditions.iter_mut().enumerate() {
        c.code = normalize(System::Icd10Cm, &c.code)
            .map_err(|e| AppError::bad_input(format!("submission.conditions[{i}].code"), e.0))?;
        if !seen.insert(c.code.clone()) {
            return Err(AppError::bad_input(
                format!("submission.conditions[{i}].code"),
                format!("{} is entered twice", c.code),
            ));
        }
        if c.reason.is_some() && c.status != Some(ConditionStatus::NotSupported) {
            return Err(AppError::bad_input(
                format!("submission.conditions[{i}].reason"),
                "a reason goes with a NOT_SUPPORTED mark only",
            ));
        }
    }
    Ok(())
}

/// Starts an attempt on a case the viewer can read, on the server clock. With an assignment:
/// the viewer is in its cohort, the case is in its set, the window is open and the attempt
/// limit is not reached.
pub async fn start(
    db: &DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
    assignment_id: Option<i32>,
) -> AppResult<attempt::Model> {
    let now = Utc::now();
    if assignment_id.is_none() {
        super::cases::practisable(db, viewer, case_id).await?;
    }
    if let Some(aid) = assignment_id {
        let a = assignment::Entity::find_by_id(aid)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("assignment"))?;
        let member = cohort_member::Entity::find_by_id((a.cohort_id, viewer.account_id))
            .one(db)
            .await?
            .is_some();
        if !member {
            return Err(AppError::forbidden("this assignment is for another cohort"));
        }
        let in_set = case_set_item::Entity::find_by_id((a.case_set_id, case_id))
            .one(db)
            .await?
            .is_some();
        if !in_set {
            return Err(AppError::bad_input(
                "caseId",
                "the case is not part of this assignment",
            ));
        }
        if now < a.opens_at || now >= a.closes_at {
            return Err(AppError::bad_input(
                "assignmentId",
                format!(
                    "the assignment is open from {} to {}",
                    a.opens_at, a.closes_at
                ),
            ));
        }
        let used = attempt::Entity::find()
            .filter(attempt::Column::AccountId.eq(viewer.account_id))
            .filter(attempt::Column::CaseId.eq(case_id))
            .filter(attempt::Column::AssignmentId.eq(aid))
            .count(db)
            .await?;
        if used >= a.attempt_limit.max(0) as u64 {
            return Err(AppError::Conflict(format!(
                "all {} attempts of this case are used",
                a.attempt_limit
            )));
        }
    }
    let key = current_key(db, case_id).await?;
    let txn = begin_write(db).await?;
    let at = attempt::ActiveModel {
        id: NotSet,
        account_id: Set(viewer.account_id),
        case_id: Set(case_id),
        assignment_id: Set(assignment_id),
        key_version: Set(key.version),
        status: Set("IN_PROGRESS".into()),
        submission: Set(to_json(&Submission::default())?),
        percent_e2: Set(None),
        report: Set(None),
        started_at: Set(now),
        saved_at: Set(now),
        submitted_at: Set(None),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, entry(viewer, &at, "attempt.start")).await?;
    txn.commit().await?;
    Ok(at)
}

async fn current_key(db: &impl ConnectionTrait, case_id: i32) -> AppResult<answer_key::Model> {
    answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(case_id))
        .filter(answer_key::Column::Current.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("case without a current key"))
}

fn entry<'a>(viewer: &Viewer, at: &attempt::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: viewer.organization_id,
        action,
        target_type: "attempt",
        target_id: Some(at.id.to_string()),
    }
}

/// An attempt: its owner's, or (ADMIN, INSTRUCTOR) one of their organization's trainees'.
pub async fn get(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<attempt::Model> {
    let at = attempt::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("attempt"))?;
    if at.account_id == viewer.account_id || viewer.is_admin() {
        return Ok(at);
    }
    let owner = super::account::get(db, at.account_id).await?;
    let same_org =
        owner.organization_id.is_some() && owner.organization_id == viewer.organization_id;
    if same_org && viewer.role == Role::Instructor {
        Ok(at)
    } else {
        Err(AppError::not_found("attempt"))
    }
}

/// The viewer's own attempt (NOT_FOUND or FORBIDDEN otherwise), its assignment still open.
pub(crate) async fn own_open(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<attempt::Model> {
    let at = get(db, viewer, id).await?;
    if at.account_id != viewer.account_id {
        return Err(AppError::forbidden("only the trainee works on an attempt"));
    }
    if let Some(aid) = at.assignment_id {
        let a = assignment::Entity::find_by_id(aid)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("assignment"))?;
        if Utc::now() >= a.closes_at && at.status == "IN_PROGRESS" {
            return Err(AppError::bad_input(
                "attemptId",
                format!("the assignment closed at {}", a.closes_at),
            ));
        }
    }
    Ok(at)
}

/// Saves a draft (any number of times) while the attempt is in progress. With `version` (the
/// one the client last read), a save from an older copy is refused with the current version,
/// so two tabs never silently overwrite each other. The save and a submit serialize on the
/// attempt's row: an acknowledged save is in the scored submission, or is refused.
pub async fn save(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    submission: &Submission,
    version: Option<i32>,
) -> AppResult<attempt::Model> {
    own_open(db, viewer, id).await?;
    let clean = check_submission(submission)?;
    let txn = begin_write(db).await?;
    let at = txn
        .lock_one(attempt::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("attempt"))?;
    stored(AttemptStatus::parse(&at.status))?.next(AttemptEvent::Save)?;
    check_version("attempt", version, at.version)?;
    let mut a: attempt::ActiveModel = at.into();
    a.submission = Set(to_json(&clean)?);
    a.saved_at = Set(Utc::now());
    a.version = Set(a.version.as_ref() + 1);
    let at = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, &at, "attempt.save")).await?;
    txn.commit().await?;
    Ok(at)
}

/// Submits and scores an attempt, once. Without a submission, the last saved draft is scored;
/// submitting again without one returns the same result, and with a different one is refused.
/// It is scored against the case's current key, read under a shared lock on the case so that a
/// key revision either sees the submitted attempt (and re-grades it) or is seen by it.
pub async fn submit(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    submission: Option<&Submission>,
    version: Option<i32>,
) -> AppResult<attempt::Model> {
    let before = own_open(db, viewer, id).await?;
    let explicit = submission.map(check_submission).transpose()?;
    let txn = begin_write(db).await?;
    txn.share_one(coding_case::Entity::find_by_id(before.case_id))
        .await?
        .ok_or_else(|| AppError::not_found("case"))?;
    let at = txn
        .lock_one(attempt::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("attempt"))?;
    if stored(AttemptStatus::parse(&at.status))? == AttemptStatus::Submitted {
        let same = match &explicit {
            None => true,
            Some(s) => to_json(s)? == at.submission,
        };
        if same {
            return Ok(at);
        }
        return Err(AppError::Conflict(
            "the attempt was already submitted with other coding; that submission stands".into(),
        ));
    }
    let status = stored(AttemptStatus::parse(&at.status))?.next(AttemptEvent::Submit)?;
    check_version("attempt", version, at.version)?;
    let work: Submission = match explicit {
        Some(s) => s,
        None => super::from_json(&at.submission)?,
    };
    let key_row = current_key(&txn, at.case_id).await?;
    let key: AnswerKey = super::from_json(&key_row.body)?;
    let policy = policy_for(&txn, &at).await?;
    let (work, report): (Submission, ScoreReport) =
        super::drg::score_with_drg(&txn, at.case_id, &key, &work, &policy).await?;
    let mut a: attempt::ActiveModel = at.into();
    a.status = Set(status.as_str().into());
    a.submission = Set(to_json(&work)?);
    a.key_version = Set(key_row.version);
    a.percent_e2 = Set(Some((report.percent * 100.0).round() as i32));
    a.report = Set(Some(to_json(&report)?));
    a.submitted_at = Set(Some(Utc::now()));
    a.version = Set(a.version.as_ref() + 1);
    let at = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, &at, "attempt.submit")).await?;
    txn.commit().await?;
    Ok(at)
}

/// Whether the score and the per-line verdicts may be shown now: always without an
/// assignment (practice) or with IMMEDIATE feedback; after the window closes otherwise.
pub async fn feedback_released(db: &impl ConnectionTrait, at: &attempt::Model) -> AppResult<bool> {
    if at.status != "SUBMITTED" {
        return Ok(false);
    }
    let Some(aid) = at.assignment_id else {
        // Free practice: released, unless the case has since been held back for an exam or
        // assessment of this trainee's (its key would leak through this report).
        return Ok(!super::holds::is_held(db, at.account_id, at.case_id, Utc::now()).await?);
    };
    let a = assignment::Entity::find_by_id(aid)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("assignment"))?;
    Ok(a.feedback_policy == "IMMEDIATE" || Utc::now() >= a.closes_at)
}

/// Which of the viewer's attempts to list.
#[derive(Default)]
pub struct AttemptFilter {
    /// IN_PROGRESS or SUBMITTED.
    pub status: Option<&'static str>,
    pub case_id: Option<i32>,
}

/// The viewer's attempts, oldest first, optionally of one status or case.
pub async fn mine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: AttemptFilter,
    page: Page,
) -> AppResult<Paged<attempt::Model>> {
    let mut q = attempt::Entity::find().filter(attempt::Column::AccountId.eq(viewer.account_id));
    if let Some(s) = filter.status {
        q = q.filter(attempt::Column::Status.eq(s));
    }
    if let Some(c) = filter.case_id {
        q = q.filter(attempt::Column::CaseId.eq(c));
    }
    paginate(db, q, attempt::Column::Id, page).await
}

/// The scoring policy of an attempt: its assignment's case set's, else that of the first set
/// holding the case; the Practicode defaults when the set has none.
pub async fn policy_for(db: &impl ConnectionTrait, at: &attempt::Model) -> AppResult<Policy> {
    use crate::entity::library::case_set;
    let set_id = match at.assignment_id {
        Some(aid) => assignment::Entity::find_by_id(aid)
            .one(db)
            .await?
            .map(|a| a.case_set_id),
        None => case_set_item::Entity::find()
            .filter(case_set_item::Column::CaseId.eq(at.case_id))
            .order_by_asc(case_set_item::Column::CaseSetId)
            .one(db)
            .await?
            .map(|i| i.case_set_id),
    };
    let Some(set_id) = set_id else {
        return Ok(Policy::default());
    };
    match case_set::Entity::find_by_id(set_id)
        .one(db)
        .await?
        .and_then(|s| s.scoring_policy)
    {
        None => Ok(Policy::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::internal(format!("stored policy: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::check_submission;
    use crate::domain::scoring::{Submission, SubmittedDiagnosis};

    fn with_diagnoses(n: usize) -> Submission {
        Submission {
            diagnoses: (0..n)
                .map(|_| SubmittedDiagnosis {
                    code: "E11.9".into(),
                    poa: Some("Y".into()),
                })
                .collect(),
            procedures: vec![],
            pcs: vec![],
            drg: None,
            grouped_drg: None,
            conditions: vec![],
        }
    }

    /// An inpatient answer carries as many diagnoses as a UB-04 (25), more than a professional
    /// claim's 12; one more is refused, naming the submission.
    #[test]
    fn an_answer_holds_the_25_diagnoses_of_an_inpatient_claim() {
        assert_eq!(
            check_submission(&with_diagnoses(25))
                .unwrap()
                .diagnoses
                .len(),
            25
        );
        let e = check_submission(&with_diagnoses(26)).unwrap_err();
        assert!(e.to_string().contains("25 diagnoses"), "{e}");
    }
}
