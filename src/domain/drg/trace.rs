//! The grouper's explanation: which version, which MDC and why, which formula (and so which
//! codes) decided the DRG, which secondary diagnoses counted as CC/MCC and why others did not.

use super::claim::{HacStatus, Prepared};
use super::engine::{self, Phase, Uncounted};
use super::mask::Source;
use super::tables::{Formula, at};
use super::weights;
use super::{DrgClaim, DrgType, Grouping, ReturnCode, Severity, Version};

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceStep {
    /// VERSION, PRINCIPAL, COMBINATION, LOGIC, REROUTE, SEVERITY, NOT_COUNTED, HAC, RESULT.
    pub step: &'static str,
    pub detail: String,
    pub codes: Vec<String>,
}

/// Whether a secondary diagnosis's CC/MCC counted toward the final DRG, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Yes,
    /// On the principal diagnosis's CC exclusion list (CMS Table 6K).
    PdxExclusion,
    /// Not counted by this DRG's own logic (e.g. the AMI or newborn DRGs).
    DrgLogic,
    /// A hospital-acquired condition not present on admission.
    Hac,
    /// An MCC that counts only when the patient is discharged alive.
    Died,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondaryLevel {
    pub code: String,
    pub level: Severity,
    pub counted: Counted,
}

fn step(step: &'static str, detail: String, codes: Vec<String>) -> TraceStep {
    TraceStep {
        step,
        detail,
        codes,
    }
}

fn mdc_name(version: Version, mdc: u8) -> String {
    match weights::mdc_title(version, mdc) {
        Some(t) => format!("MDC {mdc:02} ({t})"),
        None => format!("MDC {mdc:02}"),
    }
}

fn drg_name(version: Version, drg: u16) -> String {
    match weights::title(version, drg) {
        Some(t) => format!("DRG {drg:03} ({t})"),
        None => format!("DRG {drg:03}"),
    }
}

/// The codes whose attributes made formula `f` hold when tried in `mdc`.
fn deciding(p: &Prepared, f: &Formula, mdc: u8, sev: Severity) -> Vec<String> {
    let mut keys = Vec::new();
    f.expr.reasons(&p.mask, mdc, sev, &mut keys);
    let mut codes: Vec<String> = Vec::new();
    let mut push = |c: &str| {
        if !codes.iter().any(|x| x == c) {
            codes.push(c.to_owned());
        }
    };
    for k in keys {
        for s in p.mask.sources(k) {
            match s {
                Source::Pdx => push(&p.pdx.code),
                Source::Sdx(i) => push(&p.sdx[i].code),
                Source::Procedure(i) => push(&p.procs[i].code),
                Source::Cluster(i) => p.combos[i]
                    .members
                    .iter()
                    .for_each(|m| push(&p.procs[*m].code)),
                Source::Claim => push(&format!("discharge status {:02}", p.status)),
            }
        }
    }
    codes
}

