//! A code of any system, valid from one date to another (open-ended when `valid_to` is null).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "code")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub system: String,
    /// Normalized: upper case, no dot.
    pub code: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub billable: bool,
    pub parent: Option<String>,
    pub short_description: String,
    pub description: String,
    pub chapter: Option<String>,
    pub block: Option<String>,
    pub category: Option<String>,
    /// Comma-separated flags: MCE edits, sex, add-on, title pending.
    pub flags: String,
    pub descriptor_source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
