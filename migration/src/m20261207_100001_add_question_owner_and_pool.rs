//! The question bank's owners and pools: a question belongs to the platform (no organization:
//! the public bank) or to one organization (a private question its employers and instructors
//! wrote, for their assessments only); and sits in the PRACTICE pool (practice exams draw from
//! it) or the ASSESSMENT pool (held back for assessments).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuestionItem {
    Table,
    OrganizationId,
    Pool,
    CreatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(QuestionItem::Table)
                .add_column(integer_null(QuestionItem::OrganizationId))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(QuestionItem::Table)
                .add_column(string_len(QuestionItem::Pool, 16).default("PRACTICE"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(QuestionItem::Table)
                .add_column(integer_null(QuestionItem::CreatedBy))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_question_item_organization")
                .table(QuestionItem::Table)
                .col(QuestionItem::OrganizationId)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_question_item_organization")
                .table(QuestionItem::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            QuestionItem::CreatedBy,
            QuestionItem::Pool,
            QuestionItem::OrganizationId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(QuestionItem::Table)
                    .drop_column(col)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
