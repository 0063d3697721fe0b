//! Reading the case library with the visibility rules, publishing (behind the real-data
//! guard), and answer keys: readable by the owning organization's INSTRUCTORs and ADMINs
//! (and, current version only, by any INSTRUCTOR when the case is in the public library),
//! revised only by the owner, as new versions after validation against the code tables.

use super::audit::{self, AuditEntry};
use super::case_import::{problems_error, store_key_version};
use super::{Page, Paged, paginate};
use crate::auth::Viewer;
use crate::db::begin_write;
use crate::domain::account::Role;
use crate::domain::cases::phi::scan;
use crate::domain::cases::validate::{Problem, validate_case};
use crate::domain::cases::{self as dom, CaseDoc, Pool};
use crate::domain::codes::index::CodeIndex;
use crate::entity::library::{
    answer_key, case_document, case_set, case_set_item, coding_case, coverage, facility, patient,
    provider,
};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::sea_query::{Condition, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

/// Filters for `cases`.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    pub skill_tag: Option<String>,
    pub setting: Option<String>,
    pub difficulty: Option<String>,
    /// TEXTBOOK, CLINIC or REAL_WORLD.
    pub tier: Option<dom::Tier>,
    pub text: Option<String>,
}

/// Who authors an organization's cases: its instructors, and its employers (assessment content
/// only: sets of the ASSESSMENT pool, which no trainee lists or practises).
const AUTHORS: &[Role] = &[Role::Instructor, Role::Employer];

/// May the viewer write a case set of this pool into this organization? Instructors (and
/// admins) any; employers only ASSESSMENT-pool sets.
pub fn require_author(viewer: &Viewer, org: i32, pool: Pool) -> AppResult<()> {
    viewer.require_in_org(org, AUTHORS, "author case sets")?;
    if viewer.role == Role::Employer && pool != Pool::Assessment {
        return Err(AppError::bad_input(
            "pool",
            "an employer authors ASSESSMENT sets (content for its assessments, never open to practice)",
        ));
    }
    Ok(())
}

/// Ids of an organization's cases that sit in one of its ASSESSMENT-pool sets.
fn assessment_case_ids(org: i32) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column((case_set_item::Entity, case_set_item::Column::CaseId))
        .from(case_set_item::Entity)
        .inner_join(
            case_set::Entity,
            sea_orm::sea_query::Expr::col((case_set::Entity, case_set::Column::Id))
                .equals((case_set_item::Entity, case_set_item::Column::CaseSetId)),
        )
        .and_where(case_set::Column::OrganizationId.eq(org))
        .and_where(case_set::Column::Pool.eq(Pool::Assessment.as_str()))
        .take()
}

/// Ids of cases in published case sets matching `set_filter`.
fn cases_in_sets(set_filter: Condition) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column((case_set_item::Entity, case_set_item::Column::CaseId))
        .from(case_set_item::Entity)
        .inner_join(
            case_set::Entity,
            sea_orm::sea_query::Expr::col((case_set::Entity, case_set::Column::Id))
                .equals((case_set_item::Entity, case_set_item::Column::CaseSetId)),
        )
        .and_where(case_set::Column::Status.eq("PUBLISHED"))
        .cond_where(set_filter)
        .take()
}

