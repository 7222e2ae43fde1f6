//! `Application::build` connects, migrates, binds the port and wires the routes; tests reuse
//! it with port 0 and their own database.
use actix_web::{dev::Server, middleware, web, App, HttpServer};
use migration::MigratorTrait;
use std::net::TcpListener;
use std::sync::Arc;

use crate::auth::{jwt::Keys, password::Hasher, session};
use crate::config::Settings;
use crate::error::ApiError;
use crate::graphql::{http::MAX_BODY_BYTES, Schemas};
use crate::state::{AppState, Worker};
use crate::telemetry::Metrics;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

/// Connects to the database and brings its schema up to date.
pub async fn prepare_state(settings: Settings) -> Result<AppState, ApiError> {
    let db = crate::db::connect(&settings).await?;
    migration::Migrator::up(&db, None).await?;
    let key =
        session::load_signing_key(&db, settings.jwt_secret.as_ref().map(|s| s.expose())).await?;
    let keys = Arc::new(Keys::new(&key, settings.access_token_seconds));
    let hasher = Hasher::new(settings.max_concurrent_hashes);
    Ok(AppState {
        db: db.into(),
        keys,
        hasher,
        settings: Arc::new(settings),
        runtime: tokio::runtime::Handle::current(),
    })
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, ApiError> {
        let listener = TcpListener::bind(&settings.listen).map_err(ApiError::internal)?;
        let port = listener.local_addr().map_err(ApiError::internal)?.port();
        let state = prepare_state(settings).await?;
        let schema = web::Data::new(Schemas::new(state.clone()));
        let data = web::Data::new(state.clone());
        let metrics = web::Data::new(Metrics::default());
        let documents = web::Data::new(crate::graphql::documents::Documents::default());
        let workers = match state.settings.workers {
            0 => std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            n => n,
        };
        let bench = state.settings.bench_endpoints;
        let server = HttpServer::new(move || {
            // Called on each worker's thread as it starts, so a pool opened here is its own.
            let worker = web::Data::new(Worker::open(&data, workers));
            App::new()
                .app_data(data.clone())
                .app_data(worker)
                .app_data(schema.clone())
                .app_data(metrics.clone())
                .app_data(documents.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .wrap(middleware::from_fn(crate::telemetry::request_span))
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("X-Frame-Options", "DENY")),
                )
                .service(
                    web::resource("/graphql")
                        .route(web::post().to(crate::graphql::http::graphql_post))
                        .route(web::get().to(crate::web::graphiql::page)),
                )
                .route(
                    "/graphiql/{file}",
                    web::get().to(crate::web::graphiql::asset),
                )
                .service(
                    web::resource("/api/employees/import")
                        .app_data(web::PayloadConfig::new(
                            crate::people::transfer::MAX_IMPORT_BYTES,
                        ))
                        .route(web::post().to(crate::people::transfer::import_http)),
                )
                .route(
                    "/api/employees/export.xlsx",
                    web::get().to(crate::people::transfer::export_http),
                )
                .service(
                    web::resource("/api/talent/points/import")
                        .app_data(web::PayloadConfig::new(
                            crate::people::transfer::MAX_IMPORT_BYTES,
                        ))
                        .route(web::post().to(crate::talent::elimination::import_http)),
                )
                .route(
                    "/api/talent/pool.xlsx",
                    web::get().to(crate::talent::export::pool_http),
                )
                .route(
                    "/api/talent/candidates.xlsx",
                    web::get().to(crate::talent::export::candidates_http),
                )
                .route("/healthz", web::get().to(crate::web::healthz))
                .route("/metrics", web::get().to(crate::web::metrics))
                .configure(|cfg| {
                    if bench {
                        cfg.route("/bench/raw/me", web::get().to(crate::bench_raw::me))
                            .route(
                                "/bench/raw/employees",
                                web::get().to(crate::bench_raw::employees),
                            )
                            .route("/bench/raw/pool", web::get().to(crate::bench_raw::pool))
                            .route(
                                "/bench/raw/sign/{id}",
                                web::post().to(crate::bench_raw::sign),
                            );
                    }
                })
                .route("/{tail:.*}", web::get().to(crate::web::spa))
        })
        .shutdown_timeout(30)
        .workers(workers)
        .listen(listener)
        .map_err(ApiError::internal)?
        .run();
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM/SIGINT; in-flight requests drain (actix handles the signals).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}
