//! The scoring of a trainee's claim work on a case, and the X12 exports.

use super::{appeals, from_json, get, history, remittances};
use crate::auth::Viewer;
use crate::domain::adjudication::payer::PayerKind;
use crate::domain::adjudication::x835;
use crate::domain::cases::CaseDoc;
use crate::domain::cases::scenario::Remedy;
use crate::domain::claims::coding::Expected;
use crate::domain::claims::work::{Action, Step, Verdict, judge};
use crate::domain::claims::{Claim, x12};
use crate::entity::claims::claim;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

/// The viewer's claim work on a case as they may see it now. In practice: the expected remedy
/// and its explanation only once the work is finished (paid, resolved or closed) and the case
/// is not held for an exam of theirs. In a sitting (`sitting`): the judgement only once the
/// sitting is closed and its form releases results to candidates; before, only the steps.
pub async fn work_shown(
    db: &sea_orm::DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
    sitting: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<Verdict> {
    let Some(s) = sitting else {
        crate::service::cases::get(db, viewer, case_id).await?;
        let v = work_for_case(db, viewer, case_id).await?;
        let held = crate::service::holds::is_held(db, viewer.account_id, case_id, now).await?;
        return Ok(if v.finished() && !held {
            v
        } else {
            v.without_remedy()
        });
    };
    let row = crate::service::exams::get(db, viewer, now, s)
        .await
        .map_err(|_| AppError::bad_input("examAttemptId", format!("no sitting {s} of yours")))?;
    let entries = crate::service::exams::entries(&row)?;
    if !entries.contains(&crate::service::exams::Entry::Claim(case_id)) {
        return Err(AppError::bad_input(
            "caseId",
            "this case is not a claim item of that sitting",
        ));
    }
    let v = work_in_sitting(db, viewer.account_id, case_id, s).await?;
    let form = crate::service::exams::form_of(db, &row).await?;
    let released = row.status != "IN_PROGRESS" && form.feedback == "IMMEDIATE";
    Ok(if released { v } else { v.withheld() })
}

/// Judges the viewer's claim work on a case in their own practice.
pub async fn work_for_case(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    case_id: i32,
) -> AppResult<Verdict> {
    judge_chain(db, viewer.account_id, case_id, None).await
}

/// Judges an account's claim work on a case inside one exam sitting (nothing done before it
/// or outside it counts; nothing can be done after it).
pub async fn work_in_sitting(
    db: &impl ConnectionTrait,
    account_id: i32,
    case_id: i32,
    sitting: i32,
) -> AppResult<Verdict> {
    judge_chain(db, account_id, case_id, Some(sitting)).await
}

async fn judge_chain(
    db: &impl ConnectionTrait,
    account_id: i32,
    case_id: i32,
    sitting: Option<i32>,
) -> AppResult<Verdict> {
    let doc = crate::service::cases::case_doc(db, case_id).await?;
    let chain = history::chain(db, account_id, case_id, sitting).await?;
    let practice_billed = doc.scenario.as_ref().is_some_and(|s| s.billed.is_some());
    let mut steps: Vec<(DateTime<Utc>, Step)> = Vec::new();
    for c in chain.iter().filter(|c| c.submitted_at.is_some()) {
        let at = c.submitted_at.unwrap_or(c.created_at);
        let remits = remittances(db, c.id).await?;
        let action = match c.frequency.as_str() {
            "REPLACEMENT" => Action::Replace,
            "VOID" => Action::Void,
            _ => Action::Submit,
        };
        let earlier_rejections = c.times_rejected - i32::from(remits.is_empty());
        for _ in 0..earlier_rejections.max(0) {
            steps.push((
                c.created_at,
                Step {
                    action: Action::Submit,
                    payer: c.payer.clone(),
                    outcome: "REJECTED".into(),
                    patient_liable_only: false,
                    coded: None,
                },
            ));
        }
        let outcome = match remits.first() {
            None => "REJECTED".to_owned(),
            Some(r) => r.status.as_str().to_owned(),
        };
        let body: Claim = from_json(&c.body)?;
        let coded = (action != Action::Void).then(|| Box::new(body.clone()));
        let liable = remits
            .first()
            .is_some_and(|r| r.denials().count() > 0 && r.denials().all(|(_, a)| a.group == "PR"));
        steps.push((
            at,
            Step {
                action,
                payer: c.payer.clone(),
                outcome,
                patient_liable_only: liable,
                coded,
            },
        ));
        for a in appeals(db, c.id).await? {
            steps.push((
                a.created_at,
                Step {
                    action: Action::Appeal,
                    payer: c.payer.clone(),
                    outcome: a.outcome.clone(),
                    patient_liable_only: false,
                    // The practice's own claim of a scenario is not the trainee's coding.
                    coded: (!practice_billed).then(|| Box::new(body.clone())),
                },
            ));
        }
        if let Some(res) = &c.resolution {
            let action = match res.as_str() {
                "WRITE_OFF" => Action::WriteOff,
                "BILL_PATIENT" => Action::BillPatient,
                _ => Action::NoAction,
            };
            steps.push((
                c.updated_at,
                Step {
                    action,
                    payer: c.payer.clone(),
                    outcome: "CLOSED".into(),
                    patient_liable_only: false,
                    coded: None,
                },
            ));
        }
    }
    steps.sort_by_key(|(at, _)| *at);
    let mut steps: Vec<Step> = steps.into_iter().map(|(_, s)| s).collect();
    if practice_billed && let Some(first) = steps.first_mut() {
        first.coded = None;
    }
    Ok(judge(doc.scenario.as_ref(), &expected(&doc), &steps))
}

/// What the claim that settles the work should be: the key's coding, sent to the payer
/// responsible (the primary coverage, or the one the scenario's remedy bills instead of the
/// payer first billed) with that coverage's member ID and the authorization on file.
fn expected(doc: &CaseDoc) -> Expected<'_> {
    let primary = doc.coverages.iter().find(|c| c.priority == "PRIMARY");
    let coverage = match &doc.scenario {
        Some(s) if s.remedy == Remedy::BillOtherPayer => doc
            .coverages
            .iter()
            .find(|c| c.priority == "PRIMARY" && Some(&c.payer) != s.billed_payer.as_ref())
            .or(primary),
        Some(s) => s
            .billed_payer
            .as_ref()
            .and_then(|p| doc.coverages.iter().find(|c| &c.payer == p))
            .or(primary),
        None => primary,
    };
    Expected {
        key: &doc.key,
        payer: coverage.map_or("", |c| c.payer.as_str()),
        member_id: coverage.map(|c| c.member_id.as_str()),
        prior_authorization: doc
            .scenario
            .as_ref()
            .and_then(|s| s.prior_authorization.as_deref()),
    }
}

