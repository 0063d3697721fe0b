//! Tenant boundaries inside and across organizations (issue #25 items 4-8), each case the
//! security review found as a test that failed before the fix:
//! - roles within an organization: an EMPLOYER does not invite into an instructor's cohort nor
//!   revoke a cohort invitation; an INSTRUCTOR does not revoke an employer's assessment codes;
//!   each revokes the kind they issue;
//! - the candidates' CSV neutralizes a display name a spreadsheet would evaluate (`=2+5`);
//! - no existence oracle: another organization's trainee account (`patientAccount`) and
//!   dispute (`resolveDispute`) answer exactly what a missing id answers;
//! - `recordFollowUp`, `saveExamAnswer`, `createPaymentPlan` and `setAutoPosting` each write
//!   one audit row, naming the organization that owns what they touched;
//! - a missing organization answers NOT_FOUND on `organizationId` in `createCohort`,
//!   `createInvitation`, `importCaseSet` and `setAutoPosting`, and nothing is stored for it.

use crate::helpers::{TestApp, case_id, cases_file, code, field, outsider, paid_claim};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const INVITE: &str = "mutation($o:ID!,$r:Role!,$c:ID){ createInvitation(input:{organizationId:$o, role:$r, cohortId:$c}){ invitation { id } code } }";
const REVOKE: &str =
    "mutation($id:ID!){ revokeInvitation(input:{id:$id}){ invitation { revoked } } }";
const ASSESS: &str = "mutation($q:[ID!]!){ createAssessment(input:{title:\"Screening\", questionIds:$q, durationMinutes:30}){ assessment { id } } }";
const CODES: &str =
    "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:1}){ codes } }";
const START_EXAM: &str = "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id } } }";

async fn int(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get::<i64>("", "n")
        .or_else(|_| row.try_get::<i32>("", "n").map(i64::from))
        .unwrap()
}

/// The newest audit row's id.
async fn last_audit(app: &TestApp) -> i64 {
    int(app, "SELECT COALESCE(MAX(id), 0) AS n FROM audit_log").await
}

/// The audit rows written after row `last`: (action, organization).
async fn audit_since(app: &TestApp, last: i64) -> Vec<(String, Option<i32>)> {
    let sql =
        format!("SELECT action, organization_id FROM audit_log WHERE id > {last} ORDER BY id");
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get::<String>("", "action").unwrap(),
                r.try_get::<Option<i32>>("", "organization_id").unwrap(),
            )
        })
        .collect()
}

