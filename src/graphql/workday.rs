//! Simulated workdays: shifts on a simulated calendar, their queue, the trainee's work in them
//! and the end-of-shift report (service::workday; the figures are defined in
//! domain::workday::report).

use super::claim_ops::reference;
use super::claims::Claim;
use super::context::{CtxExt, parse_id};
use super::pagination::{Conn, connection, cost, page};
use super::scalars::Date;
use crate::domain::workday::benchmarks::Direction;
use crate::domain::workday::report::ShiftReport as Report;
use crate::entity::workday::{shift, shift_claim, shift_encounter};
use crate::service::workday::{self as svc, EncounterState};
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::Days;

/// A shift: a trainee's simulated workday.
pub struct Shift(pub shift::Model);

/// OPEN while days are left; FINISHED after the last day is ended.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ShiftStatus {
    Open,
    Finished,
}

#[Object]
impl Shift {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The trainee who works it.
    async fn trainee_id(&self) -> ID {
        ID(self.0.account_id.to_string())
    }
    async fn status(&self) -> ShiftStatus {
        if self.0.status == "FINISHED" {
            ShiftStatus::Finished
        } else {
            ShiftStatus::Open
        }
    }
    /// The current day (1-based): the one open, or the last one once finished.
    async fn day(&self) -> i32 {
        self.0.current_day
    }
    /// The simulated date of the current day.
    async fn date(&self) -> Date {
        Date(svc::date_of(&self.0, self.0.current_day))
    }
    async fn start_date(&self) -> Date {
        Date(self.0.start_date)
    }
    async fn days(&self) -> i32 {
        self.0.days
    }
    async fn encounters_per_day(&self) -> i32 {
        self.0.encounters_per_day
    }
    /// Payer calendar days one shift day stands for (the payers' turnaround is compressed by it).
    async fn pace_days(&self) -> i32 {
        self.0.pace_days
    }
    /// The seed of the payers' schedule: the same seed replays the same answers on the same days.
    async fn seed(&self) -> i32 {
        self.0.seed as i32
    }
    async fn cohort_id(&self) -> Option<ID> {
        self.0.cohort_id.map(|i| ID(i.to_string()))
    }
    async fn assessment_id(&self) -> Option<ID> {
        self.0.assessment_id.map(|i| ID(i.to_string()))
    }
    async fn case_set_id(&self) -> Option<ID> {
        self.0.case_set_id.map(|i| ID(i.to_string()))
    }
    /// The work queue of the current day.
    async fn queue(&self, ctx: &Context<'_>) -> async_graphql::Result<ShiftQueue> {
        let v = ctx.viewer()?;
        let q = svc::queue(ctx.db(), v, self.0.id).await.extend()?;
        Ok(ShiftQueue::from(&self.0, q))
    }
}

/// What the current day's queue holds.
#[derive(SimpleObject)]
pub struct ShiftQueue {
    day: i32,
    date: Date,
    /// Encounters due by today, with where each stands.
    encounters: Vec<ShiftEncounter>,
    /// Claims whose answer has arrived by today, newest answers first.
    answers: Vec<ShiftClaim>,
    /// Claims the payer has not answered past their expected day: follow them up.
    follow_ups: Vec<ShiftClaim>,
}

impl ShiftQueue {
    fn from(row: &shift::Model, q: svc::Queue) -> Self {
        ShiftQueue {
            day: q.day,
            date: Date(q.date),
            encounters: q
                .encounters
                .into_iter()
                .map(|(e, s)| ShiftEncounter::new(row, e, Some(s)))
                .collect(),
            answers: q
                .answers
                .into_iter()
                .map(|c| ShiftClaim(c, q.day))
                .collect(),
            follow_ups: q
                .follow_ups
                .into_iter()
                .map(|c| ShiftClaim(c, q.day))
                .collect(),
        }
    }
}

/// Where an encounter stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ShiftEncounterState {
    /// To code: start an attempt on its case, submit it, then `codeShiftEncounter`.
    ToCode,
    /// To bill: build its claim (`createClaim`, `updateClaim`), then `submitShiftClaim`; also
    /// after a clearinghouse rejection has arrived.
    ToBill,
    /// A claim is with the payer.
    Billed,
}

