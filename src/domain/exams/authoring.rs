//! The rules a question must meet, whether it comes from a seed file or from an author over
//! the API (`seed/questions/FORMAT.md`): each problem names the field at fault. Also the
//! code-looking tokens of a question's options, which an author's question must hold valid on
//! the day it is written, and the pools a question sits in.

use super::{ItemKind, Question, SECTIONS};
use crate::domain::codes::System;

/// Where a question may be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Practice exams draw from it (platform questions only).
    Practice,
    /// Held back for assessments: never in a practice exam.
    Assessment,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Practice => "PRACTICE",
            Pool::Assessment => "ASSESSMENT",
        }
    }

    /// The pool stored in a row; anything but ASSESSMENT is the practice pool.
    pub fn parse(s: &str) -> Pool {
        if s == "ASSESSMENT" {
            Pool::Assessment
        } else {
            Pool::Practice
        }
    }
}

/// The exams a question may be tagged for.
pub const EXAMS: &[&str] = &["CPC", "CCS", "CRC", "CCA"];

/// The skill tags a question may carry.
pub const SKILL_TAGS: &[&str] = &[
    "CPC:EM",
    "CPC:ANESTHESIA",
    "CPC:SURGERY_10000",
    "CPC:SURGERY_20000",
    "CPC:SURGERY_30000",
    "CPC:SURGERY_40000",
    "CPC:SURGERY_50000",
    "CPC:SURGERY_60000",
    "CPC:RADIOLOGY",
    "CPC:PATHOLOGY_LAB",
    "CPC:MEDICINE",
    "CPC:ICD10CM",
    "CPC:HCPCS",
    "CPC:MODIFIERS",
    "CPC:GUIDELINES",
    "CPC:COMPLIANCE",
    "CPC:TERMINOLOGY",
    "CPC:ANATOMY",
    "CCS:DX_CODING",
    "CCS:PCS_CODING",
    "CCS:DRG",
    "CCS:POA",
    "CCS:SEQUENCING",
    "CCS:COMPLIANCE",
    "CRC:MODELS",
    "CRC:DOCUMENTATION",
    "CRC:CODING",
    "CRC:COMPLIANCE",
    "CRC:CLINICAL",
    "CCA:CLASSIFICATION",
    "CCA:REIMBURSEMENT",
    "CCA:RECORDS",
    "CCA:COMPLIANCE",
    "CCA:TECHNOLOGY",
    "CCA:PRIVACY",
];

pub const DIFFICULTIES: &[&str] = &["BEGINNER", "INTERMEDIATE", "ADVANCED"];

/// One thing wrong with a question: the field (as the API names it) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: String,
    pub message: String,
}

fn issue(field: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue {
        field: field.into(),
        message: message.into(),
    }
}

fn distinct(v: &[String]) -> bool {
    let mut s: Vec<&String> = v.iter().collect();
    s.sort();
    s.dedup();
    s.len() == v.len()
}

