//! Patient accounts: ledger entries (immutable: triggers refuse UPDATE and DELETE), postings of
//! remittances (the exercise and its score), follow-up notes, and whether an organization posts
//! remittances automatically.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntry {
    Table,
    Id,
    UserId,
    PatientId,
    CaseId,
    ClaimId,
    EntryDate,
    Kind,
    Bucket,
    AmountCents,
    Line,
    Payer,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RemittancePosting {
    Table,
    Id,
    ClaimId,
    Sequence,
    UserId,
    Mode,
    Percent,
    Verdict,
    Posted,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FollowUp {
    Table,
    Id,
    ClaimId,
    UserId,
    Action,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Remittance {
    Table,
    Posted,
}

#[derive(DeriveIden)]
enum BillingSetting {
    Table,
    OrganizationId,
    AutoPost,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LedgerEntry::Table)
                .col(pk_auto(LedgerEntry::Id))
                .col(integer(LedgerEntry::UserId))
                .col(integer(LedgerEntry::PatientId))
                .col(integer(LedgerEntry::CaseId))
                .col(integer_null(LedgerEntry::ClaimId))
                .col(date(LedgerEntry::EntryDate))
                .col(string_len(LedgerEntry::Kind, 24))
                .col(string_len(LedgerEntry::Bucket, 12))
                .col(big_integer(LedgerEntry::AmountCents))
                .col(integer_null(LedgerEntry::Line))
                .col(string_len_null(LedgerEntry::Payer, 64))
                .col(string(LedgerEntry::Reason))
                .col(timestamp_with_time_zone(LedgerEntry::CreatedAt))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ledger_account")
                .table(LedgerEntry::Table)
                .col(LedgerEntry::UserId)
                .col(LedgerEntry::PatientId)
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ledger_claim")
                .table(LedgerEntry::Table)
                .col(LedgerEntry::ClaimId)
                .take(),
        )
        .await?;
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION ledger_entry_immutable() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger entries are immutable: post a correcting entry'; END; $$ LANGUAGE plpgsql;
                     CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OR DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_entry_immutable();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: post a correcting entry'); END;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: post a correcting entry'); END;",
                )
                .await?;
            }
        }
        m.create_table(
            Table::create()
                .table(RemittancePosting::Table)
                .col(pk_auto(RemittancePosting::Id))
                .col(integer(RemittancePosting::ClaimId))
                .col(integer(RemittancePosting::Sequence))
                .col(integer(RemittancePosting::UserId))
                .col(string_len(RemittancePosting::Mode, 8))
                .col(integer(RemittancePosting::Percent))
                .col(text(RemittancePosting::Verdict))
                .col(boolean(RemittancePosting::Posted))
                .col(timestamp_with_time_zone(RemittancePosting::CreatedAt))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FollowUp::Table)
                .col(pk_auto(FollowUp::Id))
                .col(integer(FollowUp::ClaimId))
                .col(integer(FollowUp::UserId))
                .col(string_len(FollowUp::Action, 24))
                .col(text(FollowUp::Note))
                .col(timestamp_with_time_zone(FollowUp::CreatedAt))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Remittance::Table)
                .add_column(boolean(Remittance::Posted).default(false))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BillingSetting::Table)
                .col(integer(BillingSetting::OrganizationId).primary_key())
                .col(boolean(BillingSetting::AutoPost))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER IF EXISTS ledger_entry_no_update ON ledger_entry; DROP FUNCTION IF EXISTS ledger_entry_immutable();").await?;
        }
        m.alter_table(
            Table::alter()
                .table(Remittance::Table)
                .drop_column(Remittance::Posted)
                .take(),
        )
        .await?;
        for t in [
            BillingSetting::Table.into_iden(),
            FollowUp::Table.into_iden(),
            RemittancePosting::Table.into_iden(),
            LedgerEntry::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
