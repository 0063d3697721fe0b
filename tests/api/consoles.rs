//! What the employer and admin consoles rely on beyond the older API:
//! - an employer's assessments list each one with its candidate codes (expiry, uses), the
//!   candidates who redeemed a code and wait, and how many started and finished, and it
//!   follows a candidate from code to finished sitting; a feedback policy chosen at
//!   creation decides whether the candidate sees the report; no one else lists them;
//! - an administrator reads the code-set releases loaded (system, release name, effective
//!   date, counts) and the files loaded; no one else does.

use crate::helpers::{TestApp, code};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const OVERVIEW: &str = "query($f:ID!){ assessment(id:$f){ assessment { id title feedback durationMinutes } codesIssued codesUsed started finished waiting { email } invitations { codeHint expiresAt maxUses uses revoked } } }";
const START: &str = "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id } } }";
const SUBMIT: &str =
    "mutation($a:ID!){ submitExam(input:{attemptId:$a}){ attempt { status report { percent } } } }";

async fn question_ids(app: &TestApp, n: usize) -> Vec<String> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM question_item WHERE section = 'ICD10CM' ORDER BY id",
        ))
        .await
        .unwrap();
    rows.iter()
        .take(n)
        .map(|r| r.try_get::<i32>("", "id").unwrap().to_string())
        .collect()
}

async fn overview(app: &TestApp, employer: &str, form: &str) -> Value {
    let b = app.gql(Some(employer), OVERVIEW, json!({"f": form})).await;
    assert!(b["errors"].is_null(), "{b}");
    b["data"]["assessment"].clone()
}

#[tokio::test]
async fn the_employer_follows_each_candidate_from_code_to_finished_sitting() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let q = question_ids(&app, 3).await;
    let b = app
        .gql(
            Some(&employer),
            "mutation($q:[ID!]!){ createAssessment(input:{title:\"Front desk\", questionIds:$q, durationMinutes:20, feedback:IMMEDIATE}){ assessment { id feedback } } }",
            json!({"q": q}),
        )
        .await;
    let a = &b["data"]["createAssessment"]["assessment"];
    assert_eq!(a["feedback"], "IMMEDIATE", "{b}");
    let form = a["id"].as_str().unwrap().to_owned();

    let o = overview(&app, &employer, &form).await;
    assert_eq!(
        (&o["codesIssued"], &o["started"], &o["finished"]),
        (&json!(0), &json!(0), &json!(0))
    );
    let b = app
        .gql(
            Some(&employer),
            "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:2, expiresInHours:48}){ codes } }",
            json!({"f": form}),
        )
        .await;
    let codes = b["data"]["inviteCandidates"]["codes"].as_array().unwrap();
    let first = codes[0].as_str().unwrap().to_owned();
    let o = overview(&app, &employer, &form).await;
    assert_eq!(o["codesIssued"], 2);
    assert_eq!(o["codesUsed"], 0);
    let inv = &o["invitations"][0];
    assert_eq!((&inv["maxUses"], &inv["uses"]), (&json!(1), &json!(0)));
    let expires = chrono::DateTime::parse_from_rfc3339(inv["expiresAt"].as_str().unwrap()).unwrap();
    let hours =
        (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((47.0..=48.0).contains(&hours), "expires in {hours} h");
    assert!(
        codes.iter().any(|c| c
            .as_str()
            .unwrap()
            .starts_with(inv["codeHint"].as_str().unwrap())),
        "the hint is the start of a code"
    );

    // Redeemed: waiting. Started: counted, no longer waiting. Submitted: finished, and with
    // IMMEDIATE feedback the candidate reads the report.
    app.register("cand@practicum.test", Some(&first)).await;
    let (cand, _) = app
        .login("cand@practicum.test", "a long enough password")
        .await;
    let o = overview(&app, &employer, &form).await;
    assert_eq!(o["codesUsed"], 1);
    assert_eq!(o["waiting"], json!([{"email": "cand@practicum.test"}]));
    let b = app.gql(Some(&cand), START, json!({"f": form})).await;
    let attempt = b["data"]["startExam"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let o = overview(&app, &employer, &form).await;
    assert_eq!(
        (&o["started"], &o["finished"], &o["waiting"]),
        (&json!(1), &json!(0), &json!([]))
    );
    let b = app.gql(Some(&cand), SUBMIT, json!({"a": attempt})).await;
    assert_eq!(
        b["data"]["submitExam"]["attempt"]["status"], "SUBMITTED",
        "{b}"
    );
    assert_eq!(
        b["data"]["submitExam"]["attempt"]["report"]["percent"], 0.0,
        "{b}"
    );
    let o = overview(&app, &employer, &form).await;
    assert_eq!((&o["started"], &o["finished"]), (&json!(1), &json!(1)));

    // The list holds it, newest first; the candidate and the instructor are refused.
    let b = app
        .gql(
            Some(&employer),
            "{ assessments { assessment { id } started } }",
            json!({}),
        )
        .await;
    assert_eq!(
        b["data"]["assessments"][0]["assessment"]["id"],
        form.as_str(),
        "{b}"
    );
    for who in [&cand, &app.token("instructor").await] {
        let b = app
            .gql(Some(who), "{ assessments { started } }", json!({}))
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
        let b = app.gql(Some(who), OVERVIEW, json!({"f": form})).await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
    }
}

#[tokio::test]
async fn an_assessment_is_employer_only_unless_created_otherwise() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let q = question_ids(&app, 1).await;
    let b = app
        .gql(
            Some(&employer),
            "mutation($q:[ID!]!){ createAssessment(input:{title:\"Default\", questionIds:$q, durationMinutes:20}){ assessment { feedback } } }",
            json!({"q": q}),
        )
        .await;
    assert_eq!(
        b["data"]["createAssessment"]["assessment"]["feedback"], "EMPLOYER_ONLY",
        "{b}"
    );
    let b = app
        .gql(
            Some(&employer),
            "mutation($q:[ID!]!){ createAssessment(input:{title:\"Bad\", questionIds:$q, durationMinutes:20, feedback:SOMETIMES}){ assessment { feedback } } }",
            json!({"q": q}),
        )
        .await;
    assert!(b["data"].is_null() && !b["errors"].is_null(), "{b}");
}

