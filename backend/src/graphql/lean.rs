//! Objects resolved without a task of their own per field.
//!
//! The executor resolves each field of an object as a boxed future in a set of its own (a heap
//! task, a waker, a hash of the key as it is stored). For the rows of a page, whose fields are
//! mostly plain columns (`name`, `employeeNo`), that bookkeeping costs more than the fields. A
//! type wrapped in [`Lean`] resolves its fields together in one join, in the order asked, with
//! the same resolvers, the same values and the same errors; a selection the join does not
//! cover (fragments, directives, a response key given twice) goes the executor's usual way.
//!
//! A field that only copies a column (`name`, `employeeNo`: no arguments, no context, nothing
//! to wait for) can also be answered by the type's [`Plain`] without a future at all.
//!
//! The schema installs no executor extensions (see [`super::build_schema`]); one that hooks
//! every field would not see the fields of a `Lean` object.
use async_graphql::parser::types::{Field, Selection};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::{resolve_container, ContainerType};
use async_graphql::{ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value};
use std::borrow::Cow;

/// `T` as the same GraphQL type, resolved in one join. See the module documentation.
pub struct Lean<T>(pub T);

/// The fields of a type that copy a column, answered at once. `plain` gives, for such a field
/// (asked for without arguments), exactly the value its resolver gives, and `None` for every
/// other field, which then goes through its resolver. A type with no such fields keeps the
/// default.
pub trait Plain {
    fn plain(&self, _field: &str) -> Option<Value> {
        None
    }
}

impl<T: Plain> Plain for &T {
    fn plain(&self, field: &str) -> Option<Value> {
        (*self).plain(field)
    }
}

impl<T: ContainerType + Plain> OutputType for Lean<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_lean(ctx, &self.0).await
    }
}

/// Whether the join covers the selection: fields only (no fragments, no directives), each
/// response key once.
fn joinable(ctx: &ContextSelectionSet<'_>) -> bool {
    let items = &ctx.item.node.items;
    items.iter().enumerate().all(|(i, s)| match &s.node {
        Selection::Field(f) => {
            let key = f.node.response_key();
            f.node.directives.is_empty()
                && !items[..i].iter().any(|earlier| match &earlier.node {
                    Selection::Field(e) => e.node.response_key().node == key.node,
                    _ => false,
                })
        }
        _ => false,
    })
}

async fn resolve_lean<T: ContainerType + Plain>(
    ctx: &ContextSelectionSet<'_>,
    root: &T,
) -> ServerResult<Value> {
    if !joinable(ctx) {
        return resolve_container(ctx, root).await;
    }
    let mut object =
        async_graphql::indexmap::IndexMap::<Name, Value>::with_capacity(ctx.item.node.items.len());
    // Plain fields and `__typename` are written at once; the others are resolved in one join,
    // and their places in the object kept so that the keys come in the order asked for.
    let mut fields = Vec::new();
    for s in &ctx.item.node.items {
        let Selection::Field(f) = &s.node else {
            continue;
        };
        let key = f.node.response_key().node.clone();
        let name = f.node.name.node.as_str();
        let plain = if name == "__typename" {
            Some(Value::String(root.introspection_type_name().into_owned()))
        } else if f.node.arguments.is_empty() {
            root.plain(name)
        } else {
            None
        };
        match plain {
            Some(v) => {
                object.insert(key, v);
            }
            None => {
                let (at, _) = object.insert_full(key, Value::Null);
                fields.push((at, ctx.with_field(f)));
            }
        }
    }
    if !fields.is_empty() {
        let values = futures_util::future::join_all(
            fields.iter().map(|(_, field)| root.resolve_field(field)),
        )
        .await;
        let mut failed = Vec::new();
        for ((at, _), value) in fields.iter().zip(values) {
            match value {
                Ok(v) => {
                    if let Some((_, slot)) = object.get_index_mut(*at) {
                        *slot = v.unwrap_or_default();
                    }
                }
                Err(e) => {
                    ctx.add_error(e);
                    failed.push(*at);
                }
            }
        }
        // A field that failed is left out, as the executor leaves it out.
        for at in failed.into_iter().rev() {
            object.shift_remove_index(at);
        }
    }
    Ok(if object.is_empty() {
        Value::Null
    } else {
        Value::Object(object)
    })
}

