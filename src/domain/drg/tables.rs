//! The MS-DRG definitions, read once from the gzipped TSV files of `seed/codesets/msdrg/`
//! (compiled into the binary) into lookup tables keyed by code and grouper version.

use super::formula::{self, Expr};
use super::{DrgType, Severity};
use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;

/// A code in its grouper form: upper case, no dot, NUL-padded to 8 bytes.
pub type Key = [u8; 8];

pub fn key(code: &str) -> Option<Key> {
    let mut out = [0u8; 8];
    let mut n = 0;
    for b in code
        .bytes()
        .filter(|b| *b != b'.' && !b.is_ascii_whitespace())
    {
        if n == 8 || !(b.is_ascii_alphanumeric() || b == b'@') {
            return None;
        }
        out[n] = b.to_ascii_uppercase();
        n += 1;
    }
    (n > 0).then_some(out)
}

/// A fast hash for the 8-byte code keys (FxHash's mixing step); the tables are fixed data.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A map keyed by code.
pub type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;

/// A value valid for the grouper versions `from..=to` (430 = v43.0, 431 = v43.1, 440 = v44.0).
#[derive(Debug)]
pub struct Ranged<T> {
    pub from: u16,
    pub to: u16,
    pub value: T,
}

pub fn at<T>(rows: Option<&Vec<Ranged<T>>>, version: u16) -> Option<&T> {
    rows?
        .iter()
        .find(|r| r.from <= version && version <= r.to)
        .map(|r| &r.value)
}

/// What a diagnosis brings to grouping: its MDC, CC/MCC level and attribute lists.
#[derive(Debug)]
pub struct Scheme {
    pub mdc: u8,
    pub severity: Severity,
    pub attributes: Vec<u16>,
    pub dx_cat: Vec<u16>,
    pub hac: Vec<u16>,
}

#[derive(Debug)]
pub struct Cluster {
    /// Bit n set: the member procedures' attributes do not count in MDC n.
    pub suppress: u32,
    pub choices: Vec<Vec<Key>>,
}

#[derive(Debug)]
pub struct Formula {
    pub drg: u16,
    pub kind: DrgType,
    pub reroute: u8,
    /// Secondary diagnoses carrying one of these attributes do not count as CC/MCC here.
    pub suppressed: Vec<u16>,
    pub text: String,
    pub expr: Expr,
}

/// Facts about an attribute name that the claim-level counters need.
#[derive(Debug, Default, Clone, Copy)]
pub struct AttrInfo {
    pub vessels: u8,
    pub stent: u8,
    pub bilateral_bit: Option<u8>,
    pub trauma_bit: Option<u8>,
    pub hac: Option<u8>,
}

/// Attribute names the grouper itself looks at (interned once, looked up by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Hac06Show,
    Mccalive,
    MccaliveUpper,
    Ecode,
    Orproc,
    D477,
    D468,
    NorDrugStent,
    NorStent,
    SglAntFuse,
    SglPostFuse1,
    SglAntSectXFuse,
    SglPostFuse,
    Incident,
    InvalidPdx,
    PdxEcode,
    InvalidSex,
    Mdc20FallThru,
    Alive,
    Ama,
    Died,
    Xfrnba,
    AnyDx,
    Multst,
    Bilateral,
    FourBare,
    FourDrug,
    FourVessels,
    FourStents,
    Multfuse,
    SglAntSectXCtr,
    SglPostFuseCtr,
    SingleFusionCtr,
    SglAntCtr,
    SglPost1Ctr,
}

const NAMES: [&str; 35] = [
    "hac06_show",
    "mccalive",
    "MCCALIVE",
    "ecode",
    "ORPROC",
    "d477",
    "d468",
    "NORdrugstent",
    "NORstent",
    "sglantfuse",
    "sglpostfuse1",
    "sglantsectXfuse",
    "sglpostfuse",
    "incident",
    "INVALID_PDX",
    "PDX_ECODE",
    "INVALID_SEX",
    "MDC_20_FALL_THRU",
    "ALIVE",
    "AMA",
    "DIED",
    "XFRNBA",
    "ANYDX",
    "MULTST",
    "BILATERAL",
    "FOUR_NON_DRUG_ELUTING_STENTS",
    "FOUR_DRUG_ELUTING_STENTS",
    "FOUR_VESSELS",
    "FOUR_STENTS",
    "MULTFUSE",
    "SGLANTSECTXCTR",
    "SGLPOSTFUSECTR",
    "SINGLEFUSIONCTR",
    "SGLANTCTR",
    "SGLPOST1CTR",
];

