//! Fuzzes the clearinghouse's front-end edits, `practicum::domain::claims::edits::check`,
//! against a small `CodeIndex` (a dozen real codes, built once).
//!
//! Two modes, chosen by the first byte:
//! - odd (e.g. `{`): the whole input is JSON for `serde_json::from_slice::<Claim>`; when it
//!   parses, the claim is checked, and it must survive a JSON round trip unchanged (claims are
//!   stored as JSON);
//! - even: a known-good claim (which `check` must accept: asserted once) gets 1 to 8 field
//!   mutations driven by the rest of the input (`arbitrary::Unstructured`), often drawn from
//!   a dictionary of real and near-miss values, so the fuzzer reaches the edits themselves
//!   rather than only serde errors.
//!
//! Proves `check` never panics (in this build: with overflow checks on), every rejection has a
//! field and one of the documented reason codes, and an accepted claim has service lines and
//! a total charge equal to the sum of its line charges.

#![no_main]

use chrono::{Datelike, NaiveDate};
use libfuzzer_sys::arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use practicum::domain::claims::edits::check;
use practicum::domain::claims::{
    Address, Claim, ClaimDiagnosis, ClaimKind, ClaimProvider, Frequency, Institutional, Insured,
    Person, ServiceLine,
};
use practicum::domain::codes::index::CodeIndex;
use practicum::domain::codes::{CodeRecord, DescriptorSource, System};
use std::sync::OnceLock;

const REASONS: [&str; 7] = [
    "MISSING_DATA",
    "INVALID_DATA",
    "INVALID_NPI",
    "INVALID_CODE",
    "NON_BILLABLE_CODE",
    "POINTER_OUT_OF_RANGE",
    "TOTAL_MISMATCH",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn index() -> &'static CodeIndex {
    static INDEX: OnceLock<CodeIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let rec = |system, code: &str, billable, to: Option<NaiveDate>| CodeRecord {
            system,
            code: code.into(),
            valid_from: date(2015, 10, 1),
            valid_to: to,
            billable,
            parent: None,
            short_description: code.into(),
            description: format!("{code} (fuzz fixture)"),
            chapter: None,
            block: None,
            category: None,
            flags: vec![],
            descriptor_source: DescriptorSource::Public,
        };
        let end = Some(date(2030, 12, 31));
        let mut r = vec![
            rec(System::Icd10Cm, "E11", false, end),
            rec(System::Icd10Cm, "E119", true, end),
            rec(System::Icd10Cm, "I10", true, end),
            rec(System::Icd10Cm, "J069", true, end),
            // Deleted at the end of FY2026: valid on the base claim's date, not after.
            rec(System::Icd10Cm, "E1169", true, Some(date(2026, 9, 30))),
            rec(System::Icd10Pcs, "0DTJ4ZZ", true, end),
        ];
        for c in ["99213", "99214", "36415"] {
            r.push(rec(System::Cpt, c, true, end));
        }
        r.push(rec(System::Hcpcs, "G0008", true, end));
        for m in ["25", "59", "LT"] {
            r.push(rec(System::Modifier, m, true, None));
        }
        for p in ["11", "21", "22"] {
            r.push(rec(System::Pos, p, true, None));
        }
        CodeIndex::build(r, vec![], vec![], vec![])
    })
}

