//! Parsed documents of the queries seen lately, so that a client sending the same query text
//! again (the web app and integrations always do) is not parsed again.
//!
//! Parsing is a pure function of the text, so replicas that cache different queries still give
//! the same answers. The cache is bounded in entries and in the length of a query it keeps.
//!
//! A document also remembers which of its operations passed every validation rule when sent
//! without variables. With no variables, validation is a function of the document, the
//! operation chosen and the schema alone, so the same request passes again; the HTTP layer then
//! runs it on a twin schema that checks only the limits (depth, complexity, fragment cycles).
use async_graphql::parser::types::ExecutableDocument;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::http::Shape;

/// Longer query texts are parsed every time rather than kept.
pub const MAX_KEPT_QUERY_BYTES: usize = 8 * 1024;
/// Entries per generation; at most twice this many are kept.
pub const GENERATION: usize = 128;

/// A parsed query and what the HTTP layer limits in it.
pub struct Parsed {
    pub doc: ExecutableDocument,
    pub shape: Shape,
    /// The operations (by name; `None` for the only one) that passed validation without
    /// variables.
    validated: Mutex<Vec<Option<String>>>,
}

/// Operation names a document remembers as validated; a document with more names than this
/// (a client choosing among many operations of one text) is validated in full for the others.
pub const MAX_VALIDATED_OPERATIONS: usize = 8;

impl Parsed {
    pub fn new(doc: ExecutableDocument) -> Self {
        Parsed {
            shape: Shape::of(&doc),
            doc,
            validated: Mutex::default(),
        }
    }

    fn names(&self) -> MutexGuard<'_, Vec<Option<String>>> {
        // A list of names is consistent after every statement, so a poisoned lock is usable.
        self.validated.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `operation`, sent without variables, passed every validation rule before.
    pub fn is_validated(&self, operation: Option<&str>) -> bool {
        self.names().iter().any(|n| n.as_deref() == operation)
    }

    /// Records that `operation`, sent without variables, passed every validation rule.
    pub fn set_validated(&self, operation: Option<&str>) {
        let mut names = self.names();
        if names.len() < MAX_VALIDATED_OPERATIONS
            && !names.iter().any(|n| n.as_deref() == operation)
        {
            names.push(operation.map(str::to_owned));
        }
    }
}

#[derive(Default)]
struct Generations {
    current: HashMap<String, Arc<Parsed>>,
    previous: HashMap<String, Arc<Parsed>>,
}

/// Two generations of parsed queries: a hit in the older one moves to the newer; when the newer
/// fills up, the older is dropped and the newer takes its place. Queries in use stay, queries
/// not asked for during a whole generation go.
#[derive(Default)]
pub struct Documents {
    inner: Mutex<Generations>,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, Generations> {
        // The maps are consistent after every statement, so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The parsed document of `query` if it was kept.
    pub fn get(&self, query: &str) -> Option<Arc<Parsed>> {
        let mut g = self.lock();
        if let Some(p) = g.current.get(query) {
            return Some(p.clone());
        }
        let (key, p) = g.previous.remove_entry(query)?;
        Self::put_current(&mut g, key, p.clone());
        Some(p)
    }

    /// Keeps the parsed `doc` of `query`, unless the text is too long, and returns it.
    pub fn keep(&self, query: &str, doc: ExecutableDocument) -> Arc<Parsed> {
        let parsed = Arc::new(Parsed::new(doc));
        if query.len() <= MAX_KEPT_QUERY_BYTES {
            Self::put_current(&mut self.lock(), query.to_owned(), parsed.clone());
        }
        parsed
    }

    fn put_current(g: &mut Generations, key: String, p: Arc<Parsed>) {
        if g.current.len() >= GENERATION && !g.current.contains_key(&key) {
            g.previous = std::mem::take(&mut g.current);
        }
        g.current.insert(key, p);
    }

    /// How many parsed queries are kept.
    pub fn len(&self) -> usize {
        let g = self.lock();
        g.current.len() + g.previous.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(q).unwrap()
    }

    #[test]
    fn a_kept_query_comes_back_with_its_aliases() {
        let docs = Documents::default();
        let q = "{ a: me { roles } b: me { roles } }";
        assert!(docs.get(q).is_none());
        docs.keep(q, parse(q));
        let hit = docs.get(q).unwrap();
        assert_eq!(hit.shape.aliases, 2);
        assert_eq!(format!("{:?}", hit.doc), format!("{:?}", parse(q)));
        assert!(docs.get("{ me { roles } }").is_none());
    }

    #[test]
    fn overlong_queries_are_not_kept() {
        let docs = Documents::default();
        let q = format!("{{ me {{ roles }} }} #{}", "x".repeat(MAX_KEPT_QUERY_BYTES));
        let parsed = docs.keep(&q, parse(&q));
        assert_eq!(parsed.shape.aliases, 0);
        assert!(docs.get(&q).is_none());
        assert!(docs.is_empty());
    }

    #[test]
    fn the_cache_is_bounded_and_keeps_what_is_in_use() {
        let docs = Documents::default();
        let hot = "{ me { roles } }";
        docs.keep(hot, parse(hot));
        for i in 0..GENERATION * 5 {
            let q = format!("{{ f{i}: me {{ roles }} }}");
            docs.keep(&q, parse(&q));
            // The hot query is asked for all along, so it survives every turnover.
            assert!(docs.get(hot).is_some(), "lost after {i}");
            assert!(docs.len() <= 2 * GENERATION);
        }
        // A query not asked for during two generations is gone.
        assert!(docs.get("{ f0: me { roles } }").is_none());
    }

    #[test]
    fn validated_operations_are_remembered_by_name_and_bounded() {
        let q = "query A { me { roles } } query B { me { roles } }";
        let p = Parsed::new(parse(q));
        assert!(!p.is_validated(Some("A")));
        p.set_validated(Some("A"));
        assert!(p.is_validated(Some("A")));
        assert!(!p.is_validated(Some("B")));
        assert!(!p.is_validated(None));
        p.set_validated(Some("A"));
        for i in 0..MAX_VALIDATED_OPERATIONS * 2 {
            p.set_validated(Some(&format!("X{i}")));
        }
        assert_eq!(p.names().len(), MAX_VALIDATED_OPERATIONS);
        assert!(p.is_validated(Some("A")));
        assert!(!p.is_validated(Some(&format!("X{}", MAX_VALIDATED_OPERATIONS))));
    }
}
