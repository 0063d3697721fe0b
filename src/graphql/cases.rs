//! The case library over GraphQL. No field of `Case` or `CaseSet` reaches an answer key: keys
//! are read only through `answerKey`, which requires INSTRUCTOR or ADMIN of the owning
//! organization, or (current version only) an INSTRUCTOR of any organization for a case in
//! the public library.

use super::case_tier::CaseTier;
use super::context::{CtxExt, parse_id};
use super::loaders::{DocumentsOfCase, FacilityId, PatientId, ProviderId, load};
use super::pagination::{Conn, connection, cost, page};
use super::scalars::Date;
use crate::domain::cases::{self as dom};
use crate::domain::codes::index::CodeIndex;
use crate::entity::library::{answer_key, case_document, case_set, coding_case};
use crate::error::AppError;
use crate::service;
use crate::service::cases::CaseFilter;
use async_graphql::{Context, ID, InputObject, Json, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

fn codes<'a>(ctx: &Context<'a>) -> &'a Arc<CodeIndex> {
    ctx.data_unchecked::<Arc<CodeIndex>>()
}

/// A simulated encounter to code. Everything in it is invented.
pub struct Case(pub coding_case::Model);

/// An address.
#[derive(SimpleObject)]
pub struct Address {
    line1: String,
    line2: Option<String>,
    city: String,
    state: String,
    zip: String,
}

impl From<dom::Address> for Address {
    fn from(a: dom::Address) -> Self {
        Address {
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            state: a.state,
            zip: a.zip,
        }
    }
}

/// The simulated patient.
#[derive(SimpleObject)]
pub struct CasePatient {
    first_name: String,
    last_name: String,
    date_of_birth: Date,
    /// F, M or U.
    sex: String,
    address: Address,
    coverages: Vec<CaseCoverage>,
}

/// A coverage of the patient.
#[derive(SimpleObject)]
pub struct CaseCoverage {
    /// Payer profile slug.
    payer: String,
    member_id: String,
    group_number: Option<String>,
    effective_date: Date,
    termination_date: Option<Date>,
    relationship: String,
    priority: String,
}

/// The rendering provider.
#[derive(SimpleObject)]
pub struct CaseProvider {
    name: String,
    npi: String,
    taxonomy: String,
    specialty: String,
}

/// The facility.
#[derive(SimpleObject)]
pub struct CaseFacility {
    name: String,
    npi: String,
    address: Address,
}

/// A document of the case (markdown).
#[derive(SimpleObject)]
pub struct CaseDocument {
    position: i32,
    /// PROGRESS_NOTE, OPERATIVE_REPORT, DISCHARGE_SUMMARY, …
    kind: String,
    title: String,
    body: String,
}

impl From<case_document::Model> for CaseDocument {
    fn from(d: case_document::Model) -> Self {
        CaseDocument {
            position: d.position,
            kind: d.kind,
            title: d.title,
            body: d.body,
        }
    }
}

fn address(json: &str) -> async_graphql::Result<Address> {
    serde_json::from_str::<dom::Address>(json)
        .map(Address::from)
        .map_err(|e| AppError::internal(format!("stored address: {e}")))
        .extend()
}

