//! Thin GraphQL resolvers for employees.
use async_graphql::{
    Context, Enum, InputObject, Interface, MaybeUndefined, Object, SimpleObject, Value, ID,
};
use entity::{employee, org_unit, DataScope};

use super::service::{self, EmployeeChanges, EmployeeFilter, EmployeeText, NewEmployee, SortField};
use crate::accounts::graphql::Account;
use crate::error::{ApiError, ApiResult};
use crate::graphql::lean::{Lean, Plain};
use crate::graphql::loaders::{EmployeeLoader, Loader, UnitLoader};
use crate::graphql::relay::Connection;
use crate::graphql::types::{AuditEntry, EmployeeStatus, SortDirection};
use crate::graphql::{actor, authorize, global_id, parse_id, state};
use crate::org::graphql::OrgUnit;
use crate::page::PageArgs;

/// An employee (员工).
pub struct Employee(pub employee::Model, Option<Box<org_unit::Model>>);

impl From<employee::Model> for Employee {
    fn from(e: employee::Model) -> Self {
        Employee(e, None)
    }
}

impl Employee {
    /// An employee of a page that read their unit with them, perhaps only the columns the
    /// page's `orgUnit` fields need (see [`crate::org::graphql::unit_columns`]).
    pub fn with_unit(e: employee::Model, unit: Option<org_unit::Model>) -> Self {
        Employee(e, unit.map(Box::new))
    }
}

/// A name card: the person's id, number, name and position, as lists of people show them.
/// The global id is written only when asked.
pub struct PersonCard {
    pub id: uuid::Uuid,
    pub employee_no: String,
    pub name: String,
    pub position: String,
}

/// Every field of a name card copies a column.
impl Plain for PersonCard {
    fn plain(&self, field: &str) -> Option<Value> {
        Some(match field {
            "id" => Value::String(global_id("Employee", self.id).0),
            "employeeNo" => Value::String(self.employee_no.clone()),
            "name" => Value::String(self.name.clone()),
            "position" => Value::String(self.position.clone()),
            _ => return None,
        })
    }
}

