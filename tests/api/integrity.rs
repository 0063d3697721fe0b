//! Keys and scores that cannot be gamed. Each test is a hole found by trying the demo data as a
//! new user would: a key read through free practice while an exam-mode assignment holds the
//! case; a claim draft filled with the key; the expected remedy named before the trainee acted;
//! an assessment built from content every candidate can practise, and its claim item scored
//! from work done before the sitting; candidates who joined the employer's organization and
//! could not reuse an account; an employer who saw nothing of what a candidate coded or did.

use crate::helpers::{TestApp, case_id, cases_file, code, code_claim, field, key_claim};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

const START: &str =
    "mutation($c:ID!,$a:ID){ startAttempt(input:{caseId:$c, assignmentId:$a}){ attempt { id } } }";
const SUBMIT: &str = "mutation($id:ID!){ submitAttempt(input:{attemptId:$id}){ attempt { id score { percent lines { expected rationale } } } } }";
const SCORE: &str = "query($id:ID!){ attempt(id:$id){ score { percent lines { expected } } } }";
const CREATE_CLAIM: &str = "mutation($c:ID!,$a:ID){ createClaim(input:{caseId:$c, examAttemptId:$a}){ claim { id examAttemptId diagnoses { code } lines { code } } } }";
const WORK: &str = "query($c:ID!,$a:ID){ claimWork(caseId:$c, examAttemptId:$a){ outcome score expectedRemedy explanation steps { action outcome correct message } } }";

