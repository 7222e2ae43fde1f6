//! The HTTP side of GraphQL: a bounded body read as bytes (the stock extractor reads without a
//! bound), one operation per request (no batching), alias and time limits, the caller resolved
//! from the bearer credential, and every error given a code.
use actix_web::{cookie::Cookie, http::header, web, HttpMessage, HttpRequest, HttpResponse};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, ServerError};
use std::time::Duration;

use super::documents::Documents;
use super::loaders::{EmployeeLoader, Loader, OrgUnitLoader, UnitLoader};
use super::{
    CookieChange, CookieOut, RefreshCookieIn, Schemas, MAX_ALIASES, MAX_COMPLEXITY, MAX_DEPTH,
    MAX_DIRECTIVES, MAX_RECURSION, MAX_SELECTIONS,
};
use crate::auth::{session, Actor};
use crate::error::ApiError;
use crate::state::Worker;
use crate::telemetry::{Metrics, RequestId};

pub const MAX_BODY_BYTES: usize = 128 * 1024;
pub const EXECUTION_TIMEOUT: Duration = Duration::from_secs(5);
pub const REFRESH_COOKIE: &str = "echelon_refresh";

/// What the HTTP layer limits in a document, counted over its operations and fragments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Fields with an alias.
    pub aliases: usize,
    /// Field selections and fragment spreads: the same field written many times (which the
    /// complexity rule does not cost, for `__typename`) counts each time.
    pub selections: usize,
    /// Whether it asks for `__schema` or `__type`.
    pub introspects: bool,
}

impl Shape {
    fn add(&mut self, set: &SelectionSet) {
        for s in &set.items {
            self.selections += 1;
            match &s.node {
                Selection::Field(f) => {
                    self.aliases += usize::from(f.node.alias.is_some());
                    let name = f.node.name.node.as_str();
                    self.introspects |= name == "__schema" || name == "__type";
                    self.add(&f.node.selection_set.node);
                }
                Selection::InlineFragment(i) => self.add(&i.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }

    pub fn of(doc: &ExecutableDocument) -> Shape {
        let mut shape = Shape::default();
        match &doc.operations {
            DocumentOperations::Single(op) => shape.add(&op.node.selection_set.node),
            DocumentOperations::Multiple(m) => {
                for op in m.values() {
                    shape.add(&op.node.selection_set.node);
                }
            }
        }
        for f in doc.fragments.values() {
            shape.add(&f.node.selection_set.node);
        }
        shape
    }
}

/// Whether the operation `name` (the only one when `None`) of `doc` is a mutation.
pub fn is_mutation(doc: &ExecutableDocument, name: Option<&str>) -> bool {
    use async_graphql::parser::types::OperationType;
    let op = match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(m), Some(n)) => m.get(n),
        (DocumentOperations::Multiple(_), None) => None,
    };
    op.is_some_and(|op| op.node.ty == OperationType::Mutation)
}

fn error_response(
    status: actix_web::http::StatusCode,
    e: ApiError,
    request_id: &str,
) -> HttpResponse {
    let gql: async_graphql::Error = e.into();
    let mut server = gql.into_server_error(async_graphql::Pos::default());
    server.locations.clear();
    if server.extensions.as_ref().is_some_and(|x| {
        x.get("code")
            .is_some_and(|c| c == &async_graphql::Value::from("INTERNAL"))
    }) {
        server
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default)
            .set("requestId", request_id);
    }
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "data": null, "errors": [server] }))
}

/// The Chinese for a message of the executor's own (a limit, a syntax or validation error).
/// The limits get their own words; the rest, which name the schema's types and fields, say
/// in Chinese what kind of fault it is and leave the detail to the English message.
fn executor_message_zh(en: &str) -> String {
    let limits = [
        (
            "Query is too complex",
            format!("查询过于复杂(复杂度上限 {MAX_COMPLEXITY})"),
        ),
        (
            "Query is nested too deep",
            format!("查询层级过深(最多 {MAX_DEPTH} 层)"),
        ),
        (
            "The recursion depth",
            format!("查询递归过深(最多 {MAX_RECURSION} 层)"),
        ),
        (
            "The number of directives",
            format!("字段的指令过多(最多 {MAX_DIRECTIVES} 个)"),
        ),
    ];
    if let Some((_, zh)) = limits.into_iter().find(|(start, _)| en.starts_with(start)) {
        return zh;
    }
    if en.contains("syntax") || en.starts_with(" -->") || en.contains("expected") {
        return "查询语句有语法错误(详见英文说明)".into();
    }
    "查询不符合接口定义(详见英文说明)".into()
}