/// A name card of someone on the reporting line.
#[Object]
impl PersonCard {
    async fn id(&self) -> ID {
        global_id("Employee", self.id)
    }
    async fn employee_no(&self) -> &str {
        &self.employee_no
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn position(&self) -> &str {
        &self.position
    }
}

/// One resolved level of the reporting line.
#[derive(SimpleObject)]
pub struct LineLevel {
    pub person: PersonCard,
    /// Holders of this level passed over because they have left (nearest first); empty when
    /// the level went to the person directly above.
    pub passed_over: Vec<ID>,
}

/// Superior (上级) and skip-level superior (上二级); a level is `null` when nobody above can
/// take it.
#[derive(SimpleObject)]
pub struct ReportingLine {
    pub superior: Option<LineLevel>,
    pub skip_level: Option<LineLevel>,
}

pub fn card(e: &employee::Model) -> PersonCard {
    PersonCard {
        id: e.id,
        employee_no: e.employee_no.clone(),
        name: e.name.clone(),
        position: e.position.clone(),
    }
}

/// Authorises `op` on one employee's record: the caller's role must hold the operation, and
/// the record must lie within the scope it grants.
pub(crate) fn authorize_on(ctx: &Context<'_>, op: &str, record: &employee::Model) -> ApiResult<()> {
    if service::covers(&authorize(ctx, op)?, record) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The fields that copy a column, answered as their resolvers below answer them.
impl Plain for Employee {
    fn plain(&self, field: &str) -> Option<Value> {
        let e = &self.0;
        Some(match field {
            "id" => Value::String(global_id("Employee", e.id).0),
            "employeeNo" => Value::String(e.employee_no.clone()),
            "name" => Value::String(e.name.clone()),
            "position" => Value::String(e.position.clone()),
            "keyPosition" => Value::Boolean(e.key_position),
            "version" => Value::Number(e.version.into()),
            _ => return None,
        })
    }
}

#[Object]
impl Employee {
    /// Global id, `Employee:<uuid>`.
    pub async fn id(&self) -> ID {
        global_id("Employee", self.0.id)
    }
    /// 工号, unique.
    async fn employee_no(&self) -> &str {
        &self.0.employee_no
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Masked (138****5678) except on one's own record; `revealPhone` gives the full number and
    /// is audited.
    async fn phone(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let me = actor(ctx)?.employee_id();
        Ok(if me == Some(self.0.id) {
            self.0.phone.clone()
        } else {
            entity::mask_phone(&self.0.phone)
        })
    }
    async fn org_unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Lean<OrgUnit>> {
        if let Some(unit) = &self.1 {
            return Ok(Lean(OrgUnit(unit.as_ref().clone())));
        }
        crate::graphql::boxed(async move {
            let loader = ctx.data::<UnitLoader>()?;
            let unit = loader.load_one(self.0.org_unit_id).await?;
            unit.map(|u| Lean(OrgUnit(u)))
                .ok_or_else(|| ApiError::internal("employee's unit missing").into())
        })
        .await
    }
    /// 岗位
    async fn position(&self) -> &str {
        &self.0.position
    }
    /// The direct superior (直接上级) as stored, when within the caller's reach (else FORBIDDEN).
    async fn superior(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Employee>> {
        crate::graphql::boxed(async move {
            let access = authorize(ctx, "Employee.superior")?;
            let Some(sid) = self.0.superior_id else {
                return Ok(None);
            };
            let loader = ctx.data::<Loader<EmployeeLoader>>()?;
            match loader.load_one(sid).await? {
                Some(e) if service::covers(&access, &e) => Ok(Some(Employee::from(e))),
                _ => Err(ApiError::Forbidden.into()),
            }
        })
        .await
    }
    /// Superior and skip-level superior resolved from the reporting line, passing over people
    /// who have left. Visible to whoever sees this employee: they are the people who sign for
    /// them.
    async fn reporting_line(&self, ctx: &Context<'_>) -> async_graphql::Result<ReportingLine> {
        crate::graphql::boxed(async move {
            authorize(ctx, "Employee.reportingLine")?;
            let st = state(ctx)?;
            let line = service::reporting_line(&st.db, self.0.id).await?;
            let loader = ctx.data::<Loader<EmployeeLoader>>()?;
            let mut out = ReportingLine {
                superior: None,
                skip_level: None,
            };
            for (slot, level) in [
                (&mut out.superior, line.superior),
                (&mut out.skip_level, line.skip_level),
            ] {
                if let Some(l) = level {
                    if let Some(e) = loader.load_one(l.employee_id).await? {
                        *slot = Some(LineLevel {
                            person: card(&e),
                            passed_over: l
                                .passed_over
                                .into_iter()
                                .map(|p| global_id("Employee", p))
                                .collect(),
                        });
                    }
                }
            }
            Ok(out)
        })
        .await
    }
    async fn hire_date(&self) -> chrono::NaiveDate {
        self.0.hire_date
    }
    async fn status(&self) -> EmployeeStatus {
        self.0.status.into()
    }
    /// 关键岗位
    async fn key_position(&self) -> bool {
        self.0.key_position
    }
    /// Optimistic-concurrency version; pass it back when updating.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }
    /// Who changed what and when, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AuditEntry>> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.history", &self.0)?;
            let rows =
                crate::audit::history(&state(ctx)?.db, "employee", &self.0.id.to_string(), 200)
                    .await?;
            let own = actor(ctx)?.employee_id() == Some(self.0.id);
            Ok(rows
                .into_iter()
                .map(|e| AuditEntry::for_reader(e, own))
                .collect())
        })
        .await
    }
    /// Entering, leaving and moving between echelons of the talent pool, oldest first.
    async fn pool_history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::talent::graphql::PoolEvent>> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.poolHistory", &self.0)?;
            Ok(crate::talent::service::history(&state(ctx)?.db, self.0.id)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
    }
    /// Competency grades (胜任力测评) by quarter, newest first.
    async fn competency_reviews(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::talent::graphql::CompetencyReview>> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.competencyReviews", &self.0)?;
            Ok(crate::talent::service::reviews(&state(ctx)?.db, self.0.id)
                .await?
                .into_iter()
                .map(crate::talent::graphql::CompetencyReview)
                .collect())
        })
        .await
    }
    /// The development plan (后备员工发展档案) of a pool member.
    async fn development_plan(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<crate::talent::graphql::DevelopmentPlan> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.developmentPlan", &self.0)?;
            Ok(crate::talent::graphql::DevelopmentPlan(
                crate::talent::plan::plan_of(&state(ctx)?.db, self.0.id).await?,
            ))
        })
        .await
    }
    /// Year-end inventories (年底能力盘点), newest year first. Drafts are shown only to the
    /// superior writing them.
    async fn inventories(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::talent::graphql::Inventory>> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.inventories", &self.0)?;
            let me = actor(ctx)?.employee_id();
            Ok(
                crate::talent::inventory::of_employee(&state(ctx)?.db, self.0.id)
                    .await?
                    .into_iter()
                    .filter(|i| {
                        i.status != entity::InventoryStatus::Draft || Some(i.superior_id) == me
                    })
                    .map(crate::talent::graphql::Inventory)
                    .collect(),
            )
        })
        .await
    }
    /// Monthly points (月度积分) from `fromMonth` to `toMonth` (`2026-01`, both included, at
    /// most 24 months), oldest first; `points` is `null` for a month without any. For the
    /// member, and for those who enter their points or review their elimination.
    async fn monthly_points(
        &self,
        ctx: &Context<'_>,
        from_month: String,
        to_month: String,
    ) -> async_graphql::Result<Vec<crate::talent::graphql::MonthPoints>> {
        crate::graphql::boxed(async move {
            authorize_on(ctx, "Employee.monthlyPoints", &self.0)?;
            let months = crate::talent::elimination::month_range(&from_month, &to_month)?;
            let points = ctx.data::<crate::talent::graphql::Points>()?;
            if let (Some(first), Some(last)) = (months.first(), months.last()) {
                points.fetcher().want(*first, *last);
            }
            let known = points
                .load_one(self.0.id)
                .await
                .map_err(|e| ApiError::internal(format!("monthly points: {e:?}")))?
                .unwrap_or_default();
            Ok(months
                .into_iter()
                .map(|m| {
                    let month = m.to_string();
                    crate::talent::graphql::MonthPoints {
                        points: known.get(&month).copied(),
                        month,
                    }
                })
                .collect())
        })
        .await
    }
    /// The login account (administrators only).
    async fn account(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Account>> {
        crate::graphql::boxed(async move {
            authorize(ctx, "Employee.account")?;
            let st = state(ctx)?;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let a = entity::account::Entity::find()
                .filter(entity::account::Column::EmployeeId.eq(self.0.id))
                .one(&st.db)
                .await
                .map_err(ApiError::from)?;
            Ok(a.map(Account))
        })
        .await
    }
}

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Employee(Employee),
    OrgUnit(OrgUnit),
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmployeeSortField {
    #[default]
    EmployeeNo,
    Name,
    HireDate,
}

