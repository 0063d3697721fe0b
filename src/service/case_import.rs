//! Case sets in and out as `practicum.caseset/1` documents: import validates every case and
//! key against the code tables and writes all or nothing (upserting by slug, a changed key
//! becoming a new version); export writes the same format back.

use super::audit::{self, AuditEntry};
use crate::db::begin_write;
use crate::domain::cases::validate::{Problem, validate_case};
use crate::domain::cases::{self as dom, CaseDoc, CaseSetFile, FORMAT};
use crate::domain::codes::index::CodeIndex;
use crate::entity::library::{
    answer_key, case_document, case_set, case_set_item, coding_case, coverage, facility, patient,
    provider,
};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Problems as one BAD_USER_INPUT naming the first path, listing them all in
/// `extensions.problems` (and the first 25 in the message).
pub fn problems_error(problems: &[Problem]) -> AppError {
    let listed: Vec<String> = problems
        .iter()
        .take(25)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    let more = problems.len().saturating_sub(25);
    let tail = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    let first = problems
        .first()
        .map(|p| p.path.as_str())
        .unwrap_or_default();
    AppError::Problems {
        summary: format!(
            "{first}: {} problem(s): {}{tail}",
            problems.len(),
            listed.join("; ")
        ),
        problems: problems.to_vec(),
    }
}

/// A JSON document read as `T` (a case-set file, one case, a key); a mismatch is one problem
/// at the path where it was found, after `prefix` (`cases[1].setting`; `key.diagnoses[0]`
/// with the prefix `key.`), or at `root` when the document as a whole is wrong.
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    root: &str,
    prefix: &str,
    what: &str,
) -> AppResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            root.to_string()
        } else {
            format!("{prefix}{path}")
        };
        problems_error(&[Problem {
            path,
            message: format!("not {what}: {}", e.inner()),
        }])
    })
}

/// Every problem of a case-set document.
pub fn check(file: &CaseSetFile, index: &CodeIndex) -> Vec<Problem> {
    let mut out = Vec::new();
    let bad = |path: &str, message: String| Problem {
        path: path.into(),
        message,
    };
    if file.format != FORMAT {
        out.push(bad(
            "format",
            format!("'{}': expected '{FORMAT}'", file.format),
        ));
    }
    if file.slug.is_empty()
        || !file
            .slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        out.push(bad(
            "slug",
            format!(
                "'{}' must be lower-case letters, digits and dashes",
                file.slug
            ),
        ));
    }
    if file.title.trim().is_empty() {
        out.push(bad("title", "must not be empty".into()));
    }
    if file.cases.is_empty() {
        out.push(bad("cases", "a case set needs at least one case".into()));
    }
    if let Some(Err(e)) = file.scoring.as_ref().map(|p| p.check()) {
        out.push(bad("scoring", e));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in file.cases.iter().enumerate() {
        if !seen.insert(c.slug.as_str()) {
            out.push(bad(
                &format!("cases[{i}].slug"),
                format!("'{}' appears twice", c.slug),
            ));
        }
        out.extend(validate_case(c, index, &format!("cases[{i}].")));
    }
    out
}

