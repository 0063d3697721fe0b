//! The public library belongs to the platform. Only the PLATFORM organization writes PUBLIC
//! case sets (an import, a case saved into a set, a set published); a school's or an
//! employer's attempt is refused on `visibility`, whoever makes it (an ADMIN included: the
//! content would stay the school's). A revised key re-grades only the attempts the owning
//! organization is responsible for: its own accounts', or every attempt when the platform
//! owns the case. So no tenant writes into another's library or scores.

use crate::auth::Viewer;
use crate::domain::account::{OrgKind, Role};
use crate::domain::cases::{CaseSetFile, Visibility};
use crate::domain::codes::index::CodeIndex;
use crate::entity::library::case_set;
use crate::entity::{account, organization};
use crate::error::{AppError, AppResult};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

/// Whether `org` is the platform organization.
pub async fn is_platform(db: &impl ConnectionTrait, org: i32) -> AppResult<bool> {
    Ok(organization::Entity::find_by_id(org)
        .one(db)
        .await?
        .is_some_and(|o| o.kind == OrgKind::Platform.as_str()))
}

/// Refuses PUBLIC content in an organization other than the platform.
pub async fn require_library_owner(
    db: &impl ConnectionTrait,
    org: i32,
    visibility: &str,
) -> AppResult<()> {
    if visibility != Visibility::Public.as_str() || is_platform(db, org).await? {
        return Ok(());
    }
    Err(AppError::bad_input(
        "visibility",
        "PUBLIC content belongs to the platform's library: an organization's own sets are ORGANIZATION or PRIVATE",
    ))
}

/// A set must not be PUBLIC unless the platform owns it (before a case is saved into it or it
/// is published).
pub async fn require_set_owner(db: &impl ConnectionTrait, set: &case_set::Model) -> AppResult<()> {
    require_library_owner(db, set.organization_id, &set.visibility).await
}

/// Imports a case set into organization `org` for a viewer who authors there: the role first
/// (INSTRUCTOR, EMPLOYER, ADMIN), then the organization (NOT_FOUND on `organizationId` for
/// another's or a missing one), then what the viewer may author (an employer: ASSESSMENT sets).
pub async fn import_as(
    db: &DatabaseConnection,
    index: &CodeIndex,
    viewer: &Viewer,
    org: i32,
    file: &CaseSetFile,
    publish: bool,
) -> AppResult<case_set::Model> {
    viewer.require_role(&[Role::Instructor, Role::Employer], "import case sets")?;
    super::organization::named(db, viewer, org).await?;
    super::cases::require_author(viewer, org, file.pool)?;
    super::case_import::import(db, index, org, Some(viewer.account_id), file, publish).await
}

/// The accounts whose attempts on a case of `owner` a key revision re-grades: `None` (all)
/// when the platform owns it, else the owner's own accounts.
pub async fn regraded_accounts(
    db: &impl ConnectionTrait,
    owner: i32,
) -> AppResult<Option<SelectStatement>> {
    if is_platform(db, owner).await? {
        return Ok(None);
    }
    Ok(Some(
        Query::select()
            .column(account::Column::Id)
            .from(account::Entity)
            .and_where(sea_orm::ColumnTrait::eq(
                &account::Column::OrganizationId,
                owner,
            ))
            .take(),
    ))
}
