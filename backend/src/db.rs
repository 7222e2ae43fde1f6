//! The database: SQLite (WAL, busy timeout, foreign keys, IMMEDIATE write transactions) or
//! PostgreSQL, one pool for the process and, on PostgreSQL, one for each HTTP worker. Every
//! statement is counted into the current request's counter, so tests and benchmarks can hold
//! the statements-per-request budget.
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, ExecResult, IsolationLevel, QueryResult, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
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

/// The process pool. On SQLite it serves every request and holds `db_max_connections`; on
/// PostgreSQL the HTTP workers' pools serve API requests (see [`worker_pool`]) and this one,
/// for start-up, commands, health checks, imports and exports, holds at most two.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let max = if settings.is_sqlite() {
        settings.db_max_connections
    } else {
        settings.db_max_connections.min(PROCESS_POOL_POSTGRES)
    };
    let mut opts = options(settings, max);
    opts.set_application_name(PROCESS_APPLICATION_NAME);
    let mut db = Database::connect(opts).await?;
    count_statements(&mut db);
    Ok(db)
}

/// Connections of the PostgreSQL process pool (see [`connect`]).
const PROCESS_POOL_POSTGRES: u32 = 2;

/// What a PostgreSQL connection of the process pool calls itself in `pg_stat_activity`.
pub const PROCESS_APPLICATION_NAME: &str = "echelon";

/// What a PostgreSQL connection of an HTTP worker's pool calls itself in `pg_stat_activity`.
pub const WORKER_APPLICATION_NAME: &str = "echelon worker";

/// A PostgreSQL pool for one HTTP worker's API requests: its share of `db_max_connections`
/// (the workers' pools together hold no more, but at least one connection each), opened
/// lazily, so its connections are made on (and bound to) the worker's own runtime. `None` if
/// the pool could not be set up without waiting. SQLite needs none (see `state::Worker`).
pub fn worker_pool(settings: &Settings, workers: usize) -> Option<DatabaseConnection> {
    use futures_util::FutureExt;
    let mut opts = options(settings, worker_share(settings.db_max_connections, workers));
    opts.connect_lazy(true)
        .set_application_name(WORKER_APPLICATION_NAME);
    // A lazy pool makes no connection, so its setup completes at its first poll.
    match Database::connect(opts).now_or_never() {
        Some(Ok(mut db)) => {
            count_statements(&mut db);
            Some(db)
        }
        Some(Err(e)) => {
            tracing::warn!(cause = %e, "worker pool not opened; requests use the process pool");
            None
        }
        None => {
            tracing::warn!("worker pool not ready at once; requests use the process pool");
            None
        }
    }
}

/// Each of `workers` pools' part of `total` connections: an even split, rounded down, at least
/// one.
pub fn worker_share(total: u32, workers: usize) -> u32 {
    let workers = u32::try_from(workers.max(1)).unwrap_or(u32::MAX);
    (total / workers).max(1)
}

fn options(settings: &Settings, max_connections: u32) -> ConnectOptions {
    let url = settings.database_url.expose().to_owned();
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(max_connections)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(settings.db_acquire_timeout_seconds))
        .connect_timeout(Duration::from_secs(settings.db_acquire_timeout_seconds))
        .sqlx_logging(false)
        // Each check is a round trip; checking on every acquire doubled the round trips of
        // every statement. The pool checks each connection as it returns anyway.
        .test_before_acquire_if_idle_for(IDLE_BEFORE_CHECK)
        .map_sqlx_postgres_before_acquire(|conn, meta| {
            Box::pin(async move { check_if_idle_across_failure(conn, meta.idle_for).await })
        })
        .map_sqlx_sqlite_before_acquire(|conn, meta| {
            Box::pin(async move { check_if_idle_across_failure(conn, meta.idle_for).await })
        })
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(BUSY_TIMEOUT)
                .foreign_keys(true)
                .create_if_missing(true)
        });
    opts
}

