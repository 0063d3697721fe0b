//! Progress over GraphQL: a trainee's own, and a cohort's for its instructors.

use super::context::{CtxExt, parse_id};
use crate::service;
use async_graphql::{Context, ID, Object, ResultExt, SimpleObject};

/// Accuracy of one skill tag or code group.
#[derive(SimpleObject)]
pub struct AccuracyRow {
    label: String,
    attempts: i32,
    /// 0–100.
    percent: f64,
}

/// A trainee's progress.
#[derive(SimpleObject)]
pub struct ProgressReport {
    attempts: i32,
    average_percent: f64,
    average_minutes: f64,
    by_skill: Vec<AccuracyRow>,
    /// By ICD-10-CM chapter and CPT section.
    by_code_group: Vec<AccuracyRow>,
    /// The last ten scores, oldest first.
    trend: Vec<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl From<crate::domain::progress::Progress> for ProgressReport {
    fn from(p: crate::domain::progress::Progress) -> Self {
        let rows = |v: Vec<crate::domain::progress::Accuracy>| {
            v.into_iter()
                .map(|a| AccuracyRow {
                    percent: round2(a.percent()),
                    attempts: a.attempts as i32,
                    label: a.label,
                })
                .collect()
        };
        ProgressReport {
            attempts: p.attempts as i32,
            average_percent: round2(p.average_percent),
            average_minutes: round2(p.average_minutes),
            by_skill: rows(p.by_skill),
            by_code_group: rows(p.by_code_group),
            trend: p.trend.into_iter().map(round2).collect(),
        }
    }
}

/// One trainee of a cohort with their progress.
#[derive(SimpleObject)]
pub struct TraineeProgress {
    account: super::account::Account,
    progress: ProgressReport,
}

#[derive(Default)]
pub struct ProgressQuery;

#[Object]
impl ProgressQuery {
    /// Your progress: attempts, accuracy by skill tag and by code group, time per case, trend.
    async fn my_progress(&self, ctx: &Context<'_>) -> async_graphql::Result<ProgressReport> {
        let v = ctx.viewer()?;
        let index = ctx.data_unchecked::<std::sync::Arc<crate::domain::codes::index::CodeIndex>>();
        service::progress::of_account(ctx.db(), index, v.account_id)
            .await
            .map(Into::into)
            .extend()
    }

    /// The progress of every trainee of a cohort (INSTRUCTOR, ADMIN).
    async fn cohort_progress(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
    ) -> async_graphql::Result<Vec<TraineeProgress>> {
        let v = ctx.viewer()?;
        let id = parse_id(&cohort_id, "cohortId").extend()?;
        let index = ctx.data_unchecked::<std::sync::Arc<crate::domain::codes::index::CodeIndex>>();
        service::progress::of_cohort(ctx.db(), index, v, id)
            .await
            .map(|rows| {
                rows.into_iter()
                    .map(|(a, p)| TraineeProgress {
                        account: super::account::Account(a),
                        progress: p.into(),
                    })
                    .collect()
            })
            .extend()
    }
}
