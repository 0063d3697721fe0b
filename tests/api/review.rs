//! The instructor's review lists: a cohort's assignments (paginated) and the changes to one
//! (update validated as on creation, close now on the server's clock, delete only while
//! nothing was submitted, each audited); the attempts of an assignment and of a trainee with
//! their scores whatever the feedback policy; a cohort's open disputes carrying the ids that
//! `resolveDispute` and `creditAttemptLine` need; a trainee's claims and claim work, judged
//! as the trainee's own `claimWork` is. A trainee or an employer is FORBIDDEN; another
//! school's instructor gets NOT_FOUND, with the very answer a missing id gets. A delete racing
//! submissions of its attempt through two servers either loses (the score stands) or wins
//! once before any submission, never both.

use crate::helpers::{TestApp, case_id, cases_file, code, field, outsider, paid_claim};
use chrono::{DateTime, Duration, Utc};
use practicum::clock::Clock;
use serde_json::{Value, json};

const CREATE: &str =
    "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }";
const LIST: &str = "query($c:ID!,$f:Int,$a:String){ cohortAssignments(cohortId:$c, first:$f, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { id mode feedbackPolicy attemptLimit opensAt closesAt } } } }";
const UPDATE: &str = "mutation($i:UpdateAssignmentInput!){ updateAssignment(input:$i){ assignment { id mode feedbackPolicy attemptLimit opensAt closesAt } } }";
const CLOSE: &str =
    "mutation($a:ID!){ closeAssignment(input:{assignmentId:$a}){ assignment { id closesAt } } }";
const DELETE: &str = "mutation($a:ID!){ deleteAssignment(input:{assignmentId:$a}){ deletedAssignmentId deletedAttempts } }";
const START: &str =
    "mutation($c:ID!,$a:ID){ startAttempt(input:{caseId:$c, assignmentId:$a}){ attempt { id } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id status score { lines { submitted expected } } } } }";
const ATTEMPTS: &str = "query($a:ID!,$f:Int,$af:String){ assignmentAttempts(assignmentId:$a, first:$f, after:$af){ totalCount pageInfo { hasNextPage endCursor } edges { node { id status percent submittedAt assignmentId trainee { id email } case { id title } score { percent lines { submitted expected } } } } } }";
const TRAINEE_ATTEMPTS: &str = "query($t:ID!,$f:Int,$a:String){ traineeAttempts(traineeId:$t, first:$f, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { id status percent assignmentId case { id } } } } }";
const DISPUTES: &str = "query($c:ID!,$o:Boolean){ cohortDisputes(cohortId:$c, openOnly:$o){ totalCount edges { node { id dispute { status submitted expected citation message } trainee { email } attempt { id case { id } } } } } }";

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

