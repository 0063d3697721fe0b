//! The `Viewer`: the authenticated account behind a request, as the database says now.

use super::token::{TokenError, TokenKeys};
use crate::domain::account::Role;
use crate::error::AppError;

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub account_id: i32,
    pub role: Role,
    pub organization_id: Option<i32>,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// True when the viewer belongs to `org_id` or is a platform administrator.
    pub fn can_see_org(&self, org_id: i32) -> bool {
        self.is_admin() || self.organization_id == Some(org_id)
    }

    /// Requires one of `roles` (ADMIN always passes), whatever object the request names: the
    /// role is checked before anything is looked up, so the answer tells nothing about ids.
    pub fn require_role(&self, roles: &[Role], what: &str) -> Result<(), AppError> {
        if self.is_admin() || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "a {} may not {what}",
                self.role.as_str()
            )))
        }
    }

    /// Requires one of `roles` (ADMIN always passes) acting within `org_id`, the organization
    /// an input's `organizationId` names: the role first, then the organization. Another
    /// organization answers NOT_FOUND on `organizationId`, as a missing one does.
    pub fn require_in_org(&self, org_id: i32, roles: &[Role], what: &str) -> Result<(), AppError> {
        self.require_role(roles, what)?;
        if self.can_see_org(org_id) {
            Ok(())
        } else {
            Err(AppError::missing("organizationId", "organization"))
        }
    }
}

/// The state of a request's credentials.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// No Authorization header.
    Anonymous,
    /// A valid access token of an open login and an active account.
    Valid(Viewer),
    /// A token that was presented but refused, with the reason.
    Refused(&'static str),
    /// The database could not be asked.
    Unavailable,
}

impl Credentials {
    /// The viewer, or UNAUTHENTICATED with the reason.
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        match self {
            Credentials::Valid(v) => Ok(v),
            Credentials::Anonymous => Err(AppError::Unauthenticated(
                "sign in first: send `Authorization: Bearer <accessToken>`".into(),
            )),
            Credentials::Refused(why) => Err(AppError::Unauthenticated((*why).into())),
            Credentials::Unavailable => Err(AppError::Unavailable(
                "checking the access token: database unreachable".into(),
            )),
        }
    }
}

/// A request's Authorization header as it came.
pub enum Header {
    Missing,
    /// Not visible ASCII.
    Unreadable,
    Value(String),
}

/// Checks a request's credentials: the token's signature and claims, then (see `access`) the
/// account and the login as the database says now.
pub async fn resolve(
    keys: &TokenKeys,
    db: &impl sea_orm::ConnectionTrait,
    header: &Header,
) -> Credentials {
    let value = match header {
        Header::Missing => return Credentials::Anonymous,
        Header::Unreadable => None,
        Header::Value(v) => v.strip_prefix("Bearer "),
    };
    let Some(token) = value else {
        return Credentials::Refused("the Authorization header must be `Bearer <accessToken>`");
    };
    let claims = match keys.verify(token.trim()) {
        Err(TokenError::Expired) => {
            return Credentials::Refused("access token expired: call refreshSession");
        }
        Err(TokenError::Invalid) => return Credentials::Refused("invalid access token"),
        Ok(c) => c,
    };
    let Ok(account_id) = claims.sub.parse::<i32>() else {
        return Credentials::Refused("invalid access token");
    };
    match super::access::viewer(db, account_id, &claims.sid).await {
        Ok(Ok(v)) => Credentials::Valid(v),
        Ok(Err(why)) => Credentials::Refused(why),
        Err(AppError::Unavailable(_)) => Credentials::Unavailable,
        Err(e) => {
            tracing::error!(error = %e, "checking an access token");
            Credentials::Unavailable
        }
    }
}
