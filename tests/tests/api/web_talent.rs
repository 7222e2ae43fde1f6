//! The talent pool in real headless Chromium: an agent applies on a phone, the team leader
//! assesses and submits on a desktop, the agent signs their own step from 我的梯队, the
//! superior and the skip-level superior sign from their inbox, and the agent sees 已入库; and a
//! superior's disagreement with its reason reaching the agent.
use super::*;
use echelon_tests::browser::{dist_dir, Browser, Viewport};
use std::time::Duration;
use thirtyfour::prelude::*;

pub(super) const WAIT: Duration = Duration::from_secs(20);
pub(super) const POLL: Duration = Duration::from_millis(100);

pub(super) async fn web_app(db: Db) -> TestApp {
    let app = TestApp::spawn_with(db, |s| s.static_dir = dist_dir()).await;
    echelon::seed::seed_demo(&app.state).await.unwrap();
    app
}

pub(super) async fn sign_in(b: &Browser, app: &TestApp, login: &str) {
    b.sign_in(&app.address, login, DEMO_PASSWORD).await;
    text_until(b, By::Id("home-name"), |t| !t.trim().is_empty()).await;
}

/// Signs out through the header and waits for the login form.
pub(super) async fn sign_out(b: &Browser) {
    press(b, By::Id("logout")).await;
    b.driver
        .query(By::Id("login-user"))
        .wait(WAIT, POLL)
        .first()
        .await
        .unwrap();
}

/// The text of the first element `by` once `ok` holds for it (or panics with what was shown).
pub(super) async fn text_until(b: &Browser, by: By, ok: impl Fn(&str) -> bool) -> String {
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
    let page = match b.driver.find(By::Tag("body")).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    panic!("{by:?} never matched; last text {last:?}; the page says {page:?}");
}

/// Waits for `by` to appear.
pub(super) async fn present(b: &Browser, by: By) -> WebElement {
    b.driver.query(by).wait(WAIT, POLL).first().await.unwrap()
}

/// Clicks `by` once it is there, scrolled to the middle of the screen so the phone's fixed tab
/// bar does not cover it.
pub(super) async fn press(b: &Browser, by: By) {
    let el = present(b, by).await;
    b.driver
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![el.to_json().unwrap()],
        )
        .await
        .unwrap();
    el.click().await.unwrap();
}

pub(super) async fn type_into(b: &Browser, by: By, text: &str) {
    let el = present(b, by).await;
    el.send_keys(text).await.unwrap();
}

/// Waits until the element with id `id` has the keyboard focus.
pub(super) async fn focused_until(b: &Browser, id: &str) {
    let mut last = String::new();
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        let ret = b
            .driver
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await
            .unwrap();
        last = ret.json().as_str().unwrap_or_default().to_owned();
        if last == id {
            return;
        }
        tokio::time::sleep(POLL).await;
    }
    panic!("#{id} never had the focus; #{last:?} had it");
}

/// Types `keys` into whatever has the focus.
pub(super) async fn key(b: &Browser, keys: impl Into<TypingData>) {
    b.driver
        .active_element()
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
}

pub(super) async fn goto(b: &Browser, app: &TestApp, path: &str) {
    b.driver
        .goto(format!("{}{path}", app.address))
        .await
        .unwrap();
}

/// The sign-off step `n` (1-based) of the chain `chain` in state `state`.
fn step_in(chain: &str, n: usize, state: &str) -> By {
    By::XPath(format!(
        "//ol[@id='{chain}']/li[{n}][@data-state='{state}']"
    ))
}

/// The inbox link to a nomination.
fn inbox_link_to(uuid: &str) -> By {
    By::XPath(format!(
        "//a[contains(@class,'inbox-item') and contains(@href,'/talent/nominations/{uuid}')]"
    ))
}

