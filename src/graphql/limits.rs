//! A limit the engine does not offer: the number of mutation fields in one request. Without
//! it, a single request could alias `login` a thousand times and keep the password hasher
//! busy for seconds.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};
use std::sync::Arc;

/// Most mutation fields (aliases included) one request may carry.
pub const MAX_MUTATION_FIELDS: usize = 5;

pub struct MutationLimit;

impl ExtensionFactory for MutationLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(MutationLimitExtension)
    }
}

struct MutationLimitExtension;

fn count(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> usize {
    if depth > 8 {
        return usize::MAX / 2;
    }
    set.items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(_) => 1,
            Selection::InlineFragment(f) => count(doc, &f.node.selection_set.node, depth + 1),
            Selection::FragmentSpread(f) => doc
                .fragments
                .get(&f.node.fragment_name.node)
                .map_or(0, |frag| {
                    count(doc, &frag.node.selection_set.node, depth + 1)
                }),
        })
        .fold(0usize, usize::saturating_add)
}

#[async_trait::async_trait]
impl Extension for MutationLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        for (_, op) in doc.operations.iter() {
            if op.node.ty == OperationType::Mutation {
                let n = count(&doc, &op.node.selection_set.node, 0);
                if n > MAX_MUTATION_FIELDS {
                    return Err(ServerError::new(
                        format!(
                            "at most {MAX_MUTATION_FIELDS} mutation fields per request (this one has {n})"
                        ),
                        None,
                    ));
                }
            }
        }
        Ok(doc)
    }
}
