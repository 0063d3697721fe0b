//! CMS-HCC risk scoring of a member-year for any signed-in user (`riskScore`): the input
//! checked field by field (every diagnosis a billable ICD-10-CM code on the date of service),
//! then the V28 engine (`domain::risk`).

use crate::auth::Viewer;
use crate::domain::codes::System;
use crate::domain::codes::index::CodeIndex;
use crate::domain::risk::{
    self, DualStatus, MAX_AGE, MemberYear, Orec, RiskError, RiskScore, Segment, Sex,
};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;

/// Diagnoses per member-year the query takes.
pub const MAX_DIAGNOSES: usize = 100;

pub struct ScoreRiskRequest {
    pub diagnoses: Vec<String>,
    pub age: i32,
    pub sex: Sex,
    pub dual: DualStatus,
    /// "0", "1", "2" or "3".
    pub orec: String,
    pub segment: Segment,
    /// Within 2025, the data-collection year of payment year 2026; default 2025-12-31.
    pub date_of_service: Option<NaiveDate>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn orec(raw: &str) -> AppResult<Orec> {
    match raw.trim() {
        "0" => Ok(Orec::OldAge),
        "1" => Ok(Orec::Disability),
        "2" => Ok(Orec::Esrd),
        "3" => Ok(Orec::DisabilityAndEsrd),
        _ => Err(AppError::bad_input(
            "orec",
            format!(
                "'{raw}' is not an original reason for entitlement: 0 (old age), 1 (disability), \
                 2 (ESRD) or 3 (disability and ESRD)"
            ),
        )),
    }
}

/// The diagnosis as a billable ICD-10-CM code valid on the date, undotted.
fn diagnosis(index: &CodeIndex, i: usize, raw: &str, on: NaiveDate) -> AppResult<String> {
    let field = format!("diagnoses[{i}]");
    let code: String = raw
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() < 3 || code.len() > 7 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::bad_input(
            field,
            format!("'{raw}' is not an ICD-10-CM code"),
        ));
    }
    match index.lookup(System::Icd10Cm, &code, Some(on)) {
        None => Err(AppError::bad_input(
            field,
            format!("'{raw}' is not an ICD-10-CM code valid on {on}"),
        )),
        Some(r) if !r.billable => Err(AppError::bad_input(
            field,
            format!(
                "'{raw}' is a category, not a billable ICD-10-CM code: code to the highest specificity"
            ),
        )),
        Some(_) => Ok(code),
    }
}

/// Scores a member-year with the CMS-HCC V28 model (payment year 2026).
pub fn score_risk(
    _viewer: &Viewer,
    index: &CodeIndex,
    r: ScoreRiskRequest,
) -> AppResult<RiskScore> {
    if r.diagnoses.len() > MAX_DIAGNOSES {
        return Err(AppError::bad_input(
            "diagnoses",
            format!("at most {MAX_DIAGNOSES} diagnoses per member-year"),
        ));
    }
    let age = u8::try_from(r.age)
        .ok()
        .filter(|a| *a <= MAX_AGE)
        .ok_or_else(|| {
            AppError::bad_input(
                "age",
                format!("must be between 0 and {MAX_AGE} (got {})", r.age),
            )
        })?;
    let on = r.date_of_service.unwrap_or(date(2025, 12, 31));
    if on < date(2025, 1, 1) || on > date(2025, 12, 31) {
        return Err(AppError::bad_input(
            "dateOfService",
            format!("{on} is outside 2025, the diagnosis year of payment year 2026"),
        ));
    }
    let diagnoses = r
        .diagnoses
        .iter()
        .enumerate()
        .map(|(i, d)| diagnosis(index, i, d, on))
        .collect::<AppResult<Vec<_>>>()?;
    let member = MemberYear {
        diagnoses,
        age,
        sex: r.sex,
        dual: r.dual,
        orec: orec(&r.orec)?,
        segment: r.segment,
    };
    risk::score(&member).map_err(|e| match e {
        RiskError::Age(_) => AppError::bad_input("age", e.to_string()),
        RiskError::NoDemographicCell(_) => AppError::bad_input("segment", e.to_string()),
        RiskError::Tables(m) => AppError::Internal(format!("CMS-HCC tables: {m}")),
    })
}

/// Scores a RISK_ADJUSTMENT chart review against a key version (lines and the RAF comparison
/// for the case's member). A key with conditions on a case without its review block is a
/// stored-data fault.
pub fn score_review(
    doc: &crate::domain::cases::CaseDoc,
    key: &crate::domain::cases::AnswerKey,
    sub: &crate::domain::scoring::Submission,
    policy: &crate::domain::scoring::Policy,
) -> AppResult<crate::domain::scoring::ScoreReport> {
    let ra = doc.risk_adjustment.as_ref().ok_or_else(|| {
        AppError::internal(format!(
            "case {} has a risk-adjustment key but no riskAdjustment block",
            doc.slug
        ))
    })?;
    Ok(crate::domain::scoring::score_review(key, ra, sub, policy))
}
