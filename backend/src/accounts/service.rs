//! Rules and transactions for accounts, service accounts and API tokens.
use chrono::{Duration, Utc};
use entity::{account, api_token, employee, service_account, ApiScope, Problem, Role};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::auth::{session, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::page::{Cursor, Page, PageArgs};
use crate::state::AppState;

fn roles_or_bad(roles: &[Role]) -> ApiResult<String> {
    if roles.is_empty() {
        return Err(ApiError::bad("roles", Problem::Required));
    }
    Ok(entity::format_roles(roles))
}

/// What the audit log keeps of an account: never the hash.
fn audit_view(a: &account::Model) -> serde_json::Value {
    json!({ "id": a.id, "employeeId": a.employee_id, "login": a.login, "roles": a.roles, "active": a.active, "version": a.version })
}

/// Creates the account of an employee; its login is the employee's 工号.
pub async fn create_account<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    actor: &Actor,
    employee_id: Uuid,
    roles: &[Role],
    password: &str,
) -> ApiResult<account::Model> {
    let password = entity::password("password", password)?;
    let roles = roles_or_bad(roles)?;
    let Some(emp) = employee::Entity::find_by_id(employee_id).one(txn).await? else {
        return Err(ApiError::bad("employeeId", Problem::NotFound));
    };
    let exists = account::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(account::Column::EmployeeId.eq(emp.id))
                .add(account::Column::Login.eq(emp.employee_no.clone())),
        )
        .count(txn)
        .await?;
    if exists > 0 {
        return Err(ApiError::bad("employeeId", Problem::Duplicate));
    }
    let hash = state.hasher.hash(&password).await?;
    let now = Utc::now();
    let model = account::Model {
        id: Uuid::now_v7(),
        employee_id: emp.id,
        login: emp.employee_no,
        password_hash: hash,
        roles,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    account::Entity::insert(account::ActiveModel::from(model.clone()))
        .exec_without_returning(txn)
        .await?;
    audit::record(
        txn,
        actor,
        Change::new("account.created", "account", model.id).after(&audit_view(&model)),
    )
    .await?;
    Ok(model)
}

