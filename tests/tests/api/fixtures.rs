//! Arrangements shared by the talent tests, written straight to the database where the way
//! there over the API is not what a test is about.
use super::*;
use sea_orm::ActiveModelTrait;

/// The uuid behind a global id such as `Employee:<uuid>`.
pub fn uuid_of(global: &str) -> uuid::Uuid {
    let raw = global.split_once(':').map_or(global, |(_, id)| id);
    uuid::Uuid::parse_str(raw).unwrap_or_else(|e| panic!("{global}: {e}"))
}

/// Makes the employee with global id `employee` a current member of `echelon` since `joined`.
pub async fn pool_member_since(
    app: &TestApp,
    employee: &str,
    echelon: entity::Echelon,
    joined: chrono::DateTime<chrono::Utc>,
) {
    entity::pool_member::ActiveModel::from(entity::pool_member::Model {
        id: uuid::Uuid::now_v7(),
        employee_id: uuid_of(employee),
        echelon,
        nomination_id: None,
        joined_at: joined,
        left_at: None,
        left_reason: None,
    })
    .insert(&app.state.db)
    .await
    .unwrap();
}

/// Makes `no` a current member of `echelon` from now on, and returns their global id.
pub async fn pool_member(app: &TestApp, no: &str, echelon: entity::Echelon) -> String {
    let id = app.employee_id(no).await;
    pool_member_since(app, &id, echelon, chrono::Utc::now()).await;
    id
}
