//! The coverage rows count each case in every row it fits and give the shortfall to the floor.

use super::*;
use crate::domain::cases::CaseSetFile;

fn library() -> Vec<CaseDoc> {
    let mut out = Vec::new();
    for text in [
        include_str!("../../../seed/cases/cpc-surgery.json"),
        include_str!("../../../seed/cases/ccs-inpatient.json"),
    ] {
        let f: CaseSetFile = serde_json::from_str(text).unwrap();
        out.extend(f.cases);
    }
    out
}

fn get<'a>(rows: &'a [Row], name: &str) -> &'a Row {
    rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn a_case_counts_in_every_row_it_fits_and_shortfalls_are_to_the_floor() {
    let mut cases = library();
    cases.truncate(2);
    cases[0].skill_tags = vec!["CPC:EM".into(), "CPC:HCPCS".into()];
    cases[0].setting = Setting::Ed;
    cases[0].tier = Some(Tier::RealWorld);
    cases[0].difficulty = Difficulty::Advanced;
    cases[1].skill_tags = vec!["CPC:EM".into()];
    cases[1].setting = Setting::Inpatient;
    cases[1].key.pcs.clear();
    cases[1].tier = None;
    cases[1].difficulty = Difficulty::Beginner;
    let refs: Vec<&CaseDoc> = cases.iter().collect();
    let rows = rows(&refs);
    assert_eq!(get(&rows, "all cases").count, 2);
    assert_eq!(get(&rows, "all cases").shortfall(), 298);
    assert_eq!(
        (get(&rows, "CPC:EM").count, get(&rows, "CPC:EM").shortfall()),
        (2, 38)
    );
    assert_eq!(get(&rows, "CPC:HCPCS").count, 1);
    assert_eq!(get(&rows, "CPC:COMPLIANCE").floor, None);
    assert_eq!(get(&rows, "CPC:COMPLIANCE").shortfall(), 0);
    assert_eq!(get(&rows, "ED").count, 1);
    assert_eq!(get(&rows, "ED and OUTPATIENT_HOSPITAL").count, 1);
    assert_eq!(get(&rows, "INPATIENT").shortfall(), 59);
    assert_eq!(get(&rows, "INPATIENT with ICD-10-PCS procedures").count, 0);
    assert_eq!(get(&rows, "ADVANCED").count, 1);
    assert_eq!(get(&rows, "REAL_WORLD").count, 1);
    // 30 % of the 300-case floor while the library is smaller.
    assert_eq!(get(&rows, "REAL_WORLD").floor, Some(90));
    assert_eq!(get(&rows, "none stated").count, 1);
    let table = markdown(&rows);
    assert!(
        table.contains("| SECTION | CPC:EM | 2 | 40 | **38** |"),
        "{table}"
    );
    assert!(
        table.contains("| SECTION | CPC:COMPLIANCE | 0 |  |  |"),
        "{table}"
    );
}

#[test]
fn the_real_world_floor_grows_with_the_library_and_pcs_stays_are_counted() {
    let cases = library();
    let mut many: Vec<&CaseDoc> = Vec::new();
    while many.len() < 401 {
        many.extend(cases.iter());
    }
    many.truncate(401);
    let big = rows(&many);
    assert_eq!(get(&big, "all cases").shortfall(), 0);
    assert_eq!(get(&big, "REAL_WORLD").floor, Some(121));
    let pcs = cases
        .iter()
        .filter(|c| c.setting == Setting::Inpatient && !c.key.pcs.is_empty())
        .count();
    let refs: Vec<&CaseDoc> = cases.iter().collect();
    assert_eq!(
        get(&rows(&refs), "INPATIENT with ICD-10-PCS procedures").count,
        pcs
    );
    assert!(pcs > 0);
}
