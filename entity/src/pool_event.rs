//! The pool history of a person: entering, leaving, moving between echelons, with who, when and
//! why. The audit log holds the same events with their full records.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Echelon, PoolEventKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pool_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub kind: PoolEventKind,
    pub from_echelon: Option<Echelon>,
    pub to_echelon: Option<Echelon>,
    pub reason: String,
    /// `工号 姓名` of who acted, as in the audit log.
    pub actor_label: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
