//! What every request shares: the pool, the signing keys, the password hasher and the settings,
//! and what an HTTP worker serves its API requests with. Nothing here is per-process state that
//! replicas would disagree on.
use std::future::Future;
use std::sync::Arc;

use crate::auth::{jwt::Keys, password::Hasher};
use crate::config::Settings;
use crate::error::ApiError;

#[derive(Clone)]
pub struct AppState {
    /// The pool; a GraphQL query's copy of the state holds one connection of it (see
    /// [`Worker::for_request`]).
    pub db: crate::request_db::Db,
    /// Shared: the keys and their validation rules are copied into every request's state,
    /// and a deep copy cost more than reading the request's token.
    pub keys: Arc<Keys>,
    pub hasher: Hasher,
    pub settings: Arc<Settings>,
    /// The runtime the pool was opened on, which lives as long as the process.
    pub runtime: tokio::runtime::Handle,
}

impl AppState {
    /// Runs a request's database work on the process's runtime and waits for it.
    ///
    /// The HTTP server gives each worker thread its own runtime and drops it when that worker
    /// has drained during a graceful stop. A pooled PostgreSQL connection stays bound to the
    /// runtime that opened it, so a connection opened on a worker that stopped first fails the
    /// queries of workers still draining. Work spawned here opens and uses connections only on
    /// the runtime that outlives every worker.
    pub async fn run<F>(&self, work: F) -> Result<F::Output, ApiError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.runtime.spawn(work).await.map_err(ApiError::internal)
    }
}

/// What one HTTP worker serves API requests with: the process's state, on PostgreSQL with a
/// pool of the worker's own in place of the process pool.
///
/// Serving a request where it arrived saves two hand-overs between threads — to the process
/// runtime and back — each a chance to wait for a core. A worker's own pool makes that safe on
/// PostgreSQL: its connections are opened on, used on and dropped with the worker's runtime (see
/// [`AppState::run`]). SQLite connections run on threads of their own, bound to no runtime, so
/// SQLite requests are served in place with the process pool and its write queue.
#[derive(Clone)]
pub struct Worker {
    pub state: AppState,
    in_place: bool,
}

impl Worker {
    /// The state for the HTTP worker being started; `workers` is how many there are.
    pub fn open(process: &AppState, workers: usize) -> Worker {
        if process.settings.is_sqlite() {
            return Worker {
                state: process.clone(),
                in_place: true,
            };
        }
        match crate::db::worker_pool(&process.settings, workers) {
            Some(db) => Worker {
                state: AppState {
                    db: db.into(),
                    ..process.clone()
                },
                in_place: true,
            },
            None => Worker {
                state: process.clone(),
                in_place: false,
            },
        }
    }

    /// The state one API read (a GraphQL query, a raw baseline) is served with: on PostgreSQL
    /// it holds one connection of the pool from the read's first statement to its end (see
    /// [`crate::request_db`]).
    pub fn for_request(&self) -> AppState {
        AppState {
            db: self.state.db.for_request(),
            ..self.state.clone()
        }
    }

    /// Runs a request's database work: in place, or on the process runtime when this worker
    /// has no pool of its own. A panic in the work is an internal error either way.
    pub async fn serve<F>(&self, work: F) -> Result<F::Output, ApiError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        use futures_util::FutureExt;
        if self.in_place {
            std::panic::AssertUnwindSafe(work)
                .catch_unwind()
                .await
                .map_err(|_| ApiError::Internal("request work panicked".into()))
        } else {
            self.state.run(work).await
        }
    }
}
