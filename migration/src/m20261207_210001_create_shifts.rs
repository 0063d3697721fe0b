//! Simulated workdays: a `shift` owned by a trainee on a simulated calendar, its encounters
//! (one case each, due on a day), the claims submitted during it with the day each answer
//! becomes visible (the payer-answer schedule), and the timed events that measure active time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Shift {
    Table,
    Id,
    AccountId,
    OrganizationId,
    StartedBy,
    CohortId,
    AssessmentId,
    CaseSetId,
    Seed,
    StartDate,
    Days,
    EncountersPerDay,
    PaceDays,
    CurrentDay,
    Status,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ShiftEncounter {
    Table,
    Id,
    ShiftId,
    Day,
    Position,
    CaseId,
    AttemptId,
    CodedDay,
}

#[derive(DeriveIden)]
enum ShiftClaim {
    Table,
    Id,
    ShiftId,
    EncounterId,
    ClaimId,
    Sequence,
    SubmittedDay,
    Outcome,
    FirstOfEncounter,
    ExpectedDay,
    Unanswered,
    DueDay,
    FollowedUpDay,
    AnswerDay,
}

#[derive(DeriveIden)]
enum ShiftEvent {
    Table,
    Id,
    ShiftId,
    Day,
    Action,
    At,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CodingCase {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Claim {
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
                .table(Shift::Table)
                .col(pk_auto(Shift::Id))
                .col(integer(Shift::AccountId))
                .col(integer_null(Shift::OrganizationId))
                .col(integer(Shift::StartedBy))
                .col(integer_null(Shift::CohortId))
                .col(integer_null(Shift::AssessmentId))
                .col(integer_null(Shift::CaseSetId))
                .col(big_integer(Shift::Seed))
                .col(date(Shift::StartDate))
                .col(integer(Shift::Days))
                .col(integer(Shift::EncountersPerDay))
                .col(integer(Shift::PaceDays))
                .col(integer(Shift::CurrentDay))
                .col(string_len(Shift::Status, 20))
                .col(timestamp_with_time_zone(Shift::CreatedAt))
                .col(integer(Shift::Version))
                .foreign_key(&mut fk(
                    (Shift::Table, Shift::AccountId),
                    (Account::Table, Account::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_shift_account")
                .table(Shift::Table)
                .col(Shift::AccountId)
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ShiftEncounter::Table)
                .col(pk_auto(ShiftEncounter::Id))
                .col(integer(ShiftEncounter::ShiftId))
                .col(integer(ShiftEncounter::Day))
                .col(integer(ShiftEncounter::Position))
                .col(integer(ShiftEncounter::CaseId))
                .col(integer_null(ShiftEncounter::AttemptId))
                .col(integer_null(ShiftEncounter::CodedDay))
                .foreign_key(&mut fk(
                    (ShiftEncounter::Table, ShiftEncounter::ShiftId),
                    (Shift::Table, Shift::Id),
                ))
                .foreign_key(&mut fk(
                    (ShiftEncounter::Table, ShiftEncounter::CaseId),
                    (CodingCase::Table, CodingCase::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_shift_encounter_position")
                .table(ShiftEncounter::Table)
                .col(ShiftEncounter::ShiftId)
                .col(ShiftEncounter::Position)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ShiftClaim::Table)
                .col(pk_auto(ShiftClaim::Id))
                .col(integer(ShiftClaim::ShiftId))
                .col(integer(ShiftClaim::EncounterId))
                .col(integer(ShiftClaim::ClaimId))
                .col(integer(ShiftClaim::Sequence))
                .col(integer(ShiftClaim::SubmittedDay))
                .col(string_len(ShiftClaim::Outcome, 20))
                .col(boolean(ShiftClaim::FirstOfEncounter))
                .col(integer(ShiftClaim::ExpectedDay))
                .col(boolean(ShiftClaim::Unanswered))
                .col(integer_null(ShiftClaim::DueDay))
                .col(integer_null(ShiftClaim::FollowedUpDay))
                .col(integer_null(ShiftClaim::AnswerDay))
                .foreign_key(&mut fk(
                    (ShiftClaim::Table, ShiftClaim::ShiftId),
                    (Shift::Table, Shift::Id),
                ))
                .foreign_key(&mut fk(
                    (ShiftClaim::Table, ShiftClaim::EncounterId),
                    (ShiftEncounter::Table, ShiftEncounter::Id),
                ))
                .foreign_key(&mut fk(
                    (ShiftClaim::Table, ShiftClaim::ClaimId),
                    (Claim::Table, Claim::Id),
                ))
                .take(),
        )
        .await?;
        // One submission number per shift: racing submissions cannot share one.
        m.create_index(
            Index::create()
                .name("idx_shift_claim_sequence")
                .table(ShiftClaim::Table)
                .col(ShiftClaim::ShiftId)
                .col(ShiftClaim::Sequence)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ShiftEvent::Table)
                .col(pk_auto(ShiftEvent::Id))
                .col(integer(ShiftEvent::ShiftId))
                .col(integer(ShiftEvent::Day))
                .col(string_len(ShiftEvent::Action, 30))
                .col(timestamp_with_time_zone(ShiftEvent::At))
                .foreign_key(&mut fk(
                    (ShiftEvent::Table, ShiftEvent::ShiftId),
                    (Shift::Table, Shift::Id),
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_shift_event_shift")
                .table(ShiftEvent::Table)
                .col(ShiftEvent::ShiftId)
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ShiftEvent::Table.into_iden(),
            ShiftClaim::Table.into_iden(),
            ShiftEncounter::Table.into_iden(),
            Shift::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).take()).await?;
        }
        Ok(())
    }
}
