//! Payment plans: a patient balance split into scheduled installments.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PaymentPlan {
    Table,
    Id,
    UserId,
    PatientId,
    CaseId,
    TotalCents,
    Installments,
    FirstDue,
    IntervalDays,
    CreatedOn,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PaymentPlan::Table)
                .col(pk_auto(PaymentPlan::Id))
                .col(integer(PaymentPlan::UserId))
                .col(integer(PaymentPlan::PatientId))
                .col(integer(PaymentPlan::CaseId))
                .col(big_integer(PaymentPlan::TotalCents))
                .col(integer(PaymentPlan::Installments))
                .col(date(PaymentPlan::FirstDue))
                .col(integer(PaymentPlan::IntervalDays))
                .col(date(PaymentPlan::CreatedOn))
                .col(timestamp_with_time_zone(PaymentPlan::CreatedAt))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PaymentPlan::Table).take())
            .await
    }
}
