//! Rules: the case library and authoring.
//!
//! A school's published cases are read by its members; the platform's public library by every
//! signed-in account; an employer's assessment cases by its own organization (and by the
//! candidate whose sitting holds them), never listed to trainees. Only INSTRUCTORs (any set)
//! and EMPLOYERs (ASSESSMENT sets only) of the owning organization, and the admin, author a
//! case or read its key; a trainee never does, whatever the case (role first, issue #25
//! item 6). The public library's keys are read (never revised) by every INSTRUCTOR, to teach
//! from (issue #18 item 1). The public library belongs to the platform: an import with PUBLIC visibility into
//! any other organization is refused on `visibility` (item 1), the admin's included.

use super::table::{Audit, Ctx, Fresh, Make, Obj, On, Row, row};
use super::world::World;
use serde_json::{Value, json};

pub fn rows() -> Vec<Row> {
    let mut rows = reading();
    rows.extend(importing());
    rows.extend(authoring());
    rows.extend(console());
    rows
}

fn titled(c: &Ctx) -> Value {
    json!({"t": c.extra["title"]})
}

fn reading() -> Vec<Row> {
    vec![
        row("cases", "query($t:String){ cases(filter:{text:$t}, first:100){ edges { node { id } } } }")
            .obj(Obj::Case)
            .list()
            .vars(titled)
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "   U    in   in   out  in   out  in   out  out  in")
            .on(On::B, "   U    out  out  in   out  in   out  out  out  in")
            .on(On::Lib, " U    in   in   in   in   in   in   in   in   in"),
        row("cases", "query($t:String){ cases(filter:{text:$t}, first:100){ edges { node { id } } } }")
            .note("an employer's held case")
            .obj(Obj::HeldCase)
            .list()
            .vars(titled)
            //              anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "    U    out  out  out  in   out  in   out  out  in")
            .on(On::Acme, " U    out  out  out  out  out  out  in   out  in"),
        row("case", "query($id:ID!){ case(id:$id){ id } }")
            .obj(Obj::Case)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("case", "query($id:ID!){ case(id:$id){ id } }")
            .note("an employer's held case")
            .obj(Obj::HeldCase)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    NF   NF   NF   ok   NF   ok   NF   ok   ok")
            .on(On::Acme, "    U    NF   NF   NF   NF   NF   NF   ok   NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("caseSets", "query($t:String){ caseSets(text:$t, first:100){ edges { node { id } } } }")
            .obj(Obj::CaseSet)
            .list()
            .vars(titled)
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "   U    in   in   out  in   out  in   out  out  in")
            .on(On::B, "   U    out  out  in   out  in   out  out  out  in")
            .on(On::Lib, " U    in   in   in   in   in   in   in   in   in"),
        row("caseSet", "query($id:ID!){ caseSet(id:$id){ id } }")
            .obj(Obj::CaseSet)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("answerKey", "query($id:ID!){ answerKey(caseId:$id){ version } }")
            .note("the public library's keys are read by every instructor (issue #18 item 1)")
            .obj(Obj::Case)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Lib, "     U    F    F    F    ok   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        row("answerKey", "query($id:ID!){ answerKey(caseId:$id){ version } }")
            .note("an employer's held case")
            .obj(Obj::HeldCase)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    NF   NF   NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        // Authorized exactly like reviseAnswerKey (the same cells as `authored`).
        row("answerKeyRevisionPreview", "query($id:ID!,$k:JSON!){ answerKeyRevisionPreview(caseId:$id, key:$k){ regradedCount } }")
            .obj(Obj::Case)
            .vars(|c| json!({"id": c.id, "k": World::key()}))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Lib, "     U    F    F    F    F    F    F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
    ]
}

fn import_vars(c: &Ctx, visibility: &str, pool: &str) -> Value {
    let slug = format!("import-{}", c.tag);
    json!({"o": c.id, "d": c.w.set_doc(&slug, &format!("Imported {}", c.tag), visibility, pool), "p": false})
}

