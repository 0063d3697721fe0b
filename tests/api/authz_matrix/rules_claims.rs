//! Rules: claims and the simulated payer.
//!
//! A claim is its trainee's: only they change it (every write below). Their organization's
//! instructors and employers, and the admin, read it (README, "Who sees what"); anyone else,
//! and a write by anyone but the owner, is told what a missing id is told (staff who may read
//! the claim included: NOT_FOUND here where attempts say FORBIDDEN; either tells nothing). A
//! sitting's claim work is the candidate's alone: anyone else naming the sitting is told, as
//! for a missing one, BAD_USER_INPUT on `examAttemptId`.

use super::table::{Audit, Ctx, Fresh, Make, Obj, On, Row, row};
use serde_json::{Value, json};

pub fn rows() -> Vec<Row> {
    let mut rows = reading();
    rows.extend(writing());
    rows
}

/// A claim read: the owner, their organization's staff, the admin.
fn read(field: &'static str, doc: &'static str) -> Row {
    row(field, doc)
        .obj(Obj::Claim)
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    ok   NF   NF   ok   NF   ok   NF   NF   ok")
        .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
        .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF")
}

fn in_sitting(c: &Ctx) -> Value {
    json!({"c": c.extra["claimCase"], "a": c.id})
}

fn reading() -> Vec<Row> {
    const WORK: &str = "query($c:ID!,$a:ID){ claimWork(caseId:$c, examAttemptId:$a){ outcome } }";
    vec![
        read("claim", "query($id:ID!){ claim(id:$id){ id } }"),
        read("claimX12", "query($id:ID!){ claimX12(id:$id) }"),
        read("remittanceX12", "query($id:ID!){ remittanceX12(id:$id) }"),
        row("claims", "{ claims(first:100){ edges { node { id } } } }")
            .obj(Obj::Claim)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        row("claimWork", WORK)
            .obj(Obj::Case)
            .vars(|c| json!({"c": c.id}))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("claimWork", WORK)
            .note("in a sitting")
            .obj(Obj::AssessmentSitting)
            .vars(in_sitting)
            //                 anon tIn              tOut             tB               iA               iB               eA               eB               cand             adm
            .on(On::A, "       U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId ok               BI:examAttemptId")
            .on(On::Acme, "    U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId")
            .on(On::Missing, " U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId"),
        row("payers", "{ payers { slug } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    ]
}

/// A claim write: its owner only.
fn write(field: &'static str, doc: &'static str, make: Option<Make>) -> Row {
    let fresh = make.map_or(Fresh::No, Fresh::Allowed);
    row(field, doc)
        .obj(Obj::Claim)
        .fresh(fresh)
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    ok   NF   NF   NF   NF   NF   NF   NF   NF")
        .on(On::B, "       U    NF   NF   ok   NF   NF   NF   NF   NF   NF")
        .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF")
}

fn writing() -> Vec<Row> {
    const CREATE: &str = "mutation($c:ID!,$a:ID){ createClaim(input:{caseId:$c, examAttemptId:$a}){ claim { id } } }";
    vec![
        row("createClaim", CREATE)
            .audit(Audit::Caller)
            .obj(Obj::Case)
            .vars(|c| json!({"c": c.id}))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("createClaim", CREATE)
            .audit(Audit::Caller)
            .note("in a sitting")
            .obj(Obj::AssessmentSitting)
            .vars(in_sitting)
            //                 anon tIn              tOut             tB               iA               iB               eA               eB               cand             adm
            .on(On::A, "       U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId ok               BI:examAttemptId")
            .on(On::Acme, "    U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId")
            .on(On::Missing, " U    BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId BI:examAttemptId"),
        write("updateClaim", "mutation($id:ID!){ updateClaim(input:{claimId:$id, priorAuthorization:\"PA1234\"}){ claim { id } } }", Some(Make::DraftClaim)),
        write("submitClaim", "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id } } }", Some(Make::DraftClaim)),
        write("correctClaim", "mutation($id:ID!){ correctClaim(input:{claimId:$id, priorAuthorization:\"PA1234\"}){ claim { id } } }", Some(Make::DeniedClaim)),
        write("voidClaim", "mutation($id:ID!){ voidClaim(input:{claimId:$id}){ claim { id } } }", Some(Make::DeniedClaim)),
        write("appealClaimLine", "mutation($id:ID!,$c:String!){ appealClaimLine(input:{claimId:$id, line:2, carc:$c, ground:MODIFIER_SUPPORTED, reason:\"the E/M is separate\", documentation:[\"Office visit\"]}){ decision { outcome } } }", Some(Make::DeniedClaim))
            // Callers without a fresh claim of their own name any CARC: they are refused first.
            .vars(|c| json!({"id": c.id, "c": c.extra["carc"].as_str().unwrap_or("50")})),
        // Its owner's one call bills the shared posted claim's secondary (one per primary).
        write("billSecondary", "mutation($id:ID!){ billSecondary(input:{claimId:$id}){ claim { id } } }", None)
            .obj(Obj::PostedClaim),
        write("closeClaim", "mutation($id:ID!){ closeClaim(input:{claimId:$id, action:WRITE_OFF, note:\"matrix\"}){ claim { id } } }", Some(Make::DeniedClaim)),
        write("recordFollowUp", "mutation($id:ID!){ recordFollowUp(input:{claimId:$id, action:\"CALL_PAYER\", note:\"ref 88123\"}){ id } }", None),
        write("postRemittance", "mutation($id:ID!,$l:[PostedLineInput!]!){ postRemittance(input:{claimId:$id, lines:$l}){ posted } }", Some(Make::DeniedClaim))
            .vars(|c| {
                let lines = match &c.extra["lines"] {
                    Value::Null => json!([{"line": 1}]),
                    l => l.clone(),
                };
                json!({"id": c.id, "l": lines})
            }),
    ]
}
