//! The rules of a compliant query, one function each. Citations are to the AHIMA/ACDIS
//! "Guidelines for Achieving a Compliant Query Practice (2022 Update)" by topic.

use super::{Finding, RaisedQuery, Severity};
use crate::domain::cases::query::{QueryScript, QueryType, fold, in_record};

const BRIEF: &str = "AHIMA/ACDIS Guidelines for Achieving a Compliant Query Practice (2022 Update)";

fn finding(code: &str, severity: Severity, rule: &str, topic: &str, detail: String) -> Finding {
    Finding {
        code: code.into(),
        severity,
        rule: rule.into(),
        guideline: format!("{BRIEF}: {topic}"),
        detail,
    }
}

/// Words only: lower case, every run of other characters one space, padded with spaces so
/// that `" word "` matches whole words and phrases.
fn words(s: &str) -> String {
    let w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    format!(" {} ", w.join(" "))
}

/// Whether `text` holds `term` as whole words.
fn names(text: &str, term: &str) -> bool {
    let t = words(term);
    t.trim() != "" && words(text).contains(&t)
}

/// Every cited indicator is in the record: a query presents the record, never a finding the
/// record does not hold.
pub fn cited_in_record(record: &[&str], q: &RaisedQuery, out: &mut Vec<Finding>) {
    for cited in &q.indicators {
        if !in_record(record.iter().copied(), cited) {
            out.push(finding(
                "INDICATOR_NOT_IN_RECORD",
                Severity::NonCompliant,
                "Every clinical indicator a query cites is taken from the patient's health record.",
                "clinical indicators",
                format!("'{cited}' is not found in any document of this record"),
            ));
        }
    }
}

/// A cited span supports a case indicator when it holds the indicator, or is a part of it of
/// two words or more and at least a third of its length ("A1c 9.1 %" of "Hemoglobin A1c 9.1 %",
/// never a bare "9.1").
fn supports(cited: &str, indicator: &str) -> bool {
    let (c, i) = (fold(cited), fold(indicator));
    let part = i.contains(&c) && c.split(' ').count() >= 2 && c.len() * 3 >= i.len();
    !c.is_empty() && (c.contains(&i) || part)
}

/// At least one cited span is one of the clinical indicators that make the query necessary;
/// without one the provider cannot tell what is asked (the query is not sent).
pub fn cites_case_indicator(s: &QueryScript, q: &RaisedQuery, out: &mut Vec<Finding>) {
    let any = q
        .indicators
        .iter()
        .any(|c| s.indicators.iter().any(|i| supports(c, i)));
    if !any {
        out.push(finding(
            "NO_CLINICAL_INDICATOR",
            Severity::Blocking,
            "A query states the clinical indicators from the record that prompted it.",
            "clinical indicators",
            "none of the cited text is a clinical indicator of the condition in question (a lab value, finding or treatment the record shows)".into(),
        ));
    }
}

/// Yes/no is never used to obtain a new diagnosis; otherwise the query uses one of the forms
/// the case allows.
pub fn type_suits(s: &QueryScript, q: &RaisedQuery, out: &mut Vec<Finding>) {
    if q.query_type == QueryType::YesNo && s.new_diagnosis {
        out.push(finding(
            "YES_NO_NEW_DIAGNOSIS",
            Severity::NonCompliant,
            "A yes/no query is not used when only clinical indicators are present and the diagnosis has not been documented.",
            "yes/no query format",
            "this query asks the provider to confirm a diagnosis not yet documented; use an open-ended or multiple-choice query".into(),
        ));
    } else if !s.query_types.contains(&q.query_type) {
        let allowed: Vec<&str> = s.query_types.iter().map(|t| t.as_str()).collect();
        out.push(finding(
            "QUERY_TYPE_NOT_SUITED",
            Severity::NonCompliant,
            "The query format suits what is asked.",
            "query formats",
            format!(
                "{} does not suit this question; {} would",
                q.query_type.as_str(),
                allowed.join(" or ")
            ),
        ));
    }
}

fn is_other(option: &str) -> bool {
    words(option).trim_start().starts_with("other")
}

fn is_undetermined(option: &str) -> bool {
    let w = words(option);
    [
        " undetermined ",
        " unable to determine ",
        " cannot be determined ",
        " can not be determined ",
        " unknown ",
    ]
    .iter()
    .any(|p| w.contains(p))
}

/// A multiple-choice query offers "other" and "clinically undetermined" (or an equivalent),
/// so the provider is never forced into one of the listed diagnoses.
pub fn multiple_choice_escape_options(q: &RaisedQuery, out: &mut Vec<Finding>) {
    if q.query_type != QueryType::MultipleChoice {
        return;
    }
    if !q.options.iter().any(|o| is_other(o)) {
        out.push(finding(
            "MISSING_OTHER_OPTION",
            Severity::NonCompliant,
            "A multiple-choice query includes an 'other' option with room to write in.",
            "multiple-choice query format",
            "no option starts with 'Other'".into(),
        ));
    }
    if !q.options.iter().any(|o| is_undetermined(o)) {
        out.push(finding(
            "MISSING_UNDETERMINED_OPTION",
            Severity::NonCompliant,
            "A multiple-choice query includes 'clinically undetermined' (or 'unable to determine').",
            "multiple-choice query format",
            "no option says the question cannot be clinically determined".into(),
        ));
    }
}

