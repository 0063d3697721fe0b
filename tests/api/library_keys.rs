//! Public-library keys for teaching (issue #18 item 1): an INSTRUCTOR or ADMIN of any
//! organization reads the current answer key and rationale of a case in a PUBLIC published
//! set through `answerKey`, and never revises it (revising stays with the platform, the
//! owner); a trainee and an employer still get FORBIDDEN; a public set that is not published
//! keeps its keys to its owner. Another organization's instructor sees only the current
//! version (the owner's revision history stays the owner's); the owner sees every version.

use crate::helpers::{TestApp, case_id, cases_file, code, outsider};
use practicum::service::organization;
use serde_json::{Value, json};

const KEY: &str = "query($id:ID!){ answerKey(caseId:$id){ version current key } }";
const REVISE: &str = "mutation($id:ID!,$k:JSON!){ reviseAnswerKey(input:{caseId:$id, key:$k, note:\"teaching\"}){ answerKey { version } } }";

/// The seeded library's established-patient E/M case (its slug and its key as seeded).
fn library_case() -> Value {
    cases_file("cpc-em-medicine.json")["cases"][1].clone()
}

async fn key_of(app: &TestApp, token: &str, case: &str) -> Value {
    app.gql(Some(token), KEY, json!({"id": case})).await
}

#[tokio::test]
async fn instructors_and_admins_of_any_organization_read_public_keys_trainees_and_employers_do_not()
{
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let case = case_id(&app, library_case()["slug"].as_str().unwrap()).await;
    let seeded = &library_case()["key"];

    // The demo school's instructor and another school's instructor: the current key with its
    // rationale, as seeded.
    let other_school = outsider(&app, &admin, "SCHOOL", "INSTRUCTOR", "i@b.test").await;
    for token in [app.token("instructor").await, other_school.clone()] {
        let b = key_of(&app, &token, &case).await;
        let versions = b["data"]["answerKey"]
            .as_array()
            .unwrap_or_else(|| panic!("{b}"));
        assert_eq!(versions.len(), 1, "{b}");
        assert_eq!(versions[0]["current"], true);
        assert_eq!(versions[0]["key"]["diagnoses"], seeded["diagnoses"], "{b}");
        let rationale = versions[0]["key"]["diagnoses"][0]["rationale"]
            .as_str()
            .unwrap_or_default();
        assert!(!rationale.is_empty(), "the rationale is readable: {b}");
    }

    // The admin too.
    let b = key_of(&app, &admin, &case).await;
    assert_eq!(b["data"]["answerKey"][0]["current"], true, "{b}");

    // A trainee, the school's employer and another company's employer: FORBIDDEN, no key.
    let company = outsider(&app, &admin, "EMPLOYER", "EMPLOYER", "e@acme.test").await;
    for token in [
        app.token("trainee").await,
        app.token("employer").await,
        company,
    ] {
        let b = key_of(&app, &token, &case).await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
        assert!(
            b["data"].is_null() || b["data"]["answerKey"].is_null(),
            "{b}"
        );
    }
}

#[tokio::test]
async fn a_public_key_is_read_never_revised_and_only_its_current_version_leaves_the_owner() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let instructor = app.token("instructor").await;
    let case = case_id(&app, library_case()["slug"].as_str().unwrap()).await;
    let mut key = library_case()["key"].clone();

    // The school's instructor cannot revise the platform's key: FORBIDDEN, nothing written.
    let b = app
        .gql(
            Some(&instructor),
            REVISE,
            json!({"id": case, "k": key.clone()}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    assert_eq!(app.audit_count("answer_key.revise").await, 0);

    // The owner revises: the instructor then reads version 2 alone; the admin reads both.
    key["feedback"][0]["message"] = json!("Teaching note: E11.9 leaves out the CKD.");
    let b = app
        .gql(Some(&admin), REVISE, json!({"id": case, "k": key}))
        .await;
    assert_eq!(
        b["data"]["reviseAnswerKey"]["answerKey"]["version"], 2,
        "{b}"
    );
    let b = key_of(&app, &instructor, &case).await;
    let versions = b["data"]["answerKey"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{b}");
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(
        versions[0]["key"]["feedback"][0]["message"],
        "Teaching note: E11.9 leaves out the CKD."
    );
    let b = key_of(&app, &admin, &case).await;
    assert_eq!(b["data"]["answerKey"].as_array().unwrap().len(), 2, "{b}");
}

#[tokio::test]
async fn an_unpublished_public_set_keeps_its_keys_to_the_platform() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let instructor = app.token("instructor").await;
    let platform = organization::find_by_slug(&app.db, "practicum-library")
        .await
        .unwrap()
        .id
        .to_string();
    let mut doc = cases_file("cpc-em-medicine.json");
    doc["slug"] = json!("draft-public");
    doc["cases"] = json!([library_case()]);
    doc["cases"][0]["slug"] = json!("draft-public-case");
    let b = app
        .gql(
            Some(&admin),
            "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:false}){ caseSet { status cases { id } } } }",
            json!({"o": platform, "d": doc}),
        )
        .await;
    assert_eq!(
        b["data"]["importCaseSet"]["caseSet"]["status"], "DRAFT",
        "{b}"
    );
    let draft = b["data"]["importCaseSet"]["caseSet"]["cases"][0]["id"].clone();
    let b = app.gql(Some(&instructor), KEY, json!({"id": draft})).await;
    assert_ne!(code(&b), "", "a draft's key is not readable: {b}");
    assert!(
        b["data"].is_null() || b["data"]["answerKey"].is_null(),
        "{b}"
    );
}
