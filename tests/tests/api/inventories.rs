//! Year-end inventories (年底能力盘点) over HTTP: the direct superior writes and shares, the
//! member reads, both confirm next year's plan; drafts stay with the superior.
use super::*;

const SAVE: &str = "mutation($e: ID!, $y: Int!, $s: String!, $w: String!, $p: String!, $v: Int){ saveInventory(employeeId: $e, year: $y, strengths: $s, weaknesses: $w, nextYearPlan: $p, expectedVersion: $v) { id status version } }";
const STEP_SHARE: &str = "mutation($id: ID!, $v: Int!){ shareInventory(id: $id, expectedVersion: $v) { status version } }";
const STEP_READ: &str = "mutation($id: ID!, $v: Int!){ readInventory(id: $id, expectedVersion: $v) { status version memberReadAt } }";
const STEP_CONFIRM: &str = "mutation($id: ID!, $v: Int!){ confirmInventory(id: $id, expectedVersion: $v) { status version } }";
const MINE: &str = "{ myTalent { inventories { year status strengths } } }";

/// Makes E0001 a pool member and returns their global id.
async fn member(app: &TestApp) -> String {
    super::fixtures::pool_member(app, "E0001", entity::Echelon::KeyStaff).await
}

fn data(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

on_both!(a_superior_writes_shares_and_both_confirm_the_plan, |db| {
    let app = TestApp::with_demo(db).await;
    let e = member(&app).await;
    let (agent, leader) = (app.demo("E0001").await, app.demo("L0001").await);
    let texts = json!({"e": e, "y": 2026, "s": "业务熟练", "w": "", "p": ""});
    let body = app.gql(&leader, SAVE, texts).await;
    let id = data(&body)["saveInventory"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        data(&app.gql(&agent, MINE, json!({})).await)["myTalent"]["inventories"],
        json!([]),
        "a draft stays with the superior"
    );
    // Sharing an unfinished draft is refused; rewriting needs the version.
    let early = app
        .gql(&leader, STEP_SHARE, json!({"id": id, "v": 1}))
        .await;
    assert_eq!(
        error_field(&early).as_deref(),
        Some("weaknesses"),
        "{early}"
    );
    let blind = app
        .gql(
            &leader,
            SAVE,
            json!({"e": e, "y": 2026, "s": "业务熟练", "w": "授课经验少", "p": "带教两名新人"}),
        )
        .await;
    assert_eq!(error_code(&blind).as_deref(), Some("CONFLICT"), "{blind}");
    data(&app
        .gql(&leader, SAVE, json!({"e": e, "y": 2026, "s": "业务熟练", "w": "授课经验少", "p": "带教两名新人", "v": 1}))
        .await);
    let premature = app
        .gql(&agent, STEP_CONFIRM, json!({"id": id, "v": 2}))
        .await;
    assert_eq!(
        error_code(&premature).as_deref(),
        Some("CONFLICT"),
        "not shared yet: {premature}"
    );
    let shared = app
        .gql(&leader, STEP_SHARE, json!({"id": id, "v": 2}))
        .await;
    assert_eq!(data(&shared)["shareInventory"]["status"], "FED_BACK");
    let mine = app.gql(&agent, MINE, json!({})).await;
    assert_eq!(
        data(&mine)["myTalent"]["inventories"][0]["strengths"],
        "业务熟练"
    );
    let read = app.gql(&agent, STEP_READ, json!({"id": id, "v": 3})).await;
    assert!(data(&read)["readInventory"]["memberReadAt"].is_string());
    let one = app
        .gql(&agent, STEP_CONFIRM, json!({"id": id, "v": 4}))
        .await;
    assert_eq!(data(&one)["confirmInventory"]["status"], "FED_BACK");
    let twice = app
        .gql(&agent, STEP_CONFIRM, json!({"id": id, "v": 5}))
        .await;
    assert_eq!(error_code(&twice).as_deref(), Some("CONFLICT"), "{twice}");
    let both = app
        .gql(&leader, STEP_CONFIRM, json!({"id": id, "v": 5}))
        .await;
    assert_eq!(data(&both)["confirmInventory"]["status"], "AGREED");
    let late = app
        .gql(
            &leader,
            SAVE,
            json!({"e": e, "y": 2026, "s": "改", "w": "改", "p": "改", "v": 6}),
        )
        .await;
    assert_eq!(error_code(&late).as_deref(), Some("CONFLICT"), "{late}");
});

on_both!(
    only_the_direct_superior_writes_and_only_the_two_confirm,
    |db| {
        let app = TestApp::with_demo(db).await;
        let e = app.employee_id("E0001").await;
        let (agent, leader, manager) = (
            app.demo("E0001").await,
            app.demo("L0001").await,
            app.demo("M0001").await,
        );
        let vars = json!({"e": e, "y": 2026, "s": "a", "w": "b", "p": "c"});
        let events = app.count("audit_events").await;
        let body = app.gql(&leader, SAVE, vars.clone()).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("CONFLICT"),
            "not a member yet: {body}"
        );
        let e = member(&app).await;
        for token in [&manager, &agent] {
            let body = app.gql(token, SAVE, vars.clone()).await;
            assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        }
        let body = app
            .gql(
                &leader,
                SAVE,
                json!({"e": e, "y": 1999, "s": "a", "w": "b", "p": "c"}),
            )
            .await;
        assert_eq!(error_field(&body).as_deref(), Some("year"), "{body}");
        assert_eq!(
            app.count("audit_events").await,
            events,
            "nothing refused was written"
        );
        let body = app.gql(&leader, SAVE, vars).await;
        let id = data(&body)["saveInventory"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for token in [&agent, &manager] {
            let body = app.gql(token, STEP_SHARE, json!({"id": id, "v": 1})).await;
            assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        }
        data(
            &app.gql(&leader, STEP_SHARE, json!({"id": id, "v": 1}))
                .await,
        );
        let body = app
            .gql(&manager, STEP_CONFIRM, json!({"id": id, "v": 2}))
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
        let body = app.gql(&leader, STEP_READ, json!({"id": id, "v": 2})).await;
        assert_eq!(
            error_code(&body).as_deref(),
            Some("FORBIDDEN"),
            "only the member reads: {body}"
        );
    }
);
