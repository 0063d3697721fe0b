//! Realism tiers (issue 26 item 2): every seeded case carries the tier its file states, the
//! `cases` query filters by it, an organization's import may leave it out (stored as none) and
//! export gives back what was imported, and the seed loader refuses a library file with a case
//! that states no tier, naming the case.

use crate::helpers::{TestApp, cases_file};
use practicum::domain::cases::{CaseSetFile, Tier};
use practicum::service::{case_import, cases, organization};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Cases of every seed file by tier ("NONE" for a case without one).
fn seed_tiers() -> BTreeMap<String, u64> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let file: CaseSetFile =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            for c in file.cases {
                let tier = c.tier.map_or("NONE", Tier::as_str);
                *out.entry(tier.to_owned()).or_default() += 1;
            }
        }
    }
    out
}

/// Slugs of the seed sets with a case of this tier, sorted.
fn seed_sets_with(tier: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let file: CaseSetFile =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            if file
                .cases
                .iter()
                .any(|c| c.tier.map(Tier::as_str) == Some(tier))
            {
                out.push(file.slug);
            }
        }
    }
    out.sort();
    out
}

const TIERED: &str = "query($t:CaseTier){ cases(filter:{tier:$t}, first:100){ totalCount edges { node { slug tier } } } }";

#[tokio::test]
async fn the_library_is_filtered_by_tier_as_its_files_state() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let expected = seed_tiers();
    assert_eq!(
        expected.get("NONE"),
        None,
        "every seeded case states a tier"
    );
    let all = app
        .gql(Some(&admin), "{ cases(first:1){ totalCount } }", json!({}))
        .await;
    let mut sum = 0;
    for tier in ["TEXTBOOK", "CLINIC", "REAL_WORLD"] {
        let b = app.gql(Some(&admin), TIERED, json!({"t": tier})).await;
        let want = expected.get(tier).copied().unwrap_or(0);
        assert_eq!(b["data"]["cases"]["totalCount"], want, "{tier}: {b}");
        for e in b["data"]["cases"]["edges"].as_array().unwrap() {
            assert_eq!(e["node"]["tier"], tier, "{e}");
        }
        sum += want;
    }
    assert_eq!(all["data"]["cases"]["totalCount"], sum, "{all}");
    // Case sets are found by the tier of their cases: TEXTBOOK drills sit in three sets.
    let sets = app
        .gql(
            Some(&admin),
            "{ caseSets(tier: TEXTBOOK) { edges { node { slug } } } }",
            json!({}),
        )
        .await;
    let mut slugs: Vec<&str> = sets["data"]["caseSets"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{sets}"))
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap())
        .collect();
    slugs.sort();
    assert_eq!(slugs, seed_sets_with("TEXTBOOK"), "{sets}");
    // The tier combines with the other filters, and a tier that is not one is refused.
    let b = app
        .gql(
            Some(&admin),
            "{ cases(filter:{tier:TEXTBOOK, setting:\"INPATIENT\"}){ totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(b["data"]["cases"]["totalCount"], 0, "{b}");
    let b = app.gql(Some(&admin), TIERED, json!({"t": "GOLD"})).await;
    assert!(
        b["errors"][0]["message"].as_str().unwrap().contains("GOLD"),
        "{b}"
    );
}

#[tokio::test]
async fn an_organizations_import_may_leave_the_tier_out_and_export_gives_back_the_file() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;
    let mut doc: Value = cases_file("cpc-surgery.json");
    doc["slug"] = json!("tier-mix");
    doc["visibility"] = json!("ORGANIZATION");
    let cases: Vec<Value> = doc["cases"].as_array().unwrap()[..3].to_vec();
    doc["cases"] = json!(cases);
    for (i, tier) in [json!("TEXTBOOK"), json!(null), json!("CLINIC")]
        .into_iter()
        .enumerate()
    {
        let c = &mut doc["cases"][i];
        c["slug"] = json!(format!("tier-mix-{i}"));
        match tier {
            Value::Null => {
                c.as_object_mut().unwrap().remove("tier");
            }
            t => c["tier"] = t,
        }
    }
    let b = app
        .gql(
            Some(&instructor),
            "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { cases { slug tier } } } }",
            json!({"o": org, "d": doc}),
        )
        .await;
    let got = &b["data"]["importCaseSet"]["caseSet"]["cases"];
    assert_eq!(got[0]["tier"], "TEXTBOOK", "{b}");
    assert_eq!(got[1]["tier"], Value::Null, "{b}");
    assert_eq!(got[2]["tier"], "CLINIC", "{b}");

    // Export gives back the tiers as imported (none where none was stated).
    let demo = organization::find_by_slug(&app.db, "demo-school")
        .await
        .unwrap();
    let set = cases::find_set_by_slug(&app.db, demo.id, "tier-mix")
        .await
        .unwrap();
    let exported = case_import::export(&app.db, &set).await.unwrap();
    let original: CaseSetFile = serde_json::from_value(doc).unwrap();
    assert_eq!(exported, original);
    assert_eq!(exported.cases[1].tier, None);

    // The organization's TEXTBOOK case is listed with the library's.
    let b = app
        .gql(Some(&instructor), TIERED, json!({"t": "TEXTBOOK"}))
        .await;
    let slugs: Vec<&str> = b["data"]["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"tier-mix-0"), "{b}");
    assert!(!slugs.contains(&"tier-mix-2"), "{b}");
}

#[tokio::test]
async fn the_seed_refuses_a_library_case_without_a_tier_and_names_it() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let mut doc = cases_file("cpc-surgery.json");
    doc["slug"] = json!("untiered-library");
    for (i, c) in doc["cases"].as_array_mut().unwrap().iter_mut().enumerate() {
        c["slug"] = json!(format!("untiered-{i}"));
    }
    doc["cases"][4].as_object_mut().unwrap().remove("tier");
    let dir =
        std::env::temp_dir().join(format!("practicum-tiers-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    std::fs::write(
        dir.join("cases/untiered-library.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();
    let err = practicum::seed::cases::load(&app.db, &dir)
        .await
        .expect_err("a library case without a tier is refused");
    std::fs::remove_dir_all(&dir).ok();
    let text = format!("{err:?}"); // as `practicum seed` prints it
    assert!(
        text.contains("cases/untiered-library.json")
            && text.contains("cases[4].tier")
            && text.contains("untiered-4"),
        "{text}"
    );
    let library = organization::find_by_slug(&app.db, "practicum-library")
        .await
        .unwrap();
    assert!(
        cases::find_set_by_slug(&app.db, library.id, "untiered-library")
            .await
            .is_err(),
        "nothing of the file is loaded"
    );
}
