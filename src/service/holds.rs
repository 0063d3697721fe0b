//! Content held back from free practice, per account: a case is held for the trainees it is
//! assigned to in an exam-mode assignment until that assignment closes, and for a candidate
//! while an assessment holding it waits for them (an unused grant) or is being sat. Held
//! content is not listed for them, cannot be practised or claimed outside the exam, and no
//! key, score report or remedy of it is shown to them through practice.
//!
//! The same records say which cases an account may read although the library does not list
//! them for it: those of its open assignments and of its sittings in progress.

use super::exams::Entry;
use super::from_json;
use crate::entity::cohort_member;
use crate::entity::exams::{exam_attempt, exam_form, exam_grant};
use crate::entity::library::case_set_item;
use crate::entity::practice::assignment;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeSet;

/// The cases held back from this account's free practice at `now`.
pub async fn held_cases(
    db: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
) -> AppResult<BTreeSet<i32>> {
    let mut held =
        assigned_cases(db, account_id, |a| a.mode == "EXAM" && now < a.closes_at).await?;
    let pending: Vec<i32> = exam_grant::Entity::find()
        .filter(exam_grant::Column::AccountId.eq(account_id))
        .filter(exam_grant::Column::UsedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.form_id)
        .collect();
    for f in exam_form::Entity::find()
        .filter(exam_form::Column::Id.is_in(pending))
        .all(db)
        .await?
    {
        let entries: Vec<Entry> = from_json(f.items.as_deref().unwrap_or("[]"))?;
        held.extend(case_ids(&entries));
    }
    held.extend(sitting_cases(db, account_id).await?);
    Ok(held)
}

/// Whether one case is held back from this account's free practice at `now`.
pub async fn is_held(
    db: &impl ConnectionTrait,
    account_id: i32,
    case_id: i32,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    Ok(held_cases(db, account_id, now).await?.contains(&case_id))
}

/// The cases this account may read through an assignment that has opened for it, or a
/// sitting it has in progress.
pub async fn reachable_cases(
    db: &impl ConnectionTrait,
    account_id: i32,
    now: DateTime<Utc>,
) -> AppResult<BTreeSet<i32>> {
    let mut ids = assigned_cases(db, account_id, |a| a.opens_at <= now).await?;
    ids.extend(sitting_cases(db, account_id).await?);
    Ok(ids)
}

/// The cases of the assignments of this account's cohorts that `keep` accepts.
async fn assigned_cases(
    db: &impl ConnectionTrait,
    account_id: i32,
    keep: impl Fn(&assignment::Model) -> bool,
) -> AppResult<BTreeSet<i32>> {
    let cohorts: Vec<i32> = cohort_member::Entity::find()
        .filter(cohort_member::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.cohort_id)
        .collect();
    if cohorts.is_empty() {
        return Ok(BTreeSet::new());
    }
    let sets: Vec<i32> = assignment::Entity::find()
        .filter(assignment::Column::CohortId.is_in(cohorts))
        .all(db)
        .await?
        .into_iter()
        .filter(|a| keep(a))
        .map(|a| a.case_set_id)
        .collect();
    if sets.is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.is_in(sets))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.case_id)
        .collect())
}

/// The cases of this account's sittings in progress.
async fn sitting_cases(db: &impl ConnectionTrait, account_id: i32) -> AppResult<BTreeSet<i32>> {
    let mut ids = BTreeSet::new();
    for a in exam_attempt::Entity::find()
        .filter(exam_attempt::Column::AccountId.eq(account_id))
        .filter(exam_attempt::Column::Status.eq("IN_PROGRESS"))
        .all(db)
        .await?
    {
        let entries: Vec<Entry> = from_json(&a.items)?;
        ids.extend(case_ids(&entries));
    }
    Ok(ids)
}

fn case_ids(entries: &[Entry]) -> impl Iterator<Item = i32> + '_ {
    entries.iter().filter_map(|e| match e {
        Entry::Case(c) | Entry::Claim(c) => Some(*c),
        Entry::Question(_) => None,
    })
}
