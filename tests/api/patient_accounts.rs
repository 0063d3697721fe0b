//! Patient-account figures that reconcile (issue #16): A/R aging is read from the ledger
//! after every payment, adjustment and transfer, so a patient's payment lowers the aged
//! balance, a copay paid at the visit leaves nothing to age, and the aging total equals the
//! sum of the ledgers' balances after any seeded random sequence of postings (through the
//! server, so on SQLite and PostgreSQL); the work queue lists only claims sent on or before
//! its date and calls an unposted remittance UNPOSTED, $0 ones included; a claim's remittance
//! says whether it is posted, so the account page offers only what is left to post.

use crate::helpers::{TestApp, cases_file, paid_claim, right_posting};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

const ACCOUNT: &str = "query($c:ID!){ patientAccount(caseId:$c){ insuranceBalance patientBalance entries { date amount } } }";
const PAY: &str = "mutation($c:ID!,$a:Int!,$d:Date!){ postPatientPayment(input:{caseId:$c, amountCents:$a, method:\"CASH\", date:$d}){ patientBalance } }";
const POST: &str = "mutation($id:ID!,$l:[PostedLineInput!]!){ postRemittance(input:{claimId:$id, lines:$l}){ posted } }";
const AGING: &str = "query($d:Date!){ arAging(asOf:$d){ total { buckets total } byPatient { label buckets total } byPayer { label total } } }";

fn case(slug: &str) -> Value {
    let file = if slug.starts_with("den-") {
        "claims-denials.json"
    } else {
        "cpc-em-medicine.json"
    };
    cases_file(file)["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
        .clone()
}

async fn post(app: &TestApp, token: &str, c: &Value) {
    let b = app
        .gql(
            Some(token),
            POST,
            json!({"id": c["id"], "l": right_posting(&c["remittance"])}),
        )
        .await;
    assert_eq!(b["data"]["postRemittance"]["posted"], true, "{b}");
}

fn date(s: &Value) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn a_patient_payment_lowers_the_aged_balance_and_a_copay_at_the_visit_leaves_none() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    // Medicare, early in the year: the deductible leaves the patient a share.
    let c = paid_claim(&app, &trainee, &case("em-est-dm2-ckd-htn-99214")).await;
    post(&app, &trainee, &c).await;
    let share = c["remittance"]["patientResponsibility"].as_i64().unwrap();
    let paid = share / 3;
    assert!(paid > 0, "{c}");
    let b = app
        .gql(
            Some(&trainee),
            PAY,
            json!({"c": c["caseId"], "a": paid, "d": "2026-04-20"}),
        )
        .await;
    assert_eq!(
        b["data"]["postPatientPayment"]["patientBalance"].as_i64(),
        Some(share - paid),
        "{b}"
    );
    let b = app
        .gql(Some(&trainee), AGING, json!({"d": "2026-06-30"}))
        .await;
    let a = &b["data"]["arAging"];
    assert_eq!(
        a["byPatient"][0]["total"].as_i64(),
        Some(share - paid),
        "the payment is applied: {b}"
    );
    assert_eq!(a["total"]["total"].as_i64(), Some(share - paid), "{b}");
    // Before the payment, the whole share ages.
    let b = app
        .gql(Some(&trainee), AGING, json!({"d": "2026-04-19"}))
        .await;
    assert_eq!(
        b["data"]["arAging"]["byPatient"][0]["total"].as_i64(),
        Some(share),
        "{b}"
    );

    // Medicaid's 4.00 copay, paid at the visit, before the claim is sent.
    let m = case("em-new-acute-cystitis-low-mdm");
    let mid = crate::helpers::case_id(&app, "em-new-acute-cystitis-low-mdm").await;
    let b = app
        .gql(
            Some(&trainee),
            PAY,
            json!({"c": mid, "a": 400, "d": m["dateOfService"]}),
        )
        .await;
    assert_eq!(
        b["data"]["postPatientPayment"]["patientBalance"].as_i64(),
        Some(-400),
        "{b}"
    );
    let c = paid_claim(&app, &trainee, &m).await;
    assert_eq!(
        c["remittance"]["patientResponsibility"].as_i64(),
        Some(400),
        "{c}"
    );
    post(&app, &trainee, &c).await;
    let as_of = date(&c["receivedOn"]) + chrono::Days::new(45);
    let b = app
        .gql(Some(&trainee), AGING, json!({"d": as_of.to_string()}))
        .await;
    let rows = b["data"]["arAging"]["byPatient"].as_array().unwrap();
    let name = format!(
        "{} {}",
        m["patient"]["firstName"].as_str().unwrap(),
        m["patient"]["lastName"].as_str().unwrap()
    );
    assert!(
        rows.iter().all(|r| r["label"] != name.as_str()),
        "nothing of {name} ages: {b}"
    );
}