#[Object]
impl Case {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// OFFICE, ED, OUTPATIENT_HOSPITAL, ASC, INPATIENT, OTHER or RISK_ADJUSTMENT.
    async fn setting(&self) -> &str {
        &self.0.setting
    }
    /// RISK_ADJUSTMENT cases: the member, the review mode and (AUDIT) the plan's submitted codes.
    async fn risk_adjustment(
        &self,
    ) -> async_graphql::Result<Option<super::risk_review::CaseRiskReview>> {
        service::cases::risk_review(&self.0)
            .map(|r| r.map(Into::into))
            .extend()
    }
    async fn place_of_service(&self) -> &str {
        &self.0.place_of_service
    }
    /// Date of service (admission date for inpatient).
    async fn date_of_service(&self) -> Date {
        Date(self.0.date_of_service)
    }
    async fn admission_date(&self) -> Option<Date> {
        self.0.admission_date.map(Date)
    }
    async fn discharge_date(&self) -> Option<Date> {
        self.0.discharge_date.map(Date)
    }
    /// UB-04 discharge status.
    async fn discharge_status(&self) -> Option<&str> {
        self.0.discharge_status.as_deref()
    }
    /// BEGINNER, INTERMEDIATE or ADVANCED.
    async fn difficulty(&self) -> &str {
        &self.0.difficulty
    }
    /// The realism tier; null for an organization's case imported without one.
    async fn tier(&self) -> Option<CaseTier> {
        CaseTier::stored(self.0.tier.as_deref())
    }
    async fn estimated_minutes(&self) -> i32 {
        self.0.estimated_minutes
    }
    /// CPC blueprint sections and CCS domains (`CPC:EM`, `CCS:DRG`, …).
    async fn skill_tags(&self) -> Vec<String> {
        self.0
            .skill_tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }
    /// DRAFT or PUBLISHED.
    async fn status(&self) -> &str {
        &self.0.status
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn patient(&self, ctx: &Context<'_>) -> async_graphql::Result<CasePatient> {
        let (p, covs) = load(ctx, PatientId(self.0.patient_id))
            .await?
            .ok_or_else(|| AppError::internal("case without patient"))
            .extend()?;
        Ok(CasePatient {
            first_name: p.first_name,
            last_name: p.last_name,
            date_of_birth: Date(p.date_of_birth),
            sex: p.sex,
            address: address(&p.address)?,
            coverages: covs
                .into_iter()
                .map(|c| CaseCoverage {
                    payer: c.payer,
                    member_id: c.member_id,
                    group_number: c.group_number,
                    effective_date: Date(c.effective_date),
                    termination_date: c.termination_date.map(Date),
                    relationship: c.relationship,
                    priority: c.priority,
                })
                .collect(),
        })
    }
    async fn provider(&self, ctx: &Context<'_>) -> async_graphql::Result<CaseProvider> {
        let p = load(ctx, ProviderId(self.0.provider_id))
            .await?
            .ok_or_else(|| AppError::internal("case without provider"))
            .extend()?;
        Ok(CaseProvider {
            name: p.name,
            npi: p.npi,
            taxonomy: p.taxonomy,
            specialty: p.specialty,
        })
    }
    async fn facility(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CaseFacility>> {
        let Some(id) = self.0.facility_id else {
            return Ok(None);
        };
        match load(ctx, FacilityId(id)).await? {
            None => Ok(None),
            Some(f) => Ok(Some(CaseFacility {
                name: f.name,
                npi: f.npi,
                address: address(&f.address)?,
            })),
        }
    }
    /// The documentation, in order.
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseDocument>> {
        Ok(load(ctx, DocumentsOfCase(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

/// One version of an answer key.
pub struct AnswerKeyVersion(pub answer_key::Model);

#[Object]
impl AnswerKeyVersion {
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// True for the version scoring uses.
    async fn current(&self) -> bool {
        self.0.current
    }
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The key in the case-set format: diagnoses, procedures, pcs, expectedDrg, feedback.
    async fn key(&self) -> async_graphql::Result<Json<serde_json::Value>> {
        serde_json::from_str(&self.0.body)
            .map(Json)
            .map_err(|e| AppError::internal(format!("stored key: {e}")))
            .extend()
    }
}

/// An ordered set of cases.
pub struct CaseSet(pub case_set::Model);

#[Object]
impl CaseSet {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// PRIVATE, ORGANIZATION or PUBLIC (the public library).
    async fn visibility(&self) -> &str {
        &self.0.visibility
    }
    /// PRACTICE (open to practice) or ASSESSMENT (held back for exams and assessments: never
    /// listed or practised by trainees, used in exam-mode assignments and assessments).
    async fn pool(&self) -> &str {
        &self.0.pool
    }
    /// DRAFT or PUBLISHED.
    async fn status(&self) -> &str {
        &self.0.status
    }
    /// The cases, in order (those the viewer may read).
    async fn cases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Case>> {
        let v = ctx.viewer()?;
        service::cases::set_cases(ctx.db(), v, self.0.id)
            .await
            .map(|cs| cs.into_iter().map(Case).collect())
            .extend()
    }
}

/// Filters for `cases`.
#[derive(InputObject, Default)]
pub struct CaseFilterInput {
    skill_tag: Option<String>,
    setting: Option<String>,
    difficulty: Option<String>,
    /// Only cases of this realism tier.
    tier: Option<CaseTier>,
    /// Words of the title.
    text: Option<String>,
}

/// Imports a case set in the `practicum.caseset/1` format (seed/cases/FORMAT.md).
#[derive(InputObject)]
pub struct ImportCaseSetInput {
    organization_id: ID,
    document: Json<serde_json::Value>,
    /// Publish the cases and the set (runs the real-data guard). Default false.
    publish: Option<bool>,
}

/// The result of `importCaseSet`.
#[derive(SimpleObject)]
pub struct ImportCaseSetPayload {
    case_set: CaseSet,
}

/// Publishes or unpublishes a case.
#[derive(InputObject)]
pub struct CaseIdInput {
    id: ID,
}

/// The result of publishing or unpublishing.
#[derive(SimpleObject)]
pub struct CasePayload {
    case: Case,
}

/// A case set to act on.
#[derive(InputObject)]
pub struct CaseSetIdInput {
    id: ID,
}

/// The result of a case-set mutation.
#[derive(SimpleObject)]
pub struct CaseSetPayload {
    case_set: CaseSet,
}

/// Creates or updates (matched by slug) one case of a set.
#[derive(InputObject)]
pub struct SaveCaseInput {
    case_set_id: ID,
    /// One case in the case-set format (`cases[]` item of seed/cases/FORMAT.md), key included.
    document: Json<serde_json::Value>,
}

/// A new version of a case's answer key.
#[derive(InputObject)]
pub struct ReviseAnswerKeyInput {
    case_id: ID,
    /// The key in the case-set format.
    key: Json<serde_json::Value>,
    /// Why it changed.
    note: String,
}

/// The result of `reviseAnswerKey`.
#[derive(SimpleObject)]
pub struct ReviseAnswerKeyPayload {
    answer_key: AnswerKeyVersion,
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// Cases you may read: your organization's and the public library.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        filter: Option<CaseFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Case>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        let f = filter.unwrap_or_default();
        let filter = CaseFilter {
            skill_tag: f.skill_tag,
            setting: f.setting,
            difficulty: f.difficulty,
            tier: f.tier.map(Into::into),
            text: f.text,
        };
        service::cases::list(ctx.db(), v, &filter, p)
            .await
            .map(|r| connection(r, |c| c.id, Case))
            .extend()
    }

    async fn case(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Case> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::cases::get(ctx.db(), v, id)
            .await
            .map(Case)
            .extend()
    }

    /// Case sets you may read, by words of the title, a skill tag of their cases or the tier
    /// of one of their cases.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn case_sets(
        &self,
        ctx: &Context<'_>,
        text: Option<String>,
        skill_tag: Option<String>,
        tier: Option<CaseTier>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CaseSet>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        let tier = tier.map(Into::into);
        service::cases::list_sets(ctx.db(), v, text.as_deref(), skill_tag.as_deref(), tier, p)
            .await
            .map(|r| connection(r, |s| s.id, CaseSet))
            .extend()
    }

    async fn case_set(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<CaseSet> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::cases::get_set(ctx.db(), v, id)
            .await
            .map(CaseSet)
            .extend()
    }

    /// Every version of a case's answer key, newest first: INSTRUCTOR or ADMIN of the case's
    /// organization. For a case in the public library (published in a PUBLIC published set),
    /// an INSTRUCTOR of any organization reads the current version alone, to teach from; only
    /// the owner revises it. Trainees see keys only through the practice flow; employers
    /// only their own assessment cases' keys.
    async fn answer_key(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Vec<AnswerKeyVersion>> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        service::cases::key_versions(ctx.db(), v, id)
            .await
            .map(|ks| ks.into_iter().map(AnswerKeyVersion).collect())
            .extend()
    }
}

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Imports (or updates, matched by slug) a case set with its cases and keys, all or
    /// nothing; every code is validated for each case's date of service. PUBLIC visibility is
    /// the platform organization's alone (the public library): elsewhere it is refused on
    /// `visibility`.
    async fn import_case_set(
        &self,
        ctx: &Context<'_>,
        input: ImportCaseSetInput,
    ) -> async_graphql::Result<ImportCaseSetPayload> {
        let v = ctx.viewer()?;
        let org = parse_id(&input.organization_id, "organizationId").extend()?;
        let file: dom::CaseSetFile = service::case_import::from_value(
            input.document.0,
            "document",
            "",
            "a practicum.caseset/1 document",
        )
        .extend()?;
        service::library::import_as(
            ctx.db(),
            codes(ctx),
            v,
            org,
            &file,
            input.publish.unwrap_or(false),
        )
        .await
        .map(|s| ImportCaseSetPayload {
            case_set: CaseSet(s),
        })
        .extend()
    }

    /// Publishes a case (refused while its text looks like real patient data).
    async fn publish_case(
        &self,
        ctx: &Context<'_>,
        input: CaseIdInput,
    ) -> async_graphql::Result<CasePayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::set_case_published(ctx.db(), v, id, true)
            .await
            .map(|c| CasePayload { case: Case(c) })
            .extend()
    }

    /// Returns a case to draft.
    async fn unpublish_case(
        &self,
        ctx: &Context<'_>,
        input: CaseIdInput,
    ) -> async_graphql::Result<CasePayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::set_case_published(ctx.db(), v, id, false)
            .await
            .map(|c| CasePayload { case: Case(c) })
            .extend()
    }

    /// Saves a new version of a case's answer key after validating every line for the case's
    /// date of service; earlier versions are kept.
    async fn revise_answer_key(
        &self,
        ctx: &Context<'_>,
        input: ReviseAnswerKeyInput,
    ) -> async_graphql::Result<ReviseAnswerKeyPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.case_id, "caseId").extend()?;
        let key: dom::AnswerKey =
            service::case_import::from_value(input.key.0, "key", "key.", "an answer key")
                .extend()?;
        service::cases::revise_key(ctx.db(), codes(ctx), v, id, key, input.note.trim())
            .await
            .map(|k| ReviseAnswerKeyPayload {
                answer_key: AnswerKeyVersion(k),
            })
            .extend()
    }

