//! The question bank as staff browse and author it. INSTRUCTORs, EMPLOYERs and ADMINs read
//! the platform's questions and their own organization's private ones (an ADMIN reads all);
//! trainees are FORBIDDEN. An EMPLOYER or INSTRUCTOR writes private questions for their
//! organization: held for assessment, never drawn into a practice exam and never shown to
//! another organization (NOT_FOUND, as a missing id). An ADMIN writes the platform's questions
//! and moves them between the PRACTICE and ASSESSMENT pools, never below what a practice
//! exam's blueprint needs. Every question is checked as the seed loader checks the bank, and
//! the codes in its options must be valid on the day it is written.

use super::audit::{self, AuditEntry};
use super::{Page, Paged, from_json, paginate, to_json};
use crate::auth::Viewer;
use crate::db::{WriteTx, begin_write};
use crate::domain::account::Role;
use crate::domain::codes::index::CodeIndex;
use crate::domain::exams::assemble::{Candidate, assemble};
use crate::domain::exams::authoring::{Issue, Pool, issues, unknown_codes};
use crate::domain::exams::{Blueprint, ItemKind, Question, QuestionOption};
use crate::entity::exams::{exam_form, question_item};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, Select, Set,
};

/// Who writes an organization's questions.
const AUTHORS: &[Role] = &[Role::Employer, Role::Instructor];

/// Refuses trainees (and anyone not staff) before any lookup.
fn require_staff(viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin() || AUTHORS.contains(&viewer.role) {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "a {} may not read or write the question bank",
            viewer.role.as_str()
        )))
    }
}

/// The questions the viewer may read.
fn visible(viewer: &Viewer) -> AppResult<Select<question_item::Entity>> {
    require_staff(viewer)?;
    Ok(match (viewer.is_admin(), viewer.organization_id) {
        (true, _) => question_item::Entity::find(),
        (false, Some(org)) => question_item::usable_by(org),
        (false, None) => {
            question_item::Entity::find().filter(question_item::Column::OrganizationId.is_null())
        }
    })
}

/// What `list` filters on; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub section: Option<String>,
    pub exam: Option<String>,
    pub skill_tag: Option<String>,
    /// Words found anywhere in the question (stem, options, rationale, reference), any case.
    pub text: Option<String>,
    pub pool: Option<Pool>,
    /// Only the viewer's organization's own questions.
    pub private_only: bool,
}

/// A page of the questions the viewer may read, in id order.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &QuestionFilter,
    page: Page,
) -> AppResult<Paged<question_item::Model>> {
    use question_item::Column as C;
    let mut q = visible(viewer)?;
    if let Some(s) = &filter.section {
        q = q.filter(C::Section.eq(s.as_str()));
    }
    if let Some(e) = &filter.exam {
        q = q.filter(C::Exams.contains(format!(",{e},")));
    }
    if let Some(t) = &filter.skill_tag {
        q = q.filter(C::SkillTags.contains(format!(",{t},")));
    }
    if let Some(p) = filter.pool {
        q = q.filter(C::Pool.eq(p.as_str()));
    }
    if filter.private_only {
        q = q.filter(C::OrganizationId.is_not_null());
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_', '\\'], ""));
        q = q.filter(Expr::expr(Func::lower(Expr::col(C::Body))).like(pattern));
    }
    paginate(db, q, C::Id, page).await
}

/// One question the viewer may read.
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<question_item::Model> {
    visible(viewer)?
        .filter(question_item::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("question"))
}

/// A question as an author writes it; option keys are given in order (A, B, C…).
#[derive(Debug, Clone)]
pub struct QuestionDraft {
    pub kind: ItemKind,
    pub exams: Vec<String>,
    pub section: String,
    pub skill_tags: Vec<String>,
    pub difficulty: String,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: Vec<String>,
    pub rationale: String,
    pub reference: String,
}

/// What `update` changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct QuestionPatch {
    pub kind: Option<ItemKind>,
    pub exams: Option<Vec<String>>,
    pub section: Option<String>,
    pub skill_tags: Option<Vec<String>>,
    pub difficulty: Option<String>,
    pub stem: Option<String>,
    pub options: Option<Vec<String>>,
    pub answer: Option<Vec<String>>,
    pub rationale: Option<String>,
    pub reference: Option<String>,
    pub pool: Option<Pool>,
}

