//! GraphQL hardening: depth, aliases, body size, batching, introspection, suggestions.
use super::*;

on_both!(queries_beyond_the_limits_are_refused, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let deep = "{ me { employee { superior { superior { superior { superior { superior { superior { superior { superior { name } } } } } } } } } } }";
    let aliases: String = (0..31).map(|i| format!("a{i}: me {{ roles }} ")).collect();
    let costly = "{ employees(first: 100){ edges { node { orgUnit { parent { parent { name } } } superior { name } reportingLine { superior { person { name } } } } } } }";
    // The second time round the server has the parsed text already: the limits still hold.
    for round in 1..=2 {
        let body = app.gql(&hr, deep, json!({})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "round {round}: {body}"
        );
        assert!(body["data"].is_null());
        let (status, body) = app
            .post(&format!("{{ {aliases} }}"), json!({}), Some(&hr))
            .await;
        assert_eq!(status, 400, "round {round}");
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "round {round}: {body}"
        );
        let body = app.gql(&hr, costly, json!({})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "round {round}, complexity: {body}"
        );
    }
});

on_both!(a_query_sent_again_is_answered_afresh, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let q = "query($no: String!, $withUnit: Boolean!) { employees(first: 1, filter: { search: $no }) { nodes { employeeNo orgUnit @include(if: $withUnit) { name } } } }";
    let first = app
        .gql(&hr, q, json!({"no": "L0001", "withUnit": true}))
        .await;
    let node = &first["data"]["employees"]["nodes"][0];
    assert_eq!(node["employeeNo"], "L0001", "{first}");
    assert!(node["orgUnit"]["name"].is_string(), "{first}");
    // Same text, other variables: another person, and the field the directive drops is gone.
    let again = app
        .gql(&hr, q, json!({"no": "M0001", "withUnit": false}))
        .await;
    let node = &again["data"]["employees"]["nodes"][0];
    assert_eq!(node["employeeNo"], "M0001", "{again}");
    assert!(node.get("orgUnit").is_none(), "{again}");
    // And back: the directive was applied to this request's copy only.
    let third = app
        .gql(&hr, q, json!({"no": "L0001", "withUnit": true}))
        .await;
    assert_eq!(third, first);
    // A text that does not parse is reported every time, not kept.
    for _ in 0..2 {
        let body = app.gql(&hr, "{ me { roles }", json!({})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "{body}"
        );
    }
});

on_both!(oversized_bodies_batches_and_non_json_are_refused, |db| {
    let app = TestApp::spawn(db).await;
    let url = format!("{}/graphql", app.address);
    let big = json!({"query": format!("{{ me {{ roles }} }} #{}", "x".repeat(130 * 1024))});
    let res = app.client.post(&url).json(&big).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 413);
    let body: Value = res.json().await.expect("a JSON answer, not plain text");
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    assert_eq!(error_field(&body).as_deref(), Some("body"), "{body}");
    let zh = body["errors"][0]["extensions"]["messageZh"]
        .as_str()
        .unwrap();
    assert!(zh.contains("过大"), "{zh}");
    let batch = json!([{"query": "{ me { roles } }"}, {"query": "{ me { roles } }"}]);
    let res = app.client.post(&url).json(&batch).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(error_code(&body).as_deref(), Some("BAD_USER_INPUT"));
    let res = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{\"query\":\"{ me { roles } }\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
});

on_both!(
    introspection_needs_a_signed_in_caller_and_suggestions_are_off,
    |db| {
        let app = TestApp::with_demo(db).await;
        let (_, anon) = app
            .post(
                "{ __schema { queryType { name } } __type(name: \"Employee\") { name } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            error_code(&anon).as_deref(),
            Some("UNAUTHENTICATED"),
            "hidden from anonymous callers, and they are told why: {anon}"
        );
        assert!(anon["data"].is_null(), "{anon}");
        // Through a fragment too.
        let (_, anon) = app
            .post(
                "query { ...F } fragment F on Query { __type(name: \"Employee\") { name } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            error_code(&anon).as_deref(),
            Some("UNAUTHENTICATED"),
            "{anon}"
        );
        let hr = app.demo("H0001").await;
        let ok = app
            .gql(&hr, "{ __schema { queryType { name } } }", json!({}))
            .await;
        assert_eq!(ok["data"]["__schema"]["queryType"]["name"], "Query");
        let typo = app
            .gql(&hr, "{ employes(first: 1) { totalCount } }", json!({}))
            .await;
        let msg = typo["errors"][0]["message"].as_str().unwrap();
        assert!(!msg.contains("Did you mean"), "{msg}");
    }
);

