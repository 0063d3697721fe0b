//! Table tests of the scoring rules, and properties checked on submissions generated from
//! every answer key of the seeded library (seed/cases): the key scores 100 %, an empty
//! submission 0 %, an extra code never raises a score, reordering secondaries never changes
//! it, and every score stays within 0–100 %.

use super::*;
use crate::domain::cases::{Alternate, AnswerKey, CaseSetFile, DiagnosisLine, ProcedureLine};

fn dx(code: &str, role: &str) -> DiagnosisLine {
    DiagnosisLine {
        code: code.into(),
        role: role.into(),
        poa: None,
        optional: false,
        rationale: "r".into(),
        guideline: "g".into(),
        alternate: None,
    }
}

fn px(code: &str, mods: &[&str], units: u32, pointers: &[&str]) -> ProcedureLine {
    ProcedureLine {
        system: "CPT".into(),
        code: code.into(),
        modifiers: mods.iter().map(|m| m.to_string()).collect(),
        units,
        pointers: pointers.iter().map(|p| p.to_string()).collect(),
        optional: false,
        rationale: "r".into(),
        guideline: "g".into(),
        alternate: None,
    }
}

fn key(d: Vec<DiagnosisLine>, p: Vec<ProcedureLine>) -> AnswerKey {
    AnswerKey {
        diagnoses: d,
        procedures: p,
        pcs: vec![],
        expected_drg: None,
        drg_override_reason: None,
        feedback: vec![],
        conditions: vec![],
    }
}

fn sdx(code: &str) -> SubmittedDiagnosis {
    SubmittedDiagnosis {
        code: code.replace('.', ""),
        poa: None,
    }
}

fn spx(code: &str, mods: &[&str], units: u32, pointers: &[&str]) -> SubmittedProcedure {
    SubmittedProcedure {
        system: "CPT".into(),
        code: code.into(),
        modifiers: mods.iter().map(|m| m.to_string()).collect(),
        units,
        pointers: pointers.iter().map(|p| p.to_string()).collect(),
    }
}

fn pct(k: &AnswerKey, s: &Submission) -> f64 {
    (score(k, s, &Policy::default()).percent * 100.0).round() / 100.0
}

#[test]
fn practicode_formula_correct_over_max_of_entered_and_expected() {
    let k = key(
        vec![dx("E11.22", "FIRST_LISTED"), dx("I12.9", "SECONDARY")],
        vec![px("99214", &[], 1, &["A", "B"])],
    );
    let all = Submission {
        diagnoses: vec![sdx("E11.22"), sdx("I12.9")],
        procedures: vec![spx("99214", &[], 1, &["A", "B"])],
        ..Default::default()
    };
    assert_eq!(pct(&k, &all), 100.0);
    // Missing a code: 2 of 3.
    let missing = Submission {
        diagnoses: vec![sdx("E11.22")],
        ..all.clone()
    };
    assert_eq!(pct(&k, &missing), 66.67);
    // An extra diagnosis: dx 2 of max(3, 2) = 3, px 1 of 1 → 3 of 4.
    let extra = Submission {
        diagnoses: vec![sdx("E11.22"), sdx("I12.9"), sdx("Z79.4")],
        ..all.clone()
    };
    assert_eq!(pct(&k, &extra), 75.0);
    // A wrong code earns nothing, whatever its modifiers: px 0 of 1.
    let wrong = Submission {
        procedures: vec![spx("99215", &[], 1, &["A", "B"])],
        ..all.clone()
    };
    assert_eq!(pct(&k, &wrong), 66.67);
    let r = score(&k, &wrong, &Policy::default());
    assert!(
        r.lines
            .iter()
            .any(|l| l.verdict == Verdict::Extra && l.submitted.as_deref() == Some("99215"))
    );
    assert!(
        r.lines
            .iter()
            .any(|l| l.verdict == Verdict::Missing && l.expected.as_deref() == Some("99214"))
    );
}

