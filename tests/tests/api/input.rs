//! Bad input is refused with BAD_USER_INPUT naming the field, before anything is written.
use super::*;

const CREATE: &str =
    "mutation($i:CreateEmployeeInput!){ createEmployee(input:$i){ id employeeNo name } }";

async fn valid(app: &TestApp) -> Value {
    json!({
        "employeeNo": "N9001",
        "name": "新员工",
        "phone": "13900001111",
        "orgUnitId": app.unit_id("SH-EC-T1").await,
        "position": "话务员",
        "hireDate": "2026-11-01",
        "status": "PROBATION"
    })
}

on_both!(each_bad_field_is_named_and_nothing_is_written, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let base = valid(&app).await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("name", json!("张".repeat(65)), "name"),
        ("name", json!("a\u{0000}b"), "name"),
        ("name", json!("   "), "name"),
        ("hireDate", json!("2026-02-30"), "hireDate"),
        ("hireDate", json!("1900-01-01"), "hireDate"),
        ("employeeNo", json!("E0001"), "employeeNo"),
        ("employeeNo", json!("工号 1"), "employeeNo"),
        ("phone", json!("call me"), "phone"),
        (
            "orgUnitId",
            json!(format!("OrgUnit:{}", uuid::Uuid::now_v7())),
            "orgUnitId",
        ),
        (
            "superiorId",
            json!(format!("Employee:{}", uuid::Uuid::now_v7())),
            "superiorId",
        ),
    ];
    let employees = app.count("employees").await;
    let events = app.count("audit_events").await;
    for (key, value, field) in cases {
        let mut input = base.clone();
        input[key] = value.clone();
        let body = app.gql(&hr, CREATE, json!({"i": input})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "{key}={value}: {body}"
        );
        assert_eq!(
            error_field(&body).as_deref(),
            Some(field),
            "{key}={value}: {body}"
        );
        let ext = &body["errors"][0]["extensions"];
        assert!(
            ext["messageZh"].as_str().is_some_and(|m| !m.is_ascii()),
            "Chinese message: {body}"
        );
        assert!(
            ext["messageEn"].as_str().is_some_and(|m| m.is_ascii()),
            "English message: {body}"
        );
    }
    assert_eq!(app.count("employees").await, employees);
    assert_eq!(app.count("audit_events").await, events);
});

on_both!(wrong_types_and_unknown_enums_are_bad_input, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let mut input = valid(&app).await;
    input["status"] = json!("RETIRED");
    let body = app.gql(&hr, CREATE, json!({"i": input})).await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    let mut input = valid(&app).await;
    input["name"] = json!(42);
    let body = app.gql(&hr, CREATE, json!({"i": input})).await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    let body = app
        .gql(
            &hr,
            "{ employees(first: 2147483648){ totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    for first in [0, 101, -1] {
        let body = app
            .gql(
                &hr,
                "query($f:Int!){ employees(first:$f){ totalCount } }",
                json!({"f": first}),
            )
            .await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "first={first}: {body}"
        );
    }
    let body = app
        .gql(&hr, "{ employees { totalCount } }", json!({}))
        .await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "first is required: {body}"
    );
});

on_both!(chinese_text_and_emoji_round_trip_byte_for_byte, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let mut input = valid(&app).await;
    let name = "欧阳娜娜😀𠮷";
    input["name"] = json!(name);
    let body = app.gql(&hr, CREATE, json!({"i": input})).await;
    assert_eq!(body["data"]["createEmployee"]["name"], name, "{body}");
    let id = body["data"]["createEmployee"]["id"].clone();
    let read = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ name } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        read["data"]["employee"]["name"]
            .as_str()
            .unwrap()
            .as_bytes(),
        name.as_bytes()
    );
    let found = app
        .gql(
            &hr,
            "{ employees(first: 5, filter:{search:\"欧阳\"}){ totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(found["data"]["employees"]["totalCount"], 1, "{found}");
});

on_both!(a_reporting_cycle_is_refused, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    // L0001 reports to M0001; making M0001 report to L0001 would close a loop.
    let m = app.employee_id("M0001").await;
    let l = app.employee_id("L0001").await;
    let v = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ version } }",
            json!({"id": m}),
        )
        .await;
    let body = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!,$s:ID){ updateEmployee(input:{id:$id, expectedVersion:$v, superiorId:$s}){ id } }",
            json!({"id": m, "v": v["data"]["employee"]["version"], "s": l}),
        )
        .await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    assert_eq!(error_field(&body).as_deref(), Some("superiorId"));
    let own = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, superiorId:$id}){ id } }",
            json!({"id": m, "v": v["data"]["employee"]["version"]}),
        )
        .await;
    assert_eq!(
        error_field(&own).as_deref(),
        Some("superiorId"),
        "reporting to oneself: {own}"
    );
});

on_both!(a_leader_outside_the_unit_is_refused, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let team = app.unit_id("SH-EC-T2").await;
    let v = app
        .gql(
            &hr,
            "query($id:ID!){ orgUnit(id:$id){ version } }",
            json!({"id": team}),
        )
        .await;
    let version = v["data"]["orgUnit"]["version"].clone();
    let outsider = app.employee_id("E0001").await; // in SH-EC-T1
    let body = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!,$l:ID){ updateOrgUnit(input:{id:$id, expectedVersion:$v, leaderId:$l}){ id } }",
            json!({"id": team, "v": version, "l": outsider}),
        )
        .await;
    assert_eq!(
        error_code(&body).as_deref(),
        Some("BAD_USER_INPUT"),
        "{body}"
    );
    assert_eq!(error_field(&body).as_deref(), Some("leaderId"));
    let insider = app.employee_id("E0030").await; // in SH-EC-T2
    let ok = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!,$l:ID){ updateOrgUnit(input:{id:$id, expectedVersion:$v, leaderId:$l}){ leader { employeeNo } } }",
            json!({"id": team, "v": version, "l": insider}),
        )
        .await;
    assert_eq!(
        ok["data"]["updateOrgUnit"]["leader"]["employeeNo"], "E0030",
        "{ok}"
    );
});

on_both!(org_units_nest_one_level_at_a_time, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let q =
        "mutation($i:CreateOrgUnitInput!){ createOrgUnit(input:$i){ id kind parent { code } } }";
    let company = app.unit_id("ECH").await;
    let bad = app
        .gql(
            &hr,
            q,
            json!({"i": {"code": "X-T9", "name": "错层班组", "kind": "TEAM", "parentId": company}}),
        )
        .await;
    assert_eq!(error_field(&bad).as_deref(), Some("kind"), "{bad}");
    let orphan = app
        .gql(
            &hr,
            q,
            json!({"i": {"code": "X-S9", "name": "无上级职场", "kind": "SITE"}}),
        )
        .await;
    assert_eq!(
        error_field(&orphan).as_deref(),
        Some("parentId"),
        "{orphan}"
    );
    let dup = app
        .gql(
            &hr,
            q,
            json!({"i": {"code": "SH", "name": "重复", "kind": "SITE", "parentId": company}}),
        )
        .await;
    assert_eq!(error_field(&dup).as_deref(), Some("code"), "{dup}");
    let ok = app
        .gql(
            &hr,
            q,
            json!({"i": {"code": "GZ", "name": "广州职场", "kind": "SITE", "parentId": company}}),
        )
        .await;
    assert_eq!(ok["data"]["createOrgUnit"]["parent"]["code"], "ECH", "{ok}");
});
