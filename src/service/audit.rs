//! The audit trail: every successful mutation records who did what to which target.

use crate::entity::audit_log;
use crate::error::AppResult;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// What happened, to be written in the same transaction as the change itself.
pub struct AuditEntry<'a> {
    pub account_id: Option<i32>,
    pub organization_id: Option<i32>,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<String>,
}

pub async fn record(db: &impl ConnectionTrait, entry: AuditEntry<'_>) -> AppResult<()> {
    audit_log::ActiveModel {
        account_id: Set(entry.account_id),
        organization_id: Set(entry.organization_id),
        action: Set(entry.action.to_owned()),
        target_type: Set(entry.target_type.to_owned()),
        target_id: Set(entry.target_id),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
