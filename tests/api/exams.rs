//! Exams on the server's clock: the CPC, CCS, CRC and CCA practice exams are drawn in their
//! blueprints' section counts and lengths;
//! answers count only before the deadline, after which the attempt closes itself with what was
//! saved (the clock is moved, never slept on); a full exam is scored per section against the
//! pass mark and shows in the history; an employer builds an assessment, invites candidates
//! with single-use codes, each sits it once, and the employer compares them (percentile, CSV,
//! item analysis) while candidates see neither their score nor each other's.

use crate::helpers::{TestApp, code, field};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::HashMap;

const START: &str = "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id status deadlineAt secondsLeft items { position kind section answerMode options { key } } } } }";
const SAVE: &str = "mutation($a:ID!,$p:Int!,$c:[String!]){ saveExamAnswer(input:{attemptId:$a, position:$p, choices:$c}){ attempt { id status } } }";
const SUBMIT: &str = "mutation($a:ID!){ submitExam(input:{attemptId:$a}){ attempt { id status closedAt deadlineAt report { percent passed answered sections { name percent possible } skills { name percent } lines { position earned answer rationale } } } } }";
const READ: &str = "query($a:ID!){ examAttempt(id:$a){ id status closedAt deadlineAt report { percent passed answered } } }";

async fn form_id(app: &TestApp, token: &str, slug: &str) -> String {
    let b = app
        .gql(
            Some(token),
            "{ examForms { id slug kind itemCount sections { section count } } }",
            json!({}),
        )
        .await;
    b["data"]["examForms"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .find(|f| f["slug"] == slug)
        .unwrap_or_else(|| panic!("no form {slug}: {b}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The answer keys of an attempt's questions, by position (read from the database).
async fn keys_of(app: &TestApp, attempt: &str) -> Vec<Vec<String>> {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT items FROM exam_attempt WHERE id = {attempt}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let items: Vec<Value> =
        serde_json::from_str(&row.try_get::<String>("", "items").unwrap()).unwrap();
    let mut out = Vec::new();
    for it in items {
        let id = it["question"].as_i64().unwrap();
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT body FROM question_item WHERE id = {id}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let body: Value =
            serde_json::from_str(&row.try_get::<String>("", "body").unwrap()).unwrap();
        out.push(
            body["answer"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect(),
        );
    }
    out
}

fn form_file(slug: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seed/exams")
        .join(format!("{slug}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn blueprint(slug: &str) -> Vec<(String, usize)> {
    form_file(slug)["blueprint"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap().to_owned(),
                s["count"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[tokio::test]
async fn practice_exams_are_drawn_in_the_blueprints_section_counts() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    for slug in [
        "cpc-practice",
        "ccs-practice",
        "crc-practice",
        "cca-practice",
    ] {
        let form = form_id(&app, &trainee, slug).await;
        let mut drawn = Vec::new();
        for _ in 0..2 {
            let b = app.gql(Some(&trainee), START, json!({"f": form})).await;
            let a = &b["data"]["startExam"]["attempt"];
            let items = a["items"].as_array().unwrap_or_else(|| panic!("{b}"));
            let mut counts: HashMap<String, usize> = HashMap::new();
            for it in items {
                *counts
                    .entry(it["section"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
            for (section, n) in blueprint(slug) {
                assert_eq!(
                    counts.get(&section).copied().unwrap_or(0),
                    n,
                    "{slug} {section}"
                );
            }
            assert_eq!(
                a["secondsLeft"],
                form_file(slug)["durationMinutes"].as_i64().unwrap() * 60
            );
            drawn.push(keys_of(&app, a["id"].as_str().unwrap()).await);
        }
        // The real exams' lengths: 100 items for the CPC and the CRC, 105 for the CCA.
        let expected = match slug {
            "cpc-practice" | "crc-practice" => Some(100),
            "cca-practice" => Some(105),
            _ => None,
        };
        if let Some(n) = expected {
            assert_eq!(drawn[0].len(), n, "{slug}");
        }
    }
}

#[tokio::test]
async fn answers_count_until_the_deadline_and_the_attempt_closes_itself() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let form = form_id(&app, &trainee, "cpc-practice").await;
    let b = app.gql(Some(&trainee), START, json!({"f": form})).await;
    let attempt = b["data"]["startExam"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let keys = keys_of(&app, &attempt).await;

    app.clock.advance(chrono::Duration::minutes(1));
    let b = app
        .gql(
            Some(&trainee),
            SAVE,
            json!({"a": attempt, "p": 1, "c": keys[0]}),
        )
        .await;
    assert_eq!(
        b["data"]["saveExamAnswer"]["attempt"]["status"], "IN_PROGRESS",
        "{b}"
    );
    // One second before the deadline still counts.
    app.clock
        .advance(chrono::Duration::minutes(239) - chrono::Duration::seconds(1));
    let b = app
        .gql(
            Some(&trainee),
            SAVE,
            json!({"a": attempt, "p": 2, "c": keys[1]}),
        )
        .await;
    assert_eq!(
        b["data"]["saveExamAnswer"]["attempt"]["status"], "IN_PROGRESS",
        "{b}"
    );
    // At the deadline: refused, and the attempt is closed with what was saved.
    app.clock.advance(chrono::Duration::seconds(1));
    let b = app
        .gql(
            Some(&trainee),
            SAVE,
            json!({"a": attempt, "p": 3, "c": keys[2]}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not accepted")
    );
    let b = app.gql(Some(&trainee), READ, json!({"a": attempt})).await;
    let a = &b["data"]["examAttempt"];
    assert_eq!(a["status"], "EXPIRED");
    assert_eq!(a["closedAt"], a["deadlineAt"]);
    assert_eq!(a["report"]["answered"], 2);
    assert_eq!(a["report"]["percent"], 2.0);
    // A late submit changes nothing.
    let b = app.gql(Some(&trainee), SUBMIT, json!({"a": attempt})).await;
    assert_eq!(b["data"]["submitExam"]["attempt"]["status"], "EXPIRED");
    // Bad input names the field.
    let b = app.gql(Some(&trainee), START, json!({"f": form})).await;
    let other = b["data"]["startExam"]["attempt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(
            Some(&trainee),
            SAVE,
            json!({"a": other, "p": 101, "c": ["A"]}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "position"));
    let b = app
        .gql(
            Some(&trainee),
            SAVE,
            json!({"a": other, "p": 1, "c": ["Q"]}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "choices"));
}

#[tokio::test]
async fn a_full_cpc_exam_is_scored_per_section_and_kept_in_the_history() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let form = form_id(&app, &trainee, "cpc-practice").await;
    let mut results = Vec::new();
    for right in [100usize, 60] {
        let b = app.gql(Some(&trainee), START, json!({"f": form})).await;
        let attempt = b["data"]["startExam"]["attempt"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let keys = keys_of(&app, &attempt).await;
        for (i, k) in keys.iter().enumerate() {
            // Right answers for the first `right` positions, a wrong option after.
            let choice = if i < right {
                k.clone()
            } else {
                vec![
                    ["A", "B", "C", "D"]
                        .into_iter()
                        .find(|o| !k.iter().any(|x| x == o))
                        .unwrap()
                        .to_owned(),
                ]
            };
            app.gql(
                Some(&trainee),
                SAVE,
                json!({"a": attempt, "p": i + 1, "c": choice}),
            )
            .await;
        }
        app.clock.advance(chrono::Duration::minutes(90));
        let b = app.gql(Some(&trainee), SUBMIT, json!({"a": attempt})).await;
        let a = b["data"]["submitExam"]["attempt"].clone();
        assert_eq!(a["status"], "SUBMITTED", "{b}");
        results.push(a);
    }
    let (full, part) = (&results[0]["report"], &results[1]["report"]);
    assert_eq!(
        (full["percent"].as_f64(), full["passed"].as_bool()),
        (Some(100.0), Some(true))
    );
    assert_eq!(
        full["sections"].as_array().unwrap().len(),
        blueprint("cpc-practice").len()
    );
    assert!(
        full["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["percent"] == 100.0)
    );
    assert!(
        full["lines"][0]["rationale"]
            .as_str()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(
        (part["percent"].as_f64(), part["passed"].as_bool()),
        (Some(60.0), Some(false))
    );
    let b = app
        .gql(
            Some(&trainee),
            "{ myExamHistory { id status form { slug passPercent } report { percent passed } } }",
            json!({}),
        )
        .await;
    let h = b["data"]["myExamHistory"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["report"]["passed"], false);
    assert_eq!(h[1]["report"]["passed"], true);
    // Another trainee never sees these results.
    app.register("peer@practicum.test", None).await;
    let (peer, _) = app
        .login("peer@practicum.test", "a long enough password")
        .await;
    let b = app
        .gql(Some(&peer), READ, json!({"a": results[0]["id"]}))
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
}

const CANDIDATES: &str = "query($f:ID!){ assessmentCandidates(assessmentId:$f){ displayName status percent passed minutesUsed percentile report { skills { name percent } lines { position earned } } } }";

#[tokio::test]
async fn an_employer_invites_candidates_who_sit_once_and_are_compared() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let backend = app.db.get_database_backend();
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, body FROM question_item WHERE section = 'ICD10CM' ORDER BY id",
        ))
        .await
        .unwrap();
    let picked: Vec<(i64, Vec<String>)> = rows
        .iter()
        .take(5)
        .map(|r| {
            let body: Value =
                serde_json::from_str(&r.try_get::<String>("", "body").unwrap()).unwrap();
            (
                r.try_get::<i32>("", "id").unwrap().into(),
                body["answer"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let ids: Vec<String> = picked.iter().map(|(i, _)| i.to_string()).collect();
    let b = app
        .gql(
            Some(&employer),
            "mutation($q:[ID!]!){ createAssessment(input:{title:\"Coder I screening\", questionIds:$q, durationMinutes:30, passPercent:60}){ assessment { id kind itemCount feedback } } }",
            json!({"q": ids}),
        )
        .await;
    let a = &b["data"]["createAssessment"]["assessment"];
    assert_eq!(
        (
            a["kind"].as_str(),
            a["itemCount"].as_i64(),
            a["feedback"].as_str()
        ),
        (Some("ASSESSMENT"), Some(5), Some("EMPLOYER_ONLY")),
        "{b}"
    );
    let form = a["id"].as_str().unwrap().to_owned();
    let b = app
        .gql(
            Some(&employer),
            "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:4}){ codes } }",
            json!({"f": form}),
        )
        .await;
    let codes: Vec<String> = b["data"]["inviteCandidates"]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 4);

    // A trainee who was not invited cannot see it.
    let outsider = app.token("trainee").await;
    let b = app.gql(Some(&outsider), START, json!({"f": form})).await;
    assert_eq!(code(&b), "NOT_FOUND");

    // Four candidates get 5, 4, 2 and 1 right; each sits once.
    let mut attempts = Vec::new();
    for (n, right) in [5usize, 4, 2, 1].into_iter().enumerate() {
        let email = format!("candidate{n}@practicum.test");
        let b = app.register(&email, Some(&codes[n])).await;
        assert!(b["data"]["register"]["accessToken"].is_string(), "{b}");
        let (tok, _) = app.login(&email, "a long enough password").await;
        let b = app.gql(Some(&tok), START, json!({"f": form})).await;
        let attempt = b["data"]["startExam"]["attempt"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{b}"))
            .to_owned();
        for (i, (_, k)) in picked.iter().enumerate() {
            let choice = if i < right {
                k.clone()
            } else {
                vec![
                    ["A", "B", "C", "D"]
                        .into_iter()
                        .find(|o| !k.iter().any(|x| x == o))
                        .unwrap()
                        .to_owned(),
                ]
            };
            app.gql(
                Some(&tok),
                SAVE,
                json!({"a": attempt, "p": i + 1, "c": choice}),
            )
            .await;
        }
        app.clock
            .advance(chrono::Duration::minutes(3 * (n as i64 + 1)));
        let b = app.gql(Some(&tok), SUBMIT, json!({"a": attempt})).await;
        let sat = &b["data"]["submitExam"]["attempt"];
        assert_eq!(sat["status"], "SUBMITTED");
        assert!(
            sat["report"].is_null(),
            "a candidate does not see the employer's report: {b}"
        );
        let b = app.gql(Some(&tok), START, json!({"f": form})).await;
        assert_eq!(code(&b), "CONFLICT", "a second sitting is refused: {b}");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("taken once"),
            "and says why: {b}"
        );
        attempts.push((tok, attempt));
    }
    // A candidate never reads another's sitting; a used code registers no one.
    let b = app
        .gql(Some(&attempts[0].0), READ, json!({"a": attempts[1].1}))
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = app.register("late@practicum.test", Some(&codes[0])).await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "{b}");

    let b = app
        .gql(Some(&employer), CANDIDATES, json!({"f": form}))
        .await;
    let c = b["data"]["assessmentCandidates"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    let percents: Vec<f64> = c.iter().map(|r| r["percent"].as_f64().unwrap()).collect();
    assert_eq!(percents, vec![100.0, 80.0, 40.0, 20.0]);
    let pct: Vec<f64> = c
        .iter()
        .map(|r| r["percentile"].as_f64().unwrap())
        .collect();
    assert_eq!(pct, vec![87.5, 62.5, 37.5, 12.5]);
    assert_eq!(
        c.iter()
            .map(|r| r["passed"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        vec![true, true, false, false]
    );
    assert_eq!(c[0]["minutesUsed"], 3.0);
    assert_eq!(c[0]["report"]["lines"].as_array().unwrap().len(), 5);
    let csv = app
        .gql(
            Some(&employer),
            "query($f:ID!){ assessmentCandidatesCsv(assessmentId:$f) }",
            json!({"f": form}),
        )
        .await;
    let csv = csv["data"]["assessmentCandidatesCsv"].as_str().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("candidate,email,status,percent,passed,minutes_used,percentile"));
    assert_eq!(lines.len(), 5);
    assert!(lines[1].contains(",SUBMITTED,100.0,true,3.0,87.5"), "{csv}");

    // Item analysis: item 1 right by all four, item 5 only by the best.
    let b = app.gql(Some(&employer), "query($f:ID!){ itemAnalysis(formId:$f){ itemId n pValue discrimination options { key count correct } } }", json!({"f": form})).await;
    let stats = b["data"]["itemAnalysis"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    let by_id = |id: i64| {
        stats
            .iter()
            .find(|s| s["itemId"].as_str() == Some(id.to_string().as_str()))
            .unwrap()
    };
    assert_eq!(by_id(picked[0].0)["pValue"], 1.0);
    assert_eq!(by_id(picked[4].0)["pValue"], 0.25);
    assert_eq!(by_id(picked[4].0)["discrimination"], 1.0);
    assert_eq!(by_id(picked[0].0)["n"], 4);

    // Another organization's employer, and a trainee, see nothing of it.
    let b = app
        .gql(Some(&outsider), CANDIDATES, json!({"f": form}))
        .await;
    assert_eq!(
        code(&b),
        "FORBIDDEN",
        "a trainee is refused by role, before any lookup"
    );
    let admin = app.token("admin").await;
    let b = app.gql(Some(&admin), "mutation{ createOrganization(input:{name:\"Rival Billing Co\", kind:EMPLOYER}){ organization { id } } }", json!({})).await;
    let org = b["data"]["createOrganization"]["organization"]["id"].clone();
    let b = app
        .gql(Some(&admin), "mutation($o:ID!){ createInvitation(input:{organizationId:$o, role:EMPLOYER}){ code } }", json!({"o": org}))
        .await;
    let code2 = b["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    app.register("rival@practicum.test", Some(&code2)).await;
    let (rival, _) = app
        .login("rival@practicum.test", "a long enough password")
        .await;
    for q in [
        CANDIDATES,
        "query($f:ID!){ assessmentCandidatesCsv(assessmentId:$f) }",
        "query($f:ID!){ itemAnalysis(formId:$f){ n } }",
    ] {
        let b = app.gql(Some(&rival), q, json!({"f": form})).await;
        assert_eq!(code(&b), "NOT_FOUND", "{q}: {b}");
    }
    let b = app
        .gql(Some(&rival), "{ examForms { slug } }", json!({}))
        .await;
    assert!(
        b["data"]["examForms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["slug"].as_str().unwrap().ends_with("-practice")),
        "{b}"
    );
}

const PRACTICE_START: &str =
    "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
const PRACTICE_SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { score { percent } } } }";

#[tokio::test]
async fn instructors_read_a_skill_matrix_and_the_analysis_of_each_key_line() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases/cpc-em-medicine.json");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let case = &file["cases"][0];
    let backend = app.db.get_database_backend();
    let slug = case["slug"].as_str().unwrap();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT id FROM coding_case WHERE slug = '{slug}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    let case_id = row.try_get::<i32>("", "id").unwrap().to_string();
    let key = &case["key"];
    let first_dx = key["diagnoses"][0]["code"].as_str().unwrap();
    let procedures: Vec<Value> = key["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["alternate"].is_null() || p["alternate"]["option"] == 1)
        .map(|p| json!({"system": p["system"], "code": p["code"], "modifiers": p["modifiers"], "units": p["units"], "pointers": ["A"]}))
        .collect();
    // Two attempts: the first-listed diagnosis right, then replaced by a wrong code.
    for dx in [first_dx, "R69"] {
        let b = app
            .gql(Some(&trainee), PRACTICE_START, json!({"c": case_id}))
            .await;
        let id = b["data"]["startAttempt"]["attempt"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{b}"))
            .to_owned();
        let s = json!({"diagnoses": [{"code": dx}], "procedures": procedures});
        let b = app
            .gql(Some(&trainee), PRACTICE_SUBMIT, json!({"id": id, "s": s}))
            .await;
        assert!(
            b["data"]["submitAttempt"]["attempt"]["score"]["percent"].is_number(),
            "{b}"
        );
    }
    let instructor = app.token("instructor").await;
    let b = app
        .gql(
            Some(&trainee),
            "{ myCohorts { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let cohort = b["data"]["myCohorts"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app
        .gql(Some(&instructor), "query($c:ID!){ cohortSkillMatrix(cohortId:$c){ skills codeGroups rows { displayName cells attempts groupCells groupAttempts } weakest { name percent } } }", json!({"c": cohort}))
        .await;
    let m = &b["data"]["cohortSkillMatrix"];
    let skills = m["skills"].as_array().unwrap_or_else(|| panic!("{b}"));
    for tag in case["skillTags"].as_array().unwrap() {
        assert!(skills.contains(tag), "{tag} missing from {skills:?}");
    }
    assert_eq!(
        m["rows"][0]["cells"].as_array().unwrap().len(),
        skills.len()
    );
    assert!(
        m["rows"][0]["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.as_f64().is_some_and(|p| (0.0..=100.0).contains(&p)))
    );
    assert!(!m["weakest"].as_array().unwrap().is_empty());
    // The count behind each cell: the two attempts under each of the case's skill tags.
    for tag in case["skillTags"].as_array().unwrap() {
        let i = skills.iter().position(|s| s == tag).unwrap();
        assert_eq!(m["rows"][0]["attempts"][i], 2, "{b}");
    }
    // And the same by code group (ICD-10-CM chapter, CPT section), a count where a cell is.
    let groups = m["codeGroups"].as_array().unwrap();
    assert!(!groups.is_empty(), "{b}");
    let cells = m["rows"][0]["groupCells"].as_array().unwrap();
    let counts = m["rows"][0]["groupAttempts"].as_array().unwrap();
    assert_eq!((cells.len(), counts.len()), (groups.len(), groups.len()));
    for (c, n) in cells.iter().zip(counts) {
        assert_eq!(c.is_null(), n == 0, "{b}");
    }
    let b = app
        .gql(
            Some(&trainee),
            "query($c:ID!){ cohortSkillMatrix(cohortId:$c){ skills } }",
            json!({"c": cohort}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");

    let b = app
        .gql(Some(&instructor), "query($c:ID!){ caseLineAnalysis(caseId:$c){ kind expected n pValue answers { key count correct } } }", json!({"c": case_id}))
        .await;
    let lines = b["data"]["caseLineAnalysis"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"));
    let expected = first_dx.replace('.', "");
    let dx = lines
        .iter()
        .find(|l| l["kind"] == "DIAGNOSIS" && l["expected"] == expected.as_str())
        .unwrap_or_else(|| panic!("{b}"));
    assert_eq!(
        (dx["n"].as_i64(), dx["pValue"].as_f64()),
        (Some(2), Some(0.5)),
        "{dx}"
    );
    assert!(
        dx["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["key"] == "R69" && a["count"] == 1 && a["correct"] == false),
        "{dx}"
    );
    let b = app
        .gql(
            Some(&trainee),
            "query($c:ID!){ caseLineAnalysis(caseId:$c){ n } }",
            json!({"c": case_id}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
}

#[tokio::test]
async fn an_assessment_can_hold_a_claim_scenario_scored_by_the_claim_work() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let employer = app.token("employer").await;
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT id FROM coding_case WHERE slug = 'den-timely-filing-medicare-14-months'",
        ))
        .await
        .unwrap()
        .unwrap();
    let case_id = row.try_get::<i32>("", "id").unwrap().to_string();
    let b = app
        .gql(
            Some(&employer),
            "mutation($c:[ID!]!){ createAssessment(input:{title:\"Denials desk\", claimCaseIds:$c, durationMinutes:45}){ assessment { id itemCount } } }",
            json!({"c": [case_id]}),
        )
        .await;
    let form = b["data"]["createAssessment"]["assessment"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{b}"))
        .to_owned();
    let b = app
        .gql(
            Some(&employer),
            "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:1}){ codes } }",
            json!({"f": form}),
        )
        .await;
    let invite = b["data"]["inviteCandidates"]["codes"][0]
        .as_str()
        .unwrap()
        .to_owned();
    app.register("biller@practicum.test", Some(&invite)).await;
    let (tok, _) = app
        .login("biller@practicum.test", "a long enough password")
        .await;
    let b = app.gql(Some(&tok), START, json!({"f": form})).await;
    let a = &b["data"]["startExam"]["attempt"];
    assert_eq!(a["items"][0]["kind"], "CLAIM", "{b}");
    let attempt = a["id"].as_str().unwrap().to_owned();
    let b = app
        .gql(Some(&tok), SAVE, json!({"a": attempt, "p": 1, "c": ["A"]}))
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "position"));
    // The candidate works the denial inside the sitting: codes the claim, sends it, reads
    // that it was sent 14 months late, and writes it off.
    let b = app
        .gql(
            Some(&tok),
            "mutation($c:ID!,$a:ID){ createClaim(input:{caseId:$c, examAttemptId:$a}){ claim { id examAttemptId } } }",
            json!({"c": case_id, "a": attempt}),
        )
        .await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    assert_eq!(
        b["data"]["createClaim"]["claim"]["examAttemptId"],
        attempt.as_str(),
        "{b}"
    );
    let den = crate::helpers::cases_file("claims-denials.json");
    let case = den["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "den-timely-filing-medicare-14-months")
        .unwrap()
        .clone();
    crate::helpers::code_claim(&app, &tok, &claim, &case).await;
    let b = app.gql(Some(&tok), "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { remittance { lines { adjustments { group reason } } } } } }", json!({"id": claim})).await;
    assert_eq!(
        b["data"]["submitClaim"]["claim"]["remittance"]["lines"][0]["adjustments"][0]["reason"],
        "29",
        "{b}"
    );
    app.gql(Some(&tok), "mutation($id:ID!){ closeClaim(input:{claimId:$id, action:WRITE_OFF}){ claim { status } } }", json!({"id": claim})).await;
    let b = app.gql(Some(&tok), SUBMIT, json!({"a": attempt})).await;
    assert_eq!(b["data"]["submitExam"]["attempt"]["status"], "SUBMITTED");
    let b = app
        .gql(Some(&employer), CANDIDATES, json!({"f": form}))
        .await;
    let c = &b["data"]["assessmentCandidates"][0];
    assert_eq!(c["percent"], 100.0, "{b}");
    assert_eq!(c["report"]["lines"][0]["earned"], 1.0);
}
