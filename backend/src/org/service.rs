//! Rules and transactions for org units.
use chrono::Utc;
use entity::{employee, org_unit, DataScope, OrgUnitKind, Problem};
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::page::{Cursor, Page, PageArgs};
use crate::state::AppState;

/// The ids of the units on a path (`/a/b/c/` → a, b, c): the actor's own chain.
fn chain_ids(path: &str) -> Vec<Uuid> {
    path.split('/')
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect()
}

/// The SQL condition of the units an access reaches.
pub fn scope_condition(access: &Access) -> Condition {
    let own = access.standpoint.unit_path.clone();
    match (access.scope, own) {
        (DataScope::All, _) => Condition::all(),
        (_, None) => Condition::all().add(Expr::val(1).eq(0)),
        (DataScope::SelfOnly, Some(p)) => {
            Condition::all().add(org_unit::Column::Id.is_in(chain_ids(&p)))
        }
        // Nested in an `all`, so that callers adding filters narrow the reach.
        (DataScope::Team | DataScope::Subtree, Some(p)) => Condition::all().add(
            Condition::any()
                .add(org_unit::Column::Id.is_in(chain_ids(&p)))
                .add(org_unit::Column::Path.starts_with(&p)),
        ),
    }
}

pub fn covers(access: &Access, unit: &org_unit::Model) -> bool {
    access.scope.covers_unit(&access.standpoint, &unit.path)
}

#[derive(Default)]
pub struct UnitFilter {
    pub parent_id: Option<Uuid>,
    pub kind: Option<OrgUnitKind>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: UnitFilter,
    page: PageArgs,
) -> ApiResult<Page<org_unit::Model>> {
    let mut cond = scope_condition(access);
    if let Some(parent) = filter.parent_id {
        let p = get(db, access, parent).await?;
        cond = cond.add(org_unit::Column::ParentId.eq(p.id));
    }
    if let Some(kind) = filter.kind {
        cond = cond.add(org_unit::Column::Kind.eq(kind));
    }
    let total = if page.want_total {
        Some(
            org_unit::Entity::find()
                .filter(cond.clone())
                .count(db)
                .await?,
        )
    } else {
        None
    };
    let mut q = org_unit::Entity::find().filter(cond);
    if let Some(c) = &page.after {
        q = q.filter(
            Condition::any()
                .add(org_unit::Column::Path.gt(c.k.clone()))
                .add(
                    Condition::all()
                        .add(org_unit::Column::Path.eq(c.k.clone()))
                        .add(org_unit::Column::Id.gt(c.id)),
                ),
        );
    }
    let q = q
        .order_by_asc(org_unit::Column::Path)
        .order_by_asc(org_unit::Column::Id);
    let items = crate::db::first_rows(db, q, page.first + 1).await?;
    Ok(Page::from_overfetch(items, &page, total))
}

pub fn cursor_of(u: &org_unit::Model) -> Cursor {
    Cursor {
        k: u.path.clone(),
        id: u.id,
    }
}

/// One unit the access reaches. Absent and out of reach answer alike unless the actor sees all.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    id: Uuid,
) -> ApiResult<org_unit::Model> {
    match org_unit::Entity::find_by_id(id).one(db).await? {
        Some(u) if covers(access, &u) => Ok(u),
        None if access.scope == DataScope::All => Err(ApiError::NotFound),
        _ => Err(ApiError::Forbidden),
    }
}

pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: OrgUnitKind,
    pub parent_id: Option<Uuid>,
}

impl NewUnit {
    pub fn parse(
        code: &str,
        name: &str,
        kind: OrgUnitKind,
        parent_id: Option<Uuid>,
    ) -> ApiResult<Self> {
        Ok(NewUnit {
            code: entity::employee_no("code", code)?,
            name: entity::required_text("name", name, entity::MAX_NAME)?,
            kind,
            parent_id,
        })
    }
}