/// One encounter of a shift: yesterday's visit, documentation only.
#[derive(SimpleObject)]
pub struct ShiftEncounter {
    id: ID,
    /// The shift day it is due.
    day: i32,
    /// The simulated date of the visit (the day before the day it is due).
    visit_date: Date,
    case_id: ID,
    attempt_id: Option<ID>,
    coded_day: Option<i32>,
    /// In a queue: where it stands today.
    state: Option<ShiftEncounterState>,
}

impl ShiftEncounter {
    fn new(row: &shift::Model, e: shift_encounter::Model, s: Option<EncounterState>) -> Self {
        let due = svc::date_of(row, e.day);
        ShiftEncounter {
            id: ID(e.id.to_string()),
            day: e.day,
            visit_date: Date(due.checked_sub_days(Days::new(1)).unwrap_or(due)),
            case_id: ID(e.case_id.to_string()),
            attempt_id: e.attempt_id.map(|a| ID(a.to_string())),
            coded_day: e.coded_day,
            state: s.map(|s| match s {
                EncounterState::ToCode => ShiftEncounterState::ToCode,
                EncounterState::ToBill => ShiftEncounterState::ToBill,
                EncounterState::Billed => ShiftEncounterState::Billed,
            }),
        }
    }
}

/// A claim submission of a shift, as of a day: its answer shows only from the day it arrives.
pub struct ShiftClaim(shift_claim::Model, i32);

/// The payer's (or the clearinghouse's) answer.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ShiftAnswer {
    Rejected,
    Paid,
    PartiallyPaid,
    Denied,
    Reversed,
}

#[Object]
impl ShiftClaim {
    async fn claim_id(&self) -> ID {
        ID(self.0.claim_id.to_string())
    }
    async fn encounter_id(&self) -> ID {
        ID(self.0.encounter_id.to_string())
    }
    /// 1-based, every submission of the shift counted.
    async fn sequence(&self) -> i32 {
        self.0.sequence
    }
    async fn submitted_day(&self) -> i32 {
        self.0.submitted_day
    }
    /// The day the answer is expected.
    async fn expected_day(&self) -> i32 {
        self.0.expected_day
    }
    /// The day the answer arrives, once known (none: the payer has not answered; follow up).
    async fn answer_day(&self) -> Option<i32> {
        self.0.answer_day.filter(|d| *d <= self.1)
    }
    /// The answer, once it has arrived.
    async fn answer(&self) -> Option<ShiftAnswer> {
        if self.0.answer_day.is_none_or(|d| d > self.1) {
            return None;
        }
        Some(match self.0.outcome.as_str() {
            "REJECTED" => ShiftAnswer::Rejected,
            "PAID" => ShiftAnswer::Paid,
            "PARTIALLY_PAID" => ShiftAnswer::PartiallyPaid,
            "DENIED" => ShiftAnswer::Denied,
            _ => ShiftAnswer::Reversed,
        })
    }
    /// Past its expected day without an answer: follow up by this day to be on time.
    async fn follow_up_due_day(&self) -> Option<i32> {
        if self.0.expected_day < self.1 {
            self.0.due_day
        } else {
            None
        }
    }
    async fn followed_up_day(&self) -> Option<i32> {
        self.0.followed_up_day
    }
}

/// Whether a higher or lower figure is better.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceDirection {
    AtLeast,
    AtMost,
}

/// A published reference for a figure.
#[derive(SimpleObject)]
pub struct FigureReference {
    /// None: no published value ("simulated").
    value: Option<f64>,
    direction: ReferenceDirection,
    /// Where the value comes from (seed/workday/benchmarks.tsv).
    source: String,
}

/// One figure of the report beside its reference.
#[derive(SimpleObject)]
pub struct ReportFigure {
    /// coded_per_hour, coding_accuracy, first_pass_clean_rate, denial_rate,
    /// followed_up_on_time, days_in_ar, net_collection_rate or query_compliance.
    key: String,
    label: String,
    /// Rounded to two decimals; none when there is nothing to measure yet.
    value: Option<f64>,
    unit: String,
    reference: Option<FigureReference>,
}

