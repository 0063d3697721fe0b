//! The case library: the seeded public library validates and round-trips; trainees read cases
//! but can reach no answer key by any query, alias or fragment; instructors import, revise
//! and publish, with per-line validation and the real-data guard.

use crate::helpers::{TestApp, code, field};
use practicum::domain::cases::CaseSetFile;
use practicum::service::{case_import, cases, codes::load_index, organization};
use serde_json::{Value, json};

fn seed_file(name: &str) -> CaseSetFile {
    let path = format!("{}/seed/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    case_import::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn first_case_id(app: &TestApp, token: &str, filter: Value) -> String {
    let b = app
        .gql(Some(token), "query($f:CaseFilterInput){ cases(filter:$f, first:1){ totalCount edges { node { id } } } }", json!({"f": filter}))
        .await;
    b["data"]["cases"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

#[tokio::test]
async fn the_seeded_library_validates_round_trips_and_hides_keys_from_trainees() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    // Every seeded key validates on its date of service, and export gives back the files.
    let index = load_index(&app.db).await.unwrap();
    let library = organization::find_by_slug(&app.db, "practicum-library")
        .await
        .unwrap();
    let mut total = 0;
    let mut drg_sets = Vec::new();
    for name in crate::helpers::library_files() {
        let name = name.as_str();
        let original = seed_file(name);
        if original
            .cases
            .iter()
            .any(|c| c.skill_tags.iter().any(|t| t == "CCS:DRG"))
        {
            drg_sets.push(original.slug.clone());
        }
        let set = cases::find_set_by_slug(&app.db, library.id, &original.slug)
            .await
            .unwrap();
        let exported = case_import::export(&app.db, &set).await.unwrap();
        assert!(
            case_import::check(&exported, &index).is_empty(),
            "{name} validates"
        );
        assert_eq!(exported, original, "{name} round-trips");
        total += exported.cases.len();
    }
    assert!(total >= 83, "{total} cases");

    let trainee = app.token("trainee").await;
    let list = app
        .gql(
            Some(&trainee),
            "{ cases(first: 5) { totalCount } caseSets { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(list["data"]["cases"]["totalCount"], total as u64, "{list}");
    assert_eq!(list["data"]["caseSets"]["totalCount"], library_sets());
    let filtered = app
        .gql(Some(&trainee), "{ drg: caseSets(skillTag: \"CCS:DRG\") { edges { node { slug } } } surgery: caseSets(text: \"Surgery\") { edges { node { slug } } } }", json!({}))
        .await;
    // The sets holding a case with the tag, and those whose title says "Surgery".
    let mut got: Vec<String> = filtered["data"]["drg"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
        .collect();
    got.sort();
    drg_sets.sort();
    assert_eq!(got, drg_sets, "{filtered}");
    let surgery: Vec<&str> = filtered["data"]["surgery"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap())
        .collect();
    assert!(surgery.contains(&"cpc-surgery"), "{filtered}");
    let inpatient = first_case_id(
        &app,
        &trainee,
        json!({"setting": "INPATIENT", "skillTag": "CCS:DRG"}),
    )
    .await;
    let case = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ title setting admissionDate dischargeStatus patient { lastName coverages { payer } } provider { npi } facility { name } documents { kind body } } }",
            json!({"id": inpatient}),
        )
        .await;
    assert_eq!(case["data"]["case"]["setting"], "INPATIENT", "{case}");
    assert!(
        case["data"]["case"]["documents"][0]["body"]
            .as_str()
            .unwrap()
            .len()
            > 500
    );

    // No path to a key: the Case and CaseSet types have no key field, answerKey is refused,
    // and no rationale text appears whatever is asked.
    let types = app
        .gql(Some(&trainee), "{ c: __type(name: \"Case\") { fields { name } } s: __type(name: \"CaseSet\") { fields { name } } }", json!({}))
        .await;
    for t in ["c", "s"] {
        for f in types["data"][t]["fields"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap().to_lowercase();
            assert!(
                !name.contains("key") && !name.contains("answer") && !name.contains("rationale"),
                "{name}"
            );
        }
    }
    let denied = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ k: answerKey(caseId:$id){ key } }",
            json!({"id": inpatient}),
        )
        .await;
    assert_eq!(code(&denied), "FORBIDDEN");
    assert!(denied["data"].is_null() || denied["data"]["k"].is_null());
    let everything = app
        .gql(
            Some(&trainee),
            "fragment F on Case { title documents { body } patient { lastName } } { caseSets { edges { node { cases { ...F } } } } a: cases(first: 100) { edges { node { ...F } } } }",
            json!({}),
        )
        .await;
    let text = everything.to_string();
    assert!(
        !text.contains("ICD-10-CM I.") && !text.contains("\"rationale\""),
        "no key text reaches a trainee"
    );

    // The library's keys belong to the platform: a school's instructor reads the current one to
    // teach from (issue #18 item 1; library_keys.rs proves the rest); an administrator reads it.
    let instructor = app.token("instructor").await;
    let b = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ answerKey(caseId:$id){ version current } }",
            json!({"id": inpatient}),
        )
        .await;
    assert_eq!(b["data"]["answerKey"][0]["current"], true, "{b}");
    let admin = app.token("admin").await;
    let b = app
        .gql(
            Some(&admin),
            "query($id:ID!){ answerKey(caseId:$id){ version current key } }",
            json!({"id": inpatient}),
        )
        .await;
    assert_eq!(b["data"]["answerKey"][0]["current"], true, "{b}");
    assert_eq!(
        b["data"]["answerKey"][0]["key"]["diagnoses"][0]["role"],
        "PRINCIPAL"
    );
}

