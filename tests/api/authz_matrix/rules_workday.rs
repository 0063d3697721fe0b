//! Rules: simulated workdays (shifts).
//!
//! A shift is its trainee's: only they code, bill, follow up and end its days. An INSTRUCTOR
//! of the organization of a cohort the trainee belongs to reads it (tIn's, not tOut's, would
//! show to iA) and is told FORBIDDEN on its work; so is the admin, who reads every shift.
//! An employer reads only the shifts started for their assessment's candidates (none here).
//! Anyone else is told what a missing id is told. A trainee starts their own shift; an
//! instructor starts one for a trainee of their cohort.

use super::table::{Audit, Obj, On, Row, row};
use super::world::MISSING;
use serde_json::json;

pub fn rows() -> Vec<Row> {
    let mut rows = reading();
    rows.extend(working());
    rows.extend(starting());
    rows
}

/// A shift read by id: its trainee, their cohort's instructor, the admin.
fn read(field: &'static str, doc: &'static str) -> Row {
    row(field, doc)
        .obj(Obj::Shift)
        //                 anon tIn         tOut        tB          iA          iB          eA          eB          cand        adm
        .on(On::A, "       U    ok          NF:shiftId  NF:shiftId  ok          NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  ok")
        .on(On::B, "       U    NF:shiftId  NF:shiftId  ok          NF:shiftId  ok          NF:shiftId  NF:shiftId  NF:shiftId  ok")
        .on(On::Missing, " U    NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId")
}

fn reading() -> Vec<Row> {
    vec![
        row("shift", "query($id:ID!){ shift(id:$id){ id day } }")
            .obj(Obj::Shift)
            //                 anon tIn   tOut  tB    iA    iB    eA    eB    cand  adm
            .on(On::A, "       U    ok    NF:id NF:id ok    NF:id NF:id NF:id NF:id ok")
            .on(On::B, "       U    NF:id NF:id ok    NF:id ok    NF:id NF:id NF:id ok")
            .on(On::Missing, " U    NF:id NF:id NF:id NF:id NF:id NF:id NF:id NF:id NF:id"),
        row("myShifts", "{ myShifts(first:100){ totalCount edges { node { id } } } }")
            .obj(Obj::Shift)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        read("shiftReport", "query($id:ID!){ shiftReport(shiftId:$id){ encounters figures { key value } } }"),
        read("shiftReportCsv", "query($id:ID!){ shiftReportCsv(shiftId:$id) }"),
        row("cohortShiftReport", "query($id:ID!){ cohortShiftReport(cohortId:$id){ shifts } }")
            .obj(Obj::Cohort)
            //                 anon tIn  tOut tB   iA          iB          eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok          NF:cohortId F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF:cohortId ok          F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF:cohortId NF:cohortId F    F    F    NF:cohortId"),
        row("candidateShiftReport", "query($a:ID!,$c:ID!){ candidateShiftReport(assessmentId:$a, candidateId:$c){ shifts } }")
            .obj(Obj::Assessment)
            .vars(|c| json!({"a": c.id, "c": c.w.trainee_out}))
            //                 anon tIn  tOut tB   iA   iB   eA              eB              cand adm
            .on(On::A, "       U    F    F    F    F    F    ok              NF:assessmentId F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    NF:assessmentId ok              F    ok")
            .on(On::Missing, " U    F    F    F    F    F    NF:assessmentId NF:assessmentId F    NF:assessmentId"),
    ]
}

/// The encounter a cell names: the shift's first, or a missing one.
fn encounter(c: &super::table::Ctx) -> String {
    if c.on == On::Missing {
        MISSING.to_owned()
    } else {
        c.extra["encounter"].as_str().unwrap_or(MISSING).to_owned()
    }
}

