//! A group of trainees in one organization.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Cohorts of one organization.
pub fn in_org(org_id: i32) -> Select<Entity> {
    Entity::find().filter(Column::OrganizationId.eq(org_id))
}

/// One cohort, only if it belongs to the organization.
pub async fn find_in_org(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> Result<Option<Model>, DbErr> {
    in_org(org_id).filter(Column::Id.eq(id)).one(db).await
}
