//! The web application's server side (src/web): every page path serves the same HTML shell
//! with the security headers (CSP with no inline script and Trusted Types, no framing, no
//! sniffing, no referrer) and a SameSite=Strict CSRF cookie; the embedded files are served
//! under content-hashed names, cached for a year, gzip-compressed when accepted, and the
//! first load stays under 300 KB; the session endpoints keep the refresh token in an
//! HttpOnly cookie only /app/session receives, refuse a missing or wrong CSRF token, give the
//! same answers as the GraphQL mutations (wrong password, throttling, field errors), rotate
//! the cookie on refresh, end the whole login when a used token is replayed, and sign out.

use crate::helpers::TestApp;
use flate2::read::GzDecoder;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use std::io::Read;

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<(String, String)> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| {
            let value = v.split(';').next().unwrap()[name.len() + 1..].to_owned();
            (value, v.to_owned())
        })
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// The shell, and the CSRF token it hands out.
async fn shell(app: &TestApp, path: &str) -> (reqwest::Response, String) {
    let r = app
        .client
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    let csrf = cookie_value(r.headers(), "practicum_csrf")
        .expect("a CSRF cookie")
        .0;
    (r, csrf)
}

/// POST /app/session/<what> with the CSRF cookie (and header unless `header` is None).
async fn session(
    app: &TestApp,
    what: &str,
    csrf: &str,
    header: Option<&str>,
    refresh: Option<&str>,
    body: Value,
) -> (HeaderMap, Value) {
    let mut cookies = format!("practicum_csrf={csrf}");
    if let Some(r) = refresh {
        cookies.push_str(&format!("; practicum_refresh={r}"));
    }
    let mut req = app
        .client
        .post(format!("{}/app/session/{what}", app.url))
        .header("cookie", cookies)
        .json(&body);
    if let Some(h) = header {
        req = req.header("x-csrf-token", h);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 200);
    let headers = r.headers().clone();
    (headers, r.json().await.unwrap())
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test]
async fn every_page_path_serves_the_shell_with_its_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/signin", "/cases/12", "/claims/3", "/exams/1?item=4"] {
        let (r, csrf) = shell(&app, path).await;
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'none'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        ] {
            assert!(csp.contains(part), "{path}: CSP lacks {part}: {csp}");
        }
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["cache-control"], "no-cache");
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
        let (_, set) = cookie_value(&h, "practicum_csrf").unwrap();
        assert!(
            set.contains("SameSite=Strict") && !set.contains("HttpOnly") && !set.contains("Secure"),
            "{set}"
        );
        assert!(csrf.len() >= 40, "{csrf}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("<script type=\"module\" src=\"/assets/js/main."),
            "{html}"
        );
        assert!(!html.contains("<script>"), "no inline script");
    }
    // A page load keeps the CSRF token the browser already has.
    let r = app
        .client
        .get(format!("{}/", app.url))
        .header("cookie", "practicum_csrf=kept-token_1234567890")
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie_value(r.headers(), "practicum_csrf").unwrap().0,
        "kept-token_1234567890"
    );
    // Behind TLS (as the proxy says) the cookie is Secure.
    let r = app
        .client
        .get(format!("{}/", app.url))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(
        cookie_value(r.headers(), "practicum_csrf")
            .unwrap()
            .1
            .contains("; Secure")
    );
    // Paths that are not pages stay the API's 404.
    let r = app
        .client
        .get(format!("{}/nope", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn assets_have_hashed_names_long_caching_gzip_and_a_small_first_load() {
    let app = TestApp::spawn().await;
    let html = app
        .client
        .get(format!("{}/", app.url))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(html.headers()["content-encoding"], "gzip");
    let mut total = html.bytes().await.unwrap().len();
    let page = String::from_utf8(
        app.client
            .get(format!("{}/", app.url))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    let assets: Vec<&str> = page
        .split("\"/assets/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert!(
        assets.len() >= 5,
        "the shell names its stylesheet, icon and modules: {page}"
    );
    for a in &assets {
        // name.<10 hex digits>.ext
        let parts: Vec<&str> = a.rsplit('/').next().unwrap().split('.').collect();
        assert!(
            parts.len() >= 3 && parts[parts.len() - 2].len() == 10,
            "{a} has a content hash"
        );
        let url = format!("{}/assets/{a}", app.url);
        let gz = app
            .client
            .get(&url)
            .header("accept-encoding", "gzip, deflate")
            .send()
            .await
            .unwrap();
        assert_eq!(gz.status(), 200, "{a}");
        assert_eq!(
            gz.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(gz.headers()["x-content-type-options"], "nosniff");
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        let packed = gz.bytes().await.unwrap();
        total += packed.len();
        let plain = app.client.get(&url).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(
            gunzip(&packed),
            plain.bytes().await.unwrap().to_vec(),
            "{a}"
        );
    }
    assert!(total < 300_000, "first load {total} bytes");
    let r = app
        .client
        .get(format!("{}/assets/js/main.0000000000.js", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn the_refresh_token_lives_in_an_http_only_cookie_behind_a_csrf_check() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, csrf) = shell(&app, "/signin").await;
    let creds = json!({"email": "trainee@practicum.test", "password": "practicum-demo"});

    // No header, or a wrong one: refused before anything else.
    let (_, b) = session(&app, "login", &csrf, None, None, creds.clone()).await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    let (_, b) = session(&app, "login", &csrf, Some("guessed"), None, creds.clone()).await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");

    let (h, b) = session(&app, "login", &csrf, Some(&csrf), None, creds).await;
    let token = b["data"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(b["data"]["account"]["role"], "TRAINEE");
    assert_eq!(b["data"]["expiresIn"], 900);
    assert!(
        b["data"].get("refreshToken").is_none(),
        "the page never sees it"
    );
    let (refresh, set) = cookie_value(&h, "practicum_refresh").unwrap();
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/app/session",
        "Max-Age=2592000",
    ] {
        assert!(set.contains(part), "{set}");
    }
    assert_eq!(h["cache-control"], "no-store");
    // The access token is a bearer token on the API, like any client's.
    let me = app.gql(Some(token), "{ me { email } }", json!({})).await;
    assert_eq!(me["data"]["me"]["email"], "trainee@practicum.test");

    // Refresh rotates the cookie; replaying an old one once its successor was used ends the
    // whole login.
    let (h, b) = session(
        &app,
        "refresh",
        &csrf,
        Some(&csrf),
        Some(&refresh),
        json!({}),
    )
    .await;
    assert!(b["data"]["accessToken"].is_string(), "{b}");
    let (rotated, _) = cookie_value(&h, "practicum_refresh").unwrap();
    assert_ne!(rotated, refresh);
    // The page uses the rotated cookie; the old one is now a replay.
    let (h, b) = session(
        &app,
        "refresh",
        &csrf,
        Some(&csrf),
        Some(&rotated),
        json!({}),
    )
    .await;
    assert!(b["data"]["accessToken"].is_string(), "{b}");
    let (rotated, _) = cookie_value(&h, "practicum_refresh").unwrap();
    let (h, b) = session(
        &app,
        "refresh",
        &csrf,
        Some(&csrf),
        Some(&refresh),
        json!({}),
    )
    .await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    assert!(
        cookie_value(&h, "practicum_refresh")
            .unwrap()
            .1
            .contains("Max-Age=0")
    );
    let (_, b) = session(
        &app,
        "refresh",
        &csrf,
        Some(&csrf),
        Some(&rotated),
        json!({}),
    )
    .await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "the family is revoked: {b}");
    // Without a cookie there is no session.
    let (_, b) = session(&app, "refresh", &csrf, Some(&csrf), None, json!({})).await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    // Both the replay and the revoked successor were reported.
    assert_eq!(app.audit_count("session.reuse_detected").await, 2);
}

#[tokio::test]
async fn sign_in_errors_registration_and_sign_out_match_the_api() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_account = 3)
        .await
        .with_demo()
        .await;
    let (_, csrf) = shell(&app, "/signin").await;
    let wrong = json!({"email": "trainee@practicum.test", "password": "not it at all"});
    let (_, b) = session(&app, "login", &csrf, Some(&csrf), None, wrong.clone()).await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    assert_eq!(b["errors"][0]["message"], "invalid email or password");
    for _ in 0..3 {
        session(&app, "login", &csrf, Some(&csrf), None, wrong.clone()).await;
    }
    let (_, b) = session(&app, "login", &csrf, Some(&csrf), None, wrong).await;
    assert_eq!(code(&b), "RATE_LIMITED", "{b}");
    assert!(
        b["errors"][0]["extensions"]["retryAfterSeconds"]
            .as_u64()
            .unwrap()
            > 0
    );
    // The GraphQL mutation sees the same throttle: one account, one rule.
    let g = app
        .gql(
            None,
            "mutation { login(input:{email:\"trainee@practicum.test\", password:\"practicum-demo\"}){ accessToken } }",
            json!({}),
        )
        .await;
    assert_eq!(g["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{g}");

    let reg = |password: &str| json!({"email": "new.person@practicum.test", "password": password, "displayName": "New Person", "invitationCode": null});
    let (_, b) = session(&app, "register", &csrf, Some(&csrf), None, reg("short")).await;
    assert_eq!(
        (code(&b), b["errors"][0]["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("password")),
        "{b}"
    );
    let (_, b) = session(
        &app,
        "register",
        &csrf,
        Some(&csrf),
        None,
        json!({"email": "x@practicum.test", "password": "a long enough password", "displayName": "X", "invitationCode": "NOPE"}),
    )
    .await;
    assert_eq!(
        b["errors"][0]["extensions"]["field"], "invitationCode",
        "{b}"
    );
    let (h, b) = session(
        &app,
        "register",
        &csrf,
        Some(&csrf),
        None,
        reg("a long enough password"),
    )
    .await;
    assert_eq!(
        b["data"]["account"]["email"], "new.person@practicum.test",
        "{b}"
    );
    let (refresh, _) = cookie_value(&h, "practicum_refresh").unwrap();

    // Sign out: the cookie goes, and so does the login behind it.
    let (h, b) = session(
        &app,
        "logout",
        &csrf,
        Some(&csrf),
        Some(&refresh),
        json!({}),
    )
    .await;
    assert_eq!(b["data"]["revoked"], true, "{b}");
    assert!(
        cookie_value(&h, "practicum_refresh")
            .unwrap()
            .1
            .contains("Max-Age=0")
    );
    let (_, b) = session(
        &app,
        "refresh",
        &csrf,
        Some(&csrf),
        Some(&refresh),
        json!({}),
    )
    .await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    // Signing out twice (or without a session) is not an error.
    let (_, b) = session(&app, "logout", &csrf, Some(&csrf), None, json!({})).await;
    assert_eq!(b["data"]["revoked"], true);
}
