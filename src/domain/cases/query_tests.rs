//! The `providerQuery` block of the case format: the seeded query cases pass, and each rule of
//! the block refuses a case that breaks it, at its path.

use super::*;
use crate::domain::cases::{CaseSetFile, Document};

fn seed_cases() -> Vec<CaseDoc> {
    let file: CaseSetFile =
        serde_json::from_str(include_str!("../../../seed/cases/provider-queries.json")).unwrap();
    file.cases
}

fn a1c() -> CaseDoc {
    seed_cases()
        .into_iter()
        .find(|c| c.slug == "pq-dm2-a1c-above-goal")
        .unwrap()
}

fn paths(c: &CaseDoc) -> Vec<String> {
    validate(c, c.provider_query.as_ref().unwrap())
        .into_iter()
        .map(|p| p.path)
        .collect()
}

fn with(f: impl FnOnce(&mut QueryScript)) -> Vec<String> {
    let mut c = a1c();
    f(c.provider_query.as_mut().unwrap());
    paths(&c)
}

#[test]
fn the_seeded_query_cases_pass() {
    for c in seed_cases() {
        assert_eq!(paths(&c), Vec::<String>::new(), "{}", c.slug);
    }
}

#[test]
fn an_indicator_not_in_the_record_is_refused() {
    assert_eq!(
        with(|q| q.indicators.push("troponin 0.9".into())),
        ["providerQuery.indicators[6]"]
    );
    // Case and spacing aside, it is found.
    assert!(with(|q| q.indicators.push("HEMOGLOBIN   a1c 9.1 %".into())).is_empty());
}

#[test]
fn yes_no_is_refused_for_a_new_diagnosis() {
    assert_eq!(
        with(|q| q.query_types.push(QueryType::YesNo)),
        ["providerQuery.queryTypes[2]"]
    );
}

#[test]
fn a_needed_query_has_indicators_types_options_and_a_signed_answer() {
    assert_eq!(with(|q| q.indicators.clear()), ["providerQuery.indicators"]);
    assert_eq!(
        with(|q| q.query_types.clear()),
        ["providerQuery.queryTypes"]
    );
    assert_eq!(
        with(|q| q.reasonable_options.truncate(1)),
        ["providerQuery.reasonableOptions"]
    );
    assert_eq!(with(|q| q.answer = None), ["providerQuery.answer"]);
    assert_eq!(
        with(|q| {
            if let Some(a) = q.answer.as_mut() {
                a.body = a.body.replace("Electronically signed", "Written");
            }
        }),
        ["providerQuery.answer.body"]
    );
    assert_eq!(
        with(|q| q.answer = Some(Document {
            kind: "PROGRESS_NOTE".into(),
            title: "Office visit, diabetes follow-up".into(),
            body: "Signed. ".repeat(20),
        })),
        ["providerQuery.answer.title"]
    );
}

#[test]
fn the_ambiguity_is_one_line() {
    assert_eq!(
        with(|q| q.ambiguity = "two\nlines".into()),
        ["providerQuery.ambiguity"]
    );
    assert_eq!(
        with(|q| q.ambiguity = " ".into()),
        ["providerQuery.ambiguity"]
    );
}

#[test]
fn a_term_cannot_be_both_reasonable_and_unsupported() {
    assert_eq!(
        with(|q| q.unsupported.push("Hyperglycemia".into())),
        ["providerQuery.unsupported[9]"]
    );
}

#[test]
fn the_key_says_what_the_query_changed() {
    let mut c = a1c();
    for l in &mut c.key.diagnoses {
        l.rationale = l.rationale.replace("query", "question");
    }
    for l in &mut c.key.procedures {
        l.rationale = l.rationale.replace("query", "question");
    }
    assert_eq!(paths(&c), ["providerQuery"]);
}

#[test]
fn a_query_that_is_not_needed_has_no_answer_or_types() {
    assert_eq!(with(|q| q.needed = false), ["providerQuery"]);
}
