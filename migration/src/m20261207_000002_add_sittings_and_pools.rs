//! Integrity of assessments: a claim can belong to an exam sitting (its work counts only
//! there), an exam grant is kept once used (so a second start is told why), and a case set
//! says whether its cases are for practice or held back for assessment.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Claim {
    Table,
    ExamAttemptId,
}

#[derive(DeriveIden)]
enum ExamGrant {
    Table,
    UsedAt,
}

#[derive(DeriveIden)]
enum CaseSet {
    Table,
    Pool,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .add_column(integer_null(Claim::ExamAttemptId))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_claim_exam_attempt")
                .table(Claim::Table)
                .col(Claim::ExamAttemptId)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ExamGrant::Table)
                .add_column(timestamp_with_time_zone_null(ExamGrant::UsedAt))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(CaseSet::Table)
                .add_column(string(CaseSet::Pool).default("PRACTICE"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CaseSet::Table)
                .drop_column(CaseSet::Pool)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ExamGrant::Table)
                .drop_column(ExamGrant::UsedAt)
                .take(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_claim_exam_attempt")
                .table(Claim::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Claim::Table)
                .drop_column(Claim::ExamAttemptId)
                .take(),
        )
        .await
    }
}
