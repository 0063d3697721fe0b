//! Rules: assignments, practice attempts, manual credit, disputes, progress.
//!
//! An attempt is its trainee's: only they work on it, dispute it and list it; their
//! organization's instructors (and the admin) read it, credit it and resolve its disputes,
//! and they alone assign sets and read a cohort's progress. Staff who can read an attempt are
//! told FORBIDDEN when they may not change it; anyone else is told what a missing id is told.
//! A trainee or an employer never credits, resolves or assigns: refused by role, before any
//! lookup (issue #25 item 6).

use super::table::{Audit, Ctx, Fresh, Make, Obj, On, Row, row};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

pub fn rows() -> Vec<Row> {
    let mut rows = assignments();
    rows.extend(attempts());
    rows.extend(progress());
    rows
}

fn assignment(cohort: &str, set: &str) -> Value {
    let now = Utc::now();
    json!({"i": {"cohortId": cohort, "caseSetId": set, "mode": "PRACTICE", "feedbackPolicy": "IMMEDIATE",
        "opensAt": (now - Duration::hours(1)).to_rfc3339(), "closesAt": (now + Duration::hours(24)).to_rfc3339()}})
}

fn in_cohort_of_a(c: &Ctx) -> Value {
    let cohort = match c.extra["cohort"].as_str() {
        Some(fresh) => fresh.to_owned(),
        None => c.w.id(Obj::Cohort, On::A),
    };
    assignment(&cohort, c.id)
}

fn assignments() -> Vec<Row> {
    const CREATE: &str = "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }";
    vec![
        row("createAssignment", CREATE)
            .obj(Obj::Cohort)
            .vars(|c| {
                let on = if c.on == On::B { On::B } else { On::A };
                assignment(c.id, &c.w.id(Obj::CaseSet, on))
            })
            //                 anon tIn  tOut tB   iA          iB          eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok          BI:cohortId F    F    F    ok")
            .on(On::B, "       U    F    F    F    BI:cohortId ok          F    F    F    ok")
            .on(On::Missing, " U    F    F    F    BI:cohortId BI:cohortId F    F    F    BI:cohortId"),
        // An assignment opens its set's cases to the cohort's trainees: a set the cohort's
        // organization cannot read (another school's private one) is refused to everyone, the
        // admin included, as content crosses tenants only through the platform's library
        // (item 1). A new cohort of A for each cell: an assignment that went through would
        // change what the shared cohort's trainees reach.
        row("createAssignment", CREATE)
            .note("a cohort of A, another tenant's set")
            .obj(Obj::CaseSet)
            .fresh(Fresh::Always(Make::CohortInA))
            .audit(Audit::Of(On::A))
            .vars(in_cohort_of_a)
            //                 anon tIn  tOut tB   iA           iB          eA   eB   cand adm
            .on(On::B, "       U    F    F    F    BI:caseSetId BI:cohortId F    F    F    BI:caseSetId")
            .on(On::Missing, " U    F    F    F    BI:caseSetId BI:cohortId F    F    F    BI:caseSetId"),
        row("createAssignment", CREATE)
            .note("a cohort of A, a library set")
            .obj(Obj::CaseSet)
            .fresh(Fresh::Always(Make::CohortInA))
            .audit(Audit::Of(On::A))
            .vars(in_cohort_of_a)
            //             anon tIn  tOut tB   iA   iB          eA   eB   cand adm
            .on(On::Lib, " U    F    F    F    ok   BI:cohortId F    F    F    ok"),
    ]
}

fn expected(c: &Ctx) -> Value {
    json!({"id": c.id, "e": c.extra["expected"]})
}