/// The cases a viewer may read in the library: ADMIN all; INSTRUCTOR and EMPLOYER their
/// organization's (drafts included) and the published public library, practice and
/// assessment pools; TRAINEE their organization's published cases but those held in its
/// assessment sets, and the public library's practice pool. (Cases held for assessment reach a trainee only
/// through an assignment or a sitting: see `get` and `holds`.)
pub(crate) fn visible(viewer: &Viewer) -> Select<coding_case::Entity> {
    if viewer.is_admin() {
        return coding_case::Entity::find();
    }
    let trainee = viewer.role == Role::Trainee;
    let practice_only = |c: Condition| {
        if trainee {
            c.add(case_set::Column::Pool.eq(Pool::Practice.as_str()))
        } else {
            c
        }
    };
    let public = Condition::all()
        .add(coding_case::Column::Status.eq("PUBLISHED"))
        .add(
            coding_case::Column::Id.in_subquery(cases_in_sets(practice_only(
                Condition::all().add(case_set::Column::Visibility.eq("PUBLIC")),
            ))),
        );
    let own = match viewer.organization_id {
        None => Condition::any(),
        Some(org) if trainee => Condition::all()
            .add(coding_case::Column::OrganizationId.eq(org))
            .add(coding_case::Column::Status.eq("PUBLISHED"))
            .add(coding_case::Column::Id.not_in_subquery(assessment_case_ids(org))),
        Some(org) => Condition::all().add(coding_case::Column::OrganizationId.eq(org)),
    };
    coding_case::Entity::find().filter(Condition::any().add(public).add(own))
}

/// A page of the cases a viewer may browse: the visible ones, less (for a trainee) those held
/// back for an exam or assessment of theirs.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &CaseFilter,
    page: Page,
) -> AppResult<Paged<coding_case::Model>> {
    let mut q = visible(viewer);
    if viewer.role == Role::Trainee {
        let held = super::holds::held_cases(db, viewer.account_id, Utc::now()).await?;
        q = q.filter(coding_case::Column::Id.is_not_in(held));
    }
    if let Some(t) = &filter.skill_tag {
        q = q.filter(coding_case::Column::SkillTags.contains(format!(",{t},")));
    }
    if let Some(s) = &filter.setting {
        q = q.filter(coding_case::Column::Setting.eq(s.as_str()));
    }
    if let Some(d) = &filter.difficulty {
        q = q.filter(coding_case::Column::Difficulty.eq(d.as_str()));
    }
    if let Some(t) = filter.tier {
        q = q.filter(coding_case::Column::Tier.eq(t.as_str()));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        q = q
            .filter(coding_case::Column::Title.like(format!("%{}%", text.replace(['%', '_'], ""))));
    }
    paginate(db, q, coding_case::Column::Id, page).await
}

/// One case the viewer may read: visible in the library, or reached through an assignment
/// that has opened for them or a sitting they have in progress.
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<coding_case::Model> {
    if let Some(c) = visible(viewer)
        .filter(coding_case::Column::Id.eq(id))
        .one(db)
        .await?
    {
        return Ok(c);
    }
    let reachable = super::holds::reachable_cases(db, viewer.account_id, Utc::now()).await?;
    if reachable.contains(&id) {
        return coding_case::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("case"));
    }
    Err(AppError::not_found("case"))
}

/// A case the viewer may practise on their own (an attempt or a claim outside any assignment
/// or sitting): visible in the library and not held back for an exam or assessment of theirs.
pub async fn practisable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<coding_case::Model> {
    let c = visible(viewer)
        .filter(coding_case::Column::Id.eq(id))
        .one(db)
        .await?;
    let held = super::holds::is_held(db, viewer.account_id, id, Utc::now()).await?;
    match c {
        Some(c) if !held => Ok(c),
        _ if held => Err(AppError::forbidden(
            "this case is held for an exam or assessment of yours: work it there; it opens to practice when that closes",
        )),
        _ => Err(AppError::not_found("case")),
    }
}