/// The code tables and the day a question's codes must be valid on.
pub struct CodeCheck<'a> {
    pub codes: &'a CodeIndex,
    pub today: NaiveDate,
}

fn keyed(options: &[String]) -> Vec<QuestionOption> {
    options
        .iter()
        .enumerate()
        .map(|(i, t)| QuestionOption {
            key: char::from(b'A' + (i % 26) as u8).to_string(),
            text: t.trim().to_owned(),
        })
        .collect()
}

fn keys(answer: &[String]) -> Vec<String> {
    answer.iter().map(|a| a.trim().to_uppercase()).collect()
}

fn refuse(found: Vec<Issue>) -> AppResult<()> {
    match found.into_iter().next() {
        None => Ok(()),
        Some(i) => Err(AppError::bad_input(i.field, i.message)),
    }
}

/// The question's structure, then (when its options were written now) its codes.
fn check(q: &Question, codes: Option<&CodeCheck<'_>>) -> AppResult<()> {
    refuse(issues(q))?;
    if let Some(c) = codes {
        refuse(unknown_codes(q, |system, code| {
            c.codes.lookup(system, code, Some(c.today)).is_some()
        }))?;
    }
    Ok(())
}

/// The pool of a question: an organization's question is always held for assessment.
fn pool_for(owner: Option<i32>, asked: Option<Pool>, current: Pool) -> AppResult<Pool> {
    match (owner, asked) {
        (Some(_), Some(Pool::Practice)) => Err(AppError::bad_input(
            "pool",
            "an organization's own question is never drawn into practice: its pool is ASSESSMENT",
        )),
        (Some(_), _) => Ok(Pool::Assessment),
        (None, asked) => Ok(asked.unwrap_or(current)),
    }
}

fn entry<'a>(viewer: &Viewer, row: &question_item::Model, action: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        account_id: Some(viewer.account_id),
        organization_id: row.organization_id.or(viewer.organization_id),
        action,
        target_type: "question",
        target_id: Some(row.id.to_string()),
    }
}

fn columns(m: &mut question_item::ActiveModel, q: &Question, pool: Pool) -> AppResult<()> {
    m.kind = Set(match q.kind {
        ItemKind::Single => "SINGLE",
        ItemKind::Multi => "MULTI",
    }
    .into());
    m.exams = Set(format!(",{},", q.exams.join(",")));
    m.section = Set(q.section.clone());
    m.skill_tags = Set(format!(",{},", q.skill_tags.join(",")));
    m.difficulty = Set(q.difficulty.clone());
    m.body = Set(to_json(q)?);
    m.pool = Set(pool.as_str().into());
    Ok(())
}

/// Writes a question: a private one of `organization` (default: the author's own), or with
/// no organization from an ADMIN, one of the platform's (pool PRACTICE unless asked).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    codes: &CodeCheck<'_>,
    organization: Option<i32>,
    pool: Option<Pool>,
    draft: QuestionDraft,
) -> AppResult<question_item::Model> {
    require_staff(viewer)?;
    let owner = match organization.or(if viewer.is_admin() {
        None
    } else {
        viewer.organization_id
    }) {
        Some(org) => {
            super::organization::named(db, viewer, org).await?;
            Some(org)
        }
        None if viewer.is_admin() => None,
        None => return Err(AppError::forbidden("you belong to no organization")),
    };
    let pool = pool_for(owner, pool, Pool::Practice)?;
    let tag = owner.map_or_else(|| "platform".to_owned(), |o| format!("org{o}"));
    let slug = format!("{tag}-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let q = Question {
        slug,
        kind: draft.kind,
        exams: draft.exams,
        section: draft.section.trim().to_owned(),
        skill_tags: draft.skill_tags,
        difficulty: draft.difficulty.trim().to_owned(),
        stem: draft.stem.trim().to_owned(),
        options: keyed(&draft.options),
        answer: keys(&draft.answer),
        rationale: draft.rationale.trim().to_owned(),
        reference: draft.reference.trim().to_owned(),
    };
    check(&q, Some(codes))?;
    let mut m = question_item::ActiveModel {
        id: NotSet,
        slug: Set(q.slug.clone()),
        bank: Set(tag),
        organization_id: Set(owner),
        created_by: Set(Some(viewer.account_id)),
        ..Default::default()
    };
    columns(&mut m, &q, pool)?;
    let txn = begin_write(db).await?;
    let row = m.insert(&txn).await?;
    audit::record(&txn, entry(viewer, &row, "question.create")).await?;
    txn.commit().await?;
    Ok(row)
}

