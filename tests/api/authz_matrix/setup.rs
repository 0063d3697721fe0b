//! The fixtures of the matrix, built once per test through the API as its users would: the
//! demo school (A) with its instructor, employer and two trainees (one in its cohort, one
//! not); a second school (B) and an employer organization (Acme) created by an admin, with
//! accounts registered from invitations; a platform admin; a candidate; and for each tenant a
//! cohort, case sets, an assignment, a scored attempt, a dispute, a denied claim, posted
//! claims with balances, an assessment and sittings.

use super::table::{Obj, On, Who};
use super::world::{
    ASSESS, IMPORT, INVITE, INVITE_CANDIDATES, RAISE, START_ATTEMPT, START_EXAM, SUBMIT_ATTEMPT,
    World, at,
};
use crate::helpers::{TestApp, case_id, cases_file};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::HashMap;

impl World {
    pub async fn build() -> World {
        let app = TestApp::spawn_with_codes().await.with_demo().await;
        let mut w = World {
            app,
            tokens: HashMap::new(),
            targets: HashMap::new(),
            trainee_out: String::new(),
            login_email: "login-target@practicum.test".into(),
            question: String::new(),
            denial_case: String::new(),
            spare_assessment: HashMap::new(),
        };
        for (who, demo) in [
            (Who::InstructorA, "instructor"),
            (Who::TraineeIn, "trainee"),
            (Who::EmployerA, "employer"),
        ] {
            let t = w.app.token(demo).await;
            w.tokens.insert(who, t);
        }
        // The demo admin sets the tenants up; the matrix's admin is a platform account.
        let root = w.app.token("admin").await;
        let orgs = w
            .as_token(
                &root,
                "{ organizations(first:100){ edges { node { id slug } } } }",
                json!({}),
            )
            .await;
        let platform = orgs["data"]["organizations"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["slug"] == "practicum-library")
            .map(|e| at(e, "/node/id"))
            .expect("the platform organization");
        let new_org = "mutation($n:String!,$k:OrganizationKind!){ createOrganization(input:{name:$n, kind:$k}){ organization { id } } }";
        let school_b = at(
            &w.as_token(
                &root,
                new_org,
                json!({"n": "Birch Coding School", "k": "SCHOOL"}),
            )
            .await,
            "/data/createOrganization/organization/id",
        );
        let acme = at(
            &w.as_token(
                &root,
                new_org,
                json!({"n": "Acme Billing Services", "k": "EMPLOYER"}),
            )
            .await,
            "/data/createOrganization/organization/id",
        );
        let demo = at(
            &w.call(
                Who::InstructorA,
                "{ me { organization { id } } }",
                json!({}),
            )
            .await,
            "/data/me/organization/id",
        );
        for (on, id) in [
            (On::A, demo),
            (On::B, school_b.clone()),
            (On::Acme, acme.clone()),
            (On::Lib, platform.clone()),
        ] {
            w.put(Obj::Org, on, id, Value::Null);
        }
        for (who, org, role, email) in [
            (
                Who::Admin,
                platform,
                "ADMIN",
                "platform-admin@practicum.test",
            ),
            (
                Who::InstructorB,
                school_b.clone(),
                "INSTRUCTOR",
                "instructor-b@practicum.test",
            ),
            (
                Who::EmployerB,
                acme,
                "EMPLOYER",
                "employer-b@practicum.test",
            ),
        ] {
            let b = w
                .as_token(&root, INVITE, json!({"o": org, "r": role}))
                .await;
            let (token, _) = w
                .register(email, Some(&at(&b, "/data/createInvitation/code")))
                .await;
            w.tokens.insert(who, token);
        }

        // The `ended` caller: a login of tIn's whose refresh token was used to log out.
        let (access, refresh) = w
            .app
            .login("trainee@practicum.test", practicum::seed::DEMO_PASSWORD)
            .await;
        let b = w
            .app
            .gql(
                None,
                "mutation($t:String!){ logout(input:{refreshToken:$t}){ revoked } }",
                json!({"t": refresh}),
            )
            .await;
        assert_eq!(b["data"]["logout"]["revoked"], true, "{b}");
        w.tokens.insert(Who::Ended, access);

        // Cohorts and trainees: tIn is the demo trainee, tOut and tB register from invitations.
        let cohort_a = w
            .must(
                Who::TraineeIn,
                "{ myCohorts { edges { node { id } } } }",
                json!({}),
                "/data/myCohorts/edges/0/node/id",
            )
            .await;
        let cohort_b = w
            .must(Who::InstructorB, "mutation($o:ID!){ createCohort(input:{organizationId:$o, name:\"Birch Cohort\"}){ cohort { id } } }", json!({"o": school_b}), "/data/createCohort/cohort/id")
            .await;
        w.put(Obj::Cohort, On::A, cohort_a, Value::Null);
        w.put(Obj::Cohort, On::B, cohort_b.clone(), Value::Null);
        let code = w
            .must(
                Who::InstructorB,
                INVITE,
                json!({"o": school_b, "r": "TRAINEE", "c": cohort_b}),
                "/data/createInvitation/code",
            )
            .await;
        let tb = w.register("trainee-b@practicum.test", Some(&code)).await;
        let code = w
            .must(
                Who::InstructorA,
                INVITE,
                json!({"o": w.id(Obj::Org, On::A), "r": "TRAINEE"}),
                "/data/createInvitation/code",
            )
            .await;
        let tout = w.register("trainee-out@practicum.test", Some(&code)).await;
        w.tokens.insert(Who::TraineeB, tb.0);
        w.tokens.insert(Who::TraineeOut, tout.0);
        w.trainee_out = tout.1;
        w.register(&w.login_email.clone(), None).await;
        let tin = w
            .must(Who::TraineeIn, "{ me { id } }", json!({}), "/data/me/id")
            .await;
        w.put(Obj::Trainee, On::A, tin, Value::Null);
        w.put(Obj::Trainee, On::B, tb.1, Value::Null);

        w.build_content().await;
        w.build_work().await;
        w.build_assessments().await;
        w.build_questions().await;
        w.build_shifts().await;
        w
    }

