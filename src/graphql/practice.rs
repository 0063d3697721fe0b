//! Coding practice over GraphQL: assignments and attempts. An attempt's score and per-line
//! verdicts (with the key's rationales) appear only once the feedback policy releases them.

use super::cases::Case;
use super::context::{CtxExt, parse_id};
use super::pagination::{Conn, connection, cost, page};
use crate::domain::scoring::{self as dom, ScoreReport, Submission};
use crate::entity::practice::{assignment, attempt};
use crate::error::AppError;
use crate::service;
use crate::service::practice::NewAssignment;
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// A case set given to a cohort.
pub struct Assignment(pub assignment::Model);

#[Object]
impl Assignment {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn cohort_id(&self) -> ID {
        self.0.cohort_id.into()
    }
    async fn case_set_id(&self) -> ID {
        self.0.case_set_id.into()
    }
    /// PRACTICE or EXAM.
    async fn mode(&self) -> &str {
        &self.0.mode
    }
    /// IMMEDIATE or AFTER_CLOSE.
    async fn feedback_policy(&self) -> &str {
        &self.0.feedback_policy
    }
    async fn opens_at(&self) -> DateTime<Utc> {
        self.0.opens_at
    }
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at
    }
    /// Attempts allowed per case.
    async fn attempt_limit(&self) -> i32 {
        self.0.attempt_limit
    }
}

/// When scores and verdicts are shown.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FeedbackPolicy {
    /// As soon as an attempt is submitted (practice).
    Immediate,
    /// When the assignment closes (exam-like).
    AfterClose,
}

/// Practice or exam.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum AssignmentMode {
    Practice,
    Exam,
}

/// Assigns a case set to a cohort.
#[derive(InputObject)]
pub struct CreateAssignmentInput {
    cohort_id: ID,
    case_set_id: ID,
    mode: AssignmentMode,
    feedback_policy: FeedbackPolicy,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    /// Attempts per case, 1 to 20 (default 3).
    attempt_limit: Option<i32>,
}

/// The result of `createAssignment`.
#[derive(SimpleObject)]
pub struct CreateAssignmentPayload {
    assignment: Assignment,
}

/// A diagnosis entered.
#[derive(InputObject)]
pub struct DiagnosisEntry {
    code: String,
    /// Inpatient: Y, N, U, W or 1.
    poa: Option<String>,
}

/// A service line entered (CMS-1500 24D–24G).
#[derive(InputObject)]
pub struct ProcedureEntry {
    /// CPT or HCPCS.
    system: String,
    code: String,
    #[graphql(default)]
    modifiers: Vec<String>,
    #[graphql(default = 1)]
    units: i32,
    /// Diagnosis pointers, letters A–L.
    #[graphql(default)]
    pointers: Vec<String>,
}

/// An ICD-10-PCS procedure entered.
#[derive(InputObject)]
pub struct PcsEntry {
    code: String,
    #[graphql(default)]
    principal: bool,
}

/// What a trainee codes for a case.
#[derive(InputObject)]
pub struct SubmissionInput {
    /// In claim order: the first is first-listed / principal.
    #[graphql(default)]
    diagnoses: Vec<DiagnosisEntry>,
    #[graphql(default)]
    procedures: Vec<ProcedureEntry>,
    #[graphql(default)]
    pcs: Vec<PcsEntry>,
    drg: Option<String>,
    /// RISK_ADJUSTMENT cases: the conditions coded (capture) or the submitted codes marked
    /// (audit); `diagnoses` also count as conditions coded.
    #[graphql(default)]
    conditions: Vec<super::risk_review::ConditionEntry>,
}

