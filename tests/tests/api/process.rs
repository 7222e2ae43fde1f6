//! The real binary as a separate process: `kill -9` in the middle of writes loses no
//! acknowledged write and leaves no half-done change; SIGTERM drains and exits cleanly.
use super::*;
use std::process::Child;

fn binary() -> std::path::PathBuf {
    let path = std::env::var("ECHELON_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/echelon")
        });
    assert!(
        path.is_file(),
        "build the server first (`cargo build -p echelon`); the test command does"
    );
    path
}

/// Starts `echelon serve` on `url` and returns it with its port, read from its own log line.
fn start(url: &str, demo: bool) -> (Child, u16) {
    echelon_tests::server::serve(&binary(), url, demo, 0)
}

async fn login(client: &reqwest::Client, base: &str) -> String {
    let body: Value = client
        .post(format!("{base}/graphql"))
        .json(&json!({"query": "mutation{ login(login:\"H0001\", password:\"Echelon@2026\"){ accessToken } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["data"]["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn create(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    unit: &str,
    no: &str,
) -> Result<Value, reqwest::Error> {
    let q = "mutation($i:CreateEmployeeInput!){ createEmployee(input:$i){ id } }";
    let input = json!({"employeeNo": no, "name": "压测", "phone": "13900000000", "orgUnitId": unit, "position": "话务员", "hireDate": "2026-01-01", "status": "PROBATION"});
    let res = client
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({"query": q, "variables": {"i": input}}))
        .send()
        .await?;
    res.json().await
}

fn created(body: &Value) -> bool {
    body["data"]["createEmployee"]["id"].is_string()
}

on_both!(kill_9_mid_write_loses_no_acknowledged_write, |db| {
    // The harness gives a fresh database; this test drives the real binary against it.
    let app = TestApp::spawn(db).await;
    let url = app.database_url.clone();
    let (mut child, port) = start(&url, true);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let token = login(&client, &base).await;
    let unit = app.unit_id("SH-EC-T1").await;
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, token, unit, ack) = (
            client.clone(),
            base.clone(),
            token.clone(),
            unit.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for i in 0..500 {
                let no = format!("K{w}{i:04}");
                match create(&client, &base, &token, &unit, &no).await {
                    Ok(body) if created(&body) => ack.lock().unwrap().push(no),
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
        }));
    }
    // Kill once a fair number of writes have been acknowledged, with more in flight.
    loop {
        if acknowledged.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    // Restart on the same database: every acknowledged write is there, with its audit event.
    let (mut again, port) = start(&url, false);
    let base = format!("http://127.0.0.1:{port}");
    let token = login(&client, &base).await;
    for no in &acked {
        let q = "query($s:String){ employees(first: 2, filter:{search:$s}){ totalCount edges { node { history { action } } } } }";
        let body: Value = client
            .post(format!("{base}/graphql"))
            .bearer_auth(&token)
            .json(&json!({"query": q, "variables": {"s": no}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            body["data"]["employees"]["totalCount"], 1,
            "{no} was acknowledged but is missing: {body}"
        );
        assert_eq!(
            body["data"]["employees"]["edges"][0]["node"]["history"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
    let verdict = echelon::audit::verify(&app.state.db, |_| {}).await.unwrap();
    assert!(
        matches!(verdict, echelon::audit::Verdict::Intact { .. }),
        "{verdict:?}"
    );
    // No half-done write: every employee row has its creation event and vice versa.
    assert_eq!(app.count("employees").await, {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        entity::audit_event::Entity::find()
            .filter(entity::audit_event::Column::Action.eq("employee.created"))
            .count(&app.state.db)
            .await
            .unwrap() as i64
    });
    again.kill().unwrap();
    again.wait().unwrap();
});

on_both!(sigterm_drains_in_flight_requests_and_exits_cleanly, |db| {
    let app = TestApp::spawn(db).await;
    // Several workers, each with its own runtime that stops once it has drained: the requests
    // still running on the others must not lose their pooled connections with it.
    let (child, port) = echelon_tests::server::serve(&binary(), &app.database_url, true, 4);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let token = login(&client, &base).await;
    let unit = app.unit_id("SH-EC-T2").await;
    let mut inflight = Vec::new();
    for i in 0..24 {
        let (client, base, token, unit) =
            (client.clone(), base.clone(), token.clone(), unit.clone());
        inflight.push(tokio::spawn(async move {
            create(&client, &base, &token, &unit, &format!("Z{i:04}")).await
        }));
    }
    let first = inflight.remove(0).await.unwrap();
    assert!(first.as_ref().is_ok_and(created), "{first:?}");
    echelon_tests::server::terminate(&child);
    let mut answered = 1;
    let mut unanswered = Vec::new();
    for (i, r) in inflight.into_iter().enumerate() {
        match r.await.unwrap() {
            // Every answer the server gives while draining is the finished work, never an error.
            Ok(body) => {
                assert!(created(&body), "an accepted request must complete: {body}");
                answered += 1;
            }
            // A connection still in the kernel's queue when the listener closed, or an idle
            // keep-alive connection closed as the request went out, gets no answer.
            Err(_) => unanswered.push(format!("Z{:04}", i + 1)),
        }
    }
    let mut child = child;
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
    // An unanswered request was never run: no employee and no audit event of it exists.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let stored = entity::employee::Entity::find()
        .filter(entity::employee::Column::EmployeeNo.starts_with("Z"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored, answered, "unanswered: {unanswered:?}");
    let ghosts = entity::employee::Entity::find()
        .filter(entity::employee::Column::EmployeeNo.is_in(unanswered.clone()))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(ghosts, 0, "unanswered but stored: {unanswered:?}");
});
