//! Documentation length by tier (`check_length`): a REAL_WORLD record is long and in several
//! documents, a TEXTBOOK or CLINIC note short; the bounds are those of seed/cases/FORMAT.md.

use super::{Check, Problem, check_length, check_names};
use crate::domain::cases::{CaseDoc, CaseSetFile, Document, Setting, Tier};

fn case(setting: Setting) -> CaseDoc {
    let file: CaseSetFile =
        serde_json::from_str(include_str!("../../../seed/cases/cpc-em-medicine.json")).unwrap();
    let mut c = file.cases[0].clone();
    c.setting = setting;
    c
}

fn note(words: usize) -> Document {
    Document {
        kind: "PROGRESS_NOTE".into(),
        title: "Note".into(),
        body: vec!["word"; words].join(" "),
    }
}

/// The problems of a case whose documents hold these many words each.
fn problems(setting: Setting, tier: Option<Tier>, docs: &[usize]) -> Vec<Problem> {
    let mut c = case(setting);
    c.tier = tier;
    c.documents = docs.iter().map(|&n| note(n)).collect();
    let words = docs.iter().sum();
    let mut k = Check {
        out: Vec::new(),
        prefix: "cases[0].",
    };
    check_length(&c, words, &mut k);
    k.out
}

#[test]
fn a_real_world_case_in_one_document_is_refused_at_documents() {
    let out = problems(Setting::Office, Some(Tier::RealWorld), &[1_500]);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].path, "cases[0].documents");
    assert!(
        out[0].message.contains("at least two"),
        "{}",
        out[0].message
    );
    // The same words in two documents pass.
    assert_eq!(
        problems(Setting::Office, Some(Tier::RealWorld), &[900, 600]),
        vec![]
    );
}

#[test]
fn a_thousand_word_clinic_note_passes_and_a_long_one_does_not() {
    assert_eq!(
        problems(Setting::Office, Some(Tier::Clinic), &[1_000]),
        vec![]
    );
    assert_eq!(problems(Setting::Office, None, &[1_000]), vec![]);
    let out = problems(Setting::Office, Some(Tier::Clinic), &[1_201]);
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0]
            .message
            .contains("150–1200 expected for a CLINIC case")
    );
    let out = problems(Setting::Office, Some(Tier::Textbook), &[149]);
    assert_eq!(out[0].path, "cases[0].documents");
}

#[test]
fn a_real_world_record_is_long_and_longer_for_an_inpatient_stay() {
    let short = problems(Setting::Office, Some(Tier::RealWorld), &[600, 599]);
    assert_eq!(short.len(), 1, "{short:?}");
    assert!(short[0].message.contains("1199 words"));
    assert_eq!(
        problems(Setting::Office, Some(Tier::RealWorld), &[600, 600]),
        vec![]
    );
    let stay = problems(Setting::Inpatient, Some(Tier::RealWorld), &[1_000, 1_000]);
    assert!(stay[0].message.contains("2500–9000"), "{stay:?}");
    assert_eq!(
        problems(Setting::Inpatient, Some(Tier::RealWorld), &[1_500, 1_000]),
        vec![]
    );
    let long = problems(Setting::Office, Some(Tier::RealWorld), &[5_000, 4_001]);
    assert_eq!(long.len(), 1, "{long:?}");
}

/// A claim carries a provider's name in 60 characters (NM103): a longer name is refused at
/// `provider.name`, before pyx12 refuses the claim.
#[test]
fn a_provider_name_longer_than_a_claim_holds_is_refused() {
    let mut c = case(Setting::Office);
    let mut k = Check {
        out: Vec::new(),
        prefix: "cases[0].",
    };
    check_names(&c, &mut k);
    assert_eq!(k.out, vec![]);
    c.provider.name = "SILVERPINE REFERENCE LABORATORY (A LONG NAME, MD, LAB DIRECTOR)".into();
    check_names(&c, &mut k);
    assert_eq!(k.out.len(), 1, "{:?}", k.out);
    assert_eq!(k.out[0].path, "cases[0].provider.name");
}
