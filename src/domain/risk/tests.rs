//! Hand-checked member-years. Every factor used is a cell of CMS's V28 relative-factor table
//! as `seed/codesets/hcc/factors_v28.tsv` carries it (hccpy 0.1.9 `V28hcccoefn.csv`, from the
//! CY 2024 Rate Announcement's Attachment VI tables for the 2024 CMS-HCC model); mappings are
//! CMS's F2823T2N format, hierarchies V28115H1, edits V28I0ED1.

use super::*;

fn member(codes: &[&str], age: u8, sex: Sex) -> MemberYear {
    MemberYear {
        diagnoses: codes.iter().map(|c| c.to_string()).collect(),
        age,
        sex,
        dual: DualStatus::NonDual,
        orec: Orec::OldAge,
        segment: Segment::Community,
    }
}

fn hccs(s: &RiskScore) -> Vec<u16> {
    s.hccs.iter().map(|h| h.hcc).collect()
}

fn names(terms: &[Term]) -> Vec<&str> {
    terms.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn a_community_aged_member_with_diabetes_heart_failure_copd_and_ckd() {
    // CNA, female 72: F70_74 0.395. E11.22 -> HCC 37 (0.166), E11.9 -> HCC 38 (dropped by 37),
    // I50.22 -> HCC 226 (0.360), J44.9 -> HCC 280 (0.319), N18.4 -> HCC 327 (0.514).
    // Four payment HCCs: D4 = 0.000. DIABETES_HF 0.112, HF_CHR_LUNG 0.078, HF_KIDNEY 0.176.
    let s = score(&member(
        &["E11.22", "E11.9", "I50.22", "J44.9", "N18.4"],
        72,
        Sex::Female,
    ))
    .unwrap();
    assert_eq!(s.variant, "CNA");
    assert_eq!(hccs(&s), vec![37, 226, 280, 327]);
    assert_eq!(s.mapped.len(), 5);
    assert_eq!(s.dropped.len(), 1);
    assert_eq!((s.dropped[0].hcc, s.dropped[0].by), (38, Some(37)));
    assert_eq!(s.dropped[0].codes, vec!["E119"]);
    assert_eq!(names(&s.demographics), vec!["F70_74"]);
    assert_eq!(s.demographics[0].variable, "CNA_F70_74");
    assert_eq!(
        names(&s.interactions),
        vec!["D4", "DIABETES_HF", "HF_CHR_LUNG", "HF_KIDNEY"]
    );
    assert_eq!(s.demographic_total, Factor(395));
    assert_eq!(s.hcc_total, Factor(166 + 360 + 319 + 514));
    assert_eq!(s.interaction_total, Factor(112 + 78 + 176));
    assert_eq!(s.raw.to_string(), "2.120");
    // 2.120 / 1.067 = 1.98688 -> 1.987; x 0.941 = 1.86977 -> 1.870
    assert_eq!(s.normalized.to_string(), "1.987");
    assert_eq!(s.payment.to_string(), "1.870");
}

#[test]
fn no_diagnoses_leaves_the_demographic_factor_alone() {
    let s = score(&member(&[], 66, Sex::Male)).unwrap();
    assert!(s.hccs.is_empty() && s.interactions.is_empty());
    assert_eq!(s.raw, Factor(332)); // CNA_M65_69
}

#[test]
fn hierarchies_apply_in_cms_order_with_the_values_at_that_point() {
    // V28115H1: 62 drops 63 (and 64, 65, 68); 63 drops 202. SET0 tests "HCC63=1" when its row
    // runs, after 62's row has set it to 0, so 202 stays when 62 is present.
    let both = score(&member(&["T86.41", "I85.00", "G93.1"], 70, Sex::Male)).unwrap();
    assert_eq!(hccs(&both), vec![62, 202]);
    assert_eq!(both.dropped.len(), 1);
    assert_eq!((both.dropped[0].hcc, both.dropped[0].by), (63, Some(62)));
    let without_62 = score(&member(&["I85.00", "G93.1"], 70, Sex::Male)).unwrap();
    assert_eq!(hccs(&without_62), vec![63]);
    assert_eq!(without_62.dropped[0].by, Some(63));
    // Neoplasm: C78.7 (HCC 17) drops C79.51 (HCC 18).
    let cancer = score(&member(&["C78.7", "C79.51"], 70, Sex::Male)).unwrap();
    assert_eq!(hccs(&cancer), vec![17]);
    assert_eq!(cancer.hcc_total, Factor(4209));
}

#[test]
fn rows_that_span_two_lines_of_the_cms_file_are_applied() {
    // V28115H1's rows for 191, 192, 221 and 222 are written on two lines; HCC 222 (end-stage
    // heart failure, 2.505) drops HCC 226.
    let t = tables().unwrap();
    for h in [191, 192, 221, 222] {
        assert!(t.hierarchy.iter().any(|(p, _)| *p == h), "row {h}");
    }
    let s = score(&member(&["I50.84", "I50.9"], 70, Sex::Male)).unwrap();
    assert_eq!(hccs(&s), vec![222]);
}

#[test]
fn hcc_223_counts_only_with_another_heart_failure_hcc() {
    // Z95.811 (heart assist device) -> HCC 223 (2.505).
    let alone = score(&member(&["Z95.811"], 70, Sex::Male)).unwrap();
    assert!(alone.hccs.is_empty());
    assert_eq!((alone.dropped[0].hcc, alone.dropped[0].by), (223, None));
    let with_hf = score(&member(&["Z95.811", "I50.9"], 70, Sex::Male)).unwrap();
    assert_eq!(hccs(&with_hf), vec![223]);
    assert_eq!(with_hf.dropped[0].by, Some(223));
    assert_eq!(with_hf.hcc_total, Factor(2505));
}

#[test]
fn the_mandatory_age_and_sex_edits() {
    // D66 (hereditary factor VIII deficiency): HCC 111 (4.639) for a male, 112 (0.450) for a female.
    assert_eq!(
        hccs(&score(&member(&["D66"], 70, Sex::Male)).unwrap()),
        vec![111]
    );
    let f = score(&member(&["D66"], 70, Sex::Female)).unwrap();
    assert_eq!(hccs(&f), vec![112]);
    assert_eq!(f.edits[0].condition, EditCondition::Female);
    // C50.911 (breast cancer): HCC 23, but HCC 22 under age 50.
    let mut young = member(&["C50.911"], 45, Sex::Female);
    assert_eq!(hccs(&score(&young).unwrap()), vec![22]);
    young.age = 50;
    assert_eq!(hccs(&score(&young).unwrap()), vec![23]);
    // J44.9 (COPD) maps to no HCC under 18.
    let child = score(&member(&["J44.9"], 16, Sex::Male)).unwrap();
    assert!(child.hccs.is_empty());
    assert_eq!(child.unmapped, vec!["J449"]);
}

#[test]
fn a_disabled_community_member_gets_the_disabled_segment_and_terms() {
    // CND, male 58, OREC 1: CND_M55_59 0.283, HCC 226 0.442, D1 0.000, DISABLED_HF 0.000.
    let mut m = member(&["I50.9"], 58, Sex::Male);
    m.orec = Orec::Disability;
    let s = score(&m).unwrap();
    assert_eq!(s.variant, "CND");
    assert!(s.disabled && !s.originally_disabled);
    assert_eq!(names(&s.interactions), vec!["D1", "DISABLED_HF"]);
    assert_eq!(s.raw, Factor(283 + 442));
}

#[test]
fn an_institutional_dual_originally_disabled_member() {
    // INS, male 82, Medicaid, OREC 1: INS_M80_84 1.238, INS_LTIMCAID 0.130, HCC 226 0.217.
    // The table has no institutional originally-disabled factor, so none is added.
    let mut m = member(&["I50.9"], 82, Sex::Male);
    m.segment = Segment::Institutional;
    m.dual = DualStatus::FullBenefit;
    m.orec = Orec::Disability;
    let s = score(&m).unwrap();
    assert_eq!(s.variant, "INS");
    assert!(s.originally_disabled);
    assert_eq!(names(&s.demographics), vec!["M80_84", "LTIMCAID"]);
    assert_eq!(s.raw, Factor(1238 + 130 + 217));
}

#[test]
fn community_aged_originally_disabled_and_dual_segments() {
    // CNA male 66 OREC 1: M65_69 0.332 + OriginallyDisabled_Male 0.135.
    let mut m = member(&[], 66, Sex::Male);
    m.orec = Orec::Disability;
    assert_eq!(score(&m).unwrap().raw, Factor(332 + 135));
    // Full-benefit dual, female 72: CFA_F70_74 0.506.
    let mut f = member(&[], 72, Sex::Female);
    f.dual = DualStatus::FullBenefit;
    let s = score(&f).unwrap();
    assert_eq!((s.variant.as_str(), s.raw), ("CFA", Factor(506)));
    f.dual = DualStatus::PartialBenefit;
    f.age = 30;
    f.orec = Orec::Disability;
    assert_eq!(score(&f).unwrap().raw, Factor(454)); // CPD_F0_34
}

#[test]
fn new_enrollees_are_scored_on_demographics_only() {
    // NE, female 72, Medicaid: NE_MCAID_NORIGDIS_NEF70_74 1.043; diagnoses carry no factor.
    let mut m = member(&["I50.9", "E11.9"], 72, Sex::Female);
    m.segment = Segment::NewEnrollee;
    m.dual = DualStatus::FullBenefit;
    let s = score(&m).unwrap();
    assert_eq!(s.variant, "NE_MCAID_NORIGDIS_NE");
    assert_eq!(s.raw, Factor(1043));
    // Originally disabled, male 67, Medicaid: NE_MCAID_ORIGDIS_NEM67 1.959.
    let mut o = member(&[], 67, Sex::Male);
    o.segment = Segment::NewEnrollee;
    o.dual = DualStatus::PartialBenefit;
    o.orec = Orec::Disability;
    assert_eq!(score(&o).unwrap().raw, Factor(1959));
}

#[test]
fn codes_are_read_with_or_without_the_dot_and_counted_once() {
    let s = score(&member(&["e11.9", "E119", " E11.9 "], 70, Sex::Male)).unwrap();
    assert_eq!(s.hccs.len(), 1);
    assert_eq!(s.hccs[0].codes, vec!["E119"]);
}

#[test]
fn ages_above_120_are_refused() {
    assert_eq!(
        score(&member(&[], 121, Sex::Male)),
        Err(RiskError::Age(121))
    );
}

#[test]
fn the_count_term_stops_at_ten_or_more() {
    let codes = [
        "C78.7", "E11.22", "I50.22", "J44.9", "N18.4", "F33.1", "G20", "L89.154", "D66", "I48.91",
        "F10.239",
    ];
    let s = score(&member(&codes, 70, Sex::Male)).unwrap();
    assert_eq!(s.hccs.len(), 11);
    assert_eq!(s.interactions[0].name, "D10P");
    assert_eq!(s.interactions[0].factor, Factor(728)); // CNA_D10P
}
