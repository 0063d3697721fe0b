//! Item analysis over the sittings of a form: difficulty (p-value: mean points of those who
//! saw the item), discrimination (p of the top 27 % of sittings by total score minus p of the
//! bottom 27 %), how often each option was chosen, and flags for suspect keys. Also the
//! percentile of a score among others.

use serde::Serialize;
use std::collections::HashMap;

/// One sitting: its total percent and, per item seen, the points and options chosen.
#[derive(Debug, Clone)]
pub struct Sitting {
    pub total: f64,
    pub responses: HashMap<i32, (f64, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionCount {
    pub key: String,
    pub count: u32,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemStats {
    pub item_id: i32,
    /// Sittings that saw the item.
    pub n: u32,
    pub p_value: Option<f64>,
    pub discrimination: Option<f64>,
    pub options: Vec<OptionCount>,
    pub flags: Vec<String>,
}

/// Share of sittings in each of the upper and lower groups.
pub const GROUP: f64 = 0.27;

/// Analyses each item (`id`, its option keys, its answer keys) over the sittings.
pub fn analyse(items: &[(i32, Vec<String>, Vec<String>)], sittings: &[Sitting]) -> Vec<ItemStats> {
    let mut ranked: Vec<&Sitting> = sittings.iter().collect();
    ranked.sort_by(|a, b| b.total.total_cmp(&a.total));
    let g = ((ranked.len() as f64 * GROUP).round() as usize).max(1);
    let (upper, lower) = if ranked.len() >= 2 {
        (
            &ranked[..g.min(ranked.len() / 2)],
            &ranked[ranked.len() - g.min(ranked.len() / 2)..],
        )
    } else {
        (&ranked[..0], &ranked[..0])
    };
    let mean = |group: &[&Sitting], id: i32| -> Option<f64> {
        let seen: Vec<f64> = group
            .iter()
            .filter_map(|s| s.responses.get(&id).map(|r| r.0))
            .collect();
        (!seen.is_empty()).then(|| seen.iter().sum::<f64>() / seen.len() as f64)
    };
    items
        .iter()
        .map(|(id, keys, answer)| {
            let seen: Vec<&(f64, Vec<String>)> = sittings
                .iter()
                .filter_map(|s| s.responses.get(id))
                .collect();
            let p = mean(&ranked, *id);
            let d = match (mean(upper, *id), mean(lower, *id)) {
                (Some(u), Some(l)) => Some(u - l),
                _ => None,
            };
            let options: Vec<OptionCount> = keys
                .iter()
                .map(|k| OptionCount {
                    key: k.clone(),
                    count: seen.iter().filter(|r| r.1.contains(k)).count() as u32,
                    correct: answer.contains(k),
                })
                .collect();
            let mut flags = Vec::new();
            if seen.len() >= 5 {
                if p.is_some_and(|p| p < 0.2) {
                    flags.push("very few answer it right: check the key".to_owned());
                }
                if d.is_some_and(|d| d < 0.0) {
                    flags.push(
                        "weaker candidates do better than stronger ones: check the key".to_owned(),
                    );
                }
                let best_key = options
                    .iter()
                    .filter(|o| o.correct)
                    .map(|o| o.count)
                    .max()
                    .unwrap_or(0);
                if options.iter().any(|o| !o.correct && o.count > best_key) {
                    flags.push("a distractor is chosen more often than the key".to_owned());
                }
            }
            ItemStats {
                item_id: *id,
                n: seen.len() as u32,
                p_value: p,
                discrimination: d,
                options,
                flags,
            }
        })
        .collect()
}

/// Percentile rank of `score` among `all` (which includes it): the share below plus half the
/// share tied, × 100.
pub fn percentile(score: f64, all: &[f64]) -> f64 {
    if all.is_empty() {
        return 0.0;
    }
    let below = all.iter().filter(|s| **s < score - 1e-9).count() as f64;
    let tied = all.iter().filter(|s| (**s - score).abs() <= 1e-9).count() as f64;
    100.0 * (below + tied / 2.0) / all.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sitting(total: f64, resp: &[(i32, f64, &str)]) -> Sitting {
        Sitting {
            total,
            responses: resp
                .iter()
                .map(|(id, p, k)| (*id, (*p, vec![(*k).to_owned()])))
                .collect(),
        }
    }

    #[test]
    fn p_value_discrimination_and_distractors_on_a_known_set() {
        // Ten sittings. Item 1: the top five right, the bottom five wrong (choosing B).
        // Item 2: everyone right. Item 3: only the bottom three right (a suspect key).
        let mut s = Vec::new();
        for i in 0..10 {
            let total = 100.0 - i as f64 * 10.0;
            let one = if i < 5 { (1, 1.0, "A") } else { (1, 0.0, "B") };
            let three = if i >= 7 { (3, 1.0, "C") } else { (3, 0.0, "D") };
            s.push(sitting(total, &[one, (2, 1.0, "A"), three]));
        }
        let keys = |k: &[&str]| k.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let items = vec![
            (1, keys(&["A", "B", "C", "D"]), keys(&["A"])),
            (2, keys(&["A", "B", "C", "D"]), keys(&["A"])),
            (3, keys(&["A", "B", "C", "D"]), keys(&["C"])),
        ];
        let r = analyse(&items, &s);
        // Groups of round(0.27 × 10) = 3.
        assert_eq!(r[0].p_value, Some(0.5));
        assert_eq!(r[0].discrimination, Some(1.0));
        assert_eq!(
            r[0].options.iter().map(|o| o.count).collect::<Vec<_>>(),
            vec![5, 5, 0, 0]
        );
        assert!(r[0].flags.is_empty());
        assert_eq!((r[1].p_value, r[1].discrimination), (Some(1.0), Some(0.0)));
        assert!((r[2].p_value.unwrap() - 0.3).abs() < 1e-9);
        assert_eq!(r[2].discrimination, Some(-1.0));
        assert_eq!(r[2].flags.len(), 2, "{:?}", r[2].flags);
    }

    #[test]
    fn percentile_ranks() {
        let all = [40.0, 55.0, 70.0, 70.0, 90.0];
        assert_eq!(percentile(90.0, &all), 90.0);
        assert_eq!(percentile(70.0, &all), 60.0);
        assert_eq!(percentile(40.0, &all), 10.0);
        assert_eq!(percentile(50.0, &[]), 0.0);
    }
}

/// One line of a case's answer key over the scored attempts of the case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseLineStats {
    /// DIAGNOSIS, PROCEDURE, PCS or DRG.
    pub kind: String,
    pub expected: String,
    pub stats: ItemStats,
}

/// Item analysis of every key line of a case: a line's points share is its p-value; the
/// "options" are the key's code and the wrong codes of the same kind entered in attempts that
/// missed the line, with how often each was entered.
pub fn case_lines(reports: &[crate::domain::scoring::ScoreReport]) -> Vec<CaseLineStats> {
    use crate::domain::scoring::Verdict;
    let kind_of = |k: crate::domain::scoring::LineKind| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut lines: Vec<(String, String)> = Vec::new();
    for r in reports {
        for l in &r.lines {
            if let Some(e) = &l.expected {
                let key = (kind_of(l.kind), e.clone());
                if !lines.contains(&key) {
                    lines.push(key);
                }
            }
        }
    }
    let mut sittings = Vec::with_capacity(reports.len());
    let mut wrong_codes: Vec<Vec<String>> = vec![Vec::new(); lines.len()];
    for r in reports {
        let mut responses = HashMap::new();
        for (id, (kind, expected)) in lines.iter().enumerate() {
            let Some(l) = r
                .lines
                .iter()
                .find(|l| &kind_of(l.kind) == kind && l.expected.as_ref() == Some(expected))
            else {
                continue;
            };
            let share = if l.max_points > 0.0 {
                l.points / l.max_points
            } else {
                0.0
            };
            let mut chosen: Vec<String> = Vec::new();
            if share >= 1.0 - 1e-9 {
                chosen.push(expected.clone());
            } else {
                if let Some(s) = l.submitted.as_ref().filter(|s| *s != expected) {
                    chosen.push(s.clone());
                }
                if l.verdict == Verdict::Missing {
                    chosen.extend(
                        r.lines
                            .iter()
                            .filter(|x| x.verdict == Verdict::Extra && &kind_of(x.kind) == kind)
                            .filter_map(|x| x.submitted.clone()),
                    );
                }
            }
            for c in &chosen {
                if c != expected && !wrong_codes[id].contains(c) {
                    wrong_codes[id].push(c.clone());
                }
            }
            responses.insert(id as i32, (share, chosen));
        }
        sittings.push(Sitting {
            total: r.percent,
            responses,
        });
    }
    let items: Vec<(i32, Vec<String>, Vec<String>)> = lines
        .iter()
        .enumerate()
        .map(|(id, (_, expected))| {
            let mut keys = vec![expected.clone()];
            keys.extend(wrong_codes[id].iter().cloned());
            (id as i32, keys, vec![expected.clone()])
        })
        .collect();
    analyse(&items, &sittings)
        .into_iter()
        .zip(lines)
        .map(|(stats, (kind, expected))| CaseLineStats {
            kind,
            expected,
            stats,
        })
        .collect()
}

#[cfg(test)]
mod case_line_tests {
    use super::*;
    use crate::domain::scoring::{LineKind, LineResult, ScoreReport, Verdict};

    fn line(
        kind: LineKind,
        verdict: Verdict,
        submitted: Option<&str>,
        expected: Option<&str>,
        points: f64,
    ) -> LineResult {
        LineResult {
            kind,
            verdict,
            issues: vec![],
            submitted: submitted.map(str::to_owned),
            expected: expected.map(str::to_owned),
            points,
            max_points: if expected.is_some() { 1.0 } else { 0.0 },
            rationale: None,
            guideline: None,
            feedback: None,
            credit: None,
            condition: None,
        }
    }

    #[test]
    fn key_lines_get_p_values_and_the_wrong_codes_entered_instead() {
        let right = ScoreReport {
            lines: vec![
                line(
                    LineKind::Diagnosis,
                    Verdict::Correct,
                    Some("E1122"),
                    Some("E1122"),
                    1.0,
                ),
                line(
                    LineKind::Procedure,
                    Verdict::Correct,
                    Some("99214"),
                    Some("99214"),
                    1.0,
                ),
            ],
            earned: 2.0,
            possible: 2.0,
            percent: 100.0,
            typed_drg: None,
            drg: None,
            risk: None,
        };
        let wrong = ScoreReport {
            lines: vec![
                line(
                    LineKind::Diagnosis,
                    Verdict::Missing,
                    None,
                    Some("E1122"),
                    0.0,
                ),
                line(LineKind::Diagnosis, Verdict::Extra, Some("E119"), None, 0.0),
                line(
                    LineKind::Procedure,
                    Verdict::Correct,
                    Some("99214"),
                    Some("99214"),
                    1.0,
                ),
            ],
            earned: 1.0,
            possible: 2.0,
            percent: 50.0,
            typed_drg: None,
            drg: None,
            risk: None,
        };
        let r = case_lines(&[right.clone(), wrong.clone(), wrong]);
        assert_eq!(r.len(), 2);
        let dx = &r[0];
        assert_eq!(
            (dx.kind.as_str(), dx.expected.as_str()),
            ("DIAGNOSIS", "E1122")
        );
        assert!((dx.stats.p_value.unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            dx.stats
                .options
                .iter()
                .map(|o| (o.key.as_str(), o.count, o.correct))
                .collect::<Vec<_>>(),
            vec![("E1122", 1, true), ("E119", 2, false)]
        );
        assert_eq!(r[1].stats.p_value, Some(1.0));
    }
}
