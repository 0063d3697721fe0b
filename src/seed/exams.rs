//! Loads the question bank (`seed/questions/*.json`) and the practice exam forms
//! (`seed/exams/*.json`); a file already loaded unchanged is skipped.

use super::json_files;
use super::tsv::RawFile;
use crate::domain::exams::{self, BankFile, FormFile};
use crate::entity::exams::{exam_form, question_item};
use crate::error::{AppError, AppResult};
use crate::service::codes::{record_release, release_loaded};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set};
use std::path::Path;

/// Loads the bank, then the forms. Returns the files (re)loaded.
pub async fn load(db: &DatabaseConnection, dir: &Path) -> AppResult<usize> {
    let mut n = 0;
    for path in json_files(&dir.join("questions")) {
        let raw = RawFile::read(&path)?;
        let name = format!("questions/{}", raw.name);
        if release_loaded(db, &name, &raw.checksum).await? {
            continue;
        }
        let text = String::from_utf8(raw.bytes.clone())
            .map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        let bank = parse_bank(&text).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        for q in &bank.items {
            upsert_question(db, &bank.slug, q).await?;
        }
        record_release(db, &name, &raw.checksum, bank.items.len()).await?;
        n += 1;
    }
    for path in json_files(&dir.join("exams")) {
        let raw = RawFile::read(&path)?;
        let name = format!("exams/{}", raw.name);
        if release_loaded(db, &name, &raw.checksum).await? {
            continue;
        }
        let text = String::from_utf8(raw.bytes.clone())
            .map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        let form: FormFile =
            serde_json::from_str(&text).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        if form.format != exams::FORM_FORMAT {
            return Err(AppError::internal(format!(
                "{name}: format must be {}",
                exams::FORM_FORMAT
            )));
        }
        upsert_form(db, &form).await?;
        record_release(db, &name, &raw.checksum, 1).await?;
        n += 1;
    }
    Ok(n)
}

/// Parses a bank file and checks every item.
pub fn parse_bank(text: &str) -> Result<BankFile, String> {
    let bank: BankFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if bank.format != exams::FORMAT {
        return Err(format!("format must be {}", exams::FORMAT));
    }
    let problems: Vec<String> = bank
        .items
        .iter()
        .flat_map(|q| {
            q.problems()
                .into_iter()
                .map(move |p| format!("{}: {p}", q.slug))
        })
        .collect();
    if problems.is_empty() {
        Ok(bank)
    } else {
        Err(problems.join("; "))
    }
}

async fn upsert_question(
    db: &DatabaseConnection,
    bank: &str,
    q: &exams::Question,
) -> AppResult<()> {
    let body = serde_json::to_string(q).map_err(|e| AppError::internal(e.to_string()))?;
    let kind = serde_json::to_value(q.kind).map_err(|e| AppError::internal(e.to_string()))?;
    let m = question_item::ActiveModel {
        id: NotSet,
        slug: Set(q.slug.clone()),
        bank: Set(bank.to_owned()),
        kind: Set(kind.as_str().unwrap_or("SINGLE").to_owned()),
        exams: Set(format!(",{},", q.exams.join(","))),
        section: Set(q.section.clone()),
        skill_tags: Set(format!(",{},", q.skill_tags.join(","))),
        difficulty: Set(q.difficulty.clone()),
        body: Set(body),
        // The seeded bank is the platform's practice bank; an update keeps a question's pool.
        organization_id: Set(None),
        pool: Set(exams::authoring::Pool::Practice.as_str().into()),
        created_by: Set(None),
    };
    use question_item::Column as C;
    question_item::Entity::insert(m)
        .on_conflict(
            OnConflict::column(C::Slug)
                .update_columns([
                    C::Bank,
                    C::Kind,
                    C::Exams,
                    C::Section,
                    C::SkillTags,
                    C::Difficulty,
                    C::Body,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

async fn upsert_form(db: &DatabaseConnection, f: &FormFile) -> AppResult<()> {
    let blueprint =
        serde_json::to_string(&f.blueprint).map_err(|e| AppError::internal(e.to_string()))?;
    let m = exam_form::ActiveModel {
        id: NotSet,
        organization_id: Set(None),
        slug: Set(f.slug.clone()),
        title: Set(f.title.clone()),
        description: Set(f.description.clone()),
        kind: Set("PRACTICE".into()),
        blueprint: Set(Some(blueprint)),
        items: Set(None),
        duration_minutes: Set(f.duration_minutes as i32),
        pass_percent: Set(f.pass_percent as i32),
        feedback: Set("IMMEDIATE".into()),
        created_by: Set(None),
        created_at: Set(Utc::now()),
    };
    use exam_form::Column as C;
    exam_form::Entity::insert(m)
        .on_conflict(
            OnConflict::column(C::Slug)
                .update_columns([
                    C::Title,
                    C::Description,
                    C::Blueprint,
                    C::DurationMinutes,
                    C::PassPercent,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
