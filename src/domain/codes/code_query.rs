//! The code tier of a search, when the query can be a code: the exact code, then the codes
//! that replaced it if it is no longer valid on the date, then the codes that begin with it
//! (shorter codes first, in code order).

use super::System;
use super::bitset::Bitset;
use super::index::CodeIndex;
use super::search::{Hit, MatchKind, Page, SearchQuery, hit};
use chrono::Datelike;

impl CodeIndex {
    /// The exact code, the codes that replaced it if it is no longer valid, and the codes
    /// that begin with the query, when the query can be a code.
    pub(super) fn code_tier<'a>(
        &'a self,
        q: &SearchQuery<'_>,
        tokens: &[String],
        systems: &[System],
        page: &mut Page<'a>,
        listed: &mut Bitset,
    ) {
        let day = q.as_of.num_days_from_ce();
        let keep = |id: u32| {
            self.valid_on_day(id, day) && (!q.billable_only || self.billable_set.contains(id))
        };
        // A query that can be a code: one token, letters and digits (dots and spaces aside).
        let code_query: Option<String> = (tokens.len() == 1 || !q.text.trim().contains(' '))
            .then(|| {
                q.text
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_uppercase()
            })
            .filter(|c| !c.is_empty() && c.len() <= 8);
        let Some(cq) = code_query else {
            return;
        };
        // A dot after the third character is ICD-10-CM's: no other system has dotted codes.
        let code_systems: Vec<System> = if q.text.trim().find('.') == Some(3) {
            systems
                .iter()
                .copied()
                .filter(|s| *s == System::Icd10Cm)
                .collect()
        } else {
            systems.to_vec()
        };
        let mut replaced: Vec<Hit<'a>> = Vec::new();
        for &s in &code_systems {
            if let Some(old) = self.versions(s, &cq).last() {
                for r in self.replacements(s, &cq, q.as_of) {
                    if !q.billable_only || r.billable {
                        let mut h = hit(r, MatchKind::Replacement);
                        h.via = Some(old.code.as_str());
                        replaced.push(h);
                    }
                }
            }
        }
        let replacement_ids: Vec<u32> = replaced
            .iter()
            .filter_map(|h| self.lookup_id(h.record.system, &h.record.code, q.as_of))
            .collect();
        let mut exact = Vec::new();
        // Only the first `window` prefix matches by (length, code) are ever shown. The
        // lists are in code order, so a bucket per length keeps each length in code order.
        let window = q.offset.saturating_add(q.limit);
        let mut by_len: Vec<Vec<u32>> = vec![Vec::new(); 9];
        let mut prefixed = 0usize;
        for &s in &code_systems {
            let list = &self.sorted_codes[s.index()];
            let start = list.partition_point(|(c, _)| c.as_ref() < cq.as_str());
            for (c, id) in &list[start..] {
                if !c.starts_with(cq.as_str()) {
                    break;
                }
                listed.insert(*id);
                if !keep(*id) || replacement_ids.contains(id) {
                    continue;
                }
                if c.len() == cq.len() {
                    exact.push(*id);
                } else {
                    prefixed += 1;
                    let bucket = &mut by_len[c.len().min(8)];
                    // Each system contributes its own first `window` of this length.
                    if bucket.len() < window.saturating_mul(code_systems.len()) {
                        bucket.push(*id);
                    }
                }
            }
        }
        for id in exact {
            page.push(hit(self.entry(id), MatchKind::ExactCode));
        }
        for h in replaced {
            page.push(h);
        }
        replacement_ids.iter().for_each(|&id| listed.insert(id));
        // Across systems a length bucket may interleave: order each bucket by code.
        let mut shown = 0usize;
        for bucket in &mut by_len {
            bucket.sort_by(|a, b| self.entry(*a).code.cmp(&self.entry(*b).code));
            for &id in bucket.iter() {
                if shown == window {
                    break;
                }
                page.push(hit(self.entry(id), MatchKind::CodePrefix));
                shown += 1;
            }
        }
        page.skip(prefixed - shown);
    }
}
