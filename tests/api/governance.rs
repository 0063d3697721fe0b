//! Answer-key governance: an instructor's manual credit recomputes a trainee's score, keeps
//! the old one and shows the reason; revising a key re-grades every attempt scored against
//! the earlier version, keeping its old score in the history.

use crate::helpers::{TestApp, code};
use serde_json::{Value, json};

const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id } } }";
const VIEW: &str = "query($id:ID!){ attempt(id:$id){ keyVersion score { percent lines { verdict submitted expected credit } } scoreHistory { keyVersion percent reason } } }";

#[tokio::test]
async fn manual_credit_and_regrading_keep_the_history() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let org = app.demo_org_id().await;

    // The school's own copy of a library case, published.
    let path = format!(
        "{}/seed/cases/cpc-em-medicine.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["slug"] = json!("school-em");
    doc["cases"] = json!([doc["cases"][1].clone()]);
    doc["cases"][0]["slug"] = json!("school-em-dm2-ckd");
    // (the public library is the platform's: the school's copy is its organization's own)
    doc["visibility"] = json!("ORGANIZATION");
    // The school scores its sets strictly: no partial credit for a wrong modifier.
    doc["scoring"] = json!({"partialCredit": 2.0});
    let bad = app
        .gql(Some(&instructor), "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d}){ caseSet { id } } }", json!({"o": org, "d": doc}))
        .await;
    assert_eq!(
        (code(&bad), bad["errors"][0]["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("scoring")),
        "{bad}"
    );
    doc["scoring"] = json!({"partialCredit": 0.0});
    let b = app
        .gql(Some(&instructor), "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { cases { id } } } }", json!({"o": org, "d": doc}))
        .await;
    let case_id = b["data"]["importCaseSet"]["caseSet"]["cases"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let key = doc["cases"][0]["key"].clone();

    // The trainee codes the diagnoses right but forgets Z79.84 and the visit's pointer order.
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }",
            json!({"c": case_id}),
        )
        .await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let diagnoses: Vec<Value> = key["diagnoses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "Z79.84")
        .map(|d| json!({"code": d["code"]}))
        .collect();
    let sub = json!({"diagnoses": diagnoses, "procedures": [{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A", "B", "C"]}]});
    app.gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": sub}))
        .await;
    let before = app.gql(Some(&trainee), VIEW, json!({"id": attempt})).await;
    let p1 = before["data"]["attempt"]["score"]["percent"]
        .as_f64()
        .unwrap_or_else(|| panic!("{before}"));
    assert!(p1 < 100.0);
    let missing = before["data"]["attempt"]["score"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["verdict"] == "MISSING")
        .cloned()
        .unwrap();
    assert_eq!(missing["expected"], "Z7984");

    // Only an instructor credits, with a reason.
    let credit =
        "mutation($i:CreditAttemptLineInput!){ creditAttemptLine(input:$i){ attempt { id } } }";
    let input = json!({"attemptId": attempt, "submitted": null, "expected": "Z7984", "credit": true, "reason": "Metformin was stopped at this visit per the note's addendum"});
    let b = app.gql(Some(&trainee), credit, json!({"i": input})).await;
    assert_eq!(code(&b), "FORBIDDEN");
    let b = app
        .gql(Some(&instructor), credit, json!({"i": input}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
    let after = app.gql(Some(&trainee), VIEW, json!({"id": attempt})).await;
    let a = &after["data"]["attempt"];
    assert!(a["score"]["percent"].as_f64().unwrap() > p1);
    assert!(
        a["score"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["credit"].as_str().is_some_and(|r| r.contains("addendum")))
    );
    assert_eq!(
        a["scoreHistory"][0]["percent"].as_f64().unwrap(),
        p1,
        "the old score is kept"
    );
    assert!(
        a["scoreHistory"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("manual credit")
    );
    assert_eq!(app.audit_count("attempt.credit").await, 1);

    // Disputes: the trainee contests a line with a citation; the instructor rejects or accepts.
    let raise =
        "mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ dispute { id status } } }";
    let resolve = "mutation($i:ResolveDisputeInput!){ resolveDispute(input:$i){ dispute { status resolution } } }";
    let line = json!({"attemptId": attempt, "submitted": "99214", "expected": "99214", "citation": "AMA E/M guidelines 2021: MDM", "message": "I think this is a 99215"});
    let b = app.gql(Some(&trainee), raise, json!({"i": line})).await;
    let dispute = b["data"]["raiseDispute"]["dispute"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    assert_eq!(
        code(&app.gql(Some(&trainee), raise, json!({"i": line})).await),
        "CONFLICT",
        "one open dispute per line"
    );
    let nowhere =
        json!({"attemptId": attempt, "submitted": "99999", "expected": null, "citation": "x"});
    assert_eq!(
        code(&app.gql(Some(&trainee), raise, json!({"i": nowhere})).await),
        "BAD_USER_INPUT"
    );
    let decision = json!({"disputeId": dispute, "accept": false, "reason": "Risk is moderate: prescription drug management, not high"});
    assert_eq!(
        code(
            &app.gql(Some(&trainee), resolve, json!({"i": decision}))
                .await
        ),
        "FORBIDDEN"
    );
    let b = app
        .gql(Some(&instructor), resolve, json!({"i": decision}))
        .await;
    assert_eq!(
        b["data"]["resolveDispute"]["dispute"]["status"], "REJECTED",
        "{b}"
    );
    let seen = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ disputes { status resolution } } }",
            json!({"id": attempt}),
        )
        .await;
    assert!(
        seen["data"]["attempt"]["disputes"][0]["resolution"]
            .as_str()
            .unwrap()
            .contains("moderate")
    );
    assert_eq!(app.audit_count("dispute.reject").await, 1);

    // Revising the key (Z79.84 made optional) re-grades the attempt against version 2.
    let mut revised = key.clone();
    for d in revised["diagnoses"].as_array_mut().unwrap() {
        if d["code"] == "Z79.84" {
            d["optional"] = json!(true);
        }
    }
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!,$k:JSON!){ reviseAnswerKey(input:{caseId:$id, key:$k, note:\"Z79.84 optional\"}){ answerKey { version } } }",
            json!({"id": case_id, "k": revised}),
        )
        .await;
    assert_eq!(
        b["data"]["reviseAnswerKey"]["answerKey"]["version"], 2,
        "{b}"
    );
    let regraded = app.gql(Some(&trainee), VIEW, json!({"id": attempt})).await;
    let r = &regraded["data"]["attempt"];
    assert_eq!(r["keyVersion"], 2, "{regraded}");
    let history = r["scoreHistory"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[1]["reason"].as_str().unwrap().contains("version 2"));
    assert_eq!(history[1]["keyVersion"], 1);
    assert!(
        !r["score"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["verdict"] == "MISSING" && l["expected"] == "Z7984")
    );

    // The set's policy applies: the right code with a wrong modifier earns nothing here.
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }",
            json!({"c": case_id}),
        )
        .await;
    let strict = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sub = json!({"diagnoses": [{"code": "E11.22"}], "procedures": [{"system": "CPT", "code": "99214", "modifiers": ["25"], "units": 1, "pointers": ["A"]}]});
    app.gql(Some(&trainee), SUBMIT, json!({"id": strict, "s": sub}))
        .await;
    let v = app.gql(Some(&trainee), VIEW, json!({"id": strict})).await;
    let line = v["data"]["attempt"]["score"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["submitted"] == "99214")
        .cloned()
        .unwrap();
    assert_eq!(line["verdict"], "PARTIAL", "{v}");
    let points = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ score { lines { submitted points } } } }",
            json!({"id": strict}),
        )
        .await;
    let p = points["data"]["attempt"]["score"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["submitted"] == "99214")
        .unwrap()["points"]
        .as_f64();
    assert_eq!(p, Some(0.0));
}
