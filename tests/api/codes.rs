//! Code sets over the API, on the full seeded tables: counts of billable ICD-10-CM codes by
//! date, headers, 7th characters, FY2027 deletions and additions, inherited notes, the search
//! examples, every validation status, and bad input.

use crate::helpers::{TestApp, code, field};
use practicum::domain::codes::System;
use practicum::service::codes::load_index;
use serde_json::{Value, json};

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn lookup(app: &TestApp, system: &str, c: &str, as_of: Option<&str>) -> Value {
    let b = app
        .gql(
            None,
            "query($s:CodeSystem!,$c:String!,$d:Date){ code(system:$s, code:$c, asOf:$d){ code display description billable validFrom validTo titlePending descriptorSource addOn parent { code } children { code billable } notes { kind text refs attachedTo } ageEdit { group minAge maxAge } } }",
            json!({"s": system, "c": c, "d": as_of}),
        )
        .await;
    assert!(b["errors"].is_null(), "{b}");
    b["data"]["code"].clone()
}

#[tokio::test]
async fn the_seeded_tables_answer_lookups_by_date() {
    let app = TestApp::spawn_with_codes().await;
    let idx = load_index(&app.db).await.unwrap();
    assert_eq!(
        idx.billable_count(System::Icd10Cm, date("2026-01-15")),
        74_719,
        "FY2026 billable count"
    );
    assert_eq!(
        idx.billable_count(System::Icd10Cm, date("2026-11-01")),
        74_879,
        "after the FY2027 update"
    );

    // Dotted or undotted, any case.
    let e1165 = lookup(&app, "ICD10CM", "e1165", None).await;
    assert_eq!(e1165["code"], "E11.65");
    assert_eq!(e1165["billable"], true);
    assert_eq!(e1165["parent"]["code"], "E11.6");
    // Notes inherited from the category (E11) and the chapter.
    let notes = e1165["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["kind"] == "excludes1"
            && n["attachedTo"] == "E11"
            && n["refs"][0] == "E10.-")
    );
    assert!(
        notes
            .iter()
            .any(|n| n["attachedTo"].as_str().unwrap().starts_with("CH"))
    );

    // A header is not billable and lists its children.
    let header = lookup(&app, "ICD10CM", "E11.6", None).await;
    assert_eq!(header["billable"], false);
    assert!(
        header["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "E11.65")
    );

    // 7th-character codes with placeholders.
    let ankle = lookup(&app, "ICD10CM", "S93.401A", None).await;
    assert_eq!(ankle["billable"], true, "{ankle}");
    assert!(lookup(&app, "ICD10CM", "S93.401", None).await["billable"] == false);

    // A code deleted for FY2027 is valid through 2026-09-30 only.
    let deleted = "SELECT code FROM code WHERE system = 'ICD10CM' AND valid_to IS NOT NULL AND billable = true ORDER BY code LIMIT 1";
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &app.db,
        sea_orm::Statement::from_string(app.db.get_database_backend(), deleted),
    )
    .await
    .unwrap()
    .unwrap();
    let gone: String = row.try_get("", "code").unwrap();
    assert!(
        lookup(&app, "ICD10CM", &gone, Some("2026-09-30"))
            .await
            .is_object()
    );
    assert!(
        lookup(&app, "ICD10CM", &gone, Some("2026-10-01"))
            .await
            .is_null()
    );
    assert_eq!(
        lookup(&app, "ICD10CM", &gone, None).await["validTo"],
        "2026-09-30"
    );

    // An FY2027 addition exists from 2026-10-01, its title marked pending.
    let added = lookup(&app, "ICD10CM", "C78.31", Some("2026-11-01")).await;
    assert_eq!(added["titlePending"], true);
    assert!(
        lookup(&app, "ICD10CM", "C78.31", Some("2026-01-15"))
            .await
            .is_null()
    );

    // Other systems.
    assert_eq!(
        lookup(&app, "ICD10PCS", "0dtj4zz", None).await["description"],
        "Resection of Appendix, Percutaneous Endoscopic Approach"
    );
    let cpt = lookup(&app, "CPT", "99213", None).await;
    assert_eq!(cpt["descriptorSource"], "PROJECT_SUMMARY");
    assert_eq!(lookup(&app, "CPT", "99292", None).await["addOn"], true);
    assert!(
        lookup(&app, "HCPCS", "J3301", None).await["description"]
            .as_str()
            .unwrap()
            .contains("10 mg")
    );
    assert_eq!(
        lookup(&app, "MODIFIER", "25", None).await["descriptorSource"],
        "PROJECT_SUMMARY"
    );
    assert_eq!(lookup(&app, "POS", "11", None).await["code"], "11");
    assert!(lookup(&app, "CARC", "45", None).await.is_object());
    assert!(lookup(&app, "RARC", "N362", None).await.is_object());
    assert!(
        lookup(&app, "MSDRG", "470", None).await["description"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("joint")
    );
    let newborn = lookup(&app, "ICD10CM", "A33", None).await;
    assert_eq!(newborn["ageEdit"]["group"], "Newborn", "{newborn}");
    assert!(lookup(&app, "CPT", "00000", None).await.is_null());
}

async fn search(app: &TestApp, q: &str, extra: Value) -> Value {
    let mut vars = json!({ "q": q, "d": "2026-01-15" });
    vars.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    app.gql(
        None,
        "query($q:String!,$d:Date,$s:[CodeSystem!],$b:Boolean,$f:Int,$a:String){ searchCodes(query:$q, asOf:$d, systems:$s, billableOnly:$b, first:$f, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { matchKind node { system code billable } } } }",
        vars,
    )
    .await
}