pub(super) fn filing_indicator(kind: PayerKind, slug: &str) -> &'static str {
    match kind {
        PayerKind::Medicare => "MB",
        PayerKind::Medicaid => "MC",
        PayerKind::Commercial if slug.contains("hmo") => "HM",
        PayerKind::Commercial => "CI",
    }
}

/// The 837P of a professional claim the viewer may read.
pub async fn claim_x12(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> AppResult<String> {
    let row = get(db, viewer, id).await?;
    let body: Claim = from_json(&row.body)?;
    if body.lines.is_empty() || body.diagnoses.is_empty() {
        return Err(AppError::bad_input(
            "id",
            "an 837P needs at least one diagnosis and one service line: code the claim first",
        ));
    }
    let payer = crate::service::payers::profile(db, &body.payer).await?;
    let doc = crate::service::cases::case_doc(db, row.case_id).await?;
    let sequence = match doc
        .coverages
        .iter()
        .find(|c| c.payer == body.payer)
        .map(|c| c.priority.as_str())
    {
        Some("SECONDARY") => "S",
        Some("TERTIARY") => "T",
        _ => "P",
    };
    // Sent on the claim's simulated timeline: the day the payer receives it (electronic
    // claims arrive the day they are sent), or for a draft the day it would be sent.
    let sent = match row.received_on {
        Some(d) => d,
        None => {
            let chain =
                super::history::chain(db, row.user_id, row.case_id, row.exam_attempt_id).await?;
            super::history::received_on(&doc, &chain, row.id)
        }
    };
    let env = x12::Envelope {
        control: row.id as u32,
        created: sent.and_time(created(&row).time()),
        claim_id: &format!("PCM{}", row.id),
        payer_name: &payer.name,
        payer_id: &payer.payer_id,
        filing_indicator: filing_indicator(payer.kind, &payer.slug),
        sequence,
    };
    x12::write_837p(&body, &env).ok_or_else(|| {
        AppError::bad_input(
            "id",
            "an institutional (UB-04) claim has no 837P; the 837I is not produced yet",
        )
    })
}

/// The 835 of a claim's latest remittance.
pub async fn remittance_x12(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<String> {
    let row = get(db, viewer, id).await?;
    let body: Claim = from_json(&row.body)?;
    let mut all = remittances(db, id).await?;
    let cycles = all.len() as u64;
    let remit = all.pop().ok_or_else(|| {
        AppError::bad_input("id", "the claim has no remittance (it was not adjudicated)")
    })?;
    // Produced and paid on the simulated timeline: one payment cycle after the payer received
    // the claim, one more for each later remittance (an overturned appeal), as the ledger
    // posts them.
    let issued = row.received_on.unwrap_or(remit.received_on)
        + chrono::Days::new(crate::service::billing::POSTING_DAYS * cycles);
    let payer = crate::service::payers::profile(db, &body.payer).await?;
    let env = x835::Envelope {
        control: row.id as u32,
        created: issued.and_time(created(&row).time()),
        claim_id: &format!("PCM{}", row.id),
        payer_name: &payer.name,
        payer_id: &payer.payer_id,
        filing_indicator: filing_indicator(payer.kind, &payer.slug),
        secondary: false,
    };
    Ok(x835::write_835(&remit, &body, &env))
}

fn created(row: &claim::Model) -> chrono::NaiveDateTime {
    row.submitted_at.unwrap_or(row.created_at).naive_utc()
}
