//! Claims over GraphQL: the claim form, the clearinghouse's rejections and the payer's
//! remittances as types. Money is integer cents. Operations are in `claim_ops`.

use super::loaders::{AppealsOfClaim, RemittancesOfClaim, load};
use super::scalars::Date;
use crate::domain::adjudication::{self as adj, Remittance as DomRemittance};
use crate::domain::claims::{self as dom, edits::Rejection};
use crate::domain::codes::System;
use crate::domain::codes::index::CodeIndex;
use crate::entity::claims::{claim, claim_appeal};
use crate::service;
use async_graphql::{Context, Enum, ID, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Where a claim is in its life.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ClaimStatus {
    /// Being built or fixed; not sent.
    Draft,
    /// The clearinghouse refused it (see `rejections`): fix it and submit again.
    Rejected,
    /// The payer processed it (see `remittance`).
    Adjudicated,
    /// A corrected claim replaced it.
    Replaced,
    /// A void took it back.
    Voided,
    /// Closed by the trainee (see `resolution`).
    Closed,
}

impl ClaimStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "REJECTED" => ClaimStatus::Rejected,
            "ADJUDICATED" => ClaimStatus::Adjudicated,
            "REPLACED" => ClaimStatus::Replaced,
            "VOIDED" => ClaimStatus::Voided,
            "CLOSED" => ClaimStatus::Closed,
            _ => ClaimStatus::Draft,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Draft => "DRAFT",
            ClaimStatus::Rejected => "REJECTED",
            ClaimStatus::Adjudicated => "ADJUDICATED",
            ClaimStatus::Replaced => "REPLACED",
            ClaimStatus::Voided => "VOIDED",
            ClaimStatus::Closed => "CLOSED",
        }
    }
}

/// A claim with its form parsed once.
pub struct Claim {
    row: claim::Model,
    body: dom::Claim,
}

impl Claim {
    pub fn new(row: claim::Model) -> async_graphql::Result<Self> {
        let body = service::claims::body(&row).extend()?;
        Ok(Claim { row, body })
    }
}

#[derive(SimpleObject)]
pub struct ClaimAddress {
    line1: String,
    city: String,
    state: String,
    zip: String,
}

fn address(a: &Option<dom::Address>) -> Option<ClaimAddress> {
    a.as_ref().map(|a| ClaimAddress {
        line1: a.line1.clone(),
        city: a.city.clone(),
        state: a.state.clone(),
        zip: a.zip.clone(),
    })
}

/// Patient (boxes 2, 3, 5) or insured (4, 7, 11).
#[derive(SimpleObject)]
pub struct ClaimPerson {
    first_name: String,
    last_name: String,
    date_of_birth: Option<Date>,
    /// F, M or U.
    sex: String,
    address: Option<ClaimAddress>,
}

fn person(p: &dom::Person) -> ClaimPerson {
    ClaimPerson {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        date_of_birth: p.date_of_birth.map(Date),
        sex: p.sex.clone(),
        address: address(&p.address),
    }
}

#[derive(SimpleObject)]
pub struct ClaimInsured {
    /// Box 1a.
    member_id: String,
    /// Box 11.
    group_number: Option<String>,
    /// SELF, SPOUSE, CHILD or OTHER (box 6).
    relationship: String,
    person: ClaimPerson,
}

/// Billing (box 33), rendering (24J) or service facility (32) provider.
#[derive(SimpleObject)]
pub struct ClaimProvider {
    name: String,
    npi: String,
    taxonomy: Option<String>,
    address: Option<ClaimAddress>,
    /// Box 25 (invented).
    tax_id: Option<String>,
}

fn provider(p: &dom::ClaimProvider) -> ClaimProvider {
    ClaimProvider {
        name: p.name.clone(),
        npi: p.npi.clone(),
        taxonomy: p.taxonomy.clone(),
        address: address(&p.address),
        tax_id: p.tax_id.clone(),
    }
}

/// A diagnosis: box 21 letter A–L, with POA on an inpatient UB-04.
#[derive(SimpleObject)]
pub struct ClaimDiagnosis {
    letter: String,
    code: String,
    poa: Option<String>,
}

/// Box 24: one service line.
#[derive(SimpleObject)]
pub struct ClaimLine {
    /// 1-based.
    number: i32,
    date_of_service: Date,
    place_of_service: String,
    /// CPT or HCPCS.
    system: String,
    code: String,
    modifiers: Vec<String>,
    units: i32,
    /// Letters A–L.
    pointers: Vec<String>,
    charge_cents: i64,
    /// UB-04 revenue code.
    revenue_code: Option<String>,
}

