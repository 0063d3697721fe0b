//! The scoring steps, in the order of CMS's SAS software (see `mod.rs`).

use super::tables::{EditCondition, Tables};
use super::{
    CODING_ADJUSTMENT, DualStatus, MAX_AGE, MemberYear, NORMALIZATION_FACTOR, RiskError, Segment,
    Sex,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A relative factor or score in thousandths (CMS publishes three decimals): exact sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Factor(pub i64);

impl Factor {
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{:03}",
            self.0.abs() / 1000,
            self.0.abs() % 1000
        )
    }
}

/// An HCC with the codes that put it there and its factor in the member's segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HccHit {
    pub hcc: u16,
    pub label: String,
    pub codes: Vec<String>,
    pub factor: Factor,
}

/// An HCC the member had before hierarchies that does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub hcc: u16,
    pub label: String,
    pub codes: Vec<String>,
    /// The higher-ranked HCC that dropped it; `None` for the HCC 223 rule.
    pub by: Option<u16>,
    pub reason: String,
}

/// A mandatory age/sex edit that changed a code's HCC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditApplied {
    pub code: String,
    pub condition: EditCondition,
    /// The HCC the code maps to after the edit (`None`: no HCC).
    pub hcc: Option<u16>,
}

/// A demographic or interaction term: its short name, CMS variable and factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// `F70_74`, `OriginallyDisabled_Female`, `LTIMCAID`, `DIABETES_HF`, `D3`, …
    pub name: String,
    /// The CMS variable (`CNA_F70_74`, …).
    pub variable: String,
    pub factor: Factor,
}

/// The score of a member-year and everything that went into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskScore {
    /// The segment's CMS prefix: CNA, CND, CFA, CFD, CPA, CPD, INS, NE_…_NE, SNPNE_…_NE.
    pub variant: String,
    /// Under 65 with an OREC other than 0.
    pub disabled: bool,
    /// Entitled by disability (OREC 1 or 3), now not disabled.
    pub originally_disabled: bool,
    /// Codes with no HCC in the model (after edits).
    pub unmapped: Vec<String>,
    pub edits: Vec<EditApplied>,
    /// HCCs before hierarchies.
    pub mapped: Vec<HccHit>,
    /// HCCs that count (after hierarchies and the HCC 223 rule).
    pub hccs: Vec<HccHit>,
    pub dropped: Vec<Dropped>,
    pub demographics: Vec<Term>,
    /// Interaction terms and the payment-HCC count term (`D1` … `D10P`).
    pub interactions: Vec<Term>,
    pub demographic_total: Factor,
    pub hcc_total: Factor,
    pub interaction_total: Factor,
    /// Sum of all factors: the model's risk score before normalization.
    pub raw: Factor,
    pub normalization_factor: Factor,
    /// raw / normalization factor, rounded to three decimals.
    pub normalized: Factor,
    pub coding_adjustment: Factor,
    /// normalized × (1 − coding adjustment), rounded to three decimals.
    pub payment: Factor,
}

