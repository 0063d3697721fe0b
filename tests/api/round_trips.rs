//! SQL round trips are bounded: reading a case set, a page of cases or a page of claims with
//! every nested child (documents, patient and coverages, provider, facility; remittances and
//! appeals) costs about the same number of statements for 50 parents as for one: one query
//! per kind of child, not one per parent. The statements are counted on the server's own
//! database connection. The batch loaders gather keys for 1 ms, so a scheduler stall may
//! split a batch in two: the bound allows one extra statement per kind of child.

use crate::helpers::{TestApp, cases_file, paid_claim};
use practicum::domain::cases::CaseSetFile;
use practicum::domain::codes::index::CodeIndex;
use practicum::service::case_import;
use practicum::service::codes::load_index;
use serde_json::{Value, json};

const CASE_FIELDS: &str = "id slug documents { title } patient { lastName coverages { payer } } provider { npi } facility { name }";

/// Kinds of child a case has (documents, patient, coverages, provider, facility) and a claim
/// has (remittances, appeals): the most a split batch can add.
const CASE_CHILDREN: usize = 5;
const CLAIM_CHILDREN: usize = 2;

/// An import document of `n` copies of a seeded case, each with its own slug.
fn set_of(n: usize, slug: &str) -> Value {
    let mut file = cases_file("cpc-surgery.json");
    let case = file["cases"][0].clone();
    file["slug"] = json!(slug);
    // An organization's own set (the public library is the platform's).
    file["visibility"] = json!("ORGANIZATION");
    file["cases"] = (0..n)
        .map(|i| {
            let mut c = case.clone();
            c["slug"] = json!(format!("{slug}-{i}"));
            c
        })
        .collect();
    file
}

/// Imports a case set through the command line's importer (50 cases exceed the API's 64 KiB
/// body limit) and returns its id.
async fn import(app: &TestApp, index: &CodeIndex, org: &str, doc: Value) -> String {
    let file: CaseSetFile = serde_json::from_value(doc).unwrap();
    let org: i32 = org.parse().unwrap();
    let set = case_import::import(&app.db, index, org, None, &file, true)
        .await
        .unwrap_or_else(|e| panic!("import failed: {e:?}"));
    set.id.to_string()
}

/// The statements for one read, after checking it returned `n` parents without errors.
async fn cost(
    app: &TestApp,
    token: &str,
    query: &str,
    vars: Value,
    n: usize,
    list: &[&str],
) -> usize {
    let (body, statements) = app.gql_counted(Some(token), query, vars).await;
    assert!(body["errors"].is_null(), "{body}");
    let items = list
        .iter()
        .fold(&body["data"], |v, k| &v[*k])
        .as_array()
        .unwrap_or_else(|| panic!("no list in {body}"));
    assert_eq!(items.len(), n, "{body}");
    statements
}

#[tokio::test]
async fn nested_reads_cost_the_same_statements_for_one_and_for_fifty_parents() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;

    // A case set with its cases and all their children.
    let index = load_index(&app.db).await.unwrap();
    let one = import(&app, &index, &org, set_of(1, "rt-one")).await;
    let fifty = import(&app, &index, &org, set_of(50, "rt-fifty")).await;
    let q = format!("query($id:ID!){{ caseSet(id:$id){{ title cases {{ {CASE_FIELDS} }} }} }}");
    let path = ["caseSet", "cases"];
    let c1 = cost(&app, &instructor, &q, json!({"id": one}), 1, &path).await;
    let c50 = cost(&app, &instructor, &q, json!({"id": fifty}), 50, &path).await;
    assert!(
        c50 <= c1 + CASE_CHILDREN,
        "a case set of 50 cost {c50} statements, of 1 cost {c1}"
    );
    assert!(
        c50 <= 12,
        "a case set with its children cost {c50} statements"
    );

    // A page of cases.
    let q = format!(
        "query($n:Int!,$t:String){{ cases(first:$n, filter:{{text:$t}}){{ edges {{ node {{ {CASE_FIELDS} }} }} }} }}"
    );
    let path = ["cases", "edges"];
    // Copies of one case, so that both pages hold the same kinds of children.
    let title = set_of(1, "title")["cases"][0]["title"].clone();
    let p1 = cost(&app, &instructor, &q, json!({"n": 1, "t": title}), 1, &path).await;
    let p50 = cost(
        &app,
        &instructor,
        &q,
        json!({"n": 50, "t": title}),
        50,
        &path,
    )
    .await;
    assert!(
        p50 <= p1 + CASE_CHILDREN,
        "a page of 50 cases cost {p50} statements, of 1 cost {p1}"
    );

    // A page of claims with their remittances and appeals.
    let trainee = app.token("trainee").await;
    let case = cases_file("cpc-surgery.json")["cases"][0].clone();
    for _ in 0..50 {
        paid_claim(&app, &trainee, &case).await;
    }
    let q = "query($n:Int!){ claims(first:$n){ edges { node { id status remittance { status paid } remittances { claimNumber lines { paid } } appeals { line } } } } }";
    let path = ["claims", "edges"];
    let k1 = cost(&app, &trainee, q, json!({"n": 1}), 1, &path).await;
    let k50 = cost(&app, &trainee, q, json!({"n": 50}), 50, &path).await;
    assert!(
        k50 <= k1 + CLAIM_CHILDREN,
        "a page of 50 claims cost {k50} statements, of 1 cost {k1}"
    );
    assert!(
        k50 <= 8,
        "a page of claims with remittances cost {k50} statements"
    );
}
