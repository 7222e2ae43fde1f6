//! Thin GraphQL resolvers for org units.
use async_graphql::{Context, InputObject, MaybeUndefined, Object, Value, ID};
use entity::org_unit;

use super::service::{self, NewUnit, UnitChanges, UnitFilter};
use crate::graphql::lean::Plain;
use crate::graphql::loaders::{EmployeeLoader, Loader, UnitLoader};
use crate::graphql::relay::Connection;
use crate::graphql::types::OrgUnitKind;
use crate::graphql::{actor, authorize, global_id, parse_id, state};
use crate::page::PageArgs;
use crate::people::graphql::Employee;

/// An org unit (组织): company › site › project › team.
pub struct OrgUnit(pub org_unit::Model);

/// The fields that copy a column, answered as their resolvers below answer them.
impl Plain for OrgUnit {
    fn plain(&self, field: &str) -> Option<Value> {
        Some(match field {
            "id" => Value::String(global_id("OrgUnit", self.0.id).0),
            "code" => Value::String(self.0.code.clone()),
            "name" => Value::String(self.0.name.clone()),
            _ => return None,
        })
    }
}

#[Object]
impl OrgUnit {
    /// Global id, `OrgUnit:<uuid>`.
    pub async fn id(&self) -> ID {
        global_id("OrgUnit", self.0.id)
    }
    /// Unit code, unique.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> OrgUnitKind {
        self.0.kind.into()
    }
    /// The unit above, when the caller may see it.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OrgUnit>> {
        crate::graphql::boxed(async move {
            let access = authorize(ctx, "Query.orgUnit")?;
            let Some(pid) = self.0.parent_id else {
                return Ok(None);
            };
            let loader = ctx.data::<UnitLoader>()?;
            let unit = loader.load_one(pid).await?;
            Ok(unit.filter(|u| service::covers(&access, u)).map(OrgUnit))
        })
        .await
    }
    /// The employee leading the unit (班组长 of a team), when the caller may see them.
    async fn leader(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Employee>> {
        crate::graphql::boxed(async move {
            let access = authorize(ctx, "Query.employee")?;
            let Some(lid) = self.0.leader_id else {
                return Ok(None);
            };
            let loader = ctx.data::<Loader<EmployeeLoader>>()?;
            let e = loader.load_one(lid).await?;
            Ok(e.filter(|e| crate::people::service::covers(&access, e))
                .map(Employee::from))
        })
        .await
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
}

/// The unit columns a field of [`OrgUnit`] reads (the id is always read); `None` for a field
/// not listed here, so that a new field reads the whole row until it is listed.
fn field_columns(name: &str) -> Option<&'static [org_unit::Column]> {
    use org_unit::Column as C;
    Some(match name {
        "__typename" | "id" => &[],
        "code" => &[C::Code],
        "name" => &[C::Name],
        "kind" => &[C::Kind],
        "parent" => &[C::ParentId],
        "leader" => &[C::LeaderId],
        "version" => &[C::Version],
        "createdAt" => &[C::CreatedAt],
        "updatedAt" => &[C::UpdatedAt],
        _ => return None,
    })
}

/// The unit columns that the `orgUnit` fields among `fields` read, the id first; every column
/// when one of their fields is not listed in [`field_columns`]; `None` when no field is
/// `orgUnit`.
pub fn unit_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Option<Vec<org_unit::Column>> {
    use sea_orm::Iterable;
    let mut out: Option<Vec<org_unit::Column>> = None;
    for f in fields.filter(|f| f.name() == "orgUnit") {
        let read = out.get_or_insert_with(|| vec![org_unit::Column::Id]);
        for g in f.selection_set() {
            let Some(columns) = field_columns(g.name()) else {
                return Some(org_unit::Column::iter().collect());
            };
            read.extend_from_slice(columns);
        }
    }
    out.map(crate::rows::distinct)
}

/// Whether `read` names every column of a unit.
pub fn is_whole(read: &[org_unit::Column]) -> bool {
    read.len() == <org_unit::Column as sea_orm::Iterable>::iter().count()
}

#[derive(InputObject, Default)]
pub struct OrgUnitFilter {
    /// Only the direct children of this unit.
    pub parent_id: Option<ID>,
    pub kind: Option<OrgUnitKind>,
}

