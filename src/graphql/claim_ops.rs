//! Claim queries and mutations: create, edit and submit a claim; work the remittance
//! (corrected claim, void, appeal, close); read claims, their X12 files and the score of the
//! claim work on a case; list the simulated payers.

use super::claims::{Claim, ClaimStatus};
use super::context::{CtxExt, parse_id};
use super::pagination::{Conn, connection, cost, page};
use super::scalars::Date;
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::adjudication::payer::{PayerKind, PayerProfile};
use crate::domain::claims::work::Verdict;
use crate::domain::codes::index::CodeIndex;
use crate::error::AppError;
use crate::service::{self, claims::ClaimPatch};
use async_graphql::{
    Context, Enum, ErrorExtensions, ID, InputObject, Object, ResultExt, SimpleObject,
};
use std::sync::Arc;

pub(crate) fn reference<'a>(ctx: &Context<'a>) -> async_graphql::Result<(&'a CodeIndex, &'a Ncci)> {
    match (
        ctx.data_opt::<Arc<CodeIndex>>(),
        ctx.data_opt::<Arc<Ncci>>(),
    ) {
        (Some(c), Some(n)) => Ok((c.as_ref(), n.as_ref())),
        _ => Err(AppError::internal("the code tables are not loaded").extend()),
    }
}

/// A diagnosis as entered: box 21 (or a UB-04 diagnosis with POA).
#[derive(InputObject)]
pub struct ClaimDiagnosisInput {
    code: String,
    /// Y, N, U, W or 1 (inpatient only).
    poa: Option<String>,
}

/// A service line as entered. Date and place default to the case's, the charge to the
/// practice's charge master.
#[derive(InputObject)]
pub struct ClaimLineInput {
    /// CPT or HCPCS (inferred from the code when left out).
    system: Option<String>,
    code: String,
    #[graphql(default)]
    modifiers: Vec<String>,
    units: i32,
    /// Diagnosis pointers, letters A–L (at most 4).
    #[graphql(default)]
    pointers: Vec<String>,
    charge_cents: Option<i64>,
    date_of_service: Option<Date>,
    place_of_service: Option<String>,
    revenue_code: Option<String>,
}

/// Starts a draft claim from a case.
#[derive(InputObject)]
pub struct CreateClaimInput {
    case_id: ID,
    /// One of the patient's coverages (a payer slug); default the primary one (or, for a
    /// scenario, the payer the practice billed).
    payer: Option<String>,
    /// For a claim item of an exam or assessment: the sitting it belongs to. Its work counts
    /// only there, and only while the sitting is open.
    exam_attempt_id: Option<ID>,
}

/// Edits of a claim; a field left out stays as it is, a list given replaces the list.
#[derive(InputObject)]
pub struct UpdateClaimInput {
    claim_id: ID,
    diagnoses: Option<Vec<ClaimDiagnosisInput>>,
    lines: Option<Vec<ClaimLineInput>>,
    /// Box 23; an empty string clears it.
    prior_authorization: Option<String>,
    member_id: Option<String>,
    group_number: Option<String>,
    /// UB-04 only.
    type_of_bill: Option<String>,
    discharge_status: Option<String>,
    procedures: Option<Vec<String>>,
    drg: Option<String>,
    /// The claim's `version` these edits were made from; a stale one is refused (CONFLICT
    /// with `extensions.currentVersion`).
    version: Option<i32>,
}

impl UpdateClaimInput {
    fn into_patch(self) -> (ID, ClaimPatch) {
        let lines = self.lines.map(|ls| {
            ls.into_iter()
                .map(|l| service::claims::LineInput {
                    system: l.system,
                    code: l.code,
                    modifiers: l.modifiers,
                    units: l.units,
                    pointers: l.pointers,
                    charge_cents: l.charge_cents,
                    date_of_service: l.date_of_service.map(|d| d.0),
                    place_of_service: l.place_of_service,
                    revenue_code: l.revenue_code,
                })
                .collect()
        });
        let diagnoses = self.diagnoses.map(|ds| {
            ds.into_iter()
                .map(|d| service::claims::DiagnosisInput {
                    code: d.code,
                    poa: d.poa,
                })
                .collect()
        });
        (
            self.claim_id,
            ClaimPatch {
                diagnoses,
                lines,
                prior_authorization: self.prior_authorization,
                member_id: self.member_id,
                group_number: self.group_number,
                type_of_bill: self.type_of_bill,
                discharge_status: self.discharge_status,
                procedures: self.procedures,
                drg: self.drg,
            },
        )
    }
}

#[derive(InputObject)]
pub struct ClaimIdInput {
    claim_id: ID,
}