/// Everything wrong with a question, field by field (empty when it is sound).
pub fn issues(q: &Question) -> Vec<Issue> {
    let mut out = Vec::new();
    if q.slug.is_empty()
        || !q
            .slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        out.push(issue(
            "slug",
            format!("'{}': lower-case letters, digits and dashes", q.slug),
        ));
    }
    if !SECTIONS.contains(&q.section.as_str()) {
        out.push(issue(
            "section",
            format!("'{}' is not a section", q.section),
        ));
    }
    if q.exams.is_empty()
        || !distinct(&q.exams)
        || q.exams.iter().any(|e| !EXAMS.contains(&e.as_str()))
    {
        out.push(issue("exams", "CPC and/or CCS, each once"));
    }
    if q.skill_tags.is_empty() || !distinct(&q.skill_tags) {
        out.push(issue("skillTags", "one or more distinct skill tags"));
    }
    if let Some(bad) = q
        .skill_tags
        .iter()
        .find(|t| !SKILL_TAGS.contains(&t.as_str()))
    {
        out.push(issue("skillTags", format!("'{bad}' is not a skill tag")));
    }
    if !DIFFICULTIES.contains(&q.difficulty.as_str()) {
        out.push(issue(
            "difficulty",
            format!("'{}': BEGINNER, INTERMEDIATE or ADVANCED", q.difficulty),
        ));
    }
    let (lo, hi) = match q.kind {
        ItemKind::Single => (4, 4),
        ItemKind::Multi => (4, 8),
    };
    if !(lo..=hi).contains(&q.options.len()) {
        out.push(issue(
            "options",
            format!(
                "{} options; {lo}–{hi} expected for this kind",
                q.options.len()
            ),
        ));
    }
    for (i, o) in q.options.iter().enumerate() {
        let want = ((b'A' + i as u8) as char).to_string();
        if o.key != want {
            out.push(issue(
                format!("options[{i}]"),
                format!("key '{}'; keys run A, B, C… in order", o.key),
            ));
        }
        if o.text.trim().is_empty() {
            out.push(issue(format!("options[{i}]"), "the option's text is empty"));
        }
    }
    let texts: Vec<String> = q.options.iter().map(|o| o.text.trim().to_owned()).collect();
    if !distinct(&texts) {
        out.push(issue("options", "two options have the same text"));
    }
    if q.answer.is_empty()
        || !distinct(&q.answer)
        || q.answer
            .iter()
            .any(|a| !q.options.iter().any(|o| &o.key == a))
    {
        out.push(issue(
            "answer",
            "one or more distinct keys among the options",
        ));
    }
    if q.kind == ItemKind::Single && q.answer.len() != 1 {
        out.push(issue("answer", "a SINGLE question has exactly one answer"));
    }
    for (field, text) in [
        ("stem", &q.stem),
        ("rationale", &q.rationale),
        ("reference", &q.reference),
    ] {
        if text.trim().is_empty() {
            out.push(issue(field, "required"));
        }
    }
    out
}

/// The tokens of a text that look like codes, with the system each would belong to (the
/// patterns `seed/questions/tools/check_questions.py` checks): CPT (five digits, or four and
/// F/T/U), HCPCS Level II (a letter A–V and four digits), ICD-10-CM written with its dot, and
/// ICD-10-PCS (seven characters with a digit). A token is a run of letters, digits and dots,
/// so `99214-25` gives `99214`, and a trailing full stop is not part of a code.
pub fn code_tokens(text: &str) -> Vec<(System, String)> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let t = raw.trim_matches('.');
        let b = t.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let system = match b.len() {
            5 if digits(0..5) || (digits(0..4) && matches!(b[4], b'F' | b'T' | b'U')) => {
                Some(System::Cpt)
            }
            5 if (b'A'..=b'V').contains(&b[0]) && digits(1..5) => Some(System::Hcpcs),
            5..=8 if icd10cm_with_dot(b) => Some(System::Icd10Cm),
            7 if pcs_like(b) => Some(System::Icd10Pcs),
            _ => None,
        };
        if let Some(s) = system {
            out.push((s, t.replace('.', "")));
        }
    }
    out
}

