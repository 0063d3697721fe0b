//! An NCCI procedure-to-procedure edit: column 2 is denied when billed with column 1 unless
//! the modifier indicator (1) and a documented modifier allow it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ncci_ptp")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub column1: String,
    pub column2: String,
    pub modifier_indicator: i16,
    pub effective: Date,
    pub deletion: Option<Date>,
    pub setting: String,
    pub rationale: String,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
