//! A RISK_ADJUSTMENT case's review block (member demographics, mode, payment year, the plan's
//! submitted codes) as JSON (`domain::cases::risk::RiskAdjustment`); NULL for other cases.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    RiskAdjustment,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .add_column(text_null(CodingCase::RiskAdjustment))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .drop_column(CodingCase::RiskAdjustment)
                .take(),
        )
        .await
    }
}
