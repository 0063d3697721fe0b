//! The authorization matrix: ten callers × every field of QueryRoot and MutationRoot.
//!
//! What it proves:
//! - every root field of the running server's schema (read by introspection) has a rule for
//!   every caller, so a field added without one fails here until its rule is written down;
//! - each cell (field × caller × whose object) is called through the real HTTP server, against
//!   the caller's own tenant's object, another tenant's, the platform library's and a missing
//!   id, and answers what its rule says: allowed (for lists: with or without the target's row),
//!   or refused with the rule's `extensions.code` (and `extensions.field` where it says one);
//! - another tenant's object is refused exactly as a missing id is (same code, message and
//!   field): no answer tells a caller that something exists in a tenant not theirs;
//! - no call answers INTERNAL or a 5xx.
//!
//! The callers and the cell syntax are explained in `authz_matrix/table.rs`; the rules, one
//! table per feature area, in `authz_matrix/rules_*.rs`; the fixtures in `authz_matrix/setup.rs`.
//! - every allowed mutation writes exactly one audit row, in the log of the organization that
//!   owns what it touched.

mod fresh;
mod setup;
mod table;
mod world;
// The rule tables are laid out by hand, in columns: rustfmt leaves them alone.
#[rustfmt::skip]
mod rules_accounts;
#[rustfmt::skip]
mod rules_billing;
#[rustfmt::skip]
mod rules_cases;
#[rustfmt::skip]
mod rules_claims;
#[rustfmt::skip]
mod rules_exams;
#[rustfmt::skip]
mod rules_practice;
#[rustfmt::skip]
mod rules_review;
#[rustfmt::skip]
mod rules_workday;

use crate::helpers::TestApp;
use futures::StreamExt;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use table::{Audit, Ctx, Expect, Fresh, Obj, On, Outcome, Row, WHO, Who};
use world::World;

fn rules() -> Vec<Row> {
    let mut rows = rules_accounts::rows();
    rows.extend(rules_cases::rows());
    rows.extend(rules_practice::rows());
    rows.extend(rules_claims::rows());
    rows.extend(rules_exams::rows());
    rows.extend(rules_billing::rows());
    rows.extend(rules_review::rows());
    rows.extend(rules_workday::rows());
    rows
}

/// The root fields of the running server's schema: (queries, mutations).
async fn schema_fields(app: &TestApp) -> (BTreeSet<String>, BTreeSet<String>) {
    let b = app
        .gql(
            None,
            "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }",
            json!({}),
        )
        .await;
    let names = |t: &str| -> BTreeSet<String> {
        b["data"]["__schema"][t]["fields"]
            .as_array()
            .unwrap_or_else(|| panic!("introspection: {b}"))
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect()
    };
    (names("queryType"), names("mutationType"))
}

