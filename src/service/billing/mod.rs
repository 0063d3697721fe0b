//! Patient accounts: every trainee keeps a ledger per simulated patient. Claims post their
//! charges when the payer receives them; a remittance is posted by the trainee (scored against
//! the remittance) or, where the organization chose it, automatically; closing a claim writes
//! off or bills the patient its open balance; patients pay. Entries are never changed or
//! deleted (database triggers refuse it): a correction is a new entry.

mod posting;
mod reports;
mod statement;

pub use posting::{post_remittance, set_auto_post};
pub use reports::{AgingReport, DaySheet, QueueItem, aging, day_sheet, work_queue};
pub use statement::{Statement, statement, statement_html};

use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::claims::Claim;
use crate::domain::ledger::{Bucket, EntryKind, NewEntry, balances};
use crate::entity::claims::claim;
use crate::entity::ledger::{follow_up, ledger_entry};
use crate::entity::library::coding_case;
use crate::error::{AppError, AppResult};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Days between a claim reaching the payer and its remittance being posted (the simulation's
/// payment cycle).
pub const POSTING_DAYS: u64 = 14;

async fn patient_of(db: &impl ConnectionTrait, case_id: i32) -> AppResult<i32> {
    Ok(coding_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("case"))?
        .patient_id)
}

/// Writes entries for a claim's account.
pub(crate) async fn write(
    db: &impl ConnectionTrait,
    row: &claim::Model,
    entries: &[NewEntry],
) -> AppResult<()> {
    let patient = patient_of(db, row.case_id).await?;
    for e in entries {
        ledger_entry::ActiveModel {
            id: NotSet,
            user_id: Set(row.user_id),
            patient_id: Set(patient),
            case_id: Set(row.case_id),
            claim_id: Set(Some(row.id)),
            entry_date: Set(e.date),
            kind: Set(e.kind.as_str().into()),
            bucket: Set(e.bucket.as_str().into()),
            amount_cents: Set(e.amount_cents),
            line: Set(e.line.map(|l| l as i32)),
            payer: Set(Some(row.payer.clone())),
            reason: Set(e.reason.clone()),
            created_at: Set(Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

fn bucket(s: &str) -> Bucket {
    if s == "PATIENT" {
        Bucket::Patient
    } else {
        Bucket::Insurance
    }
}

pub async fn claim_entries(
    db: &impl ConnectionTrait,
    claim_id: i32,
) -> AppResult<Vec<ledger_entry::Model>> {
    Ok(ledger_entry::Entity::find()
        .filter(ledger_entry::Column::ClaimId.eq(claim_id))
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?)
}

/// (insurance, patient) balance of a claim.
pub async fn claim_balance(db: &impl ConnectionTrait, claim_id: i32) -> AppResult<(i64, i64)> {
    let entries = claim_entries(db, claim_id).await?;
    Ok(balances(
        entries
            .iter()
            .map(|e| (bucket_ref(&e.bucket), e.amount_cents)),
    ))
}

fn bucket_ref(s: &str) -> &'static Bucket {
    if s == "PATIENT" {
        &Bucket::Patient
    } else {
        &Bucket::Insurance
    }
}

/// Called when the payer adjudicates a claim (in the submit transaction): a replaced or voided
/// claim's entries are reversed; an original or replacement posts its charges; the
/// remittance is posted at once where the organization posts automatically.
pub(crate) async fn on_adjudicated(
    db: &impl ConnectionTrait,
    row: &claim::Model,
    body: &Claim,
    remit: &crate::domain::adjudication::Remittance,
    received: NaiveDate,
) -> AppResult<()> {
    if let Some(orig) = row.original_claim_id {
        let original = claim::Entity::find_by_id(orig)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("claim"))?;
        let why = match body.frequency {
            crate::domain::claims::Frequency::Void => format!("voided by claim {}", row.id),
            _ => format!("replaced by claim {}", row.id),
        };
        let reversal: Vec<NewEntry> = claim_entries(db, orig)
            .await?
            .iter()
            .map(|e| NewEntry {
                date: received,
                kind: match e.kind.as_str() {
                    "CHARGE" => EntryKind::ChargeReversal,
                    other => EntryKind::parse(other).unwrap_or(EntryKind::PayerAdjustment),
                },
                bucket: bucket(&e.bucket),
                amount_cents: -e.amount_cents,
                line: e.line.map(|l| l as u32),
                reason: why.clone(),
            })
            .collect();
        write(db, &original, &reversal).await?;
    }
    if body.frequency == crate::domain::claims::Frequency::Void {
        return Ok(());
    }
    if let Some(prior) = &body.primary {
        // The service was charged once, on the primary claim: the patient's share moves back
        // to insurance while the secondary payer has it.
        let share: i64 = prior
            .lines
            .iter()
            .flat_map(|l| &l.patient)
            .map(|(_, a)| a)
            .sum();
        let reason = format!(
            "billed to {} after {} (claim {})",
            row.payer, prior.payer, prior.claim_number
        );
        let moves = [
            NewEntry {
                date: received,
                kind: EntryKind::TransferToSecondary,
                bucket: Bucket::Patient,
                amount_cents: -share,
                line: None,
                reason: reason.clone(),
            },
            NewEntry {
                date: received,
                kind: EntryKind::TransferToSecondary,
                bucket: Bucket::Insurance,
                amount_cents: share,
                line: None,
                reason,
            },
        ];
        write(db, row, &moves).await?;
        if posting::auto_post(db, row).await? {
            posting::post_entries(
                db,
                row,
                1,
                remit,
                received + Days::new(POSTING_DAYS),
                "AUTO",
                100,
                "[]",
            )
            .await?;
        }
        return Ok(());
    }
    let charges: Vec<NewEntry> = body
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| NewEntry {
            date: received,
            kind: EntryKind::Charge,
            bucket: Bucket::Insurance,
            amount_cents: l.charge_cents,
            line: Some(i as u32 + 1),
            reason: format!("{} {}", l.code, l.modifiers.join(" "))
                .trim()
                .to_owned(),
        })
        .collect();
    write(db, row, &charges).await?;
    if posting::auto_post(db, row).await? {
        posting::post_entries(
            db,
            row,
            1,
            remit,
            received + Days::new(POSTING_DAYS),
            "AUTO",
            100,
            "[]",
        )
        .await?;
    }
    Ok(())
}

/// Called when a claim is closed: WRITE_OFF writes off its open insurance balance,
/// BILL_PATIENT moves it to the patient, NO_ACTION reverses the charge (nothing is owed).
pub(crate) async fn on_closed(
    db: &impl ConnectionTrait,
    row: &claim::Model,
    action: &str,
) -> AppResult<()> {
    let (ins, _) = claim_balance(db, row.id).await?;
    if ins == 0 {
        return Ok(());
    }
    let date = row.received_on.unwrap_or_else(|| Utc::now().date_naive()) + Days::new(POSTING_DAYS);
    let reason = format!("claim closed: {action}");
    let entries = match action {
        "BILL_PATIENT" => vec![
            NewEntry {
                date,
                kind: EntryKind::TransferToPatient,
                bucket: Bucket::Insurance,
                amount_cents: -ins,
                line: None,
                reason: reason.clone(),
            },
            NewEntry {
                date,
                kind: EntryKind::TransferToPatient,
                bucket: Bucket::Patient,
                amount_cents: ins,
                line: None,
                reason,
            },
        ],
        "NO_ACTION" => vec![NewEntry {
            date,
            kind: EntryKind::ChargeReversal,
            bucket: Bucket::Insurance,
            amount_cents: -ins,
            line: None,
            reason,
        }],
        _ => vec![NewEntry {
            date,
            kind: EntryKind::WriteOff,
            bucket: Bucket::Insurance,
            amount_cents: -ins,
            line: None,
            reason,
        }],
    };
    write(db, row, &entries).await
}

/// A patient account: the viewer's ledger for the patient of a case.
pub struct Account {
    pub case_id: i32,
    pub patient_id: i32,
    pub entries: Vec<ledger_entry::Model>,
    pub insurance_cents: i64,
    pub patient_cents: i64,
}

pub async fn account(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    case_id: i32,
) -> AppResult<Account> {
    account_of(db, viewer, case_id, None).await
}

/// The account of `trainee` (default: the viewer) for the patient of a case: a trainee reads
/// their own; an INSTRUCTOR or ADMIN reads those of their organization's trainees.
pub async fn account_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    case_id: i32,
    trainee: Option<i32>,
) -> AppResult<Account> {
    // Another's ledger: the role first, then the account, another organization's answering
    // as a missing one.
    let owner = match trainee {
        None => viewer.account_id,
        Some(t) if t == viewer.account_id => t,
        Some(t) => {
            viewer.require_role(
                &[crate::domain::account::Role::Instructor],
                "read a trainee's accounts",
            )?;
            crate::entity::account::Entity::find_by_id(t)
                .one(db)
                .await?
                .filter(|a| a.organization_id.is_some_and(|o| viewer.can_see_org(o)))
                .ok_or_else(|| AppError::not_found("account"))?;
            t
        }
    };
    crate::service::cases::get(db, viewer, case_id).await?;
    let patient_id = patient_of(db, case_id).await?;
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::UserId.eq(owner))
        .filter(ledger_entry::Column::PatientId.eq(patient_id))
        .order_by_asc(ledger_entry::Column::EntryDate)
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?;
    let (insurance_cents, patient_cents) = balances(
        entries
            .iter()
            .map(|e| (bucket_ref(&e.bucket), e.amount_cents)),
    );
    Ok(Account {
        case_id,
        patient_id,
        entries,
        insurance_cents,
        patient_cents,
    })
}

