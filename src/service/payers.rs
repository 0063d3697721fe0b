//! The simulated payers' profiles, the practice's charge master and the NCCI tables the
//! adjudicator applies.

use crate::domain::adjudication::ncci::{MueEdit, Ncci, PtpEdit};
use crate::domain::adjudication::payer::PayerProfile;
use crate::entity::claims::{charge_master, payer_profile};
use crate::entity::{ncci_mue, ncci_ptp};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Setting of the NCCI rows a professional claim is edited with.
const PRACTITIONER: &str = "PRACTITIONER";

pub async fn profile(db: &impl ConnectionTrait, slug: &str) -> AppResult<PayerProfile> {
    let row = payer_profile::Entity::find()
        .filter(payer_profile::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::bad_input("payer", format!("no payer profile '{slug}'")))?;
    serde_json::from_str(&row.body).map_err(|e| AppError::internal(format!("payer {slug}: {e}")))
}

pub async fn all(db: &impl ConnectionTrait) -> AppResult<Vec<PayerProfile>> {
    payer_profile::Entity::find()
        .order_by_asc(payer_profile::Column::Slug)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            serde_json::from_str(&r.body)
                .map_err(|e| AppError::internal(format!("payer {}: {e}", r.slug)))
        })
        .collect()
}

/// The standard charge of each code asked for that the charge master has.
pub async fn charges(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> AppResult<HashMap<String, i64>> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(charge_master::Entity::find()
        .filter(charge_master::Column::Code.is_in(codes.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.charge_cents))
        .collect())
}

/// The practitioner NCCI edits, in memory (the teaching tables are small).
pub async fn load_ncci(db: &impl ConnectionTrait) -> AppResult<Ncci> {
    let ptp = ncci_ptp::Entity::find()
        .filter(ncci_ptp::Column::Setting.is_in([PRACTITIONER, "BOTH"]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| PtpEdit {
            column1: r.column1,
            column2: r.column2,
            indicator: r.modifier_indicator.clamp(0, 9) as u8,
            effective: r.effective,
            deletion: r.deletion,
            rationale: r.rationale,
        })
        .collect();
    let mue = ncci_mue::Entity::find()
        .filter(ncci_mue::Column::Setting.is_in([PRACTITIONER, "BOTH"]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| MueEdit {
            code: r.code,
            mue: r.mue.max(0) as u32,
            mai: r.mai.clamp(1, 3) as u8,
            effective: r.effective,
            rationale: r.rationale,
        })
        .collect();
    Ok(Ncci::new(ptp, mue))
}
