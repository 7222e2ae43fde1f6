//! Answers with errors made whole, as the GraphQL specification has them.
//!
//! The executor leaves out the key of a field whose resolver failed, nullable or not, and
//! writes `null` for an object none of whose fields could be answered, even where the schema
//! says the object is never null (`Viewer.employee: Employee!`). A client that trusts the
//! schema then finds a key missing or a non-null field null. Here an answer that carries
//! errors is walked once beside its query: a field asked for and missing is written as `null`,
//! and a `null` where the type is non-null makes its parent `null`, up to the nearest nullable
//! field, as the specification's "null propagation" says. An answer without errors is left as
//! it is (nothing can be missing from it).
//!
//! The executor also writes `null` for a non-null object none of whose fields could be
//! answered; such an object is completed as one whose fields are all missing. Below a field
//! of an interface or union type whose answer does not say its `__typename`, the concrete
//! type is not known, and the walk stops there.
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::registry::{MetaType, MetaTypeName, Registry};
use async_graphql::{Name, Positioned, Value};

/// The output types of the schema, for completing answers.
pub struct Types(Registry);

/// A non-null value came out null: its parent must be null.
struct Propagate;

/// Whether a selection's `@skip` / `@include` leave it in: `Some(false)` when a literal drops
/// it, `None` when a variable decides (not known here).
fn included(directives: &[Positioned<async_graphql::parser::types::Directive>]) -> Option<bool> {
    let mut known = true;
    for d in directives {
        let skip = match d.node.name.node.as_str() {
            "skip" => true,
            "include" => false,
            _ => continue,
        };
        let Some(arg) = d.node.get_argument("if") else {
            continue;
        };
        match arg.node.clone().into_const() {
            Some(Value::Boolean(b)) if b == skip => return Some(false),
            Some(Value::Boolean(_)) => {}
            _ => known = false,
        }
    }
    known.then_some(true)
}

/// A response key of an object with every selection set asked of it, the field's name, and
/// whether it is certainly asked for (`false` when a variable's directive may have dropped it).
struct Collected<'a> {
    key: &'a str,
    name: &'a str,
    sets: Vec<&'a SelectionSet>,
    certain: bool,
}

impl Types {
    pub fn new(build: impl FnOnce(&mut Registry)) -> Self {
        let mut registry = Registry::default();
        build(&mut registry);
        Types(registry)
    }

