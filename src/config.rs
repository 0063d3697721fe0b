//! Typed settings: defaults, `PRACTICUM_*` environment variables and command-line flags.
//! This is the only module that reads the environment.

use clap::Args;
use std::time::Duration;

/// Settings shared by every command.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: `sqlite://FILE?mode=rwc`, `sqlite::memory:` or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://practicum.db?mode=rwc",
        global = true
    )]
    pub database_url: String,

    /// Address the HTTP server binds to.
    #[arg(
        long,
        env = "PRACTICUM_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,

    /// HS256 secret for access tokens (at least 32 bytes). `serve` refuses to start without it.
    #[arg(
        long,
        env = "PRACTICUM_JWT_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub jwt_secret: Option<String>,

    /// Log filter (tracing-subscriber syntax).
    #[arg(
        long,
        env = "RUST_LOG",
        default_value = "info,sqlx=warn,sea_orm=warn",
        global = true
    )]
    pub log: String,

    /// Lifetime of an access token, in seconds.
    #[arg(
        long,
        env = "PRACTICUM_ACCESS_TTL_SECS",
        default_value_t = 900,
        global = true
    )]
    pub access_ttl_secs: u64,

    /// Lifetime of a refresh token, in days.
    #[arg(
        long,
        env = "PRACTICUM_REFRESH_TTL_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub refresh_ttl_days: u64,

    /// Failed logins allowed for one account from one client address within the throttle
    /// window; then that client is refused for that account (others are not).
    #[arg(
        long,
        env = "PRACTICUM_LOGIN_MAX_FAILURES_ACCOUNT",
        default_value_t = 5,
        global = true
    )]
    pub login_max_failures_account: u32,

    /// Failed logins for one account, from all clients, after which every further attempt on
    /// it is slowed (never refused: the throttle is no way to lock a user out).
    #[arg(
        long,
        env = "PRACTICUM_LOGIN_SLOWDOWN_AFTER",
        default_value_t = 10,
        global = true
    )]
    pub login_slowdown_after: u32,

    /// The longest delay a slowed login waits, in milliseconds.
    #[arg(
        long,
        env = "PRACTICUM_LOGIN_MAX_DELAY_MS",
        default_value_t = 3000,
        global = true
    )]
    pub login_max_delay_ms: u64,

    /// Failed logins allowed from one client address within the throttle window.
    #[arg(
        long,
        env = "PRACTICUM_LOGIN_MAX_FAILURES_CLIENT",
        default_value_t = 30,
        global = true
    )]
    pub login_max_failures_client: u32,

    /// Length of the login throttle window, in seconds.
    #[arg(
        long,
        env = "PRACTICUM_LOGIN_WINDOW_SECS",
        default_value_t = 900,
        global = true
    )]
    pub login_window_secs: u64,

    /// Serve GraphiQL on `GET /graphql` and answer introspection queries.
    #[arg(long, env = "PRACTICUM_PLAYGROUND", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub playground: bool,

    /// Take the client address for login throttling from `X-Forwarded-For` (only behind a
    /// trusted proxy).
    #[arg(long, env = "PRACTICUM_TRUST_FORWARDED", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub trust_forwarded: bool,

    /// Serve `POST /bench/ceiling`: a fixed JSON answer that reads its body, the ceiling the
    /// load benchmark (benches/load) compares GraphQL with. Off unless benchmarking.
    #[arg(long, env = "PRACTICUM_BENCH_CEILING", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub bench_ceiling: bool,

    /// HTTP worker threads (0 = one per core).
    #[arg(long, env = "PRACTICUM_WORKERS", default_value_t = 0, global = true)]
    pub workers: usize,
}

/// The least length of a JWT secret, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

impl Settings {
    /// Settings for tests and tools: an in-memory database, an ephemeral port, a fixed secret.
    pub fn for_tests(database_url: &str) -> Self {
        Settings {
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:0".into(),
            jwt_secret: Some("test-secret-test-secret-test-secret!".into()),
            log: "warn".into(),
            access_ttl_secs: 900,
            refresh_ttl_days: 30,
            login_max_failures_account: 5,
            login_slowdown_after: 10,
            login_max_delay_ms: 3000,
            login_max_failures_client: 30,
            login_window_secs: 900,
            playground: true,
            trust_forwarded: false,
            bench_ceiling: false,
            workers: 1,
        }
    }

    /// The JWT secret, checked for length.
    pub fn require_jwt_secret(&self) -> Result<&str, String> {
        match &self.jwt_secret {
            Some(s) if s.len() >= MIN_SECRET_LEN => Ok(s),
            Some(_) => Err(format!(
                "PRACTICUM_JWT_SECRET must be at least {MIN_SECRET_LEN} bytes long"
            )),
            None => Err(format!(
                "PRACTICUM_JWT_SECRET is not set: `practicum serve` needs a secret of at least \
                 {MIN_SECRET_LEN} bytes (for example: export PRACTICUM_JWT_SECRET=$(openssl rand -hex 32))"
            )),
        }
    }

    pub fn access_ttl(&self) -> Duration {
        Duration::from_secs(self.access_ttl_secs)
    }

    pub fn refresh_ttl(&self) -> Duration {
        Duration::from_secs(self.refresh_ttl_days * 86_400)
    }
}
