//! Loads the public case library (`seed/cases/*.json`) into the platform organization,
//! published; a file already loaded unchanged is skipped.

use super::json_files;
use super::tsv::RawFile;
use crate::domain::cases::library::untiered;
use crate::domain::codes::index::CodeIndex;
use crate::error::{AppError, AppResult};
use crate::service::case_import;
use crate::service::codes::{load_index, record_release, release_loaded};
use sea_orm::DatabaseConnection;
use std::path::Path;

/// The organization that owns the public library.
pub const LIBRARY_ORG: &str = "practicum-library";

/// Loads every case-set file of `dir/cases`. Returns how many files were (re)loaded.
pub async fn load(db: &DatabaseConnection, dir: &Path) -> AppResult<usize> {
    let mut pending = Vec::new();
    for path in json_files(&dir.join("cases")) {
        let raw = RawFile::read(&path)?;
        let name = format!("cases/{}", raw.name);
        if !release_loaded(db, &name, &raw.checksum).await? {
            pending.push((name, raw));
        }
    }
    if pending.is_empty() {
        return Ok(0);
    }
    let index: CodeIndex = load_index(db).await?;
    let org = crate::service::organization::find_by_slug(db, LIBRARY_ORG).await?;
    let n = pending.len();
    for (name, raw) in pending {
        let text =
            String::from_utf8(raw.bytes).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        let file =
            case_import::parse(&text).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        if let Some(p) = untiered(&file).first() {
            return Err(AppError::internal(format!(
                "{name}: {}: {}",
                p.path, p.message
            )));
        }
        case_import::import(db, &index, org.id, None, &file, true)
            .await
            .map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        record_release(db, &name, &raw.checksum, file.cases.len()).await?;
    }
    Ok(n)
}

/// Every case-set file of `dir/cases`, parsed, in file-name order (for reports over the library,
/// such as `practicum cases coverage`).
pub fn library_files(dir: &Path) -> AppResult<Vec<(String, crate::domain::cases::CaseSetFile)>> {
    let cases_dir = dir.join("cases");
    if !cases_dir.is_dir() {
        return Err(AppError::internal(format!(
            "{}: no such directory",
            cases_dir.display()
        )));
    }
    let mut out = Vec::new();
    for path in json_files(&cases_dir) {
        let name = format!(
            "cases/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = std::fs::read_to_string(&path)
            .map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        let file =
            case_import::parse(&text).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
        out.push((name, file));
    }
    Ok(out)
}
