//! Employee import (dry run, row errors, commit, upsert on 工号) and Excel export.
use super::*;

async fn import(
    app: &TestApp,
    token: &str,
    file_name: &str,
    body: Vec<u8>,
    dry_run: bool,
) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/api/employees/import", app.address))
        .query(&[
            ("fileName", file_name),
            ("dryRun", if dry_run { "true" } else { "false" }),
        ])
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

const CSV_OK: &str = "工号,姓名,电话,组织编码,岗位,直接上级工号,入职日期,状态,关键岗位\n\
N1001,新人甲,13900000001,SH-EC-T1,话务员,N1002,2026-10-01,试用,否\n\
N1002,新人乙,13900000002,SH-EC-T1,质检员,L0001,2026-10-01,正式,是\n\
E0001,改名的坐席,13900000003,SH-EC-T1,话务员,L0001,2024-03-01,正式,否\n";

on_both!(a_dry_run_reports_each_bad_row_and_writes_nothing, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let bad = format!("{CSV_OK}N1003,坏行,电话?,NOPE,话务员,,2026-02-30,在职,也许\n");
    let before = (
        app.count("employees").await,
        app.count("audit_events").await,
    );
    let (status, report) = import(&app, &hr, "staff.csv", bad.into_bytes(), true).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["committed"], false);
    assert_eq!(report["rows"], 4);
    let errors = report["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["phone", "orgUnitCode", "hireDate", "status", "keyPosition"] {
        assert!(fields.contains(&f), "{f} missing from {report}");
    }
    assert!(
        errors.iter().all(|e| e["row"] == 5),
        "the fifth line is the bad one: {report}"
    );
    assert!(errors
        .iter()
        .all(|e| !e["messageZh"].as_str().unwrap().is_empty()
            && !e["messageEn"].as_str().unwrap().is_empty()));
    assert_eq!(
        errors.iter().find(|e| e["field"] == "orgUnitCode").unwrap()["column"],
        "组织编码"
    );
    assert_eq!(
        (
            app.count("employees").await,
            app.count("audit_events").await
        ),
        before
    );
});

on_both!(
    a_clean_file_commits_creating_and_updating_by_employee_no,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let before = app.count("employees").await;
        let (_, dry) = import(&app, &hr, "staff.csv", CSV_OK.as_bytes().to_vec(), true).await;
        assert_eq!(
            (
                dry["created"].as_u64(),
                dry["updated"].as_u64(),
                dry["committed"].as_bool()
            ),
            (Some(2), Some(1), Some(false)),
            "{dry}"
        );
        assert_eq!(app.count("employees").await, before);
        let (_, done) = import(&app, &hr, "staff.csv", CSV_OK.as_bytes().to_vec(), false).await;
        assert_eq!(done["committed"], true, "{done}");
        assert_eq!(app.count("employees").await, before + 2);
        let q = "query($f:EmployeeFilterInput){ employees(first: 5, filter:$f){ edges { node { employeeNo name superior { employeeNo } } } } }";
        let found = app.gql(&hr, q, json!({"f": {"search": "N1001"}})).await;
        assert_eq!(
            found["data"]["employees"]["edges"][0]["node"]["superior"]["employeeNo"], "N1002",
            "superior later in the file: {found}"
        );
        let renamed = app.gql(&hr, q, json!({"f": {"search": "E0001"}})).await;
        assert_eq!(
            renamed["data"]["employees"]["edges"][0]["node"]["name"],
            "改名的坐席"
        );
    }
);

on_both!(only_hr_and_admin_import_and_export, |db| {
    let app = TestApp::with_demo(db).await;
    let leader = app.demo("L0001").await;
    let (status, body) = import(&app, &leader, "staff.csv", CSV_OK.as_bytes().to_vec(), true).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["extensions"]["code"], "FORBIDDEN");
    let res = app
        .client
        .get(format!("{}/api/employees/export.xlsx", app.address))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = app
        .client
        .get(format!("{}/api/employees/export.xlsx", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
});

on_both!(an_exported_list_imports_back_unchanged, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let team = app.unit_id("SH-EC-T1").await;
    let res = app
        .client
        .get(format!("{}/api/employees/export.xlsx", app.address))
        .query(&[("orgUnitId", team.as_str()), ("sort", "NAME")])
        .bearer_auth(&hr)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap().to_vec();
    let table = echelon::people::transfer::read_table(&bytes, "export.xlsx").unwrap();
    assert_eq!(table[0][0], "工号");
    assert_eq!(table.len(), 1 + 23, "the team's 23 people");
    assert!(
        table[1..]
            .iter()
            .all(|r| r[2].len() == 11 && !r[2].contains('*')),
        "full phones as text"
    );
    let (_, report) = import(&app, &hr, "export.xlsx", bytes, true).await;
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(report["updated"], 23);
});
