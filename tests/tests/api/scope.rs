//! The role × operation × scope matrix: every operation of the foundation, every role, against
//! self, own team, other team, other site and a nonexistent id. The expected reach is written
//! out here independently of the policy table it checks.
use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    SelfOnly,
    Team,
    Subtree,
    All,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Myself,
    OwnTeam,
    OtherTeam,
    OtherSite,
    Nonexistent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Forbidden,
    NotFound,
}

/// (login, role name) of the demo accounts; all sit in or above 电商客服一组 (SH-EC-T1).
const ACTORS: [(&str, &str); 8] = [
    ("E0001", "agent"),
    ("L0001", "team_leader"),
    ("M0001", "manager"),
    ("T0001", "trainer"),
    ("H0001", "hr"),
    ("R0001", "risk_officer"),
    ("G0001", "logistics"),
    ("A0001", "admin"),
];

fn reach(op: &str, role: &str) -> Option<Reach> {
    use Reach::*;
    match (op, role) {
        ("employee" | "reportingLine", "agent" | "trainer" | "risk_officer" | "logistics") => {
            Some(SelfOnly)
        }
        ("employee" | "reportingLine", "team_leader") => Some(Team),
        ("employee" | "reportingLine", "manager") => Some(Subtree),
        ("employee" | "reportingLine", "hr" | "admin") => Some(All),
        ("revealPhone", "team_leader") => Some(Team),
        ("revealPhone", "manager") => Some(Subtree),
        ("revealPhone", "hr" | "admin") => Some(All),
        // Everyone reads the history of their own record (我的 page).
        ("auditHistory", "agent" | "trainer" | "risk_officer" | "logistics") => Some(SelfOnly),
        ("auditHistory", "team_leader") => Some(Team),
        ("auditHistory", "manager") => Some(Subtree),
        ("auditHistory", "hr" | "admin") => Some(All),
        ("updateEmployee", "hr" | "admin") => Some(All),
        _ => None,
    }
}

fn expected(op: &str, role: &str, target: Target) -> Outcome {
    let Some(r) = reach(op, role) else {
        return Outcome::Forbidden;
    };
    let needed = match target {
        Target::Myself => Reach::SelfOnly,
        Target::OwnTeam => Reach::Team,
        // The manager runs the project both teams belong to.
        Target::OtherTeam => Reach::Subtree,
        Target::OtherSite | Target::Nonexistent => Reach::All,
    };
    match (target, r) {
        (Target::Nonexistent, Reach::All) => Outcome::NotFound,
        (Target::Nonexistent, _) => Outcome::Forbidden,
        _ if r >= needed => Outcome::Ok,
        _ => Outcome::Forbidden,
    }
}

fn outcome_of(body: &Value, op: &str) -> Outcome {
    match error_code(body).as_deref() {
        None if !body["data"][op].is_null() => Outcome::Ok,
        Some("FORBIDDEN") => Outcome::Forbidden,
        Some("NOT_FOUND") => Outcome::NotFound,
        _ => panic!("unexpected answer to {op}: {body}"),
    }
}