/// What an appeal argues.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::domain::adjudication::appeal::Ground")]
pub enum AppealGround {
    /// The records meet the coverage policy's indications (answers CARC 50, 11).
    MedicalNecessityMet,
    /// The documentation supports the modifier billed (CARC 4, 97, 236; these are fixed by a
    /// corrected claim, so the payer upholds the appeal and says so).
    ModifierSupported,
    /// The documentation supports the units billed (CARC 151).
    UnitsSupported,
    /// The patient's history justifies the service more often than the policy allows (CARC 119).
    FrequencyException,
    /// The authorization was obtained before the service (CARC 197, 15).
    PriorAuthorizationObtained,
    /// Proof the claim was first filed in time (CARC 29; Medicare gives no appeal rights).
    TimelyFilingProof,
    /// The patient was covered on the date of service (CARC 27, 26).
    CoverageInEffect,
    /// The claim is not a duplicate (CARC 18).
    NotADuplicate,
}

/// Appeals one denied line: the denial it answers, the ground, and the documents that show it.
#[derive(InputObject)]
pub struct AppealClaimLineInput {
    claim_id: ID,
    /// The remittance line number (1-based).
    line: i32,
    /// The CARC of the line's denial that the appeal answers ("50" or "CO-50").
    carc: String,
    /// A remark (RARC) of the line the appeal answers, e.g. "N386".
    rarc: Option<String>,
    /// Why the denial is wrong, as a category the payer checks.
    ground: AppealGround,
    /// The argument, in words (1 to 4,000 characters).
    reason: String,
    /// Titles of the case documents sent with the appeal.
    #[graphql(default)]
    documentation: Vec<String>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CloseAction {
    /// The provider absorbs the balance (timely filing, no authorization under contract).
    WriteOff,
    /// The patient owes it (no coverage, or a signed ABN).
    BillPatient,
    /// Nothing is owed (e.g. a duplicate of a paid claim).
    NoAction,
}

#[derive(InputObject)]
pub struct CloseClaimInput {
    claim_id: ID,
    action: CloseAction,
    note: Option<String>,
}

#[derive(SimpleObject)]
pub struct ClaimPayload {
    claim: Claim,
}

/// The payer's decision on an appeal.
#[derive(SimpleObject)]
pub struct AppealDecision {
    /// OVERTURNED or UPHELD.
    outcome: String,
    /// The appeal level ("Redetermination" at Medicare).
    level: String,
    /// 1 or 2.
    level_number: i32,
    /// When upheld: the payer's next level, if it has one (else close the claim).
    next_level: Option<String>,
    /// The last day this level could be filed on the claim's simulated calendar.
    deadline: chrono::NaiveDate,
    /// Why it was overturned or upheld.
    message: String,
}

#[derive(SimpleObject)]
pub struct AppealPayload {
    claim: Claim,
    decision: AppealDecision,
}

/// One step of claim work and how it was judged.
#[derive(SimpleObject)]
pub struct ClaimWorkStep {
    step: i32,
    action: String,
    outcome: String,
    correct: bool,
    message: String,
}

/// One difference between the claim that settled the work and the case's correct coding.
#[derive(SimpleObject)]
pub struct ClaimCodingFinding {
    /// The claim's service line (1-based); null for the claim's header (diagnoses, payer,
    /// identifiers) or a documented service missing from the claim.
    line: Option<i32>,
    /// DIAGNOSIS, CODE, MODIFIERS, UNITS, POINTERS, MISSING_LINE, PAYER, MEMBER_ID or
    /// PRIOR_AUTHORIZATION.
    field: String,
    /// What is wrong and what the documentation supports.
    message: String,
}

/// The score of a trainee's claim work on one case.
#[derive(SimpleObject)]
pub struct ClaimWork {
    /// NOT_STARTED, CLEAN (paid on the first submission), RESOLVED, MISCODED (paid or
    /// overturned, but the claim is not coded as the documentation supports), IN_PROGRESS,
    /// UNRESOLVED, or WITHHELD (a sitting's results not released).
    outcome: String,
    /// 0–100: the remedy score when the coding is right, 0 when it is wrong (null while a
    /// sitting's results are withheld).
    score: Option<i32>,
    /// 0–100: the right remedy, 25 off for each wrong one tried first (null while withheld).
    remedy_score: Option<i32>,
    /// 0–100: the coding of the claim that settled the work against the answer key, 25 off for
    /// each finding; null until the work is finished or when no claim settled it (a close).
    coding_score: Option<i32>,
    /// What is wrong in that claim's coding, line by line (once the work is finished).
    coding: Vec<ClaimCodingFinding>,
    /// The scenario's remedy, when the case carries one (once the work is finished).
    expected_remedy: Option<String>,
    /// The first remedy the trainee tried.
    remedy_taken: Option<String>,
    steps: Vec<ClaimWorkStep>,
    /// Why the expected remedy is right, with its citation (once the work is finished).
    explanation: Option<String>,
}

impl From<Verdict> for ClaimWork {
    fn from(v: Verdict) -> Self {
        ClaimWork {
            outcome: v.outcome.to_owned(),
            score: (v.outcome != "WITHHELD").then_some(v.score as i32),
            remedy_score: (v.outcome != "WITHHELD").then_some(v.remedy_score as i32),
            coding_score: v.coding_score.map(|s| s as i32),
            coding: v
                .coding
                .into_iter()
                .map(|f| ClaimCodingFinding {
                    line: f.line.map(|l| l as i32),
                    field: f.field.to_owned(),
                    message: f.message,
                })
                .collect(),
            expected_remedy: v.expected_remedy.map(|r| r.as_str().to_owned()),
            remedy_taken: v.remedy_taken.map(|r| r.as_str().to_owned()),
            steps: v
                .notes
                .into_iter()
                .map(|n| ClaimWorkStep {
                    step: n.step as i32,
                    action: n.action,
                    outcome: n.outcome,
                    correct: n.correct,
                    message: n.message,
                })
                .collect(),
            explanation: v.explanation,
        }
    }
}

/// A simulated payer: the rules its adjudication follows.
#[derive(SimpleObject)]
pub struct Payer {
    slug: String,
    name: String,
    /// MEDICARE, MEDICAID or COMMERCIAL.
    kind: String,
    timely_filing_days: i32,
    /// CARC used for NCCI pair denials (236 or 97).
    ptp_denial_reason: String,
    mue_enforced: bool,
    sex_edits: bool,
    prior_authorization: Vec<String>,
    deductible_cents: i64,
    coinsurance_percent: i32,
    accepts_replacement_after_denial: bool,
    appeal_level: String,
    appeal_deadline_days: i32,
    notes: Option<String>,
}

impl From<PayerProfile> for Payer {
    fn from(p: PayerProfile) -> Self {
        Payer {
            kind: match p.kind {
                PayerKind::Medicare => "MEDICARE",
                PayerKind::Medicaid => "MEDICAID",
                PayerKind::Commercial => "COMMERCIAL",
            }
            .into(),
            timely_filing_days: p.timely_filing_days as i32,
            ptp_denial_reason: p.ptp_denial_reason,
            mue_enforced: p.mue_enforced,
            sex_edits: p.sex_edits,
            prior_authorization: p.prior_authorization,
            deductible_cents: p.cost_sharing.deductible_cents,
            coinsurance_percent: p.cost_sharing.coinsurance_percent as i32,
            accepts_replacement_after_denial: p.accepts_replacement_after_denial,
            appeal_level: p.appeals.level_name,
            appeal_deadline_days: p.appeals.deadline_days as i32,
            notes: p.notes,
            slug: p.slug,
            name: p.name,
        }
    }
}

#[derive(Default)]
pub struct ClaimQuery;

#[Object]
impl ClaimQuery {
    /// A claim: your own, or (INSTRUCTOR, EMPLOYER, ADMIN) one of your organization's.
    async fn claim(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Claim> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        Claim::new(service::claims::get(ctx.db(), v, id).await.extend()?)
    }

