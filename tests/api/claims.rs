//! Claims end to end: a trainee builds a claim from a case, the clearinghouse rejects a bad
//! one with every reason, the simulated payer adjudicates a good one with a balanced
//! remittance; the key's coding of every seeded case is paid by its payer; every seeded
//! denial scenario is resolved by its expected remedy and not by a wrong one; corrected
//! claims, voids and appeals follow the lifecycle; a trainee sees only their own claims; the
//! 837P of every scenario claim passes pyx12 when CI provides it.

use crate::helpers::{TestApp, case_id, cases_file, code, code_claim, field, key_claim};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const CLAIM_FIELDS: &str = "id status frequency payer claimNumber totalChargeCents diagnoses { letter code } lines { number code modifiers units pointers chargeCents } rejections { field code message } remittance { status billed allowed paid patientResponsibility lines { line code billed allowed paid denied adjustments { group reason amount reasonText } remarks } trace }";

fn create() -> String {
    format!(
        "mutation($c:ID!,$p:String){{ createClaim(input:{{caseId:$c, payer:$p}}){{ claim {{ {CLAIM_FIELDS} }} }} }}"
    )
}
fn update() -> String {
    format!(
        "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!],$a:String){{ updateClaim(input:{{claimId:$id, diagnoses:$d, lines:$l, priorAuthorization:$a}}){{ claim {{ {CLAIM_FIELDS} }} }} }}"
    )
}
fn submit() -> String {
    format!(
        "mutation($id:ID!){{ submitClaim(input:{{claimId:$id}}){{ claim {{ {CLAIM_FIELDS} }} }} }}"
    )
}
fn correct() -> String {
    format!(
        "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!],$a:String){{ correctClaim(input:{{claimId:$id, diagnoses:$d, lines:$l, priorAuthorization:$a}}){{ claim {{ {CLAIM_FIELDS} }} }} }}"
    )
}
const APPEAL: &str = "mutation($id:ID!,$l:Int!,$c:String!,$g:AppealGround!,$docs:[String!]!){ appealClaimLine(input:{claimId:$id, line:$l, carc:$c, ground:$g, reason:\"The records support the service.\", documentation:$docs}){ decision { outcome message } claim { status remittance { status paid } } } }";
const CLOSE: &str = "mutation($id:ID!,$a:CloseAction!){ closeClaim(input:{claimId:$id, action:$a, note:\"worked\"}){ claim { status resolution } } }";
const WORK: &str = "query($c:ID!){ claimWork(caseId:$c){ outcome score expectedRemedy remedyTaken explanation steps { action outcome correct message } } }";

fn claim_of<'a>(b: &'a Value, op: &str) -> &'a Value {
    let c = &b["data"][op]["claim"];
    assert!(c.is_object(), "{op}: {b}");
    c
}

