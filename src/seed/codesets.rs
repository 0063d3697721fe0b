//! Loads the code tables of `seed/codesets/` and `seed/ncci/`: each file is one release,
//! skipped when already loaded with the same checksum, otherwise upserted by natural key.

use super::tsv::{RawFile, Table, date, opt_date};
use crate::db::begin_write;
use crate::domain::codes::{CodeRecord, DescriptorSource, System, normalize};
use crate::entity::drg::{cc_exclusion, cc_mcc, sdx_exclusion, weight};
use crate::entity::{code, code_note, mce_age_range, ncci_mue, ncci_ptp, search_synonym};
use crate::error::{AppError, AppResult};
use crate::service::codes::{record_release, release_loaded, upsert_codes};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, Set,
};
use std::collections::HashSet;
use std::path::Path;

/// The MS-DRG grouper version these tables are (v43, FY2026).
pub const DRG_VERSION: i32 = 430;
const CHUNK: usize = 1000;

fn ymd(y: i32, m: u32, d: u32) -> AppResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::internal("bad date"))
}

/// Loads every code-set file, in dependency order. Returns the number of files loaded
/// (files already loaded unchanged are skipped).
pub async fn load(db: &DatabaseConnection, dir: &Path) -> AppResult<usize> {
    let cs = dir.join("codesets");
    let ncci = dir.join("ncci");
    let mut loaded = 0;
    let steps: Vec<(std::path::PathBuf, Loader)> = vec![
        (cs.join("icd10cm_fy2026.tsv.gz"), Loader::Icd10Cm),
        (cs.join("icd10cm_fy2027_delta.tsv.gz"), Loader::Icd10CmDelta),
        (cs.join("icd10cm_notes.tsv.gz"), Loader::Notes),
        (cs.join("icd10pcs_fy2026plus.tsv.gz"), Loader::Icd10Pcs),
        (cs.join("msdrg_titles.tsv.gz"), Loader::DrgTitles),
        (cs.join("msdrg_v43_weights.tsv.gz"), Loader::DrgWeights),
        (cs.join("msdrg_v43_cc_mcc.tsv.gz"), Loader::CcMcc),
        (
            cs.join("msdrg_v43_pdx_exclusions.tsv.gz"),
            Loader::PdxExclusions,
        ),
        (
            cs.join("msdrg_v43_drg_sdx_exclusions.tsv.gz"),
            Loader::SdxExclusions,
        ),
        (cs.join("mce_age_ranges.tsv.gz"), Loader::AgeRanges),
        (cs.join("hcpcs_curated.tsv"), Loader::Hcpcs),
        (cs.join("cpt_catalogue.tsv"), Loader::Cpt),
        (cs.join("modifiers.tsv"), Loader::Modifiers),
        (cs.join("pos.tsv"), Loader::Pos),
        (cs.join("carc_glosses.tsv"), Loader::Carc),
        (cs.join("rarc.tsv.gz"), Loader::RarcCodes),
        (cs.join("rarc_glosses.tsv"), Loader::Rarc),
        (cs.join("cas_group_codes.tsv"), Loader::CasGroups),
        (cs.join("search_synonyms.tsv"), Loader::Synonyms),
        (ncci.join("ptp_teaching.tsv"), Loader::Ptp),
        (ncci.join("mue_teaching.tsv"), Loader::Mue),
    ];
    for (path, loader) in steps {
        if !path.exists() {
            continue;
        }
        let raw = RawFile::read(&path)?;
        if release_loaded(db, &raw.name, &raw.checksum).await? {
            continue;
        }
        let table = Table::parse(raw)?;
        let txn = begin_write(db).await?;
        let rows = loader.run(&txn, &table).await?;
        record_release(&txn, &table.name, &table.checksum, rows).await?;
        txn.commit().await?;
        loaded += 1;
    }
    Ok(loaded)
}

#[derive(Clone, Copy)]
enum Loader {
    Icd10Cm,
    Icd10CmDelta,
    Notes,
    Icd10Pcs,
    DrgTitles,
    DrgWeights,
    CcMcc,
    PdxExclusions,
    SdxExclusions,
    AgeRanges,
    Hcpcs,
    Cpt,
    Modifiers,
    Pos,
    Carc,
    RarcCodes,
    Rarc,
    CasGroups,
    Synonyms,
    Ptp,
    Mue,
}

