//! Leaving the company (离职): the person's sessions end at once, they cannot sign in again,
//! and they leave the talent pool with the reason recorded.
use super::*;

const UPDATE: &str = "mutation($id:ID!,$v:Int!,$s:EmployeeStatus){ updateEmployee(input:{id:$id, expectedVersion:$v, status:$s}){ status version } }";
const ME: &str = "{ me { employee { employeeNo } } }";

on_both!(
    a_person_who_leaves_loses_access_and_their_place_in_the_pool,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let agent = app.demo("E0001").await;
        let id = super::fixtures::pool_member(&app, "E0001", entity::Echelon::Junior).await;
        let me = app.gql(&agent, ME, json!({})).await;
        assert_eq!(me["data"]["me"]["employee"]["employeeNo"], "E0001", "{me}");

        let version = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": id}),
            )
            .await["data"]["employee"]["version"]
            .clone();
        let left = app
            .gql(&hr, UPDATE, json!({"id": id, "v": version, "s": "LEFT"}))
            .await;
        assert_eq!(left["data"]["updateEmployee"]["status"], "LEFT", "{left}");

        // The session they had is refused on its next request ...
        let (status, body) = app.post(ME, json!({}), Some(&agent)).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(error_code(&body).as_deref(), Some("UNAUTHENTICATED"));
        // ... and they cannot sign in again.
        let (_, login) = app
            .post(
                "mutation($l:String!,$p:String!){ login(login:$l, password:$p){ accessToken } }",
                json!({"l": "E0001", "p": DEMO_PASSWORD}),
                None,
            )
            .await;
        assert!(login["data"]["login"].is_null(), "{login}");
        assert!(error_code(&login).is_some(), "{login}");
        // Their account says so.
        let admin = app.demo("A0001").await;
        let account = app
            .gql(
                &admin,
                "query($id:ID!){ employee(id:$id){ account { active } } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(
            account["data"]["employee"]["account"]["active"], false,
            "{account}"
        );

        // They are out of the pool, with the reason in their history.
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let current = entity::pool_member::Entity::find()
            .filter(entity::pool_member::Column::EmployeeId.eq(super::fixtures::uuid_of(&id)))
            .filter(entity::pool_member::Column::LeftAt.is_null())
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(current, 0);
        let file = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ poolHistory { kind reason reasonZh reasonEn } } }",
                json!({"id": id}),
            )
            .await;
        assert!(file["errors"].is_null(), "{file}");
        let history = file["data"]["employee"]["poolHistory"].as_array().unwrap();
        let last = history.last().unwrap();
        assert_eq!(last["kind"], "LEFT", "{file}");
        // The reason is a code, said in each language.
        assert_eq!(last["reason"], "@left_company", "{file}");
        assert_eq!(last["reasonZh"], "员工离职", "{file}");
        assert_eq!(last["reasonEn"], "Left the company", "{file}");
    }
);

on_both!(
    a_person_who_leaves_outside_the_pool_just_loses_access,
    |db| {
        let app = TestApp::with_demo(db).await;
        let hr = app.demo("H0001").await;
        let agent = app.demo("T0001").await;
        let id = app.employee_id("T0001").await;
        let version = app
            .gql(
                &hr,
                "query($id:ID!){ employee(id:$id){ version } }",
                json!({"id": id}),
            )
            .await["data"]["employee"]["version"]
            .clone();
        let left = app
            .gql(&hr, UPDATE, json!({"id": id, "v": version, "s": "LEFT"}))
            .await;
        assert!(left["errors"].is_null(), "{left}");
        let (status, _) = app.post(ME, json!({}), Some(&agent)).await;
        assert_eq!(status, 401);
        // Coming back (an HR correction) does not bring the old session back.
        let version = left["data"]["updateEmployee"]["version"].clone();
        let back = app
            .gql(&hr, UPDATE, json!({"id": id, "v": version, "s": "REGULAR"}))
            .await;
        assert!(back["errors"].is_null(), "{back}");
        let (status, _) = app.post(ME, json!({}), Some(&agent)).await;
        assert_eq!(status, 401);
    }
);
