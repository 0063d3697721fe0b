//! `practicum cases coverage` on the seed: its counts (all cases, every setting, tier, skill
//! tag, the inpatient stays with ICD-10-PCS and the denial scenarios) are those of the files,
//! counted here from their JSON; `--check` fails exactly when a row is short of its floor, and
//! names the rows.

use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;

/// (group, row) → (count, shortfall) from the printed Markdown table.
fn table(out: &str) -> BTreeMap<(String, String), (u64, u64)> {
    out.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| group"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let short = cells[4].trim_matches('*').parse().unwrap_or(0);
            (
                (cells[0].to_owned(), cells[1].to_owned()),
                (cells[2].parse().unwrap(), short),
            )
        })
        .collect()
}

fn seed_cases() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            out.extend(v["cases"].as_array().unwrap().iter().cloned());
        }
    }
    out
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_practicum"))
        .args(["cases", "coverage"])
        .args(args)
        .env("RUST_LOG", "warn")
        .env(
            "PRACTICUM_SEED_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/seed"),
        )
        .output()
        .unwrap()
}

#[test]
fn the_coverage_report_counts_the_seed_files_and_check_fails_on_a_shortfall() {
    let out = run(&[]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = table(&text);
    let cases = seed_cases();
    let get = |g: &str, r: &str| {
        rows.get(&(g.to_owned(), r.to_owned()))
            .unwrap_or_else(|| panic!("no row {g} {r}:\n{text}"))
            .0
    };
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count() as u64;
    assert_eq!(get("LIBRARY", "all cases"), cases.len() as u64);
    let mut by_setting = 0;
    for s in [
        "OFFICE",
        "ED",
        "OUTPATIENT_HOSPITAL",
        "ASC",
        "INPATIENT",
        "OTHER",
        "RISK_ADJUSTMENT",
    ] {
        let n = count(&|c| c["setting"] == s);
        assert_eq!(get("SETTING", s), n, "{s}");
        by_setting += n;
    }
    assert_eq!(by_setting, cases.len() as u64);
    for t in ["TEXTBOOK", "CLINIC", "REAL_WORLD"] {
        assert_eq!(get("TIER", t), count(&|c| c["tier"] == t), "{t}");
    }
    for tag in [
        "CPC:EM",
        "CPC:ANESTHESIA",
        "CPC:SURGERY_30000",
        "CCS:DRG",
        "BILLING:DENIALS",
    ] {
        let n = count(&|c| c["skillTags"].as_array().unwrap().iter().any(|t| t == tag));
        assert_eq!(get("SECTION", tag), n, "{tag}");
    }
    assert_eq!(
        get("SETTING", "INPATIENT with ICD-10-PCS procedures"),
        count(&|c| c["setting"] == "INPATIENT"
            && c["key"]["pcs"].as_array().is_some_and(|p| !p.is_empty()))
    );
    assert_eq!(
        get("BILLING", "denial scenarios"),
        count(&|c| !c["scenario"].is_null())
    );

    // --check fails exactly when a row is short, naming each such row.
    let short: Vec<&(String, String)> = rows
        .iter()
        .filter(|(_, (_, s))| *s > 0)
        .map(|(k, _)| k)
        .collect();
    let checked = run(&["--check"]);
    assert_eq!(checked.status.success(), short.is_empty(), "{checked:?}");
    let err = String::from_utf8_lossy(&checked.stderr);
    for (g, r) in short {
        assert!(err.contains(&format!("{g} {r} (")), "{r}: {err}");
    }
}