/// Charge − Σ adjustments = paid on every line and the claim.
fn assert_balanced(remit: &Value) {
    let mut adjusted = 0;
    for l in remit["lines"].as_array().unwrap() {
        let adj: i64 = l["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["amount"].as_i64().unwrap())
            .sum();
        assert_eq!(
            l["billed"].as_i64().unwrap() - adj,
            l["paid"].as_i64().unwrap(),
            "line does not balance: {l}"
        );
        adjusted += adj;
    }
    assert_eq!(
        remit["billed"].as_i64().unwrap() - adjusted,
        remit["paid"].as_i64().unwrap()
    );
}

#[tokio::test]
async fn the_key_of_every_seeded_case_is_paid_by_its_payer() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let mut failures = Vec::new();
    for file in [
        "cpc-em-medicine.json",
        "cpc-radiology-lab-ed.json",
        "cpc-surgery.json",
    ] {
        for case in cases_file(file)["cases"].as_array().unwrap() {
            let slug = case["slug"].as_str().unwrap();
            let id = case_id(&app, slug).await;
            let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
            let claim = claim_of(&b, "createClaim")["id"].clone();
            let (dx, lines) = key_claim(&case["key"]);
            let b = app
                .gql(
                    Some(&trainee),
                    &update(),
                    json!({"id": claim, "d": dx, "l": lines}),
                )
                .await;
            claim_of(&b, "updateClaim");
            let b = app
                .gql(Some(&trainee), &submit(), json!({"id": claim}))
                .await;
            let c = claim_of(&b, "submitClaim");
            if c["status"] != "ADJUDICATED" || c["remittance"]["status"] != "PAID" {
                failures.push(format!(
                    "{slug}: {} {} {}",
                    c["status"], c["rejections"], c["remittance"]["trace"]
                ));
                continue;
            }
            assert_balanced(&c["remittance"]);
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases not paid:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_claim_goes_from_draft_to_rejection_to_payment_to_correction_and_void() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = &cases_file("cpc-em-medicine.json")["cases"][0];
    let id = case_id(&app, case["slug"].as_str().unwrap()).await;

    // The draft is filled from the case; the coding is the trainee's.
    let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
    let c = claim_of(&b, "createClaim");
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["lines"].as_array().unwrap().len(), 0);
    let claim = c["id"].clone();

    // A header code and a pointer past the diagnoses: rejected with both reasons, no remittance.
    let (_, lines) = key_claim(&case["key"]);
    let mut bad = lines.clone();
    bad[0]["pointers"] = json!(["C"]);
    let b = app
        .gql(
            Some(&trainee),
            &update(),
            json!({"id": claim, "d": [{"code": "E11"}], "l": bad}),
        )
        .await;
    claim_of(&b, "updateClaim");
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    let c = claim_of(&b, "submitClaim");
    assert_eq!(c["status"], "REJECTED", "{c}");
    assert!(c["remittance"].is_null());
    let reasons: Vec<&str> = c["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"NON_BILLABLE_CODE") && reasons.contains(&"POINTER_OUT_OF_RANGE"),
        "{reasons:?}"
    );

    // Fixed and sent again: adjudicated, balanced, with a claim number.
    let (dx, lines) = key_claim(&case["key"]);
    let b = app
        .gql(
            Some(&trainee),
            &update(),
            json!({"id": claim, "d": dx, "l": lines}),
        )
        .await;
    assert_eq!(claim_of(&b, "updateClaim")["status"], "DRAFT");
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    let c = claim_of(&b, "submitClaim");
    assert_eq!(c["status"], "ADJUDICATED", "{c}");
    assert_balanced(&c["remittance"]);
    let number = c["claimNumber"].as_str().unwrap().to_owned();
    assert!(!c["remittance"]["trace"].as_array().unwrap().is_empty());

    // An adjudicated claim is not edited or sent again.
    let b = app
        .gql(Some(&trainee), &update(), json!({"id": claim, "d": dx}))
        .await;
    assert_eq!(code(&b), "CONFLICT");
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    assert_eq!(code(&b), "CONFLICT");

    // A corrected claim carries frequency 7 and the original number, and replaces it.
    let b = app
        .gql(Some(&trainee), &correct(), json!({"id": claim}))
        .await;
    let fix = claim_of(&b, "correctClaim");
    assert_eq!(fix["frequency"], "REPLACEMENT");
    let fix_id = fix["id"].clone();
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": fix_id}))
        .await;
    assert_eq!(claim_of(&b, "submitClaim")["status"], "ADJUDICATED");
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ claim(id:$id){ status } }",
            json!({"id": claim}),
        )
        .await;
    assert_eq!(b["data"]["claim"]["status"], "REPLACED");
    let x12 = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ claimX12(id:$id) }",
            json!({"id": fix_id}),
        )
        .await;
    let x12 = x12["data"]["claimX12"].as_str().unwrap();
    assert!(x12.contains(&format!("REF*F8*{number}~")), "{x12}");
    assert!(x12.contains(":B:7*"), "{x12}");

    // A void takes the payment back and balances with negative amounts.
    let b = app
        .gql(Some(&trainee), &format!("mutation($id:ID!){{ voidClaim(input:{{claimId:$id}}){{ claim {{ {CLAIM_FIELDS} }} }} }}"), json!({"id": fix_id}))
        .await;
    let v = claim_of(&b, "voidClaim");
    assert_eq!(v["frequency"], "VOID");
    assert_eq!(v["remittance"]["status"], "REVERSED");
    assert_balanced(&v["remittance"]);
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ claim(id:$id){ status } }",
            json!({"id": fix_id}),
        )
        .await;
    assert_eq!(b["data"]["claim"]["status"], "VOIDED");
    let r835 = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ remittanceX12(id:$id) }",
            json!({"id": v["id"]}),
        )
        .await;
    assert!(
        r835["data"]["remittanceX12"]
            .as_str()
            .unwrap()
            .contains("CLP*"),
        "{r835}"
    );
    assert!(app.audit_count("claim.submit").await >= 3);
}

