//! The simulated payer: a claim, the payer's profile, the patient's coverage and claim history
//! in; a remittance out — claim status, for every line the billed, allowed and paid amounts,
//! the adjustments (group code, CARC, amount) and remarks (RARC), the patient's share, and a
//! trace of every edit that fired and why. Pure: no I/O, no clock.
//!
//! Balancing (835): on every line and on the claim, charge − Σ adjustments = paid.

pub mod appeal;
pub mod edits;
pub mod ncci;
pub mod payer;
mod pricing;
pub mod x835;

use crate::domain::claims::Claim;
use crate::domain::codes::index::CodeIndex;
use chrono::NaiveDate;
use ncci::Ncci;
use payer::PayerProfile;
use serde::{Deserialize, Serialize};

/// What the payer knows of one of the patient's coverages (its eligibility file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    pub payer: String,
    pub member_id: String,
    pub effective: NaiveDate,
    pub termination: Option<NaiveDate>,
    /// PRIMARY, SECONDARY or TERTIARY.
    pub priority: String,
}

impl Eligibility {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.effective <= d && self.termination.is_none_or(|t| d <= t)
    }
}

/// A service the payer already processed for this patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorService {
    pub payer: String,
    pub code: String,
    pub modifiers: Vec<String>,
    pub units: u32,
    pub date_of_service: NaiveDate,
    pub paid: bool,
}

/// Everything the payer looks at besides the claim.
pub struct Context<'a> {
    pub codes: &'a CodeIndex,
    pub ncci: &'a Ncci,
    pub payer: &'a PayerProfile,
    pub coverages: &'a [Eligibility],
    pub history: &'a [PriorService],
    /// Authorization numbers on file with this payer.
    pub authorizations: &'a [String],
    /// The simulated day the payer receives the claim.
    pub received_on: NaiveDate,
    /// Deductible already met this year, in cents.
    pub deductible_met_cents: i64,
    /// For a replacement claim: the claim it replaces was denied outright.
    pub replaces_denied_claim: bool,
    /// The payer's claim control number for this claim.
    pub claim_number: String,
    /// The MS-DRG relative weight of an inpatient claim's DRG, when it has one.
    pub drg_weight: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RemitStatus {
    Paid,
    PartiallyPaid,
    Denied,
    /// A void (frequency 8): the earlier payment taken back.
    Reversed,
}

impl RemitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RemitStatus::Paid => "PAID",
            RemitStatus::PartiallyPaid => "PARTIALLY_PAID",
            RemitStatus::Denied => "DENIED",
            RemitStatus::Reversed => "REVERSED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Adjustment {
    /// CO, PR, OA, PI or CR.
    pub group: String,
    /// The CARC.
    pub reason: String,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemitLine {
    /// 1-based, as on the claim.
    pub line: u32,
    pub code: String,
    pub modifiers: Vec<String>,
    pub units: u32,
    pub date_of_service: NaiveDate,
    pub billed_cents: i64,
    pub allowed_cents: i64,
    pub paid_cents: i64,
    pub adjustments: Vec<Adjustment>,
    pub remarks: Vec<String>,
    /// True when a denial (not pricing) adjustment applies.
    pub denied: bool,
}

impl RemitLine {
    pub fn adjusted(&self) -> i64 {
        self.adjustments.iter().map(|a| a.amount_cents).sum()
    }
    /// The denial's group and CARC, when the line is denied.
    pub fn denial(&self) -> Option<&Adjustment> {
        self.adjustments
            .iter()
            .find(|a| !pricing::is_pricing(&a.group, &a.reason))
    }
}

/// One step of the payer's reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    /// The edit's name: ELIGIBILITY, TIMELY_FILING, DUPLICATE, NCCI_PTP, MUE, …
    pub edit: String,
    /// The claim line it applies to (1-based), none for the whole claim.
    pub line: Option<u32>,
    /// FIRED, PASSED or PRICED.
    pub outcome: String,
    pub message: String,
    pub group: Option<String>,
    pub reason: Option<String>,
    pub remarks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remittance {
    pub claim_number: String,
    pub payer: String,
    pub status: RemitStatus,
    pub received_on: NaiveDate,
    pub lines: Vec<RemitLine>,
    pub billed_cents: i64,
    pub allowed_cents: i64,
    pub paid_cents: i64,
    pub patient_responsibility_cents: i64,
    pub trace: Vec<TraceEntry>,
    /// An inpatient (DRG) claim: the DRG the payer grouped from the claim's codes and priced,
    /// beside the DRG the claim carried when that differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drg: Option<DrgValidation>,
}

