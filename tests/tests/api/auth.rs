//! Passwords, tokens, refresh rotation, throttling, and changes that take effect at once.
use super::*;

const ME: &str = "{ me { roles employee { employeeNo name } } }";

on_both!(a_demo_user_signs_in_and_sees_themself, |db| {
    let app = TestApp::with_demo(db).await;
    let token = app.demo("E0001").await;
    let body = app.gql(&token, ME, json!({})).await;
    assert_eq!(body["data"]["me"]["roles"], json!(["AGENT"]));
    assert_eq!(body["data"]["me"]["employee"]["employeeNo"], "E0001");
});

on_both!(wrong_password_and_unknown_user_get_the_same_answer, |db| {
    let app = TestApp::with_demo(db).await;
    let q = "mutation($l:String!,$p:String!){ login(login:$l, password:$p){ accessToken } }";
    let (_, wrong) = app
        .post(q, json!({"l": "E0001", "p": "not-the-password"}), None)
        .await;
    let (_, unknown) = app
        .post(q, json!({"l": "NOBODY", "p": "not-the-password"}), None)
        .await;
    assert_eq!(error_code(&wrong).as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&unknown).as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
});

const LOGIN: &str =
    "mutation($l:String!,$p:String!){ login(login:$l, password:$p){ accessToken } }";

/// A client whose requests come from `ip` (an address of the loopback range), without cookies.
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// Signs in from `client`: the HTTP status, the `Retry-After` header and the body.
async fn login_from(
    app: &TestApp,
    client: &reqwest::Client,
    login: &str,
    password: &str,
) -> (u16, Option<String>, Value) {
    let res = client
        .post(format!("{}/graphql", app.address))
        .json(&json!({"query": LOGIN, "variables": {"l": login, "p": password}}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry, res.json().await.unwrap())
}

on_both!(
    a_stranger_guessing_cannot_lock_a_person_out_of_their_own_day,
    |db| {
        let app = TestApp::with_demo(db).await;
        let stranger = client_from("127.0.0.2");
        let desk = client_from("127.0.0.3");
        for _ in 0..5 {
            let (_, _, b) = login_from(&app, &stranger, "A0001", "wrong-password").await;
            assert_eq!(error_code(&b).as_deref(), Some("UNAUTHENTICATED"), "{b}");
        }
        // The stranger is held back, with a wait that says how long, even with the right
        // password ...
        let (_, retry, held) = login_from(&app, &stranger, "A0001", DEMO_PASSWORD).await;
        assert_eq!(error_code(&held).as_deref(), Some("RATE_LIMITED"), "{held}");
        let secs = held["errors"][0]["extensions"]["retryAfterSeconds"]
            .as_i64()
            .unwrap();
        assert!(secs > 0, "{held}");
        assert_eq!(
            retry,
            Some(secs.to_string()),
            "Retry-After carries the wait"
        );
        // ... and waits longer after each further try.
        let (_, _, again) = login_from(&app, &stranger, "A0001", "wrong-password").await;
        assert_eq!(
            error_code(&again).as_deref(),
            Some("RATE_LIMITED"),
            "{again}"
        );
        // The administrator at their own desk signs in.
        let (_, _, mine) = login_from(&app, &desk, "A0001", DEMO_PASSWORD).await;
        assert!(
            mine["data"]["login"]["accessToken"].is_string(),
            "the person is not locked out: {mine}"
        );
    }
);

on_both!(
    guesses_at_one_login_from_many_places_slow_each_of_them,
    |db| {
        let app = TestApp::with_demo(db).await;
        let budget = echelon::config::Settings::default().login_max_failures
            * echelon::auth::session::LOGIN_FAILURE_FACTOR;
        // Each guesser fails a little, fewer times than a single source may, but together they
        // use up the login's budget.
        let guessers: Vec<_> = (0..budget)
            .map(|i| client_from(&format!("127.0.1.{}", i + 1)))
            .collect();
        for g in &guessers {
            let (_, _, b) = login_from(&app, g, "E0001", "wrong-password").await;
            assert_eq!(error_code(&b).as_deref(), Some("UNAUTHENTICATED"), "{b}");
        }
        let (_, _, held) = login_from(&app, &guessers[0], "E0001", "wrong-password").await;
        assert_eq!(error_code(&held).as_deref(), Some("RATE_LIMITED"), "{held}");
        let (_, _, mine) =
            login_from(&app, &client_from("127.0.2.1"), "E0001", DEMO_PASSWORD).await;
        assert!(mine["data"]["login"]["accessToken"].is_string(), "{mine}");
    }
);

on_both!(an_address_that_keeps_failing_is_throttled, |db| {
    let app = TestApp::with_demo(db).await;
    let q = "mutation($l:String!,$p:String!){ login(login:$l, password:$p){ accessToken } }";
    let budget = echelon::config::Settings::default().login_max_failures
        * echelon::auth::session::IP_FAILURE_FACTOR;
    for i in 0..budget {
        let (_, b) = app
            .post(
                q,
                json!({"l": format!("GUESS{i}"), "p": "wrong-password"}),
                None,
            )
            .await;
        assert_eq!(error_code(&b).as_deref(), Some("UNAUTHENTICATED"), "{b}");
    }
    let (_, limited) = app
        .post(q, json!({"l": "H0001", "p": DEMO_PASSWORD}), None)
        .await;
    assert_eq!(
        error_code(&limited).as_deref(),
        Some("RATE_LIMITED"),
        "{limited}"
    );
});

/// Posts without a cookie jar and returns the body and the refresh token set, if any.
async fn post_raw(app: &TestApp, query: &str, variables: Value) -> (Value, Option<String>, String) {
    let res = reqwest::Client::new()
        .post(format!("{}/graphql", app.address))
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("echelon_refresh="))
        .map(str::to_owned)
        .unwrap_or_default();
    let token = cookie
        .trim_start_matches("echelon_refresh=")
        .split(';')
        .next()
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    (res.json().await.unwrap(), token, cookie)
}

