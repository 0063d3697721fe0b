//! The `practicum` command: serve, demo, migrate, seed, schema, admin.

/// mimalloc instead of glibc's malloc: 3–38 % more requests/s in the load benchmark
/// (benches/load/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use practicum::config::Settings;
use practicum::domain::account::{DisplayName, Email, Password, Role};
use practicum::startup::Application;
use practicum::{db, graphql, seed, service};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "practicum",
    version,
    about = "Practice and assessment platform for medical coders and billers"
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    /// Directory of seed data.
    #[arg(long, env = "PRACTICUM_SEED_DIR", global = true)]
    seed_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Production start: migrate and serve. Needs PRACTICUM_JWT_SECRET (32 bytes or more).
    Serve,
    /// Try it out: migrate, seed, create the demo accounts, and serve.
    Demo,
    /// Bring the database schema up to date.
    Migrate,
    /// Load the reference data and library from seed/ (idempotent).
    Seed,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Case sets: import and export `practicum.caseset/1` files.
    Cases {
        #[command(subcommand)]
        command: CasesCommand,
    },
    /// Code sets: import new releases.
    Codes {
        #[command(subcommand)]
        command: CodesCommand,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum CasesCommand {
    /// Import (or update, matched by slug) a case set, all or nothing.
    Import {
        file: PathBuf,
        /// Slug of the owning organization.
        #[arg(long, default_value = seed::cases::LIBRARY_ORG)]
        organization: String,
        /// Publish the set and its cases (runs the real-data guard).
        #[arg(long)]
        publish: bool,
    },
    /// Count the public library (seed/cases/*.json) by section, setting, difficulty and tier
    /// against the floors of the case-library issue; prints a Markdown table.
    Coverage {
        /// Exit non-zero when any row is below its floor.
        #[arg(long)]
        check: bool,
    },
    /// Write a case set as JSON to standard output.
    Export {
        /// The case set's slug.
        set: String,
        #[arg(long, default_value = seed::cases::LIBRARY_ORG)]
        organization: String,
    },
}

#[derive(Subcommand)]
enum CodesCommand {
    /// Import a code-set file. Restart running servers afterwards: each loads the code
    /// tables into memory at start-up.
    Import {
        #[command(subcommand)]
        kind: ImportKind,
    },
}

#[derive(Subcommand)]
enum ImportKind {
    /// The CMS HCPCS alpha-numeric file (fixed-width TXT, e.g. HCPC2026_JAN_ANWEB.txt).
    Hcpcs { file: PathBuf },
    /// A CMS ICD-10-CM release: the code order file (icd10cm_order_2027.txt) or the tabular
    /// XML (icd10cm_tabular_2027.xml). Official titles replace pending ones; changed titles
    /// and codes that became headers get a new version from the effective date.
    Icd10cm {
        file: PathBuf,
        /// First day of the release (YYYY-MM-DD; default October 1 that began this fiscal year).
        #[arg(long)]
        effective: Option<String>,
        /// The file lists every code of the release: close codes it does not list.
        #[arg(long)]
        complete: bool,
    },
    /// A licensed CPT file: `code<TAB>descriptor` per line.
    Cpt {
        file: PathBuf,
        /// Date from which the licensed descriptors apply (YYYY-MM-DD; default January 1 of this year).
        #[arg(long)]
        effective: Option<String>,
    },
    /// A CMS NCCI procedure-to-procedure table (tab- or comma-separated text).
    NcciPtp {
        file: PathBuf,
        /// PRACTITIONER or HOSPITAL.
        #[arg(long, default_value = "PRACTITIONER")]
        setting: String,
    },
    /// A CMS MUE table (tab- or comma-separated text).
    Mue {
        file: PathBuf,
        /// Date from which the values apply (YYYY-MM-DD; default January 1 of this year).
        #[arg(long)]
        effective: Option<String>,
        /// PRACTITIONER, HOSPITAL or DME.
        #[arg(long, default_value = "PRACTITIONER")]
        setting: String,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        display_name: String,
        /// Slug of the organization to place the account in.
        #[arg(long)]
        organization: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&cli.settings.log)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = actix_web::rt::System::new().block_on(run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("practicum: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut settings = cli.settings;
    let seed_dir = cli.seed_dir.unwrap_or_else(seed::default_dir);
    match cli.command {
        Command::Schema => {
            print!("{}", graphql::build(None, None, None, true).sdl());
            Ok(())
        }
        Command::Migrate => {
            let conn = open(&settings).await?;
            db::migrate(&conn).await.map_err(|e| e.to_string())?;
            println!("migrations applied");
            Ok(())
        }
        Command::Seed => {
            let conn = migrated(&settings).await?;
            let report = seed::run(&conn, &seed_dir)
                .await
                .map_err(|e| format!("seed: {e:?}"))?;
            println!("seed loaded: {report:?}");
            Ok(())
        }
        Command::Serve => {
            settings.require_jwt_secret()?;
            let conn = migrated(&settings).await?;
            serve(&settings, conn).await
        }
        Command::Demo => {
            if settings.jwt_secret.is_none() {
                settings.jwt_secret = Some(practicum::auth::token::random_token());
                println!(
                    "no PRACTICUM_JWT_SECRET set: using a random one (tokens end with this process)"
                );
            }
            settings.require_jwt_secret()?;
            let conn = migrated(&settings).await?;
            seed::run(&conn, &seed_dir)
                .await
                .map_err(|e| format!("seed: {e:?}"))?;
            let accounts = seed::demo(&conn)
                .await
                .map_err(|e| format!("demo accounts: {e:?}"))?;
            println!("demo accounts (password `{}`):", seed::DEMO_PASSWORD);
            for (email, role) in accounts {
                println!("  {:<11} {email}", role.as_str());
            }
            serve(&settings, conn).await
        }
        Command::Cases {
            command: CasesCommand::Coverage { check },
        } => coverage(&seed_dir, check),
        Command::Cases { command } => {
            let conn = migrated(&settings).await?;
            cases(&conn, command).await
        }
        Command::Codes {
            command: CodesCommand::Import { kind },
        } => {
            let conn = migrated(&settings).await?;
            import(&conn, kind).await
        }
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    role,
                    email,
                    display_name,
                    organization,
                },
        } => {
            let role = Role::parse(&role).map_err(|e| format!("--role: {}", e.0))?;
            let email = Email::parse(&email).map_err(|e| format!("--email: {}", e.0))?;
            let name = DisplayName::parse(&display_name)
                .map_err(|e| format!("--display-name: {}", e.0))?;
            let mut raw = String::new();
            std::io::stdin()
                .read_to_string(&mut raw)
                .map_err(|e| e.to_string())?;
            let password = Password::parse(raw.trim_end_matches(['\r', '\n']))
                .map_err(|e| format!("password: {}", e.0))?;
            let conn = migrated(&settings).await?;
            let org_id = match organization {
                None => None,
                Some(slug) => Some(
                    service::organization::find_by_slug(&conn, &slug)
                        .await
                        .map_err(|e| format!("--organization: {e}"))?
                        .id,
                ),
            };
            let account =
                service::account::create_direct(&conn, &email, &password, &name, role, org_id)
                    .await
                    .map_err(|e| e.to_string())?;
            println!(
                "created account {} ({}) with role {}",
                account.id,
                account.email,
                role.as_str()
            );
            Ok(())
        }
    }
}

async fn cases(conn: &sea_orm::DatabaseConnection, command: CasesCommand) -> Result<(), String> {
    use practicum::service::case_import;
    match command {
        CasesCommand::Import {
            file,
            organization,
            publish,
        } => {
            let org = service::organization::find_by_slug(conn, &organization)
                .await
                .map_err(|e| format!("--organization: {e}"))?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let doc = case_import::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let index = service::codes::load_index(conn)
                .await
                .map_err(|e| format!("{e:?}"))?;
            let set = case_import::import(conn, &index, org.id, None, &doc, publish)
                .await
                .map_err(|e| format!("{}: {e}", file.display()))?;
            println!(
                "imported case set '{}' ({} cases, {})",
                set.slug,
                doc.cases.len(),
                set.status
            );
        }
        // Answered in `run`, from the seed files, without a database.
        CasesCommand::Coverage { .. } => {}
        CasesCommand::Export { set, organization } => {
            let org = service::organization::find_by_slug(conn, &organization)
                .await
                .map_err(|e| format!("--organization: {e}"))?;
            let model = service::cases::find_set_by_slug(conn, org.id, &set)
                .await
                .map_err(|e| e.to_string())?;
            let doc = case_import::export(conn, &model)
                .await
                .map_err(|e| format!("{e:?}"))?;
            let json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            println!("{json}");
        }
    }
    Ok(())
}

/// `practicum cases coverage`: the library's counts and floors, from the seed files.
fn coverage(seed_dir: &std::path::Path, check: bool) -> Result<(), String> {
    use practicum::domain::cases::coverage;
    let files = seed::cases::library_files(seed_dir).map_err(|e| format!("{e:?}"))?;
    let cases: Vec<_> = files.iter().flat_map(|(_, f)| f.cases.iter()).collect();
    let rows = coverage::rows(&cases);
    println!(
        "Public library: {} cases in {} files ({})\n",
        cases.len(),
        files.len(),
        seed_dir.join("cases").display()
    );
    print!("{}", coverage::markdown(&rows));
    let short: Vec<String> = rows
        .iter()
        .filter(|r| r.shortfall() > 0)
        .map(|r| format!("{} {} ({} short)", r.group, r.name, r.shortfall()))
        .collect();
    if check && !short.is_empty() {
        return Err(format!(
            "{} rows below their floor: {}",
            short.len(),
            short.join("; ")
        ));
    }
    Ok(())
}

fn read_import(file: &std::path::Path) -> Result<(String, String, String), String> {
    let raw = seed::tsv::RawFile::read(file).map_err(|e| format!("{e:?}"))?;
    let text = String::from_utf8_lossy(&raw.bytes).into_owned();
    Ok((raw.name, raw.checksum, text))
}

fn effective_date(raw: Option<String>) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    match raw {
        Some(s) => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| format!("--effective: '{s}' is not YYYY-MM-DD")),
        None => {
            let y = chrono::Utc::now().year();
            chrono::NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(|| "bad year".to_owned())
        }
    }
}

