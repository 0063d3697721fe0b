//! What billers read: the patient statement (data and printable HTML), A/R aging, the work
//! queue of claims needing action, and the day sheet.

use super::{account, bucket_ref};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::claims::{Claim, ServiceLine, dollars};
use crate::domain::codes::System;
use crate::domain::codes::index::CodeIndex;
use crate::domain::ledger::aging::{AgingRow, Posting, bucket, open_balances};
use crate::domain::ledger::practice::{Practice, practice_for};
use crate::domain::ledger::{Bucket, balances};
use crate::entity::claims::{claim, remittance};
use crate::entity::ledger::{follow_up, ledger_entry};
use crate::entity::{account as account_entity, library::patient};
use crate::error::{AppError, AppResult};
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub struct StatementLine {
    /// The date of service.
    pub date: NaiveDate,
    /// The service in plain words (CPT: the project's own summary), then its code.
    pub description: String,
    /// The code and modifiers billed ("99214 25").
    pub code: String,
    pub charge_cents: i64,
    pub insurance_paid_cents: i64,
    pub adjustment_cents: i64,
    pub patient_share_cents: i64,
}

#[derive(Debug, Clone)]
pub struct Statement {
    /// The practice that billed the services, and where payments go.
    pub practice: Practice,
    pub patient_name: String,
    pub address: String,
    pub statement_date: NaiveDate,
    pub due_date: NaiveDate,
    pub services: Vec<StatementLine>,
    /// Patient payments (negative) and refunds (positive), dated.
    pub payments: Vec<(NaiveDate, String, i64)>,
    pub insurance_pending_cents: i64,
    pub amount_due_cents: i64,
}

/// The statement of the viewer's account for the patient of a case, as of a date: each
/// service under its date of service and in plain words, from the practice that billed it.
pub async fn statement(
    db: &impl ConnectionTrait,
    index: Option<&CodeIndex>,
    viewer: &Viewer,
    case_id: i32,
    as_of: NaiveDate,
) -> AppResult<Statement> {
    let acct = account(db, viewer, case_id).await?;
    let p = patient::Entity::find_by_id(acct.patient_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("patient"))?;
    let addr: serde_json::Value = serde_json::from_str(&p.address).unwrap_or_default();
    let address = format!(
        "{}, {}, {} {}",
        addr["line1"].as_str().unwrap_or(""),
        addr["city"].as_str().unwrap_or(""),
        addr["state"].as_str().unwrap_or(""),
        addr["zip"].as_str().unwrap_or("")
    );
    let mut bodies: HashMap<i32, Claim> = HashMap::new();
    let mut services: Vec<((i32, i32), StatementLine)> = Vec::new();
    let mut payments = Vec::new();
    for e in acct.entries.iter().filter(|e| e.entry_date <= as_of) {
        match (e.claim_id, e.line) {
            (Some(c), Some(l)) => {
                if let std::collections::hash_map::Entry::Vacant(v) = bodies.entry(c) {
                    if let Some(row) = claim::Entity::find_by_id(c).one(db).await? {
                        v.insert(crate::service::claims::body(&row)?);
                    }
                }
                let idx = match services.iter().position(|(k, _)| *k == (c, l)) {
                    Some(i) => i,
                    None => {
                        let line = bodies
                            .get(&c)
                            .and_then(|b| b.lines.get(usize::try_from(l - 1).ok()?));
                        services.push((
                            (c, l),
                            StatementLine {
                                date: line.map_or(e.entry_date, |x| x.date_of_service),
                                description: line.map(|x| describe(index, x)).unwrap_or_default(),
                                code: e.reason.clone(),
                                charge_cents: 0,
                                insurance_paid_cents: 0,
                                adjustment_cents: 0,
                                patient_share_cents: 0,
                            },
                        ));
                        services.len() - 1
                    }
                };
                let s = &mut services[idx].1;
                match e.kind.as_str() {
                    "CHARGE" => {
                        s.charge_cents += e.amount_cents;
                        s.code = e.reason.clone();
                    }
                    "CHARGE_REVERSAL" => s.charge_cents += e.amount_cents,
                    "PAYER_PAYMENT" => s.insurance_paid_cents -= e.amount_cents,
                    "PAYER_ADJUSTMENT" | "WRITE_OFF" => s.adjustment_cents -= e.amount_cents,
                    "TRANSFER_TO_PATIENT" if e.bucket == "PATIENT" => {
                        s.patient_share_cents += e.amount_cents
                    }
                    _ => {}
                }
            }
            (None, _) => payments.push((e.entry_date, e.reason.clone(), e.amount_cents)),
            _ => {}
        }
    }
    let upto: Vec<&ledger_entry::Model> = acct
        .entries
        .iter()
        .filter(|e| e.entry_date <= as_of)
        .collect();
    let (ins, pat) = balances(upto.iter().map(|e| (bucket_ref(&e.bucket), e.amount_cents)));
    let mut services: Vec<StatementLine> = services
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| s.charge_cents != 0)
        .collect();
    services.sort_by_key(|s| s.date);
    let practice = practice_for(
        bodies
            .values()
            .next()
            .and_then(|b| b.billing.taxonomy.as_deref()),
    );
    Ok(Statement {
        practice,
        patient_name: format!("{} {}", p.first_name, p.last_name),
        address,
        statement_date: as_of,
        due_date: as_of + Days::new(30),
        services,
        payments,
        insurance_pending_cents: ins,
        amount_due_cents: pat.max(0),
    })
}