#[derive(InputObject, Default)]
pub struct EmployeeSort {
    pub field: EmployeeSortField,
    pub direction: SortDirection,
}

#[derive(InputObject, Default)]
pub struct EmployeeFilterInput {
    /// Part of a name or 工号.
    pub search: Option<String>,
    /// This unit and everything below it.
    pub org_unit_id: Option<ID>,
    pub position: Option<String>,
    pub status: Option<EmployeeStatus>,
    pub key_position: Option<bool>,
}

impl EmployeeFilterInput {
    pub fn parse(self) -> Result<EmployeeFilter, ApiError> {
        Ok(EmployeeFilter {
            search: self.search,
            org_unit_id: self
                .org_unit_id
                .map(|u| parse_id("filter.orgUnitId", "OrgUnit", &u))
                .transpose()?,
            position: self.position,
            status: self.status.map(Into::into),
            key_position: self.key_position,
        })
    }
}

pub fn sort_field(f: EmployeeSortField) -> SortField {
    match f {
        EmployeeSortField::EmployeeNo => SortField::EmployeeNo,
        EmployeeSortField::Name => SortField::Name,
        EmployeeSortField::HireDate => SortField::HireDate,
    }
}

/// The employee columns a field of `Employee` reads, or `None` for a field not listed here.
/// Nothing is read besides (a page adds the id and sort key only when cursors are asked for),
/// so a field names every column its resolver touches: the id for one's own record and for
/// what hangs off the employee, the unit path for the scope checks of the nested records.
/// A column left out reads as a placeholder (the nil id, an empty path), which fails those
/// checks closed: a masked phone, FORBIDDEN.
fn field_columns(name: &str) -> Option<&'static [employee::Column]> {
    use employee::Column as C;
    Some(match name {
        // The unit comes with the page's rows (see `crate::org::graphql::unit_columns`).
        "__typename" | "orgUnit" => &[],
        "id" | "reportingLine" | "account" => &[C::Id],
        "history" | "poolHistory" | "competencyReviews" | "developmentPlan" | "inventories"
        | "monthlyPoints" => &[C::Id, C::OrgPath],
        "employeeNo" => &[C::EmployeeNo],
        "name" => &[C::Name],
        "phone" => &[C::Phone, C::Id],
        "position" => &[C::Position],
        "superior" => &[C::SuperiorId],
        "hireDate" => &[C::HireDate],
        "status" => &[C::Status],
        "keyPosition" => &[C::KeyPosition],
        "version" => &[C::Version],
        "createdAt" => &[C::CreatedAt],
        "updatedAt" => &[C::UpdatedAt],
        _ => return None,
    })
}

