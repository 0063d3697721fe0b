//! The seeded database, made once per test process: loading the whole seed (~360,000 rows) and
//! building the code index from it took ~25 s of a debug build per test on SQLite and ~50 s on
//! PostgreSQL. Tests that need it copy a template instead (a file copy on SQLite, `CREATE
//! DATABASE … TEMPLATE` on PostgreSQL) and share the index built from it once. The template's
//! name carries a fingerprint of the migrations and the seed files, so a change to either
//! makes a new one.

use practicum::startup::{Reference, load_reference};
use practicum::{db, seed};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tokio::sync::OnceCell;

enum Template {
    Sqlite(PathBuf),
    Postgres { base: String, name: String },
}

static TEMPLATE: OnceCell<Template> = OnceCell::const_new();
static REFERENCE: OnceCell<Reference> = OnceCell::const_new();

/// A new database holding the whole seed: its URL, and the file to remove after (SQLite).
pub async fn seeded_copy() -> (String, Option<PathBuf>) {
    match TEMPLATE.get_or_init(make).await {
        Template::Sqlite(path) => {
            let copy = std::env::temp_dir().join(format!(
                "practicum-test-{}.db",
                uuid::Uuid::new_v4().simple()
            ));
            std::fs::copy(path, &copy).expect("copy the template database");
            (format!("sqlite://{}?mode=rwc", copy.display()), Some(copy))
        }
        Template::Postgres { base, name } => {
            let new = format!("practicum_test_{}", uuid::Uuid::new_v4().simple());
            let admin = db::connect(base)
                .await
                .expect("connect to TEST_DATABASE_URL");
            exec(&admin, &format!("CREATE DATABASE {new} TEMPLATE {name}")).await;
            admin.close().await.ok();
            (with_database(base, &new), None)
        }
    }
}

/// The code index and NCCI tables of the seed, built once.
pub async fn reference(conn: &DatabaseConnection) -> Reference {
    REFERENCE
        .get_or_init(|| async { load_reference(conn).await.expect("reference data") })
        .await
        .clone()
}

async fn make() -> Template {
    let fingerprint = fingerprint();
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(base) => make_postgres(base, fingerprint).await,
        None => make_sqlite(fingerprint).await,
    }
}

async fn make_sqlite(fingerprint: u64) -> Template {
    let path = std::env::temp_dir().join(format!("practicum-tpl-{fingerprint:016x}.db"));
    if path.exists() {
        return Template::Sqlite(path);
    }
    let building = path.with_extension(format!("building-{}", std::process::id()));
    let conn = db::connect(&format!("sqlite://{}?mode=rwc", building.display()))
        .await
        .expect("template database");
    fill(&conn).await;
    exec(&conn, "PRAGMA wal_checkpoint(TRUNCATE)").await;
    conn.close().await.ok();
    std::fs::rename(&building, &path).expect("template in place");
    for suffix in ["-wal", "-shm"] {
        let mut p = building.clone().into_os_string();
        p.push(suffix);
        std::fs::remove_file(p).ok();
    }
    Template::Sqlite(path)
}

async fn make_postgres(base: String, fingerprint: u64) -> Template {
    let name = format!("practicum_test_tpl_{fingerprint:016x}");
    let building = format!("{name}_building");
    let admin = db::connect(&base)
        .await
        .expect("connect to TEST_DATABASE_URL");
    // One process builds it; others (a second `cargo test`) wait for it.
    exec(&admin, "SELECT pg_advisory_lock(2026120701)").await;
    let exists = admin
        .query_one_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"),
        ))
        .await
        .expect("list databases")
        .is_some();
    if !exists {
        exec(&admin, &format!("DROP DATABASE IF EXISTS {building}")).await;
        exec(&admin, &format!("CREATE DATABASE {building}")).await;
        let conn = db::connect(&with_database(&base, &building))
            .await
            .expect("template database");
        fill(&conn).await;
        conn.close().await.ok();
        exec(
            &admin,
            &format!("ALTER DATABASE {building} RENAME TO {name}"),
        )
        .await;
    }
    exec(&admin, "SELECT pg_advisory_unlock(2026120701)").await;
    admin.close().await.ok();
    Template::Postgres { base, name }
}

async fn fill(conn: &DatabaseConnection) {
    db::migrate(conn).await.expect("migrations");
    seed::run(conn, &seed::default_dir())
        .await
        .expect("seed loads");
}

async fn exec(conn: &DatabaseConnection, sql: &str) {
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The URL of database `name` on the server of `base`.
fn with_database(base: &str, name: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h.to_owned(), format!("?{q}")),
        None => (base.to_owned(), String::new()),
    };
    let (server, _old) = head.rsplit_once('/').expect("database URL has a path");
    format!("{server}/{name}{query}")
}

/// The migrations' names and every seed file's path, size and modification time.
fn fingerprint() -> u64 {
    use migration::MigratorTrait;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in migration::Migrator::migrations() {
        m.name().hash(&mut h);
    }
    let mut files = Vec::new();
    walk(&seed::default_dir(), &mut files);
    files.sort();
    for f in files {
        let meta = std::fs::metadata(&f).expect("seed file");
        f.hash(&mut h);
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    h.finish()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("seed dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
