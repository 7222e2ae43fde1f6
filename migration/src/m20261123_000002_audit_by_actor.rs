//! The audit log by actor: the inbox lists what the caller did, newest first, and must not scan
//! the whole log to find it.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_audit_events_actor")
                .table("audit_events")
                .col("actor_id")
                .col("seq")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_audit_events_actor")
                .table("audit_events")
                .to_owned(),
        )
        .await
    }
}