/// A case the viewer may author (INSTRUCTOR or ADMIN of its organization).
pub(crate) async fn authored(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<coding_case::Model> {
    viewer.require_role(AUTHORS, "author cases or read answer keys")?;
    let c = get(db, viewer, id).await?;
    if !viewer.can_see_org(c.organization_id) {
        return Err(AppError::forbidden(
            "only the case's organization may author it or read its answer key",
        ));
    }
    viewer.require_in_org(
        c.organization_id,
        AUTHORS,
        "author cases or read answer keys",
    )?;
    if viewer.role == Role::Employer {
        let assessment = coding_case::Entity::find()
            .filter(coding_case::Column::Id.eq(id))
            .filter(coding_case::Column::Id.in_subquery(assessment_case_ids(c.organization_id)))
            .one(db)
            .await?
            .is_some();
        if !assessment {
            return Err(AppError::forbidden(
                "an employer authors (and reads the keys of) its assessment sets' cases only",
            ));
        }
    }
    Ok(c)
}

async fn documents(
    db: &impl ConnectionTrait,
    case_id: i32,
) -> AppResult<Vec<case_document::Model>> {
    Ok(case_document::Entity::find()
        .filter(case_document::Column::CaseId.eq(case_id))
        .order_by_asc(case_document::Column::Position)
        .all(db)
        .await?)
}

async fn patient_of(
    db: &impl ConnectionTrait,
    c: &coding_case::Model,
) -> AppResult<(patient::Model, Vec<coverage::Model>)> {
    let p = patient::Entity::find_by_id(c.patient_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("case without patient"))?;
    let covs = coverage::Entity::find()
        .filter(coverage::Column::PatientId.eq(p.id))
        .order_by_asc(coverage::Column::Id)
        .all(db)
        .await?;
    Ok((p, covs))
}

async fn provider_of(
    db: &impl ConnectionTrait,
    c: &coding_case::Model,
) -> AppResult<provider::Model> {
    provider::Entity::find_by_id(c.provider_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("case without provider"))
}

async fn facility_of(
    db: &impl ConnectionTrait,
    c: &coding_case::Model,
) -> AppResult<Option<facility::Model>> {
    match c.facility_id {
        None => Ok(None),
        Some(id) => Ok(facility::Entity::find_by_id(id).one(db).await?),
    }
}

/// The case, if it is published in a PUBLIC published set (the public library).
async fn in_public_library(
    db: &impl ConnectionTrait,
    case_id: i32,
) -> AppResult<Option<coding_case::Model>> {
    Ok(coding_case::Entity::find()
        .filter(coding_case::Column::Id.eq(case_id))
        .filter(coding_case::Column::Status.eq("PUBLISHED"))
        .filter(coding_case::Column::Id.in_subquery(cases_in_sets(
            Condition::all().add(case_set::Column::Visibility.eq("PUBLIC")),
        )))
        .one(db)
        .await?)
}

/// The versions of a case's answer key, newest first: every version for the INSTRUCTORs and
/// ADMINs of its organization (and its employer for an assessment case); the current version
/// alone, read-only, for an INSTRUCTOR of any other organization when the case is in the
/// public library (published in a PUBLIC published set). Trainees and employers never read
/// another organization's key.
pub async fn key_versions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    case_id: i32,
) -> AppResult<Vec<answer_key::Model>> {
    let teaching = viewer.role == Role::Instructor
        && in_public_library(db, case_id)
            .await?
            .is_some_and(|c| !viewer.can_see_org(c.organization_id));
    let q = answer_key::Entity::find().filter(answer_key::Column::CaseId.eq(case_id));
    if teaching {
        return Ok(q
            .filter(answer_key::Column::Current.eq(true))
            .all(db)
            .await?);
    }
    authored(db, viewer, case_id).await?;
    Ok(q.order_by_desc(answer_key::Column::Version).all(db).await?)
}

