//! Accounts and sessions: register, login, refresh, logout, me.

use super::context::{CtxExt, parse_id};
use super::organization::Organization;
use crate::domain::account::{self as dom, DisplayName, Email, Password};
use crate::entity::account;
use crate::error::AppError;
use crate::service;
use crate::service::account::{NewAccount, Session};
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};

/// What an account may do.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Role")]
pub enum RoleGql {
    /// Manages organizations, users, code-set releases and payer profiles.
    Admin,
    /// Authors cases and case sets, teaches cohorts, reviews results.
    Instructor,
    /// Practises coding and claims, takes exams.
    Trainee,
    /// Builds assessments and tests candidates.
    Employer,
}

impl From<RoleGql> for dom::Role {
    fn from(r: RoleGql) -> Self {
        match r {
            RoleGql::Admin => dom::Role::Admin,
            RoleGql::Instructor => dom::Role::Instructor,
            RoleGql::Trainee => dom::Role::Trainee,
            RoleGql::Employer => dom::Role::Employer,
        }
    }
}

impl From<dom::Role> for RoleGql {
    fn from(r: dom::Role) -> Self {
        match r {
            dom::Role::Admin => RoleGql::Admin,
            dom::Role::Instructor => RoleGql::Instructor,
            dom::Role::Trainee => RoleGql::Trainee,
            dom::Role::Employer => RoleGql::Employer,
        }
    }
}

/// A person who signs in.
pub struct Account(pub account::Model);

