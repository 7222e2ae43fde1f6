//! Every field a query asks for is in the answer, and a field the schema says is never null
//! is never null: refused nested fields come back as `null` with an error where they may, and
//! make their nearest nullable parent `null` where they may not.
use super::*;
use async_graphql::parser::types::{
    BaseType, DocumentOperations, Selection, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};
use std::collections::HashMap;

/// The fields of every object type of the committed SDL, with their types.
fn schema_types() -> HashMap<String, HashMap<String, Type>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let sdl = std::fs::read_to_string(path).unwrap();
    let doc = async_graphql::parser::parse_schema(&sdl).unwrap();
    let mut out = HashMap::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let fields = match &t.node.kind {
            TypeKind::Object(o) => &o.fields,
            TypeKind::Interface(i) => &i.fields,
            _ => continue,
        };
        out.insert(
            t.node.name.node.to_string(),
            fields
                .iter()
                .map(|f| (f.node.name.node.to_string(), f.node.ty.node.clone()))
                .collect(),
        );
    }
    out
}

struct Checker {
    types: HashMap<String, HashMap<String, Type>>,
    problems: Vec<String>,
}

impl Checker {
    fn value(&mut self, ty: &Type, set: &SelectionSet, v: &Value, path: &str) {
        if v.is_null() {
            if !ty.nullable {
                self.problems
                    .push(format!("{path} is null but {ty} is not"));
            }
            return;
        }
        match &ty.base {
            BaseType::List(inner) => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    self.value(inner, set, item, &format!("{path}[{i}]"));
                }
            }
            BaseType::Named(name) => {
                if !set.items.is_empty() {
                    self.object(name, set, v, path);
                }
            }
        }
    }

    fn object(&mut self, type_name: &str, set: &SelectionSet, v: &Value, path: &str) {
        for s in &set.items {
            let Selection::Field(f) = &s.node else {
                panic!("the queries here use fields only");
            };
            let key = f.node.response_key().node.as_str();
            let name = f.node.name.node.as_str();
            let here = format!("{path}.{key}");
            let Some(value) = v.get(key) else {
                self.problems.push(format!("{here} is missing"));
                continue;
            };
            let ty = self.types[type_name]
                .get(name)
                .unwrap_or_else(|| panic!("no field {name} on {type_name}"))
                .clone();
            self.value(&ty, &f.node.selection_set.node, value, &here);
        }
    }
}

/// What is wrong with `answer` to `query` by the schema; empty when nothing is.
fn problems(query: &str, answer: &Value) -> Vec<String> {
    let doc = async_graphql::parser::parse_query(query).unwrap();
    let DocumentOperations::Single(op) = &doc.operations else {
        panic!("one operation");
    };
    let mut checker = Checker {
        types: schema_types(),
        problems: Vec::new(),
    };
    if !answer["data"].is_null() {
        checker.object(
            "Query",
            &op.node.selection_set.node,
            &answer["data"],
            "data",
        );
    }
    if answer["data"].is_null() && answer["errors"].is_null() {
        checker.problems.push("neither data nor errors".into());
    }
    checker.problems
}

const REACHING: &[&str] = &[
    "{ me { employee { superior { inventories { year } } } } }",
    "{ me { employee { employeeNo superior { id } } } }",
    "{ me { roles employee { employeeNo superior { id employeeNo phone history { action } account { id login } inventories { year strengths } developmentPlan { revision items { id } } } reportingLine { superior { person { employeeNo } } skipLevel { person { employeeNo } } } } } }",
    "{ me { employee { orgUnit { name parent { name parent { name } } } account { login } competencyReviews { grade } poolHistory { kind } } } }",
    "{ employees(first: 5) { totalCount edges { node { employeeNo account { id login } history { action } superior { employeeNo account { id } inventories { year } } } } } }",
    "{ talentPool(first: 5) { totalCount nodes { echelon employee { employeeNo phone account { login } superior { inventories { year } } } signOffs { role } } } }",
    "{ inbox(first: 3) { waiting { count items { kind subjectLabel } } } }",
];

on_both!(
    answers_hold_to_the_schema_where_nested_fields_are_refused,
    |db| {
        let app = TestApp::with_demo(db).await;
        let mut with_errors = 0;
        for login in [
            "A0001", "H0001", "M0001", "L0001", "E0001", "T0001", "R0001", "G0001",
        ] {
            let token = app.demo(login).await;
            for q in REACHING {
                let answer = app.gql(&token, q, json!({})).await;
                let found = problems(q, &answer);
                assert!(found.is_empty(), "{login} {q}: {found:?} in {answer}");
                if !answer["errors"].is_null() {
                    with_errors += 1;
                }
            }
        }
        assert!(
            with_errors >= 8,
            "the queries reach refused fields: {with_errors}"
        );

        // The two answers first seen wrong.
        let agent = app.demo("E0001").await;
        let a = app
            .gql(
                &agent,
                "{ me { employee { employeeNo superior { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(a["data"]["me"]["employee"]["employeeNo"], "E0001", "{a}");
        let employee = a["data"]["me"]["employee"].as_object().unwrap();
        assert!(
            employee.contains_key("superior") && employee["superior"].is_null(),
            "{a}"
        );
        assert_eq!(error_code(&a).as_deref(), Some("FORBIDDEN"), "{a}");
        let b = app
            .gql(
                &agent,
                "{ me { employee { superior { inventories { year } } } } }",
                json!({}),
            )
            .await;
        assert!(
            b["data"]["me"]["employee"].is_object(),
            "Employee! is never null: {b}"
        );
    }
);
