//! The GraphQL schema: one query and one mutation root per feature, merged.

pub mod account;
pub mod assessments;
pub mod authoring;
pub mod billing;
pub mod case_tier;
pub mod cases;
pub mod claim_ops;
pub mod claims;
pub mod code_search;
pub mod codes;
pub mod cohort;
pub mod context;
pub mod dispute;
pub mod drg;
pub mod exams;
pub mod invitation;
pub mod key_preview;
pub mod limits;
pub mod loaders;
pub mod organization;
pub mod pagination;
pub mod practice;
pub mod progress;
pub mod provider_queries;
pub mod query_cache;
pub mod questions;
pub mod reference;
pub mod review;
pub mod risk;
pub mod risk_review;
pub mod scalars;
pub mod workday;

use crate::domain::codes::index::CodeIndex;
use crate::service::account::AuthConfig;
use async_graphql::{EmptySubscription, MergedObject, Schema};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Every query.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    account::AccountQuery,
    organization::OrganizationQuery,
    cohort::CohortQuery,
    codes::CodeQuery,
    cases::CaseQuery,
    practice::PracticeQuery,
    progress::ProgressQuery,
    claim_ops::ClaimQuery,
    exams::ExamQuery,
    billing::BillingQuery,
    review::ReviewQuery,
    questions::QuestionQuery,
    drg::DrgQuery,
    assessments::AssessmentQuery,
    reference::ReferenceQuery,
    authoring::AuthoringQuery,
    key_preview::KeyPreviewQuery,
    risk::RiskQuery,
    workday::WorkdayQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    account::AccountMutation,
    account::AdminMutation,
    organization::OrganizationMutation,
    cohort::CohortMutation,
    invitation::InvitationMutation,
    cases::CaseMutation,
    practice::PracticeMutation,
    provider_queries::ProviderQueryMutation,
    dispute::DisputeMutation,
    claim_ops::ClaimMutation,
    exams::ExamMutation,
    billing::BillingMutation,
    review::ReviewMutation,
    questions::QuestionMutation,
    workday::WorkdayMutation,
);

/// The reference data resolvers read in memory: the code index and the NCCI tables.
pub struct Reference {
    pub codes: Arc<CodeIndex>,
    pub ncci: Arc<crate::domain::adjudication::ncci::Ncci>,
    /// The clock exam deadlines are kept by.
    pub clock: Arc<dyn crate::clock::Clock>,
}

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Deepest query accepted (the standard introspection query needs 15).
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted; connections count their page size times their children.
pub const MAX_COMPLEXITY: usize = 5_000;

/// Builds the schema with its limits. Without a database it still serves `sdl()`.
pub fn build(
    db: Option<DatabaseConnection>,
    auth: Option<AuthConfig>,
    reference: Option<Reference>,
    introspection: bool,
) -> AppSchema {
    let mut b = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_recursive_depth(32)
    .limit_directives(20)
    .disable_suggestions();
    if !introspection {
        b = b.disable_introspection();
    }
    if let Some(db) = db {
        b = b.data(loaders::new(db.clone())).data(db);
    }
    if let Some(auth) = auth {
        b = b.data(auth);
    }
    if let Some(r) = reference {
        b = b.data(r.codes).data(r.ncci).data(r.clock);
    }
    b.finish()
}