/// The employee columns the selected fields read, or `None` when one of them is not listed in
/// [`field_columns`] (the whole row is read then).
pub fn selected_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Option<Vec<employee::Column>> {
    let mut out = Vec::new();
    for f in fields {
        out.extend_from_slice(field_columns(f.name())?);
    }
    Some(out)
}

/// Hands units that a page read whole to the request's unit loader, so that other fields
/// needing them (a unit's `parent`, say) read none again. Units read in part stay with their
/// employees only.
pub async fn feed_whole_units<'a>(
    ctx: &Context<'_>,
    whole: bool,
    units: impl Iterator<Item = &'a Option<org_unit::Model>>,
) -> async_graphql::Result<()> {
    if whole {
        ctx.data::<UnitLoader>()?
            .feed_many(units.filter_map(|u| u.clone().map(|u| (u.id, u))))
            .await;
    }
    Ok(())
}

#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// Employees within the caller's reach (an agent: themself; a team leader: their team; a
    /// manager: their subtree; HR: everyone).
    #[graphql(complexity = "first.clamp(0, 1000) as usize * child_complexity + 1")]
    async fn employees(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<EmployeeFilterInput>,
        sort: Option<EmployeeSort>,
    ) -> async_graphql::Result<Connection<Employee>> {
        let access = authorize(ctx, "Query.employees")?;
        let want_total = ctx.look_ahead().field("totalCount").exists();
        let page = PageArgs::parse(first, after.as_deref(), want_total)?;
        let filter = filter.unwrap_or_default().parse()?;
        let sort = sort.unwrap_or_default();
        let field = sort_field(sort.field);
        let st = state(ctx)?;
        let descending = sort.direction == SortDirection::Desc;
        let look = ctx.look_ahead();
        let nodes: Vec<_> = look
            .field("edges")
            .field("node")
            .selection_fields()
            .into_iter()
            .chain(look.field("nodes").selection_fields())
            .collect();
        // Only the columns the selected fields read; all of them for a field not listed. The
        // same for the units, which come with the rows when `orgUnit` is asked for.
        let mut columns = selected_columns(nodes.iter().flat_map(|n| n.selection_set()))
            .unwrap_or_else(|| <employee::Column as sea_orm::Iterable>::iter().collect());
        if crate::graphql::wants_cursors(&look) {
            columns.extend(service::cursor_columns(field));
        }
        let units = crate::org::graphql::unit_columns(nodes.iter().flat_map(|n| n.selection_set()));
        let res = service::list_projected(
            &st.db,
            &access,
            &filter,
            field,
            descending,
            page,
            &columns,
            units.as_deref(),
        )
        .await?;
        let whole = units.as_deref().is_some_and(crate::org::graphql::is_whole);
        feed_whole_units(ctx, whole, res.items.iter().map(|(_, u)| u)).await?;
        Ok(crate::graphql::connection(
            res,
            |(e, _)| service::cursor_of(e, field),
            |(e, u)| Employee::with_unit(e, u),
        ))
    }

    /// One employee.
    async fn employee(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Employee> {
        let access = authorize(ctx, "Query.employee")?;
        let id = parse_id("id", "Employee", &id)?;
        Ok(Employee::from(
            service::get(&state(ctx)?.db, &access, id).await?,
        ))
    }

    /// Any record by its global id.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        // A record is read as its kind's own query would read it, with that query's roles
        // and API scope: an org unit needs `ORG_READ`, a person `EMPLOYEES_READ`.
        let kind = id.split_once(':').map(|(k, _)| k);
        let op = match kind {
            Some("OrgUnit") => "Query.orgUnit",
            _ => "Query.employee",
        };
        let access = authorize(ctx, op)?;
        let st = state(ctx)?;
        match kind {
            Some("Employee") => Ok(Node::Employee(Employee::from(
                service::get(&st.db, &access, parse_id("id", "Employee", &id)?).await?,
            ))),
            Some("OrgUnit") => Ok(Node::OrgUnit(OrgUnit(
                crate::org::service::get(&st.db, &access, parse_id("id", "OrgUnit", &id)?).await?,
            ))),
            _ => Err(ApiError::bad("id", entity::Problem::NotFound).into()),
        }
    }

    /// The history of a record (`employee`, `org_unit`, `account`, `service_account`), oldest
    /// first.
    async fn audit_history(
        &self,
        ctx: &Context<'_>,
        entity_type: String,
        id: ID,
    ) -> async_graphql::Result<Vec<AuditEntry>> {
        let access = authorize(ctx, "Query.auditHistory")?;
        let st = state(ctx)?;
        let (kind, uuid) = match entity_type.as_str() {
            "employee" => {
                let e = service::get(&st.db, &access, parse_id("id", "Employee", &id)?).await?;
                ("employee", e.id)
            }
            "org_unit" => {
                let u = crate::org::service::get(&st.db, &access, parse_id("id", "OrgUnit", &id)?)
                    .await?;
                ("org_unit", u.id)
            }
            "account" | "service_account" if access.scope == DataScope::All => {
                let kind = if entity_type == "account" {
                    "account"
                } else {
                    "service_account"
                };
                (
                    kind,
                    parse_id(
                        "id",
                        if kind == "account" {
                            "Account"
                        } else {
                            "ServiceAccount"
                        },
                        &id,
                    )?,
                )
            }
            "account" | "service_account" => return Err(ApiError::Forbidden.into()),
            _ => {
                return Err(ApiError::bad(
                    "entityType",
                    entity::Problem::Invalid {
                        zh: "只支持 employee、org_unit、account、service_account".into(),
                        en: "must be employee, org_unit, account or service_account".into(),
                    },
                )
                .into())
            }
        };
        let rows = crate::audit::history(&st.db, kind, &uuid.to_string(), 500).await?;
        let own = kind == "employee" && actor(ctx)?.employee_id() == Some(uuid);
        Ok(rows
            .into_iter()
            .map(|e| AuditEntry::for_reader(e, own))
            .collect())
    }
}

