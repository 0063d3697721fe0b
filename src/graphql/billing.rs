//! Patient accounts over GraphQL: the ledger, remittance posting (scored), patient payments,
//! statements, A/R aging, the work queue and the day sheet. Money in cents.

use super::claims::Claim;
use super::context::{CtxExt, parse_id};
use super::scalars::Date;
use crate::domain::codes::index::CodeIndex;
use crate::domain::ledger::aging::{AgingRow, BUCKETS};
use crate::domain::ledger::posting::PostedLine;
use crate::entity::ledger::ledger_entry;
use crate::service::billing as svc;
use async_graphql::{Context, ID, InputObject, Object, ResultExt, SimpleObject};

#[derive(SimpleObject)]
pub struct LedgerEntry {
    id: ID,
    date: Date,
    /// CHARGE, CHARGE_REVERSAL, PAYER_PAYMENT, PAYER_ADJUSTMENT, TRANSFER_TO_PATIENT,
    /// PATIENT_PAYMENT, REFUND or WRITE_OFF.
    kind: String,
    /// INSURANCE or PATIENT.
    bucket: String,
    /// Charges positive; payments and adjustments negative.
    amount: i64,
    claim_id: Option<ID>,
    line: Option<i32>,
    payer: Option<String>,
    reason: String,
}

impl From<ledger_entry::Model> for LedgerEntry {
    fn from(e: ledger_entry::Model) -> Self {
        LedgerEntry {
            id: e.id.into(),
            date: Date(e.entry_date),
            kind: e.kind,
            bucket: e.bucket,
            amount: e.amount_cents,
            claim_id: e.claim_id.map(ID::from),
            line: e.line,
            payer: e.payer,
            reason: e.reason,
        }
    }
}

/// Your ledger for the simulated patient of a case: the balance is the sum of the entries.
#[derive(SimpleObject)]
pub struct PatientAccount {
    case_id: ID,
    insurance_balance: i64,
    patient_balance: i64,
    entries: Vec<LedgerEntry>,
}

impl From<svc::Account> for PatientAccount {
    fn from(a: svc::Account) -> Self {
        PatientAccount {
            case_id: a.case_id.into(),
            insurance_balance: a.insurance_cents,
            patient_balance: a.patient_cents,
            entries: a.entries.into_iter().map(Into::into).collect(),
        }
    }
}

/// One service on a statement.
#[derive(SimpleObject)]
pub struct StatementService {
    /// The date of service.
    date: Date,
    /// The service in plain words (for CPT the project's own summary), then its code.
    description: String,
    /// The code and modifiers billed, e.g. "99214 25".
    code: String,
    charge: i64,
    insurance_paid: i64,
    adjustments: i64,
    patient_share: i64,
}

#[derive(SimpleObject)]
pub struct StatementPayment {
    date: Date,
    method: String,
    amount: i64,
}

/// The practice a statement comes from, and where the patient sends payment.
#[derive(SimpleObject)]
pub struct StatementPractice {
    name: String,
    /// Street address, city, state and ZIP on one line.
    address: String,
    /// The billing office's phone number.
    phone: String,
    /// Payee name on the remit-to address.
    remit_to_name: String,
    /// Where payments go (street or PO box, city, state, ZIP).
    remit_to_address: String,
}

#[derive(SimpleObject)]
pub struct PatientStatement {
    /// The practice that billed the services.
    practice: StatementPractice,
    patient_name: String,
    address: String,
    statement_date: Date,
    due_date: Date,
    services: Vec<StatementService>,
    payments: Vec<StatementPayment>,
    insurance_pending: i64,
    amount_due: i64,
}

#[derive(SimpleObject)]
pub struct AgingLine {
    label: String,
    /// 0-30, 31-60, 61-90, 91-120, 120+ days.
    buckets: Vec<i64>,
    total: i64,
}

impl From<AgingRow> for AgingLine {
    fn from(r: AgingRow) -> Self {
        AgingLine {
            label: r.label,
            buckets: r.buckets.to_vec(),
            total: r.total,
        }
    }
}