async fn code_taken<C: ConnectionTrait>(
    db: &C,
    code: &str,
    except: Option<Uuid>,
) -> ApiResult<bool> {
    let mut q = org_unit::Entity::find().filter(org_unit::Column::Code.eq(code));
    if let Some(id) = except {
        q = q.filter(org_unit::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    input: NewUnit,
) -> ApiResult<org_unit::Model> {
    let txn = begin_write(&state.db).await?;
    let model = insert(&txn, actor, access, input).await?;
    txn.commit().await?;
    Ok(model)
}

/// Inserts a unit in the caller's transaction.
pub async fn insert<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    access: &Access,
    input: NewUnit,
) -> ApiResult<org_unit::Model> {
    let id = Uuid::now_v7();
    let path = match input.parent_id {
        None => {
            if input.kind != OrgUnitKind::Company {
                return Err(ApiError::bad(
                    "parentId",
                    Problem::Invalid {
                        zh: "只有公司可以没有上级组织".into(),
                        en: "only a company may have no parent unit".into(),
                    },
                ));
            }
            format!("/{id}/")
        }
        Some(pid) => {
            let parent = get(txn, access, pid)
                .await
                .map_err(|_| ApiError::bad("parentId", Problem::NotFound))?;
            if !parent.kind.may_contain(input.kind) {
                return Err(ApiError::bad(
                    "kind",
                    Problem::Invalid {
                        zh: format!(
                            "{}下不能直接设{}",
                            parent.kind.label_zh(),
                            input.kind.label_zh()
                        ),
                        en: format!(
                            "a {} cannot sit directly below a {}",
                            input.kind.label_en(),
                            parent.kind.label_en()
                        ),
                    },
                ));
            }
            format!("{}{id}/", parent.path)
        }
    };
    if code_taken(txn, &input.code, None).await? {
        return Err(ApiError::bad("code", Problem::Duplicate));
    }
    let now = Utc::now();
    let model = org_unit::Model {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        parent_id: input.parent_id,
        path,
        leader_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    org_unit::Entity::insert(org_unit::ActiveModel::from(model.clone()))
        .exec_without_returning(txn)
        .await?;
    audit::record(
        txn,
        actor,
        Change::new("org_unit.created", "org_unit", id).after(&model),
    )
    .await?;
    Ok(model)
}

/// Sets a unit's leader without a version check (seeding and imports, inside their own
/// transaction).
pub async fn set_leader<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    unit_id: Uuid,
    leader: Uuid,
) -> ApiResult<()> {
    let before = org_unit::Entity::find_by_id(unit_id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let after = org_unit::Model {
        leader_id: Some(leader),
        version: before.version + 1,
        updated_at: Utc::now(),
        ..before.clone()
    };
    org_unit::Entity::update(org_unit::ActiveModel {
        id: Set(unit_id),
        leader_id: Set(after.leader_id),
        version: Set(after.version),
        updated_at: Set(after.updated_at),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    audit::record(
        txn,
        actor,
        Change::new("org_unit.updated", "org_unit", unit_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    Ok(())
}

pub struct UnitChanges {
    pub expected_version: i32,
    pub code: Option<String>,
    pub name: Option<String>,
    /// `Some(None)` clears the leader.
    pub leader_id: Option<Option<Uuid>>,
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    changes: UnitChanges,
) -> ApiResult<org_unit::Model> {
    let txn = begin_write(&state.db).await?;
    let before = get(&txn, access, id).await?;
    let mut after = before.clone();
    if let Some(code) = changes.code {
        let code = entity::employee_no("code", &code)?;
        if code_taken(&txn, &code, Some(id)).await? {
            return Err(ApiError::bad("code", Problem::Duplicate));
        }
        after.code = code;
    }
    if let Some(name) = changes.name {
        after.name = entity::required_text("name", &name, entity::MAX_NAME)?;
    }
    if let Some(leader) = changes.leader_id {
        if let Some(lid) = leader {
            let leader_row = employee::Entity::find_by_id(lid).one(&txn).await?;
            match leader_row {
                None => return Err(ApiError::bad("leaderId", Problem::NotFound)),
                Some(e) if !e.org_path.starts_with(&before.path) => {
                    return Err(ApiError::bad(
                        "leaderId",
                        Problem::Invalid {
                            zh: "负责人必须属于该组织或其下级组织".into(),
                            en: "the leader must belong to this unit or a unit below it".into(),
                        },
                    ))
                }
                Some(e) if e.status == entity::EmployeeStatus::Left => {
                    return Err(ApiError::bad(
                        "leaderId",
                        Problem::Invalid {
                            zh: "负责人已离职".into(),
                            en: "the leader has left".into(),
                        },
                    ))
                }
                Some(_) => {}
            }
        }
        after.leader_id = leader;
    }
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = org_unit::Entity::update_many()
        .set(org_unit::ActiveModel {
            code: Set(after.code.clone()),
            name: Set(after.name.clone()),
            leader_id: Set(after.leader_id),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(org_unit::Column::Id.eq(id))
        .filter(org_unit::Column::Version.eq(changes.expected_version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(ApiError::conflict(
            "组织已被他人修改,请刷新后重试",
            "The unit was changed by someone else; reload and retry",
        ));
    }
    audit::record(
        &txn,
        actor,
        Change::new("org_unit.updated", "org_unit", id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
