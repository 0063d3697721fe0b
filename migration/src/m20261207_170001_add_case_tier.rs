//! A case's realism tier (TEXTBOOK, CLINIC or REAL_WORLD; seed/cases/FORMAT.md "Tiers"), so the
//! library can be filtered by it. Cases stored before, and an organization's cases imported
//! without one, have none (NULL).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Tier,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .add_column(string_len_null(CodingCase::Tier, 20))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .drop_column(CodingCase::Tier)
                .take(),
        )
        .await
    }
}