fn working() -> Vec<Row> {
    vec![
        // The owner passes every check of access and stops at the missing attempt.
        row("codeShiftEncounter", "mutation($e:ID!,$a:ID!){ codeShiftEncounter(input:{encounterId:$e, attemptId:$a}){ encounter { id } } }")
            .obj(Obj::Shift)
            .vars(|c| json!({"e": encounter(c), "a": MISSING}))
            //                 anon tIn             tOut            tB              iA              iB              eA              eB              cand            adm
            .on(On::A, "       U    NF:attemptId~   NF:encounterId  NF:encounterId  F               NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  F")
            .on(On::B, "       U    NF:encounterId  NF:encounterId  NF:attemptId~   NF:encounterId  F               NF:encounterId  NF:encounterId  NF:encounterId  F")
            .on(On::Missing, " U    NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId"),
        // The owner stops at the encounter not coded yet.
        row("submitShiftClaim", "mutation($e:ID!,$c:ID!){ submitShiftClaim(input:{encounterId:$e, claimId:$c}){ submission { sequence } } }")
            .obj(Obj::Shift)
            .vars(|c| json!({"e": encounter(c), "c": MISSING}))
            //                 anon tIn             tOut            tB              iA              iB              eA              eB              cand            adm
            .on(On::A, "       U    BI:encounterId~ NF:encounterId  NF:encounterId  F               NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  F")
            .on(On::B, "       U    NF:encounterId  NF:encounterId  BI:encounterId~ NF:encounterId  F               NF:encounterId  NF:encounterId  NF:encounterId  F")
            .on(On::Missing, " U    NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId  NF:encounterId"),
        // The owner stops at the claim that is not one of the shift's.
        row("followUpShiftClaim", "mutation($s:ID!,$c:ID!){ followUpShiftClaim(input:{shiftId:$s, claimId:$c, note:\"status inquiry\"}){ submission { sequence } } }")
            .obj(Obj::Shift)
            .vars(|c| json!({"s": c.id, "c": MISSING}))
            //                 anon tIn         tOut        tB          iA          iB          eA          eB          cand        adm
            .on(On::A, "       U    NF:claimId~ NF:shiftId  NF:shiftId  F           NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  F")
            .on(On::B, "       U    NF:shiftId  NF:shiftId  NF:claimId~ NF:shiftId  F           NF:shiftId  NF:shiftId  NF:shiftId  F")
            .on(On::Missing, " U    NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId"),
        row("endShiftDay", "mutation($id:ID!){ endShiftDay(input:{shiftId:$id}){ shift { day } } }")
            .obj(Obj::Shift)
            //                 anon tIn         tOut        tB          iA          iB          eA          eB          cand        adm
            .on(On::A, "       U    ok          NF:shiftId  NF:shiftId  F           NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  F")
            .on(On::B, "       U    NF:shiftId  NF:shiftId  ok          NF:shiftId  F           NF:shiftId  NF:shiftId  NF:shiftId  F")
            .on(On::Missing, " U    NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId  NF:shiftId"),
    ]
}

fn starting() -> Vec<Row> {
    vec![
        row("startShift", "mutation{ startShift(input:{days:1, encountersPerDay:2, startDate:\"2026-03-02\", seed:0}){ shift { id } } }")
            .audit(Audit::Caller)
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   F    F    F    F    ok   ok"),
        row("startShift", "mutation($c:ID!,$t:ID!){ startShift(input:{traineeId:$t, cohortId:$c, days:1, encountersPerDay:1, startDate:\"2026-03-02\", seed:0}){ shift { id } } }")
            .note("for a cohort's trainee")
            .obj(Obj::Cohort)
            .vars(|c| {
                let on = if c.on == On::B { On::B } else { On::A };
                json!({"c": c.id, "t": c.w.id(Obj::Trainee, on)})
            })
            //                 anon tIn  tOut tB   iA          iB          eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok          NF:cohortId F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF:cohortId ok          F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF:cohortId NF:cohortId F    F    F    NF:cohortId"),
    ]
}
