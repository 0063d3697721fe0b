//! Grouping proper: the pre-MDC formulas, then the principal diagnosis's MDC (with the
//! re-routes the definitions name), first for the initial DRG, then — after the
//! hospital-acquired-condition rule has taken away the CC/MCC of HACs not present on
//! admission — for the final DRG, the one that is paid.

use super::ReturnCode;
use super::Severity;
use super::claim::{HacStatus, Prepared};
use super::tables::{Formula, at};

/// How one phase (initial or final) ended.
#[derive(Debug, Clone)]
pub struct Phase<'t> {
    pub drg: u16,
    pub mdc: u8,
    pub severity: Severity,
    pub return_code: ReturnCode,
    /// The formulas that matched, with the MDC each was tried in, in order.
    pub path: Vec<(u8, &'t Formula, Severity)>,
}

enum Outcome<'t> {
    Formula(&'t Formula, Severity),
    Return(ReturnCode),
}

fn return_code(text: &str) -> Option<ReturnCode> {
    match text {
        "INVALID_PDX" => Some(ReturnCode::InvalidPdx),
        "INVALID_DSTAT" => Some(ReturnCode::InvalidDischargeStatus),
        "INVALID_AGE" => Some(ReturnCode::InvalidAge),
        "INVALID_SEX" => Some(ReturnCode::InvalidSex),
        "pdx_ecode" => Some(ReturnCode::DxCannotBePdx),
        _ => None,
    }
}

/// Whether secondary diagnosis `i` counts toward the CC/MCC level under a formula that ignores
/// the attributes `suppressed`, and if not, why.
pub fn counts(
    p: &Prepared,
    i: usize,
    suppressed: &[u16],
    final_phase: bool,
) -> Result<(), Uncounted> {
    let d = &p.sdx[i];
    if final_phase && d.hac_met() {
        return Err(Uncounted::Hac);
    }
    if d.attributes().iter().any(|a| suppressed.contains(a)) {
        return Err(Uncounted::DrgLogic);
    }
    if d.excluded {
        return Err(Uncounted::PdxExclusion);
    }
    if d.death_excluded {
        return Err(Uncounted::Died);
    }
    Ok(())
}

/// Why a secondary diagnosis with a CC/MCC level did not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncounted {
    PdxExclusion,
    DrgLogic,
    Hac,
    Died,
}

pub fn severity(p: &Prepared, suppressed: &[u16], final_phase: bool) -> Severity {
    (0..p.sdx.len())
        .filter(|i| counts(p, *i, suppressed, final_phase).is_ok())
        .map(|i| p.sdx[i].severity())
        .max()
        .unwrap_or(Severity::None)
}

fn try_mdc<'t>(p: &Prepared<'t>, mdc: u8, final_phase: bool) -> Option<Outcome<'t>> {
    let formulas = at(p.t.formulas.get(&mdc), p.version)?;
    // Most formulas ignore no attribute: their level is the same, worked out once.
    let base = severity(p, &[], final_phase);
    for f in formulas {
        let sev = if f.suppressed.is_empty() {
            base
        } else {
            severity(p, &f.suppressed, final_phase)
        };
        if !f.expr.holds(&p.mask, mdc, sev) {
            continue;
        }
        if f.drg == 0 && f.reroute == 0 {
            match return_code(&f.text) {
                Some(rc) => return Some(Outcome::Return(rc)),
                None => continue,
            }
        }
        return Some(Outcome::Formula(f, sev));
    }
    None
}

fn ungroupable<'t>(rc: ReturnCode, path: Vec<(u8, &'t Formula, Severity)>) -> Phase<'t> {
    Phase {
        drg: 999,
        mdc: 0,
        severity: Severity::None,
        return_code: rc,
        path,
    }
}

