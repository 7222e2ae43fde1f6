//! On PostgreSQL every HTTP worker serves API requests with a pool of its own, and the pools
//! keep to the connection budget: the workers' pools share `db_max_connections`, the process
//! pool holds at most two more. A request holds one connection from its first statement to its
//! end, and gives it back before a write transaction takes one.
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
    let agent = app.employee_id("A0001").await;
    let audited_before = app.count("audit_events").await;
    // Reads, and writes that read the caller first: with one connection a worker, a write
    // that waited for a connection while its own request held the only one would time out.
    let mut requests = Vec::new();
    for i in 0..48 {
        let client = app.client.clone();
        let (address, hr) = (app.address.clone(), hr.clone());
        let body = if i % 2 == 0 {
            json!({ "query": "{ me { roles } employees(first: 50) { totalCount } }" })
        } else {
            json!({ "query": "mutation($id: ID!) { revealPhone(id: $id) }", "variables": { "id": agent } })
        };
        requests.push(tokio::spawn(async move {
            let res = client
                .post(format!("{address}/graphql"))
                .bearer_auth(hr)
                .json(&body)
                .send()
                .await
                .unwrap();
            (i, res.status().as_u16(), res.json::<Value>().await.unwrap())
        }));
    }
    for r in requests {
        let (i, status, body) = r.await.unwrap();
        assert_eq!(status, 200, "{body}");
        if i % 2 == 0 {
            assert_eq!(body["data"]["me"]["roles"], json!(["HR"]), "{body}");
            assert!(body["data"]["employees"]["totalCount"].as_i64() > Some(250));
        } else {
            let phone = body["data"]["revealPhone"].as_str().unwrap_or_default();
            assert!(phone.len() == 11 && !phone.contains('*'), "{body}");
        }
    }
    assert_eq!(app.count("audit_events").await, audited_before + 24);
    let (workers, process) = open_connections(&app).await;
    // Requests were served by the workers' pools: 4 connections split over 3 workers is one
    // each. The process pool did the seeding and keeps at most two.
    assert!(
        (1..=3).contains(&workers),
        "workers' connections: {workers}"
    );
    assert!(process <= 2, "process pool connections: {process}");
}

/// The backend's pid of the connection `db` runs its next statement on.
async fn backend_pid(db: &impl ConnectionTrait) -> i32 {
    db.query_one_raw(Statement::from_string(
        sea_orm::DbBackend::Postgres,
        "SELECT pg_backend_pid() AS pid",
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i32>("", "pid")
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_holds_one_connection_until_it_ends() {
    let app = TestApp::spawn_with(Db::Postgres, |s| s.db_max_connections = 2).await;
    let db = app.state.db.for_request();
    assert!(
        !db.holds_connection().await,
        "no connection before a statement"
    );
    // Two requests at once: the pool opens both its connections.
    let other = app.state.db.for_request();
    let pid = backend_pid(&db).await;
    let other_pid = backend_pid(&other).await;
    assert_ne!(pid, other_pid);
    assert!(db.holds_connection().await);
    other.release().await;
    assert!(!other.holds_connection().await);
    // The pool hands out the connection idle longest, the other request's: a statement that
    // took a connection of the pool would run there, but a held connection is kept.
    for _ in 0..3 {
        assert_eq!(
            backend_pid(&db).await,
            pid,
            "same connection for each statement"
        );
    }
    // A clone (as the loaders take) shares the hold; text sent unprepared runs on it too.
    assert_eq!(backend_pid(&db.clone()).await, pid);
    db.execute_unprepared("CREATE TEMPORARY TABLE held_here (x integer)")
        .await
        .unwrap();
    // A statement the database refuses fails alone; the connection stays held and usable.
    let refused = db
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 / 0 AS x",
        ))
        .await;
    assert!(refused.is_err());
    assert_eq!(backend_pid(&db).await, pid);
    // Released, for good: statements use the pool and hold nothing.
    db.release().await;
    assert_eq!(
        backend_pid(&db).await,
        other_pid,
        "the pool's idle connection"
    );
    assert!(!db.holds_connection().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_gives_the_held_connection_back_before_its_transaction() {
    // One connection in the pool: what the request holds, its transaction cannot have unless
    // the request gives it back; waiting for it would end in the acquire timeout.
    let app = TestApp::spawn_with(Db::Postgres, |s| s.db_max_connections = 1).await;
    let db = app.state.db.for_request();
    let pid = backend_pid(&db).await;
    assert!(db.holds_connection().await);
    let txn = echelon::db::begin_write(&db).await.unwrap();
    assert!(!db.holds_connection().await);
    assert_eq!(backend_pid(&txn).await, pid);
    txn.execute_raw(Statement::from_string(
        sea_orm::DbBackend::Postgres,
        "CREATE TABLE held_probe (x integer)",
    ))
    .await
    .unwrap();
    txn.commit().await.unwrap();
    // After the write, the request's reads take the connection from the pool, one at a time.
    assert_eq!(backend_pid(&db).await, pid);
    assert!(!db.holds_connection().await);
}

#[tokio::test]
async fn a_request_on_sqlite_holds_no_connection() {
    let app = TestApp::spawn(Db::Sqlite).await;
    let db = app.state.db.for_request();
    db.query_one_raw(Statement::from_string(
        sea_orm::DbBackend::Sqlite,
        "SELECT 1 AS x",
    ))
    .await
    .unwrap()
    .unwrap();
    assert!(!db.holds_connection().await);
}
