//! Pricing of the lines no edit denied: the allowed amount from the fee schedule (CO-45 takes
//! the rest of the charge), then the patient's share — copay (PR-3), deductible (PR-1),
//! coinsurance (PR-2) — and the payer pays what is left.

use super::payer::{PayerKind, matches};
use super::{Adjustment, Context, Denial, RemitLine, RemitStatus, Remittance, TraceEntry};
use crate::domain::claims::{Claim, ClaimKind, dollars};

/// True for the adjustments of a priced line, as opposed to a denial.
pub fn is_pricing(group: &str, reason: &str) -> bool {
    matches!(
        (group, reason),
        ("CO", "45") | ("PR", "1") | ("PR", "2") | ("PR", "3") | ("OA", "23")
    )
}

pub(super) fn price(
    claim: &Claim,
    ctx: &Context<'_>,
    denials: Vec<Option<Denial>>,
    mut trace: Vec<TraceEntry>,
) -> Remittance {
    let p = ctx.payer;
    let (allowed_by_line, per_case) = allowed_amounts(claim, ctx);
    let mut deductible_left = if per_case {
        p.inpatient_deductible_cents.unwrap_or(0)
    } else {
        (p.cost_sharing.deductible_cents - ctx.deductible_met_cents).max(0)
    };
    let mut copay_taken = false;
    let mut lines = Vec::with_capacity(claim.lines.len());
    for (i, (l, denial)) in claim.lines.iter().zip(denials).enumerate() {
        let mut out = RemitLine {
            line: i as u32 + 1,
            code: l.code.clone(),
            modifiers: l.modifiers.clone(),
            units: l.units,
            date_of_service: l.date_of_service,
            billed_cents: l.charge_cents,
            allowed_cents: 0,
            paid_cents: 0,
            adjustments: Vec::new(),
            remarks: Vec::new(),
            denied: false,
        };
        if let Some(d) = denial {
            out.adjustments.push(Adjustment {
                group: d.group,
                reason: d.reason,
                amount_cents: l.charge_cents,
            });
            out.remarks = d.remarks;
            out.denied = true;
            lines.push(out);
            continue;
        }
        let allowed = allowed_by_line[i];
        if let Some(prior) = &claim.primary {
            // Medicare as secondary payer pays by 42 CFR 411.33(a); Medicare credits its
            // deductible with what it would have applied as primary.
            let medicare = (p.kind == PayerKind::Medicare).then(|| {
                let preventive = p
                    .cost_sharing
                    .preventive
                    .iter()
                    .any(|x| matches(x, &l.code));
                let ded = if preventive {
                    0
                } else {
                    deductible_left.min(allowed)
                };
                deductible_left -= ded;
                let coins = if preventive {
                    0
                } else {
                    ((allowed - ded) * p.cost_sharing.coinsurance_percent as i64 + 50) / 100
                };
                allowed - ded - coins
            });
            secondary_line(&mut out, prior, allowed, medicare, &mut trace);
            lines.push(out);
            continue;
        }
        let mut adj = Vec::new();
        push(&mut adj, "CO", "45", l.charge_cents - allowed);
        let preventive = p
            .cost_sharing
            .preventive
            .iter()
            .any(|x| matches(x, &l.code));
        let copay = p
            .cost_sharing
            .copays
            .iter()
            .find(|c| c.prefixes.iter().any(|x| l.code.starts_with(x.as_str())));
        let (mut copay_amt, mut ded, mut coins) = (0, 0, 0);
        if preventive {
        } else if per_case {
            ded = deductible_left.min(allowed);
            deductible_left -= ded;
        } else if let Some(c) = copay.filter(|_| !copay_taken) {
            copay_amt = c.amount_cents.min(allowed);
            copay_taken = true;
        } else {
            ded = deductible_left.min(allowed);
            deductible_left -= ded;
            coins = ((allowed - ded) * p.cost_sharing.coinsurance_percent as i64 + 50) / 100;
        }
        push(&mut adj, "PR", "3", copay_amt);
        push(&mut adj, "PR", "1", ded);
        push(&mut adj, "PR", "2", coins);
        out.allowed_cents = allowed;
        out.paid_cents = allowed - copay_amt - ded - coins;
        out.adjustments = adj;
        trace.push(TraceEntry {
            edit: "PRICING".into(),
            line: Some(out.line),
            outcome: "PRICED".into(),
            message: format!(
                "{}: billed {}, allowed {}{}; copay {}, deductible {}, coinsurance {}; paid {}",
                l.code,
                dollars(l.charge_cents),
                dollars(allowed),
                if preventive {
                    " (preventive: no cost sharing)"
                } else {
                    ""
                },
                dollars(copay_amt),
                dollars(ded),
                dollars(coins),
                dollars(out.paid_cents)
            ),
            group: None,
            reason: None,
            remarks: Vec::new(),
        });
        lines.push(out);
    }
    let denied = lines.iter().filter(|l| l.denied).count();
    let status = match denied {
        0 => RemitStatus::Paid,
        n if n == lines.len() => RemitStatus::Denied,
        _ => RemitStatus::PartiallyPaid,
    };
    let patient: i64 = lines
        .iter()
        .flat_map(|l| &l.adjustments)
        .filter(|a| a.group == "PR")
        .map(|a| a.amount_cents)
        .sum();
    Remittance {
        claim_number: ctx.claim_number.clone(),
        payer: p.slug.clone(),
        status,
        received_on: ctx.received_on,
        billed_cents: lines.iter().map(|l| l.billed_cents).sum(),
        allowed_cents: lines.iter().map(|l| l.allowed_cents).sum(),
        paid_cents: lines.iter().map(|l| l.paid_cents).sum(),
        patient_responsibility_cents: patient,
        lines,
        trace,
        drg: None,
    }
}

