//! Objects made for one cell, by their tenant's own users, when a call changes or consumes
//! what it names: so that no cell's outcome depends on the order the cells run in.

use super::table::{Make, Obj, On, Who};
use super::world::{
    ASSESS, CREATE_CLAIM, INVITE, INVITE_CANDIDATES, RAISE, START_ATTEMPT, START_EXAM,
    SUBMIT_ATTEMPT, Target, World, at,
};
use crate::helpers::right_posting;
use serde_json::{Value, json};

const NEW_COHORT: &str = "mutation($o:ID!,$n:String!){ createCohort(input:{organizationId:$o, name:$n}){ cohort { id } } }";
const ADD_MEMBER: &str = "mutation($c:ID!,$a:ID!){ addCohortMember(input:{cohortId:$c, accountId:$a}){ cohort { id } } }";
const INVITATIONS: &str = "query($o:ID!){ organization(id:$o){ invitations(first:100){ edges { node { id codeHint } } } } }";

/// The trainee of a tenant who is in none of its cohorts' fresh copies: tOut for A, tB for B.
pub fn spare_trainee(w: &World, on: On) -> String {
    match on {
        On::B => w.id(Obj::Trainee, On::B),
        _ => w.trainee_out.clone(),
    }
}

pub async fn make(w: &World, what: Make, on: On, tag: &str) -> Target {
    let owner = World::trainee_of(on);
    let author = World::author_of(on);
    let done = |id: String| Target {
        id,
        extra: Value::Null,
    };
    match what {
        Make::RefreshToken => {
            let b = w
                .app
                .gql(None, "mutation($e:String!){ login(input:{email:$e, password:\"a long enough password\"}){ refreshToken } }", json!({"e": w.login_email}))
                .await;
            Target {
                id: String::new(),
                extra: json!({"refresh": at(&b, "/data/login/refreshToken")}),
            }
        }
        Make::Cohort | Make::CohortWithMember => {
            let id = w
                .must(
                    author,
                    NEW_COHORT,
                    json!({"o": w.id(Obj::Org, on), "n": format!("cohort {tag}")}),
                    "/data/createCohort/cohort/id",
                )
                .await;
            let account = spare_trainee(w, on);
            if what == Make::CohortWithMember {
                w.must(
                    author,
                    ADD_MEMBER,
                    json!({"c": id, "a": account}),
                    "/data/addCohortMember/cohort/id",
                )
                .await;
            }
            Target {
                id,
                extra: json!({"account": account}),
            }
        }
        Make::CohortInA => {
            let cohort = w
                .must(
                    Who::InstructorA,
                    NEW_COHORT,
                    json!({"o": w.id(Obj::Org, On::A), "n": format!("cohort {tag}")}),
                    "/data/createCohort/cohort/id",
                )
                .await;
            Target {
                id: w.id(Obj::CaseSet, on),
                extra: json!({"cohort": cohort}),
            }
        }
        Make::CohortInvitation => done(
            w.must(
                author,
                INVITE,
                json!({"o": w.id(Obj::Org, on), "r": "TRAINEE", "c": w.id(Obj::Cohort, on)}),
                "/data/createInvitation/invitation/id",
            )
            .await,
        ),
        Make::OrgInvitation => done(
            w.must(
                author,
                INVITE,
                json!({"o": w.id(Obj::Org, on), "r": "TRAINEE"}),
                "/data/createInvitation/invitation/id",
            )
            .await,
        ),
        Make::CandidateInvitation => {
            let employer = if on == On::Acme {
                Who::EmployerB
            } else {
                Who::EmployerA
            };
            let code = w
                .must(
                    employer,
                    INVITE_CANDIDATES,
                    json!({"f": w.spare_assessment[&on]}),
                    "/data/inviteCandidates/codes/0",
                )
                .await;
            let b = w
                .call(employer, INVITATIONS, json!({"o": w.id(Obj::Org, on)}))
                .await;
            let hint: String = code.chars().take(4).collect();
            let id = b["data"]["organization"]["invitations"]["edges"]
                .as_array()
                .unwrap_or_else(|| panic!("{b}"))
                .iter()
                .find(|e| e["node"]["codeHint"] == hint.as_str())
                .map(|e| at(e, "/node/id"))
                .unwrap_or_else(|| panic!("candidate code {hint} not listed: {b}"));
            done(id)
        }
        Make::CandidateCode => {
            let code = w
                .must(
                    Who::EmployerA,
                    INVITE_CANDIDATES,
                    json!({"f": w.spare_assessment[&On::A]}),
                    "/data/inviteCandidates/codes/0",
                )
                .await;
            Target {
                id: String::new(),
                extra: json!({"code": code}),
            }
        }
        Make::DraftCase | Make::PublishedCase | Make::DraftSet | Make::PublishedSet => {
            let publish = matches!(what, Make::PublishedCase | Make::PublishedSet);
            let (set, case) = w
                .import(
                    on,
                    &format!("fresh-{tag}"),
                    &format!("Fresh {tag}"),
                    "PRACTICE",
                    publish,
                )
                .await;
            done(if matches!(what, Make::DraftSet | Make::PublishedSet) {
                set
            } else {
                case
            })
        }
        Make::OpenAttempt | Make::ScoredAttempt | Make::Dispute => {
            let id = w
                .must(
                    owner,
                    START_ATTEMPT,
                    json!({"c": w.id(Obj::Case, on)}),
                    "/data/startAttempt/attempt/id",
                )
                .await;
            if what == Make::OpenAttempt {
                return done(id);
            }
            w.must(
                owner,
                SUBMIT_ATTEMPT,
                json!({"id": id}),
                "/data/submitAttempt/attempt/id",
            )
            .await;
            let expected = w.target(Obj::Attempt, on).extra["expected"].clone();
            if what == Make::ScoredAttempt {
                return Target {
                    id,
                    extra: json!({"expected": expected}),
                };
            }
            done(
                w.must(
                    owner,
                    RAISE,
                    json!({"id": id, "e": expected}),
                    "/data/raiseDispute/dispute/id",
                )
                .await,
            )
        }
        Make::DraftClaim => done(
            w.must(
                owner,
                CREATE_CLAIM,
                json!({"c": w.denial_case}),
                "/data/createClaim/claim/id",
            )
            .await,
        ),
        Make::DeniedClaim => {
            let (id, remittance) = w.claim(on, &w.denial_case, None, None, true).await;
            // The CARC of line 2's denial: what an appeal of it must name.
            let carc = remittance["lines"][1]["adjustments"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a["reason"].clone())
                .find(|r| !["45", "1", "2", "3", "253"].contains(&r.as_str().unwrap_or("")))
                .unwrap_or(Value::Null);
            Target {
                id,
                extra: json!({"lines": right_posting(&remittance), "carc": carc}),
            }
        }
        Make::PracticeSitting => done(
            w.must(
                owner,
                START_EXAM,
                json!({"f": w.id(Obj::PracticeForm, On::Nil)}),
                "/data/startExam/attempt/id",
            )
            .await,
        ),
        Make::Assignment => {
            let now = chrono::Utc::now();
            let input = json!({"cohortId": w.id(Obj::Cohort, on), "caseSetId": w.id(Obj::CaseSet, on), "mode": "PRACTICE",
                "feedbackPolicy": "IMMEDIATE", "opensAt": (now - chrono::Duration::hours(1)).to_rfc3339(),
                "closesAt": (now + chrono::Duration::hours(24)).to_rfc3339()});
            done(
                w.must(
                    author,
                    "mutation($i:CreateAssignmentInput!){ createAssignment(input:$i){ assignment { id } } }",
                    json!({"i": input}),
                    "/data/createAssignment/assignment/id",
                )
                .await,
            )
        }
        Make::Account => {
            let code = w
                .must(
                    author,
                    INVITE,
                    json!({"o": w.id(Obj::Org, on), "r": "TRAINEE"}),
                    "/data/createInvitation/code",
                )
                .await;
            done(
                w.register(&format!("{tag}@fresh.test"), Some(&code))
                    .await
                    .1,
            )
        }
        Make::AssessmentSitting => {
            // A candidate sits an assessment once: a new assessment, redeemed and started.
            let form = w
                .must(
                    Who::EmployerA,
                    ASSESS,
                    json!({"q": [w.question], "c": [], "k": []}),
                    "/data/createAssessment/assessment/id",
                )
                .await;
            let code = w
                .must(
                    Who::EmployerA,
                    INVITE_CANDIDATES,
                    json!({"f": form}),
                    "/data/inviteCandidates/codes/0",
                )
                .await;
            w.must(
                Who::Candidate,
                "mutation($c:String!){ redeemCandidateCode(input:{code:$c}){ assessment { id } } }",
                json!({"c": code}),
                "/data/redeemCandidateCode/assessment/id",
            )
            .await;
            done(
                w.must(
                    Who::Candidate,
                    START_EXAM,
                    json!({"f": form}),
                    "/data/startExam/attempt/id",
                )
                .await,
            )
        }
    }
}