/// The id of E0001's open nomination, as their team leader sees it.
async fn open_nomination_of_e0001(app: &TestApp) -> String {
    let lead = app.demo("L0001").await;
    let body = app
        .gql(
            &lead,
            "query($e:ID!){ nominations(first:5, filter:{openOnly:true, employeeId:$e}){ nodes{ id } } }",
            json!({"e": app.employee_id("E0001").await}),
        )
        .await;
    body["data"]["nominations"]["nodes"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no open nomination: {body}"))
        .to_owned()
}

/// The desktop user opens their inbox, follows the sign-off item to the nomination and agrees.
async fn sign_from_inbox(b: &Browser, app: &TestApp, uuid: &str, step: usize) {
    goto(b, app, "/").await;
    text_until(b, By::Id("inbox-tab-waiting"), |t| t.contains("待我处理")).await;
    let item = present(b, inbox_link_to(uuid)).await;
    assert!(
        item.text().await.unwrap().contains("三级签核"),
        "the inbox item names the sign-off"
    );
    item.click().await.unwrap();
    text_until(b, By::Id("nomination-status"), |t| t.contains("签核中")).await;
    press(b, By::Id("sign-agree")).await;
    present(b, step_in("nomination-chain", step, "agreed")).await;
}

on_both!(
    an_agent_applies_is_assessed_signs_and_is_admitted_after_three_signatures,
    |db| {
        let app = web_app(db).await;
        let phone = Browser::start(Viewport::Phone).await;
        let desk = Browser::start(Viewport::Desktop).await;

        // The agent applies (毛遂自荐) from 我的梯队 on a phone.
        sign_in(&phone, &app, "E0001").await;
        press(&phone, By::Id("nav-my-talent")).await;
        text_until(&phone, By::Id("my-membership"), |t| {
            t.contains("不在人才库")
        })
        .await;
        type_into(
            &phone,
            By::Id("apply-reason"),
            "连续三个月服务质量第一,希望进入初级梯队",
        )
        .await;
        press(&phone, By::Id("apply-submit")).await;
        text_until(&phone, By::Id("my-nominations"), |t| {
            t.contains("考核中") && t.contains("毛遂自荐")
        })
        .await;
        phone
            .screenshot(&format!("talent-phone-applied-{db:?}"))
            .await;
        let id = open_nomination_of_e0001(&app).await;
        let uuid = id.trim_start_matches("Nomination:").to_owned();

        // The team leader finds it among the open nominations, assesses and submits.
        sign_in(&desk, &app, "L0001").await;
        press(&desk, By::Id("nav-talent")).await;
        press(
            &desk,
            By::XPath(format!(
                "//article[@id='talent-open']//a[contains(@href,'/talent/nominations/{uuid}')]"
            )),
        )
        .await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("考核中")).await;
        text_until(&desk, By::Id("nomination-source"), |t| {
            t.contains("毛遂自荐")
        })
        .await;
        // A mark with two decimals is refused before anything is sent.
        type_into(&desk, By::Id("assess-ability"), "85.55").await;
        type_into(&desk, By::Id("assess-potential"), "82").await;
        type_into(&desk, By::Id("assess-exam"), "90").await;
        press(&desk, By::Id("assess-save")).await;
        text_until(&desk, By::Id("assess-problem"), |t| t.contains("小数")).await;
        let ability = present(&desk, By::Id("assess-ability")).await;
        ability.clear().await.unwrap();
        ability.send_keys("85.5").await.unwrap();
        type_into(&desk, By::Id("assess-comment"), "业务熟练,带教新人积极").await;
        press(&desk, By::Id("assess-save")).await;
        text_until(&desk, By::Id("score-cell"), |t| t.contains("明星")).await;
        text_until(&desk, By::Id("score-ability"), |t| t == "85.5").await;
        press(&desk, By::Id("nomination-submit")).await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("签核中")).await;
        present(&desk, step_in("nomination-chain", 1, "current")).await;
        present(&desk, step_in("nomination-chain", 2, "waiting")).await;
        // Not their turn yet: the superior is offered no signature.
        assert!(desk.driver.find(By::Id("sign-agree")).await.is_err());
        desk.screenshot(&format!("talent-desktop-submitted-{db:?}"))
            .await;

        // The agent signs their own step from 我的梯队 on the phone.
        goto(&phone, &app, "/me/talent").await;
        present(&phone, step_in(&format!("my-chain-{uuid}"), 1, "current")).await;
        press(&phone, By::Id("sign-agree")).await;
        present(&phone, step_in(&format!("my-chain-{uuid}"), 1, "agreed")).await;
        present(&phone, step_in(&format!("my-chain-{uuid}"), 2, "current")).await;
        assert!(phone.driver.find(By::Id("sign-agree")).await.is_err());

        // The superior and the skip-level superior sign from their inbox.
        sign_from_inbox(&desk, &app, &uuid, 2).await;
        present(&desk, step_in("nomination-chain", 3, "current")).await;
        sign_out(&desk).await;
        sign_in(&desk, &app, "M0001").await;
        sign_from_inbox(&desk, &app, &uuid, 3).await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("已入库")).await;
        desk.screenshot(&format!("talent-desktop-admitted-{db:?}"))
            .await;

        // The agent is in the pool.
        goto(&phone, &app, "/me/talent").await;
        text_until(&phone, By::Id("my-membership"), |t| {
            t.contains("已在人才库") && t.contains("初级梯队")
        })
        .await;
        text_until(&phone, By::Id("my-nominations"), |t| t.contains("已入库")).await;
        phone
            .screenshot(&format!("talent-phone-admitted-{db:?}"))
            .await;

        // The overview counts the new member and draws their chain.
        goto(&desk, &app, "/talent?echelon=3").await;
        text_until(&desk, By::Id("talent-members"), |t| t.contains("E0001")).await;
        text_until(&desk, By::Id("echelon-count-3"), |t| t.contains('1')).await;
        present(
            &desk,
            By::XPath("//tr[contains(@class,'member-row')]//li[contains(@class,'step-agreed')][3]"),
        )
        .await;
        desk.screenshot(&format!("talent-desktop-overview-{db:?}"))
            .await;

        // The manager nominates someone of their subtree, seeing the standard check first.
        press(&desk, By::Id("talent-nominate")).await;
        type_into(&desk, By::Id("nominate-search"), "E0002").await;
        press(&desk, By::Id("nominee-E0002")).await;
        present(&desk, By::Id("nominate-checks")).await;
        let echelon = present(&desk, By::Id("nominate-echelon")).await;
        echelon.send_keys("业务骨干").await.unwrap();
        type_into(&desk, By::Id("nominate-reason"), "投诉处理能力突出").await;
        press(&desk, By::Id("nominate-submit")).await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("考核中")).await;
        text_until(&desk, By::Id("nomination-source"), |t| {
            t.contains("上级推荐")
        })
        .await;
        text_until(&desk, By::Id("nomination-echelon"), |t| {
            t.contains("业务骨干梯队")
        })
        .await;

        phone.quit().await;
        desk.quit().await;
    }
);

