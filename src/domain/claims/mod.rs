//! Mock claims: the CMS-1500 (professional) and UB-04 (institutional) forms as data, the
//! clearinghouse's front-end edits, the X12 837P writer and the scoring of claim work.
//! Money is integer cents throughout.

pub mod coding;
pub mod edits;
pub mod work;
pub mod x12;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClaimKind {
    /// CMS-1500 / 837P.
    Professional,
    /// UB-04 / 837I.
    Institutional,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Professional => "PROFESSIONAL",
            ClaimKind::Institutional => "INSTITUTIONAL",
        }
    }
}

/// Claim frequency (CMS-1500 box 22, CLM05-3, the third digit of the type of bill).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Frequency {
    /// 1: an original claim.
    Original,
    /// 7: replaces a claim the payer adjudicated.
    Replacement,
    /// 8: voids a claim the payer adjudicated.
    Void,
}

impl Frequency {
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Original => "1",
            Frequency::Replacement => "7",
            Frequency::Void => "8",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Original => "ORIGINAL",
            Frequency::Replacement => "REPLACEMENT",
            Frequency::Void => "VOID",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub line1: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

/// A person on the claim (patient or insured).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// F, M or U.
    pub sex: String,
    pub address: Option<Address>,
}

/// Box 1a, 4, 6, 7, 11: the insured and their coverage as billed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Insured {
    pub member_id: String,
    pub group_number: Option<String>,
    /// SELF, SPOUSE, CHILD, OTHER.
    pub relationship: String,
    pub person: Person,
}

/// A provider on the claim (rendering, billing or service facility).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimProvider {
    pub name: String,
    pub npi: String,
    pub taxonomy: Option<String>,
    pub address: Option<Address>,
    /// Billing provider's tax identifier (invented; 9 digits).
    pub tax_id: Option<String>,
}

/// Box 24: one service line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLine {
    pub date_of_service: NaiveDate,
    pub place_of_service: String,
    /// CPT or HCPCS.
    pub system: String,
    pub code: String,
    pub modifiers: Vec<String>,
    pub units: u32,
    /// Letters A–L into the claim's diagnoses.
    pub pointers: Vec<String>,
    pub charge_cents: i64,
    /// UB-04 revenue code (institutional).
    pub revenue_code: Option<String>,
}

/// A diagnosis with its present-on-admission indicator (POA only on inpatient claims).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimDiagnosis {
    /// Dotted ICD-10-CM, as the trainee entered it.
    pub code: String,
    pub poa: Option<String>,
}

/// UB-04 fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Institutional {
    /// Four digits: 0111 inpatient admit through discharge, 0131 outpatient.
    pub type_of_bill: String,
    pub admission_date: Option<NaiveDate>,
    pub discharge_date: Option<NaiveDate>,
    /// Two digits (01 home, 03 SNF, 20 expired, …).
    pub discharge_status: Option<String>,
    /// ICD-10-PCS, principal first.
    pub procedures: Vec<String>,
    /// FL 71 PPS code: the MS-DRG the hospital expects.
    pub drg: Option<String>,
}

/// A claim as the trainee builds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub kind: ClaimKind,
    pub frequency: Frequency,
    /// Box 22: the payer's claim number of the claim replaced or voided.
    pub original_reference: Option<String>,
    /// The payer profile slug.
    pub payer: String,
    /// The encounter's date and place of service: what new lines default to.
    pub date_of_service: NaiveDate,
    pub place_of_service: String,
    pub patient: Person,
    pub insured: Insured,
    pub billing: ClaimProvider,
    pub rendering: ClaimProvider,
    pub facility: Option<ClaimProvider>,
    /// Box 21 A–L (professional) or the UB-04 diagnoses (principal first).
    pub diagnoses: Vec<ClaimDiagnosis>,
    /// Box 23.
    pub prior_authorization: Option<String>,
    pub lines: Vec<ServiceLine>,
    /// Box 28: total charge.
    pub total_charge_cents: i64,
    pub institutional: Option<Institutional>,
    /// For a secondary claim: what the primary payer paid (the 837's 2320/2330 loops).
    #[serde(default)]
    pub primary: Option<PriorPayer>,
}

/// The primary payer's adjudication, carried by a claim to the secondary payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriorPayer {
    pub payer: String,
    pub claim_number: String,
    pub paid_cents: i64,
    pub lines: Vec<PriorLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriorLine {
    /// 1-based, as on both claims.
    pub line: u32,
    pub paid_cents: i64,
    /// The patient's share the primary left: (CARC, amount), e.g. ("2", 1800).
    pub patient: Vec<(String, i64)>,
}

impl Claim {
    /// Σ line charges.
    pub fn line_total(&self) -> i64 {
        // Saturating: an absurd charge must fail the total check, not overflow.
        self.lines
            .iter()
            .fold(0i64, |t, l| t.saturating_add(l.charge_cents))
    }

    /// The first date of service on the claim.
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.lines
            .iter()
            .map(|l| l.date_of_service)
            .min()
            .or_else(|| self.institutional.as_ref()?.admission_date)
            .or(Some(self.date_of_service))
    }

    /// The diagnosis a pointer letter names, if any.
    pub fn pointed(&self, letter: &str) -> Option<&ClaimDiagnosis> {
        pointer_index(letter).and_then(|i| self.diagnoses.get(i))
    }
}

/// A–L → 0–11.
pub fn pointer_index(letter: &str) -> Option<usize> {
    let b = letter.as_bytes();
    (b.len() == 1 && (b'A'..=b'L').contains(&b[0])).then(|| (b[0] - b'A') as usize)
}

/// 0–11 → A–L.
pub fn pointer_letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(k) if k < 26 => ((b'A' + k) as char).to_string(),
        _ => format!("#{}", i + 1),
    }
}

/// Whole years between birth and a date.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    use chrono::Datelike;
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Cents as dollars with two decimals ("125.50"; negatives keep their sign).
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}
