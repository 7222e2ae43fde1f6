//! On PostgreSQL every HTTP worker serves API requests with a pool of its own, and the pools
//! keep to the connection budget: the workers' pools share `db_max_connections`, the process
//! pool holds at most two more.
use super::*;
use sea_orm::{ConnectionTrait, Database, Statement};

/// Connections to the app's database now open, by pool: (workers' pools, process pool).
async fn open_connections(app: &TestApp) -> (i64, i64) {
    let admin = Database::connect(echelon_tests::pg_admin_url())
        .await
        .unwrap();
    let row = admin
        .query_one_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) FILTER (WHERE application_name = $1) AS workers, \
             count(*) FILTER (WHERE application_name = $2) AS process \
             FROM pg_stat_activity WHERE datname = $3",
            [
                echelon::db::WORKER_APPLICATION_NAME.into(),
                echelon::db::PROCESS_APPLICATION_NAME.into(),
                app.pg_database_name().into(),
            ],
        ))
        .await
        .unwrap()
        .unwrap();
    (
        row.try_get::<i64>("", "workers").unwrap(),
        row.try_get::<i64>("", "process").unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_workers_serve_from_pools_of_their_own_within_the_budget() {
    let app = TestApp::spawn_with(Db::Postgres, |s| {
        s.workers = 3;
        s.db_max_connections = 4;
    })
    .await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    let hr = app.demo("H0001").await;
    let mut requests = Vec::new();
    for _ in 0..48 {
        let client = app.client.clone();
        let (address, hr) = (app.address.clone(), hr.clone());
        requests.push(tokio::spawn(async move {
            let res = client
                .post(format!("{address}/graphql"))
                .bearer_auth(hr)
                .json(&json!({ "query": "{ me { roles } employees(first: 50) { totalCount } }" }))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    for r in requests {
        let (status, body) = r.await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["me"]["roles"], json!(["HR"]), "{body}");
        assert!(body["data"]["employees"]["totalCount"].as_i64() > Some(250));
    }
    let (workers, process) = open_connections(&app).await;
    // Requests were served by the workers' pools: 4 connections split over 3 workers is one
    // each. The process pool did the seeding and keeps at most two.
    assert!(
        (1..=3).contains(&workers),
        "workers' connections: {workers}"
    );
    assert!(process <= 2, "process pool connections: {process}");
}