impl From<SubmissionInput> for Submission {
    fn from(s: SubmissionInput) -> Self {
        Submission {
            diagnoses: s
                .diagnoses
                .into_iter()
                .map(|d| dom::SubmittedDiagnosis {
                    code: d.code,
                    poa: d.poa,
                })
                .collect(),
            procedures: s
                .procedures
                .into_iter()
                .map(|p| dom::SubmittedProcedure {
                    system: p.system,
                    code: p.code,
                    modifiers: p.modifiers,
                    units: u32::try_from(p.units).unwrap_or(0),
                    pointers: p.pointers,
                })
                .collect(),
            pcs: s
                .pcs
                .into_iter()
                .map(|p| dom::SubmittedPcs {
                    code: p.code,
                    principal: p.principal,
                })
                .collect(),
            drg: s.drg,
            grouped_drg: None,
            conditions: s.conditions.into_iter().map(Into::into).collect(),
        }
    }
}

/// One line of an explained score.
#[derive(SimpleObject)]
pub struct ScoreLine {
    /// DIAGNOSIS, PROCEDURE, PCS, DRG or CONDITION.
    kind: String,
    /// CORRECT, PARTIAL, MISSING, EXTRA, WRONG_SEQUENCE, WRONG_POINTER, WRONG_POA or WRONG
    /// (an audit mark with the wrong status).
    verdict: String,
    /// What was wrong in a right code: MODIFIER, UNITS, SEQUENCE, POINTER, POA; SPECIFICITY (a
    /// code of the right HCC), REASON (NOT_SUPPORTED for another reason).
    issues: Vec<String>,
    submitted: Option<String>,
    expected: Option<String>,
    points: f64,
    max_points: f64,
    rationale: Option<String>,
    guideline: Option<String>,
    feedback: Option<String>,
    /// An instructor's manual credit on this line: the reason.
    credit: Option<String>,
    /// CONDITION lines (chart reviews): the key's status and reason and the trainee's mark.
    condition: Option<super::risk_review::ConditionScore>,
}

/// An explained score.
#[derive(SimpleObject)]
pub struct AttemptScore {
    /// 0–100.
    percent: f64,
    earned: f64,
    possible: f64,
    lines: Vec<ScoreLine>,
    /// A DRG the trainee typed (a practice field) against the key's: its own verdict, outside
    /// the percent.
    typed_drg: Option<ScoreLine>,
    /// Inpatient: the DRG the trainee's codes group to against the key's, and the money.
    drg: Option<DrgScore>,
    /// RISK_ADJUSTMENT: the HCCs and risk score of the trainee's coding against the key's
    /// (shown, not scored).
    risk: Option<super::risk_review::RiskReviewScore>,
    /// The provider queries of the attempt with their findings, and what the record left open
    /// (null for a case without a query script on which no query was raised).
    provider_queries: Option<super::provider_queries::ProviderQueryReview>,
}

/// The DRG a trainee's codes earn against the key's, at the simulated base rate.
#[derive(SimpleObject)]
pub struct DrgScore {
    /// Grouper version (43.0, 43.1, 44.0).
    version: String,
    key_drg: String,
    key_title: String,
    key_weight: Option<f64>,
    /// The DRG the trainee's codes group to.
    trainee_drg: String,
    trainee_title: String,
    trainee_weight: Option<f64>,
    /// Simulated payment per relative weight of 1.0, in cents ($7,400: about the FY2026 IPPS
    /// operating standardized amount plus capital, before any hospital adjustment).
    base_rate_cents: i64,
    key_payment_cents: i64,
    trainee_payment_cents: i64,
    /// Trainee's payment minus the key's, in cents: negative when the coding left money out.
    difference_cents: i64,
    /// The codes that made the difference, e.g. "E87.1 not coded: no CC or MCC instead of a
    /// CC." and "DRG 194 instead of 193: −$2,134.56 at $7,400.00 per relative weight."
    reasons: Vec<String>,
}

fn shout<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|x| x.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn score_line(l: dom::LineResult) -> ScoreLine {
    ScoreLine {
        kind: shout(&l.kind),
        verdict: shout(&l.verdict),
        issues: l.issues.iter().map(shout).collect(),
        submitted: l.submitted,
        expected: l.expected,
        points: l.points,
        max_points: l.max_points,
        rationale: l.rationale,
        guideline: l.guideline,
        feedback: l.feedback,
        credit: l.credit,
        condition: l.condition.map(Into::into),
    }
}

