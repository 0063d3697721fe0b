//! Relative weights, geometric and arithmetic mean lengths of stay, and titles, by version.
//! v43: the FY2026 IPPS Table 5 (`seed/codesets/msdrg_v43_weights.tsv.gz`). v44: FY2027's
//! Table 5 is not available to this project, so `seed/codesets/msdrg/weights_v44.tsv.gz`
//! carries the FY2026 weight of each DRG v44 kept and a provisional mean of its predecessors
//! for each DRG v44 created — simulated figures, labelled so on every answer.

use super::Version;
use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

/// Where a weight comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightBasis {
    /// CMS FY2026 IPPS final rule, Table 5.
    Fy2026Table5,
    /// v44: the FY2026 Table 5 weight of the same DRG number, carried forward.
    Fy2026CarriedForward,
    /// v44: a DRG new in v44, weighted as the mean of the FY2026 DRGs it replaced.
    Provisional,
}

impl WeightBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            WeightBasis::Fy2026Table5 => "FY2026_TABLE_5",
            WeightBasis::Fy2026CarriedForward => "FY2026_CARRIED_FORWARD",
            WeightBasis::Provisional => "PROVISIONAL",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrgWeight {
    pub weight: f64,
    pub gmlos: f64,
    pub amlos: f64,
    pub basis: WeightBasis,
    pub note: String,
}

struct Reference {
    v43: HashMap<u16, DrgWeight>,
    v44: HashMap<u16, DrgWeight>,
    /// (drg, from, to, title)
    titles: HashMap<u16, Vec<(u16, u16, String)>>,
    mdc_titles: HashMap<u8, Vec<(u16, u16, String)>>,
}

fn rows(gz: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let mut text = String::new();
    GzDecoder::new(gz)
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().ok_or("empty file")?.split('\t').collect();
    let width = head.len();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let r: Vec<String> = l.split('\t').map(str::to_owned).collect();
            if r.len() == width {
                Ok(r)
            } else {
                Err(format!("row of {} fields: {l}", r.len()))
            }
        })
        .collect()
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))
}

fn load() -> Result<Reference, String> {
    let mut r = Reference {
        v43: HashMap::new(),
        v44: HashMap::new(),
        titles: HashMap::new(),
        mdc_titles: HashMap::new(),
    };
    // drg mdc type post_acute special_pay weight gmlos amlos title
    for row in rows(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seed/codesets/msdrg_v43_weights.tsv.gz"
    )))? {
        if row[5] == "." {
            continue; // 998 and 999 carry no weight
        }
        let w = DrgWeight {
            weight: num(&row[5])?,
            gmlos: num(&row[6])?,
            amlos: num(&row[7])?,
            basis: WeightBasis::Fy2026Table5,
            note: "CMS FY2026 IPPS final rule, Table 5".into(),
        };
        r.v43.insert(num(&row[0])?, w);
    }
    // drg weight gmlos amlos basis note
    for row in rows(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seed/codesets/msdrg/weights_v44.tsv.gz"
    )))? {
        let basis = match row[4].as_str() {
            "FY2026_CARRIED" => WeightBasis::Fy2026CarriedForward,
            "PROVISIONAL" => WeightBasis::Provisional,
            other => return Err(format!("unknown weight basis '{other}'")),
        };
        let w = DrgWeight {
            weight: num(&row[1])?,
            gmlos: num(&row[2])?,
            amlos: num(&row[3])?,
            basis,
            note: row[5].clone(),
        };
        r.v44.insert(num(&row[0])?, w);
    }
    // code version_start version_end title
    for row in rows(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seed/codesets/msdrg_titles.tsv.gz"
    )))? {
        r.titles.entry(num(&row[0])?).or_default().push((
            num(&row[1])?,
            num(&row[2])?,
            row[3].clone(),
        ));
    }
    for row in rows(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seed/codesets/mdc_titles.tsv.gz"
    )))? {
        r.mdc_titles.entry(num(&row[0])?).or_default().push((
            num(&row[1])?,
            num(&row[2])?,
            row[3].clone(),
        ));
    }
    Ok(r)
}

static REFERENCE: LazyLock<Result<Reference, String>> = LazyLock::new(load);

pub fn check() -> Result<(), String> {
    REFERENCE.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// The relative weight of a DRG under a version (none for 998/999 and unknown DRGs).
pub fn weight(version: Version, drg: u16) -> Option<DrgWeight> {
    let r = REFERENCE.as_ref().ok()?;
    match version {
        Version::V430 | Version::V431 => r.v43.get(&drg).cloned(),
        Version::V440 => r.v44.get(&drg).cloned(),
    }
}

fn pick(rows: Option<&Vec<(u16, u16, String)>>, version: Version) -> Option<String> {
    let v = version.number();
    rows?
        .iter()
        .find(|(from, to, _)| *from <= v && v <= *to)
        .map(|(_, _, t)| t.clone())
}

pub fn title(version: Version, drg: u16) -> Option<String> {
    pick(REFERENCE.as_ref().ok()?.titles.get(&drg), version)
}

pub fn mdc_title(version: Version, mdc: u8) -> Option<String> {
    pick(REFERENCE.as_ref().ok()?.mdc_titles.get(&mdc), version)
}