/// The demo cohort, the demo trainee's id, and a library case set of E/M cases.
async fn setting(
    app: &TestApp,
    instructor: &str,
    trainee: &str,
) -> (String, String, String, Vec<String>) {
    let b = app
        .gql(
            Some(trainee),
            "{ me { id } myCohorts { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let me = s(&b["data"]["me"]["id"]);
    let cohort = s(&b["data"]["myCohorts"]["edges"][0]["node"]["id"]);
    let b = app
        .gql(
            Some(instructor),
            "{ caseSets(skillTag: \"CPC:EM\") { edges { node { id cases { id } } } } }",
            json!({}),
        )
        .await;
    let set = &b["data"]["caseSets"]["edges"][0]["node"];
    let cases = set["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .map(|c| s(&c["id"]))
        .collect();
    (cohort, me, s(&set["id"]), cases)
}

/// Creates an assignment open from `opens` to `closes` hours from now.
async fn assign(
    app: &TestApp,
    instructor: &str,
    cohort: &str,
    set: &str,
    policy: &str,
    opens: i64,
    closes: i64,
) -> String {
    let now = Utc::now();
    let input = json!({"cohortId": cohort, "caseSetId": set, "mode": "PRACTICE", "feedbackPolicy": policy,
        "opensAt": (now + Duration::hours(opens)).to_rfc3339(), "closesAt": (now + Duration::hours(closes)).to_rfc3339(), "attemptLimit": 3});
    let b = app.gql(Some(instructor), CREATE, json!({"i": input})).await;
    s(&b["data"]["createAssignment"]["assignment"]["id"])
}

async fn start(app: &TestApp, trainee: &str, case: &str, assignment: Option<&str>) -> String {
    let b = app
        .gql(Some(trainee), START, json!({"c": case, "a": assignment}))
        .await;
    s(&b["data"]["startAttempt"]["attempt"]["id"])
}

async fn submit(app: &TestApp, trainee: &str, attempt: &str) -> Value {
    let b = app
        .gql(
            Some(trainee),
            SUBMIT,
            json!({"id": attempt, "s": {"diagnoses": [{"code": "I10"}]}}),
        )
        .await;
    assert_eq!(
        b["data"]["submitAttempt"]["attempt"]["status"], "SUBMITTED",
        "{b}"
    );
    b["data"]["submitAttempt"]["attempt"].clone()
}

#[tokio::test]
async fn instructors_list_a_cohorts_assignments_and_change_them() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let (cohort, _, set, cases) = setting(&app, &instructor, &trainee).await;
    let open = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", -1, 48).await;
    let to_close = assign(&app, &instructor, &cohort, &set, "AFTER_CLOSE", -1, 48).await;
    let upcoming = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", 24, 48).await;

    // Two pages of two, in creation order; the same list through the cohort.
    let b = app
        .gql(Some(&instructor), LIST, json!({"c": cohort, "f": 2}))
        .await;
    let conn = &b["data"]["cohortAssignments"];
    assert_eq!(conn["totalCount"], 3, "{b}");
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    assert_eq!(conn["edges"][0]["node"]["id"], open.as_str());
    assert_eq!(conn["edges"][1]["node"]["id"], to_close.as_str());
    let b = app
        .gql(
            Some(&instructor),
            LIST,
            json!({"c": cohort, "f": 2, "a": conn["pageInfo"]["endCursor"]}),
        )
        .await;
    let conn = &b["data"]["cohortAssignments"];
    assert_eq!(conn["edges"].as_array().unwrap().len(), 1);
    assert_eq!(conn["edges"][0]["node"]["id"], upcoming.as_str());
    assert_eq!(conn["pageInfo"]["hasNextPage"], false);
    let b = app
        .gql(Some(&instructor), "query($c:ID!){ cohort(id:$c){ assignments(first:1){ totalCount edges { node { id } } } } }", json!({"c": cohort}))
        .await;
    assert_eq!(b["data"]["cohort"]["assignments"]["totalCount"], 3, "{b}");
    let b = app
        .gql(Some(&instructor), LIST, json!({"c": cohort, "f": 101}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "first"));

    // Updates are checked as creation is, and audited.
    let bad = [
        (
            json!({"assignmentId": open, "attemptLimit": 0}),
            "attemptLimit",
        ),
        (
            json!({"assignmentId": open, "attemptLimit": 21}),
            "attemptLimit",
        ),
        (
            json!({"assignmentId": open, "closesAt": (Utc::now() - Duration::hours(2)).to_rfc3339()}),
            "closesAt",
        ),
        (
            json!({"assignmentId": open, "opensAt": (Utc::now() + Duration::hours(72)).to_rfc3339()}),
            "opensAt",
        ),
    ];
    for (input, f) in bad {
        let b = app
            .gql(Some(&instructor), UPDATE, json!({"i": input}))
            .await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", f), "{b}");
    }
    let b = app
        .gql(
            Some(&trainee),
            UPDATE,
            json!({"i": {"assignmentId": open, "attemptLimit": 5}}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
    let b = app
        .gql(Some(&instructor), UPDATE, json!({"i": {"assignmentId": open, "attemptLimit": 5, "mode": "EXAM", "feedbackPolicy": "AFTER_CLOSE"}}))
        .await;
    let a = &b["data"]["updateAssignment"]["assignment"];
    assert_eq!(
        (
            a["attemptLimit"].clone(),
            a["mode"].clone(),
            a["feedbackPolicy"].clone()
        ),
        (json!(5), json!("EXAM"), json!("AFTER_CLOSE")),
        "{b}"
    );
    assert_eq!(app.audit_count("assignment.update").await, 1);

    // Closing sets the end to the server's clock, once; an assignment not open yet does not close.
    let b = app
        .gql(Some(&instructor), CLOSE, json!({"a": to_close}))
        .await;
    let closed: DateTime<Utc> = s(&b["data"]["closeAssignment"]["assignment"]["closesAt"])
        .parse()
        .unwrap_or_else(|_| panic!("{b}"));
    assert_eq!(closed, app.clock.now());
    let b = app
        .gql(Some(&instructor), CLOSE, json!({"a": to_close}))
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    let b = app
        .gql(Some(&instructor), CLOSE, json!({"a": upcoming}))
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    assert_eq!(app.audit_count("assignment.close").await, 1);
    let b = app
        .gql(Some(&trainee), START, json!({"c": cases[0], "a": to_close}))
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "no attempt after closing: {b}");

    // Deleting: refused once an attempt was submitted; otherwise its attempts in progress go too.
    let done = start(&app, &trainee, &cases[0], Some(&open)).await;
    submit(&app, &trainee, &done).await;
    start(&app, &trainee, &cases[1], Some(&open)).await;
    let b = app.gql(Some(&instructor), DELETE, json!({"a": open})).await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    let fresh = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", -1, 48).await;
    let pending = start(&app, &trainee, &cases[0], Some(&fresh)).await;
    let b = app.gql(Some(&trainee), DELETE, json!({"a": fresh})).await;
    assert_eq!(code(&b), "FORBIDDEN");
    let b = app
        .gql(Some(&instructor), DELETE, json!({"a": fresh}))
        .await;
    assert_eq!(b["data"]["deleteAssignment"]["deletedAttempts"], 1, "{b}");
    assert_eq!(
        b["data"]["deleteAssignment"]["deletedAssignmentId"],
        fresh.as_str()
    );
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ id } }",
            json!({"id": pending}),
        )
        .await;
    assert_eq!(
        code(&b),
        "NOT_FOUND",
        "the attempt in progress went with it"
    );
    let b = app
        .gql(Some(&instructor), DELETE, json!({"a": fresh}))
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = app.gql(Some(&instructor), LIST, json!({"c": cohort})).await;
    assert_eq!(b["data"]["cohortAssignments"]["totalCount"], 3);
    assert_eq!(app.audit_count("assignment.delete").await, 1);
}

