//! The reference data loaded, for administrators (read only).

use super::codes::CodeSystem;
use super::context::CtxExt;
use super::scalars::Date;
use crate::service::code_releases as svc;
use async_graphql::{Context, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// The code versions of one system that take effect on one date.
#[derive(SimpleObject)]
pub struct CodeSetRelease {
    system: CodeSystem,
    /// The publisher's release name: FY2026 (ICD-10-CM, ICD-10-PCS, MS-DRG: the fiscal year
    /// from October 1), 2026 Q2 (HCPCS quarterly file), 2026 (CPT); `baseline` for codes in
    /// force since before this catalogue; null for continuously maintained lists.
    version: Option<String>,
    effective_date: Date,
    /// Code versions that take effect on that date.
    codes: i64,
    /// Of them, billable (not category headers).
    billable: i64,
    /// Of them, ended since (deleted or replaced by a later release).
    ended: i64,
}

/// A reference-data file the seed or an importer loaded.
#[derive(SimpleObject)]
pub struct ReleaseFile {
    name: String,
    rows: i32,
    loaded_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct ReferenceQuery;

#[Object]
impl ReferenceQuery {
    /// The code-set releases loaded: per system and effective date, the release name and
    /// the number of codes (ADMIN).
    async fn code_set_releases(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<CodeSetRelease>> {
        let v = ctx.viewer()?;
        Ok(svc::code_set_releases(ctx.db(), v)
            .await
            .extend()?
            .into_iter()
            .map(|r| CodeSetRelease {
                system: r.system.into(),
                version: r.version,
                effective_date: Date(r.effective),
                codes: r.codes,
                billable: r.billable,
                ended: r.ended,
            })
            .collect())
    }

    /// The reference-data files loaded, most recent first (ADMIN).
    async fn release_files(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ReleaseFile>> {
        let v = ctx.viewer()?;
        Ok(svc::release_files(ctx.db(), v)
            .await
            .extend()?
            .into_iter()
            .map(|r| ReleaseFile {
                name: r.name,
                rows: r.rows,
                loaded_at: r.loaded_at,
            })
            .collect())
    }
}
