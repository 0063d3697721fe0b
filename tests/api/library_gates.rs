//! The case library's gates on the claim built from every seed case's key (issue 26 item 3):
//! it trips no NCCI procedure-to-procedure pair without an allowed modifier and no medically
//! unlikely edit, as the simulated payer's own edit code applies them to the seed's NCCI tables;
//! and its 837P passes pyx12's validator (batched: one interchange per payer, every transaction
//! set accepted; an inpatient key's UB-04 has no 837I writer yet, and those cases are counted
//! and named, not passed; a RISK_ADJUSTMENT chart review bills nothing and is skipped). A scenario's billed claim is wrong on purpose: the gates apply to
//! its key's claim. The NCCI gate is shown able to fail: an added column-2 code and excess
//! units are caught.

use crate::helpers::TestApp;
use crate::template;
use practicum::domain::adjudication::{Context, ncci_findings};
use practicum::domain::cases::{CaseDoc, CaseSetFile, Setting};
use practicum::service::claims::{key_837p, key_claim};
use practicum::service::payers;
use std::collections::BTreeMap;

/// Every case of every seed file, with the file's name.
fn seed_cases() -> Vec<(String, CaseDoc)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let file: CaseSetFile =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.extend(file.cases.into_iter().map(|c| (name.clone(), c)));
    }
    out
}

/// What the payer's NCCI edits say of the key's claim of `doc` (MUE enforced whatever the
/// payer's profile says: a key must respect them at every payer).
async fn ncci_of(app: &TestApp, doc: &CaseDoc) -> (usize, Vec<String>) {
    let reference = template::reference(&app.db).await;
    let claim = key_claim(&app.db, doc).await.unwrap();
    let mut payer = payers::profile(&app.db, &claim.payer).await.unwrap();
    payer.mue_enforced = true;
    let ctx = Context {
        codes: &reference.codes,
        ncci: &reference.ncci,
        payer: &payer,
        coverages: &[],
        history: &[],
        authorizations: &[],
        received_on: doc.date_of_service,
        deductible_met_cents: 0,
        replaces_denied_claim: false,
        claim_number: "GATE".into(),
        drg_weight: None,
    };
    let fired = ncci_findings(&claim, &ctx)
        .into_iter()
        .map(|t| format!("{} line {:?}: {}", t.edit, t.line, t.message))
        .collect();
    (claim.lines.len(), fired)
}

