//! A case set's scoring policy (weights and partial credits), as JSON; null means the
//! Practicode defaults.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseSet {
    Table,
    ScoringPolicy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CaseSet::Table)
                .add_column(text_null(CaseSet::ScoringPolicy))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CaseSet::Table)
                .drop_column(CaseSet::ScoringPolicy)
                .take(),
        )
        .await
    }
}
