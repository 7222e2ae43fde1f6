//! The database as the server's code reaches it: a pool, or, for one API read on PostgreSQL
//! (a GraphQL query, a raw baseline), one connection of the pool held for the whole request.
//! GraphQL mutations use the pool as it is: one may wait for a password hash between its
//! statements, and no connection should wait with it.
//!
//! The pool gives each statement a connection and takes it back, and takes it back only after a
//! round trip of its own that checks the connection is still sound. A request of two statements
//! thus cost four round trips and two turns at the pool. A request that holds one connection
//! from its first statement to its end runs its statements back to back on it, and the
//! connection goes back, with its one check, when the request ends ([`Db::release`]).
//!
//! The ORM holds a connection only inside a transaction, which would add two statements of its
//! own (`BEGIN`, `COMMIT`) to every request; so the held connection runs the ORM's statements
//! itself. Writes still go through transactions of their own ([`crate::db::begin_write`]),
//! which first give the held connection back: a request never holds two connections of a pool
//! that may have only one.
use sea_orm::sqlx::{pool::PoolConnection, postgres::Postgres};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement,
};
use std::sync::Arc;

/// A pool, or one request's hold on a PostgreSQL connection of it (see the module's text).
/// Clones share the hold.
#[derive(Clone)]
pub struct Db {
    pool: DatabaseConnection,
    /// The request's connection, taken from `pool` at its first statement.
    held: Option<Arc<tokio::sync::Mutex<Slot>>>,
}

enum Slot {
    /// No connection yet (or the last one failed): the next statement takes one.
    Empty,
    Conn(PoolConnection<Postgres>),
    /// Given back, for good: statements use the pool as it is.
    Released,
}

impl From<DatabaseConnection> for Db {
    fn from(pool: DatabaseConnection) -> Db {
        Db { pool, held: None }
    }
}

impl Db {
    /// The pool itself, for work that is not one request's: commands, backups, imports.
    pub fn pool(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// A handle for one request: on PostgreSQL it holds the first connection it uses until
    /// [`Db::release`] or until the last clone is dropped; on SQLite it is the pool (SQLite
    /// connections are threads of this process; no round trip to save).
    pub fn for_request(&self) -> Db {
        let held = match self.pool.get_database_backend() {
            DbBackend::Postgres => Some(Arc::new(tokio::sync::Mutex::new(Slot::Empty))),
            _ => None,
        };
        Db {
            pool: self.pool.clone(),
            held,
        }
    }

    /// Gives the held connection back to the pool; statements after this use the pool.
    pub async fn release(&self) {
        if let Some(held) = &self.held {
            *held.lock().await = Slot::Released;
        }
    }

    /// The slot, locked for one statement and holding a connection (taken from the pool if
    /// none was held); `None` for the pool itself, or once the hold is released.
    async fn lock(&self) -> Option<Result<tokio::sync::MutexGuard<'_, Slot>, DbErr>> {
        let mut slot = self.held.as_ref()?.lock().await;
        match *slot {
            Slot::Released => return None,
            Slot::Conn(_) => {}
            Slot::Empty => match self.pool.get_postgres_connection_pool().acquire().await {
                Ok(conn) => *slot = Slot::Conn(conn),
                Err(e) => return Some(Err(acquire_error(e))),
            },
        }
        Some(Ok(slot))
    }

    /// Whether this handle holds a connection right now (for tests).
    pub async fn holds_connection(&self) -> bool {
        match &self.held {
            Some(held) => matches!(*held.lock().await, Slot::Conn(_)),
            None => false,
        }
    }
}

impl Slot {
    fn conn(&mut self) -> Result<&mut PoolConnection<Postgres>, DbErr> {
        match self {
            Slot::Conn(conn) => Ok(conn),
            _ => Err(DbErr::Custom("no connection held".into())),
        }
    }

    /// The error of a statement that failed on the held connection. A connection that failed
    /// other than by the database refusing the statement is not used again: the pool checks
    /// it as it comes back and closes it if it is broken.
    fn failed(&mut self, e: sea_orm::sqlx::Error) -> RuntimeErr {
        if !matches!(e, sea_orm::sqlx::Error::Database(_)) {
            *self = Slot::Empty;
        }
        RuntimeErr::SqlxError(Arc::new(e))
    }
}

/// `stmt` as a query for the driver, counted like every statement.
fn query(stmt: &Statement) -> Query<'_> {
    crate::db::count_statement();
    let values = stmt.values.clone().unwrap_or(sea_orm::Values(Vec::new()));
    sea_orm::sqlx::query_with(
        sea_orm::sqlx::AssertSqlSafe(stmt.sql.as_str()),
        sea_query_sqlx::SqlxValues(values),
    )
}

type Query<'q> = sea_orm::sqlx::query::Query<'q, Postgres, sea_query_sqlx::SqlxValues>;

fn acquire_error(e: sea_orm::sqlx::Error) -> DbErr {
    match e {
        sea_orm::sqlx::Error::PoolTimedOut => {
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout)
        }
        sea_orm::sqlx::Error::PoolClosed => {
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed)
        }
        e => DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e))),
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        use sea_orm::sqlx::Executor;
        if let Some(slot) = self.lock().await {
            let mut slot = slot?;
            let done = slot.conn()?.execute(query(&stmt)).await;
            return done
                .map(Into::into)
                .map_err(|e| DbErr::Exec(slot.failed(e)));
        }
        self.pool.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        use sea_orm::sqlx::Executor;
        if let Some(slot) = self.lock().await {
            let mut slot = slot?;
            let text = sea_orm::sqlx::AssertSqlSafe(sql.to_owned());
            let done = slot.conn()?.execute(text).await;
            return done
                .map(Into::into)
                .map_err(|e| DbErr::Exec(slot.failed(e)));
        }
        self.pool.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        use sea_orm::sqlx::Executor;
        if let Some(slot) = self.lock().await {
            let mut slot = slot?;
            let row = slot.conn()?.fetch_optional(query(&stmt)).await;
            return row
                .map(|r| r.map(Into::into))
                .map_err(|e| DbErr::Query(slot.failed(e)));
        }
        self.pool.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        use sea_orm::sqlx::Executor;
        if let Some(slot) = self.lock().await {
            let mut slot = slot?;
            let rows = slot.conn()?.fetch_all(query(&stmt)).await;
            return rows
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err(|e| DbErr::Query(slot.failed(e)));
        }
        self.pool.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.pool.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        false
    }
}
