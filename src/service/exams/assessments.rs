//! Employer assessments: an EMPLOYER builds one from bank questions and library cases with a
//! time limit, invites candidates with single-use codes (each registers through its code and
//! may sit the assessment once), and compares them: score, score per skill, time used,
//! percentile among the assessment's candidates, and line detail; also as CSV.

use super::{Entry, from_json, owns, to_json};
use crate::auth::Viewer;
use crate::auth::token::{hash_token, random_token};
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::domain::csv;
use crate::domain::exams::analysis::percentile;
use crate::domain::exams::grade::Report;
use crate::entity::exams::{exam_attempt, exam_form, exam_grant, question_item};
use crate::entity::{account, invitation};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, AuditEntry};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

pub struct NewAssessment {
    pub title: String,
    pub description: String,
    pub question_ids: Vec<i32>,
    pub case_ids: Vec<i32>,
    /// Cases whose claim the candidate works (usually denial scenarios).
    pub claim_case_ids: Vec<i32>,
    pub duration_minutes: i32,
    pub pass_percent: i32,
    pub feedback: Feedback,
}

/// Who sees a candidate's graded report when the sitting closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Feedback {
    /// The candidate too, as soon as the sitting closes.
    Immediate,
    /// The employer only (the default).
    #[default]
    EmployerOnly,
}

impl Feedback {
    pub fn as_str(self) -> &'static str {
        match self {
            Feedback::Immediate => "IMMEDIATE",
            Feedback::EmployerOnly => "EMPLOYER_ONLY",
        }
    }
}

