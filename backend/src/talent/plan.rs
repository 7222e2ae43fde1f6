//! Development plans (后备员工发展档案) of pool members: items set by their superiors, agreed
//! by the three levels (the member, the superior, the skip-level superior), handed in by the
//! member (evidence, or the reflection of an assigned reading) and reviewed by the superior.
use chrono::{NaiveDate, Utc};
use entity::{
    employee, plan_agreement, plan_item, DataScope, PlanItemKind, PlanItemStatus, Problem,
    SignerRole,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::service::{current_membership, overseen, MAX_NOTE};
use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::people::service as people;
use crate::state::AppState;

/// Longest item title, in characters.
pub const MAX_TITLE: usize = 200;

/// A member's plan: its items by due date, its revision (how many items it has had) and the
/// levels that agreed to this revision.
#[derive(Clone, Debug)]
pub struct Plan {
    pub employee_id: Uuid,
    pub revision: i32,
    pub items: Vec<plan_item::Model>,
    pub agreements: Vec<plan_agreement::Model>,
}

pub async fn plan_of<C: ConnectionTrait>(db: &C, employee_id: Uuid) -> ApiResult<Plan> {
    let items = plan_item::Entity::find()
        .filter(plan_item::Column::EmployeeId.eq(employee_id))
        .order_by_asc(plan_item::Column::DueDate)
        .order_by_asc(plan_item::Column::Id)
        .all(db)
        .await?;
    let revision = i32::try_from(items.len()).unwrap_or(i32::MAX);
    let agreements = plan_agreement::Entity::find()
        .filter(plan_agreement::Column::EmployeeId.eq(employee_id))
        .filter(plan_agreement::Column::Revision.eq(revision))
        .all(db)
        .await?;
    Ok(Plan {
        employee_id,
        revision,
        items,
        agreements,
    })
}

async fn member<C: ConnectionTrait>(db: &C, employee_id: Uuid) -> ApiResult<()> {
    match current_membership(db, employee_id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::conflict(
            "该员工不在人才库中,没有发展档案",
            "The employee is not in the pool and has no development plan",
        )),
    }
}

