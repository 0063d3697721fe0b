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
    /// Invalid input: names the field at fault.
    #[error("{field}: {message}")]
    BadInput { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
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
            AppError::Internal(_) => "INTERNAL_ERROR",
            _ => "BAD_REQUEST",
        }
    }

    /// The stable code sent in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::BadInput { .. } => "BAD_USER_INPUT",
            AppError::Conflict(_) => "CONFLICT",
            AppError::RateLimited { .. } => "RATE_LIMITED",
            AppError::Internal(_) => "INTERNAL",
        }
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
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
        if let AppError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, e| {
            e.set("code", self.code());
            e.set("classification", self.classification());
            match self {
                AppError::BadInput { field, .. } => e.set("field", field.as_str()),
                AppError::RateLimited { retry_after_secs } => {
                    e.set("retryAfterSeconds", *retry_after_secs)
                }
                _ => {}
            }
        })
    }
}

/// Result of a service call.
pub type AppResult<T> = Result<T, AppError>;
