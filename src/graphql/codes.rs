//! Code sets: exact lookup, ranked search and validation for a date of service.

use super::code_search::{CodeConnection, CodeMatchInfo, SpellingCorrection};
use super::pagination::{ConnectionTotals, MAX_FIRST};
use super::scalars::Date;
use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::notes::inherited;
use crate::domain::codes::search::SearchQuery;
use crate::domain::codes::validate::{Patient, Status};
use crate::domain::codes::{self as dom, CodeRecord, System, display, normalize};
use crate::error::AppError;
use async_graphql::connection::{Connection, CursorType, Edge, OpaqueCursor};
use async_graphql::{Context, Enum, InputObject, Object, ResultExt, SimpleObject};
use std::sync::Arc;

/// A code system.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CodeSystem {
    /// ICD-10-CM diagnoses (NCHS/CMS).
    #[graphql(name = "ICD10CM")]
    Icd10Cm,
    /// ICD-10-PCS inpatient procedures (CMS).
    #[graphql(name = "ICD10PCS")]
    Icd10Pcs,
    /// CPT (HCPCS Level I) code numbers with the project's own summaries.
    #[graphql(name = "CPT")]
    Cpt,
    /// HCPCS Level II (CMS).
    #[graphql(name = "HCPCS")]
    Hcpcs,
    /// CPT and HCPCS Level II modifiers.
    #[graphql(name = "MODIFIER")]
    Modifier,
    /// Place of service.
    #[graphql(name = "POS")]
    Pos,
    /// MS-DRG.
    #[graphql(name = "MSDRG")]
    MsDrg,
    /// Claim adjustment reason codes.
    #[graphql(name = "CARC")]
    Carc,
    /// Remittance advice remark codes.
    #[graphql(name = "RARC")]
    Rarc,
    /// Claim adjustment group codes (CO, PR, OA, PI).
    #[graphql(name = "CAS_GROUP")]
    CasGroup,
}

impl From<CodeSystem> for System {
    fn from(s: CodeSystem) -> Self {
        match s {
            CodeSystem::Icd10Cm => System::Icd10Cm,
            CodeSystem::Icd10Pcs => System::Icd10Pcs,
            CodeSystem::Cpt => System::Cpt,
            CodeSystem::Hcpcs => System::Hcpcs,
            CodeSystem::Modifier => System::Modifier,
            CodeSystem::Pos => System::Pos,
            CodeSystem::MsDrg => System::MsDrg,
            CodeSystem::Carc => System::Carc,
            CodeSystem::Rarc => System::Rarc,
            CodeSystem::CasGroup => System::CasGroup,
        }
    }
}

impl From<System> for CodeSystem {
    fn from(s: System) -> Self {
        match s {
            System::Icd10Cm => CodeSystem::Icd10Cm,
            System::Icd10Pcs => CodeSystem::Icd10Pcs,
            System::Cpt => CodeSystem::Cpt,
            System::Hcpcs => CodeSystem::Hcpcs,
            System::Modifier => CodeSystem::Modifier,
            System::Pos => CodeSystem::Pos,
            System::MsDrg => CodeSystem::MsDrg,
            System::Carc => CodeSystem::Carc,
            System::Rarc => CodeSystem::Rarc,
            System::CasGroup => CodeSystem::CasGroup,
        }
    }
}

/// Where a code's descriptor text comes from.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DescriptorSource {
    /// Public-domain government text.
    Public,
    /// Practicum's own plain-language summary (CPT descriptors belong to the AMA).
    ProjectSummary,
    /// Imported from a licensed file.
    LicensedImport,
}

/// Sex, for code edits.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

impl From<Sex> for dom::Sex {
    fn from(s: Sex) -> Self {
        match s {
            Sex::Male => dom::Sex::Male,
            Sex::Female => dom::Sex::Female,
            Sex::Unknown => dom::Sex::Unknown,
        }
    }
}

/// An instructional note (ICD-10-CM).
#[derive(SimpleObject)]
pub struct CodeNote {
    /// includes, inclusionTerm, excludes1, excludes2, codeFirst, useAdditionalCode, codeAlso,
    /// notes, sevenChrNote.
    kind: String,
    text: String,
    /// Codes the note names (`E08.-` = the category and below, `P70-P74` = a range).
    refs: Vec<String>,
    /// Where the note is attached: this code, an ancestor, a block (`E08-E13`) or a chapter
    /// (`CH4`). Notes apply to every descendant.
    attached_to: String,
}

/// An MCE age edit: the ages a code is meant for.
#[derive(SimpleObject)]
pub struct AgeEdit {
    /// Newborn, Pediatric, Maternity or Adult.
    group: String,
    min_age: u32,
    max_age: u32,
}

