//! The database: one pool, SQLite (WAL, busy timeout, foreign keys, IMMEDIATE write
//! transactions) or PostgreSQL. Every statement is counted into the current request's counter,
//! so tests and benchmarks can hold the statements-per-request budget.
use sea_orm::{
    AccessMode, ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::config::Settings;

tokio::task_local! {
    /// Statements run by the current request (set around each request's execution).
    pub static STATEMENTS: Arc<AtomicU32>;
}

/// Runs `fut` with a fresh statement counter and returns the count with its output.
pub async fn counting<F: std::future::Future>(fut: F) -> (F::Output, u32) {
    let counter = Arc::new(AtomicU32::new(0));
    let out = STATEMENTS.scope(counter.clone(), fut).await;
    (out, counter.load(Ordering::Relaxed))
}

pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = settings.database_url.expose().to_owned();
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(settings.db_max_connections)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(settings.db_acquire_timeout_seconds))
        .connect_timeout(Duration::from_secs(settings.db_acquire_timeout_seconds))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    let mut db = Database::connect(opts).await?;
    db.set_metric_callback(|_info| {
        let _ = STATEMENTS.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
    });
    Ok(db)
}

/// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`, taking the write lock up
/// front so two writers never both read and then collide at commit; PostgreSQL uses its default
/// READ COMMITTED with conditional updates.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                isolation_level: None,
                access_mode: None,
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            })
            .await
        }
        _ => {
            db.begin_with_options(TransactionOptions {
                isolation_level: Some(IsolationLevel::ReadCommitted),
                access_mode: Some(AccessMode::ReadWrite),
                sqlite_transaction_mode: None,
            })
            .await
        }
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern (used with `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `query` with `COUNT(*) OVER ()` added: its rows, and how many rows match before its
/// limit, in one statement (for a count shown beside the first items).
pub async fn with_total<C: sea_orm::ConnectionTrait>(
    db: &C,
    mut query: sea_orm::sea_query::SelectStatement,
) -> Result<(u64, Vec<sea_orm::QueryResult>), DbErr> {
    query.expr_as(
        sea_orm::sea_query::Expr::cust("COUNT(*) OVER ()"),
        "total_rows",
    );
    let rows = db.query_all(&query).await?;
    let total = match rows.first() {
        Some(r) => u64::try_from(r.try_get::<i64>("", "total_rows")?).unwrap_or(0),
        None => 0,
    };
    Ok((total, rows))
}
