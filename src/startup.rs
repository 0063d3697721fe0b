//! `Application::build`: everything `main` and the tests share to get a running server.

use crate::auth::token::TokenKeys;
use crate::config::Settings;
use crate::domain::adjudication::ncci::Ncci;
use crate::domain::codes::index::CodeIndex;
use crate::graphql;
use crate::http::{self, HttpState, MAX_BODY_BYTES};
use crate::service::account::AuthConfig;
use crate::service::throttle::Policy;
use crate::{db, service};
use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

/// The reference data a server holds in memory, built from the database at start-up.
#[derive(Clone)]
pub struct Reference {
    pub codes: Arc<CodeIndex>,
    pub ncci: Arc<Ncci>,
}

/// Builds the code index and the NCCI tables from the database.
pub async fn load_reference(db: &DatabaseConnection) -> Result<Reference, StartupError> {
    let started = std::time::Instant::now();
    let codes = service::codes::load_index(db)
        .await
        .map_err(|e| StartupError::Config(format!("loading the code tables: {e:?}")))?;
    tracing::info!(
        codes = codes.len(),
        ms = started.elapsed().as_millis() as u64,
        "code index built"
    );
    let ncci = service::payers::load_ncci(db)
        .await
        .map_err(|e| StartupError::Config(format!("loading the NCCI tables: {e:?}")))?;
    // The MS-DRG definitions (compiled in): read now rather than on the first grouping.
    let started = std::time::Instant::now();
    tokio::task::spawn_blocking(crate::domain::drg::warm_up)
        .await
        .map_err(|e| StartupError::Config(format!("reading the MS-DRG definitions: {e}")))?
        .map_err(|e| StartupError::Config(e.to_string()))?;
    tracing::info!(
        ms = started.elapsed().as_millis() as u64,
        "MS-DRG definitions read"
    );
    Ok(Reference {
        codes: Arc::new(codes),
        ncci: Arc::new(ncci),
    })
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot bind: {0}")]
    Io(#[from] std::io::Error),
}

impl Application {
    /// Connects to the database, migrates it and binds the HTTP server.
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let db = db::connect(&settings.database_url).await?;
        db::migrate(&db).await?;
        Self::build_with_db(settings, db).await
    }

    /// Binds the HTTP server over an already migrated database.
    /// Loads the code index from the database, then binds.
    pub async fn build_with_db(
        settings: &Settings,
        db: DatabaseConnection,
    ) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, db, Arc::new(crate::clock::SystemClock)).await
    }

    /// As `build_with_db`, with the clock exam deadlines are kept by (tests move it).
    pub async fn build_with_clock(
        settings: &Settings,
        db: DatabaseConnection,
        clock: Arc<dyn crate::clock::Clock>,
    ) -> Result<Self, StartupError> {
        let reference = load_reference(&db).await?;
        Self::build_with_reference(settings, db, clock, reference).await
    }

    /// As `build_with_clock`, with the reference data already in memory (servers over one
    /// database share it; the tests build it once per process).
    pub async fn build_with_reference(
        settings: &Settings,
        db: DatabaseConnection,
        clock: Arc<dyn crate::clock::Clock>,
        reference: Reference,
    ) -> Result<Self, StartupError> {
        let Reference { codes, ncci } = reference;
        let secret = settings
            .require_jwt_secret()
            .map_err(StartupError::Config)?;
        let keys = TokenKeys::new(secret.as_bytes(), settings.access_ttl());
        let auth = AuthConfig {
            keys: keys.clone(),
            refresh_ttl: settings.refresh_ttl(),
            throttle: Policy {
                max_failures_account: settings.login_max_failures_account,
                max_failures_client: settings.login_max_failures_client,
                window_secs: settings.login_window_secs,
                slowdown_after: settings.login_slowdown_after,
                max_delay_ms: settings.login_max_delay_ms,
            },
        };
        let web_state = web::Data::new(crate::web::WebState {
            db: db.clone(),
            auth: auth.clone(),
            access_ttl_secs: settings.access_ttl_secs,
            trust_forwarded: settings.trust_forwarded,
        });
        let schema = graphql::build(
            Some(db.clone()),
            Some(auth),
            Some(graphql::Reference { codes, ncci, clock }),
            settings.playground,
        );
        let state = web::Data::new(HttpState {
            schema,
            keys: Arc::new(keys),
            db: db.clone(),
            playground: settings.playground,
            trust_forwarded: settings.trust_forwarded,
            queries: Default::default(),
        });
        let ceiling = settings.bench_ceiling;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .configure(http::routes)
                .app_data(web_state.clone())
                .configure(crate::web::routes)
                .configure(|cfg| {
                    if ceiling {
                        http::bench_routes(cfg)
                    }
                })
                .default_service(web::to(|| async {
                    HttpResponse::NotFound().json(serde_json::json!({ "error": "not found" }))
                }))
        })
        .shutdown_timeout(10);
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        let server = server.listen(listener)?.run();
        Ok(Application { port, server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