/// Gives every error a code. Errors raised by the executor itself (syntax, validation, input
/// coercion, limits) carry none: they are the client's input.
fn finish_errors(errors: &mut [ServerError], request_id: &str) -> bool {
    let mut unavailable = false;
    for e in errors.iter_mut() {
        let ext = e
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default);
        match ext.get("code") {
            None => {
                ext.set("code", "BAD_USER_INPUT");
                ext.set("field", "query");
                ext.set("messageEn", e.message.clone());
                ext.set("messageZh", executor_message_zh(&e.message));
            }
            Some(c) if c == &async_graphql::Value::from("INTERNAL") => {
                ext.set("requestId", request_id);
                if ext.get("unavailable").is_some() {
                    unavailable = true;
                }
            }
            Some(_) => {}
        }
    }
    unavailable
}

/// The longest wait a RATE_LIMITED error of the answer asks for, for its `Retry-After`.
fn retry_after(errors: &[ServerError]) -> Option<i64> {
    errors
        .iter()
        .filter_map(|e| match e.extensions.as_ref()?.get("retryAfterSeconds")? {
            async_graphql::Value::Number(n) => n.as_i64(),
            _ => None,
        })
        .max()
}

/// The credential of `Authorization: Bearer …`, if any.
pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The problem of a document or variables that nest too deeply.
fn too_deep() -> entity::Problem {
    entity::Problem::Invalid {
        zh: format!("查询嵌套过深(最多 {} 层)", super::nesting::MAX_NESTING),
        en: format!(
            "the query nests too deeply (at most {} levels)",
            super::nesting::MAX_NESTING
        ),
    }
}

/// The body, read up to [`MAX_BODY_BYTES`]; a longer one is refused with 413 before it is
/// read to its end.
async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
) -> Result<web::BytesMut, actix_web::http::StatusCode> {
    use futures_util::StreamExt;
    let too_large = actix_web::http::StatusCode::PAYLOAD_TOO_LARGE;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large);
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(1024));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| actix_web::http::StatusCode::BAD_REQUEST)?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

