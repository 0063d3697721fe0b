//! Appeals that argue: an appeal names the denial it answers (CARC, RARC), its ground and the
//! documents that show it, and the simulated payer overturns it only when the ground answers
//! the denial and the documents the scenario says support it were sent ("asdf" with any two
//! documents no longer wins); an upheld appeal says why and names the payer's next level
//! (Medicare: redetermination, then reconsideration), which the trainee can file; after the
//! last level the claim can be written off, so the claim work is always finished. A CARC or
//! RARC that is not the line's is refused as bad input without using up a level.

use crate::helpers::{TestApp, case_id, cases_file, code, code_claim, field};
use serde_json::{Value, json};

const SLUG: &str = "den-medical-necessity-lipid-hypothyroidism-appeal";
const APPEAL: &str = "mutation($id:ID!,$l:Int!,$c:String!,$r:String,$g:AppealGround!,$why:String!,$docs:[String!]!){ appealClaimLine(input:{claimId:$id, line:$l, carc:$c, rarc:$r, ground:$g, reason:$why, documentation:$docs}){ decision { outcome level levelNumber nextLevel deadline message } claim { status remittance { status } appeals { level carc rarc ground outcome } } } }";
const WORK: &str =
    "query($c:ID!){ claimWork(caseId:$c){ outcome score remedyScore codingScore explanation } }";

struct Denied {
    app: TestApp,
    token: String,
    case_id: String,
    claim: Value,
    line: Value,
}

