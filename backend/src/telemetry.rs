//! Structured logs with a request id on every line of a request, and the counters behind
//! `/metrics`. Counters are per process; Prometheus scrapes each replica.
use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
    HttpMessage,
};
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument;
use tracing_subscriber::{fmt, EnvFilter};

/// The id of the current request, also sent back as `x-request-id`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub fn init(json: bool) {
    let filter = EnvFilter::try_from_env("ECHELON_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Latency buckets of the request histogram, in seconds.
pub const BUCKETS: [f64; 8] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
pub struct Metrics {
    pub requests: AtomicU64,
    pub errors_5xx: AtomicU64,
    pub bucket_counts: [AtomicU64; 8],
    pub duration_micros: AtomicU64,
    /// GraphQL requests that skipped the validation rules, having passed them before.
    pub graphql_prevalidated: AtomicU64,
}

impl Metrics {
    fn observe(&self, seconds: f64, status: u16) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if status >= 500 {
            self.errors_5xx.fetch_add(1, Ordering::Relaxed);
        }
        self.duration_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                self.bucket_counts[i].fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Prometheus text exposition.
    pub fn render(&self) -> String {
        let n = self.requests.load(Ordering::Relaxed);
        let mut out = String::new();
        out.push_str("# HELP echelon_http_requests_total HTTP requests served.\n# TYPE echelon_http_requests_total counter\n");
        out.push_str(&format!("echelon_http_requests_total {n}\n"));
        out.push_str("# HELP echelon_http_errors_total HTTP responses with status 5xx.\n# TYPE echelon_http_errors_total counter\n");
        out.push_str(&format!(
            "echelon_http_errors_total {}\n",
            self.errors_5xx.load(Ordering::Relaxed)
        ));
        out.push_str("# HELP echelon_http_request_duration_seconds Request latency.\n# TYPE echelon_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            out.push_str(&format!(
                "echelon_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}\n",
                self.bucket_counts[i].load(Ordering::Relaxed)
            ));
        }
        out.push_str(&format!(
            "echelon_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {n}\n"
        ));
        out.push_str(&format!(
            "echelon_http_request_duration_seconds_sum {}\n",
            self.duration_micros.load(Ordering::Relaxed) as f64 / 1e6
        ));
        out.push_str(&format!(
            "echelon_http_request_duration_seconds_count {n}\n"
        ));
        out.push_str("# HELP echelon_graphql_prevalidated_total GraphQL requests whose document and operation had passed validation before, run without the validation rules (limits still apply).\n# TYPE echelon_graphql_prevalidated_total counter\n");
        out.push_str(&format!(
            "echelon_graphql_prevalidated_total {}\n",
            self.graphql_prevalidated.load(Ordering::Relaxed)
        ));
        out
    }
}

/// Gives the request an id, logs it in a span, times it.
pub async fn request_span(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = uuid::Uuid::now_v7().simple().to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let metrics = req.app_data::<actix_web::web::Data<Metrics>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    if let Some(m) = metrics {
        m.observe(elapsed, status);
    }
    span.in_scope(|| tracing::info!(status, elapsed_ms = elapsed * 1000.0, "served"));
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&id) {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-request-id"),
            v,
        );
    }
    Ok(res)
}
