//! What reference data is loaded (ADMIN, read only): the code versions in the code table
//! grouped by system and effective date, each with its release name and counts, and the
//! files the seed and the importers recorded.

use crate::auth::Viewer;
use crate::domain::codes::System;
use crate::domain::codes::version::release_name;
use crate::entity::{code, code_release};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};

/// The code versions of one system that take effect on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSetRelease {
    pub system: System,
    /// FY2026, 2026 Q2, 2026, baseline; none for continuously maintained lists.
    pub version: Option<String>,
    pub effective: NaiveDate,
    /// Code versions that take effect on that date.
    pub codes: i64,
    /// Of them, billable (not headers).
    pub billable: i64,
    /// Of them, ended since (a `valid_to` is set).
    pub ended: i64,
}

/// A reference-data file that was loaded.
#[derive(Debug, Clone)]
pub struct ReleaseFile {
    pub name: String,
    pub rows: i32,
    pub loaded_at: DateTime<Utc>,
}

fn admin_only(viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only an administrator reads the loaded releases",
        ))
    }
}

/// Every (system, effective date) of the code table, by system then date; one statement.
pub async fn code_set_releases(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<CodeSetRelease>> {
    admin_only(viewer)?;
    let rows: Vec<(String, NaiveDate, i64, i64, i64)> = code::Entity::find()
        .select_only()
        .column(code::Column::System)
        .column(code::Column::ValidFrom)
        .column_as(code::Column::Id.count(), "codes")
        .column_as(
            Expr::cust("SUM(CASE WHEN billable THEN 1 ELSE 0 END)"),
            "billable",
        )
        .column_as(
            Expr::cust("SUM(CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END)"),
            "ended",
        )
        .group_by(code::Column::System)
        .group_by(code::Column::ValidFrom)
        .order_by_asc(code::Column::System)
        .order_by_asc(code::Column::ValidFrom)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (system, effective, codes, billable, ended) in rows {
        let system = System::parse(&system).map_err(|e| AppError::internal(e.0))?;
        out.push(CodeSetRelease {
            version: release_name(system, effective),
            system,
            effective,
            codes,
            billable,
            ended,
        });
    }
    Ok(out)
}

/// The files loaded, most recent first.
pub async fn release_files(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> AppResult<Vec<ReleaseFile>> {
    admin_only(viewer)?;
    Ok(code_release::Entity::find()
        .order_by_desc(code_release::Column::LoadedAt)
        .order_by_asc(code_release::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|r| ReleaseFile {
            name: r.name,
            rows: r.rows,
            loaded_at: r.loaded_at,
        })
        .collect())
}
