//! Rules and transactions for employees.
use chrono::{NaiveDate, Utc};
use entity::{employee, org_unit, DataScope, EmployeeStatus, LineLink, Problem, ReportingLine};
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::{begin_write, like_escape};
use crate::error::{ApiError, ApiResult};
use crate::page::{Cursor, Page, PageArgs};
use crate::state::AppState;

pub fn covers(access: &Access, e: &employee::Model) -> bool {
    access
        .scope
        .covers_employee(&access.standpoint, e.id, &e.org_path)
}

/// The SQL condition of the employees an access reaches; an `all` condition, so further
/// `add`s narrow it.
pub fn scope_condition(access: &Access) -> Condition {
    let me = access.standpoint.employee_id;
    let by_id = |id: Option<Uuid>| match id {
        Some(id) => employee::Column::Id.eq(id),
        None => Expr::val(1).eq(0),
    };
    match access.scope {
        DataScope::All => Condition::all(),
        DataScope::SelfOnly => Condition::all().add(by_id(me)),
        DataScope::Team | DataScope::Subtree => {
            // Nested in an `all`, so that callers adding filters narrow the reach instead of
            // widening the OR.
            match access.scope.subtree_prefix(&access.standpoint) {
                Some(prefix) => Condition::all().add(
                    Condition::any()
                        .add(by_id(me))
                        .add(employee::Column::OrgPath.starts_with(prefix)),
                ),
                None => Condition::all().add(by_id(me)),
            }
        }
    }
}

/// One employee the access reaches. Absent and out of reach answer alike unless the actor sees
/// all.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    id: Uuid,
) -> ApiResult<employee::Model> {
    match employee::Entity::find_by_id(id).one(db).await? {
        Some(e) if covers(access, &e) => Ok(e),
        None if access.scope == DataScope::All => Err(ApiError::NotFound),
        _ => Err(ApiError::Forbidden),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    EmployeeNo,
    Name,
    HireDate,
}

#[derive(Clone, Debug, Default)]
pub struct EmployeeFilter {
    /// Matches 工号 or name, anywhere.
    pub search: Option<String>,
    /// This unit and everything below it.
    pub org_unit_id: Option<Uuid>,
    pub position: Option<String>,
    pub status: Option<EmployeeStatus>,
    pub key_position: Option<bool>,
}

fn sort_key(e: &employee::Model, field: SortField) -> String {
    match field {
        SortField::EmployeeNo => e.employee_no.clone(),
        SortField::Name => e.name.clone(),
        SortField::HireDate => e.hire_date.format("%Y-%m-%d").to_string(),
    }
}

pub fn cursor_of(e: &employee::Model, field: SortField) -> Cursor {
    Cursor {
        k: sort_key(e, field),
        id: e.id,
    }
}

/// The filter as SQL, after checking a unit filter is within reach.
pub async fn filter_condition<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &EmployeeFilter,
) -> ApiResult<Condition> {
    let mut cond = scope_condition(access);
    if let Some(unit_id) = filter.org_unit_id {
        let unit = crate::org::service::get(db, access, unit_id).await?;
        if access.scope == DataScope::SelfOnly
            || (access.scope != DataScope::All
                && !access
                    .standpoint
                    .unit_path
                    .as_deref()
                    .is_some_and(|p| unit.path.starts_with(p)))
        {
            return Err(ApiError::Forbidden);
        }
        cond = cond.add(employee::Column::OrgPath.starts_with(&unit.path));
    }
    if let Some(s) = &filter.search {
        let s = entity::optional_text("search", s, entity::MAX_NAME)?;
        if !s.is_empty() {
            // Latin letters match in either case on both databases: SQLite's LIKE ignores
            // their case and PostgreSQL's does not, so both compare lower case.
            let pat = format!("%{}%", like_escape(&s.to_ascii_lowercase()));
            let like = |c: employee::Column| {
                Expr::expr(sea_orm::sea_query::Func::lower(Expr::col((
                    employee::Entity,
                    c,
                ))))
                .like(sea_orm::sea_query::LikeExpr::new(pat.clone()).escape('\\'))
            };
            cond = cond.add(
                Condition::any()
                    .add(like(employee::Column::Name))
                    .add(like(employee::Column::EmployeeNo)),
            );
        }
    }
    if let Some(p) = &filter.position {
        cond = cond.add(employee::Column::Position.eq(entity::required_text(
            "position",
            p,
            entity::MAX_POSITION,
        )?));
    }
    if let Some(st) = filter.status {
        cond = cond.add(employee::Column::Status.eq(st));
    }
    if let Some(k) = filter.key_position {
        cond = cond.add(employee::Column::KeyPosition.eq(k));
    }
    Ok(cond)
}

