//! Table-driven tests of the index on a small hand-made code table: lookup by date, search
//! ranking, and every validation status.

use super::index::CodeIndex;
use super::search::{MatchKind, SearchError, SearchQuery};
use super::validate::{Patient, Status};
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rec(system: System, code: &str, billable: bool, parent: Option<&str>, desc: &str) -> CodeRecord {
    CodeRecord {
        system,
        code: code.into(),
        valid_from: d("2015-10-01"),
        valid_to: None,
        billable,
        parent: parent.map(String::from),
        short_description: desc.into(),
        description: desc.into(),
        chapter: Some("4".into()),
        block: Some("E08-E13".into()),
        category: None,
        flags: vec![],
        descriptor_source: DescriptorSource::Public,
    }
}

fn fixture() -> CodeIndex {
    let cm = System::Icd10Cm;
    let mut deleted = rec(
        cm,
        "E1169",
        true,
        Some("E116"),
        "Type 2 diabetes mellitus with other specified complication",
    );
    deleted.valid_to = Some(d("2026-09-30"));
    let mut newborn = rec(
        cm,
        "P0710",
        true,
        None,
        "Other low birth weight newborn, unspecified weight",
    );
    newborn.flags = vec!["newborn".into()];
    newborn.block = None;
    let mut prostate = rec(
        cm,
        "N400",
        true,
        None,
        "Benign prostatic hyperplasia without lower urinary tract symptoms",
    );
    prostate.flags = vec!["sex:M".into()];
    let records = vec![
        rec(cm, "E11", false, None, "Type 2 diabetes mellitus"),
        rec(
            cm,
            "E116",
            false,
            Some("E11"),
            "Type 2 diabetes mellitus with other specified complications",
        ),
        rec(
            cm,
            "E1165",
            true,
            Some("E116"),
            "Type 2 diabetes mellitus with hyperglycemia",
        ),
        rec(cm, "E10", false, None, "Type 1 diabetes mellitus"),
        rec(
            cm,
            "E109",
            true,
            Some("E10"),
            "Type 1 diabetes mellitus without complications",
        ),
        rec(cm, "Z794", true, None, "Long term (current) use of insulin"),
        deleted,
        newborn,
        prostate,
        rec(
            System::Icd10Pcs,
            "0DTJ4ZZ",
            true,
            None,
            "Resection of Appendix, Percutaneous Endoscopic Approach",
        ),
        rec(
            System::Icd10Pcs,
            "0DTJ0ZZ",
            true,
            None,
            "Resection of Appendix, Open Approach",
        ),
        rec(
            System::Hcpcs,
            "J3301",
            true,
            None,
            "Injection, triamcinolone acetonide, not otherwise specified, 10 mg",
        ),
        rec(
            System::Hcpcs,
            "E1161",
            true,
            None,
            "Manual adult size wheelchair, includes tilt in space",
        ),
    ];
    let notes = vec![
        Note {
            key: "E11".into(),
            kind: "excludes1".into(),
            refs: vec!["E10.-".into()],
            text: "type 1 diabetes mellitus (E10.-)".into(),
        },
        Note {
            key: "E11".into(),
            kind: "useAdditionalCode".into(),
            refs: vec!["Z79.4".into()],
            text: "insulin (Z79.4)".into(),
        },
    ];
    let ages = vec![AgeRange {
        group: "Newborn".into(),
        start_age: 0,
        end_age: 0,
        date_start: d("1984-03-01"),
        date_end: d("2027-03-31"),
    }];
    let synonyms = vec![
        ("lap".to_owned(), "percutaneous endoscopic".to_owned()),
        ("appendectomy".to_owned(), "resection appendix".to_owned()),
    ];
    CodeIndex::build(records, notes, ages, synonyms)
}

fn search<'a>(idx: &'a CodeIndex, text: &'a str) -> Vec<(String, MatchKind)> {
    let q = SearchQuery {
        text,
        systems: &[],
        as_of: d("2026-01-15"),
        billable_only: false,
        offset: 0,
        limit: 20,
    };
    idx.search(&q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.record.code.clone(), h.kind))
        .collect()
}