fn push(adj: &mut Vec<Adjustment>, group: &str, reason: &str, amount: i64) {
    if amount > 0 {
        adj.push(Adjustment {
            group: group.into(),
            reason: reason.into(),
            amount_cents: amount,
        });
    }
}

/// The allowed amount of every line, never above its charge, and whether the claim is paid per
/// case: an inpatient UB-04 with a DRG is (relative weight × base rate), spread over the lines
/// in proportion to charge.
fn allowed_amounts(claim: &Claim, ctx: &Context<'_>) -> (Vec<i64>, bool) {
    let p = ctx.payer;
    let inpatient_rate = match (
        &claim.institutional,
        claim.kind,
        p.inpatient_base_rate_cents,
        ctx.drg_weight,
    ) {
        (Some(inst), ClaimKind::Institutional, Some(base), Some(w))
            if inst.type_of_bill.starts_with("011") =>
        {
            Some((base as f64 * w).round() as i64)
        }
        _ => None,
    };
    if let Some(total) = inpatient_rate {
        let charges = claim.line_total().max(1);
        let total = total.min(charges);
        let mut out: Vec<i64> = claim
            .lines
            .iter()
            .map(|l| (l.charge_cents as i128 * total as i128 / charges as i128) as i64)
            .collect();
        let rest = total - out.iter().sum::<i64>();
        if let Some(last) = out.last_mut() {
            *last += rest;
        }
        return (out, true);
    }
    let out = claim
        .lines
        .iter()
        .map(|l| {
            let fee = match p.fee_schedule.get(&l.code) {
                Some(per_unit) => per_unit * l.units as i64,
                None => l.charge_cents * p.default_allowed_percent as i64 / 100,
            };
            fee.clamp(0, l.charge_cents)
        })
        .collect();
    (out, false)
}

/// What Medicare pays as secondary payer on one line (42 CFR 411.33(a), services paid on a fee
/// schedule): the lowest of (1) the charge, or the amount the provider is obligated to accept
/// as payment in full under the primary's contract (its allowed amount) if that is less,
/// minus the primary's payment; (2) what Medicare would pay as primary (its allowed amount
/// less its deductible and coinsurance); (3) the higher of Medicare's allowed amount and the
/// primary's allowed amount, minus the primary's payment. Never negative.
pub fn msp_payment(
    charge: i64,
    primary_allowed: i64,
    primary_paid: i64,
    medicare_allowed: i64,
    medicare_as_primary: i64,
) -> i64 {
    let obligated = charge.min(primary_allowed);
    let one = obligated - primary_paid;
    let three = medicare_allowed.max(primary_allowed) - primary_paid;
    one.min(medicare_as_primary).min(three).max(0)
}

/// A line on a secondary claim: the primary's payment and adjustments are OA-23 (prior payer's
/// adjudication); the patient's share the primary left is what is open. A commercial secondary
/// pays that share up to its own allowed amount less what the primary paid; Medicare as
/// secondary (`medicare_as_primary`: what it would pay as primary) pays by [`msp_payment`].
/// What the secondary does not pay stays the patient's under the primary's CARCs (PR), never
/// more than the higher allowed amount less both payments: the provider accepts the higher of
/// the two allowed amounts as payment in full.
fn secondary_line(
    out: &mut RemitLine,
    prior: &crate::domain::claims::PriorPayer,
    allowed: i64,
    medicare_as_primary: Option<i64>,
    trace: &mut Vec<TraceEntry>,
) {
    let p = prior.lines.iter().find(|l| l.line == out.line);
    let primary_paid = p.map_or(0, |l| l.paid_cents);
    let left: Vec<(String, i64)> = p.map(|l| l.patient.clone()).unwrap_or_default();
    let left_total: i64 = left
        .iter()
        .map(|(_, a)| a)
        .sum::<i64>()
        .min(out.billed_cents);
    let primary_allowed = primary_paid + left_total;
    let pays = match medicare_as_primary {
        Some(as_primary) => msp_payment(
            out.billed_cents,
            primary_allowed,
            primary_paid,
            allowed,
            as_primary,
        )
        .min(left_total),
        None => left_total.min((allowed - primary_paid).max(0)),
    };
    out.allowed_cents = allowed;
    out.paid_cents = pays;
    push(
        &mut out.adjustments,
        "OA",
        "23",
        out.billed_cents - left_total,
    );
    let mut covered_left = pays;
    for (reason, amount) in left {
        let covered = covered_left.min(amount);
        covered_left -= covered;
        push(&mut out.adjustments, "PR", &reason, amount - covered);
    }
    let rule = if medicare_as_primary.is_some() {
        " (Medicare secondary payer, 42 CFR 411.33(a))"
    } else {
        ""
    };
    trace.push(TraceEntry {
        edit: "PRICING".into(),
        line: Some(out.line),
        outcome: "PRICED".into(),
        message: format!(
            "{} as secondary{rule}: the primary allowed {} and paid {}, left the patient {}; allowed {}; pays {}",
            out.code,
            dollars(primary_allowed),
            dollars(primary_paid),
            dollars(left_total),
            dollars(allowed),
            dollars(out.paid_cents)
        ),
        group: None,
        reason: None,
        remarks: Vec::new(),
    });
}
