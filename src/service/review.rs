//! The instructor's review lists: a cohort's assignments, the attempts of an assignment or of
//! a trainee, a cohort's disputes, a trainee's claims and claim work. For an INSTRUCTOR of the
//! organization (or an ADMIN of any): the role is checked before any lookup, so a trainee or
//! an employer is FORBIDDEN whatever the id; another organization's cohort, assignment or
//! trainee is NOT_FOUND, exactly like an id that does not exist. Read-only.

use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::claims::work::Verdict;
use crate::domain::lifecycle::DisputeStatus;
use crate::entity::claims::claim;
use crate::entity::library::coding_case;
use crate::entity::practice::{assignment, attempt, dispute};
use crate::entity::{account, cohort, cohort_member};
use crate::error::{AppError, AppResult};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Select};
use std::collections::HashMap;

/// Refuses anyone but an INSTRUCTOR or an ADMIN.
pub fn require_reviewer(viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin() || viewer.role == Role::Instructor {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "a {} may not review trainees' work",
            viewer.role.as_str()
        )))
    }
}

/// The organization whose objects a reviewer sees: `None` for an ADMIN (every one).
pub(crate) fn reviewed_org(viewer: &Viewer) -> AppResult<Option<i32>> {
    require_reviewer(viewer)?;
    if viewer.is_admin() {
        return Ok(None);
    }
    viewer
        .organization_id
        .map(Some)
        .ok_or_else(|| AppError::forbidden("an instructor without an organization reviews nothing"))
}

/// `all` for an ADMIN, else the organization's rows as `in_org` selects them.
fn scoped<E: EntityTrait>(
    viewer: &Viewer,
    all: Select<E>,
    in_org: fn(i32) -> Select<E>,
) -> AppResult<Select<E>> {
    Ok(match reviewed_org(viewer)? {
        None => all,
        Some(org) => in_org(org),
    })
}