/// Changes a question the viewer may write: their organization's (EMPLOYER, INSTRUCTOR,
/// ADMIN), or the platform's (ADMIN). The question is read locked and checked whole again.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    codes: &CodeCheck<'_>,
    id: i32,
    patch: QuestionPatch,
) -> AppResult<question_item::Model> {
    let mine = visible(viewer)?.filter(question_item::Column::Id.eq(id));
    let txn = begin_write(db).await?;
    let row = txn
        .lock_one(mine)
        .await?
        .ok_or_else(|| AppError::not_found("question"))?;
    match row.organization_id {
        Some(org) => viewer.require_in_org(org, AUTHORS, "write questions")?,
        None if viewer.is_admin() => {}
        None => {
            return Err(AppError::forbidden(
                "the platform's questions are written by an administrator",
            ));
        }
    }
    let before = Pool::parse(&row.pool);
    let pool = pool_for(row.organization_id, patch.pool, before)?;
    let mut q: Question = from_json(&row.body)?;
    let (old_section, old_exams) = (q.section.clone(), q.exams.clone());
    let new_options = patch.options.is_some();
    if let Some(k) = patch.kind {
        q.kind = k;
    }
    if let Some(v) = patch.exams {
        q.exams = v;
    }
    if let Some(v) = patch.section {
        q.section = v.trim().to_owned();
    }
    if let Some(v) = patch.skill_tags {
        q.skill_tags = v;
    }
    if let Some(v) = patch.difficulty {
        q.difficulty = v.trim().to_owned();
    }
    if let Some(v) = patch.stem {
        q.stem = v.trim().to_owned();
    }
    if let Some(v) = patch.options {
        q.options = keyed(&v);
    }
    if let Some(v) = patch.answer {
        q.answer = keys(&v);
    }
    if let Some(v) = patch.rationale {
        q.rationale = v.trim().to_owned();
    }
    if let Some(v) = patch.reference {
        q.reference = v.trim().to_owned();
    }
    check(&q, new_options.then_some(codes))?;
    let leaves_practice = row.organization_id.is_none()
        && before == Pool::Practice
        && (pool != Pool::Practice || q.section != old_section || q.exams != old_exams);
    if leaves_practice {
        let staying = (pool == Pool::Practice).then(|| candidate(row.id, &q.section, &q.exams));
        practice_exams_still_drawn(&txn, row.id, staying).await?;
    }
    let mut m: question_item::ActiveModel = row.into();
    columns(&mut m, &q, pool)?;
    let row = m.update(&txn).await?;
    audit::record(&txn, entry(viewer, &row, "question.update")).await?;
    txn.commit().await?;
    Ok(row)
}

fn candidate(id: i32, section: &str, exams: &[String]) -> Candidate {
    Candidate {
        id,
        section: section.to_owned(),
        exams: exams.to_vec(),
    }
}

/// Refuses a change to the practice pool that would leave a practice exam's blueprint short
/// of questions (CONFLICT naming the exam and the section). The pool is read locked, so two
/// such changes apply one after the other, each checked against what the other left.
async fn practice_exams_still_drawn(
    txn: &WriteTx,
    changed: i32,
    staying: Option<Candidate>,
) -> AppResult<()> {
    let bank: Vec<Candidate> = txn
        .lock_all(question_item::practice_bank())
        .await?
        .into_iter()
        .filter(|q| q.id != changed)
        .map(|q| {
            let exams: Vec<String> = q
                .exams
                .split(',')
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect();
            candidate(q.id, &q.section, &exams)
        })
        .chain(staying)
        .collect();
    let forms = exam_form::Entity::find()
        .filter(exam_form::Column::Kind.eq("PRACTICE"))
        .all(txn)
        .await?;
    for f in forms {
        let Some(bp) = f.blueprint.as_deref() else {
            continue;
        };
        let bp: Blueprint = from_json(bp)?;
        if let Err(short) = assemble(&bp, &bank, 0)
            && let Some(s) = short.first()
        {
            return Err(AppError::Conflict(format!(
                "{} draws {} {} question(s) from the practice pool; only {} would be left",
                f.title, s.wanted, s.section, s.available
            )));
        }
    }
    Ok(())
}