    /// Completes `data`, the answer to `operation` of `doc`, in place.
    pub fn complete(&self, doc: &ExecutableDocument, operation: Option<&str>, data: &mut Value) {
        let op = match (&doc.operations, operation) {
            (DocumentOperations::Single(op), _) => op,
            (DocumentOperations::Multiple(m), Some(n)) => match m.get(n) {
                Some(op) => op,
                None => return,
            },
            (DocumentOperations::Multiple(_), None) => return,
        };
        let root = match op.node.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => return,
        };
        let sets = [&op.node.selection_set.node];
        if self.complete_value(doc, root, &sets, data).is_err() {
            *data = Value::Null;
        }
    }

    /// Whether a value of concrete type `concrete` matches a fragment's type condition.
    fn applies(&self, condition: &str, concrete: &str) -> bool {
        condition == concrete
            || match self.0.types.get(condition) {
                Some(MetaType::Interface { possible_types, .. })
                | Some(MetaType::Union { possible_types, .. }) => possible_types.contains(concrete),
                _ => false,
            }
    }

    fn collect<'a>(
        &self,
        doc: &'a ExecutableDocument,
        concrete: &str,
        set: &'a SelectionSet,
        certain: bool,
        out: &mut Vec<Collected<'a>>,
    ) {
        for s in &set.items {
            match &s.node {
                Selection::Field(f) => {
                    let inc = included(&f.node.directives);
                    if inc == Some(false) {
                        continue;
                    }
                    let field_certain = certain && inc.is_some();
                    let key = f.node.response_key().node.as_str();
                    let sub = &f.node.selection_set.node;
                    match out.iter_mut().find(|c| c.key == key) {
                        Some(c) => {
                            c.sets.push(sub);
                            c.certain |= field_certain;
                        }
                        None => out.push(Collected {
                            key,
                            name: f.node.name.node.as_str(),
                            sets: vec![sub],
                            certain: field_certain,
                        }),
                    }
                }
                Selection::InlineFragment(i) => {
                    let inc = included(&i.node.directives);
                    if inc == Some(false) {
                        continue;
                    }
                    let applies = i
                        .node
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| self.applies(c.node.on.node.as_str(), concrete));
                    if applies {
                        let sub_certain = certain && inc.is_some();
                        self.collect(doc, concrete, &i.node.selection_set.node, sub_certain, out);
                    }
                }
                Selection::FragmentSpread(sp) => {
                    let inc = included(&sp.node.directives);
                    if inc == Some(false) {
                        continue;
                    }
                    let Some(frag) = doc.fragments.get(&sp.node.fragment_name.node) else {
                        continue;
                    };
                    if self.applies(frag.node.type_condition.node.on.node.as_str(), concrete) {
                        let sub_certain = certain && inc.is_some();
                        self.collect(
                            doc,
                            concrete,
                            &frag.node.selection_set.node,
                            sub_certain,
                            out,
                        );
                    }
                }
            }
        }
    }

    /// Completes `value` of type `ty` (as the schema writes it: `[Employee!]!`), asked with
    /// `sets`; `Err` when it is null and may not be.
    fn complete_value(
        &self,
        doc: &ExecutableDocument,
        ty: &str,
        sets: &[&SelectionSet],
        value: &mut Value,
    ) -> Result<(), Propagate> {
        match MetaTypeName::create(ty) {
            MetaTypeName::NonNull(inner) => {
                // A non-null object is written `null` only when none of its fields could be
                // answered (a failed resolver leaves its key out instead): answer it as an
                // object whose fields are all missing.
                if matches!(value, Value::Null)
                    && matches!(self.0.types.get(inner), Some(MetaType::Object { .. }))
                {
                    *value = Value::Object(Default::default());
                }
                self.complete_value(doc, inner, sets, value)?;
                if matches!(value, Value::Null) {
                    return Err(Propagate);
                }
                Ok(())
            }
            MetaTypeName::List(inner) => {
                if let Value::List(items) = value {
                    if items
                        .iter_mut()
                        .any(|item| self.complete_value(doc, inner, sets, item).is_err())
                    {
                        *value = Value::Null;
                    }
                }
                Ok(())
            }
            MetaTypeName::Named(name) => {
                if let Value::Object(_) = value {
                    if self.complete_object(doc, name, sets, value).is_err() {
                        *value = Value::Null;
                    }
                }
                Ok(())
            }
        }
    }

    fn complete_object(
        &self,
        doc: &ExecutableDocument,
        name: &str,
        sets: &[&SelectionSet],
        value: &mut Value,
    ) -> Result<(), Propagate> {
        let Value::Object(object) = value else {
            return Ok(());
        };
        let concrete = match self.0.types.get(name) {
            Some(MetaType::Object { .. }) => name.to_owned(),
            Some(MetaType::Interface { .. }) | Some(MetaType::Union { .. }) => {
                match object.get("__typename") {
                    Some(Value::String(t)) => t.clone(),
                    _ => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        let Some(MetaType::Object { fields, .. }) = self.0.types.get(&concrete) else {
            return Ok(());
        };
        let mut collected = Vec::new();
        for set in sets {
            self.collect(doc, &concrete, set, true, &mut collected);
        }
        let mut old = std::mem::take(object);
        let mut rebuilt = async_graphql::indexmap::IndexMap::with_capacity(collected.len());
        for c in &collected {
            let key = Name::new(c.key);
            let mut v = match old.shift_remove(&key) {
                Some(v) => v,
                None if c.certain => Value::Null,
                None => continue,
            };
            let ty = if c.name == "__typename" {
                "String!"
            } else {
                match fields.get(c.name) {
                    Some(f) => f.ty.as_str(),
                    None => {
                        rebuilt.insert(key, v);
                        continue;
                    }
                }
            };
            if self.complete_value(doc, ty, &c.sets, &mut v).is_err() {
                return Err(Propagate);
            }
            rebuilt.insert(key, v);
        }
        rebuilt.extend(old);
        *object = rebuilt;
        Ok(())
    }
}
