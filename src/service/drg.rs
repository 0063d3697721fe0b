//! What-if MS-DRG grouping for any signed-in user: the input checked field by field, then the
//! grouper (`domain::drg`) with the version of the discharge date.

use crate::auth::Viewer;
use crate::domain::drg::{
    self, DISCHARGE_STATUSES, DrgClaim, DrgDiagnosis, DrgError, Grouping, Sex,
};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;

/// UB-04 limits: 24 other diagnoses and 24 other procedures besides the principal ones.
pub const MAX_SECONDARY: usize = 24;
pub const MAX_PROCEDURES: usize = 25;

pub struct GroupDrgRequest {
    pub discharge_date: NaiveDate,
    pub age: Option<i32>,
    pub sex: Sex,
    /// Two digits, e.g. "01".
    pub discharge_status: String,
    /// (code, POA)
    pub principal: (String, Option<String>),
    pub secondary: Vec<(String, Option<String>)>,
    pub procedures: Vec<String>,
}

/// A code as typed (upper case, dot kept for the trace), if it can be one.
fn code(field: &str, raw: &str, max: usize) -> AppResult<String> {
    let t = raw.trim();
    let bare = t.chars().filter(|c| *c != '.').count();
    if bare == 0
        || bare > max
        || t.matches('.').count() > 1
        || !t.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.')
    {
        return Err(AppError::bad_input(field, format!("'{raw}' is not a code")));
    }
    Ok(t.to_ascii_uppercase())
}

fn poa(field: &str, raw: Option<&str>) -> AppResult<Option<char>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) if ["Y", "N", "U", "W", "1"].contains(&p.to_ascii_uppercase().as_str()) => {
            Ok(p.to_ascii_uppercase().chars().next())
        }
        Some(p) => Err(AppError::bad_input(
            field,
            format!("'{p}' is not a POA indicator (Y, N, U, W or 1)"),
        )),
    }
}

/// Parses a UB-04 discharge status ("01", "20", …) the grouper knows.
pub fn discharge_status(field: &str, raw: &str) -> AppResult<u8> {
    raw.trim()
        .parse::<u8>()
        .ok()
        .filter(|s| raw.trim().len() == 2 && DISCHARGE_STATUSES.contains(s))
        .ok_or_else(|| {
            AppError::bad_input(
                field,
                format!("'{raw}' is not a UB-04 discharge status the grouper knows"),
            )
        })
}

pub fn drg_error(e: DrgError) -> AppError {
    match e {
        DrgError::NoVersion(_) => AppError::bad_input("dischargeDate", e.to_string()),
        DrgError::DischargeStatus(_) => AppError::bad_input("dischargeStatus", e.to_string()),
        DrgError::Definitions(m) => AppError::Internal(format!("MS-DRG definitions: {m}")),
    }
}

/// Groups a claim described field by field (`groupDrg`).
pub fn group_drg(_viewer: &Viewer, r: GroupDrgRequest) -> AppResult<Grouping> {
    if r.secondary.len() > MAX_SECONDARY {
        return Err(AppError::bad_input(
            "secondaryDiagnoses",
            format!("at most {MAX_SECONDARY}"),
        ));
    }
    if r.procedures.len() > MAX_PROCEDURES {
        return Err(AppError::bad_input(
            "procedures",
            format!("at most {MAX_PROCEDURES}"),
        ));
    }
    let age = match r.age {
        None => None,
        Some(a) if (0..=124).contains(&a) => Some(a as u16),
        Some(a) => {
            return Err(AppError::bad_input(
                "age",
                format!("must be between 0 and 124 (got {a})"),
            ));
        }
    };
    let principal = DrgDiagnosis {
        code: code("principalDiagnosis.code", &r.principal.0, 7)?,
        poa: poa("principalDiagnosis.poa", r.principal.1.as_deref())?,
    };
    let mut secondary = Vec::with_capacity(r.secondary.len());
    for (i, (c, p)) in r.secondary.iter().enumerate() {
        secondary.push(DrgDiagnosis {
            code: code(&format!("secondaryDiagnoses[{i}].code"), c, 7)?,
            poa: poa(&format!("secondaryDiagnoses[{i}].poa"), p.as_deref())?,
        });
    }
    let mut procedures = Vec::with_capacity(r.procedures.len());
    for (i, p) in r.procedures.iter().enumerate() {
        let c = code(&format!("procedures[{i}]"), p, 7)?;
        if c.len() != 7 || c.contains('.') {
            return Err(AppError::bad_input(
                format!("procedures[{i}]"),
                "ICD-10-PCS codes have 7 characters",
            ));
        }
        procedures.push(c);
    }
    let claim = DrgClaim {
        discharge_date: r.discharge_date,
        age,
        sex: r.sex,
        discharge_status: discharge_status("dischargeStatus", &r.discharge_status)?,
        principal,
        secondary,
        procedures,
    };
    drg::group(&claim).map_err(drg_error)
}

/// Scores a submission against a key version, the MS-DRG from the grouper: for an inpatient
/// key, the trainee's codes are grouped (the submission's `grouped_drg`, the DRG that is
/// scored) and the report gets the money comparison with the key's DRG at the simulated base
/// rate. Returns the submission as scored and the report.
pub async fn score_with_drg(
    db: &impl sea_orm::ConnectionTrait,
    case_id: i32,
    key: &crate::domain::cases::AnswerKey,
    sub: &crate::domain::scoring::Submission,
    policy: &crate::domain::scoring::Policy,
) -> AppResult<(
    crate::domain::scoring::Submission,
    crate::domain::scoring::ScoreReport,
)> {
    use crate::domain::cases::drg::{drg_claim, key_claim};
    let mut work = sub.clone();
    work.grouped_drg = None;
    if !key.conditions.is_empty() {
        let doc = super::cases::case_doc(db, case_id).await?;
        let report = super::risk::score_review(&doc, key, &work, policy)?;
        return Ok((work, report));
    }
    let Some(expected) = key.expected_drg.as_deref() else {
        let report = crate::domain::scoring::score(key, &work, policy);
        return Ok((work, report));
    };
    let doc = super::cases::case_doc(db, case_id).await?;
    let dx: Vec<(String, Option<String>)> = sub
        .diagnoses
        .iter()
        .map(|d| (d.code.clone(), d.poa.clone()))
        .collect();
    let mut pcs: Vec<&crate::domain::scoring::SubmittedPcs> = sub.pcs.iter().collect();
    pcs.sort_by_key(|p| !p.principal);
    let pcs: Vec<String> = pcs.into_iter().map(|p| p.code.clone()).collect();
    let trainee = drg_claim(&doc, &dx, &pcs).and_then(|c| drg::group(&c).ok().map(|g| (c, g)));
    let keyed = key_claim(&doc, key).and_then(|c| drg::group(&c).ok().map(|g| (c, g)));
    work.grouped_drg = trainee.as_ref().map(|(_, g)| format!("{:03}", g.drg));
    let mut report = crate::domain::scoring::score(key, &work, policy);
    if let (Some((kc, kg)), Some((tc, tg)), Ok(k)) = (&keyed, &trainee, expected.parse::<u16>()) {
        report.drg = Some(drg::compare(
            (kc, kg),
            k,
            (tc, tg),
            drg::SIMULATED_BASE_RATE_CENTS,
        ));
    }
    Ok((work, report))
}
