//! The audit log: written with each change, shown as history, append-only, hash-chained.
use super::*;
use sea_orm::ConnectionTrait;

on_both!(every_change_is_in_the_history_with_before_and_after, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let id = app.employee_id("E0005").await;
    let v = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ version } }",
            json!({"id": id}),
        )
        .await;
    let res = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, position:\"质检员\", keyPosition:true}){ version } }",
            json!({"id": id, "v": v["data"]["employee"]["version"]}),
        )
        .await;
    assert_eq!(res["data"]["updateEmployee"]["version"], 2, "{res}");
    let h = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ history { action actor before after requestId } } }",
            json!({"id": id}),
        )
        .await;
    let history = h["data"]["employee"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{h}");
    assert_eq!(history[0]["action"], "employee.created");
    assert_eq!(history[1]["action"], "employee.updated");
    assert!(history[1]["actor"].as_str().unwrap().starts_with("H0001"));
    let before: Value = serde_json::from_str(history[1]["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(history[1]["after"].as_str().unwrap()).unwrap();
    assert_eq!(before["position"], "话务员");
    assert_eq!(after["position"], "质检员");
    assert!(history[1]["requestId"].as_str().unwrap().len() >= 16);
});

on_both!(
    the_database_refuses_to_change_or_delete_audit_events,
    |db| {
        let app = TestApp::with_demo(db).await;
        let update = app
            .state
            .db
            .execute_unprepared("UPDATE audit_events SET action = 'forged'")
            .await;
        assert!(update.is_err(), "UPDATE must be refused");
        let delete = app
            .state
            .db
            .execute_unprepared("DELETE FROM audit_events")
            .await;
        assert!(delete.is_err(), "DELETE must be refused");
        let verdict = echelon::audit::verify(&app.state.db, |_| {}).await.unwrap();
        assert!(
            matches!(verdict, echelon::audit::Verdict::Intact { events } if events > 300),
            "{verdict:?}"
        );
    }
);

on_both!(verify_finds_a_tampered_event, |db| {
    let app = TestApp::with_demo(db).await;
    // Someone with database access disables the guard and edits history.
    let guard_off = match db {
        Db::Sqlite => "DROP TRIGGER audit_events_no_update",
        Db::Postgres => "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
    };
    app.state.db.execute_unprepared(guard_off).await.unwrap();
    app.state
        .db
        .execute_unprepared("UPDATE audit_events SET after = '{\"name\":\"forged\"}' WHERE seq = 7")
        .await
        .unwrap();
    let verdict = echelon::audit::verify(&app.state.db, |_| {}).await.unwrap();
    assert_eq!(
        verdict,
        echelon::audit::Verdict::Broken {
            seq: 7,
            reason: "content does not match its hash".into()
        }
    );
});

on_both!(a_history_masks_phones_as_the_record_does, |db| {
    let app = TestApp::with_demo(db).await;
    let id = app.employee_id("E0001").await;
    let query = "query($id:ID!){ employee(id:$id){ phone history { after } } \
                 auditHistory(entityType:\"employee\", id:$id){ after } }";
    let full_phone = |body: &Value| {
        let history = body["data"]["employee"]["history"]
            .as_array()
            .unwrap()
            .clone();
        let audit = body["data"]["auditHistory"].as_array().unwrap().clone();
        assert!(!history.is_empty() && !audit.is_empty(), "{body}");
        history
            .iter()
            .chain(audit.iter())
            .filter_map(|e| {
                let after: Value = serde_json::from_str(e["after"].as_str().unwrap()).unwrap();
                after["phone"].as_str().map(str::to_owned)
            })
            .collect::<Vec<_>>()
    };
    // The team leader sees the number masked on the record, and so in its history.
    let leader = app
        .gql(&app.demo("L0001").await, query, json!({"id": id}))
        .await;
    let shown = leader["data"]["employee"]["phone"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(shown.contains('*'), "{leader}");
    let in_history = full_phone(&leader);
    assert!(!in_history.is_empty());
    assert!(
        in_history.iter().all(|p| p == &shown),
        "{in_history:?} vs {shown}"
    );
    // The agent sees their own number in full, in both places.
    let own = app
        .gql(&app.demo("E0001").await, query, json!({"id": id}))
        .await;
    let mine = own["data"]["employee"]["phone"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!mine.contains('*'));
    assert!(full_phone(&own).iter().all(|p| p == &mine));
});

on_both!(a_transfer_is_recorded_with_the_names_as_they_were, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let id = app.employee_id("E0005").await;
    let v = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ version orgUnit { name } } }",
            json!({"id": id}),
        )
        .await;
    let old_unit = v["data"]["employee"]["orgUnit"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let unit = app.unit_id("SH-EC-T2").await;
    let superior = app.employee_id("M0001").await;
    let moved = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!,$u:ID,$s:ID){ updateEmployee(input:{id:$id, expectedVersion:$v, orgUnitId:$u, superiorId:$s}){ orgUnit { name } superior { employeeNo name } } }",
            json!({"id": id, "v": v["data"]["employee"]["version"], "u": unit, "s": superior}),
        )
        .await;
    assert!(moved["errors"].is_null(), "{moved}");
    let new_unit = moved["data"]["updateEmployee"]["orgUnit"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let boss = &moved["data"]["updateEmployee"]["superior"];
    let boss = format!(
        "{} {}",
        boss["employeeNo"].as_str().unwrap(),
        boss["name"].as_str().unwrap()
    );
    let h = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ history { action actor before after } } }",
            json!({"id": id}),
        )
        .await;
    let last = h["data"]["employee"]["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "employee.updated", "{h}");
    assert!(last["actor"].as_str().unwrap().starts_with("H0001"), "{h}");
    let before: Value = serde_json::from_str(last["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(last["after"].as_str().unwrap()).unwrap();
    assert_eq!(before["org_unit"], old_unit.as_str());
    assert_eq!(after["org_unit"], new_unit.as_str());
    assert_eq!(after["superior"], boss.as_str());
    // Renaming the unit later leaves the history as it was.
    let uv = app
        .gql(
            &hr,
            "query($id:ID!){ orgUnit(id:$id){ version } }",
            json!({"id": unit}),
        )
        .await;
    let renamed = app
        .gql(
            &hr,
            "mutation($id:ID!,$v:Int!){ updateOrgUnit(input:{id:$id, expectedVersion:$v, name:\"电商客服新二组\"}){ name } }",
            json!({"id": unit, "v": uv["data"]["orgUnit"]["version"]}),
        )
        .await;
    assert!(renamed["errors"].is_null(), "{renamed}");
    let h = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ history { after } } }",
            json!({"id": id}),
        )
        .await;
    let last = h["data"]["employee"]["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let after: Value = serde_json::from_str(last["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["org_unit"], new_unit.as_str());
});
