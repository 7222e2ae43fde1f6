//! The inbox (工作台): probation reviews wait for HR, each caller's own changes are what they
//! handled, and the cost does not grow with the page.
use super::*;
use chrono::NaiveDate;

const WAITING: &str = "query($n:Int!){ inbox(first:$n){ waiting { count items { kind subjectId subjectLabel dueDate at action } } } }";

/// (global id, 工号, name, hire date) of the probation employees HR sees, from `employees`.
async fn probation_staff(app: &TestApp, token: &str) -> Vec<(String, String, String, NaiveDate)> {
    let body = app
        .gql(
            token,
            "{ employees(first: 100, filter:{status: PROBATION}, sort:{field: HIRE_DATE, direction: ASC}){ totalCount edges { node { id employeeNo name hireDate } } } }",
            json!({}),
        )
        .await;
    let conn = &body["data"]["employees"];
    let edges = conn["edges"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert_eq!(
        conn["totalCount"].as_u64().unwrap() as usize,
        edges.len(),
        "one page holds them all"
    );
    edges
        .iter()
        .map(|e| {
            let n = &e["node"];
            (
                n["id"].as_str().unwrap().to_owned(),
                n["employeeNo"].as_str().unwrap().to_owned(),
                n["name"].as_str().unwrap().to_owned(),
                NaiveDate::parse_from_str(n["hireDate"].as_str().unwrap(), "%Y-%m-%d").unwrap(),
            )
        })
        .collect()
}

fn today() -> NaiveDate {
    entity::china_date(chrono::Utc::now())
}

on_both!(hr_sees_the_probation_reviews_that_are_due, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let staff = probation_staff(&app, &hr).await;
    let today = today();
    let due: Vec<_> = staff
        .iter()
        .filter(|(_, _, _, hire)| entity::probation_review_due(*hire, today))
        .collect();
    assert!(
        !due.is_empty() && due.len() < staff.len(),
        "the demo has some reviews due and some probations running: {} of {}",
        due.len(),
        staff.len()
    );
    for login in ["H0001", "A0001"] {
        let token = app.demo(login).await;
        let body = app.gql(&token, WAITING, json!({"n": 100})).await;
        let waiting = &body["data"]["inbox"]["waiting"];
        // The demo's open nominations wait for HR's assessment too.
        let items: Vec<&Value> = waiting["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "PROBATION_REVIEW")
            .collect();
        assert!(
            waiting["count"].as_u64().unwrap() as usize >= due.len(),
            "{login}: {body}"
        );
        assert_eq!(items.len(), due.len(), "{login}: {body}");
        // Oldest hire first, so the most overdue review leads.
        for (item, (id, no, name, hire)) in items.iter().zip(&due) {
            assert_eq!(item["kind"], "PROBATION_REVIEW");
            assert_eq!(item["subjectId"], id.as_str());
            assert_eq!(item["subjectLabel"], format!("{no} {name}"));
            assert_eq!(
                item["dueDate"],
                entity::probation_end(*hire).format("%Y-%m-%d").to_string()
            );
            assert!(item["at"].is_string() && item["action"].is_null(), "{item}");
        }
    }
    let all = app.gql(&hr, WAITING, json!({"n": 100})).await;
    let few = app.gql(&hr, WAITING, json!({"n": 2})).await;
    let waiting = &few["data"]["inbox"]["waiting"];
    assert_eq!(
        waiting["count"], all["data"]["inbox"]["waiting"]["count"],
        "count counts them all"
    );
    assert_eq!(waiting["items"].as_array().unwrap().len(), 2.min(due.len()));
});

on_both!(an_agent_has_nothing_waiting_and_still_an_inbox, |db| {
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let body = app
        .gql(
            &agent,
            "{ inbox { waiting { count items { kind } } done { count items { kind } } started { count items { kind } } } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    for section in ["waiting", "done", "started"] {
        let s = &body["data"]["inbox"][section];
        assert_eq!(s["count"], 0, "{section}: {body}");
        assert_eq!(s["items"], json!([]), "{section}: {body}");
    }
});

on_both!(a_manager_has_no_probation_reviews_to_do, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let manager = app.demo("M0001").await;
    // Reviews are due in the manager's project, but they are HR's to do.
    let in_project = app
        .gql(
            &hr,
            "query($u:ID!){ employees(first: 100, filter:{orgUnitId:$u, status: PROBATION}){ edges { node { hireDate } } } }",
            json!({"u": app.unit_id("SH-EC").await}),
        )
        .await;
    let today = today();
    let due_in_project = in_project["data"]["employees"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let hire =
                NaiveDate::parse_from_str(e["node"]["hireDate"].as_str().unwrap(), "%Y-%m-%d")
                    .unwrap();
            entity::probation_review_due(hire, today)
        })
        .count();
    assert!(due_in_project > 0, "{in_project}");
    let body = app.gql(&manager, WAITING, json!({"n": 20})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["inbox"]["waiting"]["count"], 0, "{body}");
    assert_eq!(body["data"]["inbox"]["waiting"]["items"], json!([]));
});

