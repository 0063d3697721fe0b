//! The GraphQL schema: one query and one mutation root per feature, merged.

pub mod account;
pub mod cases;
pub mod codes;
pub mod cohort;
pub mod context;
pub mod dispute;
pub mod invitation;
pub mod limits;
pub mod organization;
pub mod pagination;
pub mod practice;
pub mod progress;
pub mod scalars;

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
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    account::AccountMutation,
    organization::OrganizationMutation,
    cohort::CohortMutation,
    invitation::InvitationMutation,
    cases::CaseMutation,
    practice::PracticeMutation,
    dispute::DisputeMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Deepest query accepted (the standard introspection query needs 15).
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted; connections count their page size times their children.
pub const MAX_COMPLEXITY: usize = 5_000;

/// Builds the schema with its limits. Without a database it still serves `sdl()`.
pub fn build(
    db: Option<DatabaseConnection>,
    auth: Option<AuthConfig>,
    codes: Option<Arc<CodeIndex>>,
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
    .disable_suggestions()
    .extension(limits::MutationLimit);
    if !introspection {
        b = b.disable_introspection();
    }
    if let Some(db) = db {
        b = b.data(db);
    }
    if let Some(auth) = auth {
        b = b.data(auth);
    }
    if let Some(codes) = codes {
        b = b.data(codes);
    }
    b.finish()
}
