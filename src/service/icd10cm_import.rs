//! `codes import icd10cm`: applies a CMS ICD-10-CM release (order file or tabular XML) to the
//! code table in one transaction, as `domain::codes::release` plans it, and records the file.

use super::code_import::{as_record, latest_versions};
use super::codes::{record_release, upsert_codes};
use crate::db::begin_write;
use crate::domain::codes::import_icd10cm::Icd10CmRow;
use crate::domain::codes::release::{ReleaseReport, plan_release};
use crate::domain::codes::{CodeRecord, System};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// Applies the release effective on `effective`. With `complete`, codes in force that the
/// file does not list are closed the day before.
pub async fn import_icd10cm(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    rows: Vec<Icd10CmRow>,
    effective: NaiveDate,
    complete: bool,
) -> AppResult<ReleaseReport> {
    let txn = begin_write(db).await?;
    let current: HashMap<String, CodeRecord> = latest_versions(&txn, System::Icd10Cm)
        .await?
        .into_iter()
        .map(|(c, m)| (c, as_record(&m, System::Icd10Cm)))
        .collect();
    let (writes, report) = plan_release(&current, &rows, effective, complete);
    upsert_codes(&txn, &writes).await?;
    record_release(&txn, name, checksum, rows.len()).await?;
    txn.commit().await?;
    Ok(report)
}