#[derive(SimpleObject)]
pub struct ArAging {
    as_of: Date,
    bucket_labels: Vec<String>,
    total: AgingLine,
    by_payer: Vec<AgingLine>,
    by_patient: Vec<AgingLine>,
}

#[derive(SimpleObject)]
pub struct WorkQueueItem {
    claim: Claim,
    /// REJECTED, DENIED, PARTIALLY_PAID, UNPOSTED or UNPAID.
    reason: String,
    amount: i64,
    age_days: i64,
    follow_ups: i32,
}

#[derive(SimpleObject)]
pub struct DaySheet {
    date: Date,
    charges: i64,
    payer_payments: i64,
    patient_payments: i64,
    adjustments: i64,
    /// Σ of the day's entries; balanceAfter − balanceBefore.
    net: i64,
    balance_before: i64,
    balance_after: i64,
    entries: Vec<LedgerEntry>,
}

#[derive(SimpleObject)]
pub struct Installment {
    number: i32,
    due: Date,
    amount: i64,
    paid: i64,
    /// PAID, PARTIAL, DUE or LATE.
    status: String,
}

#[derive(SimpleObject)]
pub struct PaymentPlan {
    total: i64,
    created_on: Date,
    installments: Vec<Installment>,
}

impl From<svc::Plan> for PaymentPlan {
    fn from(p: svc::Plan) -> Self {
        PaymentPlan {
            total: p.plan.total_cents,
            created_on: Date(p.plan.created_on),
            installments: p
                .installments
                .into_iter()
                .map(|i| Installment {
                    number: i.number as i32,
                    due: Date(i.due),
                    amount: i.amount_cents,
                    paid: i.paid_cents,
                    status: i.status.into(),
                })
                .collect(),
        }
    }
}

#[derive(InputObject)]
pub struct PaymentPlanInput {
    case_id: ID,
    installments: i32,
    first_due: Date,
    #[graphql(default = 30)]
    interval_days: i32,
    /// The day the plan is agreed.
    created_on: Date,
}

#[derive(Default)]
pub struct BillingQuery;

