//! Table tests of the payer's edits on a small hand-made code table: each edit fires when it
//! should (with the group, CARC and RARC the payer uses) and not when it shouldn't; pricing and
//! cost sharing; appeals; voids; and the 835 balancing rule on generated claims.

use super::appeal::{self, Appeal, Ground, Outcome, Support};
use super::ncci::{MueEdit, Ncci, PtpEdit};
use super::payer::*;
use super::*;
use crate::domain::claims::*;
use crate::domain::codes::{AgeRange, CodeRecord, DescriptorSource, System};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rec(system: System, code: &str, billable: bool, flags: &[&str]) -> CodeRecord {
    CodeRecord {
        system,
        code: code.into(),
        valid_from: d("2015-10-01"),
        valid_to: if code == "99999" {
            Some(d("2020-12-31"))
        } else {
            None
        },
        billable,
        parent: None,
        short_description: code.into(),
        description: code.into(),
        chapter: None,
        block: None,
        category: None,
        flags: flags.iter().map(|f| (*f).to_owned()).collect(),
        descriptor_source: DescriptorSource::Public,
    }
}

fn index() -> CodeIndex {
    use System::*;
    let mut r = Vec::new();
    for c in [
        "99213", "99214", "99283", "82306", "70553", "97140", "97530", "99999",
    ] {
        r.push(rec(Cpt, c, true, &[]));
    }
    r.push(rec(Cpt, "36415", true, &["global:XXX"]));
    r.push(rec(Cpt, "20610", true, &["global:000"]));
    r.push(rec(Cpt, "11042", true, &["global:000"]));
    r.push(rec(Cpt, "27447", true, &["global:090"]));
    r.push(rec(Cpt, "11045", true, &["add_on"]));
    r.push(rec(Hcpcs, "G0121", true, &[]));
    for m in ["24", "25", "59", "XS", "GA", "LT", "RT", "57"] {
        r.push(rec(Modifier, m, true, &[]));
    }
    for p in ["11", "21", "23"] {
        r.push(rec(Pos, p, true, &[]));
    }
    for (c, b, f) in [
        ("E559", true, vec![]),
        ("Z1321", true, vec![]),
        ("E11", false, vec![]),
        ("E119", true, vec![]),
        ("I10", true, vec![]),
        ("M1711", true, vec![]),
        ("Z00129", true, vec!["pediatric"]),
        ("Z0000", true, vec!["adult"]),
        ("N400", true, vec!["sex:M"]),
        ("Z1211", true, vec![]),
    ] {
        r.push(rec(Icd10Cm, c, b, &f));
    }
    let ages = vec![
        AgeRange {
            group: "Pediatric".into(),
            start_age: 0,
            end_age: 17,
            date_start: d("1984-03-01"),
            date_end: d("2030-12-31"),
        },
        AgeRange {
            group: "Adult".into(),
            start_age: 15,
            end_age: 124,
            date_start: d("1984-03-01"),
            date_end: d("2030-12-31"),
        },
    ];
    CodeIndex::build(r, vec![], ages, vec![])
}

fn ncci() -> Ncci {
    let ptp = |c1: &str, c2: &str, ind: u8| PtpEdit {
        column1: c1.into(),
        column2: c2.into(),
        indicator: ind,
        effective: d("2000-01-01"),
        deletion: None,
        rationale: "mutually exclusive (test)".into(),
    };
    let mue = |code: &str, mue: u32, mai: u8| MueEdit {
        code: code.into(),
        mue,
        mai,
        effective: d("2020-01-01"),
        rationale: "test".into(),
    };
    Ncci::new(
        vec![ptp("97530", "97140", 1), ptp("11042", "36415", 0)],
        vec![mue("20610", 2, 1), mue("36415", 1, 2)],
    )
}

