//! Exams: the question bank, exam forms (practice exams drawn from a blueprint, employer
//! assessments with a fixed list), attempts on the server's clock, answers, and the grants an
//! assessment invitation gives a candidate.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuestionItem {
    Table,
    Id,
    Slug,
    Bank,
    Kind,
    Exams,
    Section,
    SkillTags,
    Difficulty,
    Body,
}

#[derive(DeriveIden)]
enum ExamForm {
    Table,
    Id,
    OrganizationId,
    Slug,
    Title,
    Description,
    Kind,
    Blueprint,
    Items,
    DurationMinutes,
    PassPercent,
    Feedback,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExamAttempt {
    Table,
    Id,
    FormId,
    AccountId,
    Items,
    Status,
    StartedAt,
    DeadlineAt,
    ClosedAt,
    PercentE2,
    Passed,
    Report,
}

#[derive(DeriveIden)]
enum ExamAnswer {
    Table,
    AttemptId,
    Position,
    Answer,
    SavedAt,
}

#[derive(DeriveIden)]
enum ExamGrant {
    Table,
    FormId,
    AccountId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    ExamFormId,
}

#[derive(DeriveIden)]
enum Account {
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
                .table(QuestionItem::Table)
                .col(pk_auto(QuestionItem::Id))
                .col(string_len_uniq(QuestionItem::Slug, 80))
                .col(string_len(QuestionItem::Bank, 80))
                .col(string_len(QuestionItem::Kind, 12))
                .col(string_len(QuestionItem::Exams, 32))
                .col(string_len(QuestionItem::Section, 32))
                .col(string(QuestionItem::SkillTags))
                .col(string_len(QuestionItem::Difficulty, 16))
                .col(text(QuestionItem::Body))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExamForm::Table)
                .col(pk_auto(ExamForm::Id))
                .col(integer_null(ExamForm::OrganizationId))
                .col(string_len_uniq(ExamForm::Slug, 80))
                .col(string(ExamForm::Title))
                .col(text(ExamForm::Description))
                .col(string_len(ExamForm::Kind, 16))
                .col(text_null(ExamForm::Blueprint))
                .col(text_null(ExamForm::Items))
                .col(integer(ExamForm::DurationMinutes))
                .col(integer(ExamForm::PassPercent))
                .col(string_len(ExamForm::Feedback, 16))
                .col(integer_null(ExamForm::CreatedBy))
                .col(timestamp_with_time_zone(ExamForm::CreatedAt))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExamAttempt::Table)
                .col(pk_auto(ExamAttempt::Id))
                .col(integer(ExamAttempt::FormId))
                .col(integer(ExamAttempt::AccountId))
                .col(text(ExamAttempt::Items))
                .col(string_len(ExamAttempt::Status, 16))
                .col(timestamp_with_time_zone(ExamAttempt::StartedAt))
                .col(timestamp_with_time_zone(ExamAttempt::DeadlineAt))
                .col(timestamp_with_time_zone_null(ExamAttempt::ClosedAt))
                .col(integer_null(ExamAttempt::PercentE2))
                .col(boolean_null(ExamAttempt::Passed))
                .col(text_null(ExamAttempt::Report))
                .foreign_key(&mut fk(
                    (ExamAttempt::Table, ExamAttempt::FormId),
                    (ExamForm::Table, ExamForm::Id),
                ))
                .foreign_key(&mut fk(
                    (ExamAttempt::Table, ExamAttempt::AccountId),
                    (Account::Table, Account::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_exam_attempt_account")
                .table(ExamAttempt::Table)
                .col(ExamAttempt::AccountId)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_exam_attempt_form")
                .table(ExamAttempt::Table)
                .col(ExamAttempt::FormId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExamAnswer::Table)
                .col(integer(ExamAnswer::AttemptId))
                .col(integer(ExamAnswer::Position))
                .col(text(ExamAnswer::Answer))
                .col(timestamp_with_time_zone(ExamAnswer::SavedAt))
                .primary_key(
                    Index::create()
                        .col(ExamAnswer::AttemptId)
                        .col(ExamAnswer::Position),
                )
                .foreign_key(&mut fk(
                    (ExamAnswer::Table, ExamAnswer::AttemptId),
                    (ExamAttempt::Table, ExamAttempt::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExamGrant::Table)
                .col(integer(ExamGrant::FormId))
                .col(integer(ExamGrant::AccountId))
                .col(timestamp_with_time_zone(ExamGrant::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ExamGrant::FormId)
                        .col(ExamGrant::AccountId),
                )
                .foreign_key(&mut fk(
                    (ExamGrant::Table, ExamGrant::FormId),
                    (ExamForm::Table, ExamForm::Id),
                ))
                .foreign_key(&mut fk(
                    (ExamGrant::Table, ExamGrant::AccountId),
                    (Account::Table, Account::Id),
                ))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Invitation::Table)
                .add_column(integer_null(Invitation::ExamFormId))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Invitation::Table)
                .drop_column(Invitation::ExamFormId)
                .take(),
        )
        .await?;
        for t in [
            ExamGrant::Table.into_iden(),
            ExamAnswer::Table.into_iden(),
            ExamAttempt::Table.into_iden(),
            ExamForm::Table.into_iden(),
            QuestionItem::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