on_both!(a_change_hr_makes_tops_their_done_section, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    // Through a fragment, as the web app asks.
    let q = "fragment S on InboxSection { count items { kind subjectId subjectLabel action at dueDate } } { inbox(first: 5){ done { ...S } } }";
    let before = app.gql(&hr, q, json!({})).await;
    let count_before = before["data"]["inbox"]["done"]["count"]
        .as_u64()
        .unwrap_or_else(|| panic!("{before}"));
    let id = app.employee_id("E0002").await;
    let current = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ version name } }",
            json!({"id": id}),
        )
        .await;
    let version = current["data"]["employee"]["version"].as_i64().unwrap();
    let name = current["data"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let updated = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, position:\"质检员\"}){ id } }",
            json!({"id": id, "v": version}),
        )
        .await;
    assert!(updated["errors"].is_null(), "{updated}");
    let after = app.gql(&hr, q, json!({})).await;
    let done = &after["data"]["inbox"]["done"];
    assert_eq!(done["count"].as_u64().unwrap(), count_before + 1, "{after}");
    let top = &done["items"][0];
    assert_eq!(top["kind"], "RECORD_CHANGE");
    assert_eq!(top["action"], "employee.updated");
    assert_eq!(top["subjectId"], id.as_str());
    assert_eq!(top["subjectLabel"], format!("E0002 {name}"));
    assert!(top["dueDate"].is_null() && top["at"].is_string(), "{top}");
    // Nobody else handled it.
    let agent = app.demo("E0001").await;
    let theirs = app.gql(&agent, q, json!({})).await;
    assert_eq!(theirs["data"]["inbox"]["done"]["count"], 0, "{theirs}");
});

on_both!(first_must_be_one_to_a_hundred, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    for n in [0, 101, -1] {
        let body = app.gql(&hr, WAITING, json!({"n": n})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("BAD_USER_INPUT"),
            "{n}: {body}"
        );
        assert_eq!(error_field(&body).as_deref(), Some("first"), "{n}: {body}");
    }
    let max = app
        .gql(
            &hr,
            "{ inbox(first: 100){ waiting { count } done { count } } }",
            json!({}),
        )
        .await;
    assert!(max["errors"].is_null(), "{max}");
});

on_both!(the_inbox_costs_the_same_statements_whatever_first, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    // Something in every kind of record HR's done section names.
    for no in ["E0002", "E0003", "E0004"] {
        let id = app.employee_id(no).await;
        let v = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": id}),
            )
            .await;
        let body = app
            .gql(
                &hr,
                "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, keyPosition: true}){ id } }",
                json!({"id": id, "v": v["data"]["employee"]["version"]}),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let q = "query($n:Int!){ inbox(first:$n){ waiting { count items { subjectLabel } } done { count items { subjectLabel } } started { count items { subjectLabel } } } }";
    let mut counts = Vec::new();
    for n in [1, 30] {
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
        assert!(body["errors"].is_null(), "{body}");
        let done = body["data"]["inbox"]["done"]["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(done, n.min(3) as usize, "{body}");
        counts.push(statements);
    }
    assert_eq!(
        counts[0], counts[1],
        "statements must not grow with first: {counts:?}"
    );
    // The caller, one statement for each of the seven sources and one for the labels of
    // the records HR changed.
    assert!(counts[1] <= 9, "{counts:?}");
    // An agent's home: the caller and the sources that can wait for an agent.
    let agent = app.demo("E0001").await;
    let res = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&agent)
        .json(&json!({"query": q, "variables": {"n": 20}}))
        .send()
        .await
        .unwrap();
    let statements: u32 = res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body["errors"].is_null(), "{body}");
    assert!(statements <= 6, "the agent's dashboard costs {statements}");
});