/// The reconciliation property through the server: after every posting of a seeded random
/// sequence, as of several dates, the aging total is the sum of the ledgers' entries to that
/// date, and its buckets add up to it.
#[tokio::test]
async fn the_aging_total_is_the_sum_of_ledger_balances_after_random_postings() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let mut rng = StdRng::seed_from_u64(16);
    let slugs = [
        "em-est-dm2-ckd-htn-99214",
        "em-new-acute-cystitis-low-mdm",
        "em-est-hf-exacerbation-99215",
    ];
    let mut claims = Vec::new();
    for s in slugs {
        claims.push(paid_claim(&app, &trainee, &case(s)).await);
    }
    let mut posted = [false; 3];
    let dates = [
        "2026-02-15",
        "2026-03-31",
        "2026-05-31",
        "2026-08-31",
        "2027-01-31",
    ];
    for step in 0..14 {
        let i = rng.random_range(0..claims.len());
        let c = &claims[i];
        if !posted[i] && rng.random_bool(0.4) {
            post(&app, &trainee, c).await;
            posted[i] = true;
        } else {
            // A payment (or now and then a refund) on a random day of 2026.
            let amount = if rng.random_bool(0.2) {
                -rng.random_range(100..2_000)
            } else {
                rng.random_range(100..9_000)
            };
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Days::new(rng.random_range(0..330));
            let b = app
                .gql(
                    Some(&trainee),
                    PAY,
                    json!({"c": c["caseId"], "a": amount, "d": day.to_string()}),
                )
                .await;
            assert!(b["data"]["postPatientPayment"].is_object(), "{b}");
        }
        let mut entries = Vec::new();
        for c in &claims {
            let b = app
                .gql(Some(&trainee), ACCOUNT, json!({"c": c["caseId"]}))
                .await;
            let acct = &b["data"]["patientAccount"];
            let sum: i64 = acct["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["amount"].as_i64().unwrap())
                .sum();
            assert_eq!(
                sum,
                acct["insuranceBalance"].as_i64().unwrap()
                    + acct["patientBalance"].as_i64().unwrap()
            );
            entries.extend(acct["entries"].as_array().unwrap().clone());
        }
        for d in dates {
            let want: i64 = entries
                .iter()
                .filter(|e| e["date"].as_str().unwrap() <= d)
                .map(|e| e["amount"].as_i64().unwrap())
                .sum();
            let b = app.gql(Some(&trainee), AGING, json!({"d": d})).await;
            let t = &b["data"]["arAging"]["total"];
            assert_eq!(
                t["total"].as_i64(),
                Some(want),
                "step {step}, as of {d}: {b}"
            );
            let buckets: i64 = t["buckets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_i64().unwrap())
                .sum();
            assert_eq!(buckets, want);
            let rows: i64 = ["byPatient", "byPayer"]
                .iter()
                .flat_map(|k| b["data"]["arAging"][k].as_array().unwrap().clone())
                .map(|r| r["total"].as_i64().unwrap())
                .sum();
            assert_eq!(rows, want, "the rows add up to the total: {b}");
        }
    }
}

#[tokio::test]
async fn the_work_queue_holds_only_claims_sent_by_its_date_and_unposted_remittances() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    // Medicare early in the year: 99215 falls to the deductible, a $0 payment.
    let z = paid_claim(&app, &trainee, &case("em-est-hf-exacerbation-99215")).await;
    assert_eq!(z["remittance"]["paid"], 0, "{z}");
    assert_ne!(z["remittance"]["status"], "DENIED", "{z}");
    // A later service (2026-09-22).
    let late = paid_claim(&app, &trainee, &case("awv-subsequent-g0439-flu-g0008")).await;
    let q = "query($d:Date!){ workQueue(asOf:$d){ reason amount ageDays claim { id } } }";
    let as_of = date(&late["receivedOn"]) - chrono::Days::new(13);
    let b = app
        .gql(Some(&trainee), q, json!({"d": as_of.to_string()}))
        .await;
    let items = b["data"]["workQueue"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["claim"]["id"] != late["id"]),
        "not sent yet on {as_of}: {b}"
    );
    assert!(
        items.iter().all(|i| i["ageDays"].as_i64().unwrap() >= 0),
        "{b}"
    );
    let zero = items
        .iter()
        .find(|i| i["claim"]["id"] == z["id"])
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(zero["reason"], "UNPOSTED", "{b}");
    // Posted, it leaves the queue (the patient owes the deductible, the payer nothing).
    post(&app, &trainee, &z).await;
    let b = app
        .gql(Some(&trainee), q, json!({"d": as_of.to_string()}))
        .await;
    assert!(
        b["data"]["workQueue"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["claim"]["id"] != z["id"]),
        "{b}"
    );
}

