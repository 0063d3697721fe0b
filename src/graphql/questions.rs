//! The question bank over GraphQL: staff browse it (INSTRUCTOR, EMPLOYER, ADMIN; trainees are
//! FORBIDDEN) and write private questions for their organization's assessments; an ADMIN
//! writes the platform's and moves them between the practice and assessment pools.

use super::context::{CtxExt, parse_id};
use super::organization::Organization;
use super::pagination::{Conn, connection, cost, page};
use crate::domain::account::Role;
use crate::domain::codes::index::CodeIndex;
use crate::domain::exams::authoring::Pool;
use crate::domain::exams::{ItemKind, Question as DomQuestion};
use crate::entity::exams::question_item;
use crate::service::questions::{CodeCheck, QuestionDraft, QuestionFilter, QuestionPatch};
use crate::service::{self, from_json};
use async_graphql::{Context, Enum, ID, InputObject, Object, ResultExt, SimpleObject};
use std::sync::Arc;

/// SINGLE (one best answer) or MULTI (select all that apply).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum QuestionKind {
    Single,
    Multi,
}

impl From<QuestionKind> for ItemKind {
    fn from(k: QuestionKind) -> Self {
        match k {
            QuestionKind::Single => ItemKind::Single,
            QuestionKind::Multi => ItemKind::Multi,
        }
    }
}

/// Where a question may be drawn.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum QuestionPool {
    /// Practice exams draw from it (the platform's questions only).
    Practice,
    /// Held back for assessments: never in a practice exam.
    Assessment,
}

impl From<QuestionPool> for Pool {
    fn from(p: QuestionPool) -> Self {
        match p {
            QuestionPool::Practice => Pool::Practice,
            QuestionPool::Assessment => Pool::Assessment,
        }
    }
}

/// One option of a question.
#[derive(SimpleObject)]
pub struct QuestionChoice {
    key: String,
    text: String,
}

/// A question of the bank: the platform's, or (private) one organization's.
pub struct Question {
    row: question_item::Model,
    body: DomQuestion,
}

impl Question {
    fn new(row: question_item::Model) -> async_graphql::Result<Self> {
        let body = from_json(&row.body).extend()?;
        Ok(Question { row, body })
    }
}

/// Whether the viewer is staff (answers and rationales are theirs only).
fn staff(ctx: &Context<'_>) -> bool {
    ctx.viewer().is_ok_and(|v| v.role != Role::Trainee)
}

#[Object]
impl Question {
    async fn id(&self) -> ID {
        self.row.id.into()
    }
    async fn slug(&self) -> &str {
        &self.row.slug
    }
    async fn kind(&self) -> QuestionKind {
        match self.body.kind {
            ItemKind::Single => QuestionKind::Single,
            ItemKind::Multi => QuestionKind::Multi,
        }
    }
    /// The practice exams it may be drawn for: CPC and/or CCS.
    async fn exams(&self) -> &[String] {
        &self.body.exams
    }
    async fn section(&self) -> &str {
        &self.body.section
    }
    async fn skill_tags(&self) -> &[String] {
        &self.body.skill_tags
    }
    /// BEGINNER, INTERMEDIATE or ADVANCED.
    async fn difficulty(&self) -> &str {
        &self.body.difficulty
    }
    /// Markdown.
    async fn stem(&self) -> &str {
        &self.body.stem
    }
    async fn options(&self) -> Vec<QuestionChoice> {
        self.body
            .options
            .iter()
            .map(|o| QuestionChoice {
                key: o.key.clone(),
                text: o.text.clone(),
            })
            .collect()
    }
    /// The keys of the right options (staff only).
    async fn answer(&self, ctx: &Context<'_>) -> Option<Vec<String>> {
        staff(ctx).then(|| self.body.answer.clone())
    }
    /// Why the answer is right and each distractor wrong (staff only).
    async fn rationale(&self, ctx: &Context<'_>) -> Option<String> {
        staff(ctx).then(|| self.body.rationale.clone())
    }
    async fn reference(&self) -> &str {
        &self.body.reference
    }
    async fn pool(&self) -> QuestionPool {
        match Pool::parse(&self.row.pool) {
            Pool::Practice => QuestionPool::Practice,
            Pool::Assessment => QuestionPool::Assessment,
        }
    }
    /// True for an organization's own question (never in practice exams or other
    /// organizations' lists).
    async fn private(&self) -> bool {
        self.row.organization_id.is_some()
    }
    /// The organization that owns a private question; null for the platform's.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organization>> {
        match self.row.organization_id {
            None => Ok(None),
            Some(id) => service::organization::find(ctx.db(), id)
                .await
                .map(|o| Some(Organization(o)))
                .extend(),
        }
    }
}

/// Narrows `questions`; every part is optional.
#[derive(InputObject, Default)]
pub struct QuestionFilterInput {
    /// A section, e.g. EM, ICD10CM, CCS_PCS.
    section: Option<String>,
    /// CPC or CCS.
    exam: Option<String>,
    /// A skill tag, e.g. CPC:MODIFIERS.
    skill_tag: Option<String>,
    /// Words found anywhere in the question (stem, options, rationale, reference), any case.
    text: Option<String>,
    pool: Option<QuestionPool>,
    /// Only private questions (yours; an ADMIN's: every organization's).
    private_only: Option<bool>,
}

