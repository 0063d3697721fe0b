//! What billers read: A/R aging, the work queue of claims needing action, and the day sheet
//! (the patient statement is in `statement.rs`).

use super::bucket_ref;
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::ledger::Bucket;
use crate::domain::ledger::aging::{AgingRow, Posting, bucket, open_balances};
use crate::entity::claims::{claim, remittance};
use crate::entity::ledger::{follow_up, ledger_entry};
use crate::entity::{account as account_entity, library::patient};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

/// The users whose accounts the viewer reads: their own, or (INSTRUCTOR, ADMIN) their
/// organization's.
async fn scope(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    organization: bool,
) -> AppResult<Vec<i32>> {
    if !organization {
        return Ok(vec![viewer.account_id]);
    }
    let org = viewer
        .organization_id
        .ok_or_else(|| AppError::forbidden("you belong to no organization"))?;
    viewer.require_in_org(org, &[Role::Instructor], "read the organization's accounts")?;
    Ok(account_entity::Entity::find()
        .filter(account_entity::Column::OrganizationId.eq(org))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect())
}

async fn open_claims(db: &impl ConnectionTrait, users: &[i32]) -> AppResult<Vec<claim::Model>> {
    Ok(claim::Entity::find()
        .filter(claim::Column::UserId.is_in(users.to_vec()))
        .filter(claim::Column::Status.is_in(["ADJUDICATED", "CLOSED", "REJECTED"]))
        .filter(claim::Column::Frequency.ne("VOID"))
        .order_by_asc(claim::Column::Id)
        .all(db)
        .await?)
}

pub struct AgingReport {
    pub as_of: NaiveDate,
    pub total: AgingRow,
    pub by_payer: Vec<AgingRow>,
    pub by_patient: Vec<AgingRow>,
}

fn add(rows: &mut Vec<AgingRow>, label: &str, b: usize, cents: i64) {
    match rows.iter_mut().find(|r| r.label == label) {
        Some(r) => r.add(b, cents),
        None => {
            let mut r = AgingRow {
                label: label.to_owned(),
                ..AgingRow::default()
            };
            r.add(b, cents);
            rows.push(r);
        }
    }
}

/// Open balances by age since billing, read from the ledger as of the date (every payment,
/// adjustment and transfer counted): insurance balances by payer, patient balances by patient
/// after the patient's payments are applied. The total is the sum of the ledgers' balances.
pub async fn aging(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    organization: bool,
    as_of: NaiveDate,
) -> AppResult<AgingReport> {
    let users = scope(db, viewer, organization).await?;
    let mut rep = AgingReport {
        as_of,
        total: AgingRow {
            label: "All".into(),
            ..AgingRow::default()
        },
        by_payer: Vec::new(),
        by_patient: Vec::new(),
    };
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::UserId.is_in(users))
        .filter(ledger_entry::Column::EntryDate.lte(as_of))
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?;
    // One account per (trainee, patient): a patient's payments pay only their own balances.
    let mut accounts: BTreeMap<(i32, i32), Vec<&ledger_entry::Model>> = BTreeMap::new();
    for e in &entries {
        accounts
            .entry((e.user_id, e.patient_id))
            .or_default()
            .push(e);
    }
    let mut names: HashMap<i32, String> = HashMap::new();
    for ((_, patient_id), rows) in accounts {
        let postings: Vec<Posting> = rows
            .iter()
            .map(|e| Posting {
                claim: e.claim_id,
                date: e.entry_date,
                bucket: *bucket_ref(&e.bucket),
                amount_cents: e.amount_cents,
            })
            .collect();
        for o in open_balances(&postings, as_of) {
            let b = bucket(o.since, as_of);
            rep.total.add(b, o.cents);
            match o.bucket {
                Bucket::Insurance => {
                    let payer = rows
                        .iter()
                        .find(|e| e.claim_id == o.claim && e.payer.is_some())
                        .and_then(|e| e.payer.clone())
                        .unwrap_or_default();
                    add(&mut rep.by_payer, &payer, b, o.cents);
                }
                Bucket::Patient => {
                    if let std::collections::hash_map::Entry::Vacant(v) = names.entry(patient_id) {
                        let name = patient::Entity::find_by_id(patient_id)
                            .one(db)
                            .await?
                            .map(|p| format!("{} {}", p.first_name, p.last_name))
                            .unwrap_or_default();
                        v.insert(name);
                    }
                    let name = names.get(&patient_id).cloned().unwrap_or_default();
                    add(&mut rep.by_patient, &name, b, o.cents);
                }
            }
        }
    }
    rep.by_payer.sort_by_key(|r| std::cmp::Reverse(r.total));
    rep.by_patient.sort_by_key(|r| std::cmp::Reverse(r.total));
    Ok(rep)
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub claim: claim::Model,
    /// REJECTED, DENIED, PARTIALLY_PAID, UNPOSTED or UNPAID.
    pub reason: String,
    pub amount_cents: i64,
    pub age_days: i64,
    pub follow_ups: u64,
}

