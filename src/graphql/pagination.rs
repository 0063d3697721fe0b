//! Relay connections: `first` (at most 100) and `after`, `pageInfo`, `totalCount`.

use crate::error::{AppError, AppResult};
use crate::service::{Page, Paged};
use async_graphql::SimpleObject;
use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields, OpaqueCursor};

pub const DEFAULT_FIRST: i32 = 20;
pub const MAX_FIRST: i32 = 100;

/// Fields every connection has besides its edges.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items match, over all pages.
    pub total_count: u64,
}

/// A page of nodes, with cursors that are opaque to clients.
pub type Conn<N> = Connection<OpaqueCursor<i32>, N, ConnectionTotals, EmptyFields>;

/// The page the arguments ask for, or BAD_USER_INPUT naming `first` or `after`.
pub fn page(first: Option<i32>, after: Option<String>) -> AppResult<Page> {
    let first = first.unwrap_or(DEFAULT_FIRST);
    if !(0..=MAX_FIRST).contains(&first) {
        return Err(AppError::bad_input(
            "first",
            format!("must be between 0 and {MAX_FIRST} (got {first})"),
        ));
    }
    let after = match after {
        None => None,
        Some(s) => Some(
            OpaqueCursor::<i32>::decode_cursor(&s)
                .map_err(|_| {
                    AppError::bad_input("after", format!("'{s}' is not a cursor of this list"))
                })?
                .0,
        ),
    };
    Ok(Page {
        first: first as u64,
        after,
    })
}

/// Builds a connection from a page of rows.
pub fn connection<M, N>(paged: Paged<M>, id: impl Fn(&M) -> i32, node: impl Fn(M) -> N) -> Conn<N>
where
    N: async_graphql::OutputType,
{
    let mut c = Connection::with_additional_fields(
        false,
        paged.has_next,
        ConnectionTotals {
            total_count: paged.total,
        },
    );
    c.edges.extend(
        paged
            .items
            .into_iter()
            .map(|m| Edge::new(OpaqueCursor(id(&m)), node(m))),
    );
    c
}

/// Query complexity of a connection field: its children times the page size asked for.
pub fn cost(first: Option<i32>, child_complexity: usize) -> usize {
    let n = first.unwrap_or(DEFAULT_FIRST).clamp(1, MAX_FIRST) as usize;
    1 + n.saturating_mul(child_complexity)
}