pub struct Tables {
    pub special: Vec<u16>,
    pub names: Vec<String>,
    ids: HashMap<String, u16>,
    pub info: Vec<AttrInfo>,
    pub schemes: Vec<Scheme>,
    pub dx: KeyMap<Vec<Ranged<u32>>>,
    pub cc_exclusion: KeyMap<Vec<Ranged<u32>>>,
    pub exclusion_groups: HashMap<u32, Vec<Key>>,
    pub pcs_patterns: Vec<Vec<u16>>,
    pub pcs: KeyMap<Vec<Ranged<u32>>>,
    pub clusters: KeyMap<Vec<Ranged<Cluster>>>,
    pub cluster_members: KeyMap<Vec<Ranged<Vec<Key>>>>,
    pub sex_mdcs: KeyMap<Vec<Ranged<(i8, i8)>>>,
    pub formulas: HashMap<u8, Vec<Ranged<Vec<Formula>>>>,
    pub hac_formulas: HashMap<u8, Vec<Ranged<Vec<Expr>>>>,
    pub hac_titles: HashMap<u8, Vec<Ranged<String>>>,
}

const BILATERAL: [&str; 6] = [
    "righthip",
    "lefthip",
    "leftknee",
    "rightknee",
    "leftankle",
    "rightankle",
];
const TRAUMA: [&str; 8] = [
    "sthead", "stchest", "stabdom", "stkidney", "sturin", "stpel", "stuplimb", "stlolimb",
];

macro_rules! data {
    ($f:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seed/codesets/msdrg/",
            $f
        ))
    };
}

/// Rows of a gzipped TSV file, header skipped.
fn rows(gz: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let mut text = String::new();
    GzDecoder::new(gz)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect())
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("'{s}' is not a number"))
}

fn code(s: &str) -> Result<Key, String> {
    key(s).ok_or_else(|| format!("'{s}' is not a code"))
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(' ').filter(|x| !x.is_empty() && *x != "-")
}

fn ranged<T>(r: &[String], from: usize, value: T) -> Result<Ranged<T>, String> {
    Ok(Ranged {
        from: num(&r[from])?,
        to: num(&r[from + 1])?,
        value,
    })
}

fn field(r: &[String], n: usize) -> Result<&str, String> {
    r.get(n)
        .map(String::as_str)
        .ok_or_else(|| format!("row too short: {r:?}"))
}

