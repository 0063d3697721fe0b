//! Provider queries (issue 21 item 2): a case may carry a query script (`coding_case.query_script`,
//! JSON of `domain::cases::query::QueryScript`, NULL for a case without one); each query a
//! trainee raises on an attempt is kept with its verdict (`provider_query`). The addendum text is
//! copied onto an answered query, so a later re-import of the case never changes what an attempt
//! was shown.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Id,
    QueryScript,
}

#[derive(DeriveIden)]
enum ProviderQuery {
    Table,
    Id,
    AttemptId,
    AccountId,
    CaseId,
    QueryType,
    Indicators,
    Question,
    Options,
    Compliant,
    Necessary,
    Findings,
    Answered,
    AnswerTitle,
    AnswerKind,
    AnswerBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attempt {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .add_column(text_null(CodingCase::QueryScript))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProviderQuery::Table)
                .col(pk_auto(ProviderQuery::Id))
                .col(integer(ProviderQuery::AttemptId))
                .col(integer(ProviderQuery::AccountId))
                .col(integer(ProviderQuery::CaseId))
                .col(string_len(ProviderQuery::QueryType, 16))
                .col(text(ProviderQuery::Indicators))
                .col(text(ProviderQuery::Question))
                .col(text(ProviderQuery::Options))
                .col(boolean(ProviderQuery::Compliant))
                .col(boolean(ProviderQuery::Necessary))
                .col(text(ProviderQuery::Findings))
                .col(boolean(ProviderQuery::Answered))
                .col(string_null(ProviderQuery::AnswerTitle))
                .col(string_len_null(ProviderQuery::AnswerKind, 32))
                .col(text_null(ProviderQuery::AnswerBody))
                .col(timestamp_with_time_zone(ProviderQuery::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ProviderQuery::Table, ProviderQuery::AttemptId)
                        .to(Attempt::Table, Attempt::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ProviderQuery::Table, ProviderQuery::AccountId)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ProviderQuery::Table, ProviderQuery::CaseId)
                        .to(CodingCase::Table, CodingCase::Id),
                )
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_provider_query_attempt")
                .table(ProviderQuery::Table)
                .col(ProviderQuery::AttemptId)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_provider_query_account")
                .table(ProviderQuery::Table)
                .col(ProviderQuery::AccountId)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ProviderQuery::Table).take())
            .await?;
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .drop_column(CodingCase::QueryScript)
                .take(),
        )
        .await
    }
}
