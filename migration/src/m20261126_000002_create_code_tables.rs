//! Reference data: codes of every system with their validity dates, ICD-10-CM instructional
//! notes, MS-DRG tables, MCE age groups, NCCI teaching tables, and the releases loaded.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum Code {
    Table,
    Id,
    System,
    Code,
    ValidFrom,
    ValidTo,
    Billable,
    Parent,
    ShortDescription,
    Description,
    Chapter,
    Block,
    Category,
    Flags,
    DescriptorSource,
}

#[derive(DeriveIden)]
enum CodeNote {
    Table,
    Id,
    Code,
    Kind,
    Refs,
    Text,
}

#[derive(DeriveIden)]
enum CodeRelease {
    Table,
    Name,
    Checksum,
    Rows,
    LoadedAt,
}

#[derive(DeriveIden)]
enum DrgWeight {
    Table,
    Version,
    Drg,
    Mdc,
    Kind,
    WeightE4,
    GmlosE1,
    AmlosE1,
}

#[derive(DeriveIden)]
enum CcMcc {
    Table,
    Version,
    Code,
    Level,
    PdxCollection,
    OnlyIfAlive,
}

#[derive(DeriveIden)]
enum CcExclusion {
    Table,
    Version,
    Collection,
    PdxCode,
}

#[derive(DeriveIden)]
enum DrgSdxExclusion {
    Table,
    Version,
    DrgRange,
    SdxCode,
}

#[derive(DeriveIden)]
enum MceAgeRange {
    Table,
    AgeGroup,
    StartAge,
    EndAge,
    DateStart,
    DateEnd,
}

#[derive(DeriveIden)]
enum SearchSynonym {
    Table,
    Term,
    Expansion,
}

#[derive(DeriveIden)]
enum NcciPtp {
    Table,
    Id,
    Column1,
    Column2,
    ModifierIndicator,
    Effective,
    Deletion,
    Setting,
    Rationale,
    Source,
}

#[derive(DeriveIden)]
enum NcciMue {
    Table,
    Id,
    Code,
    Setting,
    Effective,
    Mue,
    Mai,
    Rationale,
    Source,
}

