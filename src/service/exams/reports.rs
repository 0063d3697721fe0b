//! A trainee's exam history, and the item analysis of a form for the people who maintain it.

use super::{Entry, entries, from_json, owns};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::exams::analysis::{ItemStats, Sitting, analyse};
use crate::domain::exams::grade::Report;
use crate::entity::exams::{exam_attempt, exam_form};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The viewer's sittings, newest first, closing those past their deadline.
pub async fn history(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> AppResult<Vec<exam_attempt::Model>> {
    let mut out = Vec::new();
    for a in exam_attempt::Entity::find()
        .filter(exam_attempt::Column::AccountId.eq(viewer.account_id))
        .order_by_desc(exam_attempt::Column::Id)
        .all(db)
        .await?
    {
        out.push(super::expire_if_due(db, a, now).await?);
    }
    Ok(out)
}

/// Item analysis over the closed sittings of a form: for its owner (assessments) or for
/// instructors, employers and admins (the public practice exams).
pub async fn item_analysis(
    db: &DatabaseConnection,
    viewer: &Viewer,
    form_id: i32,
) -> AppResult<Vec<ItemStats>> {
    viewer.require_role(&[Role::Instructor, Role::Employer], "read item analyses")?;
    let f = exam_form::Entity::find_by_id(form_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("exam form"))?;
    let allowed = if f.kind == "PRACTICE" {
        viewer.is_admin() || matches!(viewer.role, Role::Instructor | Role::Employer)
    } else {
        owns(viewer, &f)
    };
    if !allowed {
        return Err(AppError::not_found("exam form"));
    }
    let closed: Vec<exam_attempt::Model> = exam_attempt::Entity::find()
        .filter(exam_attempt::Column::FormId.eq(form_id))
        .filter(exam_attempt::Column::Status.ne("IN_PROGRESS"))
        .all(db)
        .await?;
    let mut sittings = Vec::with_capacity(closed.len());
    let mut seen: Vec<Entry> = Vec::new();
    for a in &closed {
        let Some(r) = &a.report else { continue };
        let report: Report = from_json(r)?;
        let es = entries(a)?;
        let mut responses = HashMap::new();
        for (e, line) in es.iter().zip(&report.lines) {
            if !seen.contains(e) {
                seen.push(*e);
            }
            if let Entry::Question(id) = e {
                responses.insert(*id, (line.earned, line.selected.clone()));
            }
        }
        sittings.push(Sitting {
            total: report.percent,
            responses,
        });
    }
    let mut items = Vec::new();
    for e in seen {
        if let Entry::Question(id) = e {
            let q = super::question(db, id).await?;
            items.push((
                id,
                q.options.iter().map(|o| o.key.clone()).collect(),
                q.answer.clone(),
            ));
        }
    }
    items.sort_by_key(|i| i.0);
    Ok(analyse(&items, &sittings))
}

/// Item analysis of every key line of a case over the scored practice attempts of the
/// viewer's organization (all of them for an admin): INSTRUCTOR, EMPLOYER or ADMIN.
pub async fn case_line_analysis(
    db: &DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
) -> AppResult<Vec<crate::domain::exams::analysis::CaseLineStats>> {
    use crate::entity::account;
    use crate::entity::practice::attempt;
    if !(viewer.is_admin() || matches!(viewer.role, Role::Instructor | Role::Employer)) {
        return Err(AppError::forbidden(
            "item analysis is for instructors, employers and admins",
        ));
    }
    crate::service::cases::get(db, viewer, case_id).await?;
    let mut q = attempt::Entity::find()
        .filter(attempt::Column::CaseId.eq(case_id))
        .filter(attempt::Column::Report.is_not_null());
    if !viewer.is_admin() {
        let members: Vec<i32> = account::Entity::find()
            .filter(account::Column::OrganizationId.eq(viewer.organization_id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        q = q.filter(attempt::Column::AccountId.is_in(members));
    }
    let reports: Vec<crate::domain::scoring::ScoreReport> = q
        .all(db)
        .await?
        .iter()
        .filter_map(|a| a.report.as_deref())
        .map(from_json)
        .collect::<AppResult<_>>()?;
    Ok(crate::domain::exams::analysis::case_lines(&reports))
}
