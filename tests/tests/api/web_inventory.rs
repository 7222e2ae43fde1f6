//! The talent pool's year-end inventory and points import in real headless Chromium: the team
//! leader writes and shares an inventory on a desktop, the member marks it read and confirms on
//! a phone, the leader confirms and both see it agreed; and a team leader checks a points file
//! with a bad row, fixes it and imports the month's points.
use super::web_talent::{
    goto, make_e0001_a_member, present, press, sign_in, text_until, three_members_of_the_ec_team,
    type_into, web_app, POLL, WAIT,
};
use super::*;
use echelon_tests::browser::{Browser, Viewport};
use thirtyfour::prelude::*;

/// Waits until nothing matches `by` (a button gone once its step is done).
async fn gone(b: &Browser, by: By) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        if b.driver.find(by.clone()).await.is_err() {
            return;
        }
        tokio::time::sleep(POLL).await;
    }
    panic!("{by:?} is still shown");
}

/// The inventory of `year` in state `status` (`Draft`, `FedBack`, `Agreed`).
fn inventory(year: i32, status: &str) -> By {
    By::XPath(format!(
        "//li[@id='inventory-{year}' and @data-status='{status}']"
    ))
}

/// The progress line `class` of the inventory of `year`, done.
fn done(year: i32, class: &str) -> By {
    By::XPath(format!(
        "//ul[@id='inventory-progress-{year}']/li[contains(@class,'{class}') and @data-done='true']"
    ))
}

