//! Code-set hot paths, on the full seeded tables: building the index from the database
//! (start-up), exact lookup, ranked search (typical and worst-case queries) and validation.
//! Targets (2 cores, release): lookup < 1 µs; search top 20 median < 100 µs and worst < 1 ms;
//! index build < 1.5 s. Run: `cargo bench --bench codes`. The first run seeds
//! `target/bench-codes.db` (about a minute); later runs reuse it.

#![allow(clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, black_box, criterion_group, criterion_main};
use practicum::domain::codes::System;
use practicum::domain::codes::index::CodeIndex;
use practicum::domain::codes::search::SearchQuery;
use practicum::domain::codes::validate::Patient;
use practicum::{db, seed, service};
use std::time::Duration;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn seeded() -> (tokio::runtime::Runtime, sea_orm::DatabaseConnection) {
    let rt = runtime();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-codes.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let conn = rt.block_on(async {
        let conn = db::connect(&url).await.expect("database");
        db::migrate(&conn).await.expect("migrate");
        seed::run(&conn, &seed::default_dir()).await.expect("seed");
        conn
    });
    (rt, conn)
}

fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn benches(c: &mut Criterion) {
    let (rt, conn) = seeded();
    let before = rss_mib().unwrap_or(0.0);
    let index: CodeIndex = rt
        .block_on(service::codes::load_index(&conn))
        .expect("index");
    println!(
        "index: {} codes; resident memory {:.0} MiB before building, {:.0} MiB after",
        index.len(),
        before,
        rss_mib().unwrap_or(0.0)
    );

    let mut g = c.benchmark_group("startup");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("index_build_from_db", |b| {
        b.iter(|| {
            black_box(
                rt.block_on(service::codes::load_index(&conn))
                    .expect("index")
                    .len(),
            )
        })
    });
    g.finish();

    let date = NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
    c.bench_function("lookup_exact", |b| {
        b.iter(|| {
            black_box(
                index
                    .lookup(System::Icd10Cm, black_box("E1165"), Some(date))
                    .is_some(),
            )
        })
    });

    // Typical queries: the median of these must stay under 100 µs.
    let typical = [
        "E11.6",
        "type 2 diabetes hyperglycemia",
        "lap appendectomy",
        "J3301",
        "fracture femur",
        "htn",
        "chest pain",
        "colonoscopy biopsy",
        "99213",
        "copd exacerbation",
    ];
    // Worst cases: one letter, very common words; each must stay under 1 ms.
    let worst = ["a", "s", "e", "of", "with", "unspecified", "left"];
    // The load benchmark's search (benches/load): many words, each common, most codes partial.
    let load = ["diabetes with chronic kidney disease"];
    for (name, queries) in [
        ("search_typical", &typical[..]),
        ("search_worst", &worst[..]),
        ("search_load", &load[..]),
    ] {
        let mut g = c.benchmark_group(name);
        for q in queries {
            g.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
                let query = SearchQuery {
                    text: q,
                    systems: &[],
                    as_of: date,
                    billable_only: false,
                    offset: 0,
                    limit: 20,
                };
                b.iter(|| black_box(index.search(black_box(&query)).expect("search").total))
            });
        }
        g.finish();
    }

    let codes: Vec<(System, String)> = ["E1165", "E109", "Z794", "I10", "N400", "E116"]
        .iter()
        .map(|c| (System::Icd10Cm, (*c).to_owned()))
        .collect();
    c.bench_function("validate_6_codes", |b| {
        b.iter(|| {
            black_box(
                index
                    .validate(
                        black_box(&codes),
                        date,
                        Patient {
                            age: Some(40),
                            sex: None,
                        },
                    )
                    .conflicts
                    .len(),
            )
        })
    });
}

criterion_group!(codes, benches);
criterion_main!(codes);
