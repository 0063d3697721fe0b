//! Sign-in for the web application. The page never holds a refresh token: these endpoints
//! call the same account services as the `login`, `register`, `refreshSession` and
//! `logout` mutations (same throttling, same audit rows) and keep the refresh token in an
//! HttpOnly, SameSite=Strict cookie sent only to `/app/session`; the page gets the
//! short-lived access token and uses it as a bearer token on `POST /graphql` like any other
//! client. Every call must echo the CSRF cookie in `X-CSRF-Token`. Answers have the GraphQL
//! response shape: `{"data": …}` or `{"errors": [{message, extensions: {code, …}}]}`.

use super::cookie;
use crate::domain::account::{DisplayName, Email, Password};
use crate::error::AppError;
use crate::service;
use crate::service::account::{AuthConfig, NewAccount, Session};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::ErrorExtensions;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use serde_json::json;

/// What the session endpoints need.
pub struct WebState {
    pub db: DatabaseConnection,
    pub auth: AuthConfig,
    pub access_ttl_secs: u64,
    pub trust_forwarded: bool,
}

/// Passwords longer than this are refused before any hashing work (as `login` does).
const MAX_PASSWORD_BYTES: usize = 1024;

#[derive(Deserialize)]
pub struct LoginBody {
    email: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterBody {
    email: String,
    password: String,
    display_name: String,
    invitation_code: Option<String>,
}

pub async fn login(state: web::Data<WebState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = check_csrf(&req) {
        return refused(e);
    }
    let input: LoginBody = match parse(&body) {
        Ok(i) => i,
        Err(e) => return refused(e),
    };
    if input.password.len() > MAX_PASSWORD_BYTES {
        return refused(AppError::bad_input("password", "is too long"));
    }
    let client = crate::http::client_addr(&req, state.trust_forwarded);
    match service::account::login(
        &state.db,
        &state.auth,
        &input.email,
        input.password,
        &client,
    )
    .await
    {
        Ok(s) => signed_in(&state, &req, s),
        Err(e) => refused(e),
    }
}

pub async fn register(
    state: web::Data<WebState>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    if let Err(e) = check_csrf(&req) {
        return refused(e);
    }
    let input = match parse::<RegisterBody>(&body).and_then(new_account) {
        Ok(i) => i,
        Err(e) => return refused(e),
    };
    match service::account::register(&state.db, &state.auth, input).await {
        Ok(s) => signed_in(&state, &req, s),
        Err(e) => refused(e),
    }
}

pub async fn refresh(state: web::Data<WebState>, req: HttpRequest) -> HttpResponse {
    if let Err(e) = check_csrf(&req) {
        return refused(e);
    }
    let Some(token) = cookie::read(&req, cookie::REFRESH).filter(|t| cookie::well_formed(t)) else {
        return refused(AppError::Unauthenticated("not signed in".into()));
    };
    match service::account::refresh(&state.db, &state.auth, &token).await {
        Ok(s) => signed_in(&state, &req, s),
        // A refused token is gone for good: drop the cookie with the answer.
        Err(e) => with_cookie_cleared(&req, e),
    }
}

pub async fn logout(state: web::Data<WebState>, req: HttpRequest) -> HttpResponse {
    if let Err(e) = check_csrf(&req) {
        return refused(e);
    }
    if let Some(token) = cookie::read(&req, cookie::REFRESH).filter(|t| cookie::well_formed(t)) {
        match service::account::logout(&state.db, &token).await {
            Ok(()) | Err(AppError::Unauthenticated(_)) => {}
            Err(e) => return refused(e),
        }
    }
    HttpResponse::Ok()
        .insert_header((header::SET_COOKIE, clear_refresh(&req)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "data": { "revoked": true } }))
}

/// The double-submit check: the `X-CSRF-Token` header equals the CSRF cookie, which only a
/// page of this origin can read.
fn check_csrf(req: &HttpRequest) -> Result<(), AppError> {
    let cookie = cookie::read(req, cookie::CSRF);
    let header = req
        .headers()
        .get(cookie::CSRF_HEADER)
        .and_then(|v| v.to_str().ok());
    match (cookie, header) {
        (Some(c), Some(h)) if cookie::well_formed(&c) && cookie::same(&c, h) => Ok(()),
        _ => Err(AppError::forbidden(
            "missing or wrong CSRF token: reload the page",
        )),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::bad_input("body", format!("not the expected JSON: {e}")))
}

/// The same checks as the `register` mutation, naming the same fields.
fn new_account(b: RegisterBody) -> Result<NewAccount, AppError> {
    Ok(NewAccount {
        email: Email::parse(&b.email).map_err(|e| AppError::bad_input("email", e.0))?,
        password: Password::parse(&b.password).map_err(|e| AppError::bad_input("password", e.0))?,
        display_name: DisplayName::parse(&b.display_name)
            .map_err(|e| AppError::bad_input("displayName", e.0))?,
        invitation_code: b.invitation_code.filter(|c| !c.trim().is_empty()),
    })
}

fn signed_in(state: &WebState, req: &HttpRequest, s: Session) -> HttpResponse {
    let max_age = state.auth.refresh_ttl.as_secs();
    HttpResponse::Ok()
        .insert_header((
            header::SET_COOKIE,
            cookie::set(
                req,
                cookie::REFRESH,
                &s.refresh_token,
                "/app/session",
                max_age,
                true,
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "data": {
            "accessToken": s.access_token,
            "expiresIn": state.access_ttl_secs,
            "account": {
                "id": s.account.id.to_string(),
                "email": s.account.email,
                "displayName": s.account.display_name,
                "role": s.account.role,
            }
        }}))
}

fn error_body(e: AppError) -> serde_json::Value {
    let e = e.extend();
    let mut err = async_graphql::ServerError::new(e.message, None);
    err.extensions = e.extensions;
    json!({ "errors": [err] })
}

fn refused(e: AppError) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(error_body(e))
}

fn with_cookie_cleared(req: &HttpRequest, e: AppError) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::SET_COOKIE, clear_refresh(req)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(error_body(e))
}

fn clear_refresh(req: &HttpRequest) -> String {
    cookie::set(req, cookie::REFRESH, "", "/app/session", 0, true)
}
