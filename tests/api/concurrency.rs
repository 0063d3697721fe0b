//! Races that must not lose or duplicate writes: one refresh token presented twice at once
//! (both answered, one live token left),
//! one single-use invitation raced by several registrations, and many concurrent failed
//! logins all counted. Meaningful on PostgreSQL (CI runs it there too).

use crate::helpers::{TestApp, code};
use practicum::seed::DEMO_PASSWORD;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

#[tokio::test]
async fn a_refresh_token_raced_twice_leaves_one_live_token() {
    let app = TestApp::spawn().await.with_demo().await;
    let (_, r) = app.login("trainee@practicum.test", DEMO_PASSWORD).await;
    let q = "mutation($t:String!){ refreshSession(input:{refreshToken:$t}){ refreshToken } }";
    let (a, b) = tokio::join!(
        app.gql(None, q, json!({"t": r})),
        app.gql(None, q, json!({"t": r}))
    );
    // Both are answered (the second as a retry of a lost answer), but the login keeps one
    // live refresh token: the first answer's token was revoked by the retry.
    let tokens: Vec<String> = [&a, &b]
        .iter()
        .filter_map(|x| x["data"]["refreshSession"]["refreshToken"].as_str())
        .map(str::to_owned)
        .collect();
    assert_eq!(tokens.len(), 2, "{a} {b}");
    let live = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM refresh_token WHERE used_at IS NULL AND revoked_at IS NULL",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(live, 1, "{a} {b}");
}

#[tokio::test]
async fn a_single_use_invitation_raced_by_five_registrations_admits_one() {
    let app = TestApp::spawn().await.with_demo().await;
    let admin = app.token("admin").await;
    let org = app.demo_org_id().await;
    let inv = app
        .gql(Some(&admin), "mutation($o:ID!){ createInvitation(input:{organizationId:$o,role:TRAINEE,maxUses:1}){ code } }", json!({"o": org}))
        .await;
    let c = inv["data"]["createInvitation"]["code"].as_str().unwrap();
    let emails: Vec<String> = (0..5).map(|i| format!("racer{i}@x.org")).collect();
    let results = futures_join(emails.iter().map(|e| app.register(e, Some(c)))).await;
    let wins = results
        .iter()
        .filter(|r| r["data"]["register"].is_object())
        .count();
    assert_eq!(wins, 1);
    for r in results.iter().filter(|r| r["errors"].is_array()) {
        assert_eq!(code(r), "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn concurrent_failed_logins_are_all_counted() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_account = 8)
        .await
        .with_demo()
        .await;
    let q = "mutation{ login(input:{email:\"trainee@practicum.test\",password:\"wrong password!\"}){ accessToken } }";
    let results = futures_join((0..8).map(|_| app.gql(None, q, json!({})))).await;
    assert!(results.iter().all(|r| code(r) == "UNAUTHENTICATED"));
    let after = app.gql(None, q, json!({})).await;
    assert_eq!(
        code(&after),
        "RATE_LIMITED",
        "8 concurrent failures must all count: {after}"
    );
}

/// Runs futures concurrently and collects their outputs in order.
async fn futures_join<F: std::future::Future>(futs: impl Iterator<Item = F>) -> Vec<F::Output> {
    futures::future::join_all(futs).await
}
