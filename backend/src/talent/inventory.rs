//! Year-end capability inventories (年底能力盘点): the member's direct superior writes strengths,
//! weaknesses and next year's plan and shares them; the member reads the feedback; both confirm
//! the plan (the rule is `entity::confirm`).
use chrono::Utc;
use entity::{inventory, InventoryStatus, Party, Problem};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::service::{current_membership, MAX_NOTE};
use crate::audit::{self, Change};
use crate::auth::Actor;
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::people::service as people;
use crate::state::AppState;

fn stale() -> ApiError {
    ApiError::conflict(
        "该盘点已被他人修改,请刷新后重试",
        "The inventory was changed by someone else; reload and retry",
    )
}

pub async fn of_employee<C: ConnectionTrait>(
    db: &C,
    employee_id: Uuid,
) -> ApiResult<Vec<inventory::Model>> {
    Ok(inventory::Entity::find()
        .filter(inventory::Column::EmployeeId.eq(employee_id))
        .order_by_desc(inventory::Column::Year)
        .all(db)
        .await?)
}

/// Whether `me` is the direct superior of `employee_id` on the reporting line now.
async fn is_superior<C: ConnectionTrait>(db: &C, me: Uuid, employee_id: Uuid) -> ApiResult<bool> {
    let line = people::reporting_line(db, employee_id).await?;
    Ok(line.superior.map(|l| l.employee_id) == Some(me))
}

/// The texts of an inventory as written.
pub struct Texts<'a> {
    pub strengths: &'a str,
    pub weaknesses: &'a str,
    pub next_year_plan: &'a str,
}

/// The direct superior writes (or rewrites, while a draft) a member's inventory of `year`.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    employee_id: Uuid,
    year: i32,
    texts: Texts<'_>,
    expected_version: Option<i32>,
) -> ApiResult<inventory::Model> {
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::bad(
            "year",
            Problem::OutOfRange {
                min: 2000,
                max: 2100,
            },
        ));
    }
    let strengths = entity::optional_text("strengths", texts.strengths.trim(), MAX_NOTE)?;
    let weaknesses = entity::optional_text("weaknesses", texts.weaknesses.trim(), MAX_NOTE)?;
    let plan = entity::optional_text("nextYearPlan", texts.next_year_plan.trim(), MAX_NOTE)?;
    let me = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    if !is_superior(&txn, me, employee_id).await? {
        return Err(ApiError::Forbidden);
    }
    if current_membership(&txn, employee_id).await?.is_none() {
        return Err(ApiError::conflict(
            "该员工不在人才库中",
            "The employee is not in the pool",
        ));
    }
    let existing = inventory::Entity::find()
        .filter(inventory::Column::EmployeeId.eq(employee_id))
        .filter(inventory::Column::Year.eq(year))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let after = match existing {
        None => {
            let row = inventory::Model {
                id: Uuid::now_v7(),
                employee_id,
                year,
                status: InventoryStatus::Draft,
                strengths,
                weaknesses,
                next_year_plan: plan,
                superior_id: me,
                shared_at: None,
                member_read_at: None,
                member_confirmed_at: None,
                superior_confirmed_at: None,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            inventory::ActiveModel::from(row.clone())
                .insert(&txn)
                .await?;
            audit::record(
                &txn,
                actor,
                Change::new("inventory.written", "employee", employee_id).after(&row),
            )
            .await?;
            row
        }
        Some(before) => {
            if before.status != InventoryStatus::Draft {
                return Err(ApiError::conflict(
                    "盘点已反馈给本人,不能再修改",
                    "The inventory has been shared and can no longer be changed",
                ));
            }
            let mut after = before.clone();
            after.strengths = strengths;
            after.weaknesses = weaknesses;
            after.next_year_plan = plan;
            after.superior_id = me;
            after.version = before.version + 1;
            after.updated_at = now;
            let res = inventory::Entity::update_many()
                .set(inventory::ActiveModel {
                    strengths: Set(after.strengths.clone()),
                    weaknesses: Set(after.weaknesses.clone()),
                    next_year_plan: Set(after.next_year_plan.clone()),
                    superior_id: Set(me),
                    version: Set(after.version),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(inventory::Column::Id.eq(before.id))
                .filter(inventory::Column::Version.eq(expected_version.unwrap_or(-1)))
                .filter(inventory::Column::Status.eq(InventoryStatus::Draft))
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                return Err(stale());
            }
            audit::record(
                &txn,
                actor,
                Change::new("inventory.written", "employee", employee_id)
                    .before(&before)
                    .after(&after),
            )
            .await?;
            after
        }
    };
    txn.commit().await?;
    Ok(after)
}

async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> ApiResult<inventory::Model> {
    inventory::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::Forbidden)
}

