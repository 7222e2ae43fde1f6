//! Relay cursor connections whose rows resolve without a task of their own.
//!
//! async-graphql's own connection resolves each edge as an object through the executor (a task
//! set and a boxed future per edge) and a list of more than 30 edges through an ordered task
//! set. A page of 50 employees paid that bookkeeping 50 times over for an object with one
//! field, `node`. The types here are the same GraphQL types (`EmployeeConnection`,
//! `EmployeeEdge`, the same `PageInfo`, fields and descriptions), but an edge and its node
//! resolve as [`Lean`] and a list joins its rows in small groups, with the same values and errors. As
//! with [`Lean`], an object's keys come in the order the query asks for them (the executor
//! writes them as its fields finish).
use async_graphql::connection::PageInfo;
use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::ContainerType;
use async_graphql::{
    ContextSelectionSet, Object, OutputType, Positioned, ServerResult, TypeName, Value,
};
use futures_util::future::join_all;
use std::borrow::Cow;

use super::lean::{Lean, Plain};
use crate::page::Cursor;

/// One page of a list. `N` names it: `Employee` gives `EmployeeConnection`. Its rows resolve as
/// [`Lean`], so a page's caller hands over plain objects.
pub struct Connection<N> {
    pub edges: Vec<Edge<N>>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    /// Rows matching the filter on all pages, when the query asked for `totalCount`.
    pub total: Option<u64>,
}

#[Object(name_type)]
impl<N: ContainerType + Plain> Connection<N> {
    /// Information to aid in pagination.
    #[graphql(complexity = 0)]
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            start_cursor: self.edges.first().map(|e| e.cursor.encode()),
            end_cursor: self.edges.last().map(|e| e.cursor.encode()),
        }
    }

    /// A list of edges.
    async fn edges(&self) -> Rows<Lean<&Edge<N>>> {
        Rows(self.edges.iter().map(Lean).collect())
    }

    /// A list of nodes.
    async fn nodes(&self) -> Rows<Lean<&N>> {
        Rows(self.edges.iter().map(|e| Lean(&e.node)).collect())
    }

    /// Number of rows matching the filter (all pages), when asked for.
    #[graphql(complexity = 0)]
    async fn total_count(&self) -> Option<u64> {
        self.total
    }
}

impl<N: ContainerType> TypeName for Connection<N> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", N::type_name()).into()
    }
}

/// A row of a page and where it stands; its cursor is encoded only when asked for.
pub struct Edge<N> {
    pub cursor: Cursor,
    pub node: N,
}

/// An edge in a connection.
#[Object(name_type)]
impl<N: ContainerType + Plain> Edge<N> {
    /// The item at the end of the edge
    async fn node(&self) -> Lean<&N> {
        Lean(&self.node)
    }

    /// A cursor for use in pagination
    async fn cursor(&self) -> String {
        self.cursor.encode()
    }
}

/// An edge's `cursor` is encoded, its `node` resolved: neither is a column.
impl<N> Plain for Edge<N> {}

impl<N: ContainerType> TypeName for Edge<N> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Edge", N::type_name()).into()
    }
}

/// A list, the same GraphQL type as `Vec<T>`, whose items resolve in joins of at most
/// [`GROUP`] (a larger join would go through an ordered task set) instead of one join of all.
pub struct Rows<T>(pub Vec<T>);

/// The most futures joined without a task set of their own.
const GROUP: usize = 30;

impl<T: OutputType> OutputType for Rows<T> {
    fn type_name() -> Cow<'static, str> {
        <Vec<T> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<T> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Vec<T> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let groups = self.0.chunks(GROUP).enumerate().map(|(g, rows)| {
            join_all(
                rows.iter()
                    .enumerate()
                    .map(move |(i, row)| resolve_row(ctx, g * GROUP + i, field, row)),
            )
        });
        // Every row runs to its end, and the first row (in list order) that fails as a whole
        // fails the list. The executor's list stops at the first to fail instead; a row fails
        // as a whole only on a fragment that validation rejects, so the answers agree.
        join_all(groups)
            .await
            .into_iter()
            .flatten()
            .collect::<ServerResult<Vec<Value>>>()
            .map(Value::List)
    }
}

