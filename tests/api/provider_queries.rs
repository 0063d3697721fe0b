//! Provider queries through the API, on the seeded query cases (seed/cases/provider-queries.json):
//! - a compliant query is answered: the provider's signed addendum joins the attempt's
//!   documents, and the attempt is scored against the key after the answer (the query's
//!   coding earns 100 %; a trainee who codes without querying loses the specific code and the
//!   score report says a warranted query was not raised);
//! - a leading query is answered but scored non-compliant with each rule it broke; a query
//!   that mentions payment is withheld (no answer, no addendum); a query on a clear record, or
//!   on a case without a query script, is answered "no change" and flagged unnecessary;
//! - in an AFTER_CLOSE assignment (an exam) the provider answers but the verdict (compliance,
//!   findings) stays hidden until the window closes, so a candidate cannot rework a query
//!   until it passes;
//! - only the attempt's trainee raises; the organization's instructor reads the queries;
//!   another school's trainee is told the attempt does not exist;
//! - bad input and limits are refused with extensions.code and extensions.field;
//! - the end-of-shift report counts the queries raised on the shift's encounters (and the
//!   compliant ones), not those of attempts filed elsewhere.

use crate::helpers::{TestApp, case_id, case_set_id, code, field};
use serde_json::{Value, json};

const START: &str = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
const RAISE: &str = "mutation($i:RaiseProviderQueryInput!){ raiseProviderQuery(input:$i){
    query { id queryType compliant necessary answered reply indicators options }
    findings { code severity rule guideline detail }
    answer { kind title body queryId } } }";
const DOCS: &str = "query($id:ID!){ attempt(id:$id){ documents { position title body queryId }
    providerQueries { id compliant findings { code } } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { score {
    percent lines { verdict submitted expected }
    providerQueries { warranted ambiguity findings { code } queries { compliant necessary findings { code } } } } } } }";