on_both!(internal_errors_carry_a_request_id_and_no_internals, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    // Break the database under the app: the error must not say how.
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared("ALTER TABLE employees RENAME TO employees_gone")
        .await
        .unwrap();
    let (_, body) = app
        .post(
            "{ employees(first: 5){ totalCount } }",
            json!({}),
            Some(&hr),
        )
        .await;
    assert_eq!(error_code(&body).as_deref(), Some("INTERNAL"), "{body}");
    let text = body.to_string();
    assert!(
        body["errors"][0]["extensions"]["requestId"]
            .as_str()
            .is_some_and(|r| r.len() >= 16),
        "{body}"
    );
    for leak in ["employees", "SELECT", "sqlite", "relation", "no such table"] {
        assert!(!text.contains(leak), "leaked {leak}: {text}");
    }
});

/// The server's count of requests that skipped the validation rules.
async fn prevalidated(app: &TestApp) -> u64 {
    let text = app.metrics().await;
    text.lines()
        .find_map(|l| l.strip_prefix("echelon_graphql_prevalidated_total "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no counter in {text}"))
}

on_both!(
    only_a_request_that_passed_validation_skips_it_next_time,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let agent = app.demo("E0001").await;
        let start = prevalidated(&app).await;

        // A valid query without variables: validated in full once, then run without the rules,
        // with the same answer (and the same refusal of another caller's scope).
        let q = "{ me { roles employee { employeeNo orgUnit { name } } } }";
        let first = app.gql(&hr, q, json!({})).await;
        assert_eq!(
            first["data"]["me"]["employee"]["employeeNo"], "H0001",
            "{first}"
        );
        assert_eq!(prevalidated(&app).await, start);
        for _ in 0..2 {
            assert_eq!(app.gql(&hr, q, json!({})).await, first);
        }
        let mine = app.gql(&agent, q, json!({})).await;
        assert_eq!(
            mine["data"]["me"]["employee"]["employeeNo"], "E0001",
            "{mine}"
        );
        assert_eq!(prevalidated(&app).await, start + 3);

        // A query that fails validation is validated, and refused, every time.
        let wrong = "{ me { roles noSuchField } }";
        let refused = app.gql(&hr, wrong, json!({})).await;
        assert_eq!(
            error_code(&refused).as_deref(),
            Some("BAD_USER_INPUT"),
            "{refused}"
        );
        assert!(refused["data"].is_null());
        for _ in 0..2 {
            assert_eq!(app.gql(&hr, wrong, json!({})).await, refused);
        }

        // Variables take part in validation, so a request with them is validated in full even
        // when the same text passed before: a wrong type is refused with validation's message.
        let paged = "query($n: Int = 2) { employees(first: $n) { totalCount } }";
        let ok = app.gql(&hr, paged, json!({})).await;
        assert!(
            ok["data"]["employees"]["totalCount"].as_i64().unwrap() > 2,
            "{ok}"
        );
        let bad = app.gql(&hr, paged, json!({"n": "two"})).await;
        assert_eq!(error_code(&bad).as_deref(), Some("BAD_USER_INPUT"), "{bad}");
        let msg = bad["errors"][0]["message"].as_str().unwrap();
        assert!(msg.starts_with("Invalid value for argument"), "{msg}");

        // The operations of one text are remembered each by name, and a name the text does not
        // have is refused every time.
        let two = "query Mine { me { roles } } query Theirs { me { employee { name } } }";
        let run = |operation: &'static str| {
            app.client
                .post(format!("{}/graphql", app.address))
                .bearer_auth(&hr)
                .json(&json!({"query": two, "operationName": operation}))
                .send()
        };
        for operation in ["Mine", "Theirs", "Nope", "Mine", "Theirs", "Nope"] {
            let body: Value = run(operation).await.unwrap().json().await.unwrap();
            match operation {
                "Mine" => assert!(body["data"]["me"]["roles"].is_array(), "{body}"),
                "Theirs" => assert!(body["data"]["me"]["employee"]["name"].is_string(), "{body}"),
                _ => {
                    assert_eq!(
                        error_code(&body).as_deref(),
                        Some("BAD_USER_INPUT"),
                        "{body}"
                    );
                    assert!(body["data"].is_null(), "{body}");
                }
            }
        }
        // The three skips of the first query and the second runs of `Mine` and `Theirs`.
        assert_eq!(prevalidated(&app).await, start + 5);
    }
);

