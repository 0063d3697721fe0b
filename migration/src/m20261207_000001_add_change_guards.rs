//! Guards for concurrent writers: a version on the rows clients edit as drafts (attempts and
//! claims), the link from a secondary claim to its primary (one secondary per primary), the
//! appeal level (one appeal per line and level), each backed by a unique index where the rule
//! is "one".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attempt {
    Table,
    Version,
}

#[derive(DeriveIden)]
enum Claim {
    Table,
    Version,
    PrimaryClaimId,
}

#[derive(DeriveIden)]
enum ClaimAppeal {
    Table,
    ClaimId,
    Line,
    Level,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Attempt::Table)
                .add_column(integer(Attempt::Version).default(1))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .add_column(integer(Claim::Version).default(1))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .add_column(integer_null(Claim::PrimaryClaimId))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_claim_primary_claim")
                .table(Claim::Table)
                .col(Claim::PrimaryClaimId)
                .unique()
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ClaimAppeal::Table)
                .add_column(integer(ClaimAppeal::Level).default(1))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_claim_appeal_line_level")
                .table(ClaimAppeal::Table)
                .col(ClaimAppeal::ClaimId)
                .col(ClaimAppeal::Line)
                .col(ClaimAppeal::Level)
                .unique()
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_claim_appeal_line_level")
                .table(ClaimAppeal::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ClaimAppeal::Table)
                .drop_column(ClaimAppeal::Level)
                .take(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ux_claim_primary_claim")
                .table(Claim::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .drop_column(Claim::PrimaryClaimId)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .drop_column(Claim::Version)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Attempt::Table)
                .drop_column(Attempt::Version)
                .take(),
        )
        .await
    }
}
