//! The `Viewer`: the authenticated account behind a request, as its access token says.

use super::token::{TokenError, TokenKeys};
use crate::domain::account::Role;
use crate::error::AppError;
use std::sync::{Arc, OnceLock};

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

    /// Requires one of `roles` (ADMIN always passes) acting within `org_id`.
    /// Another organization's data is NOT_FOUND, not FORBIDDEN: its existence is not told.
    pub fn require_in_org(&self, org_id: i32, roles: &[Role], what: &str) -> Result<(), AppError> {
        if !self.can_see_org(org_id) {
            return Err(AppError::not_found("organization"));
        }
        if self.is_admin() || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "a {} may not {what}",
                self.role.as_str()
            )))
        }
    }
}

/// The state of a request's credentials.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// No Authorization header.
    Anonymous,
    /// A valid access token.
    Valid(Viewer),
    /// A token that was presented but refused, with the reason.
    Refused(&'static str),
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

/// A request's credentials, checked the first time a resolver asks who the viewer is:
/// operations that need no account (code lookup, search) skip the signature check.
pub struct LazyCredentials {
    header: Header,
    keys: Arc<TokenKeys>,
    checked: OnceLock<Credentials>,
}

impl LazyCredentials {
    pub fn new(header: Header, keys: Arc<TokenKeys>) -> Self {
        LazyCredentials {
            header,
            keys,
            checked: OnceLock::new(),
        }
    }

    pub fn get(&self) -> &Credentials {
        self.checked.get_or_init(|| check(&self.keys, &self.header))
    }
}

fn check(keys: &TokenKeys, header: &Header) -> Credentials {
    let value = match header {
        Header::Missing => return Credentials::Anonymous,
        Header::Unreadable => None,
        Header::Value(v) => v.strip_prefix("Bearer "),
    };
    let Some(token) = value else {
        return Credentials::Refused("the Authorization header must be `Bearer <accessToken>`");
    };
    match keys.verify(token.trim()) {
        Err(TokenError::Expired) => {
            Credentials::Refused("access token expired: call refreshSession")
        }
        Err(TokenError::Invalid) => Credentials::Refused("invalid access token"),
        Ok(claims) => match (claims.sub.parse::<i32>(), Role::parse(&claims.role)) {
            (Ok(account_id), Ok(role)) => Credentials::Valid(Viewer {
                account_id,
                role,
                organization_id: claims.org,
            }),
            _ => Credentials::Refused("invalid access token"),
        },
    }
}