/// The case as a document, with its current key (for export and validation).
pub async fn case_doc(db: &impl ConnectionTrait, case_id: i32) -> AppResult<CaseDoc> {
    let c = coding_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("case"))?;
    let (p, covs) = patient_of(db, &c).await?;
    let pr = provider_of(db, &c).await?;
    let fac = facility_of(db, &c).await?;
    let key = answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(case_id))
        .filter(answer_key::Column::Current.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("case without a current key"))?;
    let setting: dom::Setting = super::from_json(&format!("\"{}\"", c.setting))?;
    let difficulty: dom::Difficulty = super::from_json(&format!("\"{}\"", c.difficulty))?;
    Ok(CaseDoc {
        slug: c.slug,
        title: c.title,
        setting,
        place_of_service: c.place_of_service,
        date_of_service: c.date_of_service,
        inpatient: match (c.admission_date, c.discharge_date, c.discharge_status) {
            (Some(a), Some(d), Some(s)) => Some(dom::InpatientStay {
                admission_date: a,
                discharge_date: d,
                discharge_status: s,
            }),
            _ => None,
        },
        difficulty,
        tier: c
            .tier
            .as_deref()
            .map(|t| super::from_json(&format!("\"{t}\"")))
            .transpose()?,
        estimated_minutes: u32::try_from(c.estimated_minutes).unwrap_or(0),
        skill_tags: c
            .skill_tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        patient: dom::Patient {
            first_name: p.first_name,
            last_name: p.last_name,
            date_of_birth: p.date_of_birth,
            sex: p.sex,
            address: super::from_json(&p.address)?,
        },
        coverages: covs
            .into_iter()
            .map(|v| dom::Coverage {
                payer: v.payer,
                member_id: v.member_id,
                group_number: v.group_number,
                effective_date: v.effective_date,
                termination_date: v.termination_date,
                relationship: v.relationship,
                priority: v.priority,
            })
            .collect(),
        provider: dom::Provider {
            name: pr.name,
            npi: pr.npi,
            taxonomy: pr.taxonomy,
            specialty: pr.specialty,
        },
        facility: match fac {
            None => None,
            Some(f) => Some(dom::Facility {
                name: f.name,
                npi: f.npi,
                address: super::from_json(&f.address)?,
            }),
        },
        documents: documents(db, case_id)
            .await?
            .into_iter()
            .map(|d| dom::Document {
                kind: d.kind,
                title: d.title,
                body: d.body,
            })
            .collect(),
        key: super::from_json(&key.body)?,
        scenario: c.scenario.as_deref().map(super::from_json).transpose()?,
        risk_adjustment: c
            .risk_adjustment
            .as_deref()
            .map(super::from_json)
            .transpose()?,
        provider_query: c
            .query_script
            .as_deref()
            .map(super::from_json)
            .transpose()?,
    })
}

/// A case's risk-adjustment review block (RISK_ADJUSTMENT cases), typed.
pub fn risk_review(
    c: &coding_case::Model,
) -> AppResult<Option<crate::domain::cases::risk::RiskAdjustment>> {
    c.risk_adjustment
        .as_deref()
        .map(super::from_json)
        .transpose()
}

/// Real-looking identifiers in the cases' text, as problems with their paths.
pub fn phi_findings<'a>(cases: impl Iterator<Item = (String, &'a CaseDoc)>) -> Vec<Problem> {
    let mut out = Vec::new();
    for (prefix, c) in cases {
        for (j, d) in c.documents.iter().enumerate() {
            for f in scan(&d.body).into_iter().chain(scan(&d.title)) {
                out.push(Problem {
                    path: format!("{prefix}documents[{j}]"),
                    message: format!(
                        "looks like a real {}: '{}' (only invented data may be published)",
                        f.kind, f.text
                    ),
                });
            }
        }
        for f in scan(&c.title) {
            out.push(Problem {
                path: format!("{prefix}title"),
                message: format!("looks like a real {}: '{}'", f.kind, f.text),
            });
        }
    }
    out
}

/// The real-data guard's findings over a set's cases (paths `cases[i].…` in set order).
pub(crate) async fn set_phi_findings(
    db: &impl ConnectionTrait,
    items: &[case_set_item::Model],
) -> AppResult<Vec<Problem>> {
    let mut items = items.to_vec();
    items.sort_by_key(|i| i.position);
    let mut docs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        docs.push((format!("cases[{i}]."), case_doc(db, item.case_id).await?));
    }
    Ok(phi_findings(docs.iter().map(|(p, d)| (p.clone(), d))))
}

