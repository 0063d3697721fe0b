//! The fixtures' world: the server, the callers' tokens, the shared objects of each tenant,
//! and the calls the fixtures and the cells make (see `setup.rs` for what is built).

use super::table::{Obj, On, Who};
use crate::helpers::right_posting;
use crate::helpers::{TestApp, case_id, cases_file, key_claim};
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
    pub(super) tokens: HashMap<Who, String>,
    pub(super) targets: HashMap<(Obj, On), Target>,
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

impl World {
    pub(super) async fn as_token(&self, token: &str, doc: &str, vars: Value) -> Value {
        self.app.gql(Some(token), doc, vars).await
    }

    pub fn token(&self, who: Who) -> Option<&str> {
        self.tokens.get(&who).map(String::as_str)
    }

    /// Calls the server as `who`. An answer other than HTTP 200 comes back as an error whose
    /// code is the status, so that the cell shows it.
    pub async fn call(&self, who: Who, doc: &str, vars: Value) -> Value {
        let mut req = self
            .app
            .client
            .post(format!("{}/graphql", self.app.url))
            .json(&json!({ "query": doc, "variables": vars }));
        if let Some(t) = self.token(who) {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("a body");
        if status != 200 {
            return json!({"errors": [{"message": text, "extensions": {"code": format!("HTTP {status}")}}]});
        }
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// The id of the newest audit row (0: none).
    pub async fn last_audit(&self) -> i64 {
        let db = &self.app.db;
        let sql = "SELECT COALESCE(MAX(id), 0) AS n FROM audit_log";
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n")
            .or_else(|_| row.try_get::<i32>("", "n").map(i64::from))
            .unwrap()
    }

    /// The organizations named by the audit rows written after row `last`, in order.
    pub async fn audit_since(&self, last: i64) -> Vec<Option<i32>> {
        let db = &self.app.db;
        let sql = format!("SELECT organization_id FROM audit_log WHERE id > {last} ORDER BY id");
        db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<Option<i32>>("", "organization_id").unwrap())
            .collect()
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

    pub(super) fn put(&mut self, obj: Obj, on: On, id: String, extra: Value) {
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
}