/// Upper case, no dot, no spaces.
pub fn bare(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '.' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// n / d rounded half away from zero.
fn div_round(n: i64, d: i64) -> i64 {
    let (n, d) = (n as i128, d as i128);
    let q = (2 * n.abs() + d) / (2 * d);
    (if n < 0 { -q } else { q }) as i64
}

fn variant(m: &MemberYear, originally_disabled: bool) -> String {
    let medicaid = m.dual != DualStatus::NonDual;
    let ne = |p: &str| {
        format!(
            "{p}_{}_{}_NE",
            if medicaid { "MCAID" } else { "NMCAID" },
            if originally_disabled {
                "ORIGDIS"
            } else {
                "NORIGDIS"
            }
        )
    };
    match m.segment {
        Segment::Community => {
            let d = match m.dual {
                DualStatus::NonDual => 'N',
                DualStatus::FullBenefit => 'F',
                DualStatus::PartialBenefit => 'P',
            };
            format!("C{d}{}", if m.age >= 65 { 'A' } else { 'D' })
        }
        Segment::Institutional => "INS".to_owned(),
        Segment::NewEnrollee => ne("NE"),
        Segment::SnpNewEnrollee => ne("SNPNE"),
    }
}

/// The age/sex cell: the first variable `<prefix><lo>`, `<prefix><lo>_<hi>` or
/// `<prefix><lo>_GT` whose range holds the age.
fn age_sex_cell(t: &Tables, prefix: &str, age: u8) -> Option<String> {
    t.variables.iter().find_map(|v| {
        let rest = v.strip_prefix(prefix)?;
        let (lo, hi) = match rest.split_once('_') {
            None => (rest.parse::<u8>().ok()?, rest.parse::<u8>().ok()?),
            Some((lo, "GT")) => (lo.parse().ok()?, u8::MAX),
            Some((lo, hi)) => (lo.parse().ok()?, hi.parse().ok()?),
        };
        (lo <= age && age <= hi).then(|| v.clone())
    })
}

fn applies(c: EditCondition, m: &MemberYear) -> bool {
    match c {
        EditCondition::Female => m.sex == Sex::Female,
        EditCondition::AgeUnder(a) => m.age < a,
        EditCondition::AgeAtLeast(a) => m.age >= a,
    }
}

const HEART_FAILURE_OTHER: [u16; 5] = [221, 222, 224, 225, 226];

/// The V2823T2M interaction groups.
const GROUPS: [(&str, &[u16]); 11] = [
    ("CANCER", &[17, 18, 19, 20, 21, 22, 23]),
    ("DIABETES", &[35, 36, 37, 38]),
    ("CARD_RESP_FAIL", &[211, 212, 213]),
    ("HF", &[221, 222, 223, 224, 225, 226]),
    ("CHR_LUNG", &[276, 277, 278, 279, 280]),
    ("KIDNEY", &[326, 327, 328, 329]),
    ("gSubUseDisorder", &[135, 136, 137, 138, 139]),
    ("gPsychiatric", &[151, 152, 153, 154, 155]),
    ("NEURO", &[180, 181, 182, 190, 191, 192, 195, 196, 198, 199]),
    ("ULCER", &[379, 380, 381, 382]),
    ("HCC238", &[238]),
];

/// Interaction terms in the order of V2823T2M: (name, first group, second group or DISABLED).
const INTERACTIONS: [(&str, &str, &str); 11] = [
    ("DIABETES_HF", "DIABETES", "HF"),
    ("HF_CHR_LUNG", "HF", "CHR_LUNG"),
    ("HF_KIDNEY", "HF", "KIDNEY"),
    ("CHR_LUNG_CARD_RESP_FAIL", "CHR_LUNG", "CARD_RESP_FAIL"),
    ("HF_HCC238", "HF", "HCC238"),
    ("gSubUseDisorder_gPsych", "gSubUseDisorder", "gPsychiatric"),
    ("DISABLED_CANCER", "DISABLED", "CANCER"),
    ("DISABLED_NEURO", "DISABLED", "NEURO"),
    ("DISABLED_HF", "DISABLED", "HF"),
    ("DISABLED_CHR_LUNG", "DISABLED", "CHR_LUNG"),
    ("DISABLED_ULCER", "DISABLED", "ULCER"),
];

pub fn score(t: &Tables, m: &MemberYear) -> Result<RiskScore, RiskError> {
    if m.age > MAX_AGE {
        return Err(RiskError::Age(m.age));
    }
    let disabled = m.age < 65 && m.orec != super::Orec::OldAge;
    let originally_disabled = matches!(
        m.orec,
        super::Orec::Disability | super::Orec::DisabilityAndEsrd
    ) && !disabled;
    let variant = variant(m, originally_disabled);
    let factor = |name: &str| {
        Factor(
            t.factors
                .get(&format!("{variant}_{name}"))
                .copied()
                .unwrap_or(0),
        )
    };
    let label = |h: u16| t.labels.get(&h).cloned().unwrap_or_default();

    // Diagnoses -> HCCs, with the mandatory age/sex edits.
    let codes: BTreeSet<String> = m.diagnoses.iter().map(|c| bare(c)).collect();
    let mut by_hcc: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    let (mut unmapped, mut edits) = (Vec::new(), Vec::new());
    for code in &codes {
        let Some(hccs) = t.dx.get(code) else {
            unmapped.push(code.clone());
            continue;
        };
        let hccs: Vec<u16> = match t.edits.get(code) {
            Some(e) if applies(e.condition, m) => {
                edits.push(EditApplied {
                    code: code.clone(),
                    condition: e.condition,
                    hcc: e.hcc,
                });
                e.hcc.into_iter().collect()
            }
            _ => hccs.clone(),
        };
        if hccs.is_empty() {
            unmapped.push(code.clone());
        }
        for h in hccs {
            by_hcc.entry(h).or_default().push(code.clone());
        }
    }
    let hit = |h: u16, codes: &Vec<String>| HccHit {
        hcc: h,
        label: label(h),
        codes: codes.clone(),
        factor: factor(&format!("HCC{h}")),
    };
    let mapped: Vec<HccHit> = by_hcc.iter().map(|(h, c)| hit(*h, c)).collect();

    // Hierarchies in CMS's order: a row applies when its HCC is still present (SET0).
    let mut present: BTreeSet<u16> = by_hcc.keys().copied().collect();
    let mut dropped = Vec::new();
    for (h, drops) in &t.hierarchy {
        if !present.contains(h) {
            continue;
        }
        for d in drops {
            if present.remove(d) {
                dropped.push(Dropped {
                    hcc: *d,
                    label: label(*d),
                    codes: by_hcc.get(d).cloned().unwrap_or_default(),
                    by: Some(*h),
                    reason: format!("HCC {h} ranks above HCC {d} in the V28 hierarchy"),
                });
            }
        }
    }
    // HCC 223 (heart assist device/artificial heart) counts only with another heart-failure HCC.
    if present.contains(&223) && !HEART_FAILURE_OTHER.iter().any(|h| by_hcc.contains_key(h)) {
        present.remove(&223);
        dropped.push(Dropped {
            hcc: 223,
            label: label(223),
            codes: by_hcc.get(&223).cloned().unwrap_or_default(),
            by: None,
            reason: "HCC 223 counts only with another heart failure HCC (221, 222, 224, 225 \
                     or 226)"
                .to_owned(),
        });
    }
    dropped.sort_by_key(|d| d.hcc);
    let hccs: Vec<HccHit> = present
        .iter()
        .filter_map(|h| by_hcc.get(h).map(|c| hit(*h, c)))
        .collect();

    // Payment-HCC count and interactions.
    let mut interactions = Vec::new();
    let mut term = |name: String| {
        let f = factor(&name);
        interactions.push(Term {
            variable: format!("{variant}_{name}"),
            name,
            factor: f,
        });
    };
    match present.len() {
        0 => {}
        n if n > 9 => term("D10P".to_owned()),
        n => term(format!("D{n}")),
    }
    let group = |g: &str| {
        g == "DISABLED" && disabled
            || GROUPS
                .iter()
                .any(|(name, hs)| *name == g && hs.iter().any(|h| present.contains(h)))
    };
    for (name, a, b) in INTERACTIONS {
        if group(a) && group(b) {
            term(name.to_owned());
        }
    }

    // Demographic factors.
    let sex = match m.sex {
        Sex::Female => 'F',
        Sex::Male => 'M',
    };
    let ne = matches!(m.segment, Segment::NewEnrollee | Segment::SnpNewEnrollee);
    let prefix = if ne {
        format!("{variant}{sex}")
    } else {
        format!("{variant}_{sex}")
    };
    let cell = age_sex_cell(t, &prefix, m.age)
        .ok_or_else(|| RiskError::NoDemographicCell(format!("{prefix} age {}", m.age)))?;
    let mut demographics = vec![Term {
        name: cell[variant.len()..].trim_start_matches('_').to_owned(),
        factor: Factor(t.factors.get(&cell).copied().unwrap_or(0)),
        variable: cell,
    }];
    let mut optional = |name: String| {
        let variable = format!("{variant}_{name}");
        if let Some(f) = t.factors.get(&variable) {
            demographics.push(Term {
                name,
                variable,
                factor: Factor(*f),
            });
        }
    };
    if originally_disabled && !ne {
        let s = if m.sex == Sex::Female {
            "Female"
        } else {
            "Male"
        };
        optional(format!("OriginallyDisabled_{s}"));
    }
    if m.dual != DualStatus::NonDual {
        optional("LTIMCAID".to_owned());
    }

    let sum = |xs: &mut dyn Iterator<Item = Factor>| Factor(xs.map(|f| f.0).sum());
    let demographic_total = sum(&mut demographics.iter().map(|d| d.factor));
    let hcc_total = sum(&mut hccs.iter().map(|h| h.factor));
    let interaction_total = sum(&mut interactions.iter().map(|i| i.factor));
    let raw = Factor(demographic_total.0 + hcc_total.0 + interaction_total.0);
    let normalized = Factor(div_round(raw.0 * 1000, NORMALIZATION_FACTOR.0));
    let payment = Factor(div_round(normalized.0 * (1000 - CODING_ADJUSTMENT.0), 1000));
    Ok(RiskScore {
        variant,
        disabled,
        originally_disabled,
        unmapped,
        edits,
        mapped,
        hccs,
        dropped,
        demographics,
        interactions,
        demographic_total,
        hcc_total,
        interaction_total,
        raw,
        normalization_factor: NORMALIZATION_FACTOR,
        normalized,
        coding_adjustment: CODING_ADJUSTMENT,
        payment,
    })
}