#[derive(InputObject)]
pub struct CreateEmployeeInput {
    /// 工号: letters, digits, `-`, `_`; unique.
    pub employee_no: String,
    pub name: String,
    pub phone: String,
    pub org_unit_id: ID,
    /// 岗位
    pub position: String,
    pub superior_id: Option<ID>,
    /// `YYYY-MM-DD`
    pub hire_date: String,
    pub status: EmployeeStatus,
    #[graphql(default)]
    pub key_position: bool,
}

#[derive(InputObject)]
pub struct UpdateEmployeeInput {
    pub id: ID,
    /// The version the change is based on; a stale one gives CONFLICT.
    pub expected_version: i32,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub org_unit_id: Option<ID>,
    pub position: Option<String>,
    /// `null` clears the superior.
    pub superior_id: MaybeUndefined<ID>,
    /// `YYYY-MM-DD`
    pub hire_date: Option<String>,
    pub status: Option<EmployeeStatus>,
    pub key_position: Option<bool>,
}

#[derive(Default)]
pub struct PeopleMutation;

#[Object]
impl PeopleMutation {
    /// Adds an employee.
    async fn create_employee(
        &self,
        ctx: &Context<'_>,
        input: CreateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        authorize(ctx, "Mutation.createEmployee")?;
        let unit = parse_id("orgUnitId", "OrgUnit", &input.org_unit_id)?;
        let sup = input
            .superior_id
            .map(|s| parse_id("superiorId", "Employee", &s))
            .transpose()?;
        let text = EmployeeText {
            employee_no: input.employee_no,
            name: input.name,
            phone: input.phone,
            position: input.position,
            hire_date: input.hire_date,
        };
        let new = NewEmployee::parse(&text, unit, sup, input.status.into(), input.key_position)
            .map_err(ApiError::from)?;
        Ok(Employee::from(
            service::create(state(ctx)?, actor(ctx)?, new).await?,
        ))
    }

