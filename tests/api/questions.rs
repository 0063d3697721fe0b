//! The question bank staff browse and author: instructors, employers and admins page through
//! it by section, exam, skill tag and text, with answers and rationales; trainees are
//! FORBIDDEN. A private question (an employer's or instructor's, checked as the seed loader
//! checks the bank, its codes valid today) belongs to its organization: absent from another
//! organization's lists and assessments (answered as a missing id is) and from practice
//! exams, which draw only the platform's PRACTICE pool, shown here deterministically by
//! leaving that pool exactly the blueprint's count. An admin's pool changes never leave a
//! practice exam short.

use crate::helpers::{TestApp, code, field, outsider};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const LIST: &str = "query($f:QuestionFilterInput,$n:Int,$a:String){ questions(filter:$f, first:$n, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { id slug kind exams section skillTags stem options { key text } answer rationale pool private } } } }";
const CREATE: &str = "mutation($i:CreateQuestionInput!){ createQuestion(input:$i){ question { id slug kind section pool private answer organization { name } options { key text } } } }";
const UPDATE: &str = "mutation($i:UpdateQuestionInput!){ updateQuestion(input:$i){ question { id stem pool section } } }";
const ONE: &str = "query($id:ID!){ question(id:$id){ id stem answer } }";
const ASSESS: &str = "mutation($q:[ID!]!){ createAssessment(input:{title:\"Coder screen\", questionIds:$q, durationMinutes:30}){ assessment { id itemCount } } }";

/// The seeded bank's items.
fn seed_items() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/questions");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let f: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            out.extend(f["items"].as_array().unwrap().iter().cloned());
        }
    }
    out
}

fn has(list: &Value, s: &str) -> bool {
    list.as_array().unwrap().iter().any(|v| v == s)
}

/// An E/M question as an author writes it.
fn em_question(stem: &str) -> Value {
    json!({"kind": "SINGLE", "section": "EM", "skillTags": ["CPC:EM"], "difficulty": "BEGINNER",
        "stem": stem, "options": ["99202", "99203", "99212", "99213"], "answer": ["b"],
        "rationale": "New patient, low MDM: 99203.", "reference": "CPT E/M guidelines: MDM"})
}

