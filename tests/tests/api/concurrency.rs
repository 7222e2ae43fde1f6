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
