//! The HTML shell every page path serves, with the headers that make it safe to run: a
//! Content-Security-Policy that allows only the application's own scripts (no inline
//! script, no eval) and, through Trusted Types, no HTML string into the DOM at all; no
//! framing; no MIME sniffing; no referrer. It also hands out the CSRF cookie.

use super::assets::{INDEX_HTML, INDEX_HTML_GZIP, accepts_gzip};
use super::cookie;
use crate::auth::token::random_token;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

/// The page's Content-Security-Policy.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
    require-trusted-types-for 'script'; trusted-types 'none'";

/// How long the CSRF cookie lives (it is renewed by every page load).
const CSRF_MAX_AGE_SECS: u64 = 30 * 86_400;

pub async fn page(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header(("Cross-Origin-Opener-Policy", "same-origin"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::VARY, "Accept-Encoding"));
    let csrf = cookie::read(&req, cookie::CSRF).filter(|v| cookie::well_formed(v));
    let csrf = csrf.unwrap_or_else(random_token);
    res.insert_header((
        header::SET_COOKIE,
        cookie::set(&req, cookie::CSRF, &csrf, "/", CSRF_MAX_AGE_SECS, false),
    ));
    if accepts_gzip(&req) {
        res.insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(INDEX_HTML_GZIP)
    } else {
        res.body(INDEX_HTML)
    }
}
