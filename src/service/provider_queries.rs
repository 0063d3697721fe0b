//! Provider queries on an attempt (issue 21 item 2): the attempt's owner raises a query from a
//! structured form; `domain::queries` scores it against the case's script; the simulated
//! provider's answer (the case's signed addendum) becomes a document of the attempt. Staff who
//! may read the attempt read its queries; the score report shows them with what the record
//! left open.

use super::audit::{self, AuditEntry};
use super::{from_json, stored, to_json};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::cases::query::{QueryScript, QueryType};
use crate::domain::lifecycle::{AttemptEvent, AttemptStatus};
use crate::domain::queries::{self, Assessment, Finding, RaisedQuery};
use crate::entity::library::{case_document, coding_case};
use crate::entity::practice::{assignment, attempt, provider_query};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// Most queries one attempt may raise.
pub const MAX_QUERIES_PER_ATTEMPT: u64 = 5;
/// Most indicators cited, and characters in one.
pub const MAX_INDICATORS: usize = 10;
pub const MAX_INDICATOR_CHARS: usize = 500;
/// Characters in the question.
pub const MAX_QUESTION_CHARS: usize = 2_000;
/// Options of a multiple-choice query, and characters in one.
pub const MAX_OPTIONS: usize = 8;
pub const MAX_OPTION_CHARS: usize = 200;

/// A query as the form sends it.
pub struct NewQuery {
    pub attempt_id: i32,
    pub query_type: QueryType,
    pub indicators: Vec<String>,
    pub question: String,
    pub options: Vec<String>,
}

fn too_long(field: &str, n: usize, max: usize) -> AppError {
    AppError::bad_input(field, format!("{n} characters; at most {max}"))
}

/// The form's shape and limits; each refusal names its field.
pub fn check(q: &NewQuery) -> AppResult<RaisedQuery> {
    let indicators: Vec<String> = q.indicators.iter().map(|s| s.trim().to_owned()).collect();
    if indicators.is_empty() {
        return Err(AppError::bad_input(
            "indicators",
            "cite at least one clinical indicator from the record",
        ));
    }
    if indicators.len() > MAX_INDICATORS {
        return Err(AppError::bad_input(
            "indicators",
            format!("{} cited; at most {MAX_INDICATORS}", indicators.len()),
        ));
    }
    for (i, s) in indicators.iter().enumerate() {
        let n = s.chars().count();
        if n == 0 {
            return Err(AppError::bad_input(
                format!("indicators[{i}]"),
                "must not be empty",
            ));
        }
        if n > MAX_INDICATOR_CHARS {
            return Err(too_long(
                &format!("indicators[{i}]"),
                n,
                MAX_INDICATOR_CHARS,
            ));
        }
    }
    let question = q.question.trim().to_owned();
    let n = question.chars().count();
    if n == 0 {
        return Err(AppError::bad_input("question", "must not be empty"));
    }
    if n > MAX_QUESTION_CHARS {
        return Err(too_long("question", n, MAX_QUESTION_CHARS));
    }
    let options: Vec<String> = q.options.iter().map(|s| s.trim().to_owned()).collect();
    if q.query_type != QueryType::MultipleChoice && !options.is_empty() {
        return Err(AppError::bad_input(
            "options",
            "only a multiple-choice query offers options",
        ));
    }
    if options.len() > MAX_OPTIONS {
        return Err(AppError::bad_input(
            "options",
            format!("{} options; at most {MAX_OPTIONS}", options.len()),
        ));
    }
    for (i, s) in options.iter().enumerate() {
        let n = s.chars().count();
        if n == 0 {
            return Err(AppError::bad_input(
                format!("options[{i}]"),
                "must not be empty",
            ));
        }
        if n > MAX_OPTION_CHARS {
            return Err(too_long(&format!("options[{i}]"), n, MAX_OPTION_CHARS));
        }
    }
    Ok(RaisedQuery {
        query_type: q.query_type,
        indicators,
        question,
        options,
    })
}

/// A raised query with its verdict.
pub struct Raised {
    pub query: provider_query::Model,
    pub assessment: Assessment,
    /// Whether the verdict may be shown now (see [`verdict_released`]).
    pub released: bool,
}