const RELEASES: &str = "{ codeSetReleases { system version effectiveDate codes billable ended } }";

#[tokio::test]
async fn an_administrator_reads_the_code_set_releases_loaded() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let b = app.gql(Some(&admin), RELEASES, json!({})).await;
    let rows = b["data"]["codeSetReleases"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    let find = |system: &str, date: &str| {
        rows.iter()
            .find(|r| r["system"] == system && r["effectiveDate"] == date)
            .unwrap_or_else(|| panic!("no {system} release on {date}: {b}"))
    };
    // The FY2027 delta in seed/ adds 190 codes on 2026-10-01 and deletes 30.
    let fy2027 = find("ICD10CM", "2026-10-01");
    assert_eq!(
        (&fy2027["version"], &fy2027["codes"]),
        (&json!("FY2027"), &json!(190))
    );
    let ended: i64 = rows
        .iter()
        .filter(|r| r["system"] == "ICD10CM")
        .map(|r| r["ended"].as_i64().unwrap())
        .sum();
    assert_eq!(ended, 30);
    assert_eq!(find("ICD10PCS", "2025-10-01")["version"], "FY2026");
    assert_eq!(find("HCPCS", "2014-10-01")["version"], "2014 Q4");
    assert_eq!(find("CARC", "2000-01-01")["version"], "baseline");
    assert!(find("MODIFIER", "2015-01-01")["version"].is_null());
    let total: i64 = rows.iter().map(|r| r["codes"].as_i64().unwrap()).sum();
    let backend = app.db.get_database_backend();
    let n = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM code",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(total, n, "every code version is in exactly one release");

    let b = app
        .gql(
            Some(&admin),
            "{ releaseFiles { name rows loadedAt } }",
            json!({}),
        )
        .await;
    let files = b["data"]["releaseFiles"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    assert!(
        files
            .iter()
            .any(|f| f["name"].as_str().unwrap().contains("icd10cm_fy2027_delta")),
        "{b}"
    );

    for who in ["employer", "instructor", "trainee"] {
        let t = app.token(who).await;
        let b = app.gql(Some(&t), RELEASES, json!({})).await;
        assert_eq!(code(&b), "FORBIDDEN", "{who}: {b}");
        let b = app
            .gql(Some(&t), "{ releaseFiles { name } }", json!({}))
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{who}: {b}");
    }
}
