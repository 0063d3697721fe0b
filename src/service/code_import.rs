//! Applying imported releases to the code tables without losing history: a changed
//! descriptor closes the current version the day before the change and opens a new one; a
//! termination date closes the version; new codes are added.

use super::codes::{record_release, upsert_codes};
use crate::db::begin_write;
use crate::domain::codes::import::{HcpcsRow, MueRow, PtpRow};
use crate::domain::codes::{CodeRecord, DescriptorSource, System};
use crate::entity::{code, ncci_mue, ncci_ptp};
use crate::error::{AppError, AppResult};
use crate::seed::codesets::{upsert_mue, upsert_ptp};
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// What an import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub revised: usize,
    pub terminated: usize,
    pub unchanged: usize,
}

/// The latest version of every code of a system.
pub(super) async fn latest_versions(
    db: &impl ConnectionTrait,
    system: System,
) -> AppResult<HashMap<String, code::Model>> {
    let rows = code::Entity::find()
        .filter(code::Column::System.eq(system.as_str()))
        .order_by_asc(code::Column::ValidFrom)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.code.clone(), m)).collect())
}

pub(super) fn as_record(m: &code::Model, system: System) -> CodeRecord {
    CodeRecord {
        system,
        code: m.code.clone(),
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        billable: m.billable,
        parent: m.parent.clone(),
        short_description: m.short_description.clone(),
        description: m.description.clone(),
        chapter: m.chapter.clone(),
        block: m.block.clone(),
        category: m.category.clone(),
        flags: m
            .flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        descriptor_source: DescriptorSource::parse(&m.descriptor_source),
    }
}

/// A new text for a code, effective on a date: the versions to write.
struct Revision {
    system: System,
    code: String,
    description: String,
    short_description: String,
    effective: NaiveDate,
    termination: Option<NaiveDate>,
    source: DescriptorSource,
    category: Option<String>,
}

fn plan(
    current: Option<&code::Model>,
    r: Revision,
    report: &mut ImportReport,
) -> AppResult<Vec<CodeRecord>> {
    let Some(cur) = current else {
        report.added += 1;
        let mut rec = CodeRecord {
            system: r.system,
            code: r.code,
            valid_from: r.effective,
            valid_to: r.termination,
            billable: true,
            parent: None,
            short_description: r.short_description,
            description: r.description,
            chapter: None,
            block: None,
            category: r.category,
            flags: Vec::new(),
            descriptor_source: r.source,
        };
        if r.system == System::Cpt {
            rec.category = rec.category.or(Some("IMPORTED".into()));
        }
        return Ok(vec![rec]);
    };
    let mut now = as_record(cur, r.system);
    let text_changed =
        cur.description != r.description || cur.short_description != r.short_description;
    if text_changed && r.effective > cur.valid_from {
        // Close the current version the day before and open a new one.
        let day_before = r
            .effective
            .pred_opt()
            .ok_or_else(|| AppError::internal("date underflow"))?;
        now.valid_to = Some(day_before);
        let mut next = as_record(cur, r.system);
        next.valid_from = r.effective;
        next.valid_to = r.termination;
        next.description = r.description;
        next.short_description = r.short_description;
        next.descriptor_source = r.source;
        report.revised += 1;
        return Ok(vec![now, next]);
    }
    if text_changed {
        now.description = r.description;
        now.short_description = r.short_description;
        now.descriptor_source = r.source;
        report.revised += 1;
    }
    if r.termination.is_some() && now.valid_to != r.termination {
        now.valid_to = r.termination;
        report.terminated += 1;
    } else if !text_changed {
        report.unchanged += 1;
        return Ok(vec![]);
    }
    Ok(vec![now])
}

async fn apply(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    system: System,
    revisions: Vec<Revision>,
) -> AppResult<ImportReport> {
    let txn = begin_write(db).await?;
    let current = latest_versions(&txn, system).await?;
    let mut report = ImportReport::default();
    let mut writes = Vec::new();
    let rows = revisions.len();
    for r in revisions {
        let cur = current.get(&r.code);
        writes.extend(plan(cur, r, &mut report)?);
    }
    upsert_codes(&txn, &writes).await?;
    record_release(&txn, name, checksum, rows).await?;
    txn.commit().await?;
    Ok(report)
}