/// Publishes or unpublishes a case. Publishing is refused while its text looks like real data.
pub async fn set_case_published(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    published: bool,
) -> AppResult<coding_case::Model> {
    let c = authored(db, viewer, id).await?;
    if published {
        let doc = case_doc(db, id).await?;
        let findings = phi_findings(std::iter::once((String::new(), &doc)));
        if !findings.is_empty() {
            return Err(problems_error(&findings));
        }
    }
    let txn = begin_write(db).await?;
    let org = c.organization_id;
    let mut a: coding_case::ActiveModel = c.into();
    a.status = Set(if published { "PUBLISHED" } else { "DRAFT" }.into());
    a.updated_at = Set(Utc::now());
    let c = a.update(&txn).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: if published {
                "case.publish"
            } else {
                "case.unpublish"
            },
            target_type: "case",
            target_id: Some(c.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(c)
}

/// Saves a new version of a case's key after validating it for the case's date of service.
pub async fn revise_key(
    db: &DatabaseConnection,
    index: &CodeIndex,
    viewer: &Viewer,
    case_id: i32,
    key: dom::AnswerKey,
    note: &str,
) -> AppResult<answer_key::Model> {
    let (c, key) = checked_key(db, index, viewer, case_id, key).await?;
    let txn = begin_write(db).await?;
    let version = store_key_version(&txn, case_id, &key, note, Some(viewer.account_id)).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(c.organization_id),
            action: "answer_key.revise",
            target_type: "case",
            target_id: Some(case_id.to_string()),
        },
    )
    .await?;
    let saved = answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(case_id))
        .filter(answer_key::Column::Version.eq(version))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::internal("key version vanished"))?;
    txn.commit().await?;
    Ok(saved)
}

/// A proposed key of a case the viewer may revise, validated for the case's date of service
/// (the checks of `revise_key`, shared by its preview).
pub(super) async fn checked_key(
    db: &impl ConnectionTrait,
    index: &CodeIndex,
    viewer: &Viewer,
    case_id: i32,
    key: dom::AnswerKey,
) -> AppResult<(coding_case::Model, dom::AnswerKey)> {
    let c = authored(db, viewer, case_id).await?;
    let mut doc = case_doc(db, case_id).await?;
    doc.key = key;
    let problems: Vec<Problem> = validate_case(&doc, index, "")
        .into_iter()
        .filter(|p| p.path.starts_with("key"))
        .collect();
    if !problems.is_empty() {
        return Err(problems_error(&problems));
    }
    Ok((c, doc.key))
}

/// Case sets the viewer may read: their organization's (drafts for authors) and published public ones.
fn visible_sets(viewer: &Viewer) -> Select<case_set::Entity> {
    if viewer.is_admin() {
        return case_set::Entity::find();
    }
    let public = Condition::all()
        .add(case_set::Column::Visibility.eq("PUBLIC"))
        .add(case_set::Column::Status.eq("PUBLISHED"));
    let own = match viewer.organization_id {
        None => Condition::any(),
        Some(org) => {
            let mut c = Condition::all().add(case_set::Column::OrganizationId.eq(org));
            if viewer.role == Role::Trainee {
                c = c
                    .add(case_set::Column::Status.eq("PUBLISHED"))
                    .add(case_set::Column::Visibility.ne("PRIVATE"));
            }
            c
        }
    };
    case_set::Entity::find().filter(Condition::any().add(public).add(own))
}

/// A page of visible case sets; `text` matches title words, `skill_tag` keeps sets holding a
/// case with that tag.
pub async fn list_sets(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    text: Option<&str>,
    skill_tag: Option<&str>,
    tier: Option<dom::Tier>,
    page: Page,
) -> AppResult<Paged<case_set::Model>> {
    let mut q = visible_sets(viewer);
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        q = q.filter(case_set::Column::Title.like(format!("%{}%", t.replace(['%', '_'], ""))));
    }
    if let Some(tag) = skill_tag {
        let with_tag = Query::select()
            .column((case_set_item::Entity, case_set_item::Column::CaseSetId))
            .from(case_set_item::Entity)
            .inner_join(
                coding_case::Entity,
                sea_orm::sea_query::Expr::col((coding_case::Entity, coding_case::Column::Id))
                    .equals((case_set_item::Entity, case_set_item::Column::CaseId)),
            )
            .and_where(coding_case::Column::SkillTags.contains(format!(",{tag},")))
            .take();
        q = q.filter(case_set::Column::Id.in_subquery(with_tag));
    }
    if let Some(t) = tier {
        let with_tier = Query::select()
            .column((case_set_item::Entity, case_set_item::Column::CaseSetId))
            .from(case_set_item::Entity)
            .inner_join(
                coding_case::Entity,
                sea_orm::sea_query::Expr::col((coding_case::Entity, coding_case::Column::Id))
                    .equals((case_set_item::Entity, case_set_item::Column::CaseId)),
            )
            .and_where(coding_case::Column::Tier.eq(t.as_str()))
            .take();
        q = q.filter(case_set::Column::Id.in_subquery(with_tier));
    }
    paginate(db, q, case_set::Column::Id, page).await
}