/// A denial reason and how many denied lines gave it.
#[derive(SimpleObject)]
pub struct DenialReason {
    /// Group and CARC, as on the remittance ("CO-50").
    reason: String,
    lines: i32,
}

/// The end-of-shift report (one shift, or pooled over a cohort's or a candidate's shifts).
pub struct ShiftReport(Report);

#[Object]
impl ShiftReport {
    /// Each figure beside its published reference.
    async fn figures(&self) -> Vec<ReportFigure> {
        self.0
            .figures()
            .into_iter()
            .map(|f| ReportFigure {
                key: f.key.into(),
                label: f.label.into(),
                value: f.value,
                unit: f.unit.into(),
                reference: f.reference.map(|b| FigureReference {
                    value: b.value,
                    direction: match b.direction {
                        Direction::AtLeast => ReferenceDirection::AtLeast,
                        Direction::AtMost => ReferenceDirection::AtMost,
                    },
                    source: b.source,
                }),
            })
            .collect()
    }
    async fn shifts(&self) -> i32 {
        self.0.shifts as i32
    }
    async fn encounters(&self) -> i32 {
        self.0.encounters as i32
    }
    async fn encounters_coded(&self) -> i32 {
        self.0.coded as i32
    }
    /// Active time in seconds (pauses between actions capped at 15 minutes each).
    async fn active_seconds(&self) -> i32 {
        self.0.active_seconds.min(i64::from(i32::MAX)) as i32
    }
    async fn claim_submissions(&self) -> i32 {
        self.0.submissions as i32
    }
    async fn first_pass_clean(&self) -> i32 {
        self.0.first_pass_clean as i32
    }
    async fn first_submissions_answered(&self) -> i32 {
        self.0.first_submissions_seen as i32
    }
    async fn payer_answers(&self) -> i32 {
        self.0.payer_answers_seen as i32
    }
    async fn denied(&self) -> i32 {
        self.0.denied as i32
    }
    /// The most frequent denial reasons, at most three.
    async fn top_denial_reasons(&self) -> Vec<DenialReason> {
        self.0
            .top_denial_reasons
            .iter()
            .map(|(r, n)| DenialReason {
                reason: r.clone(),
                lines: *n as i32,
            })
            .collect()
    }
    async fn follow_ups_due(&self) -> i32 {
        self.0.follow_ups_due as i32
    }
    async fn followed_up_on_time(&self) -> i32 {
        self.0.followed_up_on_time as i32
    }
    /// Charges of the standing claims, in cents.
    async fn charges_cents(&self) -> i64 {
        self.0.charges_cents
    }
    /// Open A/R, in cents.
    async fn ar_cents(&self) -> i64 {
        self.0.ar_cents
    }
    /// Payer calendar days covered (days reached × pace).
    async fn calendar_days(&self) -> i32 {
        self.0.calendar_days as i32
    }
    /// Payer payments, in cents.
    async fn collected_cents(&self) -> i64 {
        self.0.collected_cents
    }
    async fn queries_raised(&self) -> i32 {
        self.0.queries_raised as i32
    }
    async fn queries_compliant(&self) -> i32 {
        self.0.queries_compliant as i32
    }
    /// The report as CSV (RFC 4180, cells neutralized against formula injection).
    async fn csv(&self) -> String {
        self.0.to_csv()
    }
}

#[derive(Default)]
pub struct WorkdayQuery;

#[Object]
impl WorkdayQuery {
    /// A shift: the trainee's own; an instructor's cohort trainee's; an employer's candidate's.
    async fn shift(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Shift> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        Ok(Shift(svc::get(ctx.db(), v, id, "id").await.extend()?))
    }