#[derive(SimpleObject)]
pub struct ClaimInstitutional {
    type_of_bill: String,
    admission_date: Option<Date>,
    discharge_date: Option<Date>,
    discharge_status: Option<String>,
    /// ICD-10-PCS, principal first.
    procedures: Vec<String>,
    drg: Option<String>,
}

/// One reason the clearinghouse refused the claim.
#[derive(SimpleObject)]
pub struct ClaimRejection {
    /// The form field at fault, e.g. `lines[1].pointers`.
    field: String,
    /// MISSING_DATA, INVALID_DATA, INVALID_NPI, INVALID_CODE, NON_BILLABLE_CODE,
    /// POINTER_OUT_OF_RANGE or TOTAL_MISMATCH.
    code: String,
    message: String,
}

impl From<Rejection> for ClaimRejection {
    fn from(r: Rejection) -> Self {
        ClaimRejection {
            field: r.field,
            code: r.code.to_owned(),
            message: r.message,
        }
    }
}

/// An appeal of one line and the payer's decision.
#[derive(SimpleObject)]
pub struct ClaimAppeal {
    line: i32,
    /// The appeal level (1 = first, 2 = the payer's second level).
    level: i32,
    /// The CARC of the denial it answered (null on appeals made before appeals were argued).
    carc: Option<String>,
    /// The RARC it answered, if one was named.
    rarc: Option<String>,
    /// Its ground (an `AppealGround` value).
    ground: Option<String>,
    reason: String,
    /// The case documents sent with it.
    documentation: Vec<String>,
    /// OVERTURNED or UPHELD.
    outcome: String,
    message: String,
    created_at: DateTime<Utc>,
}

impl From<claim_appeal::Model> for ClaimAppeal {
    fn from(a: claim_appeal::Model) -> Self {
        ClaimAppeal {
            line: a.line,
            level: a.level,
            carc: a.carc,
            rarc: a.rarc,
            ground: a.ground,
            reason: a.reason,
            documentation: serde_json::from_str(&a.documentation).unwrap_or_default(),
            outcome: a.outcome,
            message: a.message,
            created_at: a.created_at,
        }
    }
}

