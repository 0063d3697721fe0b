//! Submission: the clearinghouse edits, then the payer. A rejected claim gets every reason and
//! no remittance; an accepted one is adjudicated (or, for a void, its original's payment is
//! reversed) and its remittance stored. A conditional update guards the DRAFT → sent step so
//! that racing submissions yield one remittance.

use super::{entry, from_json, history, in_sitting_window, locked, owned, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::adjudication::{self, Context, RemitStatus, Remittance};
use crate::domain::cases::CaseDoc;
use crate::domain::claims::{Claim, Frequency, edits};
use crate::domain::codes::index::CodeIndex;
use crate::domain::lifecycle::{ClaimEvent, ClaimStatus};
use crate::entity::claims::{claim, remittance};
use crate::error::{AppError, AppResult};
use crate::service::audit;
use crate::service::stored;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

/// The payer's claim control number for one of our claims.
pub fn claim_number(id: i32) -> String {
    format!("26{id:09}")
}

/// Sends a DRAFT claim: the clearinghouse's edits, then the payer, all in one transaction on
/// the locked claim (and the locked original, for a corrected claim or a void), so that racing
/// submissions, edits and remedies apply one at a time: one remittance, and a sent claim is
/// never edited afterwards.
pub async fn submit(
    db: &DatabaseConnection,
    codes: &CodeIndex,
    ncci: &Ncci,
    viewer: &Viewer,
    id: i32,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    owned(db, viewer, id).await?;
    let txn = begin_write(db).await?;
    let row = submit_locked(&txn, codes, ncci, id, now).await?;
    audit::record(&txn, entry(viewer, row.id, "claim.submit")).await?;
    txn.commit().await?;
    Ok(row)
}

/// `submit` inside the caller's transaction (a void is created and sent in one), without its
/// audit row: the caller writes the one row of its mutation.
pub(crate) async fn submit_locked(
    txn: &WriteTx,
    codes: &CodeIndex,
    ncci: &Ncci,
    id: i32,
    now: DateTime<Utc>,
) -> AppResult<claim::Model> {
    let row = locked(txn, id).await?;
    in_sitting_window(txn, &row, now).await?;
    let from = stored(ClaimStatus::parse(&row.status))?;
    from.next(ClaimEvent::SendAccepted)?;
    let body: Claim = from_json(&row.body)?;
    let follows = match row.original_claim_id {
        None => None,
        Some(orig) => {
            let original = locked(txn, orig).await?;
            let event = if body.frequency == Frequency::Void {
                ClaimEvent::Void
            } else {
                ClaimEvent::Replace
            };
            let next = stored(ClaimStatus::parse(&original.status))?
                .next(event)
                .map_err(|r| {
                    AppError::Conflict(format!("claim {orig} cannot be replaced or voided: {r}"))
                })?;
            Some((original, next))
        }
    };
    let doc = crate::service::cases::case_doc(txn, row.case_id).await?;
    let chain = history::chain(txn, row.user_id, row.case_id, row.exam_attempt_id).await?;
    let rejections = edits::check(&body, codes);
    let now = Utc::now();
    let received = history::received_on(&doc, &chain, row.id);
    let outcome = if rejections.is_empty() {
        Some(adjudicate(txn, codes, ncci, &doc, &chain, &row, &body, received).await?)
    } else {
        None
    };
    let status = from.next(if outcome.is_some() {
        ClaimEvent::SendAccepted
    } else {
        ClaimEvent::SendRejected
    })?;
    let mut a: claim::ActiveModel = row.clone().into();
    a.status = Set(status.as_str().into());
    a.submitted_at = Set(Some(now));
    a.updated_at = Set(now);
    a.version = Set(row.version + 1);
    match outcome {
        None => {
            a.rejections = Set(Some(to_json(&rejections)?));
            a.times_rejected = Set(row.times_rejected + 1);
        }
        Some(remit) => {
            a.claim_number = Set(Some(remit.claim_number.clone()));
            a.received_on = Set(Some(received));
            store_remittance(txn, row.id, 1, &remit).await?;
            crate::service::billing::on_adjudicated(txn, &row, &body, &remit, received).await?;
            if let Some((original, next)) = follows {
                let version = original.version + 1;
                let mut o: claim::ActiveModel = original.into();
                o.status = Set(next.as_str().into());
                o.updated_at = Set(now);
                o.version = Set(version);
                o.update(txn).await?;
            }
        }
    }
    a.update(txn).await.map_err(Into::into)
}

#[allow(clippy::too_many_arguments)]
async fn adjudicate(
    db: &impl ConnectionTrait,
    codes: &CodeIndex,
    ncci: &Ncci,
    doc: &CaseDoc,
    chain: &[claim::Model],
    row: &claim::Model,
    body: &Claim,
    received: chrono::NaiveDate,
) -> AppResult<Remittance> {
    let number = claim_number(row.id);
    if body.frequency == Frequency::Void {
        let orig = row
            .original_claim_id
            .ok_or_else(|| AppError::internal("void without an original claim"))?;
        let last = latest_remittance(db, orig).await?;
        return Ok(adjudication::reverse(&last, &number, received));
    }
    let exclude: Vec<i32> = std::iter::once(row.id)
        .chain(row.original_claim_id)
        .collect();
    let replaces_denied = match row.original_claim_id {
        Some(orig) => latest_remittance(db, orig).await?.status == RemitStatus::Denied,
        None => false,
    };
    let inputs = Inputs::load(db, doc, chain, &exclude, body).await?;
    let ctx = inputs.context(codes, ncci, received, replaces_denied, number);
    let mut remittance = adjudication::adjudicate(body, &ctx);
    super::drg::annotate(&mut remittance, inputs.drg.as_ref());
    Ok(remittance)
}

/// The owned inputs of a `Context`.
pub(super) struct Inputs {
    pub payer: crate::domain::adjudication::payer::PayerProfile,
    pub coverages: Vec<adjudication::Eligibility>,
    pub history: Vec<adjudication::PriorService>,
    pub authorizations: Vec<String>,
    pub drg_weight: Option<f64>,
    /// The payer's DRG validation of an inpatient claim (`claims::drg`).
    pub drg: Option<crate::domain::adjudication::DrgValidation>,
}

impl Inputs {
    pub async fn load(
        db: &impl ConnectionTrait,
        doc: &CaseDoc,
        chain: &[claim::Model],
        exclude: &[i32],
        body: &Claim,
    ) -> AppResult<Self> {
        let (drg_weight, drg) = match super::drg::validate(doc, body) {
            Some((weight, validation)) => (weight, Some(validation)),
            None => (None, None),
        };
        Ok(Inputs {
            payer: crate::service::payers::profile(db, &body.payer).await?,
            coverages: history::coverages(doc),
            history: history::prior_services(db, doc, chain, exclude).await?,
            authorizations: history::authorizations(doc),
            drg_weight,
            drg,
        })
    }

    pub fn context<'a>(
        &'a self,
        codes: &'a CodeIndex,
        ncci: &'a Ncci,
        received_on: chrono::NaiveDate,
        replaces_denied_claim: bool,
        claim_number: String,
    ) -> Context<'a> {
        Context {
            codes,
            ncci,
            payer: &self.payer,
            coverages: &self.coverages,
            history: &self.history,
            authorizations: &self.authorizations,
            received_on,
            deductible_met_cents: 0,
            replaces_denied_claim,
            claim_number,
            drg_weight: self.drg_weight,
        }
    }
}

pub(super) async fn latest_remittance(
    db: &impl ConnectionTrait,
    claim_id: i32,
) -> AppResult<Remittance> {
    let r = remittance::Entity::find()
        .filter(remittance::Column::ClaimId.eq(claim_id))
        .order_by_desc(remittance::Column::Sequence)
        .one(db)
        .await?
        .ok_or_else(|| AppError::Conflict("the claim has no remittance yet".into()))?;
    from_json(&r.body)
}

pub(super) async fn store_remittance(
    db: &impl ConnectionTrait,
    claim_id: i32,
    sequence: i32,
    r: &Remittance,
) -> AppResult<()> {
    remittance::ActiveModel {
        id: NotSet,
        claim_id: Set(claim_id),
        sequence: Set(sequence),
        status: Set(r.status.as_str().into()),
        paid_cents: Set(r.paid_cents),
        patient_responsibility_cents: Set(r.patient_responsibility_cents),
        body: Set(to_json(r)?),
        created_at: Set(Utc::now()),
        posted: Set(false),
    }
    .insert(db)
    .await?;
    Ok(())
}