fn count_statements(db: &mut DatabaseConnection) {
    db.set_metric_callback(|_info| count_statement());
}

/// Counts one statement into the current request's counter, if there is one.
pub fn count_statement() {
    let _ = STATEMENTS.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
}

/// A pooled connection unused for this long is checked with a round trip before it is used.
const IDLE_BEFORE_CHECK: Duration = Duration::from_secs(5);

/// When the process first asked for the time; the zero of [`LAST_FAILURE_MS`].
static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
/// Milliseconds after [`START`], plus one, of the last failure to reach the database (0: none).
static LAST_FAILURE_MS: AtomicU64 = AtomicU64::new(0);

fn since_start() -> Duration {
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Notes that the database could not be reached: a connection that was idle in the pool at
/// that moment may be dead (the server restarted, a proxy dropped it), so each is checked
/// before its next use instead of failing a request first.
pub fn note_connection_failure() {
    let ms = u64::try_from(since_start().as_millis()).unwrap_or(u64::MAX - 1);
    LAST_FAILURE_MS.store(ms + 1, Ordering::Relaxed);
}

/// Whether a connection idle for `idle_for` was already idle when the last failure was noted.
fn idle_across_failure(idle_for: Duration) -> bool {
    match LAST_FAILURE_MS.load(Ordering::Relaxed) {
        0 => false,
        failed => {
            let idle_since = since_start().saturating_sub(idle_for);
            idle_since.as_millis() <= u128::from(failed)
        }
    }
}

/// The pool's check before handing out an idle connection: a round trip, but only for one that
/// sat idle across a noted failure (see [`note_connection_failure`]).
async fn check_if_idle_across_failure<C: sea_orm::sqlx::Connection>(
    conn: &mut C,
    idle_for: Duration,
) -> Result<bool, sea_orm::sqlx::Error> {
    if idle_across_failure(idle_for) {
        conn.ping().await?;
    }
    Ok(true)
}

/// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`, taking the write lock up
/// front so two writers never both read and then collide at commit; PostgreSQL uses its default
/// READ COMMITTED with conditional updates.
///
/// SQLite has one write lock per database file, and a writer that finds it taken sleeps in the
/// busy handler for up to 100 ms at a time before trying again, however soon the lock is free.
/// Writers in this process therefore first queue for their turn on the file, in arrival order,
/// and begin only when it is theirs; the busy handler is left for writers of other processes
/// (`echelon seed-demo`, a backup). A turn not had within the busy timeout is the same
/// "unavailable" answer a lock not had would give.
///
/// A request's hold on a connection (see [`crate::request_db`]) is given back first: the
/// transaction takes a connection of its own, and a pool may have just one.
///
/// **Lock order.** Every write transaction takes the audit chain's lock first — on PostgreSQL
/// the chain's advisory lock, taken here right after `BEGIN`; on SQLite the file's write lock
/// — and the rows it changes after it. Every write records an audit event and so needs that
/// lock anyway; taking it first means no writer ever holds a row another writer waits for
/// while itself waiting for the chain, which is how a sign-off that admits a person and HR's
/// removal of the same person deadlocked (and PostgreSQL's victim could be a bystander).
pub async fn begin_write(db: &crate::request_db::Db) -> Result<WriteTxn, DbErr> {
    db.release().await;
    let db = db.pool();
    let (turn, options) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let turn = tokio::time::timeout(BUSY_TIMEOUT, write_queue(db).lock_owned())
                .await
                .map_err(|_| DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout))?;
            let options = TransactionOptions {
                isolation_level: None,
                access_mode: None,
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            };
            (Some(turn), options)
        }
        _ => {
            let options = TransactionOptions {
                isolation_level: Some(IsolationLevel::ReadCommitted),
                access_mode: Some(AccessMode::ReadWrite),
                sqlite_transaction_mode: None,
            };
            (None, options)
        }
    };
    let txn = db.begin_with_options(options).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        lock_chain(&txn).await?;
    }
    Ok(WriteTxn { txn, _turn: turn })
}

