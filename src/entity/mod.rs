//! SeaORM entities, and the finders that scope tenant-owned rows to an organization.

pub mod account;
pub mod audit_log;
pub mod cohort;
pub mod cohort_member;
pub mod invitation;
pub mod login_throttle;
pub mod organization;
pub mod refresh_token;
