//! One error type for the whole application. Each variant has a stable `extensions.code`;
//! internal errors are logged with their cause and masked before they reach a client.

use async_graphql::ErrorExtensions;
use sea_orm::{DbErr, SqlErr};

/// Every failure a service can report.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// What an input field names does not exist, or is another tenant's: NOT_FOUND naming
    /// the field (the same answer either way, so nothing tells the two apart).
    #[error("{message}")]
    NotFoundField { field: String, message: String },
    /// Invalid input: names the field at fault.
    #[error("{field}: {message}")]
    BadInput { field: String, message: String },
    /// Invalid input with several problems, each naming the path it is about
    /// (`cases[1].key.diagnoses[0].code`): BAD_USER_INPUT with `extensions.field` (the first
    /// path) and `extensions.problems` (every `{ path, message }`).
    #[error("{summary}")]
    Problems {
        summary: String,
        problems: Vec<crate::domain::cases::validate::Problem>,
    },
    #[error("{0}")]
    Conflict(String),
    /// A draft was saved from an older copy: the client reloads and merges.
    #[error(
        "the {what} was changed since you read it (now version {current}): reload it and apply your change again"
    )]
    Stale { what: &'static str, current: i32 },
    /// The database cannot be reached; the request may be retried.
    #[error("the service is unavailable for a moment: the database cannot be reached")]
    Unavailable(String),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// Anything unexpected. The text is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("{what} not found"))
    }

    /// NOT_FOUND for what input `field` names (`what not found`, with `extensions.field`).
    pub fn missing(field: &str, what: &str) -> Self {
        AppError::NotFoundField {
            field: field.into(),
            message: format!("{what} not found"),
        }
    }

    pub fn forbidden(why: impl Into<String>) -> Self {
        AppError::Forbidden(why.into())
    }

    pub fn internal(context: impl std::fmt::Display) -> Self {
        AppError::Internal(context.to_string())
    }

    /// Sent in `extensions.classification`, the field graphql-java style clients and API
    /// fuzzers (schemathesis) read to tell a refused request from a failed server: every
    /// refusal is the request's (BAD_REQUEST, an HTTP 4xx in spirit), only INTERNAL is ours.
    pub fn classification(&self) -> &'static str {
        match self {
            AppError::Internal(_) | AppError::Unavailable(_) => "INTERNAL_ERROR",
            _ => "BAD_REQUEST",
        }
    }

    /// The stable code sent in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::NotFound(_) | AppError::NotFoundField { .. } => "NOT_FOUND",
            AppError::BadInput { .. } | AppError::Problems { .. } => "BAD_USER_INPUT",
            AppError::Conflict(_) | AppError::Stale { .. } => "CONFLICT",
            AppError::Unavailable(_) => "SERVICE_UNAVAILABLE",
            AppError::RateLimited { .. } => "RATE_LIMITED",
            AppError::Internal(_) => "INTERNAL",
        }
    }
}

impl From<crate::domain::lifecycle::Refusal> for AppError {
    fn from(r: crate::domain::lifecycle::Refusal) -> Self {
        AppError::Conflict(r.0)
    }
}

/// Whether a database error means the database cannot be reached (rather than a bad query).
fn unreachable(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as X;
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(x))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(x)) => match x.as_ref() {
            X::Io(_) | X::PoolTimedOut | X::PoolClosed | X::WorkerCrashed | X::Tls(_) => true,
            // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, and the
            // connection-exception class.
            X::Database(d) => d
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        },
        _ => false,
    }
}

/// PostgreSQL's serialization failure and deadlock: the transaction was rolled back whole.
fn lost_race(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as X;
    match e {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(x))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(x)) => matches!(
            x.as_ref(),
            X::Database(d) if matches!(d.code().as_deref(), Some("40001" | "40P01"))
        ),
        _ => false,
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        if unreachable(&e) {
            return AppError::Unavailable(format!("database: {e}"));
        }
        if lost_race(&e) {
            return AppError::Conflict(
                "another change to the same record came first; nothing of yours was saved: try again"
                    .into(),
            );
        }
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                AppError::Conflict("a record with the same key already exists".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                AppError::bad_input("id", "refers to a record that does not exist")
            }
            _ => AppError::Internal(format!("database: {e}")),
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "internal error"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "database unreachable"),
            _ => {}
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| {
            e.set("code", self.code());
            e.set("classification", self.classification());
            match self {
                AppError::BadInput { field, .. } | AppError::NotFoundField { field, .. } => {
                    e.set("field", field.as_str())
                }
                AppError::Problems { problems, .. } => {
                    e.set(
                        "field",
                        problems.first().map(|p| p.path.as_str()).unwrap_or(""),
                    );
                    let listed: Vec<async_graphql::Value> = problems
                        .iter()
                        .map(|p| {
                            let mut m = async_graphql::indexmap::IndexMap::new();
                            m.insert(
                                async_graphql::Name::new("path"),
                                async_graphql::Value::from(p.path.as_str()),
                            );
                            m.insert(
                                async_graphql::Name::new("message"),
                                async_graphql::Value::from(p.message.as_str()),
                            );
                            async_graphql::Value::Object(m)
                        })
                        .collect();
                    e.set("problems", listed);
                }
                AppError::RateLimited { retry_after_secs } => {
                    e.set("retryAfterSeconds", *retry_after_secs)
                }
                AppError::Stale { current, .. } => e.set("currentVersion", *current),
                _ => {}
            }
        })
    }
}

/// Result of a service call.
pub type AppResult<T> = Result<T, AppError>;
