//! The patient statement: each service under its date of service and in plain words, the
//! practice that billed it with its remit-to address, payments and the amount due; as data and
//! as a printable HTML page.

use super::{account, bucket_ref};
use crate::auth::Viewer;
use crate::domain::claims::{Claim, ServiceLine, dollars};
use crate::domain::codes::System;
use crate::domain::codes::index::CodeIndex;
use crate::domain::ledger::balances;
use crate::domain::ledger::practice::{Practice, practice_for};
use crate::entity::claims::claim;
use crate::entity::ledger::ledger_entry;
use crate::entity::library::patient;
use crate::error::{AppError, AppResult};
use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;

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
                if let std::collections::hash_map::Entry::Vacant(v) = bodies.entry(c)
                    && let Some(row) = claim::Entity::find_by_id(c).one(db).await?
                {
                    v.insert(crate::service::claims::body(&row)?);
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
    // The practice of the account's first claim (a case's claims share one provider).
    let practice = practice_for(
        bodies
            .iter()
            .min_by_key(|(id, _)| **id)
            .and_then(|(_, b)| b.billing.taxonomy.as_deref()),
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
