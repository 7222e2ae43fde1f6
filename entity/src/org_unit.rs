//! Org units form a tree: company › site › project › team. `path` is the materialised path of
//! ancestor ids (`/root/…/self/`), so "this unit and everything below" is one prefix match.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::OrgUnitKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "org_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Human-readable unit code, unique (e.g. `SH-01`).
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub kind: OrgUnitKind,
    pub parent_id: Option<Uuid>,
    /// Materialised path of ancestor ids including this unit, `/id1/id2/`.
    pub path: String,
    /// The employee who leads this unit (班组长 for a team); must belong to the unit's subtree.
    pub leader_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