    /// Case sets and cases: each school's own, the platform's public one, each employer's held one.
    async fn build_content(&mut self) {
        for (on, label) in [(On::A, "A"), (On::B, "B"), (On::Lib, "library")] {
            let slug = format!("matrix-{}", label.to_lowercase());
            let title = format!("Matrix {label} case");
            let (set, case) = self.import(on, &slug, &title, "PRACTICE", true).await;
            self.put(
                Obj::CaseSet,
                on,
                set,
                json!({"title": format!("{title} (set)")}),
            );
            self.put(Obj::Case, on, case.clone(), json!({"title": title}));
            if on != On::Lib {
                self.put(Obj::LedgerCase, on, case, json!({"title": title}));
            }
        }
        for (on, label) in [(On::A, "A"), (On::Acme, "Acme")] {
            let slug = format!("matrix-held-{}", label.to_lowercase());
            let title = format!("Matrix {label} held case");
            let author = if on == On::A {
                Who::EmployerA
            } else {
                Who::EmployerB
            };
            let doc = self.set_doc(&slug, &title, "PRIVATE", "ASSESSMENT");
            let b = self
                .call(
                    author,
                    IMPORT,
                    json!({"o": self.id(Obj::Org, on), "d": doc, "p": true}),
                )
                .await;
            let case = at(&b, "/data/importCaseSet/caseSet/cases/0/id");
            self.put(Obj::HeldCase, on, case, json!({"title": title}));
        }
    }