/// Writes a question. Option keys are given in order: A, B, C…
#[derive(InputObject)]
pub struct CreateQuestionInput {
    /// The organization it is private to: by default yours; an ADMIN leaving it out writes a
    /// platform question.
    organization_id: Option<ID>,
    kind: QuestionKind,
    /// CPC and/or CCS (default: CCS for a CCS_ section, else CPC).
    exams: Option<Vec<String>>,
    section: String,
    skill_tags: Vec<String>,
    #[graphql(default_with = "\"INTERMEDIATE\".to_owned()")]
    difficulty: String,
    /// Markdown.
    stem: String,
    /// The options' texts, keyed A, B, C… in order: SINGLE has 4, MULTI 4 to 8. Codes in
    /// them must be valid today.
    options: Vec<String>,
    /// The keys of the right options: one for SINGLE.
    answer: Vec<String>,
    rationale: String,
    reference: String,
    /// A private question is always ASSESSMENT; a platform question PRACTICE unless said.
    pool: Option<QuestionPool>,
}

/// Changes a question; a field left out keeps its value. Checked whole again.
#[derive(InputObject)]
pub struct UpdateQuestionInput {
    question_id: ID,
    kind: Option<QuestionKind>,
    exams: Option<Vec<String>>,
    section: Option<String>,
    skill_tags: Option<Vec<String>>,
    difficulty: Option<String>,
    stem: Option<String>,
    /// All the options' texts, keyed A, B, C… in order.
    options: Option<Vec<String>>,
    answer: Option<Vec<String>>,
    rationale: Option<String>,
    reference: Option<String>,
    /// Platform questions only (ADMIN): never below what a practice exam draws.
    pool: Option<QuestionPool>,
}

/// The result of `createQuestion`.
#[derive(SimpleObject)]
pub struct CreateQuestionPayload {
    question: Question,
}

/// The result of `updateQuestion`.
#[derive(SimpleObject)]
pub struct UpdateQuestionPayload {
    question: Question,
}

/// The exam a section belongs to: its prefix (CCS_, CRC_, CCA_), else the CPC.
fn default_exams(section: &str) -> Vec<String> {
    let exam = ["CCS", "CRC", "CCA"]
        .into_iter()
        .find(|e| section.trim().starts_with(&format!("{e}_")))
        .unwrap_or("CPC");
    vec![exam.into()]
}

fn code_check<'a>(ctx: &'a Context<'_>) -> CodeCheck<'a> {
    CodeCheck {
        codes: ctx.data_unchecked::<Arc<CodeIndex>>(),
        today: ctx.now().date_naive(),
    }
}

#[derive(Default)]
pub struct QuestionQuery;

#[Object]
impl QuestionQuery {
    /// The question bank: the platform's questions and your organization's own, with answers
    /// and rationales (INSTRUCTOR, EMPLOYER, ADMIN).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn questions(
        &self,
        ctx: &Context<'_>,
        filter: Option<QuestionFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<Question>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        let f = filter.unwrap_or_default();
        let filter = QuestionFilter {
            section: f.section,
            exam: f.exam,
            skill_tag: f.skill_tag,
            text: f.text,
            pool: f.pool.map(Into::into),
            private_only: f.private_only.unwrap_or(false),
        };
        let paged = service::questions::list(ctx.db(), v, &filter, p)
            .await
            .extend()?;
        let mut items = Vec::with_capacity(paged.items.len());
        for row in paged.items {
            items.push((row.id, Question::new(row)?));
        }
        let paged = service::Paged {
            items,
            has_next: paged.has_next,
            total: paged.total,
        };
        Ok(connection(paged, |(id, _)| *id, |(_, q)| q))
    }

    /// One question of the bank (INSTRUCTOR, EMPLOYER, ADMIN).
    async fn question(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Question> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        Question::new(service::questions::get(ctx.db(), v, id).await.extend()?)
    }
}

#[derive(Default)]
pub struct QuestionMutation;

#[Object]
impl QuestionMutation {
    /// Writes a private question for your organization's assessments (EMPLOYER, INSTRUCTOR),
    /// or a platform question (ADMIN), checked as the seed loader checks the bank.
    async fn create_question(
        &self,
        ctx: &Context<'_>,
        input: CreateQuestionInput,
    ) -> async_graphql::Result<CreateQuestionPayload> {
        let v = ctx.viewer()?;
        let org = input
            .organization_id
            .as_ref()
            .map(|o| parse_id(o, "organizationId"))
            .transpose()
            .extend()?;
        let draft = QuestionDraft {
            kind: input.kind.into(),
            exams: input.exams.unwrap_or_else(|| default_exams(&input.section)),
            section: input.section,
            skill_tags: input.skill_tags,
            difficulty: input.difficulty,
            stem: input.stem,
            options: input.options,
            answer: input.answer,
            rationale: input.rationale,
            reference: input.reference,
        };
        let row = service::questions::create(
            ctx.db(),
            v,
            &code_check(ctx),
            org,
            input.pool.map(Into::into),
            draft,
        )
        .await
        .extend()?;
        Ok(CreateQuestionPayload {
            question: Question::new(row)?,
        })
    }

    /// Changes a question you may write: your organization's (EMPLOYER, INSTRUCTOR), or the
    /// platform's (ADMIN).
    async fn update_question(
        &self,
        ctx: &Context<'_>,
        input: UpdateQuestionInput,
    ) -> async_graphql::Result<UpdateQuestionPayload> {
        let v = ctx.viewer()?;
        let id = parse_id(&input.question_id, "questionId").extend()?;
        let patch = QuestionPatch {
            kind: input.kind.map(Into::into),
            exams: input.exams,
            section: input.section,
            skill_tags: input.skill_tags,
            difficulty: input.difficulty,
            stem: input.stem,
            options: input.options,
            answer: input.answer,
            rationale: input.rationale,
            reference: input.reference,
            pool: input.pool.map(Into::into),
        };
        let row = service::questions::update(ctx.db(), v, &code_check(ctx), id, patch)
            .await
            .extend()?;
        Ok(UpdateQuestionPayload {
            question: Question::new(row)?,
        })
    }
}
