//! Answer-key governance: manual credit on attempt lines and the history of every score an
//! attempt had (re-grading and credit keep the old score).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AttemptCredit {
    Table,
    Id,
    AttemptId,
    Submitted,
    Expected,
    Credit,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AttemptScoreHistory {
    Table,
    Id,
    AttemptId,
    KeyVersion,
    PercentE2,
    Report,
    Reason,
    ChangedBy,
    ChangedAt,
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
                .table(AttemptCredit::Table)
                .col(pk_auto(AttemptCredit::Id))
                .col(integer(AttemptCredit::AttemptId))
                .col(string_null(AttemptCredit::Submitted))
                .col(string_null(AttemptCredit::Expected))
                .col(boolean(AttemptCredit::Credit))
                .col(text(AttemptCredit::Reason))
                .col(integer_null(AttemptCredit::CreatedBy))
                .col(timestamp_with_time_zone(AttemptCredit::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AttemptCredit::Table, AttemptCredit::AttemptId)
                        .to(Attempt::Table, Attempt::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AttemptScoreHistory::Table)
                .col(pk_auto(AttemptScoreHistory::Id))
                .col(integer(AttemptScoreHistory::AttemptId))
                .col(integer(AttemptScoreHistory::KeyVersion))
                .col(integer(AttemptScoreHistory::PercentE2))
                .col(text(AttemptScoreHistory::Report))
                .col(text(AttemptScoreHistory::Reason))
                .col(integer_null(AttemptScoreHistory::ChangedBy))
                .col(timestamp_with_time_zone(AttemptScoreHistory::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AttemptScoreHistory::Table, AttemptScoreHistory::AttemptId)
                        .to(Attempt::Table, Attempt::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AttemptScoreHistory::Table).take())
            .await?;
        m.drop_table(Table::drop().table(AttemptCredit::Table).take())
            .await?;
        Ok(())
    }
}