    /// Each school's trainee works: an assignment, a scored attempt and a dispute on it, a
    /// denied claim, a posted claim with a patient balance, a practice exam in progress.
    async fn build_work(&mut self) {
        let now = Utc::now();
        let key = Self::key();
        // The trainee codes the diagnosis and leaves the procedure out: that line is MISSING.
        let expected = key["procedures"][0]["code"].as_str().unwrap().to_owned();
        self.denial_case = case_id(&self.app, "den-mod25-em-joint-injection").await;
        let library = |file: &str, pick: &dyn Fn(&Value) -> bool| -> Value {
            cases_file(file)["cases"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| pick(c))
                .unwrap()
                .clone()
        };
        // Two coverages: the primary pays and leaves a share for the secondary.
        let cob = library("claims-denials.json", &|c| {
            c["slug"] == "den-cob-birthday-rule"
        });
        // Medicare early in the year: the deductible leaves the patient a balance.
        let medicare = library("cpc-em-medicine.json", &|c| {
            c["coverages"][0]["payer"] == "medicare-part-b"
        });
        let medicare_id = case_id(&self.app, medicare["slug"].as_str().unwrap()).await;
        self.put(Obj::LedgerCase, On::Lib, medicare_id, Value::Null);
        let forms = self
            .call(Who::TraineeIn, "{ examForms { id slug } }", json!({}))
            .await;
        let cpc = forms["data"]["examForms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["slug"] == "cpc-practice")
            .map(|f| at(f, "/id"))
            .expect("the CPC practice exam");
        self.put(Obj::PracticeForm, On::Nil, cpc.clone(), Value::Null);
        for on in [On::A, On::B] {
            let trainee = Self::trainee_of(on);
            let input = json!({"cohortId": self.id(Obj::Cohort, on), "caseSetId": self.id(Obj::CaseSet, on), "mode": "PRACTICE",
                "feedbackPolicy": "IMMEDIATE", "opensAt": (now - Duration::hours(1)).to_rfc3339(), "closesAt": (now + Duration::hours(48)).to_rfc3339()});
            let assignment = self
                .must(Self::author_of(on), "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }", json!({"i": input}), "/data/createAssignment/assignment/id")
                .await;
            self.put(Obj::Assignment, on, assignment, Value::Null);
            let attempt = self
                .must(
                    trainee,
                    START_ATTEMPT,
                    json!({"c": self.id(Obj::Case, on)}),
                    "/data/startAttempt/attempt/id",
                )
                .await;
            self.must(
                trainee,
                SUBMIT_ATTEMPT,
                json!({"id": attempt}),
                "/data/submitAttempt/attempt/id",
            )
            .await;
            self.put(
                Obj::Attempt,
                on,
                attempt.clone(),
                json!({"expected": expected}),
            );
            let dispute = self
                .must(
                    trainee,
                    RAISE,
                    json!({"id": attempt, "e": expected}),
                    "/data/raiseDispute/dispute/id",
                )
                .await;
            self.put(Obj::Dispute, on, dispute, Value::Null);
            let (claim, _) = self
                .claim(on, &self.denial_case.clone(), None, None, true)
                .await;
            self.put(Obj::Claim, on, claim, Value::Null);
            let posted = self.posted_claim(on, &cob, Some("bluecrest-ppo")).await;
            self.put(Obj::PostedClaim, on, posted, Value::Null);
            self.posted_claim(on, &medicare, None).await;
            let sitting = self
                .must(
                    trainee,
                    START_EXAM,
                    json!({"f": cpc}),
                    "/data/startExam/attempt/id",
                )
                .await;
            self.put(Obj::PracticeSitting, on, sitting, Value::Null);
        }
    }

    /// Each employer's assessment (a bank question, its held case, a claim item) and a
    /// candidate sitting it; a spare assessment for the code cells.
    async fn build_assessments(&mut self) {
        let row = self
            .app
            .db
            .query_one_raw(Statement::from_string(
                self.app.db.get_database_backend(),
                "SELECT MIN(id) AS id FROM question_item".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        self.question = row.try_get::<i32>("", "id").unwrap().to_string();
        let claim_item = case_id(&self.app, "den-timely-filing-medicare-14-months").await;
        for (on, employer, email) in [
            (On::A, Who::EmployerA, "candidate@practicum.test"),
            (On::Acme, Who::EmployerB, "candidate-acme@practicum.test"),
        ] {
            let held = self.id(Obj::HeldCase, on);
            let form = self
                .must(
                    employer,
                    ASSESS,
                    json!({"q": [self.question], "c": [held], "k": [claim_item]}),
                    "/data/createAssessment/assessment/id",
                )
                .await;
            let spare = self
                .must(
                    employer,
                    ASSESS,
                    json!({"q": [self.question], "c": [], "k": []}),
                    "/data/createAssessment/assessment/id",
                )
                .await;
            self.spare_assessment.insert(on, spare);
            let code = self
                .must(
                    employer,
                    INVITE_CANDIDATES,
                    json!({"f": form}),
                    "/data/inviteCandidates/codes/0",
                )
                .await;
            let (token, _) = self.register(email, Some(&code)).await;
            let sitting = at(
                &self
                    .app
                    .gql(Some(&token), START_EXAM, json!({"f": form}))
                    .await,
                "/data/startExam/attempt/id",
            );
            if on == On::A {
                self.tokens.insert(Who::Candidate, token);
            }
            self.put(Obj::Assessment, on, form, Value::Null);
            self.put(
                Obj::AssessmentSitting,
                on,
                sitting,
                json!({"claimCase": claim_item}),
            );
        }
    }

    /// A question of each employer's organization (private, held for assessment) and one of
    /// the platform's, each with a stem the list cells look for.
    async fn build_questions(&mut self) {
        for (on, who) in [
            (On::A, Who::EmployerA),
            (On::Acme, Who::EmployerB),
            (On::Lib, Who::Admin),
        ] {
            let stem = format!(
                "Matrix question {on:?}: which code reports a new patient visit of low MDM?"
            );
            let input = json!({"kind": "SINGLE", "section": "EM", "skillTags": ["CPC:EM"], "pool": "ASSESSMENT",
                "stem": stem, "options": ["99202", "99203", "99212", "99213"], "answer": ["b"],
                "rationale": "New patient, low MDM: 99203.", "reference": "CPT E/M guidelines: MDM"});
            let id = self
                .must(who, "mutation($i:CreateQuestionInput!){ createQuestion(input:$i){ question { id } } }", json!({"i": input}), "/data/createQuestion/question/id")
                .await;
            self.put(
                Obj::Question,
                on,
                id,
                json!({"title": format!("Matrix question {on:?}:")}),
            );
        }
    }

    /// Each school's trainee starts a shift of five days (a generated library mix, one
    /// encounter a day), so that a cell may end a day without finishing it.
    async fn build_shifts(&mut self) {
        for on in [On::A, On::B] {
            let start = "mutation{ startShift(input:{days:5, encountersPerDay:1, startDate:\"2026-03-02\", seed:0}){ shift { id queue { encounters { id } } } } }";
            let b = self.call(Self::trainee_of(on), start, json!({})).await;
            let shift = at(&b, "/data/startShift/shift/id");
            let encounter = at(&b, "/data/startShift/shift/queue/encounters/0/id");
            self.put(Obj::Shift, on, shift, json!({"encounter": encounter}));
        }
    }
}
