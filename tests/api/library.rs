//! The public library belongs to the platform (issue #25 item 1), each case found by the
//! security review as a test that failed before the fix:
//! - a school's import with PUBLIC visibility is refused on `visibility`, the admin's into the
//!   school too (the content would stay the school's), and nothing is written;
//! - a school's key revision re-grades only its own accounts' attempts: a trainee of another
//!   school who worked the set while it was public (as the old server allowed) keeps their
//!   score and key version, and the revision's audit row is the school's;
//! - the platform's revision of a library case re-grades every organization's attempts;
//! - the migration moves a PUBLIC set of any organization but the platform's back to its
//!   organization (ORGANIZATION), leaves the platform's alone, and drops billing settings of
//!   organizations that do not exist (the table gets its foreign key).

use crate::helpers::{TestApp, cases_file, code, field, fresh_database_url, outsider};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};

const IMPORT: &str = "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { cases { id } } } }";
const START: &str = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id } } }";
const VIEW: &str = "query($id:ID!){ attempt(id:$id){ keyVersion score { percent } } }";
const REVISE: &str = "mutation($id:ID!,$k:JSON!){ reviseAnswerKey(input:{caseId:$id, key:$k, note:\"Z79.84 optional\"}){ answerKey { version } } }";

/// The library's E/M case with Z79.84 in its key.
fn library_case() -> Value {
    cases_file("cpc-em-medicine.json")["cases"][1].clone()
}

/// A school's one-case set copied from the library.
fn school_set(visibility: &str) -> Value {
    let mut doc = cases_file("cpc-em-medicine.json");
    doc["slug"] = json!("school-em");
    doc["visibility"] = json!(visibility);
    doc["cases"] = json!([library_case()]);
    doc["cases"][0]["slug"] = json!("school-em-case");
    doc
}

/// The key with Z79.84 made optional.
fn revised_key() -> Value {
    let mut key = library_case()["key"].clone();
    for d in key["diagnoses"].as_array_mut().unwrap() {
        if d["code"] == "Z79.84" {
            d["optional"] = json!(true);
        }
    }
    key
}

