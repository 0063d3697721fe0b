//! Who a request's access token speaks for, as the database says now: the account's role,
//! organization and status, and whether the login the token was issued for is still open. A
//! role change, a move, a deactivation, a logout or a revoked login takes effect on the very
//! next request, on every server.
//!
//! On PostgreSQL (several servers behind a load balancer) every request asks the database: a
//! notification to the other servers would arrive after the change's answer, and a request
//! sent right after it could still be served from a stale cache. On SQLite there is one server
//! process: the answer is cached per login for a short while and evicted the moment a change
//! commits, before the change is answered, so the next request sees it.

use super::Viewer;
use crate::domain::account::Role;
use crate::entity::{account, refresh_token};
use crate::error::{AppError, AppResult};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QuerySelect,
    prelude::DateTimeUtc,
};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a cached answer may be used at most (a safety net: changes evict at once).
const TTL: Duration = Duration::from_secs(30);

/// Why a token is not honoured although its signature is good.
pub const LOGIN_ENDED: &str = "your session has ended (signed out or revoked): sign in again";
pub const DEACTIVATED: &str = "this account is deactivated";

/// What the access check reads of an account.
#[derive(FromQueryResult)]
struct Access {
    role: String,
    organization_id: Option<i32>,
    deactivated_at: Option<DateTimeUtc>,
    open: bool,
}

struct Entry {
    viewer: Viewer,
    at: Instant,
}

#[derive(Default)]
struct Cache {
    by_login: HashMap<String, Entry>,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);

/// What changed, to be forgotten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An account's role, organization or status.
    Account(i32),
    /// A login ended (logout, revoked family).
    Login(String),
}

/// The viewer the token of login `sid` for account `account_id` speaks for now, or why not.
pub async fn viewer(
    db: &impl ConnectionTrait,
    account_id: i32,
    sid: &str,
) -> AppResult<Result<Viewer, &'static str>> {
    let use_cache = db.get_database_backend() == DbBackend::Sqlite;
    if use_cache && let Some(v) = cached(account_id, sid) {
        return Ok(Ok(v));
    }
    // One statement: the account, and whether the login is still open.
    let open = Query::select()
        .expr(Expr::val(1))
        .from(refresh_token::Entity)
        .and_where(refresh_token::Column::Family.eq(sid))
        .and_where(refresh_token::Column::AccountId.eq(account_id))
        .and_where(refresh_token::Column::RevokedAt.is_null())
        .to_owned();
    let Some(acct) = account::Entity::find_by_id(account_id)
        .select_only()
        .column(account::Column::Role)
        .column(account::Column::OrganizationId)
        .column(account::Column::DeactivatedAt)
        .expr_as(Expr::exists(open), "open")
        .into_model::<Access>()
        .one(db)
        .await?
    else {
        return Ok(Err(LOGIN_ENDED));
    };
    if !acct.open {
        return Ok(Err(LOGIN_ENDED));
    }
    if acct.deactivated_at.is_some() {
        return Ok(Err(DEACTIVATED));
    }
    let role = Role::parse(&acct.role).map_err(|e| AppError::internal(e.0))?;
    let v = Viewer {
        account_id,
        role,
        organization_id: acct.organization_id,
    };
    if use_cache && let Ok(mut c) = CACHE.lock() {
        c.by_login.insert(
            sid.to_owned(),
            Entry {
                viewer: v.clone(),
                at: Instant::now(),
            },
        );
    }
    Ok(Ok(v))
}

fn cached(account_id: i32, sid: &str) -> Option<Viewer> {
    let c = CACHE.lock().ok()?;
    c.by_login
        .get(sid)
        .filter(|e| e.at.elapsed() < TTL && e.viewer.account_id == account_id)
        .map(|e| e.viewer.clone())
}

/// Forgets what this process cached about a change (after its transaction committed).
pub fn forget(change: &Change) {
    let Ok(mut c) = CACHE.lock() else { return };
    match change {
        Change::Login(sid) => {
            c.by_login.remove(sid);
        }
        Change::Account(id) => c.by_login.retain(|_, e| e.viewer.account_id != *id),
    }
}
