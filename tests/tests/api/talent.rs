//! The talent pool (人才梯队) over HTTP: nominating, assessing, the three-level sign-off in
//! order, admission, moving and leaving; every refused step writes nothing; the signers are
//! fixed at submission; bad input, races, and the statements a pool page costs.
use super::*;
use sea_orm::ConnectionTrait;

pub const NOMINATE: &str = "mutation($e:ID!,$k:Echelon!,$r:String!){ nominate(employeeId:$e, echelon:$k, reason:$r){ id status version source reason nominatedBy { employeeNo } } }";
pub const ASSESS: &str = "mutation($i:AssessmentInput!){ assessNomination(input:$i){ id status version abilityScore potentialScore examScore abilityBand potentialBand } }";
pub const SUBMIT: &str = "mutation($id:ID!,$v:Int!){ submitNomination(id:$id, expectedVersion:$v){ id status version signOffs { step role signer { id employeeNo } inPlaceOf agree isCurrent } } }";
pub const SIGN: &str = "mutation($id:ID!,$a:Boolean!,$c:String){ signNomination(id:$id, agree:$a, comment:$c){ id status version outcomeReason decidedAt signOffs { step agree comment isCurrent } } }";
pub const WITHDRAW: &str = "mutation($id:ID!,$v:Int!,$r:String){ withdrawNomination(id:$id, expectedVersion:$v, reason:$r){ id status version outcomeReason } }";
pub const GET: &str = "query($id:ID!){ nomination(id:$id){ id status version outcomeReason decidedAt employee { employeeNo } signOffs { step role signer { id employeeNo } inPlaceOf agree comment signedAt isCurrent } } }";
pub const REMOVE: &str = "mutation($e:ID!,$r:String!){ removeFromPool(employeeId:$e, reason:$r) }";

/// The data of `field`, failing the test on any error.
pub fn data<'a>(body: &'a Value, field: &str) -> &'a Value {
    assert!(body["errors"].is_null(), "{field}: {body}");
    let d = &body["data"][field];
    assert!(!d.is_null(), "{field}: {body}");
    d
}

/// One number straight from the database.
pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// What the talent tables and the audit log hold: any write changes one of these.
pub async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) AS n FROM audit_events",
        "SELECT COUNT(*) AS n FROM nominations",
        "SELECT COALESCE(SUM(version), 0) AS n FROM nominations",
        "SELECT COUNT(*) AS n FROM nominations WHERE ability_score IS NOT NULL",
        "SELECT COUNT(*) AS n FROM sign_offs",
        "SELECT COUNT(*) AS n FROM sign_offs WHERE agree IS NOT NULL",
        "SELECT COUNT(*) AS n FROM pool_members",
        "SELECT COUNT(*) AS n FROM pool_members WHERE left_at IS NULL",
        "SELECT COUNT(*) AS n FROM pool_events",
        "SELECT COALESCE(SUM(version), 0) AS n FROM echelon_standards",
        "SELECT COALESCE(SUM(version), 0) AS n FROM employees",
    ] {
        out.push(scalar(app, sql).await);
    }
    out
}

/// Runs a call that must be refused with `code` and checks that it wrote nothing.
pub async fn refused(app: &TestApp, token: &str, q: &str, vars: Value, code: &str) -> Value {
    let before = fingerprint(app).await;
    let body = app.gql(token, q, vars.clone()).await;
    assert_eq!(error_code(&body).as_deref(), Some(code), "{vars}: {body}");
    assert_eq!(
        fingerprint(app).await,
        before,
        "a refused call wrote: {body}"
    );
    body
}

/// Like [`refused`], and the error names `field`.
pub async fn refused_field(app: &TestApp, token: &str, q: &str, vars: Value, field: &str) {
    let body = refused(app, token, q, vars, "BAD_USER_INPUT").await;
    assert_eq!(error_field(&body).as_deref(), Some(field), "{body}");
}

/// Nominates `no` to `echelon`; returns (id, version).
pub async fn nominate(app: &TestApp, token: &str, no: &str, echelon: &str) -> (String, i64) {
    let body = app
        .gql(
            token,
            NOMINATE,
            json!({"e": app.employee_id(no).await, "k": echelon, "r": "业绩稳定,带教新人"}),
        )
        .await;
    let n = data(&body, "nominate");
    assert_eq!(n["status"], "ASSESSING", "{body}");
    (
        n["id"].as_str().unwrap().to_owned(),
        n["version"].as_i64().unwrap(),
    )
}

pub fn assessment(id: &str, v: i64) -> Value {
    json!({"i": {"nominationId": id, "expectedVersion": v, "ability": 85.5, "potential": 90, "exam": 88, "comment": "沟通能力强"}})
}

/// Assesses with the usual marks; returns the new version.
pub async fn assess(app: &TestApp, token: &str, id: &str, v: i64) -> i64 {
    let body = app.gql(token, ASSESS, assessment(id, v)).await;
    data(&body, "assessNomination")["version"].as_i64().unwrap()
}

/// Submits; returns the nomination as answered.
pub async fn submit(app: &TestApp, token: &str, id: &str, v: i64) -> Value {
    let body = app.gql(token, SUBMIT, json!({"id": id, "v": v})).await;
    data(&body, "submitNomination").clone()
}

pub async fn sign(
    app: &TestApp,
    token: &str,
    id: &str,
    agree: bool,
    comment: Option<&str>,
) -> Value {
    app.gql(token, SIGN, json!({"id": id, "a": agree, "c": comment}))
        .await
}

pub async fn sign_ok(app: &TestApp, token: &str, id: &str) -> Value {
    let body = sign(app, token, id, true, None).await;
    data(&body, "signNomination").clone()
}

pub async fn get(app: &TestApp, token: &str, id: &str) -> Value {
    let body = app.gql(token, GET, json!({"id": id})).await;
    data(&body, "nomination").clone()
}

/// Signs in as `no`, creating an agent account for them first when they have none.
pub async fn token_of(app: &TestApp, admin: &str, no: &str) -> String {
    let body = app
        .gql(
            admin,
            "mutation($e:ID!){ createAccount(input:{employeeId:$e, roles:[AGENT], password:\"long-enough-1\"}){ id } }",
            json!({"e": app.employee_id(no).await}),
        )
        .await;
    if body["errors"].is_null() {
        app.login(no, "long-enough-1").await
    } else {
        app.demo(no).await
    }
}