/// Parses a document, naming where the JSON is wrong.
pub fn parse(text: &str) -> AppResult<CaseSetFile> {
    serde_json::from_str(text).map_err(|e| {
        AppError::bad_input(
            "document",
            format!(
                "not a practicum.caseset/1 document: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Imports a case set into an organization, all or nothing. Cases and the set are matched by
/// slug within the organization: new ones are created, existing ones updated, and a key that
/// differs from the current one becomes a new version.
pub async fn import(
    db: &DatabaseConnection,
    index: &CodeIndex,
    organization_id: i32,
    actor: Option<i32>,
    file: &CaseSetFile,
    publish: bool,
) -> AppResult<case_set::Model> {
    let problems = check(file, index);
    if !problems.is_empty() {
        return Err(problems_error(&problems));
    }
    super::library::require_library_owner(db, organization_id, file.visibility.as_str()).await?;
    if publish {
        let findings = super::cases::phi_findings(
            file.cases
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("cases[{i}]."), c)),
        );
        if !findings.is_empty() {
            return Err(problems_error(&findings));
        }
    }
    let status = if publish { "PUBLISHED" } else { "DRAFT" };
    let scoring = file.scoring.as_ref().map(json).transpose()?;
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let set = match case_set::Entity::find()
        .filter(case_set::Column::OrganizationId.eq(organization_id))
        .filter(case_set::Column::Slug.eq(&file.slug))
        .one(&txn)
        .await?
    {
        Some(existing) => {
            let mut a: case_set::ActiveModel = existing.into();
            a.title = Set(file.title.clone());
            a.description = Set(file.description.clone().unwrap_or_default());
            a.visibility = Set(file.visibility.as_str().into());
            a.scoring_policy = Set(scoring.clone());
            a.pool = Set(file.pool.as_str().into());
            a.status = Set(status.into());
            a.updated_at = Set(now);
            a.update(&txn).await?
        }
        None => {
            case_set::ActiveModel {
                id: NotSet,
                organization_id: Set(organization_id),
                slug: Set(file.slug.clone()),
                title: Set(file.title.clone()),
                description: Set(file.description.clone().unwrap_or_default()),
                visibility: Set(file.visibility.as_str().into()),
                status: Set(status.into()),
                created_at: Set(now),
                updated_at: Set(now),
                scoring_policy: Set(scoring.clone()),
                pool: Set(file.pool.as_str().into()),
            }
            .insert(&txn)
            .await?
        }
    };
    case_set_item::Entity::delete_many()
        .filter(case_set_item::Column::CaseSetId.eq(set.id))
        .exec(&txn)
        .await?;
    for (pos, c) in file.cases.iter().enumerate() {
        let case_id = upsert_case(&txn, organization_id, actor, c, status).await?;
        case_set_item::ActiveModel {
            case_set_id: Set(set.id),
            case_id: Set(case_id),
            position: Set(pos as i32),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        AuditEntry {
            account_id: actor,
            organization_id: Some(organization_id),
            action: "case_set.import",
            target_type: "case_set",
            target_id: Some(set.id.to_string()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(set)
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(AppError::internal)
}

pub async fn upsert_case(
    db: &impl ConnectionTrait,
    org: i32,
    actor: Option<i32>,
    c: &CaseDoc,
    status: &str,
) -> AppResult<i32> {
    let now = Utc::now();
    let existing = coding_case::Entity::find()
        .filter(coding_case::Column::OrganizationId.eq(org))
        .filter(coding_case::Column::Slug.eq(&c.slug))
        .one(db)
        .await?;
    let p = &c.patient;
    let patient_model = patient::ActiveModel {
        id: existing.as_ref().map_or(NotSet, |e| Set(e.patient_id)),
        organization_id: Set(org),
        first_name: Set(p.first_name.clone()),
        last_name: Set(p.last_name.clone()),
        date_of_birth: Set(p.date_of_birth),
        sex: Set(p.sex.clone()),
        address: Set(json(&p.address)?),
    };
    let patient_id = match existing {
        Some(_) => patient_model.update(db).await?.id,
        None => patient_model.insert(db).await?.id,
    };
    coverage::Entity::delete_many()
        .filter(coverage::Column::PatientId.eq(patient_id))
        .exec(db)
        .await?;
    for cov in &c.coverages {
        coverage::ActiveModel {
            id: NotSet,
            patient_id: Set(patient_id),
            payer: Set(cov.payer.clone()),
            member_id: Set(cov.member_id.clone()),
            group_number: Set(cov.group_number.clone()),
            effective_date: Set(cov.effective_date),
            termination_date: Set(cov.termination_date),
            relationship: Set(cov.relationship.clone()),
            priority: Set(cov.priority.clone()),
        }
        .insert(db)
        .await?;
    }
    let pr = &c.provider;
    let provider_model = provider::ActiveModel {
        id: existing.as_ref().map_or(NotSet, |e| Set(e.provider_id)),
        organization_id: Set(org),
        name: Set(pr.name.clone()),
        npi: Set(pr.npi.clone()),
        taxonomy: Set(pr.taxonomy.clone()),
        specialty: Set(pr.specialty.clone()),
    };
    let provider_id = match existing {
        Some(_) => provider_model.update(db).await?.id,
        None => provider_model.insert(db).await?.id,
    };
    let facility_id = match &c.facility {
        None => None,
        Some(f) => {
            let m = facility::ActiveModel {
                id: existing
                    .as_ref()
                    .and_then(|e| e.facility_id)
                    .map_or(NotSet, Set),
                organization_id: Set(org),
                name: Set(f.name.clone()),
                npi: Set(f.npi.clone()),
                address: Set(json(&f.address)?),
            };
            Some(match existing.as_ref().and_then(|e| e.facility_id) {
                Some(_) => m.update(db).await?.id,
                None => m.insert(db).await?.id,
            })
        }
    };
    let stay = c.inpatient.as_ref();
    let tags = format!(",{},", c.skill_tags.join(","));
    let model = coding_case::ActiveModel {
        id: existing.as_ref().map_or(NotSet, |e| Set(e.id)),
        organization_id: Set(org),
        slug: Set(c.slug.clone()),
        title: Set(c.title.clone()),
        setting: Set(c.setting.as_str().into()),
        place_of_service: Set(c.place_of_service.clone()),
        date_of_service: Set(c.date_of_service),
        admission_date: Set(stay.map(|s| s.admission_date)),
        discharge_date: Set(stay.map(|s| s.discharge_date)),
        discharge_status: Set(stay.map(|s| s.discharge_status.clone())),
        patient_id: Set(patient_id),
        provider_id: Set(provider_id),
        facility_id: Set(facility_id),
        difficulty: Set(c.difficulty.as_str().into()),
        estimated_minutes: Set(c.estimated_minutes as i32),
        skill_tags: Set(tags),
        status: Set(status.into()),
        scenario: Set(c.scenario.as_ref().map(json).transpose()?),
        tier: Set(c.tier.map(|t| t.as_str().to_owned())),
        risk_adjustment: Set(c.risk_adjustment.as_ref().map(json).transpose()?),
        query_script: Set(c.provider_query.as_ref().map(json).transpose()?),
        created_at: existing.as_ref().map_or(Set(now), |e| Set(e.created_at)),
        updated_at: Set(now),
    };
    let case_id = match existing {
        Some(_) => model.update(db).await?.id,
        None => model.insert(db).await?.id,
    };
    case_document::Entity::delete_many()
        .filter(case_document::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    for (pos, d) in c.documents.iter().enumerate() {
        case_document::ActiveModel {
            id: NotSet,
            case_id: Set(case_id),
            position: Set(pos as i32),
            kind: Set(d.kind.clone()),
            title: Set(d.title.clone()),
            body: Set(d.body.clone()),
        }
        .insert(db)
        .await?;
    }
    store_key_version(db, case_id, &c.key, "imported", actor).await?;
    Ok(case_id)
}

/// Adds `key` as the new current version unless it equals the current one, and re-grades the
/// attempts scored against earlier versions. Returns the current version number.
pub async fn store_key_version(
    db: &impl ConnectionTrait,
    case_id: i32,
    key: &dom::AnswerKey,
    note: &str,
    actor: Option<i32>,
) -> AppResult<i32> {
    let body = json(key)?;
    // Revisions of one case queue on its row; an attempt being submitted holds it shared, so
    // the re-grade below sees every attempt submitted before it.
    crate::db::lock_one(db, coding_case::Entity::find_by_id(case_id)).await?;
    let latest = answer_key::Entity::find()
        .filter(answer_key::Column::CaseId.eq(case_id))
        .order_by_desc(answer_key::Column::Version)
        .one(db)
        .await?;
    if let Some(cur) = latest.as_ref().filter(|k| k.current && k.body == body) {
        return Ok(cur.version);
    }
    answer_key::Entity::update_many()
        .col_expr(answer_key::Column::Current, Expr::value(false))
        .filter(answer_key::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    let version = latest.map_or(1, |k| k.version + 1);
    answer_key::ActiveModel {
        id: NotSet,
        case_id: Set(case_id),
        version: Set(version),
        current: Set(true),
        body: Set(body),
        note: Set(note.to_owned()),
        created_by: Set(actor),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    // Attempts scored against an earlier version are re-graded in the same transaction.
    super::governance::regrade(db, case_id, version, actor).await?;
    Ok(version)
}

/// Exports a case set with its cases and their current keys.
pub async fn export(db: &impl ConnectionTrait, set: &case_set::Model) -> AppResult<CaseSetFile> {
    let items = case_set_item::Entity::find()
        .filter(case_set_item::Column::CaseSetId.eq(set.id))
        .order_by_asc(case_set_item::Column::Position)
        .all(db)
        .await?;
    let mut cases = Vec::with_capacity(items.len());
    for item in items {
        cases.push(super::cases::case_doc(db, item.case_id).await?);
    }
    Ok(CaseSetFile {
        format: FORMAT.into(),
        slug: set.slug.clone(),
        title: set.title.clone(),
        description: Some(set.description.clone()).filter(|d| !d.is_empty()),
        visibility: dom::Visibility::parse(&set.visibility).unwrap_or(dom::Visibility::Private),
        scoring: set
            .scoring_policy
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(AppError::internal)?,
        pool: dom::Pool::parse(&set.pool).unwrap_or_default(),
        cases,
    })
}
