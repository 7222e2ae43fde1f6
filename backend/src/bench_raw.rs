//! Baselines for the benchmark suite: the same answers as two GraphQL queries, produced by
//! hand-written SQL and direct serialisation. They mark the near limit the GraphQL layer is
//! measured against, and are mounted only when `bench_endpoints` is on.
use actix_web::{web, HttpRequest, HttpResponse};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::json;
use uuid::Uuid;

use crate::state::{AppState, Worker};

fn sql(backend: DbBackend, postgres: &str) -> String {
    match backend {
        DbBackend::Postgres => postgres.to_owned(),
        _ => {
            // `$1`, `$2` … become `?` for SQLite.
            let mut out = String::with_capacity(postgres.len());
            let mut chars = postgres.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                    out.push('?');
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// The account behind the bearer token, while its session is live: its id and roles, from one
/// query.
async fn caller(bearer: Option<String>, app: &AppState) -> Option<(Uuid, String)> {
    let verified = app.keys.verify(&bearer?)?;
    let account_id = verified.account_id;
    let b = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            b,
            sql(
                b,
                "SELECT roles FROM accounts WHERE id = $1 AND active = $2 \
                 AND EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $3 AND revoked_at IS NULL)",
            ),
            [
                Value::from(account_id),
                Value::from(true),
                Value::from(verified.session_id),
            ],
        ))
        .await
        .ok()??;
    Some((account_id, row.try_get::<String>("", "roles").ok()?))
}

fn roles_json(stored: &str) -> Vec<serde_json::Value> {
    entity::parse_roles(stored)
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .collect()
}

/// Same JSON as `{ me { roles employee { employeeNo name orgUnit { name } } } }`.
pub async fn me(req: HttpRequest, worker: web::Data<Worker>) -> HttpResponse {
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = worker.for_request();
    let work = crate::db::counting(async move {
        let app = &state;
        // The caller's check and the answer in one statement, as the GraphQL side reads the
        // caller with their employee and unit.
        let verified = app.keys.verify(&bearer?)?;
        let b = app.db.get_database_backend();
        let row = app
            .db
            .query_one_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "SELECT a.roles, e.employee_no, e.name, u.name AS unit_name FROM accounts a \
                     JOIN employees e ON e.id = a.employee_id JOIN org_units u ON u.id = e.org_unit_id \
                     WHERE a.id = $1 AND a.active = $2 AND EXISTS (SELECT 1 FROM refresh_tokens \
                     WHERE family_id = $3 AND revoked_at IS NULL)",
                ),
                [
                    Value::from(verified.account_id),
                    Value::from(true),
                    Value::from(verified.session_id),
                ],
            ))
            .await
            .ok()??;
        Some(json!({ "data": { "me": {
            "roles": roles_json(&row.try_get::<String>("", "roles").ok()?),
            "employee": {
                "employeeNo": row.try_get::<String>("", "employee_no").ok()?,
                "name": row.try_get::<String>("", "name").ok()?,
                "orgUnit": { "name": row.try_get::<String>("", "unit_name").ok()? }
            }
        }}}))
    });
    match worker.serve(work).await {
        Ok((out, statements)) => respond(out, statements),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Same JSON as `{ employees(first: 50) { edges { node { employeeNo name position orgUnit
/// { name } } } } }` for a caller who sees everyone.
pub async fn employees(req: HttpRequest, worker: web::Data<Worker>) -> HttpResponse {
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = worker.for_request();
    let work = crate::db::counting(async move {
        let app = &state;
        let (_, roles) = caller(bearer, app).await?;
        let r = entity::parse_roles(&roles);
        if !r.contains(&entity::Role::Hr) && !r.contains(&entity::Role::Admin) {
            return None;
        }
        let b = app.db.get_database_backend();
        let rows = app
            .db
            .query_all_raw(Statement::from_string(
                b,
                "SELECT e.employee_no, e.name, e.position, u.name AS unit_name FROM employees e \
                 JOIN org_units u ON u.id = e.org_unit_id ORDER BY e.employee_no, e.id LIMIT 51",
            ))
            .await
            .ok()?;
        let mut edges = Vec::with_capacity(50);
        for row in rows.iter().take(50) {
            edges.push(json!({ "node": {
                "employeeNo": row.try_get::<String>("", "employee_no").ok()?,
                "name": row.try_get::<String>("", "name").ok()?,
                "position": row.try_get::<String>("", "position").ok()?,
                "orgUnit": { "name": row.try_get::<String>("", "unit_name").ok()? }
            }}));
        }
        Some(json!({ "data": { "employees": { "edges": edges } } }))
    });
    match worker.serve(work).await {
        Ok((out, statements)) => respond(out, statements),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Same JSON as `{ talentPool(first: 50) { edges { node { echelon employee { employeeNo name
/// orgUnit { name } } signOffs { role agree signer { name } } } } } }` for a caller who sees
/// everyone: two statements after the caller's.
pub async fn pool(req: HttpRequest, worker: web::Data<Worker>) -> HttpResponse {
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = worker.for_request();
    let work = crate::db::counting(async move {
        let app = &state;
        let (_, roles) = caller(bearer, app).await?;
        let r = entity::parse_roles(&roles);
        if !r.contains(&entity::Role::Hr) && !r.contains(&entity::Role::Admin) {
            return None;
        }
        let b = app.db.get_database_backend();
        let members = app
            .db
            .query_all_raw(Statement::from_string(
                b,
                "SELECT m.echelon, m.nomination_id, e.employee_no, e.name, u.name AS unit_name \
                 FROM pool_members m JOIN employees e ON e.id = m.employee_id \
                 JOIN org_units u ON u.id = e.org_unit_id \
                 WHERE m.left_at IS NULL ORDER BY m.id DESC LIMIT 51",
            ))
            .await
            .ok()?;
        let members: Vec<_> = members.into_iter().take(50).collect();
        let nominations: Vec<Uuid> = members
            .iter()
            .filter_map(|m| {
                m.try_get::<Option<Uuid>>("", "nomination_id")
                    .ok()
                    .flatten()
            })
            .collect();
        let mut steps: std::collections::HashMap<Uuid, Vec<serde_json::Value>> =
            std::collections::HashMap::new();
        if !nominations.is_empty() {
            let marks = (1..=nominations.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let rows = app
                .db
                .query_all_raw(Statement::from_sql_and_values(
                    b,
                    sql(
                        b,
                        &format!(
                            "SELECT s.nomination_id, s.role, s.agree, e.name FROM sign_offs s \
                             JOIN employees e ON e.id = s.signer_id \
                             WHERE s.nomination_id IN ({marks}) ORDER BY s.nomination_id, s.step"
                        ),
                    ),
                    nominations.iter().map(|n| Value::from(*n)),
                ))
                .await
                .ok()?;
            for row in rows {
                let role: String = row.try_get("", "role").ok()?;
                let role =
                    <entity::SignerRole as sea_orm::ActiveEnum>::try_from_value(&role).ok()?;
                steps
                    .entry(row.try_get("", "nomination_id").ok()?)
                    .or_default()
                    .push(json!({
                        "role": role,
                        "agree": row.try_get::<Option<bool>>("", "agree").ok()?,
                        "signer": { "name": row.try_get::<String>("", "name").ok()? }
                    }));
            }
        }
        let mut edges = Vec::with_capacity(members.len());
        for row in &members {
            let echelon: String = row.try_get("", "echelon").ok()?;
            let echelon =
                <entity::Echelon as sea_orm::ActiveEnum>::try_from_value(&echelon).ok()?;
            let chain = row
                .try_get::<Option<Uuid>>("", "nomination_id")
                .ok()
                .flatten()
                .and_then(|n| steps.get(&n).cloned())
                .unwrap_or_default();
            edges.push(json!({ "node": {
                "echelon": echelon,
                "employee": {
                    "employeeNo": row.try_get::<String>("", "employee_no").ok()?,
                    "name": row.try_get::<String>("", "name").ok()?,
                    "orgUnit": { "name": row.try_get::<String>("", "unit_name").ok()? }
                },
                "signOffs": chain
            }}));
        }
        Some(json!({ "data": { "talentPool": { "edges": edges } } }))
    });
    match worker.serve(work).await {
        Ok((out, statements)) => respond(out, statements),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Same effect and JSON as `mutation { signNomination(id: …, agree: true) { status } }`: the
/// caller signs their current step in one transaction of hand-written statements (read, the
/// conditional update on status and version, the step's record) and the same audit event.
pub async fn sign(
    req: HttpRequest,
    id: web::Path<Uuid>,
    worker: web::Data<Worker>,
) -> HttpResponse {
    use entity::{nomination, NominationStatus};
    use sea_orm::FromQueryResult;
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = worker.for_request();
    let id = id.into_inner();
    let work = crate::db::counting(async move {
        let app = &state;
        let verified = app.keys.verify(bearer.as_deref()?)?;
        let account_id = verified.account_id;
        let b = app.db.get_database_backend();
        let who = app
            .db
            .query_one_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "SELECT a.login, e.id AS employee_id, e.name FROM accounts a \
                     JOIN employees e ON e.id = a.employee_id WHERE a.id = $1 AND a.active = $2 \
                     AND EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $3 AND revoked_at IS NULL)",
                ),
                [
                    Value::from(account_id),
                    Value::from(true),
                    Value::from(verified.session_id),
                ],
            ))
            .await
            .ok()??;
        let me: Uuid = who.try_get("", "employee_id").ok()?;
        let login: String = who.try_get("", "login").ok()?;
        let name: String = who.try_get("", "name").ok()?;
        let txn = crate::db::begin_write(&app.db).await.ok()?;
        let row = txn
            .query_one_raw(Statement::from_sql_and_values(
                b,
                sql(b, "SELECT * FROM nominations WHERE id = $1"),
                [Value::from(id)],
            ))
            .await
            .ok()??;
        let before = nomination::Model::from_query_result(&row, "").ok()?;
        let steps = txn
            .query_all_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "SELECT step, role, signer_id, agree FROM sign_offs \
                     WHERE nomination_id = $1 ORDER BY step",
                ),
                [Value::from(id)],
            ))
            .await
            .ok()?;
        let mut plan = Vec::new();
        let mut decisions = Vec::new();
        for s in &steps {
            let step: i32 = s.try_get("", "step").ok()?;
            let role: String = s.try_get("", "role").ok()?;
            let signer: Uuid = s.try_get("", "signer_id").ok()?;
            plan.push(entity::PlannedSigner {
                role: <entity::SignerRole as sea_orm::ActiveEnum>::try_from_value(&role).ok()?,
                signer,
                in_place_of: Vec::new(),
            });
            if let Some(agree) = s.try_get::<Option<bool>>("", "agree").ok()? {
                decisions.push(entity::Decision {
                    step: step as usize,
                    signer,
                    agree,
                });
            }
        }
        let outcome = entity::decide(before.status, &plan, &decisions, me, true).ok()?;
        let next = match outcome.status {
            NominationStatus::SigningOff => Some(outcome.step as i32 + 1),
            _ => None,
        };
        let status = sea_orm::ActiveEnum::to_value(&outcome.status);
        let now = chrono::Utc::now();
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "UPDATE nominations SET status = $1, current_step = $2, version = $3, \
                     updated_at = $4 WHERE id = $5 AND version = $6 AND status = $7",
                ),
                [
                    Value::from(status),
                    Value::from(next),
                    Value::from(before.version + 1),
                    Value::from(now),
                    Value::from(id),
                    Value::from(before.version),
                    Value::from("signing_off"),
                ],
            ))
            .await
            .ok()?;
        if done.rows_affected() != 1 {
            return None;
        }
        let done = txn
            .execute_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "UPDATE sign_offs SET agree = $1, signed_at = $2 \
                     WHERE nomination_id = $3 AND step = $4 AND agree IS NULL",
                ),
                [
                    Value::from(true),
                    Value::from(now),
                    Value::from(id),
                    Value::from(outcome.step as i32),
                ],
            ))
            .await
            .ok()?;
        if done.rows_affected() != 1 {
            return None;
        }
        crate::audit::record_as(
            &txn,
            Some(account_id),
            &format!("{login} {name}"),
            "",
            crate::audit::Change::new("nomination.signed", "nomination", id)
                .before(&before)
                .after(&json!({
                    "step": outcome.step,
                    "role": plan[outcome.step].role,
                    "agree": true,
                    "comment": null,
                    "status": outcome.status,
                })),
        )
        .await
        .ok()?;
        txn.commit().await.ok()?;
        Some(json!({ "data": { "signNomination": { "status": outcome.status } } }))
    });
    match worker.serve(work).await {
        Ok((out, statements)) => respond(out, statements),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

fn respond(out: Option<serde_json::Value>, statements: u32) -> HttpResponse {
    match out {
        Some(v) => HttpResponse::Ok()
            .insert_header(("x-sql-statements", statements.to_string()))
            .json(v),
        None => HttpResponse::Unauthorized().finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let q = "SELECT 1 WHERE a = $1 AND b = $12";
        assert_eq!(sql(DbBackend::Postgres, q), q);
        assert_eq!(sql(DbBackend::Sqlite, q), "SELECT 1 WHERE a = ? AND b = ?");
    }
}
