//! The web app's size and speed: what opening a page of each bundle downloads (raw / gzip /
//! brotli), and the time from navigation to the home data on screen (the app's `echelon:home-data` performance mark) for
//! an agent on a phone, in headless Chromium, served by the real server on loopback.
//!
//! `bash bench/web.sh` builds what it needs and runs this. Each load is a fresh navigation of
//! `/` with the session restored from the refresh cookie, as when an agent opens the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use echelon_tests::browser::{dist_dir, Browser, Viewport};
use echelon_tests::{Db, TestApp, DEMO_PASSWORD};
use std::time::Duration;

/// Page loads measured after one warm-up load.
const LOADS: usize = 15;

fn size_of(path: &std::path::Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// What opening a page of `bundle` downloads: its folder's page, script, module and styles.
fn report_bundle(dist: &std::path::Path, bundle: entity::Bundle) -> (u64, u64, u64) {
    let dir = dist.join(bundle.dir());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}: run `bash scripts/web.sh` first", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| ["wasm", "js", "css", "html"].iter().any(|e| x == *e))
        })
        .collect();
    files.sort();
    assert!(
        files
            .iter()
            .any(|p| p.extension().is_some_and(|x| x == "wasm")),
        "no .wasm in {}",
        dir.display()
    );
    let mut total = (0, 0, 0);
    for p in files {
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        let raw = size_of(&p).unwrap_or(0);
        let gz = size_of(&p.with_extension(format!("{ext}.gz")));
        let br = size_of(&p.with_extension(format!("{ext}.br")));
        total.0 += raw;
        total.1 += gz.unwrap_or(raw);
        total.2 += br.unwrap_or(raw);
        println!(
            "| {bundle:?} | {} | {raw} | {} | {} |",
            p.file_name().unwrap().to_string_lossy(),
            gz.map_or("—".into(), |v| v.to_string()),
            br.map_or("—".into(), |v| v.to_string()),
        );
    }
    total
}

fn report_sizes() {
    let dist = dist_dir();
    println!("| bundle | file | raw bytes | gzip bytes | brotli bytes |");
    println!("|---|---|---|---|---|");
    let totals: Vec<_> = entity::Bundle::ALL
        .into_iter()
        .map(|b| (b, report_bundle(&dist, b)))
        .collect();
    println!("\n| bundle | initial download raw | gzip | brotli (target ≤ 256,000) |");
    println!("|---|---|---|---|");
    for (b, (raw, gz, br)) in totals {
        println!("| {b:?} | {raw} | {gz} | {br} |");
    }
}

async fn home_data_ms(b: &Browser) -> f64 {
    let script =
        "return (performance.getEntriesByName('echelon:home-data')[0] || {}).startTime || null";
    for _ in 0..300 {
        let v: Option<f64> = b
            .driver
            .execute(script, vec![])
            .await
            .unwrap()
            .convert()
            .unwrap_or(None);
        if let Some(ms) = v {
            return ms;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the home data never appeared");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("## Web app size (dist/, release build)\n");
    report_sizes();

    let app = TestApp::spawn_with(Db::Sqlite, |s| s.static_dir = dist_dir()).await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    let b = Browser::start(Viewport::Phone).await;
    b.sign_in(&app.address, "E0001", DEMO_PASSWORD).await;
    home_data_ms(&b).await;

    // Warm-up, then fresh navigations of the home page.
    b.driver.goto(format!("{}/", app.address)).await.unwrap();
    home_data_ms(&b).await;
    let mut times = Vec::with_capacity(LOADS);
    for _ in 0..LOADS {
        b.driver.goto(format!("{}/", app.address)).await.unwrap();
        times.push(home_data_ms(&b).await);
    }
    b.quit().await;
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("\n## Navigation to home data on screen (agent, 390×844, {LOADS} loads)\n");
    println!("| median ms | p90 ms | max ms | target |");
    println!("|---|---|---|---|");
    println!(
        "| {:.0} | {:.0} | {:.0} | ≤ 1000 |",
        pick(0.5),
        pick(0.9),
        times[times.len() - 1]
    );
}
