//! Use cases, one file per feature. Each takes the database, the viewer and parsed input,
//! authorizes, and runs multi-row writes in one transaction.

pub mod account;
pub mod admin;
pub mod assignments;
pub mod audit;
pub mod authoring;
pub mod batch;
pub mod billing;
pub mod code_import;
pub mod code_releases;
pub mod codes;
pub mod cohort;
pub mod drg;
pub mod icd10cm_import;
pub mod invitation;
pub mod organization;
pub mod payers;
pub mod risk;
pub mod throttle;
pub mod workday;

use crate::error::{AppError, AppResult};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// A page request: at most `first` rows after the row with id `after`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub first: u64,
    pub after: Option<i32>,
}

/// One page of rows, with whether more follow and the total count.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub has_next: bool,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            has_next: self.has_next,
            total: self.total,
        }
    }
}

/// Runs a keyset-paginated query ordered by `id_col`.
pub async fn paginate<E, C>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    id_col: C,
    page: Page,
) -> AppResult<Paged<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ColumnTrait,
{
    let total = query.clone().count(db).await?;
    let mut q = query.order_by_asc(id_col);
    if let Some(after) = page.after {
        q = q.filter(id_col.gt(after));
    }
    let mut items = q.limit(page.first + 1).all(db).await?;
    let has_next = items.len() as u64 > page.first;
    items.truncate(page.first as usize);
    Ok(Paged {
        items,
        has_next,
        total,
    })
}
pub mod case_import;
pub mod cases;
pub mod claims;
pub mod exams;
pub mod governance;
pub mod holds;
pub mod key_preview;
pub mod library;
pub mod practice;
pub mod progress;
pub mod provider_queries;
pub mod questions;
pub mod review;

/// Refuses a change made from an older copy of a draft: the client sent the version it read
/// and the row has moved on. Without a version the change applies to whatever is current.
pub(crate) fn check_version(what: &'static str, sent: Option<i32>, current: i32) -> AppResult<()> {
    match sent {
        Some(v) if v != current => Err(AppError::Stale { what, current }),
        _ => Ok(()),
    }
}

/// A state stored in a row, parsed; an unknown one is a corrupt row, not the client's fault.
pub(crate) fn stored<S>(parsed: Result<S, crate::domain::lifecycle::Refusal>) -> AppResult<S> {
    parsed.map_err(|r| AppError::internal(format!("stored state: {r}")))
}

/// A value as the JSON text stored in a column.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::internal(format!("json: {e}")))
}

/// A JSON column read back into its type.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> AppResult<T> {
    serde_json::from_str(s).map_err(|e| AppError::internal(format!("stored json: {e}")))
}
