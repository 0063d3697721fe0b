//! Patient accounts: a claim posts its charges; the trainee posts the remittance, scored line
//! by line (the ledger gets it only when right); the patient's share is billed on a statement
//! and paid; the day sheet reconciles with the ledger; ledger rows can be neither changed nor
//! deleted; aging and the work queue on a fixed date; automatic posting for an organization;
//! who sees which accounts; concurrent payments to one account lose nothing.

use crate::helpers::{
    TestApp, case_id, cases_file, code, code_claim, field, key_claim, paid_claim, right_posting,
};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const ACCOUNT: &str = "query($c:ID!){ patientAccount(caseId:$c){ insuranceBalance patientBalance entries { date kind bucket amount claimId line reason } } }";
const POST: &str = "mutation($id:ID!,$l:[PostedLineInput!]!){ postRemittance(input:{claimId:$id, lines:$l}){ posted percent lines { line correct issues balancing } } }";
const PAY: &str = "mutation($c:ID!,$a:Int!,$m:String!,$r:String,$d:Date!){ postPatientPayment(input:{caseId:$c, amountCents:$a, method:$m, reference:$r, date:$d}){ insuranceBalance patientBalance } }";

#[tokio::test]
async fn a_remittance_is_posted_billed_to_the_patient_and_paid() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let cases = cases_file("cpc-em-medicine.json");
    // A Medicare case: the deductible makes a patient share.
    let case = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["coverages"][0]["payer"] == "medicare-part-b")
        .unwrap();
    let c = paid_claim(&app, &trainee, case).await;
    let case_id = c["caseId"].clone();
    let total = c["totalChargeCents"].as_i64().unwrap();
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": case_id}))
        .await;
    let acct = &b["data"]["patientAccount"];
    assert_eq!(
        (
            acct["insuranceBalance"].as_i64(),
            acct["patientBalance"].as_i64()
        ),
        (Some(total), Some(0)),
        "{b}"
    );
    assert!(
        acct["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "CHARGE")
    );

    // A wrong posting is scored and changes nothing.
    let remit = &c["remittance"];
    let mut wrong = right_posting(remit);
    wrong[0]["paidCents"] = json!(wrong[0]["paidCents"].as_i64().unwrap() + 100);
    let b = app
        .gql(Some(&trainee), POST, json!({"id": c["id"], "l": wrong}))
        .await;
    let p = &b["data"]["postRemittance"];
    assert_eq!(p["posted"], false, "{b}");
    assert!(
        p["lines"][0]["issues"][0]
            .as_str()
            .unwrap()
            .starts_with("paid"),
        "{b}"
    );
    assert!(
        p["lines"][0]["balancing"]
            .as_str()
            .unwrap()
            .contains("= paid")
    );
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": case_id}))
        .await;
    assert_eq!(
        b["data"]["patientAccount"]["insuranceBalance"].as_i64(),
        Some(total)
    );

    // The right one posts: insurance settles, the patient owes their share.
    let b = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": c["id"], "l": right_posting(remit)}),
        )
        .await;
    assert_eq!(
        (
            b["data"]["postRemittance"]["posted"].as_bool(),
            b["data"]["postRemittance"]["percent"].as_i64()
        ),
        (Some(true), Some(100)),
        "{b}"
    );
    let b = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": c["id"], "l": right_posting(remit)}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT");
    let share = remit["patientResponsibility"].as_i64().unwrap();
    assert!(
        share > 0,
        "a Medicare claim early in the year leaves a deductible: {remit}"
    );
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": case_id}))
        .await;
    let acct = &b["data"]["patientAccount"];
    assert_eq!(
        (
            acct["insuranceBalance"].as_i64(),
            acct["patientBalance"].as_i64()
        ),
        (Some(0), Some(share))
    );
    let sum: i64 = acct["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, share, "the balance is the sum of the entries");

    // The statement itemizes it; the patient pays by check; nothing is due after.
    let as_of = "2026-12-31";
    let b = app.gql(Some(&trainee), "query($c:ID!,$d:Date!){ patientStatement(caseId:$c, asOf:$d){ dueDate services { charge insurancePaid adjustments patientShare } amountDue insurancePending } }", json!({"c": case_id, "d": as_of})).await;
    let s = &b["data"]["patientStatement"];
    assert_eq!(s["amountDue"].as_i64(), Some(share), "{b}");
    assert_eq!(s["dueDate"], "2027-01-30");
    let items = s["services"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|i| i["charge"].as_i64().unwrap())
            .sum::<i64>(),
        total
    );
    assert_eq!(
        items
            .iter()
            .map(|i| i["patientShare"].as_i64().unwrap())
            .sum::<i64>(),
        share
    );
    for i in items {
        assert_eq!(
            i["charge"].as_i64().unwrap()
                - i["insurancePaid"].as_i64().unwrap()
                - i["adjustments"].as_i64().unwrap(),
            i["patientShare"].as_i64().unwrap()
        );
    }
    let b = app
        .gql(
            Some(&trainee),
            "query($c:ID!,$d:Date!){ patientStatementHtml(caseId:$c, asOf:$d) }",
            json!({"c": case_id, "d": as_of}),
        )
        .await;
    assert!(
        b["data"]["patientStatementHtml"]
            .as_str()
            .unwrap()
            .contains("Amount due"),
        "{b}"
    );
    let b = app
        .gql(
            Some(&trainee),
            PAY,
            json!({"c": case_id, "a": share, "m": "CHECK", "d": "2026-04-20"}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "reference"));
    // A payment plan splits the share; the payment below settles every installment.
    const PLAN: &str = "mutation($c:ID!,$n:Int!){ createPaymentPlan(input:{caseId:$c, installments:$n, firstDue:\"2026-05-01\", createdOn:\"2026-04-15\"}){ total installments { amount status } } }";
    let b = app
        .gql(Some(&trainee), PLAN, json!({"c": case_id, "n": 1}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "installments"));
    let b = app
        .gql(Some(&trainee), PLAN, json!({"c": case_id, "n": 3}))
        .await;
    let plan = &b["data"]["createPaymentPlan"];
    assert_eq!(plan["total"].as_i64(), Some(share), "{b}");
    assert_eq!(
        plan["installments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["amount"].as_i64().unwrap())
            .sum::<i64>(),
        share
    );
    assert!(
        plan["installments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "DUE")
    );
    let b = app
        .gql(
            Some(&trainee),
            PAY,
            json!({"c": case_id, "a": share, "m": "CHECK", "r": "1042", "d": "2026-04-20"}),
        )
        .await;
    assert_eq!(b["data"]["postPatientPayment"]["patientBalance"], 0, "{b}");
    let b = app.gql(Some(&trainee), "query($c:ID!){ paymentPlan(caseId:$c, asOf:\"2026-08-01\"){ installments { status paid } } }", json!({"c": case_id})).await;
    assert!(
        b["data"]["paymentPlan"]["installments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "PAID"),
        "{b}"
    );

    // The day sheet of the payment reconciles with the ledger.
    let b = app.gql(Some(&trainee), "query($d:Date!){ daySheet(date:$d){ charges payerPayments patientPayments adjustments net balanceBefore balanceAfter } }", json!({"d": "2026-04-20"})).await;
    let d = &b["data"]["daySheet"];
    assert_eq!(d["patientPayments"].as_i64(), Some(-share), "{b}");
    assert_eq!(
        d["balanceAfter"].as_i64().unwrap() - d["balanceBefore"].as_i64().unwrap(),
        d["net"].as_i64().unwrap()
    );
    assert_eq!(d["balanceAfter"], 0);

    // Entries can be neither changed nor deleted.
    let backend = app.db.get_database_backend();
    for sql in [
        "UPDATE ledger_entry SET amount_cents = 0",
        "DELETE FROM ledger_entry",
    ] {
        assert!(
            app.db
                .execute_raw(Statement::from_string(backend, sql))
                .await
                .is_err(),
            "{sql} went through"
        );
    }
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": case_id}))
        .await;
    assert_eq!(
        b["data"]["patientAccount"]["entries"]
            .as_array()
            .unwrap()
            .len(),
        acct["entries"].as_array().unwrap().len() + 1
    );
}

#[tokio::test]
async fn aging_and_the_work_queue_on_a_fixed_date() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let den = cases_file("claims-denials.json");
    let by_slug = |s: &str| {
        den["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == s)
            .unwrap()
            .clone()
    };
    // Two denials (the practice's claims as the scenarios tell) and one paid claim left unposted.
    let mut claims = Vec::new();
    for slug in [
        "den-timely-filing-medicare-14-months",
        "den-mod25-em-joint-injection",
    ] {
        let id = case_id(&app, slug).await;
        let b = app
            .gql(
                Some(&trainee),
                "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }",
                json!({"c": id}),
            )
            .await;
        let claim = b["data"]["createClaim"]["claim"]["id"].clone();
        code_claim(&app, &trainee, &claim, &by_slug(slug)).await;
        let b = app.gql(Some(&trainee), "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id payer receivedOn totalChargeCents remittance { status billed paid } } } }", json!({"id": claim})).await;
        claims.push((by_slug(slug), b["data"]["submitClaim"]["claim"].clone()));
    }
    let q = "query($d:Date!){ workQueue(asOf:$d){ reason amount ageDays claim { id payer } } }";
    let b = app.gql(Some(&trainee), q, json!({"d": "2027-06-30"})).await;
    let items = b["data"]["workQueue"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(items.len(), 2, "{b}");
    assert!(
        items
            .windows(2)
            .all(|w| w[0]["amount"].as_i64() >= w[1]["amount"].as_i64()),
        "largest first: {b}"
    );
    assert!(items.iter().any(|i| i["reason"] == "DENIED"));

    // Aging: each open balance in the bucket of its age on the date asked.
    let b = app.gql(Some(&trainee), "query($d:Date!){ arAging(asOf:$d){ bucketLabels total { buckets total } byPayer { label buckets total } } }", json!({"d": "2027-06-30"})).await;
    let a = &b["data"]["arAging"];
    assert_eq!(
        a["bucketLabels"],
        json!(["0-30", "31-60", "61-90", "91-120", "120+"])
    );
    let open: i64 = claims
        .iter()
        .map(|(_, c)| {
            c["remittance"]["billed"].as_i64().unwrap() - c["remittance"]["paid"].as_i64().unwrap()
        })
        .sum();
    assert_eq!(a["total"]["total"].as_i64(), Some(open), "{b}");
    for (_, c) in &claims {
        let received =
            chrono::NaiveDate::parse_from_str(c["receivedOn"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
        let days = (chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap() - received).num_days();
        let want = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            91..=120 => 3,
            _ => 4,
        };
        let row = a["byPayer"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"] == c["payer"])
            .unwrap();
        assert!(
            row["buckets"][want].as_i64().unwrap() > 0,
            "{days} days: {row}"
        );
    }
    // Working an item is recorded.
    let claim = &items[0]["claim"]["id"];
    let b = app.gql(Some(&trainee), "mutation($id:ID!){ recordFollowUp(input:{claimId:$id, action:\"CALL_PAYER\", note:\"Reference 88123: denial confirmed\"}){ id } }", json!({"id": claim})).await;
    assert!(b["data"]["recordFollowUp"]["id"].is_string(), "{b}");
    let b = app
        .gql(
            Some(&trainee),
            "query($d:Date!){ workQueue(asOf:$d){ followUps } }",
            json!({"d": "2027-06-30"}),
        )
        .await;
    assert_eq!(b["data"]["workQueue"][0]["followUps"], 1);

    // The instructor reads the organization's aging; a trainee may not.
    let instructor = app.token("instructor").await;
    let b = app
        .gql(
            Some(&instructor),
            "query($d:Date!){ arAging(asOf:$d, organization:true){ total { total } } }",
            json!({"d": "2027-06-30"}),
        )
        .await;
    assert_eq!(
        b["data"]["arAging"]["total"]["total"].as_i64(),
        Some(open),
        "{b}"
    );
    let b = app
        .gql(
            Some(&trainee),
            "query($d:Date!){ arAging(asOf:$d, organization:true){ total { total } } }",
            json!({"d": "2027-06-30"}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
    // The instructor reads the trainee's account; another trainee may not.
    let me = app.gql(Some(&trainee), "{ me { id } }", json!({})).await;
    let trainee_id = me["data"]["me"]["id"].clone();
    let timely = case_id(&app, "den-timely-filing-medicare-14-months").await;
    let q = "query($c:ID!,$t:ID){ patientAccount(caseId:$c, traineeId:$t){ insuranceBalance } }";
    let b = app
        .gql(Some(&instructor), q, json!({"c": timely, "t": trainee_id}))
        .await;
    assert!(
        b["data"]["patientAccount"]["insuranceBalance"]
            .as_i64()
            .unwrap()
            > 0,
        "{b}"
    );
    // Another trainee's account for the same patient is their own (empty).
    app.register("other@practicum.test", None).await;
    let (other, _) = app
        .login("other@practicum.test", "a long enough password")
        .await;
    let b = app
        .gql(
            Some(&other),
            ACCOUNT,
            json!({"c": case_id(&app, "den-timely-filing-medicare-14-months").await}),
        )
        .await;
    assert_eq!(b["data"]["patientAccount"]["entries"], json!([]), "{b}");
    let b = app
        .gql(Some(&other), q, json!({"c": timely, "t": trainee_id}))
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "a trainee reads no one else's accounts, refused by role before any lookup: {b}"
    );
}

#[tokio::test]
async fn an_organization_can_post_remittances_automatically() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($o:ID!){ setAutoPosting(input:{organizationId:$o, enabled:true}) }",
            json!({"o": org}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
    let b = app
        .gql(
            Some(&instructor),
            "mutation($o:ID!){ setAutoPosting(input:{organizationId:$o, enabled:true}) }",
            json!({"o": org}),
        )
        .await;
    assert_eq!(b["data"]["setAutoPosting"], true, "{b}");
    let cases = cases_file("cpc-em-medicine.json");
    let case = &cases["cases"][1];
    let c = paid_claim(&app, &trainee, case).await;
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": c["caseId"]}))
        .await;
    let acct = &b["data"]["patientAccount"];
    assert_eq!(acct["insuranceBalance"], 0, "{b}");
    assert_eq!(
        acct["patientBalance"].as_i64(),
        c["remittance"]["patientResponsibility"].as_i64()
    );
    assert!(
        acct["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "PAYER_PAYMENT" || e["kind"] == "TRANSFER_TO_PATIENT")
    );
    let b = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": c["id"], "l": right_posting(&c["remittance"])}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "already posted: {b}");
}

#[tokio::test]
async fn concurrent_payments_to_one_account_lose_nothing() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let cases = cases_file("cpc-em-medicine.json");
    let c = paid_claim(&app, &trainee, &cases["cases"][0]).await;
    let runs = (1..=8).map(|i| {
        app.gql(
            Some(&trainee),
            PAY,
            json!({"c": c["caseId"], "a": 100 * i, "m": "CASH", "d": "2026-05-01"}),
        )
    });
    let results = futures::future::join_all(runs).await;
    assert!(
        results
            .iter()
            .all(|b| b["data"]["postPatientPayment"].is_object()),
        "{results:?}"
    );
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": c["caseId"]}))
        .await;
    let acct = &b["data"]["patientAccount"];
    assert_eq!(acct["patientBalance"].as_i64(), Some(-(100 * 36)), "{b}");
    // Racing postings of one remittance post it once.
    let posting = right_posting(&c["remittance"]);
    let runs = (0..4).map(|_| app.gql(Some(&trainee), POST, json!({"id": c["id"], "l": posting})));
    let results = futures::future::join_all(runs).await;
    assert_eq!(
        results
            .iter()
            .filter(|b| b["data"]["postRemittance"]["posted"] == true)
            .count(),
        1,
        "{results:?}"
    );
    let b = app
        .gql(Some(&trainee), ACCOUNT, json!({"c": c["caseId"]}))
        .await;
    assert_eq!(b["data"]["patientAccount"]["insuranceBalance"], 0);
}

#[tokio::test]
async fn a_secondary_claim_after_the_primarys_payment_is_paid_by_coordination_of_benefits() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let den = cases_file("claims-denials.json");
    let case = den["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "den-cob-birthday-rule")
        .unwrap();
    let id = case_id(&app, "den-cob-birthday-rule").await;
    // The primary (the birthday rule's plan) pays and leaves the copay.
    let b = app.gql(Some(&trainee), "mutation($c:ID!){ createClaim(input:{caseId:$c, payer:\"bluecrest-ppo\"}){ claim { id } } }", json!({"c": id})).await;
    let primary = b["data"]["createClaim"]["claim"]["id"].clone();
    let (dx, lines) = key_claim(&case["key"]);
    app.gql(Some(&trainee), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": primary, "d": dx, "l": lines}))
        .await;
    const SUBMIT: &str = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id payer caseId remittance { status paid patientResponsibility lines { line paid allowed denied adjustments { group reason amount } } trace } } } }";
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": primary}))
        .await;
    let p = b["data"]["submitClaim"]["claim"].clone();
    let share = p["remittance"]["patientResponsibility"].as_i64().unwrap();
    let primary_paid = p["remittance"]["paid"].as_i64().unwrap();
    assert!(
        primary_paid > 0 && share > 0,
        "a partial payment by the primary: {b}"
    );
    // Billing the secondary needs the primary's remittance posted first.
    const BILL: &str =
        "mutation($id:ID!){ billSecondary(input:{claimId:$id}){ claim { id payer status } } }";
    let b = app.gql(Some(&trainee), BILL, json!({"id": primary})).await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    let b = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": primary, "l": right_posting(&p["remittance"])}),
        )
        .await;
    assert_eq!(b["data"]["postRemittance"]["posted"], true, "{b}");
    let b = app.gql(Some(&trainee), BILL, json!({"id": primary})).await;
    let sec = b["data"]["billSecondary"]["claim"].clone();
    assert_eq!(
        (sec["payer"].as_str(), sec["status"].as_str()),
        (Some("summit-hmo"), Some("DRAFT")),
        "{b}"
    );
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": sec["id"]}))
        .await;
    let s = b["data"]["submitClaim"]["claim"].clone();
    let r = &s["remittance"];
    assert!(
        r["status"] == "PAID",
        "the secondary is not denied CO-22: {b}"
    );
    let line = &r["lines"][0];
    let allowed = line["allowed"].as_i64().unwrap();
    let want = share.min((allowed - primary_paid).max(0));
    assert_eq!(line["paid"].as_i64(), Some(want), "{b}");
    assert!(
        line["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["group"] == "OA" && a["reason"] == "23"),
        "{b}"
    );
    // Posted, the account settles: insurance 0, the patient owes what the secondary did not pay.
    let b = app
        .gql(
            Some(&trainee),
            POST,
            json!({"id": sec["id"], "l": right_posting(r)}),
        )
        .await;
    assert_eq!(b["data"]["postRemittance"]["posted"], true, "{b}");
    let b = app.gql(Some(&trainee), ACCOUNT, json!({"c": id})).await;
    let acct = &b["data"]["patientAccount"];
    assert_eq!(
        (
            acct["insuranceBalance"].as_i64(),
            acct["patientBalance"].as_i64()
        ),
        (Some(0), Some(share - want)),
        "{b}"
    );
    assert!(
        acct["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "TRANSFER_TO_SECONDARY")
    );
    // One secondary claim per primary: billing it again names the one that exists.
    let b = app.gql(Some(&trainee), BILL, json!({"id": primary})).await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("secondary claim is claim"),
        "{b}"
    );
}