/// A letter, a digit, a letter or digit, the dot, then one to four letters or digits.
fn icd10cm_with_dot(b: &[u8]) -> bool {
    b.len() >= 5
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && (b[2].is_ascii_digit() || b[2].is_ascii_uppercase())
        && b[3] == b'.'
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// Seven characters of the PCS alphabet (no I or O), the first a section character, with at
/// least one digit, and not all digits.
fn pcs_like(b: &[u8]) -> bool {
    let alphabet =
        |c: &u8| c.is_ascii_digit() || (c.is_ascii_uppercase() && *c != b'I' && *c != b'O');
    b.iter().all(alphabet)
        && (b[0].is_ascii_digit() || b"BCDFGHX".contains(&b[0]))
        && b.iter().any(u8::is_ascii_digit)
        && !b.iter().all(u8::is_ascii_digit)
}

/// The options holding a code-looking token that `known` does not accept (the caller looks
/// it up in the code tables for a date).
pub fn unknown_codes(q: &Question, known: impl Fn(System, &str) -> bool) -> Vec<Issue> {
    let mut out = Vec::new();
    for (i, o) in q.options.iter().enumerate() {
        for (system, code) in code_tokens(&o.text) {
            if !known(system, &code) {
                out.push(issue(
                    format!("options[{i}]"),
                    format!(
                        "'{}' is not a {} code valid on the day",
                        crate::domain::codes::display(system, &code),
                        system.as_str()
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exams::QuestionOption;

    fn question() -> Question {
        Question {
            slug: "em-x".into(),
            kind: ItemKind::Single,
            exams: vec!["CPC".into()],
            section: "EM".into(),
            skill_tags: vec!["CPC:EM".into()],
            difficulty: "BEGINNER".into(),
            stem: "Which code?".into(),
            options: ["99213", "99203", "99243", "E11.9"]
                .iter()
                .enumerate()
                .map(|(i, t)| QuestionOption {
                    key: ((b'A' + i as u8) as char).to_string(),
                    text: (*t).into(),
                })
                .collect(),
            answer: vec!["B".into()],
            rationale: "Because.".into(),
            reference: "CPT E/M guidelines".into(),
        }
    }

    #[test]
    fn a_sound_question_has_no_issue() {
        assert_eq!(issues(&question()), Vec::<Issue>::new());
    }

    #[test]
    fn each_problem_names_its_field() {
        type Change = Box<dyn Fn(&mut Question)>;
        let cases: Vec<(&str, Change)> = vec![
            ("section", Box::new(|q| q.section = "EMX".into())),
            (
                "exams",
                Box::new(|q| q.exams = vec!["CPC".into(), "CPC".into()]),
            ),
            ("exams", Box::new(|q| q.exams = vec!["RHIT".into()])),
            (
                "skillTags",
                Box::new(|q| q.skill_tags = vec!["CPC:NOPE".into()]),
            ),
            ("difficulty", Box::new(|q| q.difficulty = "HARD".into())),
            (
                "options",
                Box::new(|q| {
                    q.options.pop();
                }),
            ),
            ("options", Box::new(|q| q.options[3].text = "99213".into())),
            ("options[2]", Box::new(|q| q.options[2].key = "Z".into())),
            ("options[1]", Box::new(|q| q.options[1].text = "  ".into())),
            ("answer", Box::new(|q| q.answer = vec!["E".into()])),
            (
                "answer",
                Box::new(|q| q.answer = vec!["A".into(), "B".into()]),
            ),
            ("answer", Box::new(|q| q.answer = vec![])),
            ("stem", Box::new(|q| q.stem = " ".into())),
            ("rationale", Box::new(|q| q.rationale = String::new())),
            ("reference", Box::new(|q| q.reference = String::new())),
        ];
        for (field, change) in cases {
            let mut q = question();
            change(&mut q);
            let found = issues(&q);
            assert!(found.iter().any(|i| i.field == field), "{field}: {found:?}");
        }
        // A MULTI question takes 4 to 8 options and several answers.
        let mut q = question();
        q.kind = ItemKind::Multi;
        q.answer = vec!["A".into(), "D".into()];
        assert!(issues(&q).is_empty());
    }

    #[test]
    fn code_tokens_are_read_as_the_seed_checker_reads_them() {
        let toks = |t: &str| code_tokens(t);
        assert_eq!(toks("99214-25"), vec![(System::Cpt, "99214".into())]);
        assert_eq!(
            toks("0001U and 3008F"),
            vec![(System::Cpt, "0001U".into()), (System::Cpt, "3008F".into())]
        );
        assert_eq!(toks("J3301, 40 mg"), vec![(System::Hcpcs, "J3301".into())]);
        assert_eq!(
            toks("E11.65 then S93.401A."),
            vec![
                (System::Icd10Cm, "E1165".into()),
                (System::Icd10Cm, "S93401A".into())
            ]
        );
        assert_eq!(toks("0DTJ4ZZ"), vec![(System::Icd10Pcs, "0DTJ4ZZ".into())]);
        // Not codes: words, years, amounts, a dotless ICD-10-CM code, bare modifiers.
        assert!(toks("Category II 2026 $125.00 E119 25 59 BILLING 1234567").is_empty());
    }

    #[test]
    fn unknown_codes_name_the_option() {
        let q = question();
        let found = unknown_codes(&q, |s, c| !(s == System::Icd10Cm && c == "E119"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "options[3]");
        assert!(found[0].message.contains("'E11.9'"), "{}", found[0].message);
        assert!(unknown_codes(&q, |_, _| true).is_empty());
    }
}
