//! Proves each rule of compliant query practice on its own: for every rule a query that breaks
//! only that rule draws exactly its finding (so removing the rule fails its test), and a
//! compliant query on the same script draws none. The script is the A1c case of
//! seed/cases/provider-queries.json, read from the file.

use super::*;
use crate::domain::cases::CaseSetFile;

fn seed_case(slug: &str) -> crate::domain::cases::CaseDoc {
    let file: CaseSetFile =
        serde_json::from_str(include_str!("../../../seed/cases/provider-queries.json")).unwrap();
    file.cases.into_iter().find(|c| c.slug == slug).unwrap()
}

fn a1c() -> (QueryScript, Vec<String>) {
    let c = seed_case("pq-dm2-a1c-above-goal");
    let record = c.documents.iter().map(|d| d.body.clone()).collect();
    (c.provider_query.unwrap(), record)
}

/// A compliant multiple-choice query on the A1c case.
fn good() -> RaisedQuery {
    RaisedQuery {
        query_type: QueryType::MultipleChoice,
        indicators: vec![
            "Hemoglobin A1c 9.1 %".into(),
            "Glipizide 5 mg daily added".into(),
        ],
        question: "Based on these indicators, can the diabetes be further specified?".into(),
        options: vec![
            "Type 2 diabetes mellitus with hyperglycemia".into(),
            "Type 2 diabetes mellitus, at goal, without hyperglycemia".into(),
            "Other (please specify)".into(),
            "Clinically undetermined".into(),
        ],
    }
}

fn run(q: &RaisedQuery) -> Assessment {
    let (s, record) = a1c();
    let r: Vec<&str> = record.iter().map(String::as_str).collect();
    assess(Some(&s), &r, q)
}

