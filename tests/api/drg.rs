//! MS-DRG wherever a DRG appears: an inpatient key is saved only if its codes group to its
//! expected DRG, unless the author keeps the DRG with a written reason (kept with the key).

use crate::helpers::{TestApp, cases_file, code, field};
use serde_json::{Value, json};

async fn private_ccs_set(app: &TestApp, instructor: &str) -> String {
    let sets = app
        .gql(
            Some(instructor),
            "{ caseSets(first: 100) { edges { node { id slug } } } }",
            json!({}),
        )
        .await;
    let ccs = sets["data"]["caseSets"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["slug"] == "ccs-inpatient")
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let b = app
        .gql(
            Some(instructor),
            "mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { id } } }",
            json!({"id": ccs}),
        )
        .await;
    b["data"]["cloneCaseSet"]["caseSet"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

const SAVE: &str =
    "mutation($s:ID!,$d:JSON!){ saveCase(input:{caseSetId:$s, document:$d}){ case { id } } }";

#[tokio::test]
async fn an_inpatient_key_must_group_to_its_expected_drg_or_say_why_not() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let set = private_ccs_set(&app, &instructor).await;
    // The sepsis case: A40.3 with J13, R65.20 and N17.9 groups to 871 (sepsis with MCC).
    let mut doc: Value = cases_file("ccs-inpatient.json")["cases"][0].clone();
    doc["slug"] = json!("sepsis-drg-check");
    assert_eq!(doc["key"]["expectedDrg"], "871");
    doc["key"]["expectedDrg"] = json!("872");
    let b = app
        .gql(Some(&instructor), SAVE, json!({"s": set, "d": doc}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "key.expectedDrg"),
        "{b}"
    );
    let message = b["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("MS-DRG 871"), "{message}");
    assert!(
        message.contains("MCC from"),
        "the refusal carries the grouper's trace: {message}"
    );

    // A reason too short to explain anything is refused too.
    doc["key"]["drgOverrideReason"] = json!("trust me");
    let b = app
        .gql(Some(&instructor), SAVE, json!({"s": set, "d": doc}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "key.drgOverrideReason"),
        "{b}"
    );

    // With a written reason the author keeps the DRG, and the reason stays with the key.
    let reason = "Teaching variant: this exercise asks trainees to argue the MCC away.";
    doc["key"]["drgOverrideReason"] = json!(reason);
    let b = app
        .gql(Some(&instructor), SAVE, json!({"s": set, "d": doc}))
        .await;
    let id = b["data"]["saveCase"]["case"]["id"]
        .as_str()
        .expect("saved")
        .to_owned();
    let keys = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ answerKey(caseId:$id){ key } }",
            json!({"id": id}),
        )
        .await;
    let key = &keys["data"]["answerKey"][0]["key"];
    assert_eq!(
        (
            key["expectedDrg"].as_str(),
            key["drgOverrideReason"].as_str()
        ),
        (Some("872"), Some(reason)),
        "{keys}"
    );

    // The right DRG needs no reason.
    doc["key"]["expectedDrg"] = json!("871");
    doc["key"]["drgOverrideReason"] = Value::Null;
    doc["slug"] = json!("sepsis-drg-right");
    let b = app
        .gql(Some(&instructor), SAVE, json!({"s": set, "d": doc}))
        .await;
    assert!(b["data"]["saveCase"]["case"]["id"].is_string(), "{b}");
}

const GROUP: &str = "query($i:GroupDrgInput!){ groupDrg(input:$i){ version drg title mdc drgType severity returnCode initialDrg weight gmlos weightBasis secondaryDiagnoses { code level counted } decidingCodes trace { step detail codes } } }";

