//! `riskScore`: a member-year scored with the CMS-HCC V28 model over HTTP, as a coder studying
//! risk adjustment sees it: the HCCs with the codes behind them, what the hierarchies dropped
//! and why, interactions, factors, and the raw and payment scores; codes checked against the
//! ICD-10-CM table; bad input refused with the field named. The factors asserted are cells of
//! CMS's V28 table (`seed/codesets/hcc/factors_v28.tsv`).

use crate::helpers::{TestApp, code, field};
use serde_json::json;

const SCORE: &str = "query($i:RiskScoreInput!){ riskScore(input:$i){ model paymentYear \
    segmentVariable disabled originallyDisabled \
    hccs { hcc label codes factor } hccsBeforeHierarchies { hcc } \
    droppedHccs { hcc codes droppedBy reason } ageSexEdits { code condition hcc } \
    codesWithoutHcc demographicFactors { name variable factor } \
    interactions { name variable factor } demographicTotal hccTotal interactionTotal \
    rawScore normalizationFactor normalizedScore codingPatternAdjustment paymentScore } }";

#[tokio::test]
async fn risk_score_explains_a_member_years_hccs_hierarchies_interactions_and_scores() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let input = json!({
        "diagnoses": ["E11.22", "E11.9", "I50.22", "J44.9", "N18.4", "I10"],
        "age": 72, "sex": "FEMALE", "dualStatus": "NON_DUAL", "orec": "0",
        "segment": "COMMUNITY",
    });
    let b = app.gql(None, SCORE, json!({"i": input})).await;
    assert_eq!(code(&b), "UNAUTHENTICATED", "{b}");

    let token = app.token("trainee").await;
    let b = app.gql(Some(&token), SCORE, json!({"i": input})).await;
    let r = &b["data"]["riskScore"];
    assert_eq!(r["paymentYear"], 2026, "{b}");
    assert_eq!(r["segmentVariable"], "CNA");
    let hccs: Vec<i64> = r["hccs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["hcc"].as_i64().unwrap())
        .collect();
    assert_eq!(hccs, vec![37, 226, 280, 327]);
    assert_eq!(r["hccs"][0]["codes"], json!(["E11.22"]));
    assert_eq!(r["hccs"][0]["factor"], 0.166);
    assert!(
        r["hccs"][1]["label"]
            .as_str()
            .unwrap()
            .contains("Heart Failure")
    );
    assert_eq!(r["hccsBeforeHierarchies"].as_array().unwrap().len(), 5);
    // E11.9 (HCC 38) is dropped by HCC 37; I10 maps to no HCC.
    assert_eq!(r["droppedHccs"][0]["hcc"], 38);
    assert_eq!(r["droppedHccs"][0]["droppedBy"], 37);
    assert_eq!(r["droppedHccs"][0]["codes"], json!(["E11.9"]));
    assert_eq!(r["codesWithoutHcc"], json!(["I10"]));
    assert_eq!(r["demographicFactors"][0]["variable"], "CNA_F70_74");
    let names: Vec<&str> = r["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["D4", "DIABETES_HF", "HF_CHR_LUNG", "HF_KIDNEY"]);
    // 0.395 + (0.166 + 0.360 + 0.319 + 0.514) + (0.112 + 0.078 + 0.176) = 2.120;
    // / 1.067 = 1.987; x (1 - 0.059) = 1.870.
    assert_eq!(r["rawScore"], 2.12);
    assert_eq!(r["normalizationFactor"], 1.067);
    assert_eq!(r["normalizedScore"], 1.987);
    assert_eq!(r["codingPatternAdjustment"], 0.059);
    assert_eq!(r["paymentScore"], 1.87);

    // An institutional, full-benefit dual member: INS_M80_84 1.238 + INS_LTIMCAID 0.130 +
    // HCC 226 0.217; a female's D66 goes to HCC 112 by the age/sex edit.
    let ins = json!({
        "diagnoses": ["I50.9"], "age": 82, "sex": "MALE", "dualStatus": "FULL_BENEFIT",
        "orec": "0", "segment": "INSTITUTIONAL",
    });
    let b = app.gql(Some(&token), SCORE, json!({"i": ins})).await;
    assert_eq!(b["data"]["riskScore"]["rawScore"], 1.585, "{b}");
    let edit = json!({
        "diagnoses": ["D66"], "age": 40, "sex": "FEMALE", "dualStatus": "PARTIAL_BENEFIT",
        "orec": "1", "segment": "COMMUNITY", "dateOfService": "2025-06-30",
    });
    let b = app.gql(Some(&token), SCORE, json!({"i": edit})).await;
    let r = &b["data"]["riskScore"];
    assert_eq!(r["segmentVariable"], "CPD", "{b}");
    assert_eq!(
        r["ageSexEdits"][0],
        json!({"code": "D66", "condition": "FEMALE", "hcc": 112})
    );
}

#[tokio::test]
async fn risk_score_refuses_bad_input_naming_the_field() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let token = app.token("trainee").await;
    let input = json!({
        "diagnoses": ["E11.9"], "age": 70, "sex": "MALE", "dualStatus": "NON_DUAL",
        "orec": "0", "segment": "COMMUNITY",
    });
    let many: Vec<String> = (0..101).map(|_| "E11.9".to_owned()).collect();
    for (path, value, want, says) in [
        (
            "diagnoses",
            json!(["E11.9", "Q99.99"]),
            "diagnoses[1]",
            "not an ICD-10-CM code valid",
        ),
        (
            "diagnoses",
            json!(["E11"]),
            "diagnoses[0]",
            "not a billable",
        ),
        (
            "diagnoses",
            json!(["E1;9"]),
            "diagnoses[0]",
            "not an ICD-10-CM code",
        ),
        ("diagnoses", json!(many), "diagnoses", "at most 100"),
        ("age", json!(121), "age", "between 0 and 120"),
        ("age", json!(-1), "age", "between 0 and 120"),
        (
            "orec",
            json!("7"),
            "orec",
            "original reason for entitlement",
        ),
        (
            "dateOfService",
            json!("2026-03-01"),
            "dateOfService",
            "outside 2025",
        ),
    ] {
        let mut bad = input.clone();
        bad[path] = value;
        let b = app.gql(Some(&token), SCORE, json!({"i": bad})).await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", want), "{b}");
        let message = b["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
    }
    // An unknown segment is refused by the schema's enum before the resolver runs.
    let mut bad = input.clone();
    bad["segment"] = json!("HOSPICE");
    let b = app.gql(Some(&token), SCORE, json!({"i": bad})).await;
    assert_eq!(code(&b), "BAD_USER_INPUT", "{b}");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("segment"),
        "{b}"
    );
    assert!(
        b["data"].is_null() || b["data"]["riskScore"].is_null(),
        "{b}"
    );
}
