//! An item of a pool member's development plan (后备员工发展档案): special training, coaching,
//! a rotation, assigned reading with a reflection (心得), or an external visit; with its due
//! date, status, the member's evidence and the reviewer's comment.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{PlanItemKind, PlanItemStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The member whose plan it is.
    pub employee_id: Uuid,
    pub kind: PlanItemKind,
    pub title: String,
    pub due_date: Date,
    pub status: PlanItemStatus,
    /// What the member handed in: the reflection of a reading, or evidence of the rest.
    pub evidence: Option<String>,
    pub reviewer_comment: Option<String>,
    pub reviewed_by: Option<Uuid>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
