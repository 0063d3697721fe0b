//! The HTTP edge: body cap (413), depth and complexity limits, batches, content types,
//! malformed JSON and out-of-range numbers get client errors with a code, never a 5xx; the
//! health check and GraphiQL answer.

use crate::helpers::{TestApp, code};
use serde_json::{Value, json};

async fn post_raw(app: &TestApp, content_type: &str, body: Vec<u8>) -> (u16, String) {
    let resp = app
        .client
        .post(format!("{}/graphql", app.url))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_413_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let padding = " ".repeat(64 * 1024);
    let big = format!(r#"{{"query":"{{ __typename }}{padding}"}}"#).into_bytes();
    let (status, text) = post_raw(&app, "application/json", big).await;
    assert_eq!(status, 413);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(code(&v), "BAD_USER_INPUT", "{text}");
    let small = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(small["data"]["__typename"], "QueryRoot");
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_code() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("application/json", b"{not json".to_vec(), 400),
        ("application/json", vec![0xff, 0xfe, 0x7b, 0x7d], 400),
        (
            "application/json",
            br#"[{"query":"{ __typename }"},{"query":"{ __typename }"}]"#.to_vec(),
            400,
        ),
        ("text/plain", br#"{"query":"{ __typename }"}"#.to_vec(), 415),
        (
            "application/x-www-form-urlencoded",
            b"query=%7B__typename%7D".to_vec(),
            415,
        ),
    ];
    for (ct, body, want) in cases {
        let (status, text) = post_raw(&app, ct, body).await;
        assert_eq!(status, want, "{ct}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(code(&v), "BAD_USER_INPUT");
    }
}

#[tokio::test]
async fn a_query_deeper_than_15_is_refused() {
    let app = TestApp::spawn().await;
    let mut q = String::from("__typename");
    for _ in 0..5 {
        q = format!("organization {{ members(first: 1) {{ edges {{ node {{ {q} }} }} }} }}");
    }
    let body = app
        .gql(None, &format!("{{ me {{ {q} }} }}"), json!({}))
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("nested too deep"),
        "{body}"
    );
}

#[tokio::test]
async fn an_alias_flood_exceeds_the_complexity_limit() {
    let app = TestApp::spawn().await;
    let fields: String = (0..60)
        .map(|i| format!("a{i}: organizations(first: 100) {{ edges {{ node {{ id name }} }} }} "))
        .collect();
    let body = app.gql(None, &format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("complex"),
        "{body}"
    );
}

#[tokio::test]
async fn out_of_range_numbers_and_wrong_types_are_client_errors() {
    let app = TestApp::spawn().await.with_demo().await;
    let t = app.token("admin").await;
    let org = app.demo_org_id().await;
    for q in [
        format!(
            "{{ organization(id: \"{org}\") {{ members(first: 99999999999) {{ totalCount }} }} }}"
        ),
        format!("{{ organization(id: \"{org}\") {{ members(first: \"ten\") {{ totalCount }} }} }}"),
        "{ organization(id: \"-5\") { name } }".to_owned(),
        "{ nosuchfield }".to_owned(),
    ] {
        let body = app.gql(Some(&t), &q, json!({})).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{q}: {body}");
    }
}

#[tokio::test]
async fn health_reports_the_database_and_graphiql_is_served() {
    let app = TestApp::spawn().await;
    let resp = app
        .client
        .get(format!("{}/health", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v, json!({ "status": "ok", "database": "ok" }));

    let page = app
        .client
        .get(format!("{}/graphql", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("GraphiQL.createFetcher"), "{html}");
    // Every script and style the page needs is served locally (works without internet).
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(html.contains(&format!("/graphiql/{asset}")), "{asset}");
        let r = app
            .client
            .get(format!("{}/graphiql/{asset}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{asset}");
        assert!(r.bytes().await.unwrap().len() > 5_000, "{asset}");
    }
    assert!(!html.contains("https://"), "no CDN reference");

    let missing = app
        .client
        .get(format!("{}/nope", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn introspection_and_graphiql_can_be_switched_off() {
    let app = TestApp::spawn_with(|s| s.playground = false).await;
    let page = app
        .client
        .get(format!("{}/graphql", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    let body = app
        .gql(None, "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(
        body["data"].is_null() || body["data"]["__schema"].is_null(),
        "{body}"
    );
}

#[tokio::test]
async fn a_thousand_logins_in_one_request_are_refused_before_any_hashing() {
    let app = TestApp::spawn().await.with_demo().await;
    let logins: String = (0..1000)
        .map(|i| format!("a{i}:login(input:$i){{accessToken}} "))
        .collect();
    let creds = json!({"i": {"email": "admin@practicum.test", "password": "practicum-demo"}});
    let body = app
        .gql(
            None,
            &format!("mutation($i:LoginInput!){{ {logins} }}"),
            creds,
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 5 mutation fields")
    );
    assert_eq!(app.audit_count("account.login").await, 0, "nothing ran");
    // Fragments count too; five are fine.
    let via_fragment = "mutation { ...F } fragment F on MutationRoot { a:logout(input:{refreshToken:\"x\"}){revoked} b:logout(input:{refreshToken:\"x\"}){revoked} c:logout(input:{refreshToken:\"x\"}){revoked} d:logout(input:{refreshToken:\"x\"}){revoked} e:logout(input:{refreshToken:\"x\"}){revoked} f:logout(input:{refreshToken:\"x\"}){revoked} }";
    assert_eq!(
        code(&app.gql(None, via_fragment, json!({})).await),
        "BAD_USER_INPUT"
    );
    let two = "mutation { a:login(input:{email:\"admin@practicum.test\",password:\"practicum-demo\"}){accessToken} b:login(input:{email:\"trainee@practicum.test\",password:\"practicum-demo\"}){accessToken} }";
    let ok = app.gql(None, two, json!({})).await;
    assert!(
        ok["data"]["a"]["accessToken"].is_string() && ok["data"]["b"]["accessToken"].is_string(),
        "{ok}"
    );
}

#[tokio::test]
async fn the_benchmark_ceiling_answers_only_when_switched_on() {
    let ask = |app: &TestApp| {
        app.client
            .post(format!("{}/bench/ceiling", app.url))
            .header("Content-Type", "application/json")
            .body(r#"{"query":"{ __typename }"}"#)
            .send()
    };
    let off = TestApp::spawn().await;
    assert_eq!(ask(&off).await.unwrap().status(), 404);
    let on = TestApp::spawn_with(|s| s.bench_ceiling = true).await;
    let resp = ask(&on).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body, json!({"data": {"__typename": "QueryRoot"}}));
}

/// The server's resident memory, from /proc (the server runs in this process).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap()
}

/// Every kind of hostile request at once, many times over, while a client keeps asking a
/// normal question: each hostile one gets a client error (never a 5xx), each normal one its
/// answer, and the server's memory does not grow without bound.
#[tokio::test]
async fn a_barrage_of_hostile_requests_gets_client_errors_while_normal_ones_are_served() {
    let app = TestApp::spawn().await.with_demo().await;
    let json = "application/json";
    let nested_selection = format!("{}{}", "{ a ".repeat(5_000), "}".repeat(5_000));
    let nested_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let huge_list: Vec<Value> = (0..1_800)
        .map(|_| json!({"system": "ICD10CM", "code": "A"}))
        .collect();
    let huge_list = json!({"query": "query($c:[CodeInput!]!){ validateCodes(input:{codes:$c, dateOfService:\"2026-01-01\"}){ results { status } } }", "variables": {"c": huge_list}});
    let aliases: String = (0..4_000).map(|i| format!("a{i}:__typename ")).collect();
    let systems = vec!["ICD10CM"; 6_000].join(",");
    let logins: String = (0..1_000)
        .map(|i| format!("l{i}:login(input:{{email:\"admin@practicum.test\",password:\"x\"}}){{accessToken}} "))
        .collect();
    let hostile: Vec<(&str, Vec<u8>)> = vec![
        (json, vec![b' '; 70 * 1024]),
        (json, json!({"query": nested_selection}).to_string().into_bytes()),
        (json, format!(r#"{{"query":"{{ __typename }}","variables":{nested_json}}}"#).into_bytes()),
        (json, serde_json::to_vec(&huge_list).unwrap()),
        (json, json!({"query": format!("{{ {aliases} }}")}).to_string().into_bytes()),
        (json, json!({"query": format!("mutation {{ {logins} }}")}).to_string().into_bytes()),
        (json, b"{\"query\":\"{ code(system: ICD10CM, code: \\\"\xff\xfe\\\") { code } }\"}".to_vec()),
        (json, json!({"query": format!("{{ searchCodes(query:\"a\", systems:[{systems}]) {{ totalCount }} }}")}).to_string().into_bytes()),
        (json, br#"[{"query":"{ __typename }"}]"#.to_vec()),
        (json, br#"{"query":"{ cases(first: 1e400) { totalCount } }"}"#.to_vec()),
        (json, br#"{"query":"{ searchCodes(query: \"a\", first: 2147483648) { totalCount } }"}"#.to_vec()),
        ("text/plain", br#"{"query":"{ __typename }"}"#.to_vec()),
        ("application/xml", b"<query/>".to_vec()),
    ];
    let before = resident_kib();
    for _round in 0..5 {
        let attacks = hostile
            .iter()
            .map(|(ct, body)| post_raw(&app, ct, body.clone()));
        let normal = (0..20).map(|_| app.gql(None, "{ __typename }", json!({})));
        let (answers, served) = futures::join!(
            futures::future::join_all(attacks),
            futures::future::join_all(normal)
        );
        for ((ct, body), (status, text)) in hostile.iter().zip(answers) {
            let head = String::from_utf8_lossy(&body[..body.len().min(80)]).to_string();
            assert!(status < 500, "{ct} {head}: {status} {text}");
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{head}: {text}"));
            for e in v["errors"].as_array().into_iter().flatten() {
                let c = e["extensions"]["code"].as_str().unwrap_or("none");
                assert!(c != "INTERNAL" && c != "none", "{head}: {text}");
            }
        }
        for s in served {
            assert_eq!(s["data"]["__typename"], "QueryRoot", "{s}");
        }
    }
    let grown_mib = resident_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 256, "memory grew by {grown_mib} MiB");
}

/// Besides its code, every refusal says it is the request's (`classification: BAD_REQUEST`),
/// which API fuzzers and graphql-java style clients read to tell it from a server failure.
#[tokio::test]
async fn refusals_are_classified_as_the_clients() {
    let app = TestApp::spawn().await;
    for (q, want) in [
        ("{ me { id } }", "UNAUTHENTICATED"),
        ("{ nosuchfield }", "BAD_USER_INPUT"),
        ("{ case(id: \"x\") { id } }", "UNAUTHENTICATED"),
    ] {
        let body = app.gql(None, q, json!({})).await;
        assert_eq!(code(&body), want, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["classification"], "BAD_REQUEST",
            "{body}"
        );
    }
    let (_, text) = post_raw(&app, "text/plain", b"{}".to_vec()).await;
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["errors"][0]["extensions"]["classification"],
        "BAD_REQUEST"
    );
}
