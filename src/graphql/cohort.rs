//! Cohorts: groups of trainees.

use super::account::Account;
use super::context::{CtxExt, parse_id};
use super::organization::Organization;
use super::pagination::{Conn, connection, cost, page};
use crate::domain::account::parse_name;
use crate::entity::cohort;
use crate::error::AppError;
use crate::service;
use async_graphql::{Context, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// A group of trainees taught together.
pub struct Cohort(pub cohort::Model);

#[Object]
impl Cohort {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Organization> {
        service::organization::find(ctx.db(), self.0.organization_id)
            .await
            .map(Organization)
            .extend()
    }
    /// The trainees in this cohort (ADMIN, INSTRUCTOR).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Account>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::cohort::members(ctx.db(), v, &self.0, p)
            .await
            .map(|r| connection(r, |a| a.id, Account))
            .extend()
    }
    /// The cohort's assignments, oldest first (ADMIN, INSTRUCTOR); as `cohortAssignments`.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn assignments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<super::practice::Assignment>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::review::cohort_assignments(ctx.db(), v, self.0.id, p)
            .await
            .map(|r| connection(r, |a| a.id, super::practice::Assignment))
            .extend()
    }
}

/// Creates a cohort.
#[derive(InputObject)]
pub struct CreateCohortInput {
    organization_id: ID,
    name: String,
}

/// Adds a trainee to a cohort, or removes one.
#[derive(InputObject)]
pub struct CohortMemberInput {
    cohort_id: ID,
    account_id: ID,
}

/// The result of a cohort mutation.
#[derive(SimpleObject)]
pub struct CohortPayload {
    cohort: Cohort,
}

fn payload(c: cohort::Model) -> CohortPayload {
    CohortPayload { cohort: Cohort(c) }
}

#[derive(Default)]
pub struct CohortQuery;

#[Object]
impl CohortQuery {
    /// One cohort: for its organization's ADMIN and INSTRUCTORs, and its members.
    async fn cohort(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Cohort> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::cohort::get(ctx.db(), v, id)
            .await
            .map(Cohort)
            .extend()
    }

    /// The cohorts you belong to.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn my_cohorts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Cohort>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::cohort::mine(ctx.db(), v, p)
            .await
            .map(|r| connection(r, |c| c.id, Cohort))
            .extend()
    }
}

#[derive(Default)]
pub struct CohortMutation;

#[Object]
impl CohortMutation {
    /// Creates a cohort (ADMIN, INSTRUCTOR of the organization).
    async fn create_cohort(
        &self,
        ctx: &Context<'_>,
        input: CreateCohortInput,
    ) -> async_graphql::Result<CohortPayload> {
        let v = ctx.viewer()?;
        let org = parse_id(&input.organization_id, "organizationId").extend()?;
        let name = parse_name(&input.name, 120)
            .map_err(|e| AppError::bad_input("name", e.0))
            .extend()?;
        service::cohort::create(ctx.db(), v, org, name)
            .await
            .map(payload)
            .extend()
    }

    /// Adds a TRAINEE of the organization to a cohort.
    async fn add_cohort_member(
        &self,
        ctx: &Context<'_>,
        input: CohortMemberInput,
    ) -> async_graphql::Result<CohortPayload> {
        let v = ctx.viewer()?;
        let (c, a) = ids(&input).extend()?;
        service::cohort::add_member(ctx.db(), v, c, a)
            .await
            .map(payload)
            .extend()
    }

    /// Removes a member from a cohort.
    async fn remove_cohort_member(
        &self,
        ctx: &Context<'_>,
        input: CohortMemberInput,
    ) -> async_graphql::Result<CohortPayload> {
        let v = ctx.viewer()?;
        let (c, a) = ids(&input).extend()?;
        service::cohort::remove_member(ctx.db(), v, c, a)
            .await
            .map(payload)
            .extend()
    }
}

fn ids(input: &CohortMemberInput) -> Result<(i32, i32), AppError> {
    Ok((
        parse_id(&input.cohort_id, "cohortId")?,
        parse_id(&input.account_id, "accountId")?,
    ))
}