#[tokio::test]
async fn no_seed_keys_claim_trips_an_ncci_pair_or_an_mue() {
    let app = TestApp::spawn_with_codes().await;
    let cases = seed_cases();
    let mut lines = 0;
    let mut failures = Vec::new();
    for (file, doc) in &cases {
        let (n, fired) = ncci_of(&app, doc).await;
        lines += n;
        failures.extend(
            fired
                .into_iter()
                .map(|f| format!("{file} {}: {f}", doc.slug)),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!(
        "NCCI gate: {} cases, {lines} service lines of their keys' claims, no PTP or MUE edit",
        cases.len()
    );
    assert!(lines > cases.len(), "{lines} lines");

    // The gate can fail: a column-2 code billed beside its column-1 code without a modifier,
    // and units above the MUE, are what it reports.
    let (_, colonoscopy) = cases
        .iter()
        .find(|(_, c)| c.slug == "surg-colonoscopy-screening-to-polypectomy")
        .unwrap();
    let mut broken = colonoscopy.clone();
    let mut diagnostic = broken.key.procedures[0].clone();
    diagnostic.code = "45378".into();
    diagnostic.modifiers.clear();
    diagnostic.alternate = None;
    broken.key.procedures.push(diagnostic);
    let (_, fired) = ncci_of(&app, &broken).await;
    assert!(
        fired
            .iter()
            .any(|f| f.starts_with("NCCI_PTP") && f.contains("/45378")),
        "{fired:?}"
    );
    let (_, office) = cases
        .iter()
        .find(|(_, c)| c.slug == "em-est-dm2-ckd-htn-99214")
        .unwrap();
    let mut broken = office.clone();
    broken.key.procedures[0].units = 2;
    let (_, fired) = ncci_of(&app, &broken).await;
    assert!(
        fired
            .iter()
            .any(|f| f.starts_with("MUE") && f.contains("99214")),
        "{fired:?}"
    );
}

#[tokio::test]
async fn every_seed_keys_837p_passes_pyx12_in_one_run() {
    let app = TestApp::spawn_with_codes().await;
    let cases = seed_cases();
    let dir = std::env::temp_dir().join(format!("practicum-key-837p-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    let mut without_837p = Vec::new();
    let mut chart_reviews = 0;
    for (n, (file, doc)) in cases.iter().enumerate() {
        // A chart review (RISK_ADJUSTMENT) bills nothing: its key is conditions, not a claim.
        if doc.setting == Setting::RiskAdjustment {
            chart_reviews += 1;
            continue;
        }
        match key_837p(&app.db, doc, n as u32 + 1).await.unwrap() {
            Some(text) => {
                assert!(text.contains("ST*837*0001*005010X222A1~"), "{}", doc.slug);
                let path = dir.join(format!("{}.txt", doc.slug));
                std::fs::write(&path, text).unwrap();
                files.push(path);
            }
            None => {
                assert_eq!(doc.setting, Setting::Inpatient, "{file} {}", doc.slug);
                without_837p.push(doc.slug.clone());
            }
        }
    }
    let inpatient = cases
        .iter()
        .filter(|(_, c)| c.setting == Setting::Inpatient)
        .count();
    assert_eq!(without_837p.len(), inpatient);
    eprintln!(
        "X12 gate: {} professional keys' 837P written ({chart_reviews} chart reviews bill nothing); {} inpatient keys have no 837I writer, not validated: {}",
        files.len(),
        without_837p.len(),
        without_837p.join(", ")
    );
    let Some(tool) = x12valid() else {
        eprintln!(
            "PRACTICUM_X12VALID not set: {} 837P files in {}, not validated",
            files.len(),
            dir.display()
        );
        return;
    };
    // pyx12 reads its maps for every file (about a second): the transaction sets go to it in one
    // interchange per payer, each with its own control number, and each must be accepted.
    let batches = batch(&files);
    let mut paths = Vec::new();
    for (payer, (text, sets)) in &batches {
        let path = dir.join(format!("batch-{payer}.txt"));
        std::fs::write(&path, text).unwrap();
        paths.push((path, sets));
    }
    let started = std::time::Instant::now();
    let out = std::process::Command::new(&tool)
        .args(paths.iter().map(|(p, _)| p))
        .current_dir(&dir)
        .output()
        .expect("x12valid runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "pyx12 validated {} transaction sets in {} interchanges in {:.1?}",
        files.len(),
        paths.len(),
        started.elapsed()
    );
    for (path, sets) in &paths {
        let which = sets
            .iter()
            .map(|(c, slug)| format!("ST {c}: {slug}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains(&format!("{}: OK", path.display())),
            "{}: pyx12 says\n{text}\n{which}",
            path.display()
        );
        let ack = ["997", "999"]
            .iter()
            .map(|x| path.with_extension(x))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{}: no acknowledgment", path.display()));
        let ack = std::fs::read_to_string(ack).unwrap();
        let accepted = ack.matches("IK5*A").count() + ack.matches("AK5*A").count();
        assert!(
            ack.contains("AK9*A") && accepted == sets.len(),
            "{}: {accepted} of {} transaction sets accepted:\n{ack}\n{which}",
            path.display(),
            sets.len()
        );
    }
    assert!(!text.contains(": Failure"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The 837P files' transaction sets (ST…SE) regrouped into one interchange per receiver (the
/// payer of ISA08), numbered 0001, 0002, … inside it, under the first file's ISA and GS; for
/// each interchange its text and (control number, case) of every set.
fn batch(files: &[std::path::PathBuf]) -> BTreeMap<String, (String, Vec<(String, String)>)> {
    // receiver → (ISA and GS, the transaction sets' segments, (control number, case) per set)
    type Group = (Vec<String>, Vec<String>, Vec<(String, String)>);
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let segs: Vec<&str> = text
            .split('~')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let receiver = segs[0].split('*').nth(8).unwrap().trim().to_owned();
        let group = groups.entry(receiver).or_insert_with(|| {
            (
                vec![segs[0].to_owned(), segs[1].to_owned()],
                Vec::new(),
                Vec::new(),
            )
        });
        let control = format!("{:04}", group.2.len() + 1);
        let slug = f.file_stem().unwrap().to_string_lossy().into_owned();
        for s in &segs[2..segs.len() - 2] {
            let mut e: Vec<&str> = s.split('*').collect();
            if e[0] == "ST" || e[0] == "SE" {
                e[2] = &control;
            }
            group.1.push(e.join("*"));
        }
        group.2.push((control, slug));
    }
    groups
        .into_iter()
        .map(|(receiver, (head, body, sets))| {
            let isa13 = head[0].split('*').nth(13).unwrap().to_owned();
            let gs06 = head[1].split('*').nth(6).unwrap().to_owned();
            let mut segs = head;
            segs.extend(body);
            segs.push(format!("GE*{}*{gs06}", sets.len()));
            segs.push(format!("IEA*1*{isa13}"));
            let text: String = segs.iter().map(|s| format!("{s}~\n")).collect();
            (receiver, (text, sets))
        })
        .collect()
}

/// pyx12's `x12valid`, given by `PRACTICUM_X12VALID` (CI installs pyx12 4.0.0 and sets it).
fn x12valid() -> Option<String> {
    match std::env::var("PRACTICUM_X12VALID") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if std::env::var("CI").is_ok() => {
            panic!("CI must set PRACTICUM_X12VALID to pyx12's x12valid")
        }
        _ => None,
    }
}
