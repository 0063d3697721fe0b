//! What the payer knows when it adjudicates one of a trainee's claims: the patient's coverages
//! (from the case), the services it already processed (the scenario's history plus the
//! trainee's earlier claims for the case that still stand), the authorizations on file, and the
//! simulated day the claim arrives.

use crate::domain::adjudication::{Eligibility, PriorService};
use crate::domain::cases::CaseDoc;
use crate::entity::claims::claim;
use crate::error::AppResult;
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Days between two submissions of the same case in the simulation (one remittance cycle).
pub const CYCLE_DAYS: u64 = 14;
/// Days between the service and the first claim when the case says nothing.
pub const FIRST_CLAIM_DAYS: u64 = 7;

pub fn coverages(doc: &CaseDoc) -> Vec<Eligibility> {
    doc.coverages
        .iter()
        .map(|c| Eligibility {
            payer: c.payer.clone(),
            member_id: c.member_id.clone(),
            effective: c.effective_date,
            termination: c.termination_date,
            priority: c.priority.clone(),
        })
        .collect()
}

pub fn authorizations(doc: &CaseDoc) -> Vec<String> {
    doc.scenario
        .as_ref()
        .and_then(|s| s.prior_authorization.clone())
        .into_iter()
        .collect()
}

/// The claims of this trainee for this case, oldest first: those of one exam sitting, or
/// (`None`) those of their own practice. The two never mix: work done in practice is not part
/// of a sitting, and a sitting's claims are not earlier claims of practice.
pub async fn chain(
    db: &impl ConnectionTrait,
    user_id: i32,
    case_id: i32,
    sitting: Option<i32>,
) -> AppResult<Vec<claim::Model>> {
    let in_sitting = match sitting {
        Some(s) => claim::Column::ExamAttemptId.eq(s),
        None => claim::Column::ExamAttemptId.is_null(),
    };
    Ok(claim::Entity::find()
        .filter(claim::Column::UserId.eq(user_id))
        .filter(claim::Column::CaseId.eq(case_id))
        .filter(in_sitting)
        .order_by_asc(claim::Column::Id)
        .all(db)
        .await?)
}

/// The day the payer receives `this`: the scenario's date (or a week after the service) for
/// the first claim, one remittance cycle later for each claim sent before it.
pub fn received_on(doc: &CaseDoc, chain: &[claim::Model], this: i32) -> NaiveDate {
    let base = doc
        .scenario
        .as_ref()
        .map(|s| s.submitted_on)
        .unwrap_or_else(|| {
            let last = doc
                .inpatient
                .as_ref()
                .map(|s| s.discharge_date)
                .unwrap_or(doc.date_of_service);
            last + Days::new(FIRST_CLAIM_DAYS)
        });
    let before = chain
        .iter()
        .filter(|c| c.id < this && c.submitted_at.is_some())
        .count() as u64;
    base + Days::new(CYCLE_DAYS * before)
}

/// The services the payer has on record, leaving out `exclude` (the claim being adjudicated
/// and the one it replaces): the scenario's history and the lines of the trainee's claims
/// that still stand (adjudicated or closed; not replaced, voided or rejected).
pub async fn prior_services(
    db: &impl ConnectionTrait,
    doc: &CaseDoc,
    chain: &[claim::Model],
    exclude: &[i32],
) -> AppResult<Vec<PriorService>> {
    let mut out: Vec<PriorService> = doc
        .scenario
        .iter()
        .flat_map(|s| &s.history)
        .map(|h| PriorService {
            payer: h.payer.clone(),
            code: h.code.clone(),
            modifiers: h.modifiers.clone(),
            units: h.units,
            date_of_service: h.date_of_service,
            paid: h.status == "PAID",
        })
        .collect();
    let standing: Vec<&claim::Model> = chain
        .iter()
        .filter(|c| {
            !exclude.contains(&c.id) && matches!(c.status.as_str(), "ADJUDICATED" | "CLOSED")
        })
        .collect();
    // One query for every standing claim's remittances, not one per claim.
    let ids: Vec<i32> = standing.iter().map(|c| c.id).collect();
    let mut remittances = crate::service::batch::remittances(db, &ids).await?;
    for c in standing {
        let Some(r) = remittances.remove(&c.id).and_then(|mut rs| rs.pop()) else {
            continue;
        };
        out.extend(r.lines.iter().map(|l| PriorService {
            payer: c.payer.clone(),
            code: l.code.clone(),
            modifiers: l.modifiers.clone(),
            units: l.units,
            date_of_service: l.date_of_service,
            paid: !l.denied,
        }));
    }
    Ok(out)
}