#[test]
fn lookup_is_by_date() {
    let idx = fixture();
    assert!(
        idx.lookup(System::Icd10Cm, "E1169", Some(d("2026-09-30")))
            .is_some()
    );
    assert!(
        idx.lookup(System::Icd10Cm, "E1169", Some(d("2026-10-01")))
            .is_none()
    );
    assert!(
        idx.lookup(System::Icd10Cm, "E1169", None).is_some(),
        "without a date: the latest version"
    );
    assert_eq!(idx.children(System::Icd10Cm, "E116").len(), 2);
}

#[test]
fn search_ranks_exact_then_prefix_then_description() {
    let idx = fixture();
    let r = search(&idx, "E11.6");
    assert_eq!(r[0], ("E116".into(), MatchKind::ExactCode));
    assert!(r.contains(&("E1165".into(), MatchKind::CodePrefix)));
    assert!(r.iter().any(|(c, _)| c == "E1169"), "valid on 2026-01-15");
    let later = SearchQuery {
        text: "E11.6",
        systems: &[],
        as_of: d("2026-11-01"),
        billable_only: false,
        offset: 0,
        limit: 20,
    };
    let hits = idx.search(&later).unwrap().hits;
    assert!(
        !hits.iter().any(|h| h.record.code == "E1169"),
        "deleted for FY2027"
    );
    assert!(
        !r.iter().any(|(c, _)| c == "E1161"),
        "a dotted query is ICD-10-CM only"
    );
    assert_eq!(search(&idx, "type 2 diabetes hyperglycemia")[0].0, "E1165");
    assert_eq!(
        search(&idx, "J3301"),
        vec![("J3301".into(), MatchKind::ExactCode)]
    );
    // Every word first; when those are fewer than a page, codes missing one word.
    assert_eq!(
        search(&idx, "lap appendectomy"),
        vec![
            ("0DTJ4ZZ".into(), MatchKind::Description),
            ("0DTJ0ZZ".into(), MatchKind::SomeWords)
        ]
    );
    // Billable codes rank before headers, the most general title first.
    let t2 = search(&idx, "type 2 diab");
    assert_eq!(t2[0].0, "E1165");
    let header = t2.iter().position(|(c, _)| c == "E11").unwrap();
    assert!(
        t2[..header]
            .iter()
            .all(|(c, _)| c == "E1165" || c == "E1169")
    );
}

#[test]
fn search_filters_and_pages() {
    let idx = fixture();
    let all = SearchQuery {
        text: "diabetes",
        systems: &[System::Icd10Cm],
        as_of: d("2026-01-15"),
        billable_only: true,
        offset: 0,
        limit: 2,
    };
    let page1 = idx.search(&all).unwrap();
    assert_eq!(
        page1.total, 3,
        "E1165, E109, E1169 are billable on the date"
    );
    assert_eq!(page1.hits.len(), 2);
    let page2 = idx
        .search(&SearchQuery {
            offset: 2,
            ..all.clone()
        })
        .unwrap();
    assert_eq!(page2.hits.len(), 1);
    assert!(
        idx.search(&SearchQuery {
            systems: &[System::Hcpcs],
            ..all
        })
        .unwrap()
        .hits
        .is_empty()
    );
}

#[test]
fn bad_queries_are_refused() {
    let idx = fixture();
    let q = |text| SearchQuery {
        text,
        systems: &[],
        as_of: d("2026-01-15"),
        billable_only: false,
        offset: 0,
        limit: 20,
    };
    assert_eq!(idx.search(&q("  ")).unwrap_err(), SearchError::Empty);
    assert_eq!(idx.search(&q("...")).unwrap_err(), SearchError::Empty);
    let long = "a".repeat(300);
    assert!(matches!(
        idx.search(&q(&long)).unwrap_err(),
        SearchError::TooLong(300)
    ));
}