pub async fn graphql_post(
    req: HttpRequest,
    body: web::Payload,
    worker: web::Data<Worker>,
    schemas: web::Data<Schemas>,
    documents: web::Data<Documents>,
    metrics: web::Data<Metrics>,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        let e = ApiError::bad(
            "body",
            entity::Problem::Invalid {
                zh: "请求须为 application/json".into(),
                en: "the request must be application/json".into(),
            },
        );
        return error_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, e, &request_id);
    }
    let body = match read_body(&req, body).await {
        Ok(b) => b,
        Err(status) => {
            let problem = if status == StatusCode::PAYLOAD_TOO_LARGE {
                entity::Problem::Invalid {
                    zh: format!("请求体过大(最多 {} KiB)", MAX_BODY_BYTES / 1024),
                    en: format!(
                        "the body is too large (at most {} KiB)",
                        MAX_BODY_BYTES / 1024
                    ),
                }
            } else {
                entity::Problem::Invalid {
                    zh: "请求体未能完整读取".into(),
                    en: "the body could not be read to its end".into(),
                }
            };
            return error_response(status, ApiError::bad("body", problem), &request_id);
        }
    };
    let mut gql_req: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            let problem = if e.to_string().contains("recursion limit") {
                too_deep()
            } else {
                entity::Problem::Invalid {
                    zh: "请求体须为单个 GraphQL 请求(不支持批量)".into(),
                    en: "the body must be one GraphQL request object (batching is not supported)"
                        .into(),
                }
            };
            return error_response(
                StatusCode::BAD_REQUEST,
                ApiError::bad("body", problem),
                &request_id,
            );
        }
    };
    // Parsed once, or not at all when the same text was parsed lately: the executor reuses
    // the document. A text that does not parse is left for the executor to report; one that
    // nests too deeply is refused before the parser recurses on it.
    let parsed = match documents.get(&gql_req.query) {
        Some(kept) => Some(kept),
        None if super::nesting::too_deep(&gql_req.query, super::nesting::MAX_NESTING) => {
            let e = ApiError::bad("query", too_deep());
            return error_response(StatusCode::BAD_REQUEST, e, &request_id);
        }
        None => async_graphql::parser::parse_query(&gql_req.query)
            .ok()
            .map(|doc| documents.keep(&gql_req.query, doc)),
    };
    if let Some(p) = &parsed {
        gql_req.set_parsed_query(p.doc.clone());
    }
    let shape = parsed.as_ref().map(|p| p.shape).unwrap_or_default();
    let over = if shape.aliases > MAX_ALIASES {
        Some(("别名", "aliases", MAX_ALIASES))
    } else if shape.selections > MAX_SELECTIONS {
        Some(("字段", "fields", MAX_SELECTIONS))
    } else {
        None
    };
    if let Some((zh, en, max)) = over {
        let e = ApiError::bad(
            "query",
            entity::Problem::Invalid {
                zh: format!("查询的{zh}过多(最多 {max} 个)"),
                en: format!("the query has too many {en} (at most {max})"),
            },
        );
        return error_response(StatusCode::BAD_REQUEST, e, &request_id);
    }

    let ip = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(256)
        .collect();
    let bearer = bearer_token(&req).map(str::to_owned);
    let refresh_in = RefreshCookieIn(req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    let cookie_out = CookieOut::default();
    // A query holds one connection from its first statement to its end (PostgreSQL). A
    // mutation takes one for each statement and its transaction: it may wait for a password
    // hash between them, which no connection should wait for.
    let mutation = parsed
        .as_ref()
        .is_some_and(|p| is_mutation(&p.doc, gql_req.operation_name.as_deref()));
    let app_state = if mutation {
        worker.state.clone()
    } else {
        worker.for_request()
    };
    // Without variables, a request whose document and operation passed validation before
    // passes again: it skips the rules and keeps the limits (see `Schemas`).
    let without_variables = gql_req.variables.is_empty();
    let operation = gql_req.operation_name.clone();
    let validated = without_variables
        && parsed
            .as_ref()
            .is_some_and(|p| p.is_validated(operation.as_deref()));
    let schema = if validated {
        metrics
            .graphql_prevalidated
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        schemas.for_validated().clone()
    } else {
        schemas.full.clone()
    };
    let work_cookie_out = cookie_out.clone();
    let work_request_id = request_id.clone();

    // Boxed: the execution's state is large, and moving it by value through the handler and
    // into the spawned task copied it several times per request.
    let work = Box::pin(crate::db::counting(async move {
        let (cookie_out, request_id) = (work_cookie_out, work_request_id);
        let db = app_state.db.clone();
        let (principal, own_unit) = match &bearer {
            Some(b) => match session::resolve_caller(&app_state, b).await {
                Ok(Some((p, unit))) => (Some(p), unit),
                Ok(None) => return Err(ApiError::Unauthenticated),
                Err(e) => return Err(e),
            },
            None => (None, None),
        };
        if principal.is_none() {
            // The schema is for the systems that integrate with it, which sign in.
            if shape.introspects {
                return Err(ApiError::Unauthenticated);
            }
            gql_req = gql_req.disable_introspection();
        }
        let actor = Actor {
            principal,
            request_id: request_id.clone(),
            ip,
            user_agent,
        };
        // The caller's own unit came with the caller: their `orgUnit` needs no second read.
        let units = UnitLoader::cached(OrgUnitLoader(app_state.db.clone()));
        units.feed_many(own_unit.map(|u| (u.id, u))).await;
        let gql_req = gql_req
            .data(actor)
            .data(cookie_out.clone())
            .data(refresh_in)
            .data(units)
            .data(crate::talent::graphql::Steps::cached(
                crate::talent::graphql::StepsLoader(app_state.db.clone()),
            ))
            .data(crate::talent::graphql::Points::uncached(
                crate::talent::graphql::PointsLoader::new(app_state.db.clone()),
            ))
            .data(Loader::uncached(EmployeeLoader(app_state.db.clone())))
            // Over the schema's own: resolvers read through this worker's pool.
            .data(app_state);
        let done = tokio::time::timeout(EXECUTION_TIMEOUT, schema.execute(gql_req)).await;
        db.release().await;
        match done {
            Ok(r) => Ok(r),
            Err(_) => Err(ApiError::Internal("execution timed out".into())),
        }
    }));
    let (response, statements) = match worker.serve(work).await {
        Ok(done) => done,
        Err(e) => return error_response(StatusCode::OK, e, &request_id),
    };

    let mut response = match response {
        Ok(r) => r,
        Err(ApiError::Unauthenticated) => {
            return error_response(
                StatusCode::UNAUTHORIZED,
                ApiError::Unauthenticated,
                &request_id,
            )
        }
        Err(e @ ApiError::Unavailable(_)) => {
            return error_response(StatusCode::SERVICE_UNAVAILABLE, e, &request_id)
        }
        Err(e) => return error_response(StatusCode::OK, e, &request_id),
    };
    // Data, even partial, means the request got past validation to execution.
    if !validated && without_variables && response.data != async_graphql::Value::Null {
        if let Some(p) = &parsed {
            p.set_validated(operation.as_deref());
        }
    }
    if !response.errors.is_empty() {
        if let Some(p) = &parsed {
            schemas
                .types()
                .complete(&p.doc, operation.as_deref(), &mut response.data);
        }
    }
    let unavailable = finish_errors(&mut response.errors, &request_id);
    let status = if unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let mut http = HttpResponse::build(status);
    http.insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(secs) = retry_after(&response.errors) {
        http.insert_header((header::RETRY_AFTER, secs.to_string()));
    }
    http.insert_header(("x-sql-statements", statements.to_string()));
    match cookie_out.take() {
        Some(CookieChange::Set {
            token,
            max_age_seconds,
        }) => {
            http.cookie(
                Cookie::build(REFRESH_COOKIE, token)
                    .path("/graphql")
                    .http_only(true)
                    .secure(worker.state.settings.secure_cookies)
                    .same_site(actix_web::cookie::SameSite::Strict)
                    .max_age(actix_web::cookie::time::Duration::seconds(max_age_seconds))
                    .finish(),
            );
        }
        Some(CookieChange::Clear) => {
            let mut c = Cookie::build(REFRESH_COOKIE, "")
                .path("/graphql")
                .http_only(true)
                .same_site(actix_web::cookie::SameSite::Strict)
                .finish();
            c.make_removal();
            http.cookie(c);
        }
        None => {}
    }
    match serde_json::to_vec(&response) {
        Ok(bytes) => http.content_type("application/json").body(bytes),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::internal(e),
            &request_id,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aliases in a query, or `None` when it does not parse.
    fn alias_count(query: &str) -> Option<usize> {
        async_graphql::parser::parse_query(query)
            .ok()
            .map(|doc| Shape::of(&doc).aliases)
    }

    #[test]
    fn aliases_are_counted_in_operations_and_fragments() {
        let q = "query { a: me { x: roles } ...F } fragment F on Query { b: me { roles } }";
        assert_eq!(alias_count(q), Some(3));
        assert_eq!(alias_count("query { me { roles } }"), Some(0));
        assert_eq!(alias_count("query {"), None);
    }

    #[test]
    fn mutations_are_told_from_queries() {
        let mutation = |query: &str, name: Option<&str>| {
            let doc = async_graphql::parser::parse_query(query).unwrap();
            is_mutation(&doc, name)
        };
        assert!(!mutation("{ me { roles } }", None));
        assert!(!mutation("query Me { me { roles } }", None));
        assert!(mutation("mutation { logout }", None));
        assert!(mutation("mutation Out { logout }", Some("Out")));
        let both = "query Me { me { roles } } mutation Out { logout }";
        assert!(mutation(both, Some("Out")));
        assert!(!mutation(both, Some("Me")));
        // Which one is meant is unknown: the executor refuses it before any resolver runs.
        assert!(!mutation(both, None));
        assert!(!mutation(both, Some("Neither")));
    }
}
