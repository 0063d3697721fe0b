//! ICD-10-CM instructional notes: those of a code and of everything above it (its ancestors,
//! its block and its chapter), and whether a code falls under a note's reference.

use super::index::CodeIndex;
use super::{CodeRecord, Note, System};

/// Every note that applies to `record`: its own first, then its ancestors', its block's and
/// its chapter's.
pub fn inherited<'a>(index: &'a CodeIndex, record: &'a CodeRecord) -> Vec<&'a Note> {
    let mut out: Vec<&Note> = index.notes_at(&record.code).iter().collect();
    let mut parent = record.parent.clone();
    let mut guard = 0;
    while let Some(p) = parent {
        out.extend(index.notes_at(&p));
        parent = index
            .lookup(System::Icd10Cm, &p, None)
            .and_then(|r| r.parent.clone());
        guard += 1;
        if guard > 10 {
            break;
        }
    }
    if let Some(b) = &record.block {
        out.extend(index.notes_at(b));
    }
    if let Some(c) = &record.chapter {
        out.extend(index.notes_at(&format!("CH{c}")));
    }
    out
}

/// Whether an undotted code is covered by a note reference: an exact code (`P70.2`), a
/// category with its descendants (`E08.-`, `O24.4-`) or a range (`P70-P74`, `A04.0-A04.4`).
pub fn ref_covers(reference: &str, code: &str) -> bool {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    if let Some((start, end)) = reference.split_once('-').filter(|(_, e)| !e.is_empty()) {
        let (s, e) = (clean(start), clean(end));
        if s.is_empty() || e.is_empty() {
            return false;
        }
        let head = |n: usize| &code[..code.len().min(n)];
        return head(s.len()) >= s.as_str() && head(e.len()) <= e.as_str();
    }
    // A code's descendants always begin with it, so a reference covers its whole subtree.
    let r = clean(reference);
    !r.is_empty() && code.starts_with(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_cover_codes_ranges_and_categories() {
        let cases = [
            ("E08.-", "E0865", true),
            ("E08.-", "E0965", false),
            ("O24.4-", "O24419", true),
            ("P70.2", "P702", true),
            ("P70.2", "P7021", true),
            ("P70.2", "P71", false),
            ("P70-P74", "P720", true),
            ("P70-P74", "P75", false),
            ("P70-P74", "P741", true),
            ("A04.0-A04.4", "A042", true),
            ("A04.0-A04.4", "A045", false),
            ("A04.0-A04.4", "A0471", false),
            ("", "A00", false),
        ];
        for (r, c, want) in cases {
            assert_eq!(ref_covers(r, c), want, "{r} vs {c}");
        }
    }
}