fn codes(body: &Value) -> Vec<String> {
    body["data"]["searchCodes"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn search_examples_and_bad_input() {
    let app = TestApp::spawn_with_codes().await;
    let e116 = search(&app, "E11.6", json!({})).await;
    let got = codes(&e116);
    assert_eq!(got[0], "E11.6");
    assert_eq!(
        e116["data"]["searchCodes"]["edges"][0]["matchKind"],
        "EXACT_CODE"
    );
    for child in ["E11.61", "E11.62", "E11.63", "E11.64", "E11.65", "E11.69"] {
        assert!(got.contains(&child.to_owned()), "{child} in {got:?}");
    }
    assert_eq!(
        codes(&search(&app, "type 2 diabetes hyperglycemia", json!({})).await)[0],
        "E11.65"
    );
    assert!(
        codes(&search(&app, "lap appendectomy", json!({})).await).contains(&"0DTJ4ZZ".to_owned())
    );
    let j = search(&app, "J3301", json!({})).await;
    assert_eq!(codes(&j)[0], "J3301");
    assert_eq!(
        j["data"]["searchCodes"]["edges"][0]["matchKind"],
        "EXACT_CODE"
    );
    assert!(codes(&search(&app, "htn", json!({})).await).contains(&"I10".to_owned()));

    // Filters and paging.
    let only_pcs = search(&app, "appendix", json!({"s": ["ICD10PCS"], "f": 5})).await;
    assert!(
        only_pcs["data"]["searchCodes"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["system"] == "ICD10PCS")
    );
    let page1 = search(&app, "fracture femur", json!({"b": true, "f": 10})).await;
    let total = page1["data"]["searchCodes"]["totalCount"].as_u64().unwrap();
    assert!(total > 10);
    assert!(
        page1["data"]["searchCodes"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["billable"] == true)
    );
    let cursor = page1["data"]["searchCodes"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap();
    let page2 = search(
        &app,
        "fracture femur",
        json!({"b": true, "f": 10, "a": cursor}),
    )
    .await;
    let (p1, p2) = (codes(&page1), codes(&page2));
    assert!(p2.iter().all(|c| !p1.contains(c)), "pages do not overlap");

    for (q, want_field) in [
        ("", "query"),
        ("   ", "query"),
        (&*"x".repeat(300), "query"),
    ] {
        let b = search(&app, q, json!({})).await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", want_field), "{b}");
    }
    let b = search(&app, "diabetes", json!({"f": 500})).await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "first"));
    let b = app
        .gql(
            None,
            "{ searchCodes(query:\"x\", systems:[NOPE]){ totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "unknown system");
    let b = app
        .gql(
            None,
            "{ code(system: ICD10CM, code: \"E11.6.5\"){ code } }",
            json!({}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "code"));
    let b = app
        .gql(
            None,
            "{ code(system: ICD10CM, code: \"E11\", asOf: \"2026-13-45\"){ code } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT");
}

#[tokio::test]
async fn validation_statuses_conflicts_and_hints() {
    let app = TestApp::spawn_with_codes().await;
    let q = "query($i:ValidateCodesInput!){ validateCodes(input:$i){ results { system code status message billableChildren { code } } excludes1Conflicts { code excluded note } sequencingHints { code kind note satisfied } } }";
    let input = json!({ "i": {
    "dateOfService": "2026-11-01", "patientAge": 40, "patientSex": "FEMALE",
    "codes": [
        {"system": "ICD10CM", "code": "E11.65"},
        {"system": "ICD10CM", "code": "E11.6"},
        {"system": "ICD10CM", "code": "E10.9"},
        {"system": "ICD10CM", "code": "Z99.999"},
        {"system": "ICD10CM", "code": "A33"},
        {"system": "ICD10CM", "code": "N40.0"},
        {"system": "CPT", "code": "99213"},
        {"system": "HCPCS", "code": "J3301"}
    ]}});
    let b = app.gql(None, q, input).await;
    let v = &b["data"]["validateCodes"];
    let statuses: Vec<&str> = v["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec![
            "VALID",
            "NOT_BILLABLE",
            "VALID",
            "UNKNOWN",
            "AGE_CONFLICT",
            "SEX_CONFLICT",
            "VALID",
            "VALID"
        ],
        "{b}"
    );
    assert!(
        v["results"][1]["billableChildren"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "E11.65")
    );
    let conflicts = v["excludes1Conflicts"].as_array().unwrap();
    assert!(
        conflicts
            .iter()
            .any(|c| c["code"] == "E11.65" && c["excluded"] == "E10.9"),
        "{conflicts:?}"
    );
    assert!(
        v["sequencingHints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["code"] == "E11.65" && h["kind"] == "useAdditionalCode")
    );

    // NOT_VALID_ON_DATE: an FY2027 addition on a 2026 date.
    let b = app
        .gql(None, q, json!({"i": {"dateOfService": "2026-01-15", "codes": [{"system": "ICD10CM", "code": "C78.31"}]}}))
        .await;
    assert_eq!(
        b["data"]["validateCodes"]["results"][0]["status"],
        "NOT_VALID_ON_DATE"
    );

    // Bad input names the field.
    let b = app
        .gql(None, q, json!({"i": {"dateOfService": "2026-01-15", "codes": [{"system": "ICD10CM", "code": "E11!"}]}}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "codes[0].code"));
    let b = app
        .gql(
            None,
            q,
            json!({"i": {"dateOfService": "2026-01-15", "patientAge": -3, "codes": []}}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "patientAge"));
}
