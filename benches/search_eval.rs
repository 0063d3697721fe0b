//! Practicum's code search against a standard baseline on the same evaluation set
//! (`tests/search_eval.tsv`): SQLite FTS5 ranked by BM25 over the same code descriptions,
//! every query word a prefix term (with FTS5 prefix indexes for 2 and 3 characters), as the
//! usual "put the table in FTS5" approach would do.
//! Prints, for both engines, top-1 and top-5 recall, the mean reciprocal rank and the median
//! and worst per-query latency (each query's median of 31 runs, top 20 over all systems), then
//! runs criterion over the whole set for each. Run: `cargo bench --bench search_eval` (the first run seeds
//! `target/bench-codes.db`, shared with the `codes` bench).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::NaiveDate;
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use practicum::domain::codes::evaluation::{EvalCase, EvalReport, parse_set, rank_of};
use practicum::domain::codes::index::{CodeIndex, words};
use practicum::domain::codes::search::SearchQuery;
use practicum::domain::codes::{System, display};
use practicum::{db, seed, service};
use std::time::{Duration, Instant};

const RUNS: usize = 31;
const LIMIT: usize = 20;

fn eval_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

fn index() -> CodeIndex {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-codes.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    rt.block_on(async {
        let conn = db::connect(&url).await.expect("database");
        db::migrate(&conn).await.expect("migrate");
        seed::run(&conn, &seed::default_dir()).await.expect("seed");
        service::codes::load_index(&conn).await.expect("index")
    })
}

fn cases() -> Vec<EvalCase> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_eval.tsv");
    parse_set(&std::fs::read_to_string(path).expect("evaluation set")).expect("parses")
}

fn practicum(index: &CodeIndex, text: &str) -> Vec<(System, String)> {
    let q = SearchQuery {
        text,
        systems: &[],
        as_of: eval_date(),
        billable_only: false,
        offset: 0,
        limit: LIMIT,
    };
    match index.search(&q) {
        Ok(r) => r
            .hits
            .iter()
            .map(|h| (h.record.system, h.record.code.clone()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// An in-memory FTS5 table of every code valid on the evaluation date: the code (as stored
/// and as printed), its description and its short description.
fn fts(index: &CodeIndex) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE code_fts USING fts5(system UNINDEXED, code, shown, description, short_description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');",
    )
    .expect("fts5");
    let tx = conn.unchecked_transaction().expect("tx");
    {
        let mut ins = tx
            .prepare("INSERT INTO code_fts VALUES (?1, ?2, ?3, ?4, ?5)")
            .expect("insert");
        for id in 0..index.len() as u32 {
            let r = index.entry(id);
            if !r.valid_on(eval_date()) {
                continue;
            }
            ins.execute((
                r.system.as_str(),
                &r.code,
                display(r.system, &r.code),
                &r.description,
                &r.short_description,
            ))
            .expect("row");
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("INSERT INTO code_fts(code_fts) VALUES('optimize');")
        .expect("optimize");
    conn
}

fn bm25(stmt: &mut rusqlite::Statement<'_>, text: &str) -> Vec<(System, String)> {
    let terms: Vec<String> = words(text)
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let rows = stmt
        .query_map((terms.join(" "), LIMIT as i64), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .expect("query");
    rows.filter_map(Result::ok)
        .filter_map(|(s, c)| System::parse(&s).ok().map(|s| (s, c)))
        .collect()
}

/// Top-1/top-5 on the set, and each query's median latency.
fn evaluate(
    cases: &[EvalCase],
    mut search: impl FnMut(&str) -> Vec<(System, String)>,
) -> (EvalReport, Vec<Duration>) {
    let mut report = EvalReport::default();
    let mut medians = Vec::with_capacity(cases.len());
    for case in cases {
        let ranked = search(&case.query);
        report.add(case, rank_of(case, &ranked));
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                black_box(search(black_box(&case.query)));
                t.elapsed()
            })
            .collect();
        times.sort();
        medians.push(times[RUNS / 2]);
    }
    medians.sort();
    (report, medians)
}

fn line(name: &str, r: &EvalReport, medians: &[Duration]) {
    println!(
        "| {name} | {}/{} = {:.1} % | {}/{} = {:.1} % | {:.3} | {:.1} µs | {:.1} µs |",
        r.top1,
        r.queries,
        100.0 * r.top1_rate(),
        r.top5,
        r.queries,
        100.0 * r.top5_rate(),
        r.mrr(),
        medians[medians.len() / 2].as_secs_f64() * 1e6,
        medians.last().copied().unwrap_or_default().as_secs_f64() * 1e6,
    );
}

fn benches(c: &mut Criterion) {
    let index = index();
    let cases = cases();
    let conn = fts(&index);
    let mut stmt = conn
        .prepare("SELECT system, code FROM code_fts WHERE code_fts MATCH ?1 ORDER BY rank LIMIT ?2")
        .expect("prepare");

    let (ours, our_times) = evaluate(&cases, |q| practicum(&index, q));
    let (base, base_times) = evaluate(&cases, |q| bm25(&mut stmt, q));
    println!(
        "\nsearch evaluation: {} queries, as of {}, top {LIMIT} over all systems\n",
        cases.len(),
        eval_date()
    );
    println!("| engine | top-1 | top-5 | MRR (top {LIMIT}) | median latency | worst latency |");
    println!("|---|---|---|---|---|---|");
    line("Practicum", &ours, &our_times);
    line("SQLite FTS5, BM25", &base, &base_times);
    println!("\nPracticum's misses (query, rank of the first right code within the top 20):");
    for (q, rank) in &ours.misses {
        println!("  {q:<45} {rank:?}");
    }
    println!();

    let mut g = c.benchmark_group("search_eval_whole_set");
    g.sample_size(10);
    g.bench_function("practicum", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(practicum(&index, &case.query));
            }
        })
    });
    g.bench_function("fts5_bm25", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(bm25(&mut stmt, &case.query));
            }
        })
    });
    g.finish();
}

criterion_group!(search_eval, benches);
criterion_main!(search_eval);