on_both!(a_submitted_nomination_waits_for_each_signer_in_turn, |db| {
    use super::talent::{assess, nominate, sign_ok, submit};
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let leader = app.demo("L0001").await;
    let manager = app.demo("M0001").await;
    let q = "{ inbox(first: 10){ waiting { count items { kind subjectId subjectLabel } } started { count items { kind subjectId subjectLabel } } } }";
    let sign_offs = |body: &Value| -> Vec<String> {
        assert!(body["errors"].is_null(), "{body}");
        body["data"]["inbox"]["waiting"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "SIGN_OFF")
            .map(|i| i["subjectId"].as_str().unwrap().to_owned())
            .collect()
    };
    let (id, v) = nominate(&app, &leader, "E0001", "JUNIOR").await;
    // Started: the team leader's open nomination; nothing waits for a signature yet.
    let started = app.gql(&leader, q, json!({})).await;
    let s = &started["data"]["inbox"]["started"];
    assert_eq!(s["count"], 1, "{started}");
    assert_eq!(s["items"][0]["kind"], "NOMINATION");
    assert_eq!(s["items"][0]["subjectId"], id.as_str());
    let name = app
        .gql(&agent, "{ me { employee { name } } }", json!({}))
        .await["data"]["me"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(s["items"][0]["subjectLabel"], format!("E0001 {name}"));
    assert!(sign_offs(&app.gql(&agent, q, json!({})).await).is_empty());
    let v = assess(&app, &leader, &id, v).await;
    submit(&app, &leader, &id, v).await;
    // First the nominee, and only them.
    let mine = app.gql(&agent, q, json!({})).await;
    assert_eq!(sign_offs(&mine), vec![id.clone()]);
    assert_eq!(mine["data"]["inbox"]["waiting"]["count"], 1, "{mine}");
    assert!(sign_offs(&app.gql(&leader, q, json!({})).await).is_empty());
    assert!(sign_offs(&app.gql(&manager, q, json!({})).await).is_empty());
    // Then the superior; not yet the skip-level.
    sign_ok(&app, &agent, &id).await;
    let mine = app.gql(&agent, q, json!({})).await;
    assert_eq!(mine["data"]["inbox"]["waiting"]["count"], 0, "{mine}");
    let theirs = app.gql(&leader, q, json!({})).await;
    assert_eq!(sign_offs(&theirs), vec![id.clone()]);
    assert_eq!(theirs["data"]["inbox"]["waiting"]["count"], 1, "{theirs}");
    assert!(sign_offs(&app.gql(&manager, q, json!({})).await).is_empty());
    sign_ok(&app, &leader, &id).await;
    let last = app.gql(&manager, q, json!({})).await;
    assert_eq!(sign_offs(&last), vec![id.clone()]);
    assert_eq!(last["data"]["inbox"]["waiting"]["count"], 1, "{last}");
    // Admitted: nothing waits, nothing is open.
    sign_ok(&app, &manager, &id).await;
    for t in [&agent, &leader, &manager] {
        let b = app.gql(t, q, json!({})).await;
        assert_eq!(b["data"]["inbox"]["waiting"]["count"], 0, "{b}");
        assert_eq!(b["data"]["inbox"]["started"]["count"], 0, "{b}");
    }
});

/// The kinds and subjects of `token`'s waiting items, and the section's count.
async fn waiting(app: &TestApp, token: &str) -> (u64, Vec<(String, String)>) {
    let body = app.gql(token, WAITING, json!({"n": 100})).await;
    assert!(body["errors"].is_null(), "{body}");
    let w = &body["data"]["inbox"]["waiting"];
    let items = w["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["subjectId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (w["count"].as_u64().unwrap(), items)
}

/// Whether `token`'s waiting items hold one of `kind` about `subject`.
async fn waits(app: &TestApp, token: &str, kind: &str, subject: &str) -> bool {
    let (count, items) = waiting(app, token).await;
    assert!(count as usize >= items.len());
    items.iter().any(|(k, s)| k == kind && s == subject)
}

on_both!(every_step_that_waits_for_someone_is_in_their_inbox, |db| {
    use super::talent::{assess, data, NOMINATE};
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let leader = app.demo("L0001").await;
    let manager = app.demo("M0001").await;
    let hr = app.demo("H0001").await;
    let e1 = app.employee_id("E0001").await;

    // A self-application waits for assessment with the superiors and HR, not the applicant.
    let body = app
        .gql(
            &agent,
            NOMINATE,
            json!({"e": e1, "k": "JUNIOR", "r": "想成为骨干"}),
        )
        .await;
    let nomination = data(&body, "nominate")["id"].as_str().unwrap().to_owned();
    for (who, token) in [("leader", &leader), ("manager", &manager), ("HR", &hr)] {
        assert!(
            waits(&app, token, "ASSESSMENT", &nomination).await,
            "{who} is asked to assess"
        );
    }
    assert!(!waits(&app, &agent, "ASSESSMENT", &nomination).await);
    // Once submitted it waits for signatures instead.
    let v = data(&body, "nominate")["version"].as_i64().unwrap();
    let v = assess(&app, &leader, &nomination, v).await;
    super::talent::submit(&app, &leader, &nomination, v).await;
    assert!(!waits(&app, &leader, "ASSESSMENT", &nomination).await);
    assert!(waits(&app, &agent, "SIGN_OFF", &nomination).await);

    // A development plan with items waits for the three levels' agreement.
    let member = super::fixtures::pool_member(&app, "E0002", entity::Echelon::Junior).await;
    let add = app
        .gql(
            &leader,
            "mutation($e: ID!){ addPlanItem(employeeId: $e, kind: SPECIAL_TRAINING, title: \"客诉处理专项培训\", dueDate: \"2099-06-30\") { id } }",
            json!({"e": member}),
        )
        .await;
    data(&add, "addPlanItem");
    let e2 = super::talent::token_of(&app, &app.demo("A0001").await, "E0002").await;
    for (who, token) in [
        ("member", &e2),
        ("superior", &leader),
        ("skip-level", &manager),
    ] {
        assert!(
            waits(&app, token, "PLAN_AGREEMENT", &member).await,
            "the {who} is asked to agree"
        );
    }
    let agreed = app
        .gql(
            &leader,
            "mutation($e: ID!, $r: Int!){ agreePlan(employeeId: $e, expectedRevision: $r) }",
            json!({"e": member, "r": 1}),
        )
        .await;
    assert!(agreed["errors"].is_null(), "{agreed}");
    assert!(!waits(&app, &leader, "PLAN_AGREEMENT", &member).await);
    assert!(waits(&app, &manager, "PLAN_AGREEMENT", &member).await);
    assert!(!waits(&app, &hr, "PLAN_AGREEMENT", &member).await);

    // Shared year-end feedback waits for the member, then for the superior.
    let save = app
        .gql(
            &leader,
            "mutation($e: ID!){ saveInventory(employeeId: $e, year: 2026, strengths: \"业务熟练\", weaknesses: \"带教经验少\", nextYearPlan: \"带教两名新人\") { id version } }",
            json!({"e": member}),
        )
        .await;
    let inv = data(&save, "saveInventory")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !waits(&app, &e2, "INVENTORY", &member).await,
        "a draft waits for no one"
    );
    let step = |q: &'static str, token: String, v: i64| {
        let (app, inv) = (&app, inv.clone());
        async move {
            let body = app.gql(&token, q, json!({"id": inv, "v": v})).await;
            assert!(body["errors"].is_null(), "{body}");
        }
    };
    step(
        "mutation($id: ID!, $v: Int!){ shareInventory(id: $id, expectedVersion: $v) { version } }",
        leader.clone(),
        1,
    )
    .await;
    assert!(waits(&app, &e2, "INVENTORY", &member).await);
    assert!(waits(&app, &leader, "INVENTORY", &member).await);
    step(
        "mutation($id: ID!, $v: Int!){ readInventory(id: $id, expectedVersion: $v) { version } }",
        e2.clone(),
        2,
    )
    .await;
    step("mutation($id: ID!, $v: Int!){ confirmInventory(id: $id, expectedVersion: $v) { version } }", e2.clone(), 3).await;
    assert!(!waits(&app, &e2, "INVENTORY", &member).await);
    assert!(waits(&app, &leader, "INVENTORY", &member).await);
    step("mutation($id: ID!, $v: Int!){ confirmInventory(id: $id, expectedVersion: $v) { version } }", leader.clone(), 4).await;
    assert!(!waits(&app, &leader, "INVENTORY", &member).await);
});