#[Object]
impl BillingQuery {
    /// Your account for the patient of a case; an INSTRUCTOR or ADMIN may name one of their
    /// organization's trainees.
    async fn patient_account(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        trainee_id: Option<ID>,
    ) -> async_graphql::Result<PatientAccount> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let trainee = trainee_id
            .map(|t| parse_id(&t, "traineeId"))
            .transpose()
            .extend()?;
        Ok(svc::account_of(ctx.db(), v, id, trainee)
            .await
            .extend()?
            .into())
    }

    /// The patient's statement as of a date: itemized services, payments, amount due.
    async fn patient_statement(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        as_of: Date,
    ) -> async_graphql::Result<PatientStatement> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let index = ctx
            .data_opt::<std::sync::Arc<CodeIndex>>()
            .map(|i| i.as_ref());
        let s = svc::statement(ctx.db(), index, v, id, as_of.0)
            .await
            .extend()?;
        let p = s.practice;
        Ok(PatientStatement {
            practice: StatementPractice {
                name: p.name.clone(),
                address: p.address.one_line(),
                phone: p.phone,
                remit_to_name: p.remit_to.name.clone().unwrap_or(p.name),
                remit_to_address: p.remit_to.one_line(),
            },
            patient_name: s.patient_name,
            address: s.address,
            statement_date: Date(s.statement_date),
            due_date: Date(s.due_date),
            services: s
                .services
                .into_iter()
                .map(|l| StatementService {
                    date: Date(l.date),
                    description: l.description,
                    code: l.code,
                    charge: l.charge_cents,
                    insurance_paid: l.insurance_paid_cents,
                    adjustments: l.adjustment_cents,
                    patient_share: l.patient_share_cents,
                })
                .collect(),
            payments: s
                .payments
                .into_iter()
                .map(|(d, m, a)| StatementPayment {
                    date: Date(d),
                    method: m,
                    amount: -a,
                })
                .collect(),
            insurance_pending: s.insurance_pending_cents,
            amount_due: s.amount_due_cents,
        })
    }

    /// The same statement as a printable HTML page.
    async fn patient_statement_html(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        as_of: Date,
    ) -> async_graphql::Result<String> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let index = ctx
            .data_opt::<std::sync::Arc<CodeIndex>>()
            .map(|i| i.as_ref());
        svc::statement_html(ctx.db(), index, v, id, as_of.0)
            .await
            .extend()
    }

    /// A/R aging as of a date: yours, or (INSTRUCTOR, ADMIN) your organization's.
    async fn ar_aging(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
        #[graphql(default)] organization: bool,
    ) -> async_graphql::Result<ArAging> {
        let v = ctx.viewer()?;
        let r = svc::aging(ctx.db(), v, organization, as_of.0)
            .await
            .extend()?;
        Ok(ArAging {
            as_of: Date(r.as_of),
            bucket_labels: BUCKETS.iter().map(|b| (*b).to_owned()).collect(),
            total: r.total.into(),
            by_payer: r.by_payer.into_iter().map(Into::into).collect(),
            by_patient: r.by_patient.into_iter().map(Into::into).collect(),
        })
    }

    /// Your claims needing action, largest amount first, then oldest.
    async fn work_queue(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
    ) -> async_graphql::Result<Vec<WorkQueueItem>> {
        let v = ctx.viewer()?;
        let items = svc::work_queue(ctx.db(), v, as_of.0).await.extend()?;
        items
            .into_iter()
            .map(|i| {
                Ok(WorkQueueItem {
                    claim: Claim::new(i.claim)?,
                    reason: i.reason,
                    amount: i.amount_cents,
                    age_days: i.age_days,
                    follow_ups: i.follow_ups as i32,
                })
            })
            .collect()
    }

    /// The latest payment plan of your account for the patient of a case, as of a date.
    async fn payment_plan(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        as_of: Date,
    ) -> async_graphql::Result<Option<PaymentPlan>> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        Ok(svc::payment_plan(ctx.db(), v, id, as_of.0)
            .await
            .extend()?
            .map(Into::into))
    }

    /// A day's charges, payments and adjustments, reconciled with the ledgers.
    async fn day_sheet(
        &self,
        ctx: &Context<'_>,
        date: Date,
        #[graphql(default)] organization: bool,
    ) -> async_graphql::Result<DaySheet> {
        let v = ctx.viewer()?;
        let d = svc::day_sheet(ctx.db(), v, organization, date.0)
            .await
            .extend()?;
        Ok(DaySheet {
            date: Date(d.date),
            charges: d.charges_cents,
            payer_payments: d.payer_payments_cents,
            patient_payments: d.patient_payments_cents,
            adjustments: d.adjustments_cents,
            net: d.net_cents,
            balance_before: d.balance_before_cents,
            balance_after: d.balance_after_cents,
            entries: d.entries.into_iter().map(Into::into).collect(),
        })
    }
}

/// How you post one line of a remittance.
#[derive(InputObject)]
pub struct PostedLineInput {
    line: i32,
    #[graphql(default)]
    paid_cents: i64,
    #[graphql(default)]
    contractual_cents: i64,
    #[graphql(default)]
    deductible_cents: i64,
    #[graphql(default)]
    coinsurance_cents: i64,
    #[graphql(default)]
    copay_cents: i64,
    /// True to leave a denied line open for follow-up.
    #[graphql(default)]
    denial_left_open: bool,
}

#[derive(InputObject)]
pub struct PostRemittanceInput {
    claim_id: ID,
    lines: Vec<PostedLineInput>,
}

#[derive(SimpleObject)]
pub struct PostingLineVerdict {
    line: i32,
    correct: bool,
    issues: Vec<String>,
    /// charge − Σ adjustments = paid, with the remittance's numbers.
    balancing: String,
}

