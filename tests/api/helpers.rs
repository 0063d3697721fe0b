//! `TestApp`: a running server on a fresh database, and helpers to call it.

use crate::template;
use practicum::clock::ManualClock;
use practicum::config::Settings;
use practicum::startup::{Application, Reference};
use practicum::{db, seed};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub settings: Settings,
    /// The server's clock: it stands still until a test moves it (exam deadlines).
    pub clock: Arc<ManualClock>,
    /// SQL statements run on the server's database so far (seed included): tests take the
    /// difference around a request to count its round trips.
    pub statements: Arc<AtomicUsize>,
    reference: Reference,
    _file: Option<TempFile>,
    _database: Option<TempDatabase>,
}

/// A PostgreSQL database of one test, dropped with it (each holds ~80 MB of seed: a run of
/// the suite would otherwise leave gigabytes behind). The drop runs on a thread of its own,
/// joined, with `WITH (FORCE)` ending the server's connections to it.
struct TempDatabase {
    admin_url: String,
    name: String,
}

impl TempDatabase {
    /// The database of `url` when it is a PostgreSQL one made for this test.
    fn of(url: &str) -> Option<Self> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok()?;
        let head = url.split('?').next()?;
        let name = head.rsplit_once('/')?.1;
        name.starts_with("practicum_test_").then(|| TempDatabase {
            admin_url,
            name: name.to_owned(),
        })
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let admin = db::connect(&url).await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let done = admin
                    .execute_raw(Statement::from_string(admin.get_database_backend(), sql))
                    .await;
                admin.close().await.ok();
                done.ok()
            })
        });
        dropped.join().ok();
    }
}

/// A SQLite database file of one test, removed with it.
struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            std::fs::remove_file(p).ok();
        }
    }
}

/// A database URL for one test: in-memory SQLite, or a new PostgreSQL database created on
/// the server named by `TEST_DATABASE_URL`. With `TEST_BACKEND=postgres` (set by CI) a
/// missing `TEST_DATABASE_URL` is a failure, never a silent fall-back to SQLite.
pub async fn fresh_database_url() -> String {
    let pg = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let Some(base) = pg else {
        assert_ne!(
            std::env::var("TEST_BACKEND").as_deref(),
            Ok("postgres"),
            "TEST_BACKEND=postgres but TEST_DATABASE_URL is not set"
        );
        return "sqlite::memory:".into();
    };
    let name = format!("practicum_test_{}", uuid::Uuid::new_v4().simple());
    let admin = db::connect(&base)
        .await
        .expect("connect to TEST_DATABASE_URL");
    admin
        .execute_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("CREATE DATABASE {name}"),
        ))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h.to_owned(), format!("?{q}")),
        None => (base.clone(), String::new()),
    };
    let (server, _old) = head.rsplit_once('/').expect("database URL has a path");
    format!("{server}/{name}{query}")
}

impl TestApp {
    /// A server without the code tables (fast): enough for everything but code sets.
    pub async fn spawn() -> Self {
        Self::start(|_| {}, false).await
    }