impl Tables {
    pub fn intern(&mut self, name: &str) -> u16 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as u16;
        let digit = |prefix: &str| {
            name.strip_prefix(prefix)
                .and_then(|rest| rest.bytes().last())
                .filter(u8::is_ascii_digit)
                .map(|d| d - b'0')
                .unwrap_or(0)
        };
        let stent = digit("stent");
        let hac = name
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("hac"))
            .and_then(|_| {
                let digits: String = name[3..].chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            });
        self.info.push(AttrInfo {
            vessels: digit("vessel"),
            stent: if (1..=4).contains(&stent) { stent } else { 0 },
            bilateral_bit: BILATERAL.iter().position(|b| *b == name).map(|p| p as u8),
            trauma_bit: TRAUMA.iter().position(|b| *b == name).map(|p| p as u8),
            hac,
        });
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
    }

    /// The id of an attribute the grouper itself looks at.
    pub fn sp(&self, name: Name) -> u16 {
        self.special[name as usize]
    }

    fn intern_list(&mut self, s: &str) -> Vec<u16> {
        list(s).map(|a| self.intern(a)).collect()
    }

    pub fn load() -> Result<Tables, String> {
        let mut t = Tables {
            special: Vec::new(),
            names: Vec::new(),
            ids: HashMap::new(),
            info: Vec::new(),
            schemes: Vec::new(),
            dx: KeyMap::default(),
            cc_exclusion: KeyMap::default(),
            exclusion_groups: HashMap::new(),
            pcs_patterns: Vec::new(),
            pcs: KeyMap::default(),
            clusters: KeyMap::default(),
            cluster_members: KeyMap::default(),
            sex_mdcs: KeyMap::default(),
            formulas: HashMap::new(),
            hac_formulas: HashMap::new(),
            hac_titles: HashMap::new(),
        };
        t.special = NAMES.iter().map(|n| t.intern(n)).collect();
        let mut scheme_index = HashMap::new();
        for r in rows(data!("dx_schemes.tsv.gz"))? {
            let severity = match field(&r, 2)? {
                s if s.starts_with("MCC") => Severity::Mcc,
                s if s.starts_with("CC") => Severity::Cc,
                _ => Severity::None,
            };
            let scheme = Scheme {
                mdc: num(field(&r, 1)?)?,
                severity,
                attributes: t.intern_list(field(&r, 3)?),
                dx_cat: t.intern_list(field(&r, 4)?),
                hac: t.intern_list(field(&r, 5)?),
            };
            scheme_index.insert(num::<u32>(&r[0])?, t.schemes.len() as u32);
            t.schemes.push(scheme);
        }
        for r in rows(data!("dx.tsv.gz"))? {
            let s = *scheme_index
                .get(&num(field(&r, 3)?)?)
                .ok_or("unknown scheme")?;
            t.dx.entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, s)?);
        }
        for r in rows(data!("cc_exclusions.tsv.gz"))? {
            let g = num(field(&r, 3)?)?;
            t.cc_exclusion
                .entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, g)?);
        }
        for r in rows(data!("cc_exclusion_groups.tsv.gz"))? {
            let mut codes = list(field(&r, 1)?)
                .map(code)
                .collect::<Result<Vec<_>, _>>()?;
            codes.sort_unstable();
            t.exclusion_groups.insert(num(&r[0])?, codes);
        }
        let mut pattern_index = HashMap::new();
        for r in rows(data!("pcs_patterns.tsv.gz"))? {
            let attrs = t.intern_list(field(&r, 1)?);
            pattern_index.insert(num::<u32>(&r[0])?, t.pcs_patterns.len() as u32);
            t.pcs_patterns.push(attrs);
        }
        for r in rows(data!("pcs.tsv.gz"))? {
            let p = *pattern_index
                .get(&num(field(&r, 3)?)?)
                .ok_or("unknown pattern")?;
            t.pcs
                .entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, p)?);
        }
        for r in rows(data!("clusters.tsv.gz"))? {
            let suppress = list(field(&r, 3)?)
                .map(num::<u32>)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|m| *m < 32)
                .fold(0u32, |acc, m| acc | 1 << m);
            let choices = field(&r, 4)?
                .split(" | ")
                .map(|c| list(c).map(code).collect::<Result<Vec<_>, _>>())
                .collect::<Result<Vec<_>, _>>()?;
            let cluster = Cluster { suppress, choices };
            t.clusters
                .entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, cluster)?);
        }
        for r in rows(data!("cluster_members.tsv.gz"))? {
            let names = list(field(&r, 3)?)
                .map(code)
                .collect::<Result<Vec<_>, _>>()?;
            t.cluster_members
                .entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, names)?);
        }
        for r in rows(data!("sex_mdcs.tsv.gz"))? {
            let m = (num(field(&r, 3)?)?, num(field(&r, 4)?)?);
            t.sex_mdcs
                .entry(code(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, m)?);
        }
        for r in rows(data!("formulas.tsv.gz"))? {
            let mdc: u8 = num(field(&r, 2)?)?;
            let (from, to) = (num(&r[0])?, num(&r[1])?);
            let text = field(&r, 10)?.to_owned();
            let f = Formula {
                drg: num(field(&r, 6)?)?,
                kind: match field(&r, 7)? {
                    "SURGICAL" => DrgType::Surgical,
                    "MEDICAL" => DrgType::Medical,
                    _ => DrgType::Other,
                },
                reroute: num(field(&r, 8)?)?,
                suppressed: t.intern_list(field(&r, 9)?),
                expr: formula::parse(&text, &mut t)?,
                text,
            };
            let sets = t.formulas.entry(mdc).or_default();
            match sets.iter_mut().find(|s| s.from == from && s.to == to) {
                Some(set) => set.value.push(f),
                None => sets.push(Ranged {
                    from,
                    to,
                    value: vec![f],
                }),
            }
        }
        for r in rows(data!("hac_formulas.tsv.gz"))? {
            let hac: u8 = num(&r[0])?;
            let (from, to) = (num(field(&r, 1)?)?, num(field(&r, 2)?)?);
            let expr = formula::parse(field(&r, 4)?, &mut t)?;
            let sets = t.hac_formulas.entry(hac).or_default();
            match sets.iter_mut().find(|s| s.from == from && s.to == to) {
                Some(set) => set.value.push(expr),
                None => sets.push(Ranged {
                    from,
                    to,
                    value: vec![expr],
                }),
            }
        }
        for r in rows(data!("hac_titles.tsv.gz"))? {
            let title = field(&r, 3)?.to_owned();
            t.hac_titles
                .entry(num(&r[0])?)
                .or_default()
                .push(ranged(&r, 1, title)?);
        }
        Ok(t)
    }
}