/// A service in plain words: the code table's description on the date of service (for CPT
/// the project's own summary, never the AMA's text), then the code and any modifiers.
fn describe(index: Option<&CodeIndex>, line: &ServiceLine) -> String {
    let text = System::parse(&line.system).ok().and_then(|sys| {
        index?
            .lookup(sys, &line.code, Some(line.date_of_service))
            .or_else(|| index?.lookup(sys, &line.code, None))
            .map(|r| r.description.clone())
    });
    let code = if line.modifiers.is_empty() {
        line.code.clone()
    } else {
        format!("{}, modifier {}", line.code, line.modifiers.join(", "))
    };
    match text {
        Some(t) if !t.is_empty() => format!("{t} ({code})"),
        _ => format!("Service {code}"),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The statement as a printable HTML page a patient can read: who it is from and how to
/// reach them, what is owed and by when, each service by date and in plain words, payments,
/// and a stub to return with a check to the remit-to address.
pub async fn statement_html(
    db: &impl ConnectionTrait,
    index: Option<&CodeIndex>,
    viewer: &Viewer,
    case_id: i32,
    as_of: NaiveDate,
) -> AppResult<String> {
    let s = statement(db, index, viewer, case_id, as_of).await?;
    let mut rows = String::new();
    for l in &s.services {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>\n",
            l.date.format("%m/%d/%Y"),
            esc(&l.description),
            dollars(l.charge_cents),
            dollars(l.insurance_paid_cents),
            dollars(l.adjustment_cents),
            dollars(l.patient_share_cents)
        ));
    }
    let mut pays = String::new();
    for (d, how, amt) in &s.payments {
        pays.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=n>{}</td></tr>\n",
            d.format("%m/%d/%Y"),
            esc(how),
            dollars(-amt)
        ));
    }
    let pr = &s.practice;
    let remit = &pr.remit_to;
    Ok(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Statement from {practice}</title>\
<style>body{{font-family:sans-serif;margin:2em;max-width:48em}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ccc;padding:4px;text-align:left}}.n{{text-align:right}}\
.due{{font-size:1.4em}}.stub{{border-top:2px dashed #666;margin-top:2em;padding-top:1em}}@media print{{body{{margin:0}}}}</style></head><body>\
<header><h1>{practice}</h1><p>{paddr}<br>Billing questions: {phone}</p></header>\
<p><b>{patient}</b><br>{address}</p>\
<p>Statement date {sdate} · Please pay by {due}</p><p class=due><b>Amount due: {amount}</b></p>\
<h2>Services</h2><table><tr><th>Date of service</th><th>Service</th><th class=n>Charge</th><th class=n>Insurance paid</th><th class=n>Adjustments</th><th class=n>Your share</th></tr>\n{rows}</table>\
<h2>Your payments</h2><table><tr><th>Date</th><th>Method</th><th class=n>Amount</th></tr>\n{pays}</table>\
<p>Still with your insurance: {pending}</p>\
<section class=stub><h2>Please return this part with your payment</h2>\
<p>Make checks payable to {practice} and mail to:<br><b>{rname}</b><br>{raddr}</p>\
<p>Patient: {patient} · Statement date {sdate} · Amount due: {amount} · Amount enclosed: ________</p></section>\
<p>Simulated statement for training; no real patient or practice.</p></body></html>",
        practice = esc(&pr.name),
        paddr = esc(&pr.address.one_line()),
        phone = esc(&pr.phone),
        patient = esc(&s.patient_name),
        address = esc(&s.address),
        sdate = s.statement_date.format("%m/%d/%Y"),
        due = s.due_date.format("%m/%d/%Y"),
        amount = dollars(s.amount_due_cents),
        pending = dollars(s.insurance_pending_cents),
        rname = esc(remit.name.as_deref().unwrap_or(&pr.name)),
        raddr = esc(&remit.one_line()),
    ))
}

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
                    if !names.contains_key(&patient_id) {
                        let name = patient::Entity::find_by_id(patient_id)
                            .one(db)
                            .await?
                            .map(|p| format!("{} {}", p.first_name, p.last_name))
                            .unwrap_or_default();
                        names.insert(patient_id, name);
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
