//! The employer's view of their assessments: each one with its candidate codes (hint,
//! expiry, uses), the candidates who hold a code but have not started, and how many have
//! started and finished. Four statements whatever the number of assessments.

use super::owns;
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::lifecycle::ExamStatus;
use crate::entity::exams::{exam_attempt, exam_form, exam_grant};
use crate::entity::{account, invitation};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// One assessment as its owner follows it.
#[derive(Debug, Clone)]
pub struct AssessmentOverview {
    pub form: exam_form::Model,
    /// Its candidate codes, newest first (the codes themselves were shown once).
    pub invitations: Vec<invitation::Model>,
    /// Candidates who redeemed a code and have not started yet.
    pub waiting: Vec<account::Model>,
    /// Sittings started (in progress or closed).
    pub started: usize,
    /// Sittings closed (submitted, expired, or past their deadline: closed as expired on
    /// their next read).
    pub finished: usize,
}

/// The assessments the viewer owns (an EMPLOYER: their organization's; an ADMIN: every
/// organization's), newest first.
pub async fn assessments(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> AppResult<Vec<AssessmentOverview>> {
    viewer.require_role(&[Role::Employer], "manage assessments")?;
    let mut q = exam_form::Entity::find().filter(exam_form::Column::Kind.eq("ASSESSMENT"));
    if !viewer.is_admin() {
        let org = viewer.organization_id.ok_or_else(|| {
            AppError::forbidden("assessments belong to an organization; yours is not set")
        })?;
        q = q.filter(exam_form::Column::OrganizationId.eq(org));
    }
    let forms: Vec<exam_form::Model> = q
        .order_by_desc(exam_form::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|f| owns(viewer, f))
        .collect();
    overviews(db, now, forms).await
}

/// One assessment the viewer owns; another organization's answers as a missing one.
pub async fn assessment(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    form_id: i32,
) -> AppResult<AssessmentOverview> {
    let f = super::assessments::owned_form(db, viewer, form_id).await?;
    overviews(db, now, vec![f])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("assessment"))
}

async fn overviews(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    forms: Vec<exam_form::Model>,
) -> AppResult<Vec<AssessmentOverview>> {
    let ids: Vec<i32> = forms.iter().map(|f| f.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::ExamFormId.is_in(ids.clone()))
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await?;
    let attempts = exam_attempt::Entity::find()
        .filter(exam_attempt::Column::FormId.is_in(ids.clone()))
        .all(db)
        .await?;
    let grants = exam_grant::Entity::find()
        .filter(exam_grant::Column::FormId.is_in(ids))
        .filter(exam_grant::Column::UsedAt.is_null())
        .order_by_asc(exam_grant::Column::CreatedAt)
        .all(db)
        .await?;
    let waiting_ids: Vec<i32> = grants.iter().map(|g| g.account_id).collect();
    let accounts = if waiting_ids.is_empty() {
        Vec::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(waiting_ids))
            .all(db)
            .await?
    };
    Ok(forms
        .into_iter()
        .map(|form| {
            let mine = attempts.iter().filter(|a| a.form_id == form.id);
            let started = mine.clone().count();
            let finished = mine
                .filter(|a| a.status != ExamStatus::InProgress.as_str() || a.deadline_at <= now)
                .count();
            let waiting = grants
                .iter()
                .filter(|g| g.form_id == form.id)
                .filter(|g| {
                    !attempts
                        .iter()
                        .any(|a| a.form_id == form.id && a.account_id == g.account_id)
                })
                .filter_map(|g| accounts.iter().find(|a| a.id == g.account_id).cloned())
                .collect();
            AssessmentOverview {
                invitations: invitations
                    .iter()
                    .filter(|i| i.exam_form_id == Some(form.id))
                    .cloned()
                    .collect(),
                waiting,
                started,
                finished,
                form,
            }
        })
        .collect())
}