on_both!(refresh_rotates_and_a_spent_token_revokes_the_family, |db| {
    let app = TestApp::with_demo(db).await;
    let refresh = "mutation($t:String){ refreshSession(refreshToken:$t){ accessToken } }";
    let (_, first, cookie) = post_raw(
        &app,
        "mutation{ login(login:\"M0001\", password:\"Echelon@2026\"){ accessToken } }",
        json!({}),
    )
    .await;
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/graphql"),
        "{cookie}"
    );
    let first = first.unwrap();
    let (body, second, _) = post_raw(&app, refresh, json!({"t": first})).await;
    assert!(
        body["data"]["refreshSession"]["accessToken"].is_string(),
        "{body}"
    );
    let second = second.unwrap();
    assert_ne!(first, second, "the refresh token rotates");
    let (_, third, _) = post_raw(&app, refresh, json!({"t": second})).await;
    let third = third.unwrap();
    // Replaying a token whose successor has been used fails and revokes the family, so the
    // newest one dies too.
    let (replay, _, _) = post_raw(&app, refresh, json!({"t": first})).await;
    assert_eq!(error_code(&replay).as_deref(), Some("UNAUTHENTICATED"));
    let (after, _, _) = post_raw(&app, refresh, json!({"t": third})).await;
    assert_eq!(
        error_code(&after).as_deref(),
        Some("UNAUTHENTICATED"),
        "{after}"
    );
    assert_eq!(audit_actions(&app, "session.reuse_detected").await, 1);
});

/// How many audit entries record `action`.
async fn audit_actions(app: &TestApp, action: &str) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    entity::audit_event::Entity::find()
        .filter(entity::audit_event::Column::Action.eq(action))
        .count(&app.state.db)
        .await
        .unwrap()
}

