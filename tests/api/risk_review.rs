//! RISK_ADJUSTMENT chart reviews through GraphQL on the seeded cases: a trainee reads the
//! review block (member, mode, submitted codes), submits a capture answer and an audit answer,
//! and gets verdicts line by line with the key's status and reason, and the RAF difference
//! (raw and payment score, HCCs gained and lost) equal to figures worked by hand from
//! seed/codesets/hcc/factors_v28.tsv; malformed conditions are refused with
//! extensions.code and extensions.field; a case document's review block is checked on import.
//! Runs on SQLite and PostgreSQL like every API test.

use crate::helpers::{TestApp, case_id, cases_file, code, field};
use serde_json::{Value, json};

const START: &str = "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id case { setting riskAdjustment { paymentYear mode submittedCodes member { ageFeb1 sex dualStatus orec segment } } } } } }";
const SUBMIT: &str = "mutation($id:ID!,$s:SubmissionInput){ submitAttempt(input:{attemptId:$id, submission:$s}){ attempt { score { percent earned possible lines { kind verdict issues submitted expected points feedback condition { keyStatus keyReason correctCode traineeStatus traineeReason } } risk { variant keyHccs { hcc codes factor } traineeHccs { hcc } gained { hcc codes factor } lost { hcc codes } notes keyRawScore traineeRawScore keyPaymentScore traineePaymentScore rawDelta paymentDelta } } } } }";

async fn start(app: &TestApp, trainee: &str, slug: &str) -> (String, Value) {
    let id = case_id(app, slug).await;
    let b = app.gql(Some(trainee), START, json!({"c": id})).await;
    let at = &b["data"]["startAttempt"]["attempt"];
    (
        at["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{b}"))
            .to_owned(),
        at["case"].clone(),
    )
}

/// (verdict, points) of the line whose submitted code, or else expected code, is `code`.
fn line<'a>(score: &'a Value, code: &str) -> &'a Value {
    let lines = score["lines"].as_array().unwrap();
    lines
        .iter()
        .find(|l| l["submitted"] == code)
        .or_else(|| {
            lines
                .iter()
                .find(|l| l["submitted"].is_null() && l["expected"] == code)
        })
        .unwrap_or_else(|| panic!("no line {code}: {score}"))
}

fn verdict(score: &Value, code: &str) -> (String, f64) {
    let l = line(score, code);
    (
        l["verdict"].as_str().unwrap().to_owned(),
        l["points"].as_f64().unwrap(),
    )
}