#[test]
fn right_code_with_wrong_modifier_or_units_earns_partial_credit() {
    let k = key(
        vec![dx("S61.411A", "FIRST_LISTED")],
        vec![px("12002", &["59"], 1, &["A"])],
    );
    let base = Submission {
        diagnoses: vec![sdx("S61.411A")],
        procedures: vec![spx("12002", &["59"], 1, &["A"])],
        ..Default::default()
    };
    assert_eq!(pct(&k, &base), 100.0);
    let no_mod = Submission {
        procedures: vec![spx("12002", &[], 1, &["A"])],
        ..base.clone()
    };
    let r = score(&k, &no_mod, &Policy::default());
    let line = r
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Procedure)
        .unwrap();
    assert_eq!(
        (line.verdict, line.issues.clone(), line.points),
        (Verdict::Partial, vec![Issue::Modifier], 0.5)
    );
    let units = Submission {
        procedures: vec![spx("12002", &["59"], 2, &["A"])],
        ..base.clone()
    };
    assert_eq!(
        score(&k, &units, &Policy::default()).lines[1].issues,
        vec![Issue::Units]
    );
    // Modifier order does not matter.
    let k2 = key(
        vec![dx("M17.0", "FIRST_LISTED")],
        vec![px("20610", &["50", "79"], 1, &["A"])],
    );
    let s2 = Submission {
        diagnoses: vec![sdx("M17.0")],
        procedures: vec![spx("20610", &["79", "50"], 1, &["A"])],
        ..Default::default()
    };
    assert_eq!(pct(&k2, &s2), 100.0);
}

#[test]
fn sequencing_pointers_and_poa() {
    let mut k = key(
        vec![
            dx("J18.9", "PRINCIPAL"),
            dx("E43", "SECONDARY"),
            dx("I10", "SECONDARY"),
        ],
        vec![],
    );
    for d in &mut k.diagnoses {
        d.poa = Some("Y".into());
    }
    let ok = |codes: &[&str]| Submission {
        diagnoses: codes
            .iter()
            .map(|c| SubmittedDiagnosis {
                code: c.replace('.', ""),
                poa: Some("Y".into()),
            })
            .collect(),
        ..Default::default()
    };
    assert_eq!(pct(&k, &ok(&["J18.9", "E43", "I10"])), 100.0);
    assert_eq!(
        pct(&k, &ok(&["J18.9", "I10", "E43"])),
        100.0,
        "secondaries in any order"
    );
    let r = score(&k, &ok(&["E43", "J18.9", "I10"]), &Policy::default());
    let principal = r
        .lines
        .iter()
        .find(|l| l.expected.as_deref() == Some("J189"))
        .unwrap();
    assert_eq!(principal.verdict, Verdict::WrongSequence);
    assert_eq!((r.earned, r.possible), (2.5, 3.0));
    let mut bad_poa = ok(&["J18.9", "E43", "I10"]);
    bad_poa.diagnoses[1].poa = Some("N".into());
    let r = score(&k, &bad_poa, &Policy::default());
    assert_eq!(r.lines[1].verdict, Verdict::WrongPoa);

    // Pointers are compared by the diagnoses they name, not by letter.
    let k = key(
        vec![dx("E11.9", "FIRST_LISTED"), dx("I10", "SECONDARY")],
        vec![px("99213", &[], 1, &["A", "B"])],
    );
    let s = Submission {
        diagnoses: vec![sdx("E11.9"), sdx("I10")],
        procedures: vec![spx("99213", &[], 1, &["B"])],
        ..Default::default()
    };
    let r = score(&k, &s, &Policy::default());
    let l = r
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Procedure)
        .unwrap();
    assert_eq!((l.verdict, l.points), (Verdict::WrongPointer, 0.75));
}

