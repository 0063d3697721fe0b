//! A claim prepared for grouping: each code looked up for the grouper version, procedure
//! combinations recognised, CC exclusions and death exclusions marked, and the attribute set
//! (`Mask`) built — the steps before any formula is tried.

use super::formula::Prefix;
use super::mask::{Mask, MaskBuilder, Source};
use super::tables::{Key, Name, Scheme, Tables, at, key};
use super::{DrgClaim, Severity};

pub const DIED: u8 = 20;
const TRANSFERS: [u8; 6] = [2, 5, 66, 82, 85, 94];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HacStatus {
    NotOnList,
    Met,
    NotMet,
    Excluded,
}

#[derive(Debug, Clone)]
pub struct Hac {
    pub number: u8,
    pub list: u16,
    pub status: HacStatus,
}

#[derive(Debug)]
pub struct Dx<'t> {
    pub code: String,
    pub key: Option<Key>,
    pub poa: u8,
    pub scheme: Option<&'t Scheme>,
    pub excluded: bool,
    pub death_excluded: bool,
    pub on_show_list: bool,
    pub hacs: Vec<Hac>,
}

impl Dx<'_> {
    pub fn severity(&self) -> Severity {
        self.scheme.map_or(Severity::None, |s| s.severity)
    }

    pub fn attributes(&self) -> &[u16] {
        self.scheme.map_or(&[], |s| s.attributes.as_slice())
    }

    pub fn has(&self, attr: Option<u16>) -> bool {
        attr.is_some_and(|a| self.attributes().contains(&a))
    }

    pub fn hac_met(&self) -> bool {
        self.hacs.iter().any(|h| h.status == HacStatus::Met)
    }
}

#[derive(Debug)]
pub struct Proc<'t> {
    pub code: String,
    pub key: Option<Key>,
    pub attrs: &'t [u16],
    pub suppress: u32,
}

/// A procedure combination the claim satisfies, and the claim procedures that formed it.
#[derive(Debug)]
pub struct Combination<'t> {
    pub attrs: &'t [u16],
    pub members: Vec<usize>,
}

pub struct Prepared<'t> {
    pub t: &'t Tables,
    pub version: u16,
    pub pdx: Dx<'t>,
    pub pdx_mdc: Option<u8>,
    pub sex_conflict: bool,
    pub sdx: Vec<Dx<'t>>,
    pub procs: Vec<Proc<'t>>,
    pub combos: Vec<Combination<'t>>,
    pub status: u8,
    pub mask: Mask,
}

fn dx<'t>(t: &'t Tables, version: u16, code: &str, poa: Option<char>) -> Dx<'t> {
    let k = key(code);
    let scheme = k
        .and_then(|k| at(t.dx.get(&k), version))
        .and_then(|s| t.schemes.get(*s as usize));
    let mut d = Dx {
        code: code.to_owned(),
        key: k,
        poa: poa.map_or(b' ', |c| c.to_ascii_uppercase() as u8),
        scheme,
        excluded: false,
        death_excluded: false,
        on_show_list: false,
        hacs: Vec::new(),
    };
    if let Some(s) = scheme {
        for a in &s.hac {
            if let Some(n) = t.info[*a as usize].hac {
                d.hacs.push(Hac {
                    number: n,
                    list: *a,
                    status: HacStatus::NotOnList,
                });
            }
        }
        d.on_show_list = d.has(Some(t.sp(Name::Hac06Show)));
    }
    d
}

fn pcs_attrs(t: &Tables, version: u16, k: Option<Key>) -> &[u16] {
    k.and_then(|k| at(t.pcs.get(&k), version))
        .and_then(|p| t.pcs_patterns.get(*p as usize))
        .map_or(&[], Vec::as_slice)
}

