//! What coding moved: the DRG a trainee's codes group to against the key's, the payment each
//! earns at the simulated base rate, and the codes that made the difference.

use super::{Counted, DrgClaim, Grouping, Severity, weights};
use serde::{Deserialize, Serialize};

/// Payment per relative weight of 1.0 used to show what coding is worth: $7,400, about the FY2026
/// IPPS national operating standardized amount plus the capital rate, before wage index,
/// DSH, IME, outlier and quality adjustments (simulated: no hospital's real rate). The
/// simulated Medicare Part A payer uses the same rate.
pub const SIMULATED_BASE_RATE_CENTS: i64 = 740_000;

/// The money a DRG earns: relative weight × base rate, to the cent (nothing for 998/999).
pub fn payment_cents(weight: Option<f64>, base_rate_cents: i64) -> i64 {
    weight.map_or(0, |w| (w * base_rate_cents as f64).round() as i64)
}

/// The key's DRG against the trainee's, in money and reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrgComparison {
    /// Grouper version (43.0, 43.1, 44.0).
    pub version: String,
    pub key_drg: String,
    pub key_title: String,
    pub key_weight: Option<f64>,
    pub trainee_drg: String,
    pub trainee_title: String,
    pub trainee_weight: Option<f64>,
    pub base_rate_cents: i64,
    pub key_payment_cents: i64,
    pub trainee_payment_cents: i64,
    /// Trainee's payment minus the key's: negative when the coding left money out.
    pub difference_cents: i64,
    /// The codes that made the difference, one sentence each, the money last.
    pub reasons: Vec<String>,
}

/// `$2,134.56`, `−$2,134.56`.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "−" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}${grouped}.{:02}", c % 100)
}

fn norm(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_ascii_uppercase()
}

fn level_word(s: Severity) -> &'static str {
    match s {
        Severity::None => "no CC or MCC",
        Severity::Cc => "a CC",
        Severity::Mcc => "an MCC",
    }
}

/// Compares the trainee's grouping with the key's. `key_drg` is the key's expected DRG (an
/// author may keep one the grouper differs from); the key's grouping explains it.
pub fn compare(
    (key_claim, key): (&DrgClaim, &Grouping),
    key_drg: u16,
    (trainee_claim, trainee): (&DrgClaim, &Grouping),
    base_rate_cents: i64,
) -> DrgComparison {
    let key_weight = weights::weight(key.version, key_drg).map(|w| w.weight);
    let trainee_weight = trainee.weight.as_ref().map(|w| w.weight);
    let key_payment = payment_cents(key_weight, base_rate_cents);
    let trainee_payment = payment_cents(trainee_weight, base_rate_cents);
    let has = |c: &DrgClaim, code: &str| {
        std::iter::once(&c.principal.code)
            .chain(c.secondary.iter().map(|d| &d.code))
            .chain(&c.procedures)
            .any(|x| norm(x) == norm(code))
    };
    let mut reasons = Vec::new();
    let (kp, tp) = (
        key_claim.principal.code.clone(),
        trainee_claim.principal.code.clone(),
    );
    if norm(&kp) != norm(&tp) {
        let mdc = if key.mdc != trainee.mdc {
            format!(", MDC {:02} instead of {:02}", trainee.mdc, key.mdc)
        } else {
            String::new()
        };
        reasons.push(format!("Principal diagnosis {tp} instead of {kp}{mdc}."));
    }
    // The codes the key's DRG logic matched on (procedures, for a surgical DRG) that the
    // trainee left out, and those the trainee's logic matched on that the key does not have.
    for c in &key.deciding_codes {
        if norm(c) != norm(&kp) && !c.starts_with("discharge status") && !has(trainee_claim, c) {
            reasons.push(format!(
                "{c} not coded: the key's DRG {key_drg:03} logic rests on it."
            ));
        }
    }
    for c in &trainee.deciding_codes {
        if norm(c) != norm(&tp) && !c.starts_with("discharge status") && !has(key_claim, c) {
            reasons.push(format!(
                "{c} coded but not in the key: DRG {:03} logic rests on it.",
                trainee.drg
            ));
        }
    }
    // CC/MCC: the key's deciding secondaries missing or not counted, the trainee's extra ones.
    for s in key
        .secondary_levels
        .iter()
        .filter(|s| s.counted == Counted::Yes && s.level == key.severity)
    {
        match trainee
            .secondary_levels
            .iter()
            .find(|t| norm(&t.code) == norm(&s.code))
        {
            None if trainee.severity < key.severity => reasons.push(format!(
                "{} not coded: {} instead of {}.",
                s.code,
                level_word(trainee.severity),
                level_word(key.severity)
            )),
            Some(t) if t.counted != Counted::Yes && trainee.severity < key.severity => reasons
                .push(format!(
                    "{} coded but not counted ({}).",
                    s.code,
                    match t.counted {
                        Counted::Hac => "a hospital-acquired condition when POA is N or U",
                        Counted::PdxExclusion => "excluded by your principal diagnosis",
                        Counted::Died => "an MCC only when the patient is discharged alive",
                        _ => "not counted by the DRG's logic",
                    }
                )),
            _ => {}
        }
    }
    if trainee.severity > key.severity {
        for t in trainee
            .secondary_levels
            .iter()
            .filter(|t| t.counted == Counted::Yes && t.level == trainee.severity)
        {
            if !key
                .secondary_levels
                .iter()
                .any(|s| norm(&s.code) == norm(&t.code) && s.counted == Counted::Yes)
            {
                reasons.push(format!(
                    "{} coded ({}) but not supported by the key.",
                    t.code,
                    t.level.as_str()
                ));
            }
        }
    }
    let difference = trainee_payment - key_payment;
    if trainee.drg != key_drg {
        reasons.push(format!(
            "DRG {:03} instead of {key_drg:03}: {} at {} per relative weight.",
            trainee.drg,
            dollars(difference),
            dollars(base_rate_cents)
        ));
    }
    DrgComparison {
        version: key.version.label().to_owned(),
        key_drg: format!("{key_drg:03}"),
        key_title: weights::title(key.version, key_drg).unwrap_or_default(),
        key_weight,
        trainee_drg: format!("{:03}", trainee.drg),
        trainee_title: trainee.title.clone(),
        trainee_weight,
        base_rate_cents,
        key_payment_cents: key_payment,
        trainee_payment_cents: trainee_payment,
        difference_cents: difference,
        reasons,
    }
}
