//! Cohorts: groups of trainees that instructors teach and follow.

use super::audit::{self, AuditEntry};
use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::entity::{account, cohort, cohort_member};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

const MANAGERS: &[Role] = &[Role::Instructor];

/// Creates a cohort in an organization (ADMIN, or an INSTRUCTOR of it).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    org_id: i32,
    name: String,
) -> AppResult<cohort::Model> {
    viewer.require_role(MANAGERS, "create cohorts")?;
    super::organization::named(db, viewer, org_id).await?;
    let txn = begin_write(db).await?;
    let c = cohort::ActiveModel {
        organization_id: Set(org_id),
        name: Set(name),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => {
            AppError::Conflict("this organization already has a cohort with that name".into())
        }
        AppError::BadInput { .. } => AppError::missing("organizationId", "organization"),
        other => other,
    })?;
    audit::record(&txn, target(viewer, &c, "cohort.create")).await?;
    txn.commit().await?;
    Ok(c)
}

/// One cohort: for its organization's ADMIN and INSTRUCTORs, and for its own members. An
/// EMPLOYER has nothing to do with cohorts: refused before any lookup.
pub async fn get(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<cohort::Model> {
    if viewer.role == Role::Employer {
        return Err(AppError::forbidden("a EMPLOYER may not read cohorts"));
    }
    let c = cohort::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| viewer.can_see_org(c.organization_id))
        .ok_or_else(|| AppError::not_found("cohort"))?;
    if viewer.is_admin()
        || viewer.role == Role::Instructor
        || is_member(db, c.id, viewer.account_id).await?
    {
        Ok(c)
    } else {
        Err(AppError::not_found("cohort"))
    }
}

/// The cohorts of an organization (ADMIN, INSTRUCTOR).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    org_id: i32,
    page: Page,
) -> AppResult<Paged<cohort::Model>> {
    viewer.require_in_org(org_id, MANAGERS, "list cohorts")?;
    paginate(db, cohort::in_org(org_id), cohort::Column::Id, page).await
}

/// The cohorts the viewer belongs to.
pub async fn mine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    page: Page,
) -> AppResult<Paged<cohort::Model>> {
    let q = cohort::Entity::find().filter(
        cohort::Column::Id.in_subquery(
            Query::select()
                .column(cohort_member::Column::CohortId)
                .from(cohort_member::Entity)
                .and_where(cohort_member::Column::AccountId.eq(viewer.account_id))
                .take(),
        ),
    );
    paginate(db, q, cohort::Column::Id, page).await
}

/// The trainees of a cohort (ADMIN, INSTRUCTOR of its organization).
pub async fn members(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    c: &cohort::Model,
    page: Page,
) -> AppResult<Paged<account::Model>> {
    viewer.require_in_org(c.organization_id, MANAGERS, "list cohort members")?;
    let q = account::Entity::find().filter(
        account::Column::Id.in_subquery(
            Query::select()
                .column(cohort_member::Column::AccountId)
                .from(cohort_member::Entity)
                .and_where(cohort_member::Column::CohortId.eq(c.id))
                .take(),
        ),
    );
    paginate(db, q, account::Column::Id, page).await
}

/// Adds a TRAINEE of the same organization to a cohort. Adding a member twice is CONFLICT.
pub async fn add_member(
    db: &DatabaseConnection,
    viewer: &Viewer,
    cohort_id: i32,
    account_id: i32,
) -> AppResult<cohort::Model> {
    let c = managed(db, viewer, cohort_id).await?;
    let member = account::in_org(c.organization_id)
        .filter(account::Column::Id.eq(account_id))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::bad_input(
                "accountId",
                format!("no account {account_id} in this organization"),
            )
        })?;
    if member.role != Role::Trainee.as_str() {
        return Err(AppError::bad_input(
            "accountId",
            format!("account {account_id} is a {}, not a TRAINEE", member.role),
        ));
    }
    let txn = begin_write(db).await?;
    cohort_member::ActiveModel {
        cohort_id: Set(c.id),
        account_id: Set(member.id),
        added_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => {
            AppError::Conflict(format!("account {account_id} is already in this cohort"))
        }
        other => other,
    })?;
    audit::record(&txn, target(viewer, &c, "cohort.add_member")).await?;
    txn.commit().await?;
    Ok(c)
}

/// Removes a member from a cohort.
pub async fn remove_member(
    db: &DatabaseConnection,
    viewer: &Viewer,
    cohort_id: i32,
    account_id: i32,
) -> AppResult<cohort::Model> {
    let c = managed(db, viewer, cohort_id).await?;
    let txn = begin_write(db).await?;
    let gone = cohort_member::Entity::delete_many()
        .filter(cohort_member::Column::CohortId.eq(c.id))
        .filter(cohort_member::Column::AccountId.eq(account_id))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::bad_input(
            "accountId",
            format!("account {account_id} is not in this cohort"),
        ));
    }
    audit::record(&txn, target(viewer, &c, "cohort.remove_member")).await?;
    txn.commit().await?;
    Ok(c)
}

/// A cohort the viewer may manage: the role is checked before the cohort is looked up.
async fn managed(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<cohort::Model> {
    viewer.require_role(MANAGERS, "manage cohorts")?;
    let c = cohort::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| viewer.can_see_org(c.organization_id))
        .ok_or_else(|| AppError::not_found("cohort"))?;
    viewer.require_in_org(c.organization_id, MANAGERS, "manage cohorts")?;
    Ok(c)
}

async fn is_member(db: &impl ConnectionTrait, cohort_id: i32, account_id: i32) -> AppResult<bool> {
    Ok(cohort_member::Entity::find_by_id((cohort_id, account_id))
        .one(db)
        .await?
        .is_some())
}

fn target<'a>(viewer: &Viewer, c: &cohort::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: Some(c.organization_id),
        action,
        target_type: "cohort",
        target_id: Some(c.id.to_string()),
    }
}
