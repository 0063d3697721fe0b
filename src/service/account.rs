//! Registration, login, session refresh with rotation and reuse detection, logout.

use super::audit::{self, AuditEntry};
use super::throttle::{self, Policy};
use crate::auth::token::{TokenKeys, hash_token, random_token};
use crate::auth::{access, password};
use crate::db::begin_write;
use crate::domain::account::{DisplayName, Email, Password, Role};
use crate::entity::{account, cohort_member, invitation, refresh_token};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::time::Duration;

/// What the authentication services need besides the database.
#[derive(Clone)]
pub struct AuthConfig {
    pub keys: TokenKeys,
    pub refresh_ttl: Duration,
    pub throttle: Policy,
}

/// A signed-in session.
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub account: account::Model,
}

pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub display_name: DisplayName,
    pub invitation_code: Option<String>,
}

const BAD_CODE: &str = "unknown, expired, revoked or used-up invitation code";

/// Creates an account: a TRAINEE with no organization, or what the invitation says.
pub async fn register(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    input: NewAccount,
) -> AppResult<Session> {
    if find_by_email(db, &input.email).await?.is_some() {
        return Err(duplicate_email());
    }
    let hash = password::hash(input.password.expose().to_owned()).await?;
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let (role, org, cohort, exam_form) = match &input.invitation_code {
        None => (Role::Trainee, None, None, None),
        Some(code) => {
            let inv = consume_invitation(&txn, code.trim()).await?;
            let role = Role::parse(&inv.role).map_err(|e| AppError::internal(e.0))?;
            match inv.exam_form_id {
                // A candidate code admits to one assessment, not into the employer's
                // organization: candidates see that assessment and nothing else of it.
                Some(form) => (Role::Trainee, None, None, Some(form)),
                None => (role, Some(inv.organization_id), inv.cohort_id, None),
            }
        }
    };
    let account = account::ActiveModel {
        email: Set(input.email.as_str().to_owned()),
        password_hash: Set(hash),
        display_name: Set(input.display_name.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        organization_id: Set(org),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => duplicate_email(),
        other => other,
    })?;
    if let Some(cohort_id) = cohort {
        cohort_member::ActiveModel {
            cohort_id: Set(cohort_id),
            account_id: Set(account.id),
            added_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    if let Some(form_id) = exam_form {
        crate::entity::exams::exam_grant::ActiveModel {
            form_id: Set(form_id),
            account_id: Set(account.id),
            created_at: Set(now),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    let session = open_session(&txn, cfg, account, None).await?;
    audit::record(&txn, entry(&session.account, "account.register")).await?;
    txn.commit().await?;
    Ok(session)
}

/// Signs in with e-mail and password, throttled per account and per client.
pub async fn login(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    email: &str,
    password_given: String,
    client: &str,
) -> AppResult<Session> {
    let email = email.trim().to_lowercase();
    let email_key = throttle::account_key(&email);
    let client_key = throttle::client_key(client);
    let pair_key = throttle::pair_key(&email, client);
    let policy = cfg.throttle;
    throttle::check(
        db,
        &client_key,
        policy.max_failures_client,
        policy.window_secs,
    )
    .await?;
    throttle::check(
        db,
        &pair_key,
        policy.max_failures_account,
        policy.window_secs,
    )
    .await?;
    // Many failures on this account from anywhere: slow the attempt, never refuse it.
    let failed = throttle::failures(db, &email_key, policy.window_secs).await?;
    let wait = throttle::delay(failed, policy.slowdown_after, policy.max_delay_ms);
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }

    let found = match Email::parse(&email) {
        Ok(e) => find_by_email(db, &e).await?,
        Err(_) => None,
    };
    let ok = password::verify(
        password_given,
        found.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let txn = begin_write(db).await?;
    let Some(account) = found.filter(|_| ok) else {
        throttle::record_failure(&txn, &email_key, policy.window_secs).await?;
        throttle::record_failure(&txn, &pair_key, policy.window_secs).await?;
        throttle::record_failure(&txn, &client_key, policy.window_secs).await?;
        txn.commit().await?;
        return Err(AppError::Unauthenticated(
            "invalid email or password".into(),
        ));
    };
    throttle::clear(&txn, &pair_key).await?;
    if account.deactivated_at.is_some() {
        txn.commit().await?;
        return Err(AppError::Unauthenticated(access::DEACTIVATED.into()));
    }
    let session = open_session(&txn, cfg, account, None).await?;
    audit::record(&txn, entry(&session.account, "account.login")).await?;
    txn.commit().await?;
    Ok(session)
}

/// Trades a refresh token for a new session. A token is good once: presenting a used or
/// revoked one revokes every token of its family (a stolen token was replayed), except a
/// retry whose first answer was lost (see `retry_lost_refresh`).
pub async fn refresh(db: &DatabaseConnection, cfg: &AuthConfig, token: &str) -> AppResult<Session> {
    let refused = || AppError::Unauthenticated("invalid or expired refresh token".into());
    let txn = begin_write(db).await?;
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
    else {
        return Err(refused());
    };
    let now = Utc::now();
    if let Some(session) = retry_lost_refresh(&txn, cfg, &row, now).await? {
        txn.commit().await?;
        return Ok(session);
    }
    if row.revoked_at.is_some() || row.used_at.is_some() {
        revoke_family(&txn, &row.family).await?;
        audit::record(
            &txn,
            AuditEntry {
                account_id: Some(row.account_id),
                organization_id: None,
                action: "session.reuse_detected",
                target_type: "session",
                target_id: Some(row.family.clone()),
            },
        )
        .await?;
        txn.commit().await?;
        access::forget(&access::Change::Login(row.family.clone()));
        return Err(AppError::Unauthenticated(
            "refresh token already used: every session of this login has been revoked".into(),
        ));
    }
    if row.expires_at <= now {
        return Err(refused());
    }
    // Mark it used only if nobody else did first: the guard that makes a race lose cleanly.
    let used = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        // Another request used it first (two presentations at once): the same retry as above.
        let again = refresh_token::Entity::find_by_id(row.id).one(&txn).await?;
        if let Some(session) = match again {
            Some(r) => retry_lost_refresh(&txn, cfg, &r, now).await?,
            None => None,
        } {
            txn.commit().await?;
            return Ok(session);
        }
        revoke_family(&txn, &row.family).await?;
        txn.commit().await?;
        access::forget(&access::Change::Login(row.family.clone()));
        return Err(refused());
    }
    let account = account::Entity::find_by_id(row.account_id)
        .one(&txn)
        .await?
        .ok_or_else(refused)?;
    if account.deactivated_at.is_some() {
        return Err(AppError::Unauthenticated(access::DEACTIVATED.into()));
    }
    let session = open_session(&txn, cfg, account, Some(row.family)).await?;
    audit::record(&txn, entry(&session.account, "session.refresh")).await?;
    txn.commit().await?;
    Ok(session)
}

/// How long after its use a refresh token may be presented again when the answer to that use
/// never reached the client.
const REFRESH_GRACE_SECS: i64 = 10;

/// A refresh token presented again within the grace of its use, while the token that use
/// issued has never been presented: the client lost the answer (a page that navigated away
/// while its refresh was in flight, two tabs refreshing at once), not a thief replaying it.
/// That unused successor is revoked and a new token issued in the same login, so the login
/// keeps one live token. After the grace, or once the successor was used, a second
/// presentation is a replay (None: the caller revokes the login).
async fn retry_lost_refresh(
    db: &impl ConnectionTrait,
    cfg: &AuthConfig,
    row: &refresh_token::Model,
    now: chrono::DateTime<Utc>,
) -> AppResult<Option<Session>> {
    let (Some(used_at), None) = (row.used_at, row.revoked_at) else {
        return Ok(None);
    };
    if now - used_at > chrono::Duration::seconds(REFRESH_GRACE_SECS) || row.expires_at <= now {
        return Ok(None);
    }
    // The token that use issued: the family's next one.
    let Some(next) = refresh_token::Entity::find()
        .filter(refresh_token::Column::Family.eq(&row.family))
        .filter(refresh_token::Column::Id.gt(row.id))
        .order_by_asc(refresh_token::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let revoked = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(next.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if revoked.rows_affected != 1 {
        return Ok(None);
    }
    let Some(account) = account::Entity::find_by_id(row.account_id).one(db).await? else {
        return Ok(None);
    };
    if account.deactivated_at.is_some() {
        return Err(AppError::Unauthenticated(access::DEACTIVATED.into()));
    }
    let session = open_session(db, cfg, account, Some(row.family.clone())).await?;
    audit::record(db, entry(&session.account, "session.refresh_retried")).await?;
    Ok(Some(session))
}

/// Ends the login that `token` belongs to: every refresh token of its family is revoked.
pub async fn logout(db: &DatabaseConnection, token: &str) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Unauthenticated("invalid refresh token".into()))?;
    revoke_family(&txn, &row.family).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(row.account_id),
            organization_id: None,
            action: "session.logout",
            target_type: "session",
            target_id: Some(row.family.clone()),
        },
    )
    .await?;
    txn.commit().await?;
    access::forget(&access::Change::Login(row.family));
    Ok(())
}

/// One account by id.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> AppResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("account"))
}

