//! The coding of a claim compared with the case's answer key, line by line: the diagnoses, each
//! line's code, modifiers, units and pointers, and the payer and identifiers it is sent with.
//! A payer may pay a claim coded wrong (a left knee for a right one, a higher E/M level than
//! the documentation supports); claim work counts that as a compliance failure, not a success.

use super::{Claim, pointer_index};
use crate::domain::cases::{AnswerKey, ProcedureLine};
use serde::Serialize;

/// What the claim should carry besides the key's coding.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub key: &'a AnswerKey,
    /// The payer profile slug that should receive the claim.
    pub payer: &'a str,
    /// The member ID of that payer's coverage.
    pub member_id: Option<&'a str>,
    /// The authorization number the payer has on file, when the service needs one.
    pub prior_authorization: Option<&'a str>,
}

/// One difference between the claim and the documented coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The claim's service line (1-based), or none for the claim's header.
    pub line: Option<u32>,
    /// DIAGNOSIS, CODE, MODIFIERS, UNITS, POINTERS, MISSING_LINE, PAYER, MEMBER_ID or
    /// PRIOR_AUTHORIZATION.
    pub field: &'static str,
    pub message: String,
}

fn plain(code: &str) -> String {
    code.replace('.', "").trim().to_uppercase()
}

fn key_says(key: &AnswerKey, code: &str) -> Option<String> {
    key.feedback
        .iter()
        .find(|f| plain(&f.if_coded.code) == plain(code))
        .map(|f| format!(" {}", f.message))
}

/// The documented diagnosis of the same condition (same category), if the claim's is not one.
fn same_condition<'a>(key: &'a AnswerKey, code: &str) -> Option<&'a str> {
    let c = plain(code);
    key.diagnoses
        .iter()
        .map(|d| d.code.as_str())
        .find(|k| plain(k).get(..3) == c.get(..3))
}

fn diagnosis_findings(claim: &Claim, key: &AnswerKey, out: &mut Vec<Finding>) {
    let documented: Vec<String> = key.diagnoses.iter().map(|d| plain(&d.code)).collect();
    for (i, d) in claim.diagnoses.iter().enumerate() {
        if documented.contains(&plain(&d.code)) {
            continue;
        }
        let letter = super::pointer_letter(i);
        let why = key_says(key, &d.code).unwrap_or_default();
        let message = match same_condition(key, &d.code) {
            Some(k) => format!(
                "diagnosis {letter} is {} where the documentation supports {k}: the same condition with another laterality or specificity is a coding error even when the payer pays it.{why}",
                d.code
            ),
            None => format!(
                "diagnosis {letter} ({}) is not documented for this encounter.{why}",
                d.code
            ),
        };
        out.push(Finding {
            line: None,
            field: "DIAGNOSIS",
            message,
        });
    }
    let billed: Vec<String> = claim.diagnoses.iter().map(|d| plain(&d.code)).collect();
    for d in key.diagnoses.iter().filter(|d| !d.optional) {
        let alternative_billed = d.alternate.as_ref().is_some_and(|a| {
            key.diagnoses.iter().any(|o| {
                o.alternate.as_ref().is_some_and(|b| b.group == a.group)
                    && billed.contains(&plain(&o.code))
            })
        });
        if !billed.contains(&plain(&d.code))
            && !alternative_billed
            && same_condition_billed(claim, &d.code).is_none()
        {
            out.push(Finding {
                line: None,
                field: "DIAGNOSIS",
                message: format!("the documented diagnosis {} is not on the claim", d.code),
            });
        }
    }
}

fn same_condition_billed<'a>(claim: &'a Claim, code: &str) -> Option<&'a str> {
    let c = plain(code);
    claim
        .diagnoses
        .iter()
        .map(|d| d.code.as_str())
        .find(|b| plain(b).get(..3) == c.get(..3))
}

/// The diagnosis codes a claim line's pointers name, each read as the documented code it
/// stands for (a wrong laterality is reported once, as a diagnosis, not again per pointer).
fn pointed_claim(claim: &Claim, key: &AnswerKey, pointers: &[String]) -> Vec<String> {
    let documented: Vec<String> = key.diagnoses.iter().map(|d| plain(&d.code)).collect();
    pointers
        .iter()
        .filter_map(|p| claim.pointed(p))
        .map(|d| {
            let c = plain(&d.code);
            match same_condition(key, &d.code) {
                Some(k) if !documented.contains(&c) => k.to_owned(),
                _ => d.code.clone(),
            }
        })
        .collect()
}

fn pointed_key(key: &AnswerKey, pointers: &[String]) -> Vec<String> {
    pointers
        .iter()
        .filter_map(|p| pointer_index(p).and_then(|i| key.diagnoses.get(i)))
        .map(|d| d.code.clone())
        .collect()
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|m| m.trim().to_uppercase()).collect();
    v.sort();
    v
}