/// The ordered, filtered query of a page of employees, and the total when asked for.
async fn page_query<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &EmployeeFilter,
    sort: SortField,
    descending: bool,
    page: &PageArgs,
) -> ApiResult<(sea_orm::Select<employee::Entity>, Option<u64>)> {
    let cond = filter_condition(db, access, filter).await?;
    let total = if page.want_total {
        Some(
            employee::Entity::find()
                .filter(cond.clone())
                .count(db)
                .await?,
        )
    } else {
        None
    };
    let col = sort_column(sort);
    let mut q = employee::Entity::find().filter(cond);
    if let Some(c) = &page.after {
        let key: sea_orm::Value = match sort {
            SortField::HireDate => entity::date("after", &c.k)?.into(),
            _ => c.k.clone().into(),
        };
        let (beyond, id_beyond) = if descending {
            (
                Expr::col((employee::Entity, col)).lt(key.clone()),
                employee::Column::Id.lt(c.id),
            )
        } else {
            (
                Expr::col((employee::Entity, col)).gt(key.clone()),
                employee::Column::Id.gt(c.id),
            )
        };
        q = q.filter(
            Condition::any().add(beyond).add(
                Condition::all()
                    .add(Expr::col((employee::Entity, col)).eq(key))
                    .add(id_beyond),
            ),
        );
    }
    q = if descending {
        q.order_by_desc(col).order_by_desc(employee::Column::Id)
    } else {
        q.order_by_asc(col).order_by_asc(employee::Column::Id)
    };
    // The caller writes the limit into the text: see `crate::db::limited`.
    Ok((q, total))
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &EmployeeFilter,
    sort: SortField,
    descending: bool,
    page: PageArgs,
) -> ApiResult<Page<employee::Model>> {
    let (q, total) = page_query(db, access, filter, sort, descending, &page).await?;
    let items = crate::db::first_rows(db, q, page.first + 1).await?;
    Ok(Page::from_overfetch(items, &page, total))
}

/// As [`list`], reading only the employee columns named in `columns`, and with `units` each
/// employee's unit in the same statement, of it only those columns (see [`sparse_unit`]).
/// Cursors need [`cursor_columns`] among `columns`.
/// A page of 50 with five fields shown then moves a third of the values a whole-row read
/// would.
///
/// The other fields of each returned model are placeholders (empty text, nil ids, the epoch),
/// so the caller must name every column its readers use.
#[allow(clippy::too_many_arguments)]
pub async fn list_projected<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &EmployeeFilter,
    sort: SortField,
    descending: bool,
    page: PageArgs,
    columns: &[employee::Column],
    units: Option<&[org_unit::Column]>,
) -> ApiResult<Page<(employee::Model, Option<org_unit::Model>)>> {
    use crate::rows::Columns;
    use sea_orm::{JoinType, QueryTrait, RelationTrait};
    let (q, total) = page_query(db, access, filter, sort, descending, &page).await?;
    let read = crate::rows::columns_to_read(columns.iter().copied(), employee::Column::Id);
    let mut q = q.select_only();
    for c in &read {
        q = q.column(*c);
    }
    if let Some(units) = units {
        q = q.join(JoinType::LeftJoin, employee::Relation::OrgUnit.def());
        for c in units {
            q = q.column(*c);
        }
    }
    // Read back by position: the employee's columns in `read` order, then the unit's.
    let stmt = crate::db::limited(q.build(db.get_database_backend()), page.first + 1);
    let rows = db.query_all_raw(stmt).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut c = Columns::new(row);
        let e = sparse_employee(&mut c, &read)?;
        let u = match units {
            Some(units) => sparse_unit(&mut c, units)?,
            None => None,
        };
        items.push((e, u));
    }
    Ok(Page::from_overfetch(items, &page, total))
}

