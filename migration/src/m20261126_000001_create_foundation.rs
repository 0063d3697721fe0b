//! Organizations, accounts, cohorts, invitations, refresh tokens, login throttling and the
//! audit log: the tables every feature builds on.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Role,
    OrganizationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cohort {
    Table,
    Id,
    OrganizationId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CohortMember {
    Table,
    CohortId,
    AccountId,
    AddedAt,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    OrganizationId,
    CodeHash,
    CodeHint,
    Role,
    CohortId,
    ExpiresAt,
    MaxUses,
    Uses,
    Revoked,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshToken {
    Table,
    Id,
    AccountId,
    Family,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    WindowStart,
    Failures,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    AccountId,
    OrganizationId,
    Action,
    TargetType,
    TargetId,
    At,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organization::Table)
                .col(pk_auto(Organization::Id))
                .col(string_uniq(Organization::Slug))
                .col(string(Organization::Name))
                .col(string(Organization::Kind))
                .col(timestamp_with_time_zone(Organization::CreatedAt))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(pk_auto(Account::Id))
                .col(string_uniq(Account::Email))
                .col(string(Account::PasswordHash))
                .col(string(Account::DisplayName))
                .col(string(Account::Role))
                .col(integer_null(Account::OrganizationId))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .foreign_key(&mut fk(
                    (Account::Table, Account::OrganizationId),
                    (Organization::Table, Organization::Id),
                    ForeignKeyAction::Restrict,
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_account_organization")
                .table(Account::Table)
                .col(Account::OrganizationId)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cohort::Table)
                .col(pk_auto(Cohort::Id))
                .col(integer(Cohort::OrganizationId))
                .col(string(Cohort::Name))
                .col(timestamp_with_time_zone(Cohort::CreatedAt))
                .foreign_key(&mut fk(
                    (Cohort::Table, Cohort::OrganizationId),
                    (Organization::Table, Organization::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_cohort_org_name")
                .table(Cohort::Table)
                .col(Cohort::OrganizationId)
                .col(Cohort::Name)
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CohortMember::Table)
                .col(integer(CohortMember::CohortId))
                .col(integer(CohortMember::AccountId))
                .col(timestamp_with_time_zone(CohortMember::AddedAt))
                .primary_key(
                    Index::create()
                        .col(CohortMember::CohortId)
                        .col(CohortMember::AccountId),
                )
                .foreign_key(&mut fk(
                    (CohortMember::Table, CohortMember::CohortId),
                    (Cohort::Table, Cohort::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (CohortMember::Table, CohortMember::AccountId),
                    (Account::Table, Account::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Invitation::Table)
                .col(pk_auto(Invitation::Id))
                .col(integer(Invitation::OrganizationId))
                .col(string_uniq(Invitation::CodeHash))
                .col(string(Invitation::CodeHint))
                .col(string(Invitation::Role))
                .col(integer_null(Invitation::CohortId))
                .col(timestamp_with_time_zone(Invitation::ExpiresAt))
                .col(integer(Invitation::MaxUses))
                .col(integer(Invitation::Uses))
                .col(boolean(Invitation::Revoked))
                .col(integer_null(Invitation::CreatedBy))
                .col(timestamp_with_time_zone(Invitation::CreatedAt))
                .foreign_key(&mut fk(
                    (Invitation::Table, Invitation::OrganizationId),
                    (Organization::Table, Organization::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (Invitation::Table, Invitation::CohortId),
                    (Cohort::Table, Cohort::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshToken::Table)
                .col(pk_auto(RefreshToken::Id))
                .col(integer(RefreshToken::AccountId))
                .col(string(RefreshToken::Family))
                .col(string_uniq(RefreshToken::TokenHash))
                .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshToken::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshToken::RevokedAt))
                .col(timestamp_with_time_zone(RefreshToken::CreatedAt))
                .foreign_key(&mut fk(
                    (RefreshToken::Table, RefreshToken::AccountId),
                    (Account::Table, Account::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_token_family")
                .table(RefreshToken::Table)
                .col(RefreshToken::Family)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginThrottle::Table)
                .col(string(LoginThrottle::Key).primary_key())
                .col(big_integer(LoginThrottle::WindowStart))
                .col(integer(LoginThrottle::Failures))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id))
                .col(integer_null(AuditLog::AccountId))
                .col(integer_null(AuditLog::OrganizationId))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::TargetType))
                .col(string_null(AuditLog::TargetId))
                .col(timestamp_with_time_zone(AuditLog::At))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            RefreshToken::Table.into_iden(),
            Invitation::Table.into_iden(),
            CohortMember::Table.into_iden(),
            Cohort::Table.into_iden(),
            Account::Table.into_iden(),
            Organization::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).take()).await?;
        }
        Ok(())
    }
}
