//! Rules: the instructor's review lists and assignment changes, the question bank, the
//! administrator's account operations.
//!
//! Reviewing a cohort's work (its assignments, their attempts, a trainee's attempts, claims
//! and claim work, the cohort's disputes) and changing an assignment is its organization's
//! INSTRUCTORs' and the admin's: a trainee, an employer or a candidate is refused by role,
//! before any lookup (FORBIDDEN whatever the id); another organization's cohort, assignment or
//! trainee answers what a missing one answers. The question bank is staff's (INSTRUCTOR,
//! EMPLOYER, ADMIN): the platform's questions and their own organization's private ones;
//! only the admin writes the platform's. Account roles and status are the admin's alone.

use super::table::{Audit, Ctx, Fresh, Make, Obj, On, Row, row};
use serde_json::{Value, json};

pub fn rows() -> Vec<Row> {
    let mut rows = review();
    rows.extend(assignment_changes());
    rows.extend(questions());
    rows.extend(accounts());
    rows
}

/// A reviewer's call on a cohort, an assignment or a trainee of a school.
fn reviewed(field: &'static str, doc: &'static str, obj: Obj, fresh: Fresh) -> Row {
    row(field, doc)
        .obj(obj)
        .fresh(fresh)
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
        .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
        .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF")
}

fn review() -> Vec<Row> {
    let no = Fresh::No;
    vec![
        reviewed("cohortAssignments", "query($id:ID!){ cohortAssignments(cohortId:$id, first:100){ edges { node { id } } } }", Obj::Cohort, no),
        reviewed("assignmentAttempts", "query($id:ID!){ assignmentAttempts(assignmentId:$id, first:100){ edges { node { id } } } }", Obj::Assignment, no),
        reviewed("traineeAttempts", "query($id:ID!){ traineeAttempts(traineeId:$id, first:100){ edges { node { id } } } }", Obj::Trainee, no),
        reviewed("cohortDisputes", "query($id:ID!){ cohortDisputes(cohortId:$id, first:100){ edges { node { id } } } }", Obj::Cohort, no),
        reviewed("traineeClaims", "query($id:ID!){ traineeClaims(traineeId:$id, first:100){ edges { node { id } } } }", Obj::Trainee, no),
        reviewed("traineeClaimWork", "query($id:ID!){ traineeClaimWork(traineeId:$id, first:100){ edges { node { case { id } } } } }", Obj::Trainee, no),
    ]
}

fn assignment_changes() -> Vec<Row> {
    let fresh = Fresh::Allowed(Make::Assignment);
    vec![
        reviewed("updateAssignment", "mutation($id:ID!){ updateAssignment(input:{assignmentId:$id, attemptLimit:3}){ assignment { id } } }", Obj::Assignment, fresh),
        reviewed("closeAssignment", "mutation($id:ID!){ closeAssignment(input:{assignmentId:$id}){ assignment { id } } }", Obj::Assignment, fresh),
        reviewed("deleteAssignment", "mutation($id:ID!){ deleteAssignment(input:{assignmentId:$id}){ deletedAttempts } }", Obj::Assignment, fresh),
    ]
}

fn titled(c: &Ctx) -> Value {
    json!({"t": c.extra["title"]})
}

/// A question as an author writes it, private to organization `o` (none: the author's own).
fn question(c: &Ctx, o: Option<&str>) -> Value {
    json!({"i": {"organizationId": o, "kind": "SINGLE", "section": "EM", "skillTags": ["CPC:EM"], "pool": "ASSESSMENT",
        "stem": format!("Question {}: which code reports a new patient visit of low MDM?", c.tag),
        "options": ["99202", "99203", "99212", "99213"], "answer": ["b"],
        "rationale": "New patient, low MDM: 99203.", "reference": "CPT E/M guidelines: MDM"}})
}

fn questions() -> Vec<Row> {
    const CREATE: &str = "mutation($i:CreateQuestionInput!){ createQuestion(input:$i){ question { id } } }";
    vec![
        row("questions", "query($t:String){ questions(filter:{text:$t}, first:100){ edges { node { id } } } }")
            .obj(Obj::Question)
            .list()
            .vars(titled)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    in   out  in   out  F    in")
            .on(On::Acme, "    U    F    F    F    out  out  out  in   F    in")
            .on(On::Lib, "     U    F    F    F    in   in   in   in   F    in")
            .on(On::Missing, " U    F    F    F    out  out  out  out  F    out"),
        row("question", "query($id:ID!){ question(id:$id){ id } }")
            .obj(Obj::Question)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    NF   NF   NF   ok   F    ok")
            .on(On::Lib, "     U    F    F    F    ok   ok   ok   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        row("createQuestion", CREATE)
            .note("for the author's own organization")
            .audit(Audit::Caller)
            .vars(|c| question(c, None))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    ok   ok   ok   ok   F    ok"),
        row("createQuestion", CREATE)
            .note("for a named organization")
            .obj(Obj::Org)
            .vars(|c| question(c, Some(c.id)))
            //                 anon tIn  tOut tB   iA                iB                eA                eB                cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId ok                NF:organizationId F    ok")
            .on(On::Acme, "    U    F    F    F    NF:organizationId NF:organizationId NF:organizationId ok                F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    NF:organizationId"),
        row("updateQuestion", "mutation($id:ID!){ updateQuestion(input:{questionId:$id, reference:\"CPT E/M guidelines: MDM table\"}){ question { id } } }")
            .obj(Obj::Question)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    NF   NF   NF   ok   F    ok")
            .on(On::Lib, "     U    F    F    F    F    F    F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
    ]
}

/// An administrator's change to an account: refused by role to everyone else.
fn administered(field: &'static str, doc: &'static str) -> Row {
    row(field, doc)
        .obj(Obj::Trainee)
        .fresh(Fresh::Allowed(Make::Account))
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    F    F    F    F    F    F    F    F    ok")
        .on(On::B, "       U    F    F    F    F    F    F    F    F    ok")
        .on(On::Missing, " U    F    F    F    F    F    F    F    F    NF")
}

fn accounts() -> Vec<Row> {
    vec![
        administered("setAccountRole", "mutation($id:ID!){ setAccountRole(input:{accountId:$id, role:TRAINEE}){ account { id } } }"),
        administered("deactivateAccount", "mutation($id:ID!){ deactivateAccount(input:{accountId:$id}){ account { id } } }"),
        administered("reactivateAccount", "mutation($id:ID!){ reactivateAccount(input:{accountId:$id}){ account { id } } }"),
    ]
}
