//! Medicare Code Editor age groups (newborn, pediatric, maternity, adult) by period.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mce_age_range")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub age_group: String,
    pub start_age: i32,
    pub end_age: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub date_start: Date,
    pub date_end: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
