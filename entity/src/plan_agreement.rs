//! Agreement to a member's development plan by one of the three levels (本人, 上级, 上二级).
//! Agreements hold for one revision of the plan: adding an item starts a new revision, which
//! the three agree to again.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::SignerRole;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_agreements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub employee_id: Uuid,
    pub revision: i32,
    pub role: SignerRole,
    pub signer_id: Uuid,
    pub agreed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