/// Adds an item to a member's plan; the three levels then agree to the new revision.
pub async fn add_item(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    kind: PlanItemKind,
    title: &str,
    due_date: &str,
) -> ApiResult<plan_item::Model> {
    let title = entity::required_text("title", title, MAX_TITLE)?;
    let due: NaiveDate = entity::date("dueDate", due_date)?;
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    overseen(&txn, actor, access, employee_id).await?;
    member(&txn, employee_id).await?;
    let now = Utc::now();
    let item = plan_item::Model {
        id: Uuid::now_v7(),
        employee_id,
        kind,
        title,
        due_date: due,
        status: PlanItemStatus::Planned,
        evidence: None,
        reviewer_comment: None,
        reviewed_by: None,
        created_by: by,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    plan_item::ActiveModel::from(item.clone())
        .insert(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change::new("plan.item_added", "employee", employee_id).after(&item),
    )
    .await?;
    txn.commit().await?;
    Ok(item)
}

/// The actor agrees to the current revision of a member's plan as the member, their superior
/// or their skip-level superior (resolved from the reporting line now).
pub async fn agree(
    state: &AppState,
    actor: &Actor,
    employee_id: Uuid,
    expected_revision: i32,
) -> ApiResult<plan_agreement::Model> {
    let me = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    let line = people::reporting_line(&txn, employee_id).await?;
    let role = if me == employee_id {
        SignerRole::Self_
    } else if line.superior.as_ref().map(|l| l.employee_id) == Some(me) {
        SignerRole::Superior
    } else if line.skip_level.as_ref().map(|l| l.employee_id) == Some(me) {
        SignerRole::SkipLevel
    } else {
        return Err(ApiError::Forbidden);
    };
    member(&txn, employee_id).await?;
    let plan = plan_of(&txn, employee_id).await?;
    if plan.revision == 0 {
        return Err(ApiError::conflict(
            "发展计划还没有任何项目",
            "The plan has no items yet",
        ));
    }
    if plan.revision != expected_revision {
        return Err(ApiError::conflict(
            "发展计划已有变动,请刷新后再确认",
            "The plan has changed; reload and agree again",
        ));
    }
    let row = plan_agreement::Model {
        id: Uuid::now_v7(),
        employee_id,
        revision: plan.revision,
        role,
        signer_id: me,
        agreed_at: Utc::now(),
    };
    plan_agreement::ActiveModel::from(row.clone())
        .insert(&txn)
        .await
        .map_err(|e| match ApiError::from(e) {
            ApiError::Conflict { .. } => ApiError::conflict(
                "您已确认过此版本的发展计划",
                "You have already agreed to this version of the plan",
            ),
            other => other,
        })?;
    audit::record(
        &txn,
        actor,
        Change::new("plan.agreed", "employee", employee_id).after(&row),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

fn item_stale() -> ApiError {
    ApiError::conflict(
        "该项目已被他人处理或修改,请刷新后重试",
        "The plan item was changed by someone else; reload and retry",
    )
}

/// The member hands in an item: the reflection (心得) of an assigned reading, or evidence.
pub async fn submit_item(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    evidence: &str,
) -> ApiResult<plan_item::Model> {
    let me = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    let Some(before) = plan_item::Entity::find_by_id(id).one(&txn).await? else {
        return Err(ApiError::Forbidden);
    };
    // Nobody hands in for another.
    if before.employee_id != me {
        return Err(ApiError::Forbidden);
    }
    let evidence = match before.kind {
        PlanItemKind::AssignedReading => entity::reflection("evidence", evidence)?,
        _ => entity::required_text("evidence", evidence, MAX_NOTE)?,
    };
    if !matches!(
        before.status,
        PlanItemStatus::Planned | PlanItemStatus::InProgress
    ) {
        return Err(ApiError::conflict(
            "该项目已提交或已完成",
            "The item has been handed in or is done",
        ));
    }
    let mut after = before.clone();
    after.status = PlanItemStatus::Submitted;
    after.evidence = Some(evidence);
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = plan_item::Entity::update_many()
        .set(plan_item::ActiveModel {
            status: Set(after.status),
            evidence: Set(after.evidence.clone()),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(plan_item::Column::Id.eq(id))
        .filter(plan_item::Column::Version.eq(expected_version))
        .filter(
            plan_item::Column::Status.is_in([PlanItemStatus::Planned, PlanItemStatus::InProgress]),
        )
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(item_stale());
    }
    audit::record(
        &txn,
        actor,
        Change::new("plan.item_submitted", "employee", before.employee_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The superior accepts a handed-in item (done) or returns it with a comment (in progress).
pub async fn review_item(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    expected_version: i32,
    accept: bool,
    comment: Option<&str>,
) -> ApiResult<plan_item::Model> {
    let comment = match comment.map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(entity::optional_text("comment", c, MAX_NOTE)?),
    };
    if !accept && comment.is_none() {
        return Err(ApiError::bad(
            "comment",
            Problem::Invalid {
                zh: "退回时请说明原因".into(),
                en: "say why when you return an item".into(),
            },
        ));
    }
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    let Some(before) = plan_item::Entity::find_by_id(id).one(&txn).await? else {
        return Err(if access.scope == DataScope::All {
            ApiError::NotFound
        } else {
            ApiError::Forbidden
        });
    };
    overseen(&txn, actor, access, before.employee_id).await?;
    if before.status != PlanItemStatus::Submitted {
        return Err(ApiError::conflict(
            "该项目尚未提交,不能审阅",
            "The item has not been handed in",
        ));
    }
    let mut after = before.clone();
    after.status = if accept {
        PlanItemStatus::Done
    } else {
        PlanItemStatus::InProgress
    };
    after.reviewer_comment = comment;
    after.reviewed_by = Some(by);
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = plan_item::Entity::update_many()
        .set(plan_item::ActiveModel {
            status: Set(after.status),
            reviewer_comment: Set(after.reviewer_comment.clone()),
            reviewed_by: Set(after.reviewed_by),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(plan_item::Column::Id.eq(id))
        .filter(plan_item::Column::Version.eq(expected_version))
        .filter(plan_item::Column::Status.eq(PlanItemStatus::Submitted))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(item_stale());
    }
    audit::record(
        &txn,
        actor,
        Change::new("plan.item_reviewed", "employee", before.employee_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// For the inbox: items overdue for `me` as the member or as their direct superior, and items
/// handed in that wait for `me` to review; one statement, the count coming with the items.
pub async fn waiting_items<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    today: NaiveDate,
    first: u64,
    want_count: bool,
    want_items: bool,
) -> ApiResult<(u64, Vec<(plan_item::Model, employee::Model)>)> {
    use sea_orm::{FromQueryResult, JoinType, RelationTrait};
    let mine_or_my_reports = Condition::any()
        .add(plan_item::Column::EmployeeId.eq(me))
        .add(employee::Column::SuperiorId.eq(me));
    let overdue = Condition::all()
        .add(plan_item::Column::Status.is_in([PlanItemStatus::Planned, PlanItemStatus::InProgress]))
        .add(plan_item::Column::DueDate.lt(today))
        .add(mine_or_my_reports);
    let to_review = Condition::all()
        .add(plan_item::Column::Status.eq(PlanItemStatus::Submitted))
        .add(employee::Column::SuperiorId.eq(me));
    let cond = Condition::any().add(overdue).add(to_review);
    let base = plan_item::Entity::find()
        .join(JoinType::InnerJoin, plan_item::Relation::Employee.def())
        .filter(cond);
    if !want_items {
        let count = if want_count { base.count(db).await? } else { 0 };
        return Ok((count, Vec::new()));
    }
    let query = base
        .select_also(employee::Entity)
        .order_by_asc(plan_item::Column::DueDate)
        .order_by_asc(plan_item::Column::Id)
        .limit(first)
        .into_query();
    let (count, rows) = crate::db::with_total(db, query).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push((
            plan_item::Model::from_query_result(r, "A_")?,
            employee::Model::from_query_result(r, "B_")?,
        ));
    }
    Ok((count, out))
}
