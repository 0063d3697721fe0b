//! Login, throttling, refresh-token rotation with reuse detection, logout, and the refusal of
//! expired, tampered, unsigned and foreign tokens.

use crate::helpers::{TestApp, code};
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use practicum::seed::DEMO_PASSWORD;
use serde_json::{Value, json};

const LOGIN: &str = "mutation($e:String!,$p:String!){ login(input:{email:$e,password:$p}){ accessToken account { role } } }";
const REFRESH: &str =
    "mutation($t:String!){ refreshSession(input:{refreshToken:$t}){ accessToken refreshToken } }";

#[tokio::test]
async fn login_returns_tokens_that_identify_the_account() {
    let app = TestApp::spawn().await.with_demo().await;
    for who in ["admin", "instructor", "trainee", "employer"] {
        let t = app.token(who).await;
        let me = app
            .gql(
                Some(&t),
                "{ me { email role organization { name } } }",
                json!({}),
            )
            .await;
        assert_eq!(me["data"]["me"]["email"], format!("{who}@practicum.test"));
        assert_eq!(me["data"]["me"]["role"], who.to_uppercase());
        assert_eq!(me["data"]["me"]["organization"]["name"], "Demo School");
    }
    assert_eq!(app.audit_count("account.login").await, 4);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await.with_demo().await;
    let wrong = app
        .gql(
            None,
            LOGIN,
            json!({"e":"trainee@practicum.test","p":"not the password"}),
        )
        .await;
    let unknown = app
        .gql(
            None,
            LOGIN,
            json!({"e":"nobody@practicum.test","p":"not the password"}),
        )
        .await;
    assert_eq!(code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    assert!(wrong["data"].is_null());
}

#[tokio::test]
async fn repeated_failures_for_one_account_are_rate_limited_with_the_wait() {
    let app = TestApp::spawn().await.with_demo().await;
    for _ in 0..5 {
        let b = app
            .gql(
                None,
                LOGIN,
                json!({"e":"trainee@practicum.test","p":"wrong password!"}),
            )
            .await;
        assert_eq!(code(&b), "UNAUTHENTICATED");
    }
    // Even the right password is refused until the window ends.
    let b = app
        .gql(
            None,
            LOGIN,
            json!({"e":"Trainee@Practicum.test","p":DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(code(&b), "RATE_LIMITED", "{b}");
    let wait = b["errors"][0]["extensions"]["retryAfterSeconds"]
        .as_u64()
        .unwrap();
    assert!(wait > 0 && wait <= 900, "{wait}");
    // Another account is not affected.
    app.token("instructor").await;
}

#[tokio::test]
async fn repeated_failures_from_one_client_are_rate_limited() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_client = 3)
        .await
        .with_demo()
        .await;
    for i in 0..3 {
        let b = app
            .gql(
                None,
                LOGIN,
                json!({"e": format!("guess{i}@x.org"), "p":"wrong password!"}),
            )
            .await;
        assert_eq!(code(&b), "UNAUTHENTICATED");
    }
    let b = app
        .gql(
            None,
            LOGIN,
            json!({"e":"admin@practicum.test","p":DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(code(&b), "RATE_LIMITED", "{b}");
}

#[tokio::test]
async fn a_successful_login_resets_the_account_counter() {
    let app = TestApp::spawn().await.with_demo().await;
    for _ in 0..4 {
        app.gql(
            None,
            LOGIN,
            json!({"e":"trainee@practicum.test","p":"wrong password!"}),
        )
        .await;
    }
    app.token("trainee").await;
    for _ in 0..4 {
        app.gql(
            None,
            LOGIN,
            json!({"e":"trainee@practicum.test","p":"wrong password!"}),
        )
        .await;
    }
    app.token("trainee").await;
}

async fn refresh(app: &TestApp, token: &str) -> Value {
    app.gql(None, REFRESH, json!({ "t": token })).await
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, r1) = app.login("trainee@practicum.test", DEMO_PASSWORD).await;
    let b = refresh(&app, &r1).await;
    let r2 = b["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let access = b["data"]["refreshSession"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(r1, r2, "the refresh token rotates");
    let me = app.gql(Some(&access), "{ me { email } }", json!({})).await;
    assert_eq!(me["data"]["me"]["email"], "trainee@practicum.test");

    // The client uses r2; replaying r1 (used, and its successor used too) is refused and
    // revokes the login: r3 dies with it.
    let r3 = refresh(&app, &r2).await["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let replay = refresh(&app, &r1).await;
    assert_eq!(code(&replay), "UNAUTHENTICATED");
    assert_eq!(code(&refresh(&app, &r3).await), "UNAUTHENTICATED");
    // Both presentations of a dead token are on the audit trail.
    assert_eq!(app.audit_count("session.reuse_detected").await, 2);

    // Another login's family is unaffected.
    let (_, other) = app.login("trainee@practicum.test", DEMO_PASSWORD).await;
    assert!(refresh(&app, &other).await["data"]["refreshSession"].is_object());
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, r) = app.login("employer@practicum.test", DEMO_PASSWORD).await;
    let out = app
        .gql(
            None,
            "mutation($t:String!){ logout(input:{refreshToken:$t}){ revoked } }",
            json!({ "t": r }),
        )
        .await;
    assert_eq!(out["data"]["logout"]["revoked"], true);
    assert_eq!(code(&refresh(&app, &r).await), "UNAUTHENTICATED");
    assert_eq!(app.audit_count("session.logout").await, 1);
    assert_eq!(code(&refresh(&app, "garbage").await), "UNAUTHENTICATED");
}

fn sign(app: &TestApp, claims: Value) -> String {
    let secret = app.settings.jwt_secret.clone().unwrap();
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims(exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({ "sub": "1", "sid": "a-login", "role": "ADMIN", "org": null, "iat": now, "nbf": now, "exp": now + exp_offset,
            "iss": "practicum", "aud": "practicum-api", "jti": "t" })
}

async fn me_code(app: &TestApp, token: &str) -> String {
    code(&app.gql(Some(token), "{ me { email } }", json!({})).await).to_owned()
}

#[tokio::test]
async fn expired_tampered_unsigned_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await.with_demo().await;
    let good = app.token("trainee").await;

    let expired = sign(&app, claims(-120));
    let b = app.gql(Some(&expired), "{ me { email } }", json!({})).await;
    assert_eq!(code(&b), "UNAUTHENTICATED");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );

    // Tampered: the payload says ADMIN but the signature is the trainee's.
    let parts: Vec<&str> = good.split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut payload: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    payload["role"] = json!("ADMIN");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64.encode(payload.to_string()),
        parts[2]
    );
    assert_eq!(me_code(&app, &tampered).await, "UNAUTHENTICATED");

    // alg: none, no signature.
    let header = b64.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", b64.encode(claims(600).to_string()));
    assert_eq!(me_code(&app, &unsigned).await, "UNAUTHENTICATED");

    // Wrong issuer, wrong audience, missing nbf, not yet valid.
    for (k, v) in [
        ("iss", json!("someone-else")),
        ("aud", json!("other-api")),
        ("nbf", Value::Null),
    ] {
        let mut c = claims(600);
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v;
        }
        assert_eq!(
            me_code(&app, &sign(&app, c)).await,
            "UNAUTHENTICATED",
            "{k}"
        );
    }
    let mut future = claims(3600);
    future["nbf"] = json!(chrono::Utc::now().timestamp() + 600);
    assert_eq!(me_code(&app, &sign(&app, future)).await, "UNAUTHENTICATED");

    // A malformed Authorization header is refused, not ignored.
    let resp = app
        .client
        .post(format!("{}/graphql", app.url))
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({ "query": "{ me { email } }" }))
        .send()
        .await
        .unwrap();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(code(&body), "UNAUTHENTICATED");

    // The genuine token still works.
    assert!(app.gql(Some(&good), "{ me { email } }", json!({})).await["data"]["me"].is_object());
}

/// A page that navigates away while its refresh is in flight never receives the rotated
/// token: the next page presents the same one again. Within the grace, while the token that
/// refresh issued was never presented, that is a retry, not a replay: a new token in the same
/// login, the lost one revoked (presenting it later is a replay that ends the login).
#[tokio::test]
async fn a_refresh_whose_answer_was_lost_is_retried_and_the_lost_token_dies() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, r1) = app.login("trainee@practicum.test", DEMO_PASSWORD).await;
    let lost = refresh(&app, &r1).await["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let retry = refresh(&app, &r1).await;
    let r3 = retry["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap_or_else(|| panic!("the retry gets a session: {retry}"))
        .to_owned();
    assert_ne!(r3, lost);
    assert_eq!(app.audit_count("session.refresh_retried").await, 1);
    assert_eq!(app.audit_count("session.reuse_detected").await, 0);
    // The login goes on with r3 ...
    let r4 = refresh(&app, &r3).await["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    // ... and the lost token, shown later (by a thief), ends it.
    assert_eq!(code(&refresh(&app, &lost).await), "UNAUTHENTICATED");
    assert_eq!(code(&refresh(&app, &r4).await), "UNAUTHENTICATED");
    assert_eq!(app.audit_count("session.reuse_detected").await, 2);
}

/// Once the token a refresh issued has been used, the old one is a replay even within the
/// grace: the login ends.
#[tokio::test]
async fn a_retry_after_the_successor_was_used_is_a_replay() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, r1) = app.login("trainee@practicum.test", DEMO_PASSWORD).await;
    let r2 = refresh(&app, &r1).await["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let r3 = refresh(&app, &r2).await["data"]["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(code(&refresh(&app, &r1).await), "UNAUTHENTICATED");
    assert_eq!(code(&refresh(&app, &r3).await), "UNAUTHENTICATED");
    assert_eq!(app.audit_count("session.refresh_retried").await, 0);
}
