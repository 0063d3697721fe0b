//! Progress: a trainee's scored attempts summed up by skill tag and by ICD-10-CM chapter /
//! CPT section, with time per case and the trend of recent scores. Pure.

use super::scoring::{LineKind, ScoreReport, Verdict};
use std::collections::BTreeMap;

/// One scored attempt, as progress needs it.
pub struct ScoredAttempt<'a> {
    pub skill_tags: &'a [String],
    pub percent: f64,
    pub minutes: f64,
    pub report: &'a ScoreReport,
}

/// Points over possible points for one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accuracy {
    pub label: String,
    pub attempts: usize,
    pub earned: f64,
    pub possible: f64,
}

impl Accuracy {
    /// 0–100.
    pub fn percent(&self) -> f64 {
        if self.possible > 0.0 {
            100.0 * self.earned / self.possible
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub attempts: usize,
    pub average_percent: f64,
    pub average_minutes: f64,
    pub by_skill: Vec<Accuracy>,
    /// ICD-10-CM chapters (`ICD-10-CM chapter 4`) and CPT sections (`CPT EM`).
    pub by_code_group: Vec<Accuracy>,
    /// The last ten scores, oldest first.
    pub trend: Vec<f64>,
}

/// Sums up attempts (oldest first). `group_of` names the code group of a report line's code.
pub fn summarize(
    attempts: &[ScoredAttempt<'_>],
    group_of: &dyn Fn(LineKind, &str) -> Option<String>,
) -> Progress {
    let n = attempts.len();
    if n == 0 {
        return Progress::default();
    }
    let mut skills: BTreeMap<String, Accuracy> = BTreeMap::new();
    let mut groups: BTreeMap<String, Accuracy> = BTreeMap::new();
    for a in attempts {
        for t in a.skill_tags {
            let s = skills.entry(t.clone()).or_insert_with(|| Accuracy {
                label: t.clone(),
                ..Default::default()
            });
            s.attempts += 1;
            s.earned += a.report.earned;
            s.possible += a.report.possible;
        }
        let mut seen_here = Vec::new();
        for l in &a.report.lines {
            let Some(code) = l.expected.as_deref().or(l.submitted.as_deref()) else {
                continue;
            };
            // An optional key line coded had nothing at stake (0 of 0): not a miss.
            if l.verdict == Verdict::Correct && l.max_points == 0.0 {
                continue;
            }
            let Some(g) = group_of(l.kind, code) else {
                continue;
            };
            let acc = groups.entry(g.clone()).or_insert_with(|| Accuracy {
                label: g.clone(),
                ..Default::default()
            });
            if !seen_here.contains(&g) {
                acc.attempts += 1;
                seen_here.push(g);
            }
            acc.earned += l.points;
            acc.possible += l.max_points.max(1.0);
        }
    }
    Progress {
        attempts: n,
        average_percent: attempts.iter().map(|a| a.percent).sum::<f64>() / n as f64,
        average_minutes: attempts.iter().map(|a| a.minutes).sum::<f64>() / n as f64,
        by_skill: skills.into_values().collect(),
        by_code_group: groups.into_values().collect(),
        trend: attempts
            .iter()
            .rev()
            .take(10)
            .rev()
            .map(|a| a.percent)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::LineResult;

    fn line(kind: LineKind, code: &str, points: f64) -> LineResult {
        LineResult {
            kind,
            verdict: if points > 0.0 {
                Verdict::Correct
            } else {
                Verdict::Missing
            },
            issues: vec![],
            submitted: None,
            expected: Some(code.into()),
            points,
            max_points: 1.0,
            rationale: None,
            guideline: None,
            feedback: None,
            credit: None,
            condition: None,
        }
    }

    #[test]
    fn attempts_sum_up_by_skill_and_code_group() {
        let r1 = ScoreReport {
            lines: vec![
                line(LineKind::Diagnosis, "E1122", 1.0),
                line(LineKind::Procedure, "99214", 0.0),
            ],
            earned: 1.0,
            possible: 2.0,
            percent: 50.0,
            typed_drg: None,
            drg: None,
            risk: None,
        };
        let r2 = ScoreReport {
            lines: vec![
                line(LineKind::Diagnosis, "E119", 1.0),
                line(LineKind::Procedure, "99213", 1.0),
            ],
            earned: 2.0,
            possible: 2.0,
            percent: 100.0,
            typed_drg: None,
            drg: None,
            risk: None,
        };
        let em = vec!["CPC:EM".to_owned(), "CPC:ICD10CM".to_owned()];
        let attempts = [
            ScoredAttempt {
                skill_tags: &em,
                percent: 50.0,
                minutes: 10.0,
                report: &r1,
            },
            ScoredAttempt {
                skill_tags: &em[..1],
                percent: 100.0,
                minutes: 20.0,
                report: &r2,
            },
        ];
        let group = |k: LineKind, c: &str| match k {
            LineKind::Diagnosis => Some(format!("ICD-10-CM {}", &c[..1])),
            _ => Some("CPT EM".to_owned()),
        };
        let p = summarize(&attempts, &group);
        assert_eq!(
            (p.attempts, p.average_percent, p.average_minutes),
            (2, 75.0, 15.0)
        );
        let em = p.by_skill.iter().find(|a| a.label == "CPC:EM").unwrap();
        assert_eq!((em.attempts, em.percent()), (2, 75.0));
        let icd = p
            .by_skill
            .iter()
            .find(|a| a.label == "CPC:ICD10CM")
            .unwrap();
        assert_eq!((icd.attempts, icd.percent()), (1, 50.0));
        let cpt = p
            .by_code_group
            .iter()
            .find(|a| a.label == "CPT EM")
            .unwrap();
        assert_eq!((cpt.attempts, cpt.percent()), (2, 50.0));
        assert_eq!(p.trend, vec![50.0, 100.0]);
        assert_eq!(summarize(&[], &group), Progress::default());
    }

    #[test]
    fn an_optional_line_coded_is_not_a_miss_of_its_group() {
        let mut optional = line(LineKind::Diagnosis, "N1831", 0.0);
        (optional.verdict, optional.max_points) = (Verdict::Correct, 0.0);
        let extra = LineResult {
            verdict: Verdict::Extra,
            max_points: 0.0,
            ..line(LineKind::Diagnosis, "N390", 0.0)
        };
        let report = ScoreReport {
            lines: vec![line(LineKind::Diagnosis, "N179", 1.0), optional, extra],
            earned: 1.0,
            possible: 1.0,
            percent: 100.0,
            typed_drg: None,
            drg: None,
            risk: None,
        };
        let attempts = [ScoredAttempt {
            skill_tags: &[],
            percent: 100.0,
            minutes: 5.0,
            report: &report,
        }];
        let p = summarize(&attempts, &|_, c: &str| {
            Some(format!("ICD-10-CM {}", &c[..1]))
        });
        // The right code counts, the optional one is left out, the extra code still costs.
        let n = &p.by_code_group[0];
        assert_eq!(
            (n.label.as_str(), n.earned, n.possible),
            ("ICD-10-CM N", 1.0, 2.0)
        );
    }
}