pub fn prepare<'t>(t: &'t Tables, version: u16, claim: &DrgClaim) -> Prepared<'t> {
    let pdx = dx(t, version, &claim.principal.code, claim.principal.poa);
    let mut sdx: Vec<Dx<'t>> = claim
        .secondary
        .iter()
        .map(|d| dx(t, version, &d.code, d.poa))
        .collect();
    let mut procs: Vec<Proc> = claim
        .procedures
        .iter()
        .map(|p| Proc {
            code: p.clone(),
            key: key(p),
            attrs: &[],
            suppress: 0,
        })
        .collect();

    // Procedure combinations (clusters), in the claim's order of procedures.
    let mut candidates: Vec<Key> = procs
        .iter()
        .filter_map(|p| p.key.and_then(|k| at(t.cluster_members.get(&k), version)))
        .flatten()
        .copied()
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut combos = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    for name in candidates {
        let Some(cluster) = at(t.clusters.get(&name), version) else {
            continue;
        };
        let all = (1u64 << cluster.choices.len().min(63)) - 1;
        let mut covered = 0u64;
        members.clear();
        for (i, p) in procs.iter().enumerate() {
            let Some(k) = p.key else { continue };
            if let Some(c) = cluster.choices.iter().rposition(|codes| codes.contains(&k)) {
                covered |= 1 << c.min(63);
                members.push(i);
            }
            if covered == all {
                let chosen: Vec<Key> = members.iter().filter_map(|m| procs[*m].key).collect();
                for q in procs.iter_mut() {
                    if q.key.is_some_and(|k| chosen.contains(&k)) {
                        q.suppress |= cluster.suppress;
                    }
                }
                combos.push(Combination {
                    attrs: pcs_attrs(t, version, Some(name)),
                    members: members.clone(),
                });
                break;
            }
        }
    }
    for p in procs.iter_mut() {
        p.attrs = pcs_attrs(t, version, p.key);
    }

    // Secondary diagnoses excluded as CC/MCC by the principal diagnosis, or by death.
    let group = pdx
        .key
        .and_then(|k| at(t.cc_exclusion.get(&k), version))
        .and_then(|g| t.exclusion_groups.get(g));
    let status = claim.discharge_status;
    let mccalive = [Some(t.sp(Name::Mccalive)), Some(t.sp(Name::MccaliveUpper))];
    for d in sdx.iter_mut() {
        if let (Some(g), Some(k)) = (group, d.key) {
            d.excluded = g.binary_search(&k).is_ok();
        }
        d.death_excluded = status == DIED && mccalive.iter().any(|a| d.has(*a));
    }

    // The principal diagnosis's MDC, which for a few codes depends on the patient's sex.
    let mut pdx_mdc = pdx.scheme.map(|s| s.mdc);
    let mut sex_conflict = false;
    if let (Some(_), Some(k)) = (pdx.scheme, pdx.key)
        && let Some((male, female)) = at(t.sex_mdcs.get(&k), version)
    {
        let by_sex = match claim.sex {
            super::Sex::Male => *male,
            super::Sex::Female => *female,
            super::Sex::Unknown => -1,
        };
        if by_sex >= 0 {
            pdx_mdc = Some(by_sex as u8);
        } else {
            sex_conflict = true;
        }
    }

    let mut p = Prepared {
        t,
        version,
        pdx,
        pdx_mdc,
        sex_conflict,
        sdx,
        procs,
        combos,
        status,
        mask: Mask::default(),
    };
    p.mask = build_mask(&p, claim.sex == super::Sex::Unknown);
    p
}