#[derive(SimpleObject)]
pub struct PostingResult {
    /// True when every line was right and the ledger got the posting.
    posted: bool,
    percent: i32,
    lines: Vec<PostingLineVerdict>,
}

#[derive(InputObject)]
pub struct PatientPaymentInput {
    case_id: ID,
    /// Positive for a payment, negative for a refund.
    amount_cents: i64,
    /// CASH, CARD or CHECK.
    method: String,
    reference: Option<String>,
    date: Date,
}

#[derive(InputObject)]
pub struct FollowUpInput {
    claim_id: ID,
    /// CALL_PAYER, CALL_PATIENT or NOTE.
    action: String,
    note: String,
}

#[derive(SimpleObject)]
pub struct FollowUpPayload {
    id: ID,
    action: String,
}

#[derive(InputObject)]
pub struct AutoPostingInput {
    organization_id: ID,
    enabled: bool,
}

#[derive(Default)]
pub struct BillingMutation;

#[Object]
impl BillingMutation {
    /// Posts the latest remittance of your claim: scored line by line; the ledger gets it once
    /// every line is right.
    async fn post_remittance(
        &self,
        ctx: &Context<'_>,
        input: PostRemittanceInput,
    ) -> async_graphql::Result<PostingResult> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let lines = input
            .lines
            .into_iter()
            .map(|l| PostedLine {
                line: l.line.max(0) as u32,
                paid_cents: l.paid_cents,
                contractual_cents: l.contractual_cents,
                deductible_cents: l.deductible_cents,
                coinsurance_cents: l.coinsurance_cents,
                copay_cents: l.copay_cents,
                denial_left_open: l.denial_left_open,
            })
            .collect();
        let (s, posted) = svc::post_remittance(ctx.db(), v, id, lines)
            .await
            .extend()?;
        Ok(PostingResult {
            posted,
            percent: s.percent as i32,
            lines: s
                .lines
                .into_iter()
                .map(|l| PostingLineVerdict {
                    line: l.line as i32,
                    correct: l.correct,
                    issues: l.issues,
                    balancing: l.balancing,
                })
                .collect(),
        })
    }

    /// Posts a patient's payment (or refund) to your account for the patient of a case.
    async fn post_patient_payment(
        &self,
        ctx: &Context<'_>,
        input: PatientPaymentInput,
    ) -> async_graphql::Result<PatientAccount> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.case_id, "caseId").extend()?;
        Ok(svc::patient_payment(
            ctx.db(),
            v,
            id,
            input.amount_cents,
            &input.method,
            input.reference,
            input.date.0,
        )
        .await
        .extend()?
        .into())
    }

    /// Splits the patient's balance into scheduled installments.
    async fn create_payment_plan(
        &self,
        ctx: &Context<'_>,
        input: PaymentPlanInput,
    ) -> async_graphql::Result<PaymentPlan> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.case_id, "caseId").extend()?;
        Ok(svc::create_payment_plan(
            ctx.db(),
            v,
            id,
            input.installments,
            input.first_due.0,
            input.interval_days,
            input.created_on.0,
        )
        .await
        .extend()?
        .into())
    }

    /// Records a follow-up on one of your claims (a call to the payer or the patient, a note).
    async fn record_follow_up(
        &self,
        ctx: &Context<'_>,
        input: FollowUpInput,
    ) -> async_graphql::Result<FollowUpPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.claim_id, "claimId").extend()?;
        let f = svc::follow_up(ctx.db(), v, id, &input.action, &input.note)
            .await
            .extend()?;
        Ok(FollowUpPayload {
            id: f.id.into(),
            action: f.action,
        })
    }

    /// Posts remittances automatically for an organization (INSTRUCTOR, ADMIN).
    async fn set_auto_posting(
        &self,
        ctx: &Context<'_>,
        input: AutoPostingInput,
    ) -> async_graphql::Result<bool> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.organization_id, "organizationId").extend()?;
        svc::set_auto_post(ctx.db(), v, id, input.enabled)
            .await
            .extend()?;
        Ok(input.enabled)
    }
}
