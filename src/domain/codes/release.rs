//! Applying an ICD-10-CM release (the CMS order file or tabular XML) to the code table
//! without losing history: what to write for each code given its latest stored version.
//! A code whose title was pending gets the official one in place; a changed title or a
//! billable code that became a header (FY2027: I42.0) gets a new version from the release's
//! first day, the old one closed the day before; a code closed earlier that the release
//! lists again is reopened; new codes are added under their longest listed prefix. Codes the
//! file does not list are closed only when the file is declared complete.

use super::import_icd10cm::Icd10CmRow;
use super::{CodeRecord, DescriptorSource, System};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What a release changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReleaseReport {
    pub added: usize,
    /// Pending (provisional) titles replaced by the official ones.
    pub titled: usize,
    /// New versions for a changed title or billable flag, or a code listed again.
    pub revised: usize,
    pub unchanged: usize,
    /// Closed because a complete release no longer lists them.
    pub closed: usize,
    /// Valid codes the file does not list, left as they are (the file is not complete).
    pub not_listed: usize,
}

/// The versions to write for a release effective on `effective`. `current` holds the latest
/// version of every stored ICD-10-CM code.
pub fn plan_release(
    current: &HashMap<String, CodeRecord>,
    rows: &[Icd10CmRow],
    effective: NaiveDate,
    complete: bool,
) -> (Vec<CodeRecord>, ReleaseReport) {
    let mut report = ReleaseReport::default();
    let mut writes: Vec<CodeRecord> = Vec::new();
    let day_before = effective.pred_opt().unwrap_or(effective);
    let listed: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let mut added: Vec<CodeRecord> = Vec::new();
    for row in rows {
        let Some(cur) = current.get(&row.code) else {
            report.added += 1;
            added.push(CodeRecord {
                system: System::Icd10Cm,
                code: row.code.clone(),
                valid_from: effective,
                valid_to: None,
                billable: row.billable,
                parent: parent_of(&row.code, &listed, current),
                short_description: row.short_description.clone(),
                description: row.description.clone(),
                chapter: None,
                block: None,
                category: None,
                flags: Vec::new(),
                descriptor_source: DescriptorSource::Public,
            });
            continue;
        };
        let same = cur.description == row.description
            && cur.short_description == row.short_description
            && cur.billable == row.billable;
        let with_row = |mut r: CodeRecord| {
            r.description = row.description.clone();
            r.short_description = row.short_description.clone();
            r.billable = row.billable;
            r.flags.retain(|f| f != "title_pending");
            r
        };
        if cur.has_flag("title_pending") {
            report.titled += 1;
            writes.push(with_row(cur.clone()));
        } else if cur.valid_to.is_some_and(|to| to < effective) {
            report.revised += 1;
            let mut next = with_row(cur.clone());
            next.valid_from = effective;
            next.valid_to = None;
            writes.push(next);
        } else if same {
            report.unchanged += 1;
        } else if cur.valid_from < effective {
            report.revised += 1;
            let mut old = cur.clone();
            old.valid_to = Some(day_before);
            let mut next = with_row(cur.clone());
            next.valid_from = effective;
            writes.push(old);
            writes.push(next);
        } else {
            report.revised += 1;
            writes.push(with_row(cur.clone()));
        }
    }
    // A new code takes its chapter and block from the nearest ancestor that has them.
    let placed: HashMap<String, (Option<String>, Option<String>)> = added
        .iter()
        .map(|r| (r.code.clone(), (r.chapter.clone(), r.block.clone())))
        .collect();
    for r in &mut added {
        let mut up = r.parent.clone();
        while let Some(p) = up {
            if let Some(c) = current.get(&p) {
                r.chapter = c.chapter.clone();
                r.block = c.block.clone();
                break;
            }
            up = placed.get(&p).and(parent_of(&p, &listed, current));
        }
    }
    writes.extend(added);
    for cur in current.values() {
        let in_force = cur.valid_from < effective && cur.valid_to.is_none_or(|to| to >= effective);
        if !in_force || listed.contains(cur.code.as_str()) || cur.has_flag("title_pending") {
            continue;
        }
        if complete {
            report.closed += 1;
            let mut old = cur.clone();
            old.valid_to = Some(day_before);
            writes.push(old);
        } else {
            report.not_listed += 1;
        }
    }
    (writes, report)
}

