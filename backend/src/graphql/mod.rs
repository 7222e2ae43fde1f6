//! The GraphQL schema: merged area roots, request context, loaders and limits.
pub mod documents;
pub mod http;
pub mod lean;
pub mod loaders;
pub mod nesting;
pub mod nulls;
pub mod relay;
pub mod types;

use async_graphql::{Context, EmptySubscription, MergedObject, Schema};
use std::sync::{Arc, Mutex, OnceLock};
use uuid::Uuid;

use crate::auth::{policy, Access, Actor};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(MergedObject, Default)]
pub struct Query(
    crate::accounts::graphql::SessionQuery,
    crate::org::graphql::OrgQuery,
    crate::people::graphql::PeopleQuery,
    crate::accounts::graphql::AccountsQuery,
    crate::inbox::graphql::InboxQuery,
    crate::talent::graphql::TalentQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    crate::accounts::graphql::SessionMutation,
    crate::org::graphql::OrgMutation,
    crate::people::graphql::PeopleMutation,
    crate::accounts::graphql::AccountsMutation,
    crate::talent::graphql::TalentMutation,
);

pub type EchelonSchema = Schema<Query, Mutation, EmptySubscription>;

pub const MAX_DEPTH: usize = 10;
pub const MAX_COMPLEXITY: usize = 1000;
pub const MAX_RECURSION: usize = 32;
pub const MAX_DIRECTIVES: usize = 5;
pub const MAX_ALIASES: usize = 30;
/// Field selections and fragment spreads in one document (see [`http::Shape`]).
pub const MAX_SELECTIONS: usize = 1000;

pub fn build_schema(state: Option<AppState>) -> EchelonSchema {
    build(state, async_graphql::ValidationMode::Strict)
}

/// No executor extensions: the rows of pages resolve as [`lean::Lean`] objects, whose fields
/// such an extension would not see.
fn build(state: Option<AppState>, mode: async_graphql::ValidationMode) -> EchelonSchema {
    let mut b = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .validation_mode(mode)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(MAX_RECURSION)
        .limit_directives(MAX_DIRECTIVES)
        .disable_suggestions();
    if let Some(s) = state {
        b = b.data(s);
    }
    b.finish()
}

/// The schema, and its twin for requests already known to be valid.
///
/// The twin runs async-graphql's fast validation: the limits (depth, complexity, fragment
/// cycles) but none of the rules about names, types and arguments, whose outcome for a request
/// without variables depends only on its document and operation (see [`documents`]). It is
/// built when first needed, so a server that never sees a query twice does not hold it.
pub struct Schemas {
    pub full: EchelonSchema,
    validated: OnceLock<EchelonSchema>,
    types: OnceLock<nulls::Types>,
    state: AppState,
}

impl Schemas {
    pub fn new(state: AppState) -> Self {
        Schemas {
            full: build_schema(Some(state.clone())),
            validated: OnceLock::new(),
            types: OnceLock::new(),
            state,
        }
    }

    /// The output types, to complete answers that carry errors (built when first needed).
    pub fn types(&self) -> &nulls::Types {
        self.types.get_or_init(output_types)
    }

    /// The schema for a request that passed every validation rule before.
    pub fn for_validated(&self) -> &EchelonSchema {
        self.validated.get_or_init(|| {
            build(
                Some(self.state.clone()),
                async_graphql::ValidationMode::Fast,
            )
        })
    }
}

/// The schema's output types, for [`nulls`].
pub fn output_types() -> nulls::Types {
    use async_graphql::OutputType;
    nulls::Types::new(|registry| {
        Query::create_type_info(registry);
        Mutation::create_type_info(registry);
    })
}

/// The SDL committed as `schema.graphql`.
pub fn sdl() -> String {
    build_schema(None).sdl()
}

/// The field names of the type whose definition starts with `header` (`type Employee
/// implements Node {`) in the SDL, for tests that a table names every field of a type.
#[cfg(test)]
pub fn sdl_fields(header: &str) -> Vec<String> {
    let sdl = sdl();
    let Some(start) = sdl.find(header) else {
        return Vec::new();
    };
    let body = &sdl[start..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    let mut fields = Vec::new();
    let mut in_doc = false;
    for line in body.lines().skip(1) {
        let line = line.trim();
        if line == "\"\"\"" {
            in_doc = !in_doc;
            continue;
        }
        if in_doc || line.is_empty() || line.starts_with("\"\"\"") {
            continue;
        }
        fields.push(
            line.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect(),
        );
    }
    fields
}

/// Cookie instructions a resolver leaves for the HTTP layer (login sets the refresh cookie,
/// logout clears it).
#[derive(Clone, Debug, Default)]
pub struct CookieOut(pub Arc<Mutex<Option<CookieChange>>>);

#[derive(Clone, Debug)]
pub enum CookieChange {
    Set { token: String, max_age_seconds: i64 },
    Clear,
}

impl CookieOut {
    pub fn put(&self, change: CookieChange) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(change);
        }
    }
    pub fn take(&self) -> Option<CookieChange> {
        self.0.lock().ok().and_then(|mut s| s.take())
    }
}