fn base() -> &'static Claim {
    static BASE: OnceLock<Claim> = OnceLock::new();
    BASE.get_or_init(|| {
        let dos = date(2026, 3, 2);
        let address = Address {
            line1: "12 Harbor Rd".into(),
            city: "Portland".into(),
            state: "ME".into(),
            zip: "04101".into(),
        };
        let person = Person {
            first_name: "Ada".into(),
            last_name: "Quill".into(),
            date_of_birth: Some(date(1958, 7, 14)),
            sex: "F".into(),
            address: Some(address.clone()),
        };
        let provider = ClaimProvider {
            name: "Oren Lisle, MD".into(),
            npi: "1234567893".into(),
            taxonomy: Some("207Q00000X".into()),
            address: Some(address),
            tax_id: Some("990000001".into()),
        };
        let line =
            |code: &str, system: &str, modifiers: &[&str], pointers: &[&str], cents| ServiceLine {
                date_of_service: dos,
                place_of_service: "11".into(),
                system: system.into(),
                code: code.into(),
                modifiers: modifiers.iter().map(|m| (*m).into()).collect(),
                units: 1,
                pointers: pointers.iter().map(|p| (*p).into()).collect(),
                charge_cents: cents,
                revenue_code: None,
            };
        let claim = Claim {
            kind: ClaimKind::Professional,
            frequency: Frequency::Original,
            original_reference: None,
            payer: "medicare-part-b".into(),
            date_of_service: dos,
            place_of_service: "11".into(),
            patient: person.clone(),
            insured: Insured {
                member_id: "1EG4-TE5-MK72".into(),
                group_number: None,
                relationship: "SELF".into(),
                person,
            },
            billing: provider.clone(),
            rendering: provider,
            facility: None,
            diagnoses: ["E11.9", "I10", "J06.9"]
                .into_iter()
                .map(|c| ClaimDiagnosis {
                    code: c.into(),
                    poa: None,
                })
                .collect(),
            prior_authorization: None,
            lines: vec![
                line("99214", "CPT", &["25"], &["A", "B"], 15_000),
                line("36415", "CPT", &[], &["A"], 1_200),
                line("G0008", "HCPCS", &[], &["C"], 4_000),
            ],
            total_charge_cents: 20_200,
            institutional: None,
            primary: None,
        };
        let rejections = check(&claim, index());
        assert!(
            rejections.is_empty(),
            "the base claim is rejected: {rejections:?}"
        );
        claim
    })
}

/// A string: mostly a real or near-miss value, else arbitrary text.
fn text(u: &mut Unstructured) -> Result<String> {
    const DICT: &[&str] = &[
        "",
        " ",
        "E11.9",
        "e11.9",
        "E119",
        "E11",
        "E11.69",
        "I10",
        "J06.9",
        "J06.",
        "E1.19",
        "É11.9",
        "99213",
        "99214",
        " 36415 ",
        "992.13",
        "G0008",
        "g0008",
        "0DTJ4ZZ",
        "25",
        "59",
        "LT",
        "11",
        "21",
        "22",
        "A",
        "B",
        "C",
        "L",
        "M",
        "a",
        "CPT",
        "HCPCS",
        "cpt",
        "F",
        "M",
        "U",
        "X",
        "SELF",
        "CHILD",
        "self",
        "1234567893",
        "1234567890",
        "123456789",
        "990000001",
        "99000000a",
        "0111",
        "0117",
        "0118",
        "0131",
        "011",
        "01",
        "20",
        "0450",
        "Y",
        "W",
        "1",
        "PAYER-CLAIM-1",
    ];
    if u.ratio(3, 4)? {
        Ok((*u.choose(DICT)?).to_owned())
    } else {
        String::arbitrary(u)
    }
}

fn texts(u: &mut Unstructured, max: usize) -> Result<Vec<String>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| text(u)).collect()
}

/// A date: mostly near the base claim's, sometimes any date chrono can hold.
fn any_date(u: &mut Unstructured) -> Result<NaiveDate> {
    let days = if u.ratio(3, 4)? {
        date(2026, 3, 2).num_days_from_ce() + u.int_in_range(-4000..=4000)?
    } else {
        i32::arbitrary(u)?
    };
    Ok(NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MAX))
}

fn opt<'a, T>(
    u: &mut Unstructured<'a>,
    f: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

/// Picks an index into a list of `len` items, or `len` itself (append).
fn slot(u: &mut Unstructured, len: usize) -> Result<usize> {
    u.int_in_range(0..=len)
}