/// An employer's assessment of one bank question.
async fn assessment(app: &TestApp, employer: &str) -> String {
    let q = int(app, "SELECT MIN(id) AS n FROM question_item").await;
    let b = app
        .gql(Some(employer), ASSESS, json!({"q": [q.to_string()]}))
        .await;
    b["data"]["createAssessment"]["assessment"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

async fn candidate_code(app: &TestApp, employer: &str, form: &str) -> String {
    let b = app.gql(Some(employer), CODES, json!({"f": form})).await;
    b["data"]["inviteCandidates"]["codes"][0]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

#[tokio::test]
async fn cohort_invitations_are_the_instructors_and_each_revokes_the_kind_they_issue() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let employer = app.token("employer").await;
    let org = app.demo_org_id().await;
    let cohort = int(
        &app,
        "SELECT id AS n FROM cohort WHERE name = 'Demo Cohort'",
    )
    .await;
    let into_cohort = json!({"o": org, "r": "TRAINEE", "c": cohort.to_string()});

    let b = app.gql(Some(&employer), INVITE, into_cohort.clone()).await;
    assert_eq!(code(&b), "FORBIDDEN", "an employer fills no cohort: {b}");
    let b = app.gql(Some(&instructor), INVITE, into_cohort).await;
    let cohort_invite = b["data"]["createInvitation"]["invitation"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();

    let form = assessment(&app, &employer).await;
    candidate_code(&app, &employer, &form).await;
    let code_invite = int(
        &app,
        &format!("SELECT id AS n FROM invitation WHERE exam_form_id = {form}"),
    )
    .await
    .to_string();

    let b = app
        .gql(Some(&instructor), REVOKE, json!({"id": code_invite}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "not the instructor's to revoke: {b}");
    let b = app
        .gql(Some(&employer), REVOKE, json!({"id": cohort_invite}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN", "not the employer's to revoke: {b}");
    for (who, id) in [(&employer, &code_invite), (&instructor, &cohort_invite)] {
        let b = app.gql(Some(who), REVOKE, json!({"id": id})).await;
        assert_eq!(
            b["data"]["revokeInvitation"]["invitation"]["revoked"], true,
            "{b}"
        );
    }
}

#[tokio::test]
async fn a_display_name_a_spreadsheet_would_evaluate_is_neutralized_in_the_csv() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let form = assessment(&app, &employer).await;
    let invite = candidate_code(&app, &employer, &form).await;
    let b = app
        .gql(
            None,
            "mutation($i:RegisterInput!){ register(input:$i){ accessToken } }",
            json!({"i": {"email": "formula@practicum.test", "password": "a long enough password", "displayName": "=2+5", "invitationCode": invite}}),
        )
        .await;
    let token = b["data"]["register"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app.gql(Some(&token), START_EXAM, json!({"f": form})).await;
    assert!(b["errors"].is_null(), "{b}");

    let b = app
        .gql(
            Some(&employer),
            "query($f:ID!){ assessmentCandidatesCsv(assessmentId:$f) }",
            json!({"f": form}),
        )
        .await;
    let csv = b["data"]["assessmentCandidatesCsv"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"));
    let row = csv.lines().nth(1).unwrap_or_else(|| panic!("{csv}"));
    assert!(row.starts_with("'=2+5,"), "{csv}");
    for cell in csv.lines().flat_map(|l| l.split(',')) {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {csv}");
    }
}

#[tokio::test]
async fn another_organizations_account_and_dispute_answer_as_missing_ones() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let trainee = app.token("trainee").await;
    let other_instructor = outsider(
        &app,
        &admin,
        "SCHOOL",
        "INSTRUCTOR",
        "b-inst@practicum.test",
    )
    .await;
    let other_trainee = outsider(
        &app,
        &admin,
        "SCHOOL",
        "TRAINEE",
        "b-trainee@practicum.test",
    )
    .await;
    let me = app.gql(Some(&trainee), "{ me { id } }", json!({})).await;
    let trainee_id = me["data"]["me"]["id"].as_str().unwrap().to_owned();

    // A trainee's accounts, named by another school's instructor, and a missing account.
    let ledger = case_id(&app, "den-timely-filing-medicare-14-months").await;
    let q = "query($c:ID!,$t:ID){ patientAccount(caseId:$c, traineeId:$t){ insuranceBalance } }";
    let theirs = app
        .gql(
            Some(&other_instructor),
            q,
            json!({"c": ledger, "t": trainee_id}),
        )
        .await;
    let missing = app
        .gql(
            Some(&other_instructor),
            q,
            json!({"c": ledger, "t": "999999"}),
        )
        .await;
    assert_eq!(code(&theirs), "NOT_FOUND", "{theirs}");
    assert_eq!(
        theirs["errors"][0]["message"],
        missing["errors"][0]["message"]
    );
    assert_eq!(code(&missing), "NOT_FOUND");

    // A dispute of the school's trainee.
    let case = cases_file("cpc-em-medicine.json")["cases"][1].clone();
    let lib = case_id(&app, case["slug"].as_str().unwrap()).await;
    let b = app
        .gql(
            Some(&trainee),
            "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }",
            json!({"c": lib}),
        )
        .await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"].clone();
    let sub = json!({"diagnoses": [{"code": "E11.22"}], "procedures": [{"system": "CPT", "code": "99214", "units": 1, "pointers": ["A"]}]});
    app.gql(Some(&trainee), "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id } } }", json!({"id": attempt, "s": sub}))
        .await;
    let b = app
        .gql(Some(&trainee), "mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ dispute { id } } }", json!({"i": {"attemptId": attempt, "submitted": "99214", "expected": "99214", "citation": "AMA E/M guidelines 2021: MDM", "message": "a 99215"}}))
        .await;
    let dispute = b["data"]["raiseDispute"]["dispute"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let resolve = "mutation($id:ID!){ resolveDispute(input:{disputeId:$id, accept:false, reason:\"the key stands\"}){ dispute { id } } }";
    for (who, want) in [
        (&other_instructor, "NOT_FOUND"),
        (&other_trainee, "FORBIDDEN"),
    ] {
        let real = app.gql(Some(who), resolve, json!({"id": dispute})).await;
        let none = app.gql(Some(who), resolve, json!({"id": "999999"})).await;
        assert_eq!(code(&real), want, "{real}");
        assert_eq!(
            (code(&real), &real["errors"][0]["message"]),
            (code(&none), &none["errors"][0]["message"]),
            "a real dispute of another school answers as a missing one"
        );
    }
}

#[tokio::test]
async fn each_acknowledged_write_leaves_one_audit_row_in_the_owners_log() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let org: i32 = app.demo_org_id().await.parse().unwrap();
    let one = |action: &str| vec![(action.to_owned(), Some(org))];

    let last = last_audit(&app).await;
    let b = app
        .gql(
            Some(&instructor),
            "mutation($o:ID!){ setAutoPosting(input:{organizationId:$o, enabled:true}) }",
            json!({"o": org.to_string()}),
        )
        .await;
    assert_eq!(b["data"]["setAutoPosting"], true, "{b}");
    assert_eq!(audit_since(&app, last).await, one("billing.auto_post_on"));

    // Medicare early in the year: posted at once, the deductible leaves a patient balance.
    let cases = cases_file("cpc-em-medicine.json");
    let medicare = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["coverages"][0]["payer"] == "medicare-part-b")
        .unwrap()
        .clone();
    let claim = paid_claim(&app, &trainee, &medicare).await;

    let last = last_audit(&app).await;
    let b = app.gql(Some(&trainee), "mutation($id:ID!){ recordFollowUp(input:{claimId:$id, action:\"CALL_PAYER\", note:\"Reference 88123\"}){ id } }", json!({"id": claim["id"]})).await;
    assert!(b["data"]["recordFollowUp"]["id"].is_string(), "{b}");
    assert_eq!(audit_since(&app, last).await, one("claim.follow_up"));

    let last = last_audit(&app).await;
    let b = app.gql(Some(&trainee), "mutation($c:ID!){ createPaymentPlan(input:{caseId:$c, installments:3, firstDue:\"2026-05-01\", createdOn:\"2026-04-15\"}){ total } }", json!({"c": claim["caseId"]})).await;
    assert!(b["data"]["createPaymentPlan"]["total"].is_number(), "{b}");
    assert_eq!(audit_since(&app, last).await, one("ledger.payment_plan"));

    let forms = app
        .gql(Some(&trainee), "{ examForms { id slug } }", json!({}))
        .await;
    let cpc = forms["data"]["examForms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "cpc-practice")
        .map(|f| f["id"].clone())
        .unwrap();
    let b = app.gql(Some(&trainee), START_EXAM, json!({"f": cpc})).await;
    let sitting = b["data"]["startExam"]["attempt"]["id"].clone();
    let last = last_audit(&app).await;
    let b = app.gql(Some(&trainee), "mutation($a:ID!){ saveExamAnswer(input:{attemptId:$a, position:1, choices:[\"A\"]}){ attempt { id } } }", json!({"a": sitting})).await;
    assert!(b["errors"].is_null(), "{b}");
    assert_eq!(audit_since(&app, last).await, one("exam.answer"));
}

#[tokio::test]
async fn a_missing_organization_is_not_found_on_organization_id_and_nothing_is_stored() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let admin = app.token("admin").await;
    let instructor = app.token("instructor").await;
    let mut doc = cases_file("cpc-em-medicine.json");
    doc["slug"] = json!("nowhere-set");
    doc["visibility"] = json!("ORGANIZATION");
    doc["cases"] = json!([doc["cases"][1].clone()]);
    let calls: [(&str, Value); 4] = [
        (
            "mutation($o:ID!){ createCohort(input:{organizationId:$o, name:\"Nowhere\"}){ cohort { id } } }",
            json!({}),
        ),
        (
            "mutation($o:ID!){ createInvitation(input:{organizationId:$o, role:TRAINEE}){ code } }",
            json!({}),
        ),
        (
            "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d}){ caseSet { id } } }",
            json!({"d": doc}),
        ),
        (
            "mutation($o:ID!){ setAutoPosting(input:{organizationId:$o, enabled:true}) }",
            json!({}),
        ),
    ];
    for who in [&admin, &instructor] {
        for (doc, vars) in &calls {
            let mut vars = vars.clone();
            vars["o"] = json!("999999");
            let b = app.gql(Some(who), doc, vars).await;
            assert_eq!(
                (code(&b), field(&b), b["errors"][0]["message"].as_str()),
                (
                    "NOT_FOUND",
                    "organizationId",
                    Some("organization not found")
                ),
                "{doc}: {b}"
            );
        }
    }
    let stored = int(&app, "SELECT COUNT(*) AS n FROM billing_setting").await;
    assert_eq!(stored, 0, "no orphan setting");
    let orphan = app
        .db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "INSERT INTO billing_setting (organization_id, auto_post) VALUES (999999, TRUE)",
        ))
        .await;
    assert!(
        orphan.is_err(),
        "billing_setting refers to its organization"
    );
}