/// The columns [`cursor_of`] reads: the id and the sort key.
pub fn cursor_columns(sort: SortField) -> [employee::Column; 2] {
    [employee::Column::Id, sort_column(sort)]
}

fn sort_column(sort: SortField) -> employee::Column {
    match sort {
        SortField::EmployeeNo => employee::Column::EmployeeNo,
        SortField::Name => employee::Column::Name,
        SortField::HireDate => employee::Column::HireDate,
    }
}

/// An employee of which only the columns `read` were selected, in that order; every other
/// field is a placeholder.
pub fn sparse_employee(
    c: &mut crate::rows::Columns<'_>,
    read: &[employee::Column],
) -> Result<employee::Model, sea_orm::DbErr> {
    use employee::Column as C;
    let mut m = employee::Model {
        id: Uuid::nil(),
        employee_no: String::new(),
        name: String::new(),
        phone: String::new(),
        org_unit_id: Uuid::nil(),
        org_path: String::new(),
        position: String::new(),
        superior_id: None,
        hire_date: NaiveDate::default(),
        status: EmployeeStatus::Regular,
        key_position: false,
        version: 0,
        created_at: chrono::DateTime::<Utc>::default(),
        updated_at: chrono::DateTime::<Utc>::default(),
    };
    for col in read {
        match col {
            C::Id => m.id = c.get()?,
            C::EmployeeNo => m.employee_no = c.get()?,
            C::Name => m.name = c.get()?,
            C::Phone => m.phone = c.get()?,
            C::OrgUnitId => m.org_unit_id = c.get()?,
            C::OrgPath => m.org_path = c.get()?,
            C::Position => m.position = c.get()?,
            C::SuperiorId => m.superior_id = c.get()?,
            C::HireDate => m.hire_date = c.get()?,
            C::Status => m.status = c.get()?,
            C::KeyPosition => m.key_position = c.get()?,
            C::Version => m.version = c.get()?,
            C::CreatedAt => m.created_at = c.get()?,
            C::UpdatedAt => m.updated_at = c.get()?,
        }
    }
    Ok(m)
}

/// A unit of which only the columns `read` were selected, in that order (the id first); every
/// other field is a placeholder. `None` when none were selected, or when the id is NULL (an
/// outer join found no unit).
pub fn sparse_unit(
    c: &mut crate::rows::Columns<'_>,
    read: &[org_unit::Column],
) -> Result<Option<org_unit::Model>, sea_orm::DbErr> {
    use org_unit::Column as C;
    if read.is_empty() || c.next_id_is_null()? {
        c.skip(read.len());
        return Ok(None);
    }
    let mut u = org_unit::Model {
        id: Uuid::nil(),
        code: String::new(),
        name: String::new(),
        kind: entity::OrgUnitKind::Team,
        parent_id: None,
        path: String::new(),
        leader_id: None,
        version: 0,
        created_at: chrono::DateTime::<Utc>::default(),
        updated_at: chrono::DateTime::<Utc>::default(),
    };
    for col in read {
        match col {
            C::Id => u.id = c.get()?,
            C::Code => u.code = c.get()?,
            C::Name => u.name = c.get()?,
            C::Kind => u.kind = c.get()?,
            C::ParentId => u.parent_id = c.get()?,
            C::Path => u.path = c.get()?,
            C::LeaderId => u.leader_id = c.get()?,
            C::Version => u.version = c.get()?,
            C::CreatedAt => u.created_at = c.get()?,
            C::UpdatedAt => u.updated_at = c.get()?,
        }
    }
    Ok(Some(u))
}

