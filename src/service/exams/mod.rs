//! Exams on the server's clock: practice exams drawn from a blueprint for each attempt, and
//! employer assessments a candidate takes once. An answer counts only when saved before the
//! deadline; after it the attempt closes itself with what was saved (on the next read or
//! write, whichever comes first) and further answers are refused.

mod assessments;
mod overview;
mod reports;

pub use assessments::{
    Feedback, NewAssessment, candidates, candidates_csv, create_assessment, invite_candidates,
    redeem_candidate_code,
};
pub use overview::{AssessmentOverview, assessment, assessments};
pub use reports::{case_line_analysis, history, item_analysis};

use super::audit::{self, AuditEntry};
use super::{from_json, stored, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::account::Role;
use crate::domain::exams::assemble::{Candidate, assemble};
use crate::domain::exams::grade::{self, Report, Scored};
use crate::domain::exams::{Blueprint, Question, in_time};
use crate::domain::lifecycle::{ExamEvent, ExamStatus};
use crate::domain::scoring::{Policy, Submission, score};
use crate::entity::exams::{exam_answer, exam_attempt, exam_form, exam_grant, question_item};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

/// One position of a form: a bank question or a library case coded in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Entry {
    Question(i32),
    Case(i32),
    /// A case whose claim the candidate builds and works through the claims API; scored by
    /// `claimWork` at closing.
    Claim(i32),
}

/// What a candidate saves for one position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    Choices(Vec<String>),
    Coding(Submission),
}

