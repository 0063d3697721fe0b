//! Chart-review scoring (docs/risk-adjustment.md, "Scoring"), rule by rule, on the seeded cases
//! of seed/cases/risk-adjustment.json: capture (exact code correct, another code of the same
//! HCC partial, a NOT_SUPPORTED condition coded an extra with the key's reason, any other code
//! an extra, a supported condition not coded missing), audit (the key's status and reason
//! correct, the right status with another reason partial, the other status wrong, an unmarked
//! code missing, a condition the plan missed scored as capture), and the RAF comparison beside
//! the percent (gained and lost HCCs, hierarchy notes, deltas), which never enters the percent.

use super::{Issue, Policy, ScoreReport, Submission, SubmittedCondition, Verdict, score_review};
use crate::domain::cases::risk::{ConditionStatus, NotSupportedReason};
use crate::domain::cases::{CaseDoc, CaseSetFile};

fn case(slug: &str) -> CaseDoc {
    let file: CaseSetFile =
        serde_json::from_str(include_str!("../../../seed/cases/risk-adjustment.json")).unwrap();
    file.cases.into_iter().find(|c| c.slug == slug).unwrap()
}

fn coded(code: &str) -> SubmittedCondition {
    SubmittedCondition {
        code: code.into(),
        status: None,
        reason: None,
    }
}

fn marked(
    code: &str,
    status: ConditionStatus,
    reason: Option<NotSupportedReason>,
) -> SubmittedCondition {
    SubmittedCondition {
        code: code.into(),
        status: Some(status),
        reason,
    }
}

fn run(c: &CaseDoc, conditions: Vec<SubmittedCondition>) -> ScoreReport {
    let sub = Submission {
        conditions,
        ..Default::default()
    };
    score_review(
        &c.key,
        c.risk_adjustment.as_ref().unwrap(),
        &sub,
        &Policy::default(),
    )
}

/// The verdict of the line whose submitted (or, when none, expected) code is `code`.
fn verdict(r: &ScoreReport, code: &str) -> (Verdict, f64) {
    let l = r
        .lines
        .iter()
        .find(|l| l.submitted.as_deref() == Some(code))
        .or_else(|| {
            r.lines
                .iter()
                .find(|l| l.submitted.is_none() && l.expected.as_deref() == Some(code))
        })
        .unwrap_or_else(|| panic!("no line for {code}: {:#?}", r.lines));
    (l.verdict, l.points)
}

const CAPTURE: &str = "ra-capture-dm-ckd-hfpef";
const AUDIT: &str = "ra-audit-problem-list-chf";

#[test]
fn every_seeded_keys_own_answer_scores_100_with_no_raf_difference() {
    let file: CaseSetFile =
        serde_json::from_str(include_str!("../../../seed/cases/risk-adjustment.json")).unwrap();
    assert!(file.cases.len() >= 4);
    for c in file.cases {
        let slug = c.slug.clone();
        let ra = c.risk_adjustment.as_ref().unwrap();
        let mut answer: Vec<SubmittedCondition> = Vec::new();
        for k in &c.key.conditions {
            let submitted = ra.submitted_codes.iter().any(|s| s == &k.code);
            if k.status == ConditionStatus::Supported {
                answer.push(coded(&k.code));
            } else if submitted {
                answer.push(marked(&k.code, k.status, k.reason));
            }
        }
        let r = run(&c, answer);
        assert_eq!(r.percent, 100.0, "{slug}: {:#?}", r.lines);
        let risk = r.risk.unwrap();
        assert_eq!((risk.raw_delta_e3, risk.payment_delta_e3), (0, 0));
        assert!(risk.gained.is_empty() && risk.lost.is_empty());
    }
}

#[test]
fn capture_exact_partial_extra_with_reason_and_missing() {
    let c = case(CAPTURE);
    let r = run(
        &c,
        ["E11.22", "N18.32", "I13.0", "I50.9", "J44.9", "C50.912"]
            .map(coded)
            .to_vec(),
    );
    assert_eq!(verdict(&r, "E11.22"), (Verdict::Correct, 1.0));
    // I50.9 is HCC 226 like the key's I50.32: the HCC is right, the code is not.
    let partial = r
        .lines
        .iter()
        .find(|l| l.submitted.as_deref() == Some("I50.9"))
        .unwrap();
    assert_eq!((partial.verdict, partial.points), (Verdict::Partial, 0.5));
    assert_eq!(partial.expected.as_deref(), Some("I50.32"));
    assert_eq!(partial.issues, vec![Issue::Specificity]);
    // A history of cancer coded as active: an extra that shows the key's reason.
    let extra = r
        .lines
        .iter()
        .find(|l| l.submitted.as_deref() == Some("C50.912"))
        .unwrap();
    assert_eq!(extra.verdict, Verdict::Extra);
    assert!(extra.feedback.as_deref().unwrap().contains("historical"));
    assert_eq!(
        extra.condition.as_ref().unwrap().key_reason,
        Some(NotSupportedReason::Historical)
    );
    assert_eq!(verdict(&r, "F32.A"), (Verdict::Missing, 0.0));
    assert_eq!(verdict(&r, "Z85.3"), (Verdict::Missing, 0.0));
    // 4 correct + 0.5 of 8 keyed (6 entered).
    assert_eq!((r.earned, r.possible), (4.5, 8.0));
}

