//! Assignments (a case set given to a cohort with a window, a feedback policy and an attempt
//! limit) and attempts (a trainee's coding of a case, saved as drafts, submitted once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Assignment {
    Table,
    Id,
    OrganizationId,
    CohortId,
    CaseSetId,
    Mode,
    FeedbackPolicy,
    OpensAt,
    ClosesAt,
    AttemptLimit,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attempt {
    Table,
    Id,
    AccountId,
    CaseId,
    AssignmentId,
    KeyVersion,
    Status,
    Submission,
    PercentE2,
    Report,
    StartedAt,
    SavedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Cohort {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CaseSet {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Id,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Assignment::Table)
                .col(pk_auto(Assignment::Id))
                .col(integer(Assignment::OrganizationId))
                .col(integer(Assignment::CohortId))
                .col(integer(Assignment::CaseSetId))
                .col(string_len(Assignment::Mode, 12))
                .col(string_len(Assignment::FeedbackPolicy, 16))
                .col(timestamp_with_time_zone(Assignment::OpensAt))
                .col(timestamp_with_time_zone(Assignment::ClosesAt))
                .col(integer(Assignment::AttemptLimit))
                .col(integer_null(Assignment::CreatedBy))
                .col(timestamp_with_time_zone(Assignment::CreatedAt))
                .foreign_key(&mut fk(
                    (Assignment::Table, Assignment::CohortId),
                    (Cohort::Table, Cohort::Id),
                ))
                .foreign_key(&mut fk(
                    (Assignment::Table, Assignment::CaseSetId),
                    (CaseSet::Table, CaseSet::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Attempt::Table)
                .col(pk_auto(Attempt::Id))
                .col(integer(Attempt::AccountId))
                .col(integer(Attempt::CaseId))
                .col(integer_null(Attempt::AssignmentId))
                .col(integer(Attempt::KeyVersion))
                .col(string_len(Attempt::Status, 16))
                .col(text(Attempt::Submission))
                .col(integer_null(Attempt::PercentE2))
                .col(text_null(Attempt::Report))
                .col(timestamp_with_time_zone(Attempt::StartedAt))
                .col(timestamp_with_time_zone(Attempt::SavedAt))
                .col(timestamp_with_time_zone_null(Attempt::SubmittedAt))
                .foreign_key(&mut fk(
                    (Attempt::Table, Attempt::AccountId),
                    (Account::Table, Account::Id),
                ))
                .foreign_key(&mut fk(
                    (Attempt::Table, Attempt::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .foreign_key(&mut fk(
                    (Attempt::Table, Attempt::AssignmentId),
                    (Assignment::Table, Assignment::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_attempt_account_case")
                .table(Attempt::Table)
                .col(Attempt::AccountId)
                .col(Attempt::CaseId)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Attempt::Table).take())
            .await?;
        m.drop_table(Table::drop().table(Assignment::Table).take())
            .await?;
        Ok(())
    }
}
