//! The authoring console's reads: the organization's own sets, a case as a document for the
//! edit form, and the real-data guard's findings before publishing.

use super::cases::CaseSet;
use super::context::{CtxExt, parse_id};
use super::pagination::{Conn, connection, cost, page};
use crate::domain::cases::validate::Problem;
use crate::error::AppError;
use crate::service;
use async_graphql::{Context, ID, Json, Object, ResultExt, SimpleObject};

/// One problem of a document, at the path it names (`cases[1].key.diagnoses[0].code`).
#[derive(SimpleObject)]
pub struct DocumentProblem {
    /// Where in the document (`documents[0]`, `key.procedures[1].modifiers[0]`).
    path: String,
    message: String,
}

impl From<Problem> for DocumentProblem {
    fn from(p: Problem) -> Self {
        DocumentProblem {
            path: p.path,
            message: p.message,
        }
    }
}

fn problems(ps: Vec<Problem>) -> Vec<DocumentProblem> {
    ps.into_iter().map(DocumentProblem::from).collect()
}

#[derive(Default)]
pub struct AuthoringQuery;

#[Object]
impl AuthoringQuery {
    /// Your organization's case sets, drafts included (INSTRUCTOR, ADMIN; an employer's
    /// assessment sets).
    #[graphql(complexity = "cost(first, child_complexity)")]
    async fn authored_case_sets(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CaseSet>> {
        let v = ctx.viewer()?;
        let p = page(first, after).extend()?;
        service::authoring::own_sets(ctx.db(), v, p)
            .await
            .map(|r| connection(r, |s| s.id, CaseSet))
            .extend()
    }

    /// A case you author, in the case-set format (a `cases[]` item of seed/cases/FORMAT.md,
    /// key included): what `saveCase` takes back.
    async fn case_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Json<serde_json::Value>> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        let doc = service::authoring::case_document(ctx.db(), v, id)
            .await
            .extend()?;
        serde_json::to_value(doc)
            .map(Json)
            .map_err(|e| AppError::internal(format!("case document: {e}")))
            .extend()
    }

    /// What the real-data guard finds in a case you author: real-looking identifiers
    /// (SSN, phone, e-mail, …) that would refuse `publishCase`. Empty: it may be published.
    async fn case_real_data_findings(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Vec<DocumentProblem>> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::authoring::case_findings(ctx.db(), v, id)
            .await
            .map(problems)
            .extend()
    }

    /// What the real-data guard finds in a set you author (paths `cases[i].…` in set
    /// order): the findings that would refuse `publishCaseSet`. Empty: it may be published.
    async fn case_set_real_data_findings(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Vec<DocumentProblem>> {
        let v = ctx.viewer()?;
        let id = parse_id(&id, "id").extend()?;
        service::authoring::set_findings(ctx.db(), v, id)
            .await
            .map(problems)
            .extend()
    }
}