fn payer(slug: &str) -> PayerProfile {
    let medicare = slug == "medicare-part-b";
    PayerProfile {
        format: FORMAT.into(),
        slug: slug.into(),
        name: format!("{slug} (test)"),
        kind: if medicare {
            PayerKind::Medicare
        } else {
            PayerKind::Commercial
        },
        payer_id: "00001".into(),
        timely_filing_days: if medicare { 365 } else { 90 },
        ptp_denial_reason: if medicare { "236".into() } else { "97".into() },
        mue_enforced: true,
        sex_edits: !medicare,
        terminated_group: if medicare { "PR".into() } else { "CO".into() },
        prior_authorization: if medicare {
            vec![]
        } else {
            vec!["70553".into()]
        },
        coverage_policies: vec![CoveragePolicy {
            id: "VITD".into(),
            title: "Vitamin D assay".into(),
            procedures: vec!["82306".into()],
            supporting_diagnoses: vec!["E55.*".into()],
            reason: "50".into(),
            remark: "N115".into(),
            source: "test".into(),
        }],
        frequency_limits: vec![FrequencyLimit {
            id: "COLO".into(),
            title: "Screening colonoscopy".into(),
            codes: vec!["G0121".into()],
            max: 1,
            period_months: 120,
            remark: "M86".into(),
            source: "test".into(),
        }],
        fee_schedule: [
            ("99213", 9_000),
            ("99214", 13_000),
            ("20610", 6_000),
            ("36415", 300),
            ("11042", 12_000),
            ("11045", 2_500),
            ("82306", 3_000),
            ("G0121", 40_000),
            ("97140", 2_800),
            ("97530", 3_200),
            ("70553", 35_000),
            ("99283", 8_000),
        ]
        .into_iter()
        .map(|(c, v)| (c.to_owned(), v))
        .collect(),
        default_allowed_percent: 50,
        cost_sharing: CostSharing {
            deductible_cents: if medicare { 28_300 } else { 0 },
            coinsurance_percent: if medicare { 20 } else { 10 },
            copays: if medicare {
                vec![]
            } else {
                vec![Copay {
                    prefixes: vec!["9921".into()],
                    amount_cents: 3_000,
                }]
            },
            preventive: vec!["G0121".into()],
        },
        accepts_replacement_after_denial: medicare,
        appeals: AppealRules {
            level_name: "Redetermination".into(),
            deadline_days: 120,
            overturnable: vec!["50".into(), "119".into()],
            second_level: None,
        },
        expected_payment_days: 14,
        inpatient_base_rate_cents: Some(680_000),
        inpatient_deductible_cents: None,
        notes: None,
    }
}

fn person() -> Person {
    Person {
        first_name: "Ada".into(),
        last_name: "Quill".into(),
        date_of_birth: Some(d("1960-05-01")),
        sex: "F".into(),
        address: None,
    }
}

fn line(code: &str, mods: &[&str], units: u32, ptrs: &[&str]) -> ServiceLine {
    ServiceLine {
        date_of_service: d("2026-03-02"),
        place_of_service: "11".into(),
        system: if code.starts_with('G') {
            "HCPCS".into()
        } else {
            "CPT".into()
        },
        code: code.into(),
        modifiers: mods.iter().map(|m| (*m).to_owned()).collect(),
        units,
        pointers: ptrs.iter().map(|p| (*p).to_owned()).collect(),
        charge_cents: 50_000,
        revenue_code: None,
    }
}

fn claim(payer: &str, dx: &[&str], lines: Vec<ServiceLine>) -> Claim {
    let provider = ClaimProvider {
        name: "Oren Lisle, MD".into(),
        npi: "1234567893".into(),
        taxonomy: None,
        address: None,
        tax_id: Some("990000001".into()),
    };
    let mut c = Claim {
        kind: ClaimKind::Professional,
        frequency: Frequency::Original,
        original_reference: None,
        payer: payer.into(),
        date_of_service: d("2026-03-02"),
        place_of_service: "11".into(),
        patient: person(),
        insured: Insured {
            member_id: "M1".into(),
            group_number: None,
            relationship: "SELF".into(),
            person: person(),
        },
        billing: provider.clone(),
        rendering: provider,
        facility: None,
        diagnoses: dx
            .iter()
            .map(|c| ClaimDiagnosis {
                code: (*c).into(),
                poa: None,
            })
            .collect(),
        prior_authorization: None,
        lines,
        total_charge_cents: 0,
        institutional: None,
        primary: None,
    };
    c.total_charge_cents = c.line_total();
    c
}

struct World {
    codes: CodeIndex,
    ncci: Ncci,
    coverages: Vec<Eligibility>,
    history: Vec<PriorService>,
    auths: Vec<String>,
    received: NaiveDate,
    replaces_denied: bool,
}

fn world() -> World {
    World {
        codes: index(),
        ncci: ncci(),
        coverages: ["medicare-part-b", "bluecrest-ppo"]
            .iter()
            .map(|p| Eligibility {
                payer: (*p).into(),
                member_id: "M1".into(),
                effective: d("2025-01-01"),
                termination: None,
                priority: "PRIMARY".into(),
            })
            .collect(),
        history: vec![],
        auths: vec!["AUTH-1".into()],
        received: d("2026-03-10"),
        replaces_denied: false,
    }
}