/// A cohort the viewer reviews.
pub async fn cohort(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<cohort::Model> {
    scoped(viewer, cohort::Entity::find(), cohort::in_org)?
        .filter(cohort::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("cohort"))
}

/// The assignments the viewer reviews, as a query (to read plainly, or locked).
pub(crate) fn assignments(viewer: &Viewer) -> AppResult<Select<assignment::Entity>> {
    scoped(viewer, assignment::Entity::find(), assignment::in_org)
}

/// An assignment the viewer reviews.
pub async fn assignment(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<assignment::Model> {
    assignments(viewer)?
        .filter(assignment::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("assignment"))
}

/// A TRAINEE the viewer reviews (any other account is not a trainee: NOT_FOUND).
pub async fn trainee(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<account::Model> {
    scoped(viewer, account::Entity::find(), account::in_org)?
        .filter(account::Column::Id.eq(id))
        .filter(account::Column::Role.eq(Role::Trainee.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("trainee"))
}

/// A cohort's assignments, oldest first.
pub async fn cohort_assignments(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    cohort_id: i32,
    page: Page,
) -> AppResult<Paged<assignment::Model>> {
    let c = cohort(db, viewer, cohort_id).await?;
    let q = assignment::in_org(c.organization_id).filter(assignment::Column::CohortId.eq(c.id));
    paginate(db, q, assignment::Column::Id, page).await
}

/// An attempt with whose it is and what it is of.
#[derive(Debug, Clone)]
pub struct ReviewedAttempt {
    pub attempt: attempt::Model,
    pub trainee: account::Model,
    pub case: coding_case::Model,
}

/// The attempts made under an assignment, in the order they were started.
pub async fn assignment_attempts(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    assignment_id: i32,
    page: Page,
) -> AppResult<Paged<ReviewedAttempt>> {
    let a = assignment(db, viewer, assignment_id).await?;
    let q = attempt::Entity::find().filter(attempt::Column::AssignmentId.eq(a.id));
    let paged = paginate(db, q, attempt::Column::Id, page).await?;
    with_context(db, paged).await
}

/// A trainee's attempts (practice and assigned), in the order they were started.
pub async fn trainee_attempts(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    trainee_id: i32,
    page: Page,
) -> AppResult<Paged<ReviewedAttempt>> {
    let t = trainee(db, viewer, trainee_id).await?;
    let q = attempt::Entity::find().filter(attempt::Column::AccountId.eq(t.id));
    let paged = paginate(db, q, attempt::Column::Id, page).await?;
    with_context(db, paged).await
}

/// Adds the trainee and the case to a page of attempts: one query for each, whatever the
/// page's size.
async fn with_context(
    db: &impl ConnectionTrait,
    paged: Paged<attempt::Model>,
) -> AppResult<Paged<ReviewedAttempt>> {
    let mut people: Vec<i32> = paged.items.iter().map(|a| a.account_id).collect();
    let mut cases: Vec<i32> = paged.items.iter().map(|a| a.case_id).collect();
    people.sort_unstable();
    people.dedup();
    cases.sort_unstable();
    cases.dedup();
    let people: HashMap<i32, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let cases: HashMap<i32, coding_case::Model> = coding_case::Entity::find()
        .filter(coding_case::Column::Id.is_in(cases))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let items = paged
        .items
        .into_iter()
        .map(|attempt| {
            let trainee = people.get(&attempt.account_id).cloned();
            let case = cases.get(&attempt.case_id).cloned();
            match (trainee, case) {
                (Some(trainee), Some(case)) => Ok(ReviewedAttempt {
                    attempt,
                    trainee,
                    case,
                }),
                _ => Err(AppError::internal("an attempt without its account or case")),
            }
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Paged {
        items,
        has_next: paged.has_next,
        total: paged.total,
    })
}

/// A dispute with the attempt it is about.
#[derive(Debug, Clone)]
pub struct ReviewedDispute {
    pub dispute: dispute::Model,
    pub attempt: ReviewedAttempt,
}

/// The disputes raised by a cohort's trainees or on its assignments' attempts, oldest first:
/// the open ones, or all with `open_only` false.
pub async fn cohort_disputes(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    cohort_id: i32,
    open_only: bool,
    page: Page,
) -> AppResult<Paged<ReviewedDispute>> {
    let c = cohort(db, viewer, cohort_id).await?;
    let members = Query::select()
        .column(cohort_member::Column::AccountId)
        .from(cohort_member::Entity)
        .and_where(cohort_member::Column::CohortId.eq(c.id))
        .take();
    let assignments = Query::select()
        .column(assignment::Column::Id)
        .from(assignment::Entity)
        .and_where(assignment::Column::CohortId.eq(c.id))
        .take();
    let attempts = Query::select()
        .column(attempt::Column::Id)
        .from(attempt::Entity)
        .cond_where(
            Condition::any()
                .add(attempt::Column::AccountId.in_subquery(members))
                .add(attempt::Column::AssignmentId.in_subquery(assignments)),
        )
        .take();
    let mut q = dispute::Entity::find().filter(dispute::Column::AttemptId.in_subquery(attempts));
    if open_only {
        q = q.filter(dispute::Column::Status.eq(DisputeStatus::Open.as_str()));
    }
    let paged = paginate(db, q, dispute::Column::Id, page).await?;
    let ids: Vec<i32> = paged.items.iter().map(|d| d.attempt_id).collect();
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let attempts = with_context(
        db,
        Paged {
            items: attempts,
            has_next: false,
            total: 0,
        },
    )
    .await?
    .items;
    let items = paged
        .items
        .into_iter()
        .map(|dispute| {
            attempts
                .iter()
                .find(|a| a.attempt.id == dispute.attempt_id)
                .cloned()
                .map(|attempt| ReviewedDispute { dispute, attempt })
                .ok_or_else(|| AppError::internal("a dispute without its attempt"))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Paged {
        items,
        has_next: paged.has_next,
        total: paged.total,
    })
}

/// A trainee's claims, oldest first, optionally by status or case.
pub async fn trainee_claims(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    trainee_id: i32,
    filter: super::claims::ClaimFilter,
    page: Page,
) -> AppResult<Paged<claim::Model>> {
    let t = trainee(db, viewer, trainee_id).await?;
    let mut q = claim::Entity::find().filter(claim::Column::UserId.eq(t.id));
    if let Some(s) = filter.status {
        q = q.filter(claim::Column::Status.eq(s));
    }
    if let Some(c) = filter.case_id {
        q = q.filter(claim::Column::CaseId.eq(c));
    }
    paginate(db, q, claim::Column::Id, page).await
}

/// A trainee's claim work on one case, judged as `claimWork` judges it for them.
#[derive(Debug, Clone)]
pub struct CaseWork {
    pub case: coding_case::Model,
    pub work: Verdict,
}

/// The trainee's claim work, one entry per case they made a claim for, by case.
pub async fn trainee_claim_work(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    trainee_id: i32,
    page: Page,
) -> AppResult<Paged<CaseWork>> {
    let t = trainee(db, viewer, trainee_id).await?;
    let worked = Query::select()
        .column(claim::Column::CaseId)
        .from(claim::Entity)
        .and_where(claim::Column::UserId.eq(t.id))
        .take();
    let q = coding_case::Entity::find().filter(coding_case::Column::Id.in_subquery(worked));
    let paged = paginate(db, q, coding_case::Column::Id, page).await?;
    // The judgement is the trainee's own: the same function, with the trainee as the subject.
    let subject = Viewer {
        account_id: t.id,
        role: Role::Trainee,
        organization_id: t.organization_id,
    };
    let mut items = Vec::with_capacity(paged.items.len());
    for case in paged.items {
        let work = super::claims::work_for_case(db, &subject, case.id).await?;
        items.push(CaseWork { case, work });
    }
    Ok(Paged {
        items,
        has_next: paged.has_next,
        total: paged.total,
    })
}
