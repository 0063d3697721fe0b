//! Exams over GraphQL: practice exams and employer assessments on the server's clock, the
//! score report, exam history, the employer's candidate comparison, item analysis and the
//! cohort skill matrix.

use super::context::{CtxExt, parse_id};
use super::practice::SubmissionInput;
use crate::domain::exams::grade::{Part, Report};
use crate::domain::exams::{Blueprint, ItemKind};
use crate::domain::progress::{Accuracy, Progress};
use crate::entity::exams::{exam_attempt, exam_form};
use crate::service::{self, exams as svc};
use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, ResultExt, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

fn now(ctx: &Context<'_>) -> DateTime<Utc> {
    ctx.now()
}

/// A practice exam or an employer assessment.
pub struct ExamForm(pub exam_form::Model);

#[derive(SimpleObject)]
pub struct SectionCount {
    section: String,
    count: i32,
}

#[Object]
impl ExamForm {
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
    /// PRACTICE (drawn from the bank for each attempt) or ASSESSMENT (an employer's fixed list).
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn duration_minutes(&self) -> i32 {
        self.0.duration_minutes
    }
    async fn pass_percent(&self) -> i32 {
        self.0.pass_percent
    }
    /// IMMEDIATE (the candidate sees the report on closing) or EMPLOYER_ONLY.
    async fn feedback(&self) -> &str {
        &self.0.feedback
    }
    /// The blueprint of a practice exam: items per section.
    async fn sections(&self) -> Vec<SectionCount> {
        let bp: Option<Blueprint> = self
            .0
            .blueprint
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok());
        bp.map(|b| {
            b.sections
                .into_iter()
                .map(|s| SectionCount {
                    section: s.section,
                    count: s.count as i32,
                })
                .collect()
        })
        .unwrap_or_default()
    }
    async fn item_count(&self) -> i32 {
        match &self.0.blueprint {
            Some(b) => serde_json::from_str::<Blueprint>(b)
                .map(|b| b.total() as i32)
                .unwrap_or(0),
            None => self
                .0
                .items
                .as_deref()
                .and_then(|i| serde_json::from_str::<Vec<svc::Entry>>(i).ok())
                .map_or(0, |v| v.len() as i32),
        }
    }
}

#[derive(SimpleObject)]
pub struct ChoiceOption {
    key: String,
    text: String,
}

/// One position of a sitting, as the candidate sees it (no answer while it is open).
#[derive(SimpleObject)]
pub struct ExamItem {
    position: i32,
    /// QUESTION, CASE (code it in full) or CLAIM (build and work its claim with the claims
    /// API; scored by `claimWork` when the exam closes).
    kind: String,
    section: String,
    /// SINGLE (one best answer) or MULTI (select all that apply), for questions.
    answer_mode: Option<String>,
    stem: Option<String>,
    options: Vec<ChoiceOption>,
    /// For a case: code it in full (see `case(id)` for its documents).
    case_id: Option<ID>,
    /// The options saved so far.
    saved_choices: Vec<String>,
    saved: bool,
}

/// A sitting: on the server's clock.
pub struct ExamAttempt(pub exam_attempt::Model);

#[derive(SimpleObject)]
pub struct ScorePart {
    name: String,
    earned: f64,
    possible: f64,
    percent: f64,
}

impl From<&Part> for ScorePart {
    fn from(p: &Part) -> Self {
        ScorePart {
            name: p.name.clone(),
            earned: p.earned,
            possible: p.possible,
            percent: p.percent,
        }
    }
}

#[derive(SimpleObject)]
pub struct ExamReportLine {
    position: i32,
    section: String,
    selected: Vec<String>,
    answer: Vec<String>,
    earned: f64,
    rationale: Option<String>,
    reference: Option<String>,
    /// For a CASE item, each coded line against the key; for a CLAIM item, each step of the
    /// claim work against the scenario's remedy.
    detail: Vec<ExamDetailLine>,
}

/// One line of what was coded or done on a CASE or CLAIM item.
#[derive(SimpleObject)]
pub struct ExamDetailLine {
    /// DIAGNOSIS, PROCEDURE, PCS or DRG; or the claim step's action.
    kind: String,
    /// The code entered, or the step's outcome.
    submitted: Option<String>,
    /// The key's code, or the scenario's remedy.
    expected: Option<String>,
    /// CORRECT, PARTIAL, MISSING, EXTRA, … for coding; RIGHT or WRONG for a step.
    verdict: String,
    points: f64,
    message: String,
}