    /// Your shifts, oldest first.
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn my_shifts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Shift>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        let paged = svc::mine(ctx.db(), v, p).await.extend()?;
        Ok(connection(paged, |s| s.id, Shift))
    }

    /// The end-of-shift report of a shift you may read (as of its current day).
    async fn shift_report(
        &self,
        ctx: &Context<'_>,
        shift_id: ID,
    ) -> async_graphql::Result<ShiftReport> {
        let v = ctx.viewer()?;
        let id = parse_id(&shift_id, "shiftId").extend()?;
        Ok(ShiftReport(
            svc::shift_report(ctx.db(), v, id).await.extend()?,
        ))
    }

    /// The end-of-shift report as CSV.
    async fn shift_report_csv(
        &self,
        ctx: &Context<'_>,
        shift_id: ID,
    ) -> async_graphql::Result<String> {
        let v = ctx.viewer()?;
        let id = parse_id(&shift_id, "shiftId").extend()?;
        Ok(svc::shift_report(ctx.db(), v, id).await.extend()?.to_csv())
    }

    /// The report pooled over the shifts of a cohort's trainees (its organization's INSTRUCTOR).
    async fn cohort_shift_report(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
    ) -> async_graphql::Result<ShiftReport> {
        let v = ctx.viewer()?;
        let id = parse_id(&cohort_id, "cohortId").extend()?;
        Ok(ShiftReport(
            svc::cohort_report(ctx.db(), v, id).await.extend()?,
        ))
    }

    /// The report pooled over a candidate's shifts for an assessment (its EMPLOYER).
    async fn candidate_shift_report(
        &self,
        ctx: &Context<'_>,
        assessment_id: ID,
        candidate_id: ID,
    ) -> async_graphql::Result<ShiftReport> {
        let v = ctx.viewer()?;
        let a = parse_id(&assessment_id, "assessmentId").extend()?;
        let c = parse_id(&candidate_id, "candidateId").extend()?;
        Ok(ShiftReport(
            svc::candidate_report(ctx.db(), v, a, c).await.extend()?,
        ))
    }
}

/// A new shift. Alone: your own (TRAINEE). With `traineeId` and `cohortId`: an INSTRUCTOR's
/// for a trainee of the cohort; with `traineeId` and `assessmentId`: an EMPLOYER's for a
/// candidate of the assessment.
#[derive(InputObject)]
pub struct StartShiftInput {
    /// The cases, in order; none: a generated mix of the library's office encounters.
    case_set_id: Option<ID>,
    trainee_id: Option<ID>,
    cohort_id: Option<ID>,
    assessment_id: Option<ID>,
    /// 1 to 10 (default 3).
    #[graphql(default = 3)]
    days: i32,
    /// 1 to 20 (default 3).
    #[graphql(default = 3)]
    encounters_per_day: i32,
    /// The simulated date of day 1.
    start_date: Date,
    /// Payer calendar days one shift day stands for, 1 to 30 (default 7): the payers'
    /// turnaround in shift days is their expected payment days divided by it, rounded up.
    #[graphql(default = 7)]
    pace_days: i32,
    /// The seed of the payers' schedule (default: from the clock).
    seed: Option<i32>,
}

#[derive(SimpleObject)]
pub struct StartShiftPayload {
    shift: Shift,
}

#[derive(InputObject)]
pub struct CodeShiftEncounterInput {
    encounter_id: ID,
    /// Your submitted attempt on the encounter's case, started after the shift began.
    attempt_id: ID,
}

#[derive(SimpleObject)]
pub struct CodeShiftEncounterPayload {
    encounter: ShiftEncounter,
}

#[derive(InputObject)]
pub struct SubmitShiftClaimInput {
    encounter_id: ID,
    /// Your draft claim on the encounter's case (built with createClaim / updateClaim).
    claim_id: ID,
}

#[derive(SimpleObject)]
pub struct SubmitShiftClaimPayload {
    /// The submission: its answer shows on its answer day.
    submission: ShiftClaim,
    claim: Claim,
}

#[derive(InputObject)]
pub struct FollowUpShiftClaimInput {
    shift_id: ID,
    claim_id: ID,
    /// What was asked and answered (1 to 4,000 characters).
    note: String,
}

#[derive(SimpleObject)]
pub struct FollowUpShiftClaimPayload {
    submission: ShiftClaim,
}

#[derive(InputObject)]
pub struct EndShiftDayInput {
    shift_id: ID,
}

#[derive(SimpleObject)]
pub struct EndShiftDayPayload {
    shift: Shift,
}

fn opt_id(id: &Option<ID>, field: &str) -> async_graphql::Result<Option<i32>> {
    id.as_ref().map(|i| parse_id(i, field)).transpose().extend()
}

