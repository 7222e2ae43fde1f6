//! The test harness: every test gets its own app on port 0 and its own fresh database —
//! a SQLite file or a PostgreSQL database created for it and dropped afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use echelon::config::{Secret, Settings};
use echelon::startup::Application;
use echelon::state::AppState;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use std::path::PathBuf;

pub use echelon::seed::DEMO_PASSWORD;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests use: `TEST_PG_URL`, else `DATABASE_URL`, else the local server.
/// The test command starts one when none answers; a test never skips for want of it.
pub fn pg_admin_url() -> String {
    std::env::var("TEST_PG_URL")
        .or_else(|_| {
            std::env::var("DATABASE_URL")
                .map_err(|_| ())
                .and_then(|u| {
                    if u.starts_with("postgres") {
                        Ok(u)
                    } else {
                        Err(())
                    }
                })
                .map_err(|_| std::env::VarError::NotPresent)
        })
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn pg_url_for(db_name: &str) -> String {
    let admin = pg_admin_url();
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b.to_owned(), format!("?{q}")),
        None => (admin.clone(), String::new()),
    };
    let root = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => base[..i].to_owned(),
        _ => base,
    };
    format!("{root}/{db_name}{query}")
}

pub struct TestApp {
    pub db: Db,
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database_url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    PgDatabase(String),
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PgDatabase(name) => {
                let name = name.clone();
                // Drop runs outside async; use a private runtime on a plain thread.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async move {
                        if let Ok(admin) = Database::connect(pg_admin_url()).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub fn settings_for(url: &str) -> Settings {
    Settings {
        database_url: Secret::new(url),
        listen: "127.0.0.1:0".into(),
        static_dir: PathBuf::from("/nonexistent-echelon-dist"),
        workers: 1,
        db_max_connections: 5,
        ..Settings::default()
    }
}

/// A fresh, empty database of the given kind; returns its URL and what to clean up.
async fn fresh_database(db: Db) -> (String, Cleanup) {
    let tag = uuid::Uuid::now_v7().simple().to_string();
    match db {
        Db::Sqlite => {
            let dir = std::env::temp_dir().join(format!("echelon-test-{tag}"));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.join("echelon.db").display());
            (url, Cleanup::File(dir))
        }
        Db::Postgres => {
            let name = format!("t_{tag}");
            let admin = Database::connect(pg_admin_url()).await.unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL is required for the tests and did not answer at {}: {e:?}",
                    pg_admin_url()
                )
            });
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            (pg_url_for(&name), Cleanup::PgDatabase(name))
        }
    }
}

impl TestApp {
    /// An app on its own empty database.
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// An app with adjusted settings.
    pub async fn spawn_with(db: Db, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let (url, cleanup) = fresh_database(db).await;
        let mut settings = settings_for(&url);
        adjust(&mut settings);
        let app = Application::build(settings)
            .await
            .unwrap_or_else(|e| panic!("app failed to start: {e:?}"));
        let port = app.port();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        TestApp {
            db,
            address: format!("http://127.0.0.1:{port}"),
            port,
            client,
            state,
            database_url: url,
            cleanup,
        }
    }

    /// An app with the demo center loaded (see `echelon seed-demo`).
    pub async fn with_demo(db: Db) -> TestApp {
        let app = Self::spawn(db).await;
        echelon::seed::seed_demo(&app.state).await.unwrap();
        app
    }

    /// Posts a GraphQL request and returns (HTTP status, JSON body).
    pub async fn post(&self, query: &str, variables: Value, token: Option<&str>) -> (u16, Value) {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let body = res.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// GraphQL with a token, returning the body.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post(query, variables, Some(token)).await.1
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let (_, body) = self
            .post(
                "mutation($l:String!,$p:String!){ login(login:$l, password:$p){ accessToken } }",
                json!({"l": login, "p": password}),
                None,
            )
            .await;
        body["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("login {login} failed: {body}"))
            .to_owned()
    }

    /// The name of a PostgreSQL test database, as `pg_stat_activity` shows it.
    pub fn pg_database_name(&self) -> String {
        let path = self.database_url.rsplit('/').next().unwrap_or_default();
        path.split('?').next().unwrap_or_default().to_owned()
    }

    /// Signs in a demo account.
    pub async fn demo(&self, login: &str) -> String {
        self.login(login, DEMO_PASSWORD).await
    }

    /// The global id of an employee by 工号.
    pub async fn employee_id(&self, employee_no: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let e = entity::employee::Entity::find()
            .filter(entity::employee::Column::EmployeeNo.eq(employee_no))
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no employee {employee_no}"));
        format!("Employee:{}", e.id)
    }

    /// The global id of an org unit by code.
    pub async fn unit_id(&self, code: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let u = entity::org_unit::Entity::find()
            .filter(entity::org_unit::Column::Code.eq(code))
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no unit {code}"));
        format!("OrgUnit:{}", u.id)
    }

    /// Rows in a table, straight from the database.
    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .state
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.state.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The Prometheus text of `/metrics`.
    pub async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_owned)
}

/// The `extensions.field` of the first error, if any.
pub fn error_field(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .map(str::to_owned)
}

/// Declares a test that runs once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($db: $crate::Db) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::Db::Postgres).await
            }
        }
    };
}
pub mod browser;
pub mod server;
