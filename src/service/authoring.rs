//! What the authoring console reads before it writes: the organization's own case sets (drafts
//! included), a case in the case-set file format for the edit form, and the real-data guard's
//! findings for a case or a set before publishing (the same findings that would refuse it).

use super::cases::{authored, authored_set, case_doc, phi_findings, set_phi_findings};
use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::cases::validate::Problem;
use crate::domain::cases::{CaseDoc, Pool};
use crate::entity::library::{case_set, case_set_item};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

const AUTHORS: &[Role] = &[Role::Instructor, Role::Employer];

/// The case sets of the viewer's organization, drafts included (an employer's: its
/// assessment sets).
pub async fn own_sets(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    page: Page,
) -> AppResult<Paged<case_set::Model>> {
    viewer.require_role(AUTHORS, "author case sets")?;
    let org = viewer
        .organization_id
        .ok_or_else(|| AppError::forbidden("author case sets: you belong to no organization"))?;
    let mut q = case_set::Entity::find().filter(case_set::Column::OrganizationId.eq(org));
    if viewer.role == Role::Employer {
        q = q.filter(case_set::Column::Pool.eq(Pool::Assessment.as_str()));
    }
    paginate(db, q, case_set::Column::Id, page).await
}

/// A case the viewer authors, in the case-set file format (key included).
pub async fn case_document(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<CaseDoc> {
    authored(db, viewer, id).await?;
    case_doc(db, id).await
}

/// What the real-data guard finds in a case the viewer authors (empty: it may be published).
pub async fn case_findings(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<Vec<Problem>> {
    authored(db, viewer, id).await?;
    let doc = case_doc(db, id).await?;
    Ok(phi_findings(std::iter::once((String::new(), &doc))))
}

/// What the real-data guard finds in a set the viewer authors, paths `cases[i].…` in set order.
pub async fn set_findings(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<Vec<Problem>> {
    authored_set(db, viewer, id).await?;
    let items = case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.eq(id))
        .all(db)
        .await?;
    set_phi_findings(db, &items).await
}
