//! The instructor's review lists over GraphQL (INSTRUCTOR of the organization, ADMIN of any;
//! FORBIDDEN for everyone else; another organization's ids are NOT_FOUND), and the changes to
//! an assignment after it was created: update, close now, delete while nothing was submitted.

use super::account::Account;
use super::cases::Case;
use super::claim_ops::ClaimWork;
use super::claims::{Claim, ClaimStatus};
use super::context::{CtxExt, parse_id};
use super::dispute::Dispute;
use super::pagination::{Conn, connection, cost, page};
use super::practice::{Assignment, AssignmentMode, Attempt, AttemptScore, FeedbackPolicy};
use crate::domain::scoring::ScoreReport;
use crate::error::AppError;
use crate::service::assignments::AssignmentPatch;
use crate::service::review::{CaseWork, ReviewedAttempt, ReviewedDispute};
use crate::service::{self, Paged};
use async_graphql::{Context, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// An attempt as its instructor reviews it: whose, of which case, its status and score
/// (shown to the instructor whatever the assignment's feedback policy).
pub struct AttemptReview(pub ReviewedAttempt);

#[Object]
impl AttemptReview {
    async fn id(&self) -> ID {
        self.0.attempt.id.into()
    }
    /// IN_PROGRESS or SUBMITTED.
    async fn status(&self) -> &str {
        &self.0.attempt.status
    }
    async fn trainee(&self) -> Account {
        Account(self.0.trainee.clone())
    }
    async fn case(&self) -> Case {
        Case(self.0.case.clone())
    }
    /// The assignment it was made under; null for free practice.
    async fn assignment_id(&self) -> Option<ID> {
        self.0.attempt.assignment_id.map(ID::from)
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.attempt.started_at
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.attempt.submitted_at
    }
    /// The score in percent (0–100) once submitted, manual credit and re-grades included.
    async fn percent(&self) -> Option<f64> {
        self.0.attempt.percent_e2.map(|p| f64::from(p) / 100.0)
    }
    /// The explained score, line by line, once submitted.
    async fn score(&self) -> async_graphql::Result<Option<AttemptScore>> {
        let Some(report) = &self.0.attempt.report else {
            return Ok(None);
        };
        let r: ScoreReport = serde_json::from_str(report)
            .map_err(|e| AppError::internal(format!("stored report: {e}")))
            .extend()?;
        Ok(Some(r.into()))
    }
    /// The attempt itself (its submission, disputes and score history).
    async fn attempt(&self) -> Attempt {
        Attempt(self.0.attempt.clone())
    }
}

/// A trainee's dispute, with the attempt it is about: resolve it with `resolveDispute`
/// (its id) or credit the line with `creditAttemptLine` (the attempt's id and the line's
/// `submitted` and `expected` codes).
pub struct DisputeReview(pub ReviewedDispute);

#[Object]
impl DisputeReview {
    async fn id(&self) -> ID {
        self.0.dispute.id.into()
    }
    /// The line, the citation, the message and the status.
    async fn dispute(&self) -> Dispute {
        Dispute(self.0.dispute.clone())
    }
    async fn trainee(&self) -> Account {
        Account(self.0.attempt.trainee.clone())
    }
    async fn attempt(&self) -> AttemptReview {
        AttemptReview(self.0.attempt.clone())
    }
}

/// A trainee's claim work on one case, judged as their own `claimWork` is.
pub struct CaseClaimWork(pub CaseWork);

#[Object]
impl CaseClaimWork {
    async fn case(&self) -> Case {
        Case(self.0.case.clone())
    }
    async fn work(&self) -> ClaimWork {
        self.0.work.clone().into()
    }
}

/// Changes an assignment; a field left out keeps its value. Checked as on creation.
#[derive(InputObject)]
pub struct UpdateAssignmentInput {
    assignment_id: ID,
    mode: Option<AssignmentMode>,
    feedback_policy: Option<FeedbackPolicy>,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
    /// Attempts per case, 1 to 20.
    attempt_limit: Option<i32>,
}

/// Closes an assignment now.
#[derive(InputObject)]
pub struct CloseAssignmentInput {
    assignment_id: ID,
}

/// Deletes an assignment.
#[derive(InputObject)]
pub struct DeleteAssignmentInput {
    assignment_id: ID,
}

/// The result of `updateAssignment`.
#[derive(SimpleObject)]
pub struct UpdateAssignmentPayload {
    assignment: Assignment,
}

/// The result of `closeAssignment`.
#[derive(SimpleObject)]
pub struct CloseAssignmentPayload {
    assignment: Assignment,
}

/// The result of `deleteAssignment`.
#[derive(SimpleObject)]
pub struct DeleteAssignmentPayload {
    deleted_assignment_id: ID,
    /// Attempts in progress deleted with it.
    deleted_attempts: u64,
}

fn mode(m: AssignmentMode) -> String {
    match m {
        AssignmentMode::Practice => "PRACTICE",
        AssignmentMode::Exam => "EXAM",
    }
    .into()
}

fn policy(p: FeedbackPolicy) -> String {
    match p {
        FeedbackPolicy::Immediate => "IMMEDIATE",
        FeedbackPolicy::AfterClose => "AFTER_CLOSE",
    }
    .into()
}

fn attempts(r: Paged<ReviewedAttempt>) -> Conn<AttemptReview> {
    connection(r, |a| a.attempt.id, AttemptReview)
}

#[derive(Default)]
pub struct ReviewQuery;

#[Object]
impl ReviewQuery {
    /// A cohort's assignments, oldest first (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn cohort_assignments(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Assignment>> {
        let v = ctx.viewer()?;
        let id = parse_id(&cohort_id, "cohortId").extend()?;
        let p = page(first, after).extend()?;
        service::review::cohort_assignments(ctx.db(), v, id, p)
            .await
            .map(|r| connection(r, |a| a.id, Assignment))
            .extend()
    }

    /// The attempts made under an assignment, with trainee, case, status and score
    /// (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn assignment_attempts(
        &self,
        ctx: &Context<'_>,
        assignment_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AttemptReview>> {
        let v = ctx.viewer()?;
        let id = parse_id(&assignment_id, "assignmentId").extend()?;
        let p = page(first, after).extend()?;
        service::review::assignment_attempts(ctx.db(), v, id, p)
            .await
            .map(attempts)
            .extend()
    }

    /// A trainee's attempts, practice and assigned (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn trainee_attempts(
        &self,
        ctx: &Context<'_>,
        trainee_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AttemptReview>> {
        let v = ctx.viewer()?;
        let id = parse_id(&trainee_id, "traineeId").extend()?;
        let p = page(first, after).extend()?;
        service::review::trainee_attempts(ctx.db(), v, id, p)
            .await
            .map(attempts)
            .extend()
    }

    /// The disputes of a cohort's trainees and assignments, oldest first: the open ones (also
    /// when `openOnly` is null), or all with `openOnly: false` (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn cohort_disputes(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
        #[graphql(default_with = "Some(true)")] open_only: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<DisputeReview>> {
        let v = ctx.viewer()?;
        let id = parse_id(&cohort_id, "cohortId").extend()?;
        let p = page(first, after).extend()?;
        service::review::cohort_disputes(ctx.db(), v, id, open_only.unwrap_or(true), p)
            .await
            .map(|r| connection(r, |d| d.dispute.id, DisputeReview))
            .extend()
    }

    /// A trainee's claims, oldest first, optionally by status or case (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn trainee_claims(
        &self,
        ctx: &Context<'_>,
        trainee_id: ID,
        status: Option<ClaimStatus>,
        case_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Claim>> {
        let v = ctx.viewer()?;
        let id = parse_id(&trainee_id, "traineeId").extend()?;
        let p = page(first, after).extend()?;
        let case_id = case_id
            .map(|c| parse_id(&c, "caseId"))
            .transpose()
            .extend()?;
        let filter = service::claims::ClaimFilter {
            status: status.map(|s| s.as_str().to_owned()),
            case_id,
        };
        let paged = service::review::trainee_claims(ctx.db(), v, id, filter, p)
            .await
            .extend()?;
        let mut items = Vec::with_capacity(paged.items.len());
        for row in paged.items {
            items.push((row.id, Claim::new(row)?));
        }
        let paged = Paged {
            items,
            has_next: paged.has_next,
            total: paged.total,
        };
        Ok(connection(paged, |(id, _)| *id, |(_, c)| c))
    }

    /// A trainee's claim work, one entry per case they made a claim for (INSTRUCTOR, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn trainee_claim_work(
        &self,
        ctx: &Context<'_>,
        trainee_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CaseClaimWork>> {
        let v = ctx.viewer()?;
        let id = parse_id(&trainee_id, "traineeId").extend()?;
        let p = page(first, after).extend()?;
        service::review::trainee_claim_work(ctx.db(), v, id, p)
            .await
            .map(|r| connection(r, |w| w.case.id, CaseClaimWork))
            .extend()
    }
}

