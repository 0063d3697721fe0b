//! What a chart review's coding does to the member's risk score: the key's SUPPORTED codes and
//! the trainee's codes each scored with the member's demographics, the HCCs gained and lost
//! with the codes behind them, the hierarchy that made a code add nothing, and the raw and
//! payment score differences (like `drg::compare` for inpatient money). Shown, not scored.

use super::{Factor, MemberYear, RiskError, RiskScore};
use serde::{Deserialize, Serialize};

/// An HCC that counts, with the codes behind it and its factor (thousandths).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HccLine {
    pub hcc: u16,
    pub label: String,
    /// Dotted ICD-10-CM codes.
    pub codes: Vec<String>,
    pub factor_e3: i64,
}

/// One side's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskSummary {
    /// The codes scored (dotted).
    pub codes: Vec<String>,
    /// Payment HCCs after hierarchies.
    pub hccs: Vec<HccLine>,
    /// Interaction and count terms (`DIABETES_HF`, `D3`, …).
    pub interactions: Vec<String>,
    /// Raw risk score, thousandths.
    pub raw_e3: i64,
    /// Payment score (normalized, coding-adjusted), thousandths.
    pub payment_e3: i64,
}

/// The key's score against the trainee's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskComparison {
    pub model: String,
    /// The model's segment variant (CNA, CFA, INS, …).
    pub variant: String,
    pub key: RiskSummary,
    pub trainee: RiskSummary,
    /// HCCs the trainee's coding has and the key's does not (unsupported, or a wrong code).
    pub gained: Vec<HccLine>,
    /// HCCs the key's coding has and the trainee's does not (missed, or too unspecific).
    pub lost: Vec<HccLine>,
    /// Why codes mattered or not: hierarchies, interactions, one sentence each.
    pub notes: Vec<String>,
    /// Trainee raw score minus the key's, thousandths.
    pub raw_delta_e3: i64,
    /// Trainee payment score minus the key's, thousandths.
    pub payment_delta_e3: i64,
}

/// `E1122` → `E11.22`.
pub fn dotted(code: &str) -> String {
    if code.len() > 3 && !code.contains('.') {
        format!("{}.{}", &code[..3], &code[3..])
    } else {
        code.to_owned()
    }
}

fn dotted_all(codes: &[String]) -> Vec<String> {
    codes.iter().map(|c| dotted(c)).collect()
}

fn line(h: &super::HccHit) -> HccLine {
    HccLine {
        hcc: h.hcc,
        label: h.label.clone(),
        codes: dotted_all(&h.codes),
        factor_e3: h.factor.0,
    }
}

fn summary(codes: &[String], s: &RiskScore) -> RiskSummary {
    RiskSummary {
        codes: dotted_all(codes),
        hccs: s.hccs.iter().map(line).collect(),
        interactions: s.interactions.iter().map(|t| t.name.clone()).collect(),
        raw_e3: s.raw.0,
        payment_e3: s.payment.0,
    }
}

/// Sentences for the HCCs a side's hierarchy dropped: "E11.9 would have added nothing: HCC 37
/// from E11.22 ranks above HCC 38."
fn hierarchy_notes(who: &str, s: &RiskScore, out: &mut Vec<String>) {
    for d in &s.dropped {
        let codes = dotted_all(&d.codes).join(", ");
        let above =
            d.by.and_then(|b| s.hccs.iter().find(|h| h.hcc == b))
                .map(|h| format!(" from {}", dotted_all(&h.codes).join(", ")))
                .unwrap_or_default();
        match d.by {
            Some(b) => out.push(format!(
                "{who}: {codes} added nothing: HCC {b}{above} ranks above HCC {} ({}).",
                d.hcc, d.label
            )),
            None => out.push(format!("{who}: {codes} added nothing: {}.", d.reason)),
        }
    }
}

/// Scores both codings for the member (whose `diagnoses` are ignored) and compares them.
pub fn compare(
    member: &MemberYear,
    key_codes: &[String],
    trainee_codes: &[String],
) -> Result<RiskComparison, RiskError> {
    let with = |codes: &[String]| {
        let mut m = member.clone();
        m.diagnoses = codes.to_vec();
        super::score(&m)
    };
    let k = with(key_codes)?;
    let t = with(trainee_codes)?;
    let gained: Vec<HccLine> = t
        .hccs
        .iter()
        .filter(|h| !k.hccs.iter().any(|x| x.hcc == h.hcc))
        .map(line)
        .collect();
    let lost: Vec<HccLine> = k
        .hccs
        .iter()
        .filter(|h| !t.hccs.iter().any(|x| x.hcc == h.hcc))
        .map(line)
        .collect();
    let mut notes = Vec::new();
    hierarchy_notes("Your coding", &t, &mut notes);
    hierarchy_notes("The key", &k, &mut notes);
    for term in &t.interactions {
        if !k.interactions.iter().any(|x| x.name == term.name) {
            notes.push(format!(
                "Your coding adds the term {} ({}).",
                term.name,
                signed(term.factor)
            ));
        }
    }
    for term in &k.interactions {
        if !t.interactions.iter().any(|x| x.name == term.name) {
            notes.push(format!(
                "Your coding loses the term {} ({}).",
                term.name,
                signed(term.factor)
            ));
        }
    }
    Ok(RiskComparison {
        model: super::MODEL.to_owned(),
        variant: k.variant.clone(),
        raw_delta_e3: t.raw.0 - k.raw.0,
        payment_delta_e3: t.payment.0 - k.payment.0,
        key: summary(key_codes, &k),
        trainee: summary(trainee_codes, &t),
        gained,
        lost,
        notes,
    })
}

fn signed(f: Factor) -> String {
    if f.0 >= 0 {
        format!("+{f}")
    } else {
        f.to_string()
    }
}