fn mutate(c: &mut Claim, u: &mut Unstructured) -> Result<()> {
    match u.int_in_range(0..=24u8)? {
        0 => {
            c.kind = *u.choose(&[ClaimKind::Professional, ClaimKind::Institutional])?;
        }
        1 => {
            c.frequency =
                *u.choose(&[Frequency::Original, Frequency::Replacement, Frequency::Void])?;
        }
        2 => c.original_reference = opt(u, text)?,
        3 => c.date_of_service = any_date(u)?,
        4 => {
            let p = if u.arbitrary()? {
                &mut c.patient
            } else {
                &mut c.insured.person
            };
            match u.int_in_range(0..=2u8)? {
                0 => p.first_name = text(u)?,
                1 => p.last_name = text(u)?,
                _ => p.sex = text(u)?,
            }
        }
        5 => c.patient.date_of_birth = opt(u, any_date)?,
        6 => c.insured.member_id = text(u)?,
        7 => c.insured.relationship = text(u)?,
        8 => {
            let p = if u.arbitrary()? {
                &mut c.billing
            } else {
                &mut c.rendering
            };
            if u.arbitrary()? {
                p.npi = text(u)?;
            } else {
                p.name = text(u)?;
            }
        }
        9 => c.billing.tax_id = opt(u, text)?,
        10 => {
            if u.arbitrary()? {
                c.billing.address = None;
            } else {
                c.facility = opt(u, |u| {
                    let mut f = c.billing.clone();
                    f.npi = text(u)?;
                    f.name = text(u)?;
                    Ok(f)
                })?;
            }
        }
        11 => {
            let d = ClaimDiagnosis {
                code: text(u)?,
                poa: opt(u, text)?,
            };
            let i = slot(u, c.diagnoses.len())?;
            if i == c.diagnoses.len() {
                c.diagnoses.push(d);
            } else {
                c.diagnoses[i] = d;
            }
        }
        12 => {
            // Resize the diagnoses: beyond a form's limit, down to none.
            let n = u.int_in_range(0..=300usize)?;
            let fill = c.diagnoses.last().cloned().unwrap_or(ClaimDiagnosis {
                code: "I10".into(),
                poa: None,
            });
            c.diagnoses.resize(n, fill);
        }
        13 => {
            // Resize the service lines: beyond the 50-line limit, down to none.
            let n = u.int_in_range(0..=60usize)?;
            let fill = c
                .lines
                .last()
                .cloned()
                .unwrap_or_else(|| base().lines[0].clone());
            c.lines.resize(n, fill);
        }
        14 => {
            if u.arbitrary()? {
                c.total_charge_cents = u.arbitrary()?;
            } else {
                c.total_charge_cents = c
                    .lines
                    .iter()
                    .fold(0i64, |a, l| a.wrapping_add(l.charge_cents));
            }
        }
        15 => {
            c.institutional = opt(u, |u| {
                Ok(Institutional {
                    type_of_bill: text(u)?,
                    admission_date: opt(u, any_date)?,
                    discharge_date: opt(u, any_date)?,
                    discharge_status: opt(u, text)?,
                    procedures: texts(u, 4)?,
                    drg: opt(u, text)?,
                })
            })?;
        }
        op => {
            // One field of one service line (a new line when the slot is past the end).
            let i = slot(u, c.lines.len())?;
            if i == c.lines.len() {
                c.lines.push(base().lines[0].clone());
            }
            let l = &mut c.lines[i];
            match op {
                16 => l.code = text(u)?,
                17 => l.system = text(u)?,
                18 => l.modifiers = texts(u, 6)?,
                19 => l.units = u.arbitrary()?,
                20 => l.charge_cents = u.arbitrary()?,
                21 => l.pointers = texts(u, 6)?,
                22 => l.date_of_service = any_date(u)?,
                23 => l.place_of_service = text(u)?,
                _ => l.revenue_code = opt(u, text)?,
            }
        }
    }
    Ok(())
}

fn mutated(data: &[u8]) -> Claim {
    let mut claim = base().clone();
    let mut u = Unstructured::new(data);
    let ops = u.int_in_range(1..=8u8).unwrap_or(1);
    for _ in 0..ops {
        if mutate(&mut claim, &mut u).is_err() {
            break;
        }
    }
    claim
}

fn validate(claim: &Claim) {
    let rejections = check(claim, index());
    for r in &rejections {
        assert!(!r.field.is_empty(), "{r:?}");
        assert!(REASONS.contains(&r.code), "{r:?}");
    }
    if rejections.is_empty() {
        assert!(!claim.lines.is_empty());
        assert_eq!(claim.total_charge_cents, claim.line_total());
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(&first) = data.first() else {
        return;
    };
    // Checked (and asserted valid) before any input, so a bad fixture fails on the first run.
    let _ = base();
    if first % 2 == 1 {
        let Ok(claim) = serde_json::from_slice::<Claim>(data) else {
            return;
        };
        validate(&claim);
        let json = serde_json::to_vec(&claim).expect("a claim serializes");
        let back: Claim = serde_json::from_slice(&json).expect("a serialized claim parses back");
        assert_eq!(back, claim, "JSON round trip changed the claim");
    } else {
        validate(&mutated(&data[1..]));
    }
});