/// Starts and submits an attempt that leaves out Z79.84; returns its id.
async fn worked(app: &TestApp, token: &str, case: &str) -> String {
    let b = app.gql(Some(token), START, json!({"c": case})).await;
    let id = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let diagnoses: Vec<Value> = library_case()["key"]["diagnoses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "Z79.84")
        .map(|d| json!({"code": d["code"]}))
        .collect();
    let sub = json!({"diagnoses": diagnoses, "procedures": [{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A", "B", "C"]}]});
    let b = app
        .gql(Some(token), SUBMIT, json!({"id": id, "s": sub}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
    id
}

/// An attempt's key version and percent, read by its trainee.
async fn score(app: &TestApp, token: &str, attempt: &str) -> (i64, f64) {
    let b = app.gql(Some(token), VIEW, json!({"id": attempt})).await;
    let a = &b["data"]["attempt"];
    (
        a["keyVersion"].as_i64().unwrap_or_else(|| panic!("{b}")),
        a["score"]["percent"].as_f64().unwrap(),
    )
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n")
        .or_else(|_| row.try_get::<i32>("", "n").map(i64::from))
        .unwrap()
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn only_the_platform_publishes_and_a_schools_revision_regrades_only_its_own() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let org = app.demo_org_id().await;
    let other = outsider(
        &app,
        &admin,
        "SCHOOL",
        "TRAINEE",
        "b-trainee@practicum.test",
    )
    .await;

    for who in [&instructor, &admin] {
        let b = app
            .gql(
                Some(who),
                IMPORT,
                json!({"o": org, "d": school_set("PUBLIC")}),
            )
            .await;
        assert_eq!(
            (code(&b), field(&b)),
            ("BAD_USER_INPUT", "visibility"),
            "{b}"
        );
    }
    let n = count(
        &app.db,
        "SELECT COUNT(*) AS n FROM case_set WHERE slug = 'school-em'",
    )
    .await;
    assert_eq!(n, 0, "a refused import writes nothing");

    let b = app
        .gql(
            Some(&instructor),
            IMPORT,
            json!({"o": org, "d": school_set("ORGANIZATION")}),
        )
        .await;
    let case = b["data"]["importCaseSet"]["caseSet"]["cases"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app.gql(Some(&other), START, json!({"c": case})).await;
    assert_eq!(
        code(&b),
        "NOT_FOUND",
        "another school's set is not theirs: {b}"
    );

    // The state the old server left: the school's set in the public library, worked by a
    // trainee of another school.
    exec(
        &app.db,
        "UPDATE case_set SET visibility = 'PUBLIC' WHERE slug = 'school-em'",
    )
    .await;
    let mine = worked(&app, &trainee, &case).await;
    let theirs = worked(&app, &other, &case).await;
    let (v1, p1) = score(&app, &trainee, &mine).await;
    let before = score(&app, &other, &theirs).await;
    let last = count(&app.db, "SELECT COALESCE(MAX(id), 0) AS n FROM audit_log").await;

    let b = app
        .gql(
            Some(&instructor),
            REVISE,
            json!({"id": case, "k": revised_key()}),
        )
        .await;
    let version = b["data"]["reviseAnswerKey"]["answerKey"]["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(version, v1 + 1);
    let (v2, p2) = score(&app, &trainee, &mine).await;
    assert_eq!(v2, version, "the school's own trainee is re-graded");
    assert!(p2 > p1, "Z79.84 is optional now: {p1} -> {p2}");
    assert_eq!(
        score(&app, &other, &theirs).await,
        before,
        "another school's trainee keeps their score and key version"
    );
    let logged = count(
        &app.db,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE id > {last} AND action = 'answer_key.revise' \
             AND organization_id = {org}"
        ),
    )
    .await;
    assert_eq!(
        logged, 1,
        "the revision is logged once, in the school's log"
    );

    // The platform's library case: the admin's revision re-grades every organization's.
    let lib = crate::helpers::case_id(&app, library_case()["slug"].as_str().unwrap()).await;
    let mine = worked(&app, &trainee, &lib).await;
    let theirs = worked(&app, &other, &lib).await;
    let b = app
        .gql(Some(&admin), REVISE, json!({"id": lib, "k": revised_key()}))
        .await;
    let version = b["data"]["reviseAnswerKey"]["answerKey"]["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(score(&app, &trainee, &mine).await.0, version);
    assert_eq!(score(&app, &other, &theirs).await.0, version);
}

#[tokio::test]
async fn the_migration_returns_public_sets_to_their_organization_and_drops_orphan_settings() {
    let url = fresh_database_url().await;
    let db = practicum::db::connect(&url).await.unwrap();
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261207_000003_harden_tenants")
        .expect("the tenant migration");
    Migrator::up(&db, Some(before as u32)).await.unwrap();
    exec(
        &db,
        "INSERT INTO organization (slug, name, kind, created_at) VALUES \
         ('lib', 'Library', 'PLATFORM', CURRENT_TIMESTAMP), \
         ('school', 'School', 'SCHOOL', CURRENT_TIMESTAMP)",
    )
    .await;
    for (org, slug) in [("lib", "lib-set"), ("school", "school-set")] {
        exec(
            &db,
            &format!(
                "INSERT INTO case_set (organization_id, slug, title, description, visibility, status, created_at, updated_at) \
                 SELECT id, '{slug}', 'A set', '', 'PUBLIC', 'PUBLISHED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP \
                 FROM organization WHERE slug = '{org}'"
            ),
        )
        .await;
    }
    exec(
        &db,
        "INSERT INTO billing_setting (organization_id, auto_post) \
         SELECT id, TRUE FROM organization WHERE slug = 'school'",
    )
    .await;
    exec(
        &db,
        "INSERT INTO billing_setting (organization_id, auto_post) VALUES (999999, TRUE)",
    )
    .await;

    Migrator::up(&db, None).await.unwrap();
    let vis = |slug: &str| {
        format!(
            "SELECT COUNT(*) AS n FROM case_set WHERE slug = '{slug}' AND visibility = 'PUBLIC'"
        )
    };
    assert_eq!(count(&db, &vis("lib-set")).await, 1, "the platform's stays");
    assert_eq!(
        count(&db, &vis("school-set")).await,
        0,
        "the school's leaves"
    );
    let n = count(
        &db,
        "SELECT COUNT(*) AS n FROM case_set WHERE slug = 'school-set' AND visibility = 'ORGANIZATION'",
    )
    .await;
    assert_eq!(n, 1);
    let n = count(&db, "SELECT COUNT(*) AS n FROM billing_setting").await;
    assert_eq!(n, 1, "the school's setting is kept, the orphan dropped");
    let orphan = db
        .execute_raw(Statement::from_string(
            db.get_database_backend(),
            "INSERT INTO billing_setting (organization_id, auto_post) VALUES (999999, TRUE)",
        ))
        .await;
    assert!(orphan.is_err(), "the foreign key refuses an orphan");
}