/// E/M and other numbered families: 99215 billed where 99214 is documented is upcoding.
fn upcoded(billed: &str, documented: &str) -> bool {
    billed.len() == 5
        && documented.len() == 5
        && billed[..4] == documented[..4]
        && billed.chars().all(|c| c.is_ascii_digit())
        && documented.chars().all(|c| c.is_ascii_digit())
        && billed > documented
}

fn line_findings(claim: &Claim, key: &AnswerKey, out: &mut Vec<Finding>) {
    let mut matched: Vec<&ProcedureLine> = Vec::new();
    for (i, l) in claim.lines.iter().enumerate() {
        let n = i as u32 + 1;
        let found = key
            .procedures
            .iter()
            .find(|p| p.code == l.code && !matched.iter().any(|m| std::ptr::eq(*m, *p)));
        let Some(p) = found else {
            let message = match key.procedures.iter().find(|p| upcoded(&l.code, &p.code)) {
                Some(p) => format!(
                    "line {n} bills {} where the documentation supports {}: upcoding is a compliance failure even when the payer pays it",
                    l.code, p.code
                ),
                None => format!(
                    "line {n} bills {}, which the documentation does not support",
                    l.code
                ),
            };
            out.push(Finding {
                line: Some(n),
                field: "CODE",
                message,
            });
            continue;
        };
        matched.push(p);
        if sorted(&l.modifiers) != sorted(&p.modifiers) {
            out.push(Finding {
                line: Some(n),
                field: "MODIFIERS",
                message: format!(
                    "line {n} ({}) carries modifiers [{}] where the documentation supports [{}]",
                    l.code,
                    l.modifiers.join(", "),
                    p.modifiers.join(", ")
                ),
            });
        }
        if l.units != p.units {
            out.push(Finding {
                line: Some(n),
                field: "UNITS",
                message: format!(
                    "line {n} ({}) bills {} unit(s) where the documentation supports {}",
                    l.code, l.units, p.units
                ),
            });
        }
        let (got, want) = (
            pointed_claim(claim, key, &l.pointers),
            pointed_key(key, &p.pointers),
        );
        let canon = |v: &[String]| v.iter().map(|c| plain(c)).collect::<Vec<_>>();
        let (g, w) = (canon(&got), canon(&want));
        if g.first() != w.first() || sorted(&g) != sorted(&w) {
            out.push(Finding {
                line: Some(n),
                field: "POINTERS",
                message: format!(
                    "line {n} ({}) points to [{}] where the documentation supports [{}] (the first pointer is the reason for the service)",
                    l.code,
                    got.join(", "),
                    want.join(", ")
                ),
            });
        }
    }
    for p in key.procedures.iter().filter(|p| !p.optional) {
        let taken = matched.iter().any(|m| std::ptr::eq(*m, p));
        let alternative_taken = p.alternate.as_ref().is_some_and(|a| {
            matched.iter().any(|m| {
                m.alternate
                    .as_ref()
                    .is_some_and(|b| b.group == a.group && b.option != a.option)
            })
        });
        let replaced = claim.lines.iter().any(|l| upcoded(&l.code, &p.code));
        if !taken && !alternative_taken && !replaced {
            out.push(Finding {
                line: None,
                field: "MISSING_LINE",
                message: format!("the documented service {} is not billed", p.code),
            });
        }
    }
}

/// Every difference between `claim` and what it should be; empty when it is right.
pub fn compare(claim: &Claim, expected: &Expected<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if claim.payer != expected.payer {
        out.push(Finding {
            line: None,
            field: "PAYER",
            message: format!(
                "the claim went to {} but {} is the payer responsible for it",
                claim.payer, expected.payer
            ),
        });
    }
    if let Some(m) = expected.member_id
        && claim.insured.member_id.trim() != m
    {
        out.push(Finding {
            line: None,
            field: "MEMBER_ID",
            message: format!(
                "the member ID {} is not the one on the patient's card for this payer",
                claim.insured.member_id
            ),
        });
    }
    if let Some(a) = expected.prior_authorization
        && claim.prior_authorization.as_deref().map(str::trim) != Some(a)
    {
        out.push(Finding {
            line: None,
            field: "PRIOR_AUTHORIZATION",
            message: "the claim does not carry the authorization number the payer has on file (box 23, REF*G1)".into(),
        });
    }
    diagnosis_findings(claim, expected.key, &mut out);
    line_findings(claim, expected.key, &mut out);
    out
}