/// Advisory lock key guarding the audit chain's head on PostgreSQL.
const CHAIN_LOCK: i64 = 0x0045_4348_454c_4f4e;

/// Takes the audit chain's lock for the rest of the transaction (PostgreSQL; on SQLite the
/// write lock the transaction began with serialises writers). See [`begin_write`] for the
/// order of locks.
pub async fn lock_chain<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [CHAIN_LOCK.into()],
        ))
        .await?;
    }
    Ok(())
}

/// How long SQLite waits for its write lock, and a writer here for its turn.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The queue of this process's writers to the SQLite file behind `db` (one per file).
fn write_queue(db: &DatabaseConnection) -> Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    type Queues = std::sync::Mutex<HashMap<std::path::PathBuf, Arc<tokio::sync::Mutex<()>>>>;
    static QUEUES: std::sync::OnceLock<Queues> = std::sync::OnceLock::new();
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    QUEUES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(file)
        .or_default()
        .clone()
}

/// A write transaction from [`begin_write`]; on SQLite it holds this process's write turn until
/// it commits, rolls back or is dropped (which rolls it back).
pub struct WriteTxn {
    // Declared first so the transaction ends before the turn passes on.
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
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

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.txn.is_mock_connection()
    }
}

/// `stmt`, a SELECT without LIMIT, with `LIMIT n` written into its text rather than bound.
///
/// PostgreSQL plans a prepared statement for its bound values the first five times it runs,
/// then keeps one generic plan if that looks about as cheap. A generic plan cannot know a bound
/// limit and assumes a tenth of the rows: for a page read along an index of 50,000 employees it
/// looked a hundred times dearer than the plan for `LIMIT 51`, so every page was planned afresh
/// on every request (at 1,000 employees the generic plan was kept). With the limit in the text
/// the statement is planned once per connection. `n` is a number, never text from a caller.
pub fn limited(mut stmt: sea_orm::Statement, n: u64) -> sea_orm::Statement {
    use std::fmt::Write;
    let _ = write!(stmt.sql, " LIMIT {n}");
    stmt
}

