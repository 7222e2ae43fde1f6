//! The selection standard (选拔标准) HR keeps for one echelon. A `None` criterion is not part of
//! the standard. Scores are stored in whole tenths (see [`crate::domain::Score`]).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{CompetencyGrade, Echelon, Score, SelectionStandard};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "echelon_standards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub echelon: Echelon,
    pub min_tenure_months: Option<i32>,
    pub min_exam_score: Option<i32>,
    pub min_grade: Option<CompetencyGrade>,
    pub min_quality_score: Option<i32>,
    pub min_call_volume_index: Option<f64>,
    pub version: i32,
    pub updated_at: Option<DateTimeUtc>,
}

impl Model {
    /// The standard as the shared rule reads it.
    pub fn standard(&self) -> SelectionStandard {
        SelectionStandard {
            min_tenure_months: self.min_tenure_months.and_then(|m| u32::try_from(m).ok()),
            min_exam_score: Score::from_column(self.min_exam_score),
            min_grade: self.min_grade,
            min_quality_score: Score::from_column(self.min_quality_score),
            min_call_volume_index: self.min_call_volume_index,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