pub async fn get_set(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<case_set::Model> {
    visible_sets(viewer)
        .filter(case_set::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("case set"))
}

/// The cases of a set, in order, that the viewer may read.
pub async fn set_cases(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    set_id: i32,
) -> AppResult<Vec<coding_case::Model>> {
    let items = case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.eq(set_id))
        .order_by_asc(case_set_item::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = items.iter().map(|i| i.case_id).collect();
    let reachable = super::holds::reachable_cases(db, viewer.account_id, Utc::now()).await?;
    let mut cases = coding_case::Entity::find()
        .filter(
            Condition::any()
                .add(
                    coding_case::Column::Id.in_subquery(
                        visible(viewer)
                            .select_only()
                            .column(coding_case::Column::Id)
                            .into_query(),
                    ),
                )
                .add(coding_case::Column::Id.is_in(reachable)),
        )
        .filter(coding_case::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    cases.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    Ok(cases)
}

/// A case set of an organization by slug (command line).
pub async fn find_set_by_slug(
    db: &impl ConnectionTrait,
    org: i32,
    slug: &str,
) -> AppResult<case_set::Model> {
    case_set::Entity::find()
        .filter(case_set::Column::OrganizationId.eq(org))
        .filter(case_set::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("case set"))
}

/// A case set the viewer may author (INSTRUCTOR or ADMIN of its organization).
pub(crate) async fn authored_set(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i32,
) -> AppResult<case_set::Model> {
    viewer.require_role(AUTHORS, "author case sets")?;
    let s = get_set(db, viewer, id).await?;
    if !viewer.can_see_org(s.organization_id) {
        return Err(AppError::forbidden(
            "only the set's organization may change it",
        ));
    }
    viewer.require_in_org(s.organization_id, AUTHORS, "author case sets")?;
    if viewer.role == Role::Employer && s.pool != Pool::Assessment.as_str() {
        return Err(AppError::forbidden(
            "an employer authors its assessment sets only",
        ));
    }
    Ok(s)
}

/// Publishes a set and every case in it (behind the real-data guard), or returns the set to draft.
pub async fn set_set_published(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    published: bool,
) -> AppResult<case_set::Model> {
    let s = authored_set(db, viewer, id).await?;
    if published {
        super::library::require_set_owner(db, &s).await?;
    }
    let items = case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.eq(id))
        .all(db)
        .await?;
    if published {
        let findings = set_phi_findings(db, &items).await?;
        if !findings.is_empty() {
            return Err(problems_error(&findings));
        }
    }
    let status = if published { "PUBLISHED" } else { "DRAFT" };
    let txn = begin_write(db).await?;
    if published {
        let ids: Vec<i32> = items.iter().map(|i| i.case_id).collect();
        coding_case::Entity::update_many()
            .col_expr(
                coding_case::Column::Status,
                sea_orm::sea_query::Expr::value(status),
            )
            .filter(coding_case::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
    }
    let org = s.organization_id;
    let mut a: case_set::ActiveModel = s.into();
    a.status = Set(status.into());
    a.updated_at = Set(Utc::now());
    let s = a.update(&txn).await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: if published {
                "case_set.publish"
            } else {
                "case_set.unpublish"
            },
            target_type: "case_set",
            target_id: Some(s.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(s)
}

/// A slug not yet used in the organization: `base`, `base-copy`, `base-copy-2`, …
async fn free_case_slug(db: &impl ConnectionTrait, org: i32, base: &str) -> AppResult<String> {
    for n in 1..1000 {
        let slug = if n == 1 {
            format!("{base}-copy")
        } else {
            format!("{base}-copy-{n}")
        };
        let taken = coding_case::Entity::find()
            .filter(coding_case::Column::OrganizationId.eq(org))
            .filter(coding_case::Column::Slug.eq(&slug))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(slug);
        }
    }
    Err(AppError::Conflict(format!("too many copies of '{base}'")))
}

/// Copies a readable case (its current key included) into the viewer's organization as a draft.
pub async fn clone_case(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> AppResult<coding_case::Model> {
    let org = viewer
        .organization_id
        .ok_or_else(|| AppError::forbidden("join an organization to author cases"))?;
    viewer.require_in_org(org, &[Role::Instructor], "clone single cases")?;
    get(db, viewer, id).await?;
    let mut doc = case_doc(db, id).await?;
    doc.slug = free_case_slug(db, org, &doc.slug).await?;
    let txn = begin_write(db).await?;
    let new_id =
        super::case_import::upsert_case(&txn, org, Some(viewer.account_id), &doc, "DRAFT").await?;
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(org),
            action: "case.clone",
            target_type: "case",
            target_id: Some(new_id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    coding_case::Entity::find_by_id(new_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("clone vanished"))
}

/// Copies a readable case set and its cases into the viewer's organization, as a private draft.
pub async fn clone_set(
    db: &DatabaseConnection,
    index: &CodeIndex,
    viewer: &Viewer,
    id: i32,
) -> AppResult<case_set::Model> {
    let org = viewer
        .organization_id
        .ok_or_else(|| AppError::forbidden("join an organization to author case sets"))?;
    viewer.require_in_org(org, AUTHORS, "clone case sets")?;
    let source = get_set(db, viewer, id).await?;
    let mut file = super::case_import::export(db, &source).await?;
    let mut n = 1;
    loop {
        let slug = if n == 1 {
            format!("{}-copy", source.slug)
        } else {
            format!("{}-copy-{n}", source.slug)
        };
        if find_set_by_slug(db, org, &slug).await.is_err() {
            file.slug = slug;
            break;
        }
        n += 1;
    }
    for c in &mut file.cases {
        c.slug = free_case_slug(db, org, &c.slug).await?;
    }
    file.visibility = dom::Visibility::Private;
    if viewer.role == Role::Employer {
        file.pool = Pool::Assessment;
    }
    super::case_import::import(db, index, org, Some(viewer.account_id), &file, false).await
}

/// Creates or updates (by slug) one case in a set the viewer authors; a new case joins the
/// end of the set. The case is validated like an import and saved as a draft.
pub async fn save_case(
    db: &DatabaseConnection,
    index: &CodeIndex,
    viewer: &Viewer,
    set_id: i32,
    doc: &CaseDoc,
) -> AppResult<coding_case::Model> {
    let set = authored_set(db, viewer, set_id).await?;
    super::library::require_set_owner(db, &set).await?;
    let problems = validate_case(doc, index, "");
    if !problems.is_empty() {
        return Err(problems_error(&problems));
    }
    let txn = begin_write(db).await?;
    let case_id = super::case_import::upsert_case(
        &txn,
        set.organization_id,
        Some(viewer.account_id),
        doc,
        "DRAFT",
    )
    .await?;
    let items = case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.eq(set.id))
        .all(&txn)
        .await?;
    if !items.iter().any(|i| i.case_id == case_id) {
        case_set_item::ActiveModel {
            case_set_id: Set(set.id),
            case_id: Set(case_id),
            position: Set(items.len() as i32),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        AuditEntry {
            account_id: Some(viewer.account_id),
            organization_id: Some(set.organization_id),
            action: "case.save",
            target_type: "case",
            target_id: Some(case_id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    coding_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("saved case vanished"))
}