/// A code of any system, as valid over one period.
pub struct Code(pub CodeRecord);

fn index<'a>(ctx: &Context<'a>) -> &'a Arc<CodeIndex> {
    ctx.data_unchecked::<Arc<CodeIndex>>()
}

#[Object]
impl Code {
    async fn system(&self) -> CodeSystem {
        self.0.system.into()
    }
    /// The code as printed (ICD-10-CM with its dot).
    async fn code(&self) -> String {
        display(self.0.system, &self.0.code)
    }
    /// Code and short description, for lists.
    async fn display(&self) -> String {
        format!(
            "{} {}",
            display(self.0.system, &self.0.code),
            self.0.short_description
        )
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// Short description; for CARC and RARC, a plain-language gloss; for CPT, the subsection.
    async fn short_description(&self) -> &str {
        &self.0.short_description
    }
    /// True for a code that may be reported; false for a header (category or subcategory).
    async fn billable(&self) -> bool {
        self.0.billable
    }
    async fn valid_from(&self) -> Date {
        Date(self.0.valid_from)
    }
    /// Last day of validity; none while current.
    async fn valid_to(&self) -> Option<Date> {
        self.0.valid_to.map(Date)
    }
    async fn parent(&self, ctx: &Context<'_>) -> Option<Code> {
        let p = self.0.parent.as_deref()?;
        index(ctx).lookup(self.0.system, p, None).cloned().map(Code)
    }
    /// The codes directly under this one (the latest version of each; see their dates).
    async fn children(&self, ctx: &Context<'_>) -> Vec<Code> {
        let idx = index(ctx);
        idx.children(self.0.system, &self.0.code)
            .iter()
            .filter_map(|c| idx.lookup(self.0.system, c, None))
            .cloned()
            .map(Code)
            .collect()
    }
    /// ICD-10-CM chapter number.
    async fn chapter(&self) -> Option<&str> {
        self.0.chapter.as_deref()
    }
    /// ICD-10-CM block (`E08-E13`).
    async fn block(&self) -> Option<&str> {
        self.0.block.as_deref()
    }
    /// CPT section, HCPCS category, or modifier level and kind.
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
    }
    /// Instructional notes that apply, its own and those inherited from ancestors, block and chapter.
    async fn notes(&self, ctx: &Context<'_>) -> Vec<CodeNote> {
        if self.0.system != System::Icd10Cm {
            return Vec::new();
        }
        inherited(index(ctx), &self.0)
            .into_iter()
            .map(|n| CodeNote {
                kind: n.kind.clone(),
                text: n.text.clone(),
                refs: n.refs.clone(),
                attached_to: n.key.clone(),
            })
            .collect()
    }
    async fn descriptor_source(&self) -> DescriptorSource {
        match self.0.descriptor_source {
            dom::DescriptorSource::Public => DescriptorSource::Public,
            dom::DescriptorSource::ProjectSummary => DescriptorSource::ProjectSummary,
            dom::DescriptorSource::LicensedImport => DescriptorSource::LicensedImport,
        }
    }
    /// MCE age edit in force on this version's start date, if the code has one.
    async fn age_edit(&self, ctx: &Context<'_>) -> Option<AgeEdit> {
        let date = self
            .0
            .valid_to
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
            .min(chrono::Utc::now().date_naive());
        index(ctx)
            .age_ranges()
            .iter()
            .filter(|r| r.date_start <= date && date <= r.date_end)
            .find(|r| self.0.has_flag(&r.group.to_lowercase()))
            .map(|r| AgeEdit {
                group: r.group.clone(),
                min_age: r.start_age,
                max_age: r.end_age,
            })
    }
    /// The last published MCE sex edit (CMS removed sex edits on 2024-10-01; payers may keep them).
    async fn sex_edit(&self) -> Option<Sex> {
        match self.0.sex_edit()? {
            dom::Sex::Male => Some(Sex::Male),
            dom::Sex::Female => Some(Sex::Female),
            dom::Sex::Unknown => None,
        }
    }
    /// True for a CPT add-on code (reported only with its primary procedure).
    async fn add_on(&self) -> bool {
        self.0.has_flag("add_on")
    }
    /// True for a new code whose official title is not yet in the tables: its description
    /// is then a provisional one, the title of the code it subdivides, marked as pending.
    async fn title_pending(&self) -> bool {
        self.0.has_flag("title_pending")
    }
    /// The codes that replaced this one after its last day (`validTo`): its new children,
    /// or the codes that filled its placeholder X (FY2027 split I42.0 into I42.00, I42.01 and
    /// I42.09), valid on `asOf` (default: today); also when it is still listed there but only as a
    /// header. Empty while the code is billable on that date.
    async fn replaced_by(&self, ctx: &Context<'_>, as_of: Option<Date>) -> Vec<Code> {
        let date = as_of
            .map(|d| d.0)
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        index(ctx)
            .replacements(self.0.system, &self.0.code, date)
            .into_iter()
            .cloned()
            .map(Code)
            .collect()
    }
    /// Other MCE flags (manifestation, unacceptable principal diagnosis, …).
    async fn flags(&self) -> Vec<String> {
        self.0
            .flags
            .iter()
            .filter(|f| !f.starts_with("sex:") && *f != "add_on" && *f != "title_pending")
            .cloned()
            .collect()
    }
}