#[tokio::test]
async fn a_statement_dates_services_by_date_of_service_in_plain_words_from_its_practice() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    // The practice's claim is denied (CO-236); the corrected claim, sent later, replaces it.
    let slug = "den-mod25-em-joint-injection";
    let scenario = case(slug);
    let id = crate::helpers::case_id(&app, slug).await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }",
            json!({"c": id}),
        )
        .await;
    let first = b["data"]["createClaim"]["claim"]["id"].clone();
    const SUBMIT: &str = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id receivedOn remittance { status } } } }";
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": first})).await;
    assert!(
        b["data"]["submitClaim"]["claim"]["remittance"].is_object(),
        "{b}"
    );
    let (dx, mut lines) = crate::helpers::key_claim(&scenario["key"]);
    for l in lines.as_array_mut().unwrap() {
        if l["code"] == "99214" {
            l["modifiers"] = json!(["25"]);
        }
    }
    let b = app.gql(Some(&trainee), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ correctClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": first, "d": dx, "l": lines})).await;
    let fix = b["data"]["correctClaim"]["claim"]["id"].clone();
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": fix})).await;
    let received = b["data"]["submitClaim"]["claim"]["receivedOn"].clone();
    let dos = scenario["dateOfService"].as_str().unwrap();
    assert_ne!(received, dos, "{b}");

    let q = "query($c:ID!){ patientStatement(caseId:$c, asOf:\"2026-12-31\"){ practice { name address phone remitToName remitToAddress } services { date description code charge } } }";
    let b = app.gql(Some(&trainee), q, json!({"c": id})).await;
    let s = &b["data"]["patientStatement"];
    let services = s["services"].as_array().unwrap_or_else(|| panic!("{b}"));
    assert_eq!(services.len(), 3, "the replaced lines net out: {b}");
    assert!(services.iter().all(|x| x["date"] == dos), "{b}");
    let em = services.iter().find(|x| x["code"] == "99214 25").unwrap();
    assert_eq!(
        em["description"],
        "Established-patient office visit of moderate complexity (moderate MDM or 30+ minutes) (99214, modifier 25)",
        "the project's own CPT summary: {b}"
    );
    assert!(
        services
            .iter()
            .all(|x| x["description"].as_str().unwrap().len() > 20)
    );
    // An internist bills as the demo internal-medicine practice; payments go to its PO box.
    let p = &s["practice"];
    assert_eq!(p["name"], "Lakeshore Internal Medicine Associates", "{b}");
    assert_eq!(p["remitToAddress"], "PO Box 7720, Port Wendell, OH 44823");
    assert!(!p["address"].as_str().unwrap().is_empty() && !p["phone"].as_str().unwrap().is_empty());

    let b = app
        .gql(
            Some(&trainee),
            "query($c:ID!){ patientStatementHtml(caseId:$c, asOf:\"2026-12-31\") }",
            json!({"c": id}),
        )
        .await;
    let html = b["data"]["patientStatementHtml"].as_str().unwrap();
    for want in [
        "Lakeshore Internal Medicine Associates",
        "PO Box 7720, Port Wendell, OH 44823",
        "Date of service",
        "03/18/2026",
        "Established-patient office visit",
        "Amount due",
        "Please return this part with your payment",
    ] {
        assert!(html.contains(want), "{want}: {html}");
    }
}

#[tokio::test]
async fn a_remittance_says_it_is_posted_once_posted_and_cannot_be_posted_twice() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let c = paid_claim(&app, &trainee, &case("em-est-hf-exacerbation-99215")).await;
    let q = "query($id:ID!){ claim(id:$id){ remittance { posted } remittances { posted } } }";
    let before = app.gql(Some(&trainee), q, json!({"id": c["id"]})).await;
    assert_eq!(
        before["data"]["claim"]["remittance"]["posted"], false,
        "{before}"
    );
    post(&app, &trainee, &c).await;
    let after = app.gql(Some(&trainee), q, json!({"id": c["id"]})).await;
    assert_eq!(
        after["data"]["claim"]["remittance"]["posted"], true,
        "{after}"
    );
    assert_eq!(
        after["data"]["claim"]["remittances"][0]["posted"], true,
        "{after}"
    );
    let again = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": c["id"], "l": right_posting(&c["remittance"])}),
        )
        .await;
    assert_eq!(
        again["errors"][0]["extensions"]["code"], "CONFLICT",
        "{again}"
    );
}