fn attempts() -> Vec<Row> {
    const START: &str = "mutation($id:ID!){ startAttempt(input:{caseId:$id}){ attempt { id } } }";
    vec![
        row("startAttempt", START)
            .audit(Audit::Caller)
            .obj(Obj::Case)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("startAttempt", START)
            .audit(Audit::Caller)
            .note("an employer's held case")
            .obj(Obj::HeldCase)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    NF   NF   NF   ok   NF   ok   NF   F~   ok")
            .on(On::Acme, "    U    NF   NF   NF   NF   NF   NF   ok   NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("attempt", "query($id:ID!){ attempt(id:$id){ id } }")
            .obj(Obj::Attempt)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   ok   NF   NF   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("saveAttempt", "mutation($id:ID!){ saveAttempt(input:{attemptId:$id, submission:{diagnoses:[{code:\"R69\"}]}}){ attempt { id } } }")
            .obj(Obj::Attempt)
            .fresh(Fresh::Allowed(Make::OpenAttempt))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   F    NF   NF   NF   NF   F")
            .on(On::B, "       U    NF   NF   ok   NF   F    NF   NF   NF   F")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        // A provider query is work on the attempt: its trainee's alone, like a save.
        row("raiseProviderQuery", "mutation($id:ID!){ raiseProviderQuery(input:{attemptId:$id, type:OPEN_ENDED, indicators:[\"the record\"], question:\"Can this be clarified?\"}){ query { id } } }")
            .obj(Obj::Attempt)
            .fresh(Fresh::Allowed(Make::OpenAttempt))
            //                 anon tIn          tOut         tB           iA           iB           eA           eB           cand         adm
            .on(On::A, "       U    ok           NF:attemptId NF:attemptId F            NF:attemptId NF:attemptId NF:attemptId NF:attemptId F")
            .on(On::B, "       U    NF:attemptId NF:attemptId ok           NF:attemptId F            NF:attemptId NF:attemptId NF:attemptId F")
            .on(On::Missing, " U    NF:attemptId NF:attemptId NF:attemptId NF:attemptId NF:attemptId NF:attemptId NF:attemptId NF:attemptId NF:attemptId"),
        row("submitAttempt", "mutation($id:ID!){ submitAttempt(input:{attemptId:$id}){ attempt { id } } }")
            .obj(Obj::Attempt)
            .fresh(Fresh::Allowed(Make::OpenAttempt))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   F    NF   NF   NF   NF   F")
            .on(On::B, "       U    NF   NF   ok   NF   F    NF   NF   NF   F")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("creditAttemptLine", "mutation($id:ID!,$e:String){ creditAttemptLine(input:{attemptId:$id, expected:$e, credit:true, reason:\"documented\"}){ attempt { id } } }")
            .obj(Obj::Attempt)
            .vars(expected)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        row("raiseDispute", "mutation($id:ID!,$e:String){ raiseDispute(input:{attemptId:$id, expected:$e, citation:\"ICD-10-CM I.B.1\"}){ dispute { id } } }")
            .obj(Obj::Attempt)
            .fresh(Fresh::Allowed(Make::ScoredAttempt))
            .vars(expected)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   F    NF   NF   NF   NF   F")
            .on(On::B, "       U    NF   NF   ok   NF   F    NF   NF   NF   F")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("resolveDispute", "mutation($id:ID!){ resolveDispute(input:{disputeId:$id, accept:false, reason:\"the key stands\"}){ dispute { id } } }")
            .obj(Obj::Dispute)
            .fresh(Fresh::Allowed(Make::Dispute))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        // Accepting credits the line too: still one audit row, the resolution's.
        row("resolveDispute", "mutation($id:ID!){ resolveDispute(input:{disputeId:$id, accept:true, reason:\"the note supports it\"}){ dispute { id } } }")
            .note("accepted")
            .obj(Obj::Dispute)
            .fresh(Fresh::Allowed(Make::Dispute))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
    ]
}

fn progress() -> Vec<Row> {
    vec![
        row("myAttempts", "{ myAttempts(first:100){ edges { node { id } } } }")
            .obj(Obj::Attempt)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        row("myAssignments", "{ myAssignments { id } }")
            .obj(Obj::Assignment)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        row("myProgress", "{ myProgress { attempts } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("cohortProgress", "query($id:ID!){ cohortProgress(cohortId:$id){ progress { attempts } } }")
            .obj(Obj::Cohort)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        row("cohortSkillMatrix", "query($id:ID!){ cohortSkillMatrix(cohortId:$id){ skills } }")
            .obj(Obj::Cohort)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
    ]
}