/// One code to validate.
#[derive(InputObject)]
pub struct CodeInput {
    system: CodeSystem,
    code: String,
}

/// Codes to validate for a date of service and a patient.
#[derive(InputObject)]
pub struct ValidateCodesInput {
    /// At most 100.
    codes: Vec<CodeInput>,
    date_of_service: Date,
    /// Age in years on the date of service, for MCE age edits.
    patient_age: Option<i32>,
    /// For the (former) MCE sex edits.
    patient_sex: Option<Sex>,
}

/// The verdict on a code.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CodeStatus {
    Valid,
    NotBillable,
    NotValidOnDate,
    Unknown,
    AgeConflict,
    SexConflict,
}

/// The verdict on one code.
#[derive(SimpleObject)]
pub struct CodeValidation {
    system: CodeSystem,
    /// The code as given, normalized and printed.
    code: String,
    status: CodeStatus,
    /// Why, in words.
    message: String,
    /// The code's entry (the version valid on the date, or the nearest one).
    entry: Option<Code>,
    /// For NOT_BILLABLE: the billable codes below it, valid on the date.
    billable_children: Vec<Code>,
    /// For NOT_VALID_ON_DATE: the codes that replaced it (its new children, or the codes
    /// that filled its placeholder X), valid on the date.
    replacements: Vec<Code>,
}

/// Two ICD-10-CM codes an Excludes1 note says are never reported together.
#[derive(SimpleObject)]
pub struct ExcludesConflict {
    code: String,
    excluded: String,
    note: String,
}

/// A sequencing instruction that applies to one of the codes.
#[derive(SimpleObject)]
pub struct SequencingHint {
    code: String,
    /// codeFirst, useAdditionalCode or codeAlso.
    kind: String,
    note: String,
    /// True when another code given satisfies it.
    satisfied: bool,
}

/// The result of `validateCodes`.
#[derive(SimpleObject)]
pub struct ValidateCodesPayload {
    results: Vec<CodeValidation>,
    excludes1_conflicts: Vec<ExcludesConflict>,
    sequencing_hints: Vec<SequencingHint>,
}

const MAX_VALIDATE: usize = 100;

#[derive(Default)]
pub struct CodeQuery;

#[Object]
impl CodeQuery {
    /// One code, dotted or undotted, any case: the version valid on `asOf`, or without
    /// `asOf` the most recent version. Null when there is none.
    async fn code(
        &self,
        ctx: &Context<'_>,
        system: CodeSystem,
        code: String,
        as_of: Option<Date>,
    ) -> async_graphql::Result<Option<Code>> {
        let system: System = system.into();
        let c = normalize(system, &code)
            .map_err(|e| AppError::bad_input("code", e.0))
            .extend()?;
        Ok(index(ctx)
            .lookup(system, &c, as_of.map(|d| d.0))
            .cloned()
            .map(Code))
    }

