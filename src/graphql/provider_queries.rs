//! Provider queries over GraphQL: `raiseProviderQuery` on an open attempt, the queries of an
//! attempt with their findings, and the documents of an attempt (the case's and the addenda
//! its answered queries obtained).

use super::context::{CtxExt, parse_id};
use crate::domain::cases::query::QueryType;
use crate::domain::queries::{self as dom, Severity};
use crate::entity::practice::provider_query;
use crate::service;
use crate::service::provider_queries::{AttemptDocument as DocRow, NewQuery, QueryReview};
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// The form of a provider query.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ProviderQueryType {
    MultipleChoice,
    YesNo,
    OpenEnded,
}

impl From<ProviderQueryType> for QueryType {
    fn from(t: ProviderQueryType) -> Self {
        match t {
            ProviderQueryType::MultipleChoice => QueryType::MultipleChoice,
            ProviderQueryType::YesNo => QueryType::YesNo,
            ProviderQueryType::OpenEnded => QueryType::OpenEnded,
        }
    }
}

/// How much a finding weighs.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FindingSeverity {
    /// The query was withheld: it never reached the provider.
    Blocking,
    /// The provider answered, but the query is not compliant.
    NonCompliant,
    /// Compliant, but the record did not need a query (it costs time).
    Unnecessary,
}

/// A rule of compliant query practice that a query broke.
#[derive(SimpleObject)]
pub struct QueryFinding {
    /// Stable code, e.g. MISSING_OTHER_OPTION, YES_NO_NEW_DIAGNOSIS, PAYMENT_OR_QUALITY.
    code: String,
    severity: FindingSeverity,
    /// The rule, in one sentence.
    rule: String,
    /// The guideline cited (AHIMA/ACDIS Guidelines for Achieving a Compliant Query Practice,
    /// 2022 update, by topic).
    guideline: String,
    /// What in this query broke the rule.
    detail: String,
}

impl From<dom::Finding> for QueryFinding {
    fn from(f: dom::Finding) -> Self {
        QueryFinding {
            code: f.code,
            severity: match f.severity {
                Severity::Blocking => FindingSeverity::Blocking,
                Severity::NonCompliant => FindingSeverity::NonCompliant,
                Severity::Unnecessary => FindingSeverity::Unnecessary,
            },
            rule: f.rule,
            guideline: f.guideline,
            detail: f.detail,
        }
    }
}

/// A document of an attempt: the case's, or the provider's addendum answering a query.
#[derive(SimpleObject)]
pub struct AttemptDocument {
    /// Its place in `Attempt.documents` (-1 on a query's `answer`, read on its own).
    position: i32,
    /// PROGRESS_NOTE, OPERATIVE_REPORT, …
    kind: String,
    title: String,
    /// Markdown.
    body: String,
    /// The query this addendum answers (null for the case's own documents).
    query_id: Option<ID>,
}

impl From<DocRow> for AttemptDocument {
    fn from(d: DocRow) -> Self {
        AttemptDocument {
            position: d.position,
            kind: d.kind,
            title: d.title,
            body: d.body,
            query_id: d.query_id.map(ID::from),
        }
    }
}

/// A query a trainee raised to the simulated provider, with its verdict. The verdict
/// (`compliant`, `necessary`, `findings`) is null in an AFTER_CLOSE assignment until its window
/// closes; the provider's reply is always shown.
pub struct ProviderQuery(pub provider_query::Model, pub bool);