pub fn explain(
    p: &Prepared,
    version: Version,
    claim: &DrgClaim,
    initial: &Phase,
    last: &Phase,
) -> Grouping {
    let mut trace = vec![step(
        "VERSION",
        format!(
            "MS-DRG v{} (FY{}) for a discharge on {}.",
            version.label(),
            version.fiscal_year(),
            claim.discharge_date
        ),
        Vec::new(),
    )];
    let pdx = &p.pdx.code;
    match (p.pdx.scheme, p.pdx_mdc) {
        (None, _) => trace.push(step(
            "PRINCIPAL",
            format!(
                "{pdx} is not a valid ICD-10-CM code in v{}, so the claim cannot be grouped.",
                version.label()
            ),
            vec![pdx.clone()],
        )),
        (Some(s), Some(mdc)) if s.mdc != mdc => trace.push(step(
            "PRINCIPAL",
            format!(
                "Principal diagnosis {pdx} belongs to {} for this patient's sex.",
                mdc_name(version, mdc)
            ),
            vec![pdx.clone()],
        )),
        (Some(_), Some(mdc)) => trace.push(step(
            "PRINCIPAL",
            format!(
                "Principal diagnosis {pdx} belongs to {}.",
                mdc_name(version, mdc)
            ),
            vec![pdx.clone()],
        )),
        (Some(_), None) => trace.push(step(
            "PRINCIPAL",
            format!(
                "Principal diagnosis {pdx}'s MDC depends on the patient's sex, which is unknown."
            ),
            vec![pdx.clone()],
        )),
    }
    for c in &p.combos {
        let codes: Vec<String> = c.members.iter().map(|m| p.procs[*m].code.clone()).collect();
        trace.push(step(
            "COMBINATION",
            format!(
                "{} count together as one procedure combination.",
                codes.join(" + ")
            ),
            codes,
        ));
    }
    let mut deciding_codes = Vec::new();
    for (mdc, f, sev) in &last.path {
        let codes = deciding(p, f, *mdc, *sev);
        let place = if *mdc == 0 {
            "Pre-MDC logic".to_owned()
        } else {
            format!("{} logic", mdc_name(version, *mdc))
        };
        if f.drg == 0 {
            trace.push(step(
                "REROUTE",
                format!(
                    "{place} sends the claim to {} on {}.",
                    mdc_name(version, f.reroute),
                    codes.join(", ")
                ),
                codes,
            ));
        } else {
            let kind = match f.kind {
                DrgType::Surgical => "surgical",
                DrgType::Medical => "medical",
                DrgType::Other => "error",
            };
            trace.push(step(
                "LOGIC",
                format!(
                    "{place}: {} ({kind}), matched on {}.",
                    drg_name(version, f.drg),
                    codes.join(", ")
                ),
                codes.clone(),
            ));
            deciding_codes = codes;
        }
    }
    let (suppressed, phase_final): (&[u16], bool) = match last.path.last() {
        Some((_, f, _)) => (&f.suppressed, last.return_code == ReturnCode::Ok),
        None => (&[], false),
    };
    let mut secondary_levels = Vec::new();
    for (i, d) in p.sdx.iter().enumerate() {
        if d.severity() == Severity::None {
            continue;
        }
        let counted = match engine::counts(p, i, suppressed, phase_final) {
            Ok(()) => Counted::Yes,
            Err(Uncounted::PdxExclusion) => Counted::PdxExclusion,
            Err(Uncounted::DrgLogic) => Counted::DrgLogic,
            Err(Uncounted::Hac) => Counted::Hac,
            Err(Uncounted::Died) => Counted::Died,
        };
        let level = d.severity().as_str();
        let why = match counted {
            Counted::Yes => None,
            Counted::PdxExclusion => Some(format!(
                "is on principal diagnosis {pdx}'s CC exclusion list"
            )),
            Counted::DrgLogic => Some("is not counted by this DRG's own logic".to_owned()),
            Counted::Hac => {
                let hac = d
                    .hacs
                    .iter()
                    .find(|h| h.status == HacStatus::Met)
                    .map_or(0, |h| h.number);
                let title = at(p.t.hac_titles.get(&hac), p.version)
                    .cloned()
                    .unwrap_or_default();
                Some(format!(
                    "is hospital-acquired condition {hac:02} ({title}) and was not present on admission"
                ))
            }
            Counted::Died => {
                Some("counts as an MCC only when the patient is discharged alive".to_owned())
            }
        };
        if let Some(why) = why {
            trace.push(step(
                "NOT_COUNTED",
                format!("{} ({level}) {why}.", d.code),
                vec![d.code.clone()],
            ));
        }
        secondary_levels.push(SecondaryLevel {
            code: d.code.clone(),
            level: d.severity(),
            counted,
        });
    }
    let deciders: Vec<String> = secondary_levels
        .iter()
        .filter(|s| s.counted == Counted::Yes && s.level == last.severity)
        .map(|s| s.code.clone())
        .collect();
    trace.push(match last.severity {
        Severity::None => step(
            "SEVERITY",
            "No secondary diagnosis counts as a CC or MCC.".into(),
            Vec::new(),
        ),
        s => step(
            "SEVERITY",
            format!("{} from {}.", s.as_str(), deciders.join(", ")),
            deciders,
        ),
    });
    if initial.drg != last.drg && last.return_code != ReturnCode::HacPoaMissing {
        trace.push(step(
            "HAC",
            format!(
                "The HAC rule changed DRG {:03} to DRG {:03}.",
                initial.drg, last.drg
            ),
            Vec::new(),
        ));
    }
    let weight = weights::weight(version, last.drg);
    let title = weights::title(version, last.drg).unwrap_or_default();
    let result = match last.return_code {
        ReturnCode::Ok => match &weight {
            Some(w) => format!(
                "{}: relative weight {:.4}, geometric mean LOS {:.1} days.",
                drg_name(version, last.drg),
                w.weight,
                w.gmlos
            ),
            None => format!("{}.", drg_name(version, last.drg)),
        },
        ReturnCode::HacPoaMissing => {
            "DRG 999: a diagnosis on the HAC list has no valid POA indicator (blank or 1)."
                .to_owned()
        }
        rc => format!("DRG 999 ({}).", rc.as_str()),
    };
    trace.push(step("RESULT", result, Vec::new()));
    let drg_type = last
        .path
        .iter()
        .rev()
        .find(|(_, f, _)| f.drg == last.drg)
        .map_or(DrgType::Other, |(_, f, _)| f.kind);
    Grouping {
        version,
        drg: last.drg,
        mdc: last.mdc,
        drg_type,
        title,
        mdc_title: weights::mdc_title(version, last.mdc).unwrap_or_default(),
        severity: last.severity,
        return_code: last.return_code,
        initial_drg: initial.drg,
        initial_mdc: initial.mdc,
        weight,
        secondary_levels,
        deciding_codes,
        trace,
    }
}