on_both!(
    a_superior_rejects_with_a_reason_and_the_agent_reads_it,
    |db| {
        let app = web_app(db).await;
        // Up to the superior's step through the API: applied, assessed, submitted, self-signed.
        let agent = app.demo("E0001").await;
        let lead = app.demo("L0001").await;
        let applied = app
        .gql(
            &agent,
            "mutation($e:ID!){ nominate(employeeId:$e, echelon:KEY_STAFF, reason:\"想挑战骨干岗位\"){ id version } }",
            json!({"e": app.employee_id("E0001").await}),
        )
        .await;
        let id = applied["data"]["nominate"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{applied}"))
            .to_owned();
        let assessed = app
        .gql(
            &lead,
            "mutation($id:ID!){ assessNomination(input:{nominationId:$id, expectedVersion:1, ability:65, potential:55, exam:70}){ version } }",
            json!({"id": id}),
        )
        .await;
        let version = assessed["data"]["assessNomination"]["version"]
            .as_i64()
            .unwrap_or_else(|| panic!("{assessed}"));
        let submitted = app
        .gql(
            &lead,
            "mutation($id:ID!,$v:Int!){ submitNomination(id:$id, expectedVersion:$v){ status } }",
            json!({"id": id, "v": version}),
        )
        .await;
        assert_eq!(
            submitted["data"]["submitNomination"]["status"], "SIGNING_OFF",
            "{submitted}"
        );
        let signed = app
            .gql(
                &agent,
                "mutation($id:ID!){ signNomination(id:$id, agree:true){ status } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(
            signed["data"]["signNomination"]["status"], "SIGNING_OFF",
            "{signed}"
        );
        let uuid = id.trim_start_matches("Nomination:").to_owned();

        // The superior disagrees: first without a reason (refused on the page), then with one.
        let desk = Browser::start(Viewport::Desktop).await;
        sign_in(&desk, &app, "L0001").await;
        press(&desk, inbox_link_to(&uuid)).await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("签核中")).await;
        press(&desk, By::Id("sign-disagree")).await;
        text_until(&desk, By::Id("sign-problem"), |t| !t.is_empty()).await;
        assert!(desk.driver.find(By::Id("confirm-ok")).await.is_err());
        let reason = "本季度质检成绩未达骨干要求,下季度再议";
        type_into(&desk, By::Id("sign-comment"), reason).await;
        // The question takes the focus on 取消, keeps Tab inside, and Escape gives the focus
        // back to the button that asked.
        press(&desk, By::Id("sign-disagree")).await;
        focused_until(&desk, "confirm-cancel").await;
        key(&desk, Key::Tab).await;
        focused_until(&desk, "confirm-ok").await;
        key(&desk, Key::Tab).await;
        focused_until(&desk, "confirm-cancel").await;
        key(&desk, TypingData::from(Key::Shift) + Key::Tab).await;
        focused_until(&desk, "confirm-ok").await;
        key(&desk, Key::Escape).await;
        focused_until(&desk, "sign-disagree").await;
        assert!(desk.driver.find(By::Id("confirm-ok")).await.is_err());
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("签核中")).await;
        press(&desk, By::Id("sign-disagree")).await;
        press(&desk, By::Id("confirm-ok")).await;
        text_until(&desk, By::Id("nomination-status"), |t| t.contains("未通过")).await;
        text_until(&desk, By::Id("nomination-outcome"), |t| t.contains(reason)).await;
        present(&desk, step_in("nomination-chain", 2, "disagreed")).await;
        text_until(&desk, By::Id("nomination-chain"), |t| t.contains("未签核")).await;
        desk.screenshot(&format!("talent-desktop-rejected-{db:?}"))
            .await;

        // HR raises the junior echelon's exam score in the standards editor.
        sign_out(&desk).await;
        sign_in(&desk, &app, "H0001").await;
        press(&desk, By::Id("nav-talent")).await;
        press(&desk, By::Id("talent-standards")).await;
        let exam = present(&desk, By::Id("standard-3-exam")).await;
        exam.clear().await.unwrap();
        exam.send_keys("75.5").await.unwrap();
        press(&desk, By::Id("standard-3-save")).await;
        text_until(&desk, By::Id("standard-3"), |t| t.contains("更新于")).await;
        let hr = app.demo("H0001").await;
        let standards = app
            .gql(
                &hr,
                "{ echelonStandards { echelon minExamScore } }",
                json!({}),
            )
            .await;
        assert_eq!(
            standards["data"]["echelonStandards"][2],
            json!({"echelon": "JUNIOR", "minExamScore": 75.5}),
            "{standards}"
        );
        desk.screenshot(&format!("talent-desktop-standards-{db:?}"))
            .await;
        desk.quit().await;

        // The agent reads the reason on 我的梯队.
        let phone = Browser::start(Viewport::Phone).await;
        sign_in(&phone, &app, "E0001").await;
        goto(&phone, &app, "/me/talent").await;
        text_until(&phone, By::Id(format!("my-nomination-{uuid}")), |t| {
            t.contains("未通过") && t.contains(reason)
        })
        .await;
        text_until(&phone, By::Id("my-membership"), |t| {
            t.contains("不在人才库")
        })
        .await;
        phone
            .screenshot(&format!("talent-phone-rejected-{db:?}"))
            .await;
        phone.quit().await;
    }
);

