//! Filters narrow a caller's reach and never widen it: a team leader's search, status or unit
//! filter over employees, and a kind or parent filter over units, stay within the team.
use super::*;

on_both!(employee_filters_stay_within_a_team_leaders_reach, |db| {
    let app = TestApp::with_demo(db).await;
    let leader = app.demo("L0001").await;
    let q = "query($f: EmployeeFilterInput){ employees(first: 100, filter: $f) { edges { node { employeeNo orgUnit { code } } } } }";
    for filter in [
        json!({"search": "E00"}),
        json!({"status": "REGULAR"}),
        json!({"position": "话务员"}),
        json!({"keyPosition": false}),
    ] {
        let body = app.gql(&leader, q, json!({ "f": filter })).await;
        let edges = body["data"]["employees"]["edges"]
            .as_array()
            .unwrap()
            .clone();
        assert!(!edges.is_empty(), "{filter}: the team matches: {body}");
        for e in &edges {
            assert_eq!(
                e["node"]["orgUnit"]["code"], "SH-EC-T1",
                "{filter} reached outside the team: {e}"
            );
        }
    }
});

on_both!(unit_filters_stay_within_a_team_leaders_reach, |db| {
    let app = TestApp::with_demo(db).await;
    let leader = app.demo("L0001").await;
    let q =
        "query($f: OrgUnitFilter){ orgUnits(first: 100, filter: $f) { edges { node { code } } } }";
    let body = app.gql(&leader, q, json!({ "f": {"kind": "TEAM"} })).await;
    let codes: Vec<String> = body["data"]["orgUnits"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["SH-EC-T1"], "{body}");
    // The company is in the leader's own chain; its children beyond that chain are not theirs.
    let company = app.unit_id("ECH").await;
    let body = app
        .gql(&leader, q, json!({ "f": {"parentId": company} }))
        .await;
    let codes: Vec<String> = body["data"]["orgUnits"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["SH"], "{body}");
});

on_both!(search_ignores_the_case_of_latin_letters, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let q = "query($s: String){ employees(first: 1, filter: { search: $s }) { totalCount } }";
    let count = |body: Value| body["data"]["employees"]["totalCount"].as_i64().unwrap();
    let upper = count(app.gql(&hr, q, json!({"s": "E00"})).await);
    assert!(upper > 50, "the demo has many agents: {upper}");
    for s in ["e00", "E00", "e0"] {
        let n = count(app.gql(&hr, q, json!({"s": s})).await);
        assert!(n >= upper, "{s}: {n} against {upper}");
    }
    assert_eq!(count(app.gql(&hr, q, json!({"s": "e00"})).await), upper);
    // Chinese names are found as written, and the pattern's own characters match literally.
    let name = app
        .gql(&hr, "{ me { employee { name } } }", json!({}))
        .await["data"]["me"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(count(app.gql(&hr, q, json!({"s": name})).await) >= 1);
    assert_eq!(count(app.gql(&hr, q, json!({"s": "e0%"})).await), 0);
});