    /// Your claims, oldest first, optionally by status or case.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn claims(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<ClaimStatus>,
        case_id: Option<ID>,
    ) -> async_graphql::Result<Conn<Claim>> {
        let v = ctx.viewer()?;
        let page = page(first, after).extend()?;
        let case_id = case_id
            .map(|c| parse_id(&c, "caseId"))
            .transpose()
            .extend()?;
        let filter = service::claims::ClaimFilter {
            status: status.map(|s| s.as_str().to_owned()),
            case_id,
        };
        let paged = service::claims::mine(ctx.db(), v, filter, page)
            .await
            .extend()?;
        let mut nodes = Vec::with_capacity(paged.items.len());
        for row in paged.items.iter().cloned() {
            nodes.push((row.id, Claim::new(row)?));
        }
        let paged = service::Paged {
            items: nodes,
            has_next: paged.has_next,
            total: paged.total,
        };
        Ok(connection(paged, |(id, _)| *id, |(_, c)| c))
    }

    /// The claim as an X12 837P 005010X222A1 (professional claims).
    async fn claim_x12(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<String> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::claims::claim_x12(ctx.db(), v, id).await.extend()
    }

    /// The claim's latest remittance as an X12 835 005010X221A1.
    async fn remittance_x12(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<String> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::claims::remittance_x12(ctx.db(), v, id)
            .await
            .extend()
    }