#[test]
fn optional_lines_never_lower_the_score_and_alternates_take_the_best_option() {
    let mut k = key(
        vec![dx("I10", "FIRST_LISTED"), dx("Z79.82", "SECONDARY")],
        vec![px("99213", &[], 1, &["A"])],
    );
    k.diagnoses[1].optional = true;
    let without = Submission {
        diagnoses: vec![sdx("I10")],
        procedures: vec![spx("99213", &[], 1, &["A"])],
        ..Default::default()
    };
    let with = Submission {
        diagnoses: vec![sdx("I10"), sdx("Z79.82")],
        ..without.clone()
    };
    assert_eq!(pct(&k, &without), 100.0);
    assert_eq!(pct(&k, &with), 100.0);

    // Either {99214-95} or {98006}.
    let mut k = key(
        vec![dx("F33.1", "FIRST_LISTED")],
        vec![px("99214", &["95"], 1, &["A"]), px("98006", &[], 1, &["A"])],
    );
    k.procedures[0].alternate = Some(Alternate {
        group: "g1".into(),
        option: 1,
    });
    k.procedures[1].alternate = Some(Alternate {
        group: "g1".into(),
        option: 2,
    });
    for choice in [
        spx("99214", &["95"], 1, &["A"]),
        spx("98006", &[], 1, &["A"]),
    ] {
        let s = Submission {
            diagnoses: vec![sdx("F33.1")],
            procedures: vec![choice],
            ..Default::default()
        };
        assert_eq!(pct(&k, &s), 100.0);
    }
    let both = Submission {
        diagnoses: vec![sdx("F33.1")],
        procedures: vec![
            spx("99214", &["95"], 1, &["A"]),
            spx("98006", &[], 1, &["A"]),
        ],
        ..Default::default()
    };
    assert_eq!(
        pct(&k, &both),
        66.67,
        "coding both ways makes one line extra"
    );
}

// ---- Properties on the seeded library -------------------------------------------------

fn library() -> Vec<AnswerKey> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/cases");
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let file: CaseSetFile =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            // Chart reviews (key.conditions) are scored by `score_review` (risk_tests.rs).
            keys.extend(
                file.cases
                    .into_iter()
                    .filter(|c| c.key.conditions.is_empty())
                    .map(|c| c.key),
            );
        }
    }
    assert!(keys.len() >= 60);
    keys
}

