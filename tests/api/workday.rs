//! Simulated workdays (issue 21), through the API as a trainee runs one.
//!
//! What it proves:
//! - a whole three-day shift, from day 1's queue to the end-of-shift report: encounters arrive
//!   per day, a clearinghouse rejection shows the next day, payer answers after the payer's
//!   turnaround compressed by the pace, a claim the payer leaves unanswered (picked by the
//!   seed) shows as overdue and answers the day after its follow-up, and the report's every
//!   figure equals the one worked out here by hand from the scenario (active time from the
//!   clock the test moves; amounts from the remittances the trainee reads);
//! - answers never show before their day (the queue hides the outcome until it arrives);
//! - a paid claim's patient share reaches the patient's statement once the remittance is
//!   posted (the ordinary ledger path);
//! - bad input and other people's shifts get a clear `extensions.code` and `extensions.field`.

use crate::helpers::{TestApp, cases_file, code, field, key_claim, right_posting};
use chrono::Duration;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const START: &str =
    "mutation($i:StartShiftInput!){ startShift(input:$i){ shift { id day date status days } } }";
const QUEUE: &str = "query($id:ID!){ shift(id:$id){ day date status queue { day date encounters { id day visitDate caseId state } answers { claimId sequence answer answerDay } followUps { claimId expectedDay followUpDueDay } } } }";
const START_ATTEMPT: &str = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
const SUBMIT_ATTEMPT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { score { percent } } } }";
const CODE: &str = "mutation($e:ID!,$a:ID!){ codeShiftEncounter(input:{encounterId:$e, attemptId:$a}){ encounter { id codedDay } } }";
const CREATE_CLAIM: &str = "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }";
const UPDATE_CLAIM: &str = "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }";
const SUBMIT_CLAIM: &str = "mutation($e:ID!,$c:ID!){ submitShiftClaim(input:{encounterId:$e, claimId:$c}){ submission { sequence submittedDay expectedDay answerDay answer } claim { status } } }";
const FOLLOW_UP: &str = "mutation($s:ID!,$c:ID!){ followUpShiftClaim(input:{shiftId:$s, claimId:$c, note:\"Called the payer: claim not on file, resent\"}){ submission { followedUpDay answerDay } } }";
const END_DAY: &str =
    "mutation($s:ID!){ endShiftDay(input:{shiftId:$s}){ shift { day date status } } }";
const CLAIM: &str = "query($id:ID!){ claim(id:$id){ totalChargeCents remittance { status paid patientResponsibility lines { line paid denied adjustments { group reason amount } } } } }";
const REPORT: &str = "query($id:ID!){ shiftReport(shiftId:$id){ shifts encounters encountersCoded activeSeconds claimSubmissions firstPassClean firstSubmissionsAnswered payerAnswers denied topDenialReasons { reason lines } followUpsDue followedUpOnTime chargesCents arCents calendarDays collectedCents queriesRaised figures { key value unit reference { value direction source } } csv } }";

struct Run<'a> {
    app: &'a TestApp,
    token: String,
}