#[test]
fn capture_a_code_of_another_hcc_is_an_extra_and_the_keyed_one_missing() {
    let c = case(CAPTURE);
    let r = run(&c, vec![coded("E11.9")]);
    let l = r
        .lines
        .iter()
        .find(|l| l.submitted.as_deref() == Some("E11.9"))
        .unwrap();
    assert_eq!(l.verdict, Verdict::Extra);
    assert!(l.feedback.as_deref().unwrap().contains("E11.22"), "{l:?}");
    assert_eq!(verdict(&r, "E11.22"), (Verdict::Missing, 0.0));
}

#[test]
fn capture_reads_the_ordinary_diagnoses_field_too() {
    let c = case(CAPTURE);
    let sub = Submission {
        diagnoses: vec![super::SubmittedDiagnosis {
            code: "E1122".into(),
            poa: None,
        }],
        ..Default::default()
    };
    let r = score_review(
        &c.key,
        c.risk_adjustment.as_ref().unwrap(),
        &sub,
        &Policy::default(),
    );
    assert_eq!(verdict(&r, "E11.22"), (Verdict::Correct, 1.0));
}

#[test]
fn audit_marks_status_and_reason_line_by_line() {
    use ConditionStatus::{NotSupported, Supported};
    let c = case(AUDIT);
    let r = run(
        &c,
        vec![
            marked("I50.22", NotSupported, Some(NotSupportedReason::ListedOnly)),
            marked("I63.9", NotSupported, Some(NotSupportedReason::RuledOut)),
            marked("J44.9", Supported, None),
            marked("F10.20", Supported, None),
            coded("F10.21"),
        ],
    );
    assert_eq!(verdict(&r, "I50.22"), (Verdict::Correct, 1.0));
    // Right status, wrong reason (the stroke is historical, not ruled out).
    assert_eq!(verdict(&r, "I63.9"), (Verdict::Partial, 0.5));
    assert_eq!(verdict(&r, "J44.9"), (Verdict::Correct, 1.0));
    assert_eq!(verdict(&r, "F10.20"), (Verdict::Wrong, 0.0));
    // E11.9 was submitted and left unmarked.
    assert_eq!(verdict(&r, "E11.9"), (Verdict::Missing, 0.0));
    // F10.21 is the condition the plan missed (the remission code): scored as capture.
    assert_eq!(verdict(&r, "F10.21"), (Verdict::Correct, 1.0));
    // 3.5 of max(5 entered, 8 keyed: the 5 submitted codes and F10.21, Z86.73, Z79.84 the plan missed).
    assert_eq!((r.earned, r.possible), (3.5, 8.0));
}

#[test]
fn the_raf_difference_is_shown_with_gained_and_lost_hccs_but_not_scored() {
    let c = case(CAPTURE);
    let right = run(
        &c,
        [
            "E11.22", "N18.32", "I13.0", "I50.32", "J44.9", "F32.A", "Z85.3", "Z79.84",
        ]
        .map(coded)
        .to_vec(),
    );
    let more = run(
        &c,
        [
            "E11.22", "N18.32", "I13.0", "I50.32", "J44.9", "F32.A", "Z85.3", "Z79.84", "C50.912",
        ]
        .map(coded)
        .to_vec(),
    );
    let risk = more.risk.as_ref().unwrap();
    // The unsupported cancer adds HCC 23 (CNA 0.186) and the fifth payment HCC (D5 0.050).
    assert_eq!(
        risk.gained.iter().map(|h| h.hcc).collect::<Vec<_>>(),
        vec![23]
    );
    assert_eq!(risk.gained[0].codes, vec!["C50.912"]);
    assert!(risk.lost.is_empty());
    assert_eq!(risk.raw_delta_e3, 186 + 50);
    assert!(risk.payment_delta_e3 > 0);
    // A higher RAF is never a higher score.
    assert!(more.percent < right.percent);
}

#[test]
fn compare_explains_a_code_the_hierarchy_made_worthless() {
    let c = case(CAPTURE);
    let member = c
        .risk_adjustment
        .as_ref()
        .unwrap()
        .member
        .member_year(vec![])
        .unwrap();
    let key = vec!["E1122".to_owned()];
    let trainee = vec!["E1122".to_owned(), "E119".to_owned()];
    let cmp = crate::domain::risk::compare(&member, &key, &trainee).unwrap();
    assert_eq!(cmp.raw_delta_e3, 0);
    assert!(
        cmp.notes
            .iter()
            .any(|n| n.contains("E11.9 added nothing: HCC 37 from E11.22 ranks above HCC 38")),
        "{:?}",
        cmp.notes
    );
    // Coding only E11.9 loses HCC 37 and gains HCC 38 (same CNA factor, 0.166).
    let cmp = crate::domain::risk::compare(&member, &key, &["E119".to_owned()]).unwrap();
    assert_eq!(cmp.lost[0].hcc, 37);
    assert_eq!(cmp.gained[0].hcc, 38);
    assert_eq!(cmp.raw_delta_e3, 0);
}