/// A trainee's claim for a case: the CMS-1500 (professional) or UB-04 (institutional) as
/// data, what happened to it, and the remittance.
#[Object]
impl Claim {
    async fn id(&self) -> ID {
        self.row.id.into()
    }
    async fn case_id(&self) -> ID {
        self.row.case_id.into()
    }
    /// PROFESSIONAL (CMS-1500 / 837P) or INSTITUTIONAL (UB-04).
    async fn kind(&self) -> &str {
        self.body.kind.as_str()
    }
    /// ORIGINAL (1), REPLACEMENT (7) or VOID (8): box 22.
    async fn frequency(&self) -> &str {
        self.body.frequency.as_str()
    }
    async fn frequency_code(&self) -> &str {
        self.body.frequency.code()
    }
    async fn status(&self) -> ClaimStatus {
        ClaimStatus::parse(&self.row.status)
    }
    /// The payer profile's slug.
    async fn payer(&self) -> &str {
        &self.row.payer
    }
    /// The payer's claim control number, once the payer received it.
    async fn claim_number(&self) -> Option<&str> {
        self.row.claim_number.as_deref()
    }
    /// Box 22: the claim number a replacement or void refers to.
    async fn original_reference(&self) -> Option<&str> {
        self.body.original_reference.as_deref()
    }
    /// The exam or assessment sitting this claim was worked in, if any.
    async fn exam_attempt_id(&self) -> Option<ID> {
        self.row.exam_attempt_id.map(ID::from)
    }
    async fn original_claim_id(&self) -> Option<ID> {
        self.row.original_claim_id.map(ID::from)
    }
    /// The simulated day the payer received it (timely filing counts to this day).
    async fn received_on(&self) -> Option<Date> {
        self.row.received_on.map(Date)
    }
    async fn patient(&self) -> ClaimPerson {
        person(&self.body.patient)
    }
    async fn insured(&self) -> ClaimInsured {
        let i = &self.body.insured;
        ClaimInsured {
            member_id: i.member_id.clone(),
            group_number: i.group_number.clone(),
            relationship: i.relationship.clone(),
            person: person(&i.person),
        }
    }
    async fn billing_provider(&self) -> ClaimProvider {
        provider(&self.body.billing)
    }
    async fn rendering_provider(&self) -> ClaimProvider {
        provider(&self.body.rendering)
    }
    async fn facility(&self) -> Option<ClaimProvider> {
        self.body.facility.as_ref().map(provider)
    }
    async fn diagnoses(&self) -> Vec<ClaimDiagnosis> {
        self.body
            .diagnoses
            .iter()
            .enumerate()
            .map(|(i, d)| ClaimDiagnosis {
                letter: dom::pointer_letter(i),
                code: d.code.clone(),
                poa: d.poa.clone(),
            })
            .collect()
    }
    /// Box 23.
    async fn prior_authorization(&self) -> Option<&str> {
        self.body.prior_authorization.as_deref()
    }
    async fn lines(&self) -> Vec<ClaimLine> {
        self.body
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| ClaimLine {
                number: i as i32 + 1,
                date_of_service: Date(l.date_of_service),
                place_of_service: l.place_of_service.clone(),
                system: l.system.clone(),
                code: l.code.clone(),
                modifiers: l.modifiers.clone(),
                units: l.units as i32,
                pointers: l.pointers.clone(),
                charge_cents: l.charge_cents,
                revenue_code: l.revenue_code.clone(),
            })
            .collect()
    }
    /// Box 28, in cents.
    async fn total_charge_cents(&self) -> i64 {
        self.body.total_charge_cents
    }
    async fn institutional(&self) -> Option<ClaimInstitutional> {
        self.body
            .institutional
            .as_ref()
            .map(|i| ClaimInstitutional {
                type_of_bill: i.type_of_bill.clone(),
                admission_date: i.admission_date.map(Date),
                discharge_date: i.discharge_date.map(Date),
                discharge_status: i.discharge_status.clone(),
                procedures: i.procedures.clone(),
                drg: i.drg.clone(),
            })
    }
    /// Every reason the clearinghouse refused it (empty unless REJECTED).
    async fn rejections(&self) -> async_graphql::Result<Vec<ClaimRejection>> {
        Ok(service::claims::rejections(&self.row)
            .extend()?
            .into_iter()
            .map(Into::into)
            .collect())
    }
    /// The latest remittance (an overturned appeal adds one), if the payer processed it.
    async fn remittance(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Remittance>> {
        Ok(self.remittances(ctx).await?.pop())
    }
    /// Every remittance, oldest first.
    async fn remittances(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Remittance>> {
        Ok(load(ctx, RemittancesOfClaim(self.row.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|(r, posted)| Remittance(r, posted))
            .collect())
    }
    async fn appeals(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ClaimAppeal>> {
        Ok(load(ctx, AppealsOfClaim(self.row.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect())
    }
    /// WRITE_OFF, BILL_PATIENT or NO_ACTION once closed.
    async fn resolution(&self) -> Option<&str> {
        self.row.resolution.as_deref()
    }
    async fn resolution_note(&self) -> Option<&str> {
        self.row.resolution_note.as_deref()
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.row.submitted_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// Bumped by every change: send it back with `updateClaim` so that an edit made from an
    /// older copy is refused instead of overwriting newer work.
    async fn version(&self) -> i32 {
        self.row.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.row.updated_at
    }
}

fn index<'a>(ctx: &Context<'a>) -> Option<&'a Arc<CodeIndex>> {
    ctx.data_opt::<Arc<CodeIndex>>()
}

fn gloss(ctx: &Context<'_>, system: System, code: &str) -> Option<String> {
    index(ctx)?
        .lookup(system, code, None)
        .map(|r| r.description.clone())
}

/// The payer's answer (an 835 as data). Amounts in cents; on every line and on the claim,
/// billed − Σ adjustments = paid.
pub struct Remittance(pub DomRemittance, pub bool);

#[Object]
impl Remittance {
    /// True once the trainee (or auto-posting) has posted it to the patient's ledger; it
    /// cannot be posted again. A void's reversal (REVERSED) stays false: the void itself
    /// writes the ledger entries.
    async fn posted(&self) -> bool {
        self.1
    }
    async fn claim_number(&self) -> &str {
        &self.0.claim_number
    }
    /// PAID, PARTIALLY_PAID, DENIED or REVERSED (a void).
    async fn status(&self) -> &str {
        self.0.status.as_str()
    }
    async fn received_on(&self) -> Date {
        Date(self.0.received_on)
    }
    async fn billed(&self) -> i64 {
        self.0.billed_cents
    }
    async fn allowed(&self) -> i64 {
        self.0.allowed_cents
    }
    async fn paid(&self) -> i64 {
        self.0.paid_cents
    }
    /// What the patient owes: the sum of the PR adjustments.
    async fn patient_responsibility(&self) -> i64 {
        self.0.patient_responsibility_cents
    }
    async fn lines(&self) -> Vec<RemittanceLine> {
        self.0.lines.iter().cloned().map(RemittanceLine).collect()
    }
    /// The payer's reasoning, one sentence per edit (PASSED, FIRED or PRICED).
    async fn trace(&self) -> Vec<String> {
        self.0
            .trace
            .iter()
            .map(|t| {
                let at = t
                    .line
                    .map(|l| format!("line {l}"))
                    .unwrap_or_else(|| "claim".into());
                let code = match (&t.group, &t.reason) {
                    (Some(g), Some(r)) => format!(" {g}-{r}"),
                    _ => String::new(),
                };
                let remarks = if t.remarks.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", t.remarks.join(", "))
                };
                format!(
                    "{} ({at}): {}{code}{remarks} — {}",
                    t.edit, t.outcome, t.message
                )
            })
            .collect()
    }
    /// The same trace as structured entries.
    async fn trace_entries(&self) -> Vec<TraceEntry> {
        self.0.trace.iter().cloned().map(TraceEntry).collect()
    }
    /// An inpatient claim: the MS-DRG the payer grouped from the claim's codes and paid, with
    /// the DRG the claim carried beside it when that differs (DRG validation).
    async fn drg(&self) -> Option<RemittanceDrg> {
        self.0.drg.as_ref().map(|d| RemittanceDrg {
            version: d.version.clone(),
            grouped_drg: d.grouped.clone(),
            title: d.title.clone(),
            weight: d.weight_e4.map(|w| w as f64 / 10_000.0),
            typed_drg: d.typed.clone(),
            message: d.message.clone(),
        })
    }
}

/// The payer's DRG validation of an inpatient claim.
#[derive(SimpleObject)]
pub struct RemittanceDrg {
    /// MS-DRG grouper version (43.0, 43.1, 44.0).
    version: String,
    /// The DRG the claim's codes group to: the one paid.
    grouped_drg: String,
    title: String,
    /// Relative weight (none for 998/999).
    weight: Option<f64>,
    /// The DRG typed on the claim (FL 71), when it differs from the grouped one; not paid.
    typed_drg: Option<String>,
    message: String,
}

pub struct RemittanceLine(adj::RemitLine);

#[Object]
impl RemittanceLine {
    async fn line(&self) -> i32 {
        self.0.line as i32
    }
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn modifiers(&self) -> &[String] {
        &self.0.modifiers
    }
    async fn units(&self) -> i32 {
        self.0.units as i32
    }
    async fn date_of_service(&self) -> Date {
        Date(self.0.date_of_service)
    }
    async fn billed(&self) -> i64 {
        self.0.billed_cents
    }
    async fn allowed(&self) -> i64 {
        self.0.allowed_cents
    }
    async fn paid(&self) -> i64 {
        self.0.paid_cents
    }
    /// True when a denial (not pricing) adjustment applies.
    async fn denied(&self) -> bool {
        self.0.denied
    }
    async fn adjustments(&self) -> Vec<Adjustment> {
        self.0.adjustments.iter().cloned().map(Adjustment).collect()
    }
    /// RARC codes.
    async fn remarks(&self) -> &[String] {
        &self.0.remarks
    }
    /// The remarks with their meaning.
    async fn remark_details(&self, ctx: &Context<'_>) -> Vec<CodeText> {
        self.0
            .remarks
            .iter()
            .map(|r| CodeText {
                code: r.clone(),
                text: gloss(ctx, System::Rarc, r).unwrap_or_default(),
            })
            .collect()
    }
}

#[derive(SimpleObject)]
pub struct CodeText {
    code: String,
    text: String,
}

/// A CAS adjustment: group code, CARC and amount (cents).
pub struct Adjustment(adj::Adjustment);

#[Object]
impl Adjustment {
    /// CO (contractual), PR (patient), OA (other), PI (payer-initiated), CR (correction).
    async fn group(&self) -> &str {
        &self.0.group
    }
    /// The claim adjustment reason code (CARC).
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// What the CARC means.
    async fn reason_text(&self, ctx: &Context<'_>) -> String {
        gloss(ctx, System::Carc, &self.0.reason).unwrap_or_default()
    }
    async fn amount(&self) -> i64 {
        self.0.amount_cents
    }
}

pub struct TraceEntry(adj::TraceEntry);

#[Object]
impl TraceEntry {
    /// ELIGIBILITY, TIMELY_FILING, DUPLICATE, CODE_VALIDITY, SPECIFICITY, AGE, SEX,
    /// PLACE_OF_SERVICE, COORDINATION_OF_BENEFITS, PRIOR_AUTHORIZATION, NCCI_PTP, MUE,
    /// COVERAGE_POLICY, EM_WITH_PROCEDURE, EM_IN_GLOBAL_PERIOD, FREQUENCY, ADD_ON, UNPROCESSABLE,
    /// PRICING or VOID.
    async fn edit(&self) -> &str {
        &self.0.edit
    }
    async fn line(&self) -> Option<i32> {
        self.0.line.map(|l| l as i32)
    }
    /// PASSED, FIRED or PRICED.
    async fn outcome(&self) -> &str {
        &self.0.outcome
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn group(&self) -> Option<&str> {
        self.0.group.as_deref()
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn remarks(&self) -> &[String] {
        &self.0.remarks
    }
}