fn record(system: System, code: &str, from: NaiveDate, description: &str) -> CodeRecord {
    CodeRecord {
        system,
        code: code.to_owned(),
        valid_from: from,
        valid_to: None,
        billable: true,
        parent: None,
        short_description: description.to_owned(),
        description: description.to_owned(),
        chapter: None,
        block: None,
        category: None,
        flags: Vec::new(),
        descriptor_source: DescriptorSource::Public,
    }
}

fn mce_flags(t: &Table, row: &[String]) -> AppResult<Vec<String>> {
    let mut flags: Vec<String> = t
        .get(row, "mce_flags")?
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(sex) = t.opt(row, "sex_fy2024")? {
        flags.push(format!("sex:{sex}"));
    }
    Ok(flags)
}

impl Loader {
    async fn run(self, db: &impl ConnectionTrait, t: &Table) -> AppResult<usize> {
        let epoch = ymd(2015, 10, 1)?;
        let y2000 = ymd(2000, 1, 1)?;
        match self {
            Loader::Icd10Cm => {
                let mut out = Vec::with_capacity(t.rows.len());
                for row in &t.rows {
                    let mut r = record(
                        System::Icd10Cm,
                        t.get(row, "code")?,
                        epoch,
                        t.get(row, "description")?,
                    );
                    r.valid_from = opt_date(t.opt(row, "valid_from")?)?.unwrap_or(epoch);
                    r.valid_to = opt_date(t.opt(row, "valid_to")?)?;
                    r.billable = t.get(row, "billable")? == "1";
                    r.parent = t.opt(row, "parent")?.map(str::to_owned);
                    r.short_description = t.get(row, "short_description")?.to_owned();
                    r.chapter = t.opt(row, "chapter")?.map(str::to_owned);
                    r.block = t.opt(row, "block")?.map(str::to_owned);
                    r.flags = mce_flags(t, row)?;
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Icd10CmDelta => {
                let fy2027 = ymd(2026, 10, 1)?;
                let last_fy2026 = ymd(2026, 9, 30)?;
                let mut added = Vec::new();
                for row in &t.rows {
                    let c = t.get(row, "code")?;
                    match t.get(row, "change")? {
                        "added" => {
                            let parent = longest_existing_prefix(db, c).await?;
                            let mut r = record(
                                System::Icd10Cm,
                                c,
                                fy2027,
                                "FY2027 addition: official title not yet included in the project's tables",
                            );
                            r.short_description = "FY2027 addition (title pending)".into();
                            r.flags = vec!["title_pending".into()];
                            if let Some(p) = &parent {
                                let up = code::Entity::find()
                                    .filter(code::Column::System.eq("ICD10CM"))
                                    .filter(code::Column::Code.eq(p.as_str()))
                                    .one(db)
                                    .await?;
                                if let Some(up) = up {
                                    r.chapter = up.chapter;
                                    r.block = up.block;
                                }
                            }
                            r.parent = parent;
                            added.push(r);
                        }
                        "deleted" => {
                            code::Entity::update_many()
                                .col_expr(code::Column::ValidTo, Expr::value(last_fy2026))
                                .filter(code::Column::System.eq("ICD10CM"))
                                .filter(code::Column::Code.eq(c))
                                .filter(code::Column::ValidTo.is_null())
                                .exec(db)
                                .await?;
                        }
                        other => {
                            return Err(AppError::internal(format!(
                                "delta: unknown change '{other}'"
                            )));
                        }
                    }
                }
                upsert_codes(db, &added).await?;
                Ok(t.rows.len())
            }
            Loader::Notes => {
                code_note::Entity::delete_many().exec(db).await?;
                for chunk in t.rows.chunks(CHUNK) {
                    let models = chunk
                        .iter()
                        .map(|row| {
                            Ok(code_note::ActiveModel {
                                id: NotSet,
                                code: Set(t.get(row, "code")?.to_owned()),
                                kind: Set(t.get(row, "kind")?.to_owned()),
                                refs: Set(t.get(row, "refs")?.to_owned()),
                                text: Set(t.get(row, "text")?.to_owned()),
                            })
                        })
                        .collect::<AppResult<Vec<_>>>()?;
                    code_note::Entity::insert_many(models)
                        .exec_without_returning(db)
                        .await?;
                }
                Ok(t.rows.len())
            }
            Loader::Icd10Pcs => {
                let mut out = Vec::with_capacity(t.rows.len());
                for row in &t.rows {
                    let desc = t
                        .opt(row, "description")?
                        .unwrap_or("Description not included in the public tables used");
                    let mut r = record(System::Icd10Pcs, t.get(row, "code")?, epoch, desc);
                    r.valid_from = opt_date(t.opt(row, "valid_from")?)?.unwrap_or(epoch);
                    r.valid_to = opt_date(t.opt(row, "valid_to")?)?;
                    r.short_description =
                        t.opt(row, "short_description")?.unwrap_or(desc).to_owned();
                    r.flags = mce_flags(t, row)?;
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::DrgTitles => {
                let v43_from = ymd(2025, 10, 1)?;
                let v43_to = ymd(2026, 9, 30)?;
                let v44_from = ymd(2026, 10, 1)?;
                let title_at =
                    |version: i32| -> AppResult<std::collections::HashMap<String, String>> {
                        let mut m = std::collections::HashMap::new();
                        for row in &t.rows {
                            let start: i32 = t.get(row, "version_start")?.parse().unwrap_or(0);
                            let end: i32 = t.get(row, "version_end")?.parse().unwrap_or(0);
                            if start <= version && version <= end {
                                m.insert(
                                    t.get(row, "code")?.to_owned(),
                                    t.get(row, "title")?.to_owned(),
                                );
                            }
                        }
                        Ok(m)
                    };
                let (v43, v44) = (title_at(430)?, title_at(440)?);
                let mut out = Vec::new();
                for (c, title) in &v43 {
                    let mut r = record(System::MsDrg, c, v43_from, title);
                    match v44.get(c) {
                        Some(t44) if t44 == title => {}
                        Some(t44) => {
                            r.valid_to = Some(v43_to);
                            out.push(record(System::MsDrg, c, v44_from, t44));
                        }
                        None => r.valid_to = Some(v43_to),
                    }
                    out.push(r);
                }
                for (c, title) in v44.iter().filter(|(c, _)| !v43.contains_key(*c)) {
                    out.push(record(System::MsDrg, c, v44_from, title));
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::DrgWeights => {
                let scaled = |s: &str, f: f64| -> i64 {
                    (s.parse::<f64>().unwrap_or(0.0) * f).round() as i64
                };
                let models = t
                    .rows
                    .iter()
                    .map(|row| {
                        Ok(weight::ActiveModel {
                            version: Set(DRG_VERSION),
                            drg: Set(t.get(row, "drg")?.to_owned()),
                            mdc: Set(t.get(row, "mdc")?.to_owned()),
                            kind: Set(t.get(row, "type")?.to_owned()),
                            weight_e4: Set(scaled(t.get(row, "weight")?, 10_000.0)),
                            gmlos_e1: Set(scaled(t.get(row, "gmlos")?, 10.0) as i32),
                            amlos_e1: Set(scaled(t.get(row, "amlos")?, 10.0) as i32),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                weight::Entity::delete_many()
                    .filter(weight::Column::Version.eq(DRG_VERSION))
                    .exec(db)
                    .await?;
                insert_all(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::CcMcc => {
                let models = t
                    .rows
                    .iter()
                    .map(|row| {
                        Ok(cc_mcc::ActiveModel {
                            version: Set(DRG_VERSION),
                            code: Set(t.get(row, "code")?.to_owned()),
                            level: Set(t.get(row, "level")?.to_owned()),
                            pdx_collection: Set(t.get(row, "pdx_exclusion_collection")?.to_owned()),
                            only_if_alive: Set(t.get(row, "cc_only_if_discharged_alive")? == "1"),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                cc_mcc::Entity::delete_many()
                    .filter(cc_mcc::Column::Version.eq(DRG_VERSION))
                    .exec(db)
                    .await?;
                insert_all(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::PdxExclusions => {
                cc_exclusion::Entity::delete_many()
                    .filter(cc_exclusion::Column::Version.eq(DRG_VERSION))
                    .exec(db)
                    .await?;
                let models = t
                    .rows
                    .iter()
                    .map(|row| {
                        Ok(cc_exclusion::ActiveModel {
                            version: Set(DRG_VERSION),
                            collection: Set(t.get(row, "collection")?.to_owned()),
                            pdx_code: Set(t.get(row, "pdx_code")?.to_owned()),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                insert_all(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::SdxExclusions => {
                sdx_exclusion::Entity::delete_many()
                    .filter(sdx_exclusion::Column::Version.eq(DRG_VERSION))
                    .exec(db)
                    .await?;
                let models = t
                    .rows
                    .iter()
                    .map(|row| {
                        Ok(sdx_exclusion::ActiveModel {
                            version: Set(DRG_VERSION),
                            drg_range: Set(t.get(row, "drg_range")?.to_owned()),
                            sdx_code: Set(t.get(row, "sdx_code")?.to_owned()),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                insert_all(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::AgeRanges => {
                mce_age_range::Entity::delete_many().exec(db).await?;
                let models = t
                    .rows
                    .iter()
                    .map(|row| {
                        Ok(mce_age_range::ActiveModel {
                            age_group: Set(t.get(row, "age_group")?.to_owned()),
                            start_age: Set(t.get(row, "start_age")?.parse().unwrap_or(0)),
                            end_age: Set(t.get(row, "end_age")?.parse().unwrap_or(0)),
                            date_start: Set(date(t.get(row, "date_start")?)?),
                            date_end: Set(date(t.get(row, "date_end")?)?),
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                mce_age_range::Entity::insert_many(models)
                    .exec_without_returning(db)
                    .await?;
                Ok(t.rows.len())
            }
            Loader::Hcpcs => {
                let mut out = Vec::new();
                for row in &t.rows {
                    let mut r = record(
                        System::Hcpcs,
                        t.get(row, "code")?,
                        y2000,
                        t.get(row, "long_description")?,
                    );
                    r.valid_from = opt_date(t.opt(row, "valid_from")?)?.unwrap_or(y2000);
                    r.valid_to = opt_date(t.opt(row, "valid_to")?)?;
                    r.short_description = t.get(row, "short_description")?.to_owned();
                    r.category = t.opt(row, "category")?.map(str::to_owned);
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Cpt => {
                let mut out = Vec::new();
                for row in &t.rows {
                    let mut r = record(
                        System::Cpt,
                        t.get(row, "code")?,
                        y2000,
                        t.get(row, "summary")?,
                    );
                    r.valid_from = opt_date(t.opt(row, "valid_from")?)?.unwrap_or(y2000);
                    r.valid_to = opt_date(t.opt(row, "valid_to")?)?;
                    r.category = t.opt(row, "section")?.map(str::to_owned);
                    r.short_description = t.get(row, "subsection")?.to_owned();
                    r.descriptor_source = DescriptorSource::ProjectSummary;
                    if t.get(row, "add_on")? == "1" {
                        r.flags.push("add_on".into());
                    }
                    if let Some(g) = t.opt(row, "global_days")?.filter(|g| !g.is_empty()) {
                        r.flags.push(format!("global:{g}"));
                    }
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Modifiers => {
                let mut out = Vec::new();
                for row in &t.rows {
                    let mut r = record(
                        System::Modifier,
                        t.get(row, "code")?,
                        y2000,
                        t.get(row, "description")?,
                    );
                    r.valid_from = opt_date(t.opt(row, "valid_from")?)?.unwrap_or(y2000);
                    r.valid_to = opt_date(t.opt(row, "valid_to")?)?;
                    let level = t.get(row, "level")?;
                    r.category = Some(format!("{level}:{}", t.get(row, "category")?));
                    if level == "CPT" {
                        r.descriptor_source = DescriptorSource::ProjectSummary;
                    }
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Pos => {
                let mut out = Vec::new();
                for row in &t.rows {
                    let mut r = record(
                        System::Pos,
                        t.get(row, "code")?,
                        y2000,
                        t.get(row, "description")?,
                    );
                    r.short_description = t.get(row, "name")?.to_owned();
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Carc | Loader::Rarc => {
                let system = if matches!(self, Loader::Carc) {
                    System::Carc
                } else {
                    System::Rarc
                };
                let mut out = Vec::new();
                for row in &t.rows {
                    let official = t
                        .opt(row, "description")?
                        .unwrap_or("Official text not included");
                    let mut r = record(system, t.get(row, "code")?, y2000, official);
                    r.short_description = t.opt(row, "gloss")?.unwrap_or(official).to_owned();
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::RarcCodes => {
                // Codes only: the glossed file that follows fills in the text it has.
                let mut out = Vec::new();
                for row in &t.rows {
                    let text = t
                        .opt(row, "description")?
                        .unwrap_or("Official text not included in the project's tables");
                    out.push(record(System::Rarc, t.get(row, "code")?, y2000, text));
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::CasGroups => {
                let mut out = Vec::new();
                for row in &t.rows {
                    let mut r = record(
                        System::CasGroup,
                        t.get(row, "code")?,
                        y2000,
                        t.get(row, "gloss")?,
                    );
                    r.short_description = t.get(row, "name")?.to_owned();
                    out.push(r);
                }
                upsert_codes(db, &out).await?;
                Ok(out.len())
            }
            Loader::Synonyms => {
                search_synonym::Entity::delete_many().exec(db).await?;
                let mut seen = HashSet::new();
                let mut models = Vec::new();
                for row in &t.rows {
                    let term = t.get(row, "term")?.to_lowercase();
                    let exp = t.get(row, "expansion")?.to_lowercase();
                    if !term.is_empty()
                        && !exp.is_empty()
                        && seen.insert((term.clone(), exp.clone()))
                    {
                        models.push(search_synonym::ActiveModel {
                            term: Set(term),
                            expansion: Set(exp),
                        });
                    }
                }
                insert_all(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::Ptp => {
                let mut models = Vec::new();
                for row in &t.rows {
                    models.push(ptp_model(t, row)?);
                }
                upsert_ptp(db, models).await?;
                Ok(t.rows.len())
            }
            Loader::Mue => {
                let mut models = Vec::new();
                for row in &t.rows {
                    models.push(ncci_mue::ActiveModel {
                        id: NotSet,
                        code: Set(t.get(row, "code")?.to_owned()),
                        setting: Set(t.get(row, "setting")?.to_owned()),
                        effective: Set(date(t.get(row, "effective")?)?),
                        mue: Set(t
                            .get(row, "mue")?
                            .parse()
                            .map_err(|_| AppError::internal("mue: bad value"))?),
                        mai: Set(t
                            .get(row, "mai")?
                            .parse()
                            .map_err(|_| AppError::internal("mue: bad mai"))?),
                        rationale: Set(t.get(row, "rationale")?.to_owned()),
                        source: Set(t.get(row, "source")?.to_owned()),
                    });
                }
                upsert_mue(db, models).await?;
                Ok(t.rows.len())
            }
        }
    }
}

fn ptp_model(t: &Table, row: &[String]) -> AppResult<ncci_ptp::ActiveModel> {
    Ok(ncci_ptp::ActiveModel {
        id: NotSet,
        column1: Set(t.get(row, "column1")?.to_owned()),
        column2: Set(t.get(row, "column2")?.to_owned()),
        modifier_indicator: Set(t
            .get(row, "modifier_indicator")?
            .parse()
            .map_err(|_| AppError::internal("ptp: bad indicator"))?),
        effective: Set(date(t.get(row, "effective")?)?),
        deletion: Set(opt_date(t.opt(row, "deletion")?)?),
        setting: Set(t.opt(row, "setting")?.unwrap_or("PRACTITIONER").to_owned()),
        rationale: Set(t.get(row, "rationale")?.to_owned()),
        source: Set(t.opt(row, "source")?.unwrap_or("TEACHING").to_owned()),
    })
}

/// Inserts PTP edits or updates the one with the same pair, setting and effective date.
pub async fn upsert_ptp(
    db: &impl ConnectionTrait,
    models: Vec<ncci_ptp::ActiveModel>,
) -> AppResult<()> {
    use ncci_ptp::Column as C;
    for c in models.chunks(CHUNK) {
        ncci_ptp::Entity::insert_many(c.to_vec())
            .on_conflict(
                OnConflict::columns([C::Column1, C::Column2, C::Setting, C::Effective])
                    .update_columns([C::ModifierIndicator, C::Deletion, C::Rationale, C::Source])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Inserts MUE values or updates the one with the same code, setting and effective date.
pub async fn upsert_mue(
    db: &impl ConnectionTrait,
    models: Vec<ncci_mue::ActiveModel>,
) -> AppResult<()> {
    use ncci_mue::Column as C;
    for c in models.chunks(CHUNK) {
        ncci_mue::Entity::insert_many(c.to_vec())
            .on_conflict(
                OnConflict::columns([C::Code, C::Setting, C::Effective])
                    .update_columns([C::Mue, C::Mai, C::Rationale, C::Source])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Inserts rows in chunks that stay under both databases' parameter limits.
async fn insert_all<A>(db: &impl ConnectionTrait, models: Vec<A>) -> AppResult<()>
where
    A: sea_orm::ActiveModelTrait + Clone + Send,
{
    for c in models.chunks(CHUNK) {
        <A::Entity as EntityTrait>::insert_many(c.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The longest prefix of an ICD-10-CM code that exists in the table: its parent.
async fn longest_existing_prefix(db: &impl ConnectionTrait, c: &str) -> AppResult<Option<String>> {
    let code = normalize(System::Icd10Cm, c).map_err(|e| AppError::internal(e.0))?;
    for len in (3..code.len()).rev() {
        let p = &code[..len];
        let found = code::Entity::find()
            .filter(code::Column::System.eq("ICD10CM"))
            .filter(code::Column::Code.eq(p))
            .one(db)
            .await?;
        if found.is_some() {
            return Ok(Some(p.to_owned()));
        }
    }
    Ok(None)
}