async fn load(txn: &impl ConnectionTrait, id: Uuid) -> ApiResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn save(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    before: &account::Model,
    mut after: account::Model,
) -> ApiResult<account::Model> {
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = account::Entity::update_many()
        .set(account::ActiveModel {
            roles: Set(after.roles.clone()),
            active: Set(after.active),
            password_hash: Set(after.password_hash.clone()),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(account::Column::Id.eq(before.id))
        .filter(account::Column::Version.eq(before.version))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(ApiError::conflict(
            "账号已被他人修改,请刷新后重试",
            "The account was changed by someone else; reload and retry",
        ));
    }
    audit::record(
        txn,
        actor,
        Change::new(action, "account", before.id)
            .before(&audit_view(before))
            .after(&audit_view(&after)),
    )
    .await?;
    Ok(after)
}

pub async fn set_roles(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    roles: &[Role],
) -> ApiResult<account::Model> {
    let txn = begin_write(&state.db).await?;
    let before = load(&txn, id).await?;
    if before.version != expected_version {
        return Err(ApiError::conflict(
            "账号已被他人修改,请刷新后重试",
            "The account was changed by someone else; reload and retry",
        ));
    }
    // Only administrators change roles and nobody may drop their own administrator role, so
    // the center can never be left without one (deactivating oneself is refused likewise).
    if Some(id) == actor.account_id()
        && entity::parse_roles(&before.roles).contains(&Role::Admin)
        && !roles.contains(&Role::Admin)
    {
        return Err(ApiError::bad(
            "roles",
            Problem::Invalid {
                zh: "不能移除自己的系统管理员角色".into(),
                en: "you cannot remove your own administrator role".into(),
            },
        ));
    }
    let after = account::Model {
        roles: roles_or_bad(roles)?,
        ..before.clone()
    };
    let saved = save(&txn, actor, "account.roles_changed", &before, after).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn set_active(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    active: bool,
) -> ApiResult<account::Model> {
    let txn = begin_write(&state.db).await?;
    let before = load(&txn, id).await?;
    if Some(id) == actor.account_id() && !active {
        return Err(ApiError::bad(
            "active",
            Problem::Invalid {
                zh: "不能停用自己的账号".into(),
                en: "you cannot deactivate your own account".into(),
            },
        ));
    }
    let after = account::Model {
        active,
        ..before.clone()
    };
    let saved = save(
        &txn,
        actor,
        if active {
            "account.activated"
        } else {
            "account.deactivated"
        },
        &before,
        after,
    )
    .await?;
    if !active {
        session::revoke_all(&txn, id).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// What leaving the company (离职) does to a person's accounts, in the caller's transaction:
/// each is disabled and every session of it ends.
pub async fn end_for_departure(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    employee_id: Uuid,
) -> ApiResult<()> {
    let accounts = account::Entity::find()
        .filter(account::Column::EmployeeId.eq(employee_id))
        .all(txn)
        .await?;
    for before in accounts {
        if before.active {
            let after = account::Model {
                active: false,
                ..before.clone()
            };
            save(txn, actor, "account.deactivated", &before, after).await?;
        }
        session::revoke_all(txn, before.id).await?;
    }
    Ok(())
}

pub async fn reset_password(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    password: &str,
) -> ApiResult<account::Model> {
    let password = entity::password("password", password)?;
    let hash = state.hasher.hash(&password).await?;
    let txn = begin_write(&state.db).await?;
    let before = load(&txn, id).await?;
    let after = account::Model {
        password_hash: hash,
        ..before.clone()
    };
    let saved = save(&txn, actor, "account.password_reset", &before, after).await?;
    session::revoke_all(&txn, id).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn list_accounts(
    db: &impl ConnectionTrait,
    page: PageArgs,
) -> ApiResult<Page<account::Model>> {
    let total = if page.want_total {
        Some(account::Entity::find().count(db).await?)
    } else {
        None
    };
    let mut q = account::Entity::find();
    if let Some(c) = &page.after {
        q = q.filter(
            sea_orm::Condition::any()
                .add(account::Column::Login.gt(c.k.clone()))
                .add(
                    sea_orm::Condition::all()
                        .add(account::Column::Login.eq(c.k.clone()))
                        .add(account::Column::Id.gt(c.id)),
                ),
        );
    }
    let q = q
        .order_by_asc(account::Column::Login)
        .order_by_asc(account::Column::Id);
    let items = crate::db::first_rows(db, q, page.first + 1).await?;
    Ok(Page::from_overfetch(items, &page, total))
}

pub fn account_cursor(a: &account::Model) -> Cursor {
    Cursor {
        k: a.login.clone(),
        id: a.id,
    }
}

pub async fn create_service_account(
    state: &AppState,
    actor: &Actor,
    name: &str,
    description: &str,
) -> ApiResult<service_account::Model> {
    let name = entity::required_text("name", name, entity::MAX_NAME)?;
    let description = entity::optional_text("description", description, entity::MAX_TEXT)?;
    let txn = begin_write(&state.db).await?;
    if service_account::Entity::find()
        .filter(service_account::Column::Name.eq(name.clone()))
        .count(&txn)
        .await?
        > 0
    {
        return Err(ApiError::bad("name", Problem::Duplicate));
    }
    let now = Utc::now();
    let model = service_account::Model {
        id: Uuid::now_v7(),
        name,
        description,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    service_account::Entity::insert(service_account::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change::new("service_account.created", "service_account", model.id).after(&model),
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn list_service_accounts(
    db: &impl ConnectionTrait,
) -> ApiResult<Vec<service_account::Model>> {
    Ok(service_account::Entity::find()
        .order_by_asc(service_account::Column::Name)
        .limit(100)
        .all(db)
        .await?)
}

pub async fn tokens_of(db: &impl ConnectionTrait, sa: Uuid) -> ApiResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::ServiceAccountId.eq(sa))
        .order_by_asc(api_token::Column::CreatedAt)
        .limit(100)
        .all(db)
        .await?)
}

/// Creates a token and returns it with its secret, which is shown this once.
pub async fn create_api_token(
    state: &AppState,
    actor: &Actor,
    service_account_id: Uuid,
    label: &str,
    scopes: &[ApiScope],
    expires_in_days: Option<i32>,
) -> ApiResult<(api_token::Model, String)> {
    let label = entity::required_text("label", label, entity::MAX_NAME)?;
    if scopes.is_empty() {
        return Err(ApiError::bad("scopes", Problem::Required));
    }
    if let Some(d) = expires_in_days {
        if !(1..=3650).contains(&d) {
            return Err(ApiError::bad(
                "expiresInDays",
                Problem::OutOfRange { min: 1, max: 3650 },
            ));
        }
    }
    let txn = begin_write(&state.db).await?;
    let Some(sa) = service_account::Entity::find_by_id(service_account_id)
        .one(&txn)
        .await?
    else {
        return Err(ApiError::bad("serviceAccountId", Problem::NotFound));
    };
    let secret = session::random_token();
    let now = Utc::now();
    let model = api_token::Model {
        id: Uuid::now_v7(),
        service_account_id: sa.id,
        label,
        token_hash: session::sha256_hex(&secret),
        scopes: entity::format_scopes(scopes),
        expires_at: expires_in_days.map(|d| now + Duration::days(d as i64)),
        revoked_at: None,
        last_used_at: None,
        created_at: now,
    };
    api_token::Entity::insert(api_token::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change::new("api_token.created", "service_account", sa.id).after(&model),
    )
    .await?;
    txn.commit().await?;
    Ok((model, format!("{}{secret}", session::API_TOKEN_PREFIX)))
}

pub async fn revoke_api_token(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<api_token::Model> {
    let txn = begin_write(&state.db).await?;
    let Some(before) = api_token::Entity::find_by_id(id).one(&txn).await? else {
        return Err(ApiError::NotFound);
    };
    if before.revoked_at.is_some() {
        return Ok(before);
    }
    let after = api_token::Model {
        revoked_at: Some(Utc::now()),
        ..before.clone()
    };
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(after.revoked_at),
        )
        .filter(api_token::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change::new(
            "api_token.revoked",
            "service_account",
            before.service_account_id,
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// `echelon create-admin`: an employee at the top unit (created as 总部 when the tree is empty)
/// with an administrator account.
pub async fn create_admin(
    state: &AppState,
    employee_no: &str,
    name: &str,
    phone: &str,
    password: &str,
) -> ApiResult<()> {
    use entity::{org_unit, EmployeeStatus, OrgUnitKind};
    let actor = Actor::system();
    let access = crate::auth::Access::system();
    let password = entity::password("password", password)?;
    let txn = begin_write(&state.db).await?;
    let root = org_unit::Entity::find()
        .filter(org_unit::Column::ParentId.is_null())
        .order_by_asc(org_unit::Column::CreatedAt)
        .one(&txn)
        .await?;
    let root = match root {
        Some(r) => r,
        None => {
            let u = crate::org::service::NewUnit::parse("HQ", "总部", OrgUnitKind::Company, None)?;
            crate::org::service::insert(&txn, &actor, &access, u).await?
        }
    };
    let text = crate::people::service::EmployeeText {
        employee_no: employee_no.into(),
        name: name.into(),
        phone: phone.into(),
        position: "系统管理员".into(),
        hire_date: Utc::now().date_naive().format("%Y-%m-%d").to_string(),
    };
    let new = crate::people::service::NewEmployee::parse(
        &text,
        root.id,
        None,
        EmployeeStatus::Regular,
        false,
    )?;
    let emp = crate::people::service::insert(&txn, &actor, new).await?;
    create_account(&txn, state, &actor, emp.id, &[Role::Admin], &password).await?;
    txn.commit().await?;
    Ok(())
}
