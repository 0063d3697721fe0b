//! Rules: accounts and sessions, organizations, cohorts, invitations.
//!
//! Sessions are bearer credentials (an e-mail and password, a refresh token): whoever holds
//! one may use it, signed in or not. An organization is read by its members and the platform
//! admin; only the admin creates them. Cohorts belong to instructors (and the admin): an
//! employer has nothing to do with them (issue #25 item 4), so its refusal is decided by role,
//! before any lookup (item 6). A missing organization answers NOT_FOUND naming
//! `organizationId` (item 8), and another tenant's organization answers the same.

use super::table::{Fresh, Make, Obj, On, Row, row};
use serde_json::json;

pub fn rows() -> Vec<Row> {
    let mut rows = accounts();
    rows.extend(organizations());
    rows.extend(cohorts());
    rows.extend(invitations());
    rows
}

fn accounts() -> Vec<Row> {
    vec![
        row("me", "{ me { id } }").on(On::Nil, "U    ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("account", "query($id:ID!){ account(id:$id){ id } }")
            .obj(Obj::Trainee)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("register", "mutation($i:RegisterInput!){ register(input:$i){ accessToken } }")
            .vars(|c| json!({"i": {"email": format!("{}@register.test", c.tag), "password": "a long enough password", "displayName": "New Person"}}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("login", "mutation($e:String!){ login(input:{email:$e, password:\"a long enough password\"}){ accessToken } }")
            .vars(|c| json!({"e": c.w.login_email}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("refreshSession", "mutation($t:String!){ refreshSession(input:{refreshToken:$t}){ accessToken } }")
            .fresh(Fresh::Always(Make::RefreshToken))
            .vars(|c| json!({"t": c.extra["refresh"]}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
        row("logout", "mutation($t:String!){ logout(input:{refreshToken:$t}){ revoked } }")
            .fresh(Fresh::Always(Make::RefreshToken))
            .vars(|c| json!({"t": c.extra["refresh"]}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    ]
}

fn organizations() -> Vec<Row> {
    vec![
        row("organization", "query($id:ID!){ organization(id:$id){ id } }")
            .obj(Obj::Org)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   ok   NF   ok   NF   ok   NF   NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   NF   NF   NF   ok")
            .on(On::Acme, "    U    NF   NF   NF   NF   NF   NF   ok   NF   ok")
            .on(On::Lib, "     U    NF   NF   NF   NF   NF   NF   NF   NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   NF   NF   NF   NF"),
        row("organizations", "{ organizations(first:5){ totalCount } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    F    F    F    F    F    ok"),
        row("codeSetReleases", "{ codeSetReleases { version } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    F    F    F    F    F    ok"),
        row("releaseFiles", "{ releaseFiles { name } }")
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    F    F    F    F    F    ok"),
        row("createOrganization", "mutation($n:String!){ createOrganization(input:{name:$n, kind:SCHOOL}){ organization { id } } }")
            .vars(|c| json!({"n": format!("School {}", c.tag)}))
            //             anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::Nil, " U    F    F    F    F    F    F    F    F    ok"),
    ]
}

/// A new cohort's name in the target tenant (a missing organization for `Missing`).
fn new_cohort(c: &super::table::Ctx) -> serde_json::Value {
    json!({"o": c.id, "n": format!("cohort {}", c.tag)})
}

fn member(c: &super::table::Ctx) -> serde_json::Value {
    let account = match c.extra["account"].as_str() {
        Some(a) => a.to_owned(),
        None => super::fresh::spare_trainee(c.w, c.on),
    };
    json!({"c": c.id, "a": account})
}

fn cohorts() -> Vec<Row> {
    const ADD: &str = "mutation($c:ID!,$a:ID!){ addCohortMember(input:{cohortId:$c, accountId:$a}){ cohort { id } } }";
    const REMOVE: &str = "mutation($c:ID!,$a:ID!){ removeCohortMember(input:{cohortId:$c, accountId:$a}){ cohort { id } } }";
    vec![
        row("cohort", "query($id:ID!){ cohort(id:$id){ id } }")
            .obj(Obj::Cohort)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    ok   NF   NF   ok   NF   F    F    NF   ok")
            .on(On::B, "       U    NF   NF   ok   NF   ok   F    F    NF   ok")
            .on(On::Missing, " U    NF   NF   NF   NF   NF   F    F    NF   NF"),
        row("myCohorts", "{ myCohorts(first:100){ edges { node { id } } } }")
            .obj(Obj::Cohort)
            .list()
            //           anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, " U    in   out  out  out  out  out  out  out  out")
            .on(On::B, " U    out  out  in   out  out  out  out  out  out"),
        row("createCohort", "mutation($o:ID!,$n:String!){ createCohort(input:{organizationId:$o, name:$n}){ cohort { id } } }")
            .obj(Obj::Org)
            .vars(new_cohort)
            //                 anon tIn  tOut tB   iA                iB                eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF:organizationId ok                F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId F    F    F    NF:organizationId"),
        row("addCohortMember", ADD)
            .obj(Obj::Cohort)
            .fresh(Fresh::Allowed(Make::Cohort))
            .vars(member)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
        row("addCohortMember", ADD)
            .note("cohort A, another tenant's trainee")
            .obj(Obj::Trainee)
            .vars(|c| json!({"c": c.w.id(Obj::Cohort, On::A), "a": c.id}))
            //                 anon tIn  tOut tB   iA           iB   eA   eB   cand adm
            .on(On::B, "       U    F    F    F    BI:accountId NF   F    F    F    BI:accountId")
            .on(On::Missing, " U    F    F    F    BI:accountId NF   F    F    F    BI:accountId"),
        row("removeCohortMember", REMOVE)
            .obj(Obj::Cohort)
            .fresh(Fresh::Always(Make::CohortWithMember))
            .vars(member)
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   F    F    F    NF"),
    ]
}

fn invitations() -> Vec<Row> {
    const CREATE: &str = "mutation($o:ID!,$r:Role!,$c:ID){ createInvitation(input:{organizationId:$o, role:$r, cohortId:$c}){ invitation { id } } }";
    const REVOKE: &str =
        "mutation($id:ID!){ revokeInvitation(input:{id:$id}){ invitation { id } } }";
    vec![
        row("createInvitation", CREATE)
            .note("a TRAINEE into the organization")
            .obj(Obj::Org)
            .vars(|c| json!({"o": c.id, "r": "TRAINEE"}))
            //                 anon tIn  tOut tB   iA                iB                eA                eB                cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId ok                NF:organizationId F    ok")
            .on(On::B, "       U    F    F    F    NF:organizationId ok                NF:organizationId NF:organizationId F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId NF:organizationId NF:organizationId F    NF:organizationId"),
        row("createInvitation", CREATE)
            .note("a TRAINEE into a cohort")
            .obj(Obj::Org)
            .vars(|c| {
                let on = if c.on == On::B { On::B } else { On::A };
                json!({"o": c.id, "r": "TRAINEE", "c": c.w.id(Obj::Cohort, on)})
            })
            //                 anon tIn  tOut tB   iA                iB                eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok                NF:organizationId F    F    F    ok")
            .on(On::B, "       U    F    F    F    NF:organizationId ok                F    F    F    ok")
            .on(On::Missing, " U    F    F    F    NF:organizationId NF:organizationId F    F    F    NF:organizationId"),
        row("createInvitation", CREATE)
            .note("an INSTRUCTOR")
            .obj(Obj::Org)
            .vars(|c| json!({"o": c.id, "r": "INSTRUCTOR"}))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    F    F    F    F    ok")
            .on(On::B, "       U    F    F    F    F    F    F    F    F    ok")
            .on(On::Missing, " U    F    F    F    F    F    F    F    F    NF:organizationId"),
        row("revokeInvitation", REVOKE)
            .note("a cohort invitation")
            .obj(Obj::CohortInvitation)
            .fresh(Fresh::Always(Make::CohortInvitation))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   F    NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        // A TRAINEE invitation into no cohort is issued by instructors and employers alike.
        row("revokeInvitation", REVOKE)
            .note("an invitation into the organization")
            .obj(Obj::OrgInvitation)
            .fresh(Fresh::Always(Make::OrgInvitation))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    ok   NF   ok   NF   F    ok")
            .on(On::B, "       U    F    F    F    NF   ok   NF   NF   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
        row("revokeInvitation", REVOKE)
            .note("a candidate code")
            .obj(Obj::CandidateInvitation)
            .fresh(Fresh::Always(Make::CandidateInvitation))
            //                 anon tIn  tOut tB   iA   iB   eA   eB   cand adm
            .on(On::A, "       U    F    F    F    F    NF   ok   NF   F    ok")
            .on(On::Acme, "    U    F    F    F    NF   NF   NF   ok   F    ok")
            .on(On::Missing, " U    F    F    F    NF   NF   NF   NF   F    NF"),
    ]
}
