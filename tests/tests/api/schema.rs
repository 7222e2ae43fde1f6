//! The committed SDL is current, and the policy table names every operation of it.

fn committed_sdl() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn the_committed_schema_is_current() {
    let live = echelon::graphql::sdl();
    assert!(
        committed_sdl() == live,
        "schema.graphql is stale: run `cargo run -p echelon -- schema > schema.graphql` and commit it"
    );
}

/// Field names of `type <name> { … }` in the SDL.
fn fields_of(sdl: &str, type_name: &str) -> Vec<String> {
    let start = sdl
        .match_indices(&format!("\ntype {type_name} "))
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or_else(|| panic!("no type {type_name}"));
    let body = &sdl[start..];
    let end = body.find("\n}").unwrap();
    let mut depth = 0i32;
    let mut in_description = false;
    let mut out = Vec::new();
    for line in body[..end].lines().skip(1) {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            let single = t.len() > 3 && t.ends_with("\"\"\"");
            if !single {
                in_description = !in_description;
            }
            continue;
        }
        if in_description {
            continue;
        }
        if depth == 0 && !t.is_empty() && !t.starts_with('"') && !t.starts_with('#') {
            let name: String = t
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
        depth += t.matches('(').count() as i32 - t.matches(')').count() as i32;
    }
    out
}

#[test]
fn every_query_and_mutation_is_in_the_policy_table() {
    let sdl = echelon::graphql::sdl();
    let mut missing = Vec::new();
    for root in ["Query", "Mutation"] {
        let fields = fields_of(&sdl, root);
        assert!(fields.len() >= 5, "{root}: {fields:?}");
        for f in fields {
            let op = format!("{root}.{f}");
            if echelon::auth::policy::rule(&op).is_none() {
                missing.push(op);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations missing from the policy table: {missing:?}"
    );
}

#[test]
fn every_sensitive_field_named_in_the_policy_exists_in_the_schema() {
    let sdl = echelon::graphql::sdl();
    for rule in echelon::auth::policy::POLICY {
        let (ty, field) = rule.op.split_once('.').unwrap();
        if ty == "Export" || ty == "Import" {
            continue;
        }
        assert!(
            fields_of(&sdl, ty).iter().any(|f| f == field),
            "{} is in the policy but not the schema",
            rule.op
        );
    }
}
