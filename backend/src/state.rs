//! What every request shares: the pool, the signing keys, the password hasher and the settings.
//! Nothing here is per-process state that replicas would disagree on.
use sea_orm::DatabaseConnection;
use std::sync::Arc;

use crate::auth::{jwt::Keys, password::Hasher};
use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub keys: Keys,
    pub hasher: Hasher,
    pub settings: Arc<Settings>,
}