/// A new employee's fields, checked.
pub struct NewEmployee {
    pub employee_no: String,
    pub name: String,
    pub phone: String,
    pub org_unit_id: Uuid,
    pub position: String,
    pub superior_id: Option<Uuid>,
    pub hire_date: NaiveDate,
    pub status: EmployeeStatus,
    pub key_position: bool,
}

/// Raw text of an employee record as it arrives from a form or an import row.
#[derive(Clone, Debug, Default)]
pub struct EmployeeText {
    pub employee_no: String,
    pub name: String,
    pub phone: String,
    pub position: String,
    pub hire_date: String,
}

impl NewEmployee {
    pub fn parse(
        t: &EmployeeText,
        org_unit_id: Uuid,
        superior_id: Option<Uuid>,
        status: EmployeeStatus,
        key_position: bool,
    ) -> Result<Self, entity::FieldError> {
        Ok(NewEmployee {
            employee_no: entity::employee_no("employeeNo", &t.employee_no)?,
            name: entity::required_text("name", &t.name, entity::MAX_NAME)?,
            phone: entity::phone("phone", &t.phone)?,
            org_unit_id,
            position: entity::required_text("position", &t.position, entity::MAX_POSITION)?,
            superior_id,
            hire_date: entity::date("hireDate", &t.hire_date)?,
            status,
            key_position,
        })
    }
}

async fn unit_for<C: ConnectionTrait>(db: &C, id: Uuid) -> ApiResult<org_unit::Model> {
    org_unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::bad("orgUnitId", Problem::NotFound))
}