#[derive(Default)]
pub struct OrgQuery;

#[Object]
impl OrgQuery {
    /// Org units within the caller's reach, in tree order (parents before children).
    #[graphql(complexity = "first.clamp(0, 1000) as usize * child_complexity + 1")]
    async fn org_units(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<OrgUnitFilter>,
    ) -> async_graphql::Result<Connection<OrgUnit>> {
        let access = authorize(ctx, "Query.orgUnits")?;
        let want_total = ctx.look_ahead().field("totalCount").exists();
        let page = PageArgs::parse(first, after.as_deref(), want_total)?;
        let f = filter.unwrap_or_default();
        let uf = UnitFilter {
            parent_id: f
                .parent_id
                .map(|p| parse_id("filter.parentId", "OrgUnit", &p))
                .transpose()?,
            kind: f.kind.map(Into::into),
        };
        let st = state(ctx)?;
        let res = service::list(&st.db, &access, uf, page).await?;
        Ok(crate::graphql::connection(res, service::cursor_of, OrgUnit))
    }

    /// One org unit.
    async fn org_unit(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<OrgUnit> {
        let access = authorize(ctx, "Query.orgUnit")?;
        let id = parse_id("id", "OrgUnit", &id)?;
        Ok(OrgUnit(service::get(&state(ctx)?.db, &access, id).await?))
    }
}

#[derive(InputObject)]
pub struct CreateOrgUnitInput {
    /// Unique code: letters, digits, `-`, `_`.
    pub code: String,
    pub name: String,
    pub kind: OrgUnitKind,
    /// The unit one level up; only a company has none.
    pub parent_id: Option<ID>,
}

#[derive(InputObject)]
pub struct UpdateOrgUnitInput {
    pub id: ID,
    /// The version the change is based on; a stale one gives CONFLICT.
    pub expected_version: i32,
    pub code: Option<String>,
    pub name: Option<String>,
    /// The leader; must belong to this unit or below. `null` clears it.
    pub leader_id: MaybeUndefined<ID>,
}

#[derive(Default)]
pub struct OrgMutation;

#[Object]
impl OrgMutation {
    /// Creates an org unit one level below its parent.
    async fn create_org_unit(
        &self,
        ctx: &Context<'_>,
        input: CreateOrgUnitInput,
    ) -> async_graphql::Result<OrgUnit> {
        let access = authorize(ctx, "Mutation.createOrgUnit")?;
        let parent = input
            .parent_id
            .map(|p| parse_id("parentId", "OrgUnit", &p))
            .transpose()?;
        let new = NewUnit::parse(&input.code, &input.name, input.kind.into(), parent)?;
        Ok(OrgUnit(
            service::create(state(ctx)?, actor(ctx)?, &access, new).await?,
        ))
    }

    /// Renames a unit or sets its leader.
    async fn update_org_unit(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrgUnitInput,
    ) -> async_graphql::Result<OrgUnit> {
        let access = authorize(ctx, "Mutation.updateOrgUnit")?;
        let id = parse_id("id", "OrgUnit", &input.id)?;
        let leader_id = match input.leader_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(v) => Some(Some(parse_id("leaderId", "Employee", &v)?)),
        };
        let changes = UnitChanges {
            expected_version: input.expected_version,
            code: input.code,
            name: input.name,
            leader_id,
        };
        Ok(OrgUnit(
            service::update(state(ctx)?, actor(ctx)?, &access, id, changes).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields a unit answers at once are answered as its resolvers answer them.
    #[tokio::test]
    async fn plain_fields_answer_as_their_resolvers() {
        let fields = crate::graphql::lean::assert_plain_as_resolved!(
            OrgUnit,
            "type OrgUnit implements Node {",
            OrgUnit(org_unit::Model {
                id: uuid::Uuid::from_u128(3),
                code: "SH-01".into(),
                name: "上海一部".into(),
                kind: entity::OrgUnitKind::Team,
                parent_id: None,
                path: "/3/".into(),
                leader_id: None,
                version: 2,
                created_at: chrono::DateTime::<chrono::Utc>::default(),
                updated_at: chrono::DateTime::<chrono::Utc>::default(),
            })
        );
        assert_eq!(fields.len(), 3, "{fields:?}");
    }
}