/// A payer's DRG validation of an inpatient claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrgValidation {
    /// MS-DRG grouper version (43.0, 43.1, 44.0).
    pub version: String,
    /// The DRG the claim's codes group to: the one paid.
    pub grouped: String,
    pub title: String,
    /// Relative weight × 10,000 (none for 998/999).
    pub weight_e4: Option<i64>,
    /// The DRG the claim carried (UB-04 FL 71), when it differs from the grouped one.
    pub typed: Option<String>,
    pub message: String,
}

impl Remittance {
    /// Charge − Σ adjustments = paid, on every line and on the claim.
    pub fn balances(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.billed_cents - l.adjusted() == l.paid_cents)
            && self.billed_cents - self.lines.iter().map(RemitLine::adjusted).sum::<i64>()
                == self.paid_cents
    }

    pub fn denials(&self) -> impl Iterator<Item = (&RemitLine, &Adjustment)> {
        self.lines.iter().filter_map(|l| l.denial().map(|a| (l, a)))
    }
}

/// A line-level decision reached by an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Denial {
    pub group: String,
    pub reason: String,
    pub remarks: Vec<String>,
}

/// Adjudicates one claim. The claim has passed the clearinghouse edits.
pub fn adjudicate(claim: &Claim, ctx: &Context<'_>) -> Remittance {
    adjudicate_after_appeal(claim, ctx, &[])
}

/// The NCCI edits alone on a claim: procedure-to-procedure pairs, then medically unlikely edits
/// (when `ctx.payer` enforces them), each firing as in [`adjudicate`] but whatever the payer's
/// earlier edits (eligibility, filing, authorization) would decide. The case library's gate: a
/// key's claim trips none of them.
pub fn ncci_findings(claim: &Claim, ctx: &Context<'_>) -> Vec<TraceEntry> {
    let mut run = edits::Run::new(claim, ctx, &[]);
    run.ncci_pairs();
    run.mue();
    let (_, trace) = run.finish();
    trace.into_iter().filter(|t| t.outcome == "FIRED").collect()
}

/// Adjudicates again with the lines (1-based) an appeal overturned exempt from every edit.
pub fn adjudicate_after_appeal(claim: &Claim, ctx: &Context<'_>, overturned: &[u32]) -> Remittance {
    let mut run = edits::Run::new(claim, ctx, overturned);
    run.all();
    let (denials, trace) = run.finish();
    pricing::price(claim, ctx, denials, trace)
}

/// The remittance of a void: every payment of `original` taken back (CLP02 = 22).
pub fn reverse(original: &Remittance, claim_number: &str, received_on: NaiveDate) -> Remittance {
    let negate = |a: &Adjustment| Adjustment {
        group: a.group.clone(),
        reason: a.reason.clone(),
        amount_cents: -a.amount_cents,
    };
    let lines: Vec<RemitLine> = original
        .lines
        .iter()
        .map(|l| RemitLine {
            billed_cents: -l.billed_cents,
            allowed_cents: -l.allowed_cents,
            paid_cents: -l.paid_cents,
            adjustments: l.adjustments.iter().map(negate).collect(),
            ..l.clone()
        })
        .collect();
    Remittance {
        claim_number: claim_number.to_owned(),
        payer: original.payer.clone(),
        status: RemitStatus::Reversed,
        received_on,
        billed_cents: -original.billed_cents,
        allowed_cents: -original.allowed_cents,
        paid_cents: -original.paid_cents,
        patient_responsibility_cents: -original.patient_responsibility_cents,
        lines,
        drg: original.drg.clone(),
        trace: vec![TraceEntry {
            edit: "VOID".into(),
            line: None,
            outcome: "FIRED".into(),
            message: format!(
                "claim {} voided: its payment of {} is taken back",
                original.claim_number,
                crate::domain::claims::dollars(original.paid_cents)
            ),
            group: None,
            reason: None,
            remarks: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests;