#[tokio::test]
async fn bad_claim_input_names_the_field_and_loses_nothing() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = &cases_file("cpc-em-medicine.json")["cases"][0];
    let id = case_id(&app, case["slug"].as_str().unwrap()).await;
    let b = app
        .gql(
            Some(&trainee),
            &create(),
            json!({"c": id, "p": "no-such-payer"}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "payer"));
    let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
    let claim = claim_of(&b, "createClaim")["id"].clone();
    let (dx, lines) = key_claim(&case["key"]);
    let b = app
        .gql(
            Some(&trainee),
            &update(),
            json!({"id": claim, "d": dx, "l": lines}),
        )
        .await;
    let before = claim_of(&b, "updateClaim").clone();
    for (l, f) in [
        (
            json!([{"code": "99213", "units": 0, "pointers": ["A"]}]),
            "lines[0].units",
        ),
        (
            json!([{"code": "99213", "units": 1, "pointers": ["Z"]}]),
            "lines[0].pointers",
        ),
        (
            json!([{"code": "99213", "units": 1, "pointers": ["A"], "modifiers": ["25", "59", "XS", "LT", "RT"]}]),
            "lines[0].modifiers",
        ),
        (
            json!([{"code": "99213", "units": 1, "pointers": ["A"], "chargeCents": -5}]),
            "lines[0].chargeCents",
        ),
        (
            json!([{"code": "99213!", "units": 1, "pointers": ["A"]}]),
            "lines[0].code",
        ),
        (
            json!([{"code": "99213", "system": "LOINC", "units": 1, "pointers": ["A"]}]),
            "lines[0].system",
        ),
    ] {
        let b = app
            .gql(Some(&trainee), &update(), json!({"id": claim, "l": l}))
            .await;
        assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", f), "{b}");
    }
    let b = app
        .gql(
            Some(&trainee),
            &update(),
            json!({"id": claim, "d": [{"code": "E11.9.1"}]}),
        )
        .await;
    assert_eq!(
        (code(&b), field(&b)),
        ("BAD_USER_INPUT", "diagnoses[0].code")
    );
    let b = app
        .gql(
            Some(&trainee),
            &format!("query($id:ID!){{ claim(id:$id){{ {CLAIM_FIELDS} }} }}"),
            json!({"id": claim}),
        )
        .await;
    assert_eq!(
        b["data"]["claim"], before,
        "a refused edit changed the claim"
    );
    // An appeal of a line that was paid, or with a document the case does not have.
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    assert_eq!(claim_of(&b, "submitClaim")["remittance"]["status"], "PAID");
    let b = app
        .gql(
            Some(&trainee),
            APPEAL,
            json!({"id": claim, "l": 1, "c": "50", "g": "MEDICAL_NECESSITY_MET", "docs": []}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "line"));
    let b = app
        .gql(
            Some(&trainee),
            APPEAL,
            json!({"id": claim, "l": 9, "c": "50", "g": "MEDICAL_NECESSITY_MET", "docs": []}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "line"));
}

#[tokio::test]
async fn a_trainee_sees_only_their_own_claims() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = &cases_file("cpc-em-medicine.json")["cases"][0];
    let id = case_id(&app, case["slug"].as_str().unwrap()).await;
    let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
    let claim = claim_of(&b, "createClaim")["id"].clone();

    app.register("other@practicum.test", None).await;
    let (other, _) = app
        .login("other@practicum.test", "a long enough password")
        .await;
    let read = "query($id:ID!){ claim(id:$id){ id } }";
    let b = app.gql(Some(&other), read, json!({"id": claim})).await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = app.gql(Some(&other), &submit(), json!({"id": claim})).await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = app
        .gql(Some(&other), "{ claims { totalCount } }", json!({}))
        .await;
    assert_eq!(b["data"]["claims"]["totalCount"], 0);
    let b = app
        .gql(
            Some(&trainee),
            "{ claims(status: DRAFT) { totalCount edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(b["data"]["claims"]["totalCount"], 1);
    // The trainee's instructor reads it; cannot change it.
    let instructor = app.token("instructor").await;
    let b = app.gql(Some(&instructor), read, json!({"id": claim})).await;
    assert_eq!(b["data"]["claim"]["id"], claim);
    let b = app
        .gql(Some(&instructor), &submit(), json!({"id": claim}))
        .await;
    assert_eq!(code(&b), "NOT_FOUND");
    let b = app.gql(None, read, json!({"id": claim})).await;
    assert_eq!(code(&b), "UNAUTHENTICATED");
}

