//! Codes that replace others at a new release: when a code stops being valid (FY2027 split
//! I42.0 into I42.00, I42.01 and I42.09; T52.8X1A into T52.811A, T52.821A and T52.891A),
//! the billable codes that start the day after it ends and are its new descendants, or that
//! differ from it only where it had the placeholder X. New codes whose official title is not
//! in the tables yet get a provisional one from the code they subdivide, plainly marked.

use super::index::CodeIndex;
use super::{CodeRecord, System};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Whether `new` takes the place of `old`: it begins with it, or it has its length and
/// differs only where `old` has the placeholder X.
pub fn succeeds(old: &str, new: &str) -> bool {
    if new.len() > old.len() && new.starts_with(old) {
        return true;
    }
    new.len() == old.len()
        && new != old
        && old.contains('X')
        && old
            .bytes()
            .zip(new.bytes())
            .all(|(o, n)| o == n || o == b'X')
}

/// The part of a code before its first placeholder X: every successor begins with it.
fn stem(code: &str) -> &str {
    match code.find('X') {
        Some(i) if i >= 3 => &code[..i],
        _ => code,
    }
}

/// The fiscal year a date falls in (October 1 begins the next one).
fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 10 {
        d.year() + 1
    } else {
        d.year()
    }
}

/// Gives each record flagged `title_pending` the title of the code it subdivides: the code
/// it replaces (closed the day before it starts) when there is one, else its parent.
pub fn provisional_titles(records: &mut [CodeRecord]) {
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.system == System::Icd10Cm && !r.has_flag("title_pending") {
            let keep = latest
                .get(r.code.as_str())
                .is_none_or(|&j| records[j].valid_from < r.valid_from);
            if keep {
                latest.insert(r.code.as_str(), i);
            }
        }
    }
    let mut titles: Vec<(usize, String, String)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.system != System::Icd10Cm || !r.has_flag("title_pending") {
            continue;
        }
        let ended_before = r.valid_from.pred_opt();
        // The code it replaces: a shorter code it begins with, or one of its length with
        // placeholders where it has characters, closed the day before it starts.
        let bytes = r.code.as_bytes();
        let tail = bytes.len().saturating_sub(3).min(8);
        let same_len = (1u32..(1 << tail)).map(|mask| {
            let mut c = bytes.to_vec();
            for k in 0..tail {
                if mask & (1 << k) != 0 {
                    c[3 + k] = b'X';
                }
            }
            String::from_utf8_lossy(&c).into_owned()
        });
        let replaced = (3..r.code.len())
            .rev()
            .map(|n| r.code[..n].to_owned())
            .chain(same_len)
            .filter_map(|c| latest.get(c.as_str()).map(|&j| &records[j]))
            .find(|p| p.valid_to.is_some() && p.valid_to == ended_before);
        let parent = r
            .parent
            .as_deref()
            .and_then(|p| latest.get(p))
            .map(|&j| &records[j]);
        let Some(from) = replaced.or(parent) else {
            continue;
        };
        let fy = fiscal_year(r.valid_from);
        let shown = super::display(System::Icd10Cm, &from.code);
        titles.push((
            i,
            format!(
                "{} [provisional title from {shown}: official FY{fy} title pending]",
                from.description
            ),
            format!("{} (title pending)", from.short_description),
        ));
    }
    for (i, long, short) in titles {
        records[i].description = long;
        records[i].short_description = short;
    }
}

impl CodeIndex {
    /// The codes that replaced `code` (normalized) if it is no longer valid on `date`:
    /// billable, valid on `date`, started after its last day, and its successors by
    /// [`succeeds`]. A code that is still listed on the date but became a header there
    /// (FY2027 made I42.0 one) is replaced as well, from the day its billable version ended.
    /// Empty when the code is billable on the date or was never replaced.
    pub fn replacements(&self, system: System, code: &str, date: NaiveDate) -> Vec<&CodeRecord> {
        let header_now = match self.lookup(system, code, Some(date)) {
            Some(r) if r.billable => return Vec::new(),
            Some(_) => true,
            None => false,
        };
        let Some(ended) = self
            .versions(system, code)
            .filter(|r| r.billable || !header_now)
            .filter_map(|r| r.valid_to)
            .filter(|&to| to < date)
            .max()
        else {
            return Vec::new();
        };
        let list = &self.sorted_codes[system.index()];
        let head = stem(code);
        let start = list.partition_point(|(c, _)| c.as_ref() < head);
        let mut out: Vec<&CodeRecord> = Vec::new();
        for (c, id) in &list[start..] {
            if !c.starts_with(head) {
                break;
            }
            let r = self.entry(*id);
            if r.billable && r.valid_from > ended && r.valid_on(date) && succeeds(code, c) {
                out.push(r);
            }
        }
        out.dedup_by(|a, b| a.code == b.code);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_are_descendants_or_fill_a_placeholder() {
        assert!(succeeds("I420", "I4200"));
        assert!(succeeds("T528X1A", "T52811A"));
        assert!(succeeds("T528X1A", "T52891A"));
        assert!(!succeeds("T528X1A", "T52812A"));
        assert!(!succeeds("T528X1A", "T528X1A"));
        assert!(!succeeds("I420", "I421"));
        assert!(!succeeds("Z681", "Z6820"));
        assert_eq!(stem("T528X1A"), "T528");
        assert_eq!(stem("I420"), "I420");
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(fiscal_year(d(2026, 10, 1)), 2027);
        assert_eq!(fiscal_year(d(2026, 9, 30)), 2026);
    }
}