/// The graded result: total, pass/fail against the form's mark, per section and skill.
#[derive(SimpleObject)]
pub struct ExamReport {
    percent: f64,
    passed: bool,
    earned: f64,
    possible: f64,
    answered: i32,
    sections: Vec<ScorePart>,
    skills: Vec<ScorePart>,
    lines: Vec<ExamReportLine>,
}

async fn report_of(ctx: &Context<'_>, r: &Report) -> async_graphql::Result<ExamReport> {
    let ids: Vec<i32> = r
        .lines
        .iter()
        .filter(|l| l.section != "CASE_CODING" && l.section != "CLAIM_WORK")
        .map(|l| l.item_id)
        .collect();
    let questions = svc::questions(ctx.db(), &ids).await.extend()?;
    let mut lines = Vec::with_capacity(r.lines.len());
    for l in &r.lines {
        let q = if l.section == "CASE_CODING" || l.section == "CLAIM_WORK" {
            None
        } else {
            questions.get(&l.item_id).cloned()
        };
        lines.push(ExamReportLine {
            position: l.position as i32,
            section: l.section.clone(),
            selected: l.selected.clone(),
            answer: l.answer.clone(),
            earned: l.earned,
            rationale: q.as_ref().map(|q| q.rationale.clone()),
            reference: q.map(|q| q.reference),
            detail: l
                .detail
                .iter()
                .map(|d| ExamDetailLine {
                    kind: d.kind.clone(),
                    submitted: d.submitted.clone(),
                    expected: d.expected.clone(),
                    verdict: d.verdict.clone(),
                    points: d.points,
                    message: d.message.clone(),
                })
                .collect(),
        });
    }
    Ok(ExamReport {
        percent: r.percent,
        passed: r.passed,
        earned: r.earned,
        possible: r.possible,
        answered: r.answered as i32,
        sections: r.sections.iter().map(Into::into).collect(),
        skills: r.skills.iter().map(Into::into).collect(),
        lines,
    })
}