#[tokio::test]
async fn instructors_review_attempts_and_act_on_open_disputes_from_the_lists() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let (cohort, me, set, cases) = setting(&app, &instructor, &trainee).await;
    let open = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", -1, 48).await;
    let held = assign(&app, &instructor, &cohort, &set, "AFTER_CLOSE", -1, 48).await;

    // Two attempts under the open assignment (one submitted), one under the held one, one free.
    let first = start(&app, &trainee, &cases[0], Some(&open)).await;
    let scored = submit(&app, &trainee, &first).await;
    start(&app, &trainee, &cases[1], Some(&open)).await;
    let hidden = start(&app, &trainee, &cases[0], Some(&held)).await;
    submit(&app, &trainee, &hidden).await;
    let own = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ score { percent } } }",
            json!({"id": hidden}),
        )
        .await;
    assert!(
        own["data"]["attempt"]["score"].is_null(),
        "held from the trainee: {own}"
    );

    let b = app
        .gql(Some(&instructor), ATTEMPTS, json!({"a": open, "f": 1}))
        .await;
    let conn = &b["data"]["assignmentAttempts"];
    assert_eq!(conn["totalCount"], 2, "{b}");
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let n = &conn["edges"][0]["node"];
    assert_eq!(n["id"], first.as_str());
    assert_eq!(n["status"], "SUBMITTED");
    assert_eq!(n["trainee"]["email"], "trainee@practicum.test");
    assert_eq!(n["case"]["id"], cases[0].as_str());
    assert!(
        n["percent"].is_number() && n["submittedAt"].is_string(),
        "{n}"
    );
    let b = app
        .gql(
            Some(&instructor),
            ATTEMPTS,
            json!({"a": open, "f": 1, "af": conn["pageInfo"]["endCursor"]}),
        )
        .await;
    let n = &b["data"]["assignmentAttempts"]["edges"][0]["node"];
    assert_eq!(
        (
            n["status"].clone(),
            n["percent"].clone(),
            n["submittedAt"].clone()
        ),
        (json!("IN_PROGRESS"), Value::Null, Value::Null),
        "{b}"
    );
    // The instructor sees the held score that the trainee does not.
    let b = app
        .gql(Some(&instructor), ATTEMPTS, json!({"a": held}))
        .await;
    let n = &b["data"]["assignmentAttempts"]["edges"][0]["node"];
    assert!(
        n["percent"].is_number() && n["score"]["lines"].is_array(),
        "{b}"
    );

    // A trainee's attempts: assigned and free practice alike.
    let sets = app
        .gql(
            Some(&instructor),
            "{ caseSets(skillTag: \"CPC:RADIOLOGY\") { edges { node { cases { id } } } } }",
            json!({}),
        )
        .await;
    let other = s(&sets["data"]["caseSets"]["edges"][0]["node"]["cases"][0]["id"]);
    let free = start(&app, &trainee, &other, None).await;
    let b = app
        .gql(
            Some(&instructor),
            TRAINEE_ATTEMPTS,
            json!({"t": me, "f": 3}),
        )
        .await;
    let conn = &b["data"]["traineeAttempts"];
    assert_eq!(conn["totalCount"], 4, "{b}");
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let b = app
        .gql(
            Some(&instructor),
            TRAINEE_ATTEMPTS,
            json!({"t": me, "f": 3, "a": conn["pageInfo"]["endCursor"]}),
        )
        .await;
    let n = &b["data"]["traineeAttempts"]["edges"][0]["node"];
    assert_eq!(
        (n["id"].clone(), n["assignmentId"].clone()),
        (json!(free), Value::Null),
        "{b}"
    );

    // The trainee disputes a line; the instructor finds it in the cohort's open disputes and
    // acts on it with the ids the list gives.
    let line = &scored["score"]["lines"][0];
    let raise = "mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ dispute { id } } }";
    let input = json!({"attemptId": first, "submitted": line["submitted"], "expected": line["expected"], "citation": "ICD-10-CM I.C.9.a.1", "message": "The note documents hypertension"});
    let b = app.gql(Some(&trainee), raise, json!({"i": input})).await;
    assert!(b["errors"].is_null(), "{b}");
    let b = app
        .gql(Some(&instructor), DISPUTES, json!({"c": cohort}))
        .await;
    let conn = &b["data"]["cohortDisputes"];
    assert_eq!(conn["totalCount"], 1, "{b}");
    let d = &conn["edges"][0]["node"];
    assert_eq!(d["dispute"]["citation"], "ICD-10-CM I.C.9.a.1");
    assert_eq!(d["dispute"]["message"], "The note documents hypertension");
    assert_eq!(d["dispute"]["submitted"], line["submitted"]);
    assert_eq!(d["dispute"]["expected"], line["expected"]);
    assert_eq!(d["trainee"]["email"], "trainee@practicum.test");
    assert_eq!(d["attempt"]["id"], first.as_str());
    let b = app
        .gql(Some(&instructor), "mutation($i:ResolveDisputeInput!){ resolveDispute(input:$i){ dispute { status } } }", json!({"i": {"disputeId": d["id"], "accept": true, "reason": "Documented in the assessment"}}))
        .await;
    assert_eq!(
        b["data"]["resolveDispute"]["dispute"]["status"], "ACCEPTED",
        "{b}"
    );
    let b = app
        .gql(Some(&instructor), DISPUTES, json!({"c": cohort}))
        .await;
    assert_eq!(
        b["data"]["cohortDisputes"]["totalCount"], 0,
        "no longer open: {b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            DISPUTES,
            json!({"c": cohort, "o": false}),
        )
        .await;
    assert_eq!(
        b["data"]["cohortDisputes"]["edges"][0]["node"]["dispute"]["status"], "ACCEPTED",
        "{b}"
    );

    // Manual credit with the attempt id and line from the review list.
    let b = app
        .gql(Some(&instructor), ATTEMPTS, json!({"a": held}))
        .await;
    let n = &b["data"]["assignmentAttempts"]["edges"][0]["node"];
    let line = &n["score"]["lines"][0];
    let b = app
        .gql(Some(&instructor), "mutation($i:CreditAttemptLineInput!){ creditAttemptLine(input:$i){ attempt { id } } }", json!({"i": {"attemptId": n["id"], "submitted": line["submitted"], "expected": line["expected"], "credit": true, "reason": "Accepted per the note"}}))
        .await;
    assert!(b["errors"].is_null(), "{b}");
}