    /// Ranked search over code systems: the exact code (and, for a code no longer valid on
    /// the date, the codes that replaced it), codes beginning with the query, then the
    /// phrases the query names (titles, inclusion terms, note phrases; a category's main
    /// term gives its default code), then codes where every query word begins a word of the
    /// title or index phrases (billable first, the most general first). Shorthand such as
    /// `lap`, `htn` or `strep throat` matches its official wording, and a word of five letters
    /// or more that matches nothing is read with one edit (`pnuemonia`); each edge says how it
    /// matched. `asOf` defaults to today.
    #[graphql(complexity = "super::pagination::cost(first, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn search_codes(
        &self,
        ctx: &Context<'_>,
        query: String,
        systems: Option<Vec<CodeSystem>>,
        as_of: Option<Date>,
        billable_only: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<CodeConnection> {
        let first = first.unwrap_or(20);
        if !(0..=MAX_FIRST).contains(&first) {
            return Err(AppError::bad_input(
                "first",
                format!("must be between 0 and {MAX_FIRST} (got {first})"),
            ))
            .extend();
        }
        let offset = match after {
            None => 0,
            Some(a) => OpaqueCursor::<usize>::decode_cursor(&a)
                .map(|c| c.0 + 1)
                .map_err(|_| {
                    AppError::bad_input("after", format!("'{a}' is not a cursor of this list"))
                })
                .extend()?,
        };
        let systems: Vec<System> = systems
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        let q = SearchQuery {
            text: &query,
            systems: &systems,
            as_of: as_of
                .map(|d| d.0)
                .unwrap_or_else(|| chrono::Utc::now().date_naive()),
            billable_only: billable_only.unwrap_or(false),
            offset,
            limit: first as usize,
        };
        let result = index(ctx)
            .search(&q)
            .map_err(|e| AppError::bad_input("query", e.to_string()))
            .extend()?;
        let has_next = offset + result.hits.len() < result.total;
        let mut conn = Connection::with_additional_fields(
            offset > 0,
            has_next,
            ConnectionTotals {
                total_count: result.total as u64,
            },
        );
        for (i, hit) in result.hits.into_iter().enumerate() {
            let spelling = if hit.corrected {
                result
                    .corrections
                    .iter()
                    .map(|(typed, read_as)| SpellingCorrection {
                        typed: typed.clone(),
                        read_as: read_as.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let info = CodeMatchInfo {
                match_kind: hit.kind.into(),
                matched_term: hit.term.map(str::to_owned),
                matched_code: hit.via.map(|c| display(hit.record.system, c)),
                spelling,
            };
            conn.edges.push(Edge::with_additional_fields(
                OpaqueCursor(offset + i),
                Code(hit.record.clone()),
                info,
            ));
        }
        Ok(conn)
    }

    /// Validates codes for a date of service and a patient: each gets VALID, NOT_BILLABLE
    /// (with the billable codes below it), NOT_VALID_ON_DATE, UNKNOWN, AGE_CONFLICT or
    /// SEX_CONFLICT; across the ICD-10-CM codes, Excludes1 conflicts and code-first /
    /// use-additional-code hints.
    async fn validate_codes(
        &self,
        ctx: &Context<'_>,
        input: ValidateCodesInput,
    ) -> async_graphql::Result<ValidateCodesPayload> {
        if input.codes.len() > MAX_VALIDATE {
            return Err(AppError::bad_input(
                "codes",
                format!(
                    "at most {MAX_VALIDATE} codes at once (got {})",
                    input.codes.len()
                ),
            ))
            .extend();
        }
        let age = match input.patient_age {
            None => None,
            Some(a) if (0..=124).contains(&a) => Some(a as u32),
            Some(a) => {
                return Err(AppError::bad_input(
                    "patientAge",
                    format!("must be between 0 and 124 (got {a})"),
                ))
                .extend();
            }
        };
        let mut codes = Vec::with_capacity(input.codes.len());
        for (i, c) in input.codes.iter().enumerate() {
            let system: System = c.system.into();
            let n = normalize(system, &c.code)
                .map_err(|e| AppError::bad_input(format!("codes[{i}].code"), e.0))
                .extend()?;
            codes.push((system, n));
        }
        let patient = Patient {
            age,
            sex: input.patient_sex.map(Into::into),
        };
        let v = index(ctx).validate(&codes, input.date_of_service.0, patient);
        Ok(ValidateCodesPayload {
            results: v
                .verdicts
                .into_iter()
                .map(|x| CodeValidation {
                    system: x.system.into(),
                    code: x.code,
                    status: match x.status {
                        Status::Valid => CodeStatus::Valid,
                        Status::NotBillable => CodeStatus::NotBillable,
                        Status::NotValidOnDate => CodeStatus::NotValidOnDate,
                        Status::Unknown => CodeStatus::Unknown,
                        Status::AgeConflict => CodeStatus::AgeConflict,
                        Status::SexConflict => CodeStatus::SexConflict,
                    },
                    message: x.message,
                    entry: x.record.cloned().map(Code),
                    billable_children: x.billable_children.into_iter().cloned().map(Code).collect(),
                    replacements: x.replacements.into_iter().cloned().map(Code).collect(),
                })
                .collect(),
            excludes1_conflicts: v
                .conflicts
                .into_iter()
                .map(|c| ExcludesConflict {
                    code: c.code,
                    excluded: c.excluded,
                    note: c.note,
                })
                .collect(),
            sequencing_hints: v
                .hints
                .into_iter()
                .map(|h| SequencingHint {
                    code: h.code,
                    kind: h.kind,
                    note: h.note,
                    satisfied: h.satisfied,
                })
                .collect(),
        })
    }
}
