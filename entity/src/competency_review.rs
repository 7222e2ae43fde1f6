//! A periodic competency review (胜任力测评): one grade per person and quarter, with who gave
//! it. The newest grade is what a selection standard's grade criterion reads.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::CompetencyGrade;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "competency_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    /// `2026-Q3`: sorts as text in time order.
    pub period: String,
    pub grade: CompetencyGrade,
    pub comment: Option<String>,
    pub reviewed_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
