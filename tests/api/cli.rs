//! The `practicum` command as an operator uses it: `admin create-user` reads the password
//! from standard input and refuses bad input; `serve` prints its address, answers, and exits
//! cleanly on SIGTERM.

use crate::helpers::fresh_database_url;
use practicum::entity::account;
use practicum::{db, seed};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A database the child process can open: a temporary SQLite file, or a fresh PostgreSQL one.
async fn shared_database() -> (String, Option<std::path::PathBuf>) {
    let url = fresh_database_url().await;
    if url.starts_with("sqlite") {
        let path = std::env::temp_dir().join(format!(
            "practicum-cli-{}.db",
            uuid::Uuid::new_v4().simple()
        ));
        (format!("sqlite://{}?mode=rwc", path.display()), Some(path))
    } else {
        (url, None)
    }
}

fn practicum(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_practicum"));
    c.env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .env_remove("PRACTICUM_JWT_SECRET");
    c
}

fn create_user(url: &str, args: &[&str], password: &str) -> (bool, String) {
    let mut child = practicum(url)
        .args(["admin", "create-user"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn admin_create_user_reads_the_password_from_stdin() {
    let (url, file) = shared_database().await;
    let conn = db::connect(&url).await.unwrap();
    db::migrate(&conn).await.unwrap();
    seed::demo(&conn).await.unwrap();

    let (ok, out) = create_user(
        &url,
        &[
            "--role",
            "instructor",
            "--email",
            "Teacher@School.edu",
            "--organization",
            "demo-school",
        ],
        "a strong password\n",
    );
    assert!(ok, "{out}");
    let a = account::Entity::find()
        .filter(account::Column::Email.eq("teacher@school.edu"))
        .one(&conn)
        .await
        .unwrap()
        .expect("account created");
    assert_eq!(a.role, "INSTRUCTOR");
    assert!(a.organization_id.is_some());
    assert!(a.password_hash.starts_with("$argon2id$"));

    for (args, pw, says) in [
        (
            vec!["--role", "ROOT", "--email", "x@y.org"],
            "a strong password",
            "--role",
        ),
        (
            vec!["--role", "ADMIN", "--email", "not-an-email"],
            "a strong password",
            "--email",
        ),
        (
            vec!["--role", "ADMIN", "--email", "x@y.org"],
            "short",
            "password",
        ),
        (
            vec!["--role", "ADMIN", "--email", "teacher@school.edu"],
            "a strong password",
            "already exists",
        ),
        (
            vec![
                "--role",
                "ADMIN",
                "--email",
                "z@y.org",
                "--organization",
                "nope",
            ],
            "a strong password",
            "--organization",
        ),
    ] {
        let (ok, out) = create_user(&url, &args, pw);
        assert!(!ok, "{args:?} should fail");
        assert!(out.contains(says), "{args:?}: {out}");
    }
    drop(conn);
    if let Some(f) = file {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", f.display()));
        }
    }
}

#[tokio::test]
async fn serve_answers_and_stops_cleanly_on_sigterm() {
    let (url, file) = shared_database().await;
    let mut child = practicum(&url)
        .arg("serve")
        .env("PRACTICUM_BIND", "127.0.0.1:0")
        .env(
            "PRACTICUM_JWT_SECRET",
            "an-operator-secret-of-32-bytes-or-more",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest
                .trim_end_matches("/graphql (GraphiQL in a browser)")
                .split('/')
                .next()
                .unwrap()
                .to_owned();
        }
    };
    let health: serde_json::Value = reqwest::get(format!("http://{addr}/health"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("exits within 30 s of SIGTERM")
        .unwrap();
    assert!(status.success(), "graceful exit: {status:?}");
    if let Some(f) = file {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", f.display()));
        }
    }
}

#[tokio::test]
async fn cases_export_and_import_round_trip_through_the_command() {
    let (url, file) = shared_database().await;
    let conn = db::connect(&url).await.unwrap();
    db::migrate(&conn).await.unwrap();
    seed::run(&conn, &seed::default_dir()).await.unwrap();
    seed::demo(&conn).await.unwrap();

    let out = practicum(&url)
        .args(["cases", "export", "ccs-inpatient"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["cases"].as_array().unwrap().len(), 14);

    // Import the export into another organization under a new slug.
    // (the public library is the platform's: a school's copy is its organization's own)
    doc["slug"] = serde_json::json!("ccs-practice");
    doc["visibility"] = serde_json::json!("ORGANIZATION");
    let path = std::env::temp_dir().join(format!("ccs-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = practicum(&url)
        .args([
            "cases",
            "import",
            path.to_str().unwrap(),
            "--organization",
            "demo-school",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("14 cases, DRAFT"));

    // A broken key is refused with its line, and nothing changes.
    doc["slug"] = serde_json::json!("ccs-broken");
    doc["cases"][3]["key"]["diagnoses"][0]["code"] = serde_json::json!("I50");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = practicum(&url)
        .args([
            "cases",
            "import",
            path.to_str().unwrap(),
            "--organization",
            "demo-school",
        ])
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cases[3].key.diagnoses[0].code"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use practicum::entity::library::case_set;
    let demo = practicum::service::organization::find_by_slug(&conn, "demo-school")
        .await
        .unwrap();
    let sets = case_set::Entity::find()
        .filter(case_set::Column::OrganizationId.eq(demo.id))
        .all(&conn)
        .await
        .unwrap();
    assert_eq!(
        sets.iter().map(|s| s.slug.as_str()).collect::<Vec<_>>(),
        vec!["ccs-practice"]
    );
    drop(conn);
    if let Some(f) = file {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", f.display()));
        }
    }
}