/// Creates an account outside GraphQL (the `admin create-user` command and the demo).
pub async fn create_direct(
    db: &DatabaseConnection,
    email: &Email,
    password: &Password,
    display_name: &DisplayName,
    role: Role,
    organization_id: Option<i32>,
) -> AppResult<account::Model> {
    if find_by_email(db, email).await?.is_some() {
        return Err(duplicate_email());
    }
    let hash = password::hash(password.expose().to_owned()).await?;
    let txn = begin_write(db).await?;
    let account = account::ActiveModel {
        email: Set(email.as_str().to_owned()),
        password_hash: Set(hash),
        display_name: Set(display_name.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        organization_id: Set(organization_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, entry(&account, "account.create")).await?;
    txn.commit().await?;
    Ok(account)
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> AppResult<Option<account::Model>> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

fn duplicate_email() -> AppError {
    AppError::Conflict("an account with this email already exists".into())
}

fn entry<'a>(a: &account::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(a.id),
        organization_id: a.organization_id,
        action,
        target_type: "account",
        target_id: Some(a.id.to_string()),
    }
}

/// Takes one use of an invitation code, or refuses it (unknown, expired, revoked, used up).
pub(crate) async fn consume_invitation(
    db: &impl ConnectionTrait,
    code: &str,
) -> AppResult<invitation::Model> {
    let bad = || AppError::bad_input("invitationCode", BAD_CODE);
    let inv = invitation::Entity::find()
        .filter(invitation::Column::CodeHash.eq(hash_token(code)))
        .one(db)
        .await?
        .ok_or_else(bad)?;
    // One atomic conditional increment: two registrations racing for the last use cannot
    // both succeed.
    let taken = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Uses,
            Expr::col(invitation::Column::Uses).add(1),
        )
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::Revoked.eq(false))
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .filter(Expr::col(invitation::Column::Uses).lt(Expr::col(invitation::Column::MaxUses)))
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Err(bad());
    }
    Ok(inv)
}

