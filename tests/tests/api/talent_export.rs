//! Excel exports of the talent pool and of the open nominations: each caller gets what they
//! reach, filtered as asked, and the export is audited.
use super::*;

async fn get(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    query: &[(&str, &str)],
) -> (u16, Vec<u8>) {
    let mut req = app
        .client
        .get(format!("{}{path}", app.address))
        .query(query);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.bytes().await.unwrap().to_vec())
}

fn table(bytes: &[u8]) -> Vec<Vec<String>> {
    echelon::people::transfer::read_table(bytes, "x.xlsx").unwrap()
}

on_both!(
    hr_exports_the_pool_and_the_candidates_filtered_and_audited,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let events = app.count("audit_events").await;
        let (status, bytes) = get(&app, Some(&hr), "/api/talent/pool.xlsx", &[]).await;
        assert_eq!(status, 200);
        let pool = table(&bytes);
        assert_eq!(
            pool[0],
            ["工号", "姓名", "组织", "岗位", "梯队", "入库日期"]
        );
        assert_eq!(
            pool.len() - 1,
            app.count("pool_members").await as usize,
            "every member"
        );
        let (_, bytes) = get(
            &app,
            Some(&hr),
            "/api/talent/pool.xlsx",
            &[("echelon", "JUNIOR")],
        )
        .await;
        let juniors = table(&bytes);
        assert!(
            juniors.len() > 1 && juniors[1..].iter().all(|r| r[4] == "初级梯队"),
            "{juniors:?}"
        );
        let (status, bytes) = get(&app, Some(&hr), "/api/talent/candidates.xlsx", &[]).await;
        assert_eq!(status, 200);
        let open = table(&bytes);
        assert_eq!(open[0][0], "工号");
        assert!(
            open[1..]
                .iter()
                .all(|r| r[5] == "考核中" || r[5] == "签核中"),
            "only open nominations: {open:?}"
        );
        assert!(open.len() > 1, "the demo has open nominations");
        assert_eq!(
            app.count("audit_events").await,
            events + 3,
            "each export is recorded"
        );
    }
);

on_both!(exports_reach_no_further_than_the_caller, |db| {
    let app = TestApp::with_demo(db).await;
    // The demo's members are in 成都; 电商客服一组's leader reaches none of them.
    let leader = app.demo("L0001").await;
    let (status, bytes) = get(&app, Some(&leader), "/api/talent/pool.xlsx", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(table(&bytes).len(), 1, "a header and no one out of reach");
    let other = app.unit_id("CD-TEL-T1").await;
    let (status, _) = get(
        &app,
        Some(&leader),
        "/api/talent/pool.xlsx",
        &[("orgUnitId", other.as_str())],
    )
    .await;
    assert_eq!(status, 403, "a unit out of reach is refused, not emptied");
    let agent = app.demo("E0001").await;
    for path in ["/api/talent/pool.xlsx", "/api/talent/candidates.xlsx"] {
        assert_eq!(get(&app, Some(&agent), path, &[]).await.0, 403);
        assert_eq!(get(&app, None, path, &[]).await.0, 401);
    }
    let hr = app.demo("H0001").await;
    let (status, body) = get(
        &app,
        Some(&hr),
        "/api/talent/pool.xlsx",
        &[("echelon", "SENIOR")],
    )
    .await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
});
