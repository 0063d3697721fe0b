//! Code tables in the database: storing code records (upsert by system, code and start
//! date), recording loaded releases, and building the in-memory index from the tables.

use crate::domain::codes::index::CodeIndex;
use crate::domain::codes::{AgeRange, CodeRecord, DescriptorSource, Note, System};
use crate::entity::{code, code_note, code_release, mce_age_range, search_synonym};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::sqlx;
use sea_orm::{
    ActiveValue::NotSet, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryOrder,
    Set,
};

/// Rows per INSERT statement (well under SQLite's and PostgreSQL's parameter limits).
const CHUNK: usize = 1000;

fn to_active(r: &CodeRecord) -> code::ActiveModel {
    code::ActiveModel {
        id: NotSet,
        system: Set(r.system.as_str().to_owned()),
        code: Set(r.code.clone()),
        valid_from: Set(r.valid_from),
        valid_to: Set(r.valid_to),
        billable: Set(r.billable),
        parent: Set(r.parent.clone()),
        short_description: Set(r.short_description.clone()),
        description: Set(r.description.clone()),
        chapter: Set(r.chapter.clone()),
        block: Set(r.block.clone()),
        category: Set(r.category.clone()),
        flags: Set(r.flags.join(",")),
        descriptor_source: Set(r.descriptor_source.as_str().to_owned()),
    }
}

/// Inserts code records, or updates the row with the same system, code and start date.
pub async fn upsert_codes(db: &impl ConnectionTrait, records: &[CodeRecord]) -> AppResult<()> {
    use code::Column as C;
    for chunk in records.chunks(CHUNK) {
        code::Entity::insert_many(chunk.iter().map(to_active))
            .on_conflict(
                OnConflict::columns([C::System, C::Code, C::ValidFrom])
                    .update_columns([
                        C::ValidTo,
                        C::Billable,
                        C::Parent,
                        C::ShortDescription,
                        C::Description,
                        C::Chapter,
                        C::Block,
                        C::Category,
                        C::Flags,
                        C::DescriptorSource,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Whether a release file with this checksum is already loaded.
pub async fn release_loaded(
    db: &impl ConnectionTrait,
    name: &str,
    checksum: &str,
) -> AppResult<bool> {
    Ok(code_release::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .is_some_and(|r| r.checksum == checksum))
}

/// Records that a release file was loaded.
pub async fn record_release(
    db: &impl ConnectionTrait,
    name: &str,
    checksum: &str,
    rows: usize,
) -> AppResult<()> {
    use code_release::Column as C;
    code_release::Entity::insert(code_release::ActiveModel {
        name: Set(name.to_owned()),
        checksum: Set(checksum.to_owned()),
        rows: Set(rows as i32),
        loaded_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(C::Name)
            .update_columns([C::Checksum, C::Rows, C::LoadedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The code table as one text field per row, columns joined by the unit separator (U+001F).
/// The SQLite driver pays per column value, so this reads 180,000 rows about four times
/// faster than thirteen columns would (measured on SQLite: 0.3 s against 1.3 s).
fn code_rows_sql(backend: DbBackend) -> String {
    let (sep, text) = match backend {
        DbBackend::Postgres => ("chr(31)", "::text"),
        _ => ("char(31)", ""),
    };
    let cols = [
        "system".to_owned(),
        "code".to_owned(),
        format!("valid_from{text}"),
        format!("coalesce(valid_to{text}, '')"),
        format!("billable{text}"),
        "coalesce(parent, '')".to_owned(),
        "short_description".to_owned(),
        "description".to_owned(),
        "coalesce(chapter, '')".to_owned(),
        "coalesce(block, '')".to_owned(),
        "coalesce(category, '')".to_owned(),
        "flags".to_owned(),
        "descriptor_source".to_owned(),
    ];
    format!("SELECT {} FROM code", cols.join(&format!(" || {sep} || ")))
}

fn parse_code_row(row: &str) -> AppResult<CodeRecord> {
    let f: Vec<&str> = row.split('\u{1f}').collect();
    let [
        system,
        code,
        from,
        to,
        billable,
        parent,
        short,
        desc,
        chapter,
        block,
        category,
        flags,
        source,
    ] = f.as_slice()
    else {
        return Err(AppError::internal(format!(
            "code row with {} fields",
            f.len()
        )));
    };
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| AppError::internal(format!("bad date '{s}'")))
    };
    let opt = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    Ok(CodeRecord {
        system: System::parse(system).map_err(|e| AppError::internal(e.0))?,
        code: (*code).to_owned(),
        valid_from: date(from)?,
        valid_to: if to.is_empty() { None } else { Some(date(to)?) },
        billable: matches!(*billable, "1" | "true" | "t"),
        parent: opt(parent),
        short_description: (*short).to_owned(),
        description: (*desc).to_owned(),
        chapter: opt(chapter),
        block: opt(block),
        category: opt(category),
        flags: flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        descriptor_source: DescriptorSource::parse(source),
    })
}

/// Reads every code row with sqlx directly (SeaORM models cost twice as much here).
async fn read_codes(db: &DatabaseConnection) -> AppResult<Vec<CodeRecord>> {
    let sql = code_rows_sql(db.get_database_backend());
    let fail = |e: sqlx::Error| AppError::internal(format!("reading codes: {e}"));
    let rows: Vec<(String,)> = match db.get_database_backend() {
        DbBackend::Sqlite => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(db.get_sqlite_connection_pool())
            .await
            .map_err(fail)?,
        DbBackend::Postgres => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(db.get_postgres_connection_pool())
            .await
            .map_err(fail)?,
        other => {
            return Err(AppError::internal(format!(
                "unsupported database {other:?}"
            )));
        }
    };
    rows.iter().map(|(r,)| parse_code_row(r)).collect()
}

/// Builds the in-memory index from the code tables.
pub async fn load_index(db: &DatabaseConnection) -> AppResult<CodeIndex> {
    let started = std::time::Instant::now();
    let records = read_codes(db).await?;
    let notes = code_note::Entity::find()
        .order_by_asc(code_note::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|n| Note {
            key: n.code,
            kind: n.kind,
            refs: n
                .refs
                .split([';', ' '])
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
            text: n.text,
        })
        .collect();
    let ages = mce_age_range::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| AgeRange {
            group: a.age_group,
            start_age: a.start_age.max(0) as u32,
            end_age: a.end_age.max(0) as u32,
            date_start: a.date_start,
            date_end: a.date_end,
        })
        .collect();
    let synonyms = search_synonym::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.term, s.expansion))
        .collect();
    let read_ms = started.elapsed().as_millis() as u64;
    let index = CodeIndex::build(records, notes, ages, synonyms);
    tracing::info!(
        read_ms,
        build_ms = started.elapsed().as_millis() as u64 - read_ms,
        "code tables indexed"
    );
    Ok(index)
}