/// Applies a scenario's expected remedy (or, with `wrong`, a remedy it does not call for) to
/// the denied or rejected claim `claim`.
async fn work_denial(
    app: &TestApp,
    token: &str,
    case_id: &str,
    case: &Value,
    claim: &Value,
    remit: &Value,
    wrong: bool,
) {
    let sc = &case["scenario"];
    let remedy = sc["remedy"].as_str().unwrap();
    let (dx, lines) = key_claim(&case["key"]);
    let auth = sc["priorAuthorization"].clone();
    let denied_line = remit["lines"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["denied"] == true))
        .map(|l| l["line"].clone());
    let docs: Vec<Value> = case["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].clone())
        .collect();
    // The appeal answers the scenario's denial with the ground that answers it (a right
    // argument; for a wrong remedy the payer still upholds it).
    let carc = sc["expected"]["reason"].clone();
    let ground = match carc.as_str() {
        Some("50" | "11") => "MEDICAL_NECESSITY_MET",
        Some("4" | "97" | "236") => "MODIFIER_SUPPORTED",
        Some("151") => "UNITS_SUPPORTED",
        Some("119") => "FREQUENCY_EXCEPTION",
        Some("197" | "15") => "PRIOR_AUTHORIZATION_OBTAINED",
        Some("29") => "TIMELY_FILING_PROOF",
        Some("27" | "26") => "COVERAGE_IN_EFFECT",
        Some("18") => "NOT_A_DUPLICATE",
        _ => "MEDICAL_NECESSITY_MET",
    };
    let close = |action: &str| {
        let action = action.to_owned();
        async move {
            let b = app
                .gql(Some(token), CLOSE, json!({"id": claim, "a": action}))
                .await;
            assert_eq!(b["data"]["closeClaim"]["claim"]["status"], "CLOSED", "{b}");
        }
    };
    if wrong {
        match remedy {
            // A rejected claim has no payer decision to appeal: writing it off is the mistake.
            "RESUBMIT" => close("WRITE_OFF").await,
            // Sending the same claim again as a correction does not cure the denial.
            "APPEAL" => {
                let b = app.gql(Some(token), &correct(), json!({"id": claim})).await;
                let fix = claim_of(&b, "correctClaim")["id"].clone();
                app.gql(Some(token), &submit(), json!({"id": fix})).await;
            }
            // Appealing what a corrected claim, another payer or a close should settle.
            _ => {
                let b = app
                    .gql(
                        Some(token),
                        APPEAL,
                        json!({"id": claim, "l": denied_line, "c": carc, "g": ground, "docs": docs}),
                    )
                    .await;
                assert_eq!(
                    b["data"]["appealClaimLine"]["decision"]["outcome"], "UPHELD",
                    "{}: {b}",
                    case["slug"]
                );
            }
        }
        return;
    }
    match remedy {
        "CORRECT_CLAIM" => {
            let b = app
                .gql(
                    Some(token),
                    &correct(),
                    json!({"id": claim, "d": dx, "l": lines, "a": auth}),
                )
                .await;
            let fix = claim_of(&b, "correctClaim")["id"].clone();
            let b = app.gql(Some(token), &submit(), json!({"id": fix})).await;
            let c = claim_of(&b, "submitClaim");
            let refused = c["remittance"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["adjustments"][0]["reason"] == "16");
            if refused {
                // This payer takes no replacement for a claim it denied outright: a new claim.
                let b = app.gql(Some(token), &create(), json!({"c": case_id})).await;
                let new = claim_of(&b, "createClaim")["id"].clone();
                app.gql(
                    Some(token),
                    &update(),
                    json!({"id": new, "d": dx, "l": lines, "a": auth}),
                )
                .await;
                app.gql(Some(token), &submit(), json!({"id": new})).await;
            }
        }
        "RESUBMIT" => {
            let b = app
                .gql(
                    Some(token),
                    &update(),
                    json!({"id": claim, "d": dx, "l": lines, "a": auth}),
                )
                .await;
            claim_of(&b, "updateClaim");
            let b = app.gql(Some(token), &submit(), json!({"id": claim})).await;
            assert_eq!(
                claim_of(&b, "submitClaim")["remittance"]["status"],
                "PAID",
                "{b}"
            );
        }
        "APPEAL" => {
            let b = app
                .gql(
                    Some(token),
                    APPEAL,
                    json!({"id": claim, "l": denied_line, "c": carc, "g": ground, "docs": docs}),
                )
                .await;
            assert_eq!(
                b["data"]["appealClaimLine"]["decision"]["outcome"], "OVERTURNED",
                "{b}"
            );
            assert_eq!(
                b["data"]["appealClaimLine"]["claim"]["remittance"]["status"], "PAID",
                "{b}"
            );
        }
        "BILL_OTHER_PAYER" => {
            let primary = case["coverages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["priority"] == "PRIMARY" && c["payer"] != sc["billedPayer"])
                .unwrap();
            let b = app
                .gql(
                    Some(token),
                    &create(),
                    json!({"c": case_id, "p": primary["payer"]}),
                )
                .await;
            let new = claim_of(&b, "createClaim")["id"].clone();
            app.gql(
                Some(token),
                &update(),
                json!({"id": new, "d": dx, "l": lines}),
            )
            .await;
            let b = app.gql(Some(token), &submit(), json!({"id": new})).await;
            assert_eq!(
                claim_of(&b, "submitClaim")["remittance"]["status"],
                "PAID",
                "{b}"
            );
        }
        "BILL_PATIENT" | "WRITE_OFF" | "NO_ACTION" => close(remedy).await,
        other => panic!("unknown remedy {other}"),
    }
}

#[tokio::test]
async fn every_seeded_scenario_is_resolved_by_its_remedy_and_not_by_a_wrong_one() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let right = app.token("trainee").await;
    app.register("wrong@practicum.test", None).await;
    let (wrong, _) = app
        .login("wrong@practicum.test", "a long enough password")
        .await;
    // Every scenario of the library, whichever set holds it.
    let cases: Vec<Value> = crate::helpers::library_files()
        .iter()
        .flat_map(|f| cases_file(f)["cases"].as_array().unwrap().clone())
        .filter(|c| !c["scenario"].is_null())
        .collect();
    let kinds: std::collections::HashSet<&str> = cases
        .iter()
        .map(|c| c["scenario"]["kind"].as_str().unwrap())
        .collect();
    assert!(
        cases.len() >= 20 && kinds.len() >= 12,
        "{} scenarios of {} kinds",
        cases.len(),
        kinds.len()
    );
    for case in &cases {
        let slug = case["slug"].as_str().unwrap();
        let sc = &case["scenario"];
        let id = case_id(&app, slug).await;
        for (token, is_wrong) in [(&right, false), (&wrong, true)] {
            // The practice's claim, as the scenario tells, draws the expected outcome.
            let b = app.gql(Some(token), &create(), json!({"c": id})).await;
            let claim = claim_of(&b, "createClaim")["id"].clone();
            code_claim(&app, token, &claim, case).await;
            let b = app.gql(Some(token), &submit(), json!({"id": claim})).await;
            let c = claim_of(&b, "submitClaim").clone();
            if sc["expected"]["status"] == "REJECTED" {
                assert_eq!(c["status"], "REJECTED", "{slug}: {c}");
            } else {
                let hit = c["remittance"]["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| {
                        l["adjustments"].as_array().unwrap().iter().any(|a| {
                            a["group"] == sc["expected"]["group"]
                                && a["reason"] == sc["expected"]["reason"]
                        })
                    });
                assert!(
                    hit,
                    "{slug}: expected {}-{}, got {}",
                    sc["expected"]["group"], sc["expected"]["reason"], c["remittance"]["trace"]
                );
                assert_balanced(&c["remittance"]);
            }
            work_denial(&app, token, &id, case, &claim, &c["remittance"], is_wrong).await;
            let b = app.gql(Some(token), WORK, json!({"c": id})).await;
            let w = &b["data"]["claimWork"];
            if is_wrong {
                assert_ne!(
                    w["outcome"], "RESOLVED",
                    "{slug}: a wrong remedy resolved it: {w}"
                );
                assert_eq!(w["score"], 0, "{slug}: {w}");
            } else {
                assert_eq!(
                    (&w["outcome"], &w["remedyTaken"]),
                    (&json!("RESOLVED"), &sc["remedy"]),
                    "{slug}: {w}"
                );
                assert_eq!(w["score"], 100, "{slug}: {w}");
                assert!(
                    w["explanation"].as_str().is_some_and(|e| !e.is_empty()),
                    "{slug}: {w}"
                );
            }
        }
    }
}

