//! Access tokens: HS256 JWTs with the algorithm pinned and exp, iat, nbf, iss and aud
//! required. Refresh tokens: random, opaque, stored hashed.

use crate::domain::account::Role;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const ISSUER: &str = "practicum";
pub const AUDIENCE: &str = "practicum-api";
/// Clock skew tolerated on exp and nbf, in seconds.
pub const LEEWAY_SECS: u64 = 5;

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    /// The login (refresh-token family) the token was issued for: ending the login ends the
    /// token at once.
    pub sid: String,
    pub role: String,
    pub org: Option<i32>,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
}

/// Signs and checks access tokens with one secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

impl TokenKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "iat", "nbf", "iss", "aud", "sub"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.validate_nbf = true;
        validation.validate_exp = true;
        validation.leeway = LEEWAY_SECS;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    /// Issues an access token for an account.
    pub fn issue(
        &self,
        account_id: i32,
        sid: &str,
        role: Role,
        org: Option<i32>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: account_id.to_string(),
            sid: sid.to_owned(),
            role: role.as_str().into(),
            org,
            iat: now,
            nbf: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Checks a token's signature, algorithm and claims.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

/// A new random opaque token (256 bits, base64url).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token, hex-encoded: what the database stores.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60))
    }

    #[test]
    fn a_token_round_trips_and_a_foreign_secret_is_refused() {
        let t = keys()
            .issue(7, "login-1", Role::Instructor, Some(3))
            .unwrap();
        let c = keys().verify(&t).unwrap();
        assert_eq!(
            (c.sub.as_str(), c.role.as_str(), c.org),
            ("7", "INSTRUCTOR", Some(3))
        );
        let other = TokenKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60));
        assert_eq!(other.verify(&t).unwrap_err(), TokenError::Invalid);
    }

    #[test]
    fn an_expired_token_is_refused_as_expired() {
        let expired = TokenKeys::new(b"0123456789abcdef0123456789abcdef", Duration::ZERO);
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: "1".into(),
            sid: "a-login".into(),
            role: "TRAINEE".into(),
            org: None,
            iat: now - 120,
            nbf: now - 120,
            exp: now - 60,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: "x".into(),
        };
        let t = encode(&Header::new(Algorithm::HS256), &claims, &expired.encoding).unwrap();
        assert_eq!(keys().verify(&t).unwrap_err(), TokenError::Expired);
    }

    #[test]
    fn tokens_are_hashed_for_storage() {
        let t = random_token();
        assert_eq!(t.len(), 43);
        assert_eq!(hash_token(&t).len(), 64);
        assert_ne!(random_token(), t);
    }
}
