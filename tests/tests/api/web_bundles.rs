//! The web app's bundles in real headless Chromium: every page path opens in the bundle that
//! owns it (`entity::Bundle`), links and "back" between groups of pages load the right bundle,
//! and signing in on another group's page stays in that group's bundle.
use super::*;
use echelon_tests::browser::{dist_dir, Browser, Viewport};
use entity::Bundle;
use sea_orm::EntityTrait;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use thirtyfour::prelude::*;

const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// Where the page is, which bundle's module it loaded, whether a heading is on screen and
/// whether that is the not-found page.
#[derive(Debug)]
struct Shown {
    path: String,
    modules: Vec<String>,
    heading: bool,
    not_found: bool,
}

const SHOWN: &str = "return JSON.stringify({
    path: location.pathname,
    modules: performance.getEntriesByType('resource')
        .map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm')),
    heading: !!document.querySelector('h1'),
    not_found: !!document.getElementById('not-found'),
})";

async fn shown(b: &Browser) -> Option<Shown> {
    let json: String = b.driver.execute(SHOWN, vec![]).await.ok()?.convert().ok()?;
    let v: serde_json::Value = serde_json::from_str(&json).ok()?;
    Some(Shown {
        path: v["path"].as_str()?.to_owned(),
        modules: v["modules"]
            .as_array()?
            .iter()
            .filter_map(|m| m.as_str().map(str::to_owned))
            .collect(),
        heading: v["heading"].as_bool()?,
        not_found: v["not_found"].as_bool()?,
    })
}

/// The folder a bundle's module is served from.
fn module_dir(bundle: Bundle) -> String {
    match bundle.dir() {
        "" => "/".to_owned(),
        dir => format!("/{dir}/"),
    }
}

/// Waits until `path` shows a page (not the not-found one) from `bundle`'s one module.
async fn opened_in(b: &Browser, path: &str, bundle: Bundle) {
    let want_dir = module_dir(bundle);
    let mut last = None;
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        last = shown(b).await;
        if let Some(s) = &last {
            let from_bundle = s.modules.len() == 1
                && s.modules[0].starts_with(&want_dir)
                && !s.modules[0][want_dir.len()..].contains('/');
            if s.path == path && from_bundle && s.heading && !s.not_found {
                return;
            }
        }
        tokio::time::sleep(POLL).await;
    }
    panic!("{path} never showed a page of the {bundle:?} bundle; last {last:?}");
}

