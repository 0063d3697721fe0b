//! Schema migrations for Practicum. Schema only, never data: reference data and demo
//! content are loaded by `practicum seed` from `seed/`.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_foundation;
mod m20261126_000002_create_code_tables;
mod m20261126_000003_create_cases;
mod m20261126_000004_create_attempts;
mod m20261126_000005_create_attempt_history;
mod m20261126_000006_create_disputes;
mod m20261126_000007_add_case_set_scoring;
mod m20261126_000008_create_claims;
mod m20261126_000009_create_exams;
mod m20261126_000010_create_ledger;
mod m20261126_000011_create_payment_plans;
mod m20261207_000001_add_change_guards;
mod m20261207_000002_add_sittings_and_pools;
mod m20261207_000003_harden_tenants;
mod m20261207_100001_add_question_owner_and_pool;
mod m20261207_120001_add_appeal_argument;
mod m20261207_170001_add_case_tier;
mod m20261207_203001_create_provider_queries;
mod m20261207_210001_add_case_risk_adjustment;
mod m20261207_210001_create_shifts;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_foundation::Migration),
            Box::new(m20261126_000002_create_code_tables::Migration),
            Box::new(m20261126_000003_create_cases::Migration),
            Box::new(m20261126_000004_create_attempts::Migration),
            Box::new(m20261126_000005_create_attempt_history::Migration),
            Box::new(m20261126_000006_create_disputes::Migration),
            Box::new(m20261126_000007_add_case_set_scoring::Migration),
            Box::new(m20261126_000008_create_claims::Migration),
            Box::new(m20261126_000009_create_exams::Migration),
            Box::new(m20261126_000010_create_ledger::Migration),
            Box::new(m20261126_000011_create_payment_plans::Migration),
            Box::new(m20261207_000001_add_change_guards::Migration),
            Box::new(m20261207_000002_add_sittings_and_pools::Migration),
            Box::new(m20261207_000003_harden_tenants::Migration),
            Box::new(m20261207_100001_add_question_owner_and_pool::Migration),
            Box::new(m20261207_120001_add_appeal_argument::Migration),
            Box::new(m20261207_170001_add_case_tier::Migration),
            Box::new(m20261207_203001_create_provider_queries::Migration),
            Box::new(m20261207_210001_add_case_risk_adjustment::Migration),
            Box::new(m20261207_210001_create_shifts::Migration),
        ]
    }
}
