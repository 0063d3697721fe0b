//! The CMS-HCC V28 tables of `seed/codesets/hcc/` (tabulated from the hccpy wheel by
//! `seed/codesets/hcc/extract_hcc.py`), compiled into the binary and read once.

use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;

macro_rules! data {
    ($f:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seed/codesets/hcc/",
            $f
        ))
    };
}

/// A mandatory age/sex edit of CMS's V28I0ED1 macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditCondition {
    /// The member is female (`SEX="2"`).
    Female,
    /// Age below the bound.
    AgeUnder(u8),
    /// Age at or above the bound.
    AgeAtLeast(u8),
}

#[derive(Debug)]
pub struct Edit {
    pub condition: EditCondition,
    /// The HCC the code maps to instead; `None` = no HCC.
    pub hcc: Option<u16>,
}

#[derive(Debug)]
pub struct Tables {
    /// ICD-10-CM (undotted) -> HCCs, in table order.
    pub dx: HashMap<String, Vec<u16>>,
    pub labels: HashMap<u16, String>,
    /// (HCC, the HCCs it drops), in CMS's order of application.
    pub hierarchy: Vec<(u16, Vec<u16>)>,
    pub edits: HashMap<String, Edit>,
    /// CMS variable name (`CNA_HCC17`, `INS_F65_69`, …) -> factor in thousandths.
    pub factors: HashMap<String, i64>,
    /// The variable names in table order (the age/sex cells are searched in it).
    pub variables: Vec<String>,
}

fn text(bytes: &[u8], gz: bool) -> Result<String, String> {
    let mut s = String::new();
    if gz {
        GzDecoder::new(bytes)
            .read_to_string(&mut s)
            .map_err(|e| e.to_string())?;
    } else {
        s = String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())?;
    }
    Ok(s)
}

fn rows(s: &str) -> impl Iterator<Item = Vec<&str>> {
    s.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))
}

fn col<'a>(r: &[&'a str], n: usize) -> Result<&'a str, String> {
    r.get(n)
        .copied()
        .ok_or_else(|| format!("row {r:?} has no column {n}"))
}

/// "0.330" -> 330 (the tables carry three decimals; the extraction script checks it).
fn thousandths(s: &str) -> Result<i64, String> {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    if frac.len() > 3 {
        return Err(format!("'{s}' has more than three decimals"));
    }
    let v = num::<i64>(whole)? * 1000 + num::<i64>(&format!("{frac:0<3}"))?;
    Ok(if neg { -v } else { v })
}

impl Tables {
    pub fn load() -> Result<Tables, String> {
        let mut dx: HashMap<String, Vec<u16>> = HashMap::new();
        for r in rows(&text(data!("dx_hcc_v28.tsv.gz"), true)?) {
            dx.entry(col(&r, 0)?.to_owned())
                .or_default()
                .push(num(col(&r, 1)?)?);
        }
        let mut labels = HashMap::new();
        for r in rows(&text(data!("labels_v28.tsv"), false)?) {
            labels.insert(num(col(&r, 0)?)?, col(&r, 1)?.to_owned());
        }
        let mut hierarchy = Vec::new();
        for r in rows(&text(data!("hierarchy_v28.tsv"), false)?) {
            let drops = col(&r, 2)?
                .split(' ')
                .filter(|x| !x.is_empty())
                .map(num)
                .collect::<Result<Vec<u16>, _>>()?;
            hierarchy.push((num(col(&r, 1)?)?, drops));
        }
        let mut edits = HashMap::new();
        for r in rows(&text(data!("age_sex_edits_v28.tsv"), false)?) {
            let c = col(&r, 1)?;
            let condition = if c == "SEX_FEMALE" {
                EditCondition::Female
            } else if let Some(a) = c.strip_prefix("AGE_UNDER_") {
                EditCondition::AgeUnder(num(a)?)
            } else if let Some(a) = c.strip_prefix("AGE_AT_LEAST_") {
                EditCondition::AgeAtLeast(num(a)?)
            } else {
                return Err(format!("unknown edit condition '{c}'"));
            };
            let hcc = match col(&r, 2)? {
                "-" => None,
                h => Some(num(h)?),
            };
            edits.insert(col(&r, 0)?.to_owned(), Edit { condition, hcc });
        }
        let mut factors = HashMap::new();
        let mut variables = Vec::new();
        for r in rows(&text(data!("factors_v28.tsv"), false)?) {
            let name = col(&r, 0)?.to_owned();
            factors.insert(name.clone(), thousandths(col(&r, 1)?)?);
            variables.push(name);
        }
        Ok(Tables {
            dx,
            labels,
            hierarchy,
            edits,
            factors,
            variables,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousandths_parse_the_table_format() {
        assert_eq!(thousandths("0.330").unwrap(), 330);
        assert_eq!(thousandths("4.209").unwrap(), 4209);
        assert_eq!(thousandths("0").unwrap(), 0);
        assert_eq!(thousandths("-0.05").unwrap(), -50);
        assert!(thousandths("0.1234").is_err());
    }

    #[test]
    fn the_tables_load_with_the_counts_of_the_readme() {
        let t = Tables::load().unwrap();
        assert_eq!(t.dx.values().map(Vec::len).sum::<usize>(), 8046);
        assert_eq!(t.dx.len(), 7770);
        assert_eq!(t.labels.len(), 115);
        assert_eq!(t.hierarchy.len(), 60);
        assert_eq!(t.edits.len(), 102);
        assert_eq!(t.factors.len(), 1271);
    }
}
