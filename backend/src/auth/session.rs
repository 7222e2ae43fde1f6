//! Sessions: login with throttling, refresh-token rotation with reuse detection, logout, the
//! per-request lookup of the caller, and the signing key generated on first start.
use base64::Engine;
use chrono::{Duration, Utc};
use entity::{
    account, api_token, app_secret, employee, login_attempt, org_unit, refresh_token,
    service_account,
};
use sea_orm::{
    sea_query::{ExprTrait, OnConflict},
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, QueryTrait, Statement,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{jwt, Actor, Principal};
use crate::audit::{self, Change};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::rows::ByPosition;
use crate::state::AppState;

/// How many times the per-login failure budget one IP address may use up.
pub const IP_FAILURE_FACTOR: i32 = 20;
/// How many times the budget of one source for one login that login may use up from all
/// sources before each of the sources that failed for it waits too.
pub const LOGIN_FAILURE_FACTOR: i32 = 2;

/// Prefix of service-account API tokens, which tells them apart from access JWTs.
pub const API_TOKEN_PREFIX: &str = "ech_";

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A random opaque secret (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The HS256 key: from the settings, else the one stored in the database, else a new one
/// stored now (insert-if-absent, so concurrent first starts agree).
pub async fn load_signing_key(
    db: &DatabaseConnection,
    configured: Option<&str>,
) -> ApiResult<Vec<u8>> {
    if let Some(k) = configured {
        return Ok(k.as_bytes().to_vec());
    }
    let candidate = app_secret::ActiveModel {
        name: Set("jwt_hs256".into()),
        value: Set(jwt::generate_secret()),
        created_at: Set(Utc::now()),
    };
    app_secret::Entity::insert(candidate)
        .on_conflict_do_nothing_on([app_secret::Column::Name])
        .exec(db)
        .await?;
    let stored = app_secret::Entity::find_by_id("jwt_hs256".to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("signing key missing after insert"))?;
    base64::engine::general_purpose::STANDARD
        .decode(stored.value)
        .map_err(ApiError::internal)
}

/// The tokens handed out by a successful login or refresh.
pub struct Issued {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_in: i64,
}

async fn issue<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    account_id: Uuid,
    family_id: Uuid,
) -> ApiResult<Issued> {
    let refresh = random_token();
    let lifetime = Duration::days(state.settings.refresh_token_days);
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account_id),
        family_id: Set(family_id),
        token_hash: Set(sha256_hex(&refresh)),
        expires_at: Set(Utc::now() + lifetime),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(txn)
    .await?;
    let access = state
        .keys
        .issue(account_id, family_id)
        .map_err(ApiError::internal)?;
    Ok(Issued {
        access_token: access,
        expires_in: state.keys.ttl_seconds(),
        refresh_token: refresh,
        refresh_expires_in: lifetime.num_seconds(),
    })
}

/// The lock-out state of `key`: the seconds left of its lock, if locked now, and its failures
/// in the current window.
async fn attempts(db: &impl ConnectionTrait, key: &str) -> ApiResult<(Option<i64>, i32)> {
    let row = login_attempt::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    let now = Utc::now();
    let locked = row
        .as_ref()
        .and_then(|r| r.locked_until)
        .filter(|until| *until > now)
        .map(|until| Ord::max((until - now).num_seconds(), 1));
    Ok((locked, row.map_or(0, |r| r.failures)))
}

/// How a key's lock grows once its failures reach the budget.
#[derive(Clone, Copy)]
enum Lock {
    /// For the rest of the window.
    Window,
    /// 30 s at the budget, doubling with each further failure, at most the window.
    Growing,
}

/// The lock after `failures` failures against a budget of `max_failures`, if any.
fn lock_for(lock: Lock, failures: i32, max_failures: i32, window: Duration) -> Option<Duration> {
    if failures < max_failures {
        return None;
    }
    Some(match lock {
        Lock::Window => window,
        Lock::Growing => {
            let doublings = Ord::min(u32::try_from(failures - max_failures).unwrap_or(0), 16);
            Ord::min(Duration::seconds(30 << doublings), window)
        }
    })
}

