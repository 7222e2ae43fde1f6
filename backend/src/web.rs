//! Plain HTTP routes: health, metrics and the built web app, whose every page path is answered
//! with the `index.html` of the bundle that owns it. Hashed assets are cached for a year;
//! `index.html` is never cached, so a deploy shows at once. Files are sent precompressed
//! (brotli or gzip) when `echelon precompress` made siblings for them.
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use sea_orm::ConnectionTrait;
use std::path::{Component, Path, PathBuf};

use crate::state::AppState;
use crate::telemetry::Metrics;

pub async fn healthz(app: web::Data<AppState>) -> HttpResponse {
    let db = app.db.clone();
    let ping = app
        .run(async move {
            db.execute_unprepared("SELECT 1")
                .await
                .map_err(crate::error::ApiError::from)
        })
        .await
        .and_then(|r| r);
    match ping {
        Ok(_) => HttpResponse::Ok().json(serde_json::json!({ "status": "ok" })),
        Err(e) => {
            tracing::warn!(cause = ?e, "health check: database unavailable");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "unavailable" }))
        }
    }
}

pub async fn metrics(m: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(m.render())
}

/// A request path as a file below `root`, refusing anything that climbs out.
fn safe_join(root: &Path, tail: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for c in Path::new(tail).components() {
        match c {
            Component::Normal(s) => p.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(p)
}

fn is_hashed_asset(name: &str) -> bool {
    // Trunk names assets `name-<16 hex>.ext`.
    name.rsplit_once('-')
        .is_some_and(|(_, rest)| rest.chars().take_while(char::is_ascii_hexdigit).count() >= 16)
}

pub async fn spa(req: HttpRequest, app: web::Data<AppState>) -> HttpResponse {
    let root = &app.settings.static_dir;
    let tail = req.match_info().query("tail");
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(path) = safe_join(root, tail).filter(|p| p.is_file()) {
        let hashed = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_hashed_asset);
        let cache = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return serve_file(&path, cache, accept).await;
    }
    if tail.contains('.') && !tail.ends_with(".html") {
        return HttpResponse::NotFound().finish();
    }
    // The page of the bundle that carries this path (see `entity::Bundle`), or the main one
    // when that bundle is not built: it answers with its not-found page.
    let owner = root.join(entity::Bundle::for_path(tail).index());
    let index = if owner.is_file() {
        owner
    } else {
        root.join("index.html")
    };
    if index.is_file() {
        return serve_file(&index, "no-cache", accept).await;
    }
    HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("The web app is not built. Run the README's run command, or `bash scripts/web.sh`.")
}

/// A file of the web app, or its precompressed sibling (`.br`, `.gz`, written by `echelon
/// precompress`) when the browser takes that encoding and the sibling is not older than the
/// file. Either way the type is the file's and caches are told the answer varies by encoding.
async fn serve_file(path: &Path, cache: &str, accept: &str) -> HttpResponse {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_owned();
    let mime = mime_for(&name);
    let modified =
        |p: PathBuf| async move { tokio::fs::metadata(p).await.and_then(|m| m.modified()).ok() };
    let original = modified(path.to_path_buf()).await;
    for (enc, ext) in [("br", "br"), ("gzip", "gz")] {
        if !accepts(accept, enc) {
            continue;
        }
        let alt = path.with_file_name(format!("{name}.{ext}"));
        let fresh = match (modified(alt.clone()).await, original) {
            (Some(a), Some(o)) => a >= o,
            _ => false,
        };
        if !fresh {
            continue;
        }
        if let Ok(bytes) = tokio::fs::read(&alt).await {
            return HttpResponse::Ok()
                .insert_header((header::CACHE_CONTROL, cache))
                .insert_header((header::CONTENT_ENCODING, enc))
                .insert_header((header::VARY, "Accept-Encoding"))
                .content_type(mime)
                .body(bytes);
        }
    }
    match tokio::fs::read(path).await {
        Ok(bytes) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, cache))
            .insert_header((header::VARY, "Accept-Encoding"))
            .content_type(mime)
            .body(bytes),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

/// Whether an `Accept-Encoding` value takes `enc` (by name or `*`, with a weight above 0).
fn accepts(header: &str, enc: &str) -> bool {
    header.split(',').any(|part| {
        let mut params = part.split(';');
        let token = params.next().unwrap_or("").trim();
        let weight = params
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        (token.eq_ignore_ascii_case(enc) || token == "*") && weight > 0.0
    })
}

fn mime_for(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out_of_the_app_directory() {
        let root = Path::new("/srv/dist");
        assert_eq!(
            safe_join(root, "a/b.js"),
            Some(PathBuf::from("/srv/dist/a/b.js"))
        );
        assert_eq!(safe_join(root, "../etc/passwd"), None);
        assert_eq!(safe_join(root, "/etc/passwd"), None);
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(accepts("br;q=0.9", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("br;q=0", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn only_trunk_hashed_names_are_cached_forever() {
        assert!(is_hashed_asset("echelon-frontend-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("app-0123456789abcdef.js"));
        assert!(!is_hashed_asset("index.html"));
    }
}

/// GraphiQL, from assets compiled into the binary (no CDN), only when enabled.
pub mod graphiql {
    use super::*;

    const FILES: [(&str, &str, &[u8]); 6] = [
        (
            "index.html",
            "text/html; charset=utf-8",
            include_bytes!("../assets/graphiql/index.html"),
        ),
        (
            "start.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../assets/graphiql/start.js"),
        ),
        (
            "graphiql.min.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../assets/graphiql/graphiql.min.js"),
        ),
        (
            "graphiql.min.css",
            "text/css; charset=utf-8",
            include_bytes!("../assets/graphiql/graphiql.min.css"),
        ),
        (
            "react.production.min.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../assets/graphiql/react.production.min.js"),
        ),
        (
            "react-dom.production.min.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../assets/graphiql/react-dom.production.min.js"),
        ),
    ];

    fn serve(app: &AppState, name: &str) -> HttpResponse {
        if !app.settings.graphiql {
            return HttpResponse::NotFound().finish();
        }
        match FILES.iter().find(|(n, _, _)| *n == name) {
            Some((_, mime, bytes)) => HttpResponse::Ok()
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .insert_header((
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
                ))
                .content_type(*mime)
                .body(*bytes),
            None => HttpResponse::NotFound().finish(),
        }
    }

    pub async fn page(app: web::Data<AppState>) -> HttpResponse {
        serve(&app, "index.html")
    }

    pub async fn asset(req: HttpRequest, app: web::Data<AppState>) -> HttpResponse {
        serve(&app, req.match_info().query("file"))
    }
}
