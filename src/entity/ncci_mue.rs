//! A Medically Unlikely Edit: the most units of a code per line (MAI 1) or per day (MAI 2, 3).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ncci_mue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub setting: String,
    pub effective: Date,
    pub mue: i32,
    pub mai: i16,
    pub rationale: String,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