    /// A server with adjusted settings, without the code tables.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::start(adjust, false).await
    }

    /// A server over the whole seed, code tables included. The seed (~360,000 rows) is loaded
    /// once per test process into a template database that each test copies, and the code
    /// index built from it once and shared: the same data, without paying for it per test.
    pub async fn spawn_with_codes() -> Self {
        Self::start(|_| {}, true).await
    }

    async fn start(adjust: impl FnOnce(&mut Settings), codes: bool) -> Self {
        let (url, file) = if codes {
            template::seeded_copy().await
        } else {
            (fresh_database_url().await, None)
        };
        let mut settings = Settings::for_tests(&url);
        adjust(&mut settings);
        let mut conn = db::connect(&settings.database_url).await.expect("database");
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        conn.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        db::migrate(&conn).await.expect("migrations");
        let reference = if codes {
            template::reference(&conn).await
        } else {
            seed::organizations(&conn, &seed::default_dir())
                .await
                .expect("seed loads");
            practicum::startup::load_reference(&conn)
                .await
                .expect("reference data")
        };
        let clock = Arc::new(ManualClock::starting_now());
        let app =
            Application::build_with_reference(&settings, conn, clock.clone(), reference.clone())
                .await
                .expect("application builds");
        let url = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        tokio::spawn(app.run_until_stopped());
        let database = TempDatabase::of(&settings.database_url);
        TestApp {
            url,
            client: reqwest::Client::new(),
            db,
            settings,
            clock,
            statements,
            reference,
            _database: database,
            _file: file.map(TempFile),
        }
    }

    /// A second server over the same database, as behind a load balancer: its own HTTP
    /// workers and (on PostgreSQL) its own connection pool. Returns its base URL.
    pub async fn second_server(&self) -> String {
        let conn = if self.settings.database_url.contains(":memory:") {
            // An in-memory database lives in its one connection: share it.
            self.db.clone()
        } else {
            db::connect(&self.settings.database_url)
                .await
                .expect("database")
        };
        let app = Application::build_with_reference(
            &self.settings,
            conn,
            self.clock.clone(),
            self.reference.clone(),
        )
        .await
        .expect("second server builds");
        let url = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        url
    }

    /// Posts a GraphQL operation to the server at `base` and returns the JSON body (HTTP
    /// status must be 200).
    pub async fn gql_at(
        &self,
        base: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let mut req = self
            .client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request sent");
        assert_eq!(resp.status(), 200, "GraphQL over HTTP answers 200");
        resp.json().await.expect("JSON body")
    }

    /// Creates the demo organization and its four accounts.
    pub async fn with_demo(self) -> Self {
        seed::demo(&self.db).await.expect("demo accounts");
        self
    }

    /// Posts a GraphQL operation and returns the JSON body (HTTP status must be 200).
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.gql_at(&self.url, token, query, variables).await
    }

    /// Signs in and returns (access token, refresh token).
    pub async fn login(&self, email: &str, password: &str) -> (String, String) {
        let body = self
            .gql(
                None,
                "mutation($e:String!,$p:String!){ login(input:{email:$e,password:$p}){ accessToken refreshToken } }",
                json!({ "e": email, "p": password }),
            )
            .await;
        let l = &body["data"]["login"];
        assert!(l.is_object(), "login failed: {body}");
        (
            l["accessToken"].as_str().unwrap().to_owned(),
            l["refreshToken"].as_str().unwrap().to_owned(),
        )
    }

    /// The access token of a demo account (`admin`, `instructor`, `trainee`, `employer`).
    pub async fn token(&self, who: &str) -> String {
        self.login(&format!("{who}@practicum.test"), seed::DEMO_PASSWORD)
            .await
            .0
    }

    /// Registers an account and returns its access token.
    pub async fn register(&self, email: &str, code: Option<&str>) -> Value {
        self.gql(
            None,
            "mutation($i:RegisterInput!){ register(input:$i){ accessToken refreshToken account { id email role organization { id name } } } }",
            json!({ "i": { "email": email, "password": "a long enough password", "displayName": "Test Person", "invitationCode": code } }),
        )
        .await
    }

    /// Runs one operation and returns its body with the number of SQL statements it cost.
    pub async fn gql_counted(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (Value, usize) {
        let before = self.statements.load(Ordering::SeqCst);
        let body = self.gql(token, query, variables).await;
        (body, self.statements.load(Ordering::SeqCst) - before)
    }

    /// Number of audit rows with this action.
    pub async fn audit_count(&self, action: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
                [action.into()],
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The id of the demo organization.
    pub async fn demo_org_id(&self) -> String {
        let t = self.token("instructor").await;
        let me = self
            .gql(Some(&t), "{ me { organization { id } } }", json!({}))
            .await;
        me["data"]["me"]["organization"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// The failures counted by the login throttle under `key` (e.g. `account:EMAIL`).
pub async fn throttle_failures(app: &TestApp, key: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "SELECT failures FROM login_throttle WHERE key = $1",
            [key.into()],
        ))
        .await
        .unwrap();
    row.map_or(0, |r| i64::from(r.try_get::<i32>("", "failures").unwrap()))
}

/// The `extensions.code` of the first error.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

/// The `extensions.field` of the first error.
pub fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("no field in {body}"))
}

/// The public library's case-set files (seed/cases/*.json), by file name, in name order.
pub fn library_files() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

pub fn cases_file(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seed/cases")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub async fn case_id(app: &TestApp, slug: &str) -> String {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT id FROM coding_case WHERE slug = '{slug}'"),
        ))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no case {slug}"));
    row.try_get::<i32>("", "id").unwrap().to_string()
}