async fn open_session(
    db: &impl ConnectionTrait,
    cfg: &AuthConfig,
    account: account::Model,
    family: Option<String>,
) -> AppResult<Session> {
    let role = Role::parse(&account.role).map_err(|e| AppError::internal(e.0))?;
    let refresh = random_token();
    let now = Utc::now();
    let ttl = chrono::Duration::from_std(cfg.refresh_ttl).map_err(AppError::internal)?;
    let family = family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    refresh_token::ActiveModel {
        account_id: Set(account.id),
        family: Set(family.clone()),
        token_hash: Set(hash_token(&refresh)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let access = cfg
        .keys
        .issue(account.id, &family, role, account.organization_id)
        .map_err(AppError::internal)?;
    Ok(Session {
        access_token: access,
        refresh_token: refresh,
        account,
    })
}

/// Ends a login: every token of its family is revoked (call `access::forget` after the commit:
/// its access tokens are refused from the next request).
async fn revoke_family(db: &impl ConnectionTrait, family: &str) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// One account the viewer may see: themselves, or a member of their organization when they
/// are ADMIN, INSTRUCTOR or EMPLOYER.
pub async fn get_visible(
    db: &impl ConnectionTrait,
    viewer: &crate::auth::Viewer,
    id: i32,
) -> AppResult<account::Model> {
    let a = get(db, id).await?;
    if a.id == viewer.account_id || viewer.is_admin() {
        return Ok(a);
    }
    let same_org = a.organization_id.is_some() && a.organization_id == viewer.organization_id;
    if same_org && matches!(viewer.role, Role::Instructor | Role::Employer) {
        Ok(a)
    } else {
        Err(AppError::not_found("account"))
    }
}
