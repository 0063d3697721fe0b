//! What a resolver can ask of its context: the database, the viewer, the auth settings and
//! the client's address.

use crate::auth::Viewer;
use crate::auth::viewer::Credentials;
use crate::error::{AppError, AppResult};
use crate::service::account::AuthConfig;
use async_graphql::{Context, ErrorExtensions, ID};
use sea_orm::DatabaseConnection;

/// The client's network address, for login throttling.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

pub trait CtxExt {
    fn db(&self) -> &DatabaseConnection;
    fn auth(&self) -> &AuthConfig;
    /// The authenticated viewer, or UNAUTHENTICATED with the reason.
    fn viewer(&self) -> async_graphql::Result<&Viewer>;
    fn client_addr(&self) -> &str;
    /// The server's clock (exam deadlines, sittings); tests move it.
    fn now(&self) -> chrono::DateTime<chrono::Utc>;
}

impl CtxExt for Context<'_> {
    fn db(&self) -> &DatabaseConnection {
        self.data_unchecked::<DatabaseConnection>()
    }

    fn auth(&self) -> &AuthConfig {
        self.data_unchecked::<AuthConfig>()
    }

    fn viewer(&self) -> async_graphql::Result<&Viewer> {
        static ANONYMOUS: Credentials = Credentials::Anonymous;
        self.data_opt::<Credentials>()
            .unwrap_or(&ANONYMOUS)
            .viewer()
            .map_err(|e| e.extend())
    }

    fn client_addr(&self) -> &str {
        self.data_opt::<ClientAddr>()
            .map(|c| c.0.as_str())
            .unwrap_or("unknown")
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        use crate::clock::{Clock, SystemClock};
        match self.data_opt::<std::sync::Arc<dyn Clock>>() {
            Some(c) => c.now(),
            None => SystemClock.now(),
        }
    }
}

/// Parses a GraphQL `ID` argument into a row id, naming the field when it is not one.
pub fn parse_id(id: &ID, field: &str) -> AppResult<i32> {
    id.parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_input(field, format!("'{}' is not an id", id.as_str())))
}
