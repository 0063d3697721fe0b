//! Pure domain logic: no database, no GraphQL, no I/O.

pub mod account;
pub mod adjudication;
pub mod assignment;
pub mod cases;
pub mod claims;
pub mod codes;
pub mod csv;
pub mod drg;
pub mod exams;
pub mod ledger;
pub mod lifecycle;
pub mod npi;
pub mod progress;
pub mod queries;
pub mod risk;
pub mod scoring;
pub mod workday;
