//! Disputes over GraphQL: a trainee contests a line; an instructor accepts or rejects.

use super::context::{CtxExt, parse_id};
use crate::service;
use async_graphql::{Context, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// A trainee's dispute of one line of a scored attempt.
pub struct Dispute(pub crate::entity::practice::dispute::Model);

#[Object]
impl Dispute {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn attempt_id(&self) -> ID {
        self.0.attempt_id.into()
    }
    async fn submitted(&self) -> Option<&str> {
        self.0.submitted.as_deref()
    }
    async fn expected(&self) -> Option<&str> {
        self.0.expected.as_deref()
    }
    async fn citation(&self) -> &str {
        &self.0.citation
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    /// OPEN, ACCEPTED or REJECTED.
    async fn status(&self) -> &str {
        &self.0.status
    }
    /// The instructor's reason.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
}

/// Disputes one line of your scored attempt.
#[derive(InputObject)]
pub struct RaiseDisputeInput {
    attempt_id: ID,
    /// The line's submitted code (as in the score report), if any.
    submitted: Option<String>,
    /// The line's expected code (as in the score report), if any.
    expected: Option<String>,
    /// The guideline or reference, e.g. "ICD-10-CM I.C.4.a.3".
    citation: String,
    #[graphql(default)]
    message: String,
}

/// Accepts (credits the line) or rejects a dispute.
#[derive(InputObject)]
pub struct ResolveDisputeInput {
    dispute_id: ID,
    accept: bool,
    reason: String,
}

/// The result of a dispute mutation.
#[derive(SimpleObject)]
pub struct DisputePayload {
    dispute: Dispute,
}

#[derive(Default)]
pub struct DisputeMutation;

#[Object]
impl DisputeMutation {
    /// Disputes one line of your scored attempt, with a citation.
    async fn raise_dispute(
        &self,
        ctx: &Context<'_>,
        input: RaiseDisputeInput,
    ) -> async_graphql::Result<DisputePayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        service::governance::raise_dispute(
            ctx.db(),
            v,
            id,
            input.submitted,
            input.expected,
            &input.citation,
            &input.message,
        )
        .await
        .map(|d| DisputePayload {
            dispute: Dispute(d),
        })
        .extend()
    }

    /// Accepts (with manual credit) or rejects a dispute, with a reason (INSTRUCTOR, ADMIN).
    async fn resolve_dispute(
        &self,
        ctx: &Context<'_>,
        input: ResolveDisputeInput,
    ) -> async_graphql::Result<DisputePayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.dispute_id, "disputeId").extend()?;
        service::governance::resolve_dispute(ctx.db(), v, id, input.accept, &input.reason)
            .await
            .map(|d| DisputePayload {
                dispute: Dispute(d),
            })
            .extend()
    }
}
