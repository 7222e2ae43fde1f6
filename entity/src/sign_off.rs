//! One step of a nomination's three-level sign-off (3级参与), fixed at submission: who must sign
//! and, once signed, the decision, comment and time.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Decision, PlannedSigner, SignerRole};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sign_offs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub nomination_id: Uuid,
    /// 0, 1, 2 in signing order.
    pub step: i32,
    pub role: SignerRole,
    pub signer_id: Uuid,
    /// Comma-separated ids of the holders of this level passed over because they had left.
    pub in_place_of: String,
    /// `None` until signed; then agree (`true`) or disagree.
    pub agree: Option<bool>,
    pub comment: Option<String>,
    pub signed_at: Option<DateTimeUtc>,
}

impl Model {
    pub fn planned(&self) -> PlannedSigner {
        PlannedSigner {
            role: self.role,
            signer: self.signer_id,
            in_place_of: self
                .in_place_of
                .split(',')
                .filter_map(|s| Uuid::parse_str(s.trim()).ok())
                .collect(),
        }
    }

    pub fn decision(&self) -> Option<Decision> {
        self.agree.map(|agree| Decision {
            step: usize::try_from(self.step).unwrap_or(usize::MAX),
            signer: self.signer_id,
            agree,
        })
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::employee::Entity",
        from = "Column::SignerId",
        to = "super::employee::Column::Id"
    )]
    Signer,
}

impl Related<super::employee::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Signer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