#[tokio::test]
async fn group_drg_answers_every_signed_in_user_with_the_drg_its_weight_and_the_reasoning() {
    let app = TestApp::spawn().await.with_demo().await;
    let input = json!({
        "dischargeDate": "2026-05-02", "age": 78, "sex": "FEMALE", "dischargeStatus": "01",
        "principalDiagnosis": {"code": "I50.21", "poa": "Y"},
        "secondaryDiagnoses": [{"code": "E87.1", "poa": "Y"}, {"code": "T80.211A", "poa": "N"}],
    });
    let b = app.gql(None, GROUP, json!({"i": input})).await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    for who in ["trainee", "instructor", "employer", "admin"] {
        let token = app.token(who).await;
        let b = app.gql(Some(&token), GROUP, json!({"i": input})).await;
        let g = &b["data"]["groupDrg"];
        // E87.1 is a CC; the CLABSI (HAC 07) not present on admission does not count.
        assert_eq!(
            (g["drg"].as_str(), g["mdc"].as_str(), g["version"].as_str()),
            (Some("292"), Some("05"), Some("43.1")),
            "{b}"
        );
        assert_eq!(
            (g["drgType"].as_str(), g["severity"].as_str()),
            (Some("MEDICAL"), Some("CC"))
        );
        assert_eq!(g["weightBasis"], "FY2026_TABLE_5");
        assert!(g["weight"].as_f64().unwrap() > 0.5 && g["gmlos"].as_f64().unwrap() > 1.0);
        let levels = g["secondaryDiagnoses"].as_array().unwrap();
        assert!(
            levels
                .iter()
                .any(|l| l["code"] == "T80.211A" && l["counted"] == "HAC"),
            "{g}"
        );
        assert!(
            g["trace"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["step"] == "SEVERITY" && s["codes"][0] == "E87.1"),
            "{g}"
        );
    }

    // Without the CC, and in v44 (FY2027), where weights are simulated.
    let token = app.token("trainee").await;
    let mut v44 = input.clone();
    v44["dischargeDate"] = json!("2026-11-15");
    v44["secondaryDiagnoses"] = json!([]);
    let b = app.gql(Some(&token), GROUP, json!({"i": v44})).await;
    let g = &b["data"]["groupDrg"];
    assert_eq!(
        (
            g["drg"].as_str(),
            g["version"].as_str(),
            g["weightBasis"].as_str()
        ),
        (Some("293"), Some("44.0"), Some("FY2026_CARRIED_FORWARD")),
        "{b}"
    );

    // Bad input names its field.
    for (path, value, want) in [
        ("dischargeDate", json!("2024-01-01"), "dischargeDate"),
        ("dischargeStatus", json!("99"), "dischargeStatus"),
        ("age", json!(130), "age"),
        (
            "secondaryDiagnoses",
            json!([{"code": "E87.1", "poa": "X"}]),
            "secondaryDiagnoses[0].poa",
        ),
        ("procedures", json!(["0DTJ4Z"]), "procedures[0]"),
        (
            "principalDiagnosis",
            json!({"code": "I50;21"}),
            "principalDiagnosis.code",
        ),
    ] {
        let mut bad = input.clone();
        bad[path] = value;
        let b = app.gql(Some(&token), GROUP, json!({"i": bad})).await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", want), "{b}");
    }
    // An invalid principal diagnosis is not an input error: it groups to 999, as CMS's grouper does.
    let mut bad = input.clone();
    bad["principalDiagnosis"] = json!({"code": "I50", "poa": "Y"});
    let b = app.gql(Some(&token), GROUP, json!({"i": bad})).await;
    assert_eq!(
        (
            b["data"]["groupDrg"]["drg"].as_str(),
            b["data"]["groupDrg"]["returnCode"].as_str()
        ),
        (Some("999"), Some("INVALID_PDX")),
        "{b}"
    );
}

const START: &str = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { score { percent lines { kind verdict submitted expected } typedDrg { verdict submitted expected rationale } drg { version keyDrg traineeDrg keyWeight traineeWeight baseRateCents keyPaymentCents traineePaymentCents differenceCents reasons } } } } }";