pub const PAYMENT_METHODS: &[&str] = &["CASH", "CARD", "CHECK"];

/// Posts a patient's payment (or, with a negative amount, a refund) to their account.
pub async fn patient_payment(
    db: &DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
    amount_cents: i64,
    method: &str,
    reference: Option<String>,
    date: NaiveDate,
) -> AppResult<Account> {
    let acct = account(db, viewer, case_id).await?;
    if amount_cents == 0 || amount_cents.abs() > 10_000_000 {
        return Err(AppError::bad_input(
            "amountCents",
            "a payment is 1 cent to 100,000.00 dollars (negative for a refund)",
        ));
    }
    if !PAYMENT_METHODS.contains(&method) {
        return Err(AppError::bad_input("method", "CASH, CARD or CHECK"));
    }
    let reference = reference
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if method == "CHECK" && reference.is_none() {
        return Err(AppError::bad_input(
            "reference",
            "a check payment needs the check number",
        ));
    }
    let (kind, amount) = if amount_cents > 0 {
        (EntryKind::PatientPayment, -amount_cents)
    } else {
        (EntryKind::Refund, -amount_cents)
    };
    let txn = begin_write(db).await?;
    ledger_entry::ActiveModel {
        id: NotSet,
        user_id: Set(viewer.account_id),
        patient_id: Set(acct.patient_id),
        case_id: Set(case_id),
        claim_id: Set(None),
        entry_date: Set(date),
        kind: Set(kind.as_str().into()),
        bucket: Set(Bucket::Patient.as_str().into()),
        amount_cents: Set(amount),
        line: Set(None),
        payer: Set(None),
        reason: Set(format!(
            "{method}{}",
            reference.map(|r| format!(" {r}")).unwrap_or_default()
        )),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    own_audit(&txn, viewer, "ledger.patient_payment", "case", case_id).await?;
    txn.commit().await?;
    account(db, viewer, case_id).await
}

pub const FOLLOW_UP_ACTIONS: &[&str] = &["CALL_PAYER", "CALL_PATIENT", "NOTE"];

/// Records a follow-up on one of the viewer's claims (a call, a note).
pub async fn follow_up(
    db: &DatabaseConnection,
    viewer: &Viewer,
    claim_id: i32,
    action: &str,
    note: &str,
) -> AppResult<follow_up::Model> {
    let row = crate::service::claims::get(db, viewer, claim_id).await?;
    if row.user_id != viewer.account_id {
        return Err(AppError::not_found("claim"));
    }
    if !FOLLOW_UP_ACTIONS.contains(&action) {
        return Err(AppError::bad_input("action", FOLLOW_UP_ACTIONS.join(", ")));
    }
    let note = note.trim();
    if note.is_empty() || note.len() > 4_000 {
        return Err(AppError::bad_input("note", "1 to 4,000 characters"));
    }
    let txn = begin_write(db).await?;
    let f = follow_up::ActiveModel {
        id: NotSet,
        claim_id: Set(claim_id),
        user_id: Set(viewer.account_id),
        action: Set(action.into()),
        note: Set(note.into()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    own_audit(&txn, viewer, "claim.follow_up", "claim", claim_id).await?;
    txn.commit().await?;
    Ok(f)
}

/// The audit row of a change to the viewer's own work (their claims and ledgers belong to
/// their organization).
async fn own_audit(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &str,
    target_type: &str,
    target_id: i32,
) -> AppResult<()> {
    crate::service::audit::record(
        txn,
        crate::service::audit::AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: viewer.organization_id,
            action,
            target_type,
            target_id: Some(target_id.to_string()),
        },
    )
    .await
}

/// Called when an overturned appeal adds a remittance: posted at once where the organization
/// posts automatically (the earlier posting is reversed first); otherwise the trainee posts it.
pub(crate) async fn on_new_remittance(
    db: &impl ConnectionTrait,
    row: &claim::Model,
    sequence: i32,
    remit: &crate::domain::adjudication::Remittance,
) -> AppResult<()> {
    if posting::auto_post(db, row).await? {
        let date = row.received_on.unwrap_or(remit.received_on) + Days::new(2 * POSTING_DAYS);
        posting::post_entries(db, row, sequence, remit, date, "AUTO", 100, "[]").await?;
    }
    Ok(())
}

/// A payment plan and its installments as of a date.
pub struct Plan {
    pub plan: crate::entity::ledger::payment_plan::Model,
    pub installments: Vec<crate::domain::ledger::Installment>,
}

/// Splits the patient's balance on the viewer's account into installments.
pub async fn create_payment_plan(
    db: &DatabaseConnection,
    viewer: &Viewer,
    case_id: i32,
    installments: i32,
    first_due: NaiveDate,
    interval_days: i32,
    created_on: NaiveDate,
) -> AppResult<Plan> {
    use crate::entity::ledger::payment_plan;
    let acct = account(db, viewer, case_id).await?;
    if acct.patient_cents <= 0 {
        return Err(AppError::bad_input(
            "caseId",
            "the patient owes nothing: there is nothing to plan",
        ));
    }
    if !(2..=24).contains(&installments) {
        return Err(AppError::bad_input("installments", "2 to 24 installments"));
    }
    if !(7..=92).contains(&interval_days) {
        return Err(AppError::bad_input(
            "intervalDays",
            "7 to 92 days between installments",
        ));
    }
    if first_due < created_on {
        return Err(AppError::bad_input(
            "firstDue",
            "the first installment falls due after the plan is made",
        ));
    }
    let txn = begin_write(db).await?;
    payment_plan::ActiveModel {
        id: NotSet,
        user_id: Set(viewer.account_id),
        patient_id: Set(acct.patient_id),
        case_id: Set(case_id),
        total_cents: Set(acct.patient_cents),
        installments: Set(installments),
        first_due: Set(first_due),
        interval_days: Set(interval_days),
        created_on: Set(created_on),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    own_audit(&txn, viewer, "ledger.payment_plan", "case", case_id).await?;
    txn.commit().await?;
    payment_plan(db, viewer, case_id, created_on)
        .await?
        .ok_or_else(|| AppError::internal("plan not stored"))
}

/// The latest payment plan of the viewer's account, with payments since it began applied.
pub async fn payment_plan(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    case_id: i32,
    as_of: NaiveDate,
) -> AppResult<Option<Plan>> {
    use crate::entity::ledger::payment_plan;
    let acct = account(db, viewer, case_id).await?;
    let Some(plan) = payment_plan::Entity::find()
        .filter(payment_plan::Column::UserId.eq(viewer.account_id))
        .filter(payment_plan::Column::PatientId.eq(acct.patient_id))
        .order_by_desc(payment_plan::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let paid: i64 = acct
        .entries
        .iter()
        .filter(|e| {
            e.entry_date >= plan.created_on
                && e.entry_date <= as_of
                && matches!(e.kind.as_str(), "PATIENT_PAYMENT" | "REFUND")
        })
        .map(|e| -e.amount_cents)
        .sum();
    let installments = crate::domain::ledger::schedule(
        plan.total_cents,
        plan.installments.max(1) as u32,
        plan.first_due,
        plan.interval_days.max(1) as u32,
        paid,
        as_of,
    );
    Ok(Some(Plan { plan, installments }))
}
