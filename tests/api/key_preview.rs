//! The preview of an answer-key revision (`answerKeyRevisionPreview`). What it proves:
//! - the preview lists exactly the submitted attempts that `reviseAnswerKey` then re-grades,
//!   with each one's score now and the score it then gets (manual credit included), because
//!   both use the same scorer;
//! - the preview writes nothing: no key version, no score history, no audit row, no score;
//! - a key that `reviseAnswerKey` refuses is refused by the preview with the same
//!   `extensions.code`, `extensions.field` and message; trainees are refused.
//!
//! Runs on SQLite and, with TEST_BACKEND=postgres, on PostgreSQL.

use crate::helpers::{TestApp, code};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id } } }";
const SCORE: &str = "query($id:ID!){ attempt(id:$id){ keyVersion score { percent } } }";
const PREVIEW: &str = "query($c:ID!,$k:JSON!){ answerKeyRevisionPreview(caseId:$c, key:$k){ version regradedCount regraded { attemptId traineeId traineeName keyVersion currentPercent proposedPercent } } }";
const REVISE: &str = "mutation($c:ID!,$k:JSON!){ reviseAnswerKey(input:{caseId:$c, key:$k, note:\"preview test\"}){ answerKey { version } } }";

async fn count(app: &TestApp, table: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Every row count and score the preview must leave alone.
async fn snapshot(app: &TestApp, trainee: &str, attempts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for t in [
        "answer_key",
        "attempt_score_history",
        "audit_log",
        "attempt_credit",
    ] {
        out.push(json!(count(app, t).await));
    }
    for a in attempts {
        out.push(app.gql(Some(trainee), SCORE, json!({"id": a})).await);
    }
    out
}

/// The school's own published copy of a library case; returns (case id, its key).
async fn school_case(app: &TestApp, instructor: &str) -> (String, Value) {
    let org = app.demo_org_id().await;
    let path = format!(
        "{}/seed/cases/cpc-em-medicine.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["slug"] = json!("school-preview");
    doc["cases"] = json!([doc["cases"][1].clone()]);
    doc["cases"][0]["slug"] = json!("school-preview-dm2-ckd");
    doc["visibility"] = json!("ORGANIZATION");
    let b = app
        .gql(Some(instructor), "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { cases { id } } } }", json!({"o": org, "d": doc}))
        .await;
    let id = b["data"]["importCaseSet"]["caseSet"]["cases"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    (id, doc["cases"][0]["key"].clone())
}

async fn submitted(app: &TestApp, trainee: &str, case_id: &str, sub: Value) -> String {
    let b = app
        .gql(
            Some(trainee),
            "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }",
            json!({"c": case_id}),
        )
        .await;
    let id = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app
        .gql(Some(trainee), SUBMIT, json!({"id": id, "s": sub}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
    id
}

#[tokio::test]
async fn the_preview_shows_the_scores_the_revision_then_gives_and_writes_nothing() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let (case_id, key) = school_case(&app, &instructor).await;
    let codes = |skip: &str| -> Vec<Value> {
        key["diagnoses"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] != skip)
            .map(|d| json!({"code": d["code"]}))
            .collect()
    };
    let visit =
        json!([{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A", "B", "C"]}]);
    // One attempt forgets Z79.84 and E11.22 and gets a manual credit on Z79.84's line; the
    // other forgets N18.31.
    let mut first = codes("Z79.84");
    first.retain(|d| d["code"] != "E11.22");
    let a1 = submitted(
        &app,
        &trainee,
        &case_id,
        json!({"diagnoses": first, "procedures": visit}),
    )
    .await;
    let a2 = submitted(
        &app,
        &trainee,
        &case_id,
        json!({"diagnoses": codes("N18.31"), "procedures": visit}),
    )
    .await;
    let b = app
        .gql(Some(&instructor), "mutation($i:CreditAttemptLineInput!){ creditAttemptLine(input:$i){ attempt { id } } }",
            json!({"i": {"attemptId": a1, "submitted": null, "expected": "Z7984", "credit": true, "reason": "metformin stopped"}}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
    let attempts = [a1.clone(), a2.clone()];

    // The proposed key makes N18.31 optional: the second attempt's score rises.
    let mut revised = key.clone();
    for d in revised["diagnoses"].as_array_mut().unwrap() {
        if d["code"] == "N18.31" {
            d["optional"] = json!(true);
        }
    }
    let before = snapshot(&app, &trainee, &attempts).await;
    let p = app
        .gql(
            Some(&instructor),
            PREVIEW,
            json!({"c": case_id, "k": revised}),
        )
        .await;
    let preview = &p["data"]["answerKeyRevisionPreview"];
    assert_eq!(
        (
            preview["version"].as_i64(),
            preview["regradedCount"].as_i64()
        ),
        (Some(2), Some(2)),
        "{p}"
    );
    assert_eq!(
        snapshot(&app, &trainee, &attempts).await,
        before,
        "the preview wrote nothing"
    );
    let rows = preview["regraded"].as_array().unwrap();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["attemptId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a1.as_str(), a2.as_str()]);
    for (row, a) in rows.iter().zip(&attempts) {
        let now = app.gql(Some(&trainee), SCORE, json!({"id": a})).await;
        assert_eq!(
            row["currentPercent"], now["data"]["attempt"]["score"]["percent"],
            "{row} {now}"
        );
        assert_eq!(row["keyVersion"], 1);
        assert_eq!(row["traineeName"], "Demo trainee", "{row}");
    }
    assert!(
        rows[1]["proposedPercent"].as_f64() > rows[1]["currentPercent"].as_f64(),
        "the optional line no longer costs the second attempt: {p}"
    );

    // Saving the key gives each attempt exactly the previewed score.
    let b = app
        .gql(
            Some(&instructor),
            REVISE,
            json!({"c": case_id, "k": revised}),
        )
        .await;
    assert_eq!(
        b["data"]["reviseAnswerKey"]["answerKey"]["version"], 2,
        "{b}"
    );
    for (row, a) in rows.iter().zip(&attempts) {
        let after = app.gql(Some(&trainee), SCORE, json!({"id": a})).await;
        assert_eq!(after["data"]["attempt"]["keyVersion"], 2);
        assert_eq!(
            row["proposedPercent"], after["data"]["attempt"]["score"]["percent"],
            "{row} {after}"
        );
    }

    // The same key again would change nothing: no attempt to re-grade.
    let p = app
        .gql(
            Some(&instructor),
            PREVIEW,
            json!({"c": case_id, "k": revised}),
        )
        .await;
    assert_eq!(
        p["data"]["answerKeyRevisionPreview"]["regradedCount"], 0,
        "{p}"
    );
    assert_eq!(p["data"]["answerKeyRevisionPreview"]["version"], 2, "{p}");
}

#[tokio::test]
async fn a_key_the_revision_refuses_the_preview_refuses_the_same_way() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let (case_id, key) = school_case(&app, &instructor).await;
    let mut unknown = key.clone();
    unknown["diagnoses"][1]["code"] = json!("E11.99999");
    let mut no_code = key.clone();
    no_code["diagnoses"] = json!([{"role": "FIRST_LISTED"}]);
    for (bad, field) in [
        (unknown, "key.diagnoses[1].code"),
        (no_code, "key.diagnoses[0]"),
        (json!("E11.22"), "key"),
    ] {
        let p = app
            .gql(Some(&instructor), PREVIEW, json!({"c": case_id, "k": bad}))
            .await;
        let r = app
            .gql(Some(&instructor), REVISE, json!({"c": case_id, "k": bad}))
            .await;
        let ext = |b: &Value| {
            (
                code(b).to_owned(),
                b["errors"][0]["extensions"]["field"].clone(),
                b["errors"][0]["message"].clone(),
            )
        };
        assert_eq!(ext(&p).0, "BAD_USER_INPUT", "{p}");
        assert_eq!(ext(&p).1, field, "{p}");
        assert_eq!(ext(&p), ext(&r), "the same refusal as reviseAnswerKey");
    }
    let b = app
        .gql(Some(&trainee), PREVIEW, json!({"c": case_id, "k": key}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    let b = app
        .gql(Some(&instructor), PREVIEW, json!({"c": "nope", "k": key}))
        .await;
    assert_eq!(
        (code(&b), b["errors"][0]["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("caseId")),
        "{b}"
    );
}
