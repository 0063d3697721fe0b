//! The children of many rows at once, one query per kind of child whatever the number of
//! parents: the GraphQL batch loaders call these, so a case set of 50 cases costs the same
//! handful of statements as one case. Callers have already authorized the parents.

use super::from_json;
use crate::domain::adjudication::Remittance;
use crate::entity::claims::{claim_appeal, remittance};
use crate::entity::library::{case_document, coverage, facility, patient, provider};
use crate::error::AppResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The documents of each case, in order.
pub async fn documents(
    db: &impl ConnectionTrait,
    case_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<case_document::Model>>> {
    let rows = case_document::Entity::find()
        .filter(case_document::Column::CaseId.is_in(case_ids.iter().copied()))
        .order_by_asc(case_document::Column::CaseId)
        .order_by_asc(case_document::Column::Position)
        .all(db)
        .await?;
    Ok(group(rows, |d| d.case_id))
}

/// Each patient with their coverages (lowest id first): two queries.
pub async fn patients(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<HashMap<i32, (patient::Model, Vec<coverage::Model>)>> {
    let people = patient::Entity::find()
        .filter(patient::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut covs = group(
        coverage::Entity::find()
            .filter(coverage::Column::PatientId.is_in(ids.iter().copied()))
            .order_by_asc(coverage::Column::Id)
            .all(db)
            .await?,
        |c| c.patient_id,
    );
    Ok(people
        .into_iter()
        .map(|p| {
            let c = covs.remove(&p.id).unwrap_or_default();
            (p.id, (p, c))
        })
        .collect())
}

pub async fn providers(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<HashMap<i32, provider::Model>> {
    let rows = provider::Entity::find()
        .filter(provider::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|p| (p.id, p)).collect())
}

pub async fn facilities(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<HashMap<i32, facility::Model>> {
    let rows = facility::Entity::find()
        .filter(facility::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|f| (f.id, f)).collect())
}

/// The remittances of each claim, oldest first.
pub async fn remittances(
    db: &impl ConnectionTrait,
    claim_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<Remittance>>> {
    Ok(posted_remittances(db, claim_ids)
        .await?
        .into_iter()
        .map(|(id, rs)| (id, rs.into_iter().map(|(r, _)| r).collect()))
        .collect())
}

/// The remittances of each claim, oldest first, each with whether it is posted to the ledger
/// (by the trainee or by auto-posting).
pub async fn posted_remittances(
    db: &impl ConnectionTrait,
    claim_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<(Remittance, bool)>>> {
    let rows = remittance::Entity::find()
        .filter(remittance::Column::ClaimId.is_in(claim_ids.iter().copied()))
        .order_by_asc(remittance::Column::ClaimId)
        .order_by_asc(remittance::Column::Sequence)
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<(Remittance, bool)>> = HashMap::new();
    for r in rows {
        out.entry(r.claim_id)
            .or_default()
            .push((from_json(&r.body)?, r.posted));
    }
    Ok(out)
}

/// The appeals of each claim, oldest first.
pub async fn appeals(
    db: &impl ConnectionTrait,
    claim_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<claim_appeal::Model>>> {
    let rows = claim_appeal::Entity::find()
        .filter(claim_appeal::Column::ClaimId.is_in(claim_ids.iter().copied()))
        .order_by_asc(claim_appeal::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |a| a.claim_id))
}

/// Rows grouped by a parent id, keeping their order.
fn group<T>(rows: Vec<T>, parent: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut out: HashMap<i32, Vec<T>> = HashMap::new();
    for r in rows {
        out.entry(parent(&r)).or_default().push(r);
    }
    out
}