/// The forms a viewer may sit: the public practice exams, and assessments they were invited to.
pub async fn forms(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<Vec<exam_form::Model>> {
    let grants: Vec<i32> = exam_grant::Entity::find()
        .filter(exam_grant::Column::AccountId.eq(viewer.account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.form_id)
        .collect();
    let all = exam_form::Entity::find()
        .order_by_asc(exam_form::Column::Id)
        .all(db)
        .await?;
    Ok(all
        .into_iter()
        .filter(|f| f.kind == "PRACTICE" || grants.contains(&f.id) || owns(viewer, f))
        .collect())
}

/// An EMPLOYER (or ADMIN) of the form's organization.
fn owns(viewer: &Viewer, f: &exam_form::Model) -> bool {
    f.organization_id.is_some_and(|o| viewer.can_see_org(o))
        && (viewer.is_admin() || viewer.role == Role::Employer)
}

pub async fn form(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<exam_form::Model> {
    forms(db, viewer)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| AppError::not_found("exam form"))
}

/// Starts a sitting on the server's clock: a fresh draw for a practice exam, the fixed list for
/// an assessment (which a candidate may sit once).
pub async fn start(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    form_id: i32,
) -> AppResult<exam_attempt::Model> {
    let f = form(db, viewer, form_id).await?;
    let entries: Vec<Entry> = if f.kind == "PRACTICE" {
        let bp: Blueprint = from_json(f.blueprint.as_deref().unwrap_or("null"))?;
        let bank: Vec<Candidate> = question_item::practice_bank()
            .all(db)
            .await?
            .into_iter()
            .map(|q| Candidate {
                id: q.id,
                section: q.section,
                exams: q
                    .exams
                    .split(',')
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
            .collect();
        let seed = rand::random::<u64>();
        assemble(&bp, &bank, seed)
            .map_err(|short| {
                AppError::internal(format!(
                    "the bank is too small for {}: {}",
                    f.slug,
                    short
                        .iter()
                        .map(|s| format!("{} needs {}, has {}", s.section, s.wanted, s.available))
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?
            .into_iter()
            .map(Entry::Question)
            .collect()
    } else {
        if owns(viewer, &f) {
            return Err(AppError::forbidden(
                "an assessment's owner reviews it; candidates sit it",
            ));
        }
        from_json(f.items.as_deref().unwrap_or("[]"))?
    };
    let txn = begin_write(db).await?;
    if f.kind != "PRACTICE" {
        // The invitation's grant is single use: marking it used is the guard against a second
        // sitting, racing or not.
        let used = exam_grant::Entity::update_many()
            .col_expr(exam_grant::Column::UsedAt, Expr::value(now))
            .filter(exam_grant::Column::FormId.eq(f.id))
            .filter(exam_grant::Column::AccountId.eq(viewer.account_id))
            .filter(exam_grant::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            let when = exam_grant::Entity::find_by_id((f.id, viewer.account_id))
                .one(&txn)
                .await?
                .and_then(|g| g.used_at);
            return Err(AppError::Conflict(match when {
                Some(t) => format!(
                    "this assessment can be taken once: you started it at {}",
                    t.format("%Y-%m-%d %H:%M UTC")
                ),
                None => "this assessment can be taken once".into(),
            }));
        }
    }
    let row = exam_attempt::ActiveModel {
        id: NotSet,
        form_id: Set(f.id),
        account_id: Set(viewer.account_id),
        items: Set(to_json(&entries)?),
        status: Set("IN_PROGRESS".into()),
        started_at: Set(now),
        deadline_at: Set(now + Duration::minutes(f.duration_minutes.into())),
        closed_at: Set(None),
        percent_e2: Set(None),
        passed: Set(None),
        report: Set(None),
    }
    .insert(&txn)
    .await?;
    let org = f.organization_id.or(viewer.organization_id);
    audit::record(&txn, entry(viewer, org, row.id, "exam.start")).await?;
    txn.commit().await?;
    Ok(row)
}

/// The viewer's own attempt, closed first if its deadline has passed.
pub async fn get(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: i32,
) -> AppResult<exam_attempt::Model> {
    let row = exam_attempt::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| a.account_id == viewer.account_id)
        .ok_or_else(|| AppError::not_found("exam attempt"))?;
    expire_if_due(db, row, now).await
}

/// An attempt as read, closed first (as EXPIRED, once) if its deadline has passed.
pub(super) async fn expire_if_due(
    db: &DatabaseConnection,
    row: exam_attempt::Model,
    now: DateTime<Utc>,
) -> AppResult<exam_attempt::Model> {
    if row.status != ExamStatus::InProgress.as_str() || in_time(now, row.deadline_at) {
        return Ok(row);
    }
    let txn = begin_write(db).await?;
    let row = locked(&txn, row.id).await?;
    let row = close_if_expired(&txn, row, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// The attempt read locked: answers, the hand-in and the expiry apply one at a time, so an
/// answer acknowledged before the attempt closes is in its grading, and one after is refused.
async fn locked(txn: &WriteTx, id: i32) -> AppResult<exam_attempt::Model> {
    txn.lock_one(exam_attempt::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| AppError::not_found("exam attempt"))
}

/// Closes a locked attempt as EXPIRED if its deadline has passed (once, by whoever comes first).
async fn close_if_expired(
    txn: &WriteTx,
    row: exam_attempt::Model,
    now: DateTime<Utc>,
) -> AppResult<exam_attempt::Model> {
    if row.status == ExamStatus::InProgress.as_str() && !in_time(now, row.deadline_at) {
        return close(txn, row, ExamEvent::Expire, now).await;
    }
    Ok(row)
}

/// Why an answer is refused on a closed attempt.
fn closed_refusal(row: &exam_attempt::Model) -> AppError {
    AppError::Conflict(format!(
        "the exam closed at {} ({}): answers after it are not accepted",
        row.closed_at
            .unwrap_or(row.deadline_at)
            .format("%Y-%m-%d %H:%M:%S UTC"),
        row.status
    ))
}

/// Saves the answer for one position (1-based). The server's clock decides: an answer saved
/// (acknowledged) before the deadline is graded; one after it is refused, and the attempt
/// closes as EXPIRED.
pub async fn save(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: i32,
    position: i32,
    answer: Answer,
) -> AppResult<exam_attempt::Model> {
    let row = get(db, viewer, now, id).await?;
    if stored(ExamStatus::parse(&row.status))?
        .next(ExamEvent::Answer)
        .is_err()
    {
        return Err(closed_refusal(&row));
    }
    let answer = checked_answer(db, &row, position, answer).await?;
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    let row = close_if_expired(&txn, row, now).await?;
    if stored(ExamStatus::parse(&row.status))?
        .next(ExamEvent::Answer)
        .is_err()
    {
        // An expiry just written is kept; the answer is not.
        txn.commit().await?;
        return Err(closed_refusal(&row));
    }
    let m = exam_answer::ActiveModel {
        attempt_id: Set(row.id),
        position: Set(position),
        answer: Set(to_json(&answer)?),
        saved_at: Set(now),
    };
    exam_answer::Entity::insert(m)
        .on_conflict(
            OnConflict::columns([
                exam_answer::Column::AttemptId,
                exam_answer::Column::Position,
            ])
            .update_columns([exam_answer::Column::Answer, exam_answer::Column::SavedAt])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
    let org = sitting_org(&txn, row.form_id, row.account_id).await?;
    audit::record(&txn, entry(viewer, org, row.id, "exam.answer")).await?;
    txn.commit().await?;
    Ok(row)
}

/// An answer checked against the position it is for.
async fn checked_answer(
    db: &impl ConnectionTrait,
    row: &exam_attempt::Model,
    position: i32,
    answer: Answer,
) -> AppResult<Answer> {
    let entries: Vec<Entry> = from_json(&row.items)?;
    let Some(entry) = usize::try_from(position)
        .ok()
        .and_then(|p| p.checked_sub(1))
        .and_then(|p| entries.get(p))
    else {
        return Err(AppError::bad_input(
            "position",
            format!("the exam has positions 1 to {}", entries.len()),
        ));
    };
    match (entry, answer) {
        (Entry::Question(qid), Answer::Choices(keys)) => {
            let q = question(db, *qid).await?;
            let keys: Vec<String> = keys.iter().map(|k| k.trim().to_uppercase()).collect();
            if let Some(bad) = keys
                .iter()
                .find(|k| !q.options.iter().any(|o| &o.key == *k))
            {
                return Err(AppError::bad_input(
                    "choices",
                    format!("'{bad}' is not an option of this question"),
                ));
            }
            Ok(Answer::Choices(keys))
        }
        (Entry::Case(_), Answer::Coding(s)) => {
            Ok(Answer::Coding(super::practice::check_submission(&s)?))
        }
        (Entry::Claim(_), _) => Err(AppError::bad_input(
            "position",
            "this position is a claim: work it with createClaim, submitClaim and the remedies; it is scored when the exam closes",
        )),
        (Entry::Question(_), _) => Err(AppError::bad_input(
            "choices",
            "this position is a question: send choices",
        )),
        (Entry::Case(_), _) => Err(AppError::bad_input(
            "coding",
            "this position is a case: send coding",
        )),
    }
}

/// Hands the attempt in (or, past the deadline, closes it as EXPIRED) and grades it, once:
/// handing in a closed attempt again returns it as it is.
pub async fn submit(
    db: &DatabaseConnection,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: i32,
) -> AppResult<exam_attempt::Model> {
    get(db, viewer, now, id).await?;
    let txn = begin_write(db).await?;
    let row = locked(&txn, id).await?;
    let row = close_if_expired(&txn, row, now).await?;
    if row.status != ExamStatus::InProgress.as_str() {
        txn.commit().await?;
        return Ok(row);
    }
    let closed = close(&txn, row, ExamEvent::Submit, now).await?;
    txn.commit().await?;
    Ok(closed)
}

/// Grades a locked, open attempt with the answers saved before the deadline and closes it,
/// with one audit row (`exam.submit` or `exam.expire`) in the same transaction.
async fn close(
    txn: &WriteTx,
    row: exam_attempt::Model,
    event: ExamEvent,
    now: DateTime<Utc>,
) -> AppResult<exam_attempt::Model> {
    let status = stored(ExamStatus::parse(&row.status))?.next(event)?;
    let closed_at = if event == ExamEvent::Expire {
        row.deadline_at
    } else {
        now
    };
    let f = exam_form::Entity::find_by_id(row.form_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("exam form"))?;
    let report = grade_attempt(txn, &row, f.pass_percent).await?;
    let owner = row.account_id;
    let org = sitting_org(txn, f.id, owner).await?;
    let mut a: exam_attempt::ActiveModel = row.into();
    a.status = Set(status.as_str().into());
    a.closed_at = Set(Some(closed_at));
    a.percent_e2 = Set(Some((report.percent * 100.0).round() as i32));
    a.passed = Set(Some(report.passed));
    a.report = Set(Some(to_json(&report)?));
    let row = a.update(txn).await?;
    let action = if event == ExamEvent::Expire {
        "exam.expire"
    } else {
        "exam.submit"
    };
    audit::record(
        txn,
        AuditEntry {
            account_id: Some(owner),
            organization_id: org,
            action,
            target_type: "exam_attempt",
            target_id: Some(row.id.to_string()),
        },
    )
    .await?;
    Ok(row)
}

async fn grade_attempt(
    db: &impl ConnectionTrait,
    row: &exam_attempt::Model,
    pass: i32,
) -> AppResult<Report> {
    let entries: Vec<Entry> = from_json(&row.items)?;
    let answers: Vec<exam_answer::Model> = exam_answer::Entity::find()
        .filter(exam_answer::Column::AttemptId.eq(row.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|a| in_time(a.saved_at, row.deadline_at))
        .collect();
    let ids: Vec<i32> = entries
        .iter()
        .filter_map(|e| {
            if let Entry::Question(q) = e {
                Some(*q)
            } else {
                None
            }
        })
        .collect();
    let questions = questions(db, &ids).await?;
    let mut scored = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let saved = answers
            .iter()
            .find(|a| a.position == i as i32 + 1)
            .map(|a| from_json::<Answer>(&a.answer))
            .transpose()?;
        scored.push(match e {
            Entry::Question(id) => {
                let q = questions
                    .get(id)
                    .ok_or_else(|| AppError::internal("a drawn question is gone"))?;
                let selected = match saved {
                    Some(Answer::Choices(k)) => k,
                    _ => Vec::new(),
                };
                Scored {
                    item_id: *id,
                    section: q.section.clone(),
                    skill_tags: q.skill_tags.clone(),
                    earned: grade::points(q.kind, &q.answer, &selected),
                    answered: !selected.is_empty(),
                    selected,
                    answer: q.answer.clone(),
                    detail: Vec::new(),
                }
            }
            Entry::Claim(case_id) => {
                let doc = super::cases::case_doc(db, *case_id).await?;
                let work =
                    super::claims::work_in_sitting(db, row.account_id, *case_id, row.id).await?;
                Scored {
                    item_id: *case_id,
                    section: "CLAIM_WORK".into(),
                    skill_tags: doc.skill_tags.clone(),
                    earned: f64::from(work.score) / 100.0,
                    answered: work.outcome != "NOT_STARTED",
                    selected: Vec::new(),
                    answer: Vec::new(),
                    detail: grade::claim_detail(&work),
                }
            }
            Entry::Case(case_id) => {
                let doc = super::cases::case_doc(db, *case_id).await?;
                let (earned, answered, detail) = match saved {
                    Some(Answer::Coding(s)) => {
                        let r = score(&doc.key, &s, &Policy::default());
                        (r.percent / 100.0, true, grade::coding_detail(&r))
                    }
                    // Not coded: every key line is missing, and the report says which.
                    _ => {
                        let r = score(&doc.key, &Submission::default(), &Policy::default());
                        (0.0, false, grade::coding_detail(&r))
                    }
                };
                Scored {
                    item_id: *case_id,
                    section: "CASE_CODING".into(),
                    skill_tags: doc.skill_tags.clone(),
                    earned,
                    answered,
                    selected: Vec::new(),
                    answer: Vec::new(),
                    detail,
                }
            }
        });
    }
    Ok(grade::report(scored, pass.max(0) as u32))
}

/// The viewer's sitting `sitting`, open at `now`, holding claim case `case_id`: a claim made for
/// it belongs to the sitting.
pub async fn sitting_with_claim(
    db: &DatabaseConnection,
    viewer: &Viewer,
    sitting: i32,
    case_id: i32,
    now: DateTime<Utc>,
) -> AppResult<exam_attempt::Model> {
    let row = get(db, viewer, now, sitting).await.map_err(|_| {
        AppError::bad_input("examAttemptId", format!("no sitting {sitting} of yours"))
    })?;
    if row.status != ExamStatus::InProgress.as_str() {
        return Err(closed_refusal(&row));
    }
    if !entries(&row)?.contains(&Entry::Claim(case_id)) {
        return Err(AppError::bad_input(
            "caseId",
            "this case is not a claim item of that sitting",
        ));
    }
    Ok(row)
}

/// Refuses claim work on a sitting's claim once the sitting is closed or past its deadline.
/// The sitting is read with a shared lock: its closing waits for this change to commit.
pub async fn claim_window_open(txn: &WriteTx, sitting: i32, now: DateTime<Utc>) -> AppResult<()> {
    let row = txn
        .share_one(exam_attempt::Entity::find_by_id(sitting))
        .await?
        .ok_or_else(|| AppError::not_found("exam attempt"))?;
    if row.status != ExamStatus::InProgress.as_str() || !in_time(now, row.deadline_at) {
        return Err(AppError::Conflict(format!(
            "the exam closed at {}: claim work after it does not count",
            row.closed_at
                .unwrap_or(row.deadline_at)
                .format("%Y-%m-%d %H:%M:%S UTC")
        )));
    }
    Ok(())
}

/// The form of an attempt (whoever may read the attempt may read its form).
pub async fn form_of(
    db: &impl ConnectionTrait,
    row: &exam_attempt::Model,
) -> AppResult<exam_form::Model> {
    exam_form::Entity::find_by_id(row.form_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("exam form"))
}

/// Questions of the bank by id, in one query.
pub async fn questions(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<std::collections::HashMap<i32, Question>> {
    question_item::Entity::find()
        .filter(question_item::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|q| Ok((q.id, from_json::<Question>(&q.body)?)))
        .collect()
}

/// A question of the bank.
pub async fn question(db: &impl ConnectionTrait, id: i32) -> AppResult<Question> {
    let row = question_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("question"))?;
    from_json(&row.body)
}

/// The entries of an attempt, in order.
pub fn entries(row: &exam_attempt::Model) -> AppResult<Vec<Entry>> {
    from_json(&row.items)
}

/// The answers saved for an attempt, by position.
pub async fn answers(db: &impl ConnectionTrait, attempt_id: i32) -> AppResult<Vec<(i32, Answer)>> {
    exam_answer::Entity::find()
        .filter(exam_answer::Column::AttemptId.eq(attempt_id))
        .order_by_asc(exam_answer::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|a| Ok((a.position, from_json(&a.answer)?)))
        .collect()
}

/// The graded report of a closed attempt, when its form releases it to the candidate.
pub async fn released_report(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    row: &exam_attempt::Model,
) -> AppResult<Option<Report>> {
    let Some(r) = &row.report else {
        return Ok(None);
    };
    let f = exam_form::Entity::find_by_id(row.form_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("exam form"))?;
    if f.feedback == "IMMEDIATE" || owns(viewer, &f) {
        Ok(Some(from_json(r)?))
    } else {
        Ok(None)
    }
}

/// The organization whose log a sitting's rows go to: an assessment's employer organization,
/// else (a practice exam of the platform's) the sitter's own.
async fn sitting_org(
    db: &impl ConnectionTrait,
    form_id: i32,
    sitter: i32,
) -> AppResult<Option<i32>> {
    let form = exam_form::Entity::find_by_id(form_id).one(db).await?;
    if let Some(org) = form.and_then(|f| f.organization_id) {
        return Ok(Some(org));
    }
    Ok(crate::entity::account::Entity::find_by_id(sitter)
        .one(db)
        .await?
        .and_then(|a| a.organization_id))
}

fn entry<'a>(viewer: &Viewer, org: Option<i32>, id: i32, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: org,
        action,
        target_type: "exam_attempt",
        target_id: Some(id.to_string()),
    }
}
