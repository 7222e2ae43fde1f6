//! An employee (员工): one person of the center. The reporting line (`superior_id`) gives every
//! employee a superior and a skip-level superior; see [`crate::domain::reporting`].
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::EmployeeStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "employees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// 工号, unique across the center.
    #[sea_orm(unique)]
    pub employee_no: String,
    pub name: String,
    pub phone: String,
    pub org_unit_id: Uuid,
    /// Copy of the unit's path, kept in step with `org_unit_id`, so scope checks are one
    /// prefix match with no join.
    pub org_path: String,
    pub position: String,
    pub superior_id: Option<Uuid>,
    pub hire_date: Date,
    pub status: EmployeeStatus,
    pub key_position: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::org_unit::Entity",
        from = "Column::OrgUnitId",
        to = "super::org_unit::Column::Id"
    )]
    OrgUnit,
}

impl Related<super::org_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrgUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