fn run(w: &World, c: &Claim) -> Remittance {
    let p = payer(&c.payer);
    let ctx = Context {
        codes: &w.codes,
        ncci: &w.ncci,
        payer: &p,
        coverages: &w.coverages,
        history: &w.history,
        authorizations: &w.auths,
        received_on: w.received,
        deductible_met_cents: 28_300,
        replaces_denied_claim: w.replaces_denied,
        claim_number: "SIM1".into(),
        drg_weight: None,
    };
    let r = adjudicate(c, &ctx);
    assert!(r.balances(), "remittance does not balance: {r:#?}");
    r
}

/// (line, group, CARC, remarks) of every denied line.
fn denials(r: &Remittance) -> Vec<(u32, String, String, Vec<String>)> {
    r.denials()
        .map(|(l, a)| (l.line, a.group.clone(), a.reason.clone(), l.remarks.clone()))
        .collect()
}

type Setup = fn(&mut World, &mut Claim);
/// (name, payer, setup, expected denial: line, group, CARC, a remark).
type Row = (
    &'static str,
    &'static str,
    Setup,
    Option<(u32, &'static str, &'static str, &'static str)>,
);

#[test]
fn every_edit_fires_when_it_should_with_the_payers_codes() {
    let ok_em = || line("99213", &[], 1, &["A"]);
    #[rustfmt::skip]
    let table: Vec<Row> = vec![
        ("clean claim", "medicare-part-b", |_, _| {}, None),
        ("member unknown", "medicare-part-b", |_, c| c.insured.member_id = "ZZ9".into(), Some((1, "CO", "31", "MA61"))),
        ("before coverage", "medicare-part-b", |w, _| w.coverages[0].effective = d("2026-04-01"), Some((1, "CO", "26", "N30"))),
        ("terminated at Medicare is PR-27", "medicare-part-b", |w, _| w.coverages[0].termination = Some(d("2026-01-31")), Some((1, "PR", "27", "N30"))),
        ("terminated at a commercial plan is CO-27", "bluecrest-ppo", |w, _| w.coverages[1].termination = Some(d("2026-01-31")), Some((1, "CO", "27", "N30"))),
        ("timely filing, Medicare 365 days", "medicare-part-b", |w, _| w.received = d("2027-03-03"), Some((1, "CO", "29", "N211"))),
        ("inside Medicare's limit", "medicare-part-b", |w, _| w.received = d("2027-03-02"), None),
        ("timely filing, commercial 90 days", "bluecrest-ppo", |w, _| w.received = d("2026-06-01"), Some((1, "CO", "29", "N211"))),
        ("exact duplicate of a paid service", "medicare-part-b", |w, _| w.history.push(PriorService { payer: "medicare-part-b".into(), code: "99213".into(), modifiers: vec![], units: 1, date_of_service: d("2026-03-02"), paid: true }), Some((1, "OA", "18", "N111"))),
        ("same code another day is no duplicate", "medicare-part-b", |w, _| w.history.push(PriorService { payer: "medicare-part-b".into(), code: "99213".into(), modifiers: vec![], units: 1, date_of_service: d("2026-02-02"), paid: true }), None),
        ("procedure code expired", "medicare-part-b", |_, c| c.lines[0].code = "99999".into(), Some((1, "CO", "181", "M51"))),
        ("header diagnosis", "medicare-part-b", |_, c| c.diagnoses[0].code = "E11".into(), Some((1, "CO", "16", "MA130"))),
        ("pediatric diagnosis on an adult", "medicare-part-b", |_, c| c.diagnoses[0].code = "Z00.129".into(), Some((1, "CO", "9", ""))),
        ("sex edit on at BlueCrest", "bluecrest-ppo", |_, c| c.diagnoses[0].code = "N40.0".into(), Some((1, "CO", "10", ""))),
        ("sex edit off at Medicare", "medicare-part-b", |_, c| c.diagnoses[0].code = "N40.0".into(), None),
        ("office E/M in the ED", "medicare-part-b", |_, c| c.lines[0].place_of_service = "23".into(), Some((1, "CO", "5", "M77"))),
        ("another payer primary", "medicare-part-b", |w, _| w.coverages[0].priority = "SECONDARY".into(), Some((1, "CO", "22", "MA04"))),
        ("prior authorization absent", "bluecrest-ppo", |_, c| c.lines[0].code = "70553".into(), Some((1, "CO", "197", "M62"))),
        ("prior authorization wrong", "bluecrest-ppo", |_, c| { c.lines[0].code = "70553".into(); c.prior_authorization = Some("AUTH-9".into()) }, Some((1, "CO", "15", "N54"))),
        ("prior authorization on file", "bluecrest-ppo", |_, c| { c.lines[0].code = "70553".into(); c.prior_authorization = Some("auth-1".into()) }, None),
        ("NCCI pair at Medicare is CO-236", "medicare-part-b", |_, c| c.lines = vec![line("97530", &[], 1, &["A"]), line("97140", &[], 1, &["A"])], Some((2, "CO", "236", "N20"))),
        ("NCCI pair at BlueCrest is CO-97", "bluecrest-ppo", |_, c| c.lines = vec![line("97530", &[], 1, &["A"]), line("97140", &[], 1, &["A"])], Some((2, "CO", "97", "M80"))),
        ("NCCI indicator 1 with XS passes", "medicare-part-b", |_, c| c.lines = vec![line("97530", &[], 1, &["A"]), line("97140", &["XS"], 1, &["A"])], None),
        ("NCCI indicator 0 ignores 59", "medicare-part-b", |_, c| c.lines = vec![line("11042", &[], 1, &["A"]), line("36415", &["59"], 1, &["A"])], Some((2, "CO", "236", "N20"))),
        ("MUE per line", "medicare-part-b", |_, c| c.lines[0] = line("20610", &[], 3, &["A"]), Some((1, "CO", "151", "N362"))),
        ("MUE per day across lines", "medicare-part-b", |_, c| c.lines = vec![line("36415", &[], 1, &["A"]), line("36415", &["XS"], 1, &["A"])], Some((1, "CO", "151", "N362"))),
        ("diagnosis does not support", "medicare-part-b", |_, c| { c.diagnoses = vec![ClaimDiagnosis { code: "Z13.21".into(), poa: None }, ClaimDiagnosis { code: "E55.9".into(), poa: None }]; c.lines[0] = line("82306", &[], 1, &["A"]) }, Some((1, "CO", "50", "N115"))),
        ("pointer to the supporting diagnosis", "medicare-part-b", |_, c| { c.diagnoses = vec![ClaimDiagnosis { code: "Z13.21".into(), poa: None }, ClaimDiagnosis { code: "E55.9".into(), poa: None }]; c.lines[0] = line("82306", &[], 1, &["B"]) }, None),
        ("E/M with a procedure, no 25", "medicare-part-b", |_, c| c.lines.push(line("20610", &[], 1, &["A"])), Some((1, "CO", "97", "M144"))),
        ("E/M with venipuncture needs no 25", "medicare-part-b", |_, c| c.lines.push(line("36415", &[], 1, &["A"])), None),
        ("E/M with 25 and a procedure", "medicare-part-b", |_, c| { c.lines[0].modifiers = vec!["25".into()]; c.lines.push(line("20610", &[], 1, &["A"])) }, None),
        ("E/M inside a 90-day global period", "medicare-part-b", |w, _| w.history.push(PriorService { payer: "medicare-part-b".into(), code: "27447".into(), modifiers: vec![], units: 1, date_of_service: d("2026-01-15"), paid: true }), Some((1, "CO", "4", "M144"))),
        ("E/M in the global period with 24", "medicare-part-b", |w, c| { w.history.push(PriorService { payer: "medicare-part-b".into(), code: "27447".into(), modifiers: vec![], units: 1, date_of_service: d("2026-01-15"), paid: true }); c.lines[0].modifiers = vec!["24".into()] }, None),
        ("E/M after the global period", "medicare-part-b", |w, _| w.history.push(PriorService { payer: "medicare-part-b".into(), code: "27447".into(), modifiers: vec![], units: 1, date_of_service: d("2025-11-15"), paid: true }), None),
        ("frequency limit", "medicare-part-b", |w, c| { w.history.push(PriorService { payer: "medicare-part-b".into(), code: "G0121".into(), modifiers: vec![], units: 1, date_of_service: d("2020-06-01"), paid: true }); c.lines[0] = line("G0121", &[], 1, &["A"]) }, Some((1, "CO", "119", "M86"))),
        ("frequency limit with GA is the patient's", "medicare-part-b", |w, c| { w.history.push(PriorService { payer: "medicare-part-b".into(), code: "G0121".into(), modifiers: vec![], units: 1, date_of_service: d("2020-06-01"), paid: true }); c.lines[0] = line("G0121", &["GA"], 1, &["A"]) }, Some((1, "PR", "119", "M86"))),
        ("frequency window passed", "medicare-part-b", |w, c| { w.history.push(PriorService { payer: "medicare-part-b".into(), code: "G0121".into(), modifiers: vec![], units: 1, date_of_service: d("2016-02-01"), paid: true }); c.lines[0] = line("G0121", &[], 1, &["A"]) }, None),
        ("add-on without primary", "medicare-part-b", |_, c| c.lines[0] = line("11045", &[], 1, &["A"]), Some((1, "CO", "107", "N122"))),
        ("add-on with primary", "medicare-part-b", |_, c| c.lines = vec![line("11042", &[], 1, &["A"]), line("11045", &[], 1, &["A"])], None),
        ("replacement after an outright denial refused", "bluecrest-ppo", |w, c| { w.replaces_denied = true; c.frequency = Frequency::Replacement; c.original_reference = Some("SIM0".into()) }, Some((1, "CO", "16", "MA130"))),
        ("replacement after an outright denial accepted at Medicare", "medicare-part-b", |w, c| { w.replaces_denied = true; c.frequency = Frequency::Replacement; c.original_reference = Some("SIM0".into()) }, None),
    ];
    for (name, payer, setup, want) in table {
        let mut w = world();
        let mut c = claim(payer, &["I10"], vec![ok_em()]);
        setup(&mut w, &mut c);
        c.total_charge_cents = c.line_total();
        let r = run(&w, &c);
        let got = denials(&r);
        match want {
            None => assert!(got.is_empty(), "{name}: expected no denial, got {got:?}"),
            Some((ln, group, carc, remark)) => {
                let hit = got.iter().find(|(l, ..)| *l == ln);
                let Some((_, g, c, rem)) = hit else {
                    panic!("{name}: line {ln} not denied; got {got:?}")
                };
                assert_eq!((g.as_str(), c.as_str()), (group, carc), "{name}");
                if !remark.is_empty() {
                    assert!(
                        rem.iter().any(|x| x == remark),
                        "{name}: remarks {rem:?} lack {remark}"
                    );
                }
                assert!(
                    r.trace
                        .iter()
                        .any(|t| t.outcome == "FIRED" && t.reason.as_deref() == Some(carc)),
                    "{name}: no trace"
                );
            }
        }
    }
}

#[test]
fn pricing_applies_fee_schedule_and_cost_sharing() {
    let mut w = world();
    // Medicare: deductible met (28,300 in `run`), 20 % coinsurance.
    let c = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("99213", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    let l = &r.lines[0];
    assert_eq!(
        (l.billed_cents, l.allowed_cents, l.paid_cents),
        (50_000, 9_000, 7_200)
    );
    assert_eq!(r.patient_responsibility_cents, 1_800);
    assert_eq!(r.status, RemitStatus::Paid);
    // Commercial: the office-visit copay once, then coinsurance on the rest.
    let c = claim(
        "bluecrest-ppo",
        &["I10"],
        vec![line("99213", &[], 1, &["A"]), line("36415", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    assert!(
        r.lines[0]
            .adjustments
            .iter()
            .any(|a| a.group == "PR" && a.reason == "3" && a.amount_cents == 3_000)
    );
    assert_eq!(r.lines[1].paid_cents, 270);
    // Preventive: no cost sharing.
    w.history.clear();
    let c = claim(
        "medicare-part-b",
        &["Z12.11"],
        vec![line("G0121", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    assert_eq!(r.lines[0].paid_cents, 40_000);
    assert_eq!(r.patient_responsibility_cents, 0);
}

#[test]
fn a_partial_denial_pays_the_other_lines() {
    let w = world();
    let c = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("97530", &[], 1, &["A"]), line("97140", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    assert_eq!(r.status, RemitStatus::PartiallyPaid);
    assert!(r.lines[0].paid_cents > 0);
    assert_eq!(r.lines[1].paid_cents, 0);
}

#[test]
fn a_void_takes_the_payment_back_and_balances() {
    let w = world();
    let c = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("99213", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    let v = reverse(&r, "SIM2", d("2026-04-01"));
    assert_eq!(v.status, RemitStatus::Reversed);
    assert_eq!(v.paid_cents, -r.paid_cents);
    assert!(v.balances());
}

#[test]
fn appeals_follow_the_payers_rules() {
    let w = world();
    let mut p = payer("medicare-part-b");
    p.appeals.second_level = Some(super::payer::AppealLevelRules {
        level_name: "Reconsideration".into(),
        deadline_days: 180,
    });
    let mut c = claim(
        "medicare-part-b",
        &["Z13.21"],
        vec![line("82306", &[], 1, &["A"])],
    );
    c.total_charge_cents = c.line_total();
    let r = run(&w, &c);
    let carc = r.lines[0].denial().unwrap().reason.clone();
    assert_eq!(carc, "50");
    let docs = vec!["Progress note".to_owned(), "Lab report".to_owned()];
    let needed = vec!["Progress note".to_owned()];
    let first = appeal::level(&p, 1).unwrap();
    let second = appeal::level(&p, 2).unwrap();
    assert_eq!(
        (first.name.as_str(), first.deadline_days),
        ("Redetermination", 120)
    );
    assert_eq!(
        (second.name.as_str(), second.deadline_days),
        ("Reconsideration", 180)
    );
    assert!(appeal::level(&p, 3).is_none());
    let decided = d("2026-04-01");
    let decide = |ground, documentation: &[String], supported: bool, level, filed_after: u64| {
        appeal::decide(
            &p,
            &r.lines[0],
            &Appeal {
                carc: &carc,
                ground,
                documentation,
                support: supported.then_some(Support {
                    ground: Ground::MedicalNecessityMet,
                    documents: &needed,
                }),
                level,
                decided_on: decided,
                filed_on: decided + chrono::Days::new(filed_after),
            },
        )
    };
    let necessity = Ground::MedicalNecessityMet;
    // Table: (ground, documents, records support it, level, days after the decision) → outcome.
    type Case<'a> = (
        Ground,
        &'a [String],
        bool,
        &'a appeal::Level,
        u64,
        Outcome,
        &'a str,
    );
    let cases: [Case; 7] = [
        (
            necessity,
            &docs,
            true,
            &first,
            14,
            Outcome::Overturned,
            "overturned",
        ),
        (
            Ground::TimelyFilingProof,
            &docs,
            true,
            &first,
            14,
            Outcome::Upheld,
            "answered by MEDICAL_NECESSITY_MET",
        ),
        (
            necessity,
            &[],
            true,
            &first,
            14,
            Outcome::Upheld,
            "none were attached",
        ),
        (
            necessity,
            &docs[1..],
            true,
            &first,
            14,
            Outcome::Upheld,
            "do not show it",
        ),
        (
            necessity,
            &docs,
            false,
            &first,
            14,
            Outcome::Upheld,
            "the denial stands",
        ),
        (
            necessity,
            &docs,
            true,
            &first,
            121,
            Outcome::Upheld,
            "42 CFR 405.942",
        ),
        (
            necessity,
            &docs,
            true,
            &second,
            181,
            Outcome::Upheld,
            "42 CFR 405.962",
        ),
    ];
    for (ground, documentation, supported, level, after, outcome, says) in cases {
        let dec = decide(ground, documentation, supported, level, after);
        assert_eq!(dec.outcome, outcome, "{ground:?} {after}: {}", dec.message);
        assert!(dec.message.contains(says), "{}", dec.message);
    }
    // Upheld at the first level, the payer names its second; on time at the second, it wins.
    let dec = decide(necessity, &[], true, &first, 14);
    assert_eq!(dec.next_level.as_deref(), Some("Reconsideration"));
    let dec = decide(necessity, &docs, true, &second, 180);
    assert_eq!((dec.outcome, dec.level_number), (Outcome::Overturned, 2));
    // After an overturn the line is paid on re-adjudication.
    let ctx = Context {
        codes: &w.codes,
        ncci: &w.ncci,
        payer: &p,
        coverages: &w.coverages,
        history: &w.history,
        authorizations: &w.auths,
        received_on: w.received,
        deductible_met_cents: 28_300,
        replaces_denied_claim: false,
        claim_number: "SIM1".into(),
        drg_weight: None,
    };
    let again = adjudicate_after_appeal(&c, &ctx, &[1]);
    assert_eq!(again.status, RemitStatus::Paid);
    // Timely filing has no appeal rights at Medicare, whatever the records say.
    let mut late = world();
    late.received = d("2027-06-01");
    let r = run(&late, &c);
    let dec = appeal::decide(
        &p,
        &r.lines[0],
        &Appeal {
            carc: "29",
            ground: Ground::TimelyFilingProof,
            documentation: &docs,
            support: None,
            level: &first,
            decided_on: decided,
            filed_on: decided,
        },
    );
    assert_eq!(dec.outcome, Outcome::Upheld);
    assert!(dec.message.contains("N211"), "{}", dec.message);
}

/// xorshift: a fixed-seed generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

#[test]
fn every_generated_claim_balances() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let codes = [
        "99213", "99214", "20610", "36415", "11042", "11045", "82306", "G0121", "97140", "97530",
        "70553", "99999", "99283",
    ];
    let mods: [&[&str]; 5] = [&[], &["25"], &["XS"], &["GA"], &["59", "LT"]];
    let dx = ["I10", "E55.9", "Z13.21", "E11", "Z00.129", "N40.0", "E11.9"];
    let payers = ["medicare-part-b", "bluecrest-ppo"];
    for _ in 0..2_000 {
        let mut w = world();
        if rng.next().is_multiple_of(4) {
            w.history.push(PriorService {
                payer: "medicare-part-b".into(),
                code: "G0121".into(),
                modifiers: vec![],
                units: 1,
                date_of_service: d("2022-01-01"),
                paid: true,
            });
        }
        w.received = d("2026-03-02") + chrono::Days::new(rng.next() % 400);
        let n = 1 + (rng.next() % 6) as usize;
        let lines: Vec<ServiceLine> = (0..n)
            .map(|_| {
                let mut l = line(
                    rng.pick(&codes),
                    rng.pick(&mods),
                    1 + (rng.next() % 4) as u32,
                    &["A", "B"],
                );
                l.charge_cents = 1 + (rng.next() % 200_000) as i64;
                l
            })
            .collect();
        let diagnoses = [rng.pick(&dx), rng.pick(&dx)];
        let c = claim(rng.pick(&payers), &diagnoses, lines);
        let r = run(&w, &c);
        assert!(r.lines.iter().all(|l| l.paid_cents >= 0
            && l.paid_cents <= l.allowed_cents
            && l.allowed_cents <= l.billed_cents));
        let denied = r.lines.iter().filter(|l| l.denied).count();
        let want = match denied {
            0 => RemitStatus::Paid,
            k if k == r.lines.len() => RemitStatus::Denied,
            _ => RemitStatus::PartiallyPaid,
        };
        assert_eq!(r.status, want);
        let pr: i64 = r
            .lines
            .iter()
            .flat_map(|l| &l.adjustments)
            .filter(|a| a.group == "PR")
            .map(|a| a.amount_cents)
            .sum();
        assert_eq!(r.patient_responsibility_cents, pr);
    }
}

#[test]
fn a_secondary_pays_what_the_primary_left_up_to_its_allowed() {
    let mut w = world();
    // BlueCrest is primary; Medicare is billed as secondary with the primary's payment.
    w.coverages[0].priority = "SECONDARY".into();
    let mut c = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("99213", &[], 1, &["A"])],
    );
    let r = run(&w, &c);
    assert_eq!(
        denials(&r)[0].2,
        "22",
        "without the primary's payment: CO-22"
    );
    c.primary = Some(PriorPayer {
        payer: "bluecrest-ppo".into(),
        claim_number: "26000000007".into(),
        paid_cents: 6_000,
        lines: vec![PriorLine {
            line: 1,
            paid_cents: 6_000,
            patient: vec![("3".into(), 3_000)],
        }],
    });
    let r = run(&w, &c);
    assert!(denials(&r).is_empty(), "{:?}", r.trace);
    let l = &r.lines[0];
    // Medicare allows 90.00; the primary paid 60.00; the patient was left 30.00: Medicare pays 30.00.
    assert_eq!(l.paid_cents, 3_000);
    assert!(
        l.adjustments
            .iter()
            .any(|a| a.group == "OA" && a.reason == "23" && a.amount_cents == 50_000 - 3_000)
    );
    assert_eq!(r.patient_responsibility_cents, 0);
    // When Medicare allows less than the primary paid, the primary's allowed amount is the
    // higher one: Medicare pays up to it (42 CFR 411.33(a)(3)), the patient owes nothing.
    c.primary.as_mut().unwrap().lines[0].paid_cents = 9_600;
    let r = run(&w, &c);
    assert_eq!(
        (r.lines[0].paid_cents, r.patient_responsibility_cents),
        (3_000, 0)
    );
}

/// 42 CFR 411.33(b)'s own example: charge $175, the primary allowed $150 and paid $120, the
/// Medicare fee is $125 and the deductible met, so Medicare as primary would pay $100: the
/// lowest of $55, $100 and $30 is $30. Then the limits one at a time.
#[test]
fn medicare_secondary_payment_is_the_lowest_of_the_three_amounts() {
    use super::pricing::msp_payment;
    for (charge, p_allowed, p_paid, m_allowed, m_primary, want, why) in [
        (
            17_500,
            15_000,
            12_000,
            12_500,
            10_000,
            3_000,
            "the CFR example",
        ),
        (
            17_500,
            15_000,
            12_000,
            12_500,
            1_000,
            1_000,
            "(2) Medicare's deductible left little",
        ),
        (
            17_500,
            15_000,
            12_000,
            12_500,
            0,
            0,
            "(2) all to Medicare's deductible",
        ),
        (
            13_000,
            15_000,
            12_000,
            12_500,
            10_000,
            1_000,
            "(1) a charge under the primary's allowed",
        ),
        (
            17_500,
            10_000,
            8_000,
            12_500,
            10_000,
            2_000,
            "(1) the obligated amount",
        ),
        (17_500, 15_000, 15_500, 12_500, 10_000, 0, "never negative"),
    ] {
        assert_eq!(
            msp_payment(charge, p_allowed, p_paid, m_allowed, m_primary),
            want,
            "{why}"
        );
    }
}

/// Issue #16: Medicare secondary to BlueCrest on 99214 (the test profile allows 130.00, the
/// seed's 135.61; deductible met). The primary pays above, at and below Medicare's allowed
/// amount; Medicare pays by
/// 42 CFR 411.33(a), the primary's effect is OA-23, and the patient owes only what is left of
/// the higher allowed amount after both payments (0 here).
#[test]
fn medicare_secondary_after_a_primary_paying_above_at_and_below_its_allowed_amount() {
    let mut w = world();
    w.coverages[0].priority = "SECONDARY".into();
    let mut c = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("99214", &[], 1, &["A"])],
    );
    let billed = c.lines[0].charge_cents;
    for (primary_paid, share, reason, medicare_pays, why) in [
        (
            14_600,
            3_000,
            "3",
            3_000,
            "above: the reported case, PR-3 30.00 left before",
        ),
        (
            13_561,
            3_000,
            "3",
            3_000,
            "equal to Medicare's allowed amount",
        ),
        (6_000, 4_000, "1", 4_000, "below: the primary's deductible"),
        (8_000, 1_000, "2", 1_000, "below: coinsurance"),
    ] {
        c.primary = Some(PriorPayer {
            payer: "bluecrest-ppo".into(),
            claim_number: "26000000007".into(),
            paid_cents: primary_paid,
            lines: vec![PriorLine {
                line: 1,
                paid_cents: primary_paid,
                patient: vec![(reason.into(), share)],
            }],
        });
        let r = run(&w, &c);
        let l = &r.lines[0];
        assert_eq!(l.allowed_cents, 13_000, "{why}");
        assert_eq!(l.paid_cents, medicare_pays, "{why}: {:?}", r.trace);
        assert_eq!(r.patient_responsibility_cents, 0, "{why}");
        assert_eq!(
            l.adjustments
                .iter()
                .map(|a| (a.group.as_str(), a.reason.as_str(), a.amount_cents))
                .collect::<Vec<_>>(),
            vec![("OA", "23", billed - share)],
            "{why}"
        );
        assert!(
            r.trace.iter().any(|t| t.message.contains("411.33")),
            "{why}"
        );
    }
    // Medicare's deductible not met: as primary it would pay nothing, so it pays nothing and
    // the patient keeps the primary's copay (PR-3).
    let p = payer("medicare-part-b");
    let ctx = Context {
        codes: &w.codes,
        ncci: &w.ncci,
        payer: &p,
        coverages: &w.coverages,
        history: &w.history,
        authorizations: &w.auths,
        received_on: w.received,
        deductible_met_cents: 0,
        replaces_denied_claim: false,
        claim_number: "SIM1".into(),
        drg_weight: None,
    };
    c.primary.as_mut().unwrap().lines[0] = PriorLine {
        line: 1,
        paid_cents: 14_600,
        patient: vec![("3".into(), 3_000)],
    };
    let r = adjudicate(&c, &ctx);
    assert!(r.balances());
    assert_eq!(
        (r.lines[0].paid_cents, r.patient_responsibility_cents),
        (0, 3_000)
    );
    assert!(
        r.lines[0]
            .adjustments
            .iter()
            .any(|a| a.group == "PR" && a.reason == "3" && a.amount_cents == 3_000)
    );
}

/// Found by the `claim_validator` fuzz target: a line charge near i64::MAX overflowed the
/// claim total, and 192 diagnoses overflowed the pointer letter. Both are rejections now.
#[test]
fn absurd_claims_are_rejected_not_panicked_on() {
    let w = world();
    let mut huge = claim(
        "medicare-part-b",
        &["I10"],
        vec![line("99213", &[], 1, &["A"])],
    );
    huge.lines[0].charge_cents = i64::MAX;
    huge.lines.push(line("99213", &[], 1, &["A"]));
    huge.total_charge_cents = 0;
    assert!(!crate::domain::claims::edits::check(&huge, &w.codes).is_empty());
    let many = vec!["I10"; 192];
    let pointers = claim(
        "medicare-part-b",
        &many,
        vec![line("99213", &[], 1, &["M"])],
    );
    let rejections = crate::domain::claims::edits::check(&pointers, &w.codes);
    assert!(
        rejections.iter().any(|r| r.message.contains("(A–L)")),
        "{rejections:?}"
    );
    assert_eq!(crate::domain::claims::pointer_letter(300), "#301");
}
