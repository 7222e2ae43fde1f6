//! Development plans (后备员工发展档案) over HTTP: items set by the superior, agreed by the three
//! levels per revision, handed in by the member (a reflection for a reading), reviewed by the
//! superior, and overdue items in the inbox of the member and the superior.
use super::*;

const ADD: &str = "mutation($e: ID!, $k: PlanItemKind!, $t: String!, $d: String!){ addPlanItem(employeeId: $e, kind: $k, title: $t, dueDate: $d) { id status version } }";
const AGREE: &str =
    "mutation($e: ID!, $r: Int!){ agreePlan(employeeId: $e, expectedRevision: $r) }";
const SUBMIT: &str = "mutation($id: ID!, $v: Int!, $t: String!){ submitPlanItem(id: $id, expectedVersion: $v, evidence: $t) { status version evidence } }";
const REVIEW: &str = "mutation($id: ID!, $v: Int!, $a: Boolean!, $c: String){ reviewPlanItem(id: $id, expectedVersion: $v, accept: $a, comment: $c) { status version reviewerComment } }";
const PLAN: &str = "query($e: ID!){ employee(id: $e) { developmentPlan { revision agreedByAll agreements { role signer { employeeNo } } items { title status overdue } } } }";
const WAITING: &str =
    "{ inbox(first: 20) { waiting { count items { kind subjectId subjectLabel dueDate } } } }";

