//! A page of employees reads only the columns its fields need. Whatever the selection — every
//! field, a few, fragments, `nodes` beside `edges` — each employee on it must read exactly as
//! the same employee read whole through `employee(id:)`.
use super::*;

/// Every field of `Employee` that reads the employee's own row.
const ALL_FIELDS: &str = "id employeeNo name phone position hireDate status keyPosition version \
    createdAt updatedAt orgUnit { id code name kind version parent { id } } \
    reportingLine { superior { person { id name } } skipLevel { person { id name } } }";

async fn page_matches_whole_rows(app: &TestApp, token: &str, page_query: &str, fields: &str) {
    let page = app.gql(token, page_query, json!({})).await;
    assert!(page.get("errors").is_none(), "{page}");
    let conn = &page["data"]["employees"];
    let mut nodes: Vec<Value> = conn["edges"]
        .as_array()
        .map(|e| e.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default();
    if let Some(more) = conn["nodes"].as_array() {
        nodes.extend(more.iter().cloned());
    }
    assert!(nodes.len() >= 5, "the page has people: {page}");
    for node in nodes {
        let id = node["id"].as_str().unwrap();
        let one = app
            .gql(
                token,
                &format!("query($id: ID!) {{ employee(id: $id) {{ {fields} }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            node, one["data"]["employee"],
            "the page and the whole row differ for {id} in {page_query}"
        );
    }
}

on_both!(
    employee_pages_read_as_whole_rows_whatever_is_selected,
    |db| {
        let app = TestApp::with_demo(db).await;
        for login in ["H0001", "L0001", "M0001"] {
            let token = app.demo(login).await;
            for fields in [
                ALL_FIELDS,
                "id name",
                "id employeeNo orgUnit { name }",
                "id phone",
                "id hireDate status version",
            ] {
                page_matches_whole_rows(
                    &app,
                    &token,
                    &format!("{{ employees(first: 30) {{ edges {{ node {{ {fields} }} }} }} }}"),
                    fields,
                )
                .await;
            }
            // Sorted by a column the selection does not name, across a page boundary.
            page_matches_whole_rows(
            &app,
            &token,
            "{ employees(first: 30, sort: {field: HIRE_DATE, direction: DESC}) { edges { node { id name } } } }",
            "id name",
        )
        .await;
            // Fields spread from fragments and asked through `nodes` as well.
            page_matches_whole_rows(
            &app,
            &token,
            "query { employees(first: 30) { edges { node { id ...P ... on Employee { keyPosition orgUnit { code } } } } \
             nodes { id ... on Employee { keyPosition orgUnit { code } } ...P } } } \
             fragment P on Employee { employeeNo phone }",
            "id employeeNo phone keyPosition orgUnit { code }",
        )
        .await;
        }
    }
);

on_both!(a_projected_page_pages_on_like_a_whole_one, |db| {
    let app = TestApp::with_demo(db).await;
    let token = app.demo("H0001").await;
    // The cursor of a page that read only names leads to the same next page as one that read
    // every column.
    let mut seen = Vec::new();
    for fields in ["id", ALL_FIELDS] {
        let q = format!(
            "query($after: String) {{ employees(first: 7, after: $after, sort: {{field: NAME, direction: ASC}}) {{ \
             pageInfo {{ endCursor }} edges {{ node {{ {fields} }} }} }} }}"
        );
        let first = app.gql(&token, &q, json!({ "after": null })).await;
        assert!(first.get("errors").is_none(), "{first}");
        let cursor = first["data"]["employees"]["pageInfo"]["endCursor"].clone();
        let second = app.gql(&token, &q, json!({ "after": cursor })).await;
        let ids: Vec<Value> = second["data"]["employees"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].clone())
            .collect();
        assert_eq!(ids.len(), 7, "{second}");
        seen.push((cursor, ids));
    }
    assert_eq!(seen[0], seen[1]);
});

on_both!(pool_pages_read_employees_as_whole_rows, |db| {
    let app = TestApp::with_demo(db).await;
    let token = app.demo("H0001").await;
    let with_superior = format!("{ALL_FIELDS} superior {{ id name }}");
    for fields in [with_superior.as_str(), "id name orgUnit { name }", "id"] {
        for shape in [
            format!("{{ talentPool(first: 20) {{ edges {{ node {{ echelon employee {{ {fields} }} }} }} }} }}"),
            format!("{{ talentPool(first: 20) {{ nodes {{ employee {{ ...F }} }} }} }} fragment F on Employee {{ {fields} }}"),
        ] {
            let page = app.gql(&token, &shape, json!({})).await;
            assert!(page.get("errors").is_none(), "{page}");
            let pool = &page["data"]["talentPool"];
            let employees: Vec<Value> = pool["edges"]
                .as_array()
                .or(pool["nodes"].as_array())
                .unwrap()
                .iter()
                .map(|n| n.get("node").unwrap_or(n)["employee"].clone())
                .collect();
            assert!(employees.len() >= 3, "the demo pool has members: {page}");
            for e in employees {
                let one = app
                    .gql(
                        &token,
                        &format!("query($id: ID!) {{ employee(id: $id) {{ {fields} }} }}"),
                        json!({ "id": e["id"] }),
                    )
                    .await;
                assert_eq!(e, one["data"]["employee"], "{shape}");
            }
        }
    }
});
