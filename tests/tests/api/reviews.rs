//! Periodic competency reviews (胜任力测评): who may grade whom, one grade per quarter, the
//! history, and the newest grade in a selection standard's check.
use super::*;

const RECORD: &str = "mutation($e: ID!, $p: String!, $g: CompetencyGrade!, $c: String){ recordCompetencyReview(employeeId: $e, period: $p, grade: $g, comment: $c) { period grade comment reviewedBy { employeeNo } } }";

on_both!(
    a_superior_grades_a_quarter_once_and_the_history_shows_it,
    |db| {
        let app = TestApp::with_demo(db).await;
        let leader = app.demo("L0001").await;
        let agent = app.employee_id("E0001").await;
        let body = app
            .gql(
                &leader,
                RECORD,
                json!({"e": agent, "p": "2026-Q3", "g": "B_PLUS", "c": "服务稳定 👍"}),
            )
            .await;
        let r = &body["data"]["recordCompetencyReview"];
        assert_eq!(r["grade"], "B_PLUS", "{body}");
        assert_eq!(r["comment"], "服务稳定 👍");
        assert_eq!(r["reviewedBy"]["employeeNo"], "L0001");
        let events = app.count("audit_events").await;
        let again = app
            .gql(
                &leader,
                RECORD,
                json!({"e": agent, "p": "2026-q3", "g": "A"}),
            )
            .await;
        assert_eq!(error_code(&again).as_deref(), Some("CONFLICT"), "{again}");
        assert_eq!(
            app.count("audit_events").await,
            events,
            "a refused grade writes nothing"
        );
        app.gql(
            &leader,
            RECORD,
            json!({"e": agent, "p": "2026-Q4", "g": "A"}),
        )
        .await;
        // The agent reads their own grades, newest quarter first.
        let me = app.demo("E0001").await;
        let body = app
            .gql(
                &me,
                "query($id: ID!){ employee(id: $id) { competencyReviews { period grade } } }",
                json!({"id": agent}),
            )
            .await;
        let periods: Vec<&str> = body["data"]["employee"]["competencyReviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["period"].as_str().unwrap())
            .collect();
        assert_eq!(periods, ["2026-Q4", "2026-Q3"], "{body}");
    }
);

on_both!(nobody_grades_themself_or_beyond_their_reach, |db| {
    let app = TestApp::with_demo(db).await;
    let events = app.count("audit_events").await;
    let leader = app.demo("L0001").await;
    let own = app.employee_id("L0001").await;
    let body = app
        .gql(&leader, RECORD, json!({"e": own, "p": "2026-Q3", "g": "A"}))
        .await;
    assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
    // E0023 is in 电商客服二组, another team.
    let other = app.employee_id("E0023").await;
    let body = app
        .gql(
            &leader,
            RECORD,
            json!({"e": other, "p": "2026-Q3", "g": "A"}),
        )
        .await;
    assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
    let agent = app.demo("E0001").await;
    let me = app.employee_id("E0001").await;
    let body = app
        .gql(&agent, RECORD, json!({"e": me, "p": "2026-Q3", "g": "A"}))
        .await;
    assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"), "{body}");
    assert_eq!(app.count("audit_events").await, events);
});

on_both!(
    a_bad_period_grade_or_comment_is_refused_before_any_write,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let agent = app.employee_id("E0001").await;
        let events = app.count("audit_events").await;
        for (vars, field) in [
            (
                json!({"e": agent, "p": "2026-Q5", "g": "A"}),
                Some("period"),
            ),
            (json!({"e": agent, "p": "2026/3", "g": "A"}), Some("period")),
            (
                json!({"e": agent, "p": "2026-Q1", "g": "A", "c": "长".repeat(2001)}),
                Some("comment"),
            ),
        ] {
            let body = app.gql(&hr, RECORD, vars.clone()).await;
            assert_eq!(
                error_code(&body).as_deref(),
                Some("BAD_USER_INPUT"),
                "{vars}: {body}"
            );
            assert_eq!(error_field(&body).as_deref(), field, "{body}");
        }
        // A grade outside the scale does not pass validation.
        let body = app
            .gql(&hr, RECORD, json!({"e": agent, "p": "2026-Q1", "g": "B"}))
            .await;
        assert!(
            body["errors"].is_array() && body["data"].is_null(),
            "{body}"
        );
        assert_eq!(app.count("audit_events").await, events);
    }
);

on_both!(the_newest_grade_meets_or_fails_the_grade_criterion, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let agent = app.employee_id("E0001").await;
    let check = "query($e: ID!){ standardCheck(employeeId: $e, echelon: KEY_STAFF) { criterion actual passed } }";
    let grade_of = |body: &Value| {
        body["data"]["standardCheck"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["criterion"] == "COMPETENCY_GRADE")
            .cloned()
            .expect("the demo standard of 业务骨干梯队 requires a grade")
    };
    let before = grade_of(&app.gql(&hr, check, json!({"e": agent})).await);
    assert_eq!(before["actual"], Value::Null);
    assert_eq!(before["passed"], false);
    app.gql(&hr, RECORD, json!({"e": agent, "p": "2026-Q2", "g": "C"}))
        .await;
    app.gql(
        &hr,
        RECORD,
        json!({"e": agent, "p": "2026-Q3", "g": "B_PLUS"}),
    )
    .await;
    let after = grade_of(&app.gql(&hr, check, json!({"e": agent})).await);
    assert_eq!(after["actual"], "B+", "the newest quarter counts: {after}");
    assert_eq!(after["passed"], true);
});