#[tokio::test]
async fn the_score_report_shows_the_grouped_drg_and_the_money_a_missed_mcc_costs() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = crate::helpers::case_id(&app, "ccs-ip-pneumonia-severe-malnutrition").await;
    // The key: J18.9 with E43 (MCC), E87.1 (CC) and I10 -> DRG 193. The trainee misses E43
    // and types the key's DRG anyway.
    let submission = json!({
        "diagnoses": [{"code": "J18.9", "poa": "Y"}, {"code": "E87.1", "poa": "Y"}, {"code": "I10", "poa": "Y"}],
        "procedures": [], "pcs": [], "drg": "193",
    });
    let b = app.gql(Some(&trainee), START, json!({"c": case})).await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": attempt, "s": submission}),
        )
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    let drg_line = score["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "DRG")
        .unwrap();
    assert_eq!(
        (
            drg_line["submitted"].as_str(),
            drg_line["expected"].as_str(),
            drg_line["verdict"].as_str()
        ),
        (Some("194"), Some("193"), Some("MISSING")),
        "{b}"
    );
    // The typed DRG is its own practice line: right, though the codes say otherwise.
    let typed = &score["typedDrg"];
    assert_eq!(
        (typed["verdict"].as_str(), typed["submitted"].as_str()),
        (Some("CORRECT"), Some("193")),
        "{b}"
    );
    assert!(
        typed["rationale"]
            .as_str()
            .unwrap()
            .contains("group to DRG 194")
    );
    let d = &score["drg"];
    assert_eq!(
        (
            d["keyDrg"].as_str(),
            d["traineeDrg"].as_str(),
            d["version"].as_str()
        ),
        (Some("193"), Some("194"), Some("43.1"))
    );
    let (kw, tw) = (
        d["keyWeight"].as_f64().unwrap(),
        d["traineeWeight"].as_f64().unwrap(),
    );
    assert_eq!(d["baseRateCents"], 740_000);
    assert_eq!(
        d["keyPaymentCents"].as_i64().unwrap(),
        (kw * 740_000.0).round() as i64
    );
    assert_eq!(
        d["traineePaymentCents"].as_i64().unwrap(),
        (tw * 740_000.0).round() as i64
    );
    let diff = d["differenceCents"].as_i64().unwrap();
    assert!(
        diff < 0
            && diff
                == d["traineePaymentCents"].as_i64().unwrap()
                    - d["keyPaymentCents"].as_i64().unwrap(),
        "{d}"
    );
    let reasons: Vec<&str> = d["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("E43 not coded: a CC instead of an MCC")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("DRG 194 instead of 193: −$")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn an_inpatient_claim_is_paid_on_the_drg_its_codes_group_to_never_on_a_typed_one() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = crate::helpers::case_id(&app, "ccs-ip-pneumonia-severe-malnutrition").await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id payer } } }",
            json!({"c": case}),
        )
        .await;
    let claim = &b["data"]["createClaim"]["claim"];
    // The seed bills this Medicare inpatient stay to Part A.
    assert_eq!(claim["payer"], "medicare-part-a", "{b}");
    let id = claim["id"].clone();
    let lines = json!([
        {"code": "", "units": 5, "revenueCode": "0120", "chargeCents": 2_500_000},
        {"code": "", "units": 1, "revenueCode": "0250", "chargeCents": 1_500_000}
    ]);
    let upd = "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!],$drg:String){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l, drg:$drg}){ claim { id } } }";
    let dx = json!([{"code": "J18.9", "poa": "Y"}, {"code": "E43", "poa": "Y"}, {"code": "E87.1", "poa": "Y"}, {"code": "I10", "poa": "Y"}]);
    // A heart transplant typed into FL 71 pays nothing extra.
    let b = app
        .gql(
            Some(&trainee),
            upd,
            json!({"id": id, "d": dx, "l": lines, "drg": "001"}),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");
    let submit = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { status remittance { status allowed paid patientResponsibility drg { version groupedDrg typedDrg weight title message } trace } } } }";
    let b = app.gql(Some(&trainee), submit, json!({"id": id})).await;
    let r = &b["data"]["submitClaim"]["claim"]["remittance"];
    let d = &r["drg"];
    assert_eq!(
        (
            d["groupedDrg"].as_str(),
            d["typedDrg"].as_str(),
            d["version"].as_str()
        ),
        (Some("193"), Some("001"), Some("43.1")),
        "{b}"
    );
    let w = d["weight"].as_f64().unwrap();
    assert!(
        w > 1.0 && w < 2.0,
        "DRG 193's weight, not DRG 001's 28: {w}"
    );
    assert_eq!(
        r["allowed"].as_i64().unwrap(),
        (w * 740_000.0).round() as i64,
        "{r}"
    );
    // The 2026 Part A inpatient deductible.
    assert_eq!(r["patientResponsibility"], 173_600);
    assert!(d["message"].as_str().unwrap().contains("carried DRG 001"));
    assert!(
        r["trace"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("DRG_VALIDATION")),
        "{r}"
    );
}
