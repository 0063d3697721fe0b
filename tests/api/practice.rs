//! Coding practice: a trainee starts an attempt, saves drafts, submits once and reads an
//! explained score; submitting twice or racing two submits yields one scored attempt;
//! malformed codes are refused with the line; assignments enforce their cohort, window,
//! attempt limit and feedback policy.

use crate::helpers::{TestApp, code, field};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const START: &str = "mutation($c:ID!,$a:ID){ startAttempt(input:{caseId:$c, assignmentId:$a}){ attempt { id status keyVersion } } }";
const SAVE: &str = "mutation($id:ID!,$s:SubmissionInput!){ saveAttempt(input:{attemptId:$id, submission:$s}){ attempt { status submission } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { id status submittedAt score { percent earned possible lines { kind verdict issues submitted expected points rationale guideline feedback } } } } }";

/// The submission a perfect trainee makes for a key (option 1 of alternates).
fn perfect(key: &Value) -> Value {
    let take = |l: &Value| l["alternate"].is_null() || l["alternate"]["option"] == 1;
    let dx: Vec<&Value> = key["diagnoses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| take(l))
        .collect();
    let letters = |ptrs: &Value| -> Vec<String> {
        ptrs.as_array()
            .unwrap()
            .iter()
            .filter_map(|p| {
                let i = (p.as_str().unwrap().as_bytes()[0] - b'A') as usize;
                let code = &key["diagnoses"][i]["code"];
                dx.iter()
                    .position(|d| &d["code"] == code)
                    .map(|pos| ((b'A' + pos as u8) as char).to_string())
            })
            .collect()
    };
    json!({
        "diagnoses": dx.iter().map(|d| json!({"code": d["code"], "poa": d["poa"]})).collect::<Vec<_>>(),
        "procedures": key["procedures"].as_array().unwrap().iter().filter(|l| take(l)).map(|p| json!({
            "system": p["system"], "code": p["code"], "modifiers": p["modifiers"], "units": p["units"], "pointers": letters(&p["pointers"])
        })).collect::<Vec<_>>(),
        "pcs": key["pcs"].as_array().unwrap().iter().filter(|l| take(l)).map(|p| json!({"code": p["code"], "principal": p["principal"]})).collect::<Vec<_>>(),
        "drg": key["expectedDrg"],
    })
}

async fn library_case(app: &TestApp, token: &str, tag: &str) -> (String, Value) {
    let b = app
        .gql(
            Some(token),
            "query($t:String){ cases(filter:{skillTag:$t}, first:1){ edges { node { id } } } }",
            json!({"t": tag}),
        )
        .await;
    let id = b["data"]["cases"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = app.token("admin").await;
    let k = app
        .gql(
            Some(&admin),
            "query($id:ID!){ answerKey(caseId:$id){ key } }",
            json!({"id": id}),
        )
        .await;
    (id, k["data"]["answerKey"][0]["key"].clone())
}

#[tokio::test]
async fn a_trainee_codes_a_case_and_gets_an_explained_score_once() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (case_id, key) = library_case(&app, &trainee, "CPC:EM").await;

    let b = app.gql(Some(&trainee), START, json!({"c": case_id})).await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();

    // Malformed codes are refused with the line; nothing is lost from the draft.
    let good = perfect(&key);
    let b = app
        .gql(Some(&trainee), SAVE, json!({"id": attempt, "s": good}))
        .await;
    assert_eq!(
        b["data"]["saveAttempt"]["attempt"]["status"], "IN_PROGRESS",
        "{b}"
    );
    let mut bad = good.clone();
    bad["diagnoses"][0]["code"] = json!("E11..9");
    let b = app
        .gql(Some(&trainee), SAVE, json!({"id": attempt, "s": bad}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "submission.diagnoses[0].code"),
        "{b}"
    );
    let mut bad = good.clone();
    bad["procedures"][0]["pointers"] = json!(["Z"]);
    let b = app
        .gql(Some(&trainee), SAVE, json!({"id": attempt, "s": bad}))
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "submission.procedures[0].pointers")
    );

    // Submitting without a body scores the saved draft: the key earns 100 %.
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": null}))
        .await;
    let at = &b["data"]["submitAttempt"]["attempt"];
    assert_eq!(at["status"], "SUBMITTED", "{b}");
    assert_eq!(at["score"]["percent"], 100.0, "{b}");
    let lines = at["score"]["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["verdict"] == "CORRECT"));
    assert!(
        lines
            .iter()
            .all(|l| l["rationale"].is_string() && l["guideline"].is_string()),
        "every verdict explained"
    );

    // Again without coding: the same result, not a second score.
    let again = app
        .gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": null}))
        .await;
    assert_eq!(
        again["data"]["submitAttempt"]["attempt"]["score"]["percent"],
        100.0
    );
    assert_eq!(
        again["data"]["submitAttempt"]["attempt"]["submittedAt"],
        at["submittedAt"]
    );
    // Again with other coding: refused, not silently dropped; the first submission stands.
    let other = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": attempt, "s": {"diagnoses": [{"code": "R69"}]}}),
        )
        .await;
    assert_eq!(code(&other), "CONFLICT", "{other}");
    let b = app
        .gql(Some(&trainee), SAVE, json!({"id": attempt, "s": good}))
        .await;
    assert_eq!(code(&b), "CONFLICT", "a submitted attempt is frozen");
    assert_eq!(app.audit_count("attempt.submit").await, 1);

    // A wrong answer is explained line by line, with the key's targeted feedback.
    let b = app.gql(Some(&trainee), START, json!({"c": case_id})).await;
    let second = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut wrong = good.clone();
    wrong["procedures"][0]["code"] = json!("99215");
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": second, "s": wrong}))
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    assert!(score["percent"].as_f64().unwrap() < 100.0, "{b}");
    let verdicts: Vec<&str> = score["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["verdict"].as_str().unwrap())
        .collect();
    assert!(
        verdicts.contains(&"EXTRA") && verdicts.contains(&"MISSING"),
        "{verdicts:?}"
    );

    // Progress: two scored attempts, by skill tag and code group, and the cohort's view.
    let p = app.gql(Some(&trainee), "{ myProgress { attempts averagePercent trend bySkill { label attempts percent } byCodeGroup { label percent } } }", json!({})).await;
    let mp = &p["data"]["myProgress"];
    assert_eq!(mp["attempts"], 2, "{p}");
    assert_eq!(mp["trend"][0], 100.0);
    assert!(
        mp["bySkill"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["label"] == "CPC:EM" && s["attempts"] == 2)
    );
    assert!(
        mp["byCodeGroup"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["label"].as_str().unwrap().starts_with("CPT ")),
        "{p}"
    );
    let cohorts = app
        .gql(
            Some(&trainee),
            "{ myCohorts { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let cohort = cohorts["data"]["myCohorts"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let instructor = app.token("instructor").await;
    let cp =
        "query($c:ID!){ cohortProgress(cohortId:$c){ account { email } progress { attempts } } }";
    let b = app.gql(Some(&instructor), cp, json!({"c": cohort})).await;
    assert_eq!(
        b["data"]["cohortProgress"][0]["account"]["email"], "trainee@practicum.test",
        "{b}"
    );
    assert_eq!(b["data"]["cohortProgress"][0]["progress"]["attempts"], 2);
    assert_eq!(
        code(&app.gql(Some(&trainee), cp, json!({"c": cohort})).await),
        "FORBIDDEN"
    );

    // Another trainee cannot see it.
    let other = app.register("other.trainee@example.org", None).await;
    let t2 = other["data"]["register"]["accessToken"].as_str().unwrap();
    let b = app
        .gql(
            Some(t2),
            "query($id:ID!){ attempt(id:$id){ id } }",
            json!({"id": attempt}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
}

#[tokio::test]
async fn racing_submits_yield_one_scored_attempt() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (case_id, key) = library_case(&app, &trainee, "CCS:DRG").await;
    let b = app.gql(Some(&trainee), START, json!({"c": case_id})).await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = perfect(&key);
    let (a, b2) = tokio::join!(
        app.gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": s})),
        app.gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": attempt, "s": {"diagnoses": [{"code": "R69"}]}})
        )
    );
    // One submission wins and is scored; the other is refused, never half-applied.
    let won: Vec<&Value> = [&a, &b2]
        .into_iter()
        .filter(|r| r["data"]["submitAttempt"]["attempt"].is_object())
        .collect();
    assert_eq!(won.len(), 1, "{a} {b2}");
    let lost = if won[0] == &a { &b2 } else { &a };
    assert_eq!(code(lost), "CONFLICT", "{lost}");
    let view = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ submittedAt score { percent } } }",
            json!({"id": attempt}),
        )
        .await;
    assert_eq!(
        view["data"]["attempt"]["score"]["percent"],
        won[0]["data"]["submitAttempt"]["attempt"]["score"]["percent"]
    );
    assert_eq!(app.audit_count("attempt.submit").await, 1);
}

