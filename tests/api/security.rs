//! Tenant boundaries and sessions a security review can sign: a role change, a deactivation, a
//! logout and a revoked login take effect on the very next request on every server (on
//! PostgreSQL also on a separate `practicum serve` process, told by a database notification);
//! the last administrator cannot be demoted or deactivated; failed logins refuse only the
//! client that makes them, so that nobody can lock a user out.

use crate::helpers::{TestApp, code};
use practicum::seed::DEMO_PASSWORD;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `practicum serve` process over the app's database (PostgreSQL only: SQLite is served by
/// one process), killed when dropped.
struct Process {
    child: Child,
    url: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn external_server(app: &TestApp) -> Option<Process> {
    if !app.settings.database_url.starts_with("postgres") {
        return None;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_practicum"))
        .arg("serve")
        .env("DATABASE_URL", &app.settings.database_url)
        .env(
            "PRACTICUM_JWT_SECRET",
            app.settings.jwt_secret.clone().unwrap(),
        )
        .env("PRACTICUM_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    Some(Process {
        child,
        url: format!("http://{addr}"),
    })
}

const ME: &str = "{ me { email role active } }";
const COHORT: &str = "mutation($o:ID!,$n:String!){ createCohort(input:{organizationId:$o, name:$n}){ cohort { id } } }";
const SET_ROLE: &str = "mutation($a:ID!,$r:Role!){ setAccountRole(input:{accountId:$a, role:$r}){ account { role } } }";

async fn account_id(app: &TestApp, token: &str) -> String {
    let b = app.gql(Some(token), "{ me { id } }", json!({})).await;
    b["data"]["me"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn access_changes_take_effect_on_the_next_request_on_every_server() {
    let app = TestApp::spawn().await.with_demo().await;
    let second = app.second_server().await;
    let external = external_server(&app);
    let mut servers = vec![app.url.clone(), second];
    servers.extend(external.as_ref().map(|p| p.url.clone()));
    let admin = app.token("admin").await;
    let org = app.demo_org_id().await;

    // An instructor works on every server (each caches who they are)...
    let instructor = app.token("instructor").await;
    let id = account_id(&app, &instructor).await;
    for (i, s) in servers.iter().enumerate() {
        let b = app
            .gql_at(
                s,
                Some(&instructor),
                COHORT,
                json!({"o": org, "n": format!("before {i}")}),
            )
            .await;
        assert!(b["errors"].is_null(), "{s}: {b}");
    }
    // ...is demoted to trainee: refused at once everywhere, with the same token.
    let b = app
        .gql(Some(&admin), SET_ROLE, json!({"a": id, "r": "TRAINEE"}))
        .await;
    assert_eq!(
        b["data"]["setAccountRole"]["account"]["role"], "TRAINEE",
        "{b}"
    );
    for (i, s) in servers.iter().enumerate() {
        let b = app
            .gql_at(
                s,
                Some(&instructor),
                COHORT,
                json!({"o": org, "n": format!("after {i}")}),
            )
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{s}: {b}");
        let b = app.gql_at(s, Some(&instructor), ME, json!({})).await;
        assert_eq!(b["data"]["me"]["role"], "TRAINEE", "{s}: {b}");
    }

    // A deactivated account is refused everywhere, cannot sign in, and comes back when
    // reactivated.
    let trainee = app.token("trainee").await;
    let tid = account_id(&app, &trainee).await;
    for s in &servers {
        app.gql_at(s, Some(&trainee), ME, json!({})).await;
    }
    let b = app
        .gql(
            Some(&admin),
            "mutation($a:ID!){ deactivateAccount(input:{accountId:$a}){ account { active } } }",
            json!({"a": tid}),
        )
        .await;
    assert_eq!(
        b["data"]["deactivateAccount"]["account"]["active"], false,
        "{b}"
    );
    for s in &servers {
        let b = app.gql_at(s, Some(&trainee), ME, json!({})).await;
        assert_eq!(code(&b), "UNAUTHENTICATED", "{s}: {b}");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("deactivated")
        );
    }
    let b = app
        .gql(
            None,
            "mutation($e:String!,$p:String!){ login(input:{email:$e,password:$p}){ accessToken } }",
            json!({"e": "trainee@practicum.test", "p": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    app.gql(
        Some(&admin),
        "mutation($a:ID!){ reactivateAccount(input:{accountId:$a}){ account { active } } }",
        json!({"a": tid}),
    )
    .await;
    let again = app.token("trainee").await;
    for s in &servers {
        let b = app.gql_at(s, Some(&again), ME, json!({})).await;
        assert_eq!(b["data"]["me"]["active"], true, "{s}: {b}");
    }

    // A logout ends the access token too, everywhere.
    let (access, refresh) = app.login("employer@practicum.test", DEMO_PASSWORD).await;
    for s in &servers {
        assert!(app.gql_at(s, Some(&access), ME, json!({})).await["errors"].is_null());
    }
    app.gql(
        None,
        "mutation($t:String!){ logout(input:{refreshToken:$t}){ revoked } }",
        json!({"t": refresh}),
    )
    .await;
    for s in &servers {
        let b = app.gql_at(s, Some(&access), ME, json!({})).await;
        assert_eq!(code(&b), "UNAUTHENTICATED", "{s}: {b}");
    }

    // A replayed refresh token revokes the login: its access tokens stop at once.
    let (access, refresh) = app.login("admin@practicum.test", DEMO_PASSWORD).await;
    for s in &servers {
        assert!(app.gql_at(s, Some(&access), ME, json!({})).await["errors"].is_null());
    }
    let q = "mutation($t:String!){ refreshSession(input:{refreshToken:$t}){ refreshToken } }";
    let next = app.gql(None, q, json!({"t": refresh})).await;
    // The client uses the rotated token, so the old one shown again is a replay.
    let rotated = next["data"]["refreshSession"]["refreshToken"].clone();
    app.gql(None, q, json!({"t": rotated})).await;
    let replay = app.gql(None, q, json!({"t": refresh})).await;
    assert_eq!(code(&replay), "UNAUTHENTICATED");
    for s in &servers {
        let b = app.gql_at(s, Some(&access), ME, json!({})).await;
        assert_eq!(code(&b), "UNAUTHENTICATED", "{s}: {b}");
    }
    assert_eq!(app.audit_count("account.set_role").await, 1);
    assert_eq!(app.audit_count("account.deactivate").await, 1);
    assert_eq!(app.audit_count("account.reactivate").await, 1);
}

#[tokio::test]
async fn the_last_administrator_stays_and_only_an_administrator_manages_accounts() {
    let app = TestApp::spawn().await.with_demo().await;
    let admin = app.token("admin").await;
    let instructor = app.token("instructor").await;
    let aid = account_id(&app, &admin).await;
    let iid = account_id(&app, &instructor).await;
    let b = app
        .gql(Some(&instructor), SET_ROLE, json!({"a": iid, "r": "ADMIN"}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "no self-promotion: {b}");
    let b = app
        .gql(Some(&admin), SET_ROLE, json!({"a": aid, "r": "INSTRUCTOR"}))
        .await;
    assert_eq!(code(&b), "CONFLICT", "the last admin: {b}");
    let b = app
        .gql(
            Some(&admin),
            "mutation($a:ID!){ deactivateAccount(input:{accountId:$a}){ account { active } } }",
            json!({"a": aid}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    // With a second administrator, the first may step down.
    app.gql(Some(&admin), SET_ROLE, json!({"a": iid, "r": "ADMIN"}))
        .await;
    let b = app
        .gql(Some(&admin), SET_ROLE, json!({"a": aid, "r": "INSTRUCTOR"}))
        .await;
    assert_eq!(
        b["data"]["setAccountRole"]["account"]["role"], "INSTRUCTOR",
        "{b}"
    );
    let b = app
        .gql(
            Some(&admin),
            SET_ROLE,
            json!({"a": 999_999, "r": "TRAINEE"}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "no longer an admin: {b}");
}

async fn login_from(app: &TestApp, client: &str, password: &str) -> Value {
    let resp = app
        .client
        .post(format!("{}/graphql", app.url))
        .header("x-forwarded-for", client)
        .json(&json!({"query": "mutation($e:String!,$p:String!){ login(input:{email:$e,password:$p}){ accessToken } }",
            "variables": {"e": "trainee@practicum.test", "p": password}}))
        .send()
        .await
        .unwrap();
    resp.json().await.unwrap()
}

#[tokio::test]
async fn failed_logins_refuse_only_their_client_and_never_lock_the_user_out() {
    let app = TestApp::spawn_with(|s| {
        s.trust_forwarded = true;
        s.login_slowdown_after = 6;
        s.login_max_delay_ms = 20;
    })
    .await
    .with_demo()
    .await;
    // Five failures from one client: that client is refused for this account...
    for _ in 0..5 {
        let b = login_from(&app, "10.0.0.1", "wrong password!").await;
        assert_eq!(code(&b), "UNAUTHENTICATED");
    }
    let b = login_from(&app, "10.0.0.1", DEMO_PASSWORD).await;
    assert_eq!(code(&b), "RATE_LIMITED", "{b}");
    // ...and the user, elsewhere, signs in.
    let b = login_from(&app, "10.0.0.2", DEMO_PASSWORD).await;
    assert!(b["data"]["login"]["accessToken"].is_string(), "{b}");
    // Failures from many clients slow the account (counted across clients) but refuse no one.
    for i in 0..12 {
        let b = login_from(&app, &format!("10.0.1.{i}"), "wrong password!").await;
        assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    }
    let failures = crate::helpers::throttle_failures(&app, "account:trainee@practicum.test").await;
    assert!(failures >= 12, "every failure counted: {failures}");
    let b = login_from(&app, "10.0.2.1", DEMO_PASSWORD).await;
    assert!(
        b["data"]["login"]["accessToken"].is_string(),
        "never locked out: {b}"
    );
}
