//! The fixtures of the matrix, built once per test through the API as its users would: the
//! demo school (A) with its instructor, employer and two trainees (one in its cohort, one
//! not); a second school (B) and an employer organization (Acme) created by an admin, with
//! accounts registered from invitations; a platform admin; a candidate; and for each tenant a
//! cohort, case sets, an assignment, a scored attempt, a dispute, a denied claim, a posted
//! claim, an assessment and sittings.

use super::table::{Obj, On, Who};
use crate::helpers::{TestApp, case_id, cases_file, key_claim};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::HashMap;

/// An id that names nothing.
pub const MISSING: &str = "99999999";

/// One object of the fixtures: its id and what its maker kept about it.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub id: String,
    pub extra: Value,
}

pub struct World {
    pub app: TestApp,
    tokens: HashMap<Who, String>,
    targets: HashMap<(Obj, On), Target>,
    /// Account ids of tOut (A's trainee outside the cohort) and the login target.
    pub trainee_out: String,
    pub login_email: String,
    /// A bank question, for assessments.
    pub question: String,
    /// A denial scenario (a library case with the practice's billed claim).
    pub denial_case: String,
    /// An assessment of each employer's whose codes the redeem and revoke cells use.
    pub spare_assessment: HashMap<On, String>,
}

pub const REGISTER: &str =
    "mutation($i:RegisterInput!){ register(input:$i){ accessToken account { id } } }";
pub const INVITE: &str = "mutation($o:ID!,$r:Role!,$c:ID){ createInvitation(input:{organizationId:$o, role:$r, cohortId:$c, maxUses:5}){ code invitation { id } } }";
pub const IMPORT: &str = "mutation($o:ID!,$d:JSON!,$p:Boolean){ importCaseSet(input:{organizationId:$o, document:$d, publish:$p}){ caseSet { id cases { id } } } }";
pub const START_ATTEMPT: &str =
    "mutation($c:ID!){ startAttempt(input:{caseId:$c}){ attempt { id } } }";
pub const SUBMIT_ATTEMPT: &str = "mutation($id:ID!){ submitAttempt(input:{attemptId:$id, submission:{diagnoses:[{code:\"N30.00\"}]}}){ attempt { id } } }";
pub const RAISE: &str = "mutation($id:ID!,$e:String){ raiseDispute(input:{attemptId:$id, expected:$e, citation:\"ICD-10-CM I.B.1\"}){ dispute { id } } }";
pub const CREATE_CLAIM: &str = "mutation($c:ID!,$p:String,$a:ID){ createClaim(input:{caseId:$c, payer:$p, examAttemptId:$a}){ claim { id } } }";
pub const UPDATE_CLAIM: &str = "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!]){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l}){ claim { id } } }";
pub const SUBMIT_CLAIM: &str = "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { id remittance { lines { line paid denied adjustments { group reason amount } } } } } }";
pub const POST: &str = "mutation($id:ID!,$l:[PostedLineInput!]!){ postRemittance(input:{claimId:$id, lines:$l}){ posted } }";
pub const START_EXAM: &str = "mutation($f:ID!){ startExam(input:{formId:$f}){ attempt { id } } }";
pub const ASSESS: &str = "mutation($q:[ID!]!,$c:[ID!]!,$k:[ID!]!){ createAssessment(input:{title:\"Screening\", questionIds:$q, caseIds:$c, claimCaseIds:$k, durationMinutes:60}){ assessment { id } } }";
pub const INVITE_CANDIDATES: &str =
    "mutation($f:ID!){ inviteCandidates(input:{assessmentId:$f, count:1}){ codes } }";

/// The string at a JSON pointer of a response, or a panic showing the response.
pub fn at(body: &Value, pointer: &str) -> String {
    match body.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        _ => panic!("no {pointer} in {body}"),
    }
}

/// The right posting of a remittance (what a trainee who reads it well enters).
pub fn right_posting(remittance: &Value) -> Value {
    let sum = |l: &Value, g: &str, r: &str| -> i64 {
        l["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["group"] == g && a["reason"] == r)
            .map(|a| a["amount"].as_i64().unwrap())
            .sum()
    };
    json!(
        remittance["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| json!({
                "line": l["line"], "paidCents": l["paid"], "contractualCents": sum(l, "CO", "45"),
                "deductibleCents": sum(l, "PR", "1"), "coinsuranceCents": sum(l, "PR", "2"),
                "copayCents": sum(l, "PR", "3"), "denialLeftOpen": l["denied"]
            }))
            .collect::<Vec<_>>()
    )
}

impl World {
    async fn as_token(&self, token: &str, doc: &str, vars: Value) -> Value {
        self.app.gql(Some(token), doc, vars).await
    }

    pub fn token(&self, who: Who) -> Option<&str> {
        self.tokens.get(&who).map(String::as_str)
    }

    /// Calls the server as `who`.
    pub async fn call(&self, who: Who, doc: &str, vars: Value) -> Value {
        self.app.gql(self.token(who), doc, vars).await
    }

    /// Calls as `who` and returns the string at `pointer`.
    pub async fn must(&self, who: Who, doc: &str, vars: Value, pointer: &str) -> String {
        at(&self.call(who, doc, vars).await, pointer)
    }