/// What one step of the inventory does: the new status and the columns it sets.
enum Step {
    Share,
    Read,
    Confirm(Party),
}

async fn step(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    which: fn(&inventory::Model, Uuid) -> Option<Step>,
) -> ApiResult<inventory::Model> {
    let me = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    let before = load(&txn, id).await?;
    let Some(step) = which(&before, me) else {
        return Err(ApiError::Forbidden);
    };
    let now = Utc::now();
    let mut after = before.clone();
    let action = match step {
        Step::Share => {
            if before.status != InventoryStatus::Draft {
                return Err(ApiError::conflict(
                    "盘点已反馈",
                    "The inventory is already shared",
                ));
            }
            for (field, text) in [
                ("strengths", &before.strengths),
                ("weaknesses", &before.weaknesses),
                ("nextYearPlan", &before.next_year_plan),
            ] {
                if text.trim().is_empty() {
                    return Err(ApiError::bad(field, Problem::Required));
                }
            }
            after.status = InventoryStatus::FedBack;
            after.shared_at = Some(now);
            "inventory.shared"
        }
        Step::Read => {
            if before.status == InventoryStatus::Draft {
                return Err(ApiError::conflict(
                    entity::InventoryError::NotFedBack.message_zh(),
                    entity::InventoryError::NotFedBack.message_en(),
                ));
            }
            if before.member_read_at.is_some() {
                return Ok(before);
            }
            after.member_read_at = Some(now);
            "inventory.read"
        }
        Step::Confirm(party) => {
            let mut done = Vec::new();
            if before.member_confirmed_at.is_some() {
                done.push(Party::Member);
            }
            if before.superior_confirmed_at.is_some() {
                done.push(Party::Superior);
            }
            after.status = entity::confirm(before.status, party, &done)
                .map_err(|e| ApiError::conflict(e.message_zh(), e.message_en()))?;
            match party {
                Party::Member => {
                    after.member_confirmed_at = Some(now);
                    // Confirming the plan is reading the feedback it answers.
                    after.member_read_at = after.member_read_at.or(Some(now));
                }
                Party::Superior => after.superior_confirmed_at = Some(now),
            }
            "inventory.confirmed"
        }
    };
    after.version = before.version + 1;
    after.updated_at = now;
    let res = inventory::Entity::update_many()
        .set(inventory::ActiveModel {
            status: Set(after.status),
            shared_at: Set(after.shared_at),
            member_read_at: Set(after.member_read_at),
            member_confirmed_at: Set(after.member_confirmed_at),
            superior_confirmed_at: Set(after.superior_confirmed_at),
            version: Set(after.version),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(inventory::Column::Id.eq(id))
        .filter(inventory::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale());
    }
    audit::record(
        &txn,
        actor,
        Change::new(action, "employee", before.employee_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The superior who wrote it shares the inventory with the member.
pub async fn share(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
) -> ApiResult<inventory::Model> {
    step(state, actor, id, expected_version, |i, me| {
        (i.superior_id == me).then_some(Step::Share)
    })
    .await
}

/// The member marks the feedback read.
pub async fn read(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
) -> ApiResult<inventory::Model> {
    step(state, actor, id, expected_version, |i, me| {
        (i.employee_id == me).then_some(Step::Read)
    })
    .await
}

/// The member or the superior who wrote it confirms next year's plan.
pub async fn confirm(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
) -> ApiResult<inventory::Model> {
    step(state, actor, id, expected_version, |i, me| {
        if i.employee_id == me {
            Some(Step::Confirm(Party::Member))
        } else if i.superior_id == me {
            Some(Step::Confirm(Party::Superior))
        } else {
            None
        }
    })
    .await
}
