//! A project's quarterly elimination ratio (末位淘汰比例): 0.1 puts the bottom 10% of its pool
//! members in the bottom band each month. A project without a row uses the default.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The ratio of a project that set none.
pub const DEFAULT_RATIO: f64 = 0.1;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "elimination_ratios")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_unit_id: Uuid,
    pub ratio: f64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