/// The Medicare lipid-panel case sent as the key codes it: CO-50 (N386) on the lipid panel.
async fn denied() -> Denied {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let token = app.token("trainee").await;
    let case = cases_file("claims-denials.json")["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == SLUG)
        .unwrap()
        .clone();
    let case_id = case_id(&app, SLUG).await;
    let b = app
        .gql(
            Some(&token),
            "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id } } }",
            json!({"c": case_id}),
        )
        .await;
    let claim = b["data"]["createClaim"]["claim"]["id"].clone();
    code_claim(&app, &token, &claim, &case).await;
    let b = app
        .gql(Some(&token), "mutation($id:ID!){ submitClaim(input:{claimId:$id}){ claim { remittance { lines { line denied adjustments { group reason } remarks } } } } }", json!({"id": claim}))
        .await;
    let denied = b["data"]["submitClaim"]["claim"]["remittance"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["denied"] == true)
        .unwrap_or_else(|| panic!("a denied line: {b}"))
        .clone();
    assert_eq!(denied["adjustments"][0]["reason"], "50", "{denied}");
    assert!(
        denied["remarks"]
            .as_array()
            .unwrap()
            .contains(&json!("N386")),
        "{denied}"
    );
    Denied {
        app,
        token,
        case_id,
        claim,
        line: denied["line"].clone(),
    }
}

impl Denied {
    async fn appeal(&self, carc: &str, rarc: Option<&str>, ground: &str, docs: &[&str]) -> Value {
        self.app
            .gql(
                Some(&self.token),
                APPEAL,
                json!({"id": self.claim, "l": self.line, "c": carc, "r": rarc, "g": ground,
                       "why": "asdf", "docs": docs}),
            )
            .await
    }
    async fn work(&self) -> Value {
        let b = self
            .app
            .gql(Some(&self.token), WORK, json!({"c": self.case_id}))
            .await;
        b["data"]["claimWork"].clone()
    }
}

fn decision(b: &Value) -> &Value {
    let d = &b["data"]["appealClaimLine"]["decision"];
    assert!(d.is_object(), "{b}");
    d
}

const SUPPORT: [&str; 2] = ["Office visit", "Laboratory report, 2026-03-24"];

#[tokio::test]
async fn an_appeal_wins_only_with_the_ground_that_answers_the_denial_and_its_records() {
    let d = denied().await;
    // A ground that does not answer CO-50, with every document: upheld, and told which does.
    let b = d
        .appeal(
            "50",
            None,
            "TIMELY_FILING_PROOF",
            &["Billing account note", "Office visit"],
        )
        .await;
    let dec = decision(&b);
    assert_eq!(dec["outcome"], "UPHELD", "{b}");
    assert_eq!(
        (&dec["level"], &dec["levelNumber"]),
        (&json!("Redetermination"), &json!(1))
    );
    let m = dec["message"].as_str().unwrap();
    assert!(m.contains("MEDICAL_NECESSITY_MET"), "{m}");
    assert_eq!(dec["nextLevel"], "Reconsideration", "{b}");
    // The right ground at the second level, but two documents that do not show it: upheld.
    let b = d
        .appeal(
            "CO-50",
            Some("N386"),
            "MEDICAL_NECESSITY_MET",
            &["Billing account note", "Laboratory report, 2026-03-24"],
        )
        .await;
    let dec = decision(&b);
    assert_eq!(
        (&dec["outcome"], &dec["level"], &dec["levelNumber"]),
        (&json!("UPHELD"), &json!("Reconsideration"), &json!(2)),
        "{b}"
    );
    assert!(
        dec["message"].as_str().unwrap().contains("do not show"),
        "{b}"
    );
    assert!(
        dec["nextLevel"].is_null(),
        "Medicare's QIC is the last level here: {b}"
    );
    let appeals = &b["data"]["appealClaimLine"]["claim"]["appeals"];
    assert_eq!(
        appeals[1],
        json!({"level": 2, "carc": "50", "rarc": "N386", "ground": "MEDICAL_NECESSITY_MET", "outcome": "UPHELD"}),
        "{b}"
    );
    // No third level: the refusal says how to finish, and closing finishes the work.
    let b = d
        .appeal("50", None, "MEDICAL_NECESSITY_MET", &SUPPORT)
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
    assert!(b.to_string().contains("closeClaim"), "{b}");
    let b = d
        .app
        .gql(Some(&d.token), "mutation($id:ID!){ closeClaim(input:{claimId:$id, action:WRITE_OFF}){ claim { status } } }", json!({"id": d.claim}))
        .await;
    assert_eq!(b["data"]["closeClaim"]["claim"]["status"], "CLOSED", "{b}");
    let w = d.work().await;
    assert_eq!(
        (&w["outcome"], &w["score"]),
        (&json!("UNRESOLVED"), &json!(0)),
        "{w}"
    );
    assert!(
        w["explanation"].as_str().is_some_and(|e| e.contains("NCD")),
        "{w}"
    );
}

#[tokio::test]
async fn an_upheld_redetermination_can_go_to_reconsideration_and_win_there() {
    let d = denied().await;
    let b = d
        .appeal("50", Some("N386"), "MEDICAL_NECESSITY_MET", &[])
        .await;
    let dec = decision(&b);
    assert_eq!(dec["outcome"], "UPHELD", "{b}");
    assert!(
        dec["message"]
            .as_str()
            .unwrap()
            .contains("none were attached"),
        "{b}"
    );
    // The deadline is 120 days after the initial determination on the simulated calendar.
    let deadline = dec["deadline"].as_str().unwrap().to_owned();
    let b = d
        .appeal("50", None, "MEDICAL_NECESSITY_MET", &SUPPORT)
        .await;
    let dec = decision(&b);
    assert_eq!(
        (&dec["outcome"], &dec["level"]),
        (&json!("OVERTURNED"), &json!("Reconsideration")),
        "{b}"
    );
    assert!(dec["deadline"].as_str().unwrap() > deadline.as_str(), "{b}");
    assert_eq!(
        b["data"]["appealClaimLine"]["claim"]["remittance"]["status"], "PAID",
        "{b}"
    );
    let w = d.work().await;
    assert_eq!(
        (&w["outcome"], &w["score"], &w["codingScore"]),
        (&json!("RESOLVED"), &json!(100), &json!(100)),
        "{w}"
    );
    // Overturned: nothing left to appeal.
    let b = d
        .appeal("50", None, "MEDICAL_NECESSITY_MET", &SUPPORT)
        .await;
    assert_eq!(code(&b), "CONFLICT", "{b}");
}

#[tokio::test]
async fn an_appeal_must_answer_the_denial_on_the_remittance() {
    let d = denied().await;
    let b = d
        .appeal("197", None, "PRIOR_AUTHORIZATION_OBTAINED", &SUPPORT)
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "carc"), "{b}");
    assert!(b.to_string().contains("CO-50"), "{b}");
    let b = d
        .appeal("50", Some("M144"), "MEDICAL_NECESSITY_MET", &SUPPORT)
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "rarc"), "{b}");
    let b = d
        .appeal(
            "50",
            None,
            "MEDICAL_NECESSITY_MET",
            &["A letter we never wrote"],
        )
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "documentation"),
        "{b}"
    );
    // None of these used up the first level: the right appeal wins at the redetermination.
    let b = d
        .appeal("50", Some("N386"), "MEDICAL_NECESSITY_MET", &SUPPORT)
        .await;
    let dec = decision(&b);
    assert_eq!(
        (&dec["outcome"], &dec["levelNumber"]),
        (&json!("OVERTURNED"), &json!(1)),
        "{b}"
    );
}