/// The longest proper prefix of a code (at least the three-character category) that the
/// release or the table has.
fn parent_of(
    code: &str,
    listed: &HashSet<&str>,
    current: &HashMap<String, CodeRecord>,
) -> Option<String> {
    (3..code.len())
        .rev()
        .map(|n| &code[..n])
        .find(|p| listed.contains(p) || current.contains_key(*p))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(code: &str, billable: bool, desc: &str, to: Option<&str>) -> CodeRecord {
        CodeRecord {
            system: System::Icd10Cm,
            code: code.into(),
            valid_from: d("2015-10-01"),
            valid_to: to.map(d),
            billable,
            parent: None,
            short_description: desc.into(),
            description: desc.into(),
            chapter: Some("9".into()),
            block: Some("I30-I5A".into()),
            category: None,
            flags: vec![],
            descriptor_source: DescriptorSource::Public,
        }
    }

    fn row(code: &str, billable: bool, desc: &str) -> Icd10CmRow {
        Icd10CmRow {
            code: code.into(),
            billable,
            short_description: desc.into(),
            description: desc.into(),
        }
    }

    #[test]
    fn a_release_titles_splits_revises_adds_and_closes() {
        let mut pending = rec("I4200", true, "provisional", None);
        pending.valid_from = d("2026-10-01");
        pending.flags = vec!["title_pending".into()];
        let current: HashMap<String, CodeRecord> = [
            rec("I42", false, "Cardiomyopathy", None),
            rec("I420", true, "Dilated cardiomyopathy", Some("2026-09-30")),
            rec("I429", true, "Cardiomyopathy, unspecified", None),
            rec("I428", true, "Other cardiomyopathies", None),
            rec(
                "I43",
                false,
                "Cardiomyopathy in diseases classified elsewhere",
                None,
            ),
            pending,
        ]
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
        let rows = vec![
            row("I42", false, "Cardiomyopathy"),
            row("I420", false, "Dilated cardiomyopathy"),
            row(
                "I4200",
                true,
                "Dilated cardiomyopathy, unspecified (sample)",
            ),
            row("I4201", true, "Dilated cardiomyopathy, second (sample)"),
            row(
                "I429",
                true,
                "Cardiomyopathy, not further specified (sample)",
            ),
            row(
                "I43",
                false,
                "Cardiomyopathy in diseases classified elsewhere",
            ),
        ];
        let fy27 = d("2026-10-01");
        let (writes, report) = plan_release(&current, &rows, fy27, false);
        assert_eq!(
            report,
            ReleaseReport {
                added: 1,
                titled: 1,
                revised: 2,
                unchanged: 2,
                closed: 0,
                not_listed: 1,
            }
        );
        let find = |code: &str, from: &str| {
            writes
                .iter()
                .find(|r| r.code == code && r.valid_from == d(from))
                .unwrap_or_else(|| panic!("{code} from {from}"))
        };
        let titled = find("I4200", "2026-10-01");
        assert!(!titled.has_flag("title_pending"));
        assert_eq!(
            titled.description,
            "Dilated cardiomyopathy, unspecified (sample)"
        );
        let header = find("I420", "2026-10-01");
        assert!(
            !header.billable && header.valid_to.is_none(),
            "I42.0 listed again, as a header"
        );
        assert_eq!(find("I429", "2015-10-01").valid_to, Some(d("2026-09-30")));
        assert_eq!(
            find("I429", "2026-10-01").description,
            "Cardiomyopathy, not further specified (sample)"
        );
        let new = find("I4201", "2026-10-01");
        assert_eq!(new.parent.as_deref(), Some("I420"));
        assert_eq!(new.chapter.as_deref(), Some("9"));

        let (writes, report) = plan_release(&current, &rows, fy27, true);
        assert_eq!(report.closed, 1);
        assert!(
            writes
                .iter()
                .any(|r| r.code == "I428" && r.valid_to == Some(d("2026-09-30")))
        );
    }
}