/// The options besides the escape ones are at least two, each clinically reasonable for the
/// case (it names one of the case's reasonable answers).
pub fn multiple_choice_options(s: &QueryScript, q: &RaisedQuery, out: &mut Vec<Finding>) {
    if q.query_type != QueryType::MultipleChoice {
        return;
    }
    let clinical: Vec<&String> = q
        .options
        .iter()
        .filter(|o| !is_other(o) && !is_undetermined(o))
        .collect();
    if clinical.len() < 2 {
        out.push(finding(
            "TOO_FEW_OPTIONS",
            Severity::NonCompliant,
            "A multiple-choice query offers more than one clinically reasonable option; one option and 'other' leads.",
            "multiple-choice query format",
            format!("{} clinical option(s) offered", clinical.len()),
        ));
    }
    for o in clinical {
        if !s.reasonable_options.iter().any(|r| names(o, r)) {
            out.push(finding(
                "OPTION_NOT_REASONABLE",
                Severity::NonCompliant,
                "Each option is clinically reasonable and supported by the indicators in the record.",
                "multiple-choice query format",
                format!("'{o}' is not a reasonable answer on these indicators"),
            ));
        }
    }
}

/// The question and options never introduce a diagnosis the indicators do not support.
pub fn no_unsupported_diagnosis(s: &QueryScript, q: &RaisedQuery, out: &mut Vec<Finding>) {
    let texts = std::iter::once(&q.question).chain(q.options.iter());
    let mut named: Vec<&str> = Vec::new();
    for t in texts {
        for u in &s.unsupported {
            if names(t, u) && !named.contains(&u.as_str()) {
                named.push(u);
            }
        }
    }
    for u in named {
        out.push(finding(
            "UNSUPPORTED_DIAGNOSIS",
            Severity::NonCompliant,
            "A query does not introduce a diagnosis that the clinical indicators in the record do not support.",
            "leading queries",
            format!("'{u}' is not supported by the indicators in this record"),
        ));
    }
}

/// Phrases that tell the provider what to write.
const LEADING: &[&str] = &[
    "please document",
    "please add",
    "please write",
    "please confirm that",
    "document that",
    "agree that",
    "would you agree",
    "do you agree",
    "can you add",
    "consider documenting",
    "should be documented",
    "needs to be documented",
    "so that we can code",
    "so we can code",
    "so it can be coded",
    "to support the code",
    "for coding purposes",
];

/// The wording asks; it does not direct the provider to a diagnosis.
pub fn not_leading_wording(q: &RaisedQuery, out: &mut Vec<Finding>) {
    let w = words(&q.question);
    if let Some(p) = LEADING.iter().find(|p| w.contains(&words(p))) {
        out.push(finding(
            "LEADING_WORDING",
            Severity::NonCompliant,
            "A query asks for the provider's clinical judgement; it does not direct what to document.",
            "leading queries",
            format!("the question says '{p}'"),
        ));
    }
}

/// Words and phrases of payment and quality reporting a query never mentions.
pub const MONEY_WORDS: &[&str] = &[
    "payment",
    "payments",
    "pay",
    "pays",
    "paid",
    "reimbursement",
    "reimburse",
    "reimbursed",
    "drg",
    "drgs",
    "money",
    "dollar",
    "dollars",
    "revenue",
    "financial",
    "bill",
    "billed",
    "billing",
    "hcc",
    "raf",
    "quality score",
    "quality scores",
    "quality rating",
    "quality measure",
    "quality measures",
    "quality metric",
    "quality metrics",
    "star rating",
    "risk score",
    "case mix",
    "provider profile",
];

/// A query never mentions payment, reimbursement, the DRG or quality scores (it is withdrawn
/// before it reaches the provider).
pub fn no_payment_or_quality(q: &RaisedQuery, out: &mut Vec<Finding>) {
    let all = std::iter::once(&q.question)
        .chain(q.options.iter())
        .chain(q.indicators.iter());
    let mut hits: Vec<&str> = Vec::new();
    for t in all {
        if t.contains('$') && !hits.contains(&"$") {
            hits.push("$");
        }
        for m in MONEY_WORDS {
            if names(t, m) && !hits.contains(m) {
                hits.push(m);
            }
        }
    }
    if !hits.is_empty() {
        out.push(finding(
            "PAYMENT_OR_QUALITY",
            Severity::Blocking,
            "A query never mentions the financial or quality-reporting impact of the answer.",
            "query compliance (reimbursement and quality impact)",
            format!("mentions {}", hits.join(", ")),
        ));
    }
}

/// A query where the record is already clear (or the case has no query script).
pub fn unnecessary(out: &mut Vec<Finding>) {
    out.push(finding(
        "UNNECESSARY_QUERY",
        Severity::Unnecessary,
        "Query only when the documentation is conflicting, incomplete, ambiguous or imprecise for the codes.",
        "when to query",
        "the record already supports the codes; this query costs the provider's and your time".into(),
    ));
}

/// A query was warranted and none was raised.
pub fn not_raised() -> Finding {
    finding(
        "QUERY_NOT_RAISED",
        Severity::NonCompliant,
        "When the documentation is ambiguous or incomplete for the codes, query the provider instead of coding from clinical indicators or assuming.",
        "when to query",
        "this record warranted a query and none was raised".into(),
    )
}