fn hccs(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["hcc"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_capture_review_is_scored_line_by_line_with_the_raf_difference() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (attempt, case) = start(&app, &trainee, "ra-capture-dm-ckd-hfpef").await;
    assert_eq!(case["setting"], "RISK_ADJUSTMENT");
    assert_eq!(
        case["riskAdjustment"],
        json!({"paymentYear": 2026, "mode": "CAPTURE", "submittedCodes": [],
               "member": {"ageFeb1": 74, "sex": "F", "dualStatus": "NON_DUAL", "orec": "0",
                          "segment": "COMMUNITY"}})
    );
    // I50.9 for the key's I50.32, the active cancer code for a history, F32.A, Z85.3 and Z79.84
    // left out.
    let answer = json!({"conditions": [
        {"code": "E11.22"}, {"code": "N18.32"}, {"code": "I13.0"}, {"code": "I50.9"},
        {"code": "J44.9"}, {"code": "C50.912"}]});
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": answer}))
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    for c in ["E11.22", "N18.32", "I13.0", "J44.9"] {
        assert_eq!(verdict(score, c), ("CORRECT".into(), 1.0), "{c}: {b}");
    }
    assert_eq!(verdict(score, "I50.9"), ("PARTIAL".into(), 0.5));
    assert_eq!(line(score, "I50.9")["expected"], "I50.32");
    assert_eq!(line(score, "I50.9")["issues"], json!(["SPECIFICITY"]));
    assert_eq!(verdict(score, "C50.912"), ("EXTRA".into(), 0.0));
    assert_eq!(
        line(score, "C50.912")["condition"]["keyReason"],
        "HISTORICAL"
    );
    assert!(
        line(score, "C50.912")["feedback"]
            .as_str()
            .unwrap()
            .contains("historical")
    );
    assert_eq!(verdict(score, "F32.A"), ("MISSING".into(), 0.0));
    assert_eq!(verdict(score, "Z85.3"), ("MISSING".into(), 0.0));
    // 4 + 0.5 earned of max(6 entered, 8 supported) = 56.25 %.
    assert_eq!(
        (score["earned"].as_f64(), score["possible"].as_f64()),
        (Some(4.5), Some(8.0))
    );
    assert_eq!(score["percent"], 56.25);

    // The RAF, by hand from factors_v28.tsv (CNA, female 74):
    //   key: F70_74 0.395 + HCC37 0.166 + HCC226 0.360 + HCC280 0.319 + HCC328 0.127
    //        + DIABETES_HF 0.112 + HF_CHR_LUNG 0.078 + HF_KIDNEY 0.176 + D4 0.000 = 1.733
    //        payment: 1.733 / 1.067 = 1.624; × (1 − 0.059) = 1.528
    //   trainee: the same + HCC23 0.186 (C50.912) + D5 0.050 instead of D4 = 1.969
    //        payment: 1.969 / 1.067 = 1.845; × 0.941 = 1.736
    let risk = &score["risk"];
    assert_eq!(risk["variant"], "CNA");
    assert_eq!(hccs(&risk["keyHccs"]), vec![37, 226, 280, 328]);
    assert_eq!(hccs(&risk["traineeHccs"]), vec![23, 37, 226, 280, 328]);
    assert_eq!(
        risk["gained"],
        json!([{"hcc": 23, "codes": ["C50.912"], "factor": 0.186}])
    );
    assert_eq!(risk["lost"], json!([]));
    assert_eq!(risk["keyRawScore"], 1.733);
    assert_eq!(risk["traineeRawScore"], 1.969);
    assert_eq!(risk["keyPaymentScore"], 1.528);
    assert_eq!(risk["traineePaymentScore"], 1.736);
    assert_eq!(risk["rawDelta"], 0.236);
    assert_eq!(risk["paymentDelta"], 0.208);
}

#[tokio::test]
async fn an_audit_review_marks_each_submitted_code_and_shows_the_hcc_lost() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (attempt, case) = start(&app, &trainee, "ra-audit-problem-list-chf").await;
    assert_eq!(case["riskAdjustment"]["mode"], "AUDIT");
    assert_eq!(
        case["riskAdjustment"]["submittedCodes"],
        json!(["I50.22", "I63.9", "J44.9", "F10.20", "E11.9"])
    );
    let answer = json!({"conditions": [
        {"code": "I50.22", "status": "NOT_SUPPORTED", "reason": "LISTED_ONLY"},
        {"code": "I63.9", "status": "NOT_SUPPORTED", "reason": "RULED_OUT"},
        {"code": "J44.9", "status": "SUPPORTED"},
        {"code": "F10.20", "status": "SUPPORTED"},
        {"code": "F10.21"}]});
    let b = app
        .gql(Some(&trainee), SUBMIT, json!({"id": attempt, "s": answer}))
        .await;
    let score = &b["data"]["submitAttempt"]["attempt"]["score"];
    assert_eq!(verdict(score, "I50.22"), ("CORRECT".into(), 1.0), "{b}");
    // The stroke is historical, not ruled out: right status, wrong reason.
    assert_eq!(verdict(score, "I63.9"), ("PARTIAL".into(), 0.5));
    assert_eq!(line(score, "I63.9")["issues"], json!(["REASON"]));
    assert_eq!(
        line(score, "I63.9")["condition"],
        json!({"keyStatus": "NOT_SUPPORTED", "keyReason": "HISTORICAL", "correctCode": null,
               "traineeStatus": "NOT_SUPPORTED", "traineeReason": "RULED_OUT"})
    );
    assert_eq!(verdict(score, "J44.9"), ("CORRECT".into(), 1.0));
    assert_eq!(verdict(score, "F10.20"), ("WRONG".into(), 0.0));
    assert_eq!(line(score, "F10.20")["condition"]["correctCode"], "F10.21");
    // E11.9 was submitted and left unmarked; F10.21 is the code the plan missed.
    assert_eq!(verdict(score, "E11.9"), ("MISSING".into(), 0.0));
    assert_eq!(verdict(score, "F10.21"), ("CORRECT".into(), 1.0));
    // 3.5 of max(5 entered, 8 keyed: the 5 submitted codes and F10.21, Z86.73, Z79.84) = 43.75 %.
    assert_eq!(score["percent"], 43.75);

    // The RAF, by hand (CFA: full-benefit dual, male 68):
    //   key (J44.9, F10.21, E11.9; Z86.73 and Z79.84 map to no HCC): M65_69 0.531 + HCC280 0.390 + HCC139 0.478 + HCC38 0.186
    //        + D3 0.000 = 1.585; payment 1.585 / 1.067 = 1.485, × 0.941 = 1.397
    //   trainee (J44.9, F10.20, F10.21): 0.531 + 0.390 + 0.478 + D2 0.000 = 1.399;
    //        payment 1.399 / 1.067 = 1.311, × 0.941 = 1.234
    let risk = &score["risk"];
    assert_eq!(risk["variant"], "CFA");
    assert_eq!(risk["gained"], json!([]));
    assert_eq!(risk["lost"], json!([{"hcc": 38, "codes": ["E11.9"]}]));
    assert_eq!(risk["keyRawScore"], 1.585);
    assert_eq!(risk["traineeRawScore"], 1.399);
    assert_eq!(risk["rawDelta"], -0.186);
    assert_eq!(risk["keyPaymentScore"], 1.397);
    assert_eq!(risk["traineePaymentScore"], 1.234);
    assert_eq!(risk["paymentDelta"], -0.163);
}

