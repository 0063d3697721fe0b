//! A person who signs in. The table is `account` (`user` is reserved in PostgreSQL).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: String,
    pub organization_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// Set while an administrator has deactivated the account: it cannot sign in, and its
    /// tokens are refused.
    pub deactivated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Accounts of one organization.
pub fn in_org(org_id: i32) -> Select<Entity> {
    Entity::find().filter(Column::OrganizationId.eq(org_id))
}
