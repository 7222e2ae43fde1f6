//! The web app in real headless Chromium: an agent on a phone, HR on a desktop.
use super::*;
use echelon_tests::browser::{dist_dir, Browser, Viewport};
use std::time::Duration;
use thirtyfour::prelude::*;

async fn web_app(db: Db) -> TestApp {
    let app = TestApp::spawn_with(db, |s| s.static_dir = dist_dir()).await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    app
}

async fn sign_in(b: &Browser, app: &TestApp, login: &str) {
    b.sign_in(&app.address, login, DEMO_PASSWORD).await;
}

async fn text_of(b: &Browser, id: &str) -> String {
    let el = b
        .driver
        .query(By::Id(id))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .unwrap();
    // The element can appear before its data; wait until it holds text.
    for _ in 0..150 {
        let t = el.text().await.unwrap_or_default();
        if !t.trim().is_empty() {
            return t;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    String::new()
}

on_both!(an_agent_signs_in_on_a_phone_and_sees_their_home, |db| {
    let app = web_app(db).await;
    let name = app
        .gql(
            &app.demo("E0001").await,
            "{ me { employee { name } } }",
            json!({}),
        )
        .await["data"]["me"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = Browser::start(Viewport::Phone).await;
    sign_in(&b, &app, "E0001").await;
    let shown = text_of(&b, "home-name").await;
    assert!(
        shown.contains(&name),
        "home shows {shown:?}, expected {name}"
    );
    let superior = text_of(&b, "home-superior").await;
    assert!(!superior.trim().is_empty());
    let width: i64 = b
        .driver
        .execute("return window.innerWidth", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(width, 390);
    b.screenshot(&format!("agent-phone-home-{db:?}")).await;
    // A deep link survives a reload: the session comes back through the refresh cookie.
    b.driver.refresh().await.unwrap();
    let again = text_of(&b, "home-name").await;
    assert!(again.contains(&name), "after reload: {again:?}");
    b.driver
        .find(By::Id("logout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.driver
        .query(By::Id("login-form"))
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .first()
        .await
        .unwrap();
    b.driver.goto(format!("{}/", app.address)).await.unwrap();
    b.driver
        .query(By::Id("login-form"))
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .first()
        .await
        .unwrap();
    b.quit().await;
});

on_both!(hr_on_a_desktop_finds_an_employee_by_chinese_name, |db| {
    let app = web_app(db).await;
    let hr = app.demo("H0001").await;
    let target = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ name employeeNo } }",
            json!({"id": app.employee_id("E0040").await}),
        )
        .await;
    let name = target["data"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = Browser::start(Viewport::Desktop).await;
    sign_in(&b, &app, "H0001").await;
    text_of(&b, "home-name").await;
    b.driver
        .goto(format!("{}/employees", app.address))
        .await
        .unwrap();
    let search = b
        .driver
        .query(By::Id("employee-search"))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .unwrap();
    search.send_keys(&name).await.unwrap();
    // The list filters as the search settles; wait until every row shown is the one searched.
    let mut rows_text: Vec<String> = Vec::new();
    for _ in 0..150 {
        let rows = b
            .driver
            .find_all(By::ClassName("employee-row"))
            .await
            .unwrap_or_default();
        let mut texts = Vec::new();
        for r in rows {
            if let Ok(t) = r.text().await {
                texts.push(t);
            }
        }
        if !texts.is_empty() && texts.iter().all(|t| t.contains(&name)) {
            rows_text = texts;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        rows_text.iter().any(|t| t.contains("E0040")),
        "search for {name} shows {rows_text:?}"
    );
    b.screenshot(&format!("hr-desktop-search-{db:?}")).await;
    // The language switch changes the page.
    let before = b
        .driver
        .find(By::Tag("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    b.driver
        .find(By::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut after = String::new();
    for _ in 0..50 {
        after = b
            .driver
            .find(By::Tag("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if after != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(before, after, "switching language changes the text");
    b.quit().await;
});
