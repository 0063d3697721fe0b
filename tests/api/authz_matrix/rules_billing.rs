//! Rules: patient accounts and the code sets.
//!
//! A ledger is its trainee's, for the patient of a case they can read: everyone signed in has
//! their own. An INSTRUCTOR (or the admin) may open a trainee of their organization's; an
//! employer or a trainee never opens another's (role first, issue #25 item 6), and another
//! organization's trainee answers what a missing account answers. The organization's views
//! (aging, day sheet) and automatic posting are its instructors' and the admin's. The code
//! sets are public reference data: no sign-in needed; the MS-DRG grouper is a study tool for
//! every signed-in account.

use super::table::{Audit, Obj, On, Row, row};
use serde_json::json;

pub fn rows() -> Vec<Row> {
    let mut rows = ledgers();
    rows.extend(organization_views());
    rows.extend(codes());
    rows
}

/// A call on the caller's own ledger for the patient of a case.
fn own(field: &'static str, doc: &'static str) -> Row {
    row(field, doc)
        .obj(Obj::LedgerCase)
        .audit(Audit::Caller)
        //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
        .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
        .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
        .on(On::Lib, "     U    ok   ok   ok   ok   ok   ok   ok   ok   ok")
        .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF")
}

fn ledgers() -> Vec<Row> {
    vec![
        own("patientAccount", "query($id:ID!){ patientAccount(caseId:$id){ patientBalance } }"),
        row("patientAccount", "query($c:ID!,$t:ID){ patientAccount(caseId:$c, traineeId:$t){ patientBalance } }")
            .note("naming a trainee")
            .obj(Obj::Trainee)
            .vars(|c| json!({"c": c.w.id(Obj::LedgerCase, On::Lib), "t": c.id}))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    ok   NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        own("patientStatement", "query($id:ID!){ patientStatement(caseId:$id, asOf:\"2026-06-30\"){ amountDue } }"),
        own("patientStatementHtml", "query($id:ID!){ patientStatementHtml(caseId:$id, asOf:\"2026-06-30\") }"),
        own("paymentPlan", "query($id:ID!){ paymentPlan(caseId:$id, asOf:\"2026-06-30\"){ total } }"),
        own("postPatientPayment", "mutation($id:ID!){ postPatientPayment(input:{caseId:$id, amountCents:100, method:\"CHECK\", reference:\"1042\", date:\"2026-04-20\"}){ patientBalance } }"),
        // Only tIn and tB owe something (on the library case): the others' calls pass every
        // check of access and stop at the balance.
        row("createPaymentPlan", "mutation($id:ID!){ createPaymentPlan(input:{caseId:$id, installments:3, firstDue:\"2026-05-01\", createdOn:\"2026-04-15\"}){ total } }")
            .obj(Obj::LedgerCase)
            .audit(Audit::Caller)
            //                 anon tIn       tOut      tB        iA        iB        eA        eB        cand      adm
            .on(On::A, "       U    BI:caseId BI:caseId NF        BI:caseId NF        BI:caseId NF        NF        BI:caseId")
            .on(On::B, "       U    NF        NF        BI:caseId NF        BI:caseId NF        NF        NF        BI:caseId")
            .on(On::Lib, "     U    ok        BI:caseId ok        BI:caseId BI:caseId BI:caseId BI:caseId BI:caseId BI:caseId")
            .on(On::Missing, " U    NF        NF        NF        NF        NF        NF        NF        NF        NF"),
    ]
}

fn organization_views() -> Vec<Row> {
    vec![
        row("arAging", "{ arAging(asOf:\"2026-06-30\"){ asOf } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("arAging", "{ arAging(asOf:\"2026-06-30\", organization:true){ asOf } }")
            .note("the organization's")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    ok   ok   F    F    F    ok"),
        row("daySheet", "{ daySheet(date:\"2026-04-20\"){ net } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("daySheet", "{ daySheet(date:\"2026-04-20\", organization:true){ net } }")
            .note("the organization's")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    ok   ok   F    F    F    ok"),
        row("workQueue", "{ workQueue(asOf:\"2026-06-30\"){ amount } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("setAutoPosting", "mutation($id:ID!){ setAutoPosting(input:{organizationId:$id, enabled:false}) }")
            .obj(Obj::Org)
            //                 anon tIn  tOut tB   iA                iB                eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF:organizationId ok                F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId F    F    F    NF:organizationId"),
    ]
}

fn codes() -> Vec<Row> {
    vec![
        row("code", "{ code(system:ICD10CM, code:\"E11.65\"){ code } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("searchCodes", "{ searchCodes(query:\"type 2 diabetes\", first:5){ totalCount } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("groupDrg", "{ groupDrg(input:{dischargeDate:\"2026-05-02\", sex:FEMALE, dischargeStatus:\"01\", principalDiagnosis:{code:\"I50.21\", poa:\"Y\"}}){ drg } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("riskScore", "{ riskScore(input:{diagnoses:[\"I50.9\"], age:70, sex:FEMALE, dualStatus:NON_DUAL, orec:\"0\", segment:COMMUNITY}){ rawScore } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("validateCodes", "{ validateCodes(input:{dateOfService:\"2026-11-01\", codes:[{system:ICD10CM, code:\"E11.65\"}]}){ results { status } } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    ]
}
