//! Argon2id password hashing (m = 19 MiB, t = 2, p = 1) on the blocking thread pool, with a
//! dummy hash so that an unknown account costs the same time as a known one.

use crate::error::{AppError, AppResult};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> AppResult<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(AppError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(password: &str) -> AppResult<String> {
    let hash = hasher()?
        .hash_password(password.as_bytes())
        .map_err(AppError::internal)?;
    Ok(hash.to_string())
}

fn verify_blocking(password: &str, stored: &str) -> AppResult<bool> {
    let parsed = PasswordHash::new(stored).map_err(AppError::internal)?;
    Ok(hasher()?
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A hash of a random password, computed once, verified against when the account is unknown.
fn dummy_hash() -> AppResult<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let h = hash_blocking(&uuid::Uuid::new_v4().to_string())?;
    Ok(DUMMY.get_or_init(|| h))
}

/// Hashes a password off the async threads.
pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(AppError::internal)?
}

/// Checks a password against a stored hash, or against a dummy hash when there is none, so
/// that both paths take the same time. Returns false for an unknown account.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || match stored {
        Some(h) => verify_blocking(&password, &h),
        None => {
            let _ = verify_blocking(&password, dummy_hash()?)?;
            Ok(false)
        }
    })
    .await
    .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_the_required_parameters_and_verify() {
        let h = hash_blocking("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse battery", &h).unwrap());
        assert!(!verify_blocking("wrong horse battery", &h).unwrap());
    }
}