/// Problems of the rule table itself, found without calling anything.
fn table_problems(
    rows: &[Row],
    queries: &BTreeSet<String>,
    mutations: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (kind, fields, is_mutation) in [("Query", queries, false), ("Mutation", mutations, true)] {
        for f in fields {
            if !rows
                .iter()
                .any(|r| r.field == f && r.is_mutation() == is_mutation)
            {
                problems.push(format!(
                    "{kind}.{f} has no rule: add its row to tests/api/authz_matrix/rules_*.rs"
                ));
            }
        }
    }
    for r in rows {
        let known = if r.is_mutation() { mutations } else { queries };
        if !known.contains(r.field) {
            problems.push(format!("{}: no such root field in the schema", r.name()));
        }
        let calls = r
            .doc
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == r.field);
        if !calls {
            problems.push(format!(
                "{}: its document does not call {}",
                r.name(),
                r.field
            ));
        }
        let missing = r.lines.iter().find(|(on, _)| *on == On::Missing);
        for (on, cells) in &r.lines {
            for (who, e) in WHO.iter().zip(cells) {
                if !who.foreign(*on) || e.allows() || e.known {
                    continue;
                }
                match missing {
                    None => problems.push(format!("{}: refusals of another tenant's object need a Missing line to be compared with", r.name())),
                    Some((_, m)) => {
                        let m = &m[*who as usize];
                        if (&m.outcome, &m.field) != (&e.outcome, &e.field) {
                            problems.push(format!(
                                "{} [{on:?}, {}]: expects {} but a missing id {}: another tenant's object must answer as a missing one (or mark ~)",
                                r.name(), who.label(), e.show(), m.show()
                            ));
                        }
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn a_field_added_to_the_schema_without_a_rule_fails_the_table() {
    let rows = rules();
    let mut queries: BTreeSet<String> = rows
        .iter()
        .filter(|r| !r.is_mutation())
        .map(|r| r.field.to_owned())
        .collect();
    let mutations = rows
        .iter()
        .filter(|r| r.is_mutation())
        .map(|r| r.field.to_owned())
        .collect();
    assert!(table_problems(&rows, &queries, &mutations).is_empty());
    queries.insert("newField".into());
    assert_eq!(
        table_problems(&rows, &queries, &mutations),
        ["Query.newField has no rule: add its row to tests/api/authz_matrix/rules_*.rs"]
    );
}

#[tokio::test]
async fn every_root_field_of_the_schema_has_a_rule_for_every_caller() {
    let app = TestApp::spawn().await;
    let (queries, mutations) = schema_fields(&app).await;
    assert!(
        queries.len() > 30 && mutations.len() > 30,
        "{queries:?} {mutations:?}"
    );
    let problems = table_problems(&rules(), &queries, &mutations);
    assert!(
        problems.is_empty(),
        "the rule table:\n{}",
        problems.join("\n")
    );
}

/// What a call answered.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Got {
    code: Option<String>,
    message: String,
    field: Option<String>,
    listed: Option<bool>,
    /// For an allowed mutation: the organizations named by the audit rows it wrote.
    audit: Option<Vec<Option<i32>>>,
}

impl Got {
    fn show(&self) -> String {
        match (&self.code, self.listed) {
            (None, Some(true)) => "in".into(),
            (None, Some(false)) => "out".into(),
            (None, None) => "ok".into(),
            (Some(c), _) => match &self.field {
                Some(f) => format!("{c} (field {f}): {}", self.message),
                None => format!("{c}: {}", self.message),
            },
        }
    }
}

/// An error message with its numbers (the ids it was given) replaced, so that messages that
/// name the id of the call compare equal.
fn normalized(message: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for ch in message.chars() {
        if ch.is_ascii_digit() {
            if !in_number {
                out.push_str("<n>");
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(ch);
        }
    }
    out
}

fn has_id(v: &Value, id: &str) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, x)| (k == "id" && x == id) || has_id(x, id)),
        Value::Array(a) => a.iter().any(|x| has_id(x, id)),
        _ => false,
    }
}

fn classify(body: &Value, row: &Row, id: &str) -> Got {
    match body["errors"].get(0) {
        Some(e) => Got {
            code: Some(
                e["extensions"]["code"]
                    .as_str()
                    .unwrap_or("(no code)")
                    .to_owned(),
            ),
            message: normalized(e["message"].as_str().unwrap_or("")),
            field: e["extensions"]["field"].as_str().map(str::to_owned),
            listed: None,
            audit: None,
        },
        None => Got {
            code: None,
            message: String::new(),
            field: None,
            listed: row.list.then(|| has_id(&body["data"], id)),
            audit: None,
        },
    }
}

fn keeps(e: &Expect, got: &Got) -> bool {
    match &e.outcome {
        Outcome::Allow => got.code.is_none(),
        Outcome::Listed => got.code.is_none() && got.listed == Some(true),
        Outcome::Unlisted => got.code.is_none() && got.listed == Some(false),
        Outcome::Refuse(c) => {
            got.code.as_deref() == Some(*c)
                && e.field
                    .as_ref()
                    .is_none_or(|f| got.field.as_ref() == Some(f))
        }
    }
}

fn on_label(on: On) -> &'static str {
    match on {
        On::Nil => "nil",
        On::A => "a",
        On::B => "b",
        On::Acme => "acme",
        On::Lib => "lib",
        On::Missing => "missing",
    }
}

/// Calls one cell: on the shared object of its target, or on one made for it.
async fn call(w: &World, ri: usize, row: &Row, on: On, who: Who, e: &Expect) -> Got {
    let tag = format!("r{ri}-{}-{}", on_label(on), who.label().to_lowercase());
    let make = match row.fresh {
        Fresh::Always(m) => Some(m),
        Fresh::Allowed(m) if e.allows() => Some(m),
        _ => None,
    };
    let target = match make {
        Some(m) if on != On::Missing => fresh::make(w, m, on, &tag).await,
        _ => w.target(row.obj, on),
    };
    let ctx = Ctx {
        w,
        on,
        id: &target.id,
        extra: &target.extra,
        tag: &tag,
    };
    // Allowed writes run one at a time: the audit rows after the last one are this call's.
    let audited = row.is_mutation() && e.allows() && who != Who::Ended;
    let last = if audited { w.last_audit().await } else { 0 };
    let body = w.call(who, row.doc, (row.vars)(&ctx)).await;
    let mut got = classify(&body, row, &target.id);
    if audited {
        got.audit = Some(w.audit_since(last).await);
    }
    got
}