/// Creates an assessment in the viewer's organization (EMPLOYER or ADMIN).
pub async fn create_assessment(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewAssessment,
) -> AppResult<exam_form::Model> {
    let org = viewer.organization_id.ok_or_else(|| {
        AppError::forbidden("assessments belong to an organization; yours is not set")
    })?;
    viewer.require_in_org(org, &[Role::Employer], "create assessments")?;
    let title = input.title.trim().to_owned();
    if title.is_empty() || title.len() > 200 {
        return Err(AppError::bad_input("title", "1 to 200 characters"));
    }
    if !(5..=480).contains(&input.duration_minutes) {
        return Err(AppError::bad_input("durationMinutes", "5 to 480 minutes"));
    }
    if !(0..=100).contains(&input.pass_percent) {
        return Err(AppError::bad_input("passPercent", "0 to 100"));
    }
    let n = input.question_ids.len() + input.case_ids.len() + input.claim_case_ids.len();
    if n == 0 || n > 200 {
        return Err(AppError::bad_input(
            "questionIds",
            "an assessment has 1 to 200 items",
        ));
    }
    // The platform's questions (either pool) and the organization's own; another
    // organization's private question is "no question", as a missing id is.
    let found = question_item::usable_by(org)
        .filter(question_item::Column::Id.is_in(input.question_ids.clone()))
        .all(db)
        .await?;
    if let Some(missing) = input
        .question_ids
        .iter()
        .find(|q| !found.iter().any(|f| f.id == **q))
    {
        return Err(AppError::bad_input(
            "questionIds",
            format!("no question {missing}"),
        ));
    }
    for (field, ids) in [
        ("caseIds", &input.case_ids),
        ("claimCaseIds", &input.claim_case_ids),
    ] {
        for c in ids {
            crate::service::cases::get(db, viewer, *c)
                .await
                .map_err(|_| AppError::bad_input(field, format!("no case {c} you can use")))?;
        }
    }
    let entries: Vec<Entry> = input
        .question_ids
        .iter()
        .map(|q| Entry::Question(*q))
        .chain(input.case_ids.iter().map(|c| Entry::Case(*c)))
        .chain(input.claim_case_ids.iter().map(|c| Entry::Claim(*c)))
        .collect();
    let txn = begin_write(db).await?;
    let f = exam_form::ActiveModel {
        id: NotSet,
        organization_id: Set(Some(org)),
        slug: Set(format!(
            "assessment-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        )),
        title: Set(title),
        description: Set(input.description.trim().to_owned()),
        kind: Set("ASSESSMENT".into()),
        blueprint: Set(None),
        items: Set(Some(to_json(&entries)?)),
        duration_minutes: Set(input.duration_minutes),
        pass_percent: Set(input.pass_percent),
        feedback: Set(input.feedback.as_str().to_owned()),
        created_by: Set(Some(viewer.account_id)),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: "assessment.create",
            target_type: "exam_form",
            target_id: Some(f.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(f)
}

/// An assessment of the viewer's organization (its EMPLOYERs, an ADMIN): anyone else is
/// refused by role before the form is looked up; another organization's answers as a missing one.
pub(super) async fn owned_form(
    db: &DatabaseConnection,
    viewer: &Viewer,
    form_id: i32,
) -> AppResult<exam_form::Model> {
    viewer.require_role(&[Role::Employer], "manage assessments")?;
    exam_form::Entity::find_by_id(form_id)
        .one(db)
        .await?
        .filter(|f| f.kind == "ASSESSMENT" && owns(viewer, f))
        .ok_or_else(|| AppError::not_found("assessment"))
}

/// Creates `count` single-use invitation codes for candidates (shown once).
pub async fn invite_candidates(
    db: &DatabaseConnection,
    viewer: &Viewer,
    form_id: i32,
    count: i32,
    expires_in_hours: i32,
) -> AppResult<Vec<String>> {
    let f = owned_form(db, viewer, form_id).await?;
    if !(1..=100).contains(&count) {
        return Err(AppError::bad_input(
            "count",
            "1 to 100 candidates at a time",
        ));
    }
    if !(1..=24 * 90).contains(&expires_in_hours) {
        return Err(AppError::bad_input("expiresInHours", "1 hour to 90 days"));
    }
    let org = f
        .organization_id
        .ok_or_else(|| AppError::internal("assessment without organization"))?;
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let mut codes = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let code = random_token();
        invitation::ActiveModel {
            organization_id: Set(org),
            code_hash: Set(hash_token(&code)),
            code_hint: Set(code.chars().take(4).collect()),
            role: Set(Role::Trainee.as_str().to_owned()),
            cohort_id: Set(None),
            expires_at: Set(now + Duration::hours(expires_in_hours.into())),
            max_uses: Set(1),
            uses: Set(0),
            revoked: Set(false),
            created_by: Set(Some(viewer.account_id)),
            created_at: Set(now),
            exam_form_id: Set(Some(f.id)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        codes.push(code);
    }
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: "assessment.invite",
            target_type: "exam_form",
            target_id: Some(f.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(codes)
}

/// A signed-in account uses a candidate code: it may then sit that assessment once. The
/// account stays where it is (no organization is joined).
pub async fn redeem_candidate_code(
    db: &DatabaseConnection,
    viewer: &Viewer,
    code: &str,
) -> AppResult<exam_form::Model> {
    let txn = begin_write(db).await?;
    let inv = crate::service::account::consume_invitation(&txn, code.trim())
        .await
        .map_err(|_| {
            AppError::bad_input(
                "code",
                "unknown, expired, revoked or used-up candidate code",
            )
        })?;
    let Some(form_id) = inv.exam_form_id else {
        return Err(AppError::bad_input(
            "code",
            "this is not a candidate code (an organization's invitation is used when registering)",
        ));
    };
    let f = exam_form::Entity::find_by_id(form_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("assessment"))?;
    if owns(viewer, &f) {
        return Err(AppError::forbidden(
            "an assessment's owner reviews it; candidates sit it",
        ));
    }
    let granted = exam_grant::Entity::find_by_id((form_id, viewer.account_id))
        .one(&txn)
        .await?;
    if granted.is_some() {
        return Err(AppError::Conflict(
            "you were already invited to this assessment".into(),
        ));
    }
    exam_grant::ActiveModel {
        form_id: Set(form_id),
        account_id: Set(viewer.account_id),
        created_at: Set(Utc::now()),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: f.organization_id,
            action: "assessment.redeem",
            target_type: "exam_form",
            target_id: Some(f.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(f)
}

/// One candidate's result.
#[derive(Debug, Clone)]
pub struct CandidateResult {
    pub attempt: exam_attempt::Model,
    pub account: account::Model,
    pub report: Option<Report>,
    pub minutes_used: Option<f64>,
    pub percentile: Option<f64>,
}

/// Every sitting of an assessment, best first (the employer who owns it). Sittings past their
/// deadline are closed first.
pub async fn candidates(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    form_id: i32,
) -> AppResult<Vec<CandidateResult>> {
    owned_form(db, viewer, form_id).await?;
    let mut rows = Vec::new();
    for a in exam_attempt::Entity::find()
        .filter(exam_attempt::Column::FormId.eq(form_id))
        .order_by_asc(exam_attempt::Column::Id)
        .all(db)
        .await?
    {
        let a = super::expire_if_due(db, a, now).await?;
        rows.push(a);
    }
    let scores: Vec<f64> = rows
        .iter()
        .filter_map(|a| a.percent_e2)
        .map(|p| f64::from(p) / 100.0)
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let account = account::Entity::find_by_id(a.account_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("account"))?;
        let report: Option<Report> = a.report.as_deref().map(from_json).transpose()?;
        let percent = a.percent_e2.map(|p| f64::from(p) / 100.0);
        out.push(CandidateResult {
            minutes_used: a
                .closed_at
                .map(|c| (c - a.started_at).num_seconds() as f64 / 60.0),
            percentile: percent.map(|p| percentile(p, &scores)),
            account,
            report,
            attempt: a,
        });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.attempt.percent_e2));
    Ok(out)
}

/// The candidates as CSV: one row each, one column per skill, every cell neutralized against
/// formula injection (`domain::csv`).
pub async fn candidates_csv(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    form_id: i32,
) -> AppResult<String> {
    let rows = candidates(db, viewer, now, form_id).await?;
    let mut skills: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.report
                .iter()
                .flat_map(|p| p.skills.iter().map(|s| s.name.clone()))
        })
        .collect();
    skills.sort();
    skills.dedup();
    let mut head: Vec<String> = [
        "candidate",
        "email",
        "status",
        "percent",
        "passed",
        "minutes_used",
        "percentile",
    ]
    .map(String::from)
    .to_vec();
    head.extend(skills.iter().cloned());
    let mut out = csv::row(&head);
    out.push('\n');
    let num = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_default();
    for r in &rows {
        let mut cells = vec![
            r.account.display_name.clone(),
            r.account.email.clone(),
            r.attempt.status.clone(),
            num(r.attempt.percent_e2.map(|p| f64::from(p) / 100.0)),
            r.attempt.passed.map(|p| p.to_string()).unwrap_or_default(),
            num(r.minutes_used),
            num(r.percentile),
        ];
        for s in &skills {
            let v = r
                .report
                .as_ref()
                .and_then(|p| p.skills.iter().find(|k| &k.name == s))
                .map(|k| k.percent);
            cells.push(num(v));
        }
        out.push_str(&csv::row(&cells));
        out.push('\n');
    }
    Ok(out)
}
