//! Two people acting on the same record at once: exactly one wins, the other gets CONFLICT.
use super::*;

on_both!(
    concurrent_updates_of_one_version_let_exactly_one_win,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let admin = app.demo("A0001").await;
        let id = app.employee_id("E0010").await;
        let v = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": id}),
            )
            .await;
        let version = v["data"]["employee"]["version"].clone();
        let q = "mutation($id:ID!,$v:Int!,$p:String){ updateEmployee(input:{id:$id, expectedVersion:$v, position:$p}){ version } }";
        let attempts = (0..8).map(|i| {
            let token = if i % 2 == 0 {
                hr.clone()
            } else {
                admin.clone()
            };
            let body =
                json!({"query": q, "variables": {"id": id, "v": version, "p": format!("岗位{i}")}});
            let client = app.client.clone();
            let url = format!("{}/graphql", app.address);
            tokio::spawn(async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                res.json::<Value>().await.unwrap()
            })
        });
        let mut wins = 0;
        let mut conflicts = 0;
        for a in attempts.collect::<Vec<_>>() {
            let body = a.await.unwrap();
            match error_code(&body).as_deref() {
                None => wins += 1,
                Some("CONFLICT") => conflicts += 1,
                other => panic!("unexpected {other:?}: {body}"),
            }
        }
        assert_eq!((wins, conflicts), (1, 7));
        let h = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version history { action } } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(h["data"]["employee"]["version"], 2);
        assert_eq!(
            h["data"]["employee"]["history"].as_array().unwrap().len(),
            2,
            "one create, one update"
        );
        let verdict = echelon::audit::verify(&app.state.db, |_| {}).await.unwrap();
        assert!(
            matches!(verdict, echelon::audit::Verdict::Intact { .. }),
            "{verdict:?}"
        );
    }
);

on_both!(
    an_admission_racing_a_removal_and_an_elimination_answers_nobody_internal,
    |db| {
        use super::talent::{assess, data, nominate, sign, sign_ok, submit, token_of, REMOVE};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        const POINTS: &str = "mutation($e: ID!, $m: String!, $p: Float!){ setMonthlyPoints(employeeId: $e, month: $m, points: $p) { month } }";
        const RATIO: &str =
            "mutation($u: ID!, $r: Float!){ setEliminationRatio(orgUnitId: $u, ratio: $r) }";
        const DECIDE: &str = "mutation($e: ID!, $q: String!, $c: Boolean!, $r: String!){ decideElimination(employeeId: $e, quarter: $q, confirm: $c, reason: $r) }";
        const UPDATE: &str = "mutation($id:ID!,$v:Int!,$p:String){ updateEmployee(input:{id:$id, expectedVersion:$v, position:$p}){ version } }";
        let app = std::sync::Arc::new(TestApp::with_demo(db).await);
        let hr = app.demo("H0001").await;
        let admin = app.demo("A0001").await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;

        // Ten junior members of 电商客服一组 since before the quarter; the first five are at the
        // bottom three months running, so each is an elimination candidate.
        let team = entity::org_unit::Entity::find()
            .filter(entity::org_unit::Column::Code.eq("SH-EC-T1"))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let people: Vec<_> = entity::employee::Entity::find()
            .filter(entity::employee::Column::OrgUnitId.eq(team.id))
            .filter(entity::employee::Column::Status.ne(entity::EmployeeStatus::Left))
            .filter(entity::employee::Column::Position.eq("话务员"))
            .order_by_asc(entity::employee::Column::EmployeeNo)
            .all(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .take(10)
            .collect();
        assert_eq!(people.len(), 10);
        let joined = chrono::DateTime::parse_from_rfc3339("2025-12-01T00:00:00+08:00")
            .unwrap()
            .with_timezone(&chrono::Utc);
        for e in &people {
            let id = format!("Employee:{}", e.id);
            super::fixtures::pool_member_since(&app, &id, entity::Echelon::Junior, joined).await;
        }
        let project = app.unit_id("SH-EC").await;
        let ok = |b: &Value| assert!(b["errors"].is_null(), "{b}");
        ok(&app
            .gql(&manager, RATIO, json!({"u": project, "r": 0.5}))
            .await);
        for (i, e) in people.iter().enumerate() {
            for month in ["2026-01", "2026-02", "2026-03"] {
                let points = if i < 5 { 10.0 + i as f64 } else { 80.0 };
                let id = format!("Employee:{}", e.id);
                ok(&app
                    .gql(&leader, POINTS, json!({"e": id, "m": month, "p": points}))
                    .await);
            }
        }

        // Bystanders: people elsewhere whose records the administrator edits meanwhile.
        let bystanders = ["E0030", "E0031", "E0032", "E0033"];
        for (trial, e) in people.iter().take(5).enumerate() {
            let id = format!("Employee:{}", e.id);
            // Each candidate is also on the way up: only the skip-level's signature is left.
            let nominee = token_of(&app, &admin, &e.employee_no).await;
            let (nomination, v) = nominate(&app, &hr, &e.employee_no, "KEY_STAFF").await;
            let v = assess(&app, &hr, &nomination, v).await;
            submit(&app, &hr, &nomination, v).await;
            sign_ok(&app, &nominee, &nomination).await;
            sign_ok(&app, &leader, &nomination).await;

            let mut versions = Vec::new();
            for no in bystanders {
                let bid = app.employee_id(no).await;
                let v = app
                    .gql(
                        &admin,
                        "query($id:ID!){ employee(id:$id){ version } }",
                        json!({"id": bid}),
                    )
                    .await["data"]["employee"]["version"]
                    .clone();
                versions.push((bid, v));
            }
            let mut steps = Vec::new();
            {
                let (app, t, n) = (app.clone(), manager.clone(), nomination.clone());
                steps.push(tokio::spawn(
                    async move { sign(&app, &t, &n, true, None).await },
                ));
            }
            {
                let (app, t, e) = (app.clone(), hr.clone(), id.clone());
                steps.push(tokio::spawn(async move {
                    app.gql(&t, REMOVE, json!({"e": e, "r": "重新选拔"})).await
                }));
            }
            {
                let (app, t, e) = (app.clone(), manager.clone(), id.clone());
                steps.push(tokio::spawn(async move {
                    app.gql(
                        &t,
                        DECIDE,
                        json!({"e": e, "q": "2026-Q1", "c": true, "r": "末位"}),
                    )
                    .await
                }));
            }
            let others: Vec<_> = versions
                .into_iter()
                .map(|(bid, v)| {
                    let (app, t) = (app.clone(), admin.clone());
                    tokio::spawn(async move {
                        app.gql(
                            &t,
                            UPDATE,
                            json!({"id": bid, "v": v, "p": format!("岗位{trial}")}),
                        )
                        .await
                    })
                })
                .collect();
            for s in steps {
                let body = s.await.unwrap();
                let code = error_code(&body);
                assert!(
                    code.is_none() || code.as_deref() == Some("CONFLICT"),
                    "trial {trial}: a step of the race answered {code:?}: {body}"
                );
                // A conflict of the steps' own rules, never two writers locking each other.
                let en = body["errors"][0]["extensions"]["messageEn"]
                    .as_str()
                    .unwrap_or("");
                assert!(
                    !en.contains("collided"),
                    "trial {trial}: a deadlock: {body}"
                );
            }
            for o in others {
                let body = o.await.unwrap();
                data(&body, "updateEmployee");
            }
        }
    }
);