const IMPORT: &str = "mutation($o:ID!,$d:JSON!,$p:Boolean){ importCaseSet(input:{organizationId:$o, document:$d, publish:$p}){ caseSet { id slug status cases { id slug status } } } }";

#[tokio::test]
async fn instructors_import_revise_and_publish_with_validation_and_the_real_data_guard() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let org = app.demo_org_id().await;
    let mut doc = seed_file("cpc-em-medicine.json");
    doc.slug = "evening-cohort-em".into();
    doc.visibility = practicum::domain::cases::Visibility::Organization;
    doc.cases.truncate(2);
    for c in &mut doc.cases {
        c.slug = format!("evening-{}", c.slug);
    }

    // Trainees may not import; an employer only a PRIVATE set (for its assessments).
    let b = app
        .gql(
            Some(&trainee),
            IMPORT,
            json!({"o": org, "d": doc, "p": false}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    let b = app
        .gql(
            Some(&app.token("employer").await),
            IMPORT,
            json!({"o": org, "d": doc, "p": false}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "pool"), "{b}");

    // A header code in the key is refused with the line at fault; nothing is stored.
    let mut bad = doc.clone();
    bad.cases[1].key.diagnoses[0].code = "E11.6".into();
    let b = app
        .gql(
            Some(&instructor),
            IMPORT,
            json!({"o": org, "d": bad, "p": false}),
        )
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "cases[1].key.diagnoses[0].code"),
        "{b}"
    );
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("header")
    );
    let sets = app
        .gql(Some(&instructor), "{ caseSets { totalCount } }", json!({}))
        .await;
    assert_eq!(
        sets["data"]["caseSets"]["totalCount"],
        library_sets(),
        "only the library"
    );

    // Real-looking identifiers block publishing, with the matches listed.
    let mut phi = doc.clone();
    phi.cases[0].documents[0]
        .body
        .push_str("\n\nPatient SSN 219-09-9999; daughter reachable at maria.quenby@gmail.com.");
    let b = app
        .gql(
            Some(&instructor),
            IMPORT,
            json!({"o": org, "d": phi, "p": true}),
        )
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "cases[0].documents[0]"),
        "{b}"
    );
    let msg = b["errors"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("219-09-9999") && msg.contains("gmail.com"),
        "{msg}"
    );

    // A draft import works; the organization's trainees do not see drafts.
    let ok = app
        .gql(
            Some(&instructor),
            IMPORT,
            json!({"o": org, "d": phi, "p": false}),
        )
        .await;
    let set = &ok["data"]["importCaseSet"]["caseSet"];
    assert_eq!(set["status"], "DRAFT", "{ok}");
    let dirty_case = set["cases"][0]["id"].as_str().unwrap().to_owned();
    let clean_case = set["cases"][1]["id"].as_str().unwrap().to_owned();
    let seen = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ title } }",
            json!({"id": clean_case}),
        )
        .await;
    assert_eq!(code(&seen), "NOT_FOUND");
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ publishCase(input:{id:$id}){ case { status } } }",
            json!({"id": dirty_case}),
        )
        .await;
    assert_eq!(
        code(&b),
        "BAD_USER_INPUT",
        "the guard runs on publish too: {b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ publishCase(input:{id:$id}){ case { status } } }",
            json!({"id": clean_case}),
        )
        .await;
    assert_eq!(
        b["data"]["publishCase"]["case"]["status"], "PUBLISHED",
        "{b}"
    );
    let seen = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ title } }",
            json!({"id": clean_case}),
        )
        .await;
    assert!(seen["data"]["case"]["title"].is_string(), "{seen}");

    // Revising the key: a pointer out of range names the line; a good revision becomes
    // version 2 and version 1 is kept.
    let versions = "query($id:ID!){ answerKey(caseId:$id){ version current note key } }";
    let v1 = app
        .gql(Some(&instructor), versions, json!({"id": clean_case}))
        .await;
    let mut key = v1["data"]["answerKey"][0]["key"].clone();
    key["procedures"][0]["pointers"] = json!(["L"]);
    let revise = "mutation($id:ID!,$k:JSON!,$n:String!){ reviseAnswerKey(input:{caseId:$id, key:$k, note:$n}){ answerKey { version current } } }";
    let b = app
        .gql(
            Some(&instructor),
            revise,
            json!({"id": clean_case, "k": key, "n": "bad pointer"}),
        )
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "key.procedures[0].pointers[0]"),
        "{b}"
    );
    let mut key = v1["data"]["answerKey"][0]["key"].clone();
    key["feedback"] = json!([{"ifCoded": {"system": "ICD10CM", "code": "R30.0"}, "message": "Dysuria is a symptom of the cystitis; do not code it separately."}]);
    let b = app
        .gql(
            Some(&instructor),
            revise,
            json!({"id": clean_case, "k": key, "n": "feedback for dysuria"}),
        )
        .await;
    assert_eq!(
        b["data"]["reviseAnswerKey"]["answerKey"]["version"], 2,
        "{b}"
    );
    let all = app
        .gql(Some(&instructor), versions, json!({"id": clean_case}))
        .await;
    let list = all["data"]["answerKey"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0]["version"].as_i64(), list[0]["current"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        (list[1]["version"].as_i64(), list[1]["current"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(app.audit_count("answer_key.revise").await, 1);
    let b = app
        .gql(
            Some(&trainee),
            revise,
            json!({"id": clean_case, "k": key, "n": "x"}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
}

#[tokio::test]
async fn cloning_saving_and_publishing_sets_with_role_checks() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let employer = app.token("employer").await;
    let sets = app
        .gql(
            Some(&instructor),
            "{ caseSets(first: 100) { edges { node { id slug } } } }",
            json!({}),
        )
        .await;
    let surgery = sets["data"]["caseSets"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["slug"] == "cpc-surgery")
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let library_case =
        first_case_id(&app, &instructor, json!({"skillTag": "CPC:SURGERY_40000"})).await;

    // Only authors of an organization clone, save and publish (an employer clones whole sets
    // only, into its assessment pool: see the integrity tests).
    for who in [&trainee] {
        let b = app
            .gql(
                Some(who),
                "mutation($id:ID!){ cloneCase(input:{id:$id}){ case { id } } }",
                json!({"id": library_case}),
            )
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
        let b = app
            .gql(
                Some(who),
                "mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { id } } }",
                json!({"id": surgery}),
            )
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
    }
    let b = app
        .gql(
            Some(&employer),
            "mutation($id:ID!){ cloneCase(input:{id:$id}){ case { id } } }",
            json!({"id": library_case}),
        )
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "an employer clones no single case: {b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { id } } }",
            json!({"id": surgery}),
        )
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "the library belongs to the platform: {b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ unpublishCase(input:{id:$id}){ case { id } } }",
            json!({"id": library_case}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");

    // Clone a library case: a draft of our own, key included.
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ cloneCase(input:{id:$id}){ case { id slug status } } }",
            json!({"id": library_case}),
        )
        .await;
    let copy = &b["data"]["cloneCase"]["case"];
    assert_eq!(copy["status"], "DRAFT", "{b}");
    assert!(copy["slug"].as_str().unwrap().ends_with("-copy"));
    let copy_id = copy["id"].as_str().unwrap().to_owned();
    let keys = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ answerKey(caseId:$id){ version key } }",
            json!({"id": copy_id}),
        )
        .await;
    assert_eq!(keys["data"]["answerKey"][0]["version"], 1, "{keys}");
    let seen = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ id } }",
            json!({"id": copy_id}),
        )
        .await;
    assert_eq!(code(&seen), "NOT_FOUND", "drafts are hidden from trainees");

    // Clone the whole surgery set: a private draft with all its cases.
    let b = app
        .gql(Some(&instructor), "mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { id slug visibility status cases { id } } } }", json!({"id": surgery}))
        .await;
    let set = &b["data"]["cloneCaseSet"]["caseSet"];
    assert_eq!(
        (set["visibility"].as_str(), set["status"].as_str()),
        (Some("PRIVATE"), Some("DRAFT")),
        "{b}"
    );
    assert_eq!(set["cases"].as_array().unwrap().len(), 17);
    let set_id = set["id"].as_str().unwrap().to_owned();

    // Save a new case into it, and refuse a bad one line by line.
    let mut doc = serde_json::to_value(&seed_file("cpc-em-medicine.json").cases[0]).unwrap();
    doc["slug"] = json!("night-clinic-cystitis");
    let save = "mutation($s:ID!,$d:JSON!){ saveCase(input:{caseSetId:$s, document:$d}){ case { id slug status } } }";
    let b = app
        .gql(Some(&instructor), save, json!({"s": set_id, "d": doc}))
        .await;
    assert_eq!(b["data"]["saveCase"]["case"]["status"], "DRAFT", "{b}");
    doc["key"]["diagnoses"][0]["code"] = json!("N30");
    let b = app
        .gql(Some(&instructor), save, json!({"s": set_id, "d": doc}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "key.diagnoses[0].code"),
        "{b}"
    );
    let b = app
        .gql(Some(&trainee), save, json!({"s": set_id, "d": doc}))
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "a trainee does not author: refused by role before the set is looked up"
    );

    // Publish the set: its 18 cases become readable by the organization's trainees (the set
    // itself stays private to the authors).
    let b = app
        .gql(Some(&instructor), "mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { status cases { id status } } } }", json!({"id": set_id}))
        .await;
    let published = &b["data"]["publishCaseSet"]["caseSet"];
    assert_eq!(published["status"], "PUBLISHED", "{b}");
    assert_eq!(published["cases"].as_array().unwrap().len(), 18);
    assert!(
        published["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "PUBLISHED")
    );
    let in_set = published["cases"][0]["id"].as_str().unwrap();
    let seen = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ status } }",
            json!({"id": in_set}),
        )
        .await;
    assert_eq!(seen["data"]["case"]["status"], "PUBLISHED", "{seen}");
    let b = app
        .gql(
            Some(&trainee),
            "mutation($id:ID!){ unpublishCaseSet(input:{id:$id}){ caseSet { status } } }",
            json!({"id": set_id}),
        )
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "a trainee does not author: refused by role before the set is looked up"
    );
    let b = app
        .gql(
            Some(&instructor),
            "mutation($id:ID!){ unpublishCaseSet(input:{id:$id}){ caseSet { status } } }",
            json!({"id": set_id}),
        )
        .await;
    assert_eq!(b["data"]["unpublishCaseSet"]["caseSet"]["status"], "DRAFT");
    assert_eq!(app.audit_count("case_set.publish").await, 1);
}

/// How many case-set files the seeded library has.
fn library_sets() -> u64 {
    std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count() as u64
}
