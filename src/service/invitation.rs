//! Invitations: codes that place a new account in an organization with a role and,
//! optionally, a cohort. The code is shown once, at creation; only its hash is kept.

use super::audit::{self, AuditEntry};
use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::auth::token::{hash_token, random_token};
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::entity::{cohort, invitation};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};

pub struct NewInvitation {
    pub organization_id: i32,
    pub role: Role,
    pub cohort_id: Option<i32>,
    pub expires_in_hours: u32,
    pub max_uses: u32,
}

/// Who may invite whom: an ADMIN anyone; an INSTRUCTOR or an EMPLOYER only trainees
/// (students, or candidates) into their own organization.
fn may_invite(viewer: &Viewer, role: Role) -> bool {
    viewer.is_admin()
        || (matches!(viewer.role, Role::Instructor | Role::Employer) && role == Role::Trainee)
}

/// Creates an invitation and returns it with its code (the only time the code is shown).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewInvitation,
) -> AppResult<(invitation::Model, String)> {
    viewer.require_in_org(
        input.organization_id,
        &[Role::Instructor, Role::Employer],
        "create invitations",
    )?;
    if !may_invite(viewer, input.role) {
        return Err(AppError::forbidden(format!(
            "a {} may only invite TRAINEE accounts",
            viewer.role.as_str()
        )));
    }
    if let Some(cid) = input.cohort_id {
        if input.role != Role::Trainee {
            return Err(AppError::bad_input(
                "cohortId",
                "only TRAINEE invitations can place into a cohort",
            ));
        }
        cohort::find_in_org(db, input.organization_id, cid)
            .await?
            .ok_or_else(|| {
                AppError::bad_input("cohortId", format!("no cohort {cid} in this organization"))
            })?;
    }
    let code = random_token();
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let inv = invitation::ActiveModel {
        organization_id: Set(input.organization_id),
        code_hash: Set(hash_token(&code)),
        code_hint: Set(code.chars().take(4).collect()),
        role: Set(input.role.as_str().to_owned()),
        cohort_id: Set(input.cohort_id),
        expires_at: Set(now + chrono::Duration::hours(input.expires_in_hours.into())),
        max_uses: Set(input.max_uses as i32),
        uses: Set(0),
        revoked: Set(false),
        created_by: Set(Some(viewer.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, target(viewer, &inv, "invitation.create")).await?;
    txn.commit().await?;
    Ok((inv, code))
}

/// The invitations of an organization.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    org_id: i32,
    page: Page,
) -> AppResult<Paged<invitation::Model>> {
    viewer.require_in_org(
        org_id,
        &[Role::Instructor, Role::Employer],
        "list invitations",
    )?;
    paginate(db, invitation::in_org(org_id), invitation::Column::Id, page).await
}

/// Revokes an invitation: it can no longer be used.
pub async fn revoke(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> AppResult<invitation::Model> {
    let inv = invitation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|i| viewer.can_see_org(i.organization_id))
        .ok_or_else(|| AppError::not_found("invitation"))?;
    viewer.require_in_org(
        inv.organization_id,
        &[Role::Instructor, Role::Employer],
        "revoke invitations",
    )?;
    let role = Role::parse(&inv.role).map_err(|e| AppError::internal(e.0))?;
    if !may_invite(viewer, role) {
        return Err(AppError::forbidden("you may not revoke this invitation"));
    }
    let txn = begin_write(db).await?;
    let mut active: invitation::ActiveModel = inv.into();
    active.revoked = Set(true);
    let inv = active.update(&txn).await?;
    audit::record(&txn, target(viewer, &inv, "invitation.revoke")).await?;
    txn.commit().await?;
    Ok(inv)
}

fn target<'a>(viewer: &Viewer, inv: &invitation::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: Some(inv.organization_id),
        action,
        target_type: "invitation",
        target_id: Some(inv.id.to_string()),
    }
}
