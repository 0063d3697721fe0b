//! Database connection: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL, and the
//! migrations.

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, EntityTrait, ExecResult, QueryResult, QuerySelect, Select, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

/// Opens the database named by `url`.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opt = ConnectOptions::new(url.to_owned());
    opt.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        opt.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(BUSY_TIMEOUT)
                .foreign_keys(true)
        });
        if in_memory {
            // One connection is the whole database: never let the pool close it.
            opt.max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        } else {
            opt.max_connections(4).min_connections(1);
            SQLITE_FILE.store(true, Ordering::Relaxed);
        }
    } else {
        opt.max_connections(16).min_connections(1);
    }
    Database::connect(opt).await
}

/// Brings the schema up to date.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Write transactions on a SQLite file wait their turn here, first come first served.
/// Left to SQLite's busy handler, which retries with sleeps of up to 100 ms, writes under
/// 8 concurrent writers had a p99 of 100–340 ms (benches/load). PostgreSQL and in-memory
/// SQLite (one connection) do not need it.
static SQLITE_WRITERS: Mutex<()> = Mutex::const_new(());
static SQLITE_FILE: AtomicBool = AtomicBool::new(false);
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A transaction that will write; commit it, or dropping it rolls back.
pub struct WriteTx {
    txn: DatabaseTransaction,
    _turn: Option<MutexGuard<'static, ()>>,
}

/// Starts a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so the busy timeout applies instead of failing on upgrade.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTx, DbErr> {
    let turn = if db.get_database_backend() == DbBackend::Sqlite
        && SQLITE_FILE.load(Ordering::Relaxed)
    {
        // As long as SQLite's own busy timeout, and an error after it like SQLite's.
        let turn = tokio::time::timeout(BUSY_TIMEOUT, SQLITE_WRITERS.lock()).await;
        Some(turn.map_err(|_| DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout))?)
    } else {
        None
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTx { txn, _turn: turn })
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Reads one row and locks it until this transaction ends. This is how every state change
    /// reads the row it changes: on PostgreSQL `SELECT … FOR UPDATE`, so concurrent changers
    /// queue on the row and each reads what the previous one committed; on SQLite the
    /// immediate transaction already holds the database's write lock, so a plain read is as
    /// good. Decide and write inside the same transaction, with this transaction only (a read
    /// on the pool while holding a lock can wait for a connection that never comes).
    pub async fn lock_one<E: EntityTrait>(
        &self,
        select: Select<E>,
    ) -> Result<Option<E::Model>, DbErr> {
        select.lock_exclusive().one(self).await
    }

    /// `lock_one` for every row a query selects.
    pub async fn lock_all<E: EntityTrait>(
        &self,
        select: Select<E>,
    ) -> Result<Vec<E::Model>, DbErr> {
        select.lock_exclusive().all(self).await
    }

    /// Reads one row with a shared lock (`FOR SHARE` on PostgreSQL): others may read it the
    /// same way, but a `lock_one` waits until this transaction ends.
    pub async fn share_one<E: EntityTrait>(
        &self,
        select: Select<E>,
    ) -> Result<Option<E::Model>, DbErr> {
        select.lock_shared().one(self).await
    }
}

/// `WriteTx::lock_one` for code that is handed the transaction as a plain connection.
pub async fn lock_one<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    select: Select<E>,
) -> Result<Option<E::Model>, DbErr> {
    select.lock_exclusive().one(txn).await
}

/// `WriteTx::lock_all` for code that is handed the transaction as a plain connection.
pub async fn lock_all<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    select: Select<E>,
) -> Result<Vec<E::Model>, DbErr> {
    select.lock_exclusive().all(txn).await
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTx {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }
    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }
    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }
    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
}

/// Answers whether the database responds.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}
