//! Scoring one submission against its answer key (target: < 20 µs on 2 cores, release), on
//! the seeded library: a perfect submission and a damaged one for an outpatient and an
//! inpatient key. Run: `cargo bench --bench scoring`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use practicum::domain::cases::{AnswerKey, CaseSetFile};
use practicum::domain::scoring::{
    Policy, Submission, SubmittedDiagnosis, SubmittedPcs, SubmittedProcedure, score,
};

fn key(file: &str, n: usize) -> AnswerKey {
    let path = format!("{}/seed/cases/{file}", env!("CARGO_MANIFEST_DIR"));
    let set: CaseSetFile = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    set.cases[n].key.clone()
}

fn submission(k: &AnswerKey) -> Submission {
    Submission {
        diagnoses: k
            .diagnoses
            .iter()
            .map(|d| SubmittedDiagnosis {
                code: d.code.replace('.', ""),
                poa: d.poa.clone(),
            })
            .collect(),
        procedures: k
            .procedures
            .iter()
            .map(|p| SubmittedProcedure {
                system: p.system.clone(),
                code: p.code.clone(),
                modifiers: p.modifiers.clone(),
                units: p.units,
                pointers: p.pointers.clone(),
            })
            .collect(),
        pcs: k
            .pcs
            .iter()
            .map(|p| SubmittedPcs {
                code: p.code.clone(),
                principal: p.principal,
            })
            .collect(),
        drg: k.expected_drg.clone(),
        grouped_drg: k.expected_drg.clone(),
        conditions: vec![],
    }
}

fn benches(c: &mut Criterion) {
    for (name, file, n) in [
        ("outpatient", "cpc-em-medicine.json", 1),
        ("inpatient", "ccs-inpatient.json", 7),
    ] {
        let k = key(file, n);
        let perfect = submission(&k);
        let mut damaged = perfect.clone();
        damaged.diagnoses.reverse();
        damaged.diagnoses.push(SubmittedDiagnosis {
            code: "R69".into(),
            poa: None,
        });
        if let Some(p) = damaged.procedures.first_mut() {
            p.modifiers.push("59".into());
        }
        let policy = Policy::default();
        c.bench_function(&format!("score_{name}_perfect"), |b| {
            b.iter(|| black_box(score(&k, black_box(&perfect), &policy).percent))
        });
        c.bench_function(&format!("score_{name}_damaged"), |b| {
            b.iter(|| black_box(score(&k, black_box(&damaged), &policy).percent))
        });
    }
}

criterion_group!(scoring, benches);
criterion_main!(scoring);
