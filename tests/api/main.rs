//! One integration binary: every test starts a real server on its own fresh database
//! (`sqlite::memory:` by default, a new PostgreSQL database per test when
//! `TEST_DATABASE_URL` is set) and talks to it over HTTP as a client would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod accounts;
mod appeals;
mod authoring;
mod authz_matrix;
mod billing;
mod case_tiers;
mod cases;
mod claim_work;
mod claim_x12_dates;
mod claims;
mod cli;
mod codes;
mod concurrency;
mod consoles;
mod coverage_report;
mod drg;
mod drg_oracle;
mod exams;
mod governance;
mod http_limits;
mod imports;
mod integrity;
mod key_preview;
mod library;
mod library_gates;
mod library_keys;
mod organizations;
mod outage;
mod patient_accounts;
mod practice;
mod provider_queries;
mod questions;
mod races;
mod review;
mod risk;
mod risk_oracle;
mod risk_review;
mod round_trips;
mod schema;
mod security;
mod sessions;
mod startup;
mod template;
mod tenants;
mod web;
mod workday;