fn unique(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table).unique();
    for c in cols {
        i.col(c);
    }
    i.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Code::Table)
                .col(pk_auto(Code::Id))
                .col(string_len(Code::System, 12))
                .col(string_len(Code::Code, 16))
                .col(date(Code::ValidFrom))
                .col(date_null(Code::ValidTo))
                .col(boolean(Code::Billable))
                .col(string_len_null(Code::Parent, 16))
                .col(text(Code::ShortDescription))
                .col(text(Code::Description))
                .col(string_len_null(Code::Chapter, 8))
                .col(string_len_null(Code::Block, 16))
                .col(string_null(Code::Category))
                .col(string(Code::Flags))
                .col(string_len(Code::DescriptorSource, 20))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "ux_code_system_code_from",
            Code::Table,
            vec![
                Code::System.into_iden(),
                Code::Code.into_iden(),
                Code::ValidFrom.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(CodeNote::Table)
                .col(pk_auto(CodeNote::Id))
                .col(string_len(CodeNote::Code, 16))
                .col(string_len(CodeNote::Kind, 24))
                .col(text(CodeNote::Refs))
                .col(text(CodeNote::Text))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_code_note_code")
                .table(CodeNote::Table)
                .col(CodeNote::Code)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CodeRelease::Table)
                .col(string(CodeRelease::Name).primary_key())
                .col(string(CodeRelease::Checksum))
                .col(integer(CodeRelease::Rows))
                .col(timestamp_with_time_zone(CodeRelease::LoadedAt))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DrgWeight::Table)
                .col(integer(DrgWeight::Version))
                .col(string_len(DrgWeight::Drg, 3))
                .col(string_len(DrgWeight::Mdc, 4))
                .col(string_len(DrgWeight::Kind, 8))
                .col(big_integer(DrgWeight::WeightE4))
                .col(integer(DrgWeight::GmlosE1))
                .col(integer(DrgWeight::AmlosE1))
                .primary_key(Index::create().col(DrgWeight::Version).col(DrgWeight::Drg))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CcMcc::Table)
                .col(integer(CcMcc::Version))
                .col(string_len(CcMcc::Code, 8))
                .col(string_len(CcMcc::Level, 3))
                .col(string_len(CcMcc::PdxCollection, 8))
                .col(boolean(CcMcc::OnlyIfAlive))
                .primary_key(Index::create().col(CcMcc::Version).col(CcMcc::Code))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CcExclusion::Table)
                .col(integer(CcExclusion::Version))
                .col(string_len(CcExclusion::Collection, 8))
                .col(string_len(CcExclusion::PdxCode, 8))
                .primary_key(
                    Index::create()
                        .col(CcExclusion::Version)
                        .col(CcExclusion::Collection)
                        .col(CcExclusion::PdxCode),
                )
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DrgSdxExclusion::Table)
                .col(integer(DrgSdxExclusion::Version))
                .col(string_len(DrgSdxExclusion::DrgRange, 12))
                .col(string_len(DrgSdxExclusion::SdxCode, 8))
                .primary_key(
                    Index::create()
                        .col(DrgSdxExclusion::Version)
                        .col(DrgSdxExclusion::DrgRange)
                        .col(DrgSdxExclusion::SdxCode),
                )
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MceAgeRange::Table)
                .col(string_len(MceAgeRange::AgeGroup, 16))
                .col(integer(MceAgeRange::StartAge))
                .col(integer(MceAgeRange::EndAge))
                .col(date(MceAgeRange::DateStart))
                .col(date(MceAgeRange::DateEnd))
                .primary_key(
                    Index::create()
                        .col(MceAgeRange::AgeGroup)
                        .col(MceAgeRange::DateStart),
                )
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SearchSynonym::Table)
                .col(string_len(SearchSynonym::Term, 40))
                .col(string(SearchSynonym::Expansion))
                .primary_key(
                    Index::create()
                        .col(SearchSynonym::Term)
                        .col(SearchSynonym::Expansion),
                )
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(NcciPtp::Table)
                .col(pk_auto(NcciPtp::Id))
                .col(string_len(NcciPtp::Column1, 8))
                .col(string_len(NcciPtp::Column2, 8))
                .col(small_integer(NcciPtp::ModifierIndicator))
                .col(date(NcciPtp::Effective))
                .col(date_null(NcciPtp::Deletion))
                .col(string_len(NcciPtp::Setting, 16))
                .col(text(NcciPtp::Rationale))
                .col(string_len(NcciPtp::Source, 16))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "ux_ncci_ptp",
            NcciPtp::Table,
            vec![
                NcciPtp::Column1.into_iden(),
                NcciPtp::Column2.into_iden(),
                NcciPtp::Setting.into_iden(),
                NcciPtp::Effective.into_iden(),
            ],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(NcciMue::Table)
                .col(pk_auto(NcciMue::Id))
                .col(string_len(NcciMue::Code, 8))
                .col(string_len(NcciMue::Setting, 16))
                .col(date(NcciMue::Effective))
                .col(integer(NcciMue::Mue))
                .col(small_integer(NcciMue::Mai))
                .col(text(NcciMue::Rationale))
                .col(string_len(NcciMue::Source, 16))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "ux_ncci_mue",
            NcciMue::Table,
            vec![
                NcciMue::Code.into_iden(),
                NcciMue::Setting.into_iden(),
                NcciMue::Effective.into_iden(),
            ],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            NcciMue::Table.into_iden(),
            NcciPtp::Table.into_iden(),
            SearchSynonym::Table.into_iden(),
            MceAgeRange::Table.into_iden(),
            DrgSdxExclusion::Table.into_iden(),
            CcExclusion::Table.into_iden(),
            CcMcc::Table.into_iden(),
            DrgWeight::Table.into_iden(),
            CodeRelease::Table.into_iden(),
            CodeNote::Table.into_iden(),
            Code::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
