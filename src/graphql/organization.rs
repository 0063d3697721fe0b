//! Organizations: schools, employers and the platform itself.

use super::account::{Account, RoleGql};
use super::cohort::Cohort;
use super::context::{CtxExt, parse_id};
use super::invitation::Invitation;
use super::pagination::{Conn, connection, cost, page};
use crate::domain::account::{OrgKind, parse_name};
use crate::entity::organization;
use crate::error::AppError;
use crate::service;
use crate::service::organization::NewOrganization;
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// What kind of organization this is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "OrganizationKind")]
pub enum OrgKindGql {
    /// The platform itself; owns the public library.
    Platform,
    /// A school or training program.
    School,
    /// An employer that tests candidates.
    Employer,
}

impl From<OrgKindGql> for OrgKind {
    fn from(k: OrgKindGql) -> Self {
        match k {
            OrgKindGql::Platform => OrgKind::Platform,
            OrgKindGql::School => OrgKind::School,
            OrgKindGql::Employer => OrgKind::Employer,
        }
    }
}

/// An organization: it owns users, cohorts, cases and assessments.
pub struct Organization(pub organization::Model);

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// URL-safe unique name.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn kind(&self) -> OrgKindGql {
        match OrgKind::parse(&self.0.kind) {
            Ok(OrgKind::Platform) => OrgKindGql::Platform,
            Ok(OrgKind::Employer) => OrgKindGql::Employer,
            _ => OrgKindGql::School,
        }
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Accounts of this organization (ADMIN, INSTRUCTOR, EMPLOYER), optionally of one role.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        role: Option<RoleGql>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Account>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::organization::members(ctx.db(), v, self.0.id, role.map(Into::into), p)
            .await
            .map(|r| connection(r, |a| a.id, Account))
            .extend()
    }

    /// Cohorts of this organization (ADMIN, INSTRUCTOR).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn cohorts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Cohort>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::cohort::list(ctx.db(), v, self.0.id, p)
            .await
            .map(|r| connection(r, |c| c.id, Cohort))
            .extend()
    }

    /// Invitations of this organization (ADMIN, INSTRUCTOR, EMPLOYER).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Invitation>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::invitation::list(ctx.db(), v, self.0.id, p)
            .await
            .map(|r| connection(r, |i| i.id, Invitation))
            .extend()
    }
}

/// Creates an organization.
#[derive(InputObject)]
pub struct CreateOrganizationInput {
    name: String,
    kind: OrgKindGql,
}

/// The result of `createOrganization`.
#[derive(SimpleObject)]
pub struct CreateOrganizationPayload {
    organization: Organization,
}

#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// One organization: your own, or any for an ADMIN.
    async fn organization(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Organization> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::organization::get(ctx.db(), v, id)
            .await
            .map(Organization)
            .extend()
    }

    /// Every organization (ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Organization>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::organization::list(ctx.db(), v, p)
            .await
            .map(|r| connection(r, |o| o.id, Organization))
            .extend()
    }
}

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an organization (ADMIN).
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> async_graphql::Result<CreateOrganizationPayload> {
        let v = ctx.viewer()?;
        let name = parse_name(&input.name, 120)
            .map_err(|e| AppError::bad_input("name", e.0))
            .extend()?;
        let new = NewOrganization {
            name,
            kind: input.kind.into(),
        };
        service::organization::create(ctx.db(), v, new)
            .await
            .map(|o| CreateOrganizationPayload {
                organization: Organization(o),
            })
            .extend()
    }
}
