//! Tenant boundaries: an account can be deactivated (checked on every request); the billing
//! setting of an organization refers to it (the table is rebuilt with its foreign key, rows of
//! organizations that do not exist are dropped), and so, on PostgreSQL, do assignments and
//! exam forms. One data fix, on purpose: the public library belongs to the platform, so a
//! case set another organization had made PUBLIC becomes ORGANIZATION.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    DeactivatedAt,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BillingSetting {
    OrganizationId,
    AutoPost,
}

#[derive(DeriveIden)]
enum BillingSettingNew {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(timestamp_with_time_zone_null(Account::DeactivatedAt))
                .take(),
        )
        .await?;

        // billing_setting, rebuilt with its foreign key (SQLite cannot add one in place).
        m.create_table(
            Table::create()
                .table(BillingSettingNew::Table)
                .col(integer(BillingSetting::OrganizationId).primary_key())
                .col(boolean(BillingSetting::AutoPost))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_billing_setting_organization")
                        .from(BillingSettingNew::Table, BillingSetting::OrganizationId)
                        .to(Organization::Table, Organization::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO billing_setting_new (organization_id, auto_post) \
             SELECT organization_id, auto_post FROM billing_setting \
             WHERE organization_id IN (SELECT id FROM organization)",
        )
        .await?;
        // One batch on one connection: with a pool of SQLite connections, a rename run on
        // another connection than the drop was refused as if the old table still existed.
        db.execute_unprepared(
            "DROP TABLE billing_setting; ALTER TABLE billing_setting_new RENAME TO billing_setting",
        )
        .await?;

        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE assignment ADD CONSTRAINT fk_assignment_organization \
                   FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE; \
                 ALTER TABLE exam_form ADD CONSTRAINT fk_exam_form_organization \
                   FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE",
            )
            .await?;
        }

        db.execute_unprepared(
            "UPDATE case_set SET visibility = 'ORGANIZATION' WHERE visibility = 'PUBLIC' \
             AND organization_id NOT IN (SELECT id FROM organization WHERE kind = 'PLATFORM')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE assignment DROP CONSTRAINT IF EXISTS fk_assignment_organization; \
                 ALTER TABLE exam_form DROP CONSTRAINT IF EXISTS fk_exam_form_organization",
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::DeactivatedAt)
                .take(),
        )
        .await
    }
}