#[derive(Default)]
pub struct ReviewMutation;

#[Object]
impl ReviewMutation {
    /// Changes an assignment's window, attempt limit, feedback policy or mode (INSTRUCTOR,
    /// ADMIN of its organization).
    async fn update_assignment(
        &self,
        ctx: &Context<'_>,
        input: UpdateAssignmentInput,
    ) -> async_graphql::Result<UpdateAssignmentPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.assignment_id, "assignmentId").extend()?;
        let patch = AssignmentPatch {
            mode: input.mode.map(mode),
            feedback_policy: input.feedback_policy.map(policy),
            opens_at: input.opens_at,
            closes_at: input.closes_at,
            attempt_limit: input.attempt_limit,
        };
        service::assignments::update(ctx.db(), v, id, patch)
            .await
            .map(|a| UpdateAssignmentPayload {
                assignment: Assignment(a),
            })
            .extend()
    }

    /// Closes an open assignment now, on the server's clock (INSTRUCTOR, ADMIN).
    async fn close_assignment(
        &self,
        ctx: &Context<'_>,
        input: CloseAssignmentInput,
    ) -> async_graphql::Result<CloseAssignmentPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.assignment_id, "assignmentId").extend()?;
        service::assignments::close(ctx.db(), v, id, ctx.now())
            .await
            .map(|a| CloseAssignmentPayload {
                assignment: Assignment(a),
            })
            .extend()
    }

    /// Deletes an assignment none of whose attempts was submitted (CONFLICT otherwise), with
    /// its attempts in progress (INSTRUCTOR, ADMIN).
    async fn delete_assignment(
        &self,
        ctx: &Context<'_>,
        input: DeleteAssignmentInput,
    ) -> async_graphql::Result<DeleteAssignmentPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.assignment_id, "assignmentId").extend()?;
        service::assignments::delete(ctx.db(), v, id)
            .await
            .map(|n| DeleteAssignmentPayload {
                deleted_assignment_id: id.into(),
                deleted_attempts: n,
            })
            .extend()
    }
}
