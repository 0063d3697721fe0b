//! Rules for the public library (seed/cases/*.json) beyond each case's own validation: every
//! case states its realism tier (seed/cases/FORMAT.md "Tiers"). An organization's import may
//! leave the tier out.

use super::CaseSetFile;
use super::validate::Problem;

/// A problem for every case of a library file that states no tier, at `cases[i].tier`.
pub fn untiered(file: &CaseSetFile) -> Vec<Problem> {
    file.cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.tier.is_none())
        .map(|(i, c)| Problem {
            path: format!("cases[{i}].tier"),
            message: format!(
                "case '{}' states no tier: every case of the public library is TEXTBOOK, CLINIC or REAL_WORLD (seed/cases/FORMAT.md, \"Tiers\")",
                c.slug
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_case_without_a_tier_is_named_by_its_path() {
        let mut file: CaseSetFile =
            serde_json::from_str(include_str!("../../../seed/cases/cpc-surgery.json")).unwrap();
        assert!(
            untiered(&file).is_empty(),
            "the seed file states every tier"
        );
        file.cases[2].tier = None;
        let problems = untiered(&file);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "cases[2].tier");
        assert!(problems[0].message.contains(&file.cases[2].slug));
    }
}