/// Makes E0001 a member of the junior echelon, as an admission would, and returns their id.
pub(super) async fn make_e0001_a_member(app: &TestApp) -> String {
    use sea_orm::ActiveModelTrait;
    let id = app.employee_id("E0001").await;
    let uuid = uuid::Uuid::parse_str(id.trim_start_matches("Employee:")).unwrap();
    entity::pool_member::ActiveModel::from(entity::pool_member::Model {
        id: uuid::Uuid::now_v7(),
        employee_id: uuid,
        echelon: entity::Echelon::Junior,
        nomination_id: None,
        joined_at: chrono::Utc::now(),
        left_at: None,
        left_reason: None,
    })
    .insert(&app.state.db)
    .await
    .unwrap();
    id
}

/// The plan item titled `title`, in state `status` (`Planned`, `Submitted`, `Done` …).
fn plan_item(title: &str, status: &str) -> By {
    By::XPath(format!(
        "//li[contains(@class,'plan-item') and @data-status='{status}' and .//*[contains(@class,'plan-item-title') and text()='{title}']]"
    ))
}

on_both!(
    a_member_hands_in_a_reflection_that_the_superior_accepts_from_the_inbox,
    |db| {
        let app = web_app(db).await;
        let id = make_e0001_a_member(&app).await;
        let uuid = id.trim_start_matches("Employee:").to_owned();
        let title = "《服务的细节》";

        // The team leader opens the member from the overview and adds a reading.
        let desk = Browser::start(Viewport::Desktop).await;
        sign_in(&desk, &app, "L0001").await;
        goto(&desk, &app, "/talent?echelon=3").await;
        press(
            &desk,
            By::XPath(format!(
                "//a[contains(@class,'member-link') and contains(@href,'/talent/members/{uuid}')]"
            )),
        )
        .await;
        text_until(&desk, By::Id("member-title"), |t| t.contains("E0001")).await;
        press(
            &desk,
            By::XPath("//select[@id='plan-add-kind']/option[@value='AssignedReading']"),
        )
        .await;
        type_into(&desk, By::Id("plan-add-title"), title).await;
        let due = present(&desk, By::Id("plan-add-due")).await;
        desk.driver
            .execute(
                "arguments[0].value = '2027-01-31'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![due.to_json().unwrap()],
            )
            .await
            .unwrap();
        press(&desk, By::Id("plan-add-submit")).await;
        present(&desk, plan_item(title, "Planned")).await;
        text_until(&desk, By::Id("plan-agreement-state"), |t| {
            t.contains("待三级确认")
        })
        .await;
        desk.screenshot(&format!("talent-desktop-plan-{db:?}"))
            .await;

        // On a phone the member agrees and hands in the reflection.
        let phone = Browser::start(Viewport::Phone).await;
        sign_in(&phone, &app, "E0001").await;
        goto(&phone, &app, "/me/talent").await;
        present(&phone, plan_item(title, "Planned")).await;
        press(&phone, By::Id("plan-agree")).await;
        text_until(&phone, By::Id("plan"), |t| t.contains("本人")).await;
        assert!(phone.driver.find(By::Id("plan-agree")).await.is_err());
        type_into(
            &phone,
            By::XPath("//li[contains(@class,'plan-item')]//textarea[contains(@class,'plan-evidence-input')]"),
            "细节决定服务品质:每一次来电都值得认真对待。",
        )
        .await;
        press(
            &phone,
            By::XPath(
                "//li[contains(@class,'plan-item')]//button[contains(@class,'plan-submit-button')]",
            ),
        )
        .await;
        present(&phone, plan_item(title, "Submitted")).await;
        phone
            .screenshot(&format!("talent-phone-plan-submitted-{db:?}"))
            .await;

        // The team leader finds it in the inbox and accepts it.
        goto(&desk, &app, "/").await;
        let item = present(
            &desk,
            By::XPath(format!(
                "//a[contains(@class,'inbox-item') and contains(@href,'/talent/members/{uuid}')]"
            )),
        )
        .await;
        let text = item.text().await.unwrap();
        assert!(
            text.contains("发展计划待审阅") && text.contains("E0001"),
            "the inbox item names the review: {text}"
        );
        item.click().await.unwrap();
        present(&desk, plan_item(title, "Submitted")).await;
        press(
            &desk,
            By::XPath("//li[contains(@class,'plan-item')]//button[contains(@class,'plan-accept')]"),
        )
        .await;
        present(&desk, plan_item(title, "Done")).await;

        // The member sees it done.
        goto(&phone, &app, "/me/talent").await;
        let done = present(&phone, plan_item(title, "Done")).await;
        assert!(done.text().await.unwrap().contains("已完成"));
        phone
            .screenshot(&format!("talent-phone-plan-done-{db:?}"))
            .await;

        phone.quit().await;
        desk.quit().await;
    }
);

