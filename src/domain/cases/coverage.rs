//! How far the public library covers what the job needs (issue 26 item 5): counts of cases by
//! CPC section and CCS/billing domain (skill tags), setting, difficulty and tier, the inpatient
//! stays with ICD-10-PCS procedures and the denial scenarios, each beside the floor the issue
//! sets (a case counts in every row it fits) and the shortfall. Pure: the caller reads the files.

use super::scenario::ScenarioKind;
use super::{CaseDoc, Difficulty, SKILL_TAGS, Setting, Tier};
use std::collections::BTreeSet;

/// The library the issue asks for, and the share of it that is REAL_WORLD (percent).
pub const LIBRARY_FLOOR: usize = 300;
pub const REAL_WORLD_PERCENT: usize = 30;

/// Floors by skill tag (issue 26, "What to build" 1); tags not listed have none.
const TAG_FLOORS: &[(&str, usize)] = &[
    ("CPC:EM", 40),
    ("CPC:ANESTHESIA", 12),
    ("CPC:SURGERY_10000", 12),
    ("CPC:SURGERY_20000", 12),
    ("CPC:SURGERY_30000", 12),
    ("CPC:SURGERY_40000", 12),
    ("CPC:SURGERY_50000", 12),
    ("CPC:SURGERY_60000", 12),
    ("CPC:RADIOLOGY", 20),
    ("CPC:PATHOLOGY_LAB", 20),
    ("CPC:MEDICINE", 20),
    ("CPC:HCPCS", 15),
];

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// SECTION, SETTING, DIFFICULTY, TIER or LIBRARY.
    pub group: &'static str,
    pub name: String,
    pub count: usize,
    pub floor: Option<usize>,
}

impl Row {
    /// How many cases the row lacks to reach its floor (0 when it has none or meets it).
    pub fn shortfall(&self) -> usize {
        self.floor.map_or(0, |f| f.saturating_sub(self.count))
    }
}

fn row(group: &'static str, name: impl Into<String>, count: usize, floor: Option<usize>) -> Row {
    Row {
        group,
        name: name.into(),
        count,
        floor,
    }
}

/// The report's rows for these cases, in a fixed order.
pub fn rows(cases: &[&CaseDoc]) -> Vec<Row> {
    let total = cases.len();
    let count = |f: &dyn Fn(&CaseDoc) -> bool| cases.iter().filter(|c| f(c)).count();
    let mut out = vec![row("LIBRARY", "all cases", total, Some(LIBRARY_FLOOR))];
    for tag in SKILL_TAGS {
        let floor = TAG_FLOORS.iter().find(|(t, _)| t == tag).map(|&(_, f)| f);
        let n = count(&|c| c.skill_tags.iter().any(|t| t == tag));
        out.push(row("SECTION", *tag, n, floor));
    }
    for s in [
        Setting::Office,
        Setting::Ed,
        Setting::OutpatientHospital,
        Setting::Asc,
        Setting::Inpatient,
        Setting::Other,
        Setting::RiskAdjustment,
    ] {
        // Floors: issue #26 (inpatient) and issue #22 (15 chart-review cases).
        let floor = match s {
            Setting::Inpatient => Some(60),
            Setting::RiskAdjustment => Some(15),
            _ => None,
        };
        out.push(row(
            "SETTING",
            s.as_str(),
            count(&|c| c.setting == s),
            floor,
        ));
    }
    out.push(row(
        "SETTING",
        "INPATIENT with ICD-10-PCS procedures",
        count(&|c| c.setting == Setting::Inpatient && !c.key.pcs.is_empty()),
        Some(30),
    ));
    out.push(row(
        "SETTING",
        "ED and OUTPATIENT_HOSPITAL",
        count(&|c| matches!(c.setting, Setting::Ed | Setting::OutpatientHospital)),
        Some(15),
    ));
    for d in [
        Difficulty::Beginner,
        Difficulty::Intermediate,
        Difficulty::Advanced,
    ] {
        out.push(row(
            "DIFFICULTY",
            d.as_str(),
            count(&|c| c.difficulty == d),
            None,
        ));
    }
    let real_world_floor = (total.max(LIBRARY_FLOOR) * REAL_WORLD_PERCENT).div_ceil(100);
    for t in [Tier::Textbook, Tier::Clinic, Tier::RealWorld] {
        let floor = (t == Tier::RealWorld).then_some(real_world_floor);
        out.push(row(
            "TIER",
            t.as_str(),
            count(&|c| c.tier == Some(t)),
            floor,
        ));
    }
    out.push(row(
        "TIER",
        "none stated",
        count(&|c| c.tier.is_none()),
        None,
    ));
    out.push(row(
        "BILLING",
        "denial scenarios",
        count(&|c| c.scenario.is_some()),
        Some(40),
    ));
    let kinds: BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c.scenario.as_ref().map(|s| s.kind.as_str()))
        .collect();
    out.push(row(
        "BILLING",
        "denial scenario kinds covered",
        kinds.len(),
        Some(ScenarioKind::ALL.len()),
    ));
    out
}

/// The rows as a Markdown table (the README shows it).
pub fn markdown(rows: &[Row]) -> String {
    let mut out =
        String::from("| group | row | cases | floor | short |\n|---|---|---:|---:|---:|\n");
    for r in rows {
        let floor = r.floor.map_or("".to_owned(), |f| f.to_string());
        let short = match (r.floor, r.shortfall()) {
            (None, _) => String::new(),
            (Some(_), 0) => "0".to_owned(),
            (Some(_), n) => format!("**{n}**"),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {floor} | {short} |\n",
            r.group, r.name, r.count
        ));
    }
    out
}

#[cfg(test)]
#[path = "coverage_tests.rs"]
mod tests;
