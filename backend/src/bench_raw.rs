//! Baselines for the benchmark suite: the same answers as two GraphQL queries, produced by
//! hand-written SQL and direct serialisation. They mark the near limit the GraphQL layer is
//! measured against, and are mounted only when `bench_endpoints` is on.
use actix_web::{web, HttpRequest, HttpResponse};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::json;
use uuid::Uuid;

use crate::state::AppState;

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

/// The account behind the bearer token: its id and roles, from one query.
async fn caller(bearer: Option<String>, app: &AppState) -> Option<(Uuid, String)> {
    let account_id = app.keys.verify(&bearer?)?;
    let b = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            b,
            sql(
                b,
                "SELECT roles FROM accounts WHERE id = $1 AND active = $2",
            ),
            [Value::from(account_id), Value::from(true)],
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
pub async fn me(req: HttpRequest, app: web::Data<AppState>) -> HttpResponse {
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = app.get_ref().clone();
    let work = crate::db::counting(async move {
        let app = &state;
        let (account_id, roles) = caller(bearer, app).await?;
        let b = app.db.get_database_backend();
        let row = app
            .db
            .query_one_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "SELECT e.employee_no, e.name, u.name AS unit_name FROM accounts a \
                     JOIN employees e ON e.id = a.employee_id JOIN org_units u ON u.id = e.org_unit_id \
                     WHERE a.id = $1",
                ),
                [Value::from(account_id)],
            ))
            .await
            .ok()??;
        Some(json!({ "data": { "me": {
            "roles": roles_json(&roles),
            "employee": {
                "employeeNo": row.try_get::<String>("", "employee_no").ok()?,
                "name": row.try_get::<String>("", "name").ok()?,
                "orgUnit": { "name": row.try_get::<String>("", "unit_name").ok()? }
            }
        }}}))
    });
    match app.run(work).await {
        Ok((out, statements)) => respond(out, statements),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Same JSON as `{ employees(first: 50) { edges { node { employeeNo name position orgUnit
/// { name } } } } }` for a caller who sees everyone.
pub async fn employees(req: HttpRequest, app: web::Data<AppState>) -> HttpResponse {
    let bearer = crate::graphql::http::bearer_token(&req).map(str::to_owned);
    let state = app.get_ref().clone();
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
    match app.run(work).await {
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
