//! The employer's assessments as they follow them: candidate codes with expiry and uses,
//! candidates waiting to start, sittings started and finished.

use super::account::Account;
use super::context::{CtxExt, parse_id};
use super::exams::ExamForm;
use super::invitation::Invitation;
use crate::service::exams::{self as svc, AssessmentOverview as Overview};
use async_graphql::{Context, ID, Object, ResultExt};

/// One of your assessments with its candidate codes and how far its candidates are.
pub struct AssessmentOverview(Overview);

#[Object]
impl AssessmentOverview {
    async fn assessment(&self) -> ExamForm {
        ExamForm(self.0.form.clone())
    }
    /// Its candidate codes, newest first: hint, expiry, uses (the codes were shown once).
    async fn invitations(&self) -> Vec<Invitation> {
        self.0.invitations.iter().cloned().map(Invitation).collect()
    }
    /// Codes issued.
    async fn codes_issued(&self) -> i32 {
        self.0.invitations.len() as i32
    }
    /// Codes a candidate has used.
    async fn codes_used(&self) -> i32 {
        self.0.invitations.iter().filter(|i| i.uses > 0).count() as i32
    }
    /// Candidates who used a code and have not started yet.
    async fn waiting(&self) -> Vec<Account> {
        self.0.waiting.iter().cloned().map(Account).collect()
    }
    /// Sittings started (in progress or closed).
    async fn started(&self) -> i32 {
        self.0.started as i32
    }
    /// Sittings closed (submitted, or expired at the deadline).
    async fn finished(&self) -> i32 {
        self.0.finished as i32
    }
}

#[derive(Default)]
pub struct AssessmentQuery;

#[Object]
impl AssessmentQuery {
    /// Your organization's assessments, newest first (EMPLOYER; an ADMIN sees every
    /// organization's).
    async fn assessments(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<AssessmentOverview>> {
        let v = ctx.viewer()?;
        Ok(svc::assessments(ctx.db(), v, ctx.now())
            .await
            .extend()?
            .into_iter()
            .map(AssessmentOverview)
            .collect())
    }

    /// One of your assessments (its EMPLOYER, an ADMIN).
    async fn assessment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<AssessmentOverview> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        Ok(AssessmentOverview(
            svc::assessment(ctx.db(), v, ctx.now(), id).await.extend()?,
        ))
    }
}
