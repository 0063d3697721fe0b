//! What the authoring console relies on: an import refused for several reasons lists every
//! problem with the path it names in `extensions.problems` (shape errors too, at their path);
//! a case reads back as the document `saveCase` takes; the real-data guard's findings are
//! readable before publishing and are exactly what refuses the publish; an organization's own
//! sets, drafts included, are listed for its authors only.

use crate::helpers::{TestApp, code, field};
use practicum::domain::cases::{CaseSetFile, Visibility};
use practicum::service::case_import;
use serde_json::{Value, json};

const IMPORT: &str = "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d}){ caseSet { id status cases { id } } } }";
const SET_FINDINGS: &str = "query($id:ID!){ caseSetRealDataFindings(id:$id){ path message } }";
const CASE_FINDINGS: &str = "query($id:ID!){ caseRealDataFindings(id:$id){ path message } }";

fn school_file() -> CaseSetFile {
    let path = format!(
        "{}/seed/cases/cpc-em-medicine.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut doc = case_import::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc.slug = "authoring-em".into();
    doc.visibility = Visibility::Organization;
    doc.cases.truncate(2);
    for c in &mut doc.cases {
        c.slug = format!("authoring-{}", c.slug);
    }
    doc
}

fn problems(b: &Value) -> Vec<(String, String)> {
    b["errors"][0]["extensions"]["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems listed: {b}"))
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_import_lists_every_problem_by_path_and_shape_errors_name_theirs() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;

    // Two problems in two cases: both listed, each at its own path.
    let mut bad = school_file();
    bad.cases[1].key.diagnoses[0].code = "E11.6".into();
    bad.cases[0].coverages[0].payer = "no-such-payer".into();
    let b = app
        .gql(Some(&instructor), IMPORT, json!({"o": org, "d": bad}))
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "{b}");
    let listed = problems(&b);
    let at = |path: &str| {
        listed
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
    };
    assert!(
        at("cases[1].key.diagnoses[0].code").is_some_and(|m| m.contains("header")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|(p, _)| p.starts_with("cases[0].coverages[0]")),
        "{listed:?}"
    );
    assert_eq!(field(&b), listed[0].0, "extensions.field is the first path");

    // A value of the wrong shape is named by its path, not just "document".
    let mut shape = serde_json::to_value(school_file()).unwrap();
    shape["cases"][1]["setting"] = json!("SPACESHIP");
    let b = app
        .gql(Some(&instructor), IMPORT, json!({"o": org, "d": shape}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "cases[1].setting"),
        "{b}"
    );
    assert!(problems(&b)[0].1.contains("SPACESHIP"), "{b}");
    let mut extra = serde_json::to_value(school_file()).unwrap();
    extra["cases"][0]["key"]["diagnoses"][0]["colour"] = json!("red");
    let b = app
        .gql(Some(&instructor), IMPORT, json!({"o": org, "d": extra}))
        .await;
    assert_eq!(field(&b), "cases[0].key.diagnoses[0].colour", "{b}");
    assert!(problems(&b)[0].1.contains("colour"), "{b}");

    // Nothing was stored by the refused imports.
    let own = app
        .gql(
            Some(&instructor),
            "{ authoredCaseSets { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(own["data"]["authoredCaseSets"]["totalCount"], 0, "{own}");
}

#[tokio::test]
async fn real_data_findings_are_readable_before_publishing_and_are_what_refuses_it() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let org = app.demo_org_id().await;
    let mut file = school_file();
    file.cases[1].documents[0]
        .body
        .push_str("\n\nPatient SSN 219-09-9999.");
    let b = app
        .gql(Some(&instructor), IMPORT, json!({"o": org, "d": file}))
        .await;
    let set = b["data"]["importCaseSet"]["caseSet"].clone();
    assert_eq!(set["status"], "DRAFT", "{b}");
    let set_id = set["id"].as_str().unwrap().to_owned();
    let case_id = set["cases"][1]["id"].as_str().unwrap().to_owned();

    // The organization's authors list their sets, drafts included; the library is not theirs.
    let own = app
        .gql(
            Some(&instructor),
            "{ authoredCaseSets { totalCount nodes { id status } } }",
            json!({}),
        )
        .await;
    assert_eq!(own["data"]["authoredCaseSets"]["totalCount"], 1, "{own}");
    assert_eq!(
        own["data"]["authoredCaseSets"]["nodes"][0]["id"],
        set_id.as_str()
    );
    let b = app
        .gql(
            Some(&trainee),
            "{ authoredCaseSets { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");

    // The findings, by path, for the set and for the case; trainees read none.
    let b = app
        .gql(Some(&instructor), SET_FINDINGS, json!({"id": set_id}))
        .await;
    let found = b["data"]["caseSetRealDataFindings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(found.len(), 1, "{b}");
    assert_eq!(found[0]["path"], "cases[1].documents[0]");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("219-09-9999")
    );
    let b = app
        .gql(Some(&instructor), CASE_FINDINGS, json!({"id": case_id}))
        .await;
    assert_eq!(
        b["data"]["caseRealDataFindings"][0]["path"], "documents[0]",
        "{b}"
    );
    let b = app
        .gql(Some(&trainee), CASE_FINDINGS, json!({"id": case_id}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");

    // Publishing is refused with the same findings.
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { status } } }",
            json!({"id": set_id}),
        )
        .await;
    assert_eq!(
        problems(&b),
        vec![(
            "cases[1].documents[0]".to_owned(),
            found[0]["message"].as_str().unwrap().to_owned()
        )]
    );

    // The case reads back as a document; saved without the SSN, nothing is found and the set
    // publishes.
    let b = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ caseDocument(id:$id) }",
            json!({"id": case_id}),
        )
        .await;
    let mut doc = b["data"]["caseDocument"].clone();
    let body = doc["documents"][0]["body"].as_str().unwrap().to_owned();
    assert!(body.ends_with("Patient SSN 219-09-9999."), "{b}");
    doc["documents"][0]["body"] = json!(body.replace("\n\nPatient SSN 219-09-9999.", ""));
    doc["key"]["diagnoses"][0]["rationale"] = json!("Rewritten by the author.");
    let b = app
        .gql(
            Some(&instructor),
            "mutation($s:ID!,$d:JSON!){ saveCase(input:{caseSetId:$s, document:$d}){ case { id } } }",
            json!({"s": set_id, "d": doc}),
        )
        .await;
    assert_eq!(b["data"]["saveCase"]["case"]["id"], case_id.as_str(), "{b}");
    let b = app
        .gql(Some(&instructor), SET_FINDINGS, json!({"id": set_id}))
        .await;
    assert_eq!(b["data"]["caseSetRealDataFindings"], json!([]), "{b}");
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { status } } }",
            json!({"id": set_id}),
        )
        .await;
    assert_eq!(
        b["data"]["publishCaseSet"]["caseSet"]["status"], "PUBLISHED",
        "{b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ caseDocument(id:$id) }",
            json!({"id": case_id}),
        )
        .await;
    assert_eq!(
        b["data"]["caseDocument"]["key"]["diagnoses"][0]["rationale"],
        "Rewritten by the author."
    );
}
