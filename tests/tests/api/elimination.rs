//! Monthly points and the quarterly bottom elimination (末位淘汰) over HTTP: who enters points
//! and decides, the candidates of a quarter, confirming (the member leaves the pool) and
//! overriding, and what is refused.
use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const POINTS: &str = "mutation($e: ID!, $m: String!, $p: Float!){ setMonthlyPoints(employeeId: $e, month: $m, points: $p) { month points } }";
const RATIO: &str =
    "mutation($u: ID!, $r: Float!){ setEliminationRatio(orgUnitId: $u, ratio: $r) }";
const CANDIDATES: &str = "query($u: ID!, $q: String!){ eliminationCandidates(orgUnitId: $u, quarter: $q) { quarter ratio candidates { employee { employeeNo } months { month points } } } }";
const DECIDE: &str = "mutation($e: ID!, $q: String!, $c: Boolean!, $r: String!){ decideElimination(employeeId: $e, quarter: $q, confirm: $c, reason: $r) }";

/// Puts the first `n` working agents of 电商客服一组 into the pool as of 2025-12-01 (before
/// the quarter measured), and returns their 工号 and global ids.
async fn members(app: &TestApp, n: usize) -> Vec<(String, String)> {
    use entity::{employee, org_unit};
    let db = &app.state.db;
    let team = org_unit::Entity::find()
        .filter(org_unit::Column::Code.eq("SH-EC-T1"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let people = employee::Entity::find()
        .filter(employee::Column::OrgUnitId.eq(team.id))
        .filter(employee::Column::Status.ne(entity::EmployeeStatus::Left))
        .filter(employee::Column::Position.eq("话务员"))
        .order_by_asc(employee::Column::EmployeeNo)
        .all(db)
        .await
        .unwrap();
    assert!(
        people.len() >= n,
        "the demo team has {} agents",
        people.len()
    );
    let joined = chrono::DateTime::parse_from_rfc3339("2025-12-01T00:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut out = Vec::new();
    for e in people.into_iter().take(n) {
        let id = format!("Employee:{}", e.id);
        super::fixtures::pool_member_since(app, &id, entity::Echelon::Junior, joined).await;
        out.push((e.employee_no.clone(), id));
    }
    out
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

on_both!(
    the_bottom_three_months_running_are_candidates_and_a_manager_decides,
    |db| {
        let app = TestApp::with_demo(db).await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;
        let team = members(&app, 10).await;
        let project = app.unit_id("SH-EC").await;
        ok(&app
            .gql(&manager, RATIO, json!({"u": project, "r": 0.2}))
            .await);
        // Two places at the bottom each month (20% of 10). The first two agents are last in all
        // three months; the third ties the second in February (a tie at the cut-off is in the
        // band) and is at the bottom only then.
        for (i, (_, id)) in team.iter().enumerate() {
            for month in ["2026-01", "2026-02", "2026-03"] {
                let points = match (i, month) {
                    (0, _) => 10.0,
                    (1, _) => 20.0,
                    (2, "2026-02") => 20.0,
                    _ => 50.0 + i as f64,
                };
                ok(&app
                    .gql(&leader, POINTS, json!({"e": id, "m": month, "p": points}))
                    .await);
            }
        }
        // Correcting a month replaces the figure.
        ok(&app
            .gql(
                &leader,
                POINTS,
                json!({"e": team[1].1, "m": "2026-03", "p": 20.5}),
            )
            .await);
        let body = app
            .gql(&manager, CANDIDATES, json!({"u": project, "q": "2026-Q1"}))
            .await;
        let review = &body["data"]["eliminationCandidates"];
        assert_eq!(review["ratio"], 0.2, "{body}");
        let names: Vec<&str> = review["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["employee"]["employeeNo"].as_str().unwrap())
            .collect();
        assert_eq!(names, [team[0].0.as_str(), team[1].0.as_str()], "{body}");
        assert_eq!(
            review["candidates"][1]["months"][2],
            json!({"month": "2026-03", "points": 20.5})
        );

        // The third agent is no candidate: deciding about them is refused and writes nothing.
        let events = app.count("audit_events").await;
        let body = app
            .gql(
                &manager,
                DECIDE,
                json!({"e": team[2].1, "q": "2026-Q1", "c": true, "r": "末位"}),
            )
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("CONFLICT"), "{body}");
        assert_eq!(app.count("audit_events").await, events);

        // Confirm the first: they leave the pool with the reason; override the second: they stay.
        ok(&app
            .gql(
                &manager,
                DECIDE,
                json!({"e": team[0].1, "q": "2026-Q1", "c": true, "r": "连续三月末位"}),
            )
            .await);
        ok(&app
            .gql(
                &manager,
                DECIDE,
                json!({"e": team[1].1, "q": "2026-Q1", "c": false, "r": "三月病假,予以保留"}),
            )
            .await);
        let again = app
            .gql(
                &manager,
                DECIDE,
                json!({"e": team[1].1, "q": "2026-Q1", "c": true, "r": "再次"}),
            )
            .await;
        assert_eq!(error_code(&again).as_deref(), Some("CONFLICT"), "{again}");
        // Decided candidates are done, and the one who left still ranks for the months they
        // were a member, so nobody slides into the band after the fact.
        let body = app
            .gql(&manager, CANDIDATES, json!({"u": project, "q": "2026-Q1"}))
            .await;
        assert_eq!(
            body["data"]["eliminationCandidates"]["candidates"],
            json!([]),
            "decided candidates are done: {body}"
        );
        let history =
            "query($id: ID!){ employee(id: $id) { poolHistory { kind reason reasonZh reasonEn } } }";
        let body = app.gql(&manager, history, json!({"id": team[0].1})).await;
        let events = body["data"]["employee"]["poolHistory"].as_array().unwrap();
        let last = events.last().unwrap();
        assert_eq!(last["kind"], "LEFT", "{body}");
        assert!(
            last["reason"].as_str().unwrap().contains("连续三月末位"),
            "{body}"
        );
        let zh = last["reasonZh"].as_str().unwrap();
        assert!(
            zh.contains("2026-Q1 末位淘汰") && zh.contains("连续三月末位"),
            "{zh}"
        );
        assert!(
            last["reasonEn"]
                .as_str()
                .unwrap()
                .starts_with("Bottom elimination, 2026-Q1"),
            "{body}"
        );
        let body = app.gql(&manager, history, json!({"id": team[1].1})).await;
        assert_eq!(
            body["data"]["employee"]["poolHistory"],
            json!([]),
            "an override leaves the membership as it was: {body}"
        );
    }
);

on_both!(
    points_ratios_and_decisions_refuse_bad_input_and_strangers,
    |db| {
        let app = TestApp::with_demo(db).await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;
        let team = members(&app, 2).await;
        let project = app.unit_id("SH-EC").await;
        let events = app.count("audit_events").await;
        for (vars, field) in [
            (json!({"e": team[0].1, "m": "2026-13", "p": 10.0}), "month"),
            (json!({"e": team[0].1, "m": "2026-01", "p": -1.0}), "points"),
            (
                json!({"e": team[0].1, "m": "2026-01", "p": 10001.0}),
                "points",
            ),
        ] {
            let body = app.gql(&leader, POINTS, vars).await;
            assert_eq!(
                error_code(&body).as_deref(),
                Some("BAD_USER_INPUT"),
                "{body}"
            );
            assert_eq!(error_field(&body).as_deref(), Some(field), "{body}");
        }
        for (vars, field) in [
            (json!({"u": project, "r": 1.5}), "ratio"),
            (
                json!({"u": app.unit_id("SH-EC-T1").await, "r": 0.1}),
                "orgUnitId",
            ),
        ] {
            let body = app.gql(&manager, RATIO, vars).await;
            assert_eq!(
                error_code(&body).as_deref(),
                Some("BAD_USER_INPUT"),
                "{body}"
            );
            assert_eq!(error_field(&body).as_deref(), Some(field), "{body}");
        }
        let body = app
            .gql(
                &manager,
                DECIDE,
                json!({"e": team[0].1, "q": "2026-Q9", "c": true, "r": "x"}),
            )
            .await;
        assert_eq!(error_field(&body).as_deref(), Some("quarter"), "{body}");
        // Someone not in the pool has no points to enter; nobody scores themself.
        let outsider = app.employee_id("E0022").await;
        let body = app
            .gql(
                &leader,
                POINTS,
                json!({"e": outsider, "m": "2026-01", "p": 1.0}),
            )
            .await;
        let code = error_code(&body);
        assert!(
            matches!(code.as_deref(), Some("CONFLICT")),
            "E0022 is not a member: {body}"
        );
        let own = app.employee_id("L0001").await;
        let body = app
            .gql(&leader, POINTS, json!({"e": own, "m": "2026-01", "p": 1.0}))
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        // Team leaders and agents do not decide eliminations nor set ratios.
        let body = app
            .gql(&leader, CANDIDATES, json!({"u": project, "q": "2026-Q1"}))
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        let agent = app.demo("E0001").await;
        let body = app
            .gql(&agent, RATIO, json!({"u": project, "r": 0.1}))
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        assert_eq!(
            app.count("audit_events").await,
            events,
            "nothing refused was written"
        );
    }
);

async fn import(app: &TestApp, token: &str, csv: String, dry: bool) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/api/talent/points/import", app.address))
        .query(&[
            ("month", "2026-01"),
            ("fileName", "points.csv"),
            ("dryRun", if dry { "true" } else { "false" }),
        ])
        .bearer_auth(token)
        .body(csv)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

on_both!(a_months_points_import_whole_or_not_at_all, |db| {
    let app = TestApp::with_demo(db).await;
    let leader = app.demo("L0001").await;
    let team = members(&app, 2).await;
    let bad = format!(
        "工号,积分\n{},12.5\n{},abc\nE9999,1\nL0001,3\nE0023,4\n",
        team[0].0, team[1].0
    );
    let events = app.count("audit_events").await;
    let (status, report) = import(&app, &leader, bad.clone(), false).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["committed"], false);
    let rows: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    // Bad number; unknown 工号; oneself and another team read as unknown.
    assert_eq!(
        rows,
        [
            (3, "points"),
            (4, "employeeNo"),
            (5, "employeeNo"),
            (6, "employeeNo")
        ],
        "{report}"
    );
    assert_eq!(app.count("monthly_points").await, 0, "nothing written");
    assert_eq!(app.count("audit_events").await, events);
    let good = format!("工号,积分\n{},12.5\n{},30\n", team[0].0, team[1].0);
    let (_, dry) = import(&app, &leader, good.clone(), true).await;
    assert_eq!(
        (dry["committed"].clone(), dry["rows"].clone()),
        (json!(false), json!(2))
    );
    assert_eq!(
        app.count("monthly_points").await,
        0,
        "a dry run writes nothing"
    );
    let (_, done) = import(&app, &leader, good, false).await;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.count("monthly_points").await, 2);
    let agent = app.demo("E0001").await;
    let (status, _) = import(&app, &agent, "工号,积分\n".into(), false).await;
    assert_eq!(status, 403);
});

const MONTHS: &str = "query($e: ID!, $f: String!, $t: String!){ employee(id: $e) { monthlyPoints(fromMonth: $f, toMonth: $t) { month points } } }";

on_both!(
    a_members_monthly_points_read_by_them_their_line_and_hr_only,
    |db| {
        use super::talent::token_of;
        let app = TestApp::with_demo(db).await;
        let admin = app.demo("A0001").await;
        let leader = app.demo("L0001").await;
        let team = members(&app, 2).await;
        for (month, points) in [("2026-01", 10.0), ("2026-03", 30.5)] {
            ok(&app
                .gql(
                    &leader,
                    POINTS,
                    json!({"e": team[0].1, "m": month, "p": points}),
                )
                .await);
        }
        let want = json!([
            {"month": "2025-12", "points": null},
            {"month": "2026-01", "points": 10.0},
            {"month": "2026-02", "points": null},
            {"month": "2026-03", "points": 30.5},
        ]);
        let vars = json!({"e": team[0].1, "f": "2025-12", "t": "2026-03"});
        let member = token_of(&app, &admin, &team[0].0).await;
        for token in [
            &member,
            &leader,
            &app.demo("M0001").await,
            &app.demo("H0001").await,
            &admin,
        ] {
            let body = app.gql(token, MONTHS, vars.clone()).await;
            ok(&body);
            assert_eq!(body["data"]["employee"]["monthlyPoints"], want, "{body}");
        }
        // Another team's leader, a fellow member and staff of the company do not see them.
        let created = app
            .gql(
                &admin,
                "mutation($e:ID!){ createAccount(input:{employeeId:$e, roles:[TEAM_LEADER], password:\"long-enough-1\"}){ id } }",
                json!({"e": app.employee_id("L0002").await}),
            )
            .await;
        ok(&created);
        for token in [
            app.login("L0002", "long-enough-1").await,
            token_of(&app, &admin, &team[1].0).await,
            app.demo("T0001").await,
        ] {
            let body = app.gql(&token, MONTHS, vars.clone()).await;
            assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
            assert!(body["data"]["employee"].is_null(), "{body}");
        }
        // Months that do not exist, run backwards or span more than two years are refused.
        for (f, t, field) in [
            ("2026-13", "2026-12", "fromMonth"),
            ("2026-01", "2026/02", "toMonth"),
            ("2026-03", "2026-01", "toMonth"),
            ("2024-01", "2026-01", "toMonth"),
        ] {
            let body = app
                .gql(&leader, MONTHS, json!({"e": team[0].1, "f": f, "t": t}))
                .await;
            assert_eq!(
                error_code(&body).as_deref(),
                Some("BAD_USER_INPUT"),
                "{body}"
            );
            assert_eq!(error_field(&body).as_deref(), Some(field), "{body}");
        }
        let body = app
            .gql(
                &leader,
                MONTHS,
                json!({"e": team[0].1, "f": "2024-04", "t": "2026-03"}),
            )
            .await;
        ok(&body);
        assert_eq!(
            body["data"]["employee"]["monthlyPoints"]
                .as_array()
                .unwrap()
                .len(),
            24,
            "two years is the most: {body}"
        );
    }
);

on_both!(
    monthly_points_of_a_page_of_members_cost_the_same_for_twelve_or_two,
    |db| {
        use super::talent::{statements, REMOVE};
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let leader = app.demo("L0001").await;
        // The demo's members leave first, so the pool holds exactly the team's.
        let seeded = app
            .gql(
                &hr,
                "{ talentPool(first: 100){ edges { node { employee { id } } } } }",
                json!({}),
            )
            .await;
        for e in seeded["data"]["talentPool"]["edges"].as_array().unwrap() {
            ok(&app
                .gql(
                    &hr,
                    REMOVE,
                    json!({"e": e["node"]["employee"]["id"], "r": "重新选拔"}),
                )
                .await);
        }
        let team = members(&app, 12).await;
        for (i, (_, id)) in team.iter().enumerate() {
            ok(&app
                .gql(
                    &leader,
                    POINTS,
                    json!({"e": id, "m": "2026-02", "p": 10.0 + i as f64}),
                )
                .await);
        }
        let q = "{ talentPool(first: 50){ edges { node { employee { employeeNo monthlyPoints(fromMonth: \"2026-01\", toMonth: \"2026-03\") { month points } } } } } }";
        let mut counts = Vec::new();
        for n in [12, 2] {
            for (_, id) in team.iter().skip(n) {
                // Those already out answer CONFLICT; the pool is what the count below checks.
                app.gql(&hr, REMOVE, json!({"e": id, "r": "名额调整"}))
                    .await;
            }
            let (statements, body) = statements(&app, &hr, q).await;
            ok(&body);
            let edges = body["data"]["talentPool"]["edges"].as_array().unwrap();
            assert_eq!(edges.len(), n, "{body}");
            for e in edges {
                let months = e["node"]["employee"]["monthlyPoints"].as_array().unwrap();
                assert_eq!(months.len(), 3, "{e}");
                assert!(months[1]["points"].is_number(), "{e}");
                assert!(months[0]["points"].is_null(), "{e}");
            }
            counts.push(statements);
        }
        assert_eq!(
            counts[0], counts[1],
            "statements must not grow with the page: {counts:?}"
        );
    }
);

on_both!(monthly_points_read_only_the_months_asked_for, |db| {
    let app = TestApp::with_demo(db).await;
    let leader = app.demo("L0001").await;
    let (no, id) = members(&app, 1).await.remove(0);
    for (m, p) in [("2025-12", 12.0), ("2026-02", 2.0), ("2026-05", 5.0)] {
        ok(&app
            .gql(&leader, POINTS, json!({"e": id, "m": m, "p": p}))
            .await);
    }
    // Two ranges of one person in one request: one batch, each field its own months.
    let q = "query($e: ID!){ employee(id: $e){ \
             winter: monthlyPoints(fromMonth: \"2025-11\", toMonth: \"2025-12\") { month points } \
             spring: monthlyPoints(fromMonth: \"2026-01\", toMonth: \"2026-03\") { month points } } }";
    let body = app.gql(&leader, q, json!({"e": id})).await;
    ok(&body);
    assert_eq!(
        body["data"]["employee"]["winter"],
        json!([{"month": "2025-11", "points": null}, {"month": "2025-12", "points": 12.0}]),
        "{no}: {body}"
    );
    assert_eq!(
        body["data"]["employee"]["spring"],
        json!([
            {"month": "2026-01", "points": null},
            {"month": "2026-02", "points": 2.0},
            {"month": "2026-03", "points": null}
        ]),
        "{body}"
    );
    // The read behind them leaves out the months outside the range.
    let uuid = uuid::Uuid::parse_str(id.trim_start_matches("Employee:")).unwrap();
    let read =
        echelon::talent::elimination::points_of(&app.state.db, &[uuid], ("2026-01", "2026-03"))
            .await
            .unwrap();
    assert_eq!(
        read[&uuid]
            .iter()
            .map(|(m, p)| (m.as_str(), *p))
            .collect::<Vec<_>>(),
        [("2026-02", 2.0)]
    );
});