/// Makes E0001 a pool member and returns their global id.
async fn member(app: &TestApp) -> String {
    super::fixtures::pool_member(app, "E0001", entity::Echelon::Junior).await
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

on_both!(the_three_levels_agree_each_revision_of_a_plan, |db| {
    let app = TestApp::with_demo(db).await;
    let e = member(&app).await;
    let (agent, leader, manager) = (
        app.demo("E0001").await,
        app.demo("L0001").await,
        app.demo("M0001").await,
    );
    for (kind, title) in [
        ("SPECIAL_TRAINING", "投诉处理专项培训"),
        ("COACHING", "班组长带教"),
    ] {
        ok(&app
            .gql(
                &leader,
                ADD,
                json!({"e": e, "k": kind, "t": title, "d": "2027-03-31"}),
            )
            .await);
    }
    for token in [&agent, &leader, &manager] {
        ok(&app.gql(token, AGREE, json!({"e": e, "r": 2})).await);
    }
    let plan = app.gql(&agent, PLAN, json!({"e": e})).await;
    let p = &ok(&plan)["employee"]["developmentPlan"];
    assert_eq!(p["revision"], 2);
    assert_eq!(p["agreedByAll"], true, "{plan}");
    let roles: Vec<&str> = p["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["SELF", "SUPERIOR", "SKIP_LEVEL"]);
    // Agreeing twice, or for someone else's line, is refused and writes nothing.
    let events = app.count("audit_events").await;
    let twice = app.gql(&leader, AGREE, json!({"e": e, "r": 2})).await;
    assert_eq!(error_code(&twice).as_deref(), Some("CONFLICT"), "{twice}");
    let hr = app.demo("H0001").await;
    let stranger = app.gql(&hr, AGREE, json!({"e": e, "r": 2})).await;
    assert_eq!(
        error_code(&stranger).as_deref(),
        Some("FORBIDDEN"),
        "{stranger}"
    );
    assert_eq!(app.count("audit_events").await, events);
    // A new item is a new revision, which the three agree to again.
    ok(&app
        .gql(
            &leader,
            ADD,
            json!({"e": e, "k": "ROTATION", "t": "轮岗至质检", "d": "2027-06-30"}),
        )
        .await);
    let stale = app.gql(&agent, AGREE, json!({"e": e, "r": 2})).await;
    assert_eq!(error_code(&stale).as_deref(), Some("CONFLICT"), "{stale}");
    let plan = app.gql(&agent, PLAN, json!({"e": e})).await;
    let p = &ok(&plan)["employee"]["developmentPlan"];
    assert_eq!(
        (p["revision"].clone(), p["agreedByAll"].clone()),
        (json!(3), json!(false))
    );
    assert_eq!(p["agreements"], json!([]), "{plan}");
});

on_both!(a_reflection_is_handed_in_returned_and_accepted, |db| {
    let app = TestApp::with_demo(db).await;
    let e = member(&app).await;
    let (agent, leader) = (app.demo("E0001").await, app.demo("L0001").await);
    let body = app
        .gql(
            &leader,
            ADD,
            json!({"e": e, "k": "ASSIGNED_READING", "t": "《服务的细节》", "d": "2027-01-31"}),
        )
        .await;
    let item = ok(&body)["addPlanItem"]["id"].as_str().unwrap().to_owned();
    let events = app.count("audit_events").await;
    // Too long a reflection, someone else handing in, and reviewing before it is in: refused.
    let long = app
        .gql(
            &agent,
            SUBMIT,
            json!({"id": item, "v": 1, "t": "读".repeat(5001)}),
        )
        .await;
    assert_eq!(
        error_code(&long).as_deref(),
        Some("BAD_USER_INPUT"),
        "{long}"
    );
    assert_eq!(error_field(&long).as_deref(), Some("evidence"));
    let other = app
        .gql(&leader, SUBMIT, json!({"id": item, "v": 1, "t": "代交"}))
        .await;
    assert_eq!(error_code(&other).as_deref(), Some("FORBIDDEN"), "{other}");
    let early = app
        .gql(&leader, REVIEW, json!({"id": item, "v": 1, "a": true}))
        .await;
    assert_eq!(error_code(&early).as_deref(), Some("CONFLICT"), "{early}");
    assert_eq!(app.count("audit_events").await, events);

    let text = "细节决定服务品质。🙂".repeat(10);
    let body = app
        .gql(&agent, SUBMIT, json!({"id": item, "v": 1, "t": text}))
        .await;
    assert_eq!(ok(&body)["submitPlanItem"]["status"], "SUBMITTED");
    assert_eq!(
        body["data"]["submitPlanItem"]["evidence"], text,
        "round-trips byte for byte"
    );
    // The superior sees it waiting for review.
    let inbox = app.gql(&leader, WAITING, json!({})).await;
    let items = ok(&inbox)["inbox"]["waiting"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        items
            .iter()
            .any(|i| i["kind"] == "PLAN_ITEM_REVIEW" && i["subjectId"] == e.as_str()),
        "{inbox}"
    );
    let bare = app
        .gql(&leader, REVIEW, json!({"id": item, "v": 2, "a": false}))
        .await;
    assert_eq!(error_field(&bare).as_deref(), Some("comment"), "{bare}");
    let back = app
        .gql(
            &leader,
            REVIEW,
            json!({"id": item, "v": 2, "a": false, "c": "请结合本组案例"}),
        )
        .await;
    assert_eq!(ok(&back)["reviewPlanItem"]["status"], "IN_PROGRESS");
    ok(&app
        .gql(
            &agent,
            SUBMIT,
            json!({"id": item, "v": 3, "t": "结合案例的心得"}),
        )
        .await);
    let stale = app
        .gql(&leader, REVIEW, json!({"id": item, "v": 3, "a": true}))
        .await;
    assert_eq!(error_code(&stale).as_deref(), Some("CONFLICT"), "{stale}");
    let done = app
        .gql(
            &leader,
            REVIEW,
            json!({"id": item, "v": 4, "a": true, "c": "很好"}),
        )
        .await;
    assert_eq!(ok(&done)["reviewPlanItem"]["status"], "DONE");
});

on_both!(
    overdue_items_wait_in_the_inbox_of_the_member_and_the_superior,
    |db| {
        let app = TestApp::with_demo(db).await;
        let e = member(&app).await;
        let (agent, leader, manager) = (
            app.demo("E0001").await,
            app.demo("L0001").await,
            app.demo("M0001").await,
        );
        ok(&app
            .gql(
                &leader,
                ADD,
                json!({"e": e, "k": "EXTERNAL_VISIT", "t": "标杆中心参观", "d": "2026-01-15"}),
            )
            .await);
        ok(&app
            .gql(
                &leader,
                ADD,
                json!({"e": e, "k": "SPECIAL_TRAINING", "t": "未来的培训", "d": "2099-01-15"}),
            )
            .await);
        for token in [&agent, &leader] {
            let inbox = app.gql(token, WAITING, json!({})).await;
            let overdue: Vec<&Value> = ok(&inbox)["inbox"]["waiting"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["kind"] == "PLAN_ITEM_OVERDUE")
                .collect();
            assert_eq!(overdue.len(), 1, "only the past-due item: {inbox}");
            assert_eq!(overdue[0]["dueDate"], "2026-01-15");
            assert!(overdue[0]["subjectLabel"]
                .as_str()
                .unwrap()
                .contains("标杆中心参观"));
        }
        let inbox = app.gql(&manager, WAITING, json!({})).await;
        assert!(
            !ok(&inbox)["inbox"]["waiting"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["kind"] == "PLAN_ITEM_OVERDUE"),
            "the skip-level superior is not chased: {inbox}"
        );
        let plan = app.gql(&agent, PLAN, json!({"e": e})).await;
        let overdue: Vec<bool> = ok(&plan)["employee"]["developmentPlan"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["overdue"].as_bool().unwrap())
            .collect();
        assert_eq!(overdue, [true, false]);
    }
);

on_both!(
    plan_items_are_set_only_for_members_by_those_above_them,
    |db| {
        let app = TestApp::with_demo(db).await;
        let (agent, leader) = (app.demo("E0001").await, app.demo("L0001").await);
        let e = app.employee_id("E0001").await;
        let events = app.count("audit_events").await;
        let vars = json!({"e": e, "k": "COACHING", "t": "带教", "d": "2027-01-01"});
        let body = app.gql(&leader, ADD, vars.clone()).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("CONFLICT"),
            "not yet a member: {body}"
        );
        let e = member(&app).await;
        let body = app.gql(&agent, ADD, vars.clone()).await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        let own = app.employee_id("L0001").await;
        let body = app
            .gql(
                &leader,
                ADD,
                json!({"e": own, "k": "COACHING", "t": "带教", "d": "2027-01-01"}),
            )
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        for (v, field) in [
            (
                json!({"e": e, "k": "COACHING", "t": " ", "d": "2027-01-01"}),
                "title",
            ),
            (
                json!({"e": e, "k": "COACHING", "t": "带教", "d": "2027-02-30"}),
                "dueDate",
            ),
        ] {
            let body = app.gql(&leader, ADD, v).await;
            assert_eq!(error_field(&body).as_deref(), Some(field), "{body}");
        }
        let body = app
            .gql(
                &leader,
                ADD,
                json!({"e": e, "k": "HOLIDAY", "t": "x", "d": "2027-01-01"}),
            )
            .await;
        assert!(
            body["data"].is_null() && body["errors"].is_array(),
            "{body}"
        );
        assert_eq!(app.count("audit_events").await, events);
    }
);
