//! An invitation code that places a new account in an organization with a role. Only the
//! SHA-256 of the code is stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    #[sea_orm(unique)]
    pub code_hash: String,
    pub code_hint: String,
    pub role: String,
    pub cohort_id: Option<i32>,
    pub expires_at: DateTimeUtc,
    pub max_uses: i32,
    pub uses: i32,
    pub revoked: bool,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// An employer assessment the invited candidate may take once.
    pub exam_form_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Invitations of one organization.
pub fn in_org(org_id: i32) -> Select<Entity> {
    Entity::find().filter(Column::OrganizationId.eq(org_id))
}