on_both!(every_operation_obeys_role_and_data_scope, |db| {
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    let targets_by_no = [
        ("E0002", Target::OwnTeam),
        ("E0023", Target::OtherTeam),
        ("E0133", Target::OtherSite),
    ];
    let mut checked = 0;
    for (login, role) in ACTORS {
        let token = app.demo(login).await;
        let mut targets = vec![(app.employee_id(login).await, Target::Myself)];
        for (no, t) in targets_by_no {
            targets.push((app.employee_id(no).await, t));
        }
        targets.push((
            format!("Employee:{}", uuid::Uuid::now_v7()),
            Target::Nonexistent,
        ));
        for (id, target) in &targets {
            for op in [
                "employee",
                "reportingLine",
                "revealPhone",
                "auditHistory",
                "updateEmployee",
            ] {
                let body = match op {
                    "employee" => app.gql(&token, "query($id:ID!){ employee(id:$id){ name } }", json!({"id": id})).await,
                    "reportingLine" => {
                        app.gql(&token, "query($id:ID!){ employee(id:$id){ reportingLine { superior { person { name } } } } }", json!({"id": id}))
                            .await
                    }
                    "revealPhone" => app.gql(&token, "mutation($id:ID!){ revealPhone(id:$id) }", json!({"id": id})).await,
                    "auditHistory" => {
                        app.gql(&token, "query($id:ID!){ auditHistory(entityType:\"employee\", id:$id){ action } }", json!({"id": id}))
                            .await
                    }
                    _ => {
                        let v = app.gql(&admin, "query($id:ID!){ employee(id:$id){ version } }", json!({"id": id})).await;
                        let version = v["data"]["employee"]["version"].as_i64().unwrap_or(1);
                        app.gql(
                            &token,
                            "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, position:\"话务员\"}){ id } }",
                            json!({"id": id, "v": version}),
                        )
                        .await
                    }
                };
                let data_key = match op {
                    "reportingLine" => "employee",
                    other => other,
                };
                let got = outcome_of(&body, data_key);
                assert_eq!(
                    got,
                    expected(op, role, *target),
                    "{role} {op} {target:?}: {body}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 5 * 5);
});

on_both!(
    lists_show_only_what_is_in_reach_and_refuse_filters_beyond_it,
    |db| {
        let app = TestApp::with_demo(db).await;
        let q = "query($f:EmployeeFilterInput){ employees(first: 100, filter:$f){ totalCount edges { node { employeeNo } } } }";
        let agent = app.demo("E0001").await;
        let mine = app.gql(&agent, q, json!({})).await;
        assert_eq!(mine["data"]["employees"]["totalCount"], 1, "{mine}");
        assert_eq!(
            mine["data"]["employees"]["edges"][0]["node"]["employeeNo"],
            "E0001"
        );
        let leader = app.demo("L0001").await;
        let team = app.gql(&leader, q, json!({})).await;
        assert_eq!(
            team["data"]["employees"]["totalCount"], 23,
            "22 agents and the leader: {team}"
        );
        let other_site = app.unit_id("CD").await;
        let refused = app
            .gql(&leader, q, json!({"f": {"orgUnitId": other_site}}))
            .await;
        assert_eq!(
            error_code(&refused).as_deref(),
            Some("FORBIDDEN"),
            "{refused}"
        );
        let hr = app.demo("H0001").await;
        let site = app
            .gql(&hr, q, json!({"f": {"orgUnitId": other_site}}))
            .await;
        assert!(
            site["data"]["employees"]["totalCount"].as_u64().unwrap() > 100,
            "{site}"
        );
    }
);

on_both!(
    phones_are_masked_except_on_ones_own_record_and_reveals_are_audited,
    |db| {
        let app = TestApp::with_demo(db).await;
        let leader = app.demo("L0001").await;
        let agent_id = app.employee_id("E0002").await;
        let masked = app
            .gql(
                &leader,
                "query($id:ID!){ employee(id:$id){ phone } }",
                json!({"id": agent_id}),
            )
            .await;
        let phone = masked["data"]["employee"]["phone"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(phone.contains("****"), "{phone}");
        let own = app
            .gql(&leader, "{ me { employee { phone } } }", json!({}))
            .await;
        assert!(!own["data"]["me"]["employee"]["phone"]
            .as_str()
            .unwrap()
            .contains('*'));
        let before = app.count("audit_events").await;
        let full = app
            .gql(
                &leader,
                "mutation($id:ID!){ revealPhone(id:$id) }",
                json!({"id": agent_id}),
            )
            .await;
        let full = full["data"]["revealPhone"].as_str().unwrap();
        assert_eq!(full.len(), 11);
        assert_eq!(entity::mask_phone(full), phone);
        assert_eq!(app.count("audit_events").await, before + 1);
    }
);

/// Operations without a person as target: who may call them at all. Written out by hand,
/// independently of the policy table.
const ROLE_ONLY: [(&str, &str, &[&str]); 17] = [
    ("accounts", "{ accounts(first: 5){ totalCount } }", &["admin"]),
    ("serviceAccounts", "{ serviceAccounts { name } }", &["admin"]),
    ("createServiceAccount", "mutation{ createServiceAccount(name:\"矩阵测试\"){ id } }", &["admin"]),
    ("createOrgUnit", "mutation{ createOrgUnit(input:{code:\"MX-S\", name:\"矩阵职场\", kind:SITE, parentId:\"$COMPANY\"}){ id } }", &["hr", "admin"]),
    ("createEmployee", "mutation{ createEmployee(input:{employeeNo:\"MX001\", name:\"矩阵\", phone:\"13900000000\", orgUnitId:\"$TEAM\", position:\"话务员\", hireDate:\"2026-01-01\", status:PROBATION}){ id } }", &["hr", "admin"]),
    ("orgUnits", "{ orgUnits(first: 5){ totalCount } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("employees", "{ employees(first: 5){ totalCount } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("me", "{ me { roles } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("inbox", "{ inbox { waiting { count } done { count } started { count } } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("changePassword", "mutation{ changePassword(currentPassword:\"wrong-password\", newPassword:\"another-password\") }", &[]),
    ("updateOrgUnit", "mutation{ updateOrgUnit(input:{id:\"$TEAM\", expectedVersion: 0, name:\"改名\"}){ id } }", &["hr", "admin"]),
    ("createAccount", "mutation{ createAccount(input:{employeeId:\"$NOBODY\", roles:[AGENT], password:\"long-enough-1\"}){ id } }", &["admin"]),
    ("setAccountRoles", "mutation{ setAccountRoles(id:\"$NOBODY\", expectedVersion: 1, roles:[ADMIN]){ id } }", &["admin"]),
    ("setAccountActive", "mutation{ setAccountActive(id:\"$NOBODY\", active:false){ id } }", &["admin"]),
    ("resetPassword", "mutation{ resetPassword(id:\"$NOBODY\", password:\"long-enough-1\"){ id } }", &["admin"]),
    ("createApiToken", "mutation{ createApiToken(serviceAccountId:\"$NOBODY\", label:\"x\", scopes:[ORG_READ]){ secret } }", &["admin"]),
    ("revokeApiToken", "mutation{ revokeApiToken(id:\"$NOBODY\"){ id } }", &["admin"]),
];

on_both!(role_only_operations_admit_exactly_their_roles, |db| {
    let app = TestApp::with_demo(db).await;
    let company = app.unit_id("ECH").await;
    let team = app.unit_id("SH-EC-T1").await;
    for (login, role) in ACTORS {
        let token = app.demo(login).await;
        for (op, query, allowed) in ROLE_ONLY {
            let q = query
                .replace("$COMPANY", &company)
                .replace("$TEAM", &team)
                .replace("$NOBODY", &uuid::Uuid::now_v7().to_string());
            let body = app.gql(&token, &q, json!({})).await;
            let code = error_code(&body);
            if op == "changePassword" {
                // Everyone may call it; the wrong current password is their own input error.
                assert_eq!(
                    code.as_deref(),
                    Some("BAD_USER_INPUT"),
                    "{role} {op}: {body}"
                );
            } else if allowed.contains(&role) {
                // Past the door, a second create colliding on a unique code, a made-up id or a
                // stale version is the caller's own problem; the door is what this table checks.
                assert!(
                    matches!(
                        code.as_deref(),
                        None | Some("BAD_USER_INPUT") | Some("NOT_FOUND") | Some("CONFLICT")
                    ),
                    "{role} {op}: {body}"
                );
            } else {
                assert_eq!(code.as_deref(), Some("FORBIDDEN"), "{role} {op}: {body}");
            }
        }
    }
});

on_both!(org_units_obey_data_scope, |db| {
    let app = TestApp::with_demo(db).await;
    // (unit, reach needed): own team, other team in the project, other site, nonexistent.
    let units = [
        (app.unit_id("SH-EC-T1").await, Target::Myself),
        (app.unit_id("SH-EC-T2").await, Target::OtherTeam),
        (app.unit_id("CD-TEL-T1").await, Target::OtherSite),
        (
            format!("OrgUnit:{}", uuid::Uuid::now_v7()),
            Target::Nonexistent,
        ),
    ];
    for (login, role) in ACTORS {
        let token = app.demo(login).await;
        for (id, target) in &units {
            let body = app
                .gql(
                    &token,
                    "query($id:ID!){ orgUnit(id:$id){ name } }",
                    json!({"id": id}),
                )
                .await;
            let got = outcome_of(&body, "orgUnit");
            // The demo's company staff (trainer, risk officer, logistics) sit in the company
            // unit with self scope: they see their own chain only, not the units below.
            let want = match (role, target) {
                ("hr" | "admin", Target::Nonexistent) => Outcome::NotFound,
                ("hr" | "admin", _) => Outcome::Ok,
                ("agent" | "team_leader" | "manager", Target::Myself) => Outcome::Ok,
                ("manager", Target::OtherTeam) => Outcome::Ok,
                _ => Outcome::Forbidden,
            };
            assert_eq!(got, want, "{role} orgUnit {target:?}: {body}");
        }
    }
});

on_both!(the_inbox_shows_each_caller_only_their_own_work, |db| {
    let app = TestApp::with_demo(db).await;
    // Two people act on E0002: the admin changes the record, the team leader reveals the phone.
    let admin = app.demo("A0001").await;
    let leader = app.demo("L0001").await;
    let target = app.employee_id("E0002").await;
    let v = app
        .gql(
            &admin,
            "query($id:ID!){ employee(id:$id){ version } }",
            json!({"id": target}),
        )
        .await;
    let changed = app
        .gql(
            &admin,
            "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, position:\"话务员\"}){ id } }",
            json!({"id": target, "v": v["data"]["employee"]["version"]}),
        )
        .await;
    assert!(changed["errors"].is_null(), "{changed}");
    let revealed = app
        .gql(
            &leader,
            "mutation($id:ID!){ revealPhone(id:$id) }",
            json!({"id": target}),
        )
        .await;
    assert!(revealed["errors"].is_null(), "{revealed}");
    let q = "{ inbox(first: 10){ waiting { count items { kind } } done { count items { action subjectId } } started { count } } }";
    for (login, role) in ACTORS {
        let token = app.demo(login).await;
        let body = app.gql(&token, q, json!({})).await;
        assert!(body["errors"].is_null(), "{role}: {body}");
        let inbox = &body["data"]["inbox"];
        // Probation reviews go to those who keep employees' records (HR, admin), nobody else.
        let reviews = inbox["waiting"]["count"].as_u64().unwrap();
        match role {
            "hr" | "admin" => assert!(reviews > 0, "{role}: {body}"),
            _ => assert_eq!(reviews, 0, "{role}: {body}"),
        }
        // What they handled is what they did, and only that.
        let done: Vec<(String, String)> = inbox["done"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["action"].as_str().unwrap().to_owned(),
                    i["subjectId"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = match role {
            "admin" => vec![("employee.updated".into(), target.clone())],
            "team_leader" => vec![("employee.phone_revealed".into(), target.clone())],
            _ => vec![],
        };
        assert_eq!(done, want, "{role}: {body}");
        assert_eq!(
            inbox["done"]["count"].as_u64().unwrap() as usize,
            want.len()
        );
        assert_eq!(inbox["started"]["count"], 0, "{role}: {body}");
    }
});