impl Run<'_> {
    async fn gql(&self, q: &str, v: Value) -> Value {
        let b = self.app.gql(Some(&self.token), q, v).await;
        assert!(b["errors"].is_null(), "{b}");
        b
    }

    /// Moves the server clock, then returns.
    fn wait(&self, minutes: i64) {
        self.app.clock.advance(Duration::minutes(minutes));
    }

    /// Codes the case with `submission` through the attempt path; returns (attempt, percent).
    async fn attempt(&self, case: &str, submission: &Value) -> (String, f64) {
        let b = self.gql(START_ATTEMPT, json!({"c": case})).await;
        let id = b["data"]["startAttempt"]["attempt"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let b = self
            .gql(SUBMIT_ATTEMPT, json!({"id": id, "s": submission}))
            .await;
        let p = b["data"]["submitAttempt"]["attempt"]["score"]["percent"]
            .as_f64()
            .unwrap();
        (id, p)
    }

    /// A draft claim for the case, coded with (diagnoses, lines).
    async fn draft(&self, case: &str, dx: &Value, lines: &Value) -> String {
        let b = self.gql(CREATE_CLAIM, json!({"c": case})).await;
        let id = b["data"]["createClaim"]["claim"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        self.gql(UPDATE_CLAIM, json!({"id": id, "d": dx, "l": lines}))
            .await;
        id
    }

    async fn submit(&self, encounter: &str, claim: &str) -> Value {
        let b = self
            .gql(SUBMIT_CLAIM, json!({"e": encounter, "c": claim}))
            .await;
        b["data"]["submitShiftClaim"].clone()
    }

    async fn queue(&self, shift: &str) -> Value {
        self.gql(QUEUE, json!({"id": shift})).await["data"]["shift"].clone()
    }
}

fn the_case(slug: &str) -> Value {
    cases_file("cpc-em-medicine.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
        .clone()
}

async fn id_of(app: &TestApp, sql: &str) -> String {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "id").unwrap().to_string()
}

/// (charge, paid, CO-45) of a claim as its remittance says.
async fn money(run: &Run<'_>, claim: &str) -> (i64, i64, i64) {
    let b = run.gql(CLAIM, json!({"id": claim})).await;
    let c = &b["data"]["claim"];
    let r = &c["remittance"];
    let co45: i64 = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["adjustments"].as_array().unwrap().clone())
        .filter(|a| a["group"] == "CO" && a["reason"] == "45")
        .map(|a| a["amount"].as_i64().unwrap())
        .sum();
    (
        c["totalChargeCents"].as_i64().unwrap(),
        r["paid"].as_i64().unwrap(),
        co45,
    )
}

