//! Posting remittances: the trainee's exercise, scored line by line against the remittance
//! (posted to the ledger once it is right), or automatic where the organization chose it.

use super::{POSTING_DAYS, write};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::domain::adjudication::{RemitStatus, Remittance};
use crate::domain::ledger::NewEntry;
use crate::domain::ledger::posting::{PostedLine, PostingScore, entries_for, score};
use crate::entity::claims::{claim, remittance};
use crate::entity::ledger::{billing_setting, remittance_posting};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, AuditEntry};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

pub(super) async fn auto_post(db: &impl ConnectionTrait, row: &claim::Model) -> AppResult<bool> {
    let Some(org) = row.organization_id else {
        return Ok(false);
    };
    Ok(billing_setting::Entity::find_by_id(org)
        .one(db)
        .await?
        .is_some_and(|s| s.auto_post))
}

/// Turns automatic posting on or off for an organization (INSTRUCTOR or ADMIN of it), with
/// its audit row in the same transaction.
pub async fn set_auto_post(
    db: &DatabaseConnection,
    viewer: &Viewer,
    org: i32,
    enabled: bool,
) -> AppResult<()> {
    viewer.require_role(&[Role::Instructor], "change how remittances are posted")?;
    crate::service::organization::named(db, viewer, org).await?;
    let txn = begin_write(db).await?;
    billing_setting::Entity::insert(billing_setting::ActiveModel {
        organization_id: Set(org),
        auto_post: Set(enabled),
    })
    .on_conflict(
        OnConflict::column(billing_setting::Column::OrganizationId)
            .update_column(billing_setting::Column::AutoPost)
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: if enabled {
                "billing.auto_post_on"
            } else {
                "billing.auto_post_off"
            },
            target_type: "organization",
            target_id: Some(org.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Writes the entries of remittance `sequence` of a claim, first reversing an earlier posted
/// sequence of it (an overturned appeal), and records the posting.
#[allow(clippy::too_many_arguments)]
pub(super) async fn post_entries(
    db: &impl ConnectionTrait,
    row: &claim::Model,
    sequence: i32,
    remit: &Remittance,
    date: NaiveDate,
    mode: &str,
    percent: i32,
    verdict: &str,
) -> AppResult<()> {
    // Once only, racing or not.
    let claimed = remittance::Entity::update_many()
        .col_expr(
            remittance::Column::Posted,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(remittance::Column::ClaimId.eq(row.id))
        .filter(remittance::Column::Sequence.eq(sequence))
        .filter(remittance::Column::Posted.eq(false))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "this remittance is already posted".into(),
        ));
    }
    let earlier = remittance_posting::Entity::find()
        .filter(remittance_posting::Column::ClaimId.eq(row.id))
        .filter(remittance_posting::Column::Posted.eq(true))
        .order_by_desc(remittance_posting::Column::Sequence)
        .one(db)
        .await?;
    if let Some(prev) = earlier {
        let old = remittance::Entity::find()
            .filter(remittance::Column::ClaimId.eq(row.id))
            .filter(remittance::Column::Sequence.eq(prev.sequence))
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("posted remittance is gone"))?;
        let old: Remittance =
            serde_json::from_str(&old.body).map_err(|e| AppError::internal(e.to_string()))?;
        let undo: Vec<NewEntry> = entries_for(&old, date)
            .into_iter()
            .map(|e| NewEntry {
                amount_cents: -e.amount_cents,
                reason: format!(
                    "reversed: remittance {} replaced after appeal",
                    prev.sequence
                ),
                ..e
            })
            .collect();
        write(db, row, &undo).await?;
    }
    write(db, row, &entries_for(remit, date)).await?;
    remittance_posting::ActiveModel {
        id: NotSet,
        claim_id: Set(row.id),
        sequence: Set(sequence),
        user_id: Set(row.user_id),
        mode: Set(mode.into()),
        percent: Set(percent),
        verdict: Set(verdict.into()),
        posted: Set(true),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The trainee posts the latest remittance of their claim: scored against it line by line; the
/// ledger gets it only when every line is right (otherwise: the score, and try again).
pub async fn post_remittance(
    db: &DatabaseConnection,
    viewer: &Viewer,
    claim_id: i32,
    lines: Vec<PostedLine>,
) -> AppResult<(PostingScore, bool)> {
    let row = crate::service::claims::get(db, viewer, claim_id).await?;
    if row.user_id != viewer.account_id {
        return Err(AppError::not_found("claim"));
    }
    let latest = remittance::Entity::find()
        .filter(remittance::Column::ClaimId.eq(claim_id))
        .order_by_desc(remittance::Column::Sequence)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Conflict("the claim has no remittance to post".into()))?;
    let remit: Remittance =
        serde_json::from_str(&latest.body).map_err(|e| AppError::internal(e.to_string()))?;
    if remit.status == RemitStatus::Reversed {
        return Err(AppError::Conflict(
            "a void's reversal is posted with the void itself".into(),
        ));
    }
    let done = remittance_posting::Entity::find()
        .filter(remittance_posting::Column::ClaimId.eq(claim_id))
        .filter(remittance_posting::Column::Sequence.eq(latest.sequence))
        .filter(remittance_posting::Column::Posted.eq(true))
        .one(db)
        .await?;
    if done.is_some() {
        return Err(AppError::Conflict(
            "this remittance is already posted".into(),
        ));
    }
    if lines.iter().any(|l| {
        [
            l.paid_cents,
            l.contractual_cents,
            l.deductible_cents,
            l.coinsurance_cents,
            l.copay_cents,
        ]
        .iter()
        .any(|v| !(0..=100_000_000).contains(v))
    }) {
        return Err(AppError::bad_input(
            "lines",
            "amounts are 0 to 1,000,000.00 dollars, in cents",
        ));
    }
    let s = score(&remit, &lines);
    let verdict = serde_json::to_string(&s).map_err(|e| AppError::internal(e.to_string()))?;
    let right = s.percent == 100;
    let txn = begin_write(db).await?;
    // Postings, appeals and closings of one claim apply one at a time: what was scored above
    // must still be the claim's latest, unposted remittance.
    txn.lock_one(claim::Entity::find_by_id(claim_id)).await?;
    let still_latest = remittance::Entity::find()
        .filter(remittance::Column::ClaimId.eq(claim_id))
        .order_by_desc(remittance::Column::Sequence)
        .one(&txn)
        .await?
        .is_some_and(|r| r.sequence == latest.sequence);
    if !still_latest {
        return Err(AppError::Conflict(
            "a newer remittance arrived for this claim while you posted: post that one".into(),
        ));
    }
    let posted_meanwhile = remittance_posting::Entity::find()
        .filter(remittance_posting::Column::ClaimId.eq(claim_id))
        .filter(remittance_posting::Column::Sequence.eq(latest.sequence))
        .filter(remittance_posting::Column::Posted.eq(true))
        .one(&txn)
        .await?;
    if posted_meanwhile.is_some() {
        return Err(AppError::Conflict(
            "this remittance is already posted".into(),
        ));
    }
    if right {
        let date = row.received_on.unwrap_or(remit.received_on) + Days::new(POSTING_DAYS);
        post_entries(
            &txn,
            &row,
            latest.sequence,
            &remit,
            date,
            "MANUAL",
            100,
            &verdict,
        )
        .await?;
    } else {
        remittance_posting::ActiveModel {
            id: NotSet,
            claim_id: Set(row.id),
            sequence: Set(latest.sequence),
            user_id: Set(row.user_id),
            mode: Set("MANUAL".into()),
            percent: Set(s.percent as i32),
            verdict: Set(verdict),
            posted: Set(false),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
    }
    crate::service::audit::record(
        &txn,
        crate::service::audit::AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: viewer.organization_id,
            action: "ledger.post_remittance",
            target_type: "claim",
            target_id: Some(claim_id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((s, right))
}