on_both!(a_refresh_whose_answer_was_lost_can_be_repeated_once, |db| {
    let app = TestApp::with_demo(db).await;
    let refresh = "mutation($t:String){ refreshSession(refreshToken:$t){ accessToken } }";
    let login = "mutation{ login(login:\"M0001\", password:\"Echelon@2026\"){ accessToken } }";
    let (_, first, _) = post_raw(&app, login, json!({})).await;
    let first = first.unwrap();
    // The page reloads while its refresh is under way: the answer carrying `lost` never
    // arrives, and the reloaded page presents `first` again.
    let (_, lost, _) = post_raw(&app, refresh, json!({"t": first})).await;
    let lost = lost.unwrap();
    let (body, again, _) = post_raw(&app, refresh, json!({"t": first})).await;
    assert!(
        body["data"]["refreshSession"]["accessToken"].is_string(),
        "{body}"
    );
    let again = again.unwrap();
    assert_ne!(again, lost);
    assert_eq!(audit_actions(&app, "session.reissued").await, 1);
    // The session goes on from the new token.
    let (_, next, _) = post_raw(&app, refresh, json!({"t": again})).await;
    let next = next.unwrap();
    // The successor handed out in the lost answer was revoked: whoever presents it is
    // taken for a thief, and the whole family ends.
    let (stolen, _, _) = post_raw(&app, refresh, json!({"t": lost})).await;
    assert_eq!(error_code(&stolen).as_deref(), Some("UNAUTHENTICATED"));
    let (after, _, _) = post_raw(&app, refresh, json!({"t": next})).await;
    assert_eq!(
        error_code(&after).as_deref(),
        Some("UNAUTHENTICATED"),
        "{after}"
    );
    assert_eq!(audit_actions(&app, "session.reuse_detected").await, 1);

    // Past the grace period a spent token is reuse even when its successor was never used.
    let (_, first, _) = post_raw(&app, login, json!({})).await;
    let first = first.unwrap();
    let (_, unused, _) = post_raw(&app, refresh, json!({"t": first})).await;
    let unused = unused.unwrap();
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let long_ago = chrono::Utc::now()
            - chrono::Duration::seconds(echelon::auth::session::LOST_ANSWER_GRACE_SECONDS + 5);
        entity::refresh_token::Entity::update_many()
            .col_expr(
                entity::refresh_token::Column::UsedAt,
                sea_orm::sea_query::Expr::value(long_ago),
            )
            .filter(
                entity::refresh_token::Column::TokenHash
                    .eq(echelon::auth::session::sha256_hex(&first)),
            )
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    let (late, _, _) = post_raw(&app, refresh, json!({"t": first})).await;
    assert_eq!(
        error_code(&late).as_deref(),
        Some("UNAUTHENTICATED"),
        "{late}"
    );
    let (after, _, _) = post_raw(&app, refresh, json!({"t": unused})).await;
    assert_eq!(
        error_code(&after).as_deref(),
        Some("UNAUTHENTICATED"),
        "{after}"
    );
    assert_eq!(audit_actions(&app, "session.reuse_detected").await, 2);
});

on_both!(logout_ends_the_session_and_clears_the_cookie, |db| {
    let app = TestApp::with_demo(db).await;
    app.demo("E0001").await;
    let (_, ok) = app
        .post("mutation{ refreshSession{ accessToken } }", json!({}), None)
        .await;
    assert!(
        ok["data"]["refreshSession"]["accessToken"].is_string(),
        "{ok}"
    );
    let (_, out) = app.post("mutation{ logout }", json!({}), None).await;
    assert_eq!(out["data"]["logout"], true);
    let (_, again) = app
        .post("mutation{ refreshSession{ accessToken } }", json!({}), None)
        .await;
    assert_eq!(error_code(&again).as_deref(), Some("UNAUTHENTICATED"));
});