async fn note_failure(state: &AppState, key: &str, max_failures: i32, lock: Lock) -> ApiResult<()> {
    let db = &state.db;
    let window = Duration::seconds(state.settings.login_window_seconds);
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let row = login_attempt::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await?;
    let (window_start, failures) = match &row {
        Some(r) if r.window_start + window > now => (r.window_start, r.failures + 1),
        _ => (now, 1),
    };
    let locked_until = lock_for(lock, failures, max_failures, window).map(|d| now + d);
    let am = login_attempt::ActiveModel {
        key: Set(key.to_owned()),
        window_start: Set(window_start),
        failures: Set(failures),
        locked_until: Set(locked_until),
    };
    login_attempt::Entity::insert(am)
        .on_conflict(
            OnConflict::column(login_attempt::Column::Key)
                .update_columns([
                    login_attempt::Column::WindowStart,
                    login_attempt::Column::Failures,
                    login_attempt::Column::LockedUntil,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Signs in with 工号 and password.
pub async fn login(
    state: &AppState,
    actor: &Actor,
    login: &str,
    password: &str,
) -> ApiResult<Issued> {
    let login = login.trim();
    if login.is_empty() || login.chars().count() > 64 || login.contains('\0') {
        return Err(ApiError::bad("login", entity::Problem::Required));
    }
    if password.chars().count() > entity::MAX_PASSWORD || password.contains('\0') {
        return Err(ApiError::bad(
            "password",
            entity::Problem::TooLong {
                max: entity::MAX_PASSWORD,
            },
        ));
    }
    // Guesses are throttled three ways, none of which lets a stranger lock a person out:
    // - a source (address) that fails for many logins is stopped for the window;
    // - a source that keeps failing for one login waits longer after each failure;
    // - a login failing from many sources makes each of those sources wait as long, but a
    //   source that has not failed for it (the person at their own desk) is let through.
    let login_lower = login.to_lowercase();
    let ip_key = format!("ip:{}", actor.ip);
    let pair_key = format!("pair:{login_lower}|{}", actor.ip);
    let login_key = format!("login:{login_lower}");
    let (ip_locked, _) = attempts(&state.db, &ip_key).await?;
    let (pair_locked, pair_failures) = attempts(&state.db, &pair_key).await?;
    let (login_locked, _) = attempts(&state.db, &login_key).await?;
    let login_locked = login_locked.filter(|_| pair_failures > 0);
    if let Some(secs) = ip_locked.or(pair_locked).or(login_locked) {
        return Err(ApiError::RateLimited {
            retry_after_seconds: secs,
        });
    }
    let acct = account::Entity::find()
        .filter(account::Column::Login.eq(login))
        .one(&state.db)
        .await?;
    let ok = state
        .hasher
        .verify(password, acct.as_ref().map(|a| a.password_hash.as_str()))
        .await?;
    let Some(acct) = acct.filter(|_| ok) else {
        // A whole call center often shares one public address, so the per-address budget is
        // wider than the per-login ones.
        let max = state.settings.login_max_failures;
        note_failure(state, &ip_key, max * IP_FAILURE_FACTOR, Lock::Window).await?;
        note_failure(state, &pair_key, max, Lock::Growing).await?;
        note_failure(state, &login_key, max * LOGIN_FAILURE_FACTOR, Lock::Growing).await?;
        return Err(ApiError::Unauthenticated);
    };
    if !acct.active {
        return Err(ApiError::Forbidden);
    }
    let txn = begin_write(&state.db).await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Key.is_in([pair_key, login_key]))
        .exec(&txn)
        .await?;
    let issued = issue(&txn, state, acct.id, Uuid::now_v7()).await?;
    txn.commit().await?;
    Ok(issued)
}

/// How long a spent refresh token still gets a new pair when none of its successors has been
/// used: the answer that carried the successor was lost (the page reloaded or the connection
/// dropped mid-refresh, or two tabs refreshed at once), so the client still holds the spent one.
pub const LOST_ANSWER_GRACE_SECONDS: i64 = 30;

/// Exchanges a refresh token for a new pair. A spent token revokes its whole family, unless it
/// was spent moments ago and its successor was never used (see [`LOST_ANSWER_GRACE_SECONDS`]):
/// then the unused successor is revoked in its place, so whoever holds that one is found out
/// when they present it.
pub async fn refresh(state: &AppState, actor: &Actor, presented: &str) -> ApiResult<Issued> {
    let hash = sha256_hex(presented);
    let txn = begin_write(&state.db).await?;
    let Some(mut tok) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&txn)
        .await?
    else {
        return Err(ApiError::Unauthenticated);
    };
    let now = Utc::now();
    if tok.used_at.is_none() && tok.revoked_at.is_none() {
        if tok.expires_at <= now {
            return Err(ApiError::Unauthenticated);
        }
        let spent = refresh_token::Entity::update_many()
            .col_expr(
                refresh_token::Column::UsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(refresh_token::Column::Id.eq(tok.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if spent.rows_affected == 1 {
            return reissue(txn, state, &tok).await;
        }
        // A concurrent refresh spent it first: judge it as the spent token it now is.
        tok = refresh_token::Entity::find_by_id(tok.id)
            .one(&txn)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
    }
    if revoke_if_answer_lost(&txn, &tok, now).await? {
        audit::record(
            &txn,
            actor,
            Change::new("session.reissued", "account", tok.account_id)
                .after(&serde_json::json!({ "family": tok.family_id })),
        )
        .await?;
        return reissue(txn, state, &tok).await;
    }
    let revoked = refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(refresh_token::Column::FamilyId.eq(tok.family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if revoked.rows_affected > 0 {
        audit::record(
            &txn,
            actor,
            Change::new("session.reuse_detected", "account", tok.account_id).after(
                &serde_json::json!({ "family": tok.family_id, "revoked": revoked.rows_affected }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Err(ApiError::Unauthenticated)
}

/// If `tok` was spent within the grace period, is not revoked, and no later token of its family
/// has been used, revokes those later tokens (the caller never received them) and says so.
async fn revoke_if_answer_lost<C: ConnectionTrait>(
    txn: &C,
    tok: &refresh_token::Model,
    now: chrono::DateTime<Utc>,
) -> ApiResult<bool> {
    let (Some(used_at), None) = (tok.used_at, tok.revoked_at) else {
        return Ok(false);
    };
    if now - used_at > Duration::seconds(LOST_ANSWER_GRACE_SECONDS) || tok.expires_at <= now {
        return Ok(false);
    }
    // The tokens of the family handed out since `tok`.
    let later = sea_orm::Condition::all()
        .add(refresh_token::Column::FamilyId.eq(tok.family_id))
        .add(refresh_token::Column::Id.ne(tok.id))
        .add(refresh_token::Column::CreatedAt.gte(tok.created_at));
    let later_used = refresh_token::Entity::find()
        .filter(later.clone())
        .filter(refresh_token::Column::UsedAt.is_not_null())
        .count(txn)
        .await?;
    if later_used > 0 {
        return Ok(false);
    }
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(later)
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(true)
}

/// A new pair in `tok`'s family, if its account is still active; commits `txn`.
async fn reissue(
    txn: crate::db::WriteTxn,
    state: &AppState,
    tok: &refresh_token::Model,
) -> ApiResult<Issued> {
    let active = account::Entity::find_by_id(tok.account_id)
        .one(&txn)
        .await?
        .is_some_and(|a| a.active);
    if !active {
        return Err(ApiError::Unauthenticated);
    }
    let issued = issue(&txn, state, tok.account_id, tok.family_id).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Ends the session the refresh token belongs to, and the one the caller's access token
/// names (an API client may hold the access token only).
pub async fn logout(state: &AppState, actor: &Actor, presented: Option<&str>) -> ApiResult<()> {
    let mut families = Vec::new();
    if let Some(presented) = presented {
        let hash = sha256_hex(presented);
        if let Some(tok) = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(hash))
            .one(&state.db)
            .await?
        {
            families.push(tok.family_id);
        }
    }
    if let Some(Principal::Account { session_id, .. }) = &actor.principal {
        families.push(*session_id);
    }
    if families.is_empty() {
        return Ok(());
    }
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(refresh_token::Column::FamilyId.is_in(families))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Revokes every refresh token of an account (password change, deactivation).
pub async fn revoke_all<C: ConnectionTrait>(txn: &C, account_id: Uuid) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(refresh_token::Column::AccountId.eq(account_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The caller's account, only the columns a request reads (not the password hash nor the
/// bookkeeping), then every column of its employee, which `me` answers from, then every
/// column of the employee's unit, which the caller's own `orgUnit` reads; found only while the
/// session the token names is live (a token of its family not revoked: logout, a password
/// change or reset, disabling and a detected reuse revoke them all).
fn principal_query(account_id: Uuid, session_id: Uuid) -> sea_orm::Select<account::Entity> {
    use sea_orm::sea_query::{Expr, Query};
    use sea_orm::{Iterable, JoinType, QuerySelect, RelationTrait};
    let live = Query::select()
        .expr(Expr::cust("1"))
        .from(refresh_token::Entity)
        .and_where(refresh_token::Column::FamilyId.eq(session_id))
        .and_where(refresh_token::Column::RevokedAt.is_null())
        .to_owned();
    let with_employee = employee::Column::iter().fold(
        account::Entity::find_by_id(account_id)
            .filter(Expr::exists(live))
            .select_only()
            .columns([
                account::Column::Id,
                account::Column::Login,
                account::Column::Roles,
                account::Column::Active,
            ])
            .join(JoinType::InnerJoin, account::Relation::Employee.def()),
        |q, c| q.column(c),
    );
    org_unit::Column::iter().fold(
        with_employee.join(JoinType::InnerJoin, employee::Relation::OrgUnit.def()),
        |q, c| q.column(c),
    )
}

/// The statement that finds the caller of every request: `principal_query(id).one()`, its text
/// built once per backend (see [`crate::db::kept_sql`]).
fn principal_statement(backend: DbBackend, bearer: jwt::Bearer) -> Statement {
    let sql = crate::db::kept_sql("session.principal", backend, || {
        principal_query(Uuid::nil(), Uuid::nil())
            .limit(1)
            .build(backend)
            .sql
    });
    Statement::from_sql_and_values(
        backend,
        sql.to_string(),
        [
            sea_orm::Value::from(bearer.account_id),
            sea_orm::Value::from(bearer.session_id),
            sea_orm::Value::from(1u64),
        ],
    )
}

/// Who is behind a bearer credential: an access JWT or a service API token. Roles, the active
/// flag and the place in the tree are read now, so changes take effect on the next request.
pub async fn resolve_principal(state: &AppState, bearer: &str) -> ApiResult<Option<Principal>> {
    Ok(resolve_caller(state, bearer).await?.map(|(p, _)| p))
}

/// [`resolve_principal`], with a person's own org unit, read in the same statement.
pub async fn resolve_caller(
    state: &AppState,
    bearer: &str,
) -> ApiResult<Option<(Principal, Option<org_unit::Model>)>> {
    if let Some(secret) = bearer.strip_prefix(API_TOKEN_PREFIX) {
        let hash = sha256_hex(secret);
        let Some(tok) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash))
            .one(&state.db)
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if tok.revoked_at.is_some() || tok.expires_at.is_some_and(|e| e <= now) {
            return Ok(None);
        }
        let Some(sa) = service_account::Entity::find_by_id(tok.service_account_id)
            .one(&state.db)
            .await?
        else {
            return Ok(None);
        };
        if !sa.active {
            return Ok(None);
        }
        let service = Principal::Service {
            service_account_id: sa.id,
            name: sa.name,
            scopes: entity::parse_scopes(&tok.scopes),
        };
        return Ok(Some((service, None)));
    }
    let Some(verified) = state.keys.verify(bearer) else {
        return Ok(None);
    };
    // One statement: the account with its employee and unit, if its session is live.
    let found = state
        .db
        .query_one_raw(principal_statement(
            state.db.get_database_backend(),
            verified,
        ))
        .await?
        .map(|row| {
            // By position, as `principal_query` selects them.
            let mut c = crate::rows::Columns::new(&row);
            Ok::<_, sea_orm::DbErr>((
                c.get::<Uuid>()?,
                c.get::<String>()?,
                c.get::<String>()?,
                c.get::<bool>()?,
                employee::Model::read(&mut c)?,
                org_unit::Model::read(&mut c)?,
            ))
        })
        .transpose()?;
    let Some((account_id, login, roles, true, emp, unit)) = found else {
        return Ok(None);
    };
    let person = Principal::Account {
        account_id,
        session_id: verified.session_id,
        employee_id: emp.id,
        login,
        name: emp.name.clone(),
        roles: entity::parse_roles(&roles),
        standpoint: entity::Standpoint {
            employee_id: Some(emp.id),
            unit_path: Some(emp.org_path.clone()),
        },
        employee: Box::new(emp),
    };
    Ok(Some((person, Some(unit))))
}

/// Changes the caller's own password after checking the current one; other sessions end.
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    current: &str,
    new: &str,
) -> ApiResult<()> {
    let account_id = actor.account_id().ok_or(ApiError::Unauthenticated)?;
    let new = entity::password("newPassword", new)?;
    let acct = account::Entity::find_by_id(account_id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !state
        .hasher
        .verify(current, Some(&acct.password_hash))
        .await?
    {
        return Err(ApiError::bad(
            "currentPassword",
            entity::Problem::Invalid {
                zh: "当前密码不正确".into(),
                en: "the current password is wrong".into(),
            },
        ));
    }
    let hash = state.hasher.hash(&new).await?;
    let txn = begin_write(&state.db).await?;
    let res = account::Entity::update_many()
        .col_expr(
            account::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .col_expr(
            account::Column::Version,
            sea_orm::sea_query::Expr::col(account::Column::Version).add(1i32),
        )
        .col_expr(
            account::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(account::Column::Id.eq(acct.id))
        .filter(account::Column::Version.eq(acct.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(ApiError::conflict(
            "账号已被修改,请重试",
            "The account changed meanwhile; please retry",
        ));
    }
    revoke_all(&txn, acct.id).await?;
    audit::record(
        &txn,
        actor,
        Change::new("account.password_changed", "account", acct.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept statement says exactly what the query builder would for `.one()`.
    #[test]
    fn the_principal_statement_matches_the_query_builder() {
        let bearer = jwt::Bearer {
            account_id: Uuid::now_v7(),
            session_id: Uuid::now_v7(),
        };
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            assert_eq!(
                principal_statement(backend, bearer),
                principal_query(bearer.account_id, bearer.session_id)
                    .limit(1)
                    .build(backend)
            );
        }
    }
}
