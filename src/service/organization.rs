//! Organizations: created by administrators, read by their own members.

use super::audit::{self, AuditEntry};
use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::{OrgKind, Role, slugify};
use crate::entity::{account, organization};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

pub struct NewOrganization {
    pub name: String,
    pub kind: OrgKind,
}

/// Creates an organization (ADMIN only). Its slug comes from the name and must be unique.
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewOrganization,
) -> AppResult<organization::Model> {
    if !viewer.is_admin() {
        return Err(AppError::forbidden(
            "only an ADMIN may create organizations",
        ));
    }
    let slug = slugify(&input.name);
    if slug.is_empty() {
        return Err(AppError::bad_input(
            "name",
            "must contain a letter or a digit",
        ));
    }
    let txn = begin_write(db).await?;
    let org = organization::ActiveModel {
        slug: Set(slug),
        name: Set(input.name),
        kind: Set(input.kind.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => {
            AppError::Conflict("an organization with this name already exists".into())
        }
        other => other,
    })?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org.id),
            action: "organization.create",
            target_type: "organization",
            target_id: Some(org.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(org)
}

/// One organization, if the viewer belongs to it (or is an ADMIN).
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<organization::Model> {
    if !viewer.can_see_org(id) {
        return Err(AppError::not_found("organization"));
    }
    find(db, id).await
}

/// The organization an input's `organizationId` names, if the viewer acts in it (an ADMIN in
/// any): NOT_FOUND on `organizationId` otherwise, another's and a missing one alike. Check the
/// viewer's role first (`Viewer::require_role`), so that a refusal by role tells nothing.
pub async fn named(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<organization::Model> {
    let missing = || AppError::missing("organizationId", "organization");
    if !viewer.can_see_org(id) {
        return Err(missing());
    }
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(missing)
}

/// One organization by id, without a permission check (for fields of already-authorized rows).
pub async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<organization::Model> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("organization"))
}

/// Every organization (ADMIN only).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    page: Page,
) -> AppResult<Paged<organization::Model>> {
    if !viewer.is_admin() {
        return Err(AppError::forbidden("only an ADMIN may list organizations"));
    }
    paginate(
        db,
        organization::Entity::find(),
        organization::Column::Id,
        page,
    )
    .await
}

/// The accounts of an organization, optionally of one role (ADMIN, INSTRUCTOR, EMPLOYER).
pub async fn members(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    org_id: i32,
    role: Option<Role>,
    page: Page,
) -> AppResult<Paged<account::Model>> {
    viewer.require_in_org(
        org_id,
        &[Role::Instructor, Role::Employer],
        "list the members of an organization",
    )?;
    let mut q = account::in_org(org_id);
    if let Some(r) = role {
        q = q.filter(account::Column::Role.eq(r.as_str()));
    }
    paginate(db, q, account::Column::Id, page).await
}

/// The organization with this slug, created if missing (seed and demo).
pub async fn ensure(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
    kind: OrgKind,
) -> AppResult<organization::Model> {
    if let Some(org) = organization::Entity::find()
        .filter(organization::Column::Slug.eq(slug))
        .one(db)
        .await?
    {
        return Ok(org);
    }
    Ok(organization::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        kind: Set(kind.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The organization with this slug.
pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<organization::Model> {
    organization::Entity::find()
        .filter(organization::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("organization"))
}
