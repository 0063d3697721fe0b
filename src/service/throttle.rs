//! Login throttling in the database, so that every server behind a load balancer shares the
//! counts: a fixed window per key, counted with one atomic upsert so concurrent failures are
//! never lost. Following OWASP's authentication guidance, failures refuse only the client
//! that makes them: per account and client address (`pair`), and per client address across
//! accounts (`client`). Failures on an account from many clients slow every further attempt on
//! it (`account`, see `delay`) but never refuse one, so that nobody can lock a user out by
//! failing on purpose.

use crate::entity::login_throttle;
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

/// How many failures a key may have in a window.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Per account and client address: then that client is refused for that account.
    pub max_failures_account: u32,
    /// Per client address, all accounts: then that client is refused.
    pub max_failures_client: u32,
    pub window_secs: u64,
    /// Per account, all clients: after this many, each attempt is slowed.
    pub slowdown_after: u32,
    pub max_delay_ms: u64,
}

/// How long an attempt on an account waits after `failures` failures in the window: nothing
/// up to `after`, then 250 ms doubling with each further failure, at most `max_ms`.
pub fn delay(failures: u32, after: u32, max_ms: u64) -> std::time::Duration {
    let ms = match failures.checked_sub(after) {
        None => 0,
        Some(over) => 250u64.saturating_mul(1u64 << over.min(20)).min(max_ms),
    };
    std::time::Duration::from_millis(ms)
}

/// The throttle key of one account tried from one client.
pub fn pair_key(email: &str, addr: &str) -> String {
    format!("pair:{email}|{addr}")
}

/// Failures counted for `key` in its current window.
pub async fn failures(db: &impl ConnectionTrait, key: &str, window_secs: u64) -> AppResult<u32> {
    let row = login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    let now = Utc::now().timestamp();
    Ok(row
        .filter(|r| r.window_start + window_secs as i64 > now)
        .map_or(0, |r| r.failures.max(0) as u32))
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

#[cfg(test)]
mod tests {
    use super::delay;
    use std::time::Duration;

    #[test]
    fn an_account_is_slowed_progressively_never_beyond_the_cap() {
        let ms = |f| delay(f, 10, 3000);
        assert_eq!(ms(0), Duration::ZERO);
        assert_eq!(ms(9), Duration::ZERO);
        assert_eq!(ms(10), Duration::from_millis(250));
        assert_eq!(ms(11), Duration::from_millis(500));
        assert_eq!(ms(13), Duration::from_millis(2000));
        assert_eq!(ms(14), Duration::from_millis(3000));
        assert_eq!(ms(u32::MAX), Duration::from_millis(3000));
    }
}