#[Object]
impl Account {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    /// Normalized (lower-case) e-mail address; unique.
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn role(&self) -> async_graphql::Result<RoleGql> {
        dom::Role::parse(&self.0.role)
            .map(RoleGql::from)
            .map_err(|e| AppError::internal(e.0))
            .extend()
    }
    /// The organization the account belongs to; none for a self-registered trainee.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        service::organization::find(ctx.db(), id)
            .await
            .map(|o| Some(Organization(o)))
            .extend()
    }
    /// False while an administrator has deactivated the account.
    async fn active(&self) -> bool {
        self.0.deactivated_at.is_none()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A signed-in session: a short-lived access token and a single-use refresh token.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`. Expires after minutes.
    access_token: String,
    /// Trade it for a new session with `refreshSession`; each one works once.
    refresh_token: String,
    account: Account,
}

impl From<Session> for AuthPayload {
    fn from(s: Session) -> Self {
        AuthPayload {
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            account: Account(s.account),
        }
    }
}

/// Creates an account.
#[derive(InputObject)]
pub struct RegisterInput {
    email: String,
    /// 12 to 128 characters.
    password: String,
    display_name: String,
    /// From an invitation: joins its organization with its role (and cohort).
    invitation_code: Option<String>,
}

impl TryFrom<RegisterInput> for NewAccount {
    type Error = AppError;
    fn try_from(i: RegisterInput) -> Result<Self, AppError> {
        Ok(NewAccount {
            email: Email::parse(&i.email).map_err(|e| AppError::bad_input("email", e.0))?,
            password: Password::parse(&i.password)
                .map_err(|e| AppError::bad_input("password", e.0))?,
            display_name: DisplayName::parse(&i.display_name)
                .map_err(|e| AppError::bad_input("displayName", e.0))?,
            invitation_code: i.invitation_code.filter(|c| !c.trim().is_empty()),
        })
    }
}

/// Signs in.
#[derive(InputObject)]
pub struct LoginInput {
    email: String,
    password: String,
}

/// Trades a refresh token for a new session.
#[derive(InputObject)]
pub struct RefreshSessionInput {
    refresh_token: String,
}

/// Ends the login a refresh token belongs to.
#[derive(InputObject)]
pub struct LogoutInput {
    refresh_token: String,
}

/// The result of `logout`.
#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// True once every refresh token of the login is revoked.
    revoked: bool,
}

/// Passwords longer than this are refused before any hashing work.
const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in account.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Account> {
        let v = ctx.viewer()?;
        service::account::get(ctx.db(), v.account_id)
            .await
            .map(Account)
            .extend()
    }

    /// One account: yourself, or (for ADMIN, INSTRUCTOR, EMPLOYER) a member of your organization.
    async fn account(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Account> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::account::get_visible(ctx.db(), v, id)
            .await
            .map(Account)
            .extend()
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates an account and signs it in. Without an invitation code it is a TRAINEE with
    /// no organization.
    async fn register(
        &self,
        ctx: &Context<'_>,
        input: RegisterInput,
    ) -> async_graphql::Result<AuthPayload> {
        let input = NewAccount::try_from(input).extend()?;
        service::account::register(ctx.db(), ctx.auth(), input)
            .await
            .map(Into::into)
            .extend()
    }

    /// Signs in with e-mail and password. Repeated failures are throttled (RATE_LIMITED,
    /// with `extensions.retryAfterSeconds`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<AuthPayload> {
        if input.password.len() > MAX_PASSWORD_BYTES {
            return Err(AppError::bad_input("password", "is too long")).extend();
        }
        service::account::login(
            ctx.db(),
            ctx.auth(),
            &input.email,
            input.password,
            ctx.client_addr(),
        )
        .await
        .map(Into::into)
        .extend()
    }

    /// Trades a refresh token for a new session; the old token stops working. Presenting a
    /// used token again revokes every session of that login.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        input: RefreshSessionInput,
    ) -> async_graphql::Result<AuthPayload> {
        service::account::refresh(ctx.db(), ctx.auth(), &input.refresh_token)
            .await
            .map(Into::into)
            .extend()
    }

    /// Signs out: revokes the refresh tokens of this login.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        input: LogoutInput,
    ) -> async_graphql::Result<LogoutPayload> {
        service::account::logout(ctx.db(), &input.refresh_token)
            .await
            .map(|_| LogoutPayload { revoked: true })
            .extend()
    }
}

/// An administrator's change of one account's role.
#[derive(InputObject)]
pub struct SetAccountRoleInput {
    account_id: ID,
    role: RoleGql,
}

/// The account an administrator deactivates or reactivates.
#[derive(InputObject)]
pub struct AccountIdInput {
    account_id: ID,
}

/// The account after an administrator's change.
#[derive(SimpleObject)]
pub struct AccountPayload {
    account: Account,
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Changes an account's role (ADMIN); it takes effect on the account's next request. The
    /// last active administrator cannot be demoted.
    async fn set_account_role(
        &self,
        ctx: &Context<'_>,
        input: SetAccountRoleInput,
    ) -> async_graphql::Result<AccountPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.account_id, "accountId").extend()?;
        let change = service::admin::AccountChange::Role(input.role.into());
        change_account(ctx, v, id, change).await
    }

    /// Deactivates an account (ADMIN): it can no longer sign in, and its tokens are refused
    /// from its next request. The last active administrator cannot be deactivated.
    async fn deactivate_account(
        &self,
        ctx: &Context<'_>,
        input: AccountIdInput,
    ) -> async_graphql::Result<AccountPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.account_id, "accountId").extend()?;
        change_account(ctx, v, id, service::admin::AccountChange::Deactivate).await
    }

    /// Reactivates a deactivated account (ADMIN).
    async fn reactivate_account(
        &self,
        ctx: &Context<'_>,
        input: AccountIdInput,
    ) -> async_graphql::Result<AccountPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.account_id, "accountId").extend()?;
        change_account(ctx, v, id, service::admin::AccountChange::Reactivate).await
    }
}

async fn change_account(
    ctx: &Context<'_>,
    v: &crate::auth::Viewer,
    id: i32,
    change: service::admin::AccountChange,
) -> async_graphql::Result<AccountPayload> {
    service::admin::change_account(ctx.db(), v, id, change)
        .await
        .map(|a| AccountPayload {
            account: Account(a),
        })
        .extend()
}