/// Whether the verdict of an attempt's queries (compliance, necessity, findings) may be shown
/// now: at once in free practice and under IMMEDIATE feedback; in an AFTER_CLOSE assignment
/// (an exam) only once its window closes, so that a candidate cannot rework a query until it
/// passes. The provider's answer is shown either way: it is what the provider wrote.
pub async fn verdict_released(db: &impl ConnectionTrait, at: &attempt::Model) -> AppResult<bool> {
    let Some(aid) = at.assignment_id else {
        return Ok(true);
    };
    let a = assignment::Entity::find_by_id(aid)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("assignment"))?;
    Ok(a.feedback_policy == "IMMEDIATE" || Utc::now() >= a.closes_at)
}

/// The case's query script, if it has one.
pub async fn script_of(db: &impl ConnectionTrait, case_id: i32) -> AppResult<Option<QueryScript>> {
    let c = coding_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("attempt without its case"))?;
    c.query_script.as_deref().map(from_json).transpose()
}

async fn case_documents(
    db: &impl ConnectionTrait,
    case_id: i32,
) -> AppResult<Vec<case_document::Model>> {
    Ok(case_document::Entity::find()
        .filter(case_document::Column::CaseId.eq(case_id))
        .order_by_asc(case_document::Column::Position)
        .all(db)
        .await?)
}

/// Raises a query on the viewer's own open attempt, scores it and, when the provider answers
/// a needed query, keeps the addendum with it.
pub async fn raise(db: &DatabaseConnection, viewer: &Viewer, input: NewQuery) -> AppResult<Raised> {
    let q = check(&input)?;
    let at = super::practice::own_open(db, viewer, input.attempt_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound(m) => AppError::NotFoundField {
                field: "attemptId".into(),
                message: m,
            },
            other => other,
        })?;
    let txn = begin_write(db).await?;
    let at = txn
        .lock_one(attempt::Entity::find_by_id(at.id))
        .await?
        .ok_or_else(|| AppError::missing("attemptId", "attempt"))?;
    stored(AttemptStatus::parse(&at.status))?
        .next(AttemptEvent::Save)
        .map_err(|_| {
            AppError::bad_input(
                "attemptId",
                "the attempt is submitted: queries are raised while coding, before submitting",
            )
        })?;
    let used = provider_query::Entity::find()
        .filter(provider_query::Column::AttemptId.eq(at.id))
        .count(&txn)
        .await?;
    if used >= MAX_QUERIES_PER_ATTEMPT {
        return Err(AppError::bad_input(
            "attemptId",
            format!("{used} queries raised on this attempt; at most {MAX_QUERIES_PER_ATTEMPT}"),
        ));
    }
    let script = script_of(&txn, at.case_id).await?;
    let docs = case_documents(&txn, at.case_id).await?;
    let record: Vec<&str> = docs.iter().map(|d| d.body.as_str()).collect();
    let assessment = queries::assess(script.as_ref(), &record, &q);
    let answer = script
        .as_ref()
        .filter(|_| assessment.answered && assessment.necessary)
        .and_then(|s| s.answer.clone());
    let row = provider_query::ActiveModel {
        id: NotSet,
        attempt_id: Set(at.id),
        account_id: Set(viewer.account_id),
        case_id: Set(at.case_id),
        query_type: Set(q.query_type.as_str().into()),
        indicators: Set(to_json(&q.indicators)?),
        question: Set(q.question.clone()),
        options: Set(to_json(&q.options)?),
        compliant: Set(assessment.compliant),
        necessary: Set(assessment.necessary),
        findings: Set(to_json(&assessment.findings)?),
        answered: Set(assessment.answered),
        answer_title: Set(answer.as_ref().map(|d| d.title.clone())),
        answer_kind: Set(answer.as_ref().map(|d| d.kind.clone())),
        answer_body: Set(answer.as_ref().map(|d| d.body.clone())),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: viewer.organization_id,
            action: "provider_query.raise",
            target_type: "attempt",
            target_id: Some(at.id.to_string()),
        },
    )
    .await?;
    let released = verdict_released(&txn, &at).await?;
    txn.commit().await?;
    Ok(Raised {
        query: row,
        assessment,
        released,
    })
}

