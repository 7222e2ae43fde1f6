//! Health, metrics, the reading side of org units, and statements per request.
use super::*;

on_both!(health_and_metrics_answer, |db| {
    let app = TestApp::spawn(db).await;
    let h: Value = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["status"], "ok");
    let m = app.metrics().await;
    assert!(m.contains("echelon_http_requests_total "), "{m}");
    assert!(m.contains("echelon_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
});

on_both!(the_org_tree_pages_in_tree_order, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let q = "query($a:String){ orgUnits(first: 7, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { code kind parent { code } } } } }";
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app.gql(&hr, q, json!({"a": after})).await;
        let conn = &page["data"]["orgUnits"];
        assert_eq!(conn["totalCount"], 19, "{page}");
        for e in conn["edges"].as_array().unwrap() {
            seen.push(e["node"]["code"].as_str().unwrap().to_owned());
        }
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 19);
    assert_eq!(seen[0], "ECH", "the company comes first");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 19, "no unit twice across pages");
    let agent = app.demo("E0001").await;
    let mine = app
        .gql(
            &agent,
            "{ orgUnits(first: 50){ edges { node { code } } } }",
            json!({}),
        )
        .await;
    let codes: Vec<&str> = mine["data"]["orgUnits"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["ECH", "SH", "SH-EC", "SH-EC-T1"],
        "an agent sees their own chain"
    );
});

on_both!(
    employee_pages_cost_the_same_statements_whatever_their_size,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let q = "query($n:Int!){ employees(first:$n, sort:{field: NAME, direction: DESC}){ totalCount edges { node { employeeNo name orgUnit { name } superior { name } } } } }";
        let mut counts = Vec::new();
        for n in [5, 50] {
            let res = app
                .client
                .post(format!("{}/graphql", app.address))
                .bearer_auth(&hr)
                .json(&json!({"query": q, "variables": {"n": n}}))
                .send()
                .await
                .unwrap();
            let statements: u32 = res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let body: Value = res.json().await.unwrap();
            assert_eq!(
                body["data"]["employees"]["edges"].as_array().unwrap().len(),
                n as usize,
                "{body}"
            );
            counts.push(statements);
        }
        assert_eq!(
            counts[0], counts[1],
            "statements per page must not grow with its size: {counts:?}"
        );
        assert!(counts[1] <= 6, "{counts:?}");
    }
);

on_both!(employee_sorting_and_paging_agree, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let q = "query($a:String){ employees(first: 40, after:$a, sort:{field: HIRE_DATE, direction: DESC}){ pageInfo { hasNextPage endCursor } edges { node { employeeNo hireDate } } } }";
    let mut dates = Vec::new();
    let mut nos = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app.gql(&hr, q, json!({"a": after})).await;
        let conn = &page["data"]["employees"];
        for e in conn["edges"].as_array().unwrap() {
            dates.push(e["node"]["hireDate"].as_str().unwrap().to_owned());
            nos.push(e["node"]["employeeNo"].as_str().unwrap().to_owned());
        }
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(nos.len() as i64, app.count("employees").await);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "descending by hire date"
    );
    nos.sort();
    nos.dedup();
    assert_eq!(
        nos.len() as i64,
        app.count("employees").await,
        "no one twice, no one missed"
    );
});

on_both!(
    graphiql_is_served_from_vendored_assets_only_when_enabled,
    |db| {
        let off = TestApp::spawn(db).await;
        let res = off
            .client
            .get(format!("{}/graphql", off.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404);
        drop(off);
        let on = TestApp::spawn_with(db, |s| s.graphiql = true).await;
        let page = on
            .client
            .get(format!("{}/graphql", on.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("/graphiql/graphiql.min.js"), "{page}");
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no external assets: {page}"
        );
        let js = on
            .client
            .get(format!("{}/graphiql/graphiql.min.js", on.address))
            .send()
            .await
            .unwrap();
        assert_eq!(js.status().as_u16(), 200);
        assert!(js.bytes().await.unwrap().len() > 100_000);
    }
);

/// SQLite plans `LIMIT ?` and `LIKE ?` with the values bound to them unless its query planner
/// stability guarantee is on, and then parses every such statement again on each execution.
/// The build turns the guarantee on (`.cargo/config.toml`); this fails if it is lost.
#[tokio::test]
async fn sqlite_is_built_to_reuse_its_prepared_statements() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn(Db::Sqlite).await;
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA compile_options",
        ))
        .await
        .unwrap();
    let options: Vec<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    assert!(
        options.iter().any(|o| o == "ENABLE_QPSG"),
        "compiled without ENABLE_QPSG: {options:?}"
    );
}

on_both!(the_caller_and_their_own_unit_come_in_one_statement, |db| {
    use super::talent::statements;
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let hr = app.demo("H0001").await;
    let q = "{ me { employee { employeeNo orgUnit { id name version } } } }";
    let (n, mine) = statements(&app, &agent, q).await;
    assert_eq!(n, 1, "{mine}");
    let unit = &mine["data"]["me"]["employee"]["orgUnit"];
    // The same unit as a lookup of its own gives.
    let looked_up = app
        .gql(
            &hr,
            "query($id: ID!){ orgUnit(id: $id){ id name version } }",
            json!({"id": unit["id"]}),
        )
        .await;
    assert_eq!(&looked_up["data"]["orgUnit"], unit, "{looked_up}");
    // Renamed, the next request shows the new name: the unit is read with the caller, afresh.
    let renamed = app
        .gql(
            &hr,
            "mutation($id: ID!, $v: Int!){ updateOrgUnit(input: {id: $id, expectedVersion: $v, name: \"电商客服新一组\"}){ name } }",
            json!({"id": unit["id"], "v": unit["version"]}),
        )
        .await;
    assert_eq!(
        renamed["data"]["updateOrgUnit"]["name"], "电商客服新一组",
        "{renamed}"
    );
    let (_, again) = statements(&app, &agent, q).await;
    assert_eq!(
        again["data"]["me"]["employee"]["orgUnit"]["name"],
        "电商客服新一组"
    );
});
