//! MS-DRG grouping: the `groupDrg` what-if query and the grouping type that score reports and
//! remittances share.

use super::context::CtxExt;
use super::scalars::Date;
use crate::domain::drg::{self as dom, Counted, DrgType as DomType, Grouping};
use crate::service::drg::{GroupDrgRequest, group_drg};
use async_graphql::{Context, Enum, InputObject, Object, ResultExt, SimpleObject};

/// Sex as the grouper reads it (a few principal diagnoses belong to an MDC by sex).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DrgSex {
    Male,
    Female,
    Unknown,
}

/// A diagnosis for the grouper.
#[derive(InputObject, Debug)]
pub struct DrgDiagnosisInput {
    /// ICD-10-CM, with or without the dot.
    pub code: String,
    /// Present on admission: Y, N, U, W or 1 (exempt); omit when not reported.
    pub poa: Option<String>,
}

/// A claim to group.
#[derive(InputObject, Debug)]
pub struct GroupDrgInput {
    /// Chooses the grouper version: v43.0 before 2026-04-01, v43.1 to 2026-09-30, v44.0 from
    /// 2026-10-01 (through 2027-09-30).
    pub discharge_date: Date,
    /// Years (0–124); MS-DRG v43/v44 have no age splits, so it changes nothing.
    pub age: Option<i32>,
    pub sex: DrgSex,
    /// UB-04 patient discharge status, two digits: 01 home, 02 short-term hospital, 03 SNF,
    /// 06 home health, 07 left against medical advice, 20 expired, …
    pub discharge_status: String,
    pub principal_diagnosis: DrgDiagnosisInput,
    /// At most 24.
    #[graphql(default)]
    pub secondary_diagnoses: Vec<DrgDiagnosisInput>,
    /// ICD-10-PCS codes, at most 25.
    #[graphql(default)]
    pub procedures: Vec<String>,
}

/// Surgical or medical DRG; OTHER for 998/999.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DrgType {
    Surgical,
    Medical,
    Other,
}

/// A claim's or a diagnosis's CC/MCC level.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DrgSeverity {
    None,
    Cc,
    Mcc,
}

impl From<dom::Severity> for DrgSeverity {
    fn from(s: dom::Severity) -> Self {
        match s {
            dom::Severity::None => DrgSeverity::None,
            dom::Severity::Cc => DrgSeverity::Cc,
            dom::Severity::Mcc => DrgSeverity::Mcc,
        }
    }
}

/// Whether a secondary diagnosis's CC/MCC counted for the final DRG.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DrgCounted {
    /// It counted.
    Yes,
    /// On the principal diagnosis's CC exclusion list (CMS Table 6K).
    PdxExclusion,
    /// Not counted by the DRG's own logic.
    DrgLogic,
    /// A hospital-acquired condition not present on admission.
    Hac,
    /// An MCC that counts only when the patient leaves alive.
    Died,
}

/// A secondary diagnosis with a CC/MCC level.
#[derive(SimpleObject, Debug)]
pub struct DrgSecondaryLevel {
    pub code: String,
    pub level: DrgSeverity,
    pub counted: DrgCounted,
}

/// One step of the grouper's reasoning.
#[derive(SimpleObject, Debug)]
pub struct DrgTraceStep {
    /// VERSION, PRINCIPAL, COMBINATION, LOGIC, REROUTE, SEVERITY, NOT_COUNTED, HAC or RESULT.
    pub step: String,
    pub detail: String,
    /// The codes this step is about.
    pub codes: Vec<String>,
}