on_both!(a_deactivated_account_is_refused_on_its_next_request, |db| {
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let admin = app.demo("A0001").await;
    let acct = app
        .gql(
            &admin,
            "query($id:ID!){ employee(id:$id){ account { id } } }",
            json!({"id": app.employee_id("E0001").await}),
        )
        .await;
    let acct_id = acct["data"]["employee"]["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .gql(
            &admin,
            "mutation($id:ID!){ setAccountActive(id:$id, active:false){ active } }",
            json!({"id": acct_id}),
        )
        .await;
    assert_eq!(res["data"]["setAccountActive"]["active"], false, "{res}");
    let (status, body) = app.post(ME, json!({}), Some(&agent)).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
});

on_both!(a_role_change_takes_effect_on_the_next_request, |db| {
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let admin = app.demo("A0001").await;
    let other = app.employee_id("E0030").await;
    let q = "query($id:ID!){ employee(id:$id){ name } }";
    assert_eq!(
        error_code(&app.gql(&agent, q, json!({"id": other})).await).as_deref(),
        Some("FORBIDDEN")
    );
    let acct = app
        .gql(
            &admin,
            "query($id:ID!){ employee(id:$id){ account { id version } } }",
            json!({"id": app.employee_id("E0001").await}),
        )
        .await;
    let a = &acct["data"]["employee"]["account"];
    let res = app
        .gql(
            &admin,
            "mutation($id:ID!,$v:Int!){ setAccountRoles(id:$id, expectedVersion:$v, roles:[AGENT, HR]){ roles } }",
            json!({"id": a["id"], "v": a["version"]}),
        )
        .await;
    assert_eq!(
        res["data"]["setAccountRoles"]["roles"],
        json!(["AGENT", "HR"]),
        "{res}"
    );
    let seen = app.gql(&agent, q, json!({"id": other})).await;
    assert!(seen["data"]["employee"]["name"].is_string(), "{seen}");
});

on_both!(forged_and_garbage_tokens_are_unauthenticated, |db| {
    let app = TestApp::spawn(db).await;
    for bad in [
        "garbage",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "ech_notatoken",
    ] {
        let (status, body) = app.post(ME, json!({}), Some(bad)).await;
        assert_eq!(status, 401, "{bad}");
        assert_eq!(error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
    }
    let (_, anon) = app.post(ME, json!({}), None).await;
    assert_eq!(error_code(&anon).as_deref(), Some("UNAUTHENTICATED"));
});

on_both!(changing_the_password_ends_other_sessions, |db| {
    let app = TestApp::with_demo(db).await;
    let token = app.demo("E0001").await;
    let q = "mutation($c:String!,$n:String!){ changePassword(currentPassword:$c, newPassword:$n) }";
    let short = app
        .gql(&token, q, json!({"c": DEMO_PASSWORD, "n": "short"}))
        .await;
    assert_eq!(error_code(&short).as_deref(), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&short).as_deref(), Some("newPassword"));
    let ok = app
        .gql(
            &token,
            q,
            json!({"c": DEMO_PASSWORD, "n": "a much longer passphrase 密码"}),
        )
        .await;
    assert_eq!(ok["data"]["changePassword"], true, "{ok}");
    let (_, refresh) = app
        .post("mutation{ refreshSession{ accessToken } }", json!({}), None)
        .await;
    assert_eq!(error_code(&refresh).as_deref(), Some("UNAUTHENTICATED"));
    app.login("E0001", "a much longer passphrase 密码").await;
});

