//! Login throttling in the database, so that every server behind a load balancer shares the
//! counts: a fixed window per key (an account's e-mail, a client's address), counted with one
//! atomic upsert so concurrent failures are never lost.

use crate::entity::login_throttle;
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

/// How many failures a key may have in a window.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_failures_account: u32,
    pub max_failures_client: u32,
    pub window_secs: u64,
}

/// The throttle key of an account.
pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// The throttle key of a client address.
pub fn client_key(addr: &str) -> String {
    format!("client:{addr}")
}

/// RATE_LIMITED with the seconds to wait if `key` has reached `limit` in its current window.
pub async fn check(
    db: &impl ConnectionTrait,
    key: &str,
    limit: u32,
    window_secs: u64,
) -> AppResult<()> {
    let Some(row) = login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let now = Utc::now().timestamp();
    let window_end = row.window_start + window_secs as i64;
    if row.failures as i64 >= limit as i64 && window_end > now {
        return Err(AppError::RateLimited {
            retry_after_secs: (window_end - now) as u64,
        });
    }
    Ok(())
}

/// Counts one failure for `key`, starting a new window when the last one has ended.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    window_secs: u64,
) -> AppResult<()> {
    let now = Utc::now().timestamp();
    let cutoff = now - window_secs as i64;
    // `$n` parameters are understood by both PostgreSQL and SQLite.
    let sql = "INSERT INTO login_throttle (key, window_start, failures) VALUES ($1, $2, 1) \
               ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 \
                          ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 \
                              ELSE login_throttle.window_start END";
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [key.into(), now.into(), cutoff.into()],
    ))
    .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful login).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> AppResult<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}
