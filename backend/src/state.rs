//! What every request shares: the pool, the signing keys, the password hasher and the settings.
//! Nothing here is per-process state that replicas would disagree on.
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::sync::Arc;

use crate::auth::{jwt::Keys, password::Hasher};
use crate::config::Settings;
use crate::error::ApiError;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
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
