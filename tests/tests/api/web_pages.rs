//! The pages of the web app in real headless Chromium: profile and history on a phone, the
//! employee detail with its timeline, editing, import with a bad row, deep links with filters,
//! the inbox and the admin pages on a desktop. Every test checks what the page says and saves
//! a screenshot under `target/screenshots/`.
use super::*;
use echelon_tests::browser::{dist_dir, Browser, Viewport};
use std::time::Duration;
use thirtyfour::prelude::*;

const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

async fn web_app(db: Db) -> TestApp {
    let app = TestApp::spawn_with(db, |s| s.static_dir = dist_dir()).await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    app
}

async fn sign_in(b: &Browser, app: &TestApp, login: &str) {
    b.sign_in(&app.address, login, DEMO_PASSWORD).await;
    // Signed in when the home page greets by name.
    text_until(b, By::Id("home-name"), |t| !t.trim().is_empty()).await;
}

/// The text of the first element `by` once `ok` holds for it (or panics with what was shown).
async fn text_until(b: &Browser, by: By, ok: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        if let Ok(el) = b.driver.find(by.clone()).await {
            last = el.text().await.unwrap_or_default();
            if ok(&last) {
                return last;
            }
        }
        tokio::time::sleep(POLL).await;
    }
    let page = b.driver.find(By::Tag("body")).await.ok();
    let page = match page {
        Some(el) => el.text().await.unwrap_or_default(),
        None => String::new(),
    };
    panic!("{by:?} never matched; last text {last:?}; the page says {page:?}");
}

