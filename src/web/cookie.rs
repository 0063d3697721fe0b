//! The two cookies of the web application, written and read by hand (actix's cookie
//! feature is off): the refresh token (HttpOnly, only sent to `/app/session`) and the CSRF
//! token that the page echoes in a header (double submit). Both are SameSite=Strict, and
//! Secure when the request came over TLS.

use actix_web::HttpRequest;

pub const REFRESH: &str = "practicum_refresh";
pub const CSRF: &str = "practicum_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The value of a cookie the request carries.
pub fn read(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(actix_web::http::header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

/// True when the request reached us over TLS (directly or, as the proxy says, through it).
fn over_tls(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

/// A `Set-Cookie` value. `max_age` 0 deletes the cookie.
pub fn set(
    req: &HttpRequest,
    name: &str,
    value: &str,
    path: &str,
    max_age_secs: u64,
    http_only: bool,
) -> String {
    let mut c = format!("{name}={value}; Path={path}; Max-Age={max_age_secs}; SameSite=Strict");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if over_tls(req) {
        c.push_str("; Secure");
    }
    c
}

/// Refresh tokens and CSRF tokens are URL-safe base64: anything else is not ours.
pub fn well_formed(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Constant-time comparison, so the CSRF check does not leak how much of a guess matched.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