async fn start(app: &TestApp, token: &str, slug: &str) -> String {
    let c = case_id(app, slug).await;
    let b = app.gql(Some(token), START, json!({"c": c})).await;
    b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

async fn raise(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(Some(token), RAISE, json!({ "i": input })).await
}

fn codes(findings: &Value) -> Vec<&str> {
    findings
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {findings}"))
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

/// A compliant multiple-choice query on the A1c case.
fn compliant_a1c(attempt: &str) -> Value {
    json!({
        "attemptId": attempt, "type": "MULTIPLE_CHOICE",
        "indicators": ["Hemoglobin A1c 9.1 % (01/2026: 8.2 %)", "Glipizide 5 mg daily added"],
        "question": "Based on the indicators above, please clarify the type 2 diabetes mellitus assessed at this visit.",
        "options": ["Type 2 diabetes mellitus with hyperglycemia", "Type 2 diabetes mellitus, at goal, without hyperglycemia",
                    "Other (please specify)", "Clinically undetermined"],
    })
}

fn submission(dx: &[&str]) -> Value {
    json!({
        "diagnoses": dx.iter().map(|c| json!({"code": c})).collect::<Vec<_>>(),
        "procedures": [{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A", "B"]}],
    })
}

#[tokio::test]
async fn a_compliant_query_is_answered_and_the_attempt_scores_against_the_key_after_the_answer() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let queried = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;

    let before = app.gql(Some(&trainee), DOCS, json!({"id": queried})).await;
    assert_eq!(
        before["data"]["attempt"]["documents"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{before}"
    );

    let b = raise(&app, &trainee, compliant_a1c(&queried)).await;
    let r = &b["data"]["raiseProviderQuery"];
    assert_eq!(codes(&r["findings"]), Vec::<&str>::new(), "{b}");
    assert_eq!(r["query"]["compliant"], true);
    assert_eq!(r["query"]["necessary"], true);
    assert_eq!(r["query"]["answered"], true);
    assert_eq!(
        r["answer"]["title"],
        "Addendum to the office visit of 2026-04-14"
    );
    assert!(
        r["answer"]["body"]
            .as_str()
            .unwrap()
            .contains("type 2 diabetes mellitus with hyperglycemia")
    );
    assert_eq!(r["query"]["reply"], r["answer"]["body"]);

    // The addendum is now a document of the attempt, after the case's own.
    let after = app.gql(Some(&trainee), DOCS, json!({"id": queried})).await;
    let docs = after["data"]["attempt"]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "{after}");
    assert_eq!(
        docs[1]["title"],
        "Addendum to the office visit of 2026-04-14"
    );
    assert_eq!(docs[1]["queryId"], r["query"]["id"]);
    assert_eq!(docs[1]["position"], 1);

    // Coding from the addendum earns the whole key; the report shows the query.
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": queried, "s": submission(&["E11.65", "E78.5", "Z79.84"])}),
        )
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    assert_eq!(score["percent"], 100.0, "{b}");
    let review = &score["providerQueries"];
    assert_eq!(review["warranted"], true);
    assert!(review["ambiguity"].as_str().unwrap().contains("above goal"));
    assert_eq!(codes(&review["findings"]), Vec::<&str>::new());
    assert_eq!(review["queries"][0]["compliant"], true);

    // Coding the same note without querying: scored against the key after the answer, the
    // specific code is lost, and the report says a query was warranted.
    let unqueried = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": unqueried, "s": submission(&["E11.9", "E78.5", "Z79.84"])}),
        )
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    assert!(score["percent"].as_f64().unwrap() < 100.0, "{b}");
    let lost = score["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["expected"] == "E1165" && l["verdict"] == "MISSING");
    assert!(lost, "{b}");
    assert_eq!(
        codes(&score["providerQueries"]["findings"]),
        ["QUERY_NOT_RAISED"]
    );
    assert_eq!(score["providerQueries"]["queries"], json!([]));
    assert_eq!(app.audit_count("provider_query.raise").await, 1);
}

#[tokio::test]
async fn leading_payment_and_unnecessary_queries_are_flagged_with_their_rules() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;

    // Leading: one diagnosis the culture does not support, no "other", no "undetermined".
    let pna = start(&app, &trainee, "pq-pneumonia-culture-organism").await;
    let b = raise(
        &app,
        &trainee,
        json!({
            "attemptId": pna, "type": "MULTIPLE_CHOICE",
            "indicators": ["moderate growth Haemophilus influenzae, beta-lactamase positive"],
            "question": "Which organism caused the pneumonia?",
            "options": ["MRSA pneumonia"],
        }),
    )
    .await;
    let r = &b["data"]["raiseProviderQuery"];
    assert_eq!(
        codes(&r["findings"]),
        [
            "TOO_FEW_OPTIONS",
            "OPTION_NOT_REASONABLE",
            "UNSUPPORTED_DIAGNOSIS",
            "MISSING_OTHER_OPTION",
            "MISSING_UNDETERMINED_OPTION"
        ],
        "{b}"
    );
    assert_eq!(r["query"]["compliant"], false);
    assert_eq!(
        r["query"]["answered"], true,
        "a leading query is still answered"
    );
    assert_eq!(
        r["answer"]["title"],
        "Addendum to the office visit of 2026-02-21"
    );
    for f in r["findings"].as_array().unwrap() {
        assert_eq!(f["severity"], "NON_COMPLIANT", "{f}");
        assert!(
            f["guideline"]
                .as_str()
                .unwrap()
                .contains("Compliant Query Practice (2022 Update)")
        );
    }

    // Payment: withheld, so no answer and no addendum.
    let anemia = start(&app, &trainee, "pq-anemia-after-hip-arthroplasty").await;
    let b = raise(&app, &trainee, json!({
        "attemptId": anemia, "type": "OPEN_ENDED",
        "indicators": ["estimated blood loss 650 mL", "POD 2 Hgb 8.1"],
        "question": "Can you specify the type of anemia? Acute blood loss anemia would improve our reimbursement.",
    })).await;
    let r = &b["data"]["raiseProviderQuery"];
    assert_eq!(codes(&r["findings"]), ["PAYMENT_OR_QUALITY"], "{b}");
    assert_eq!(r["findings"][0]["severity"], "BLOCKING");
    assert!(
        r["findings"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("reimbursement")
    );
    assert_eq!(r["query"]["answered"], false);
    assert_eq!(r["answer"], Value::Null);
    assert!(
        r["query"]["reply"]
            .as_str()
            .unwrap()
            .starts_with("Not sent")
    );
    let docs = app.gql(Some(&trainee), DOCS, json!({"id": anemia})).await;
    assert_eq!(
        docs["data"]["attempt"]["documents"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{docs}"
    );

    // Unnecessary: the record is clear; answered "no change", compliant, flagged.
    let clear = start(&app, &trainee, "pq-clear-dm2-ckd3a").await;
    let b = raise(&app, &trainee, json!({
        "attemptId": clear, "type": "OPEN_ENDED",
        "indicators": ["eGFR 52 mL/min/1.73 m2"],
        "question": "Based on the eGFR, can the stage of the chronic kidney disease be clarified?",
    })).await;
    let r = &b["data"]["raiseProviderQuery"];
    assert_eq!(codes(&r["findings"]), ["UNNECESSARY_QUERY"], "{b}");
    assert_eq!(r["findings"][0]["severity"], "UNNECESSARY");
    assert_eq!(
        (
            r["query"]["compliant"].clone(),
            r["query"]["necessary"].clone()
        ),
        (json!(true), json!(false))
    );
    assert_eq!(r["answer"], Value::Null);
    assert!(
        r["query"]["reply"]
            .as_str()
            .unwrap()
            .starts_with("No change")
    );

    // A case without a query script: the same as a clear record, and its report shows it.
    let plain = start(
        &app,
        &trainee,
        "cx-adult-sore-throat-new-patient-waived-antigen",
    )
    .await;
    let b = raise(&app, &trainee, json!({
        "attemptId": plain, "type": "OPEN_ENDED",
        "indicators": ["Rapid strep A antigen test"], "question": "Is the pharyngitis streptococcal?",
    })).await;
    assert_eq!(
        codes(&b["data"]["raiseProviderQuery"]["findings"]),
        ["UNNECESSARY_QUERY"],
        "{b}"
    );
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": plain, "s": {"diagnoses": [{"code": "J02.0"}]}}),
        )
        .await;
    let review = &b["data"]["submitAttempt"]["attempt"]["score"]["providerQueries"];
    assert_eq!(review["warranted"], false, "{b}");
    assert_eq!(review["ambiguity"], Value::Null);
    assert_eq!(
        codes(&review["queries"][0]["findings"]),
        ["UNNECESSARY_QUERY"]
    );
}

#[tokio::test]
async fn only_the_trainee_raises_and_the_organizations_staff_read_the_queries() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let instructor = app.token("instructor").await;
    let admin = app.token("admin").await;
    let attempt = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;
    raise(&app, &trainee, compliant_a1c(&attempt)).await;

    let b = raise(&app, &instructor, compliant_a1c(&attempt)).await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    let b = app
        .gql(Some(&instructor), DOCS, json!({"id": attempt}))
        .await;
    assert_eq!(
        b["data"]["attempt"]["providerQueries"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{b}"
    );
    assert_eq!(
        b["data"]["attempt"]["documents"].as_array().unwrap().len(),
        2
    );

    let other = crate::helpers::outsider(
        &app,
        &admin,
        "SCHOOL",
        "TRAINEE",
        "other-school@example.org",
    )
    .await;
    let b = raise(&app, &other, compliant_a1c(&attempt)).await;
    assert_eq!((code(&b), field(&b)), ("NOT_FOUND", "attemptId"), "{b}");
    let b = app.gql(Some(&other), DOCS, json!({"id": attempt})).await;
    assert_eq!(code(&b), "NOT_FOUND", "{b}");
    let b = app
        .gql(None, RAISE, json!({"i": compliant_a1c(&attempt)}))
        .await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");
    assert_eq!(app.audit_count("provider_query.raise").await, 1);
}

#[tokio::test]
async fn bad_input_and_limits_name_their_field() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let attempt = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut i = compliant_a1c(&attempt);
        f(&mut i);
        i
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(&|i| i["attemptId"] = json!("999999")),
            "NOT_FOUND",
            "attemptId",
        ),
        (
            with(&|i| i["attemptId"] = json!("abc")),
            "BAD_USER_INPUT",
            "attemptId",
        ),
        (
            with(&|i| i["indicators"] = json!([])),
            "BAD_USER_INPUT",
            "indicators",
        ),
        (
            with(&|i| i["indicators"] = json!(["  "])),
            "BAD_USER_INPUT",
            "indicators[0]",
        ),
        (
            with(&|i| i["indicators"] = json!(vec!["A1c"; 11])),
            "BAD_USER_INPUT",
            "indicators",
        ),
        (
            with(&|i| i["question"] = json!("")),
            "BAD_USER_INPUT",
            "question",
        ),
        (
            with(&|i| i["question"] = json!("x".repeat(2_001))),
            "BAD_USER_INPUT",
            "question",
        ),
        (
            with(&|i| i["options"] = json!(vec!["Other"; 9])),
            "BAD_USER_INPUT",
            "options",
        ),
        (
            with(&|i| i["options"][0] = json!("o".repeat(201))),
            "BAD_USER_INPUT",
            "options[0]",
        ),
        (
            with(&|i| i["type"] = json!("OPEN_ENDED")),
            "BAD_USER_INPUT",
            "options",
        ),
    ];
    for (input, want, at) in cases {
        let b = raise(&app, &trainee, input.clone()).await;
        assert_eq!((code(&b), field(&b)), (want, at), "{input} -> {b}");
    }
    // Five queries per attempt, then the limit.
    for _ in 0..5 {
        let b = raise(&app, &trainee, compliant_a1c(&attempt)).await;
        assert!(b["errors"].is_null(), "{b}");
    }
    let b = raise(&app, &trainee, compliant_a1c(&attempt)).await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "attemptId"),
        "{b}"
    );
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 5")
    );
    // A submitted attempt takes no query.
    let done = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;
    app.gql(
        Some(&trainee),
        SUBMIT,
        json!({"id": done, "s": submission(&["E11.9"])}),
    )
    .await;
    let b = raise(&app, &trainee, compliant_a1c(&done)).await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "attemptId"),
        "{b}"
    );
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("submitted")
    );
}

