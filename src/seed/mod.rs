//! The idempotent loader of `seed/`: every row is upserted by its natural key, so running it
//! twice changes nothing. Used by `practicum seed`, `practicum demo` and the tests.

use crate::domain::account::{DisplayName, Email, OrgKind, Password, Role};
use crate::entity::{cohort, cohort_member};
use crate::error::{AppError, AppResult};
use crate::service;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::path::{Path, PathBuf};

pub mod cases;
pub mod codesets;
pub mod exams;
pub mod payers;
pub mod tsv;

/// Where seed files are found: `PRACTICUM_SEED_DIR`, else `seed/` of this crate.
pub fn default_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// The `*.json` files of `dir`, sorted by name; none when `dir` does not exist.
pub(crate) fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// What a seed run did.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub organizations: usize,
    /// Code-set files loaded (unchanged ones are skipped).
    pub code_files: usize,
    /// Case-set files loaded into the public library.
    pub case_files: usize,
    /// Payer profiles and charge-master files loaded.
    pub payer_files: usize,
    /// Question-bank and exam-form files loaded.
    pub exam_files: usize,
}

/// Reads a tab-separated file with a header row into rows of fields.
pub fn read_tsv(path: &Path) -> AppResult<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::internal(format!("reading {}: {e}", path.display())))?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect())
}

/// Loads everything in `dir`: organizations, then the code sets.
pub async fn run(db: &DatabaseConnection, dir: &Path) -> AppResult<SeedReport> {
    let mut report = organizations(db, dir).await?;
    report.code_files = codesets::load(db, dir).await?;
    report.payer_files = payers::load(db, dir).await?;
    report.case_files = cases::load(db, dir).await?;
    report.exam_files = exams::load(db, dir).await?;
    Ok(report)
}

/// Loads the organizations only (tests that need no code tables).
pub async fn organizations(db: &DatabaseConnection, dir: &Path) -> AppResult<SeedReport> {
    let mut report = SeedReport::default();
    for row in read_tsv(&dir.join("organizations.tsv"))? {
        let [slug, name, kind] = row.as_slice() else {
            return Err(AppError::internal(
                "organizations.tsv: expected slug, name, kind",
            ));
        };
        let kind = OrgKind::parse(kind).map_err(|e| AppError::internal(e.0))?;
        service::organization::ensure(db, slug, name, kind).await?;
        report.organizations += 1;
    }
    Ok(report)
}

/// The demo accounts' shared password.
pub const DEMO_PASSWORD: &str = "practicum-demo";

/// The demo organization, one account per role, and a cohort holding the trainee.
/// Existing accounts are left as they are.
pub async fn demo(db: &DatabaseConnection) -> AppResult<Vec<(String, Role)>> {
    let org =
        service::organization::ensure(db, "demo-school", "Demo School", OrgKind::School).await?;
    let cohort = match cohort::in_org(org.id)
        .filter(cohort::Column::Name.eq("Demo Cohort"))
        .one(db)
        .await?
    {
        Some(c) => c,
        None => {
            cohort::ActiveModel {
                organization_id: Set(org.id),
                name: Set("Demo Cohort".into()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    let password = Password::parse(DEMO_PASSWORD).map_err(|e| AppError::internal(e.0))?;
    let mut accounts = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@practicum.test", role.as_str().to_lowercase());
        let parsed = Email::parse(&email).map_err(|e| AppError::internal(e.0))?;
        let name = DisplayName::parse(&format!("Demo {}", role.as_str().to_lowercase()))
            .map_err(|e| AppError::internal(e.0))?;
        let account = match service::account::find_by_email(db, &parsed).await? {
            Some(a) => a,
            None => {
                service::account::create_direct(db, &parsed, &password, &name, role, Some(org.id))
                    .await?
            }
        };
        if role == Role::Trainee
            && cohort_member::Entity::find_by_id((cohort.id, account.id))
                .one(db)
                .await?
                .is_none()
        {
            cohort_member::ActiveModel {
                cohort_id: Set(cohort.id),
                account_id: Set(account.id),
                added_at: Set(Utc::now()),
            }
            .insert(db)
            .await?;
        }
        accounts.push((email, role));
    }
    Ok(accounts)
}
