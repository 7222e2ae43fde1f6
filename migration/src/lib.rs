//! Echelon's schema migrations. A shipped migration is never edited; changes come as new ones.
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261123_000002_audit_by_actor;
mod m20261201_000003_talent_pool;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261123_000002_audit_by_actor::Migration),
            Box::new(m20261201_000003_talent_pool::Migration),
        ]
    }
}