#[tokio::test]
async fn the_end_of_shift_report_counts_the_queries_raised_and_the_compliant_ones() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let set = case_set_id(&app, "provider-queries").await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($s:ID!){ startShift(input:{caseSetId:$s, days:1, encountersPerDay:2, startDate:\"2026-06-15\"}){
                shift { id queue { encounters { id caseId } } } } }",
            json!({"s": set}),
        )
        .await;
    let shift = &b["data"]["startShift"]["shift"];
    let encounters = shift["queue"]["encounters"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(encounters.len(), 2, "{b}");

    // Day 1 holds the set's first two cases: a compliant query on the first, a leading one on
    // the second.
    assert_eq!(
        encounters[0]["caseId"],
        json!(case_id(&app, "pq-dm2-a1c-above-goal").await)
    );
    assert_eq!(
        encounters[1]["caseId"],
        json!(case_id(&app, "pq-pneumonia-culture-organism").await)
    );
    let first = start(&app, &trainee, "pq-dm2-a1c-above-goal").await;
    let second = start(&app, &trainee, "pq-pneumonia-culture-organism").await;
    let leading = json!({"attemptId": second, "type": "OPEN_ENDED",
        "indicators": ["moderate growth Haemophilus influenzae, beta-lactamase positive"],
        "question": "Please document the organism so that we can code it."});
    for q in [compliant_a1c(&first), leading] {
        let r = raise(&app, &trainee, q).await;
        assert!(r["errors"].is_null(), "{r}");
    }
    let attempts = [
        (encounters[0]["id"].clone(), first),
        (encounters[1]["id"].clone(), second),
    ];
    // A query on an attempt filed to no shift is not counted.
    let stray = start(&app, &trainee, "pq-anemia-after-hip-arthroplasty").await;
    raise(&app, &trainee, compliant_a1c(&stray)).await;

    for (encounter, attempt) in &attempts {
        let b = app
            .gql(
                Some(&trainee),
                SUBMIT,
                json!({"id": attempt, "s": submission(&["E11.65"])}),
            )
            .await;
        assert!(b["errors"].is_null(), "{b}");
        let b = app
            .gql(
                Some(&trainee),
                "mutation($e:ID!,$a:ID!){ codeShiftEncounter(input:{encounterId:$e, attemptId:$a}){ encounter { id } } }",
                json!({"e": encounter, "a": attempt}),
            )
            .await;
        assert!(b["errors"].is_null(), "{b}");
    }
    let b = app
        .gql(
            Some(&trainee),
            "query($s:ID!){ shiftReport(shiftId:$s){ queriesRaised queriesCompliant figures { key value } } }",
            json!({"s": shift["id"]}),
        )
        .await;
    let r = &b["data"]["shiftReport"];
    assert_eq!(
        (r["queriesRaised"].clone(), r["queriesCompliant"].clone()),
        (json!(2), json!(1)),
        "{b}"
    );
    let figure = r["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "query_compliance")
        .unwrap();
    assert_eq!(figure["value"], 50.0, "{b}");
}

#[tokio::test]
async fn in_an_after_close_exam_the_verdict_waits_for_the_window_but_the_answer_does_not() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let cohorts = app
        .gql(
            Some(&trainee),
            "{ myCohorts { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let cohort = cohorts["data"]["myCohorts"]["edges"][0]["node"]["id"].clone();
    let set = case_set_id(&app, "provider-queries").await;
    let now = chrono::Utc::now();
    let b = app
        .gql(
            Some(&instructor),
            "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }",
            json!({"i": {"cohortId": cohort, "caseSetId": set, "mode": "EXAM", "feedbackPolicy": "AFTER_CLOSE",
                "opensAt": (now - chrono::Duration::hours(1)).to_rfc3339(),
                "closesAt": (now + chrono::Duration::hours(2)).to_rfc3339()}}),
        )
        .await;
    let assignment = b["data"]["createAssignment"]["assignment"]["id"].clone();
    assert!(assignment.is_string(), "{b}");
    let c = case_id(&app, "pq-dm2-a1c-above-goal").await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!,$a:ID){ startAttempt(input:{caseId:$c, assignmentId:$a}){ attempt { id } } }",
            json!({"c": c, "a": assignment}),
        )
        .await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    // A leading query (no escape options): answered, verdict withheld.
    let mut q = compliant_a1c(&attempt);
    q["options"] = json!([
        "Type 2 diabetes mellitus with hyperglycemia",
        "Type 2 diabetes mellitus, at goal, without hyperglycemia"
    ]);
    let b = raise(&app, &trainee, q).await;
    let r = &b["data"]["raiseProviderQuery"];
    assert_eq!(r["findings"], Value::Null, "{b}");
    assert_eq!(r["query"]["compliant"], Value::Null);
    assert_eq!(r["query"]["necessary"], Value::Null);
    assert_eq!(r["query"]["answered"], true);
    assert_eq!(
        r["answer"]["title"],
        "Addendum to the office visit of 2026-04-14"
    );
    let b = app.gql(Some(&trainee), DOCS, json!({"id": attempt})).await;
    assert_eq!(
        b["data"]["attempt"]["providerQueries"][0]["findings"],
        Value::Null,
        "{b}"
    );
    // Stored all the same: the instructor's report reads it once the window closes.
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT compliant FROM provider_query WHERE attempt_id = {attempt}"),
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(!row.try_get::<bool>("", "compliant").unwrap());
}
