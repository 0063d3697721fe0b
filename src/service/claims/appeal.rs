//! An appeal of one denied line, decided by the payer profile's rules and what the appeal
//! argues (`domain::adjudication::appeal`); an overturned line is re-adjudicated and a new
//! remittance stored. Levels follow one another on the locked claim: one appeal per line and
//! level (a unique index), the next only after the one before was upheld.

use super::submit::{Inputs, latest_remittance, store_remittance};
use super::{entry, from_json, history, in_sitting_window, locked, owned, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::adjudication::appeal::{self, Appeal, Decision, Ground, Outcome};
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::adjudication::{self, RemitLine};
use crate::domain::claims::Claim;
use crate::domain::codes::index::CodeIndex;
use crate::domain::lifecycle::{ClaimEvent, ClaimStatus};
use crate::entity::claims::{claim, claim_appeal};
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::stored;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

/// An appeal of one denied line (1-based): the denial it answers (CARC, optional RARC), its
/// ground, a free-text argument and the case documents that show it.
pub struct AppealRequest {
    pub claim_id: i32,
    pub line: i32,
    pub carc: String,
    pub rarc: Option<String>,
    pub ground: Ground,
    pub reason: String,
    pub documentation: Vec<String>,
}

/// The next appeal level of `line`: one more than the appeals already decided, refused once
/// the line was overturned or its payer's last level has upheld the denial.
async fn next_level(
    txn: &WriteTx,
    payer: &crate::domain::adjudication::payer::PayerProfile,
    id: i32,
    line: i32,
) -> AppResult<appeal::Level> {
    let earlier = claim_appeal::Entity::find()
        .filter(claim_appeal::Column::ClaimId.eq(id))
        .filter(claim_appeal::Column::Line.eq(line))
        .order_by_asc(claim_appeal::Column::Level)
        .all(txn)
        .await?;
    if earlier
        .iter()
        .any(|e| e.outcome == Outcome::Overturned.as_str())
    {
        return Err(AppError::Conflict(format!(
            "line {line} was already overturned on appeal"
        )));
    }
    let number = earlier.len() as u32 + 1;
    appeal::level(payer, number).ok_or_else(|| {
        AppError::Conflict(format!(
            "line {line} was upheld at {}'s last appeal level ({}): close the claim (closeClaim WRITE_OFF, or BILL_PATIENT when the patient is liable)",
            payer.name,
            appeal::level(payer, number - 1).map_or_else(String::new, |l| l.name)
        ))
    })
}

/// The CARC (and RARC) the appeal says it answers must be the line's denial.
fn answers_line(target: &RemitLine, carc: &str, rarc: Option<&str>) -> AppResult<()> {
    let Some(denial) = target.denial() else {
        return Err(AppError::bad_input(
            "line",
            format!(
                "line {} was not denied: there is nothing to appeal",
                target.line
            ),
        ));
    };
    let stated = carc.trim().to_uppercase();
    let stated = stated
        .strip_prefix(&format!("{}-", denial.group))
        .unwrap_or(&stated);
    if stated != denial.reason {
        return Err(AppError::bad_input(
            "carc",
            format!(
                "line {} was denied {}-{}{}: an appeal answers the denial on the remittance",
                target.line,
                denial.group,
                denial.reason,
                if target.remarks.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", target.remarks.join(", "))
                }
            ),
        ));
    }
    if let Some(r) = rarc
        && !target
            .remarks
            .iter()
            .any(|m| m.eq_ignore_ascii_case(r.trim()))
    {
        return Err(AppError::bad_input(
            "rarc",
            format!(
                "{} is not a remark on line {} (its remarks: {})",
                r.trim(),
                target.line,
                if target.remarks.is_empty() {
                    "none".to_owned()
                } else {
                    target.remarks.join(", ")
                }
            ),
        ));
    }
    Ok(())
}