#[tokio::test]
async fn the_lists_refuse_trainees_and_answer_another_school_as_if_nothing_were_there() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let employer = app.token("employer").await;
    let admin = app.token("admin").await;
    let (cohort, me, set, cases) = setting(&app, &instructor, &trainee).await;
    let open = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", -1, 48).await;
    start(&app, &trainee, &cases[0], Some(&open)).await;
    let rival = outsider(&app, &admin, "SCHOOL", "INSTRUCTOR", "rival@school.test").await;
    let staff_id =
        s(&app.gql(Some(&instructor), "{ me { id } }", json!({})).await["data"]["me"]["id"]);

    let reads = [
        (
            "query($id:ID!){ cohortAssignments(cohortId:$id){ totalCount } }",
            cohort.as_str(),
        ),
        (
            "query($id:ID!){ assignmentAttempts(assignmentId:$id){ totalCount } }",
            open.as_str(),
        ),
        (
            "query($id:ID!){ traineeAttempts(traineeId:$id){ totalCount } }",
            me.as_str(),
        ),
        (
            "query($id:ID!){ cohortDisputes(cohortId:$id){ totalCount } }",
            cohort.as_str(),
        ),
        (
            "query($id:ID!){ traineeClaims(traineeId:$id){ totalCount } }",
            me.as_str(),
        ),
        (
            "query($id:ID!){ traineeClaimWork(traineeId:$id){ totalCount } }",
            me.as_str(),
        ),
    ];
    for (q, id) in reads {
        // The school's instructor and any admin read it.
        for t in [&instructor, &admin] {
            let b = app.gql(Some(t), q, json!({"id": id})).await;
            assert!(b["errors"].is_null(), "{q}: {b}");
        }
        // A trainee and an employer are refused, whatever the id.
        for t in [&trainee, &employer] {
            for id in [id, "999999"] {
                assert_eq!(
                    code(&app.gql(Some(t), q, json!({"id": id})).await),
                    "FORBIDDEN",
                    "{q}"
                );
            }
        }
        // Another school's instructor is told exactly what a missing id tells.
        let theirs = app.gql(Some(&rival), q, json!({"id": id})).await;
        let missing = app.gql(Some(&instructor), q, json!({"id": "999999"})).await;
        assert_eq!(code(&theirs), "NOT_FOUND", "{q}: {theirs}");
        assert_eq!(
            theirs["errors"][0]["message"], missing["errors"][0]["message"],
            "{q}"
        );
    }
    // The cohort's members read the cohort, not its assignments' list.
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ cohort(id:$id){ assignments { totalCount } } }",
            json!({"id": cohort}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "{b}");
    // An account that is not a trainee is no trainee to review.
    let b = app
        .gql(
            Some(&instructor),
            "query($id:ID!){ traineeAttempts(traineeId:$id){ totalCount } }",
            json!({"id": staff_id}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND");

    for (m, vars) in [
        (
            UPDATE,
            json!({"i": {"assignmentId": open, "attemptLimit": 2}}),
        ),
        (CLOSE, json!({"a": open})),
        (DELETE, json!({"a": open})),
    ] {
        let b = app.gql(Some(&rival), m, vars.clone()).await;
        assert_eq!(code(&b), "NOT_FOUND", "{m}: {b}");
        assert_eq!(
            code(&app.gql(Some(&employer), m, vars).await),
            "FORBIDDEN",
            "{m}"
        );
    }
    // An admin of the platform manages any school's assignment.
    let b = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({"i": {"assignmentId": open, "attemptLimit": 2}}),
        )
        .await;
    assert_eq!(
        b["data"]["updateAssignment"]["assignment"]["attemptLimit"], 2,
        "{b}"
    );
}

