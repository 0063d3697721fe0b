//! The `practicum codes import …` commands, run as a user would, on small sample files: an
//! HCPCS release adds, revises and terminates codes without losing history; PTP and MUE
//! tables load; a malformed file is refused with its line and changes nothing.

use crate::helpers::fresh_database_url;
use practicum::domain::codes::System;
use practicum::entity::{ncci_mue, ncci_ptp};
use practicum::{db, service::codes::load_index};
use sea_orm::{EntityTrait, PaginatorTrait};
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(url: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_practicum"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("practicum runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn d(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A file database for SQLite (the command is another process), else a fresh PostgreSQL one.
async fn database() -> (String, Option<tempfile_path::TempDb>) {
    let url = fresh_database_url().await;
    if url.starts_with("sqlite") {
        let t = tempfile_path::TempDb::new();
        (t.url(), Some(t))
    } else {
        (url, None)
    }
}

mod tempfile_path {
    /// A SQLite file under the system temp directory, removed on drop.
    pub struct TempDb(std::path::PathBuf);
    impl TempDb {
        pub fn new() -> Self {
            TempDb(std::env::temp_dir().join(format!(
                "practicum-import-{}.db",
                uuid::Uuid::new_v4().simple()
            )))
        }
        pub fn url(&self) -> String {
            format!("sqlite://{}?mode=rwc", self.0.display())
        }
    }
    impl Drop for TempDb {
        fn drop(&mut self) {
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", self.0.display()));
            }
        }
    }
}

#[tokio::test]
async fn an_hcpcs_release_updates_codes_and_keeps_history() {
    let (url, _keep) = database().await;
    let (ok, out) = run(
        &url,
        &["codes", "import", "hcpcs", &fixture("hcpcs_2026_jan.txt")],
    );
    assert!(ok, "{out}");
    assert!(out.contains("added: 3"), "{out}");
    let (ok, out) = run(
        &url,
        &["codes", "import", "hcpcs", &fixture("hcpcs_2026_apr.txt")],
    );
    assert!(ok, "{out}");

    let conn = db::connect(&url).await.unwrap();
    let idx = load_index(&conn).await.unwrap();
    let j3301 = idx.lookup(System::Hcpcs, "J3301", None).unwrap();
    assert_eq!(
        j3301.description, "Injection, triamcinolone acetonide, not otherwise specified, 10 mg",
        "continuation joined"
    );
    // J7030 revised on 2026-04-01: the old wording stays valid before, the new one after.
    let old = idx.lookup(System::Hcpcs, "J7030", d("2026-03-31")).unwrap();
    let new = idx.lookup(System::Hcpcs, "J7030", d("2026-04-01")).unwrap();
    assert_eq!(
        old.description,
        "Infusion, normal saline solution , 1000 cc"
    );
    assert_eq!(new.description, "Infusion, normal saline solution, 1000 cc");
    assert_eq!(old.valid_to, d("2026-03-31"));
    // G0008 terminated at 2026-06-30.
    assert!(
        idx.lookup(System::Hcpcs, "G0008", d("2026-06-30"))
            .is_some()
    );
    assert!(
        idx.lookup(System::Hcpcs, "G0008", d("2026-07-01"))
            .is_none()
    );
    // Q9999 added from 2026-04-01; GT went to the modifiers.
    assert!(
        idx.lookup(System::Hcpcs, "Q9999", d("2026-03-31"))
            .is_none()
    );
    assert!(
        idx.lookup(System::Hcpcs, "Q9999", d("2026-04-01"))
            .is_some()
    );
    assert!(idx.lookup(System::Modifier, "GT", None).is_some());

    // Importing the same release again changes nothing.
    let (ok, out) = run(
        &url,
        &["codes", "import", "hcpcs", &fixture("hcpcs_2026_apr.txt")],
    );
    assert!(ok, "{out}");
    assert!(out.contains("added: 0, revised: 0, terminated: 0"), "{out}");
}

#[tokio::test]
async fn ncci_ptp_and_mue_tables_load_and_bad_files_are_refused() {
    let (url, _keep) = database().await;
    let (ok, out) = run(
        &url,
        &[
            "codes",
            "import",
            "ncci-ptp",
            &fixture("ncci_ptp_sample.txt"),
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("loaded: 3"), "{out}");
    let (ok, out) = run(
        &url,
        &[
            "codes",
            "import",
            "mue",
            &fixture("mue_sample.csv"),
            "--effective",
            "2026-01-01",
        ],
    );
    assert!(ok, "{out}");
    let conn = db::connect(&url).await.unwrap();
    assert_eq!(ncci_ptp::Entity::find().count(&conn).await.unwrap(), 3);
    let mues = ncci_mue::Entity::find().all(&conn).await.unwrap();
    let j = mues.iter().find(|m| m.code == "J3301").unwrap();
    assert_eq!(
        (j.mue, j.mai, j.effective),
        (8, 3, d("2026-01-01").unwrap())
    );

    // A malformed file is refused with the line, and nothing is written.
    let bad = std::env::temp_dir().join(format!("bad-mue-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(
        &bad,
        "44970,1,2 Date of Service Edit: Policy,x\n99213,lots,2 x,y\n",
    )
    .unwrap();
    let (ok, out) = run(&url, &["codes", "import", "mue", bad.to_str().unwrap()]);
    std::fs::remove_file(&bad).ok();
    assert!(!ok);
    assert!(out.contains("line 2"), "{out}");
    assert_eq!(ncci_mue::Entity::find().count(&conn).await.unwrap(), 2);
}

/// `codes import icd10cm`: a FY2026 order file, then what the seed's FY2027 delta leaves (a
/// new code with its title pending, its parent closed), then a FY2027 tabular XML.
#[tokio::test]
async fn an_icd10cm_release_gives_pending_codes_their_titles_and_keeps_history() {
    use practicum::domain::codes::search::SearchQuery;
    use practicum::domain::codes::{CodeRecord, DescriptorSource};
    let (url, _keep) = database().await;
    let (ok, out) = run(
        &url,
        &[
            "codes",
            "import",
            "icd10cm",
            &fixture("icd10cm_order_2026_sample.txt"),
            "--effective",
            "2025-10-01",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("added: 8"), "{out}");

    // As the seed's FY2027 delta does: I42.0 closed, I42.00 added with its title pending.
    let conn = db::connect(&url).await.unwrap();
    let mut i420 = load_index(&conn)
        .await
        .unwrap()
        .lookup(System::Icd10Cm, "I420", None)
        .unwrap()
        .clone();
    i420.valid_to = d("2026-09-30");
    let pending = CodeRecord {
        system: System::Icd10Cm,
        code: "I4200".into(),
        valid_from: d("2026-10-01").unwrap(),
        valid_to: None,
        billable: true,
        parent: Some("I420".into()),
        short_description: "FY2027 addition (title pending)".into(),
        description: "FY2027 addition: official title not yet included".into(),
        chapter: i420.chapter.clone(),
        block: i420.block.clone(),
        category: None,
        flags: vec!["title_pending".into()],
        descriptor_source: DescriptorSource::Public,
    };
    practicum::service::codes::upsert_codes(&conn, &[i420, pending])
        .await
        .unwrap();
    let before = load_index(&conn).await.unwrap();
    let provisional = before.lookup(System::Icd10Cm, "I4200", None).unwrap();
    assert_eq!(
        provisional.description,
        "Dilated cardiomyopathy [provisional title from I42.0: official FY2027 title pending]"
    );

    let import_2027 = [
        "codes",
        "import",
        "icd10cm",
        &fixture("icd10cm_tabular_2027_sample.xml"),
        "--effective",
        "2026-10-01",
    ];
    let (ok, out) = run(&url, &import_2027);
    assert!(ok, "{out}");
    let idx = load_index(&conn).await.unwrap();
    let on = |c: &str, day: &str| idx.lookup(System::Icd10Cm, c, d(day));
    let titled = on("I4200", "2026-12-01").unwrap();
    assert_eq!(
        titled.description,
        "Dilated cardiomyopathy, unspecified (sample title)"
    );
    assert!(!titled.has_flag("title_pending"));
    // I42.0 was billable in FY2026 and is a header from FY2027; I42.8 became one too.
    assert!(on("I420", "2026-01-15").unwrap().billable);
    assert!(!on("I420", "2026-12-01").unwrap().billable);
    assert!(on("I428", "2026-09-30").unwrap().billable);
    assert!(!on("I428", "2026-10-01").unwrap().billable);
    // New codes under their parents; 7th characters expanded from the XML's sevenChrDef.
    assert_eq!(
        on("I4201", "2026-12-01").unwrap().parent.as_deref(),
        Some("I420")
    );
    assert!(on("I4201", "2026-09-30").is_none());
    assert_eq!(
        on("S93401A", "2026-12-01").unwrap().description,
        "Sprain of unspecified ligament of right ankle, initial encounter"
    );
    assert!(!on("S93401", "2026-12-01").unwrap().billable);
    // The replacements of a code split by the release, and a search for its words.
    let split: Vec<&str> = idx
        .replacements(System::Icd10Cm, "I428", d("2026-12-01").unwrap())
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(split, vec!["I4281", "I4289"]);
    let hits = idx
        .search(&SearchQuery {
            text: "dilated cardiomyopathy",
            systems: &[],
            as_of: d("2026-12-01").unwrap(),
            billable_only: true,
            offset: 0,
            limit: 5,
        })
        .unwrap()
        .hits;
    assert_eq!(hits[0].record.code, "I4200", "{hits:?}");

    // The same release again changes nothing.
    let (ok, out) = run(&url, &import_2027);
    assert!(ok, "{out}");
    assert!(out.contains("added: 0, titled: 0, revised: 0"), "{out}");

    // A malformed file is refused with its line, and nothing is written.
    let bad = std::env::temp_dir().join(format!("bad-icd-{}.xml", uuid::Uuid::new_v4().simple()));
    std::fs::write(
        &bad,
        "<ICD10CM.tabular>\n<diag><name>Q99.9</name><desc>x</desc>\n</section>\n</ICD10CM.tabular>\n",
    )
    .unwrap();
    let (ok, out) = run(&url, &["codes", "import", "icd10cm", bad.to_str().unwrap()]);
    std::fs::remove_file(&bad).ok();
    assert!(!ok);
    assert!(out.contains("line 3"), "{out}");
    assert!(
        load_index(&conn)
            .await
            .unwrap()
            .lookup(System::Icd10Cm, "Q999", None)
            .is_none()
    );
}
