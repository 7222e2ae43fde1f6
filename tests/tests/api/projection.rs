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
                // Each unit field, as the units come with the page in part.
                "id orgUnit { createdAt updatedAt leader { id name } }",
                "id orgUnit { __typename kind parent { id name code } }",
                "id orgUnit { ... on OrgUnit { code version } name }",
                // Nested records, whose scope checks read the unit path.
                "id history { action } poolHistory { kind } competencyReviews { period } \
                 inventories { id }",
                "id monthlyPoints(fromMonth: \"2026-01\", toMonth: \"2026-03\") { month points }",
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
    // The cursor of a page that read only a few columns (neither the id nor the sort key
    // among them, in the last two) leads to the same next page as one that read every column,
    // whether it is the page's end cursor or its last edge's.
    let next = "query($after: String) { employees(first: 7, after: $after, \
                sort: {field: NAME, direction: ASC}) { edges { node { id } } } }";
    let mut seen = Vec::new();
    for (fields, cursor) in [
        (ALL_FIELDS, "pageInfo { endCursor }"),
        ("id", "pageInfo { endCursor }"),
        ("employeeNo", "pageInfo { endCursor }"),
        ("position", "edges { cursor }"),
    ] {
        let q = format!(
            "{{ employees(first: 7, sort: {{field: NAME, direction: ASC}}) {{ \
             {cursor} edges {{ node {{ {fields} }} }} }} }}"
        );
        let first = app.gql(&token, &q, json!({})).await;
        assert!(first.get("errors").is_none(), "{first}");
        let conn = &first["data"]["employees"];
        let cursor = match conn["pageInfo"]["endCursor"].as_str() {
            Some(c) => c.to_owned(),
            None => conn["edges"][6]["cursor"].as_str().unwrap().to_owned(),
        };
        let second = app.gql(&token, next, json!({ "after": cursor })).await;
        let ids: Vec<Value> = second["data"]["employees"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].clone())
            .collect();
        assert_eq!(ids.len(), 7, "{second}");
        seen.push((cursor, ids));
    }
    for other in &seen[1..] {
        assert_eq!(&seen[0], other);
    }
});

