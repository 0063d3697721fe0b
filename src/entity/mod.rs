//! SeaORM entities, and the finders that scope tenant-owned rows to an organization.

pub mod account;
pub mod audit_log;
pub mod claims;
pub mod code;
pub mod code_note;
pub mod code_release;
pub mod cohort;
pub mod cohort_member;
pub mod drg;
pub mod exams;
pub mod invitation;
pub mod ledger;
pub mod library;
pub mod login_throttle;
pub mod mce_age_range;
pub mod ncci_mue;
pub mod ncci_ptp;
pub mod organization;
pub mod practice;
pub mod refresh_token;
pub mod search_synonym;
pub mod workday;
