//! Grading an exam attempt: a single-best-answer item earns its point when the one answer is
//! chosen; a select-all-that-apply item earns (right choices − wrong choices) ÷ right answers,
//! never below zero. The report totals by section and by skill tag, against the pass mark.

use super::ItemKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What grading needs of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFacts {
    pub id: i32,
    pub kind: ItemKind,
    pub section: String,
    pub skill_tags: Vec<String>,
    pub answer: Vec<String>,
}

/// Points (0–1) for the options chosen.
pub fn points(kind: ItemKind, answer: &[String], selected: &[String]) -> f64 {
    let mut chosen: Vec<&String> = selected.iter().collect();
    chosen.sort();
    chosen.dedup();
    match kind {
        ItemKind::Single => f64::from(u8::from(chosen.len() == 1 && answer.contains(chosen[0]))),
        ItemKind::Multi => {
            let right = chosen.iter().filter(|c| answer.contains(c)).count() as f64;
            let wrong = chosen.len() as f64 - right;
            ((right - wrong) / answer.len().max(1) as f64).max(0.0)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub name: String,
    pub earned: f64,
    pub possible: f64,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub position: u32,
    pub item_id: i32,
    pub section: String,
    pub selected: Vec<String>,
    pub answer: Vec<String>,
    pub earned: f64,
    /// For a CASE or CLAIM item: what the candidate coded or did, line by line, against the key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<DetailLine>,
}

/// One line of what a candidate did on a CASE or CLAIM item, against the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailLine {
    /// DIAGNOSIS, PROCEDURE, PCS or DRG for coding; the action (SUBMIT, CORRECTED_CLAIM,
    /// APPEAL, …) for a claim step.
    pub kind: String,
    /// The code entered (coding), or the step's outcome (claim work).
    pub submitted: Option<String>,
    /// The key's code (coding), or the scenario's remedy (claim work).
    pub expected: Option<String>,
    /// The line's verdict (CORRECT, PARTIAL, MISSING, EXTRA, …) or RIGHT/WRONG for a step.
    pub verdict: String,
    pub points: f64,
    pub message: String,
}

/// A coding report as detail lines.
pub fn coding_detail(report: &crate::domain::scoring::ScoreReport) -> Vec<DetailLine> {
    let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    report
        .lines
        .iter()
        .map(|l| DetailLine {
            kind: name(serde_json::to_value(l.kind).unwrap_or_default()),
            submitted: l.submitted.clone(),
            expected: l.expected.clone(),
            verdict: name(serde_json::to_value(l.verdict).unwrap_or_default()),
            points: l.points,
            message: l
                .feedback
                .clone()
                .or_else(|| l.rationale.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// A claim-work verdict as detail lines, one per step.
pub fn claim_detail(v: &crate::domain::claims::work::Verdict) -> Vec<DetailLine> {
    let expected = v.expected_remedy.map(|r| r.as_str().to_owned());
    v.notes
        .iter()
        .map(|n| DetailLine {
            kind: n.action.clone(),
            submitted: Some(n.outcome.clone()),
            expected: expected.clone(),
            verdict: if n.correct { "RIGHT" } else { "WRONG" }.into(),
            points: 0.0,
            message: n.message.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub earned: f64,
    pub possible: f64,
    pub percent: f64,
    pub passed: bool,
    /// How many items had an answer saved in time.
    pub answered: u32,
    pub sections: Vec<Part>,
    pub skills: Vec<Part>,
    pub lines: Vec<Line>,
}

fn part(name: &str, (earned, possible): (f64, f64)) -> Part {
    Part {
        name: name.to_owned(),
        earned,
        possible,
        percent: if possible > 0.0 {
            100.0 * earned / possible
        } else {
            0.0
        },
    }
}

/// One graded position of an attempt: a question scored by `points`, or a coding case scored
/// by the scoring engine (its percent ÷ 100).
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub item_id: i32,
    pub section: String,
    pub skill_tags: Vec<String>,
    pub selected: Vec<String>,
    pub answer: Vec<String>,
    pub earned: f64,
    pub answered: bool,
    /// What was coded or done on a CASE or CLAIM item (empty for a question).
    pub detail: Vec<DetailLine>,
}

/// Grades the items of a form (in order) against the answers saved in time (`None`: none).
pub fn grade(items: &[ItemFacts], answers: &[Option<Vec<String>>], pass_percent: u32) -> Report {
    let scored = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let selected = answers.get(i).cloned().flatten().unwrap_or_default();
            Scored {
                item_id: item.id,
                section: item.section.clone(),
                skill_tags: item.skill_tags.clone(),
                earned: points(item.kind, &item.answer, &selected),
                answered: !selected.is_empty(),
                selected,
                answer: item.answer.clone(),
                detail: Vec::new(),
            }
        })
        .collect();
    report(scored, pass_percent)
}

/// Totals scored positions by section and skill, against the pass mark.
pub fn report(scored: Vec<Scored>, pass_percent: u32) -> Report {
    let mut sections: Vec<(String, (f64, f64))> = Vec::new();
    let mut skills: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut lines = Vec::with_capacity(scored.len());
    let (mut earned, mut answered) = (0.0, 0);
    let possible = scored.len() as f64;
    for (i, s) in scored.into_iter().enumerate() {
        answered += u32::from(s.answered);
        earned += s.earned;
        match sections.iter_mut().find(|(n, _)| n == &s.section) {
            Some((_, t)) => {
                t.0 += s.earned;
                t.1 += 1.0;
            }
            None => sections.push((s.section.clone(), (s.earned, 1.0))),
        }
        for tag in &s.skill_tags {
            let t = skills.entry(tag.clone()).or_default();
            t.0 += s.earned;
            t.1 += 1.0;
        }
        lines.push(Line {
            position: i as u32 + 1,
            item_id: s.item_id,
            section: s.section,
            selected: s.selected,
            answer: s.answer,
            earned: s.earned,
            detail: s.detail,
        });
    }
    let percent = if possible > 0.0 {
        100.0 * earned / possible
    } else {
        0.0
    };
    Report {
        earned,
        possible,
        percent,
        passed: percent + 1e-9 >= f64::from(pass_percent),
        answered,
        sections: sections.iter().map(|(n, t)| part(n, *t)).collect(),
        skills: skills.iter().map(|(n, t)| part(n, *t)).collect(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn single_and_multi_points() {
        assert_eq!(points(ItemKind::Single, &s(&["B"]), &s(&["B"])), 1.0);
        assert_eq!(points(ItemKind::Single, &s(&["B"]), &s(&["A"])), 0.0);
        assert_eq!(points(ItemKind::Single, &s(&["B"]), &s(&["A", "B"])), 0.0);
        assert_eq!(points(ItemKind::Single, &s(&["B"]), &[]), 0.0);
        let ans = s(&["A", "C", "D"]);
        assert_eq!(points(ItemKind::Multi, &ans, &s(&["A", "C", "D"])), 1.0);
        assert!((points(ItemKind::Multi, &ans, &s(&["A", "C"])) - 2.0 / 3.0).abs() < 1e-9);
        assert!((points(ItemKind::Multi, &ans, &s(&["A", "C", "B"])) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(points(ItemKind::Multi, &ans, &s(&["B", "E", "A"])), 0.0);
        assert_eq!(
            points(ItemKind::Multi, &ans, &s(&["A", "A", "C", "D"])),
            1.0
        );
    }

    #[test]
    fn report_by_section_skill_and_pass_mark() {
        let item = |id, section: &str, tag: &str| ItemFacts {
            id,
            kind: ItemKind::Single,
            section: section.into(),
            skill_tags: s(&[tag]),
            answer: s(&["A"]),
        };
        let items = vec![
            item(1, "EM", "CPC:EM"),
            item(2, "EM", "CPC:EM"),
            item(3, "RADIOLOGY", "CPC:RADIOLOGY"),
            item(4, "RADIOLOGY", "CPC:RADIOLOGY"),
        ];
        let answers = vec![Some(s(&["A"])), Some(s(&["B"])), Some(s(&["A"])), None];
        let r = grade(&items, &answers, 70);
        assert_eq!(
            (r.earned, r.possible, r.percent, r.passed, r.answered),
            (2.0, 4.0, 50.0, false, 3)
        );
        assert_eq!(
            r.sections
                .iter()
                .map(|p| (p.name.as_str(), p.percent))
                .collect::<Vec<_>>(),
            vec![("EM", 50.0), ("RADIOLOGY", 50.0)]
        );
        let all = vec![Some(s(&["A"])); 4];
        let r = grade(&items[..], &all[..], 70);
        assert!(r.passed);
        let three = grade(
            &items,
            &[Some(s(&["A"])), Some(s(&["A"])), Some(s(&["A"])), None],
            75,
        );
        assert!(three.passed, "exactly the pass mark passes");
    }
}