#[tokio::test]
async fn assignments_enforce_cohort_window_limit_and_feedback_policy() {
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
    let cohort = cohorts["data"]["myCohorts"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sets = app
        .gql(
            Some(&instructor),
            "{ caseSets(skillTag: \"CPC:EM\") { edges { node { id cases { id } } } } }",
            json!({}),
        )
        .await;
    let set = &sets["data"]["caseSets"]["edges"][0]["node"];
    let set_id = set["id"].as_str().unwrap().to_owned();
    let case_id = set["cases"][0]["id"].as_str().unwrap().to_owned();
    let now = chrono::Utc::now();
    let create = "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id feedbackPolicy attemptLimit } } }";
    let input = json!({"cohortId": cohort, "caseSetId": set_id, "mode": "EXAM", "feedbackPolicy": "AFTER_CLOSE",
        "opensAt": (now - chrono::Duration::hours(1)).to_rfc3339(), "closesAt": (now + chrono::Duration::hours(2)).to_rfc3339(), "attemptLimit": 1});
    let b = app.gql(Some(&trainee), create, json!({"i": input})).await;
    assert_eq!(code(&b), "FORBIDDEN");
    let b = app
        .gql(Some(&instructor), create, json!({"i": input}))
        .await;
    let assignment = b["data"]["createAssignment"]["assignment"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let mine = app
        .gql(
            Some(&trainee),
            "{ myAssignments { id feedbackPolicy } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["data"]["myAssignments"][0]["id"], assignment.as_str());

    // Someone outside the cohort cannot start it.
    let outsider = app.register("outsider@example.org", None).await;
    let t2 = outsider["data"]["register"]["accessToken"]
        .as_str()
        .unwrap();
    let b = app
        .gql(Some(t2), START, json!({"c": case_id, "a": assignment}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN");

    let b = app
        .gql(
            Some(&trainee),
            START,
            json!({"c": case_id, "a": assignment}),
        )
        .await;
    let attempt = b["data"]["startAttempt"]["attempt"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app
        .gql(
            Some(&trainee),
            START,
            json!({"c": case_id, "a": assignment}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "one attempt allowed");

    // Submitted, but no score or verdict until the assignment closes.
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": attempt, "s": {"diagnoses": [{"code": "I10"}]}}),
        )
        .await;
    assert_eq!(
        b["data"]["submitAttempt"]["attempt"]["status"], "SUBMITTED",
        "{b}"
    );
    assert!(
        b["data"]["submitAttempt"]["attempt"]["score"].is_null(),
        "hidden: {b}"
    );
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "UPDATE assignment SET closes_at = $1 WHERE id = $2",
            [
                (chrono::Utc::now() - chrono::Duration::minutes(1)).into(),
                assignment.parse::<i32>().unwrap().into(),
            ],
        ))
        .await
        .unwrap();
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ attempt(id:$id){ score { percent } } }",
            json!({"id": attempt}),
        )
        .await;
    assert!(
        b["data"]["attempt"]["score"]["percent"].is_number(),
        "released after close: {b}"
    );
    let b = app
        .gql(
            Some(&trainee),
            START,
            json!({"c": case_id, "a": assignment}),
        )
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "closed window");
}

#[tokio::test]
async fn my_attempts_filter_by_status_and_case() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (em, _) = library_case(&app, &trainee, "CPC:EM").await;
    let (drg, _) = library_case(&app, &trainee, "CCS:DRG").await;
    let start = |c: String| {
        let (app, trainee) = (&app, &trainee);
        async move {
            let b = app.gql(Some(trainee), START, json!({"c": c})).await;
            b["data"]["startAttempt"]["attempt"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{b}"))
                .to_owned()
        }
    };
    let done = start(em.clone()).await;
    let draft_em = start(em.clone()).await;
    let draft_drg = start(drg.clone()).await;
    let b = app
        .gql(
            Some(&trainee),
            SUBMIT,
            json!({"id": done, "s": {"diagnoses": [{"code": "R69"}]}}),
        )
        .await;
    assert_eq!(
        b["data"]["submitAttempt"]["attempt"]["status"], "SUBMITTED",
        "{b}"
    );

    let list = |status: Option<&str>, case: Option<&str>| {
        let (app, trainee) = (&app, &trainee);
        let vars = json!({"s": status, "c": case});
        async move {
            let b = app
                .gql(
                    Some(trainee),
                    "query($s:String,$c:ID){ myAttempts(first:10, status:$s, caseId:$c){ totalCount nodes { id status case { id } } } }",
                    vars,
                )
                .await;
            let ids: Vec<String> = b["data"]["myAttempts"]["nodes"]
                .as_array()
                .unwrap_or_else(|| panic!("{b}"))
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(b["data"]["myAttempts"]["totalCount"], ids.len(), "{b}");
            ids
        }
    };
    assert_eq!(
        list(None, None).await,
        [done.clone(), draft_em.clone(), draft_drg.clone()]
    );
    assert_eq!(
        list(Some("IN_PROGRESS"), None).await,
        [draft_em.clone(), draft_drg.clone()]
    );
    assert_eq!(
        list(Some("SUBMITTED"), None).await,
        std::slice::from_ref(&done)
    );
    assert_eq!(list(None, Some(&em)).await, [done, draft_em.clone()]);
    assert_eq!(list(Some("IN_PROGRESS"), Some(&em)).await, [draft_em]);

    let b = app
        .gql(
            Some(&trainee),
            "{ myAttempts(status: \"DONE\"){ totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "status"), "{b}");
    // Another trainee's filter shows none of these.
    let r = app.register("other@practicum.test", None).await;
    let other = r["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(
            Some(&other),
            "query($c:ID){ myAttempts(caseId:$c){ totalCount } }",
            json!({"c": em}),
        )
        .await;
    assert_eq!(b["data"]["myAttempts"]["totalCount"], 0, "{b}");
}