/// A query nesting `levels` deep in one of the ways a value or a document can nest.
fn nested(shape: &str, levels: usize) -> String {
    let (open, close) = (|s: &str| s.repeat(levels), |s: &str| s.repeat(levels));
    match shape {
        "list argument" => format!(
            "{{ employees(first: 1, filter: {{ search: {}\"x\"{} }}) {{ totalCount }} }}",
            open("["),
            close("]")
        ),
        "object argument" => format!(
            "{{ employees(first: 1, filter: {}1{}) {{ totalCount }} }}",
            open("{a:"),
            close("}")
        ),
        "directive argument" => format!(
            "{{ me @include(if: {}true{}) {{ roles }} }}",
            open("["),
            close("]")
        ),
        "variable default" => format!(
            "query($x: String = {}\"x\"{}) {{ me {{ roles }} }}",
            open("["),
            close("]")
        ),
        "selection" => format!("{{ me {}roles{} }}", open("{ employee "), close("}")),
        other => panic!("no shape {other}"),
    }
}

on_both!(
    no_nesting_within_the_size_limit_brings_the_server_down,
    |db| {
        let app = TestApp::with_demo(db).await;
        let url = format!("{}/graphql", app.address);
        let shapes = [
            "list argument",
            "object argument",
            "directive argument",
            "variable default",
            "selection",
        ];
        for shape in shapes {
            let query = nested(shape, 10_000);
            assert!(query.len() < 128 * 1024, "{shape} fits the body limit");
            let (status, body) = app.post(&query, json!({}), None).await;
            assert_eq!(status, 400, "{shape}: {body}");
            assert_eq!(
                error_code(&body).as_deref(),
                Some("BAD_USER_INPUT"),
                "{shape}: {body}"
            );
            assert_eq!(error_field(&body).as_deref(), Some("query"), "{shape}");
            // Answered, so the process is up: the next request is served.
            let hr = app.demo("H0001").await;
            let me = app.gql(&hr, "{ me { roles } }", json!({})).await;
            assert_eq!(me["data"]["me"]["roles"], json!(["HR"]), "after {shape}");
        }
        // Variables in the JSON body, nested as deep.
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let body = format!(
        "{{\"query\":\"query($x: [Int]) {{ me {{ roles }} }}\",\"variables\":{{\"x\":{deep}}}}}"
    );
        let res = app
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 400);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "{body}"
        );
        // A query that nests as a real one does is still answered.
        let hr = app.demo("H0001").await;
        let fine = app
            .gql(
                &hr,
                "{ me { employee { orgUnit { parent { parent { name } } } } } }",
                json!({}),
            )
            .await;
        assert!(fine["errors"].is_null(), "{fine}");
    }
);

on_both!(limits_cost_a_page_once_and_speak_both_languages, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    // A page's own fields are costed once, not once per row.
    let page = "{ employees(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id employeeNo } } } }";
    let body = app.gql(&hr, page, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["employees"]["edges"].as_array().unwrap().len(),
        100
    );
    let inbox = "{ inbox(first: 100) { waiting { count items { kind subjectId subjectLabel dueDate at action } } done { count items { kind subjectId subjectLabel dueDate at action } } started { count items { kind subjectId subjectLabel dueDate at action } } } }";
    let body = app.gql(&hr, inbox, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    // A query past a limit is refused in words of both languages, naming the query.
    let costly = "{ employees(first: 100){ edges { node { orgUnit { parent { parent { name } } } superior { name } reportingLine { superior { person { name } } } } } } }";
    let body = app.gql(&hr, costly, json!({})).await;
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(ext["field"], "query", "{body}");
    let zh = ext["messageZh"].as_str().unwrap();
    assert!(zh.contains("复杂"), "{zh}");
    assert!(
        !zh.chars().any(|c| c.is_ascii_alphabetic()),
        "no English in {zh}"
    );
    assert!(ext["messageEn"].as_str().unwrap().contains("complex"));
    // The same field written over and over is counted.
    let repeated = format!("{{ {} }}", "__typename ".repeat(10_000));
    let (status, body) = app.post(&repeated, json!({}), Some(&hr)).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    let spread = format!(
        "{{ {} }} fragment F on Query {{ __typename }}",
        "...F ".repeat(5_000)
    );
    let (status, body) = app.post(&spread, json!({}), Some(&hr)).await;
    assert_eq!(status, 400, "{body}");
});
