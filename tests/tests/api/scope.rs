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

/// How far each role reaches with the talent-pool operations, written out by hand.
fn talent_reach(op: &str, role: &str) -> Option<Reach> {
    use Reach::*;
    let everyone = |role: &str| match role {
        "agent" | "trainer" | "risk_officer" | "logistics" => Some(SelfOnly),
        "team_leader" => Some(Team),
        "manager" => Some(Subtree),
        "hr" | "admin" => Some(All),
        _ => None,
    };
    match (op, role) {
        // Reading, applying and withdrawing: everyone, each as far as they reach.
        ("nomination" | "standardCheck" | "poolHistory" | "nominate" | "withdrawNomination", _) => {
            everyone(role)
        }
        // Assessing and submitting: superiors within their reach, and HR.
        ("assessNomination" | "submitNomination", "team_leader") => Some(Team),
        ("assessNomination" | "submitNomination", "manager") => Some(Subtree),
        ("assessNomination" | "submitNomination", "hr" | "admin") => Some(All),
        ("removeFromPool", "hr" | "admin") => Some(All),
        _ => None,
    }
}

fn talent_expected(op: &str, role: &str, target: Target) -> Outcome {
    // Nobody assesses or submits their own nomination.
    if target == Target::Myself && matches!(op, "assessNomination" | "submitNomination") {
        return Outcome::Forbidden;
    }
    match talent_reach(op, role) {
        None => Outcome::Forbidden,
        Some(r) => {
            let needed = match target {
                Target::Myself => Reach::SelfOnly,
                Target::OwnTeam => Reach::Team,
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
    }
}

/// An open, assessed junior nomination of `no`, made by HR (an application when it is HR's
/// own); assessed by HR, or by the administrator when HR is the nominee.
async fn open_nomination(app: &TestApp, hr: &str, admin: &str, no: &str) -> String {
    use super::talent::{assess, nominate};
    let (id, v) = nominate(app, hr, no, "JUNIOR").await;
    let assessor = if no == "H0001" { admin } else { hr };
    assess(app, assessor, &id, v).await;
    id
}

async fn version_of(app: &TestApp, admin: &str, id: &str) -> i64 {
    let body = app
        .gql(
            admin,
            "query($id:ID!){ nomination(id:$id){ version } }",
            json!({"id": id}),
        )
        .await;
    body["data"]["nomination"]["version"].as_i64().unwrap_or(1)
}

on_both!(talent_operations_obey_role_and_data_scope, |db| {
    use super::talent::{in_post, ASSESS, REMOVE, SUBMIT, WITHDRAW};
    use std::collections::HashMap;
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    let hr = app.demo("H0001").await;
    // People still in post, so that they can be nominated.
    let own = in_post(&app, &hr, "SH-EC-T1").await;
    let own = own.iter().find(|n| *n != "E0001").unwrap().clone();
    let other_team = in_post(&app, &hr, "SH-EC-T2").await[0].clone();
    let other_site = in_post(&app, &hr, "CD-TEL-T2").await[0].clone();
    let mut open: HashMap<String, String> = HashMap::new();
    for (no, _) in ACTORS {
        open.insert(no.into(), open_nomination(&app, &hr, &admin, no).await);
    }
    for no in [&own, &other_team, &other_site] {
        open.insert(no.clone(), open_nomination(&app, &hr, &admin, no).await);
    }
    let ops = [
        "nomination",
        "standardCheck",
        "poolHistory",
        "nominate",
        "assessNomination",
        "submitNomination",
        "withdrawNomination",
        "removeFromPool",
    ];
    let mut checked = 0;
    let mut passed: HashMap<&str, u32> = HashMap::new();
    for (login, role) in ACTORS {
        let token = app.demo(login).await;
        let targets = [
            (Some(login.to_owned()), Target::Myself),
            (Some(own.clone()), Target::OwnTeam),
            (Some(other_team.clone()), Target::OtherTeam),
            (Some(other_site.clone()), Target::OtherSite),
            (None, Target::Nonexistent),
        ];
        for (no, target) in &targets {
            let person = match no {
                Some(no) => app.employee_id(no).await,
                None => format!("Employee:{}", uuid::Uuid::now_v7()),
            };
            for op in ops {
                let nomination = match no {
                    Some(no) => open[no].clone(),
                    None => format!("Nomination:{}", uuid::Uuid::now_v7()),
                };
                let version = version_of(&app, &admin, &nomination).await;
                let (body, key) = match op {
                    "nomination" => (app.gql(&token, "query($id:ID!){ nomination(id:$id){ status } }", json!({"id": nomination})).await, op),
                    "standardCheck" => (app.gql(&token, "query($e:ID!){ standardCheck(employeeId:$e, echelon: KEY_STAFF){ passed } }", json!({"e": person})).await, op),
                    "poolHistory" => (app.gql(&token, "query($id:ID!){ employee(id:$id){ poolHistory { kind } } }", json!({"id": person})).await, "employee"),
                    "nominate" => (app.gql(&token, "mutation($e:ID!){ nominate(employeeId:$e, echelon: KEY_STAFF, reason:\"矩阵\"){ id version } }", json!({"e": person})).await, op),
                    "assessNomination" => (app.gql(&token, ASSESS, super::talent::assessment(&nomination, version)).await, op),
                    "submitNomination" => (app.gql(&token, SUBMIT, json!({"id": nomination, "v": version})).await, op),
                    "withdrawNomination" => (app.gql(&token, WITHDRAW, json!({"id": nomination, "v": version})).await, op),
                    _ => (app.gql(&token, REMOVE, json!({"e": person, "r": "矩阵"})).await, op),
                };
                // Past the door, taking out someone who is not in the pool is a conflict.
                let got =
                    if op == "removeFromPool" && error_code(&body).as_deref() == Some("CONFLICT") {
                        Outcome::Ok
                    } else {
                        outcome_of(&body, key)
                    };
                assert_eq!(
                    got,
                    talent_expected(op, role, *target),
                    "{role} {op} {target:?}: {body}"
                );
                if got == Outcome::Ok {
                    *passed.entry(op).or_default() += 1;
                    // Put things back for the next caller.
                    let no = no.as_deref().unwrap();
                    match op {
                        "nominate" => {
                            let n = &body["data"]["nominate"];
                            let w = app
                                .gql(&admin, WITHDRAW, json!({"id": n["id"], "v": n["version"]}))
                                .await;
                            assert!(w["errors"].is_null(), "{w}");
                        }
                        "submitNomination" => {
                            let v = body["data"]["submitNomination"]["version"].clone();
                            let w = app
                                .gql(&admin, WITHDRAW, json!({"id": nomination, "v": v}))
                                .await;
                            assert!(w["errors"].is_null(), "{w}");
                            open.insert(no.into(), open_nomination(&app, &hr, &admin, no).await);
                        }
                        "withdrawNomination" => {
                            open.insert(no.into(), open_nomination(&app, &hr, &admin, no).await);
                        }
                        _ => {}
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 5 * ops.len());
    // Every operation succeeded for someone, so the matrix is not all refusals.
    for op in ops {
        assert!(
            passed.get(op).copied().unwrap_or(0) > 0,
            "{op} never passed"
        );
    }
});

/// The talent operations without a person as target: who may call them at all.
const TALENT_ROLE_ONLY: [(&str, &str, &[&str]); 6] = [
    ("echelonStandards", "{ echelonStandards { version } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("myTalent", "{ myTalent { membership { echelon } } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("talentPool", "{ talentPool(first: 5){ totalCount } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("nominations", "{ nominations(first: 5){ totalCount } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("poolOverview", "{ poolOverview { echelons { members } } }", &["agent", "team_leader", "manager", "trainer", "hr", "risk_officer", "logistics", "admin"]),
    ("updateEchelonStandard", "mutation{ updateEchelonStandard(input:{echelon: JUNIOR, expectedVersion: 0, minTenureMonths: 3}){ version } }", &["hr", "admin"]),
];

on_both!(
    talent_role_only_operations_admit_exactly_their_roles,
    |db| {
        let app = TestApp::with_demo(db).await;
        for (login, role) in ACTORS {
            let token = app.demo(login).await;
            for (op, query, allowed) in TALENT_ROLE_ONLY {
                let body = app.gql(&token, query, json!({})).await;
                let code = error_code(&body);
                if allowed.contains(&role) {
                    // A stale version past the door is the caller's own problem.
                    assert!(
                        matches!(code.as_deref(), None | Some("CONFLICT")),
                        "{role} {op}: {body}"
                    );
                } else {
                    assert_eq!(code.as_deref(), Some("FORBIDDEN"), "{role} {op}: {body}");
                }
            }
        }
    }
);

on_both!(talent_lists_show_only_members_in_reach, |db| {
    use super::talent::{admit, in_post, token_of};
    use std::collections::HashMap;
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    let hr = app.demo("H0001").await;
    let own = in_post(&app, &hr, "SH-EC-T1").await;
    let own = own.iter().find(|n| *n != "E0001").unwrap().clone();
    let other_team = in_post(&app, &hr, "SH-EC-T2").await[0].clone();
    let other_site = in_post(&app, &hr, "CD-TEL-T2").await[0].clone();
    let m1 = app.demo("M0001").await;
    // The demo's own members and nominations, all in 成都: only HR and the administrator reach them.
    let mut seeded: HashMap<&str, Vec<String>> = HashMap::new();
    for (list, q) in [
        (
            "talentPool",
            "{ talentPool(first: 100){ edges { node { employee { employeeNo } } } } }",
        ),
        (
            "nominations",
            "{ nominations(first: 100){ edges { node { employee { employeeNo } } } } }",
        ),
    ] {
        let body = app.gql(&hr, q, json!({})).await;
        let nos = body["data"][list]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|e| {
                e["node"]["employee"]["employeeNo"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect::<Vec<_>>();
        assert!(
            !nos.is_empty()
                && nos
                    .iter()
                    .all(|n| *n != "E0001" && *n != own && *n != other_team),
            "{body}"
        );
        seeded.insert(list, nos);
    }
    // (nominee, superior, skip-level) of each member.
    let members = [
        ("E0001", "L0001", "M0001"),
        (own.as_str(), "L0001", "M0001"),
        (other_team.as_str(), "L0002", "M0001"),
        (other_site.as_str(), "L0008", "M0003"),
    ];
    for (no, sup, skip) in members {
        let n = token_of(&app, &admin, no).await;
        let s = token_of(&app, &admin, sup).await;
        let k = if skip == "M0001" {
            m1.clone()
        } else {
            token_of(&app, &admin, skip).await
        };
        admit(&app, &hr, &n, &s, &k, no, "JUNIOR").await;
    }
    let everyone: Vec<&str> = members.iter().map(|m| m.0).collect();
    for (login, role) in ACTORS {
        let mine: Vec<&str> = match role {
            "agent" => vec!["E0001"],
            "team_leader" => everyone[..2].to_vec(),
            "manager" => everyone[..3].to_vec(),
            "hr" | "admin" => everyone.clone(),
            _ => vec![],
        };
        let all_reach = matches!(role, "hr" | "admin");
        let token = app.demo(login).await;
        for (list, q) in [
            ("talentPool", "{ talentPool(first: 100){ totalCount edges { node { employee { employeeNo } } } } }"),
            ("nominations", "{ nominations(first: 100){ totalCount edges { node { employee { employeeNo } } } } }"),
        ] {
            let body = app.gql(&token, q, json!({})).await;
            assert!(body["errors"].is_null(), "{role} {list}: {body}");
            let mut got: Vec<&str> = body["data"][list]["edges"].as_array().unwrap().iter().map(|e| e["node"]["employee"]["employeeNo"].as_str().unwrap()).collect();
            got.sort();
            let mut want = mine.clone();
            if all_reach {
                want.extend(seeded[list].iter().map(String::as_str));
            }
            want.sort();
            assert_eq!(got, want, "{role} {list}");
            assert_eq!(body["data"][list]["totalCount"].as_u64().unwrap() as usize, want.len(), "{role} {list}");
        }
        let o = app
            .gql(
                &token,
                "{ poolOverview { echelons { members } } }",
                json!({}),
            )
            .await;
        let members: i64 = o["data"]["poolOverview"]["echelons"]
            .as_array()
            .unwrap_or_else(|| panic!("{o}"))
            .iter()
            .map(|e| e["members"].as_i64().unwrap())
            .sum();
        let seeded_members = if all_reach {
            seeded["talentPool"].len()
        } else {
            0
        };
        assert_eq!(
            members as usize,
            mine.len() + seeded_members,
            "{role} poolOverview: {o}"
        );
    }
    // A third party reads the pool with TALENT_READ, and not without it.
    let sa = app
        .gql(
            &admin,
            "mutation{ createServiceAccount(name:\"测评系统\"){ id } }",
            json!({}),
        )
        .await;
    let sa = sa["data"]["createServiceAccount"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = |scopes: &'static str| {
        let (app, admin, sa) = (&app, &admin, &sa);
        async move {
            let t = app
                .gql(admin, &format!("mutation($s:ID!){{ createApiToken(serviceAccountId:$s, label:\"t\", scopes:[{scopes}]){{ secret }} }}"), json!({"s": sa}))
                .await;
            t["data"]["createApiToken"]["secret"]
                .as_str()
                .unwrap_or_else(|| panic!("{t}"))
                .to_owned()
        }
    };
    let reader = token("TALENT_READ").await;
    let outsider = token("ORG_READ, EMPLOYEES_READ").await;
    for (list, q) in [
        ("talentPool", "{ talentPool(first: 100){ totalCount } }"),
        ("nominations", "{ nominations(first: 100){ totalCount } }"),
    ] {
        let body = app.gql(&reader, q, json!({})).await;
        assert_eq!(
            body["data"][list]["totalCount"].as_u64().unwrap() as usize,
            4 + seeded[list].len(),
            "{list}: {body}"
        );
        let body = app.gql(&outsider, q, json!({})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("FORBIDDEN"),
            "{list}: {body}"
        );
    }
    let nominate = app
        .gql(
            &reader,
            "mutation($e:ID!){ nominate(employeeId:$e, echelon: KEY_STAFF, reason:\"x\"){ id } }",
            json!({"e": app.employee_id("E0001").await}),
        )
        .await;
    assert_eq!(
        error_code(&nominate).as_deref(),
        Some("FORBIDDEN"),
        "{nominate}"
    );
});

// ---------------------------------------------------------------------------------------------
// The newer talent operations: grades, points and elimination, development plans, inventories.

/// What the newer talent operations allow, written out by hand from the rules (domain §2–3):
/// everyone reads their own file and superiors and HR as far as they reach; superiors and HR
/// grade, score and plan for those they oversee, never themselves; managers and HR decide
/// eliminations; the steps of a plan and of an inventory belong to the member and their line,
/// whatever anyone's role.
fn newer_expected(op: &str, role: &str, target: Target) -> Outcome {
    use Outcome::*;
    use Target::*;
    let by_reach = |r: Option<Reach>| match (target, r) {
        (_, None) => Forbidden,
        (Nonexistent, Some(Reach::All)) => NotFound,
        (Nonexistent, _) => Forbidden,
        (_, Some(r)) => {
            let needed = match target {
                Myself => Reach::SelfOnly,
                OwnTeam => Reach::Team,
                OtherTeam => Reach::Subtree,
                OtherSite | Nonexistent => Reach::All,
            };
            if r >= needed {
                Ok
            } else {
                Forbidden
            }
        }
    };
    let everyone = match role {
        "agent" | "trainer" | "risk_officer" | "logistics" => Some(Reach::SelfOnly),
        "team_leader" => Some(Reach::Team),
        "manager" => Some(Reach::Subtree),
        _ => Some(Reach::All),
    };
    let superiors_and_hr = match role {
        "team_leader" => Some(Reach::Team),
        "manager" => Some(Reach::Subtree),
        "hr" | "admin" => Some(Reach::All),
        _ => None,
    };
    let managers_and_hr = match role {
        "manager" => Some(Reach::Subtree),
        "hr" | "admin" => Some(Reach::All),
        _ => None,
    };
    match op {
        "competencyReviews" | "developmentPlan" | "inventories" | "poolHistory"
        | "monthlyPoints" => by_reach(everyone),
        _ if target == Myself
            && matches!(
                op,
                "recordCompetencyReview"
                    | "setMonthlyPoints"
                    | "decideElimination"
                    | "addPlanItem"
                    | "reviewPlanItem"
            ) =>
        {
            Forbidden
        }
        "recordCompetencyReview" | "setMonthlyPoints" | "addPlanItem" | "reviewPlanItem" => {
            by_reach(superiors_and_hr)
        }
        "decideElimination" => by_reach(managers_and_hr),
        // A file over plain HTTP: the door is 403; past it, a row beyond reach (or oneself)
        // reads like an unknown 工号 and nothing is written.
        "importPoints" => match (superiors_and_hr, target) {
            (None, _) => Forbidden,
            (_, Myself) => NotFound,
            (r, _) if by_reach(r) == Ok => Ok,
            _ => NotFound,
        },
        // The member, their superior (L0001 over the own-team agent) and their skip-level
        // superior (M0001 over both teams of the project).
        "agreePlan" => match (target, role) {
            (Myself, _) => Ok,
            (OwnTeam, "team_leader" | "manager") => Ok,
            (OtherTeam, "manager") => Ok,
            _ => Forbidden,
        },
        // The member alone.
        "submitPlanItem" | "readInventory" => match target {
            Myself => Ok,
            _ => Forbidden,
        },
        // The member, or the superior who wrote it.
        "confirmInventory" => match (target, role) {
            (Myself, _) | (OwnTeam, "team_leader") => Ok,
            _ => Forbidden,
        },
        // The direct superior alone.
        "saveInventory" | "shareInventory" => match (target, role) {
            (OwnTeam, "team_leader") => Ok,
            _ => Forbidden,
        },
        other => panic!("no rule written for {other}"),
    }
}

/// What any write of the newer talent operations changes: a refused call changes none of it.
async fn talent_files(app: &TestApp) -> Vec<i64> {
    use super::talent::scalar;
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) AS n FROM audit_events",
        "SELECT COUNT(*) AS n FROM competency_reviews",
        "SELECT COUNT(*) AS n FROM monthly_points",
        "SELECT COUNT(*) AS n FROM elimination_ratios",
        "SELECT COUNT(*) AS n FROM eliminations",
        "SELECT COUNT(*) AS n FROM plan_items",
        "SELECT COALESCE(SUM(version), 0) AS n FROM plan_items",
        "SELECT COUNT(*) AS n FROM plan_agreements",
        "SELECT COUNT(*) AS n FROM inventories",
        "SELECT COALESCE(SUM(version), 0) AS n FROM inventories",
        "SELECT COUNT(*) AS n FROM pool_members WHERE left_at IS NULL",
    ] {
        out.push(scalar(app, sql).await);
    }
    out
}

/// A plan item of `employee` in `status`, set by `by`.
async fn plan_item(
    app: &TestApp,
    employee: uuid::Uuid,
    by: uuid::Uuid,
    status: entity::PlanItemStatus,
) -> uuid::Uuid {
    use sea_orm::ActiveModelTrait;
    let now = chrono::Utc::now();
    let id = uuid::Uuid::now_v7();
    entity::plan_item::ActiveModel::from(entity::plan_item::Model {
        id,
        employee_id: employee,
        kind: entity::PlanItemKind::Coaching,
        title: "班组长带教".into(),
        due_date: chrono::NaiveDate::from_ymd_opt(2099, 6, 30).unwrap(),
        status,
        evidence: (status == entity::PlanItemStatus::Submitted).then(|| "带教记录".into()),
        reviewer_comment: None,
        reviewed_by: None,
        created_by: by,
        version: 1,
        created_at: now,
        updated_at: now,
    })
    .insert(&app.state.db)
    .await
    .unwrap();
    id
}

/// A year-end inventory of `employee` written by `superior`, shared or still a draft.
async fn inventory(
    app: &TestApp,
    employee: uuid::Uuid,
    superior: uuid::Uuid,
    year: i32,
    shared: bool,
) -> uuid::Uuid {
    use sea_orm::ActiveModelTrait;
    let now = chrono::Utc::now();
    let id = uuid::Uuid::now_v7();
    entity::inventory::ActiveModel::from(entity::inventory::Model {
        id,
        employee_id: employee,
        year,
        status: if shared {
            entity::InventoryStatus::FedBack
        } else {
            entity::InventoryStatus::Draft
        },
        strengths: "业务熟练".into(),
        weaknesses: "授课经验少".into(),
        next_year_plan: "带教两名新人".into(),
        superior_id: superior,
        shared_at: shared.then_some(now),
        member_read_at: None,
        member_confirmed_at: None,
        superior_confirmed_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    })
    .insert(&app.state.db)
    .await
    .unwrap();
    id
}

/// One person of the matrix and the records the line-bound steps act on.
struct Person {
    no: Option<String>,
    id: String,
    /// A planned item the member hands in.
    item: String,
    /// A shared inventory the member reads and confirms.
    shared: String,
    /// A draft inventory its writer shares.
    draft: String,
}

/// The outcome of a mutation; when it passed, `wrote` must find its write.
async fn outcome_and_write(
    op: &str,
    body: &Value,
    wrote: impl std::future::Future<Output = bool>,
) -> Outcome {
    let got = outcome_of(body, op);
    if got == Outcome::Ok {
        assert!(wrote.await, "{op} answered but wrote nothing: {body}");
    }
    got
}

on_both!(newer_talent_operations_obey_role_and_data_scope, |db| {
    use super::fixtures::{pool_member_since, uuid_of};
    use super::talent::in_post;
    use entity::{
        competency_review, elimination, elimination_ratio, employee, inventory as inv,
        monthly_points, plan_agreement, plan_item as item, Echelon, PlanItemStatus,
    };
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
    use std::collections::HashMap;
    let app = TestApp::with_demo(db).await;
    let db = &app.state.db;
    let hr = app.demo("H0001").await;
    let admin_id = uuid_of(&app.employee_id("A0001").await);
    let own = in_post(&app, &hr, "SH-EC-T1").await;
    let own = own.iter().find(|n| *n != "E0001").unwrap().clone();
    let other_team = in_post(&app, &hr, "SH-EC-T2").await[0].clone();
    let other_site = in_post(&app, &hr, "CD-TEL-T2").await[0].clone();
    // Everyone of the matrix is a member since 2024, with a planned item, a shared inventory
    // (2030) and a draft (2031) written by their superior (for those with none, by someone
    // who is no actor here).
    let stand_in = uuid_of(&app.employee_id(&other_site).await);
    let joined = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut people: HashMap<String, Person> = HashMap::new();
    let everybody: Vec<String> = ACTORS
        .iter()
        .map(|(no, _)| no.to_string())
        .chain([own.clone(), other_team.clone(), other_site.clone()])
        .collect();
    for no in &everybody {
        let id = app.employee_id(no).await;
        let e = employee::Entity::find_by_id(uuid_of(&id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        pool_member_since(&app, &id, Echelon::Junior, joined).await;
        let superior = e.superior_id.unwrap_or(stand_in);
        let planned = plan_item(&app, e.id, superior, PlanItemStatus::Planned).await;
        let shared = inventory(&app, e.id, superior, 2030, true).await;
        let draft = inventory(&app, e.id, superior, 2031, false).await;
        people.insert(
            no.clone(),
            Person {
                no: Some(no.clone()),
                id,
                item: format!("PlanItem:{planned}"),
                shared: format!("Inventory:{shared}"),
                draft: format!("Inventory:{draft}"),
            },
        );
    }
    // The three outside the actors are at the bottom of their projects in every month of
    // 2025, so that each deciding role decides one quarter about them.
    for no in [&own, &other_team, &other_site] {
        for m in 1..=9 {
            monthly_points::ActiveModel::from(monthly_points::Model {
                id: uuid::Uuid::now_v7(),
                employee_id: uuid_of(&people[no].id),
                month: format!("2025-{m:02}"),
                points: 1.0,
                entered_by: admin_id,
                updated_at: chrono::Utc::now(),
            })
            .insert(db)
            .await
            .unwrap();
        }
    }
    let nobody = || Person {
        no: None,
        id: format!("Employee:{}", uuid::Uuid::now_v7()),
        item: format!("PlanItem:{}", uuid::Uuid::now_v7()),
        shared: format!("Inventory:{}", uuid::Uuid::now_v7()),
        draft: format!("Inventory:{}", uuid::Uuid::now_v7()),
    };
    let ops = [
        "competencyReviews",
        "developmentPlan",
        "inventories",
        "poolHistory",
        "monthlyPoints",
        "recordCompetencyReview",
        "setMonthlyPoints",
        "importPoints",
        "decideElimination",
        "addPlanItem",
        "agreePlan",
        "submitPlanItem",
        "reviewPlanItem",
        "saveInventory",
        "shareInventory",
        "readInventory",
        "confirmInventory",
    ];
    let version_of_item = |id: String| async move {
        item::Entity::find_by_id(uuid_of(&id))
            .one(db)
            .await
            .unwrap()
            .map_or(1, |i| i.version)
    };
    let version_of_inventory = |id: String| async move {
        inv::Entity::find_by_id(uuid_of(&id))
            .one(db)
            .await
            .unwrap()
            .map_or(1, |i| i.version)
    };
    let mut checked = 0;
    let mut passed: HashMap<&str, u32> = HashMap::new();
    for (i, (login, role)) in ACTORS.into_iter().enumerate() {
        let token = app.demo(login).await;
        let me = uuid_of(&app.employee_id(login).await);
        let none = nobody();
        let targets = [
            (&people[login], Target::Myself),
            (&people[&own], Target::OwnTeam),
            (&people[&other_team], Target::OtherTeam),
            (&people[&other_site], Target::OtherSite),
            (&none, Target::Nonexistent),
        ];
        for (p, target) in targets {
            let person = uuid_of(&p.id);
            for op in ops {
                let before = talent_files(&app).await;
                let read = |field: &'static str| {
                    let q = match field {
                        "monthlyPoints" => "query($id:ID!){ employee(id:$id){ monthlyPoints(fromMonth:\"2025-01\", toMonth:\"2025-03\"){ month points } } }".to_owned(),
                        "inventories" => "query($id:ID!){ employee(id:$id){ inventories { year } } }".to_owned(),
                        "developmentPlan" => "query($id:ID!){ employee(id:$id){ developmentPlan { revision items { title } } } }".to_owned(),
                        "competencyReviews" => "query($id:ID!){ employee(id:$id){ competencyReviews { period } } }".to_owned(),
                        _ => "query($id:ID!){ employee(id:$id){ poolHistory { kind } } }".to_owned(),
                    };
                    let (app, token, id) = (&app, &token, p.id.clone());
                    async move { app.gql(token, &q, json!({"id": id})).await }
                };
                let got = match op {
                    "competencyReviews" | "developmentPlan" | "inventories" | "poolHistory"
                    | "monthlyPoints" => {
                        let body = read(op).await;
                        let got = outcome_of(&body, "employee");
                        if got == Outcome::Ok {
                            let field = &body["data"]["employee"][op];
                            assert!(!field.is_null(), "{role} {op} {target:?}: {body}");
                            if op == "monthlyPoints" {
                                let want = if target == Target::Myself {
                                    Value::Null
                                } else {
                                    json!(1.0)
                                };
                                assert_eq!(
                                    field[0],
                                    json!({"month": "2025-01", "points": want}),
                                    "{body}"
                                );
                                assert_eq!(field.as_array().unwrap().len(), 3, "{body}");
                            }
                            if op == "inventories" && target == Target::Myself {
                                assert_eq!(
                                    field,
                                    &json!([{"year": 2030}]),
                                    "drafts stay with their writer: {body}"
                                );
                            }
                        }
                        got
                    }
                    "recordCompetencyReview" => {
                        let period = format!("{}-Q1", 2020 + i);
                        let body = app
                            .gql(&token, "mutation($e:ID!,$p:String!){ recordCompetencyReview(employeeId:$e, period:$p, grade: B_PLUS){ period } }", json!({"e": p.id, "p": period}))
                            .await;
                        outcome_and_write(op, &body, async {
                            competency_review::Entity::find()
                                .filter(competency_review::Column::EmployeeId.eq(person))
                                .filter(competency_review::Column::Period.eq(period.clone()))
                                .filter(competency_review::Column::ReviewedBy.eq(me))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some()
                        })
                        .await
                    }
                    "setMonthlyPoints" => {
                        let points = 100.0 + i as f64;
                        let body = app
                            .gql(&token, "mutation($e:ID!,$p:Float!){ setMonthlyPoints(employeeId:$e, month:\"2026-03\", points:$p){ points } }", json!({"e": p.id, "p": points}))
                            .await;
                        outcome_and_write(op, &body, async {
                            monthly_points::Entity::find()
                                .filter(monthly_points::Column::EmployeeId.eq(person))
                                .filter(monthly_points::Column::Month.eq("2026-03"))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some_and(|r| r.points == points && r.entered_by == me)
                        })
                        .await
                    }
                    "importPoints" => {
                        let points = 200.0 + i as f64;
                        let no = p.no.clone().unwrap_or_else(|| "N9999".into());
                        let res = app
                            .client
                            .post(format!("{}/api/talent/points/import", app.address))
                            .query(&[
                                ("month", "2026-04"),
                                ("fileName", "points.csv"),
                                ("dryRun", "false"),
                            ])
                            .bearer_auth(&token)
                            .body(format!("工号,积分\n{no},{points}\n"))
                            .send()
                            .await
                            .unwrap();
                        let status = res.status().as_u16();
                        let report: Value = res.json().await.unwrap();
                        match status {
                            403 => Outcome::Forbidden,
                            200 if report["committed"] == true => {
                                let row = monthly_points::Entity::find()
                                    .filter(monthly_points::Column::EmployeeId.eq(person))
                                    .filter(monthly_points::Column::Month.eq("2026-04"))
                                    .one(db)
                                    .await
                                    .unwrap();
                                assert!(row.is_some_and(|r| r.points == points), "{report}");
                                Outcome::Ok
                            }
                            200 => {
                                assert_eq!(report["errors"][0]["field"], "employeeNo", "{report}");
                                assert_eq!(
                                    report["errors"][0]["messageEn"], "no employee has this 工号",
                                    "{report}"
                                );
                                Outcome::NotFound
                            }
                            _ => panic!("{role} {op} {target:?}: {status} {report}"),
                        }
                    }
                    "decideElimination" => {
                        // One quarter per deciding role: a decided quarter is done.
                        let quarter = match role {
                            "manager" => "2025-Q1",
                            "hr" => "2025-Q2",
                            _ => "2025-Q3",
                        };
                        let body = app
                            .gql(&token, "mutation($e:ID!,$q:String!){ decideElimination(employeeId:$e, quarter:$q, confirm:false, reason:\"三月病假,予以保留\") }", json!({"e": p.id, "q": quarter}))
                            .await;
                        outcome_and_write(op, &body, async {
                            elimination::Entity::find()
                                .filter(elimination::Column::EmployeeId.eq(person))
                                .filter(elimination::Column::Quarter.eq(quarter))
                                .filter(elimination::Column::DecidedBy.eq(me))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some()
                        })
                        .await
                    }
                    "addPlanItem" => {
                        let title = format!("矩阵{i}");
                        let body = app
                            .gql(&token, "mutation($e:ID!,$t:String!){ addPlanItem(employeeId:$e, kind: COACHING, title:$t, dueDate:\"2099-06-30\"){ id } }", json!({"e": p.id, "t": title}))
                            .await;
                        outcome_and_write(op, &body, async {
                            item::Entity::find()
                                .filter(item::Column::EmployeeId.eq(person))
                                .filter(item::Column::Title.eq(title.clone()))
                                .filter(item::Column::CreatedBy.eq(me))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some()
                        })
                        .await
                    }
                    "agreePlan" => {
                        let revision = item::Entity::find()
                            .filter(item::Column::EmployeeId.eq(person))
                            .all(db)
                            .await
                            .unwrap()
                            .len()
                            .max(1) as i64;
                        let body = app
                            .gql(&token, "mutation($e:ID!,$r:Int!){ agreePlan(employeeId:$e, expectedRevision:$r) }", json!({"e": p.id, "r": revision}))
                            .await;
                        outcome_and_write(op, &body, async {
                            plan_agreement::Entity::find()
                                .filter(plan_agreement::Column::EmployeeId.eq(person))
                                .filter(plan_agreement::Column::Revision.eq(revision as i32))
                                .filter(plan_agreement::Column::SignerId.eq(me))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some()
                        })
                        .await
                    }
                    "submitPlanItem" => {
                        let v = version_of_item(p.item.clone()).await;
                        let body = app
                            .gql(&token, "mutation($id:ID!,$v:Int!){ submitPlanItem(id:$id, expectedVersion:$v, evidence:\"带教记录已上传\"){ status } }", json!({"id": p.item, "v": v}))
                            .await;
                        outcome_and_write(op, &body, async {
                            item::Entity::find_by_id(uuid_of(&p.item))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some_and(|r| r.status == PlanItemStatus::Submitted)
                        })
                        .await
                    }
                    "reviewPlanItem" => {
                        // A fresh handed-in item for each call, so each reviewer has one.
                        let handed_in = match target {
                            Target::Nonexistent => p.item.clone(),
                            _ => format!(
                                "PlanItem:{}",
                                plan_item(&app, person, admin_id, PlanItemStatus::Submitted).await
                            ),
                        };
                        let before_review = talent_files(&app).await;
                        let body = app
                            .gql(&token, "mutation($id:ID!){ reviewPlanItem(id:$id, expectedVersion:1, accept:true){ status } }", json!({"id": handed_in}))
                            .await;
                        let got = outcome_and_write(op, &body, async {
                            item::Entity::find_by_id(uuid_of(&handed_in))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some_and(|r| {
                                    r.status == PlanItemStatus::Done && r.reviewed_by == Some(me)
                                })
                        })
                        .await;
                        if got != Outcome::Ok {
                            assert_eq!(
                                talent_files(&app).await,
                                before_review,
                                "{role} {op} {target:?} wrote: {body}"
                            );
                        }
                        got
                    }
                    "saveInventory" => {
                        let year = 2040 + i as i32;
                        let body = app
                            .gql(&token, "mutation($e:ID!,$y:Int!){ saveInventory(employeeId:$e, year:$y, strengths:\"稳\", weaknesses:\"急\", nextYearPlan:\"带教\"){ id } }", json!({"e": p.id, "y": year}))
                            .await;
                        outcome_and_write(op, &body, async {
                            inv::Entity::find()
                                .filter(inv::Column::EmployeeId.eq(person))
                                .filter(inv::Column::Year.eq(year))
                                .filter(inv::Column::SuperiorId.eq(me))
                                .one(db)
                                .await
                                .unwrap()
                                .is_some()
                        })
                        .await
                    }
                    _ => {
                        let (id, mutation) = match op {
                            "shareInventory" => (&p.draft, "mutation($id:ID!,$v:Int!){ shareInventory(id:$id, expectedVersion:$v){ status } }"),
                            "readInventory" => (&p.shared, "mutation($id:ID!,$v:Int!){ readInventory(id:$id, expectedVersion:$v){ status } }"),
                            _ => (&p.shared, "mutation($id:ID!,$v:Int!){ confirmInventory(id:$id, expectedVersion:$v){ status } }"),
                        };
                        let v = version_of_inventory(id.clone()).await;
                        let body = app.gql(&token, mutation, json!({"id": id, "v": v})).await;
                        outcome_and_write(op, &body, async {
                            let Some(r) =
                                inv::Entity::find_by_id(uuid_of(id)).one(db).await.unwrap()
                            else {
                                return false;
                            };
                            match op {
                                "shareInventory" => r.status == entity::InventoryStatus::FedBack,
                                "readInventory" => r.member_read_at.is_some(),
                                _ if r.employee_id == me => r.member_confirmed_at.is_some(),
                                _ => r.superior_confirmed_at.is_some(),
                            }
                        })
                        .await
                    }
                };
                assert_eq!(
                    got,
                    newer_expected(op, role, target),
                    "{role} {op} {target:?}"
                );
                if got != Outcome::Ok && op != "reviewPlanItem" {
                    assert_eq!(
                        talent_files(&app).await,
                        before,
                        "{role} {op} {target:?}: a refused call wrote"
                    );
                }
                if got == Outcome::Ok {
                    *passed.entry(op).or_default() += 1;
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 5 * ops.len());
    for op in ops {
        assert!(
            passed.get(op).copied().unwrap_or(0) > 0,
            "{op} never passed"
        );
    }

    // The two that act on a project: its managers and HR, as far as they reach.
    let projects = [
        (app.unit_id("SH-EC").await, Target::OtherTeam),
        (app.unit_id("CD-TEL").await, Target::OtherSite),
        (
            format!("OrgUnit:{}", uuid::Uuid::now_v7()),
            Target::Nonexistent,
        ),
    ];
    for (i, (login, role)) in ACTORS.into_iter().enumerate() {
        let token = app.demo(login).await;
        for (unit, target) in &projects {
            // The project both teams belong to is the manager's; another site's is not.
            let want = newer_expected("decideElimination", role, *target);
            let before = talent_files(&app).await;
            let ratio = (20 + i) as f64 / 100.0;
            let body = app
                .gql(
                    &token,
                    "mutation($u:ID!,$r:Float!){ setEliminationRatio(orgUnitId:$u, ratio:$r) }",
                    json!({"u": unit, "r": ratio}),
                )
                .await;
            let got = outcome_of(&body, "setEliminationRatio");
            assert_eq!(got, want, "{role} setEliminationRatio {target:?}: {body}");
            if got == Outcome::Ok {
                let row = elimination_ratio::Entity::find_by_id(uuid_of(unit))
                    .one(db)
                    .await
                    .unwrap();
                assert!(
                    row.is_some_and(|r| (r.ratio - ratio).abs() < 1e-9),
                    "{body}"
                );
            } else {
                assert_eq!(
                    talent_files(&app).await,
                    before,
                    "{role} setEliminationRatio {target:?}"
                );
            }
            let body = app
                .gql(&token, "query($u:ID!){ eliminationCandidates(orgUnitId:$u, quarter:\"2025-Q4\"){ quarter ratio candidates { employee { employeeNo } } } }", json!({"u": unit}))
                .await;
            let got = outcome_of(&body, "eliminationCandidates");
            assert_eq!(got, want, "{role} eliminationCandidates {target:?}: {body}");
            if got == Outcome::Ok {
                let review = &body["data"]["eliminationCandidates"];
                assert_eq!(review["quarter"], "2025-Q4", "{body}");
                assert!(review["candidates"].is_array(), "{body}");
            }
        }
    }
});
