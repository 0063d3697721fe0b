//! Organizations, cohorts and invitations: who may create and read them. Each mutation is
//! tried by every role, and across organizations.

use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

const CREATE_ORG: &str = "mutation($n:String!){ createOrganization(input:{name:$n,kind:SCHOOL}){ organization { id name slug kind } } }";
const CREATE_COHORT: &str = "mutation($o:ID!,$n:String!){ createCohort(input:{organizationId:$o,name:$n}){ cohort { id name } } }";
const INVITE: &str = "mutation($o:ID!,$r:Role!){ createInvitation(input:{organizationId:$o,role:$r}){ code invitation { id role } } }";
const ADD: &str = "mutation($c:ID!,$a:ID!){ addCohortMember(input:{cohortId:$c,accountId:$a}){ cohort { members { totalCount } } } }";
const REMOVE: &str = "mutation($c:ID!,$a:ID!){ removeCohortMember(input:{cohortId:$c,accountId:$a}){ cohort { members { totalCount } } } }";

struct World {
    app: TestApp,
    admin: String,
    instructor: String,
    trainee: String,
    employer: String,
    org: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await.with_demo().await;
    World {
        admin: app.token("admin").await,
        instructor: app.token("instructor").await,
        trainee: app.token("trainee").await,
        employer: app.token("employer").await,
        org: app.demo_org_id().await,
        app,
    }
}

fn ok(body: &Value, op: &str) -> Value {
    assert!(body["errors"].is_null(), "{op} failed: {body}");
    body["data"][op].clone()
}

