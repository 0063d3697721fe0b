//! X12 on the claim's simulated timeline (issue #16 item 5): the 837P is dated the day the
//! payer receives the claim (BHT04, GS04, ISA09), a corrected claim one cycle later, a draft
//! the day it would be sent; the 835 is produced and paid one payment cycle (14 days) after
//! receipt (BPR16, DTM*405), with the receipt date in DTM*050. pyx12 validates these files
//! in `claims::the_837p_and_835_of_every_scenario_claim_pass_pyx12`.

use crate::helpers::{TestApp, case_id, cases_file, key_claim};
use chrono::NaiveDate;
use serde_json::{Value, json};

fn segment<'a>(x12: &'a str, tag: &str) -> Vec<&'a str> {
    x12.split('~')
        .map(str::trim)
        .find(|s| s.starts_with(&format!("{tag}*")))
        .unwrap_or_else(|| panic!("no {tag} in {x12}"))
        .split('*')
        .collect()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

async fn x12(app: &TestApp, token: &str, field: &str, id: &Value) -> String {
    let b = app
        .gql(
            Some(token),
            &format!("query($id:ID!){{ {field}(id:$id) }}"),
            json!({"id": id}),
        )
        .await;
    b["data"][field]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

fn check_837(x: &str, sent: NaiveDate) {
    assert_eq!(segment(x, "BHT")[4], ymd(sent), "{x}");
    assert_eq!(segment(x, "GS")[4], ymd(sent), "{x}");
    assert_eq!(
        segment(x, "ISA")[9],
        sent.format("%y%m%d").to_string(),
        "{x}"
    );
}

fn check_835(x: &str, received: NaiveDate, cycles: u64) {
    let issued = ymd(received + chrono::Days::new(14 * cycles));
    assert_eq!(segment(x, "BPR")[16], issued, "{x}");
    let dtm: Vec<&str> = x
        .split('~')
        .map(str::trim)
        .filter(|s| s.starts_with("DTM*"))
        .collect();
    assert!(dtm.contains(&format!("DTM*405*{issued}").as_str()), "{x}");
    assert!(
        dtm.contains(&format!("DTM*050*{}", ymd(received)).as_str()),
        "{x}"
    );
    assert_eq!(segment(x, "GS")[4], issued, "{x}");
}

#[tokio::test]
async fn the_837p_and_835_carry_the_claims_simulated_dates() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let slug = "den-mod25-em-joint-injection";
    let scenario = cases_file("claims-denials.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
        .clone();
    let submitted_on = NaiveDate::parse_from_str(
        scenario["scenario"]["submittedOn"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    let id = case_id(&app, slug).await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }",
            json!({"c": id}),
        )
        .await;
    let first = b["data"]["createClaim"]["claim"]["id"].clone();
    // A draft is dated the day it would be sent: the scenario's.
    check_837(&x12(&app, &trainee, "claimX12", &first).await, submitted_on);
    const SUBMIT: &str =
        "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { receivedOn } } }";
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": first})).await;
    let received = b["data"]["submitClaim"]["claim"]["receivedOn"].clone();
    assert_eq!(received, submitted_on.to_string(), "{b}");
    check_837(&x12(&app, &trainee, "claimX12", &first).await, submitted_on);
    check_835(
        &x12(&app, &trainee, "remittanceX12", &first).await,
        submitted_on,
        1,
    );

    // The corrected claim goes one payment cycle later, and so does its 835.
    let (dx, mut lines) = key_claim(&scenario["key"]);
    for l in lines.as_array_mut().unwrap() {
        if l["code"] == "99214" {
            l["modifiers"] = json!(["25"]);
        }
    }
    let b = app.gql(Some(&trainee), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ correctClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": first, "d": dx, "l": lines})).await;
    let fix = b["data"]["correctClaim"]["claim"]["id"].clone();
    let later = submitted_on + chrono::Days::new(14);
    check_837(&x12(&app, &trainee, "claimX12", &fix).await, later);
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": fix})).await;
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["receivedOn"],
        later.to_string(),
        "{b}"
    );
    let x = x12(&app, &trainee, "claimX12", &fix).await;
    check_837(&x, later);
    check_835(&x12(&app, &trainee, "remittanceX12", &fix).await, later, 1);
}
