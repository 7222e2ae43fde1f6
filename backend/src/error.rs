//! The one place errors become client answers. Every GraphQL error carries `extensions.code`;
//! internal causes are logged (with the request id of the surrounding span) and never sent.
use async_graphql::ErrorExtensions;
use entity::{FieldError, Problem};
use sea_orm::{DbErr, SqlErr};

/// Deliberately not `Display`: async-graphql converts any `Display` type into an error by its
/// text, which would leak internals; this type converts only through the impl below.
#[derive(Debug)]
pub enum ApiError {
    /// No valid credentials.
    Unauthenticated,
    /// Authenticated but not allowed, or the record is out of reach (indistinguishable from
    /// absent, so nothing can be enumerated).
    Forbidden,
    /// The record does not exist (only said to actors who could see it if it did).
    NotFound,
    /// A field of the input is wrong; nothing was written.
    BadInput(FieldError),
    /// The record changed underneath, or the step was already taken.
    Conflict { zh: String, en: String },
    /// Too many attempts.
    RateLimited { retry_after_seconds: i64 },
    /// The database cannot be reached; retry later.
    Unavailable(String),
    /// Anything else. The text is logged, never sent.
    Internal(String),
}

impl ApiError {
    pub fn bad(field: &str, problem: Problem) -> Self {
        ApiError::BadInput(FieldError::new(field, problem))
    }

    pub fn conflict(zh: &str, en: &str) -> Self {
        ApiError::Conflict {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "UNAUTHENTICATED",
            ApiError::Forbidden => "FORBIDDEN",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::BadInput(_) => "BAD_USER_INPUT",
            ApiError::Conflict { .. } => "CONFLICT",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::Unavailable(_) | ApiError::Internal(_) => "INTERNAL",
        }
    }

    /// (Chinese, English) text shown to the user.
    pub fn messages(&self) -> (String, String) {
        match self {
            ApiError::Unauthenticated => ("请先登录".into(), "Please sign in".into()),
            ApiError::Forbidden => ("无权访问".into(), "You do not have access to this".into()),
            ApiError::NotFound => ("记录不存在".into(), "The record does not exist".into()),
            ApiError::BadInput(e) => (
                format!("{}: {}", e.field, e.problem.message_zh()),
                format!("{}: {}", e.field, e.problem.message_en()),
            ),
            ApiError::Conflict { zh, en } => (zh.clone(), en.clone()),
            ApiError::RateLimited {
                retry_after_seconds,
            } => (
                format!("尝试次数过多,请 {retry_after_seconds} 秒后再试"),
                format!("Too many attempts; try again in {retry_after_seconds} seconds"),
            ),
            ApiError::Unavailable(_) => (
                "服务暂时不可用,请稍后重试".into(),
                "The service is temporarily unavailable; please retry shortly".into(),
            ),
            ApiError::Internal(_) => ("系统内部错误".into(), "Internal error".into()),
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::BadInput(e)
    }
}

impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        let api = ApiError::from_db(e);
        if matches!(api, ApiError::Unavailable(_)) {
            crate::db::note_connection_failure();
        }
        api
    }
}

impl ApiError {
    fn from_db(e: DbErr) -> Self {
        match &e {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => ApiError::Unavailable(e.to_string()),
            _ => match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
                    "记录已存在或已被他人修改",
                    "The record already exists or was changed by someone else",
                ),
                _ if is_connection_lost(&e) => ApiError::Unavailable(e.to_string()),
                // The locks are taken in one order (see `db::begin_write`); should a deadlock
                // or serialisation failure still happen, the writer retries, it is not a bug.
                _ if is_write_collision(&e) => ApiError::conflict(
                    "与他人的修改同时发生,请重试",
                    "This collided with another change at the same moment; please retry",
                ),
                _ => ApiError::Internal(e.to_string()),
            },
        }
    }
}

/// A query that failed because the server went away mid-way shows up as an Exec/Query error
/// wrapping an IO error; treat it as unavailability, not as a bug.
fn is_connection_lost(e: &DbErr) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    [
        "connection refused",
        "broken pipe",
        "connection reset",
        "pool timed out",
        "terminating connection",
        "closed",
        "does not allow connections",
        "database is locked",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// PostgreSQL's deadlock (40P01) and serialisation failure (40001).
fn is_write_collision(e: &DbErr) -> bool {
    let text = e.to_string();
    text.contains("deadlock detected") || text.contains("could not serialize access")
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        match &e {
            ApiError::Internal(cause) => tracing::error!(cause = %cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(cause = %cause, "database unavailable"),
            _ => {}
        }
        let (zh, en) = e.messages();
        let code = e.code();
        async_graphql::Error::new(format!("{zh} ({en})")).extend_with(|_, ext| {
            ext.set("code", code);
            ext.set("messageZh", zh.clone());
            ext.set("messageEn", en.clone());
            match &e {
                ApiError::BadInput(fe) => ext.set("field", fe.field.clone()),
                ApiError::RateLimited {
                    retry_after_seconds,
                } => ext.set("retryAfterSeconds", *retry_after_seconds),
                ApiError::Unavailable(_) => ext.set("unavailable", true),
                _ => {}
            }
        })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