fn figure(report: &Value, key: &str) -> Value {
    report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap()
        .clone()
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[tokio::test]
async fn a_three_day_shift_runs_from_an_empty_queue_to_its_report() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let run = Run {
        app: &app,
        token: app.token("trainee").await,
    };
    let set = id_of(
        &app,
        "SELECT id FROM case_set WHERE slug = 'cpc-em-medicine'",
    )
    .await;
    // Pace 30: every payer (14 to 30 expected days) answers in one shift day. Seed 3: the
    // accepted submission numbered 2 goes unanswered ((3 + 2) is a multiple of 5).
    let b = run
        .gql(START, json!({"i": {"caseSetId": set, "days": 3, "encountersPerDay": 2, "startDate": "2026-03-02", "paceDays": 30, "seed": 3}}))
        .await;
    let shift = b["data"]["startShift"]["shift"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(b["data"]["startShift"]["shift"]["day"], 1);

    // Day 1 (Monday 2 March): yesterday's two visits, the set's first two cases.
    let q = run.queue(&shift).await;
    assert_eq!(q["date"], "2026-03-02");
    let enc = q["queue"]["encounters"].as_array().unwrap().clone();
    assert_eq!(enc.len(), 2, "{q}");
    assert!(
        enc.iter()
            .all(|e| e["state"] == "TO_CODE" && e["visitDate"] == "2026-03-01")
    );
    assert!(q["queue"]["answers"].as_array().unwrap().is_empty());
    let cystitis = the_case("em-new-acute-cystitis-low-mdm"); // Medicaid
    let dm2 = the_case("em-est-dm2-ckd-htn-99214"); // Medicare Part B
    let hf = the_case("em-est-hf-exacerbation-99215"); // Medicare Part B, day 3
    let t1dm = the_case("em-new-t1dm-total-time-99417"); // BlueCrest, day 2
    let t2dm = the_case("em-new-t2dm-vaping-99204"); // Summit HMO, day 2
    let case_of = |i: usize, e: &[Value]| e[i]["caseId"].as_str().unwrap().to_owned();
    let (e1, e2) = (
        enc[0]["id"].as_str().unwrap().to_owned(),
        enc[1]["id"].as_str().unwrap().to_owned(),
    );
    let (c1, c2) = (case_of(0, &enc), case_of(1, &enc));
    assert_eq!(
        c1,
        crate::helpers::case_id(&app, "em-new-acute-cystitis-low-mdm").await
    );
    assert_eq!(
        c2,
        crate::helpers::case_id(&app, "em-est-dm2-ckd-htn-99214").await
    );

    let sub = |case: &Value| {
        let (dx, lines) = key_claim(&case["key"]);
        json!({"diagnoses": dx, "procedures": lines})
    };
    // Active time, minute by minute (each pause capped at 15).
    run.wait(10);
    let (a1, p1) = run.attempt(&c1, &sub(&cystitis)).await;
    run.gql(CODE, json!({"e": e1, "a": a1})).await; // +10
    run.wait(10);
    let (a2, p2) = run.attempt(&c2, &sub(&dm2)).await;
    run.gql(CODE, json!({"e": e2, "a": a2})).await; // +10
    // E1's claim with a category header as its first diagnosis: the clearinghouse refuses it.
    let (dx1, lines1) = key_claim(&cystitis["key"]);
    let mut bad = dx1.clone();
    let header = bad[0]["code"].as_str().unwrap()[..3].to_owned();
    bad[0]["code"] = json!(header);
    let claim1 = run.draft(&c1, &bad, &lines1).await;
    run.wait(5);
    let s = run.submit(&e1, &claim1).await; // +5, submission 1
    assert_eq!(s["submission"]["sequence"], 1);
    assert_eq!(
        s["submission"]["answer"],
        Value::Null,
        "not before it arrives: {s}"
    );
    assert_eq!(s["submission"]["expectedDay"], 2);
    let (dx2, lines2) = key_claim(&dm2["key"]);
    let claim2 = run.draft(&c2, &dx2, &lines2).await;
    run.wait(5);
    let s = run.submit(&e2, &claim2).await; // +5, submission 2: unanswered
    assert_eq!(
        (
            s["submission"]["expectedDay"].as_i64(),
            s["submission"]["answerDay"].as_i64()
        ),
        (Some(2), None)
    );
    run.wait(5);
    let b = run.gql(END_DAY, json!({"s": shift})).await; // +5
    assert_eq!(b["data"]["endShiftDay"]["shift"]["date"], "2026-03-03");
    // Day 1: 10 + 10 + 5 + 5 + 5 = 35 minutes.

    // Day 2 (the next morning): two new visits; the rejection has arrived; E2 is expected today.
    run.wait(16 * 60); // a night: counts 15
    let q = run.queue(&shift).await;
    assert_eq!(q["day"], 2);
    let enc = q["queue"]["encounters"].as_array().unwrap().clone();
    let states: Vec<&str> = enc.iter().map(|e| e["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["TO_BILL", "BILLED", "TO_CODE", "TO_CODE"], "{q}");
    let answers = q["queue"]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1, "{q}");
    assert_eq!(
        (
            answers[0]["sequence"].as_i64(),
            answers[0]["answer"].as_str()
        ),
        (Some(1), Some("REJECTED"))
    );
    assert!(
        q["queue"]["followUps"].as_array().unwrap().is_empty(),
        "not late yet: {q}"
    );
    let b = app
        .gql(
            Some(&run.token),
            FOLLOW_UP,
            json!({"s": shift, "c": claim2}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "claimId"), "{b}");
    // E1 corrected and sent again (the same claim, edited back to a draft).
    run.gql(UPDATE_CLAIM, json!({"id": claim1, "d": dx1, "l": lines1}))
        .await;
    let s = run.submit(&e1, &claim1).await; // +0 after the night, submission 3
    assert_eq!(s["submission"]["sequence"], 3);
    let (e3, e4) = (
        enc[2]["id"].as_str().unwrap().to_owned(),
        enc[3]["id"].as_str().unwrap().to_owned(),
    );
    let (c3, c4) = (case_of(2, &enc), case_of(3, &enc));
    assert_eq!(
        c3,
        crate::helpers::case_id(&app, "em-new-t1dm-total-time-99417").await
    );
    run.wait(10);
    let (a3, p3) = run.attempt(&c3, &sub(&t1dm)).await;
    run.gql(CODE, json!({"e": e3, "a": a3})).await; // +10
    run.wait(10);
    let (a4, p4) = run.attempt(&c4, &sub(&t2dm)).await;
    run.gql(CODE, json!({"e": e4, "a": a4})).await; // +10
    // E3 billed wrongly: an HbA1c alone for hypertension, outside BlueCrest's A1c policy.
    let claim3 = run
        .draft(&c3, &json!([{"code": "I10"}]), &json!([{"system": "CPT", "code": "83036", "modifiers": [], "units": 1, "pointers": ["A"]}]))
        .await;
    run.wait(5);
    run.submit(&e3, &claim3).await; // +5, submission 4
    let (dx4, lines4) = key_claim(&t2dm["key"]);
    let claim4 = run.draft(&c4, &dx4, &lines4).await;
    run.wait(5);
    run.submit(&e4, &claim4).await; // +5, submission 5
    run.wait(5);
    run.gql(END_DAY, json!({"s": shift})).await; // +5
    // Day 2: 15 (night) + 10 + 10 + 5 + 5 + 5 = 50 minutes.

    // Day 3: the payers have answered submissions 3, 4 and 5; E2's claim is overdue.
    run.wait(16 * 60);
    let q = run.queue(&shift).await;
    let answers = q["queue"]["answers"].as_array().unwrap();
    let got: Vec<(i64, &str, i64)> = answers
        .iter()
        .map(|a| {
            (
                a["sequence"].as_i64().unwrap(),
                a["answer"].as_str().unwrap(),
                a["answerDay"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (3, "PAID", 3),
            (4, "DENIED", 3),
            (5, "PAID", 3),
            (1, "REJECTED", 2)
        ],
        "{q}"
    );
    let late = q["queue"]["followUps"].as_array().unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(
        (
            late[0]["claimId"].as_str(),
            late[0]["followUpDueDay"].as_i64()
        ),
        (Some(claim2.as_str()), Some(4))
    );
    run.wait(5);
    let b = run.gql(FOLLOW_UP, json!({"s": shift, "c": claim2})).await; // night + 5: 15
    let f = &b["data"]["followUpShiftClaim"]["submission"];
    assert_eq!(
        (f["followedUpDay"].as_i64(), f["answerDay"].as_i64()),
        (Some(3), None),
        "answers tomorrow"
    );
    let enc = q["queue"]["encounters"].as_array().unwrap().clone();
    assert_eq!(enc.len(), 6);
    let (e5, c5) = (enc[4]["id"].as_str().unwrap().to_owned(), case_of(4, &enc));
    assert_eq!(
        c5,
        crate::helpers::case_id(&app, "em-est-hf-exacerbation-99215").await
    );
    run.wait(20);
    let (a5, p5) = run.attempt(&c5, &sub(&hf)).await;
    run.gql(CODE, json!({"e": e5, "a": a5})).await; // +15 (20 capped)
    let (dx5, lines5) = key_claim(&hf["key"]);
    let claim5 = run.draft(&c5, &dx5, &lines5).await;
    run.wait(5);
    let s = run.submit(&e5, &claim5).await; // +5, submission 6: answered on day 4
    assert_eq!(s["submission"]["expectedDay"], 4);
    run.wait(5);
    let b = run.gql(END_DAY, json!({"s": shift})).await; // +5
    assert_eq!(b["data"]["endShiftDay"]["shift"]["status"], "FINISHED");
    // Day 3: 15 (the night and 5 minutes, capped) + 15 + 5 + 5 = 40 minutes. The sixth
    // encounter is left uncoded.
    let active_minutes = 35 + 50 + 40;

    // A finished shift's day cannot end again.
    let b = app
        .gql(Some(&run.token), END_DAY, json!({"s": shift}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "shiftId"), "{b}");

    // The report, figure by figure.
    let b = run.gql(REPORT, json!({"id": shift})).await;
    let r = &b["data"]["shiftReport"];
    assert_eq!(
        (r["encounters"].as_i64(), r["encountersCoded"].as_i64()),
        (Some(6), Some(5))
    );
    assert_eq!(r["activeSeconds"].as_i64(), Some(active_minutes * 60));
    assert_eq!(
        figure(r, "coded_per_hour")["value"].as_f64(),
        Some(round2(5.0 * 60.0 / active_minutes as f64))
    );
    assert_eq!(
        figure(r, "coded_per_hour")["reference"]["value"],
        Value::Null,
        "no published figure"
    );
    assert_eq!(
        figure(r, "coding_accuracy")["value"].as_f64(),
        Some(round2((p1 + p2 + p3 + p4 + p5) / 5.0))
    );
    assert_eq!(
        figure(r, "coding_accuracy")["reference"]["value"].as_f64(),
        Some(95.0)
    );
    // First submissions answered by day 3: 1 (rejected), 4 (denied), 5 (paid): one clean in 3.
    assert_eq!(r["claimSubmissions"], 6);
    assert_eq!(
        (
            r["firstPassClean"].as_i64(),
            r["firstSubmissionsAnswered"].as_i64()
        ),
        (Some(1), Some(3))
    );
    assert_eq!(
        figure(r, "first_pass_clean_rate")["value"].as_f64(),
        Some(33.33)
    );
    // Payer answers seen: 3, 4, 5; one denied, for CO-50 (not medically necessary).
    assert_eq!(
        (r["denied"].as_i64(), r["payerAnswers"].as_i64()),
        (Some(1), Some(3))
    );
    assert_eq!(figure(r, "denial_rate")["value"].as_f64(), Some(33.33));
    assert_eq!(
        r["topDenialReasons"],
        json!([{"reason": "CO-50", "lines": 1}])
    );
    assert_eq!(
        (r["followUpsDue"].as_i64(), r["followedUpOnTime"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        figure(r, "followed_up_on_time")["value"].as_f64(),
        Some(100.0)
    );
    // A/R: the standing claims are 1 (paid), 2 (unanswered), 3 (denied), 4 (paid) and 5 (not
    // answered yet). Seen answers settle what they paid and their CO-45.
    let (ch1, paid1, co1) = money(&run, &claim1).await;
    let (ch2, _, _) = money(&run, &claim2).await;
    let (ch3, paid3, co3) = money(&run, &claim3).await;
    let (ch4, paid4, co4) = money(&run, &claim4).await;
    let (ch5, _, _) = money(&run, &claim5).await;
    assert_eq!(paid3, 0, "denied");
    let charges = ch1 + ch2 + ch3 + ch4 + ch5;
    let ar = charges - (paid1 + co1) - (paid3 + co3) - (paid4 + co4);
    assert_eq!(
        (r["chargesCents"].as_i64(), r["arCents"].as_i64()),
        (Some(charges), Some(ar))
    );
    assert_eq!(r["calendarDays"], 90, "3 days at 30 payer days each");
    assert_eq!(
        figure(r, "days_in_ar")["value"].as_f64(),
        Some(round2(ar as f64 / (charges as f64 / 90.0)))
    );
    let collectible = (ch1 - co1) + (ch3 - co3) + (ch4 - co4);
    assert_eq!(r["collectedCents"].as_i64(), Some(paid1 + paid4));
    assert_eq!(
        figure(r, "net_collection_rate")["value"].as_f64(),
        Some(round2((paid1 + paid4) as f64 * 100.0 / collectible as f64))
    );
    assert_eq!(r["queriesRaised"], 0);
    assert_eq!(figure(r, "query_compliance")["value"], Value::Null);
    assert!(
        figure(r, "days_in_ar")["reference"]["source"]
            .as_str()
            .unwrap()
            .contains("HFMA")
    );
    // The CSV carries the same figures.
    let csv = r["csv"].as_str().unwrap();
    assert!(
        csv.starts_with("figure,value,unit,reference,direction,source\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\r\nDenial rate,33.33,percent,5,at most,"),
        "{csv}"
    );
    assert!(csv.contains("\r\nDenial reason CO-50,1,lines,"), "{csv}");
    let b = run
        .gql(
            "query($id:ID!){ shiftReportCsv(shiftId:$id) }",
            json!({"id": shift}),
        )
        .await;
    assert_eq!(b["data"]["shiftReportCsv"].as_str(), Some(csv));

    // The paid Summit claim's patient share reaches the patient's statement once posted.
    let b = run.gql(CLAIM, json!({"id": claim4})).await;
    let remit = b["data"]["claim"]["remittance"].clone();
    let share = remit["patientResponsibility"].as_i64().unwrap();
    let b = run
        .gql("mutation($id:ID!,$l:[PostedLineInput!]!){ postRemittance(input:{claimId:$id, lines:$l}){ posted } }", json!({"id": claim4, "l": right_posting(&remit)}))
        .await;
    assert_eq!(b["data"]["postRemittance"]["posted"], true, "{b}");
    let b = run
        .gql(
            "query($c:ID!){ patientStatement(caseId:$c, asOf:\"2027-12-31\"){ amountDue } }",
            json!({"c": c4}),
        )
        .await;
    assert_eq!(
        b["data"]["patientStatement"]["amountDue"].as_i64(),
        Some(share)
    );
}
