//! The MS-DRG grouper against an independent implementation: `msdrg` 1.2.0 from PyPI (the
//! mz-drg port of CMS's grouper). `.ci/drg_oracle.py` writes every inpatient answer key of the
//! seed library and 12,000 generated claims (4,000 each for v43.0, v43.1 and v44.0) with the
//! DRGs msdrg gives them; this test groups the same claims and requires the same initial DRG,
//! final DRG, final MDC and return code on every one. CI installs msdrg and sets
//! `PRACTICUM_MSDRG_PYTHON` to a Python that has it (missing under CI is a failure).

use practicum::domain::drg::{DrgClaim, DrgDiagnosis, Sex, Version, group_with};
use serde_json::Value;

fn python() -> Option<String> {
    match std::env::var("PRACTICUM_MSDRG_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if std::env::var("CI").is_ok() => {
            panic!("CI must set PRACTICUM_MSDRG_PYTHON to a Python with msdrg")
        }
        _ => None,
    }
}

fn dx(v: &Value) -> DrgDiagnosis {
    DrgDiagnosis {
        code: v["code"].as_str().unwrap().to_owned(),
        poa: v["poa"].as_str().and_then(|p| p.chars().next()),
    }
}

fn claim(c: &Value) -> (Version, DrgClaim) {
    let version = match c["version"].as_u64().unwrap() {
        430 => Version::V430,
        431 => Version::V431,
        440 => Version::V440,
        v => panic!("version {v}"),
    };
    let claim = DrgClaim {
        // The version is given; the date only has to be valid.
        discharge_date: "2026-01-01".parse().unwrap(),
        age: c["age"].as_u64().map(|a| a as u16),
        sex: match c["sex"].as_u64() {
            Some(0) => Sex::Male,
            Some(1) => Sex::Female,
            _ => Sex::Unknown,
        },
        discharge_status: c["discharge_status"].as_u64().unwrap() as u8,
        principal: dx(&c["pdx"]),
        secondary: c["sdx"].as_array().unwrap().iter().map(dx).collect(),
        procedures: c["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect(),
    };
    (version, claim)
}

#[test]
fn the_grouper_agrees_with_msdrg_on_the_library_and_12000_generated_claims() {
    let Some(python) = python() else {
        eprintln!("PRACTICUM_MSDRG_PYTHON not set: the msdrg oracle comparison did not run");
        return;
    };
    let out =
        std::env::temp_dir().join(format!("practicum-drg-oracle-{}.jsonl", std::process::id()));
    let script = format!("{}/.ci/drg_oracle.py", env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new(&python)
        .arg(&script)
        .arg(&out)
        .status()
        .expect("python runs");
    assert!(status.success(), "{script} failed");
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let (mut total, mut keys, mut generated) = (0, 0, [0usize; 3]);
    let mut differences = Vec::new();
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let (version, c) = claim(&row["claim"]);
        let g = group_with(version, &c).unwrap();
        let e = &row["expected"];
        let ours = (
            g.initial_drg as u64,
            g.drg as u64,
            g.mdc as u64,
            g.return_code.as_str(),
        );
        let theirs = (
            e["initial_drg"].as_u64().unwrap_or(0),
            e["final_drg"].as_u64().unwrap_or(0),
            e["final_mdc"].as_u64().unwrap_or(0),
            e["return_code"].as_str().unwrap_or(""),
        );
        total += 1;
        let source = row["source"].as_str().unwrap();
        if source.starts_with("key:") {
            keys += 1;
        } else {
            generated[version as usize] += 1;
        }
        if ours != theirs {
            differences.push(format!(
                "{source}: ours {ours:?}, msdrg {theirs:?}\n  claim {}",
                row["claim"]
            ));
        }
    }
    assert!(keys >= 14, "only {keys} inpatient keys");
    assert!(
        generated.iter().all(|n| *n >= 4000),
        "generated per version: {generated:?}"
    );
    assert!(
        differences.is_empty(),
        "{} of {total} claims differ from msdrg:\n{}",
        differences.len(),
        differences
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