async fn click(b: &Browser, id: &str) {
    b.driver
        .query(By::Id(id))
        .wait(WAIT, POLL)
        .first()
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

on_both!(each_group_of_pages_opens_in_its_own_bundle, |db| {
    let app = TestApp::spawn_with(db, |s| s.static_dir = dist_dir()).await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    let b = Browser::start(Viewport::Desktop).await;

    // Signed out on a talent page: the sign-in form comes from the talent bundle, and after
    // signing in the page opens without switching bundles.
    b.driver
        .goto(format!("{}/talent/standards", app.address))
        .await
        .unwrap();
    opened_in(&b, "/login", Bundle::Talent).await;
    b.fill_sign_in("A0001", DEMO_PASSWORD).await;
    opened_in(&b, "/talent/standards", Bundle::Talent).await;

    // The navigation crosses groups: each page loads its own bundle, and "back" returns.
    click(&b, "nav-employees").await;
    opened_in(&b, "/employees", Bundle::People).await;
    click(&b, "nav-accounts").await;
    opened_in(&b, "/admin/accounts", Bundle::Admin).await;
    b.driver.back().await.unwrap();
    opened_in(&b, "/employees", Bundle::People).await;
    click(&b, "nav-home").await;
    opened_in(&b, "/", Bundle::Main).await;
    // Within a group there is no reload: the module is still the one loaded for the home page.
    click(&b, "nav-me").await;
    opened_in(&b, "/me", Bundle::Main).await;
    b.screenshot(&format!("bundles-admin-me-{db:?}")).await;

    // Every page, opened by its address, comes from the bundle that owns its path.
    let employee = app.employee_id("E0001").await;
    let employee = employee.trim_start_matches("Employee:");
    let nomination = entity::nomination::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the demo has nominations")
        .id;
    let pages = [
        "/".to_owned(),
        "/me".to_owned(),
        "/me/talent".to_owned(),
        "/password".to_owned(),
        "/employees".to_owned(),
        "/employees/import".to_owned(),
        format!("/employees/Employee:{employee}"),
        "/org".to_owned(),
        "/talent".to_owned(),
        "/talent/nominate".to_owned(),
        "/talent/standards".to_owned(),
        format!("/talent/nominations/{nomination}"),
        format!("/talent/members/{employee}"),
        "/talent/elimination".to_owned(),
        "/talent/points/import".to_owned(),
        "/admin/accounts".to_owned(),
        "/admin/service-accounts".to_owned(),
    ];
    for path in &pages {
        b.driver
            .goto(format!("{}{path}", app.address))
            .await
            .unwrap();
        opened_in(&b, path, Bundle::for_path(path)).await;
    }
    // An unknown path is the main bundle's not-found page, shown once, not reloaded.
    b.driver
        .goto(format!("{}/no-such-page", app.address))
        .await
        .unwrap();
    b.driver
        .query(By::Id("not-found"))
        .wait(WAIT, POLL)
        .first()
        .await
        .unwrap();
    let s = shown(&b).await.unwrap();
    assert_eq!(s.path, "/no-such-page");
    assert_eq!(s.modules.len(), 1, "{s:?}");
    assert!(!s.modules[0][1..].contains('/'), "{s:?}");
    b.quit().await;
});

/// The keys of a text table in `frontend/src/i18n/`: the first string of each entry.
fn table_keys(source: &'static str) -> Vec<&'static str> {
    let mut keys = Vec::new();
    for (pos, _) in source.match_indices('(') {
        let rest = source[pos + 1..].trim_start();
        let Some(rest) = rest.strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find('"') else { continue };
        let key = &rest[..end];
        let is_key = rest[end + 1..].starts_with(',')
            && key.contains('.')
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
        if is_key {
            keys.push(key);
        }
    }
    keys
}

/// The one module a built bundle loads.
fn module_of(bundle: Bundle) -> Vec<u8> {
    let dir = dist_dir().join(bundle.dir());
    let modules: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    assert_eq!(modules.len(), 1, "modules of {bundle:?}: {modules:?}");
    std::fs::read(&modules[0]).unwrap()
}

/// Each bundle carries the shared texts and its own pages' texts only. A key is in a module's
/// data when its code asks for it, so a key of another bundle's table in a module is a text
/// that bundle would show as a raw key.
#[test]
fn each_bundle_asks_only_for_the_texts_it_carries() {
    let shared = table_keys(include_str!("../../../frontend/src/i18n/shared.rs"));
    // The bundles that keep a table of their own; the others carry one of these.
    let tables = || Bundle::ALL.into_iter().filter(|b| b.texts() == *b);
    let own = |bundle: Bundle| {
        table_keys(match bundle.texts() {
            Bundle::Main => include_str!("../../../frontend/src/i18n/main.rs"),
            Bundle::People => include_str!("../../../frontend/src/i18n/people.rs"),
            Bundle::Talent => include_str!("../../../frontend/src/i18n/talent.rs"),
            Bundle::Admin => include_str!("../../../frontend/src/i18n/admin.rs"),
            other => panic!("{other:?} carries the texts of {:?}", other.texts()),
        })
    };
    assert!(shared.len() > 50, "shared keys: {}", shared.len());
    let every: Vec<&str> = tables()
        .flat_map(own)
        .chain(shared.iter().copied())
        .collect();
    for bundle in Bundle::ALL {
        let found = keys_in(&module_of(bundle), &every);
        for key in shared.iter().chain(&own(bundle)) {
            assert!(found.contains(key), "{key} is not in the {bundle:?} module");
        }
        for other in tables().filter(|b| *b != bundle.texts()) {
            let foreign: Vec<_> = own(other)
                .into_iter()
                .filter(|key| found.contains(key))
                .collect();
            assert!(
                foreign.is_empty(),
                "the {bundle:?} module asks for texts of {other:?}: {foreign:?}"
            );
        }
    }
}

/// Which of `keys` occur in `module` other than inside a longer key (`talent.plan.agree` inside
/// `talent.plan.agreed`), in one pass over it. Keys are at least 4 bytes long.
fn keys_in<'k>(module: &[u8], keys: &[&'k str]) -> HashSet<&'k str> {
    let mut by_start: HashMap<&[u8], Vec<&'k str>> = HashMap::new();
    for key in keys {
        by_start.entry(&key.as_bytes()[..4]).or_default().push(key);
    }
    // Every occurrence as (start, end, key).
    let mut found = Vec::new();
    for (i, start) in module.windows(4).enumerate() {
        for key in by_start.get(start).into_iter().flatten() {
            if module[i..].starts_with(key.as_bytes()) {
                found.push((i, i + key.len(), *key));
            }
        }
    }
    found
        .iter()
        .filter(|(start, end, _)| {
            !found
                .iter()
                .any(|(s, e, _)| s <= start && end <= e && e - s > end - start)
        })
        .map(|(_, _, key)| *key)
        .collect()
}