#[Object]
impl ProviderQuery {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn attempt_id(&self) -> ID {
        self.0.attempt_id.into()
    }
    /// MULTIPLE_CHOICE, YES_NO or OPEN_ENDED.
    async fn query_type(&self) -> &str {
        &self.0.query_type
    }
    /// The clinical indicators cited (text from the record).
    async fn indicators(&self) -> async_graphql::Result<Vec<String>> {
        service::provider_queries::strings(&self.0.indicators).extend()
    }
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// The options offered (multiple choice).
    async fn options(&self) -> async_graphql::Result<Vec<String>> {
        service::provider_queries::strings(&self.0.options).extend()
    }
    /// No finding blocks it or makes it non-compliant (null until the verdict is released).
    async fn compliant(&self) -> Option<bool> {
        self.1.then_some(self.0.compliant)
    }
    /// The record warranted a query (null until the verdict is released).
    async fn necessary(&self) -> Option<bool> {
        self.1.then_some(self.0.necessary)
    }
    /// The provider answered (false: the query was withheld, see the findings).
    async fn answered(&self) -> bool {
        self.0.answered
    }
    /// What the provider replied: the addendum's text, "no change", or why it was not sent.
    async fn reply(&self) -> &str {
        service::provider_queries::reply(&self.0)
    }
    /// The addendum the answer added to the attempt's documents, if any.
    async fn answer(&self) -> Option<AttemptDocument> {
        addendum(&self.0)
    }
    /// Every rule the query broke, explained (null until the verdict is released).
    async fn findings(&self) -> async_graphql::Result<Option<Vec<QueryFinding>>> {
        if !self.1 {
            return Ok(None);
        }
        service::provider_queries::findings(&self.0)
            .map(|f| Some(f.into_iter().map(Into::into).collect()))
            .extend()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

fn addendum(m: &provider_query::Model) -> Option<AttemptDocument> {
    match (&m.answer_title, &m.answer_kind, &m.answer_body) {
        (Some(t), Some(k), Some(b)) => Some(AttemptDocument {
            position: -1,
            kind: k.clone(),
            title: t.clone(),
            body: b.clone(),
            query_id: Some(m.id.into()),
        }),
        _ => None,
    }
}

/// The query part of a score report.
#[derive(SimpleObject)]
pub struct ProviderQueryReview {
    /// The record warranted a query.
    warranted: bool,
    /// What the documentation left open (or why it was already clear).
    ambiguity: Option<String>,
    /// The queries raised on the attempt, oldest first.
    queries: Vec<ProviderQuery>,
    /// About the attempt as a whole: QUERY_NOT_RAISED when a warranted query was never raised.
    findings: Vec<QueryFinding>,
}

impl From<QueryReview> for ProviderQueryReview {
    fn from(r: QueryReview) -> Self {
        ProviderQueryReview {
            warranted: r.warranted,
            ambiguity: r.ambiguity,
            queries: r
                .queries
                .into_iter()
                .map(|q| ProviderQuery(q, true))
                .collect(),
            findings: r.findings.into_iter().map(Into::into).collect(),
        }
    }
}

/// A provider query from the structured form.
#[derive(InputObject)]
pub struct RaiseProviderQueryInput {
    /// An attempt of yours in progress.
    attempt_id: ID,
    #[graphql(name = "type")]
    query_type: ProviderQueryType,
    /// The clinical indicators cited: text spans copied from the record (1–10, each up to 500
    /// characters).
    indicators: Vec<String>,
    /// The question to the provider (up to 2,000 characters).
    question: String,
    /// Multiple choice only: the options offered (up to 8, each up to 200 characters).
    #[graphql(default)]
    options: Vec<String>,
}

/// The query raised, its findings and the provider's answer.
#[derive(SimpleObject)]
pub struct RaiseProviderQueryPayload {
    query: ProviderQuery,
    /// The query's findings (the same as `query.findings`; null in an AFTER_CLOSE assignment
    /// until its window closes).
    findings: Option<Vec<QueryFinding>>,
    /// The provider's addendum, now a document of the attempt (null when the record did not
    /// need a query or the query was withheld).
    answer: Option<AttemptDocument>,
}

#[derive(Default)]
pub struct ProviderQueryMutation;

#[Object]
impl ProviderQueryMutation {
    /// Raises a provider query on your attempt in progress (at most 5 per attempt). It is
    /// scored on the AHIMA/ACDIS compliant-query rules; the simulated provider answers a needed,
    /// sendable query with a signed addendum that joins the attempt's documents.
    async fn raise_provider_query(
        &self,
        ctx: &Context<'_>,
        input: RaiseProviderQueryInput,
    ) -> async_graphql::Result<RaiseProviderQueryPayload> {
        let v = ctx.viewer()?;
        let new = NewQuery {
            attempt_id: parse_id(&input.attempt_id, "attemptId").extend()?,
            query_type: input.query_type.into(),
            indicators: input.indicators,
            question: input.question,
            options: input.options,
        };
        let r = service::provider_queries::raise(ctx.db(), v, new)
            .await
            .extend()?;
        let answer = addendum(&r.query);
        let findings = r
            .released
            .then(|| r.assessment.findings.into_iter().map(Into::into).collect());
        Ok(RaiseProviderQueryPayload {
            query: ProviderQuery(r.query, r.released),
            findings,
            answer,
        })
    }
}