on_both!(a_service_token_reads_within_its_scopes_only, |db| {
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    let sa = app
        .gql(
            &admin,
            "mutation{ createServiceAccount(name:\"CRM 系统\"){ id } }",
            json!({}),
        )
        .await;
    let sa_id = sa["data"]["createServiceAccount"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tok = app
        .gql(
            &admin,
            "mutation($s:ID!){ createApiToken(serviceAccountId:$s, label:\"crm\", scopes:[ORG_READ]){ secret token { id } } }",
            json!({"s": sa_id}),
        )
        .await;
    let secret = tok["data"]["createApiToken"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let units = app
        .gql(&secret, "{ orgUnits(first: 5){ totalCount } }", json!({}))
        .await;
    assert!(
        units["data"]["orgUnits"]["totalCount"].as_u64().unwrap() >= 19,
        "{units}"
    );
    let people = app
        .gql(&secret, "{ employees(first: 5){ totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&people).as_deref(), Some("FORBIDDEN"));
    // Third parties integrate against introspection.
    let intro = app
        .gql(&secret, "{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(intro["data"]["__schema"]["queryType"]["name"], "Query");
    let tid = tok["data"]["createApiToken"]["token"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.gql(
        &admin,
        "mutation($id:ID!){ revokeApiToken(id:$id){ revokedAt } }",
        json!({"id": tid}),
    )
    .await;
    let (status, _) = app
        .post(
            "{ orgUnits(first: 5){ totalCount } }",
            json!({}),
            Some(&secret),
        )
        .await;
    assert_eq!(status, 401);
});

on_both!(
    an_administrator_cannot_drop_their_own_administrator_role,
    |db| {
        let app = TestApp::with_demo(db).await;
        let admin = app.demo("A0001").await;
        let mine = app
            .gql(
                &admin,
                "query($id:ID!){ employee(id:$id){ account { id version } } }",
                json!({"id": app.employee_id("A0001").await}),
            )
            .await;
        let a = &mine["data"]["employee"]["account"];
        let set = "mutation($id:ID!,$v:Int!,$r:[Role!]!){ setAccountRoles(id:$id, expectedVersion:$v, roles:$r){ roles version } }";
        let res = app
            .gql(
                &admin,
                set,
                json!({"id": a["id"], "v": a["version"], "r": ["HR"]}),
            )
            .await;
        assert_eq!(error_code(&res).as_deref(), Some("BAD_USER_INPUT"), "{res}");
        assert_eq!(error_field(&res).as_deref(), Some("roles"));
        // Nothing changed: the administrator still administers.
        let me = app.gql(&admin, "{ me { roles } }", json!({})).await;
        assert_eq!(me["data"]["me"]["roles"], json!(["ADMIN"]), "{me}");
        // Adding a role to oneself while keeping administrator is fine.
        let res = app
            .gql(
                &admin,
                set,
                json!({"id": a["id"], "v": a["version"], "r": ["HR", "ADMIN"]}),
            )
            .await;
        assert_eq!(
            res["data"]["setAccountRoles"]["roles"],
            json!(["HR", "ADMIN"]),
            "{res}"
        );
    }
);

/// Ends a session in one of the ways a session ends, as `admin` where it takes one.
async fn end_session(app: &TestApp, how: &str, login: &str, token: &str, admin: &str) {
    let account = app
        .gql(
            admin,
            "query($id:ID!){ employee(id:$id){ account { id version } } }",
            json!({"id": app.employee_id(login).await}),
        )
        .await;
    let id = account["data"]["employee"]["account"]["id"].clone();
    let body = match how {
        // Without the cookie jar: the token alone names the session to end.
        "logout" => reqwest::Client::new()
            .post(format!("{}/graphql", app.address))
            .bearer_auth(token)
            .json(&json!({"query": "mutation{ logout }"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
        "changePassword" => {
            app.gql(
                token,
                "mutation($c:String!,$n:String!){ changePassword(currentPassword:$c, newPassword:$n) }",
                json!({"c": DEMO_PASSWORD, "n": "another long passphrase"}),
            )
            .await
        }
        "resetPassword" => {
            app.gql(
                admin,
                "mutation($id:ID!,$p:String!){ resetPassword(id:$id, password:$p){ id } }",
                json!({"id": id, "p": "another long passphrase"}),
            )
            .await
        }
        "disable and enable" => {
            for active in [false, true] {
                let b = app
                    .gql(
                        admin,
                        "mutation($id:ID!,$a:Boolean!){ setAccountActive(id:$id, active:$a){ active } }",
                        json!({"id": id, "a": active}),
                    )
                    .await;
                assert_eq!(b["data"]["setAccountActive"]["active"], active, "{b}");
            }
            json!({"data": true})
        }
        other => panic!("no way {other}"),
    };
    assert!(body["errors"].is_null(), "{how}: {body}");
}

on_both!(an_ended_session_refuses_its_access_tokens_at_once, |db| {
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    for how in [
        "logout",
        "changePassword",
        "resetPassword",
        "disable and enable",
    ] {
        // Two sessions of one person, each with its own access token.
        let login = match how {
            "logout" => "E0001",
            "changePassword" => "L0001",
            "resetPassword" => "T0001",
            _ => "G0001",
        };
        let one = app.login(login, DEMO_PASSWORD).await;
        let other = app.login(login, DEMO_PASSWORD).await;
        for t in [&one, &other] {
            let me = app.gql(t, ME, json!({})).await;
            assert_eq!(me["data"]["me"]["employee"]["employeeNo"], login, "{me}");
        }
        end_session(&app, how, login, &one, &admin).await;
        let (status, body) = app.post(ME, json!({}), Some(&one)).await;
        assert_eq!(status, 401, "{how}: the session's own token: {body}");
        assert_eq!(error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
        if how != "logout" {
            let (status, body) = app.post(ME, json!({}), Some(&other)).await;
            assert_eq!(status, 401, "{how}: the other session's token: {body}");
        } else {
            let me = app.gql(&other, ME, json!({})).await;
            assert_eq!(
                me["data"]["me"]["employee"]["employeeNo"], login,
                "logging out of one session leaves the other: {me}"
            );
        }
    }
    // A session that is live keeps working.
    let me = app.gql(&admin, ME, json!({})).await;
    assert_eq!(me["data"]["me"]["employee"]["employeeNo"], "A0001", "{me}");
});

on_both!(node_reads_a_record_with_its_own_kinds_scope, |db| {
    let app = TestApp::with_demo(db).await;
    let admin = app.demo("A0001").await;
    let sa = app
        .gql(
            &admin,
            "mutation{ createServiceAccount(name:\"考勤系统\"){ id } }",
            json!({}),
        )
        .await;
    let sa_id = sa["data"]["createServiceAccount"]["id"].clone();
    let token = |scope: &'static str| {
        let (app, admin, sa_id) = (&app, admin.clone(), sa_id.clone());
        async move {
            let tok = app
                .gql(
                    &admin,
                    &format!("mutation($s:ID!){{ createApiToken(serviceAccountId:$s, label:\"{scope}\", scopes:[{scope}]){{ secret }} }}"),
                    json!({"s": sa_id}),
                )
                .await;
            tok["data"]["createApiToken"]["secret"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let org = token("ORG_READ").await;
    let people = token("EMPLOYEES_READ").await;
    let unit = app.unit_id("SH-EC").await;
    let person = app.employee_id("E0001").await;
    let q = "query($id:ID!){ node(id:$id){ id } }";
    let by_org = app.gql(&org, q, json!({"id": unit})).await;
    assert_eq!(by_org["data"]["node"]["id"], unit.as_str(), "{by_org}");
    let refused = app.gql(&people, q, json!({"id": unit})).await;
    assert_eq!(
        error_code(&refused).as_deref(),
        Some("FORBIDDEN"),
        "{refused}"
    );
    let by_people = app.gql(&people, q, json!({"id": person})).await;
    assert_eq!(
        by_people["data"]["node"]["id"],
        person.as_str(),
        "{by_people}"
    );
    let refused = app.gql(&org, q, json!({"id": person})).await;
    assert_eq!(
        error_code(&refused).as_deref(),
        Some("FORBIDDEN"),
        "{refused}"
    );
});
