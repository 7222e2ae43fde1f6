//! The append-only, hash-chained audit log. `hash = sha256(prev_hash ‖ canonical fields)`; the
//! database refuses UPDATE and DELETE on this table (triggers), and `echelon audit verify`
//! recomputes the chain.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Position in the chain, 1-based, gap-free.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// The account (or service account) that acted; `None` for the system itself.
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// JSON of the record before the change (`null` on create).
    pub before: String,
    /// JSON of the record after the change (`null` on delete).
    pub after: String,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