#[Object]
impl ExamAttempt {
    async fn id(&self) -> ID {
        self.0.id.into()
    }
    async fn form(&self, ctx: &Context<'_>) -> async_graphql::Result<ExamForm> {
        Ok(ExamForm(svc::form_of(ctx.db(), &self.0).await.extend()?))
    }
    /// IN_PROGRESS, SUBMITTED or EXPIRED (closed by the clock with what was saved).
    async fn status(&self) -> &str {
        &self.0.status
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    async fn deadline_at(&self) -> DateTime<Utc> {
        self.0.deadline_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Seconds left on the server's clock (0 once closed).
    async fn seconds_left(&self, ctx: &Context<'_>) -> i64 {
        if self.0.status != "IN_PROGRESS" {
            return 0;
        }
        (self.0.deadline_at - now(ctx)).num_seconds().max(0)
    }
    async fn items(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExamItem>> {
        let entries = svc::entries(&self.0).extend()?;
        let saved = svc::answers(ctx.db(), self.0.id).await.extend()?;
        let ids: Vec<i32> = entries
            .iter()
            .filter_map(|e| match e {
                svc::Entry::Question(id) => Some(*id),
                _ => None,
            })
            .collect();
        let mut questions = svc::questions(ctx.db(), &ids).await.extend()?;
        let mut out = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let position = i as i32 + 1;
            let mine = saved.iter().find(|(p, _)| *p == position).map(|(_, a)| a);
            let saved_choices = match mine {
                Some(svc::Answer::Choices(k)) => k.clone(),
                _ => Vec::new(),
            };
            out.push(match e {
                svc::Entry::Question(id) => {
                    let q = questions.remove(id).ok_or_else(|| {
                        crate::error::AppError::internal("a drawn question is gone").extend()
                    })?;
                    ExamItem {
                        position,
                        kind: "QUESTION".into(),
                        section: q.section,
                        answer_mode: Some(
                            if q.kind == ItemKind::Single {
                                "SINGLE"
                            } else {
                                "MULTI"
                            }
                            .into(),
                        ),
                        stem: Some(q.stem),
                        options: q
                            .options
                            .into_iter()
                            .map(|o| ChoiceOption {
                                key: o.key,
                                text: o.text,
                            })
                            .collect(),
                        case_id: None,
                        saved: mine.is_some(),
                        saved_choices,
                    }
                }
                svc::Entry::Claim(id) => ExamItem {
                    position,
                    kind: "CLAIM".into(),
                    section: "CLAIM_WORK".into(),
                    answer_mode: None,
                    stem: None,
                    options: Vec::new(),
                    case_id: Some((*id).into()),
                    saved: false,
                    saved_choices: Vec::new(),
                },
                svc::Entry::Case(id) => ExamItem {
                    position,
                    kind: "CASE".into(),
                    section: "CASE_CODING".into(),
                    answer_mode: None,
                    stem: None,
                    options: Vec::new(),
                    case_id: Some((*id).into()),
                    saved: mine.is_some(),
                    saved_choices,
                },
            });
        }
        Ok(out)
    }
    /// The graded report, once closed and released by the form's feedback policy.
    async fn report(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ExamReport>> {
        let v = ctx.viewer()?;
        match svc::released_report(ctx.db(), v, &self.0).await.extend()? {
            Some(r) => Ok(Some(report_of(ctx, &r).await?)),
            None => Ok(None),
        }
    }
}

/// One candidate of an assessment.
#[derive(SimpleObject)]
pub struct CandidateResult {
    attempt_id: ID,
    display_name: String,
    email: String,
    status: String,
    percent: Option<f64>,
    passed: Option<bool>,
    minutes_used: Option<f64>,
    /// Among this assessment's candidates.
    percentile: Option<f64>,
    report: Option<ExamReport>,
}

#[derive(SimpleObject)]
pub struct OptionCount {
    key: String,
    count: i32,
    correct: bool,
}

/// How one item performs: difficulty, discrimination, option choices, flags for suspect keys.
#[derive(SimpleObject)]
pub struct ItemAnalysis {
    item_id: ID,
    slug: String,
    section: String,
    /// Sittings that saw it.
    n: i32,
    /// Mean points (0–1): the share who got it right.
    p_value: Option<f64>,
    /// Upper 27 % minus lower 27 % p-value.
    discrimination: Option<f64>,
    options: Vec<OptionCount>,
    flags: Vec<String>,
}

/// How one key line of a case performs.
#[derive(SimpleObject)]
pub struct CaseLineAnalysis {
    /// DIAGNOSIS, PROCEDURE, PCS or DRG.
    kind: String,
    expected: String,
    n: i32,
    p_value: Option<f64>,
    discrimination: Option<f64>,
    /// The key's code (correct) and the wrong codes entered instead, with counts.
    answers: Vec<OptionCount>,
    flags: Vec<String>,
}

/// Trainees × skills, accuracy in percent (null where a trainee has no scored line).
#[derive(SimpleObject)]
pub struct SkillMatrix {
    skills: Vec<String>,
    /// ICD-10-CM chapters and CPT sections, the columns of `groupCells`.
    code_groups: Vec<String>,
    rows: Vec<SkillMatrixRow>,
    /// The cohort's weakest skills first (mean of the trainees' accuracy).
    weakest: Vec<ScorePart>,
}

#[derive(SimpleObject)]
pub struct SkillMatrixRow {
    account_id: ID,
    display_name: String,
    /// Accuracy per skill, in the order of `skills`.
    cells: Vec<Option<f64>>,
    /// The scored attempts behind each of `cells` (0 where the cell is null).
    attempts: Vec<i32>,
    /// Accuracy per code group, in the order of `codeGroups`.
    group_cells: Vec<Option<f64>>,
    /// The scored attempts behind each of `groupCells`.
    group_attempts: Vec<i32>,
}

/// The sorted labels of one kind of accuracy over every trainee, and each trainee's
/// accuracy under each label (None where they have none).
fn columns<'a>(
    rows: &[&'a Progress],
    pick: impl Fn(&'a Progress) -> &'a Vec<Accuracy>,
) -> (Vec<String>, Vec<Vec<Option<&'a Accuracy>>>) {
    let mut labels: Vec<String> = rows
        .iter()
        .flat_map(|p| pick(p).iter().map(|a| a.label.clone()))
        .collect();
    labels.sort();
    labels.dedup();
    let cells = rows
        .iter()
        .map(|p| {
            labels
                .iter()
                .map(|l| pick(p).iter().find(|a| &a.label == l))
                .collect()
        })
        .collect();
    (labels, cells)
}

#[derive(Default)]
pub struct ExamQuery;

#[Object]
impl ExamQuery {
    /// The exams you may sit: the practice exams, and assessments you were invited to (or own).
    async fn exam_forms(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExamForm>> {
        let v = ctx.viewer()?;
        Ok(svc::forms(ctx.db(), v)
            .await
            .extend()?
            .into_iter()
            .map(ExamForm)
            .collect())
    }

    /// One of your sittings (closed by the clock if its deadline has passed).
    async fn exam_attempt(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ExamAttempt> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        Ok(ExamAttempt(
            svc::get(ctx.db(), v, now(ctx), id).await.extend()?,
        ))
    }

    /// Your sittings, newest first, with pass/fail against each form's mark.
    async fn my_exam_history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ExamAttempt>> {
        let v = ctx.viewer()?;
        Ok(svc::history(ctx.db(), v, now(ctx))
            .await
            .extend()?
            .into_iter()
            .map(ExamAttempt)
            .collect())
    }

    /// An assessment's candidates, best first (its EMPLOYER).
    async fn assessment_candidates(
        &self,
        ctx: &Context<'_>,
        assessment_id: ID,
    ) -> async_graphql::Result<Vec<CandidateResult>> {
        let v = ctx.viewer()?;
        let id = parse_id(&assessment_id, "assessmentId").extend()?;
        let rows = svc::candidates(ctx.db(), v, now(ctx), id).await.extend()?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let report = match &r.report {
                Some(rep) => Some(report_of(ctx, rep).await?),
                None => None,
            };
            out.push(CandidateResult {
                attempt_id: r.attempt.id.into(),
                display_name: r.account.display_name,
                email: r.account.email,
                status: r.attempt.status,
                percent: r.attempt.percent_e2.map(|p| f64::from(p) / 100.0),
                passed: r.attempt.passed,
                minutes_used: r.minutes_used,
                percentile: r.percentile,
                report,
            });
        }
        Ok(out)
    }

    /// The same comparison as CSV (one row per candidate, one column per skill).
    async fn assessment_candidates_csv(
        &self,
        ctx: &Context<'_>,
        assessment_id: ID,
    ) -> async_graphql::Result<String> {
        let v = ctx.viewer()?;
        let id = parse_id(&assessment_id, "assessmentId").extend()?;
        svc::candidates_csv(ctx.db(), v, now(ctx), id)
            .await
            .extend()
    }

    /// Item analysis of a form's closed sittings: p-value, discrimination, option counts and
    /// flags for suspect keys (the assessment's owner; instructors, employers and admins for
    /// the practice exams).
    async fn item_analysis(
        &self,
        ctx: &Context<'_>,
        form_id: ID,
    ) -> async_graphql::Result<Vec<ItemAnalysis>> {
        let v = ctx.viewer()?;
        let id = parse_id(&form_id, "formId").extend()?;
        let stats = svc::item_analysis(ctx.db(), v, id).await.extend()?;
        let ids: Vec<i32> = stats.iter().map(|s| s.item_id).collect();
        let mut questions = svc::questions(ctx.db(), &ids).await.extend()?;
        let mut out = Vec::with_capacity(stats.len());
        for s in stats {
            let q = questions.remove(&s.item_id).ok_or_else(|| {
                crate::error::AppError::internal("an analysed question is gone").extend()
            })?;
            out.push(ItemAnalysis {
                item_id: s.item_id.into(),
                slug: q.slug,
                section: q.section,
                n: s.n as i32,
                p_value: s.p_value,
                discrimination: s.discrimination,
                options: s
                    .options
                    .into_iter()
                    .map(|o| OptionCount {
                        key: o.key,
                        count: o.count as i32,
                        correct: o.correct,
                    })
                    .collect(),
                flags: s.flags,
            });
        }
        Ok(out)
    }

    /// Item analysis of every key line of a case over your organization's scored practice
    /// attempts: p-value, discrimination, and the wrong codes entered instead (INSTRUCTOR,
    /// EMPLOYER, ADMIN).
    async fn case_line_analysis(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
    ) -> async_graphql::Result<Vec<CaseLineAnalysis>> {
        let v = ctx.viewer()?;
        let id = parse_id(&case_id, "caseId").extend()?;
        let rows = svc::case_line_analysis(ctx.db(), v, id).await.extend()?;
        Ok(rows
            .into_iter()
            .map(|r| CaseLineAnalysis {
                kind: r.kind,
                expected: r.expected,
                n: r.stats.n as i32,
                p_value: r.stats.p_value,
                discrimination: r.stats.discrimination,
                answers: r
                    .stats
                    .options
                    .into_iter()
                    .map(|o| OptionCount {
                        key: o.key,
                        count: o.count as i32,
                        correct: o.correct,
                    })
                    .collect(),
                flags: r.stats.flags,
            })
            .collect())
    }

    /// A cohort's accuracy per skill, trainee by trainee, for a heat map (INSTRUCTOR, ADMIN).
    async fn cohort_skill_matrix(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
    ) -> async_graphql::Result<SkillMatrix> {
        let v = ctx.viewer()?;
        let id = parse_id(&cohort_id, "cohortId").extend()?;
        let index = ctx.data_unchecked::<Arc<crate::domain::codes::index::CodeIndex>>();
        let rows = service::progress::of_cohort(ctx.db(), index, v, id)
            .await
            .extend()?;
        let progress: Vec<&Progress> = rows.iter().map(|(_, p)| p).collect();
        let (skills, skill_cells) = columns(&progress, |p| &p.by_skill);
        let (code_groups, group_cells) = columns(&progress, |p| &p.by_code_group);
        let mut weakest: Vec<ScorePart> = skills
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let seen: Vec<f64> = skill_cells
                    .iter()
                    .filter_map(|r| r[i].map(|a| a.percent()))
                    .collect();
                let (sum, n) = (seen.iter().sum::<f64>(), seen.len() as f64);
                (n > 0.0).then(|| ScorePart {
                    name: s.clone(),
                    earned: sum / 100.0,
                    possible: n,
                    percent: sum / n,
                })
            })
            .collect();
        weakest.sort_by(|a, b| a.percent.total_cmp(&b.percent));
        let percents = |r: &[Option<&Accuracy>]| r.iter().map(|c| c.map(|a| a.percent())).collect();
        let counts = |r: &[Option<&Accuracy>]| {
            r.iter()
                .map(|c| c.map_or(0, |a| i32::try_from(a.attempts).unwrap_or(i32::MAX)))
                .collect()
        };
        let matrix = rows
            .iter()
            .zip(skill_cells.iter().zip(&group_cells))
            .map(|((a, _), (sc, gc))| SkillMatrixRow {
                account_id: a.id.into(),
                display_name: a.display_name.clone(),
                cells: percents(sc),
                attempts: counts(sc),
                group_cells: percents(gc),
                group_attempts: counts(gc),
            })
            .collect();
        Ok(SkillMatrix {
            skills,
            code_groups,
            rows: matrix,
            weakest,
        })
    }
}

#[derive(InputObject)]
pub struct StartExamInput {
    form_id: ID,
}

/// A candidate code, used by an account that already exists.
#[derive(InputObject)]
pub struct RedeemCandidateCodeInput {
    code: String,
}

/// The assessment a candidate code admits you to (sit it once with `startExam`).
#[derive(SimpleObject)]
pub struct RedeemCandidateCodePayload {
    assessment: ExamForm,
}

/// Saves one position: `choices` for a question, `coding` for a case.
#[derive(InputObject)]
pub struct SaveExamAnswerInput {
    attempt_id: ID,
    position: i32,
    choices: Option<Vec<String>>,
    coding: Option<SubmissionInput>,
}

#[derive(InputObject)]
pub struct ExamAttemptInput {
    attempt_id: ID,
}

#[derive(InputObject)]
pub struct CreateAssessmentInput {
    title: String,
    #[graphql(default)]
    description: String,
    #[graphql(default)]
    question_ids: Vec<ID>,
    #[graphql(default)]
    case_ids: Vec<ID>,
    /// Cases whose claim the candidate works (e.g. the denial scenarios).
    #[graphql(default)]
    claim_case_ids: Vec<ID>,
    duration_minutes: i32,
    #[graphql(default = 70)]
    pass_percent: i32,
    /// Whether candidates see their graded report on closing (default: the employer only).
    #[graphql(default)]
    feedback: AssessmentFeedback,
}

/// Who sees a candidate's graded report when the sitting closes.
#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum AssessmentFeedback {
    /// The candidate too, as soon as the sitting closes.
    Immediate,
    /// The employer only.
    #[default]
    EmployerOnly,
}

impl From<AssessmentFeedback> for svc::Feedback {
    fn from(f: AssessmentFeedback) -> Self {
        match f {
            AssessmentFeedback::Immediate => svc::Feedback::Immediate,
            AssessmentFeedback::EmployerOnly => svc::Feedback::EmployerOnly,
        }
    }
}

#[derive(InputObject)]
pub struct InviteCandidatesInput {
    assessment_id: ID,
    count: i32,
    #[graphql(default = 168)]
    expires_in_hours: i32,
}

#[derive(SimpleObject)]
pub struct ExamAttemptPayload {
    attempt: ExamAttempt,
}

#[derive(SimpleObject)]
pub struct AssessmentPayload {
    assessment: ExamForm,
}

/// Single-use codes: each registers one candidate (`register(input: {invitationCode})`).
#[derive(SimpleObject)]
pub struct CandidateInvitations {
    codes: Vec<String>,
}

#[derive(Default)]
pub struct ExamMutation;

#[Object]
impl ExamMutation {
    /// Uses a candidate code with the account you are signed in with: the assessment is then
    /// yours to sit once. You join no organization.
    async fn redeem_candidate_code(
        &self,
        ctx: &Context<'_>,
        input: RedeemCandidateCodeInput,
    ) -> async_graphql::Result<RedeemCandidateCodePayload> {
        let v = ctx.viewer()?;
        let f = svc::redeem_candidate_code(ctx.db(), v, &input.code)
            .await
            .extend()?;
        Ok(RedeemCandidateCodePayload {
            assessment: ExamForm(f),
        })
    }

