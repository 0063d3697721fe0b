//! The platform administrator's operations on accounts: change a role, deactivate, reactivate.
//! Each takes effect on the account's very next request on every server (see `auth::access`),
//! is audited in the account organization's log, and never leaves the platform without an
//! active administrator.

use super::audit::{self, AuditEntry};
use crate::auth::Viewer;
use crate::auth::access::{self, Change};
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::entity::account;
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// What an administrator does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    Role(Role),
    Deactivate,
    Reactivate,
}

/// Applies `change` to account `id` (ADMIN only).
pub async fn change_account(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    change: AccountChange,
) -> AppResult<account::Model> {
    if !viewer.is_admin() {
        return Err(AppError::forbidden(
            "only an administrator manages accounts",
        ));
    }
    let txn = begin_write(db).await?;
    let acct = txn
        .lock_one(account::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    let was_admin = acct.role == Role::Admin.as_str() && acct.deactivated_at.is_none();
    let stays_admin = match change {
        AccountChange::Role(r) => r == Role::Admin && acct.deactivated_at.is_none(),
        AccountChange::Deactivate => false,
        AccountChange::Reactivate => acct.role == Role::Admin.as_str(),
    };
    if was_admin && !stays_admin {
        // Serialized on the admins' rows: two admins demoting each other cannot both win.
        let others = txn
            .lock_all(
                account::Entity::find()
                    .filter(account::Column::Role.eq(Role::Admin.as_str()))
                    .filter(account::Column::DeactivatedAt.is_null())
                    .filter(account::Column::Id.ne(id)),
            )
            .await?;
        if others.is_empty() {
            return Err(AppError::Conflict(
                "this is the last active administrator: make another one first".into(),
            ));
        }
    }
    let org = acct.organization_id;
    let mut a: account::ActiveModel = acct.into();
    let action = match change {
        AccountChange::Role(r) => {
            a.role = Set(r.as_str().to_owned());
            "account.set_role"
        }
        AccountChange::Deactivate => {
            a.deactivated_at = Set(Some(Utc::now()));
            "account.deactivate"
        }
        AccountChange::Reactivate => {
            a.deactivated_at = Set(None);
            "account.reactivate"
        }
    };
    let acct = a.update(&txn).await?;
    let what = Change::Account(id);
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: org,
            action,
            target_type: "account",
            target_id: Some(id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    access::forget(&what);
    Ok(acct)
}