/// The refresh cookie the browser sent, if any.
#[derive(Clone, Debug, Default)]
pub struct RefreshCookieIn(pub Option<String>);

pub fn state<'a>(ctx: &Context<'a>) -> ApiResult<&'a AppState> {
    ctx.data::<AppState>()
        .map_err(|_| ApiError::internal("state missing from schema"))
}

pub fn actor<'a>(ctx: &Context<'a>) -> ApiResult<&'a Actor> {
    ctx.data::<Actor>()
        .map_err(|_| ApiError::internal("actor missing from request"))
}

/// Authorises `op` for the request's actor.
pub fn authorize(ctx: &Context<'_>, op: &str) -> ApiResult<Access> {
    policy::authorize(actor(ctx)?, op)
}

/// Parses an id argument: a global id `Kind:uuid` of the expected kind, or a bare uuid.
pub fn parse_id(field: &str, kind: &str, raw: &str) -> ApiResult<Uuid> {
    let bare = match raw.split_once(':') {
        Some((k, rest)) if k == kind => rest,
        Some(_) => return Err(ApiError::bad(field, entity::Problem::NotFound)),
        None => raw,
    };
    Uuid::parse_str(bare).map_err(|_| {
        ApiError::bad(
            field,
            entity::Problem::BadFormat {
                expected_zh: format!("{kind} 的 ID"),
                expected_en: format!("an id of a {kind}"),
            },
        )
    })
}

/// Runs a field's database work in a box of its own.
///
/// The executor resolves a type's fields through one generated future, as large as the
/// largest field's, and moves a copy of it into a box for every field of every row: a page of
/// 50 employees moved a field that reads the database's worth of bytes 250 times over. The
/// fields that read the database go through here, so that future stays as small as the plain
/// fields' (`name`, `position`), and only a field that does read pays for a box.
pub async fn boxed<T>(
    work: impl std::future::Future<Output = async_graphql::Result<T>>,
) -> async_graphql::Result<T> {
    Box::pin(work).await
}

pub fn global_id(kind: &str, id: Uuid) -> async_graphql::ID {
    async_graphql::ID(format!("{kind}:{id}"))
}

/// Whether a query of a connection asks for any cursor: an edge's, or the page's start or end.
pub fn wants_cursors(connection: &async_graphql::Lookahead<'_>) -> bool {
    let info = connection.field("pageInfo");
    connection.field("edges").field("cursor").exists()
        || info.field("startCursor").exists()
        || info.field("endCursor").exists()
}

/// A service page as a Relay connection. Cursors are encoded only for the edges whose `cursor`
/// (or the page's start and end) the query asks for.
pub fn connection<T, N: async_graphql::ContainerType>(
    page: crate::page::Page<T>,
    cursor: impl Fn(&T) -> crate::page::Cursor,
    mut node: impl FnMut(T) -> N,
) -> relay::Connection<N> {
    relay::Connection {
        edges: page
            .items
            .into_iter()
            .map(|t| relay::Edge {
                cursor: cursor(&t),
                node: node(t),
            })
            .collect(),
        has_previous_page: page.has_previous,
        has_next_page: page.has_next,
        total: page.total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::ValidationMode;

    async fn messages(schema: &EchelonSchema, query: &str) -> Vec<String> {
        schema
            .execute(query)
            .await
            .errors
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[tokio::test]
    async fn the_twin_for_validated_requests_keeps_every_limit() {
        let full = build(None, ValidationMode::Strict);
        let twin = build(None, ValidationMode::Fast);
        let deep = format!(
            "{{ me {{ employee {{ orgUnit {{ {} id {} }} }} }} }}",
            "parent { ".repeat(MAX_DEPTH),
            "} ".repeat(MAX_DEPTH)
        );
        let complex = "{ employees(first: 100) { edges { node { superior { superior { \
                       superior { superior { superior { superior { superior { superior { \
                       superior { name } } } } } } } } } } } } }";
        let cyclic = "{ me { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }";
        let nested = format!("{{ me {} }}", "{ me ".repeat(MAX_RECURSION));
        let directives = format!(
            "{{ me {} {{ roles }} }}",
            "@include(if: true) ".repeat(MAX_DIRECTIVES + 1)
        );
        for q in [deep.as_str(), complex, cyclic, &nested, &directives] {
            let expected = messages(&full, q).await;
            assert!(!expected.is_empty(), "the full schema accepts {q}");
            assert_eq!(messages(&twin, q).await, expected, "{q}");
        }
    }

    #[tokio::test]
    async fn the_twin_skips_the_rules_so_only_validated_requests_may_use_it() {
        let full = build(None, ValidationMode::Strict);
        let twin = build(None, ValidationMode::Fast);
        let q = "{ me { roles noSuchField } }";
        assert_eq!(
            messages(&full, q).await,
            [r#"Unknown field "noSuchField" on type "Viewer"."#]
        );
        // The twin goes on to execute it (and, with no state, fails there instead).
        assert_ne!(messages(&twin, q).await, messages(&full, q).await);
    }
}