pub async fn case_set_id(app: &TestApp, slug: &str) -> String {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT id FROM case_set WHERE slug = '{slug}'"),
        ))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no case set {slug}"));
    row.try_get::<i32>("", "id").unwrap().to_string()
}

/// The key's coding as claim input: option 1 of alternatives, required lines, pointers
/// re-lettered to the diagnoses kept.
pub fn key_claim(key: &Value) -> (Value, Value) {
    let first = |l: &Value| l["alternate"].is_null() || l["alternate"]["option"] == 1;
    let all = key["diagnoses"].as_array().unwrap();
    let kept: Vec<&Value> = all.iter().filter(|d| first(d)).collect();
    let dx: Vec<Value> = kept
        .iter()
        .map(|d| json!({"code": d["code"], "poa": d["poa"]}))
        .collect();
    let lines: Vec<Value> = key["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| first(p) && !p["optional"].as_bool().unwrap_or(false))
        .map(|p| {
            let ptrs: Vec<String> = p["pointers"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|x| {
                    let i = (x.as_str().unwrap().as_bytes()[0] - b'A') as usize;
                    kept.iter().position(|k| k["code"] == all[i]["code"])
                })
                .map(|i| ((b'A' + i as u8) as char).to_string())
                .collect();
            json!({"system": p["system"], "code": p["code"], "modifiers": p["modifiers"], "units": p["units"], "pointers": ptrs})
        })
        .collect();
    (json!(dx), json!(lines))
}

/// Codes a new claim draft the way a trainee who codes the documentation correctly would, when
/// the case's scenario has no billed claim of the practice's to work (a draft never carries
/// the answer key).
pub async fn code_claim(app: &TestApp, token: &str, claim: &Value, case: &Value) {
    if !case["scenario"]["billed"].is_null() {
        return;
    }
    let (dx, lines) = key_claim(&case["key"]);
    let b = app
        .gql(Some(token), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": claim, "d": dx, "l": lines}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
}

/// Sends the key's claim for a case and returns the adjudicated claim.
pub async fn paid_claim(app: &TestApp, token: &str, case: &Value) -> Value {
    let id = case_id(app, case["slug"].as_str().unwrap()).await;
    let b = app
        .gql(
            Some(token),
            "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }",
            json!({"c": id}),
        )
        .await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    let (dx, lines) = key_claim(&case["key"]);
    app.gql(Some(token), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": claim, "d": dx, "l": lines}))
        .await;
    let b = app
        .gql(Some(token), "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id caseId receivedOn totalChargeCents remittance { status paid patientResponsibility lines { line paid denied adjustments { group reason amount } } } } } }", json!({"id": claim}))
        .await;
    let c = b["data"]["submitClaim"]["claim"].clone();
    assert!(c.is_object(), "{b}");
    c
}

/// Signs up an account of `role` in a new organization of `kind` that the admin creates, and
/// returns its access token (another school's instructor, another company's employer).
pub async fn outsider(app: &TestApp, admin: &str, kind: &str, role: &str, email: &str) -> String {
    let b = app
        .gql(Some(admin), "mutation($n:String!,$k:OrganizationKind!){ createOrganization(input:{name:$n, kind:$k}){ organization { id } } }", json!({"n": format!("Org of {email}"), "k": kind}))
        .await;
    let org = b["data"]["createOrganization"]["organization"]["id"].clone();
    let b = app
        .gql(Some(admin), "mutation($o:ID!,$r:Role!){ createInvitation(input:{organizationId:$o, role:$r}){ code } }", json!({"o": org, "r": role}))
        .await;
    let invite = b["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    app.register(email, Some(&invite)).await;
    app.login(email, "a long enough password").await.0
}

/// The right posting of a remittance (what a trainee who reads it well enters): each line's
/// payment and its adjustments by group and reason.
pub fn right_posting(remittance: &Value) -> Value {
    let sum = |l: &Value, g: &str, r: &str| -> i64 {
        l["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["group"] == g && a["reason"] == r)
            .map(|a| a["amount"].as_i64().unwrap())
            .sum()
    };
    json!(
        remittance["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| json!({
                "line": l["line"], "paidCents": l["paid"], "contractualCents": sum(l, "CO", "45"),
                "deductibleCents": sum(l, "PR", "1"), "coinsuranceCents": sum(l, "PR", "2"),
                "copayCents": sum(l, "PR", "3"), "denialLeftOpen": l["denied"]
            }))
            .collect::<Vec<_>>()
    )
}
