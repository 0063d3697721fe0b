//! A database that cannot be reached: requests are answered `SERVICE_UNAVAILABLE` with HTTP 503
//! (and `Retry-After`), never INTERNAL, `/health` says `degraded`, and the server serves again
//! as soon as the database is back. On PostgreSQL the outage is real: the server reaches the
//! database through a TCP relay that the test cuts and restores. On SQLite (no network) the
//! server's connection pool is closed under it.

use crate::helpers::TestApp;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused at
/// once) and restored.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0u64);
        let (flag, cuts) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !flag.load(Ordering::SeqCst) {
                    drop(client); // refused: the database is "down"
                    continue;
                }
                let target = target.clone();
                let mut cut = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Relay { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// Posts `me` and returns the HTTP status, the `Retry-After` header and the body.
async fn me(app: &TestApp, token: &str) -> (u16, Option<String>, Value) {
    let resp = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(token)
        .json(&json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry, resp.json().await.unwrap())
}

async fn health(app: &TestApp) -> (u16, Value) {
    let resp = app
        .client
        .get(format!("{}/health", app.url))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

fn assert_unavailable((status, retry, body): &(u16, Option<String>, Value)) {
    assert_eq!(*status, 503, "{body}");
    assert_eq!(retry.as_deref(), Some("1"));
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "{body}"
    );
}

#[tokio::test]
async fn requests_get_service_unavailable_while_the_database_is_unreachable() {
    let pg = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let Some(pg) = pg else {
        // SQLite: the pool closed under the server.
        let app = TestApp::spawn().await.with_demo().await;
        let token = app.token("trainee").await;
        assert_eq!(me(&app, &token).await.0, 200);
        app.db.clone().close().await.unwrap();
        assert_unavailable(&me(&app, &token).await);
        let (status, body) = health(&app).await;
        assert_eq!((status, body["status"].as_str()), (503, Some("degraded")));
        return;
    };
    let target = pg
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let relay = Relay::start(target.clone()).await;
    let port = relay.port;
    let app = TestApp::spawn_with(move |s| {
        s.database_url = s
            .database_url
            .replace(&target, &format!("127.0.0.1:{port}"));
    })
    .await
    .with_demo()
    .await;
    let token = app.token("trainee").await;
    assert_eq!(me(&app, &token).await.0, 200);

    relay.down();
    assert_unavailable(&me(&app, &token).await);
    let (status, body) = health(&app).await;
    assert_eq!((status, body["status"].as_str()), (503, Some("degraded")));

    relay.up();
    let (status, _, body) = me(&app, &token).await;
    assert_eq!(
        status, 200,
        "served again once the database is back: {body}"
    );
    assert_eq!(body["data"]["me"]["email"], "trainee@practicum.test");
    assert_eq!(health(&app).await.0, 200);
}