fn build_mask(p: &Prepared, sex_unknown: bool) -> Mask {
    let t = p.t;
    let id = |name: Name| Some(t.sp(name));
    let mut m = MaskBuilder::default();
    let mut vessels = 0u32;
    let mut bilateral = 0u8;
    let mut count = |a: u16, times: u32| {
        let info = t.info[a as usize];
        vessels += info.vessels as u32 * times;
        if let Some(b) = info.bilateral_bit {
            bilateral |= 1 << b;
        }
    };
    for (i, d) in p.sdx.iter().enumerate() {
        if let Some(s) = d.scheme {
            for a in s.attributes.iter().chain(&s.dx_cat).chain(&s.hac) {
                m.add(Prefix::Sdx, *a, 0, Source::Sdx(i));
                count(*a, 1);
            }
        }
    }
    let (orproc, d477, d468) = (id(Name::Orproc), id(Name::D477), id(Name::D468));
    let (nor_drug, nor_plain) = (id(Name::NorDrugStent), id(Name::NorStent));
    let (mut eluting, mut bare, mut fusions) = (0u32, 0u32, [0u32; 6]);
    let fusion_names = [
        Name::SglAntFuse,
        Name::SglPostFuse1,
        Name::SglAntSectXFuse,
        Name::SglPostFuse,
    ]
    .map(id);
    for (i, pr) in p.procs.iter().enumerate() {
        let mut weight = 0u32;
        let (mut drug, mut plain) = (false, false);
        for a in pr.attrs {
            m.add(Prefix::Any, *a, pr.suppress, Source::Procedure(i));
            count(*a, 1);
            let info = t.info[*a as usize];
            if info.stent > 0 {
                weight = info.stent as u32;
            }
            drug |= Some(*a) == nor_drug;
            plain |= Some(*a) == nor_plain;
            let f = |n: usize| fusion_names[n] == Some(*a);
            if f(0) || f(1) {
                fusions[0] += 1; // single fusions
                fusions[if f(0) { 4 } else { 5 }] += 1;
            }
            fusions[1] += f(2) as u32;
            fusions[2] += f(3) as u32;
            fusions[3] += (f(0) || f(3)) as u32;
        }
        if let (Some(o), true) = (
            orproc,
            pr.attrs
                .iter()
                .any(|a| Some(*a) == d477 || Some(*a) == d468),
        ) {
            m.add(Prefix::Any, o, pr.suppress, Source::Procedure(i));
        }
        eluting += if drug { weight } else { 0 };
        bare += if plain { weight } else { 0 };
    }
    for (i, c) in p.combos.iter().enumerate() {
        for a in c.attrs {
            m.add(Prefix::Any, *a, 0, Source::Cluster(i));
            count(*a, 1);
        }
        if let (Some(o), true) = (
            orproc,
            c.attrs.iter().any(|a| Some(*a) == d477 || Some(*a) == d468),
        ) {
            m.add(Prefix::Any, o, 0, Source::Cluster(i));
        }
    }
    let claim_attr = |m: &mut MaskBuilder, name: Name, prefix: Prefix, source: Source| {
        if let Some(a) = id(name) {
            m.add(prefix, a, 0, source);
        }
    };
    if let Some(s) = p.pdx.scheme {
        for a in s.attributes.iter().chain(&s.hac).chain(&s.dx_cat) {
            m.add(Prefix::Pdx, *a, 0, Source::Pdx);
            count(*a, 2);
        }
    } else {
        claim_attr(&mut m, Name::InvalidPdx, Prefix::Pdx, Source::Pdx);
    }
    if p.pdx
        .key
        .is_some_and(|k| matches!(k[0], b'V' | b'W' | b'X' | b'Y'))
    {
        claim_attr(&mut m, Name::PdxEcode, Prefix::Pdx, Source::Pdx);
    }
    let incident = id(Name::Incident);
    if p.pdx.has(incident)
        && p.sdx
            .iter()
            .filter(|d| d.scheme.is_some())
            .all(|d| d.has(incident))
    {
        claim_attr(&mut m, Name::Incident, Prefix::Only, Source::Pdx);
    }
    if sex_unknown && p.sex_conflict {
        claim_attr(&mut m, Name::InvalidSex, Prefix::Any, Source::Pdx);
    }
    if p.pdx_mdc == Some(20) {
        claim_attr(&mut m, Name::Mdc20FallThru, Prefix::Any, Source::Pdx);
    }
    if p.status != DIED {
        claim_attr(&mut m, Name::Alive, Prefix::Any, Source::Claim);
    }
    match p.status {
        7 => claim_attr(&mut m, Name::Ama, Prefix::Any, Source::Claim),
        DIED => claim_attr(&mut m, Name::Died, Prefix::Any, Source::Claim),
        _ => {}
    }
    if TRANSFERS.contains(&p.status) {
        claim_attr(&mut m, Name::Xfrnba, Prefix::Any, Source::Claim);
    }
    claim_attr(&mut m, Name::AnyDx, Prefix::Any, Source::Claim);
    let traumas = std::iter::once(&p.pdx)
        .chain(&p.sdx)
        .flat_map(|d| d.attributes())
        .filter_map(|a| t.info[*a as usize].trauma_bit)
        .fold(0u8, |acc, b| acc | 1 << b);
    let derived = [
        (Name::Multst, traumas.count_ones() >= 2),
        (Name::Bilateral, bilateral.count_ones() > 1),
        (Name::FourBare, bare >= 4),
        (Name::FourDrug, eluting >= 4),
        (Name::FourVessels, vessels >= 4),
        (Name::FourStents, eluting + bare >= 4),
        (Name::Multfuse, fusions[0] > 1),
        (Name::SglAntSectXCtr, fusions[1] > 1),
        (Name::SglPostFuseCtr, fusions[2] > 1),
        (Name::SingleFusionCtr, fusions[3] >= 3),
        (Name::SglAntCtr, fusions[4] >= 2),
        (Name::SglPost1Ctr, fusions[5] >= 2),
    ];
    for (name, holds) in derived {
        if holds {
            claim_attr(&mut m, name, Prefix::Any, Source::Claim);
        }
    }
    m.finish(t.names.len())
}