/// The viewer's claims needing action, largest amount first, then oldest.
pub async fn work_queue(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    as_of: NaiveDate,
) -> AppResult<Vec<QueueItem>> {
    let mut out = Vec::new();
    let mut payers = std::collections::HashMap::new();
    for c in open_claims(db, &[viewer.account_id]).await? {
        if c.status == "CLOSED" {
            continue;
        }
        // Only claims that existed on the date asked: the service done and the claim sent.
        let sent = c.received_on.or(c.submitted_at.map(|t| t.date_naive()));
        let service = crate::service::claims::body(&c)?.date_of_service;
        let Some(sent) = sent.filter(|s| *s <= as_of && service <= as_of) else {
            continue;
        };
        let age = (as_of - sent).num_days();
        let latest = remittance::Entity::find()
            .filter(remittance::Column::ClaimId.eq(c.id))
            .order_by_desc(remittance::Column::Sequence)
            .one(db)
            .await?;
        let ins: i64 = super::claim_entries(db, c.id)
            .await?
            .iter()
            .filter(|e| e.entry_date <= as_of && e.bucket != "PATIENT")
            .map(|e| e.amount_cents)
            .sum();
        let (reason, amount) = match (&c.status[..], &latest) {
            ("REJECTED", _) => ("REJECTED", c.total_charge_cents),
            (_, Some(r)) if r.status.as_str() == "DENIED" => {
                ("DENIED", ins.max(c.total_charge_cents))
            }
            // Adjudicated, and the remittance (even one paying $0) waits for its posting.
            (_, Some(r)) if !r.posted => ("UNPOSTED", ins),
            (_, Some(r)) if r.status.as_str() == "PARTIALLY_PAID" => ("PARTIALLY_PAID", ins),
            _ if ins > 0 && age > expected_days(db, &mut payers, &c.payer).await? => {
                ("UNPAID", ins)
            }
            _ => continue,
        };
        let follow_ups = follow_up::Entity::find()
            .filter(follow_up::Column::ClaimId.eq(c.id))
            .count(db)
            .await?;
        out.push(QueueItem {
            claim: c,
            reason: reason.into(),
            amount_cents: amount,
            age_days: age,
            follow_ups,
        });
    }
    out.sort_by(|a, b| {
        b.amount_cents
            .cmp(&a.amount_cents)
            .then(b.age_days.cmp(&a.age_days))
    });
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct DaySheet {
    pub date: NaiveDate,
    pub charges_cents: i64,
    pub payer_payments_cents: i64,
    pub patient_payments_cents: i64,
    pub adjustments_cents: i64,
    /// Σ of the day's entries: what the day changed the total A/R by.
    pub net_cents: i64,
    pub balance_before_cents: i64,
    pub balance_after_cents: i64,
    pub entries: Vec<ledger_entry::Model>,
}

/// A day's charges, payments and adjustments, with the balance before and after it: after −
/// before = net, which reconciles with the ledgers.
pub async fn day_sheet(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    organization: bool,
    date: NaiveDate,
) -> AppResult<DaySheet> {
    let users = scope(db, viewer, organization).await?;
    let all = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::UserId.is_in(users))
        .filter(ledger_entry::Column::EntryDate.lte(date))
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?;
    let mut d = DaySheet {
        date,
        ..DaySheet::default()
    };
    for e in all {
        if e.entry_date < date {
            d.balance_before_cents += e.amount_cents;
            continue;
        }
        d.net_cents += e.amount_cents;
        match e.kind.as_str() {
            "CHARGE" => d.charges_cents += e.amount_cents,
            "PAYER_PAYMENT" => d.payer_payments_cents += e.amount_cents,
            "PATIENT_PAYMENT" | "REFUND" => d.patient_payments_cents += e.amount_cents,
            "TRANSFER_TO_PATIENT" => {}
            _ => d.adjustments_cents += e.amount_cents,
        }
        d.entries.push(e);
    }
    d.balance_after_cents = d.balance_before_cents + d.net_cents;
    Ok(d)
}

/// The days a payer normally takes to pay (its profile's `expectedPaymentDays`).
async fn expected_days(
    db: &impl ConnectionTrait,
    cache: &mut std::collections::HashMap<String, i64>,
    slug: &str,
) -> AppResult<i64> {
    if let Some(d) = cache.get(slug) {
        return Ok(*d);
    }
    let d = i64::from(
        crate::service::payers::profile(db, slug)
            .await?
            .expected_payment_days,
    );
    cache.insert(slug.to_owned(), d);
    Ok(d)
}
