//! Adjudicating one claim against the full seeded code tables, NCCI teaching tables and payer
//! profiles: a clean two-line office claim, and a six-line claim on which several edits fire
//! (NCCI pair, MUE, coverage policy, E/M with a procedure). Target (2 cores, release): under
//! 50 µs per claim. Run: `cargo bench --bench adjudication`. The first run seeds
//! `target/bench-codes.db` (shared with the codes bench); later runs reuse it.

#![allow(clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use practicum::domain::adjudication::{Context, Eligibility, PriorService, adjudicate};
use practicum::domain::claims::*;
use practicum::{db, seed, service};
use std::time::Duration;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn line(code: &str, mods: &[&str], units: u32, ptrs: &[&str], charge: i64) -> ServiceLine {
    ServiceLine {
        date_of_service: d("2026-03-02"),
        place_of_service: "11".into(),
        system: if code.starts_with(|c: char| c.is_ascii_alphabetic()) {
            "HCPCS"
        } else {
            "CPT"
        }
        .into(),
        code: code.into(),
        modifiers: mods.iter().map(|m| (*m).to_owned()).collect(),
        units,
        pointers: ptrs.iter().map(|p| (*p).to_owned()).collect(),
        charge_cents: charge,
        revenue_code: None,
    }
}

fn claim(dx: &[&str], lines: Vec<ServiceLine>) -> Claim {
    let person = Person {
        first_name: "Ada".into(),
        last_name: "Quill".into(),
        date_of_birth: Some(d("1955-05-01")),
        sex: "F".into(),
        address: None,
    };
    let provider = ClaimProvider {
        name: "Oren Lisle, MD".into(),
        npi: "1234567893".into(),
        taxonomy: None,
        address: None,
        tax_id: Some("990000001".into()),
    };
    let mut c = Claim {
        kind: ClaimKind::Professional,
        frequency: Frequency::Original,
        original_reference: None,
        payer: "medicare-part-b".into(),
        date_of_service: d("2026-03-02"),
        place_of_service: "11".into(),
        patient: person.clone(),
        insured: Insured {
            member_id: "1EG4TE5MK72".into(),
            group_number: None,
            relationship: "SELF".into(),
            person,
        },
        billing: provider.clone(),
        rendering: provider,
        facility: None,
        diagnoses: dx
            .iter()
            .map(|c| ClaimDiagnosis {
                code: (*c).into(),
                poa: None,
            })
            .collect(),
        prior_authorization: None,
        lines,
        total_charge_cents: 0,
        institutional: None,
        primary: None,
    };
    c.total_charge_cents = c.line_total();
    c
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-codes.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let (index, ncci, payer) = rt.block_on(async {
        let conn = db::connect(&url).await.expect("database");
        db::migrate(&conn).await.expect("migrate");
        seed::run(&conn, &seed::default_dir()).await.expect("seed");
        (
            service::codes::load_index(&conn).await.expect("index"),
            service::payers::load_ncci(&conn).await.expect("ncci"),
            service::payers::profile(&conn, "medicare-part-b")
                .await
                .expect("payer"),
        )
    });
    let coverages = vec![Eligibility {
        payer: "medicare-part-b".into(),
        member_id: "1EG4TE5MK72".into(),
        effective: d("2020-05-01"),
        termination: None,
        priority: "PRIMARY".into(),
    }];
    let history = vec![PriorService {
        payer: "medicare-part-b".into(),
        code: "G0121".into(),
        modifiers: vec![],
        units: 1,
        date_of_service: d("2021-04-01"),
        paid: true,
    }];
    let ctx = Context {
        codes: &index,
        ncci: &ncci,
        payer: &payer,
        coverages: &coverages,
        history: &history,
        authorizations: &[],
        received_on: d("2026-03-12"),
        deductible_met_cents: 0,
        replaces_denied_claim: false,
        claim_number: "26000000001".into(),
        drg_weight: None,
    };
    let clean = claim(
        &["E11.9", "I10"],
        vec![
            line("99214", &[], 1, &["A", "B"], 25_000),
            line("83036", &[], 1, &["A"], 6_000),
        ],
    );
    let messy = claim(
        &["M17.11", "E11.9", "I10", "R53.83"],
        vec![
            line("99214", &[], 1, &["B", "C"], 25_000),
            line("20610", &["RT"], 1, &["A"], 30_000),
            line("J3301", &[], 4, &["A"], 2_000),
            line("80061", &[], 1, &["D"], 7_000),
            line("97530", &[], 2, &["A"], 9_000),
            line("97140", &[], 2, &["A"], 8_000),
        ],
    );
    let r = adjudicate(&clean, &ctx);
    println!(
        "clean: {} (paid {}), trace {} entries",
        r.status.as_str(),
        r.paid_cents,
        r.trace.len()
    );
    let r = adjudicate(&messy, &ctx);
    let fired: Vec<String> = r
        .denials()
        .map(|(l, a)| format!("line {} {}-{}", l.line, a.group, a.reason))
        .collect();
    println!("messy: {} with {fired:?}", r.status.as_str());
    let mut g = c.benchmark_group("adjudicate");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("clean 2-line office claim", |b| {
        b.iter(|| adjudicate(black_box(&clean), black_box(&ctx)))
    });
    g.bench_function("6-line claim, several edits fire", |b| {
        b.iter(|| adjudicate(black_box(&messy), black_box(&ctx)))
    });
    g.finish();
}

criterion_group!(adjudication, benches);
criterion_main!(adjudication);
