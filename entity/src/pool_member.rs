//! Membership of the talent pool (人才库): one echelon at a time per person. A row whose
//! `left_at` is set is past membership, kept for the history.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::Echelon;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pool_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub echelon: Echelon,
    /// The nomination that admitted the member.
    pub nomination_id: Option<Uuid>,
    pub joined_at: DateTimeUtc,
    pub left_at: Option<DateTimeUtc>,
    pub left_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::employee::Entity",
        from = "Column::EmployeeId",
        to = "super::employee::Column::Id"
    )]
    Employee,
}

impl Related<super::employee::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employee.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