#[tokio::test]
async fn malformed_conditions_and_review_blocks_are_refused_with_the_field() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let (attempt, _) = start(&app, &trainee, "ra-capture-dm-ckd-hfpef").await;
    for (conditions, want) in [
        (
            json!([{"code": "E11..22"}]),
            "submission.conditions[0].code",
        ),
        (
            json!([{"code": "E11.22"}, {"code": "E1122"}]),
            "submission.conditions[1].code",
        ),
        (
            json!([{"code": "E11.22", "status": "SUPPORTED", "reason": "HISTORICAL"}]),
            "submission.conditions[0].reason",
        ),
    ] {
        let b = app
            .gql(
                Some(&trainee),
                SUBMIT,
                json!({"id": attempt, "s": {"conditions": conditions}}),
            )
            .await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", want), "{b}");
    }

    // An author's case: the member's age must match the patient's on February 1, the
    // evidence must be in the cited document, an audit keys every submitted code.
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;
    let import = "mutation($o:ID!,$d:JSON!){ importCaseSet(input:{organizationId:$o, document:$d}){ caseSet { id } } }";
    let set = |case: Value| {
        json!({"format": "practicum.caseset/1", "slug": "ra-mine", "title": "Mine",
               "visibility": "ORGANIZATION", "cases": [case]})
    };
    let good: Value = cases_file("risk-adjustment.json")["cases"][1].clone();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut d = good.clone();
    d["riskAdjustment"]["member"]["ageFeb1"] = json!(69);
    cases.push((d, "cases[0].riskAdjustment.member.ageFeb1"));
    let mut d = good.clone();
    d["key"]["conditions"][2]["evidence"]["sentence"] = json!("COPD: worse, on home oxygen.");
    cases.push((d, "cases[0].key.conditions[2].evidence.sentence"));
    let mut d = good.clone();
    d["riskAdjustment"]["submittedCodes"] =
        json!(["I50.22", "I63.9", "J44.9", "F10.20", "E11.9", "I48.91"]);
    cases.push((d, "cases[0].riskAdjustment.submittedCodes[5]"));
    let mut d = good.clone();
    d["key"]["conditions"][2]["evidence"]["meat"] = json!([]);
    cases.push((d, "cases[0].key.conditions[2].evidence.meat"));
    let mut d = good.clone();
    d["key"]["conditions"][0]["reason"] = Value::Null;
    cases.push((d, "cases[0].key.conditions[0].reason"));
    for (doc, want) in cases {
        let b = app
            .gql(Some(&instructor), import, json!({"o": org, "d": set(doc)}))
            .await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", want), "{b}");
    }
    let b = app
        .gql(Some(&instructor), import, json!({"o": org, "d": set(good)}))
        .await;
    assert!(
        b["data"]["importCaseSet"]["caseSet"]["id"].is_string(),
        "{b}"
    );
}