/// The queries of an attempt the viewer may read, oldest first, and whether their verdicts
/// are released.
pub async fn of_attempt(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    attempt_id: i32,
) -> AppResult<(Vec<provider_query::Model>, bool)> {
    let at = super::practice::get(db, viewer, attempt_id).await?;
    Ok((rows(db, at.id).await?, verdict_released(db, &at).await?))
}

async fn rows(db: &impl ConnectionTrait, attempt_id: i32) -> AppResult<Vec<provider_query::Model>> {
    Ok(provider_query::Entity::find()
        .filter(provider_query::Column::AttemptId.eq(attempt_id))
        .order_by_asc(provider_query::Column::Id)
        .all(db)
        .await?)
}

/// How many queries were raised on these attempts, and how many of them were compliant (the
/// end-of-shift report's "queries raised and their compliance").
pub async fn counts(db: &impl ConnectionTrait, attempt_ids: &[i32]) -> AppResult<(u32, u32)> {
    if attempt_ids.is_empty() {
        return Ok((0, 0));
    }
    let base = || {
        provider_query::Entity::find()
            .filter(provider_query::Column::AttemptId.is_in(attempt_ids.iter().copied()))
    };
    let raised = base().count(db).await?;
    let compliant = base()
        .filter(provider_query::Column::Compliant.eq(true))
        .count(db)
        .await?;
    let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok((n(raised), n(compliant)))
}

/// A stored query's findings.
pub fn findings(q: &provider_query::Model) -> AppResult<Vec<Finding>> {
    from_json(&q.findings)
}

/// A stored list of strings (indicators, options).
pub fn strings(json: &str) -> AppResult<Vec<String>> {
    from_json(json)
}

/// What the provider replied to a query.
pub fn reply(q: &provider_query::Model) -> &str {
    match (&q.answer_body, q.answered) {
        (Some(body), _) => body,
        (None, true) => queries::NO_CHANGE_REPLY,
        (None, false) => {
            "Not sent: the query was withheld before it reached the provider (see the findings)."
        }
    }
}

/// A document of an attempt: the case's, or a provider's addendum a query obtained.
pub struct AttemptDocument {
    pub position: i32,
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The query whose answer this addendum is.
    pub query_id: Option<i32>,
}

/// The documents of an attempt the viewer may read: the case's, then each distinct addendum
/// its answered queries obtained.
pub async fn documents(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    at: &attempt::Model,
) -> AppResult<Vec<AttemptDocument>> {
    super::practice::get(db, viewer, at.id).await?;
    let mut out: Vec<AttemptDocument> = case_documents(db, at.case_id)
        .await?
        .into_iter()
        .map(|d| AttemptDocument {
            position: d.position,
            kind: d.kind,
            title: d.title,
            body: d.body,
            query_id: None,
        })
        .collect();
    for q in rows(db, at.id).await? {
        let (Some(title), Some(kind), Some(body)) = (q.answer_title, q.answer_kind, q.answer_body)
        else {
            continue;
        };
        if out.iter().any(|d| d.title == title) {
            continue;
        }
        out.push(AttemptDocument {
            position: out.len() as i32,
            kind,
            title,
            body,
            query_id: Some(q.id),
        });
    }
    Ok(out)
}

/// The query part of a score report.
pub struct QueryReview {
    /// The record warranted a query.
    pub warranted: bool,
    /// What the record left open (or why it was clear): the case's line, shown after scoring.
    pub ambiguity: Option<String>,
    pub queries: Vec<provider_query::Model>,
    /// About the attempt as a whole (a warranted query never raised).
    pub findings: Vec<Finding>,
}

/// The query review of a scored attempt (the caller checks that feedback is released); none
/// for a case without a query script on which no query was raised.
pub async fn review(
    db: &impl ConnectionTrait,
    at: &attempt::Model,
) -> AppResult<Option<QueryReview>> {
    let script = script_of(db, at.case_id).await?;
    let queries = rows(db, at.id).await?;
    if script.is_none() && queries.is_empty() {
        return Ok(None);
    }
    let warranted = script.as_ref().is_some_and(|s| s.needed);
    let findings = if warranted && queries.is_empty() {
        vec![queries::not_raised()]
    } else {
        Vec::new()
    };
    Ok(Some(QueryReview {
        warranted,
        ambiguity: script.map(|s| s.ambiguity),
        queries,
        findings,
    }))
}