pub async fn appeal_line(
    db: &DatabaseConnection,
    codes: &CodeIndex,
    ncci: &Ncci,
    viewer: &Viewer,
    req: AppealRequest,
    now: DateTime<Utc>,
) -> AppResult<(claim::Model, Decision)> {
    let AppealRequest {
        claim_id: id,
        line,
        carc,
        rarc,
        ground,
        reason,
        documentation,
    } = req;
    owned(db, viewer, id).await?;
    let reason = reason.trim().to_owned();
    if reason.is_empty() || reason.len() > 4_000 {
        return Err(AppError::bad_input(
            "reason",
            "say why the denial is wrong (1 to 4,000 characters)",
        ));
    }
    let rarc = rarc
        .map(|r| r.trim().to_uppercase())
        .filter(|r| !r.is_empty());
    // One appeal per line and level, decided one at a time on the locked claim.
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    in_sitting_window(&txn, &row, now).await?;
    stored(ClaimStatus::parse(&row.status))?.next(ClaimEvent::Work)?;
    let remit = latest_remittance(&txn, id).await?;
    let Some(target) = remit.lines.iter().find(|l| l.line as i32 == line) else {
        return Err(AppError::bad_input(
            "line",
            format!("the claim has lines 1 to {}", remit.lines.len()),
        ));
    };
    let body: Claim = from_json(&row.body)?;
    let payer = crate::service::payers::profile(&txn, &body.payer).await?;
    let level = next_level(&txn, &payer, id, line).await?;
    answers_line(target, &carc, rarc.as_deref())?;
    let doc = crate::service::cases::case_doc(&txn, row.case_id).await?;
    let titles: Vec<&str> = doc.documents.iter().map(|d| d.title.as_str()).collect();
    if let Some(bad) = documentation.iter().find(|t| !titles.contains(&t.as_str())) {
        return Err(AppError::bad_input(
            "documentation",
            format!(
                "'{bad}' is not a document of this case (its documents: {})",
                titles.join(", ")
            ),
        ));
    }
    let support = doc
        .scenario
        .as_ref()
        .filter(|s| s.appeal_supported)
        .and_then(|s| s.appeal.as_ref())
        .map(|a| appeal::Support {
            ground: a.ground,
            documents: &a.documents,
        });
    // The simulated calendar: each level's decision comes one cycle after its filing, and the
    // trainee files one cycle after the decision appealed (the remittance for level 1).
    let cycle = u64::from(level.number - 1) * 2 * history::CYCLE_DAYS;
    let decided_on = remit.received_on + chrono::Days::new(cycle);
    let filed_on = decided_on + chrono::Days::new(history::CYCLE_DAYS);
    let decision = appeal::decide(
        &payer,
        target,
        &Appeal {
            carc: target.denial().map_or("", |d| d.reason.as_str()),
            ground,
            documentation: &documentation,
            support,
            level: &level,
            decided_on,
            filed_on,
        },
    );
    let carc = target.denial().map(|d| d.reason.clone());
    let mut remittance = None;
    if decision.outcome == Outcome::Overturned {
        let mut overturned: Vec<u32> = super::appeals(&txn, id)
            .await?
            .iter()
            .filter(|a| a.outcome == "OVERTURNED")
            .map(|a| a.line as u32)
            .collect();
        overturned.push(line as u32);
        let chain = history::chain(&txn, row.user_id, row.case_id, row.exam_attempt_id).await?;
        let exclude: Vec<i32> = std::iter::once(row.id)
            .chain(row.original_claim_id)
            .collect();
        let inputs = Inputs::load(&txn, &doc, &chain, &exclude, &body).await?;
        let received = row.received_on.unwrap_or(remit.received_on);
        let ctx = inputs.context(codes, ncci, received, false, remit.claim_number.clone());
        remittance = Some(adjudication::adjudicate_after_appeal(
            &body,
            &ctx,
            &overturned,
        ));
    }
    let sequence = super::remittances(&txn, id).await?.len() as i32 + 1;
    claim_appeal::ActiveModel {
        id: NotSet,
        claim_id: Set(id),
        line: Set(line),
        level: Set(level.number as i32),
        reason: Set(reason),
        carc: Set(carc),
        rarc: Set(rarc),
        ground: Set(Some(ground.as_str().to_owned())),
        documentation: Set(to_json(&documentation)?),
        outcome: Set(decision.outcome.as_str().into()),
        message: Set(decision.message.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    if let Some(r) = &remittance {
        store_remittance(&txn, id, sequence, r).await?;
        crate::service::billing::on_new_remittance(&txn, &row, sequence, r).await?;
    }
    let version = row.version + 1;
    let mut a: claim::ActiveModel = row.into();
    a.version = Set(version);
    a.updated_at = Set(Utc::now());
    let row = a.update(&txn).await?;
    audit::record(&txn, entry(viewer, id, "claim.appeal")).await?;
    txn.commit().await?;
    Ok((row, decision))
}
