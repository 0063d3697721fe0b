//! The preview of an answer-key revision, asked before `reviseAnswerKey`.

use super::context::{CtxExt, parse_id};
use crate::domain::cases::AnswerKey;
use crate::domain::codes::index::CodeIndex;
use crate::service;
use crate::service::key_preview::{KeyPreview, RegradePreview};
use async_graphql::{Context, ID, Json, Object, ResultExt, SimpleObject};
use std::sync::Arc;

/// One submitted attempt that saving the proposed key would re-grade.
#[derive(SimpleObject)]
pub struct KeyRegradePreview {
    attempt_id: ID,
    trainee_id: ID,
    trainee_name: String,
    /// The key version it is scored against now.
    key_version: i32,
    /// Its score now, in percent (0–100), manual credit included.
    current_percent: f64,
    /// Its score under the proposed key, in percent, manual credit included: what
    /// `reviseAnswerKey` will give it.
    proposed_percent: f64,
}

impl From<RegradePreview> for KeyRegradePreview {
    fn from(r: RegradePreview) -> Self {
        Self {
            attempt_id: r.attempt_id.into(),
            trainee_id: r.trainee_id.into(),
            trainee_name: r.trainee_name,
            key_version: r.key_version,
            current_percent: f64::from(r.current_e2) / 100.0,
            proposed_percent: f64::from(r.proposed_e2) / 100.0,
        }
    }
}

/// What `reviseAnswerKey` would do with a proposed key; nothing is saved.
#[derive(SimpleObject)]
pub struct AnswerKeyRevisionPreview {
    /// The key version saving would make (the current one when the key is unchanged).
    version: i32,
    /// How many submitted attempts would be re-graded.
    regraded_count: i32,
    /// Those attempts, oldest first, with their scores now and under the proposed key.
    regraded: Vec<KeyRegradePreview>,
}

impl From<KeyPreview> for AnswerKeyRevisionPreview {
    fn from(p: KeyPreview) -> Self {
        Self {
            version: p.version,
            regraded_count: i32::try_from(p.regraded.len()).unwrap_or(i32::MAX),
            regraded: p.regraded.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Default)]
pub struct KeyPreviewQuery;

#[Object]
impl KeyPreviewQuery {
    /// Previews `reviseAnswerKey` without saving: the key is checked the same way (same
    /// roles, same validation, same errors) and the answer lists the submitted attempts the
    /// revision would re-grade, each with its score now and under the proposed key.
    async fn answer_key_revision_preview(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        key: Json<serde_json::Value>,
    ) -> async_graphql::Result<AnswerKeyRevisionPreview> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let key: AnswerKey =
            service::case_import::from_value(key.0, "key", "key.", "an answer key").extend()?;
        let index = ctx.data_unchecked::<Arc<CodeIndex>>();
        service::key_preview::preview_key(ctx.db(), index, v, id, key)
            .await
            .map(Into::into)
            .extend()
    }
}