fn nodes(b: &Value) -> Vec<Value> {
    b["data"]["questions"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn staff_browse_the_bank_with_its_answers_and_trainees_may_not() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let employer = app.token("employer").await;
    let trainee = app.token("trainee").await;
    let seed = seed_items();

    for (q, vars) in [
        (LIST, json!({})),
        (ONE, json!({"id": "1"})),
        (
            CREATE,
            json!({"i": em_question("A trainee writes a question")}),
        ),
    ] {
        assert_eq!(
            code(&app.gql(Some(&trainee), q, vars).await),
            "FORBIDDEN",
            "{q}"
        );
    }

    // Three pages of E/M questions, each with its answer and rationale, none repeated.
    let em: Vec<&Value> = seed.iter().filter(|q| q["section"] == "EM").collect();
    let mut seen = BTreeSet::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let b = app
            .gql(
                Some(&instructor),
                LIST,
                json!({"f": {"section": "EM"}, "n": 4, "a": after}),
            )
            .await;
        assert_eq!(b["data"]["questions"]["totalCount"], em.len(), "{b}");
        for n in nodes(&b) {
            assert!(n["answer"].as_array().is_some_and(|a| !a.is_empty()), "{n}");
            assert!(n["rationale"].as_str().is_some_and(|r| !r.is_empty()));
            assert_eq!(
                (n["pool"].clone(), n["private"].clone()),
                (json!("PRACTICE"), json!(false))
            );
            assert!(seen.insert(n["slug"].as_str().unwrap().to_owned()));
        }
        pages += 1;
        if b["data"]["questions"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = b["data"]["questions"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!((pages, seen.len()), (em.len().div_ceil(4), em.len()));
    let want: BTreeSet<String> = em
        .iter()
        .map(|q| q["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, want);

    // By exam, by skill tag, by text in any case; an employer reads the bank too.
    let ccs = seed.iter().filter(|q| has(&q["exams"], "CCS")).count();
    let modifiers = seed
        .iter()
        .filter(|q| has(&q["skillTags"], "CPC:MODIFIERS"))
        .count();
    let heartburn = seed
        .iter()
        .filter(|q| q.to_string().to_lowercase().contains("heartburn"))
        .count();
    assert!(heartburn > 0);
    for (filter, n) in [
        (json!({"exam": "CCS"}), ccs),
        (json!({"skillTag": "CPC:MODIFIERS"}), modifiers),
        (json!({"text": "HEARTBURN"}), heartburn),
        (
            json!({"section": "EM", "skillTag": "CPC:EM", "exam": "CPC"}),
            em.len(),
        ),
    ] {
        let b = app
            .gql(Some(&employer), LIST, json!({"f": filter, "n": 1}))
            .await;
        assert_eq!(b["data"]["questions"]["totalCount"], n, "{filter}: {b}");
    }
    let b = app.gql(Some(&instructor), LIST, json!({"n": 101})).await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "first"));
    let b = app.gql(Some(&instructor), LIST, json!({"a": "nope"})).await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "after"));
}

#[tokio::test]
async fn a_private_question_is_checked_and_stays_in_its_organization() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let employer = app.token("employer").await;
    let admin = app.token("admin").await;

    // Checked as the seed loader checks the bank, each refusal naming its field.
    let bad = |change: &dyn Fn(&mut Value)| {
        let mut q = em_question("Checked");
        change(&mut q);
        q
    };
    for (q, f) in [
        (
            bad(&|q| q["options"] = json!(["99202", "99203", "99213"])),
            "options",
        ),
        (
            bad(&|q| q["options"] = json!(["99202", "99203", "99213", "99203"])),
            "options",
        ),
        (bad(&|q| q["answer"] = json!(["E"])), "answer"),
        (bad(&|q| q["answer"] = json!(["A", "B"])), "answer"),
        (bad(&|q| q["section"] = json!("CARDIOLOGY")), "section"),
        (bad(&|q| q["skillTags"] = json!(["CPC:NOPE"])), "skillTags"),
        (bad(&|q| q["difficulty"] = json!("EASY")), "difficulty"),
        (bad(&|q| q["exams"] = json!(["RHIT"])), "exams"),
        (bad(&|q| q["rationale"] = json!("  ")), "rationale"),
        (
            bad(&|q| q["options"] = json!(["E11.9", "E11.65", "E11.99", "I10"])),
            "options[2]",
        ),
        (
            bad(&|q| q["options"] = json!(["J3301", "J0001", "A4253", "E0607"])),
            "options[1]",
        ),
        (bad(&|q| q["pool"] = json!("PRACTICE")), "pool"),
    ] {
        let b = app.gql(Some(&employer), CREATE, json!({"i": q})).await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", f), "{q}: {b}");
    }
    assert_eq!(app.audit_count("question.create").await, 0);

    let b = app
        .gql(
            Some(&employer),
            CREATE,
            json!({"i": em_question("ZEBRA-7781: a new patient with low MDM")}),
        )
        .await;
    let q = &b["data"]["createQuestion"]["question"];
    assert_eq!(
        (q["private"].clone(), q["pool"].clone(), q["answer"].clone()),
        (json!(true), json!("ASSESSMENT"), json!(["B"])),
        "{b}"
    );
    assert_eq!(q["organization"]["name"], "Demo School");
    assert_eq!(q["options"][3], json!({"key": "D", "text": "99213"}));
    let private = q["id"].as_str().unwrap().to_owned();
    assert_eq!(app.audit_count("question.create").await, 1);
    let multi = json!({"kind": "MULTI", "section": "CCS_SCENARIO", "skillTags": ["CCS:DX_CODING"], "stem": "Which apply?",
        "options": ["E11.9", "I10", "N18.31", "Z79.84", "E78.5"], "answer": ["A", "B", "E"], "rationale": "As documented.", "reference": "ICD-10-CM I.C.4"});
    let b = app
        .gql(Some(&instructor), CREATE, json!({"i": multi}))
        .await;
    assert_eq!(
        b["data"]["createQuestion"]["question"]["kind"], "MULTI",
        "{b}"
    );

    // The school's instructor reads and edits it; nobody but an admin edits the platform's.
    let b = app
        .gql(Some(&instructor), LIST, json!({"f": {"privateOnly": true}}))
        .await;
    assert_eq!(b["data"]["questions"]["totalCount"], 2, "{b}");
    let b = app
        .gql(
            Some(&instructor),
            UPDATE,
            json!({"i": {"questionId": private, "stem": "ZEBRA-7781: new patient, low MDM"}}),
        )
        .await;
    assert_eq!(
        b["data"]["updateQuestion"]["question"]["stem"], "ZEBRA-7781: new patient, low MDM",
        "{b}"
    );
    let b = app
        .gql(
            Some(&instructor),
            UPDATE,
            json!({"i": {"questionId": private, "answer": ["Z"]}}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "answer"));
    assert_eq!(app.audit_count("question.update").await, 1);
    let platform = nodes(&app.gql(Some(&employer), LIST, json!({"n": 1})).await)[0]["id"].clone();
    let b = app
        .gql(
            Some(&employer),
            UPDATE,
            json!({"i": {"questionId": platform, "stem": "Mine now"}}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");

    // The employer's assessment may use it.
    let b = app
        .gql(Some(&employer), ASSESS, json!({"q": [private, platform]}))
        .await;
    assert_eq!(
        b["data"]["createAssessment"]["assessment"]["itemCount"], 2,
        "{b}"
    );

    // Another company sees nothing of it, and is told what a missing id tells.
    let rival = outsider(&app, &admin, "EMPLOYER", "EMPLOYER", "rival@company.test").await;
    for filter in [json!({"privateOnly": true}), json!({"text": "zebra-7781"})] {
        let b = app.gql(Some(&rival), LIST, json!({"f": filter})).await;
        assert_eq!(b["data"]["questions"]["totalCount"], 0, "{filter}: {b}");
    }
    let b = app
        .gql(Some(&employer), LIST, json!({"f": {"text": "zebra-7781"}}))
        .await;
    assert_eq!(b["data"]["questions"]["totalCount"], 1, "{b}");
    let theirs = app.gql(Some(&rival), ONE, json!({"id": private})).await;
    let missing = app.gql(Some(&rival), ONE, json!({"id": "999999"})).await;
    assert_eq!(code(&theirs), "NOT_FOUND");
    assert_eq!(
        theirs["errors"][0]["message"],
        missing["errors"][0]["message"]
    );
    let b = app
        .gql(
            Some(&rival),
            UPDATE,
            json!({"i": {"questionId": private, "stem": "Taken"}}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let theirs = app.gql(Some(&rival), ASSESS, json!({"q": [private]})).await;
    let missing = app
        .gql(Some(&rival), ASSESS, json!({"q": ["999999"]}))
        .await;
    assert_eq!(
        (code(&theirs), field(&theirs)),
        ("BAD_USER_INPUT", "questionIds")
    );
    assert_eq!(
        theirs["errors"][0]["message"]
            .as_str()
            .unwrap()
            .replace(&private, "N"),
        missing["errors"][0]["message"]
            .as_str()
            .unwrap()
            .replace("999999", "N")
    );
}

#[tokio::test]
async fn practice_exams_draw_only_the_platforms_practice_pool() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let employer = app.token("employer").await;
    let trainee = app.token("trainee").await;
    let admin = app.token("admin").await;
    let em = nodes(
        &app.gql(
            Some(&admin),
            LIST,
            json!({"f": {"section": "EM", "exam": "CPC"}, "n": 100}),
        )
        .await,
    );
    let drawn = 6; // seed/exams/cpc-practice.json draws 6 E/M questions
    assert!(em.len() > drawn);

    // The admin holds E/M questions back for assessment down to what the CPC exam draws, and
    // not one further.
    let held: Vec<Value> = em[drawn..].to_vec();
    for q in &held {
        let b = app
            .gql(
                Some(&admin),
                UPDATE,
                json!({"i": {"questionId": q["id"], "pool": "ASSESSMENT"}}),
            )
            .await;
        assert_eq!(
            b["data"]["updateQuestion"]["question"]["pool"], "ASSESSMENT",
            "{b}"
        );
    }
    let b = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({"i": {"questionId": em[0]["id"], "pool": "ASSESSMENT"}}),
        )
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    let msg = b["errors"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("CPC practice exam") && msg.contains("EM"),
        "{msg}"
    );
    let b = app
        .gql(Some(&admin), UPDATE, json!({"i": {"questionId": em[0]["id"], "section": "ANATOMY", "skillTags": ["CPC:ANATOMY"]}}))
        .await;
    assert_eq!(
        code(&b),
        "CONFLICT",
        "moving it to another section leaves E/M short too: {b}"
    );

    // Private E/M questions of the school, and a platform one written for assessments.
    for (who, stem) in [(&employer, "Private one"), (&instructor, "Private two")] {
        let b = app
            .gql(Some(who), CREATE, json!({"i": em_question(stem)}))
            .await;
        assert!(b["errors"].is_null(), "{b}");
    }
    let b = app
        .gql(Some(&admin), CREATE, json!({"i": {"pool": "ASSESSMENT", "kind": "SINGLE", "section": "EM", "skillTags": ["CPC:EM"], "stem": "Held platform question",
            "options": ["99202", "99203", "99212", "99213"], "answer": ["B"], "rationale": "Low MDM.", "reference": "CPT E/M guidelines"}}))
        .await;
    let q = &b["data"]["createQuestion"]["question"];
    assert_eq!(
        (q["private"].clone(), q["pool"].clone()),
        (json!(false), json!("ASSESSMENT")),
        "{b}"
    );
    let held_platform = q["id"].clone();

    // Every draw of the CPC practice exam takes exactly the E/M practice pool.
    let practice: BTreeSet<String> = nodes(
        &app.gql(
            Some(&instructor),
            LIST,
            json!({"f": {"section": "EM", "pool": "PRACTICE"}}),
        )
        .await,
    )
    .iter()
    .map(|n| n["stem"].as_str().unwrap().to_owned())
    .collect();
    assert_eq!(practice.len(), drawn);
    let forms = app
        .gql(Some(&trainee), "{ examForms { id slug } }", json!({}))
        .await;
    let form = forms["data"]["examForms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "cpc-practice")
        .unwrap()["id"]
        .clone();
    for _ in 0..2 {
        let b = app
            .gql(Some(&trainee), "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { items { section stem } } } }", json!({"f": form}))
            .await;
        let got: BTreeSet<String> = b["data"]["startExam"]["attempt"]["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{b}"))
            .iter()
            .filter(|i| i["section"] == "EM")
            .map(|i| i["stem"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, practice);
    }

    // Assessments take the platform's questions of either pool.
    let b = app
        .gql(
            Some(&employer),
            ASSESS,
            json!({"q": [held_platform, held[0]["id"], em[0]["id"]]}),
        )
        .await;
    assert_eq!(
        b["data"]["createAssessment"]["assessment"]["itemCount"], 3,
        "{b}"
    );
}