/// October 1 that began the fiscal year in force today.
fn fiscal_year_start() -> chrono::NaiveDate {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let year = if today.month() >= 10 {
        today.year()
    } else {
        today.year() - 1
    };
    chrono::NaiveDate::from_ymd_opt(year, 10, 1).unwrap_or(today)
}

async fn import(conn: &sea_orm::DatabaseConnection, kind: ImportKind) -> Result<(), String> {
    use practicum::domain::codes::import as parse;
    use practicum::service::code_import as apply;
    let fail = |e: practicum::error::AppError| format!("{e:?}");
    match kind {
        ImportKind::Hcpcs { file } => {
            let (name, sum, text) = read_import(&file)?;
            let rows = parse::parse_hcpcs(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let (codes, mods) = apply::import_hcpcs(conn, &name, &sum, rows)
                .await
                .map_err(fail)?;
            println!("HCPCS codes: {codes:?}\nmodifiers: {mods:?}");
        }
        ImportKind::Icd10cm {
            file,
            effective,
            complete,
        } => {
            let from = match effective {
                Some(_) => effective_date(effective)?,
                None => fiscal_year_start(),
            };
            let (name, sum, text) = read_import(&file)?;
            let rows = practicum::domain::codes::import_icd10cm::parse_icd10cm(&text)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let report = practicum::service::icd10cm_import::import_icd10cm(
                conn, &name, &sum, rows, from, complete,
            )
            .await
            .map_err(fail)?;
            println!("ICD-10-CM from {from}: {report:?}");
        }
        ImportKind::Cpt { file, effective } => {
            let from = effective_date(effective)?;
            let (name, sum, text) = read_import(&file)?;
            let rows = parse::parse_cpt(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let report = apply::import_cpt(conn, &name, &sum, rows, from)
                .await
                .map_err(fail)?;
            println!("CPT: {report:?}");
        }
        ImportKind::NcciPtp { file, setting } => {
            let (name, sum, text) = read_import(&file)?;
            let rows = parse::parse_ptp(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let n = apply::import_ptp(conn, &name, &sum, rows, &setting.to_uppercase())
                .await
                .map_err(fail)?;
            println!("NCCI PTP edits loaded: {n}");
        }
        ImportKind::Mue {
            file,
            effective,
            setting,
        } => {
            let from = effective_date(effective)?;
            let (name, sum, text) = read_import(&file)?;
            let rows = parse::parse_mue(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let n = apply::import_mue(conn, &name, &sum, rows, &setting.to_uppercase(), from)
                .await
                .map_err(fail)?;
            println!("MUE values loaded: {n}");
        }
    }
    println!("restart running servers to load the new tables");
    Ok(())
}

async fn open(settings: &Settings) -> Result<sea_orm::DatabaseConnection, String> {
    db::connect(&settings.database_url)
        .await
        .map_err(|e| format!("cannot open {}: {e}", settings.database_url))
}

async fn migrated(settings: &Settings) -> Result<sea_orm::DatabaseConnection, String> {
    let conn = open(settings).await?;
    db::migrate(&conn)
        .await
        .map_err(|e| format!("migrations: {e}"))?;
    Ok(conn)
}

async fn serve(settings: &Settings, conn: sea_orm::DatabaseConnection) -> Result<(), String> {
    let app = Application::build_with_db(settings, conn)
        .await
        .map_err(|e| e.to_string())?;
    let host = settings
        .bind
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    println!(
        "Practicum is listening on http://{host}:{port}/ (the web application; the API and GraphiQL at http://{host}:{port}/graphql)",
        port = app.port()
    );
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