    /// The shared object `obj` of tenant `on` (a missing id, with A's extra, for `Missing`).
    pub fn target(&self, obj: Obj, on: On) -> Target {
        match on {
            On::Missing => Target {
                id: MISSING.into(),
                extra: self
                    .targets
                    .get(&(obj, On::A))
                    .map(|t| t.extra.clone())
                    .unwrap_or(Value::Null),
            },
            _ => match self.targets.get(&(obj, on)) {
                Some(t) => t.clone(),
                None if obj == Obj::None || on == On::Nil => Target::default(),
                None => panic!("no fixture {obj:?} of {on:?}"),
            },
        }
    }

    pub fn id(&self, obj: Obj, on: On) -> String {
        self.target(obj, on).id
    }

    fn put(&mut self, obj: Obj, on: On, id: String, extra: Value) {
        self.targets.insert((obj, on), Target { id, extra });
    }

    /// The trainee whose work a tenant's attempts, claims and sittings are.
    pub fn trainee_of(on: On) -> Who {
        match on {
            On::B => Who::TraineeB,
            _ => Who::TraineeIn,
        }
    }

    /// Who authors content in a tenant: its instructor, Acme's employer, the platform admin.
    pub fn author_of(on: On) -> Who {
        match on {
            On::B => Who::InstructorB,
            On::Acme => Who::EmployerB,
            On::Lib => Who::Admin,
            _ => Who::InstructorA,
        }
    }

    /// A case set document of one case: a copy of a library case under a new slug and title.
    pub fn set_doc(&self, slug: &str, title: &str, visibility: &str, pool: &str) -> Value {
        let mut file = cases_file("cpc-em-medicine.json");
        let mut case = file["cases"][0].clone();
        case["slug"] = json!(format!("{slug}-case"));
        case["title"] = json!(title);
        file["slug"] = json!(slug);
        file["title"] = json!(format!("{title} (set)"));
        file["visibility"] = json!(visibility);
        file["pool"] = json!(pool);
        file["cases"] = json!([case]);
        file
    }

    /// The answer key of the cases `set_doc` makes.
    pub fn key() -> Value {
        cases_file("cpc-em-medicine.json")["cases"][0]["key"].clone()
    }

    /// Imports a one-case set into a tenant as its author; returns (set id, case id).
    pub async fn import(
        &self,
        on: On,
        slug: &str,
        title: &str,
        pool: &str,
        publish: bool,
    ) -> (String, String) {
        let visibility = if on == On::Lib {
            "PUBLIC"
        } else if pool == "ASSESSMENT" {
            "PRIVATE"
        } else {
            "ORGANIZATION"
        };
        let doc = self.set_doc(slug, title, visibility, pool);
        let b = self
            .call(
                Self::author_of(on),
                IMPORT,
                json!({"o": self.id(Obj::Org, on), "d": doc, "p": publish}),
            )
            .await;
        (
            at(&b, "/data/importCaseSet/caseSet/id"),
            at(&b, "/data/importCaseSet/caseSet/cases/0/id"),
        )
    }

    /// A new account registered with `code` (or none); returns (token, account id).
    pub async fn register(&self, email: &str, code: Option<&str>) -> (String, String) {
        let b = self
            .app
            .gql(None, REGISTER, json!({"i": {"email": email, "password": "a long enough password", "displayName": "Matrix Person", "invitationCode": code}}))
            .await;
        (
            at(&b, "/data/register/accessToken"),
            at(&b, "/data/register/account/id"),
        )
    }

    /// A new claim of the tenant's trainee on a case; with `lines` the key's coding is entered.
    pub async fn claim(
        &self,
        on: On,
        case: &str,
        payer: Option<&str>,
        key: Option<&Value>,
        submit: bool,
    ) -> (String, Value) {
        let who = Self::trainee_of(on);
        let id = self
            .must(
                who,
                CREATE_CLAIM,
                json!({"c": case, "p": payer}),
                "/data/createClaim/claim/id",
            )
            .await;
        if let Some(key) = key {
            let (dx, lines) = key_claim(key);
            let b = self
                .call(who, UPDATE_CLAIM, json!({"id": id, "d": dx, "l": lines}))
                .await;
            assert!(b["errors"].is_null(), "{b}");
        }
        if !submit {
            return (id, Value::Null);
        }
        let b = self.call(who, SUBMIT_CLAIM, json!({"id": id})).await;
        let remittance = b["data"]["submitClaim"]["claim"]["remittance"].clone();
        assert!(remittance.is_object(), "adjudicated: {b}");
        (id, remittance)
    }

    /// A claim of the tenant's trainee coded from the key, paid, its remittance posted.
    pub async fn posted_claim(&self, on: On, case: &Value, payer: Option<&str>) -> String {
        let id = case_id(&self.app, case["slug"].as_str().unwrap()).await;
        let (claim, remittance) = self.claim(on, &id, payer, Some(&case["key"]), true).await;
        let b = self
            .call(
                Self::trainee_of(on),
                POST,
                json!({"id": claim, "l": right_posting(&remittance)}),
            )
            .await;
        assert_eq!(b["data"]["postRemittance"]["posted"], true, "{b}");
        claim
    }

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
}
