//! The scoring engine. Pure: a key, a submission and a policy in, an explained score out.

use super::{Issue, LineKind, LineResult, Policy, ScoreReport, Submission, Verdict};
use crate::domain::cases::{Alternate, AnswerKey};
use std::collections::{BTreeMap, BTreeSet};

fn norm(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '.' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Letters A–L to indexes.
fn letter_index(p: &str) -> Option<usize> {
    let b = *p.trim().as_bytes().first()?;
    (b.is_ascii_uppercase() && p.trim().len() == 1).then(|| (b - b'A') as usize)
}

/// The most alternate combinations tried; beyond it the first option of each group is used.
const MAX_COMBINATIONS: usize = 256;

/// Scores a submission: every combination of alternate options is tried and the best kept.
pub fn score(key: &AnswerKey, sub: &Submission, policy: &Policy) -> ScoreReport {
    let mut groups: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    let alts = key
        .diagnoses
        .iter()
        .map(|l| &l.alternate)
        .chain(key.procedures.iter().map(|l| &l.alternate))
        .chain(key.pcs.iter().map(|l| &l.alternate));
    for a in alts.flatten() {
        groups.entry(a.group.as_str()).or_default().insert(a.option);
    }
    let group_options: Vec<(&str, Vec<u32>)> = groups
        .into_iter()
        .map(|(g, o)| (g, o.into_iter().collect()))
        .collect();
    let combinations: usize = group_options
        .iter()
        .map(|(_, o)| o.len())
        .product::<usize>()
        .max(1);
    let mut best: Option<ScoreReport> = None;
    for n in 0..combinations.min(MAX_COMBINATIONS) {
        let mut chosen: BTreeMap<&str, u32> = BTreeMap::new();
        let mut rest = n;
        for (g, opts) in &group_options {
            chosen.insert(g, opts[rest % opts.len()]);
            rest /= opts.len();
        }
        let included = |a: &Option<Alternate>| {
            a.as_ref()
                .is_none_or(|a| chosen.get(a.group.as_str()) == Some(&a.option))
        };
        let report = score_one(key, sub, policy, &included);
        if best.as_ref().is_none_or(|b| report.percent > b.percent) {
            best = Some(report);
        }
    }
    best.unwrap_or_else(|| score_one(key, sub, policy, &|_| true))
}

/// Points earned and the denominator of one category.
#[derive(Default)]
struct Tally {
    earned: f64,
    entered: usize,
    expected: usize,
}

impl Tally {
    fn denominator(&self) -> f64 {
        self.entered.max(self.expected) as f64
    }
}

fn feedback_for(key: &AnswerKey, system: &str, code: &str) -> Option<String> {
    key.feedback
        .iter()
        .find(|f| {
            norm(&f.if_coded.code) == code
                && (f.if_coded.system.eq_ignore_ascii_case(system) || system.is_empty())
        })
        .map(|f| f.message.clone())
}

fn score_one(
    key: &AnswerKey,
    sub: &Submission,
    policy: &Policy,
    included: &dyn Fn(&Option<Alternate>) -> bool,
) -> ScoreReport {
    let mut lines = Vec::new();
    let key_dx_codes: Vec<String> = key.diagnoses.iter().map(|d| norm(&d.code)).collect();
    let sub_dx_codes: Vec<String> = sub.diagnoses.iter().map(|d| norm(&d.code)).collect();
    let required_dx: BTreeSet<&str> = key
        .diagnoses
        .iter()
        .zip(&key_dx_codes)
        .filter(|(d, _)| !d.optional && included(&d.alternate))
        .map(|(_, c)| c.as_str())
        .collect();

    // Diagnoses.
    let mut dx = Tally::default();
    let mut matched_key = vec![false; key.diagnoses.len()];
    for (si, s) in sub.diagnoses.iter().enumerate() {
        let code = &sub_dx_codes[si];
        let hit = key.diagnoses.iter().enumerate().find(|(ki, k)| {
            !matched_key[*ki] && included(&k.alternate) && key_dx_codes[*ki] == *code
        });
        let Some((ki, k)) = hit else {
            dx.entered += 1;
            lines.push(LineResult {
                kind: LineKind::Diagnosis,
                verdict: Verdict::Extra,
                issues: vec![],
                submitted: Some(code.clone()),
                expected: None,
                points: 0.0,
                max_points: 0.0,
                rationale: None,
                guideline: None,
                feedback: feedback_for(key, "ICD10CM", code),
                credit: None,
                condition: None,
            });
            continue;
        };
        matched_key[ki] = true;
        if k.optional {
            lines.push(line(
                LineKind::Diagnosis,
                Verdict::Correct,
                vec![],
                code,
                &key_dx_codes[ki],
                0.0,
                0.0,
                &k.rationale,
                &k.guideline,
            ));
            continue;
        }
        dx.entered += 1;
        let mut issues = Vec::new();
        let mut points: f64 = 1.0;
        let principal = k.role != "SECONDARY";
        if principal != (si == 0) && principal {
            issues.push(Issue::Sequence);
            points -= policy.sequence_penalty;
        }
        if let Some(want) = &k.poa
            && s.poa.as_deref() != Some(want.as_str())
        {
            issues.push(Issue::Poa);
            points -= policy.poa_penalty;
        }
        let verdict = match issues.first() {
            None => Verdict::Correct,
            Some(Issue::Sequence) => Verdict::WrongSequence,
            Some(_) => Verdict::WrongPoa,
        };
        let points = points.max(0.0);
        dx.earned += points;
        lines.push(line(
            LineKind::Diagnosis,
            verdict,
            issues,
            code,
            &key_dx_codes[ki],
            points,
            1.0,
            &k.rationale,
            &k.guideline,
        ));
    }
    for (ki, k) in key.diagnoses.iter().enumerate() {
        if !matched_key[ki] && !k.optional && included(&k.alternate) {
            dx.expected += 1;
            lines.push(missing(
                LineKind::Diagnosis,
                &key_dx_codes[ki],
                &k.rationale,
                &k.guideline,
            ));
        } else if matched_key[ki] && !k.optional {
            dx.expected += 1;
        }
    }

    // Procedures.
    let mut px = Tally::default();
    let mut matched_px = vec![false; key.procedures.len()];
    for s in &sub.procedures {
        let code = norm(&s.code);
        let mods: BTreeSet<String> = s.modifiers.iter().map(|m| norm(m)).collect();
        let candidates: Vec<usize> = key
            .procedures
            .iter()
            .enumerate()
            .filter(|(ki, k)| {
                !matched_px[*ki]
                    && included(&k.alternate)
                    && norm(&k.code) == code
                    && k.system.eq_ignore_ascii_case(&s.system)
            })
            .map(|(ki, _)| ki)
            .collect();
        let key_mods = |ki: usize| -> BTreeSet<String> {
            key.procedures[ki]
                .modifiers
                .iter()
                .map(|m| norm(m))
                .collect()
        };
        let pick = candidates
            .iter()
            .copied()
            .find(|&ki| key_mods(ki) == mods && key.procedures[ki].units == s.units)
            .or_else(|| candidates.iter().copied().find(|&ki| key_mods(ki) == mods))
            .or_else(|| candidates.first().copied());
        let Some(ki) = pick else {
            px.entered += 1;
            lines.push(LineResult {
                kind: LineKind::Procedure,
                verdict: Verdict::Extra,
                issues: vec![],
                submitted: Some(code.clone()),
                expected: None,
                points: 0.0,
                max_points: 0.0,
                rationale: None,
                guideline: None,
                feedback: feedback_for(key, &s.system, &code),
                credit: None,
                condition: None,
            });
            continue;
        };
        matched_px[ki] = true;
        let k = &key.procedures[ki];
        if k.optional {
            lines.push(line(
                LineKind::Procedure,
                Verdict::Correct,
                vec![],
                &code,
                &code,
                0.0,
                0.0,
                &k.rationale,
                &k.guideline,
            ));
            continue;
        }
        px.entered += 1;
        let mut issues = Vec::new();
        if key_mods(ki) != mods {
            issues.push(Issue::Modifier);
        }
        if k.units != s.units {
            issues.push(Issue::Units);
        }
        let mut points = if issues.is_empty() {
            1.0
        } else {
            policy.partial_credit
        };
        let key_ptrs: Vec<&str> = k
            .pointers
            .iter()
            .filter_map(|p| letter_index(p))
            .filter_map(|i| key_dx_codes.get(i))
            .map(String::as_str)
            .collect();
        let sub_ptrs: Vec<&str> = s
            .pointers
            .iter()
            .filter_map(|p| letter_index(p))
            .filter_map(|i| sub_dx_codes.get(i))
            .map(String::as_str)
            .collect();
        // Only the diagnoses the trainee coded can be pointed at; a missing one already costs
        // its own line. The key's first-listed link must come first.
        let coded: Vec<&str> = key_ptrs
            .iter()
            .copied()
            .filter(|c| sub_dx_codes.iter().any(|s| s == c))
            .collect();
        let first_ok = coded.first().is_none_or(|c| sub_ptrs.first() == Some(c));
        let all_required = coded
            .iter()
            .filter(|c| required_dx.contains(**c))
            .all(|c| sub_ptrs.contains(c));
        if !(first_ok && all_required) {
            issues.push(Issue::Pointer);
            points -= policy.pointer_penalty;
        }
        let verdict = match (
            issues.is_empty(),
            issues.iter().all(|i| *i == Issue::Pointer),
        ) {
            (true, _) => Verdict::Correct,
            (false, true) => Verdict::WrongPointer,
            (false, false) => Verdict::Partial,
        };
        let points = points.max(0.0);
        px.earned += points;
        lines.push(line(
            LineKind::Procedure,
            verdict,
            issues,
            &code,
            &code,
            points,
            1.0,
            &k.rationale,
            &k.guideline,
        ));
    }
    for (ki, k) in key.procedures.iter().enumerate() {
        if k.optional || !included(&k.alternate) {
            continue;
        }
        px.expected += 1;
        if !matched_px[ki] {
            lines.push(missing(
                LineKind::Procedure,
                &norm(&k.code),
                &k.rationale,
                &k.guideline,
            ));
        }
    }

    // ICD-10-PCS.
    let mut pcs = Tally::default();
    let mut matched_pcs = vec![false; key.pcs.len()];
    for s in &sub.pcs {
        let code = norm(&s.code);
        let hit =
            key.pcs.iter().enumerate().find(|(ki, k)| {
                !matched_pcs[*ki] && included(&k.alternate) && norm(&k.code) == code
            });
        let Some((ki, k)) = hit else {
            pcs.entered += 1;
            lines.push(LineResult {
                kind: LineKind::Pcs,
                verdict: Verdict::Extra,
                issues: vec![],
                submitted: Some(code.clone()),
                expected: None,
                points: 0.0,
                max_points: 0.0,
                rationale: None,
                guideline: None,
                feedback: feedback_for(key, "ICD10PCS", &code),
                credit: None,
                condition: None,
            });
            continue;
        };
        matched_pcs[ki] = true;
        if k.optional {
            lines.push(line(
                LineKind::Pcs,
                Verdict::Correct,
                vec![],
                &code,
                &code,
                0.0,
                0.0,
                &k.rationale,
                &k.guideline,
            ));
            continue;
        }
        pcs.entered += 1;
        let (verdict, issues, points) = if k.principal && !s.principal {
            (
                Verdict::WrongSequence,
                vec![Issue::Sequence],
                (1.0 - policy.sequence_penalty).max(0.0),
            )
        } else {
            (Verdict::Correct, vec![], 1.0)
        };
        pcs.earned += points;
        lines.push(line(
            LineKind::Pcs,
            verdict,
            issues,
            &code,
            &code,
            points,
            1.0,
            &k.rationale,
            &k.guideline,
        ));
    }
    for (ki, k) in key.pcs.iter().enumerate() {
        if k.optional || !included(&k.alternate) {
            continue;
        }
        pcs.expected += 1;
        if !matched_pcs[ki] {
            lines.push(missing(
                LineKind::Pcs,
                &norm(&k.code),
                &k.rationale,
                &k.guideline,
            ));
        }
    }

    // MS-DRG: the DRG the trainee's codes group to (set by the grouper) is scored; a DRG the
    // trainee typed gets its own verdict outside the percent.
    let same =
        |a: &str, b: &str| a.trim().trim_start_matches('0') == b.trim().trim_start_matches('0');
    let mut drg = Tally::default();
    let mut typed_drg = None;
    if let Some(want) = &key.expected_drg {
        drg.expected = 1;
        let got = sub.grouped_drg.as_deref().map(str::trim);
        let ok = got.is_some_and(|g| same(g, want));
        if got.is_some() {
            drg.entered = 1;
        }
        if ok {
            drg.earned = 1.0;
        }
        lines.push(LineResult {
            kind: LineKind::Drg,
            verdict: if ok { Verdict::Correct } else { Verdict::Missing },
            issues: vec![],
            submitted: got.map(str::to_owned),
            expected: Some(want.clone()),
            points: drg.earned,
            max_points: 1.0,
            rationale: Some("The MS-DRG your codes group to (Practicum's grouper: principal diagnosis, procedures, CC/MCC secondaries with their POA, discharge status) against the key's.".into()),
            guideline: Some("CMS MS-DRG Definitions Manual v43/v44".into()),
            feedback: None,
            credit: None,
            condition: None,
        });
        if let Some(typed) = sub.drg.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let ok = same(typed, want);
            typed_drg = Some(LineResult {
                kind: LineKind::Drg,
                verdict: if ok {
                    Verdict::Correct
                } else {
                    Verdict::Missing
                },
                issues: vec![],
                submitted: Some(typed.to_owned()),
                expected: Some(want.clone()),
                points: if ok { 1.0 } else { 0.0 },
                max_points: 1.0,
                rationale: Some(match got {
                    Some(g) if same(g, typed) => {
                        "The DRG you typed is the one your codes group to.".to_owned()
                    }
                    Some(g) => format!("Your codes group to DRG {g}, not the {typed} you typed."),
                    None => "Your codes could not be grouped.".to_owned(),
                }),
                guideline: Some("Practice field: not part of the percent".into()),
                feedback: None,
                credit: None,
                condition: None,
            });
        }
    }

    let weighted = [
        (policy.diagnosis_weight, &dx),
        (policy.procedure_weight, &px),
        (policy.pcs_weight, &pcs),
        (policy.drg_weight, &drg),
    ];
    let earned: f64 = weighted.iter().map(|(w, t)| w * t.earned).sum();
    let possible: f64 = weighted.iter().map(|(w, t)| w * t.denominator()).sum();
    let percent = if possible > 0.0 {
        (100.0 * earned / possible).clamp(0.0, 100.0)
    } else {
        100.0
    };
    ScoreReport {
        lines,
        earned,
        possible,
        percent,
        typed_drg,
        drg: None,
        risk: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn line(
    kind: LineKind,
    verdict: Verdict,
    issues: Vec<Issue>,
    submitted: &str,
    expected: &str,
    points: f64,
    max_points: f64,
    rationale: &str,
    guideline: &str,
) -> LineResult {
    LineResult {
        kind,
        verdict,
        issues,
        submitted: Some(submitted.to_owned()),
        expected: Some(expected.to_owned()),
        points,
        max_points,
        rationale: Some(rationale.to_owned()),
        guideline: Some(guideline.to_owned()),
        feedback: None,
        credit: None,
        condition: None,
    }
}

fn missing(kind: LineKind, expected: &str, rationale: &str, guideline: &str) -> LineResult {
    LineResult {
        kind,
        verdict: Verdict::Missing,
        issues: vec![],
        submitted: None,
        expected: Some(expected.to_owned()),
        points: 0.0,
        max_points: 1.0,
        rationale: Some(rationale.to_owned()),
        guideline: Some(guideline.to_owned()),
        feedback: None,
        credit: None,
        condition: None,
    }
}

/// Applies an instructor's manual credit to the line with these submitted and expected codes:
/// `right` gives it full credit (1 point), wrong takes its points away. The totals follow.
/// Returns false when no line matches.
pub fn apply_credit(
    report: &mut ScoreReport,
    submitted: Option<&str>,
    expected: Option<&str>,
    right: bool,
    reason: &str,
) -> bool {
    let Some(line) = report
        .lines
        .iter_mut()
        .find(|l| l.submitted.as_deref() == submitted && l.expected.as_deref() == expected)
    else {
        return false;
    };
    let new_points = if right { 1.0_f64.max(line.points) } else { 0.0 };
    report.earned += new_points - line.points;
    line.points = new_points;
    line.credit = Some(reason.to_owned());
    report.percent = if report.possible > 0.0 {
        (100.0 * report.earned / report.possible).clamp(0.0, 100.0)
    } else {
        100.0
    };
    true
}
