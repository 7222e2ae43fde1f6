//! A manager's decision on an elimination candidate (末位淘汰) of one quarter: confirmed (the
//! member leaves the pool) or overridden, with the reason. One per person and quarter.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "eliminations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    /// `2026-Q1`.
    pub quarter: String,
    /// `true`: confirmed, the member left the pool; `false`: overridden, they stay.
    pub confirmed: bool,
    pub reason: String,
    pub decided_by: Uuid,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
