//! A nomination (提名) of one employee to one echelon: assessed, then signed off by three
//! levels. At most one per person and echelon is open at a time (a partial unique index).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Echelon, NominationSource, NominationStatus, Score};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "nominations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub echelon: Echelon,
    pub source: NominationSource,
    /// The employee who nominated (the nominee themself for a self-application).
    pub nominated_by: Uuid,
    /// Why: the self-statement of an applicant or the nominator's reason.
    pub reason: String,
    pub status: NominationStatus,
    /// Ability (能力), potential (潜质) and exam scores in tenths.
    pub ability_score: Option<i32>,
    pub potential_score: Option<i32>,
    pub exam_score: Option<i32>,
    pub assessment_comment: Option<String>,
    pub assessed_by: Option<Uuid>,
    /// The step waiting for a signature while signing off.
    pub current_step: Option<i32>,
    /// The disagreeing signer's reason, or why it was withdrawn.
    pub outcome_reason: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn ability(&self) -> Option<Score> {
        Score::from_column(self.ability_score)
    }
    pub fn potential(&self) -> Option<Score> {
        Score::from_column(self.potential_score)
    }
    pub fn exam(&self) -> Option<Score> {
        Score::from_column(self.exam_score)
    }
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
