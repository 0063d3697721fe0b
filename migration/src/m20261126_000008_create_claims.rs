//! Claims and the simulated payer: payer profiles (JSON documents), claims (the form as a JSON
//! document plus the columns lists filter on), remittances (one per adjudication, appeals add
//! more), appeals, and the denial scenario a case may carry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Id,
    Scenario,
}

#[derive(DeriveIden)]
enum PayerProfile {
    Table,
    Id,
    Slug,
    Name,
    Body,
    UpdatedAt,
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Claim {
    Table,
    Id,
    OrganizationId,
    UserId,
    CaseId,
    Kind,
    Frequency,
    Status,
    Payer,
    OriginalClaimId,
    ClaimNumber,
    Body,
    TotalChargeCents,
    Rejections,
    TimesRejected,
    ReceivedOn,
    Resolution,
    ResolutionNote,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChargeMaster {
    Table,
    Code,
    ChargeCents,
    Description,
}

#[derive(DeriveIden)]
enum Remittance {
    Table,
    Id,
    ClaimId,
    Sequence,
    Status,
    PaidCents,
    PatientResponsibilityCents,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ClaimAppeal {
    Table,
    Id,
    ClaimId,
    Line,
    Reason,
    Documentation,
    Outcome,
    Message,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organization {
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
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .add_column(text_null(CodingCase::Scenario))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PayerProfile::Table)
                .col(pk_auto(PayerProfile::Id))
                .col(string_len_uniq(PayerProfile::Slug, 64))
                .col(string(PayerProfile::Name))
                .col(text(PayerProfile::Body))
                .col(timestamp_with_time_zone(PayerProfile::UpdatedAt))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChargeMaster::Table)
                .col(string_len(ChargeMaster::Code, 8).primary_key())
                .col(big_integer(ChargeMaster::ChargeCents))
                .col(string(ChargeMaster::Description))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Claim::Table)
                .col(pk_auto(Claim::Id))
                .col(integer_null(Claim::OrganizationId))
                .col(integer(Claim::UserId))
                .col(integer(Claim::CaseId))
                .col(string_len(Claim::Kind, 16))
                .col(string_len(Claim::Frequency, 12))
                .col(string_len(Claim::Status, 16))
                .col(string_len(Claim::Payer, 64))
                .col(integer_null(Claim::OriginalClaimId))
                .col(string_len_null(Claim::ClaimNumber, 32))
                .col(text(Claim::Body))
                .col(big_integer(Claim::TotalChargeCents))
                .col(text_null(Claim::Rejections))
                .col(integer(Claim::TimesRejected).default(0))
                .col(date_null(Claim::ReceivedOn))
                .col(string_len_null(Claim::Resolution, 16))
                .col(text_null(Claim::ResolutionNote))
                .col(timestamp_with_time_zone_null(Claim::SubmittedAt))
                .col(timestamp_with_time_zone(Claim::CreatedAt))
                .col(timestamp_with_time_zone(Claim::UpdatedAt))
                .foreign_key(&mut fk(
                    (Claim::Table, Claim::UserId),
                    (Account::Table, Account::Id),
                ))
                .foreign_key(&mut fk(
                    (Claim::Table, Claim::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (Claim::Table, Claim::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_claim_user_case")
                .table(Claim::Table)
                .col(Claim::UserId)
                .col(Claim::CaseId)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_claim_org_status")
                .table(Claim::Table)
                .col(Claim::OrganizationId)
                .col(Claim::Status)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Remittance::Table)
                .col(pk_auto(Remittance::Id))
                .col(integer(Remittance::ClaimId))
                .col(integer(Remittance::Sequence))
                .col(string_len(Remittance::Status, 16))
                .col(big_integer(Remittance::PaidCents))
                .col(big_integer(Remittance::PatientResponsibilityCents))
                .col(text(Remittance::Body))
                .col(timestamp_with_time_zone(Remittance::CreatedAt))
                .foreign_key(&mut fk(
                    (Remittance::Table, Remittance::ClaimId),
                    (Claim::Table, Claim::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_remittance_claim_seq")
                .table(Remittance::Table)
                .col(Remittance::ClaimId)
                .col(Remittance::Sequence)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ClaimAppeal::Table)
                .col(pk_auto(ClaimAppeal::Id))
                .col(integer(ClaimAppeal::ClaimId))
                .col(integer(ClaimAppeal::Line))
                .col(text(ClaimAppeal::Reason))
                .col(text(ClaimAppeal::Documentation))
                .col(string_len(ClaimAppeal::Outcome, 12))
                .col(text(ClaimAppeal::Message))
                .col(timestamp_with_time_zone(ClaimAppeal::CreatedAt))
                .foreign_key(&mut fk(
                    (ClaimAppeal::Table, ClaimAppeal::ClaimId),
                    (Claim::Table, Claim::Id),
                ))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ClaimAppeal::Table.into_iden(),
            Remittance::Table.into_iden(),
            Claim::Table.into_iden(),
            ChargeMaster::Table.into_iden(),
            PayerProfile::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(CodingCase::Table)
                .drop_column(CodingCase::Scenario)
                .take(),
        )
        .await
    }
}