async fn resolve_row<T: OutputType>(
    ctx: &ContextSelectionSet<'_>,
    idx: usize,
    field: &Positioned<Field>,
    row: &T,
) -> ServerResult<Value> {
    let ctx = ctx.with_index(idx);
    row.resolve(&ctx, field)
        .await
        .map_err(|e| ctx.set_error_path(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, Schema, SimpleObject};

    /// A row with a plain field, one that completes late, one that fails (non-null) on
    /// request and one that fails nullable.
    #[derive(Clone)]
    struct Thing(i32);

    /// `id` is answered at once, the other fields by their resolvers.
    impl Plain for Thing {
        fn plain(&self, field: &str) -> Option<Value> {
            (field == "id").then(|| Value::Number(self.0.into()))
        }
    }

    #[Object]
    impl Thing {
        async fn id(&self) -> i32 {
            self.0
        }
        async fn late(&self) -> i32 {
            tokio::task::yield_now().await;
            self.0 * 10
        }
        async fn broken(&self) -> async_graphql::Result<i32> {
            if self.0 == 7 {
                Err("seven is broken".into())
            } else {
                Ok(self.0)
            }
        }
        async fn maybe(&self) -> async_graphql::Result<Option<i32>> {
            Err(format!("no maybe for {}", self.0).into())
        }
        async fn inner(&self) -> Inner {
            Inner { a: self.0 }
        }
    }

    /// The field async-graphql's connection is given to match ours.
    #[derive(SimpleObject)]
    struct ConnectionTotal {
        /// Number of rows matching the filter (all pages), when asked for.
        total_count: Option<u64>,
    }

    #[derive(SimpleObject)]
    struct Inner {
        a: i32,
    }

    fn cursor(i: i32) -> Cursor {
        Cursor {
            k: format!("key {i}"),
            id: uuid::Uuid::from_u128(i as u128),
        }
    }

    /// Rows 1..=n, a next page and a total.
    fn rows(n: i32) -> impl Iterator<Item = (Cursor, Thing)> {
        (1..=n).map(|i| (cursor(i), Thing(i)))
    }

    struct Usual;

    #[Object(name = "Query")]
    impl Usual {
        async fn things(
            &self,
            first: i32,
        ) -> async_graphql::connection::Connection<Cursor, Thing, ConnectionTotal> {
            let mut c = async_graphql::connection::Connection::with_additional_fields(
                false,
                true,
                ConnectionTotal {
                    total_count: Some(first as u64 * 2),
                },
            );
            c.edges
                .extend(rows(first).map(|(k, t)| async_graphql::connection::Edge::new(k, t)));
            c
        }
    }

    struct Ours;

    #[Object(name = "Query")]
    impl Ours {
        async fn things(&self, first: i32) -> Connection<Thing> {
            Connection {
                edges: rows(first)
                    .map(|(cursor, node)| Edge { cursor, node })
                    .collect(),
                has_previous_page: false,
                has_next_page: true,
                total: Some(first as u64 * 2),
            }
        }
    }

    fn usual() -> Schema<Usual, EmptyMutation, EmptySubscription> {
        Schema::new(Usual, EmptyMutation, EmptySubscription)
    }

    fn ours() -> Schema<Ours, EmptyMutation, EmptySubscription> {
        Schema::new(Ours, EmptyMutation, EmptySubscription)
    }

    #[test]
    fn the_connection_is_the_same_type_as_the_usual_one() {
        let sdl = ours().sdl();
        assert_eq!(sdl, usual().sdl());
        assert!(sdl.contains("type ThingConnection {"), "{sdl}");
        assert!(sdl.contains("edges: [ThingEdge!]!"), "{sdl}");
    }

    #[tokio::test]
    async fn a_page_answers_as_the_usual_connection() {
        let selections = [
            "edges { node { id } }",
            "edges { cursor node { id late } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }",
            "nodes { id inner { a } } totalCount",
            "totalCount __typename edges { __typename cursor }",
            "edges { node { maybe id } }",
            "edges { node { id broken } } totalCount",
            "nodes { broken } pageInfo { endCursor }",
            "e: edges { n: node { i: id } } edges { node { late } }",
            "edges { ... on ThingEdge { node { id } } }",
            "edges { node { id @skip(if: true) late } }",
        ];
        // Under, at and over one group; with and without row 7, which fails `broken`.
        for first in [0, 1, 6, 7, 30, 31, 50, 100] {
            for s in selections {
                let query = format!("{{ things(first: {first}) {{ {s} }} }}");
                let usual = serde_json::to_value(usual().execute(&query).await).ok();
                let ours = serde_json::to_value(ours().execute(&query).await).ok();
                assert_eq!(ours, usual, "{query}");
            }
        }
    }

    #[tokio::test]
    async fn a_page_writes_its_keys_in_the_order_asked_for() {
        // The comparisons above ignore key order; the response as written does not. (The
        // connection object itself is the executor's: its keys come as its fields finish.)
        let response = ours()
            .execute("{ things(first: 2) { edges { node { late id } cursor } } }")
            .await;
        let text = serde_json::to_string(&response.data).unwrap_or_default();
        let edge = |i: i32| {
            format!(
                r#"{{"node":{{"late":{},"id":{i}}},"cursor":"{}"}}"#,
                i * 10,
                cursor(i).encode()
            )
        };
        assert_eq!(
            text,
            format!(r#"{{"things":{{"edges":[{},{}]}}}}"#, edge(1), edge(2))
        );
    }

    #[tokio::test]
    async fn a_failing_field_of_a_row_is_reported_with_the_row_in_the_path() {
        let response = ours()
            .execute("{ things(first: 40) { edges { node { broken } } } }")
            .await;
        // As the executor does: the field is left out (its object with it), the rest stays.
        let data = serde_json::to_value(&response.data).unwrap_or_default();
        let edges = data["things"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(edges.len(), 40, "{data}");
        assert_eq!(edges[5]["node"]["broken"], 6);
        assert_eq!(edges[6]["node"], serde_json::Value::Null);
        assert_eq!(edges[7]["node"]["broken"], 8);
        assert_eq!(response.errors.len(), 1);
        let error = serde_json::to_value(&response.errors[0]).unwrap_or_default();
        assert_eq!(error["message"], "seven is broken");
        assert_eq!(
            error["path"],
            serde_json::json!(["things", "edges", 6, "node", "broken"])
        );
    }

    #[tokio::test]
    async fn rows_past_a_group_keep_their_order_and_index() {
        let response = ours()
            .execute("{ things(first: 61) { nodes { id late maybe } } }")
            .await;
        let data = serde_json::to_value(&response.data).unwrap_or_default();
        let ids: Vec<i64> = data["things"]["nodes"]
            .as_array()
            .map(|a| a.iter().filter_map(|n| n["id"].as_i64()).collect())
            .unwrap_or_default();
        assert_eq!(ids, (1..=61).collect::<Vec<i64>>());
        // One nullable error per row, each with its own index.
        let paths: Vec<serde_json::Value> = response
            .errors
            .iter()
            .map(|e| serde_json::to_value(e).unwrap_or_default()["path"][2].clone())
            .collect();
        assert_eq!(paths.len(), 61);
        for i in 0..61 {
            assert!(paths.contains(&serde_json::json!(i)), "row {i}: {paths:?}");
        }
    }
}
