//! Registration: self-registration makes a TRAINEE with no organization; invitation codes
//! place accounts with a role, organization and cohort; input is validated field by field.

use crate::helpers::{TestApp, code, field};
use serde_json::json;

#[tokio::test]
async fn self_registration_makes_a_trainee_without_organization_and_signs_in() {
    let app = TestApp::spawn().await;
    let body = app.register("  New.Trainee@Example.ORG ", None).await;
    let acct = &body["data"]["register"]["account"];
    assert_eq!(
        acct["email"], "new.trainee@example.org",
        "email is normalized"
    );
    assert_eq!(acct["role"], "TRAINEE");
    assert!(acct["organization"].is_null());
    let token = body["data"]["register"]["accessToken"].as_str().unwrap();
    let me = app
        .gql(Some(token), "{ me { email displayName role } }", json!({}))
        .await;
    assert_eq!(me["data"]["me"]["email"], "new.trainee@example.org");
    assert_eq!(app.audit_count("account.register").await, 1);
    // The new password works for login.
    app.login("new.trainee@example.org", "a long enough password")
        .await;
}

#[tokio::test]
async fn a_duplicate_email_is_a_conflict_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.register("dup@example.org", None).await;
    let again = app.register("DUP@example.org", None).await;
    assert_eq!(code(&again), "CONFLICT", "{again}");
}

#[tokio::test]
async fn bad_registration_input_names_the_field() {
    let app = TestApp::spawn().await;
    let q = "mutation($i:RegisterInput!){ register(input:$i){ accessToken } }";
    let cases = [
        (
            json!({"email":"not-an-email","password":"a long enough password","displayName":"X"}),
            "email",
        ),
        (
            json!({"email":"a@b.org","password":"short","displayName":"X"}),
            "password",
        ),
        (
            json!({"email":"a@b.org","password":"x".repeat(129),"displayName":"X"}),
            "password",
        ),
        (
            json!({"email":"a@b.org","password":"a long enough password","displayName":"   "}),
            "displayName",
        ),
        (
            json!({"email":"a@b.org","password":"a long enough password","displayName":"X","invitationCode":"nope"}),
            "invitationCode",
        ),
    ];
    for (input, want) in cases {
        let body = app.gql(None, q, json!({ "i": input })).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(field(&body), want, "{body}");
    }
    // Nothing was stored by the refused attempts.
    assert_eq!(app.audit_count("account.register").await, 0);
}

#[tokio::test]
async fn an_invitation_places_the_account_in_its_organization_role_and_cohort() {
    let app = TestApp::spawn().await.with_demo().await;
    let instructor = app.token("instructor").await;
    let org = app.demo_org_id().await;
    let cohort = app
        .gql(
            Some(&instructor),
            "mutation($o:ID!){ createCohort(input:{organizationId:$o,name:\"Spring CPC\"}){ cohort { id } } }",
            json!({ "o": org }),
        )
        .await;
    let cohort_id = cohort["data"]["createCohort"]["cohort"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let inv = app
        .gql(
            Some(&instructor),
            "mutation($o:ID!,$c:ID){ createInvitation(input:{organizationId:$o,role:TRAINEE,cohortId:$c,maxUses:2}){ code invitation { uses maxUses role } } }",
            json!({ "o": org, "c": cohort_id }),
        )
        .await;
    let code_str = inv["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();

    let reg = app.register("student1@school.edu", Some(&code_str)).await;
    let acct = &reg["data"]["register"]["account"];
    assert_eq!(acct["role"], "TRAINEE");
    assert_eq!(acct["organization"]["id"], org.as_str());

    let members = app
        .gql(
            Some(&instructor),
            "query($c:ID!){ cohort(id:$c){ members { totalCount edges { node { email } } } } }",
            json!({ "c": cohort_id }),
        )
        .await;
    assert_eq!(members["data"]["cohort"]["members"]["totalCount"], 1);
    assert_eq!(
        members["data"]["cohort"]["members"]["edges"][0]["node"]["email"],
        "student1@school.edu"
    );

    // The trainee sees the cohort among their own.
    let t = reg["data"]["register"]["accessToken"].as_str().unwrap();
    let mine = app
        .gql(
            Some(t),
            "{ myCohorts { totalCount edges { node { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine["data"]["myCohorts"]["edges"][0]["node"]["name"],
        "Spring CPC"
    );

    // Second use is allowed (maxUses 2), the third is not.
    let second = app.register("student2@school.edu", Some(&code_str)).await;
    assert!(second["data"]["register"].is_object(), "{second}");
    let third = app.register("student3@school.edu", Some(&code_str)).await;
    assert_eq!(code(&third), "BAD_USER_INPUT");
    assert_eq!(field(&third), "invitationCode");
    // The refused registration created no account.
    let login = app
        .gql(None, "mutation{ login(input:{email:\"student3@school.edu\",password:\"a long enough password\"}){ accessToken } }", json!({}))
        .await;
    assert_eq!(code(&login), "UNAUTHENTICATED");
}

#[tokio::test]
async fn revoked_and_expired_invitations_are_refused() {
    let app = TestApp::spawn().await.with_demo().await;
    let admin = app.token("admin").await;
    let org = app.demo_org_id().await;
    let create = "mutation($o:ID!){ createInvitation(input:{organizationId:$o,role:INSTRUCTOR}){ code invitation { id } } }";
    let a = app.gql(Some(&admin), create, json!({ "o": org })).await;
    let revoked_code = a["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = a["data"]["createInvitation"]["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .gql(
            Some(&admin),
            "mutation($i:ID!){ revokeInvitation(input:{id:$i}){ invitation { revoked } } }",
            json!({ "i": id }),
        )
        .await;
    assert_eq!(r["data"]["revokeInvitation"]["invitation"]["revoked"], true);
    assert_eq!(
        field(&app.register("late@x.org", Some(&revoked_code)).await),
        "invitationCode"
    );

    let b = app.gql(Some(&admin), create, json!({ "o": org })).await;
    let expired_code = b["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // Age the invitation in the database (no sleeping).
    use sea_orm::{ConnectionTrait, Statement};
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "UPDATE invitation SET expires_at = $1 WHERE revoked = $2",
            [
                (chrono::Utc::now() - chrono::Duration::hours(1)).into(),
                false.into(),
            ],
        ))
        .await
        .unwrap();
    assert_eq!(
        field(&app.register("later@x.org", Some(&expired_code)).await),
        "invitationCode"
    );

    // An invitation for an INSTRUCTOR makes one.
    let c = app.gql(Some(&admin), create, json!({ "o": org })).await;
    let good = c["data"]["createInvitation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let reg = app.register("teacher@x.org", Some(&good)).await;
    assert_eq!(reg["data"]["register"]["account"]["role"], "INSTRUCTOR");
}
