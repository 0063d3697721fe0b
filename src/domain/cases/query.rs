//! A case's provider-query script (`providerQuery` in a case-set file; seed/cases/FORMAT.md
//! "Provider queries"): whether the documentation warrants a query, what is ambiguous, the
//! clinical indicators in the record, the query types a compliant query may use, and the
//! provider's signed addendum once a query is answered. The case's key is the key *after*
//! the answer. A case without the block behaves as before (a query on it is unnecessary).

use super::validate::Problem;
use super::{CaseDoc, DOCUMENT_KINDS};
use serde::{Deserialize, Serialize};

/// The form a query takes (AHIMA/ACDIS 2022: open-ended, multiple choice, yes/no).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QueryType {
    MultipleChoice,
    YesNo,
    OpenEnded,
}

impl QueryType {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryType::MultipleChoice => "MULTIPLE_CHOICE",
            QueryType::YesNo => "YES_NO",
            QueryType::OpenEnded => "OPEN_ENDED",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            QueryType::MultipleChoice,
            QueryType::YesNo,
            QueryType::OpenEnded,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// The script of a case's provider query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryScript {
    /// Whether the record warrants a query (false: it is already clear; querying costs time).
    pub needed: bool,
    /// One line: what the documentation leaves open (or, when not needed, why it is clear).
    /// Shown only once the attempt is scored.
    pub ambiguity: String,
    /// Does the answer add a diagnosis the provider has not yet documented? Then a yes/no
    /// query is never compliant.
    #[serde(default)]
    pub new_diagnosis: bool,
    /// The clinical indicators in the record, each verbatim in a document.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The query types a compliant query may use (needed queries only).
    #[serde(default)]
    pub query_types: Vec<QueryType>,
    /// Terms of clinically reasonable answers: a multiple-choice option is reasonable when it
    /// contains one (besides "other" and "clinically undetermined").
    #[serde(default)]
    pub reasonable_options: Vec<String>,
    /// Diagnoses the indicators do not support: a question or option naming one leads.
    #[serde(default)]
    pub unsupported: Vec<String>,
    /// The provider's signed addendum: a new document of the attempt once answered.
    #[serde(default)]
    pub answer: Option<super::Document>,
}

/// Longest one-line ambiguity, in characters.
pub const MAX_AMBIGUITY_CHARS: usize = 300;
/// Words of an addendum.
pub const ANSWER_WORDS: std::ops::RangeInclusive<usize> = 15..=400;

/// Text compared the way the record is read: lower case, runs of whitespace as one space.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `needle` is in one of the case's documents (case and spacing aside).
pub fn in_record<'a>(docs: impl IntoIterator<Item = &'a str>, needle: &str) -> bool {
    let n = fold(needle);
    !n.is_empty() && docs.into_iter().any(|d| fold(d).contains(&n))
}

/// Every problem of a case's query script, with paths under `providerQuery`.
pub fn validate(c: &CaseDoc, q: &QueryScript) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut bad = |path: &str, message: String| {
        out.push(Problem {
            path: format!("providerQuery{path}"),
            message,
        })
    };
    let a = q.ambiguity.trim();
    if a.is_empty() || a.contains('\n') || a.chars().count() > MAX_AMBIGUITY_CHARS {
        bad(
            ".ambiguity",
            format!("one line of 1–{MAX_AMBIGUITY_CHARS} characters"),
        );
    }
    let docs = || c.documents.iter().map(|d| d.body.as_str());
    for (i, ind) in q.indicators.iter().enumerate() {
        if !in_record(docs(), ind) {
            bad(
                &format!(".indicators[{i}]"),
                format!("'{ind}' is not found verbatim in any document"),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, t) in q.query_types.iter().enumerate() {
        if !seen.insert(*t) {
            bad(&format!(".queryTypes[{i}]"), "listed twice".into());
        }
        if *t == QueryType::YesNo && q.new_diagnosis {
            bad(
                &format!(".queryTypes[{i}]"),
                "YES_NO is never compliant for a new diagnosis (AHIMA/ACDIS 2022, yes/no queries)"
                    .into(),
            );
        }
    }
    if !q.needed {
        if !q.query_types.is_empty() || q.answer.is_some() || q.new_diagnosis {
            bad(
                "",
                "a query that is not needed has no queryTypes, answer or newDiagnosis".into(),
            );
        }
        return out;
    }
    if q.indicators.is_empty() {
        bad(".indicators", "a needed query cites at least one".into());
    }
    if q.query_types.is_empty() {
        bad(".queryTypes", "a needed query allows at least one".into());
    }
    if q.query_types.contains(&QueryType::MultipleChoice) && q.reasonable_options.len() < 2 {
        bad(
            ".reasonableOptions",
            "a multiple-choice query offers at least two clinically reasonable options".into(),
        );
    }
    for (i, u) in q.unsupported.iter().enumerate() {
        let u = fold(u);
        if q.reasonable_options.iter().any(|r| fold(r) == u) {
            bad(
                &format!(".unsupported[{i}]"),
                "is also a reasonable option".into(),
            );
        }
    }
    match &q.answer {
        None => bad(
            ".answer",
            "a needed query has the provider's addendum".into(),
        ),
        Some(d) => {
            if !DOCUMENT_KINDS.contains(&d.kind.as_str()) {
                bad(
                    ".answer.kind",
                    format!("'{}' is not a document kind", d.kind),
                );
            }
            let words = d.body.split_whitespace().count();
            if !ANSWER_WORDS.contains(&words) {
                bad(
                    ".answer.body",
                    format!(
                        "{words} words; an addendum has {}–{}",
                        ANSWER_WORDS.start(),
                        ANSWER_WORDS.end()
                    ),
                );
            }
            let signed = fold(&d.body).contains("signed");
            if !signed {
                bad(
                    ".answer.body",
                    "an addendum is signed (say 'Electronically signed by …')".into(),
                );
            }
            if c.documents.iter().any(|x| x.title == d.title) {
                bad(
                    ".answer.title",
                    "must differ from the titles of the case's documents".into(),
                );
            }
        }
    }
    let cites_query = c
        .key
        .diagnoses
        .iter()
        .map(|l| &l.rationale)
        .chain(c.key.procedures.iter().map(|l| &l.rationale))
        .any(|r| fold(r).contains("query"));
    if !cites_query {
        bad(
            "",
            "a key line's rationale says what the query's answer changed (mention the query)"
                .into(),
        );
    }
    out
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