/// 100 with no finding, 25 off for each, never below 0.
pub fn score(findings: &[Finding]) -> u32 {
    100u32.saturating_sub(25 * findings.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> AnswerKey {
        serde_json::from_value(json!({
            "diagnoses": [
                {"code": "M17.11", "role": "FIRST_LISTED", "rationale": "r", "guideline": "g"},
                {"code": "E11.9", "role": "SECONDARY", "rationale": "r", "guideline": "g"}
            ],
            "procedures": [
                {"system": "CPT", "code": "99214", "modifiers": ["25"], "units": 1, "pointers": ["A", "B"], "rationale": "r", "guideline": "g"},
                {"system": "CPT", "code": "20610", "modifiers": ["RT"], "units": 1, "pointers": ["A"], "rationale": "r", "guideline": "g"}
            ]
        }))
        .unwrap()
    }

    /// A claim with `dx` and lines of (code, modifiers, units, pointers).
    fn claim(dx: &[&str], lines: &[(&str, &[&str], u32, &[&str])]) -> Claim {
        let person = json!({"firstName": "A", "lastName": "B", "dateOfBirth": null, "sex": "F", "address": null});
        let provider = json!({"name": "P", "npi": "1234567893", "taxonomy": null, "address": null, "taxId": null});
        serde_json::from_value(json!({
            "kind": "PROFESSIONAL", "frequency": "ORIGINAL", "originalReference": null,
            "payer": "medicare-part-b", "dateOfService": "2026-03-02", "placeOfService": "11",
            "patient": person, "insured": {"memberId": "1EG4", "groupNumber": null, "relationship": "SELF", "person": person},
            "billing": provider, "rendering": provider, "facility": null,
            "diagnoses": dx.iter().map(|c| json!({"code": c, "poa": null})).collect::<Vec<_>>(),
            "priorAuthorization": null,
            "lines": lines.iter().map(|(c, m, u, p)| json!({"dateOfService": "2026-03-02", "placeOfService": "11",
                "system": "CPT", "code": c, "modifiers": m, "units": u, "pointers": p, "chargeCents": 100, "revenueCode": null})).collect::<Vec<_>>(),
            "totalChargeCents": 200, "institutional": null
        }))
        .unwrap()
    }

    #[test]
    fn every_difference_from_the_key_is_one_finding_on_its_line() {
        let k = key();
        let exp = Expected {
            key: &k,
            payer: "medicare-part-b",
            member_id: Some("1EG4"),
            prior_authorization: None,
        };
        let right: &[(&str, &[&str], u32, &[&str])] = &[
            ("99214", &["25"], 1, &["A", "B"]),
            ("20610", &["RT"], 1, &["A"]),
        ];
        type Case<'a> = (
            &'a [&'a str],
            Vec<(&'a str, &'a [&'a str], u32, &'a [&'a str])>,
            &'a [(Option<u32>, &'a str)],
        );
        let cases: Vec<Case> = vec![
            (&["M17.11", "E11.9"], right.to_vec(), &[]),
            // Left knee for the documented right: one diagnosis finding, pointers read through it.
            (&["M17.12", "E11.9"], right.to_vec(), &[(None, "DIAGNOSIS")]),
            // An undocumented diagnosis and a documented one missing.
            (
                &["M17.11", "I10"],
                right.to_vec(),
                &[
                    (None, "DIAGNOSIS"),
                    (None, "DIAGNOSIS"),
                    (Some(1), "POINTERS"),
                ],
            ),
            (
                &["M17.11", "E11.9"],
                vec![("99215", &["25"], 1, &["A", "B"]), right[1]],
                &[(Some(1), "CODE")],
            ),
            (
                &["M17.11", "E11.9"],
                vec![right[0], ("20610", &["LT"], 1, &["A"])],
                &[(Some(2), "MODIFIERS")],
            ),
            (
                &["M17.11", "E11.9"],
                vec![right[0], ("20610", &["RT"], 2, &["A"])],
                &[(Some(2), "UNITS")],
            ),
            (
                &["M17.11", "E11.9"],
                vec![("99214", &["25"], 1, &["B", "A"]), right[1]],
                &[(Some(1), "POINTERS")],
            ),
            (
                &["M17.11", "E11.9"],
                vec![right[0]],
                &[(None, "MISSING_LINE")],
            ),
        ];
        for (dx, lines, want) in cases {
            let got: Vec<(Option<u32>, &str)> = compare(&claim(dx, &lines), &exp)
                .iter()
                .map(|f| (f.line, f.field))
                .collect();
            assert_eq!(got, want.to_vec(), "{dx:?} {lines:?}");
        }
        let upcoded = compare(
            &claim(
                &["M17.11", "E11.9"],
                &[("99215", &["25"], 1, &["A", "B"]), right[1]],
            ),
            &exp,
        );
        assert!(
            upcoded[0].message.contains("upcoding"),
            "{}",
            upcoded[0].message
        );
        let other = Expected {
            payer: "bluecrest-ppo",
            ..exp
        };
        let f = compare(&claim(&["M17.11", "E11.9"], right), &other);
        assert_eq!(f.iter().map(|f| f.field).collect::<Vec<_>>(), ["PAYER"]);
        assert_eq!(score(&f), 75);
    }
}