impl From<ScoreReport> for AttemptScore {
    fn from(r: ScoreReport) -> Self {
        AttemptScore {
            percent: (r.percent * 100.0).round() / 100.0,
            earned: r.earned,
            possible: r.possible,
            lines: r.lines.into_iter().map(score_line).collect(),
            typed_drg: r.typed_drg.map(score_line),
            drg: r.drg.map(|d| DrgScore {
                version: d.version,
                key_drg: d.key_drg,
                key_title: d.key_title,
                key_weight: d.key_weight,
                trainee_drg: d.trainee_drg,
                trainee_title: d.trainee_title,
                trainee_weight: d.trainee_weight,
                base_rate_cents: d.base_rate_cents,
                key_payment_cents: d.key_payment_cents,
                trainee_payment_cents: d.trainee_payment_cents,
                difference_cents: d.difference_cents,
                reasons: d.reasons,
            }),
            risk: r.risk.map(Into::into),
            provider_queries: None,
        }
    }
}

/// A trainee's coding of a case.
pub struct Attempt(pub attempt::Model);

#[Object]
impl Attempt {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    /// IN_PROGRESS or SUBMITTED.
    async fn status(&self) -> &str {
        &self.0.status
    }
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Case> {
        let v = ctx.viewer()?;
        service::cases::get(ctx.db(), v, self.0.case_id)
            .await
            .map(Case)
            .extend()
    }
    async fn assignment_id(&self) -> Option<ID> {
        self.0.assignment_id.map(ID::from)
    }
    /// The answer-key version it is scored against.
    async fn key_version(&self) -> i32 {
        self.0.key_version
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    async fn saved_at(&self) -> DateTime<Utc> {
        self.0.saved_at
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// Bumped by every save and the submission: send it back with `saveAttempt` or
    /// `submitAttempt` so that a change made from an older copy is refused (CONFLICT with
    /// `extensions.currentVersion`) instead of overwriting newer work.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// What the trainee entered (the draft, or what was submitted).
    async fn submission(&self) -> async_graphql::Result<async_graphql::Json<serde_json::Value>> {
        serde_json::from_str(&self.0.submission)
            .map(async_graphql::Json)
            .map_err(|e| AppError::internal(format!("stored submission: {e}")))
            .extend()
    }
    /// Earlier scores (re-grades after key revisions, manual credit), oldest first; shown
    /// with the score.
    async fn score_history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ScoreChange>> {
        if !service::practice::feedback_released(ctx.db(), &self.0)
            .await
            .extend()?
        {
            return Ok(Vec::new());
        }
        service::governance::history(ctx.db(), self.0.id)
            .await
            .map(|h| {
                h.into_iter()
                    .map(|c| ScoreChange {
                        key_version: c.key_version,
                        percent: f64::from(c.percent_e2) / 100.0,
                        reason: c.reason,
                        changed_at: c.changed_at,
                    })
                    .collect()
            })
            .extend()
    }

    /// Disputes raised on this attempt.
    async fn disputes(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::dispute::Dispute>> {
        service::governance::disputes_of(ctx.db(), self.0.id)
            .await
            .map(|d| d.into_iter().map(super::dispute::Dispute).collect())
            .extend()
    }

    /// The explained score: null until submitted and released by the feedback policy.
    async fn score(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AttemptScore>> {
        if !service::practice::feedback_released(ctx.db(), &self.0)
            .await
            .extend()?
        {
            return Ok(None);
        }
        let Some(report) = &self.0.report else {
            return Ok(None);
        };
        let r: ScoreReport = serde_json::from_str(report)
            .map_err(|e| AppError::internal(format!("stored report: {e}")))
            .extend()?;
        let mut score: AttemptScore = r.into();
        score.provider_queries = service::provider_queries::review(ctx.db(), &self.0)
            .await
            .extend()?
            .map(Into::into);
        Ok(Some(score))
    }

    /// The documents to code from: the case's, then the provider's addenda that answered
    /// queries raised on this attempt.
    async fn documents(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::provider_queries::AttemptDocument>> {
        let v = ctx.viewer()?;
        service::provider_queries::documents(ctx.db(), v, &self.0)
            .await
            .map(|d| d.into_iter().map(Into::into).collect())
            .extend()
    }

    /// The provider queries raised on this attempt, oldest first, with their findings (released
    /// like the score in an AFTER_CLOSE assignment).
    async fn provider_queries(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::provider_queries::ProviderQuery>> {
        let v = ctx.viewer()?;
        service::provider_queries::of_attempt(ctx.db(), v, self.0.id)
            .await
            .map(|(q, released)| {
                q.into_iter()
                    .map(|m| super::provider_queries::ProviderQuery(m, released))
                    .collect()
            })
            .extend()
    }
}

/// An earlier score of an attempt (before a re-grade or a manual credit).
#[derive(SimpleObject)]
pub struct ScoreChange {
    key_version: i32,
    percent: f64,
    /// Why the score changed afterwards.
    reason: String,
    changed_at: DateTime<Utc>,
}

/// Marks one line of a submitted attempt right or wrong.
#[derive(InputObject)]
pub struct CreditAttemptLineInput {
    attempt_id: ID,
    /// The line's submitted code (as in the score report), if any.
    submitted: Option<String>,
    /// The line's expected code (as in the score report), if any.
    expected: Option<String>,
    /// True: full credit; false: no credit.
    credit: bool,
    reason: String,
}

/// Starts an attempt.
#[derive(InputObject)]
pub struct StartAttemptInput {
    case_id: ID,
    assignment_id: Option<ID>,
}

/// Saves a draft.
#[derive(InputObject)]
pub struct SaveAttemptInput {
    attempt_id: ID,
    submission: SubmissionInput,
    /// The attempt's `version` this draft was made from; a stale one is refused.
    version: Option<i32>,
}

/// Submits an attempt (the last draft when no submission is given).
#[derive(InputObject)]
pub struct SubmitAttemptInput {
    attempt_id: ID,
    submission: Option<SubmissionInput>,
    /// The attempt's `version` the trainee last saw; a stale one is refused.
    version: Option<i32>,
}

/// The result of an attempt mutation.
#[derive(SimpleObject)]
pub struct AttemptPayload {
    attempt: Attempt,
}

#[derive(Default)]
pub struct PracticeQuery;

#[Object]
impl PracticeQuery {
    /// One attempt: yours, or (INSTRUCTOR, ADMIN) one of your organization's trainees'.
    async fn attempt(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Attempt> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::practice::get(ctx.db(), v, id)
            .await
            .map(Attempt)
            .extend()
    }

    /// Your attempts, oldest first, optionally only those of one status (IN_PROGRESS or
    /// SUBMITTED) or one case.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn my_attempts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<String>,
        case_id: Option<ID>,
    ) -> async_graphql::Result<Conn<Attempt>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        let filter = service::practice::AttemptFilter {
            status: match status.as_deref() {
                None => None,
                Some("IN_PROGRESS") => Some("IN_PROGRESS"),
                Some("SUBMITTED") => Some("SUBMITTED"),
                Some(other) => {
                    return Err(AppError::bad_input(
                        "status",
                        format!("'{other}' is not IN_PROGRESS or SUBMITTED"),
                    ))
                    .extend();
                }
            },
            case_id: case_id
                .map(|c| parse_id(&c, "caseId"))
                .transpose()
                .extend()?,
        };
        service::practice::mine(ctx.db(), v, filter, p)
            .await
            .map(|r| connection(r, |a| a.id, Attempt))
            .extend()
    }

    /// The assignments of your cohorts.
    async fn my_assignments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Assignment>> {
        let v = ctx.viewer()?;
        service::practice::my_assignments(ctx.db(), v)
            .await
            .map(|a| a.into_iter().map(Assignment).collect())
            .extend()
    }
}

#[derive(Default)]
pub struct PracticeMutation;

#[Object]
impl PracticeMutation {
    /// Assigns a case set to a cohort (INSTRUCTOR, ADMIN).
    async fn create_assignment(
        &self,
        ctx: &Context<'_>,
        input: CreateAssignmentInput,
    ) -> async_graphql::Result<CreateAssignmentPayload> {
        let v = ctx.viewer()?;
        let limit = input.attempt_limit.unwrap_or(3);
        if !(1..=20).contains(&limit) {
            return Err(AppError::bad_input(
                "attemptLimit",
                format!("must be between 1 and 20 (got {limit})"),
            ))
            .extend();
        }
        let new = NewAssignment {
            cohort_id: parse_id(&input.cohort_id, "cohortId").extend()?,
            case_set_id: parse_id(&input.case_set_id, "caseSetId").extend()?,
            mode: match input.mode {
                AssignmentMode::Practice => "PRACTICE".into(),
                AssignmentMode::Exam => "EXAM".into(),
            },
            feedback_policy: match input.feedback_policy {
                FeedbackPolicy::Immediate => "IMMEDIATE".into(),
                FeedbackPolicy::AfterClose => "AFTER_CLOSE".into(),
            },
            opens_at: input.opens_at,
            closes_at: input.closes_at,
            attempt_limit: limit,
        };
        service::practice::create_assignment(ctx.db(), v, new)
            .await
            .map(|a| CreateAssignmentPayload {
                assignment: Assignment(a),
            })
            .extend()
    }

    /// Starts an attempt on a case (the server's clock starts).
    async fn start_attempt(
        &self,
        ctx: &Context<'_>,
        input: StartAttemptInput,
    ) -> async_graphql::Result<AttemptPayload> {
        let v = ctx.viewer()?;
        let case = parse_id(&input.case_id, "caseId").extend()?;
        let assignment = input
            .assignment_id
            .as_ref()
            .map(|a| parse_id(a, "assignmentId"))
            .transpose()
            .extend()?;
        service::practice::start(ctx.db(), v, case, assignment)
            .await
            .map(|a| AttemptPayload {
                attempt: Attempt(a),
            })
            .extend()
    }

    /// Saves a draft; any number of times until submitted.
    async fn save_attempt(
        &self,
        ctx: &Context<'_>,
        input: SaveAttemptInput,
    ) -> async_graphql::Result<AttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        service::practice::save(ctx.db(), v, id, &input.submission.into(), input.version)
            .await
            .map(|a| AttemptPayload {
                attempt: Attempt(a),
            })
            .extend()
    }

    /// Submits and scores an attempt, once; submitting again returns the same result.
    async fn submit_attempt(
        &self,
        ctx: &Context<'_>,
        input: SubmitAttemptInput,
    ) -> async_graphql::Result<AttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        let sub: Option<Submission> = input.submission.map(Into::into);
        service::practice::submit(ctx.db(), v, id, sub.as_ref(), input.version)
            .await
            .map(|a| AttemptPayload {
                attempt: Attempt(a),
            })
            .extend()
    }

    /// Gives or removes credit for one line of a trainee's submitted attempt (INSTRUCTOR or
    /// ADMIN of the trainee's organization), with a reason; the old score is kept.
    async fn credit_attempt_line(
        &self,
        ctx: &Context<'_>,
        input: CreditAttemptLineInput,
    ) -> async_graphql::Result<AttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        service::governance::credit_line(
            ctx.db(),
            v,
            id,
            input.submitted,
            input.expected,
            input.credit,
            &input.reason,
        )
        .await
        .map(|a| AttemptPayload {
            attempt: Attempt(a),
        })
        .extend()
    }
}