fn codes(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_compliant_query_has_no_finding_and_is_answered() {
    let a = run(&good());
    assert_eq!(codes(&a), Vec::<&str>::new());
    assert!(a.compliant && a.necessary && a.answered);
}

#[test]
fn a_cited_text_not_in_the_record_is_flagged() {
    let mut q = good();
    q.indicators.push("lactic acid 4.2".into());
    let a = run(&q);
    assert_eq!(codes(&a), ["INDICATOR_NOT_IN_RECORD"]);
    assert!(!a.compliant && a.answered);
    assert!(a.findings[0].detail.contains("lactic acid 4.2"));
}

#[test]
fn citing_no_indicator_of_the_case_blocks_the_query() {
    let mut q = good();
    // In the record, but not an indicator of the glucose control.
    q.indicators = vec!["LDL 88 mg/dL".into()];
    let a = run(&q);
    assert_eq!(codes(&a), ["NO_CLINICAL_INDICATOR"]);
    assert!(!a.compliant && !a.answered);
    // Most of an indicator counts; a sliver of one does not.
    q.indicators = vec!["A1c 9.1 %".into()];
    assert_eq!(codes(&run(&q)), Vec::<&str>::new());
    q.indicators = vec!["9.1".into()];
    assert_eq!(codes(&run(&q)), ["NO_CLINICAL_INDICATOR"]);
}

#[test]
fn yes_no_for_a_new_diagnosis_is_non_compliant_but_answered() {
    let q = RaisedQuery {
        query_type: QueryType::YesNo,
        options: vec![],
        question: "Does the patient have hyperglycemia?".into(),
        ..good()
    };
    let a = run(&q);
    assert_eq!(codes(&a), ["YES_NO_NEW_DIAGNOSIS"]);
    assert!(!a.compliant && a.answered);
}

#[test]
fn a_query_type_the_case_does_not_allow_is_flagged() {
    // The A1c case allows MULTIPLE_CHOICE and OPEN_ENDED; take OPEN_ENDED away to see the rule.
    let (mut s, record) = a1c();
    s.query_types = vec![QueryType::MultipleChoice];
    let q = RaisedQuery {
        query_type: QueryType::OpenEnded,
        options: vec![],
        ..good()
    };
    let r: Vec<&str> = record.iter().map(String::as_str).collect();
    let a = assess(Some(&s), &r, &q);
    assert_eq!(codes(&a), ["QUERY_TYPE_NOT_SUITED"]);
    assert!(a.findings[0].detail.contains("MULTIPLE_CHOICE"));
}

#[test]
fn multiple_choice_without_other_is_leading() {
    let mut q = good();
    q.options.retain(|o| !o.starts_with("Other"));
    assert_eq!(codes(&run(&q)), ["MISSING_OTHER_OPTION"]);
}

#[test]
fn multiple_choice_without_clinically_undetermined_is_leading() {
    let mut q = good();
    q.options.retain(|o| o != "Clinically undetermined");
    assert_eq!(codes(&run(&q)), ["MISSING_UNDETERMINED_OPTION"]);
    // An equivalent wording satisfies the rule.
    q.options.push("Unable to determine".into());
    assert_eq!(codes(&run(&q)), Vec::<&str>::new());
}

#[test]
fn one_clinical_option_and_the_escapes_is_too_few() {
    let mut q = good();
    q.options.remove(1);
    assert_eq!(codes(&run(&q)), ["TOO_FEW_OPTIONS"]);
}

#[test]
fn an_option_that_is_not_clinically_reasonable_is_flagged() {
    let mut q = good();
    q.options[1] = "Type 2 diabetes mellitus with gastroparesis".into();
    let a = run(&q);
    assert_eq!(codes(&a), ["OPTION_NOT_REASONABLE"]);
    assert!(a.findings[0].detail.contains("gastroparesis"));
}

#[test]
fn a_diagnosis_the_indicators_do_not_support_is_leading() {
    let mut q = good();
    q.question = "Is there diabetic ketoacidosis or another complication?".into();
    let a = run(&q);
    assert_eq!(codes(&a), ["UNSUPPORTED_DIAGNOSIS"]);
    assert!(a.answered && !a.compliant);
}

#[test]
fn wording_that_tells_the_provider_what_to_write_is_leading() {
    let mut q = good();
    q.question = "Please document the diabetes with hyperglycemia if clinically valid.".into();
    assert_eq!(codes(&run(&q)), ["LEADING_WORDING"]);
}

#[test]
fn payment_or_quality_words_block_the_query() {
    for text in [
        "This affects our reimbursement: can the diabetes be specified?",
        "The DRG depends on it: can the diabetes be specified?",
        "Would a $40 difference matter? Can the diabetes be specified?",
        "For our quality scores, can the diabetes be specified?",
        "Can the diabetes be specified? It changes the HCC.",
    ] {
        let mut q = good();
        q.question = text.into();
        let a = run(&q);
        assert_eq!(codes(&a), ["PAYMENT_OR_QUALITY"], "{text}");
        assert!(!a.answered && !a.compliant);
    }
    // Whole words only: "payer" and "repay" are not "pay".
    let mut q = good();
    q.question = "Can the diabetes be specified (the payer asked for records)?".into();
    assert_eq!(codes(&run(&q)), Vec::<&str>::new());
}

#[test]
fn a_query_on_a_clear_record_is_unnecessary_but_compliant() {
    let c = seed_case("pq-clear-dm2-ckd3a");
    let s = c.provider_query.clone().unwrap();
    let record: Vec<&str> = c.documents.iter().map(|d| d.body.as_str()).collect();
    let q = RaisedQuery {
        query_type: QueryType::OpenEnded,
        indicators: vec!["eGFR 52 mL/min/1.73 m2".into()],
        question: "Please clarify the stage of the chronic kidney disease.".into(),
        options: vec![],
    };
    let a = assess(Some(&s), &record, &q);
    assert_eq!(codes(&a), ["UNNECESSARY_QUERY"]);
    assert!(a.compliant && !a.necessary && a.answered);
    // A case without a script behaves the same way.
    let a = assess(None, &record, &q);
    assert_eq!(codes(&a), ["UNNECESSARY_QUERY"]);
}

#[test]
fn every_finding_cites_the_guideline_and_explains_itself() {
    let q = RaisedQuery {
        query_type: QueryType::YesNo,
        indicators: vec!["made up".into()],
        question: "Please document sepsis for the DRG.".into(),
        options: vec![],
    };
    let a = run(&q);
    assert!(a.findings.len() >= 4, "{:?}", codes(&a));
    for f in a.findings.iter().chain([not_raised()].iter()) {
        assert!(
            f.guideline
                .starts_with("AHIMA/ACDIS Guidelines for Achieving a Compliant Query Practice"),
            "{f:?}"
        );
        assert!(!f.rule.is_empty() && !f.detail.is_empty(), "{f:?}");
    }
}