async fn click(b: &Browser, by: By) {
    b.driver
        .query(by)
        .wait(WAIT, POLL)
        .first()
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn goto(b: &Browser, app: &TestApp, path: &str) {
    b.driver
        .goto(format!("{}{path}", app.address))
        .await
        .unwrap();
}

async fn viewport(b: &Browser) -> (i64, i64) {
    let w: i64 = b
        .driver
        .execute("return window.innerWidth", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    let h: i64 = b
        .driver
        .execute("return window.innerHeight", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    (w, h)
}

async fn name_of(app: &TestApp, token: &str, employee_no: &str) -> String {
    let body = app
        .gql(
            token,
            "query($id:ID!){ employee(id:$id){ name } }",
            json!({"id": app.employee_id(employee_no).await}),
        )
        .await;
    body["data"]["employee"]["name"]
        .as_str()
        .unwrap()
        .to_owned()
}

on_both!(
    an_agent_on_a_phone_sees_their_profile_and_its_history,
    |db| {
        let app = web_app(db).await;
        let me = app.demo("E0001").await;
        let name = name_of(&app, &me, "E0001").await;
        let b = Browser::start(Viewport::Phone).await;
        sign_in(&b, &app, "E0001").await;
        assert_eq!(viewport(&b).await, (390, 844));
        // An agent's navigation offers only their own areas.
        assert!(b.driver.find(By::Id("nav-me")).await.is_ok());
        assert!(b.driver.find(By::Id("nav-employees")).await.is_err());
        assert!(b.driver.find(By::Id("nav-accounts")).await.is_err());
        // The inbox answers, with its three tabs.
        text_until(&b, By::Id("inbox-tab-waiting"), |t| t.contains("待我处理")).await;
        click(&b, By::Id("nav-me")).await;
        text_until(&b, By::Id("profile-name"), |t| t == name).await;
        text_until(&b, By::Id("profile-no"), |t| t == "E0001").await;
        // The own record's history: the seed created it.
        text_until(&b, By::Id("profile-history"), |t| {
            t.contains("新建员工档案")
        })
        .await;
        b.screenshot(&format!("agent-phone-profile-{db:?}")).await;
        // Changing the password ends every session, this one too, and says so at the login.
        click(&b, By::Id("change-password-link")).await;
        for (id, text) in [
            ("password-current", DEMO_PASSWORD),
            ("password-new", "新的密码-2026"),
            ("password-repeat", "新的密码-2026"),
        ] {
            let input = b
                .driver
                .query(By::Id(id))
                .wait(WAIT, POLL)
                .first()
                .await
                .unwrap();
            input.send_keys(text).await.unwrap();
        }
        click(&b, By::Id("password-submit")).await;
        text_until(&b, By::Id("login-notice"), |t| t.contains("新密码")).await;
        let old = app
            .post(
                "mutation($p:String!){ login(login:\"E0001\", password:$p){ accessToken } }",
                json!({"p": DEMO_PASSWORD}),
                None,
            )
            .await
            .1;
        assert_eq!(
            error_code(&old).as_deref(),
            Some("UNAUTHENTICATED"),
            "{old}"
        );
        let user = b.driver.find(By::Id("login-user")).await.unwrap();
        user.send_keys("E0001").await.unwrap();
        let password = b.driver.find(By::Id("login-password")).await.unwrap();
        password.send_keys("新的密码-2026").await.unwrap();
        b.driver
            .find(By::Id("login-submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        text_until(&b, By::Id("home-name"), |t| t.contains(&name)).await;
        b.quit().await;
    }
);

on_both!(
    hr_opens_an_employee_edits_the_record_and_sees_the_history,
    |db| {
        let app = web_app(db).await;
        let hr = app.demo("H0001").await;
        let name = name_of(&app, &hr, "E0040").await;
        let b = Browser::start(Viewport::Desktop).await;
        sign_in(&b, &app, "H0001").await;
        assert_eq!(viewport(&b).await, (1280, 800));
        click(&b, By::Id("nav-employees")).await;
        let search = b
            .driver
            .query(By::Id("employee-search"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        search.send_keys(&name).await.unwrap();
        // The search reaches the URL, so the view can be shared and reloaded.
        let mut url = String::new();
        for _ in 0..200 {
            url = b.driver.current_url().await.unwrap().to_string();
            if url.contains("q=") {
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        assert!(url.contains("q="), "search not in the URL: {url}");
        text_until(&b, By::Id("employees-total"), |t| t.contains("共")).await;
        let link = b
            .driver
            .query(By::XPath(format!(
                "//a[contains(@class,'employee-name') and text()='{name}']"
            )))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        link.click().await.unwrap();
        text_until(&b, By::Id("employee-name"), |t| t.contains(&name)).await;
        text_until(&b, By::Id("employee-no"), |t| t == "E0040").await;
        // Phones are masked until revealed, and the reveal is audited.
        let masked = text_until(&b, By::Id("employee-phone"), |t| t.contains('*')).await;
        click(&b, By::Id("reveal-phone")).await;
        let full = text_until(&b, By::Id("employee-phone"), |t| {
            !t.contains('*') && !t.is_empty()
        })
        .await;
        assert_eq!(full.len(), masked.len());
        // Edit the position; the timeline then shows the change with its old and new value.
        click(&b, By::Id("employee-edit")).await;
        let position = b
            .driver
            .query(By::Id("edit-position"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        position.clear().await.unwrap();
        position.send_keys("质检专员").await.unwrap();
        click(&b, By::Id("edit-save")).await;
        let history = text_until(&b, By::Id("employee-history"), |t| t.contains("质检专员")).await;
        assert!(history.contains("修改员工资料"), "{history}");
        assert!(history.contains("查看完整手机号"), "{history}");
        b.screenshot(&format!("hr-desktop-employee-detail-{db:?}"))
            .await;
        // The server has the new value, and the version moved on.
        let after = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ position version } }",
                json!({"id": app.employee_id("E0040").await}),
            )
            .await;
        assert_eq!(after["data"]["employee"]["position"], "质检专员");
        assert!(after["data"]["employee"]["version"].as_i64().unwrap() > 1);
        b.quit().await;
    }
);

on_both!(
    hr_imports_a_file_with_a_bad_row_and_sees_the_row_error,
    |db| {
        let app = web_app(db).await;
        let b = Browser::start(Viewport::Desktop).await;
        sign_in(&b, &app, "H0001").await;
        goto(&b, &app, "/employees/import").await;
        let dir = std::env::temp_dir().join(format!("echelon-import-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("staff.csv");
        std::fs::write(
            &bad,
            "工号,姓名,电话,组织编码,岗位,直接上级工号,入职日期,状态,关键岗位\n\
         N2001,新人甲,13900000001,SH-EC-T1,话务员,L0001,2026-10-01,试用,否\n\
         N2002,新人乙,电话?,SH-EC-T1,话务员,L0001,2026-10-01,试用,否\n",
        )
        .unwrap();
        let before = app.count("employees").await;
        let input = b
            .driver
            .query(By::Id("import-file"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        input.send_keys(bad.to_string_lossy()).await.unwrap();
        let errors = text_until(&b, By::Id("import-errors"), |t| t.contains("电话")).await;
        assert!(
            errors.contains('3'),
            "the bad row is row 3 of the file: {errors}"
        );
        assert!(
            b.driver.find(By::Id("import-commit")).await.is_err(),
            "a file with errors cannot be committed"
        );
        b.screenshot(&format!("hr-desktop-import-error-{db:?}"))
            .await;
        assert_eq!(
            app.count("employees").await,
            before,
            "a dry run writes nothing"
        );
        // A clean file is checked, then committed.
        let good = dir.join("good.csv");
        std::fs::write(
            &good,
            "工号,姓名,电话,组织编码,岗位,直接上级工号,入职日期,状态,关键岗位\n\
         N2001,新人甲,13900000001,SH-EC-T1,话务员,L0001,2026-10-01,试用,否\n",
        )
        .unwrap();
        let input = b.driver.find(By::Id("import-file")).await.unwrap();
        input.send_keys(good.to_string_lossy()).await.unwrap();
        click(&b, By::Id("import-commit")).await;
        text_until(&b, By::Id("import-summary"), |t| t.contains("新增 1")).await;
        text_until(&b, By::Id("import-report"), |t| t.contains("导入完成")).await;
        assert_eq!(app.count("employees").await, before + 1);
        let _ = std::fs::remove_dir_all(dir);
        b.quit().await;
    }
);

on_both!(
    a_filtered_list_survives_a_reload_and_the_inbox_leads_to_the_record,
    |db| {
        let app = web_app(db).await;
        let b = Browser::start(Viewport::Desktop).await;
        sign_in(&b, &app, "H0001").await;
        // HR's inbox lists probation reviews with a count.
        let badge = text_until(&b, By::Css("#inbox-tab-waiting .badge"), |t| {
            t.parse::<i64>().is_ok()
        })
        .await;
        assert!(
            badge.parse::<i64>().unwrap() > 0,
            "HR has probation reviews waiting"
        );
        let first = b
            .driver
            .query(By::Css(".inbox-item"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        assert!(first.text().await.unwrap().contains("试用期转正评估"));
        first.click().await.unwrap();
        text_until(&b, By::Id("employee-name"), |t| t.contains("试用")).await;
        // A deep link with filters, reloaded, shows the same filtered view.
        goto(&b, &app, "/employees?status=PROBATION&sort=NAME").await;
        // Reload only once the page has restored its session: a reload while the refresh
        // request is in flight would drop the rotated cookie, as a real browser would.
        text_until(&b, By::Id("employees-total"), |t| t.contains("共")).await;
        b.driver.refresh().await.unwrap();
        text_until(&b, By::Id("employees-total"), |t| t.contains("共")).await;
        let rows = b
            .driver
            .find_all(By::ClassName("employee-row"))
            .await
            .unwrap();
        assert!(!rows.is_empty());
        for r in rows {
            assert!(r.text().await.unwrap().contains("试用"));
        }
        let status: String = b
            .driver
            .execute(
                "return document.getElementById('filter-status').value",
                vec![],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        assert_eq!(status, "PROBATION");
        // Switching language changes the page in place.
        click(&b, By::Id("lang-switch")).await;
        text_until(&b, By::Id("employees-total"), |t| t.contains("in total")).await;
        b.screenshot(&format!("hr-desktop-filtered-en-{db:?}"))
            .await;
        b.quit().await;
    }
);

on_both!(
    a_signed_out_visitor_is_sent_to_login_and_back_to_the_page_asked_for,
    |db| {
        let app = web_app(db).await;
        let b = Browser::start(Viewport::Phone).await;
        goto(&b, &app, "/org").await;
        b.driver
            .query(By::Id("login-form"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        let url = b.driver.current_url().await.unwrap().to_string();
        assert!(url.contains("next=%2Forg"), "{url}");
        let user = b.driver.find(By::Id("login-user")).await.unwrap();
        user.send_keys("M0001").await.unwrap();
        b.driver
            .find(By::Id("login-password"))
            .await
            .unwrap()
            .send_keys(DEMO_PASSWORD)
            .await
            .unwrap();
        b.driver
            .find(By::Id("login-submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // The manager lands on the org tree, at the top of their own reach.
        let list = text_until(&b, By::ClassName("org-children"), |t| !t.is_empty()).await;
        assert!(!list.is_empty());
        click(&b, By::Css(".org-unit")).await;
        text_until(&b, By::Id("org-current"), |t| {
            t.contains("负责人") || t.contains("编码")
        })
        .await;
        b.screenshot(&format!("manager-phone-org-{db:?}")).await;
        b.quit().await;
    }
);

on_both!(
    an_admin_issues_an_api_token_sees_the_secret_once_and_changes_roles,
    |db| {
        let app = web_app(db).await;
        let b = Browser::start(Viewport::Desktop).await;
        sign_in(&b, &app, "A0001").await;
        // Accounts: the demo HR account is listed with its role.
        click(&b, By::Id("nav-accounts")).await;
        let row = text_until(&b, By::Id("account-row-H0001"), |t| t.contains("人资")).await;
        assert!(row.contains("H0001"), "{row}");
        // The roles dialog opens with the focus on its first choice, and Escape closes it
        // with the focus back on the button that opened it.
        click(&b, By::Id("account-roles-G0001")).await;
        super::web_talent::focused_until(&b, "role-agent").await;
        super::web_talent::key(&b, Key::Escape).await;
        super::web_talent::focused_until(&b, "account-roles-G0001").await;
        assert!(b.driver.find(By::Id("roles-dialog")).await.is_err());
        // Give the logistics account the trainer role too.
        click(&b, By::Id("account-roles-G0001")).await;
        click(&b, By::Id("role-trainer")).await;
        click(&b, By::Id("roles-save")).await;
        text_until(&b, By::Id("account-row-G0001"), |t| {
            t.contains("讲师") && t.contains("后勤")
        })
        .await;
        let token = app.demo("G0001").await;
        let me = app.gql(&token, "{ me { roles } }", json!({})).await;
        assert_eq!(me["data"]["me"]["roles"], json!(["TRAINER", "LOGISTICS"]));
        // Integrations: register a system, issue a token, see its secret once.
        click(&b, By::Id("nav-service-accounts")).await;
        click(&b, By::Id("service-account-open")).await;
        let name = b
            .driver
            .query(By::Id("service-account-name"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        name.send_keys("质检系统").await.unwrap();
        click(&b, By::Id("service-account-create")).await;
        click(
            &b,
            By::Css(".service-account[data-name='质检系统'] .token-new"),
        )
        .await;
        let label = b
            .driver
            .query(By::Id("token-label"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        label.send_keys("夜间同步").await.unwrap();
        click(&b, By::Id("token-scope-employees-read")).await;
        click(&b, By::Id("token-create-submit")).await;
        let secret_box = b
            .driver
            .query(By::Id("token-secret"))
            .wait(WAIT, POLL)
            .first()
            .await
            .unwrap();
        let secret = secret_box.prop("value").await.unwrap().unwrap_or_default();
        assert!(secret.len() > 20, "secret shown: {secret:?}");
        b.screenshot(&format!("admin-desktop-token-secret-{db:?}"))
            .await;
        // The secret works for what it was scoped to, and only that.
        let (_, body) = app
            .post(
                "{ employees(first: 1) { totalCount } }",
                json!({}),
                Some(&secret),
            )
            .await;
        assert!(
            body["data"]["employees"]["totalCount"].as_i64().unwrap() > 0,
            "{body}"
        );
        let (_, body) = app
            .post(
                "{ orgUnits(first: 1) { totalCount } }",
                json!({}),
                Some(&secret),
            )
            .await;
        assert_eq!(error_code(&body).as_deref(), Some("FORBIDDEN"));
        click(&b, By::Id("token-secret-done")).await;
        // Once closed, the secret is nowhere on the page: not in the markup, not in a field.
        text_until(&b, By::Css(".token-row[data-token='夜间同步']"), |t| {
            !t.is_empty()
        })
        .await;
        let still_there: bool = b
            .driver
            .execute(
                "const s = arguments[0]; return !!document.getElementById('token-secret') || \
                 document.documentElement.innerHTML.includes(s) || \
                 Array.from(document.querySelectorAll('input, textarea')).some(e => e.value === s)",
                vec![json!(secret)],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        assert!(!still_there, "the secret is still on the page");
        b.quit().await;
    }
);

on_both!(
    a_team_leader_finds_a_self_application_in_their_inbox_on_a_phone,
    |db| {
        let app = web_app(db).await;
        let agent = app.demo("E0001").await;
        let e1 = app.employee_id("E0001").await;
        let applied = app
            .gql(
                &agent,
                "mutation($e:ID!){ nominate(employeeId:$e, echelon: JUNIOR, reason: \"想成为骨干\"){ id } }",
                json!({"e": e1}),
            )
            .await;
        assert!(applied["errors"].is_null(), "{applied}");
        let b = Browser::start(Viewport::Phone).await;
        sign_in(&b, &app, "L0001").await;
        let inbox = text_until(&b, By::Id("inbox"), |t| t.contains("提名待考核")).await;
        assert!(inbox.contains("E0001"), "{inbox}");
        b.screenshot(&format!("leader-phone-inbox-assessment-{db:?}"))
            .await;
        // The three tabs and their counts fit the phone, in both languages.
        let fits = "const tabs = document.querySelector('#inbox .tabs'); \
            return tabs.scrollWidth <= tabs.clientWidth \
            && Array.from(tabs.querySelectorAll('.tab, .badge')).every(e => \
                e.getBoundingClientRect().right <= window.innerWidth \
                && e.scrollWidth <= e.clientWidth + 1);";
        for lang in ["zh", "en"] {
            if lang == "en" {
                click(&b, By::Id("lang-switch")).await;
                text_until(&b, By::Id("inbox"), |t| t.contains("Started by me")).await;
                b.screenshot(&format!("leader-phone-inbox-en-{db:?}")).await;
            }
            let ok: bool = b
                .driver
                .execute(fits, vec![])
                .await
                .unwrap()
                .convert()
                .unwrap();
            assert!(ok, "{lang}: the inbox tabs overflow the phone");
        }
        click(&b, By::Id("lang-switch")).await;
        // The item leads to the nomination, where the leader assesses it.
        click(&b, By::Css("#inbox .inbox-item")).await;
        text_until(&b, By::Tag("body"), |t| t.contains("想成为骨干")).await;
        b.quit().await;
    }
);

on_both!(
    hr_reads_a_transfer_in_the_history_by_names_in_both_languages,
    |db| {
        let app = web_app(db).await;
        let hr = app.demo("H0001").await;
        let id = app.employee_id("E0005").await;
        let v = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": id}),
            )
            .await;
        let moved = app
            .gql(
                &hr,
                "mutation($id:ID!,$v:Int!,$u:ID){ updateEmployee(input:{id:$id, expectedVersion:$v, orgUnitId:$u}){ orgUnit { name } } }",
                json!({"id": id, "v": v["data"]["employee"]["version"], "u": app.unit_id("SH-EC-T2").await}),
            )
            .await;
        let unit = moved["data"]["updateEmployee"]["orgUnit"]["name"]
            .as_str()
            .unwrap_or_else(|| panic!("{moved}"))
            .to_owned();
        let b = Browser::start(Viewport::Desktop).await;
        sign_in(&b, &app, "H0001").await;
        goto(&b, &app, &format!("/employees/{id}")).await;
        let history = text_until(&b, By::Id("employee-history"), |t| t.contains(&unit)).await;
        let is_id = |w: &str| w.len() >= 36 && w.chars().filter(|c| *c == '-').count() >= 4;
        assert!(!history.split_whitespace().any(is_id), "no ids: {history}");
        assert!(history.contains("组织"), "{history}");
        assert!(history.contains("系统"), "the seed's own record: {history}");
        b.screenshot(&format!("hr-desktop-history-zh-{db:?}")).await;
        click(&b, By::Id("lang-switch")).await;
        let history = text_until(&b, By::Id("employee-history"), |t| {
            t.contains("Employee record changed")
        })
        .await;
        assert!(history.contains(&unit), "{history}");
        assert!(history.contains("System"), "{history}");
        b.screenshot(&format!("hr-desktop-history-en-{db:?}")).await;
        b.quit().await;
    }
);
