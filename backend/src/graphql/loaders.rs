//! Per-request batch loaders, so nested fields cost one query per level, not one per row.
use entity::{employee, org_unit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub struct OrgUnitLoader(pub DatabaseConnection);
pub struct EmployeeLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for OrgUnitLoader {
    type Value = org_unit::Model;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = org_unit::Entity::find()
            .filter(org_unit::Column::Id.is_in(keys.to_vec()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

impl async_graphql::dataloader::Loader<Uuid> for EmployeeLoader {
    type Value = employee::Model;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = employee::Entity::find()
            .filter(employee::Column::Id.is_in(keys.to_vec()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

pub type Loader<T> = async_graphql::dataloader::DataLoader<T>;

/// Org units, cached for the request: units rarely change within one, and a list that read
/// its rows' units with a join feeds them here so nested `orgUnit` fields cost nothing.
pub type UnitLoader =
    async_graphql::dataloader::DataLoader<OrgUnitLoader, async_graphql::dataloader::HashMapCache>;