#[tokio::test]
async fn every_caller_gets_what_the_rules_say_on_every_root_field() {
    let started = std::time::Instant::now();
    let w = World::build().await;
    let built = started.elapsed();
    let rows = rules();
    let (queries, mutations) = schema_fields(&w.app).await;
    let problems = table_problems(&rows, &queries, &mutations);
    assert!(
        problems.is_empty(),
        "the rule table:\n{}",
        problems.join("\n")
    );

    // Reads first, then the refused writes, then the allowed ones (each on its own object
    // where the call consumes it): no write changes what a read or a refusal sees. Reads and
    // refusals run 4 at a time; the allowed writes one after another, since two at once may
    // rightly race (two clones into one organization pick the same free slug). Last, the
    // `ended` caller, whose calls must be refused but may not be yet.
    let mut cells = Vec::new();
    for (ri, row) in rows.iter().enumerate() {
        for (on, line) in &row.lines {
            for (who, e) in WHO.iter().zip(line) {
                let phase = match (row.is_mutation(), e.allows()) {
                    (false, _) => 0,
                    (true, false) => 1,
                    (true, true) => 2,
                };
                cells.push((phase, ri, *on, *who, e.clone()));
            }
            cells.push((3, ri, *on, Who::Ended, line[0].clone()));
        }
    }
    let mut got: HashMap<(usize, On, Who), Got> = HashMap::new();
    let mut took = Vec::new();
    for (phase, at_once) in [(0, 4), (1, 4), (2, 1), (3, 4)] {
        let clock = std::time::Instant::now();
        let batch: Vec<_> = cells.iter().filter(|c| c.0 == phase).collect();
        let n = batch.len();
        let results: Vec<_> = futures::stream::iter(batch)
            .map(|(_, ri, on, who, e)| {
                let w = &w;
                let row = &rows[*ri];
                async move { ((*ri, *on, *who), call(w, *ri, row, *on, *who, e).await) }
            })
            .buffer_unordered(at_once)
            .collect()
            .await;
        got.extend(results);
        took.push(format!("{n} cells in {:.1?}", clock.elapsed()));
    }
    let ran = started.elapsed() - built;

    let mut failures = Vec::new();
    for (_, ri, on, who, e) in &cells {
        let row = &rows[*ri];
        let g = &got[&(*ri, *on, *who)];
        let mut kept = keeps(e, g);
        let mut why = String::new();
        if kept && who.foreign(*on) && !e.allows() && !e.known {
            let m = &got[&(*ri, On::Missing, *who)];
            if (&m.code, &m.message, &m.field) != (&g.code, &g.message, &g.field) {
                kept = false;
                why = format!(" — a missing id answers {}", m.show());
            }
        }
        if kept && let Some(named) = &g.audit {
            let owner = match row.audit {
                Audit::Caller => Some(who.home()),
                Audit::Of(t) => Some(Some(t)),
                Audit::Target if matches!(on, On::Nil | On::Missing) => None,
                Audit::Target => Some(Some(*on)),
            };
            let owner = owner.map(|o| o.map(|t| w.id(Obj::Org, t)));
            let named: Vec<Option<String>> =
                named.iter().map(|o| o.map(|i| i.to_string())).collect();
            if named.len() != 1 {
                kept = false;
                why = format!(" — wrote {} audit rows, not one", named.len());
            } else if owner.as_ref().is_some_and(|o| *o != named[0]) {
                kept = false;
                why = format!(
                    " — its audit row names organization {:?}, not the owner's {:?}",
                    named[0],
                    owner.flatten()
                );
            }
        }
        if !kept {
            failures.push(format!(
                "{} | {on:?} | {} | expected {} | got {}{why}",
                row.name(),
                who.label(),
                e.show(),
                g.show()
            ));
        }
    }
    eprintln!(
        "authorization matrix: {} rows, {} cells; fixtures {:.1?}, calls {:.1?} (reads {}, refused writes {}, allowed writes {}, ended login {})",
        rows.len(),
        cells.len(),
        built,
        ran,
        took[0],
        took[1],
        took[2],
        took[3],
    );
    assert!(
        failures.is_empty(),
        "{} cells disagree with their rule:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
