//! Provider queries: a trainee's query scored against the case's script on rules that follow
//! the AHIMA/ACDIS "Guidelines for Achieving a Compliant Query Practice" (2022 update). Each
//! rule is one function in `rules.rs`; a finding names its code, the rule, the guideline and
//! what in this query tripped it.
//!
//! Who answers: the simulated provider answers a needed query (with the case's addendum)
//! unless a BLOCKING finding stops it: no clinical indicator of the case cited (the provider
//! cannot tell what is asked), or payment/quality mentioned (a compliant practice withdraws
//! such a query before it reaches the provider). A leading query is still answered (a provider
//! would), but is scored non-compliant. A query where the record is already clear is answered
//! "no change" without an addendum and flagged unnecessary.

mod rules;

use crate::domain::cases::query::{QueryScript, QueryType};
use serde::{Deserialize, Serialize};

/// The query a trainee raises (already checked for size and shape).
#[derive(Debug, Clone, PartialEq)]
pub struct RaisedQuery {
    pub query_type: QueryType,
    /// Text spans the trainee cites from the record.
    pub indicators: Vec<String>,
    pub question: String,
    /// Multiple choice: the options offered.
    pub options: Vec<String>,
}

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// The query is not sent to the provider (and is non-compliant).
    Blocking,
    /// The query is answered but is not compliant.
    NonCompliant,
    /// Compliant, but it should not have been raised (costs the provider's and coder's time).
    Unnecessary,
}

/// One rule a query broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code, e.g. `MISSING_OTHER_OPTION`.
    pub code: String,
    pub severity: Severity,
    /// The rule, in one sentence.
    pub rule: String,
    /// The guideline section cited.
    pub guideline: String,
    /// What in this query broke it.
    pub detail: String,
}

/// The verdict on one query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// No BLOCKING and no NON_COMPLIANT finding.
    pub compliant: bool,
    /// The record warranted a query.
    pub necessary: bool,
    /// The provider answered (with the addendum when the query was needed).
    pub answered: bool,
    pub findings: Vec<Finding>,
}

/// The provider's reply to a query the record did not need.
pub const NO_CHANGE_REPLY: &str =
    "No change: the documentation stands as written; no addendum was made.";

/// Scores `q` against the case's script (`None`: the case has no query script, so the record
/// is taken as clear) and the case's document bodies.
pub fn assess(script: Option<&QueryScript>, record: &[&str], q: &RaisedQuery) -> Assessment {
    let mut findings = Vec::new();
    rules::cited_in_record(record, q, &mut findings);
    if let Some(s) = script.filter(|s| s.needed) {
        rules::cites_case_indicator(s, q, &mut findings);
        rules::type_suits(s, q, &mut findings);
        rules::multiple_choice_options(s, q, &mut findings);
        rules::no_unsupported_diagnosis(s, q, &mut findings);
    } else {
        rules::unnecessary(&mut findings);
    }
    rules::multiple_choice_escape_options(q, &mut findings);
    rules::not_leading_wording(q, &mut findings);
    rules::no_payment_or_quality(q, &mut findings);
    let blocked = findings.iter().any(|f| f.severity == Severity::Blocking);
    let compliant = !findings
        .iter()
        .any(|f| matches!(f.severity, Severity::Blocking | Severity::NonCompliant));
    let necessary = script.is_some_and(|s| s.needed);
    Assessment {
        compliant,
        necessary,
        answered: !blocked,
        findings,
    }
}

/// The finding of a case whose query was warranted but never raised (shown with the score).
pub fn not_raised() -> Finding {
    rules::not_raised()
}

#[cfg(test)]
mod tests;
