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

/// Who issues an invitation of a kind, and so may revoke it, besides an ADMIN: an EMPLOYER its
/// assessment codes; an INSTRUCTOR a TRAINEE invitation into a cohort (cohorts are the
/// instructors'); either of them a TRAINEE invitation into the organization only. Other roles
/// are invited by an ADMIN alone.
fn issuers(role: Role, cohort: bool, assessment: bool) -> &'static [Role] {
    match (role, cohort, assessment) {
        (_, _, true) => &[Role::Employer],
        (Role::Trainee, true, false) => &[Role::Instructor],
        (Role::Trainee, false, false) => &[Role::Instructor, Role::Employer],
        _ => &[],
    }
}

/// Who may issue or revoke invitations of some kind.
const STAFF: &[Role] = &[Role::Instructor, Role::Employer];

/// Creates an invitation and returns it with its code (the only time the code is shown). The
/// roles are checked before the organization is looked up.
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewInvitation,
) -> AppResult<(invitation::Model, String)> {
    viewer.require_role(STAFF, "create invitations")?;
    let cohort = input.cohort_id.is_some();
    if cohort && input.role != Role::Trainee {
        return Err(AppError::bad_input(
            "cohortId",
            "only TRAINEE invitations can place into a cohort",
        ));
    }
    let what = match (input.role, cohort) {
        (Role::Trainee, true) => "invite trainees into a cohort",
        (Role::Trainee, false) => "invite trainees",
        _ => "invite accounts other than TRAINEE",
    };
    viewer.require_role(issuers(input.role, cohort, false), what)?;
    super::organization::named(db, viewer, input.organization_id).await?;
    if let Some(cid) = input.cohort_id {
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

/// Revokes an invitation: it can no longer be used. Whoever may issue its kind revokes it
/// (see `issuers`); a TRAINEE is refused before any lookup, another organization's invitation
/// answers as a missing one.
pub async fn revoke(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> AppResult<invitation::Model> {
    viewer.require_role(STAFF, "revoke invitations")?;
    let inv = invitation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|i| viewer.can_see_org(i.organization_id))
        .ok_or_else(|| AppError::not_found("invitation"))?;
    let role = Role::parse(&inv.role).map_err(|e| AppError::internal(e.0))?;
    let kind = issuers(role, inv.cohort_id.is_some(), inv.exam_form_id.is_some());
    viewer.require_role(kind, "revoke this kind of invitation")?;
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