on_both!(a_page_without_ids_answers_as_one_with_them, |db| {
    let app = TestApp::with_demo(db).await;
    let page = |fields: String| {
        format!("{{ employees(first: 30) {{ totalCount edges {{ node {{ {fields} }} }} }} }}")
    };
    // Fields that need the employee's id or unit path, asked without `id`: one's own phone
    // unmasked, the nested records within scope, the same as when the id is asked too.
    for (login, fields) in [
        ("E0001", "phone"),
        ("L0001", "name phone"),
        ("L0001", "history { action } poolHistory { kind }"),
        ("M0001", "competencyReviews { period } inventories { id }"),
        (
            "M0001",
            "monthlyPoints(fromMonth: \"2026-01\", toMonth: \"2026-02\") { month }",
        ),
        ("L0001", "__typename"),
    ] {
        let token = app.demo(login).await;
        let without = app.gql(&token, &page(fields.to_owned()), json!({})).await;
        let with = app
            .gql(&token, &page(format!("id {fields}")), json!({}))
            .await;
        assert!(without.get("errors").is_none(), "{login}: {without}");
        assert!(with.get("errors").is_none(), "{login}: {with}");
        let mut expected = with["data"]["employees"].clone();
        for edge in expected["edges"].as_array_mut().unwrap() {
            edge["node"].as_object_mut().unwrap().remove("id");
        }
        assert_eq!(without["data"]["employees"], expected, "{login}: {fields}");
        assert!(expected["totalCount"].as_u64().unwrap() >= 1, "{login}");
    }
    // The agent's own phone is the whole number.
    let token = app.demo("E0001").await;
    let own = app
        .gql(
            &token,
            "{ employees(first: 5) { edges { node { phone } } } }",
            json!({}),
        )
        .await;
    let phone = own["data"]["employees"]["edges"][0]["node"]["phone"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!phone.contains('*') && phone.len() == 11, "{own}");
    // A page that asks for no column of its rows still has them, and counts.
    let token = app.demo("H0001").await;
    let total = app
        .gql(
            &token,
            "{ employees(first: 5) { totalCount edges { __typename } } }",
            json!({}),
        )
        .await;
    assert!(total.get("errors").is_none(), "{total}");
    assert!(
        total["data"]["employees"]["totalCount"].as_u64().unwrap() > 100,
        "{total}"
    );
    assert_eq!(
        total["data"]["employees"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
});

/// The rows of a `talentPool` answer, by `edges` or by `nodes`, after checking it has no errors.
fn pool_rows(page: &Value) -> Vec<&Value> {
    assert!(page.get("errors").is_none(), "{page}");
    let pool = &page["data"]["talentPool"];
    pool["edges"]
        .as_array()
        .map(|e| e.iter().map(|e| &e["node"]).collect())
        .or(pool["nodes"].as_array().map(|n| n.iter().collect()))
        .unwrap_or_else(|| panic!("a page of rows: {page}"))
}

on_both!(pool_pages_read_employees_as_whole_rows, |db| {
    let app = TestApp::with_demo(db).await;
    let token = app.demo("H0001").await;
    let with_superior = format!("{ALL_FIELDS} superior {{ id name }}");
    for fields in [
        with_superior.as_str(),
        "id name orgUnit { name }",
        "id orgUnit { code kind version createdAt updatedAt leader { id } parent { name } }",
        "id",
    ] {
        for shape in [
            format!("{{ talentPool(first: 20) {{ edges {{ node {{ echelon employee {{ {fields} }} }} }} }} }}"),
            format!("{{ talentPool(first: 20) {{ nodes {{ employee {{ ...F }} }} }} }} fragment F on Employee {{ {fields} }}"),
        ] {
            let page = app.gql(&token, &shape, json!({})).await;
            let employees: Vec<Value> = pool_rows(&page)
                .into_iter()
                .map(|n| n["employee"].clone())
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

on_both!(pool_pages_read_memberships_as_members_see_their_own, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let admin = app.demo("A0001").await;
    // What each member sees of their own membership, by 工号, in the page's order.
    let page = app
        .gql(
            &hr,
            "{ talentPool(first: 20) { nodes { employee { employeeNo } } } }",
            json!({}),
        )
        .await;
    let numbers: Vec<String> = page["data"]["talentPool"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["employee"]["employeeNo"].as_str().unwrap().to_owned())
        .collect();
    assert!(numbers.len() >= 4, "the demo pool has members: {page}");
    let mut own = Vec::new();
    for no in &numbers {
        let token = super::talent::token_of(&app, &admin, no).await;
        let mine = app
            .gql(
                &token,
                "{ myTalent { membership { id echelon joinedAt } } }",
                json!({}),
            )
            .await;
        let m = mine["data"]["myTalent"]["membership"].clone();
        assert!(m["id"].is_string() && m["joinedAt"].is_string(), "{mine}");
        own.push(m);
    }
    for fields in [
        "id echelon joinedAt",
        "echelon",
        "joinedAt __typename",
        "id",
        "__typename",
    ] {
        for shape in [
            format!("{{ talentPool(first: 20) {{ edges {{ node {{ {fields} employee {{ employeeNo }} }} }} }} }}"),
            format!("{{ talentPool(first: 20) {{ nodes {{ ...M }} }} }} fragment M on PoolMember {{ {fields} }}"),
        ] {
            let page = app.gql(&hr, &shape, json!({})).await;
            let rows = pool_rows(&page);
            assert_eq!(rows.len(), numbers.len(), "{page}");
            for (i, row) in rows.iter().enumerate() {
                if let Some(no) = row.get("employee") {
                    assert_eq!(no["employeeNo"], numbers[i].as_str(), "{shape}");
                }
                for key in ["id", "echelon", "joinedAt"] {
                    if let Some(v) = row.get(key) {
                        assert_eq!(v, &own[i][key], "{key} of {} in {shape}", numbers[i]);
                    }
                }
                if fields.contains("__typename") {
                    assert_eq!(row["__typename"], "PoolMember", "{shape}");
                }
            }
        }
    }
    // Cursors from pages that read no membership column: the next page is the same.
    for shape in [
        "{ talentPool(first: 2) { edges { cursor node { employee { name } } } } }",
        "{ talentPool(first: 2) { pageInfo { endCursor } nodes { __typename } } }",
    ] {
        let page = app.gql(&hr, shape, json!({})).await;
        let pool = &page["data"]["talentPool"];
        let cursor = pool["edges"][1]["cursor"]
            .as_str()
            .or(pool["pageInfo"]["endCursor"].as_str())
            .unwrap_or_else(|| panic!("{page}"))
            .to_owned();
        let next = app
            .gql(
                &hr,
                "query($a: String!) { talentPool(first: 20, after: $a) { nodes { employee { employeeNo } } } }",
                json!({ "a": cursor }),
            )
            .await;
        let after: Vec<&str> = next["data"]["talentPool"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{next}"))
            .iter()
            .map(|n| n["employee"]["employeeNo"].as_str().unwrap())
            .collect();
        assert_eq!(after, numbers[2..], "{shape}");
    }
});

/// Every field of a sign-off step.
const ALL_STEP_FIELDS: &str =
    "__typename step role signer { __typename id employeeNo name position } \
    inPlaceOf agree comment signedAt isCurrent";

on_both!(
    pool_pages_read_sign_offs_as_their_nominations_show_them,
    |db| {
        let app = TestApp::with_demo(db).await;
        let token = app.demo("H0001").await;
        for fields in [
            ALL_STEP_FIELDS,
            "role agree signer { name }",
            "__typename",
            "signer { __typename }",
            "step isCurrent",
            "inPlaceOf comment signedAt",
            "signer { id employeeNo position } agree",
            "... on SignOffStep { role signer { ...C } } signedAt",
        ] {
            // Defined only where used: an unused fragment is an error.
            let fragment = if fields.contains("...C") {
                "fragment C on PersonCard { name id }"
            } else {
                ""
            };
            // The nominations list reads every column of its steps; what it shows of each
            // admitted nomination is what the member's row must show.
            let nominations = app
            .gql(
                &token,
                &format!("{{ nominations(first: 20, filter: {{ status: ADMITTED }}) {{ nodes {{ employee {{ id }} signOffs {{ {fields} }} }} }} }} {fragment}"),
                json!({}),
            )
            .await;
            assert!(nominations.get("errors").is_none(), "{nominations}");
            let mut admitted: std::collections::HashMap<String, Vec<Value>> = Default::default();
            for n in nominations["data"]["nominations"]["nodes"]
                .as_array()
                .unwrap()
            {
                admitted
                    .entry(n["employee"]["id"].as_str().unwrap().to_owned())
                    .or_default()
                    .push(n["signOffs"].clone());
            }
            for shape in [
            format!("{{ talentPool(first: 20) {{ edges {{ node {{ employee {{ id }} signOffs {{ {fields} }} }} }} }} }} {fragment}"),
            format!("{{ talentPool(first: 20) {{ nodes {{ employee {{ id }} ...M }} }} }} fragment M on PoolMember {{ signOffs {{ {fields} }} }} {fragment}"),
        ] {
            let page = app.gql(&token, &shape, json!({})).await;
            let members = pool_rows(&page);
            let mut compared = 0;
            for m in members {
                let steps = &m["signOffs"];
                if steps.as_array().is_some_and(Vec::is_empty) {
                    continue;
                }
                let theirs = admitted
                    .get(m["employee"]["id"].as_str().unwrap())
                    .unwrap_or_else(|| panic!("{m} has steps but no admitted nomination"));
                assert!(
                    theirs.contains(steps),
                    "{shape}: the member's steps {steps} are none of {theirs:?}"
                );
                compared += 1;
            }
            assert!(compared >= 3, "the demo pool has admitted members: {page}");
        }
        }
    }
);

/// Every row of `E`'s table read by position (as the hot reads do) equals the same row read
/// by name (as sea-orm does), so a column added to a model but not to its positional reader, or
/// put in another order, fails here on both databases.
async fn positional_reads_match<E>(db: &impl sea_orm::ConnectionTrait)
where
    E: sea_orm::EntityTrait,
    E::Model: echelon::rows::ByPosition + PartialEq + std::fmt::Debug,
{
    use sea_orm::{Iterable, PrimaryKeyToColumn, QueryOrder, QueryTrait};
    let key = E::PrimaryKey::iter().next().unwrap().into_column();
    let by_name = E::find().order_by_asc(key).all(db).await.unwrap();
    assert!(!by_name.is_empty(), "the demo center has rows to compare");
    let rows = db
        .query_all_raw(E::find().order_by_asc(key).build(db.get_database_backend()))
        .await
        .unwrap();
    let by_position: Vec<E::Model> = echelon::rows::all(&rows).unwrap();
    assert_eq!(by_position, by_name);
}

on_both!(rows_read_by_position_equal_rows_read_by_name, |db| {
    use echelon::rows::{ByPosition, Columns};
    use entity::{employee, org_unit, pool_member, sign_off};
    use sea_orm::{
        ConnectionTrait, EntityTrait, Iterable, JoinType, QueryOrder, QuerySelect, QueryTrait,
    };
    let app = TestApp::with_demo(db).await;
    let conn = &app.state.db;
    positional_reads_match::<employee::Entity>(conn).await;
    positional_reads_match::<org_unit::Entity>(conn).await;
    positional_reads_match::<pool_member::Entity>(conn).await;
    positional_reads_match::<sign_off::Entity>(conn).await;

    // An outer join: each unit with its leader's record, `None` where the unit has no leader.
    let leader: sea_orm::RelationDef = org_unit::Entity::belongs_to(employee::Entity)
        .from(org_unit::Column::LeaderId)
        .to(employee::Column::Id)
        .into();
    let mut q = org_unit::Entity::find()
        .join(JoinType::LeftJoin, leader)
        .order_by_asc(org_unit::Column::Id);
    for c in employee::Column::iter() {
        q = q.column(c);
    }
    let rows = conn
        .query_all_raw(q.build(conn.get_database_backend()))
        .await
        .unwrap();
    let (mut led, mut unled) = (0, 0);
    for row in &rows {
        let mut c = Columns::new(row);
        let unit = org_unit::Model::read(&mut c).unwrap();
        let leader = employee::Model::read_optional(&mut c).unwrap();
        match unit.leader_id {
            Some(id) => {
                let whole = employee::Entity::find_by_id(id).one(conn).await.unwrap();
                assert_eq!(leader, whole, "the leader of {}", unit.code);
                led += 1;
            }
            None => {
                assert_eq!(leader, None, "{} has no leader", unit.code);
                unled += 1;
            }
        }
    }
    assert!(
        led > 0 && unled > 0,
        "{led} units with a leader, {unled} without"
    );
});
