//! Rules: practice exams, employer assessments, candidates, reports.
//!
//! A sitting is its sitter's alone (read, answered, handed in by them only). An assessment is
//! its employer's (and the admin's): they build it, invite candidates and read the results;
//! its owner never sits it. A candidate code is a bearer credential any signed-in account may
//! redeem. Reports across sittings are staff's: item analysis of the practice exams for
//! instructors, employers and the admin; of an assessment for its owner.

use super::table::{Audit, Fresh, Make, Obj, On, Row, row};
use serde_json::json;

pub fn rows() -> Vec<Row> {
    let mut rows = sittings();
    rows.extend(assessments());
    rows.extend(reports());
    rows
}

/// A sitting's calls: its sitter only.
fn sitting(field: &'static str, doc: &'static str, fresh: [Fresh; 2]) -> [Row; 2] {
    [
        row(field, doc)
            .note("a practice exam")
            .obj(Obj::PracticeSitting)
            .fresh(fresh[0])
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   NF   NF   NF   NF   NF   NF")
            .on(On::B, "       U    NF   NF   ok   NF   NF   NF   NF   NF   NF")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row(field, doc)
            .note("an assessment")
            .obj(Obj::AssessmentSitting)
            .fresh(fresh[1])
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    NF   NF   NF   NF   NF   NF   NF   ok   NF")
            .on(On::Acme, "    U    NF   NF   NF   NF   NF   NF   NF   NF   NF")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
    ]
}

fn sittings() -> Vec<Row> {
    const START: &str = "mutation($id:ID!){ startExam(input:{formId:$id}){ attempt { id } } }";
    let mut rows = vec![
        row("examForms", "{ examForms { id } }")
            .obj(Obj::Assessment)
            .list()
            //              anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "    U    out  out  out  out  out  in   out  in   in")
            .on(On::Acme, " U    out  out  out  out  out  out  in   out  in"),
        row("myExamHistory", "{ myExamHistory { id } }")
            .obj(Obj::PracticeSitting)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        row("startExam", START)
            .note("a practice exam")
            .obj(Obj::PracticeForm)
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("startExam", START)
            .note("an assessment")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    NF   NF   NF   NF   NF   F~   NF   C~   F~")
            .on(On::Acme, "    U    NF   NF   NF   NF   NF   NF   F~   NF   F~")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
    ];
    let no = Fresh::No;
    rows.extend(sitting("examAttempt", "query($id:ID!){ examAttempt(id:$id){ id } }", [no, no]));
    rows.extend(sitting(
        "saveExamAnswer",
        "mutation($id:ID!){ saveExamAnswer(input:{attemptId:$id, position:1, choices:[\"A\"]}){ attempt { id } } }",
        [no, no],
    ));
    rows.extend(sitting(
        "submitExam",
        "mutation($id:ID!){ submitExam(input:{attemptId:$id}){ attempt { id } } }",
        [Fresh::Allowed(Make::PracticeSitting), Fresh::Allowed(Make::AssessmentSitting)],
    ));
    rows
}

fn assessments() -> Vec<Row> {
    const CREATE: &str = "mutation($q:[ID!]!,$c:[ID!]!){ createAssessment(input:{title:\"Matrix screening\", questionIds:$q, caseIds:$c, durationMinutes:30}){ assessment { id } } }";
    vec![
        row("createAssessment", CREATE)
            .audit(Audit::Caller)
            .note("bank questions")
            .vars(|c| json!({"q": [c.w.question], "c": []}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    F    F    ok   ok   F    ok"),
        row("createAssessment", CREATE)
            .audit(Audit::Caller)
            .note("an employer's held case")
            .obj(Obj::HeldCase)
            .vars(|c| json!({"q": [], "c": [c.id]}))
            //                 anon tIn  tOut tB   iA   iB   eA         eB         cand adm
            .on(On::A, "       U    F    F    F    F    F    ok         BI:caseIds F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    BI:caseIds ok         F    ok")
            .on(On::Missing, " U    F    F    F    F    F    BI:caseIds BI:caseIds F    BI:caseIds"),
        row("createAssessment", CREATE)
            .audit(Audit::Caller)
            .note("a library case")
            .obj(Obj::Case)
            .vars(|c| json!({"q": [], "c": [c.id]}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Lib, " U    F    F    F    F    F    ok   ok   F    ok"),
        row("inviteCandidates", "mutation($id:ID!){ inviteCandidates(input:{assessmentId:$id, count:1}){ codes } }")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    F    F    NF   NF   F    NF"),
        row("redeemCandidateCode", "mutation($c:String!){ redeemCandidateCode(input:{code:$c}){ assessment { id } } }")
            .fresh(Fresh::Always(Make::CandidateCode))
            .vars(|c| json!({"c": c.extra["code"].as_str().unwrap_or("no-such-code")}))
            //                 anon tIn     tOut    tB      iA      iB      eA      eB      cand    adm
            .on(On::A, "       U    ok      ok      ok      ok      ok      F~      ok      ok      F~")
            .on(On::Missing, " U    BI:code BI:code BI:code BI:code BI:code BI:code BI:code BI:code BI:code"),
        row("assessmentCandidates", "query($id:ID!){ assessmentCandidates(assessmentId:$id){ attemptId } }")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    F    F    NF   NF   F    NF"),
        row("assessments", "{ assessments { assessment { id } } }")
            .obj(Obj::Assessment)
            .list()
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    in   out  F    in")
            .on(On::Acme, "    U    F    F    F    F    F    out  in   F    in")
            .on(On::Missing, " U    F    F    F    F    F    out  out  F    out"),
        row("assessment", "query($id:ID!){ assessment(id:$id){ started } }")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    F    F    NF   NF   F    NF"),
        row("assessmentCandidatesCsv", "query($id:ID!){ assessmentCandidatesCsv(assessmentId:$id) }")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    F    F    NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    F    F    NF   NF   F    NF"),
    ]
}

fn reports() -> Vec<Row> {
    const ITEMS: &str = "query($id:ID!){ itemAnalysis(formId:$id){ itemId } }";
    vec![
        row("itemAnalysis", ITEMS)
            .note("a practice exam")
            .obj(Obj::PracticeForm)
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    ok   ok   ok   ok   F    ok"),
        row("itemAnalysis", ITEMS)
            .note("an assessment")
            .obj(Obj::Assessment)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    NF   NF   ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    NF   NF   NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        row("caseLineAnalysis", "query($id:ID!){ caseLineAnalysis(caseId:$id){ expected } }")
            .obj(Obj::Case)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Lib, "     U    F    F    F    ok   ok   ok   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
    ]
}