#[tokio::test]
async fn only_an_admin_creates_organizations() {
    let w = world().await;
    for t in [&w.instructor, &w.trainee, &w.employer] {
        let b = w
            .app
            .gql(Some(t), CREATE_ORG, json!({"n":"Riverside Coding Academy"}))
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
    }
    let b = w
        .app
        .gql(None, CREATE_ORG, json!({"n":"Riverside Coding Academy"}))
        .await;
    assert_eq!(code(&b), "UNAUTHENTICATED");
    let created = ok(
        &w.app
            .gql(
                Some(&w.admin),
                CREATE_ORG,
                json!({"n":"Riverside Coding Academy"}),
            )
            .await,
        "createOrganization",
    );
    assert_eq!(created["organization"]["slug"], "riverside-coding-academy");
    assert_eq!(created["organization"]["kind"], "SCHOOL");
    let dup = w
        .app
        .gql(
            Some(&w.admin),
            CREATE_ORG,
            json!({"n":"Riverside  Coding Academy"}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");
    let blank = w
        .app
        .gql(Some(&w.admin), CREATE_ORG, json!({"n":"  "}))
        .await;
    assert_eq!((code(&blank), field(&blank)), ("BAD_USER_INPUT", "name"));
    assert_eq!(w.app.audit_count("organization.create").await, 1);

    let list = w
        .app
        .gql(
            Some(&w.admin),
            "{ organizations(first: 10) { totalCount edges { node { slug } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        list["data"]["organizations"]["totalCount"], 3,
        "library, demo, new: {list}"
    );
    let denied = w
        .app
        .gql(
            Some(&w.instructor),
            "{ organizations { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&denied), "FORBIDDEN");
}

#[tokio::test]
async fn instructors_and_admins_create_cohorts_in_their_organization_only() {
    let w = world().await;
    for t in [&w.trainee, &w.employer] {
        let b = w
            .app
            .gql(Some(t), CREATE_COHORT, json!({"o": w.org, "n":"X"}))
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
    }
    ok(
        &w.app
            .gql(
                Some(&w.instructor),
                CREATE_COHORT,
                json!({"o": w.org, "n":"Fall CCS"}),
            )
            .await,
        "createCohort",
    );
    ok(
        &w.app
            .gql(
                Some(&w.admin),
                CREATE_COHORT,
                json!({"o": w.org, "n":"Winter CPC"}),
            )
            .await,
        "createCohort",
    );
    let dup = w
        .app
        .gql(
            Some(&w.instructor),
            CREATE_COHORT,
            json!({"o": w.org, "n":"Fall CCS"}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");

    // Another organization is invisible to the instructor.
    let other = ok(
        &w.app
            .gql(Some(&w.admin), CREATE_ORG, json!({"n":"Other School"}))
            .await,
        "createOrganization",
    );
    let other_id = other["organization"]["id"].as_str().unwrap();
    let b = w
        .app
        .gql(
            Some(&w.instructor),
            CREATE_COHORT,
            json!({"o": other_id, "n":"Sneaky"}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = w
        .app
        .gql(
            Some(&w.instructor),
            "query($o:ID!){ organization(id:$o){ name } }",
            json!({"o": other_id}),
        )
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = w
        .app
        .gql(
            Some(&w.instructor),
            CREATE_COHORT,
            json!({"o": "abc", "n":"X"}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "organizationId"));

    let list = w
        .app
        .gql(
            Some(&w.instructor),
            "query($o:ID!){ organization(id:$o){ cohorts { totalCount } } }",
            json!({"o": w.org}),
        )
        .await;
    assert_eq!(
        list["data"]["organization"]["cohorts"]["totalCount"], 3,
        "Demo Cohort + 2: {list}"
    );
    let denied = w
        .app
        .gql(
            Some(&w.trainee),
            "query($o:ID!){ organization(id:$o){ name cohorts { totalCount } } }",
            json!({"o": w.org}),
        )
        .await;
    assert_eq!(
        denied["data"]["organization"]["name"], "Demo School",
        "a trainee reads the organization's name"
    );
    assert_eq!(code(&denied), "FORBIDDEN", "but not its cohorts");
}

#[tokio::test]
async fn cohort_membership_is_managed_by_instructors_for_trainees_of_the_organization() {
    let w = world().await;
    let cohort = ok(
        &w.app
            .gql(
                Some(&w.instructor),
                CREATE_COHORT,
                json!({"o": w.org, "n":"Evening"}),
            )
            .await,
        "createCohort",
    );
    let cid = cohort["cohort"]["id"].as_str().unwrap().to_owned();
    let trainee_id = w
        .app
        .gql(Some(&w.trainee), "{ me { id } }", json!({}))
        .await["data"]["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let employer_id = w
        .app
        .gql(Some(&w.employer), "{ me { id } }", json!({}))
        .await["data"]["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    for t in [&w.trainee, &w.employer] {
        let b = w
            .app
            .gql(Some(t), ADD, json!({"c": cid, "a": trainee_id}))
            .await;
        assert_eq!(code(&b), "FORBIDDEN", "{b}");
    }
    let added = ok(
        &w.app
            .gql(Some(&w.instructor), ADD, json!({"c": cid, "a": trainee_id}))
            .await,
        "addCohortMember",
    );
    assert_eq!(added["cohort"]["members"]["totalCount"], 1);
    let again = w
        .app
        .gql(Some(&w.instructor), ADD, json!({"c": cid, "a": trainee_id}))
        .await;
    assert_eq!(code(&again), "CONFLICT");
    let not_trainee = w
        .app
        .gql(
            Some(&w.instructor),
            ADD,
            json!({"c": cid, "a": employer_id}),
        )
        .await;
    assert_eq!(
        (code(&not_trainee), field(&not_trainee)),
        ("BAD_USER_INPUT", "accountId")
    );

    let b = w
        .app
        .gql(Some(&w.trainee), REMOVE, json!({"c": cid, "a": trainee_id}))
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
    let removed = ok(
        &w.app
            .gql(
                Some(&w.instructor),
                REMOVE,
                json!({"c": cid, "a": trainee_id}),
            )
            .await,
        "removeCohortMember",
    );
    assert_eq!(removed["cohort"]["members"]["totalCount"], 0);
    let gone = w
        .app
        .gql(
            Some(&w.instructor),
            REMOVE,
            json!({"c": cid, "a": trainee_id}),
        )
        .await;
    assert_eq!(code(&gone), "BAD_USER_INPUT");
    assert_eq!(w.app.audit_count("cohort.add_member").await, 1);
    assert_eq!(w.app.audit_count("cohort.remove_member").await, 1);

    // An outside trainee (self-registered, no organization) cannot be added.
    let outsider = w.app.register("outsider@x.org", None).await;
    let oid = outsider["data"]["register"]["account"]["id"]
        .as_str()
        .unwrap();
    let b = w
        .app
        .gql(Some(&w.instructor), ADD, json!({"c": cid, "a": oid}))
        .await;
    assert_eq!(code(&b), "BAD_USER_INPUT");
}

#[tokio::test]
async fn invitations_respect_who_may_invite_whom() {
    let w = world().await;
    let b = w
        .app
        .gql(
            Some(&w.trainee),
            INVITE,
            json!({"o": w.org, "r": "TRAINEE"}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");
    for t in [&w.instructor, &w.employer] {
        ok(
            &w.app
                .gql(Some(t), INVITE, json!({"o": w.org, "r": "TRAINEE"}))
                .await,
            "createInvitation",
        );
        for r in ["INSTRUCTOR", "ADMIN", "EMPLOYER"] {
            let b = w
                .app
                .gql(Some(t), INVITE, json!({"o": w.org, "r": r}))
                .await;
            assert_eq!(code(&b), "FORBIDDEN", "{r}: {b}");
        }
    }
    let inv = ok(
        &w.app
            .gql(Some(&w.admin), INVITE, json!({"o": w.org, "r": "EMPLOYER"}))
            .await,
        "createInvitation",
    );
    let inv_id = inv["invitation"]["id"].as_str().unwrap();
    // An instructor may not revoke an invitation they could not have made.
    let b = w
        .app
        .gql(
            Some(&w.instructor),
            "mutation($i:ID!){ revokeInvitation(input:{id:$i}){ invitation { revoked } } }",
            json!({"i": inv_id}),
        )
        .await;
    assert_eq!(code(&b), "FORBIDDEN");

    let bad = w.app.gql(
        Some(&w.admin),
        "mutation($o:ID!){ createInvitation(input:{organizationId:$o,role:TRAINEE,maxUses:0}){ code } }",
        json!({"o": w.org}),
    ).await;
    assert_eq!((code(&bad), field(&bad)), ("BAD_USER_INPUT", "maxUses"));
    let bad = w.app.gql(
        Some(&w.admin),
        "mutation($o:ID!){ createInvitation(input:{organizationId:$o,role:TRAINEE,expiresInHours:100000}){ code } }",
        json!({"o": w.org}),
    ).await;
    assert_eq!(
        (code(&bad), field(&bad)),
        ("BAD_USER_INPUT", "expiresInHours")
    );

    let list = w.app.gql(Some(&w.employer), "query($o:ID!){ organization(id:$o){ invitations { totalCount edges { node { role codeHint } } } } }", json!({"o": w.org})).await;
    assert_eq!(
        list["data"]["organization"]["invitations"]["totalCount"], 3,
        "{list}"
    );
    assert_eq!(w.app.audit_count("invitation.create").await, 3);
}

#[tokio::test]
async fn member_lists_are_paginated_with_cursors() {
    let w = world().await;
    let q = "query($o:ID!,$a:String){ organization(id:$o){ members(first:3, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { email } } } } }";
    let p1 = w
        .app
        .gql(Some(&w.instructor), q, json!({"o": w.org, "a": null}))
        .await;
    let m = &p1["data"]["organization"]["members"];
    assert_eq!(m["totalCount"], 4);
    assert_eq!(m["edges"].as_array().unwrap().len(), 3);
    assert_eq!(m["pageInfo"]["hasNextPage"], true);
    let cursor = m["pageInfo"]["endCursor"].as_str().unwrap();
    let p2 = w
        .app
        .gql(Some(&w.instructor), q, json!({"o": w.org, "a": cursor}))
        .await;
    let m2 = &p2["data"]["organization"]["members"];
    assert_eq!(m2["edges"].as_array().unwrap().len(), 1);
    assert_eq!(m2["pageInfo"]["hasNextPage"], false);

    let too_many = w
        .app
        .gql(
            Some(&w.instructor),
            "query($o:ID!){ organization(id:$o){ members(first:101){ totalCount } } }",
            json!({"o": w.org}),
        )
        .await;
    assert_eq!(
        (code(&too_many), field(&too_many)),
        ("BAD_USER_INPUT", "first")
    );
    let bad_cursor = w
        .app
        .gql(Some(&w.instructor), q, json!({"o": w.org, "a": "!!"}))
        .await;
    assert_eq!(
        (code(&bad_cursor), field(&bad_cursor)),
        ("BAD_USER_INPUT", "after")
    );
    let trainee = w
        .app
        .gql(Some(&w.trainee), q, json!({"o": w.org, "a": null}))
        .await;
    assert_eq!(code(&trainee), "FORBIDDEN");
}
