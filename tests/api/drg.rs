//! MS-DRG wherever a DRG appears: an inpatient key is saved only if its codes group to its
//! expected DRG, unless the author keeps the DRG with a written reason (kept with the key).

use crate::helpers::{TestApp, cases_file, code, field};
use serde_json::{Value, json};

async fn private_ccs_set(app: &TestApp, instructor: &str) -> String {
    let sets = app
        .gql(
            Some(instructor),
            "{ caseSets { edges { node { id slug } } } }",
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
