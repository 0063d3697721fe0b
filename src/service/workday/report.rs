//! The end-of-shift report: the facts of shifts read from the database, computed by the pure
//! `domain::workday::report` (definitions there), for one shift, a cohort or an assessment's
//! candidate.

use super::{answer_of, encounters, plan_of, submissions};
use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::workday::report::{
    EncounterFact, QueryCounts, ShiftFacts, ShiftReport, SubmissionFact, report,
};
use crate::domain::workday::schedule::{self, Answer};
use crate::entity::exams::exam_form;
use crate::entity::practice::attempt;
use crate::entity::workday::{shift, shift_event};
use crate::entity::{cohort, cohort_member};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The report of one shift the viewer may read.
pub async fn shift_report(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<ShiftReport> {
    let row = super::get(db, viewer, id, "shiftId").await?;
    Ok(report(&[facts(db, &row).await?]))
}

/// The pooled report of the shifts of a cohort's trainees (an INSTRUCTOR of its organization).
pub async fn cohort_report(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    cohort_id: i32,
) -> AppResult<ShiftReport> {
    viewer.require_role(&[Role::Instructor], "read a cohort's shifts")?;
    let c = cohort::Entity::find_by_id(cohort_id)
        .one(db)
        .await?
        .filter(|c| viewer.can_see_org(c.organization_id))
        .ok_or_else(|| AppError::missing("cohortId", "cohort"))?;
    let members: Vec<i32> = cohort_member::Entity::find()
        .filter(cohort_member::Column::CohortId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.account_id)
        .collect();
    let rows = shift::Entity::find()
        .filter(shift::Column::AccountId.is_in(members))
        .order_by_asc(shift::Column::Id)
        .all(db)
        .await?;
    pooled(db, &rows).await
}

/// The pooled report of a candidate's shifts for an assessment (its EMPLOYER).
pub async fn candidate_report(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    assessment_id: i32,
    candidate_id: i32,
) -> AppResult<ShiftReport> {
    viewer.require_role(&[Role::Employer], "read a candidate's shifts")?;
    exam_form::Entity::find_by_id(assessment_id)
        .one(db)
        .await?
        .filter(|f| f.kind == "ASSESSMENT")
        .filter(|f| f.organization_id.is_some_and(|o| viewer.can_see_org(o)))
        .ok_or_else(|| AppError::missing("assessmentId", "assessment"))?;
    let rows = shift::Entity::find()
        .filter(shift::Column::AssessmentId.eq(assessment_id))
        .filter(shift::Column::AccountId.eq(candidate_id))
        .order_by_asc(shift::Column::Id)
        .all(db)
        .await?;
    // A candidate without shifts for it has an empty report (every figure none).
    pooled(db, &rows).await
}

async fn pooled(db: &impl ConnectionTrait, rows: &[shift::Model]) -> AppResult<ShiftReport> {
    let mut all = Vec::with_capacity(rows.len());
    for r in rows {
        all.push(facts(db, r).await?);
    }
    Ok(report(&all))
}

/// The facts of one shift as of its current day.
async fn facts(db: &impl ConnectionTrait, row: &shift::Model) -> AppResult<ShiftFacts> {
    let day = row.current_day as u32;
    let events = shift_event::Entity::find()
        .filter(shift_event::Column::ShiftId.eq(row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.at)
        .collect();
    let encs = encounters(db, row.id).await?;
    let attempt_ids: Vec<i32> = encs.iter().filter_map(|e| e.attempt_id).collect();
    let scores: HashMap<i32, Option<i32>> = attempt::Entity::find()
        .filter(attempt::Column::Id.is_in(attempt_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.percent_e2))
        .collect();
    let encounter_facts = encs
        .iter()
        .map(|e| EncounterFact {
            score_percent: e
                .attempt_id
                .and_then(|a| scores.get(&a).copied().flatten())
                .map(|p| f64::from(p) / 100.0),
        })
        .collect();
    let subs = submissions(db, row.id).await?;
    let claim_ids: Vec<i32> = subs.iter().map(|s| s.claim_id).collect();
    let claims: HashMap<i32, i64> = crate::entity::claims::claim::Entity::find()
        .filter(crate::entity::claims::claim::Column::Id.is_in(claim_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.total_charge_cents))
        .collect();
    let remits = crate::service::batch::remittances(db, &claim_ids).await?;
    let mut submission_facts = Vec::with_capacity(subs.len());
    for s in &subs {
        let answer = answer_of(s)?;
        let standing = answer != Answer::Rejected
            && !subs.iter().any(|later| {
                later.encounter_id == s.encounter_id
                    && later.sequence > s.sequence
                    && later.outcome != Answer::Rejected.as_str()
            });
        let plan = plan_of(s);
        let followed = s.followed_up_day.is_some();
        let mut f = SubmissionFact {
            first_of_encounter: s.first_of_encounter,
            standing,
            answer: Some(answer),
            seen: s.answer_day.is_some_and(|d| d as u32 <= day),
            charge_cents: claims.get(&s.claim_id).copied().unwrap_or(0),
            overdue: plan.unanswered && (followed || schedule::overdue(&plan, false, day)),
            followed_up_on_time: match (s.followed_up_day, s.due_day) {
                (Some(f), Some(d)) => f <= d,
                _ => false,
            },
            ..SubmissionFact::default()
        };
        if answer != Answer::Rejected
            && let Some(r) = remits.get(&s.claim_id).and_then(|rs| rs.first())
        {
            f.paid_cents = r.paid_cents;
            for l in &r.lines {
                f.contractual_cents += l
                    .adjustments
                    .iter()
                    .filter(|a| a.group == "CO" && a.reason == "45")
                    .map(|a| a.amount_cents)
                    .sum::<i64>();
                if l.denied
                    && let Some(d) = l.denial()
                {
                    f.denials.push(format!("{}-{}", d.group, d.reason));
                }
            }
        }
        submission_facts.push(f);
    }
    Ok(ShiftFacts {
        events,
        encounters: encounter_facts,
        submissions: submission_facts,
        calendar_days: day * row.pace_days as u32,
        // Provider queries raised on this shift's encounters' attempts, and the compliant ones.
        queries: {
            let (raised, compliant) =
                crate::service::provider_queries::counts(db, &attempt_ids).await?;
            QueryCounts { raised, compliant }
        },
    })
}
