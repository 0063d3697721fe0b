//! Grouping one inpatient claim with the MS-DRG grouper (target: < 20 µs on 2 cores, release):
//! a medical claim with a CC, the library's pacemaker case (a surgical DRG built from
//! procedure combinations), and a crowded claim (15 secondaries, a HAC not present on
//! admission, an O.R. procedure). Definitions are read once before timing. Run:
//! `cargo bench --bench drg`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use practicum::domain::drg::{DrgClaim, DrgDiagnosis, Sex, group, warm_up};

fn claim(pdx: &str, sdx: &[(&str, char)], pcs: &[&str]) -> DrgClaim {
    DrgClaim {
        discharge_date: "2026-05-02".parse().unwrap(),
        age: Some(78),
        sex: Sex::Female,
        discharge_status: 1,
        principal: DrgDiagnosis {
            code: pdx.into(),
            poa: Some('Y'),
        },
        secondary: sdx
            .iter()
            .map(|(c, p)| DrgDiagnosis {
                code: (*c).into(),
                poa: Some(*p),
            })
            .collect(),
        procedures: pcs.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn bench(c: &mut Criterion) {
    warm_up().unwrap();
    let medical = claim("I50.21", &[("E87.1", 'Y'), ("I10", 'Y')], &[]);
    let pacemaker = claim(
        "I44.2",
        &[("E11.22", 'Y'), ("I12.9", 'Y'), ("N18.4", 'Y')],
        &["0JH606Z", "02H63JZ", "02HK3JZ"],
    );
    let crowded = claim(
        "K80.00",
        &[
            ("E87.1", 'Y'),
            ("N17.9", 'Y'),
            ("I10", 'Y'),
            ("E11.9", 'Y'),
            ("E78.5", 'Y'),
            ("T80.211A", 'N'),
            ("J96.01", 'Y'),
            ("D62", 'N'),
            ("I48.91", 'Y'),
            ("Z79.01", 'Y'),
            ("F17.210", 'Y'),
            ("K21.9", 'Y'),
            ("M81.0", 'Y'),
            ("G47.33", 'Y'),
            ("E66.9", 'Y'),
        ],
        &["0FT44ZZ", "0DTJ4ZZ"],
    );
    assert_eq!(group(&pacemaker).unwrap().drg, 243);
    for (name, cl) in [
        ("medical", &medical),
        ("pacemaker", &pacemaker),
        ("crowded", &crowded),
    ] {
        c.bench_function(&format!("group one claim: {name}"), |b| {
            b.iter(|| group(black_box(cl)).unwrap())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