#[tokio::test]
async fn instructors_read_a_trainees_claims_and_the_claim_work_the_trainee_sees() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let me = s(&app.gql(Some(&trainee), "{ me { id } }", json!({})).await["data"]["me"]["id"]);
    let file = cases_file("claims-denials.json");
    let denials: Vec<Value> = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .cloned()
        .collect();
    for c in &denials {
        paid_claim(&app, &trainee, c).await;
    }
    let ids = [
        case_id(&app, denials[0]["slug"].as_str().unwrap()).await,
        case_id(&app, denials[1]["slug"].as_str().unwrap()).await,
    ];

    let q = "query($t:ID!,$c:ID,$st:ClaimStatus){ traineeClaims(traineeId:$t, caseId:$c, status:$st){ totalCount edges { node { id caseId status } } } }";
    let b = app.gql(Some(&instructor), q, json!({"t": me})).await;
    assert_eq!(b["data"]["traineeClaims"]["totalCount"], 2, "{b}");
    let b = app
        .gql(Some(&instructor), q, json!({"t": me, "c": ids[1]}))
        .await;
    assert_eq!(
        b["data"]["traineeClaims"]["edges"][0]["node"]["caseId"],
        ids[1].as_str(),
        "{b}"
    );
    let b = app
        .gql(Some(&instructor), q, json!({"t": me, "st": "DRAFT"}))
        .await;
    assert_eq!(
        b["data"]["traineeClaims"]["totalCount"], 0,
        "both were sent: {b}"
    );

    let work = "query($t:ID!,$f:Int,$a:String){ traineeClaimWork(traineeId:$t, first:$f, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { case { id } work { outcome score remedyTaken steps { action outcome correct } } } } } }";
    let b = app
        .gql(Some(&instructor), work, json!({"t": me, "f": 1}))
        .await;
    let conn = &b["data"]["traineeClaimWork"];
    assert_eq!(
        (
            conn["totalCount"].clone(),
            conn["pageInfo"]["hasNextPage"].clone()
        ),
        (json!(2), json!(true)),
        "{b}"
    );
    let first = conn["edges"][0]["node"].clone();
    let b = app
        .gql(
            Some(&instructor),
            work,
            json!({"t": me, "f": 1, "a": conn["pageInfo"]["endCursor"]}),
        )
        .await;
    let second = b["data"]["traineeClaimWork"]["edges"][0]["node"].clone();
    for (node, case) in [(first, &ids[0]), (second, &ids[1])] {
        assert_eq!(node["case"]["id"], case.as_str());
        let own = app
            .gql(Some(&trainee), "query($c:ID!){ claimWork(caseId:$c){ outcome score remedyTaken steps { action outcome correct } } }", json!({"c": case}))
            .await;
        assert_eq!(
            node["work"], own["data"]["claimWork"],
            "the trainee's own judgement"
        );
        assert_ne!(node["work"]["outcome"], "NOT_STARTED");
    }
}