pub fn phase<'t>(p: &Prepared<'t>, final_phase: bool) -> Phase<'t> {
    let mut path: Vec<(u8, &'t Formula, Severity)> = Vec::new();
    let mut drg: Option<u16> = None;
    let mut mdc: u8 = 0;
    let mut severity = Severity::None;
    let mut pre_match = false;
    match try_mdc(p, 0, final_phase) {
        Some(Outcome::Return(rc)) => return ungroupable(rc, path),
        Some(Outcome::Formula(f, sev)) => {
            drg = Some(f.drg);
            mdc = p.pdx_mdc.unwrap_or(0);
            severity = sev;
            pre_match = true;
            path.push((0, f, sev));
        }
        None => {}
    }
    if !pre_match && let Some(pdx_mdc) = p.pdx_mdc {
        match try_mdc(p, pdx_mdc, final_phase) {
            Some(Outcome::Return(rc)) => return ungroupable(rc, path),
            Some(Outcome::Formula(f, sev)) => {
                drg = Some(f.drg);
                mdc = pdx_mdc;
                severity = sev;
                path.push((pdx_mdc, f, sev));
            }
            None => {}
        }
    }
    // Re-routing: a matched formula may send the claim to another MDC's formulas (at most
    // twice: pre-MDC -> MDC 24 multiple trauma, MDC 5 -> unrelated O.R. procedures, …).
    for _ in 0..2 {
        let Some(&(_, last, _)) = path.last() else {
            break;
        };
        if last.reroute == 0 {
            break;
        }
        match try_mdc(p, last.reroute, final_phase) {
            Some(Outcome::Formula(f, sev)) => {
                drg = Some(f.drg);
                if pre_match && path.len() == 1 {
                    mdc = last.reroute;
                }
                severity = sev;
                path.push((last.reroute, f, sev));
            }
            Some(Outcome::Return(rc)) => return ungroupable(rc, path),
            None => break,
        }
    }
    match drg {
        Some(drg) => Phase {
            drg,
            mdc,
            severity,
            return_code: ReturnCode::Ok,
            path,
        },
        None => ungroupable(ReturnCode::Ungroupable, path),
    }
}

/// The HAC rule for a hospital that reports POA (an IPPS hospital): a secondary diagnosis on
/// the HAC list, not present on admission (POA N or U) and meeting its HAC's criteria, loses
/// its CC/MCC for the final DRG. A HAC-list diagnosis without a valid POA makes the claim
/// ungroupable. Returns that outcome, if any.
pub fn apply_hacs(p: &mut Prepared) -> Option<ReturnCode> {
    let invalid = |poa: u8| matches!(poa, b'E' | b' ' | b'1' | 0);
    let mut met: Vec<(u8, usize)> = Vec::new();
    let mut hac6_off_show_list = false;
    let mut invalid_on_claim = false;
    let (t, version, show) = (p.t, p.version, Some(p.t.sp(super::tables::Name::Hac06Show)));
    for i in 0..p.sdx.len() {
        for h in 0..p.sdx[i].hacs.len() {
            let d = &p.sdx[i];
            let status = if matches!(d.poa, b'Y' | b'W') {
                HacStatus::NotMet
            } else if d.excluded {
                HacStatus::Excluded
            } else {
                invalid_on_claim |= invalid(d.poa);
                let number = d.hacs[h].number;
                let holds = at(t.hac_formulas.get(&number), version)
                    .is_some_and(|fs| fs.iter().any(|f| f.holds(&p.mask, 0, Severity::None)));
                if holds {
                    hac6_off_show_list |= number == 6 && !d.on_show_list;
                    met.push((number, i));
                    HacStatus::Met
                } else {
                    HacStatus::NotMet
                }
            };
            p.sdx[i].hacs[h].status = status;
        }
    }
    if !hac6_off_show_list {
        for d in p.sdx.iter_mut() {
            for h in d.hacs.iter_mut().filter(|h| Some(h.list) == show) {
                h.status = HacStatus::NotMet;
            }
        }
    }
    let any_invalid = met.iter().any(|(n, i)| {
        let bad = invalid(p.sdx[*i].poa);
        if *n == 6 {
            hac6_off_show_list && bad
        } else {
            bad || invalid_on_claim
        }
    });
    any_invalid.then_some(ReturnCode::HacPoaMissing)
}
