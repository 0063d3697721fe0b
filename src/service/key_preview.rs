//! The preview of an answer-key revision: the attempts that saving the proposed key would
//! re-grade, each with its score now and under the proposed key. It selects and scores them
//! with the re-grade's own code (`governance::stale_attempts`, `governance::rescore_with`) and
//! writes nothing.

use super::case_import::json;
use super::governance::{percent_e2, rescore_with, stale_attempts};
use crate::auth::Viewer;
use crate::domain::cases::AnswerKey;
use crate::domain::codes::index::CodeIndex;
use crate::entity::account;
use crate::entity::library::answer_key;
use crate::error::AppResult;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One attempt that the revision would re-grade.
pub struct RegradePreview {
    pub attempt_id: i32,
    pub trainee_id: i32,
    pub trainee_name: String,
    /// The key version it is scored against now.
    pub key_version: i32,
    /// Hundredths of a percent, as stored.
    pub current_e2: i32,
    pub proposed_e2: i32,
}

/// What saving `key` with `reviseAnswerKey` would do: the version it would become (the current
/// one when the key is unchanged, which re-grades nothing) and the attempts it would re-grade.
pub struct KeyPreview {
    pub version: i32,
    pub regraded: Vec<RegradePreview>,
}

/// Previews a key revision: authorized and validated exactly like `cases::revise_key`.
pub async fn preview_key(
    db: &DatabaseConnection,
    index: &CodeIndex,
    viewer: &Viewer,
    case_id: i32,
    key: AnswerKey,
) -> AppResult<KeyPreview> {
    let (_, key) = super::cases::checked_key(db, index, viewer, case_id, key).await?;
    let latest = answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(case_id))
        .order_by_desc(answer_key::Column::Version)
        .one(db)
        .await?;
    // `store_key_version` keeps the current version when the body is the same.
    let body = json(&key)?;
    if let Some(cur) = latest.as_ref().filter(|k| k.current && k.body == body) {
        return Ok(KeyPreview {
            version: cur.version,
            regraded: Vec::new(),
        });
    }
    let version = latest.map_or(1, |k| k.version + 1);
    let stale = stale_attempts(db, case_id, version).await?.all(db).await?;
    let names: HashMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(stale.iter().map(|a| a.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let mut regraded = Vec::with_capacity(stale.len());
    for at in &stale {
        let report = rescore_with(db, at, &key).await?;
        regraded.push(RegradePreview {
            attempt_id: at.id,
            trainee_id: at.account_id,
            trainee_name: names.get(&at.account_id).cloned().unwrap_or_default(),
            key_version: at.key_version,
            current_e2: at.percent_e2.unwrap_or(0),
            proposed_e2: percent_e2(&report),
        });
    }
    Ok(KeyPreview { version, regraded })
}