/// Puts the first three agents of 电商客服一组 into the pool before 2026 began and returns
/// their global ids.
pub(super) async fn three_members_of_the_ec_team(app: &TestApp) -> Vec<String> {
    use entity::{employee, org_unit, pool_member};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = &app.state.db;
    let team = org_unit::Entity::find()
        .filter(org_unit::Column::Code.eq("SH-EC-T1"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let people = employee::Entity::find()
        .filter(employee::Column::OrgUnitId.eq(team.id))
        .filter(employee::Column::Status.ne(entity::EmployeeStatus::Left))
        .filter(employee::Column::Position.eq("话务员"))
        .order_by_asc(employee::Column::EmployeeNo)
        .all(db)
        .await
        .unwrap();
    let joined = chrono::DateTime::parse_from_rfc3339("2025-12-01T00:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut ids = Vec::new();
    for e in people.into_iter().take(3) {
        pool_member::ActiveModel::from(pool_member::Model {
            id: uuid::Uuid::now_v7(),
            employee_id: e.id,
            echelon: entity::Echelon::Junior,
            nomination_id: None,
            joined_at: joined,
            left_at: None,
            left_reason: None,
        })
        .insert(db)
        .await
        .unwrap();
        ids.push(format!("Employee:{}", e.id));
    }
    assert_eq!(ids.len(), 3, "the demo team has three agents");
    ids
}

on_both!(
    a_manager_sets_the_ratio_and_confirms_the_bottom_member_of_a_quarter,
    |db| {
        let app = web_app(db).await;
        let team = three_members_of_the_ec_team(&app).await;
        let project = app.unit_id("SH-EC").await;
        let leader = app.demo("L0001").await;
        // The first agent is last every month; their March points are entered on the page.
        for (i, id) in team.iter().enumerate() {
            for month in ["2026-01", "2026-02", "2026-03"] {
                if i == 0 && month == "2026-03" {
                    continue;
                }
                let points = if i == 0 { 10.0 } else { 60.0 + i as f64 };
                let body = app
                    .gql(
                        &leader,
                        "mutation($e:ID!,$m:String!,$p:Float!){ setMonthlyPoints(employeeId:$e, month:$m, points:$p){ month } }",
                        json!({"e": id, "m": month, "p": points}),
                    )
                    .await;
                assert!(body["errors"].is_null(), "{body}");
            }
        }
        let last = team[0].trim_start_matches("Employee:").to_owned();

        let desk = Browser::start(Viewport::Desktop).await;
        sign_in(&desk, &app, "M0001").await;
        goto(&desk, &app, &format!("/talent/members/{last}")).await;
        let month = present(&desk, By::Id("points-month")).await;
        month.clear().await.unwrap();
        month.send_keys("2026-03").await.unwrap();
        type_into(&desk, By::Id("points-value"), "10").await;
        press(&desk, By::Id("points-submit")).await;
        text_until(&desk, By::ClassName("toasts"), |t| t.contains("积分已保存")).await;

        // The project and the quarter, then a ratio of 20%: one place at the bottom of three.
        goto(&desk, &app, "/talent").await;
        press(&desk, By::Id("talent-elimination")).await;
        press(
            &desk,
            By::XPath(format!(
                "//select[@id='elim-project']/option[@value='{project}']"
            )),
        )
        .await;
        present(&desk, By::Id("elim-ratio-form")).await;
        let quarter = present(&desk, By::Id("elim-quarter")).await;
        quarter.clear().await.unwrap();
        quarter.send_keys("2026-Q1").await.unwrap();
        press(&desk, By::Id("elim-show")).await;
        text_until(&desk, By::Id("elim-candidates"), |t| t.contains("2026-Q1")).await;
        let ratio = present(&desk, By::Id("elim-ratio")).await;
        ratio.clear().await.unwrap();
        ratio.send_keys("20").await.unwrap();
        press(&desk, By::Id("elim-ratio-save")).await;
        // The list is drawn again with the new band before anything is typed into it (at the
        // default 10% the same member is already listed, so the row alone proves nothing).
        text_until(&desk, By::Id("elim-band"), |t| t.contains("20%")).await;
        let row = By::Id(format!("elim-{last}"));
        text_until(&desk, row.clone(), |t| t.contains("10")).await;
        desk.screenshot(&format!("talent-desktop-elimination-{db:?}"))
            .await;

        // Confirming needs a reason, then a confirmation.
        press(
            &desk,
            By::XPath(format!(
                "//tr[@id='elim-{last}']//button[contains(@class,'elim-confirm')]"
            )),
        )
        .await;
        assert!(desk.driver.find(By::Id("confirm-ok")).await.is_err());
        type_into(
            &desk,
            By::XPath(format!("//tr[@id='elim-{last}']//textarea")),
            "连续三个月积分末位",
        )
        .await;
        press(
            &desk,
            By::XPath(format!(
                "//tr[@id='elim-{last}']//button[contains(@class,'elim-confirm')]"
            )),
        )
        .await;
        press(&desk, By::Id("confirm-ok")).await;
        text_until(&desk, By::Id("elim-candidates"), |t| {
            t.contains("没有待处理的淘汰候选人")
        })
        .await;
        let manager = app.demo("M0001").await;
        let body = app
            .gql(
                &manager,
                "query($e:ID!){ employee(id:$e){ poolHistory { kind reason } } }",
                json!({"e": team[0]}),
            )
            .await;
        let last = body["data"]["employee"]["poolHistory"]
            .as_array()
            .and_then(|events| events.last())
            .cloned()
            .unwrap_or_default();
        assert_eq!(last["kind"], "LEFT", "{body}");
        assert!(
            last["reason"]
                .as_str()
                .is_some_and(|r| r.contains("连续三个月积分末位")),
            "{body}"
        );
        desk.quit().await;
    }
);