/// Asserts that a type's [`Plain`] answers each field as the field's resolver does: every field
/// of the type in the schema (its SDL definition starts with `header`) for which `plain` gives
/// a value is asked for of the type and of `Lean` of it, and the answers must agree.
#[cfg(test)]
macro_rules! assert_plain_as_resolved {
    ($ty:ty, $header:expr, $make:expr) => {{
        struct Q;
        #[async_graphql::Object]
        impl Q {
            async fn full(&self) -> $ty {
                $make
            }
            async fn lean(&self) -> $crate::graphql::lean::Lean<$ty> {
                $crate::graphql::lean::Lean($make)
            }
        }
        let sample: $ty = $make;
        let fields: Vec<String> = $crate::graphql::sdl_fields($header)
            .into_iter()
            .filter(|f| $crate::graphql::lean::Plain::plain(&sample, f).is_some())
            .collect();
        assert!(!fields.is_empty(), "no plain field of {}", $header);
        let schema = async_graphql::Schema::new(
            Q,
            async_graphql::EmptyMutation,
            async_graphql::EmptySubscription,
        );
        let selection = fields.join(" ");
        let full = schema
            .execute(format!("{{ x: full {{ {selection} }} }}"))
            .await;
        let lean = schema
            .execute(format!("{{ x: lean {{ {selection} }} }}"))
            .await;
        assert!(full.errors.is_empty(), "{:?}", full.errors);
        assert!(lean.errors.is_empty(), "{:?}", lean.errors);
        let text = |d: &async_graphql::Value| serde_json::to_string(d).unwrap_or_default();
        assert_eq!(text(&lean.data), text(&full.data), "{selection}");
        fields
    }};
}
#[cfg(test)]
pub(crate) use assert_plain_as_resolved;

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject};

    #[derive(SimpleObject)]
    struct Inner {
        a: i32,
        b: String,
    }

    struct Thing(i32);

    /// `id` and `name` are answered at once, the other fields by their resolvers.
    impl Plain for Thing {
        fn plain(&self, field: &str) -> Option<Value> {
            Some(match field {
                "id" => Value::Number(self.0.into()),
                "name" => Value::String(format!("thing {}", self.0)),
                _ => return None,
            })
        }
    }

    #[Object]
    impl Thing {
        async fn id(&self) -> i32 {
            self.0
        }
        async fn name(&self) -> String {
            format!("thing {}", self.0)
        }
        async fn inner(&self) -> Inner {
            Inner {
                a: self.0,
                b: "b".into(),
            }
        }
        /// Ready only after a yield, so it completes after the fields asked after it.
        async fn late(&self) -> i32 {
            tokio::task::yield_now().await;
            self.0 * 10
        }
        async fn broken(&self) -> async_graphql::Result<i32> {
            Err("broken".into())
        }
        async fn maybe(&self) -> async_graphql::Result<Option<i32>> {
            Err("maybe not".into())
        }
    }

    struct Query;

    #[Object]
    impl Query {
        async fn full(&self) -> Vec<Thing> {
            vec![Thing(1), Thing(2)]
        }
        async fn lean(&self) -> Vec<Lean<Thing>> {
            vec![Lean(Thing(1)), Lean(Thing(2))]
        }
        async fn one(&self) -> Lean<Thing> {
            Lean(Thing(3))
        }
    }

    fn schema() -> Schema<Query, EmptyMutation, EmptySubscription> {
        Schema::new(Query, EmptyMutation, EmptySubscription)
    }

    /// The whole response (data and errors with their paths) as JSON.
    async fn answer(query: &str) -> serde_json::Value {
        let response = schema().execute(query).await;
        serde_json::to_value(&response).unwrap_or_default()
    }

    #[tokio::test]
    async fn a_lean_object_answers_as_the_usual_one() {
        let selections = [
            "id name",
            "n: name id i: id",
            "__typename id",
            "late id",
            "inner { a b } name",
            "inner { a } inner { b }",
            "name name",
            "broken id",
            "maybe id",
            "id @include(if: false) name",
            "id name @skip(if: true)",
            "... on Thing { id } name",
            "...F inner { a }",
            "late broken name maybe id",
            "n2: name late n1: name",
        ];
        for s in selections {
            let fragment = if s.contains("...F") {
                " fragment F on Thing { name late }"
            } else {
                ""
            };
            // Same-length field names, so the errors' locations match too.
            let usual = answer(&format!("{{ x: full {{ {s} }} }}{fragment}")).await;
            let lean = answer(&format!("{{ x: lean {{ {s} }} }}{fragment}")).await;
            assert_eq!(lean, usual, "{s}");
            assert!(usual["data"]["x"].is_array(), "{s}: {usual}");
        }
    }

    #[tokio::test]
    async fn a_lean_object_keeps_the_order_asked_for() {
        let response = schema()
            .execute("{ one { late id __typename broken name } }")
            .await;
        // As the response is written: keys in the order of the query.
        assert_eq!(
            serde_json::to_string(&response.data).unwrap_or_default(),
            r#"{"one":{"late":30,"id":3,"__typename":"Thing","name":"thing 3"}}"#
        );
        assert_eq!(response.errors.len(), 1);
        assert_eq!(response.errors[0].message, "broken");
        let v = serde_json::to_value(&response.errors[0]).unwrap_or_default();
        assert_eq!(v["path"], serde_json::json!(["one", "broken"]));
    }

    #[tokio::test]
    async fn a_plain_field_keeps_its_place_between_resolved_ones() {
        let response = schema()
            .execute("{ one { late name broken id n: name } }")
            .await;
        assert_eq!(
            serde_json::to_string(&response.data).unwrap_or_default(),
            r#"{"one":{"late":30,"name":"thing 3","id":3,"n":"thing 3"}}"#
        );
        assert_eq!(response.errors.len(), 1);
    }

    #[test]
    fn a_lean_type_is_the_same_type_in_the_schema() {
        let sdl = schema().sdl();
        assert_eq!(sdl.matches("type Thing {").count(), 1, "{sdl}");
        assert!(sdl.contains("lean: [Thing!]!"), "{sdl}");
        assert!(sdl.contains("one: Thing!"), "{sdl}");
    }
}
