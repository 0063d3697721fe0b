//! Invitations into an organization.

use super::account::RoleGql;
use super::context::{CtxExt, parse_id};
use crate::domain::account::Role;
use crate::entity::invitation;
use crate::error::AppError;
use crate::service;
use crate::service::invitation::NewInvitation;
use async_graphql::{Context, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// An invitation: whoever registers with its code joins the organization with its role.
pub struct Invitation(pub invitation::Model);

#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn role(&self) -> RoleGql {
        Role::parse(&self.0.role)
            .map(RoleGql::from)
            .unwrap_or(RoleGql::Trainee)
    }
    /// The cohort new accounts join, if any.
    async fn cohort_id(&self) -> Option<ID> {
        self.0.cohort_id.map(ID::from)
    }
    /// The first characters of the code, to tell invitations apart.
    async fn code_hint(&self) -> &str {
        &self.0.code_hint
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn max_uses(&self) -> i32 {
        self.0.max_uses
    }
    async fn uses(&self) -> i32 {
        self.0.uses
    }
    async fn revoked(&self) -> bool {
        self.0.revoked
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Creates an invitation.
#[derive(InputObject)]
pub struct CreateInvitationInput {
    organization_id: ID,
    /// INSTRUCTOR and EMPLOYER accounts may invite only TRAINEE.
    role: RoleGql,
    /// Place new trainees in this cohort (an INSTRUCTOR's or ADMIN's invitation only).
    cohort_id: Option<ID>,
    /// Hours until it expires: 1 to 8760 (default 168, one week).
    expires_in_hours: Option<i32>,
    /// How many accounts may use it: 1 to 1000 (default 1).
    max_uses: Option<i32>,
}

/// The result of `createInvitation`.
#[derive(SimpleObject)]
pub struct CreateInvitationPayload {
    invitation: Invitation,
    /// The code to hand to the invitee. Shown only now: it is stored hashed.
    code: String,
}

/// Revokes an invitation.
#[derive(InputObject)]
pub struct RevokeInvitationInput {
    id: ID,
}

/// The result of `revokeInvitation`.
#[derive(SimpleObject)]
pub struct RevokeInvitationPayload {
    invitation: Invitation,
}

fn in_range(
    v: Option<i32>,
    default: i32,
    min: i32,
    max: i32,
    field: &str,
) -> Result<u32, AppError> {
    let n = v.unwrap_or(default);
    if (min..=max).contains(&n) {
        Ok(n as u32)
    } else {
        Err(AppError::bad_input(
            field,
            format!("must be between {min} and {max} (got {n})"),
        ))
    }
}

impl TryFrom<CreateInvitationInput> for NewInvitation {
    type Error = AppError;
    fn try_from(i: CreateInvitationInput) -> Result<Self, AppError> {
        Ok(NewInvitation {
            organization_id: parse_id(&i.organization_id, "organizationId")?,
            role: i.role.into(),
            cohort_id: i
                .cohort_id
                .as_ref()
                .map(|c| parse_id(c, "cohortId"))
                .transpose()?,
            expires_in_hours: in_range(i.expires_in_hours, 168, 1, 8760, "expiresInHours")?,
            max_uses: in_range(i.max_uses, 1, 1, 1000, "maxUses")?,
        })
    }
}

#[derive(Default)]
pub struct InvitationMutation;

#[Object]
impl InvitationMutation {
    /// Creates an invitation code (ADMIN; INSTRUCTOR or EMPLOYER for trainees; into a cohort:
    /// INSTRUCTOR).
    async fn create_invitation(
        &self,
        ctx: &Context<'_>,
        input: CreateInvitationInput,
    ) -> async_graphql::Result<CreateInvitationPayload> {
        let v = ctx.viewer()?;
        let input = NewInvitation::try_from(input).extend()?;
        service::invitation::create(ctx.db(), v, input)
            .await
            .map(|(inv, code)| CreateInvitationPayload {
                invitation: Invitation(inv),
                code,
            })
            .extend()
    }

    /// Revokes an invitation: its code stops working. Whoever may issue its kind revokes it: an
    /// EMPLOYER its assessment codes, an INSTRUCTOR cohort invitations, either a trainee
    /// invitation into the organization, an ADMIN any.
    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        input: RevokeInvitationInput,
    ) -> async_graphql::Result<RevokeInvitationPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::invitation::revoke(ctx.db(), v, id)
            .await
            .map(|inv| RevokeInvitationPayload {
                invitation: Invitation(inv),
            })
            .extend()
    }
}
