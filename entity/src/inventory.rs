//! A year-end capability inventory (年底能力盘点) of one pool member: the direct superior writes
//! strengths, weaknesses and next year's plan, shares them, the member reads them, and both
//! confirm the plan. One per person and year.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::InventoryStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inventories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub year: i32,
    pub status: InventoryStatus,
    pub strengths: String,
    pub weaknesses: String,
    pub next_year_plan: String,
    /// The superior who wrote it.
    pub superior_id: Uuid,
    pub shared_at: Option<DateTimeUtc>,
    pub member_read_at: Option<DateTimeUtc>,
    pub member_confirmed_at: Option<DateTimeUtc>,
    pub superior_confirmed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
