//! The case library: simulated patients with their coverages, providers, facilities, cases
//! with their documents, versioned answer keys, and case sets.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Patient {
    Table,
    Id,
    OrganizationId,
    FirstName,
    LastName,
    DateOfBirth,
    Sex,
    Address,
}

#[derive(DeriveIden)]
enum Coverage {
    Table,
    Id,
    PatientId,
    Payer,
    MemberId,
    GroupNumber,
    EffectiveDate,
    TerminationDate,
    Relationship,
    Priority,
}

#[derive(DeriveIden)]
enum Provider {
    Table,
    Id,
    OrganizationId,
    Name,
    Npi,
    Taxonomy,
    Specialty,
}

#[derive(DeriveIden)]
enum Facility {
    Table,
    Id,
    OrganizationId,
    Name,
    Npi,
    Address,
}

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Id,
    OrganizationId,
    Slug,
    Title,
    Setting,
    PlaceOfService,
    DateOfService,
    AdmissionDate,
    DischargeDate,
    DischargeStatus,
    PatientId,
    ProviderId,
    FacilityId,
    Difficulty,
    EstimatedMinutes,
    SkillTags,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseDocument {
    Table,
    Id,
    CaseId,
    Position,
    Kind,
    Title,
    Body,
}

#[derive(DeriveIden)]
enum AnswerKey {
    Table,
    Id,
    CaseId,
    Version,
    Current,
    Body,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CaseSet {
    Table,
    Id,
    OrganizationId,
    Slug,
    Title,
    Description,
    Visibility,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseSetItem {
    Table,
    CaseSetId,
    CaseId,
    Position,
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
                .table(Patient::Table)
                .col(pk_auto(Patient::Id))
                .col(integer(Patient::OrganizationId))
                .col(string(Patient::FirstName))
                .col(string(Patient::LastName))
                .col(date(Patient::DateOfBirth))
                .col(string_len(Patient::Sex, 1))
                .col(text(Patient::Address))
                .foreign_key(&mut fk(
                    (Patient::Table, Patient::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Coverage::Table)
                .col(pk_auto(Coverage::Id))
                .col(integer(Coverage::PatientId))
                .col(string(Coverage::Payer))
                .col(string(Coverage::MemberId))
                .col(string_null(Coverage::GroupNumber))
                .col(date(Coverage::EffectiveDate))
                .col(date_null(Coverage::TerminationDate))
                .col(string(Coverage::Relationship))
                .col(string(Coverage::Priority))
                .foreign_key(&mut fk(
                    (Coverage::Table, Coverage::PatientId),
                    (Patient::Table, Patient::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Provider::Table)
                .col(pk_auto(Provider::Id))
                .col(integer(Provider::OrganizationId))
                .col(string(Provider::Name))
                .col(string_len(Provider::Npi, 10))
                .col(string(Provider::Taxonomy))
                .col(string(Provider::Specialty))
                .foreign_key(&mut fk(
                    (Provider::Table, Provider::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Facility::Table)
                .col(pk_auto(Facility::Id))
                .col(integer(Facility::OrganizationId))
                .col(string(Facility::Name))
                .col(string_len(Facility::Npi, 10))
                .col(text(Facility::Address))
                .foreign_key(&mut fk(
                    (Facility::Table, Facility::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CodingCase::Table)
                .col(pk_auto(CodingCase::Id))
                .col(integer(CodingCase::OrganizationId))
                .col(string(CodingCase::Slug))
                .col(string(CodingCase::Title))
                .col(string_len(CodingCase::Setting, 24))
                .col(string_len(CodingCase::PlaceOfService, 2))
                .col(date(CodingCase::DateOfService))
                .col(date_null(CodingCase::AdmissionDate))
                .col(date_null(CodingCase::DischargeDate))
                .col(string_len_null(CodingCase::DischargeStatus, 2))
                .col(integer(CodingCase::PatientId))
                .col(integer(CodingCase::ProviderId))
                .col(integer_null(CodingCase::FacilityId))
                .col(string_len(CodingCase::Difficulty, 16))
                .col(integer(CodingCase::EstimatedMinutes))
                .col(text(CodingCase::SkillTags))
                .col(string_len(CodingCase::Status, 12))
                .col(timestamp_with_time_zone(CodingCase::CreatedAt))
                .col(timestamp_with_time_zone(CodingCase::UpdatedAt))
                .foreign_key(&mut fk(
                    (CodingCase::Table, CodingCase::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (CodingCase::Table, CodingCase::PatientId),
                    (Patient::Table, Patient::Id),
                ))
                .foreign_key(&mut fk(
                    (CodingCase::Table, CodingCase::ProviderId),
                    (Provider::Table, Provider::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_coding_case_org_slug")
                .table(CodingCase::Table)
                .col(CodingCase::OrganizationId)
                .col(CodingCase::Slug)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseDocument::Table)
                .col(pk_auto(CaseDocument::Id))
                .col(integer(CaseDocument::CaseId))
                .col(integer(CaseDocument::Position))
                .col(string_len(CaseDocument::Kind, 32))
                .col(string(CaseDocument::Title))
                .col(text(CaseDocument::Body))
                .foreign_key(&mut fk(
                    (CaseDocument::Table, CaseDocument::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_case_document_case")
                .table(CaseDocument::Table)
                .col(CaseDocument::CaseId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AnswerKey::Table)
                .col(pk_auto(AnswerKey::Id))
                .col(integer(AnswerKey::CaseId))
                .col(integer(AnswerKey::Version))
                .col(boolean(AnswerKey::Current))
                .col(text(AnswerKey::Body))
                .col(text(AnswerKey::Note))
                .col(integer_null(AnswerKey::CreatedBy))
                .col(timestamp_with_time_zone(AnswerKey::CreatedAt))
                .foreign_key(&mut fk(
                    (AnswerKey::Table, AnswerKey::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_answer_key_case_version")
                .table(AnswerKey::Table)
                .col(AnswerKey::CaseId)
                .col(AnswerKey::Version)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseSet::Table)
                .col(pk_auto(CaseSet::Id))
                .col(integer(CaseSet::OrganizationId))
                .col(string(CaseSet::Slug))
                .col(string(CaseSet::Title))
                .col(text(CaseSet::Description))
                .col(string_len(CaseSet::Visibility, 16))
                .col(string_len(CaseSet::Status, 12))
                .col(timestamp_with_time_zone(CaseSet::CreatedAt))
                .col(timestamp_with_time_zone(CaseSet::UpdatedAt))
                .foreign_key(&mut fk(
                    (CaseSet::Table, CaseSet::OrganizationId),
                    (Organization::Table, Organization::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_case_set_org_slug")
                .table(CaseSet::Table)
                .col(CaseSet::OrganizationId)
                .col(CaseSet::Slug)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseSetItem::Table)
                .col(integer(CaseSetItem::CaseSetId))
                .col(integer(CaseSetItem::CaseId))
                .col(integer(CaseSetItem::Position))
                .primary_key(
                    Index::create()
                        .col(CaseSetItem::CaseSetId)
                        .col(CaseSetItem::CaseId),
                )
                .foreign_key(&mut fk(
                    (CaseSetItem::Table, CaseSetItem::CaseSetId),
                    (CaseSet::Table, CaseSet::Id),
                ))
                .foreign_key(&mut fk(
                    (CaseSetItem::Table, CaseSetItem::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CaseSetItem::Table.into_iden(),
            CaseSet::Table.into_iden(),
            AnswerKey::Table.into_iden(),
            CaseDocument::Table.into_iden(),
            CodingCase::Table.into_iden(),
            Facility::Table.into_iden(),
            Provider::Table.into_iden(),
            Coverage::Table.into_iden(),
            Patient::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