/// pyx12's `x12valid`, given by `PRACTICUM_X12VALID` (CI installs pyx12 4.0.0 and sets it).
fn x12valid() -> Option<String> {
    match std::env::var("PRACTICUM_X12VALID") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if std::env::var("CI").is_ok() => {
            panic!("CI must set PRACTICUM_X12VALID to pyx12's x12valid")
        }
        _ => None,
    }
}

#[tokio::test]
async fn the_837p_and_835_of_every_scenario_claim_pass_pyx12() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let dir = std::env::temp_dir().join(format!("practicum-837p-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for case in cases_file("claims-denials.json")["cases"]
        .as_array()
        .unwrap()
    {
        let slug = case["slug"].as_str().unwrap();
        let id = case_id(&app, slug).await;
        let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
        let claim = claim_of(&b, "createClaim")["id"].clone();
        // A draft without a billed claim in its scenario starts empty: the trainee codes it.
        code_claim(&app, &trainee, &claim, case).await;
        let b = app
            .gql(Some(&trainee), &submit(), json!({"id": claim}))
            .await;
        let mut ids = vec![claim.clone()];
        if claim_of(&b, "submitClaim")["status"] == "ADJUDICATED" {
            let r = app
                .gql(
                    Some(&trainee),
                    "query($id:ID!){ remittanceX12(id:$id) }",
                    json!({"id": claim}),
                )
                .await;
            let text = r["data"]["remittanceX12"]
                .as_str()
                .unwrap_or_else(|| panic!("{slug}: {r}"));
            let path = dir.join(format!("{slug}-835.txt"));
            std::fs::write(&path, text).unwrap();
            files.push(path);
            // The corrected claim too: frequency 7 with REF*F8.
            let (dx, lines) = key_claim(&case["key"]);
            let b = app.gql(Some(&trainee), &correct(), json!({"id": claim, "d": dx, "l": lines, "a": case["scenario"]["priorAuthorization"]})).await;
            ids.push(claim_of(&b, "correctClaim")["id"].clone());
        }
        for (n, cid) in ids.iter().enumerate() {
            let b = app
                .gql(
                    Some(&trainee),
                    "query($id:ID!){ claimX12(id:$id) }",
                    json!({"id": cid}),
                )
                .await;
            let text = b["data"]["claimX12"]
                .as_str()
                .unwrap_or_else(|| panic!("{slug}: {b}"));
            assert!(
                text.starts_with("ISA*") && text.contains("ST*837*0001*005010X222A1~"),
                "{slug}: {text}"
            );
            let path = dir.join(format!("{slug}-{n}.txt"));
            std::fs::write(&path, text).unwrap();
            files.push(path);
        }
    }
    assert!(files.len() >= 21);
    let Some(tool) = x12valid() else {
        eprintln!(
            "PRACTICUM_X12VALID not set: {} 837P files written to {}, not validated",
            files.len(),
            dir.display()
        );
        return;
    };
    for f in &files {
        let out = std::process::Command::new(&tool)
            .arg(f)
            .current_dir(&dir)
            .output()
            .expect("x12valid runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains(": OK") && !text.contains(": Failure"),
            "{}: pyx12 says\n{text}\n{}",
            f.display(),
            std::fs::read_to_string(f).unwrap()
        );
        if f.to_string_lossy().ends_with("-835.txt") {
            // pyx12 4.0.0 validates an 835 but cannot write its 999 (it wants ST03, which the
            // 835 guide does not use): the ": OK" verdict above is the check.
            continue;
        }
        let ack = ["997", "999"]
            .iter()
            .map(|x| f.with_extension(x))
            .find(|p| p.exists());
        let ack = std::fs::read_to_string(ack.expect("x12valid writes an acknowledgment")).unwrap();
        assert!(
            ack.contains("AK9*A"),
            "{}: not an acceptance:\n{ack}",
            f.display()
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn racing_submits_yield_one_remittance() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = &cases_file("cpc-em-medicine.json")["cases"][0];
    let id = case_id(&app, case["slug"].as_str().unwrap()).await;
    let b = app.gql(Some(&trainee), &create(), json!({"c": id})).await;
    let claim = claim_of(&b, "createClaim")["id"].clone();
    let (dx, lines) = key_claim(&case["key"]);
    app.gql(
        Some(&trainee),
        &update(),
        json!({"id": claim, "d": dx, "l": lines}),
    )
    .await;
    let q = submit();
    let runs = (0..5).map(|_| app.gql(Some(&trainee), &q, json!({"id": claim})));
    let results = futures::future::join_all(runs).await;
    let ok = results
        .iter()
        .filter(|b| b["data"]["submitClaim"]["claim"].is_object())
        .count();
    assert_eq!(ok, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter(|b| !b["data"]["submitClaim"]["claim"].is_object())
            .all(|b| code(b) == "CONFLICT")
    );
    let n = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM remittance WHERE claim_id = {}",
                claim.as_str().unwrap()
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn an_inpatient_ub04_needs_poa_and_is_paid_by_its_drg() {
    let app = TestApp::spawn_with_codes().await.with_demo().await;
    let trainee = app.token("trainee").await;
    let case = &cases_file("ccs-inpatient.json")["cases"][0];
    let id = case_id(&app, case["slug"].as_str().unwrap()).await;
    let q = "mutation($c:ID!){ createClaim(input:{caseId:$c}){ claim { id kind institutional { typeOfBill admissionDate dischargeDate dischargeStatus } } } }";
    let b = app.gql(Some(&trainee), q, json!({"c": id})).await;
    let c = claim_of(&b, "createClaim");
    assert_eq!(c["kind"], "INSTITUTIONAL");
    assert_eq!(c["institutional"]["typeOfBill"], "0111");
    let claim = c["id"].clone();
    let key = &case["key"];
    let pcs: Vec<&Value> = key["pcs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["alternate"].is_null() || p["alternate"]["option"] == 1)
        .map(|p| &p["code"])
        .collect();
    let (dx, _) = key_claim(key);
    let lines = json!([
        {"code": "", "units": 3, "revenueCode": "0120", "chargeCents": 900_000},
        {"code": "", "units": 1, "revenueCode": "0360", "chargeCents": 2_400_000},
        {"code": "", "units": 1, "revenueCode": "0250", "chargeCents": 150_000}
    ]);
    let upd = "mutation($id:ID!,$d:[ClaimDiagnosisInput!],$l:[ClaimLineInput!],$p:[String!],$drg:String){ updateClaim(input:{claimId:$id, diagnoses:$d, lines:$l, procedures:$p, drg:$drg}){ claim { id } } }";
    // Without POA the clearinghouse refuses it, naming each diagnosis.
    let no_poa: Vec<Value> = dx
        .as_array()
        .unwrap()
        .iter()
        .map(|d| json!({"code": d["code"]}))
        .collect();
    app.gql(
        Some(&trainee),
        upd,
        json!({"id": claim, "d": no_poa, "l": lines, "p": pcs, "drg": key["expectedDrg"]}),
    )
    .await;
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    let c = claim_of(&b, "submitClaim");
    assert_eq!(c["status"], "REJECTED");
    assert!(
        c["rejections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["field"] == "diagnoses[0].poa"),
        "{c}"
    );
    // With POA it is paid per case: the DRG's weight times the base rate, never above charges.
    app.gql(Some(&trainee), upd, json!({"id": claim, "d": dx}))
        .await;
    let b = app
        .gql(Some(&trainee), &submit(), json!({"id": claim}))
        .await;
    let c = claim_of(&b, "submitClaim");
    assert_eq!(c["remittance"]["status"], "PAID", "{c}");
    assert_balanced(&c["remittance"]);
    let allowed = c["remittance"]["allowed"].as_i64().unwrap();
    assert!(allowed > 0 && allowed <= 3_450_000, "{allowed}");
    // Medicare Part A: the inpatient deductible per stay, no coinsurance.
    assert_eq!(case["coverages"][0]["payer"], "medicare-part-a");
    assert_eq!(
        c["remittance"]["patientResponsibility"].as_i64().unwrap(),
        allowed.min(173_600)
    );
    let b = app
        .gql(
            Some(&trainee),
            "query($id:ID!){ claimX12(id:$id) }",
            json!({"id": claim}),
        )
        .await;
    assert_eq!((code(&b), field(&b)), ("BAD_USER_INPUT", "id"));
}