    /// The score of your claim work on a case: a clean first claim, or the remedy you chose
    /// for its denial and whether it resolved it. The expected remedy and its explanation
    /// appear once you have finished (paid, resolved or closed). With `examAttemptId`: your
    /// work on that sitting's claim item, judged only when the sitting's results are released.
    async fn claim_work(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        exam_attempt_id: Option<ID>,
    ) -> async_graphql::Result<ClaimWork> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let sitting = exam_attempt_id
            .as_ref()
            .map(|s| parse_id(s, "examAttemptId"))
            .transpose()
            .extend()?;
        Ok(
            service::claims::work_shown(ctx.db(), v, id, sitting, ctx.now())
                .await
                .extend()?
                .into(),
        )
    }

    /// The simulated payers and their rules.
    async fn payers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Payer>> {
        ctx.viewer()?;
        Ok(service::payers::all(ctx.db())
            .await
            .extend()?
            .into_iter()
            .map(Payer::from)
            .collect())
    }
}

#[derive(Default)]
pub struct ClaimMutation;

#[Object]
impl ClaimMutation {
    /// Starts a draft claim from a case: patient, coverage and providers filled in.
    async fn create_claim(
        &self,
        ctx: &Context<'_>,
        input: CreateClaimInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.case_id, "caseId").extend()?;
        let sitting = input
            .exam_attempt_id
            .as_ref()
            .map(|s| parse_id(s, "examAttemptId"))
            .transpose()
            .extend()?;
        let row = service::claims::create(ctx.db(), v, id, input.payer, sitting, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Edits a draft (or rejected) claim.
    async fn update_claim(
        &self,
        ctx: &Context<'_>,
        input: UpdateClaimInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let version = input.version;
        let (id, patch) = input.into_patch();
        let id = parse_id(&id, "claimId").extend()?;
        let row = service::claims::update(ctx.db(), v, id, patch, version, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Sends a draft through the clearinghouse to the payer: REJECTED with every reason, or
    /// ADJUDICATED with a remittance.
    async fn submit_claim(
        &self,
        ctx: &Context<'_>,
        input: ClaimIdInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let (codes, ncci) = reference(ctx)?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let row = service::claims::submit(ctx.db(), codes, ncci, v, id, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Starts a corrected claim (frequency 7, the original claim number in box 22) for an
    /// adjudicated one, with the edits given; submit it with `submitClaim`.
    async fn correct_claim(
        &self,
        ctx: &Context<'_>,
        input: UpdateClaimInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let (id, patch) = input.into_patch();
        let id = parse_id(&id, "claimId").extend()?;
        let row = service::claims::correct(ctx.db(), v, id, patch, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Voids an adjudicated claim (frequency 8): the payer takes its payment back.
    async fn void_claim(
        &self,
        ctx: &Context<'_>,
        input: ClaimIdInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let (codes, ncci) = reference(ctx)?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let row = service::claims::void(ctx.db(), codes, ncci, v, id, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Appeals one denied line, with a reason and the documents it rests on.
    async fn appeal_claim_line(
        &self,
        ctx: &Context<'_>,
        input: AppealClaimLineInput,
    ) -> async_graphql::Result<AppealPayload> {
        let v = ctx.viewer()?;
        let (codes, ncci) = reference(ctx)?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let req = service::claims::AppealRequest {
            claim_id: id,
            line: input.line,
            carc: input.carc,
            rarc: input.rarc,
            ground: input.ground.into(),
            reason: input.reason,
            documentation: input.documentation,
        };
        let (row, d) = service::claims::appeal_line(ctx.db(), codes, ncci, v, req, ctx.now())
            .await
            .extend()?;
        Ok(AppealPayload {
            claim: Claim::new(row)?,
            decision: AppealDecision {
                outcome: d.outcome.as_str().into(),
                level: d.level,
                level_number: d.level_number as i32,
                next_level: d.next_level,
                deadline: d.deadline,
                message: d.message,
            },
        })
    }

    /// Bills the patient's share the primary payer left to the secondary coverage: a draft
    /// claim carrying the primary's payment (post the primary's remittance first).
    async fn bill_secondary(
        &self,
        ctx: &Context<'_>,
        input: ClaimIdInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let row = service::claims::bill_secondary(ctx.db(), v, id, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }

    /// Closes a claim: write the balance off, bill the patient, or nothing is owed.
    async fn close_claim(
        &self,
        ctx: &Context<'_>,
        input: CloseClaimInput,
    ) -> async_graphql::Result<ClaimPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let action = match input.action {
            CloseAction::WriteOff => "WRITE_OFF",
            CloseAction::BillPatient => "BILL_PATIENT",
            CloseAction::NoAction => "NO_ACTION",
        };
        let row = service::claims::close(ctx.db(), v, id, action, input.note, ctx.now())
            .await
            .extend()?;
        Ok(ClaimPayload {
            claim: Claim::new(row)?,
        })
    }
}