/// Staff of a team still in post, by 工号.
pub async fn in_post(app: &TestApp, hr: &str, unit: &str) -> Vec<String> {
    let body = app
        .gql(
            hr,
            "query($u:ID!){ employees(first: 100, filter:{orgUnitId:$u}){ edges { node { employeeNo status position } } } }",
            json!({"u": app.unit_id(unit).await}),
        )
        .await;
    let mut out: Vec<String> = data(&body, "employees")["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["status"] != "LEFT" && e["node"]["position"] == "话务员")
        .map(|e| e["node"]["employeeNo"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

/// Takes `no` all the way into `echelon`: HR nominates, assesses and submits; the nominee,
/// `superior` and `skip` agree in turn. Returns the nomination id.
pub async fn admit(
    app: &TestApp,
    hr: &str,
    nominee: &str,
    superior: &str,
    skip: &str,
    no: &str,
    echelon: &str,
) -> String {
    let (id, v) = nominate(app, hr, no, echelon).await;
    let v = assess(app, hr, &id, v).await;
    submit(app, hr, &id, v).await;
    for t in [nominee, superior, skip] {
        sign_ok(app, t, &id).await;
    }
    assert_eq!(get(app, hr, &id).await["status"], "ADMITTED");
    id
}

/// Audit events of `action` done by someone signed in (the demo's own records have no actor).
async fn audited(app: &TestApp, action: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}' AND actor_id IS NOT NULL"
        ),
    )
    .await
}

/// Current members of the pool, from the database.
async fn current_members(app: &TestApp) -> i64 {
    scalar(
        app,
        "SELECT COUNT(*) AS n FROM pool_members WHERE left_at IS NULL",
    )
    .await
}

const MY_TALENT: &str = "{ myTalent { membership { echelon employee { employeeNo } signOffs { role agree } } nominations { id status outcomeReason } history { kind fromEchelon toEchelon reason actor } } }";

on_both!(
    a_nomination_goes_all_the_way_in_order_and_refused_steps_write_nothing,
    |db| {
        let app = TestApp::with_demo(db).await;
        let agent = app.demo("E0001").await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;
        let hr = app.demo("H0001").await;
        let other = app.demo("T0001").await;
        let e1 = app.employee_id("E0001").await;
        // The demo has members elsewhere (成都); this project starts without any.
        let project = app.unit_id("SH-EC").await;
        let members_before = current_members(&app).await;

        // The agent applies themself.
        let body = app
            .gql(
                &agent,
                NOMINATE,
                json!({"e": e1, "k": "JUNIOR", "r": "我想成长为骨干 🚀"}),
            )
            .await;
        let n = data(&body, "nominate");
        assert_eq!(n["source"], "SELF_APPLICATION");
        assert_eq!(n["reason"], "我想成长为骨干 🚀", "text round-trips");
        assert_eq!(n["nominatedBy"]["employeeNo"], "E0001");
        let id = n["id"].as_str().unwrap().to_owned();
        let v1 = n["version"].as_i64().unwrap();
        assert_eq!(audited(&app, "nomination.created").await, 1);

        // A second open nomination to the same echelon, by anyone, is a conflict.
        refused(
            &app,
            &leader,
            NOMINATE,
            json!({"e": e1, "k": "JUNIOR", "r": "再提一次"}),
            "CONFLICT",
        )
        .await;
        refused(
            &app,
            &agent,
            NOMINATE,
            json!({"e": e1, "k": "JUNIOR", "r": "再提一次"}),
            "CONFLICT",
        )
        .await;
        // Nobody signs while it is assessed, not even the nominee.
        refused(&app, &agent, SIGN, json!({"id": id, "a": true}), "CONFLICT").await;
        // An agent neither assesses nor submits; the nominee never does.
        refused(&app, &agent, ASSESS, assessment(&id, v1), "FORBIDDEN").await;
        // Submitting without the assessment names the first missing mark.
        let body = refused(
            &app,
            &leader,
            SUBMIT,
            json!({"id": id, "v": v1}),
            "BAD_USER_INPUT",
        )
        .await;
        assert_eq!(error_field(&body).as_deref(), Some("ability"), "{body}");
        // Nor does a team leader assess or submit their own application.
        let (own, own_v) = nominate(&app, &leader, "L0001", "MANAGEMENT").await;
        refused(&app, &leader, ASSESS, assessment(&own, own_v), "FORBIDDEN").await;
        refused(
            &app,
            &leader,
            SUBMIT,
            json!({"id": own, "v": own_v}),
            "FORBIDDEN",
        )
        .await;
        // A stale version.
        refused(&app, &leader, ASSESS, assessment(&id, v1 + 5), "CONFLICT").await;

        let body = app.gql(&leader, ASSESS, assessment(&id, v1)).await;
        let a = data(&body, "assessNomination");
        assert_eq!(a["abilityScore"], 85.5);
        assert_eq!(a["potentialScore"], 90.0);
        assert_eq!(a["examScore"], 88.0);
        assert_eq!(
            (a["abilityBand"].as_str(), a["potentialBand"].as_str()),
            (Some("HIGH"), Some("HIGH"))
        );
        let v2 = a["version"].as_i64().unwrap();
        assert_eq!(v2, v1 + 1);
        refused(
            &app,
            &leader,
            SUBMIT,
            json!({"id": id, "v": v1}),
            "CONFLICT",
        )
        .await;

        let s = submit(&app, &leader, &id, v2).await;
        assert_eq!(s["status"], "SIGNING_OFF");
        let chain: Vec<(String, String, bool)> = s["signOffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| {
                (
                    st["role"].as_str().unwrap().to_owned(),
                    st["signer"]["employeeNo"].as_str().unwrap().to_owned(),
                    st["isCurrent"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            chain,
            vec![
                ("SELF".into(), "E0001".into(), true),
                ("SUPERIOR".into(), "L0001".into(), false),
                ("SKIP_LEVEL".into(), "M0001".into(), false),
            ]
        );
        let v3 = s["version"].as_i64().unwrap();
        // Once submitted, the assessment is closed and so is a second submission.
        refused(&app, &leader, ASSESS, assessment(&id, v3), "CONFLICT").await;
        refused(
            &app,
            &leader,
            SUBMIT,
            json!({"id": id, "v": v3}),
            "CONFLICT",
        )
        .await;

        // Out of turn, not a signer, and a disagreement without a reason.
        refused(
            &app,
            &leader,
            SIGN,
            json!({"id": id, "a": true}),
            "CONFLICT",
        )
        .await;
        refused(
            &app,
            &manager,
            SIGN,
            json!({"id": id, "a": true}),
            "CONFLICT",
        )
        .await;
        refused(&app, &hr, SIGN, json!({"id": id, "a": true}), "FORBIDDEN").await;
        refused(
            &app,
            &other,
            SIGN,
            json!({"id": id, "a": true}),
            "FORBIDDEN",
        )
        .await;
        refused_field(&app, &agent, SIGN, json!({"id": id, "a": false}), "comment").await;
        refused_field(
            &app,
            &agent,
            SIGN,
            json!({"id": id, "a": false, "c": "   "}),
            "comment",
        )
        .await;

        let signed = sign_ok(&app, &agent, &id).await;
        assert_eq!(signed["status"], "SIGNING_OFF");
        assert_eq!(signed["signOffs"][0]["agree"], true);
        assert_eq!(signed["signOffs"][1]["isCurrent"], true);
        // Nobody signs twice, and the skip-level waits for the superior.
        refused(&app, &agent, SIGN, json!({"id": id, "a": true}), "CONFLICT").await;
        refused(
            &app,
            &manager,
            SIGN,
            json!({"id": id, "a": true}),
            "CONFLICT",
        )
        .await;
        sign_ok(&app, &leader, &id).await;
        refused(
            &app,
            &leader,
            SIGN,
            json!({"id": id, "a": true}),
            "CONFLICT",
        )
        .await;
        let done = sign_ok(&app, &manager, &id).await;
        assert_eq!(done["status"], "ADMITTED", "{done}");
        assert!(done["decidedAt"].is_string(), "{done}");
        refused(
            &app,
            &manager,
            SIGN,
            json!({"id": id, "a": true}),
            "CONFLICT",
        )
        .await;
        refused(
            &app,
            &agent,
            WITHDRAW,
            json!({"id": id, "v": done["version"]}),
            "CONFLICT",
        )
        .await;
        assert_eq!(audited(&app, "nomination.signed").await, 3);
        assert_eq!(audited(&app, "pool.entered").await, 1);

        // A member now: in the pool, on their own page and in their history.
        let pool = app
        .gql(&hr, "query($u:ID!){ talentPool(first: 10, orgUnitId:$u){ totalCount edges { node { echelon employee { employeeNo } signOffs { role agree signer { employeeNo } } } } } }", json!({"u": project}))
        .await;
        let pool = data(&pool, "talentPool");
        assert_eq!(pool["totalCount"], 1, "{pool}");
        let m = &pool["edges"][0]["node"];
        assert_eq!(m["echelon"], "JUNIOR");
        assert_eq!(m["employee"]["employeeNo"], "E0001");
        assert_eq!(m["signOffs"].as_array().unwrap().len(), 3);
        assert!(
            m["signOffs"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["agree"] == true),
            "{m}"
        );
        // Every field of the steps, as the pool page reads them with its rows (edges and
        // nodes), as the member's own page reads them (one by one) and as the nomination shows
        // them: the same three steps, signers' cards and all.
        const STEP: &str =
            "step role signer { id employeeNo name position } inPlaceOf agree comment signedAt isCurrent";
        let pool = app
            .gql(
                &hr,
                &format!("query($u:ID!){{ talentPool(first: 10, orgUnitId:$u){{ edges {{ node {{ signOffs {{ {STEP} }} }} }} nodes {{ signOffs {{ {STEP} }} }} }} }}"),
                json!({"u": project}),
            )
            .await;
        let pool = data(&pool, "talentPool");
        let by_edge = &pool["edges"][0]["node"]["signOffs"];
        let mine = app
            .gql(
                &agent,
                &format!("{{ myTalent {{ membership {{ signOffs {{ {STEP} }} }} }} }}"),
                json!({}),
            )
            .await;
        let nomination = app
            .gql(
                &hr,
                &format!("query($id:ID!){{ nomination(id:$id){{ signOffs {{ {STEP} }} }} }}"),
                json!({"id": id}),
            )
            .await;
        let steps = &data(&nomination, "nomination")["signOffs"];
        assert_eq!(steps.as_array().map(Vec::len), Some(3), "{steps}");
        assert_eq!(
            steps[1]["signer"]["employeeNo"], "L0001",
            "the superior's card: {steps}"
        );
        assert!(
            steps[1]["signer"]["id"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{steps}"
        );
        assert!(
            steps
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["isCurrent"] == false && s["signedAt"].is_string()),
            "{steps}"
        );
        assert_eq!(by_edge, steps, "pool page by edges");
        assert_eq!(&pool["nodes"][0]["signOffs"], steps, "pool page by nodes");
        assert_eq!(
            &data(&mine, "myTalent")["membership"]["signOffs"],
            steps,
            "the member's own page"
        );
        let mine = app.gql(&agent, MY_TALENT, json!({})).await;
        let mine = data(&mine, "myTalent");
        assert_eq!(mine["membership"]["echelon"], "JUNIOR", "{mine}");
        assert_eq!(mine["nominations"][0]["status"], "ADMITTED");
        assert_eq!(mine["history"].as_array().unwrap().len(), 1, "{mine}");
        assert_eq!(mine["history"][0]["kind"], "ENTERED");
        assert_eq!(mine["history"][0]["toEchelon"], "JUNIOR");
        assert!(mine["history"][0]["fromEchelon"].is_null());

        // Already in the junior echelon: nominating them there again is a conflict.
        refused(
            &app,
            &leader,
            NOMINATE,
            json!({"e": e1, "k": "JUNIOR", "r": "再提一次"}),
            "CONFLICT",
        )
        .await;

        // HR nominates them to the key-staff echelon: admission moves them.
        let (id2, v) = nominate(&app, &hr, "E0001", "KEY_STAFF").await;
        assert_eq!(get(&app, &hr, &id2).await["status"], "ASSESSING");
        let n2 = app
            .gql(
                &hr,
                "query($id:ID!){ nomination(id:$id){ source } }",
                json!({"id": id2}),
            )
            .await;
        assert_eq!(data(&n2, "nomination")["source"], "HR");
        let v = assess(&app, &hr, &id2, v).await;
        submit(&app, &hr, &id2, v).await;
        for t in [&agent, &leader, &manager] {
            sign_ok(&app, t, &id2).await;
        }
        assert_eq!(audited(&app, "pool.moved").await, 1);
        assert_eq!(
            current_members(&app).await,
            members_before + 1,
            "one current membership"
        );
        let history = app
            .gql(
                &leader,
                "query($id:ID!){ employee(id:$id){ poolHistory { kind fromEchelon toEchelon } } }",
                json!({"id": e1}),
            )
            .await;
        let history = data(&history, "employee")["poolHistory"].clone();
        assert_eq!(
            history,
            json!([
                {"kind": "ENTERED", "fromEchelon": null, "toEchelon": "JUNIOR"},
                {"kind": "MOVED", "fromEchelon": "JUNIOR", "toEchelon": "KEY_STAFF"},
            ])
        );

        // Only HR takes people out, with a reason; then they are out, and a second removal conflicts.
        refused(
            &app,
            &leader,
            REMOVE,
            json!({"e": e1, "r": "调岗"}),
            "FORBIDDEN",
        )
        .await;
        refused_field(&app, &hr, REMOVE, json!({"e": e1, "r": " "}), "reason").await;
        let removed = app
            .gql(&hr, REMOVE, json!({"e": e1, "r": "调岗至质检"}))
            .await;
        assert_eq!(data(&removed, "removeFromPool"), &json!(true));
        refused(
            &app,
            &hr,
            REMOVE,
            json!({"e": e1, "r": "调岗至质检"}),
            "CONFLICT",
        )
        .await;
        assert_eq!(audited(&app, "pool.left").await, 1);
        let mine = app.gql(&agent, MY_TALENT, json!({})).await;
        let mine = data(&mine, "myTalent");
        assert!(mine["membership"].is_null(), "{mine}");
        let kinds: Vec<&str> = mine["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["ENTERED", "MOVED", "LEFT"]);
        assert_eq!(mine["history"][2]["reason"], "调岗至质检");
        assert_eq!(mine["history"][2]["fromEchelon"], "KEY_STAFF");
        let pool = app
            .gql(
                &hr,
                "query($u:ID!){ talentPool(first: 10, orgUnitId:$u){ totalCount } }",
                json!({"u": project}),
            )
            .await;
        assert_eq!(data(&pool, "talentPool")["totalCount"], 0);
        assert_eq!(current_members(&app).await, members_before);
    }
);

on_both!(a_disagreement_rejects_and_the_nominee_reads_why, |db| {
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let leader = app.demo("L0001").await;
    let manager = app.demo("M0001").await;
    let members_before = app.count("pool_members").await;
    // A team leader nominates one of their team.
    let (id, v) = nominate(&app, &leader, "E0001", "KEY_STAFF").await;
    let n = app
        .gql(
            &agent,
            "query($id:ID!){ nomination(id:$id){ source nominatedBy { employeeNo } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(data(&n, "nomination")["source"], "SUPERIOR");
    let v = assess(&app, &leader, &id, v).await;
    submit(&app, &leader, &id, v).await;
    sign_ok(&app, &agent, &id).await;
    let long = "理".repeat(2001);
    refused_field(
        &app,
        &leader,
        SIGN,
        json!({"id": id, "a": false, "c": long}),
        "comment",
    )
    .await;
    let before = app.count("audit_events").await;
    let body = sign(&app, &leader, &id, false, Some("还需要一个季度的历练")).await;
    let r = data(&body, "signNomination");
    assert_eq!(r["status"], "REJECTED");
    assert_eq!(r["outcomeReason"], "还需要一个季度的历练");
    assert_eq!(r["signOffs"][1]["agree"], false);
    assert_eq!(r["signOffs"][1]["comment"], "还需要一个季度的历练");
    assert!(
        r["signOffs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["isCurrent"] == false),
        "{r}"
    );
    assert_eq!(app.count("audit_events").await, before + 1);
    // The nominee reads why, on the nomination and on their own page.
    let seen = get(&app, &agent, &id).await;
    assert_eq!(seen["outcomeReason"], "还需要一个季度的历练");
    let mine = app.gql(&agent, MY_TALENT, json!({})).await;
    let mine = data(&mine, "myTalent");
    assert_eq!(mine["nominations"][0]["status"], "REJECTED");
    assert_eq!(
        mine["nominations"][0]["outcomeReason"],
        "还需要一个季度的历练"
    );
    assert!(mine["membership"].is_null());
    assert_eq!(app.count("pool_members").await, members_before);
    // Decided: the skip-level has nothing to sign, nobody withdraws it.
    refused(
        &app,
        &manager,
        SIGN,
        json!({"id": id, "a": true}),
        "CONFLICT",
    )
    .await;
    refused(
        &app,
        &leader,
        WITHDRAW,
        json!({"id": id, "v": seen["version"]}),
        "CONFLICT",
    )
    .await;
    // A rejected nomination is closed, so they may be nominated again.
    nominate(&app, &leader, "E0001", "KEY_STAFF").await;
});

on_both!(a_withdrawn_nomination_takes_no_signature, |db| {
    let app = TestApp::with_demo(db).await;
    let agent = app.demo("E0001").await;
    let leader = app.demo("L0001").await;
    let manager = app.demo("M0001").await;
    let hr = app.demo("H0001").await;
    let admin = app.demo("A0001").await;
    let e1 = app.employee_id("E0001").await;
    let (id, v) = nominate(&app, &manager, "E0001", "MANAGEMENT").await;
    // Other echelons are other nominations.
    nominate(&app, &agent, "E0001", "JUNIOR").await;
    refused(
        &app,
        &hr,
        NOMINATE,
        json!({"e": e1, "k": "MANAGEMENT", "r": "人资提名"}),
        "CONFLICT",
    )
    .await;
    let v = assess(&app, &manager, &id, v).await;
    let s = submit(&app, &manager, &id, v).await;
    let v = s["version"].as_i64().unwrap();
    // Someone from another team cannot withdraw it (nor learn it exists).
    let other = token_of(&app, &admin, "L0004").await;
    refused(
        &app,
        &other,
        WITHDRAW,
        json!({"id": id, "v": v}),
        "FORBIDDEN",
    )
    .await;
    refused(
        &app,
        &agent,
        WITHDRAW,
        json!({"id": id, "v": v - 1}),
        "CONFLICT",
    )
    .await;
    refused_field(
        &app,
        &agent,
        WITHDRAW,
        json!({"id": id, "v": v, "r": "a\u{0}b"}),
        "reason",
    )
    .await;
    // The nominee withdraws while it is signed off.
    let body = app
        .gql(
            &agent,
            WITHDRAW,
            json!({"id": id, "v": v, "r": "家庭原因,暂不参加"}),
        )
        .await;
    let w = data(&body, "withdrawNomination");
    assert_eq!(w["status"], "WITHDRAWN");
    assert_eq!(w["outcomeReason"], "家庭原因,暂不参加");
    refused(&app, &agent, SIGN, json!({"id": id, "a": true}), "CONFLICT").await;
    refused(
        &app,
        &leader,
        SIGN,
        json!({"id": id, "a": true}),
        "CONFLICT",
    )
    .await;
    refused(
        &app,
        &agent,
        WITHDRAW,
        json!({"id": id, "v": w["version"]}),
        "CONFLICT",
    )
    .await;
    // Withdrawn is closed: the management echelon is open to a new nomination.
    nominate(&app, &hr, "E0001", "MANAGEMENT").await;
    let open = app
        .gql(&hr, "query($e:ID!){ nominations(first: 10, filter:{employeeId:$e, openOnly:true}){ totalCount edges { node { echelon source } } } }", json!({"e": e1}))
        .await;
    assert_eq!(data(&open, "nominations")["totalCount"], 2, "{open}");
});

on_both!(
    the_signers_are_fixed_when_the_nomination_is_submitted,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let admin = app.demo("A0001").await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;
        let agent = app.demo("E0001").await;
        let (id, v) = nominate(&app, &leader, "E0001", "JUNIOR").await;
        let v = assess(&app, &leader, &id, v).await;
        submit(&app, &leader, &id, v).await;
        // HR moves the nominee under another team leader afterwards.
        let e1 = app.employee_id("E0001").await;
        let cur = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": e1}),
            )
            .await;
        let moved = app
        .gql(&hr, "mutation($id:ID!,$v:Int!,$s:ID!){ updateEmployee(input:{id:$id, expectedVersion:$v, superiorId:$s}){ superior { employeeNo } } }",
            json!({"id": e1, "v": data(&cur, "employee")["version"], "s": app.employee_id("L0002").await}))
        .await;
        assert_eq!(
            data(&moved, "updateEmployee")["superior"]["employeeNo"],
            "L0002"
        );
        let n = get(&app, &hr, &id).await;
        let signers: Vec<&str> = n["signOffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["signer"]["employeeNo"].as_str().unwrap())
            .collect();
        assert_eq!(signers, ["E0001", "L0001", "M0001"]);
        sign_ok(&app, &agent, &id).await;
        let l2 = token_of(&app, &admin, "L0002").await;
        refused(&app, &l2, SIGN, json!({"id": id, "a": true}), "FORBIDDEN").await;
        sign_ok(&app, &leader, &id).await;
        assert_eq!(sign_ok(&app, &manager, &id).await["status"], "ADMITTED");
    }
);

on_both!(a_vacant_level_goes_to_the_next_one_up, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let e1 = app.employee_id("E0001").await;
    let l1 = app.employee_id("L0001").await;
    // The team leader leaves; the agent's record still names them as superior.
    let cur = app
        .gql(
            &hr,
            "query($id:ID!){ employee(id:$id){ version } }",
            json!({"id": l1}),
        )
        .await;
    let left = app
        .gql(&hr, "mutation($id:ID!,$v:Int!){ updateEmployee(input:{id:$id, expectedVersion:$v, status: LEFT}){ status } }",
            json!({"id": l1, "v": data(&cur, "employee")["version"]}))
        .await;
    assert_eq!(data(&left, "updateEmployee")["status"], "LEFT");
    let (id, v) = nominate(&app, &hr, "E0001", "JUNIOR").await;
    let v = assess(&app, &hr, &id, v).await;
    let s = submit(&app, &hr, &id, v).await;
    let steps = s["signOffs"].as_array().unwrap();
    assert_eq!(steps.len(), 3, "{s}");
    assert_eq!(steps[0]["signer"]["id"], e1.as_str());
    assert_eq!(steps[0]["inPlaceOf"], json!([]));
    assert_eq!(steps[1]["role"], "SUPERIOR");
    assert_eq!(steps[1]["signer"]["employeeNo"], "M0001", "{s}");
    assert_eq!(steps[1]["inPlaceOf"], json!([l1]), "{s}");
    assert_eq!(steps[2]["role"], "SKIP_LEVEL");
    assert_eq!(steps[2]["signer"]["employeeNo"], "S0001", "{s}");
    assert_eq!(steps[2]["inPlaceOf"], json!([]), "{s}");
    // The manager signs the superior's step.
    let agent = app.demo("E0001").await;
    let manager = app.demo("M0001").await;
    sign_ok(&app, &agent, &id).await;
    let after = sign_ok(&app, &manager, &id).await;
    assert_eq!(after["signOffs"][1]["agree"], true);
    assert_eq!(after["signOffs"][2]["isCurrent"], true);
});

const STANDARD: &str = "mutation($i:EchelonStandardInput!){ updateEchelonStandard(input:$i){ echelon minTenureMonths minExamScore minGrade minQualityScore minCallVolumeIndex version } }";

on_both!(bad_input_is_refused_before_any_write, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let leader = app.demo("L0001").await;
    let e2 = app.employee_id("E0002").await;
    let (id, v) = nominate(&app, &leader, "E0002", "JUNIOR").await;
    for (field, value) in [
        ("ability", json!(101)),
        ("potential", json!(-1)),
        ("exam", json!(85.25)),
        ("ability", json!(100.01)),
    ] {
        let mut vars = assessment(&id, v);
        vars["i"][field] = value;
        refused_field(&app, &leader, ASSESS, vars, field).await;
    }
    let mut vars = assessment(&id, v);
    vars["i"]["comment"] = json!("评".repeat(2001));
    refused_field(&app, &leader, ASSESS, vars, "comment").await;
    // Boundaries pass: 0, 100 and one decimal.
    let mut vars = assessment(&id, v);
    vars["i"]["ability"] = json!(100);
    vars["i"]["potential"] = json!(0);
    vars["i"]["exam"] = json!(59.9);
    let a = app.gql(&leader, ASSESS, vars).await;
    let a = data(&a, "assessNomination");
    assert_eq!(
        (
            a["abilityScore"].as_f64(),
            a["potentialScore"].as_f64(),
            a["examScore"].as_f64()
        ),
        (Some(100.0), Some(0.0), Some(59.9))
    );

    // An echelon that does not exist fails validation before anything runs.
    let body = refused(
        &app,
        &hr,
        NOMINATE,
        json!({"e": e2, "k": "DIRECTOR", "r": "x"}),
        "BAD_USER_INPUT",
    )
    .await;
    assert!(body["data"].is_null(), "{body}");
    let inline = app
        .gql(
            &hr,
            "mutation($e:ID!){ nominate(employeeId:$e, echelon: DIRECTOR, reason:\"x\"){ id } }",
            json!({"e": e2}),
        )
        .await;
    assert!(
        !inline["errors"].is_null() && inline["data"].is_null(),
        "{inline}"
    );
    // Reasons: required, at most 2000 characters (CJK counted as characters), no NUL byte.
    refused_field(
        &app,
        &hr,
        NOMINATE,
        json!({"e": e2, "k": "KEY_STAFF", "r": "长".repeat(2001)}),
        "reason",
    )
    .await;
    refused_field(
        &app,
        &hr,
        NOMINATE,
        json!({"e": e2, "k": "KEY_STAFF", "r": "bad\u{0}byte"}),
        "reason",
    )
    .await;
    refused_field(
        &app,
        &hr,
        NOMINATE,
        json!({"e": e2, "k": "KEY_STAFF", "r": "   "}),
        "reason",
    )
    .await;
    refused_field(
        &app,
        &hr,
        WITHDRAW,
        json!({"id": id, "v": 2, "r": "撤".repeat(2001)}),
        "reason",
    )
    .await;
    refused_field(
        &app,
        &hr,
        REMOVE,
        json!({"e": e2, "r": "退".repeat(2001)}),
        "reason",
    )
    .await;
    let full = "长".repeat(2000);
    let ok = app
        .gql(&hr, NOMINATE, json!({"e": e2, "k": "KEY_STAFF", "r": full}))
        .await;
    assert_eq!(
        data(&ok, "nominate")["reason"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        2000
    );

    // Standards: each criterion in its range.
    let std = app
        .gql(&hr, "{ echelonStandards { echelon version } }", json!({}))
        .await;
    let v = data(&std, "echelonStandards")[2]["version"]
        .as_i64()
        .unwrap();
    for (field, value) in [
        ("minTenureMonths", json!(601)),
        ("minTenureMonths", json!(-1)),
        ("minExamScore", json!(100.5)),
        ("minExamScore", json!(85.25)),
        ("minQualityScore", json!(-0.1)),
        ("minCallVolumeIndex", json!(-5)),
        ("minCallVolumeIndex", json!(1e9)),
    ] {
        let mut i = json!({"echelon": "JUNIOR", "expectedVersion": v});
        i[field] = value;
        refused_field(&app, &hr, STANDARD, json!({"i": i}), field).await;
    }
    refused(
        &app,
        &hr,
        STANDARD,
        json!({"i": {"echelon": "JUNIOR", "expectedVersion": v, "minGrade": "S"}}),
        "BAD_USER_INPUT",
    )
    .await;
});

on_both!(
    standards_are_versioned_and_candidates_checked_against_them,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let leader = app.demo("L0001").await;
        let agent = app.demo("E0001").await;
        let std = app
            .gql(
                &agent,
                "{ echelonStandards { echelon version minExamScore } }",
                json!({}),
            )
            .await;
        let list = data(&std, "echelonStandards");
        let order: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["echelon"].as_str().unwrap())
            .collect();
        assert_eq!(order, ["MANAGEMENT", "KEY_STAFF", "JUNIOR"]);
        let v = list[2]["version"].as_i64().unwrap();
        let input = json!({"i": {"echelon": "JUNIOR", "expectedVersion": v, "minTenureMonths": 0, "minExamScore": 80.5, "minGrade": "B_PLUS", "minQualityScore": 90}});
        refused(&app, &leader, STANDARD, input.clone(), "FORBIDDEN").await;
        let body = app.gql(&hr, STANDARD, input.clone()).await;
        let s = data(&body, "updateEchelonStandard");
        assert_eq!(s["version"], v + 1);
        assert_eq!(s["minExamScore"], 80.5);
        assert_eq!(s["minGrade"], "B_PLUS");
        assert_eq!(audited(&app, "echelon_standard.updated").await, 1);
        refused(&app, &hr, STANDARD, input, "CONFLICT").await;

        let check = "query($e:ID!,$x:Float){ standardCheck(employeeId:$e, echelon: JUNIOR, examScore:$x){ criterion required actual passed } }";
        let e1 = app.employee_id("E0001").await;
        let pass = app.gql(&leader, check, json!({"e": e1, "x": 85})).await;
        let pass = data(&pass, "standardCheck").as_array().unwrap().clone();
        let exam = pass
            .iter()
            .find(|c| c["criterion"] == "EXAM_SCORE")
            .unwrap();
        assert_eq!(
            (
                exam["required"].as_str(),
                exam["actual"].as_str(),
                exam["passed"].as_bool()
            ),
            (Some("80.5"), Some("85"), Some(true))
        );
        let tenure = pass.iter().find(|c| c["criterion"] == "TENURE").unwrap();
        assert_eq!(tenure["passed"], true, "{tenure}");
        let grade = pass
            .iter()
            .find(|c| c["criterion"] == "COMPETENCY_GRADE")
            .unwrap();
        assert_eq!(
            (grade["actual"].is_null(), grade["passed"].as_bool()),
            (true, Some(false)),
            "no grade recorded yet"
        );
        let fail = app.gql(&leader, check, json!({"e": e1, "x": 80.4})).await;
        let exam = data(&fail, "standardCheck")
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["criterion"] == "EXAM_SCORE")
            .unwrap()
            .clone();
        assert_eq!(exam["passed"], false);
        let bad = app.gql(&leader, check, json!({"e": e1, "x": 101})).await;
        assert_eq!(error_field(&bad).as_deref(), Some("examScore"), "{bad}");
    }
);

on_both!(the_overview_counts_members_candidates_and_the_grid, |db| {
    let app = TestApp::with_demo(db).await;
    let hr = app.demo("H0001").await;
    let leader = app.demo("L0001").await;
    let manager = app.demo("M0001").await;
    let agent = app.demo("E0001").await;
    admit(&app, &hr, &agent, &leader, &manager, "E0001", "JUNIOR").await;
    let staff = in_post(&app, &hr, "SH-EC-T1").await;
    let others: Vec<&String> = staff
        .iter()
        .filter(|n| n.as_str() != "E0001")
        .take(3)
        .collect();
    // Two assessed candidates: (85.5, 90) is high/high; one assessed low/mid; one not assessed.
    let (a, v) = nominate(&app, &leader, others[0], "KEY_STAFF").await;
    assess(&app, &leader, &a, v).await;
    let (b, v) = nominate(&app, &leader, others[1], "KEY_STAFF").await;
    let mut vars = assessment(&b, v);
    vars["i"]["ability"] = json!(59.9);
    vars["i"]["potential"] = json!(60);
    data(&app.gql(&leader, ASSESS, vars).await, "assessNomination");
    nominate(&app, &leader, others[2], "MANAGEMENT").await;
    // Within the team: the demo's own members and candidates are elsewhere.
    let q = "query($k:Echelon,$u:ID){ poolOverview(echelon:$k, orgUnitId:$u){ echelons { echelon members candidates } grid { ability potential count } } }";
    let team = app.unit_id("SH-EC-T1").await;
    let body = app.gql(&hr, q, json!({"u": team})).await;
    let o = data(&body, "poolOverview");
    assert_eq!(
        o["echelons"],
        json!([
            {"echelon": "MANAGEMENT", "members": 0, "candidates": 1},
            {"echelon": "KEY_STAFF", "members": 0, "candidates": 2},
            {"echelon": "JUNIOR", "members": 1, "candidates": 0},
        ])
    );
    let grid = o["grid"].as_array().unwrap();
    assert_eq!(grid.len(), 9);
    let cell = |g: &[Value], a: &str, p: &str| {
        g.iter()
            .find(|c| c["ability"] == a && c["potential"] == p)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(cell(grid, "HIGH", "HIGH"), 1);
    assert_eq!(cell(grid, "LOW", "MID"), 1);
    assert_eq!(
        grid.iter()
            .map(|c| c["count"].as_i64().unwrap())
            .sum::<i64>(),
        2
    );
    let only = app.gql(&hr, q, json!({"k": "MANAGEMENT", "u": team})).await;
    // The cards follow the echelon chosen, as the grid does.
    assert_eq!(
        data(&only, "poolOverview")["echelons"],
        json!([{"echelon": "MANAGEMENT", "members": 0, "candidates": 1}]),
        "{only}"
    );
    let only_junior = app.gql(&hr, q, json!({"k": "JUNIOR", "u": team})).await;
    assert_eq!(
        data(&only_junior, "poolOverview")["echelons"],
        json!([{"echelon": "JUNIOR", "members": 1, "candidates": 0}]),
        "{only_junior}"
    );
    let g = data(&only, "poolOverview")["grid"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        g.iter().map(|c| c["count"].as_i64().unwrap()).sum::<i64>(),
        0
    );
    // The agent sees only themself.
    let own = app.gql(&agent, q, json!({})).await;
    let o = data(&own, "poolOverview");
    let total: i64 = o["echelons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["members"].as_i64().unwrap() + e["candidates"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 1, "{o}");
});

/// The statements a query cost (the server counts them per request) and its answer.
pub async fn statements(app: &TestApp, token: &str, q: &str) -> (u32, Value) {
    let res = app
        .client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .json(&json!({"query": q}))
        .send()
        .await
        .unwrap();
    let n: u32 = res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (n, res.json().await.unwrap())
}

on_both!(
    a_pool_page_costs_three_statements_for_one_member_or_thirty,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let admin = app.demo("A0001").await;
        let manager = app.demo("M0001").await;
        let leaders = [
            app.demo("L0001").await,
            token_of(&app, &admin, "L0002").await,
        ];
        let q = "{ talentPool(first: 50){ edges { node { echelon employee { employeeNo name orgUnit { name } } signOffs { role agree signedAt signer { name } } } } } }";
        // The demo's members leave first, so the pool holds exactly 1, then 30.
        let seeded = app
            .gql(
                &hr,
                "{ talentPool(first: 100){ edges { node { employee { id } } } } }",
                json!({}),
            )
            .await;
        for e in data(&seeded, "talentPool")["edges"].as_array().unwrap() {
            let r = app
                .gql(
                    &hr,
                    REMOVE,
                    json!({"e": e["node"]["employee"]["id"], "r": "重新选拔"}),
                )
                .await;
            data(&r, "removeFromPool");
        }
        assert_eq!(current_members(&app).await, 0);
        // What every request costs before it reaches the pool: signing the caller in.
        let (auth, _) = statements(&app, &hr, "{ __typename }").await;
        let mut people = Vec::new();
        for (team, leader) in ["SH-EC-T1", "SH-EC-T2"].into_iter().zip(&leaders) {
            for no in in_post(&app, &hr, team).await.into_iter().take(15) {
                people.push((no, leader));
            }
        }
        assert_eq!(people.len(), 30);
        let mut counts = Vec::new();
        for (i, (no, leader)) in people.iter().enumerate() {
            let nominee = token_of(&app, &admin, no).await;
            admit(
                &app,
                &hr,
                &nominee,
                leader,
                &manager,
                no,
                ["JUNIOR", "KEY_STAFF", "MANAGEMENT"][i % 3],
            )
            .await;
            if i == 0 || i == 29 {
                let (n, body) = statements(&app, &hr, q).await;
                let edges = data(&body, "talentPool")["edges"]
                    .as_array()
                    .unwrap()
                    .clone();
                assert_eq!(edges.len(), i + 1, "{body}");
                for e in &edges {
                    let steps = e["node"]["signOffs"].as_array().unwrap();
                    assert_eq!(steps.len(), 3, "{e}");
                    assert!(
                        steps.iter().all(|s| s["agree"] == true
                            && s["signer"]["name"].is_string()
                            && s["signedAt"].is_string()),
                        "{e}"
                    );
                    assert!(e["node"]["employee"]["orgUnit"]["name"].is_string(), "{e}");
                }
                counts.push(n);
            }
        }
        assert_eq!(
            counts[0], counts[1],
            "statements must not grow with the pool: {counts:?}"
        );
        assert!(counts[1] <= auth + 3, "{counts:?} with {auth} to sign in");
        // The page's `nodes` read their steps with the page too.
        let (n, body) = statements(
            &app,
            &hr,
            "{ talentPool(first: 50){ nodes { echelon signOffs { role signer { name } } } } }",
        )
        .await;
        let nodes = data(&body, "talentPool")["nodes"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(nodes.len(), 30, "{body}");
        assert!(
            nodes
                .iter()
                .all(|m| m["signOffs"].as_array().map(Vec::len) == Some(3)),
            "{body}"
        );
        assert_eq!(n, counts[1], "by nodes as by edges");
    }
);

on_both!(
    of_many_signing_the_same_step_at_once_exactly_one_wins,
    |db| {
        let app = std::sync::Arc::new(TestApp::with_demo(db).await);
        let hr = app.demo("H0001").await;
        let agent = app.demo("E0001").await;
        let leader = app.demo("L0001").await;
        let manager = app.demo("M0001").await;
        let (id, v) = nominate(&app, &hr, "E0001", "JUNIOR").await;
        let v = assess(&app, &hr, &id, v).await;
        submit(&app, &hr, &id, v).await;
        let signed_before = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM sign_offs WHERE agree IS NOT NULL",
        )
        .await;
        let (members, events) = (
            app.count("pool_members").await,
            app.count("pool_events").await,
        );
        // The nominee's step and, later, the last step (which admits) are each raced 16 times.
        for (token, step) in [(&agent, 0), (&leader, 1), (&manager, 2)] {
            let before = audited(&app, "nomination.signed").await;
            let tasks: Vec<_> = (0..16)
                .map(|_| {
                    let (app, token, id) = (app.clone(), token.clone(), id.clone());
                    tokio::spawn(async move { sign(&app, &token, &id, true, None).await })
                })
                .collect();
            let mut wins = 0;
            for t in tasks {
                let body = t.await.unwrap();
                match error_code(&body).as_deref() {
                    None => wins += 1,
                    Some("CONFLICT") => {}
                    other => panic!("step {step}: {other:?} {body}"),
                }
            }
            assert_eq!(wins, 1, "step {step}");
            assert_eq!(audited(&app, "nomination.signed").await, before + 1);
            let signed = scalar(
                &app,
                "SELECT COUNT(*) AS n FROM sign_offs WHERE agree IS NOT NULL",
            )
            .await;
            assert_eq!(signed, signed_before + step + 1);
        }
        assert_eq!(get(&app, &hr, &id).await["status"], "ADMITTED");
        assert_eq!(app.count("pool_members").await, members + 1);
        assert_eq!(app.count("pool_events").await, events + 1);
        assert_eq!(audited(&app, "pool.entered").await, 1);
    }
);

on_both!(
    a_withdrawal_racing_a_signature_lets_exactly_one_through,
    |db| {
        let app = std::sync::Arc::new(TestApp::with_demo(db).await);
        let hr = app.demo("H0001").await;
        let admin = app.demo("A0001").await;
        let leader = app.demo("L0001").await;
        let staff = in_post(&app, &hr, "SH-EC-T1").await;
        let mut outcomes = Vec::new();
        for no in staff.iter().take(6) {
            let nominee = token_of(&app, &admin, no).await;
            let (id, v) = nominate(&app, &hr, no, "JUNIOR").await;
            let v = assess(&app, &hr, &id, v).await;
            submit(&app, &hr, &id, v).await;
            let signed = sign_ok(&app, &nominee, &id).await;
            let v = signed["version"].as_i64().unwrap();
            let before = fingerprint(&app).await;
            let w = {
                let (app, t, id) = (app.clone(), nominee.clone(), id.clone());
                tokio::spawn(async move {
                    app.gql(&t, WITHDRAW, json!({"id": id, "v": v, "r": "不参加了"}))
                        .await
                })
            };
            let s = {
                let (app, t, id) = (app.clone(), leader.clone(), id.clone());
                tokio::spawn(async move { sign(&app, &t, &id, true, None).await })
            };
            let (w, s) = (w.await.unwrap(), s.await.unwrap());
            let codes = (error_code(&w), error_code(&s));
            let status = get(&app, &hr, &id).await["status"]
                .as_str()
                .unwrap()
                .to_owned();
            match &codes {
                (None, Some(c)) if c == "CONFLICT" => assert_eq!(status, "WITHDRAWN"),
                (Some(c), None) if c == "CONFLICT" => assert_eq!(status, "SIGNING_OFF"),
                _ => panic!("exactly one must win: {w} {s}"),
            }
            // One step's worth of writes: one audit event, one version.
            let after = fingerprint(&app).await;
            assert_eq!(after[0], before[0] + 1, "{w} {s}");
            assert_eq!(after[2], before[2] + 1, "{w} {s}");
            outcomes.push(status);
        }
        assert_eq!(outcomes.len(), 6);
    }
);

on_both!(a_double_submitted_nomination_opens_once, |db| {
    let app = std::sync::Arc::new(TestApp::with_demo(db).await);
    let leader = app.demo("L0001").await;
    let e1 = app.employee_id("E0001").await;
    let before = app.count("nominations").await;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (app, t, e) = (app.clone(), leader.clone(), e1.clone());
            tokio::spawn(async move {
                app.gql(&t, NOMINATE, json!({"e": e, "k": "JUNIOR", "r": "推荐"}))
                    .await
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        let body = t.await.unwrap();
        match error_code(&body).as_deref() {
            None => wins += 1,
            Some("CONFLICT") => {}
            other => panic!("{other:?} {body}"),
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(app.count("nominations").await, before + 1);
    assert_eq!(audited(&app, "nomination.created").await, 1);
});

on_both!(
    a_page_of_nominations_with_their_checks_costs_the_same_for_five_or_twenty,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let mut nominees = in_post(&app, &hr, "SH-EC-T1").await;
        nominees.extend(in_post(&app, &hr, "SH-EC-T2").await);
        assert!(nominees.len() >= 20, "{nominees:?}");
        for (i, no) in nominees.iter().take(20).enumerate() {
            nominate(&app, &hr, no, ["JUNIOR", "KEY_STAFF", "MANAGEMENT"][i % 3]).await;
            if i % 2 == 0 {
                let body = app
                    .gql(
                        &hr,
                        "mutation($e:ID!){ recordCompetencyReview(employeeId:$e, period:\"2026-Q1\", grade: B_PLUS){ grade } }",
                        json!({"e": app.employee_id(no).await}),
                    )
                    .await;
                data(&body, "recordCompetencyReview");
            }
        }
        let page = |n: usize| {
            format!(
                "{{ nominations(first: {n}, filter: {{openOnly: true}}){{ edges {{ node {{ employee {{ employeeNo }} checks {{ criterion actual passed }} signOffs {{ role }} }} }} }} }}"
            )
        };
        let mut counts = Vec::new();
        for n in [5, 20] {
            let (statements, body) = statements(&app, &hr, &page(n)).await;
            let edges = data(&body, "nominations")["edges"].as_array().unwrap();
            assert_eq!(edges.len(), n, "{body}");
            for e in edges {
                let checks = e["node"]["checks"].as_array().unwrap();
                assert!(!checks.is_empty(), "{e}");
            }
            // The grade recorded for every other nominee shows in their checks.
            let graded = edges
                .iter()
                .filter(|e| {
                    e["node"]["checks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|c| c["criterion"] == "COMPETENCY_GRADE" && c["actual"] == "B+")
                })
                .count();
            assert!(graded > 0, "{body}");
            counts.push(statements);
        }
        assert_eq!(
            counts[0], counts[1],
            "statements must not grow with the page: {counts:?}"
        );
    }
);