    /// Creates or updates (by slug) one case in a set you author; saved as a draft after the
    /// same validation as an import.
    async fn save_case(
        &self,
        ctx: &Context<'_>,
        input: SaveCaseInput,
    ) -> async_graphql::Result<CasePayload> {
        let v = ctx.viewer()?;
        let set = parse_id(&input.case_set_id, "caseSetId").extend()?;
        let doc: dom::CaseDoc =
            service::case_import::from_value(input.document.0, "document", "", "a case document")
                .extend()?;
        service::cases::save_case(ctx.db(), codes(ctx), v, set, &doc)
            .await
            .map(|c| CasePayload { case: Case(c) })
            .extend()
    }

    /// Copies a case you can read (the public library's included) into your organization as a draft.
    async fn clone_case(
        &self,
        ctx: &Context<'_>,
        input: CaseIdInput,
    ) -> async_graphql::Result<CasePayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::clone_case(ctx.db(), v, id)
            .await
            .map(|c| CasePayload { case: Case(c) })
            .extend()
    }

    /// Copies a case set you can read, with its cases, into your organization as a private draft.
    async fn clone_case_set(
        &self,
        ctx: &Context<'_>,
        input: CaseSetIdInput,
    ) -> async_graphql::Result<CaseSetPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::clone_set(ctx.db(), codes(ctx), v, id)
            .await
            .map(|s| CaseSetPayload {
                case_set: CaseSet(s),
            })
            .extend()
    }

    /// Publishes a set and its cases (behind the real-data guard).
    async fn publish_case_set(
        &self,
        ctx: &Context<'_>,
        input: CaseSetIdInput,
    ) -> async_graphql::Result<CaseSetPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::set_set_published(ctx.db(), v, id, true)
            .await
            .map(|s| CaseSetPayload {
                case_set: CaseSet(s),
            })
            .extend()
    }

    /// Returns a set to draft (its cases keep their own status).
    async fn unpublish_case_set(
        &self,
        ctx: &Context<'_>,
        input: CaseSetIdInput,
    ) -> async_graphql::Result<CaseSetPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.id, "id").extend()?;
        service::cases::set_set_published(ctx.db(), v, id, false)
            .await
            .map(|s| CaseSetPayload {
                case_set: CaseSet(s),
            })
            .extend()
    }
}