#[test]
fn every_validation_status() {
    let idx = fixture();
    let cm = System::Icd10Cm;
    let adult = Patient {
        age: Some(40),
        sex: Some(Sex::Female),
    };
    let cases = [
        ("E1165", adult, Status::Valid),
        ("E116", adult, Status::NotBillable),
        ("E1169", adult, Status::NotValidOnDate),
        ("E1199", adult, Status::Unknown),
        ("P0710", adult, Status::AgeConflict),
        ("N400", adult, Status::SexConflict),
        (
            "P0710",
            Patient {
                age: Some(0),
                sex: None,
            },
            Status::Valid,
        ),
    ];
    for (code, patient, want) in cases {
        let v = idx.validate(&[(cm, code.into())], d("2026-11-01"), patient);
        assert_eq!(
            v.verdicts[0].status, want,
            "{code}: {}",
            v.verdicts[0].message
        );
    }
    let header = idx.validate(&[(cm, "E116".into())], d("2026-01-15"), adult);
    let kids: Vec<_> = header.verdicts[0]
        .billable_children
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(kids, vec!["E1165", "E1169"]);
}

#[test]
fn excludes1_conflicts_and_sequencing_hints_across_codes() {
    let idx = fixture();
    let p = Patient {
        age: Some(50),
        sex: None,
    };
    let v = idx.validate(
        &[
            (System::Icd10Cm, "E1165".into()),
            (System::Icd10Cm, "E109".into()),
        ],
        d("2026-01-15"),
        p,
    );
    assert_eq!(v.conflicts.len(), 1);
    assert_eq!(
        (
            v.conflicts[0].code.as_str(),
            v.conflicts[0].excluded.as_str()
        ),
        ("E11.65", "E10.9")
    );
    let hint = v
        .hints
        .iter()
        .find(|h| h.kind == "useAdditionalCode")
        .unwrap();
    assert!(!hint.satisfied);
    let v = idx.validate(
        &[
            (System::Icd10Cm, "E1165".into()),
            (System::Icd10Cm, "Z794".into()),
        ],
        d("2026-01-15"),
        p,
    );
    assert!(v.conflicts.is_empty());
    assert!(
        v.hints
            .iter()
            .any(|h| h.kind == "useAdditionalCode" && h.satisfied)
    );
}

/// When the codes with every word are too few, the words tier adds those with every word but
/// one: on 12,000 codes, the total and every hit of pages at the start, the middle and the end
/// agree with a count made code by code.
#[test]
fn the_words_tier_counts_and_ranks_across_blocks() {
    let n = 12_000u32;
    let words_of = |i: u32| {
        let mut w = Vec::new();
        if i.is_multiple_of(2) {
            w.push("alpha");
        }
        if i.is_multiple_of(3) {
            w.push("beta");
        }
        if i.is_multiple_of(997) {
            w.push("gamma");
        }
        w
    };
    let records: Vec<CodeRecord> = (1..=n)
        .map(|i| {
            let title = format!("{} item{i}", words_of(i).join(" "));
            rec(
                System::Icd10Cm,
                &format!("Q{i:05}"),
                true,
                None,
                title.trim(),
            )
        })
        .collect();
    let idx = CodeIndex::build(records, vec![], vec![], vec![]);
    let full = (1..=n).filter(|&i| words_of(i).len() == 3).count();
    let two = (1..=n).filter(|&i| words_of(i).len() == 2).count();
    assert!(
        full < 20 && two > 1_900,
        "the fixture needs the every-word-but-one pass"
    );
    let mut seen = 0;
    for offset in [0, 20, 1_000, two + full - 10] {
        let q = SearchQuery {
            text: "alpha beta gamma",
            systems: &[],
            as_of: d("2026-01-15"),
            billable_only: false,
            offset,
            limit: 20,
        };
        let r = idx.search(&q).unwrap();
        assert_eq!(r.total, full + two, "offset {offset}");
        for h in &r.hits {
            let i: u32 = h.record.code[1..].parse().unwrap();
            let want = match words_of(i).len() {
                3 => MatchKind::Description,
                2 => MatchKind::SomeWords,
                k => panic!("{} has {k} of the words", h.record.code),
            };
            assert_eq!(h.kind, want, "{}", h.record.description);
            seen += 1;
        }
        assert_eq!(r.hits.len(), 20.min(full + two - offset), "offset {offset}");
        let first = r.hits.first().map(|h| h.kind);
        if offset == 0 {
            assert_eq!(first, Some(MatchKind::Description));
        }
    }
    assert_eq!(seen, 70);
}