/// The DRG a claim's codes group to, its weight, and why.
#[derive(SimpleObject, Debug)]
pub struct DrgGrouping {
    /// Grouper version: 43.0, 43.1 or 44.0.
    pub version: String,
    pub fiscal_year: i32,
    /// Three digits; 999 ungroupable, 998 principal diagnosis invalid as discharge diagnosis.
    pub drg: String,
    pub title: String,
    /// Two digits; 00 for pre-MDC logic reported without an MDC and for 999.
    pub mdc: String,
    pub mdc_title: String,
    pub drg_type: DrgType,
    /// The CC/MCC level the DRG's logic counted.
    pub severity: DrgSeverity,
    /// OK, INVALID_PDX, DX_CANNOT_BE_PDX, INVALID_SEX, UNGROUPABLE or HAC_MISSING_ONE_POA.
    pub return_code: String,
    /// The DRG before the HAC rule (differs when a HAC not present on admission lost its CC/MCC).
    pub initial_drg: String,
    /// Relative weight (none for 998/999).
    pub weight: Option<f64>,
    /// Geometric mean length of stay, days.
    pub gmlos: Option<f64>,
    /// Arithmetic mean length of stay, days.
    pub amlos: Option<f64>,
    /// FY2026_TABLE_5 (CMS), FY2026_CARRIED_FORWARD or PROVISIONAL (v44: simulated).
    pub weight_basis: Option<String>,
    pub weight_note: Option<String>,
    /// Every secondary diagnosis with a CC/MCC level, and whether it counted.
    pub secondary_diagnoses: Vec<DrgSecondaryLevel>,
    /// The codes the DRG's logic matched on.
    pub deciding_codes: Vec<String>,
    pub trace: Vec<DrgTraceStep>,
}

impl From<Grouping> for DrgGrouping {
    fn from(g: Grouping) -> Self {
        DrgGrouping {
            version: g.version.label().to_owned(),
            fiscal_year: g.version.fiscal_year() as i32,
            drg: format!("{:03}", g.drg),
            title: g.title,
            mdc: format!("{:02}", g.mdc),
            mdc_title: g.mdc_title,
            drg_type: match g.drg_type {
                DomType::Surgical => DrgType::Surgical,
                DomType::Medical => DrgType::Medical,
                DomType::Other => DrgType::Other,
            },
            severity: g.severity.into(),
            return_code: g.return_code.as_str().to_owned(),
            initial_drg: format!("{:03}", g.initial_drg),
            weight: g.weight.as_ref().map(|w| w.weight),
            gmlos: g.weight.as_ref().map(|w| w.gmlos),
            amlos: g.weight.as_ref().map(|w| w.amlos),
            weight_basis: g.weight.as_ref().map(|w| w.basis.as_str().to_owned()),
            weight_note: g.weight.as_ref().map(|w| w.note.clone()),
            secondary_diagnoses: g
                .secondary_levels
                .into_iter()
                .map(|s| DrgSecondaryLevel {
                    code: s.code,
                    level: s.level.into(),
                    counted: match s.counted {
                        Counted::Yes => DrgCounted::Yes,
                        Counted::PdxExclusion => DrgCounted::PdxExclusion,
                        Counted::DrgLogic => DrgCounted::DrgLogic,
                        Counted::Hac => DrgCounted::Hac,
                        Counted::Died => DrgCounted::Died,
                    },
                })
                .collect(),
            deciding_codes: g.deciding_codes,
            trace: g
                .trace
                .into_iter()
                .map(|s| DrgTraceStep {
                    step: s.step.to_owned(),
                    detail: s.detail,
                    codes: s.codes,
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct DrgQuery;

#[Object]
impl DrgQuery {
    /// Groups a claim with Practicum's MS-DRG grouper (the CMS v43/v44 definitions; what-if
    /// study for any signed-in user): the DRG, its weight and the reasoning.
    async fn group_drg(
        &self,
        ctx: &Context<'_>,
        input: GroupDrgInput,
    ) -> async_graphql::Result<DrgGrouping> {
        let viewer = ctx.viewer()?;
        let request = GroupDrgRequest {
            discharge_date: input.discharge_date.0,
            age: input.age,
            sex: match input.sex {
                DrgSex::Male => dom::Sex::Male,
                DrgSex::Female => dom::Sex::Female,
                DrgSex::Unknown => dom::Sex::Unknown,
            },
            discharge_status: input.discharge_status,
            principal: (
                input.principal_diagnosis.code,
                input.principal_diagnosis.poa,
            ),
            secondary: input
                .secondary_diagnoses
                .into_iter()
                .map(|d| (d.code, d.poa))
                .collect(),
            procedures: input.procedures,
        };
        group_drg(viewer, request).map(Into::into).extend()
    }
}
