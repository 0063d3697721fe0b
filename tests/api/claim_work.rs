//! Claim work is scored on the remedy and on the coding of the claim that got paid, separately:
//! a clearinghouse rejection "fixed" with the wrong laterality, or an E/M level the note does
//! not support, is MISCODED with score 0 even though the payer pays it, and the feedback names
//! the line and why; the right fix is RESOLVED 100 with a coding score of 100. The coding
//! findings, like the remedy, are shown only once the work is finished.

use crate::helpers::{TestApp, case_id, cases_file, key_claim};
use serde_json::{Value, json};

const CREATE: &str = "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }";
const UPDATE: &str = "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }";
const SUBMIT: &str = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { status remittance { status paid } } } }";
const WORK: &str = "query($c:ID!){ claimWork(caseId:$c){ outcome score remedyScore codingScore coding { line field message } expectedRemedy remedyTaken steps { action outcome correct message } } }";

fn case(file: &str, slug: &str) -> Value {
    cases_file(file)["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
        .clone()
}

async fn work(app: &TestApp, token: &str, case_id: &str) -> Value {
    let b = app.gql(Some(token), WORK, json!({"c": case_id})).await;
    assert!(b["errors"].is_null(), "{b}");
    b["data"]["claimWork"].clone()
}

/// Creates the case's claim (the practice's M17.1 claim), sends it (rejected), recodes its
/// diagnosis as `dx` and sends it again; returns the second answer.
async fn fix_m17_rejection(app: &TestApp, token: &str, id: &str, dx: &str) -> Value {
    let b = app.gql(Some(token), CREATE, json!({"c": id})).await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    let b = app.gql(Some(token), SUBMIT, json!({"id": claim})).await;
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["status"], "REJECTED",
        "{b}"
    );
    let w = work(app, token, id).await;
    assert!(w["coding"].as_array().unwrap().is_empty(), "{w}");
    assert!(w["codingScore"].is_null(), "{w}");
    let lines =
        json!([{"system": "CPT", "code": "99213", "modifiers": [], "units": 1, "pointers": ["A"]}]);
    let b = app
        .gql(
            Some(token),
            UPDATE,
            json!({"id": claim, "d": [{"code": dx}], "l": lines}),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");
    app.gql(Some(token), SUBMIT, json!({"id": claim})).await
}

#[tokio::test]
async fn a_rejection_fixed_with_the_wrong_knee_is_paid_but_scored_miscoded() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let id = case_id(&app, "den-nonbillable-header-m17-1").await;
    let b = fix_m17_rejection(&app, &trainee, &id, "M17.12").await;
    // The payer pays the left knee: nothing on the claim tells it the note says right.
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["remittance"]["status"], "PAID",
        "{b}"
    );
    let w = work(&app, &trainee, &id).await;
    assert_eq!(w["outcome"], "MISCODED", "{w}");
    assert_eq!(w["score"], 0, "{w}");
    assert_eq!(w["remedyTaken"], "RESUBMIT", "{w}");
    assert_eq!(w["remedyScore"], 100, "the remedy itself was right: {w}");
    assert_eq!(w["codingScore"], 75, "{w}");
    let findings = w["coding"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{w}");
    assert_eq!(findings[0]["field"], "DIAGNOSIS");
    let m = findings[0]["message"].as_str().unwrap();
    assert!(
        m.contains("M17.12") && m.contains("M17.11") && m.contains("laterality"),
        "{m}"
    );
    let last = w["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["correct"], false, "{w}");
}

#[tokio::test]
async fn a_rejection_fixed_with_the_documented_knee_is_resolved_with_full_coding_credit() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let id = case_id(&app, "den-nonbillable-header-m17-1").await;
    let b = fix_m17_rejection(&app, &trainee, &id, "M17.11").await;
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["remittance"]["status"], "PAID",
        "{b}"
    );
    let w = work(&app, &trainee, &id).await;
    assert_eq!(w["outcome"], "RESOLVED", "{w}");
    assert_eq!(
        (&w["score"], &w["remedyScore"], &w["codingScore"]),
        (&json!(100), &json!(100), &json!(100)),
        "{w}"
    );
    assert!(w["coding"].as_array().unwrap().is_empty(), "{w}");
}

#[tokio::test]
async fn an_upcoded_clean_claim_is_paid_but_scored_miscoded_on_its_line() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let c = case("cpc-em-medicine.json", "em-est-dm2-ckd-htn-99214");
    let id = case_id(&app, "em-est-dm2-ckd-htn-99214").await;
    let (dx, mut lines) = key_claim(&c["key"]);
    assert_eq!(lines[0]["code"], "99214");
    lines[0]["code"] = json!("99215");
    let b = app.gql(Some(&trainee), CREATE, json!({"c": id})).await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    let b = app
        .gql(
            Some(&trainee),
            UPDATE,
            json!({"id": claim, "d": dx, "l": lines}),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": claim})).await;
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["remittance"]["status"], "PAID",
        "{b}"
    );
    let w = work(&app, &trainee, &id).await;
    assert_eq!(
        (&w["outcome"], &w["score"], &w["remedyScore"]),
        (&json!("MISCODED"), &json!(0), &json!(100)),
        "{w}"
    );
    let f = &w["coding"][0];
    assert_eq!(
        (&f["line"], &f["field"]),
        (&json!(1), &json!("CODE")),
        "{w}"
    );
    let m = f["message"].as_str().unwrap();
    assert!(
        m.contains("99215") && m.contains("99214") && m.contains("upcoding"),
        "{m}"
    );
}

#[tokio::test]
async fn the_key_coded_clean_claim_scores_full_coding_credit() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let c = case("cpc-em-medicine.json", "em-est-dm2-ckd-htn-99214");
    let id = case_id(&app, "em-est-dm2-ckd-htn-99214").await;
    let (dx, lines) = key_claim(&c["key"]);
    let b = app.gql(Some(&trainee), CREATE, json!({"c": id})).await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    app.gql(
        Some(&trainee),
        UPDATE,
        json!({"id": claim, "d": dx, "l": lines}),
    )
    .await;
    app.gql(Some(&trainee), SUBMIT, json!({"id": claim})).await;
    let w = work(&app, &trainee, &id).await;
    assert_eq!(
        (&w["outcome"], &w["score"], &w["codingScore"]),
        (&json!("CLEAN"), &json!(100), &json!(100)),
        "{w}"
    );
}