async fn replace_text(b: &Browser, by: By, text: &str) {
    let el = present(b, by).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

on_both!(
    a_superior_shares_an_inventory_the_member_reads_and_both_confirm_the_plan,
    |db| {
        let app = web_app(db).await;
        let id = make_e0001_a_member(&app).await;
        let uuid = id.trim_start_matches("Employee:").to_owned();
        let year = 2026;

        // The team leader writes a draft on a desktop.
        let desk = Browser::start(Viewport::Desktop).await;
        sign_in(&desk, &app, "L0001").await;
        goto(&desk, &app, &format!("/talent/members/{uuid}")).await;
        text_until(&desk, By::Id("member-title"), |t| t.contains("E0001")).await;
        text_until(&desk, By::Id("inventories"), |t| t.contains("暂无盘点记录")).await;
        replace_text(&desk, By::Id("inventory-year"), &year.to_string()).await;
        type_into(
            &desk,
            By::Id("inventory-strengths"),
            "业务熟练,客户满意度高",
        )
        .await;
        // Sharing needs all three texts: the missing one is named under its field and
        // nothing is sent.
        press(&desk, By::Id("inventory-save-share")).await;
        text_until(&desk, By::Id("inventory-problem-weaknesses"), |t| {
            !t.trim().is_empty()
        })
        .await;
        assert_eq!(app.count("inventories").await, 0, "nothing was sent");
        press(&desk, By::Id("inventory-save")).await;
        present(&desk, inventory(year, "Draft")).await;
        let agent = app.demo("E0001").await;
        let mine = app
            .gql(&agent, "{ myTalent { inventories { year } } }", json!({}))
            .await;
        assert_eq!(
            mine["data"]["myTalent"]["inventories"],
            json!([]),
            "a draft stays with the superior: {mine}"
        );

        // The saved draft fills the form again; the rest is added and shared.
        let typed = present(&desk, By::Id("inventory-year")).await;
        assert_eq!(
            typed.prop("value").await.unwrap().as_deref(),
            Some("2026"),
            "the form comes back to the draft"
        );
        let strengths = present(&desk, By::Id("inventory-strengths")).await;
        assert_eq!(
            strengths.prop("value").await.unwrap().as_deref(),
            Some("业务熟练,客户满意度高")
        );
        type_into(&desk, By::Id("inventory-weaknesses"), "带教经验不足").await;
        type_into(&desk, By::Id("inventory-plan"), "明年带两名新人").await;
        press(&desk, By::Id("inventory-save-share")).await;
        let shared = present(&desk, inventory(year, "FedBack")).await;
        assert!(shared.text().await.unwrap().contains("已反馈"));
        present(&desk, By::Id("inventory-already-shared")).await;
        assert!(
            !present(&desk, By::Id("inventory-save"))
                .await
                .is_enabled()
                .await
                .unwrap(),
            "a shared inventory is not offered for rewriting"
        );
        desk.screenshot(&format!("inventory-desktop-shared-{db:?}"))
            .await;

        // On a phone the member reads the feedback, marks it read and confirms the plan.
        let phone = Browser::start(Viewport::Phone).await;
        sign_in(&phone, &app, "E0001").await;
        goto(&phone, &app, "/me/talent").await;
        let card = present(&phone, inventory(year, "FedBack")).await;
        let text = card.text().await.unwrap();
        assert!(
            text.contains("带教经验不足") && text.contains("明年带两名新人"),
            "the member sees what was written: {text}"
        );
        assert!(phone.driver.find(By::Id("inventory-form")).await.is_err());
        assert!(phone
            .driver
            .find(By::Id(format!("inventory-share-{year}")))
            .await
            .is_err());
        press(&phone, By::Id(format!("inventory-read-{year}"))).await;
        present(&phone, done(year, "inventory-member-read")).await;
        gone(&phone, By::Id(format!("inventory-read-{year}"))).await;
        press(&phone, By::Id(format!("inventory-confirm-{year}"))).await;
        present(&phone, done(year, "inventory-member-confirmed")).await;
        gone(&phone, By::Id(format!("inventory-confirm-{year}"))).await;
        // One confirmation of two: still fed back.
        present(&phone, inventory(year, "FedBack")).await;
        phone
            .screenshot(&format!("inventory-phone-confirmed-{db:?}"))
            .await;

        // The leader confirms too, and the plan is agreed.
        goto(&desk, &app, &format!("/talent/members/{uuid}")).await;
        present(&desk, done(year, "inventory-member-confirmed")).await;
        press(&desk, By::Id(format!("inventory-confirm-{year}"))).await;
        let agreed = present(&desk, inventory(year, "Agreed")).await;
        assert!(agreed.text().await.unwrap().contains("已确认"));
        present(&desk, done(year, "inventory-superior-confirmed")).await;
        assert!(desk
            .driver
            .find(By::Id(format!("inventory-confirm-{year}")))
            .await
            .is_err());
        desk.screenshot(&format!("inventory-desktop-agreed-{db:?}"))
            .await;

        // The member sees it agreed, with nothing left to do.
        goto(&phone, &app, "/me/talent").await;
        present(&phone, inventory(year, "Agreed")).await;
        present(&phone, done(year, "inventory-superior-confirmed")).await;
        assert!(phone
            .driver
            .find(By::Css(".inventory .actions"))
            .await
            .is_err());

        // What the server keeps.
        let leader = app.demo("L0001").await;
        let body = app
            .gql(
                &leader,
                "query($e:ID!){ employee(id:$e){ inventories { year status strengths weaknesses nextYearPlan sharedAt memberReadAt memberConfirmedAt superiorConfirmedAt } } }",
                json!({"e": id}),
            )
            .await;
        let kept = &body["data"]["employee"]["inventories"][0];
        assert_eq!(kept["year"], year, "{body}");
        assert_eq!(kept["status"], "AGREED", "{body}");
        assert_eq!(kept["weaknesses"], "带教经验不足", "{body}");
        assert_eq!(kept["nextYearPlan"], "明年带两名新人", "{body}");
        for at in [
            "sharedAt",
            "memberReadAt",
            "memberConfirmedAt",
            "superiorConfirmedAt",
        ] {
            assert!(kept[at].is_string(), "{at} is set: {body}");
        }
        assert_eq!(app.count("inventories").await, 1);
        phone.quit().await;
        desk.quit().await;
    }
);

/// The employee number of `id`, as their team leader sees it.
async fn employee_no(app: &TestApp, token: &str, id: &str) -> String {
    let body = app
        .gql(
            token,
            "query($e:ID!){ employee(id:$e){ employeeNo } }",
            json!({"e": id}),
        )
        .await;
    body["data"]["employee"]["employeeNo"]
        .as_str()
        .unwrap_or_else(|| panic!("no employee: {body}"))
        .to_owned()
}

/// The points kept for `id` in `month`, if any.
async fn points_of(app: &TestApp, id: &str, month: &str) -> Option<f64> {
    use entity::monthly_points;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let uuid = uuid::Uuid::parse_str(id.trim_start_matches("Employee:")).unwrap();
    monthly_points::Entity::find()
        .filter(monthly_points::Column::EmployeeId.eq(uuid))
        .filter(monthly_points::Column::Month.eq(month))
        .one(&app.state.db)
        .await
        .unwrap()
        .map(|p| p.points)
}

on_both!(
    a_superior_checks_a_points_file_fixes_the_bad_row_and_imports_the_month,
    |db| {
        let app = web_app(db).await;
        let team = three_members_of_the_ec_team(&app).await;
        let leader = app.demo("L0001").await;
        let (first, second) = (
            employee_no(&app, &leader, &team[0]).await,
            employee_no(&app, &leader, &team[1]).await,
        );
        let dir = std::env::temp_dir().join(format!("echelon-points-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();

        // From the talent overview to the import page, for March.
        let desk = Browser::start(Viewport::Desktop).await;
        sign_in(&desk, &app, "L0001").await;
        goto(&desk, &app, "/talent").await;
        press(&desk, By::Id("talent-points-import")).await;
        replace_text(&desk, By::Id("points-import-month"), "2026-03").await;

        // A file whose second data row has no number: row 3 is named and nothing is written.
        let bad = dir.join("points.csv");
        std::fs::write(&bad, format!("工号,积分\n{first},55\n{second},八十\n")).unwrap();
        let input = present(&desk, By::Id("points-import-file")).await;
        input.send_keys(bad.to_string_lossy()).await.unwrap();
        let errors = text_until(&desk, By::Id("import-errors"), |t| t.contains("积分")).await;
        present(
            &desk,
            By::XPath("//table[@id='import-errors']//tr[@data-row='3']"),
        )
        .await;
        assert!(
            !errors.contains(&first),
            "only the bad row is listed: {errors}"
        );
        assert!(
            desk.driver
                .find(By::Id("points-import-commit"))
                .await
                .is_err(),
            "a file with errors cannot be imported"
        );
        assert_eq!(
            app.count("monthly_points").await,
            0,
            "a check writes nothing"
        );
        desk.screenshot(&format!("points-import-error-{db:?}"))
            .await;

        // The corrected file is checked clean, then imported.
        let good = dir.join("points-fixed.csv");
        std::fs::write(&good, format!("工号,积分\n{first},55\n{second},80.5\n")).unwrap();
        let input = present(&desk, By::Id("points-import-file")).await;
        input.send_keys(good.to_string_lossy()).await.unwrap();
        text_until(&desk, By::Id("import-summary"), |t| t.contains("共 2 行")).await;
        assert_eq!(
            app.count("monthly_points").await,
            0,
            "a check writes nothing"
        );
        press(&desk, By::Id("points-import-commit")).await;
        text_until(&desk, By::Id("import-summary"), |t| {
            t.contains("已导入 2026-03 的积分,共 2 人")
        })
        .await;
        present(
            &desk,
            By::XPath("//article[@id='import-report' and @data-committed='true']"),
        )
        .await;
        assert!(desk
            .driver
            .find(By::Id("points-import-commit"))
            .await
            .is_err());
        assert_eq!(points_of(&app, &team[0], "2026-03").await, Some(55.0));
        assert_eq!(points_of(&app, &team[1], "2026-03").await, Some(80.5));
        assert_eq!(points_of(&app, &team[2], "2026-03").await, None);
        assert_eq!(app.count("monthly_points").await, 2);
        let body = app
            .gql(
                &leader,
                "query($e:ID!){ employee(id:$e){ monthlyPoints(fromMonth:\"2026-02\", toMonth:\"2026-03\"){ month points } } }",
                json!({"e": team[1]}),
            )
            .await;
        assert_eq!(
            body["data"]["employee"]["monthlyPoints"],
            json!([{"month": "2026-02", "points": null}, {"month": "2026-03", "points": 80.5}]),
            "{body}"
        );
        desk.screenshot(&format!("points-import-done-{db:?}")).await;
        let _ = std::fs::remove_dir_all(dir);
        desk.quit().await;
    }
);