async fn employee_no_taken<C: ConnectionTrait>(
    db: &C,
    no: &str,
    except: Option<Uuid>,
) -> ApiResult<bool> {
    let mut q = employee::Entity::find().filter(employee::Column::EmployeeNo.eq(no));
    if let Some(id) = except {
        q = q.filter(employee::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// Walks up from `start` and answers whether `employee` is met (a cycle would form).
async fn reaches<C: ConnectionTrait>(db: &C, employee: Uuid, start: Uuid) -> ApiResult<bool> {
    let mut chain: HashMap<Uuid, Option<Uuid>> = HashMap::new();
    let mut current = Some(start);
    while let Some(id) = current {
        if id == employee || chain.contains_key(&id) || chain.len() > entity::MAX_LINE_DEPTH * 16 {
            break;
        }
        let up = employee::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|e| e.superior_id);
        chain.insert(id, up);
        current = up;
    }
    Ok(entity::would_create_cycle(employee, start, |x| {
        chain.get(&x).copied().flatten()
    }))
}

async fn check_superior<C: ConnectionTrait>(
    db: &C,
    employee: Uuid,
    superior: Uuid,
) -> ApiResult<()> {
    let Some(sup) = employee::Entity::find_by_id(superior).one(db).await? else {
        return Err(ApiError::bad("superiorId", Problem::NotFound));
    };
    if sup.status == EmployeeStatus::Left {
        return Err(ApiError::bad(
            "superiorId",
            Problem::Invalid {
                zh: "直接上级已离职".into(),
                en: "the superior has left".into(),
            },
        ));
    }
    if reaches(db, employee, superior).await? {
        return Err(ApiError::bad("superiorId", Problem::Cycle));
    }
    Ok(())
}

/// Inserts a new employee; used by the form and the import.
pub async fn insert<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    input: NewEmployee,
) -> ApiResult<employee::Model> {
    let unit = unit_for(txn, input.org_unit_id).await?;
    if employee_no_taken(txn, &input.employee_no, None).await? {
        return Err(ApiError::bad("employeeNo", Problem::Duplicate));
    }
    let id = Uuid::now_v7();
    if let Some(s) = input.superior_id {
        check_superior(txn, id, s).await?;
    }
    let now = Utc::now();
    let model = employee::Model {
        id,
        employee_no: input.employee_no,
        name: input.name,
        phone: input.phone,
        org_unit_id: unit.id,
        org_path: unit.path,
        position: input.position,
        superior_id: input.superior_id,
        hire_date: input.hire_date,
        status: input.status,
        key_position: input.key_position,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    employee::Entity::insert(employee::ActiveModel::from(model.clone()))
        .exec_without_returning(txn)
        .await?;
    audit::record(
        txn,
        actor,
        Change::new("employee.created", "employee", id)
            .after(&snapshots(txn, [&model]).await?.remove(0)),
    )
    .await?;
    Ok(model)
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: NewEmployee,
) -> ApiResult<employee::Model> {
    let txn = begin_write(&state.db).await?;
    let model = insert(&txn, actor, input).await?;
    txn.commit().await?;
    Ok(model)
}

/// Changes to an employee; `None` leaves a field as it is.
#[derive(Default)]
pub struct EmployeeChanges {
    pub expected_version: i32,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub org_unit_id: Option<Uuid>,
    pub position: Option<String>,
    /// `Some(None)` clears the superior.
    pub superior_id: Option<Option<Uuid>>,
    pub hire_date: Option<String>,
    pub status: Option<EmployeeStatus>,
    pub key_position: Option<bool>,
}

/// Applies `changes` to `before` in the caller's transaction, with the version check.
pub async fn apply<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    before: employee::Model,
    changes: EmployeeChanges,
) -> ApiResult<employee::Model> {
    let mut after = before.clone();
    if let Some(v) = changes.name {
        after.name = entity::required_text("name", &v, entity::MAX_NAME)?;
    }
    if let Some(v) = changes.phone {
        after.phone = entity::phone("phone", &v)?;
    }
    if let Some(v) = changes.position {
        after.position = entity::required_text("position", &v, entity::MAX_POSITION)?;
    }
    if let Some(v) = changes.hire_date {
        after.hire_date = entity::date("hireDate", &v)?;
    }
    if let Some(v) = changes.status {
        after.status = v;
    }
    if let Some(v) = changes.key_position {
        after.key_position = v;
    }
    if let Some(unit_id) = changes.org_unit_id {
        let unit = unit_for(txn, unit_id).await?;
        after.org_unit_id = unit.id;
        after.org_path = unit.path;
    }
    if let Some(sup) = changes.superior_id {
        if let Some(s) = sup {
            check_superior(txn, before.id, s).await?;
        }
        after.superior_id = sup;
    }
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = employee::Entity::update_many()
        .set(employee::ActiveModel {
            name: Set(after.name.clone()),
            phone: Set(after.phone.clone()),
            org_unit_id: Set(after.org_unit_id),
            org_path: Set(after.org_path.clone()),
            position: Set(after.position.clone()),
            superior_id: Set(after.superior_id),
            hire_date: Set(after.hire_date),
            status: Set(after.status),
            key_position: Set(after.key_position),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(employee::Column::Id.eq(before.id))
        .filter(employee::Column::Version.eq(changes.expected_version))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(ApiError::conflict(
            "员工信息已被他人修改,请刷新后重试",
            "The employee was changed by someone else; reload and retry",
        ));
    }
    audit::record(txn, actor, {
        let mut both = snapshots(txn, [&before, &after]).await?;
        let after_view = both.pop().unwrap_or_default();
        let before_view = both.pop().unwrap_or_default();
        Change::new("employee.updated", "employee", before.id)
            .before(&before_view)
            .after(&after_view)
    })
    .await?;
    if before.status != EmployeeStatus::Left && after.status == EmployeeStatus::Left {
        depart(txn, actor, before.id).await?;
    }
    Ok(after)
}

/// What the audit log keeps of employee records: each record's columns, and the names of its
/// unit (`org_unit`) and superior (`superior`, `工号 姓名`) as they are now, so that a history
/// read later shows them as they were. Two statements for any number of records.
async fn snapshots<'a, C: ConnectionTrait>(
    txn: &C,
    records: impl IntoIterator<Item = &'a employee::Model>,
) -> ApiResult<Vec<serde_json::Value>> {
    let records: Vec<&employee::Model> = records.into_iter().collect();
    let units: HashMap<Uuid, String> = org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::Id)
        .column(org_unit::Column::Name)
        .filter(org_unit::Column::Id.is_in(records.iter().map(|e| e.org_unit_id)))
        .into_tuple::<(Uuid, String)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let superiors: Vec<Uuid> = records.iter().filter_map(|e| e.superior_id).collect();
    let people: HashMap<Uuid, String> = if superiors.is_empty() {
        HashMap::new()
    } else {
        employee::Entity::find()
            .select_only()
            .column(employee::Column::Id)
            .column(employee::Column::EmployeeNo)
            .column(employee::Column::Name)
            .filter(employee::Column::Id.is_in(superiors))
            .into_tuple::<(Uuid, String, String)>()
            .all(txn)
            .await?
            .into_iter()
            .map(|(id, no, name)| (id, format!("{no} {name}")))
            .collect()
    };
    Ok(records
        .into_iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert("org_unit".into(), units.get(&e.org_unit_id).cloned().into());
                m.insert(
                    "superior".into(),
                    e.superior_id.and_then(|s| people.get(&s).cloned()).into(),
                );
            }
            v
        })
        .collect())
}