    /// Starts a sitting on the server's clock.
    async fn start_exam(
        &self,
        ctx: &Context<'_>,
        input: StartExamInput,
    ) -> async_graphql::Result<ExamAttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.form_id, "formId").extend()?;
        let a = svc::start(ctx.db(), v, now(ctx), id).await.extend()?;
        Ok(ExamAttemptPayload {
            attempt: ExamAttempt(a),
        })
    }

    /// Saves an answer; refused once the deadline has passed.
    async fn save_exam_answer(
        &self,
        ctx: &Context<'_>,
        input: SaveExamAnswerInput,
    ) -> async_graphql::Result<ExamAttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        let answer = match (input.choices, input.coding) {
            (Some(c), None) => svc::Answer::Choices(c),
            (None, Some(s)) => svc::Answer::Coding(s.into()),
            _ => {
                return Err(crate::error::AppError::bad_input(
                    "choices",
                    "send either choices or coding",
                )
                .extend());
            }
        };
        let a = svc::save(ctx.db(), v, now(ctx), id, input.position, answer)
            .await
            .extend()?;
        Ok(ExamAttemptPayload {
            attempt: ExamAttempt(a),
        })
    }

    /// Hands the sitting in and grades it (after the deadline it is closed as EXPIRED).
    async fn submit_exam(
        &self,
        ctx: &Context<'_>,
        input: ExamAttemptInput,
    ) -> async_graphql::Result<ExamAttemptPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.attempt_id, "attemptId").extend()?;
        let a = svc::submit(ctx.db(), v, now(ctx), id).await.extend()?;
        Ok(ExamAttemptPayload {
            attempt: ExamAttempt(a),
        })
    }

    /// Builds an assessment from bank questions and library cases (EMPLOYER, ADMIN).
    async fn create_assessment(
        &self,
        ctx: &Context<'_>,
        input: CreateAssessmentInput,
    ) -> async_graphql::Result<AssessmentPayload> {
        let v = ctx.viewer()?;
        let question_ids = input
            .question_ids
            .iter()
            .map(|q| parse_id(q, "questionIds"))
            .collect::<Result<Vec<_>, _>>()
            .extend()?;
        let case_ids = input
            .case_ids
            .iter()
            .map(|c| parse_id(c, "caseIds"))
            .collect::<Result<Vec<_>, _>>()
            .extend()?;
        let claim_case_ids = input
            .claim_case_ids
            .iter()
            .map(|c| parse_id(c, "claimCaseIds"))
            .collect::<Result<Vec<_>, _>>()
            .extend()?;
        let f = svc::create_assessment(
            ctx.db(),
            v,
            svc::NewAssessment {
                title: input.title,
                description: input.description,
                question_ids,
                case_ids,
                claim_case_ids,
                duration_minutes: input.duration_minutes,
                pass_percent: input.pass_percent,
                feedback: input.feedback.into(),
            },
        )
        .await
        .extend()?;
        Ok(AssessmentPayload {
            assessment: ExamForm(f),
        })
    }

    /// Creates single-use invitation codes for candidates of an assessment you own.
    async fn invite_candidates(
        &self,
        ctx: &Context<'_>,
        input: InviteCandidatesInput,
    ) -> async_graphql::Result<CandidateInvitations> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.assessment_id, "assessmentId").extend()?;
        let codes = svc::invite_candidates(ctx.db(), v, id, input.count, input.expires_in_hours)
            .await
            .extend()?;
        Ok(CandidateInvitations { codes })
    }
}