async fn listed(app: &TestApp, token: &str, case: &str) -> bool {
    let q = "query($a:String){ cases(first: 100, after:$a) { pageInfo { hasNextPage endCursor } edges { node { id } } } }";
    let mut after = Value::Null;
    loop {
        let b = app.gql(Some(token), q, json!({"a": after})).await;
        let page = &b["data"]["cases"];
        let edges = page["edges"].as_array().unwrap_or_else(|| panic!("{b}"));
        if edges.iter().any(|e| e["node"]["id"] == case) {
            return true;
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return false;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

async fn demo_cohort(app: &TestApp, trainee: &str) -> String {
    let b = app
        .gql(
            Some(trainee),
            "{ myCohorts { edges { node { id } } } }",
            json!({}),
        )
        .await;
    b["data"]["myCohorts"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

async fn set_id(app: &TestApp, token: &str, slug: &str) -> String {
    let b = app
        .gql(
            Some(token),
            "{ caseSets(first: 100) { edges { node { id slug } } } }",
            json!({}),
        )
        .await;
    b["data"]["caseSets"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .find(|e| e["node"]["slug"] == slug)
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no set {slug}: {b}"))
}

async fn assign(
    app: &TestApp,
    instructor: &str,
    cohort: &str,
    set: &str,
    opens: i64,
    closes: i64,
) -> String {
    let now = Utc::now();
    let input = json!({"cohortId": cohort, "caseSetId": set, "mode": "EXAM", "feedbackPolicy": "AFTER_CLOSE",
        "opensAt": (now + Duration::hours(opens)).to_rfc3339(), "closesAt": (now + Duration::hours(closes)).to_rfc3339(), "attemptLimit": 1});
    let b = app
        .gql(Some(instructor), "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }", json!({"i": input}))
        .await;
    b["data"]["createAssignment"]["assignment"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned()
}

#[tokio::test]
async fn a_case_in_an_open_exam_assignment_is_held_from_practice_and_its_key_from_every_path() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let trainee = app.token("trainee").await;
    let cohort = demo_cohort(&app, &trainee).await;
    let file = cases_file("cpc-radiology-lab-ed.json");
    let set = set_id(&app, &instructor, "cpc-radiology-lab-ed").await;
    let case = case_id(&app, file["cases"][0]["slug"].as_str().unwrap()).await;

    // Before any exam: free practice shows the key in the report.
    let b = app.gql(Some(&trainee), START, json!({"c": case})).await;
    let early = b["data"]["startAttempt"]["attempt"]["id"].clone();
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": early})).await;
    assert!(
        b["data"]["submitAttempt"]["attempt"]["score"]["lines"][0]["expected"].is_string(),
        "{b}"
    );
    assert!(listed(&app, &trainee, &case).await);

    // An exam-mode assignment of that set opens for the trainee's cohort.
    let assignment = assign(&app, &instructor, &cohort, &set, -1, 48).await;
    let b = app.gql(Some(&trainee), START, json!({"c": case})).await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "no free practice of a held case: {b}"
    );
    assert!(
        b["errors"][0]["message"].as_str().unwrap().contains("held"),
        "and the trainee is told why: {b}"
    );
    assert!(
        !listed(&app, &trainee, &case).await,
        "not in the practice list"
    );
    let b = app.gql(Some(&trainee), SCORE, json!({"id": early})).await;
    assert!(
        b["data"]["attempt"]["score"].is_null(),
        "the earlier report no longer shows the key: {b}"
    );
    let b = app
        .gql(Some(&trainee), CREATE_CLAIM, json!({"c": case}))
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "no practice claim of a held case: {b}"
    );

    // Through the assignment the case is worked, and its score waits for the window to close.
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ case(id:$id){ title documents { body } } }",
            json!({"id": case}),
        )
        .await;
    assert!(b["data"]["case"]["title"].is_string(), "{b}");
    let b = app
        .gql(Some(&trainee), START, json!({"c": case, "a": assignment}))
        .await;
    let graded = b["data"]["startAttempt"]["attempt"]["id"].clone();
    assert!(graded.is_string(), "{b}");
    let b = app.gql(Some(&trainee), SUBMIT, json!({"id": graded})).await;
    assert!(
        b["data"]["submitAttempt"]["attempt"]["score"].is_null(),
        "{b}"
    );

    // Another trainee, not in the cohort, practises it freely.
    let other = app.register("outsider@practicum.test", None).await;
    let outsider = other["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app.gql(Some(&outsider), START, json!({"c": case})).await;
    assert!(
        b["data"]["startAttempt"]["attempt"]["id"].is_string(),
        "{b}"
    );

    // An exam-mode assignment that has closed holds nothing.
    let lab = cases_file("cpc-em-medicine.json");
    let em_set = set_id(&app, &instructor, "cpc-em-medicine").await;
    let em_case = case_id(&app, lab["cases"][0]["slug"].as_str().unwrap()).await;
    assign(&app, &instructor, &cohort, &em_set, -48, -24).await;
    let b = app.gql(Some(&trainee), START, json!({"c": em_case})).await;
    assert!(
        b["data"]["startAttempt"]["attempt"]["id"].is_string(),
        "{b}"
    );
}

#[tokio::test]
async fn a_claim_draft_never_carries_the_key() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = case_id(&app, "den-msp-working-aged").await;
    let b = app
        .gql(Some(&trainee), CREATE_CLAIM, json!({"c": case}))
        .await;
    let c = &b["data"]["createClaim"]["claim"];
    assert_eq!(c["diagnoses"], json!([]), "{b}");
    assert_eq!(c["lines"], json!([]), "{b}");
    // A scenario's billed claim is the practice's, errors included: that one is filled in.
    let billed = case_id(&app, "den-mod25-em-joint-injection").await;
    let b = app
        .gql(Some(&trainee), CREATE_CLAIM, json!({"c": billed}))
        .await;
    assert!(
        !b["data"]["createClaim"]["claim"]["lines"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{b}"
    );
}

#[tokio::test]
async fn claim_work_names_the_remedy_only_once_the_work_is_finished() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let den = cases_file("claims-denials.json");
    let case = den["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "den-mod25-em-joint-injection")
        .unwrap()
        .clone();
    let id = case_id(&app, "den-mod25-em-joint-injection").await;
    let b = app
        .gql(Some(&trainee), CREATE_CLAIM, json!({"c": id}))
        .await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    app.gql(
        Some(&trainee),
        "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id } } }",
        json!({"id": claim}),
    )
    .await;
    let w = app.gql(Some(&trainee), WORK, json!({"c": id})).await;
    let work = &w["data"]["claimWork"];
    assert_eq!(work["outcome"], "IN_PROGRESS", "{w}");
    assert!(
        work["expectedRemedy"].is_null(),
        "no remedy named after the first denial: {w}"
    );
    assert!(work["explanation"].is_null(), "{w}");

    // A wrong remedy first (an appeal the payer upholds): still no name for the right one.
    let docs: Vec<Value> = case["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].clone())
        .collect();
    app.gql(Some(&trainee), "mutation($id:ID!,$d:[String!]!){ appealClaimLine(input:{claimId:$id, line:2, carc:\"236\", ground:MODIFIER_SUPPORTED, reason:\"the E/M is separate\", documentation:$d}){ decision { outcome } } }", json!({"id": claim, "d": docs}))
        .await;
    let w = app.gql(Some(&trainee), WORK, json!({"c": id})).await;
    assert!(w["data"]["claimWork"]["expectedRemedy"].is_null(), "{w}");
    assert!(
        !w.to_string().to_lowercase().contains("expected correct"),
        "no step message names it either: {w}"
    );

    // The right remedy resolves it: now the remedy and its explanation are shown.
    let (dx, lines) = key_claim(&case["key"]);
    let b = app
        .gql(Some(&trainee), "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ correctClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }", json!({"id": claim, "d": dx, "l": lines}))
        .await;
    let fix = b["data"]["correctClaim"]["claim"]["id"].clone();
    app.gql(
        Some(&trainee),
        "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id } } }",
        json!({"id": fix}),
    )
    .await;
    let w = app.gql(Some(&trainee), WORK, json!({"c": id})).await;
    let work = &w["data"]["claimWork"];
    assert_eq!(work["outcome"], "RESOLVED", "{w}");
    assert_eq!(work["expectedRemedy"], "CORRECT_CLAIM");
    assert!(work["explanation"].is_string());
}

/// An employer's assessment set: a coding case and a claim case copied from the library into
/// the employer's ASSESSMENT pool.
fn assessment_set() -> Value {
    let mut file = cases_file("cpc-em-medicine.json");
    let den = cases_file("claims-denials.json");
    let mut coding = file["cases"][0].clone();
    coding["slug"] = json!("acme-coding-1");
    let mut claim = den["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "den-timely-filing-medicare-14-months")
        .unwrap()
        .clone();
    claim["slug"] = json!("acme-claim-1");
    file["slug"] = json!("acme-hiring");
    file["title"] = json!("Acme hiring desk");
    file["visibility"] = json!("PRIVATE");
    file["pool"] = json!("ASSESSMENT");
    file["cases"] = json!([coding, claim]);
    file
}

#[tokio::test]
async fn assessments_hold_their_content_and_score_only_the_sitting() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let trainee = app.token("trainee").await;
    let org = app.demo_org_id().await;
    let import = "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d, publish:true}){ caseSet { pool cases { id slug } } } }";

    // An employer authors assessment content only.
    let mut practice = assessment_set();
    practice["pool"] = json!("PRACTICE");
    let b = app
        .gql(Some(&employer), import, json!({"o": org, "d": practice}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "pool"), "{b}");
    let b = app
        .gql(
            Some(&employer),
            import,
            json!({"o": org, "d": assessment_set()}),
        )
        .await;
    let set = &b["data"]["importCaseSet"]["caseSet"];
    assert_eq!(set["pool"], "ASSESSMENT", "{b}");
    let coding = set["cases"][0]["id"].as_str().unwrap().to_owned();
    let held_claim = set["cases"][1]["id"].as_str().unwrap().to_owned();

    // The school's trainees (same organization in the demo) never list or practise it.
    assert!(!listed(&app, &trainee, &coding).await);
    let b = app.gql(Some(&trainee), START, json!({"c": coding})).await;
    assert_eq!(code(&b), "NOT_FOUND", "{b}");

    // A library practice case is in the assessment too; a candidate worked it in practice
    // (resolved) before they were invited.
    let den = cases_file("claims-denials.json");
    let public = den["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "den-timely-filing-medicare-14-months")
        .unwrap()
        .clone();
    let public_id = case_id(&app, "den-timely-filing-medicare-14-months").await;
    let reg = app.register("veteran@practicum.test", None).await;
    let cand = reg["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(Some(&cand), CREATE_CLAIM, json!({"c": public_id}))
        .await;
    let practised = b["data"]["createClaim"]["claim"]["id"].clone();
    code_claim(&app, &cand, &practised, &public).await;
    app.gql(
        Some(&cand),
        "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id } } }",
        json!({"id": practised}),
    )
    .await;
    app.gql(Some(&cand), "mutation($id:ID!){ closeClaim(input:{claimId:$id, action:WRITE_OFF}){ claim { status } } }", json!({"id": practised})).await;
    let w = app.gql(Some(&cand), WORK, json!({"c": public_id})).await;
    assert_eq!(w["data"]["claimWork"]["outcome"], "RESOLVED", "{w}");

    let b = app
        .gql(Some(&employer), "mutation($q:[ID!]!,$c:[ID!]!){ createAssessment(input:{title:\"Acme desk\", caseIds:$q, claimCaseIds:$c, durationMinutes:60}){ assessment { id } } }", json!({"q": [coding], "c": [public_id, held_claim]}))
        .await;
    let form = b["data"]["createAssessment"]["assessment"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app
        .gql(
            Some(&employer),
            "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:2}){ codes } }",
            json!({"f": form}),
        )
        .await;
    let codes: Vec<String> = b["data"]["inviteCandidates"]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();

    // An existing account redeems a code; the code is single use; an organization's
    // invitation is not a candidate code.
    let redeem =
        "mutation($c:String!){ redeemCandidateCode(input:{code:$c}){ assessment { id } } }";
    let b = app.gql(Some(&cand), redeem, json!({"c": codes[0]})).await;
    assert_eq!(
        b["data"]["redeemCandidateCode"]["assessment"]["id"],
        form.as_str(),
        "{b}"
    );
    let b = app.gql(Some(&cand), redeem, json!({"c": codes[0]})).await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "code"));
    let admin = app.token("admin").await;
    let b = app
        .gql(
            Some(&admin),
            "mutation($o:ID!){ createInvitation(input:{organizationId:$o, role:TRAINEE}){ code } }",
            json!({"o": org}),
        )
        .await;
    let school_code = b["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(Some(&cand), redeem, json!({"c": school_code}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "code"), "{b}");

    // A new candidate registers with the other code and joins no organization.
    let b = app
        .register("newcomer@practicum.test", Some(&codes[1]))
        .await;
    assert!(
        b["data"]["register"]["account"]["organization"].is_null(),
        "{b}"
    );
    let newcomer = b["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(
            Some(&newcomer),
            "{ myCohorts { totalCount } examForms { id } }",
            json!({}),
        )
        .await;
    assert_eq!(b["data"]["myCohorts"]["totalCount"], 0, "{b}");
    let forms: Vec<&Value> = b["data"]["examForms"].as_array().unwrap().iter().collect();
    assert!(forms.iter().any(|f| f["id"] == form.as_str()));

    // The veteran sits it: reads the private case, codes nothing for the library claim item.
    let b = app
        .gql(
            Some(&cand),
            "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id } } }",
            json!({"f": form}),
        )
        .await;
    let sitting = b["data"]["startExam"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app
        .gql(
            Some(&cand),
            "query($id:ID!){ case(id:$id){ title } }",
            json!({"id": coding}),
        )
        .await;
    assert!(
        b["data"]["case"]["title"].is_string(),
        "the sitting's case is readable in it: {b}"
    );
    let b = app
        .gql(Some(&cand), CREATE_CLAIM, json!({"c": public_id}))
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "no practice claim of a case held by the sitting: {b}"
    );
    let w = app
        .gql(Some(&cand), WORK, json!({"c": public_id, "a": sitting}))
        .await;
    assert_eq!(w["data"]["claimWork"]["outcome"], "WITHHELD", "{w}");
    assert!(w["data"]["claimWork"]["score"].is_null());
    assert!(w["data"]["claimWork"]["expectedRemedy"].is_null());
    // It works the employer's claim item inside the sitting.
    let b = app
        .gql(
            Some(&cand),
            CREATE_CLAIM,
            json!({"c": held_claim, "a": sitting}),
        )
        .await;
    let in_sitting = b["data"]["createClaim"]["claim"]["id"].clone();
    assert_eq!(
        b["data"]["createClaim"]["claim"]["examAttemptId"],
        sitting.as_str(),
        "{b}"
    );
    code_claim(&app, &cand, &in_sitting, &public).await;
    app.gql(
        Some(&cand),
        "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id } } }",
        json!({"id": in_sitting}),
    )
    .await;
    let b = app.gql(Some(&cand), "mutation($f:ID!){ submitExam(input:{attemptId:$f}){ attempt { status report { percent } } } }", json!({"f": sitting})).await;
    assert_eq!(
        b["data"]["submitExam"]["attempt"]["status"], "SUBMITTED",
        "{b}"
    );
    assert!(
        b["data"]["submitExam"]["attempt"]["report"].is_null(),
        "EMPLOYER_ONLY: {b}"
    );

    // After the sitting: its claim is closed to work, its private case unreadable again.
    let b = app.gql(Some(&cand), "mutation($id:ID!){ closeClaim(input:{claimId:$id, action:WRITE_OFF}){ claim { status } } }", json!({"id": in_sitting})).await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    let b = app
        .gql(
            Some(&cand),
            "query($id:ID!){ case(id:$id){ title } }",
            json!({"id": coding}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND", "{b}");
    let b = app
        .gql(
            Some(&cand),
            "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id } } }",
            json!({"f": form}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "one sitting: {b}");

    // The employer's report: practice work did not count; what was coded and done, line by line.
    let b = app
        .gql(Some(&employer), "query($f:ID!){ assessmentCandidates(assessmentId:$f){ email report { lines { position section earned detail { kind submitted expected verdict message } } } } }", json!({"f": form}))
        .await;
    let lines = b["data"]["assessmentCandidates"][0]["report"]["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .clone();
    let case_line = lines
        .iter()
        .find(|l| l["section"] == "CASE_CODING")
        .unwrap();
    assert!(
        case_line["detail"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["verdict"] == "MISSING" && d["expected"].is_string()),
        "nothing coded: every key line missing, named: {case_line}"
    );
    let claims: Vec<&Value> = lines
        .iter()
        .filter(|l| l["section"] == "CLAIM_WORK")
        .collect();
    assert_eq!(
        claims[0]["earned"], 0.0,
        "work done in practice before the sitting does not count: {b}"
    );
    assert_eq!(claims[0]["detail"], json!([]));
    let steps = claims[1]["detail"].as_array().unwrap();
    assert_eq!(steps[0]["kind"], "SUBMIT", "{b}");
    assert_eq!(steps[0]["submitted"], "DENIED");
}
