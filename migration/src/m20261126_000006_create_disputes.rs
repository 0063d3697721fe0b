//! Disputes: a trainee contests one line of a scored attempt with a citation; an instructor
//! accepts (manual credit, or a key revision) or rejects with a reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Dispute {
    Table,
    Id,
    AttemptId,
    Submitted,
    Expected,
    Citation,
    Message,
    Status,
    Resolution,
    ResolvedBy,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Attempt {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Dispute::Table)
                .col(pk_auto(Dispute::Id))
                .col(integer(Dispute::AttemptId))
                .col(string_null(Dispute::Submitted))
                .col(string_null(Dispute::Expected))
                .col(text(Dispute::Citation))
                .col(text(Dispute::Message))
                .col(string_len(Dispute::Status, 12))
                .col(text_null(Dispute::Resolution))
                .col(integer_null(Dispute::ResolvedBy))
                .col(timestamp_with_time_zone(Dispute::CreatedAt))
                .col(timestamp_with_time_zone_null(Dispute::ResolvedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Dispute::Table, Dispute::AttemptId)
                        .to(Attempt::Table, Attempt::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Dispute::Table).take())
            .await?;
        Ok(())
    }
}