    /// Changes an employee's record.
    async fn update_employee(
        &self,
        ctx: &Context<'_>,
        input: UpdateEmployeeInput,
    ) -> async_graphql::Result<Employee> {
        let access = authorize(ctx, "Mutation.updateEmployee")?;
        let id = parse_id("id", "Employee", &input.id)?;
        let superior_id = match input.superior_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(v) => Some(Some(parse_id("superiorId", "Employee", &v)?)),
        };
        let changes = EmployeeChanges {
            expected_version: input.expected_version,
            name: input.name,
            phone: input.phone,
            org_unit_id: input
                .org_unit_id
                .map(|u| parse_id("orgUnitId", "OrgUnit", &u))
                .transpose()?,
            position: input.position,
            superior_id,
            hire_date: input.hire_date,
            status: input.status.map(Into::into),
            key_position: input.key_position,
        };
        Ok(Employee::from(
            service::update(state(ctx)?, actor(ctx)?, &access, id, changes).await?,
        ))
    }

    /// The full phone number of an employee in reach; the read is recorded in the audit log.
    async fn reveal_phone(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<String> {
        let access = authorize(ctx, "Mutation.revealPhone")?;
        let id = parse_id("id", "Employee", &id)?;
        Ok(service::reveal_phone(state(ctx)?, actor(ctx)?, &access, id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new field of `Employee` must say which columns it reads, or pages that select it fall
    /// back to whole rows without anyone noticing.
    #[test]
    fn every_employee_field_names_its_columns() {
        let fields = crate::graphql::sdl_fields("type Employee implements Node {");
        assert!(fields.len() >= 20, "{fields:?}");
        for f in &fields {
            assert!(field_columns(f).is_some(), "Employee.{f} names no columns");
        }
        assert!(field_columns("notAField").is_none());
    }

    fn someone() -> employee::Model {
        employee::Model {
            id: uuid::Uuid::from_u128(7),
            employee_no: "E0007".into(),
            name: "张三".into(),
            phone: "13812345678".into(),
            org_unit_id: uuid::Uuid::from_u128(3),
            org_path: "/3/".into(),
            position: "话务员".into(),
            superior_id: None,
            hire_date: chrono::NaiveDate::default(),
            status: entity::EmployeeStatus::Regular,
            key_position: true,
            version: 4,
            created_at: chrono::DateTime::<chrono::Utc>::default(),
            updated_at: chrono::DateTime::<chrono::Utc>::default(),
        }
    }

    /// The fields an employee and a name card answer at once are answered as their resolvers
    /// answer them.
    #[tokio::test]
    async fn plain_fields_answer_as_their_resolvers() {
        let fields = crate::graphql::lean::assert_plain_as_resolved!(
            Employee,
            "type Employee implements Node {",
            Employee::from(someone())
        );
        assert!(fields.contains(&"employeeNo".to_string()), "{fields:?}");
        let fields = crate::graphql::lean::assert_plain_as_resolved!(
            PersonCard,
            "type PersonCard {",
            card(&someone())
        );
        assert_eq!(fields.len(), 4, "{fields:?}");
    }
}
