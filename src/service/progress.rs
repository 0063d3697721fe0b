//! Progress of a trainee, and of every trainee of a cohort for its instructors. Only attempts
//! whose feedback is released count, so progress never leaks an unreleased verdict.

use crate::auth::Viewer;
use crate::domain::account::Role;
use crate::domain::codes::System;
use crate::domain::codes::index::CodeIndex;
use crate::domain::progress::{Progress, ScoredAttempt, summarize};
use crate::domain::scoring::{LineKind, ScoreReport};
use crate::entity::library::coding_case;
use crate::entity::practice::attempt;
use crate::entity::{account, cohort, cohort_member};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The code group of a report line: the ICD-10-CM chapter or the CPT/HCPCS section.
fn group_of(index: &CodeIndex) -> impl Fn(LineKind, &str) -> Option<String> + '_ {
    move |kind, code| match kind {
        LineKind::Diagnosis => index
            .lookup(System::Icd10Cm, code, None)
            .and_then(|r| r.chapter.clone())
            .map(|c| format!("ICD-10-CM chapter {c}")),
        LineKind::Procedure => index
            .lookup(System::Cpt, code, None)
            .and_then(|r| r.category.clone())
            .map(|c| format!("CPT {c}"))
            .or_else(|| {
                index
                    .lookup(System::Hcpcs, code, None)
                    .map(|_| "HCPCS Level II".to_owned())
            }),
        LineKind::Pcs => Some(format!("ICD-10-PCS section {}", &code[..code.len().min(1)])),
        LineKind::Drg => Some("MS-DRG".to_owned()),
        LineKind::Condition => Some("Risk adjustment (CMS-HCC)".to_owned()),
    }
}

/// The progress of one account.
pub async fn of_account(
    db: &impl ConnectionTrait,
    index: &CodeIndex,
    account_id: i32,
) -> AppResult<Progress> {
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::AccountId.eq(account_id))
        .filter(attempt::Column::Status.eq("SUBMITTED"))
        .order_by_asc(attempt::Column::SubmittedAt)
        .all(db)
        .await?;
    let mut rows: Vec<(Vec<String>, f64, f64, ScoreReport)> = Vec::new();
    for at in attempts {
        if !super::practice::feedback_released(db, &at).await? {
            continue;
        }
        let Some(report) = &at.report else { continue };
        let report: ScoreReport = serde_json::from_str(report)
            .map_err(|e| AppError::internal(format!("stored report: {e}")))?;
        let tags = coding_case::Entity::find_by_id(at.case_id)
            .one(db)
            .await?
            .map(|c| {
                c.skill_tags
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let minutes = at.submitted_at.map_or(0.0, |s| {
            (s - at.started_at).num_seconds().max(0) as f64 / 60.0
        });
        rows.push((
            tags,
            f64::from(at.percent_e2.unwrap_or(0)) / 100.0,
            minutes,
            report,
        ));
    }
    let scored: Vec<ScoredAttempt<'_>> = rows
        .iter()
        .map(|(tags, percent, minutes, report)| ScoredAttempt {
            skill_tags: tags,
            percent: *percent,
            minutes: *minutes,
            report,
        })
        .collect();
    Ok(summarize(&scored, &group_of(index)))
}

/// Each member of a cohort with their progress (INSTRUCTOR or ADMIN of its organization).
pub async fn of_cohort(
    db: &impl ConnectionTrait,
    index: &CodeIndex,
    viewer: &Viewer,
    cohort_id: i32,
) -> AppResult<Vec<(account::Model, Progress)>> {
    viewer.require_role(&[Role::Instructor], "read a cohort's progress")?;
    let c = cohort::Entity::find_by_id(cohort_id)
        .one(db)
        .await?
        .filter(|c| viewer.can_see_org(c.organization_id))
        .ok_or_else(|| AppError::not_found("cohort"))?;
    viewer.require_in_org(
        c.organization_id,
        &[Role::Instructor],
        "read a cohort's progress",
    )?;
    let members = cohort_member::Entity::find()
        .filter(cohort_member::Column::CohortId.eq(c.id))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if let Some(a) = account::Entity::find_by_id(m.account_id).one(db).await? {
            let p = of_account(db, index, a.id).await?;
            out.push((a, p));
        }
    }
    Ok(out)
}
