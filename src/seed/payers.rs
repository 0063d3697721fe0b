//! Loads the simulated payers (`seed/payers/*.json`, format `practicum.payer/1`) and the
//! practice's charge master (`seed/payers/charge_master.tsv`); a file already loaded unchanged
//! is skipped.

use super::tsv::{RawFile, Table};
use crate::domain::adjudication::payer::{FORMAT, PayerProfile};
use crate::entity::claims::{charge_master, payer_profile};
use crate::error::{AppError, AppResult};
use crate::service::codes::{record_release, release_loaded};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set};
use std::path::Path;

/// Loads every payer file and the charge master of `dir/payers`. Returns files (re)loaded.
pub async fn load(db: &DatabaseConnection, dir: &Path) -> AppResult<usize> {
    let dir = dir.join("payers");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let mut n = 0;
    for path in files {
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        if ext != "json" && path.file_name().is_none_or(|f| f != "charge_master.tsv") {
            continue;
        }
        let raw = RawFile::read(&path)?;
        let name = format!("payers/{}", raw.name);
        if release_loaded(db, &name, &raw.checksum).await? {
            continue;
        }
        let checksum = raw.checksum.clone();
        let rows = if ext == "json" {
            let text = String::from_utf8(raw.bytes)
                .map_err(|e| AppError::internal(format!("{name}: {e}")))?;
            let p = parse(&text).map_err(|e| AppError::internal(format!("{name}: {e}")))?;
            upsert(db, &p, &text).await?;
            1
        } else {
            charges(db, Table::parse(raw)?).await?
        };
        record_release(db, &name, &checksum, rows).await?;
        n += 1;
    }
    Ok(n)
}

/// Parses and checks a payer profile document.
pub fn parse(text: &str) -> Result<PayerProfile, String> {
    let p: PayerProfile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if p.format != FORMAT {
        return Err(format!("format must be {FORMAT}"));
    }
    if !["236", "97"].contains(&p.ptp_denial_reason.as_str()) {
        return Err("ptpDenialReason must be 236 or 97".into());
    }
    if !["CO", "PR"].contains(&p.terminated_group.as_str()) {
        return Err("terminatedGroup must be CO or PR".into());
    }
    Ok(p)
}

async fn upsert(db: &DatabaseConnection, p: &PayerProfile, text: &str) -> AppResult<()> {
    let model = payer_profile::ActiveModel {
        id: NotSet,
        slug: Set(p.slug.clone()),
        name: Set(p.name.clone()),
        body: Set(text.to_owned()),
        updated_at: Set(Utc::now()),
    };
    payer_profile::Entity::insert(model)
        .on_conflict(
            OnConflict::column(payer_profile::Column::Slug)
                .update_columns([
                    payer_profile::Column::Name,
                    payer_profile::Column::Body,
                    payer_profile::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

async fn charges(db: &DatabaseConnection, t: Table) -> AppResult<usize> {
    let mut rows = Vec::new();
    for row in &t.rows {
        let cents: i64 = t
            .get(row, "charge_cents")?
            .parse()
            .map_err(|e| AppError::internal(format!("charge_master.tsv: {e}")))?;
        rows.push(charge_master::ActiveModel {
            code: Set(t.get(row, "code")?.to_owned()),
            charge_cents: Set(cents),
            description: Set(t.get(row, "description")?.to_owned()),
        });
    }
    let n = rows.len();
    for chunk in rows.chunks(500) {
        charge_master::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(charge_master::Column::Code)
                    .update_columns([
                        charge_master::Column::ChargeCents,
                        charge_master::Column::Description,
                    ])
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(n)
}