#[derive(Default)]
pub struct WorkdayMutation;

#[Object]
impl WorkdayMutation {
    /// Starts a shift on day 1: its first encounters are in the queue.
    async fn start_shift(
        &self,
        ctx: &Context<'_>,
        input: StartShiftInput,
    ) -> async_graphql::Result<StartShiftPayload> {
        let v = ctx.viewer()?;
        let new = svc::NewShift {
            case_set_id: opt_id(&input.case_set_id, "caseSetId")?,
            trainee_id: opt_id(&input.trainee_id, "traineeId")?,
            cohort_id: opt_id(&input.cohort_id, "cohortId")?,
            assessment_id: opt_id(&input.assessment_id, "assessmentId")?,
            days: input.days,
            encounters_per_day: input.encounters_per_day,
            start_date: input.start_date.0,
            pace_days: input.pace_days,
            seed: input.seed.map(i64::from),
        };
        let row = svc::start(ctx.db(), v, new, ctx.now()).await.extend()?;
        Ok(StartShiftPayload { shift: Shift(row) })
    }

    /// Files your submitted attempt as the coding of an encounter due today.
    async fn code_shift_encounter(
        &self,
        ctx: &Context<'_>,
        input: CodeShiftEncounterInput,
    ) -> async_graphql::Result<CodeShiftEncounterPayload> {
        let v = ctx.viewer()?;
        let e = parse_id(&input.encounter_id, "encounterId").extend()?;
        let a = parse_id(&input.attempt_id, "attemptId").extend()?;
        let row = svc::code_encounter(ctx.db(), v, e, a, ctx.now())
            .await
            .extend()?;
        let s = svc::get(ctx.db(), v, row.shift_id, "encounterId")
            .await
            .extend()?;
        Ok(CodeShiftEncounterPayload {
            encounter: ShiftEncounter::new(&s, row, None),
        })
    }

    /// Submits your draft claim for a coded encounter through the clearinghouse to the payer;
    /// the answer shows in the queue on its answer day.
    async fn submit_shift_claim(
        &self,
        ctx: &Context<'_>,
        input: SubmitShiftClaimInput,
    ) -> async_graphql::Result<SubmitShiftClaimPayload> {
        let v = ctx.viewer()?;
        let (codes, ncci) = reference(ctx)?;
        let e = parse_id(&input.encounter_id, "encounterId").extend()?;
        let c = parse_id(&input.claim_id, "claimId").extend()?;
        let row = svc::submit_claim(ctx.db(), codes, ncci, v, e, c, ctx.now())
            .await
            .extend()?;
        let claim = crate::service::claims::get(ctx.db(), v, c).await.extend()?;
        let day = row.submitted_day;
        Ok(SubmitShiftClaimPayload {
            submission: ShiftClaim(row, day),
            claim: Claim::new(claim)?,
        })
    }

    /// A claim status inquiry on a claim the payer has not answered past its expected day.
    async fn follow_up_shift_claim(
        &self,
        ctx: &Context<'_>,
        input: FollowUpShiftClaimInput,
    ) -> async_graphql::Result<FollowUpShiftClaimPayload> {
        let v = ctx.viewer()?;
        let s = parse_id(&input.shift_id, "shiftId").extend()?;
        let c = parse_id(&input.claim_id, "claimId").extend()?;
        let row = svc::follow_up(ctx.db(), v, s, c, &input.note, ctx.now())
            .await
            .extend()?;
        let day = row.followed_up_day.unwrap_or(row.submitted_day);
        Ok(FollowUpShiftClaimPayload {
            submission: ShiftClaim(row, day),
        })
    }

    /// Ends the current day: the next day's encounters and the answers due on it arrive; after
    /// the last day the shift is FINISHED.
    async fn end_shift_day(
        &self,
        ctx: &Context<'_>,
        input: EndShiftDayInput,
    ) -> async_graphql::Result<EndShiftDayPayload> {
        let v = ctx.viewer()?;
        let s = parse_id(&input.shift_id, "shiftId").extend()?;
        let row = svc::end_day(ctx.db(), v, s, ctx.now()).await.extend()?;
        Ok(EndShiftDayPayload { shift: Shift(row) })
    }
}