fn importing() -> Vec<Row> {
    const IMPORT: &str = "mutation($o:ID!,$d:JSON!,$p:Boolean){ importCaseSet(input:{organizationId:$o, document:$d, publish:$p}){ caseSet { id } } }";
    vec![
        row("importCaseSet", IMPORT)
            .note("a PRACTICE set for the organization")
            .obj(Obj::Org)
            .vars(|c| import_vars(c, "ORGANIZATION", "PRACTICE"))
            //                 anon tIn  tOut tB   iA                iB                eA                eB                cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId BI                NF:organizationId F    ok")
            .on(On::B, "       U    F    F    F    NF:organizationId ok                NF:organizationId NF:organizationId F    ok")
            .on(On::Lib, "     U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    NF:organizationId"),
        row("importCaseSet", IMPORT)
            .note("a PUBLIC set")
            .obj(Obj::Org)
            .vars(|c| import_vars(c, "PUBLIC", "PRACTICE"))
            //                 anon tIn  tOut tB   iA                iB                eA                eB                cand adm
            .on(On::A, "       U    F    F    F    BI:visibility     NF:organizationId BI                NF:organizationId F    BI:visibility")
            .on(On::B, "       U    F    F    F    NF:organizationId BI:visibility     NF:organizationId NF:organizationId F    BI:visibility")
            .on(On::Lib, "     U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    NF:organizationId"),
        row("importCaseSet", IMPORT)
            .note("an ASSESSMENT set")
            .obj(Obj::Org)
            .vars(|c| import_vars(c, "PRIVATE", "ASSESSMENT"))
            //                 anon tIn  tOut tB   iA                iB                eA                eB                cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId ok                NF:organizationId F    ok")
            .on(On::Acme, "    U    F    F    F    NF:organizationId NF:organizationId NF:organizationId ok                F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    NF:organizationId"),
    ]
}

/// A case or set call whose cells follow one rule: the owning organization's authors and the
/// admin; a trainee never (role first); another tenant's object as a missing one.
fn authored(field: &'static str, doc: &'static str, obj: Obj, fresh: Fresh) -> Row {
    row(field, doc)
        .obj(obj)
        .fresh(fresh)
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    F    F    F    ok   NF   F    NF   F    ok")
        .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
        .on(On::Lib, "     U    F    F    F    F    F    F    F    F    ok")
        .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF")
}

fn authoring() -> Vec<Row> {
    vec![
        authored("publishCase", "mutation($id:ID!){ publishCase(input:{id:$id}){ case { id } } }", Obj::Case, Fresh::Allowed(Make::DraftCase)),
        authored("unpublishCase", "mutation($id:ID!){ unpublishCase(input:{id:$id}){ case { id } } }", Obj::Case, Fresh::Allowed(Make::PublishedCase)),
        authored("reviseAnswerKey", "mutation($id:ID!,$k:JSON!){ reviseAnswerKey(input:{caseId:$id, key:$k, note:\"matrix\"}){ answerKey { version } } }", Obj::Case, Fresh::No)
            .vars(|c| json!({"id": c.id, "k": World::key()})),
        authored("saveCase", "mutation($id:ID!,$d:JSON!){ saveCase(input:{caseSetId:$id, document:$d}){ case { id } } }", Obj::CaseSet, Fresh::No)
            .vars(|c| {
                let doc = c.w.set_doc(&format!("save-{}", c.tag), &format!("Saved {}", c.tag), "ORGANIZATION", "PRACTICE");
                json!({"id": c.id, "d": doc["cases"][0]})
            }),
        authored("publishCaseSet", "mutation($id:ID!){ publishCaseSet(input:{id:$id}){ caseSet { id } } }", Obj::CaseSet, Fresh::Allowed(Make::DraftSet)),
        authored("unpublishCaseSet", "mutation($id:ID!){ unpublishCaseSet(input:{id:$id}){ caseSet { id } } }", Obj::CaseSet, Fresh::Allowed(Make::PublishedSet)),
        row("cloneCase", "mutation($id:ID!){ cloneCase(input:{id:$id}){ case { id } } }")
            .obj(Obj::Case)
            .audit(Audit::Caller)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Lib, "     U    F    F    F    ok   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        row("cloneCaseSet", "mutation($id:ID!){ cloneCaseSet(input:{id:$id}){ caseSet { id } } }")
            .obj(Obj::CaseSet)
            .audit(Audit::Caller)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Lib, "     U    F    F    F    ok   ok   ok   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
    ]
}

/// The authoring console's reads: a case as its document and the real-data guard's findings
/// follow the authoring rule (they show what only authors may change); `authoredCaseSets`
/// lists the caller's own organization's sets (an employer's: assessment sets only; the
/// admin's: the platform's), and refuses those who author nothing.
fn console() -> Vec<Row> {
    vec![
        authored("caseDocument", "query($id:ID!){ caseDocument(id:$id) }", Obj::Case, Fresh::No),
        authored("caseRealDataFindings", "query($id:ID!){ caseRealDataFindings(id:$id){ path } }", Obj::Case, Fresh::No),
        authored("caseSetRealDataFindings", "query($id:ID!){ caseSetRealDataFindings(id:$id){ path } }", Obj::CaseSet, Fresh::No),
        row("authoredCaseSets", "{ authoredCaseSets(first:100){ edges { node { id } } } }")
            .obj(Obj::CaseSet)
            .list()
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    in   out  out  out  F    out")
            .on(On::B, "       U    F    F    F    out  in   out  out  F    out")
            .on(On::Lib, "     U    F    F    F    out  out  out  out  F    in")
            .on(On::Missing, " U    F    F    F    out  out  out  out  F    out"),
    ]
}