/// The submission a perfect trainee makes: every line of option 1 (and every optional line).
fn perfect(k: &AnswerKey) -> Submission {
    let take = |a: &Option<Alternate>| a.as_ref().is_none_or(|a| a.option == 1);
    let dx_lines: Vec<&DiagnosisLine> = k.diagnoses.iter().filter(|d| take(&d.alternate)).collect();
    let letter_of = |key_letter: &str| -> Option<String> {
        let i = (key_letter.as_bytes()[0] - b'A') as usize;
        let code = &k.diagnoses.get(i)?.code;
        let pos = dx_lines.iter().position(|d| &d.code == code)?;
        Some(((b'A' + pos as u8) as char).to_string())
    };
    Submission {
        diagnoses: dx_lines
            .iter()
            .map(|d| SubmittedDiagnosis {
                code: d.code.replace('.', ""),
                poa: d.poa.clone(),
            })
            .collect(),
        procedures: k
            .procedures
            .iter()
            .filter(|p| take(&p.alternate))
            .map(|p| SubmittedProcedure {
                system: p.system.clone(),
                code: p.code.clone(),
                modifiers: p.modifiers.clone(),
                units: p.units,
                pointers: p.pointers.iter().filter_map(|l| letter_of(l)).collect(),
            })
            .collect(),
        pcs: k
            .pcs
            .iter()
            .filter(|p| take(&p.alternate))
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

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A random, plausible-looking damaged version of a perfect submission.
fn mutate(s: &Submission, rng: &mut Rng) -> Submission {
    let mut m = s.clone();
    for _ in 0..rng.below(4) {
        match rng.below(6) {
            0 if !m.diagnoses.is_empty() => {
                // Remove a diagnosis as a claim form would: its pointers go, later letters shift.
                let i = rng.below(m.diagnoses.len());
                m.diagnoses.remove(i);
                let gone = (b'A' + i as u8) as char;
                for p in &mut m.procedures {
                    p.pointers = p
                        .pointers
                        .iter()
                        .filter(|l| !l.starts_with(gone))
                        .map(|l| {
                            let c = l.as_bytes()[0];
                            let shifted = if c > gone as u8 { c - 1 } else { c };
                            (shifted as char).to_string()
                        })
                        .collect();
                }
            }
            1 if !m.procedures.is_empty() => {
                let i = rng.below(m.procedures.len());
                m.procedures[i].modifiers.push("59".into());
            }
            2 if !m.procedures.is_empty() => {
                let i = rng.below(m.procedures.len());
                m.procedures[i].units += 1;
            }
            3 if !m.procedures.is_empty() => {
                let i = rng.below(m.procedures.len());
                m.procedures[i].pointers = vec!["A".into()];
            }
            4 => m.grouped_drg = Some("999".into()),
            _ => m.diagnoses.push(SubmittedDiagnosis {
                code: "R69".into(),
                poa: Some("Y".into()),
            }),
        }
    }
    m
}

#[test]
fn the_key_scores_100_and_an_empty_submission_0_for_every_seeded_case() {
    for k in library() {
        let r = score(&k, &perfect(&k), &Policy::default());
        assert!(
            (r.percent - 100.0).abs() < 1e-9,
            "{:?} → {}: {:?}",
            k.diagnoses[0].code,
            r.percent,
            r.lines
        );
        assert_eq!(
            score(&k, &Submission::default(), &Policy::default()).percent,
            0.0
        );
    }
}

#[test]
fn extra_codes_never_raise_and_scores_stay_in_range() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for k in library() {
        let p = perfect(&k);
        for _ in 0..40 {
            let s = mutate(&p, &mut rng);
            let before = score(&k, &s, &Policy::default()).percent;
            assert!((0.0..=100.0).contains(&before));
            let mut more = s.clone();
            // A diagnosis the key does not hold.
            let extra = ["Z0000", "Z9989", "Z7689"]
                .into_iter()
                .find(|c| k.diagnoses.iter().all(|d| d.code.replace('.', "") != *c))
                .unwrap_or("Z9989");
            more.diagnoses.push(SubmittedDiagnosis {
                code: extra.into(),
                poa: None,
            });
            more.procedures.push(SubmittedProcedure {
                system: "CPT".into(),
                code: "00000".into(),
                modifiers: vec![],
                units: 1,
                pointers: vec!["A".into()],
            });
            let after = score(&k, &more, &Policy::default()).percent;
            assert!(
                after <= before + 1e-9,
                "an extra code raised {before} to {after}"
            );
        }
    }
}

#[test]
fn reordering_secondary_diagnoses_never_changes_the_score() {
    let mut rng = Rng(42);
    for k in library() {
        let p = perfect(&k);
        if p.diagnoses.len() < 3 {
            continue;
        }
        for _ in 0..20 {
            let s = mutate(&p, &mut rng);
            if s.diagnoses.len() < 3 {
                continue;
            }
            // Shuffle the secondaries and re-letter the pointers to follow their diagnoses.
            let mut order: Vec<usize> = (1..s.diagnoses.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            order.insert(0, 0);
            let mut shuffled = s.clone();
            shuffled.diagnoses = order.iter().map(|&i| s.diagnoses[i].clone()).collect();
            let new_letter = |l: &str| -> String {
                let old = (l.as_bytes()[0] - b'A') as usize;
                let pos = order.iter().position(|&i| i == old).unwrap_or(old);
                ((b'A' + pos as u8) as char).to_string()
            };
            for p in &mut shuffled.procedures {
                p.pointers = p.pointers.iter().map(|l| new_letter(l)).collect();
            }
            let a = score(&k, &s, &Policy::default()).percent;
            let b = score(&k, &shuffled, &Policy::default()).percent;
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }
}