/// What leaving the company (离职) ends, in the transaction that records it: the person's
/// sign-in and sessions, and their place in the talent pool (with the reason recorded).
async fn depart<C: ConnectionTrait>(txn: &C, actor: &Actor, employee_id: Uuid) -> ApiResult<()> {
    crate::accounts::service::end_for_departure(txn, actor, employee_id).await?;
    crate::talent::service::on_departure(txn, actor, employee_id).await
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    changes: EmployeeChanges,
) -> ApiResult<employee::Model> {
    let txn = begin_write(&state.db).await?;
    let before = get(&txn, access, id).await?;
    let after = apply(&txn, actor, before, changes).await?;
    txn.commit().await?;
    Ok(after)
}

/// The full phone number, recorded in the audit log as a read.
pub async fn reveal_phone(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
) -> ApiResult<String> {
    let txn = begin_write(&state.db).await?;
    let e = get(&txn, access, id).await?;
    audit::record(
        &txn,
        actor,
        Change::new("employee.phone_revealed", "employee", id),
    )
    .await?;
    txn.commit().await?;
    Ok(e.phone)
}

/// Resolves the superior and skip-level superior (see [`entity::resolve_line`]).
pub async fn reporting_line<C: ConnectionTrait>(db: &C, id: Uuid) -> ApiResult<ReportingLine> {
    let mut links: HashMap<Uuid, LineLink> = HashMap::new();
    let mut current = Some(id);
    let mut active_found = 0;
    while let Some(x) = current {
        if links.contains_key(&x) || links.len() > entity::MAX_LINE_DEPTH {
            break;
        }
        let Some(e) = employee::Entity::find_by_id(x).one(db).await? else {
            break;
        };
        let link = LineLink {
            superior_id: e.superior_id,
            active: e.status != EmployeeStatus::Left,
        };
        if x != id && link.active {
            active_found += 1;
        }
        links.insert(x, link);
        if active_found == 2 {
            break;
        }
        current = e.superior_id;
    }
    Ok(entity::resolve_line(id, |x| links.get(&x).copied()))
}