/// The first `n` rows of `select` (which has no limit of its own), with the limit written into
/// the statement's text (see [`limited`]).
pub async fn first_rows<C, E>(
    db: &C,
    select: sea_orm::Select<E>,
    n: u64,
) -> Result<Vec<E::Model>, DbErr>
where
    C: ConnectionTrait,
    E: sea_orm::EntityTrait,
{
    use sea_orm::QueryTrait;
    let stmt = limited(select.build(db.get_database_backend()), n);
    E::find().from_raw_sql(stmt).all(db).await
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

/// A statement written with PostgreSQL's numbered placeholders (`$1`, `$2`, a number used as
/// often as needed) for `backend`: SQLite writes them `?1`, `?2`.
pub fn numbered_placeholders(backend: DbBackend, postgres: &str) -> String {
    match backend {
        DbBackend::Postgres => postgres.to_owned(),
        _ => postgres.replace('$', "?"),
    }
}

/// The text of a statement whose shape never changes, built once per backend and kept.
///
/// Building SQL through the query builder quotes and writes every column name anew on each
/// request; for the statements every request runs (the caller's account, a batch of units or
/// people by id) that cost more than running them. `key` names the statement; `build` makes its
/// text and must give the same text every time for a backend.
pub fn kept_sql(key: &'static str, backend: DbBackend, build: impl FnOnce() -> String) -> Arc<str> {
    use std::collections::HashMap;
    use std::sync::RwLock;
    type Kept = RwLock<HashMap<(&'static str, bool), Arc<str>>>;
    static KEPT: std::sync::OnceLock<Kept> = std::sync::OnceLock::new();
    let kept = KEPT.get_or_init(Default::default);
    let slot = (key, backend == DbBackend::Postgres);
    if let Some(sql) = kept.read().unwrap_or_else(|p| p.into_inner()).get(&slot) {
        return sql.clone();
    }
    let sql: Arc<str> = build().into();
    kept.write()
        .unwrap_or_else(|p| p.into_inner())
        .entry(slot)
        .or_insert(sql)
        .clone()
}

/// A statement of a fixed shape: the text `build` writes (built once per backend and kept, see
/// [`kept_sql`]) with `values` bound in the order the query builder binds them. Each use has a
/// test that compares it with the builder's own statement for the same values.
pub fn kept_statement(
    key: &'static str,
    backend: DbBackend,
    build: impl FnOnce() -> Statement,
    values: impl IntoIterator<Item = sea_orm::Value>,
) -> Statement {
    let sql = kept_sql(key, backend, || build().sql);
    Statement::from_sql_and_values(backend, sql.to_string(), values)
}

/// `SELECT <every column> FROM <table> WHERE <primary key> IN (<ids>)`, as the query builder
/// writes it, with the column list kept (see [`kept_sql`]).
pub fn select_by_ids<E>(backend: DbBackend, ids: &[uuid::Uuid]) -> sea_orm::Statement
where
    E: sea_orm::EntityTrait,
{
    use sea_orm::{IdenStatic, Iterable, PrimaryKeyToColumn, QueryTrait};
    use std::fmt::Write;
    let table = E::default().table_name();
    let head = kept_sql(table, backend, || {
        let pk = E::PrimaryKey::iter()
            .next()
            .map(|k| k.into_column().as_str())
            .unwrap_or_default();
        format!(
            "{} WHERE \"{table}\".\"{pk}\" IN (",
            E::find().build(backend).sql
        )
    });
    let mut sql = String::with_capacity(head.len() + ids.len() * 5 + 1);
    sql.push_str(&head);
    for i in 1..=ids.len() {
        if i > 1 {
            sql.push_str(", ");
        }
        match backend {
            DbBackend::Postgres => {
                let _ = write!(sql, "${i}");
            }
            _ => sql.push('?'),
        }
    }
    sql.push(')');
    sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        ids.iter().map(|&id| sea_orm::Value::from(id)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryTrait};

    #[test]
    fn workers_split_the_connections_within_the_budget() {
        assert_eq!(worker_share(10, 2), 5);
        assert_eq!(worker_share(10, 3), 3);
        assert_eq!(worker_share(10, 1), 10);
        // Never a pool without a connection, nor a division by no workers.
        assert_eq!(worker_share(1, 4), 1);
        assert_eq!(worker_share(0, 2), 1);
        assert_eq!(worker_share(10, 0), 10);
    }

    /// The kept statements say exactly what the query builder would.
    #[test]
    fn statements_by_id_match_the_query_builder() {
        let ids: Vec<uuid::Uuid> = (0..3).map(|_| uuid::Uuid::now_v7()).collect();
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            for n in 1..=3 {
                let keys = &ids[..n];
                assert_eq!(
                    select_by_ids::<entity::org_unit::Entity>(backend, keys),
                    entity::org_unit::Entity::find()
                        .filter(entity::org_unit::Column::Id.is_in(keys.to_vec()))
                        .build(backend),
                );
                assert_eq!(
                    select_by_ids::<entity::employee::Entity>(backend, keys),
                    entity::employee::Entity::find()
                        .filter(entity::employee::Column::Id.is_in(keys.to_vec()))
                        .build(backend),
                );
            }
        }
    }

    #[test]
    fn connections_idle_across_a_failure_are_checked() {
        // Whatever an earlier test noted, a connection that went idle just now is not suspect
        // until a failure is noted after it, and then it is.
        since_start();
        std::thread::sleep(Duration::from_millis(5));
        let fresh = Duration::ZERO;
        let idle_long = since_start();
        note_connection_failure();
        assert!(idle_across_failure(idle_long));
        std::thread::sleep(Duration::from_millis(5));
        assert!(!idle_across_failure(fresh));
    }

    /// A temporary SQLite file with one table.
    async fn scratch_sqlite() -> (crate::request_db::Db, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("echelon-turns-{}.db", uuid::Uuid::now_v7()));
        // A connection for every writer, as the server's pool has, so that writers wait for
        // the lock and not for a connection.
        let mut opts = ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
        opts.max_connections(8)
            .min_connections(8)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(BUSY_TIMEOUT)
            });
        let db = Database::connect(opts).await.unwrap();
        db.execute_unprepared("CREATE TABLE turns (n INTEGER NOT NULL)")
            .await
            .unwrap();
        (db.into(), path)
    }

    /// Writers waiting for the write lock get it in the order they asked, not in whatever order
    /// SQLite's busy handler happens to wake them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_writers_take_their_turns_in_arrival_order() {
        let (db, path) = scratch_sqlite().await;
        let first = begin_write(&db).await.unwrap();
        let mut writers = Vec::new();
        for n in 0..6 {
            let db = db.clone();
            writers.push(tokio::spawn(async move {
                let txn = begin_write(&db).await.unwrap();
                txn.execute_unprepared(&format!("INSERT INTO turns (n) VALUES ({n})"))
                    .await
                    .unwrap();
                txn.commit().await.unwrap();
            }));
            // This writer is queued before the next one arrives.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        first.commit().await.unwrap();
        for w in writers {
            w.await.unwrap();
        }
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM turns ORDER BY rowid",
            ))
            .await
            .unwrap();
        let order: Vec<i64> = rows.iter().map(|r| r.try_get("", "n").unwrap()).collect();
        assert_eq!(order, (0..6).collect::<Vec<i64>>());
        db.pool().clone().close().await.unwrap();
        let _ = std::fs::remove_file(path);
    }

    /// A writer that does not get its turn within the busy timeout is told the database is
    /// unavailable, as it would be for a lock it could not get; the turn holder is unharmed.
    #[tokio::test]
    async fn a_turn_not_had_in_time_is_unavailable() {
        let (db, path) = scratch_sqlite().await;
        let first = begin_write(&db).await.unwrap();
        tokio::time::pause();
        let waited = begin_write(&db).await.map(|_| ()).unwrap_err();
        tokio::time::resume();
        assert!(matches!(
            crate::error::ApiError::from(waited),
            crate::error::ApiError::Unavailable(_)
        ));
        first
            .execute_unprepared("INSERT INTO turns (n) VALUES (1)")
            .await
            .unwrap();
        first.commit().await.unwrap();
        let next = begin_write(&db).await.unwrap();
        next.rollback().await.unwrap();
        db.pool().clone().close().await.unwrap();
        let _ = std::fs::remove_file(path);
    }

    /// A limit written into the text reads the same rows as the query builder's bound one.
    #[test]
    fn a_written_limit_matches_the_bound_one() {
        use sea_orm::QueryOrder;
        let ordered = entity::employee::Entity::find()
            .filter(entity::employee::Column::Status.ne("left"))
            .order_by_asc(entity::employee::Column::EmployeeNo);
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let written = limited(ordered.clone().build(backend), 51);
            let bound = sea_orm::QuerySelect::limit(ordered.clone(), 51).build(backend);
            assert_eq!(written.values, ordered.clone().build(backend).values);
            let placeholder = match backend {
                DbBackend::Postgres => "$2",
                _ => "?",
            };
            assert_eq!(
                written.sql,
                bound
                    .sql
                    .replacen(&format!("LIMIT {placeholder}"), "LIMIT 51", 1)
            );
            assert!(written.sql.ends_with(" LIMIT 51"), "{}", written.sql);
        }
    }

    #[test]
    fn kept_text_is_per_backend() {
        let a = kept_sql("test.kept", DbBackend::Sqlite, || "one".into());
        let b = kept_sql("test.kept", DbBackend::Postgres, || "two".into());
        let again = kept_sql("test.kept", DbBackend::Sqlite, || "three".into());
        assert_eq!((&*a, &*b, &*again), ("one", "two", "one"));
    }
}
