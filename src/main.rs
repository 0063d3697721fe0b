//! The `practicum` command: serve, demo, migrate, seed, schema, admin.

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
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
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
            print!("{}", graphql::build(None, None, true).sdl());
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
    let app = Application::build_with_db(settings, conn).map_err(|e| e.to_string())?;
    let host = settings
        .bind
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    println!(
        "Practicum is listening on http://{host}:{}/graphql (GraphiQL in a browser)",
        app.port()
    );
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
