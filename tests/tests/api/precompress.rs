//! The built web app as the server sends it: precompressed siblings by the browser's
//! Accept-Encoding, the original's type, long caching only for hashed assets, and index.html for
//! the app's own routes.
use super::*;
use std::io::Read;
use std::path::PathBuf;

const APP_JS: &str = "app-0123456789abcdef.js";

/// A small built app: index.html and a hashed script, both over the compression threshold.
fn dist() -> (PathBuf, Vec<u8>, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("echelon-dist-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let index = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>Echelon</title>\
         <script type=\"module\" src=\"/{APP_JS}\"></script></head><body>{}</body></html>",
        "<!-- 星河呼叫中心 -->".repeat(60)
    )
    .into_bytes();
    let js = (0..200)
        .map(|i| format!("export function step{i}(x) {{ return x * {i} + '话务员'; }}\n"))
        .collect::<String>()
        .into_bytes();
    assert!(js.len() > 4096 && index.len() > 1024);
    std::fs::write(dir.join("index.html"), &index).unwrap();
    std::fs::write(dir.join(APP_JS), &js).unwrap();
    (dir, index, js)
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

struct Answer {
    status: u16,
    encoding: Option<String>,
    content_type: String,
    cache: String,
    vary: String,
    body: Vec<u8>,
}

async fn get(app: &TestApp, path: &str, accept: Option<&str>) -> Answer {
    let mut req = app.client.get(format!("{}{path}", app.address));
    if let Some(a) = accept {
        req = req.header("Accept-Encoding", a);
    }
    let res = req.send().await.unwrap();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    Answer {
        status: res.status().as_u16(),
        encoding: header("content-encoding"),
        content_type: header("content-type").unwrap_or_default(),
        cache: header("cache-control").unwrap_or_default(),
        vary: header("vary").unwrap_or_default(),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

on_both!(precompressed_assets_are_served_by_encoding, |db| {
    let (dir, index, js) = dist();
    let sizes = echelon::precompress::precompress(&dir, |_| {}).unwrap();
    assert_eq!(sizes.len(), 2, "{sizes:?}");
    assert!(
        sizes.iter().all(|s| s.brotli < s.raw && s.gzip < s.raw),
        "{sizes:?}"
    );
    let root = dir.clone();
    let app = TestApp::spawn_with(db, move |s| s.static_dir = root).await;
    let js_path = format!("/{APP_JS}");

    let br = get(&app, &js_path, Some("gzip, deflate, br")).await;
    assert_eq!(br.status, 200);
    assert_eq!(br.encoding.as_deref(), Some("br"));
    assert!(br.body.len() < js.len());
    assert_eq!(unbrotli(&br.body), js);

    let gz = get(&app, &js_path, Some("gzip")).await;
    assert_eq!(gz.encoding.as_deref(), Some("gzip"));
    assert_eq!(ungzip(&gz.body), js);

    let plain = get(&app, &js_path, None).await;
    assert_eq!(plain.encoding, None);
    assert_eq!(plain.body, js);

    for a in [&br, &gz, &plain] {
        assert_eq!(a.content_type, "text/javascript; charset=utf-8");
        assert_eq!(a.cache, "public, max-age=31536000, immutable");
        assert!(a.vary.eq_ignore_ascii_case("accept-encoding"), "{}", a.vary);
    }

    for path in ["/", "/index.html", "/employees/abc"] {
        let page = get(&app, path, Some("br")).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.encoding.as_deref(), Some("br"), "{path}");
        assert_eq!(unbrotli(&page.body), index, "{path}");
        assert_eq!(page.cache, "no-cache", "{path}");
        assert_eq!(page.content_type, "text/html; charset=utf-8", "{path}");
        assert!(page.vary.eq_ignore_ascii_case("accept-encoding"), "{path}");
        let plain = get(&app, path, None).await;
        assert_eq!(plain.body, index, "{path}");
        assert_eq!(plain.cache, "no-cache", "{path}");
    }

    // A rebuilt file is sent as it is now, not from its stale siblings.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for ext in ["br", "gz"] {
        std::fs::File::options()
            .write(true)
            .open(dir.join(format!("{APP_JS}.{ext}")))
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
    let newer = b"export const rebuilt = true;\n".repeat(64);
    std::fs::write(dir.join(APP_JS), &newer).unwrap();
    let after = get(&app, &js_path, Some("br, gzip")).await;
    assert_eq!(after.encoding, None);
    assert_eq!(after.body, newer);

    assert_eq!(
        get(&app, "/missing-0123456789abcdef.js", None).await.status,
        404
    );
    std::fs::remove_dir_all(&dir).unwrap();
});

on_both!(
    each_page_path_gets_the_page_of_the_bundle_that_owns_it,
    |db| {
        let dir = std::env::temp_dir().join(format!("echelon-bundles-{}", uuid::Uuid::now_v7()));
        for b in entity::Bundle::ALL {
            let page = dir.join(b.index());
            std::fs::create_dir_all(page.parent().unwrap()).unwrap();
            std::fs::write(&page, format!("<!doctype html><title>{b:?}</title>")).unwrap();
        }
        let talent_js = dir.join("b/talent/echelon-talent-0123456789abcdef.js");
        std::fs::write(&talent_js, "export const t = 1;\n").unwrap();
        let root = dir.clone();
        let app = TestApp::spawn_with(db, move |s| s.static_dir = root).await;
        let page = |path: &'static str| {
            let app = &app;
            async move {
                let a = get(app, path, None).await;
                assert_eq!(a.status, 200, "{path}");
                assert_eq!(a.cache, "no-cache", "{path}");
                String::from_utf8(a.body).unwrap()
            }
        };
        for (path, title) in [
            ("/", "Main"),
            ("/login?next=%2Fadmin%2Faccounts", "Main"),
            ("/me", "Main"),
            ("/me/talent", "MyTalent"),
            ("/me/talented", "Main"),
            ("/no-such-page", "Main"),
            ("/employees", "People"),
            ("/employees/0190abc?tab=history", "People"),
            ("/org", "People"),
            ("/talent", "Talent"),
            ("/talent/members/0190abc", "Members"),
            ("/talent/points/import", "Members"),
            ("/talent/nominations/0190abc", "Nominations"),
            ("/talent/standards", "Talent"),
            ("/admin/service-accounts", "Admin"),
        ] {
            let body = page(path).await;
            assert!(
                body.contains(&format!("<title>{title}</title>")),
                "{path}: {body}"
            );
        }
        // A bundle's own files are files, not pages.
        let js = get(&app, "/b/talent/echelon-talent-0123456789abcdef.js", None).await;
        assert_eq!(js.body, b"export const t = 1;\n");
        assert_eq!(js.cache, "public, max-age=31536000, immutable");

        // A bundle that is not built leaves its paths to the main bundle's not-found page.
        std::fs::remove_file(dir.join(entity::Bundle::Admin.index())).unwrap();
        assert!(page("/admin/accounts")
            .await
            .contains("<title>Main</title>"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
);