/// Applies the CMS HCPCS alpha-numeric file: procedure codes to HCPCS, modifiers to MODIFIER.
pub async fn import_hcpcs(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    rows: Vec<HcpcsRow>,
) -> AppResult<(ImportReport, ImportReport)> {
    let fallback = NaiveDate::from_ymd_opt(2000, 1, 1).ok_or_else(|| AppError::internal("date"))?;
    let to_rev = |r: HcpcsRow, system: System| Revision {
        system,
        effective: r.action_effective.or(r.add_date).unwrap_or(fallback),
        termination: r.termination,
        code: r.code,
        description: r.long_description,
        short_description: r.short_description,
        source: DescriptorSource::Public,
        category: (system == System::Modifier).then(|| "II:imported".to_owned()),
    };
    let (mods, procs): (Vec<HcpcsRow>, Vec<HcpcsRow>) = rows.into_iter().partition(|r| r.modifier);
    let p = apply(
        db,
        name,
        checksum,
        System::Hcpcs,
        procs
            .into_iter()
            .map(|r| to_rev(r, System::Hcpcs))
            .collect(),
    )
    .await?;
    let m = apply(
        db,
        &format!("{name}#modifiers"),
        checksum,
        System::Modifier,
        mods.into_iter()
            .map(|r| to_rev(r, System::Modifier))
            .collect(),
    )
    .await?;
    Ok((p, m))
}

/// Applies a licensed CPT file: the descriptors replace the project's summaries from
/// `effective` on (earlier versions keep the summary).
pub async fn import_cpt(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    rows: Vec<(String, String)>,
    effective: NaiveDate,
) -> AppResult<ImportReport> {
    let revisions = rows
        .into_iter()
        .map(|(code, desc)| Revision {
            system: System::Cpt,
            short_description: desc.chars().take(60).collect(),
            description: desc,
            code,
            effective,
            termination: None,
            source: DescriptorSource::LicensedImport,
            category: None,
        })
        .collect();
    apply(db, name, checksum, System::Cpt, revisions).await
}

/// Loads CMS PTP edits (upserted by pair, setting and effective date).
pub async fn import_ptp(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    rows: Vec<PtpRow>,
    setting: &str,
) -> AppResult<usize> {
    let n = rows.len();
    let models = rows
        .into_iter()
        .map(|r| ncci_ptp::ActiveModel {
            id: NotSet,
            column1: Set(r.column1),
            column2: Set(r.column2),
            modifier_indicator: Set(r.modifier_indicator),
            effective: Set(r.effective),
            deletion: Set(r.deletion),
            setting: Set(setting.to_owned()),
            rationale: Set(r.rationale),
            source: Set("CMS".into()),
        })
        .collect();
    let txn = begin_write(db).await?;
    upsert_ptp(&txn, models).await?;
    record_release(&txn, name, checksum, n).await?;
    txn.commit().await?;
    Ok(n)
}

/// Loads CMS MUE values effective on a date.
pub async fn import_mue(
    db: &DatabaseConnection,
    name: &str,
    checksum: &str,
    rows: Vec<MueRow>,
    setting: &str,
    effective: NaiveDate,
) -> AppResult<usize> {
    let n = rows.len();
    let models = rows
        .into_iter()
        .map(|r| ncci_mue::ActiveModel {
            id: NotSet,
            code: Set(r.code),
            setting: Set(setting.to_owned()),
            effective: Set(effective),
            mue: Set(r.mue),
            mai: Set(r.mai),
            rationale: Set(r.rationale),
            source: Set("CMS".into()),
        })
        .collect();
    let txn = begin_write(db).await?;
    upsert_mue(&txn, models).await?;
    record_release(&txn, name, checksum, n).await?;
    txn.commit().await?;
    Ok(n)
}
