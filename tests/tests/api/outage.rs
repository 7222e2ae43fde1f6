//! A database that goes away gives 503-style errors, and the app recovers without a restart.
use super::*;
use sea_orm::{ConnectionTrait, Database};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_going_away_gives_503_and_recovers() {
    let app = TestApp::with_demo(Db::Postgres).await;
    let hr = app.demo("H0001").await;
    let name = app.pg_database_name();
    let admin = Database::connect(echelon_tests::pg_admin_url())
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    let (status, body) = app.post("{ me { roles } }", json!({}), Some(&hr)).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(error_code(&body).as_deref(), Some("INTERNAL"));
    assert_eq!(body["errors"][0]["extensions"]["unavailable"], true);
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 503);
    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let (status, body) = app.post("{ me { roles } }", json!({}), Some(&hr)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["me"]["roles"], json!(["HR"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_restores_to_the_same_data() {
    let app = TestApp::with_demo(Db::Sqlite).await;
    let dir =
        std::env::temp_dir().join(format!("echelon-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.db");
    let settings = echelon_tests::settings_for(&app.database_url);
    echelon::backup::backup(&app.state.db, &settings, &file)
        .await
        .unwrap();
    let employees = app.count("employees").await;
    // Restore into a second database and read it back.
    let target_url = format!("sqlite://{}?mode=rwc", dir.join("restored.db").display());
    echelon::backup::restore(&echelon_tests::settings_for(&target_url), &file).unwrap();
    let restored = Database::connect(target_url.as_str()).await.unwrap();
    let row = restored
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM employees",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), employees);
    let verdict = echelon::audit::verify(&restored, |_| {}).await.unwrap();
    assert!(matches!(verdict, echelon::audit::Verdict::Intact { .. }));
    let _ = std::fs::remove_dir_all(dir);
}
