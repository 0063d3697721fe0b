//! A limit the engine does not offer: the number of mutation fields in one request. Without
//! it, a single request could alias `login` a thousand times and keep the password hasher
//! busy for seconds.

use async_graphql::ServerError;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};

/// Most mutation fields (aliases included) one request may carry.
pub const MAX_MUTATION_FIELDS: usize = 5;

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

/// Refuses a document with more than MAX_MUTATION_FIELDS mutation fields. Checked by the
/// HTTP handler on the parsed document, not by an engine extension: any extension makes the
/// engine wrap every field's resolution, which cost the small queries about a tenth of their
/// throughput (benches/load).
pub fn check_mutation_fields(doc: &ExecutableDocument) -> Result<(), ServerError> {
    for (_, op) in doc.operations.iter() {
        if op.node.ty == OperationType::Mutation {
            let n = count(doc, &op.node.selection_set.node, 0);
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
    Ok(())
}
