//! Pure domain logic: no database, no GraphQL, no I/O.

pub mod account;
pub mod cases;
pub mod codes;
pub mod npi;
pub mod progress;
pub mod scoring;