/// Concurrent callers in the race below.
const RACERS: usize = 24;

#[tokio::test]
async fn a_delete_racing_submissions_through_two_servers_never_loses_a_score() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let second = app.second_server().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let (cohort, _, set, cases) = setting(&app, &instructor, &trainee).await;
    let assignment = assign(&app, &instructor, &cohort, &set, "IMMEDIATE", -1, 48).await;
    let attempt = start(&app, &trainee, &cases[0], Some(&assignment)).await;

    // Half the callers submit the attempt, half delete its assignment, released together
    // and spread over the two servers.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(RACERS));
    let calls = (0..RACERS).map(|i| {
        let barrier = barrier.clone();
        let base = if i % 2 == 0 {
            app.url.clone()
        } else {
            second.clone()
        };
        let (app, instructor, trainee) = (&app, &instructor, &trainee);
        let (assignment, attempt) = (&assignment, &attempt);
        async move {
            barrier.wait().await;
            if i % 2 == 0 {
                let b = app
                    .gql_at(
                        &base,
                        Some(trainee),
                        SUBMIT,
                        json!({"id": attempt, "s": {"diagnoses": [{"code": "I10"}]}}),
                    )
                    .await;
                ("submit", b)
            } else {
                (
                    "delete",
                    app.gql_at(&base, Some(instructor), DELETE, json!({"a": assignment}))
                        .await,
                )
            }
        }
    });
    let results = futures::future::join_all(calls).await;
    let won = |op: &str, field: &str| {
        results
            .iter()
            .filter(|(o, b)| *o == op && b["errors"].is_null() && !b["data"][field].is_null())
            .count()
    };
    let (submitted, deleted) = (
        won("submit", "submitAttempt"),
        won("delete", "deleteAssignment"),
    );
    for (op, b) in &results {
        if !b["errors"].is_null() {
            assert!(["NOT_FOUND", "CONFLICT"].contains(&code(b)), "{op}: {b}");
        }
    }
    // Either the attempt was scored (then the assignment stays), or the assignment went
    // first, once, with the attempt still in progress; never both.
    assert_eq!(
        deleted.min(1) + submitted.min(1),
        1,
        "submits {submitted}, deletes {deleted}"
    );
    assert!(deleted <= 1);
    assert_eq!(app.audit_count("assignment.delete").await, deleted as i64);
    assert_eq!(
        app.audit_count("attempt.submit").await,
        submitted.min(1) as i64
    );
    let b = app
        .gql(Some(&instructor), ATTEMPTS, json!({"a": assignment}))
        .await;
    if deleted == 1 {
        assert_eq!(code(&b), "NOT_FOUND", "{b}");
    } else {
        let n = &b["data"]["assignmentAttempts"]["edges"][0]["node"];
        assert_eq!(
            (n["id"].clone(), n["status"].clone()),
            (json!(attempt), json!("SUBMITTED")),
            "{b}"
        );
    }
}
