//! The one GraphQL client of the app.
//!
//! * Every operation is a `.graphql` file under `frontend/graphql/`, checked against the
//!   committed `schema.graphql` at compile time by `graphql_client` (see [`ops`]): a schema
//!   change that breaks a page breaks the build, not a user. Enums come from the `entity` crate.
//! * The access token lives only in memory (a thread-local; wasm is single-threaded). It is never
//!   written to localStorage, so an XSS payload cannot lift a long-lived credential from disk; a
//!   reload gets a fresh one from the `HttpOnly` refresh cookie via `refreshSession`.
//! * Errors are mapped from `errors[].extensions.code` to [`ApiError`], which pages translate.
//! * A request that fails with UNAUTHENTICATED (expired access token) refreshes once and retries.
//!   Concurrent failures share one refresh, because the server rotates refresh tokens and a
//!   second refresh with the already-used cookie would be rejected (or treated as token reuse).
use std::cell::RefCell;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Request;
use graphql_client::GraphQLQuery;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use web_sys::RequestCredentials;

use crate::i18n::{t, Lang};

pub mod ops;
mod value_de;

/// Same origin as the app: the backend serves `dist/` and the API together.
const ENDPOINT: &str = "/graphql";

thread_local! {
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static REFRESH_IN_FLIGHT: RefCell<Option<SharedRefresh>> = const { RefCell::new(None) };
}

type SharedRefresh = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

fn access_token() -> Option<String> {
    ACCESS_TOKEN.with(|t| t.borrow().clone())
}

fn set_access_token(token: Option<String>) {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = token);
}

/// A failed API call, by the server's `extensions.code` plus the two client-side failures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    Unauthenticated,
    Forbidden,
    /// Validation failures carry the server's own texts: only the server knows which field failed.
    BadUserInput {
        zh: Option<String>,
        en: Option<String>,
    },
    NotFound,
    Conflict,
    RateLimited,
    Internal,
    /// The request never got an answer (offline, DNS, CORS, aborted).
    Network,
    /// An answer we cannot read: non-JSON body, unknown code, or data of the wrong shape.
    Unexpected,
}

impl std::fmt::Display for ApiError {
    /// Only for logs: the screen shows [`ApiError::message`] in the user's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message_key())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    fn from_code(code: Option<&str>, zh: Option<String>, en: Option<String>) -> ApiError {
        match code {
            Some("UNAUTHENTICATED") => ApiError::Unauthenticated,
            Some("FORBIDDEN") => ApiError::Forbidden,
            Some("BAD_USER_INPUT") => ApiError::BadUserInput { zh, en },
            Some("NOT_FOUND") => ApiError::NotFound,
            Some("CONFLICT") => ApiError::Conflict,
            Some("RATE_LIMITED") => ApiError::RateLimited,
            Some("INTERNAL") => ApiError::Internal,
            _ => ApiError::Unexpected,
        }
    }

    /// The i18n key of our own text for this error.
    pub fn message_key(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "error.unauthenticated",
            ApiError::Forbidden => "error.forbidden",
            ApiError::BadUserInput { .. } => "error.bad_input",
            ApiError::NotFound => "error.not_found",
            ApiError::Conflict => "error.conflict",
            ApiError::RateLimited => "error.rate_limited",
            ApiError::Internal => "error.internal",
            ApiError::Network => "error.network",
            ApiError::Unexpected => "error.unexpected",
        }
    }

    /// Text to show the user. For `BAD_USER_INPUT` the server's message in the current language is
    /// preferred (falling back to the other language, then to ours); for everything else our own
    /// wording is used, so internal details in server messages never reach the screen.
    pub fn message(&self, lang: Lang) -> String {
        if let ApiError::BadUserInput { zh, en } = self {
            let (first, second) = match lang {
                Lang::Zh => (zh, en),
                Lang::En => (en, zh),
            };
            if let Some(text) = first
                .as_deref()
                .or(second.as_deref())
                .filter(|s| !s.trim().is_empty())
            {
                return text.to_owned();
            }
        }
        t(lang, self.message_key()).to_owned()
    }
}

#[derive(Deserialize)]
struct GqlResponse {
    data: Option<Value>,
    #[serde(default)]
    errors: Vec<GqlError>,
}

#[derive(Deserialize)]
struct GqlError {
    extensions: Option<GqlExtensions>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlExtensions {
    code: Option<String>,
    message_zh: Option<String>,
    message_en: Option<String>,
}

/// One HTTP round trip with whatever token is current. Returns the `data` object.
async fn post(body: &Value) -> Result<Value, ApiError> {
    let mut builder = Request::post(ENDPOINT)
        // The refresh cookie is HttpOnly on path /graphql; the browser only sends it when
        // credentials are allowed. Same-origin is enough (API and app share an origin) and
        // keeps the cookie from ever riding along to another host.
        .credentials(RequestCredentials::SameOrigin)
        .header("content-type", "application/json");
    if let Some(token) = access_token() {
        builder = builder.header("authorization", &format!("Bearer {token}"));
    }
    let request = builder.json(body).map_err(|_| ApiError::Unexpected)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    parse_response(status, &text)
}

/// Reads an answer. GraphQL errors may come with any HTTP status, so the body decides first;
/// the status is only a fallback for proxies that answer with HTML or an empty body.
fn parse_response(status: u16, body: &str) -> Result<Value, ApiError> {
    let Ok(parsed) = serde_json::from_str::<GqlResponse>(body) else {
        return Err(match status {
            401 => ApiError::Unauthenticated,
            403 => ApiError::Forbidden,
            429 => ApiError::RateLimited,
            500..=599 => ApiError::Internal,
            _ => ApiError::Unexpected,
        });
    };
    if let Some(first) = parsed.errors.into_iter().next() {
        let ext = first.extensions;
        let code = ext.as_ref().and_then(|e| e.code.as_deref());
        return Err(ApiError::from_code(
            code,
            ext.as_ref().and_then(|e| e.message_zh.clone()),
            ext.as_ref().and_then(|e| e.message_en.clone()),
        ));
    }
    parsed.data.ok_or(ApiError::Unexpected)
}

fn decode<T: DeserializeOwned>(data: Value) -> Result<T, ApiError> {
    value_de::from_value(&data).map_err(|_| ApiError::Unexpected)
}

fn body_of<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Value, ApiError> {
    serde_json::to_value(Q::build_query(variables)).map_err(|_| ApiError::Unexpected)
}

/// Runs operation `Q` on behalf of the signed-in user: on UNAUTHENTICATED, refresh once and
/// retry once.
pub async fn call<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError> {
    let body = body_of::<Q>(variables)?;
    decode(send(body).await?)
}

/// The part of [`call`] that does not depend on the operation, as one boxed future: every
/// operation's own code then holds only its variables and its answer's shape, instead of a copy
/// of the round trip and the refresh (a copy per operation was a tenth of the web app's code).
fn send(body: Value) -> LocalBoxFuture<'static, Result<Value, ApiError>> {
    async move {
        let sent_with = access_token();
        match post(&body).await {
            Err(ApiError::Unauthenticated) => {
                // If another call already refreshed while ours was in flight, just retry with
                // the new token rather than spending the refresh cookie again.
                if access_token() == sent_with {
                    // A refresh that fails for any reason but the network means "sign in again".
                    refresh_session().await.map_err(|e| match e {
                        ApiError::Network => ApiError::Network,
                        _ => ApiError::Unauthenticated,
                    })?;
                }
                post(&body).await
            }
            other => other,
        }
    }
    .boxed_local()
}

/// Signs in. A wrong password is UNAUTHENTICATED here and must not trigger a refresh, so this
/// goes straight to [`post`].
pub async fn login(login: &str, password: &str) -> Result<(), ApiError> {
    set_access_token(None);
    let body = body_of::<ops::Login>(ops::login::Variables {
        login: login.to_owned(),
        password: password.to_owned(),
    })?;
    let data: ops::login::ResponseData = decode(post(&body).await?)?;
    set_access_token(Some(data.login.access_token));
    Ok(())
}

/// Trades the refresh cookie for a new access token; shared by all concurrent callers.
pub async fn refresh_session() -> Result<(), ApiError> {
    let shared = REFRESH_IN_FLIGHT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if let Some(existing) = slot.as_ref() {
            return existing.clone();
        }
        let fresh = do_refresh().boxed_local().shared();
        *slot = Some(fresh.clone());
        fresh
    });
    let result = shared.clone().await;
    REFRESH_IN_FLIGHT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|s| Shared::ptr_eq(s, &shared)) {
            *slot = None;
        }
    });
    result
}

async fn do_refresh() -> Result<(), ApiError> {
    let result = match body_of::<ops::RefreshSession>(ops::refresh_session::Variables) {
        Ok(body) => post(&body)
            .await
            .and_then(decode::<ops::refresh_session::ResponseData>),
        Err(err) => Err(err),
    };
    match result {
        Ok(data) => {
            set_access_token(Some(data.refresh_session.access_token));
            Ok(())
        }
        Err(err) => {
            // Any failure other than a network blip means the session is gone; drop the stale
            // token so later calls do not keep presenting it.
            if err != ApiError::Network {
                set_access_token(None);
            }
            Err(err)
        }
    }
}

/// Ends the session on the server (revokes the refresh token, clears the cookie). The local
/// token is dropped even if the server cannot be reached, so the UI is signed out either way.
pub async fn logout() -> Result<(), ApiError> {
    let result = match body_of::<ops::Logout>(ops::logout::Variables) {
        Ok(body) => post(&body).await.map(|_| ()),
        Err(err) => Err(err),
    };
    set_access_token(None);
    result
}

/// The signed-in user's account, roles and own record.
pub async fn me() -> Result<ops::me::MeMe, ApiError> {
    call::<ops::Me>(ops::me::Variables).await.map(|d| d.me)
}

/// The error of a plain HTTP endpoint (file import and export), which answers
/// `{"error": {"message", "extensions": {"code", "messageZh", "messageEn"}}}`.
pub fn file_error(status: u16, body: &str) -> ApiError {
    #[derive(Deserialize)]
    struct Wrapper {
        error: GqlError,
    }
    match serde_json::from_str::<Wrapper>(body) {
        Ok(w) => {
            let ext = w.error.extensions;
            ApiError::from_code(
                ext.as_ref().and_then(|e| e.code.as_deref()),
                ext.as_ref().and_then(|e| e.message_zh.clone()),
                ext.as_ref().and_then(|e| e.message_en.clone()),
            )
        }
        Err(_) => match parse_response(status, body) {
            Err(e) => e,
            Ok(_) => ApiError::Unexpected,
        },
    }
}

/// Sends a plain HTTP request (file import and export) with the bearer token. An expired
/// access token is refreshed from the cookie and the request sent once more, as [`call`] does
/// for GraphQL; `build` makes the request afresh for each attempt.
pub async fn send_with_bearer(
    build: impl Fn(&str) -> Result<gloo_net::http::Request, ApiError>,
) -> Result<gloo_net::http::Response, ApiError> {
    if access_token().is_none() {
        refresh_session().await?;
    }
    let sent_with = access_token();
    let bearer = |t: Option<String>| format!("Bearer {}", t.unwrap_or_default());
    let response = build(&bearer(sent_with.clone()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status() != 401 {
        return Ok(response);
    }
    if access_token() == sent_with {
        refresh_session().await.map_err(|e| match e {
            ApiError::Network => ApiError::Network,
            _ => ApiError::Unauthenticated,
        })?;
    }
    build(&bearer(access_token()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)
}

/// Fetches an `.xlsx` export at `url` (with the bearer token, which a plain link could not
/// carry) and hands it to the browser as a download named `filename`.
pub async fn download_xlsx(url: &str, filename: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let response = send_with_bearer(|bearer| {
        gloo_net::http::Request::get(url)
            .header("authorization", bearer)
            .build()
            .map_err(|_| ApiError::Unexpected)
    })
    .await?;
    if !response.ok() {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        return Err(file_error(status, &body));
    }
    let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| ApiError::Unexpected)?;
    let object =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::Unexpected)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(ApiError::Unexpected)?;
    let a = document
        .create_element("a")
        .map_err(|_| ApiError::Unexpected)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| ApiError::Unexpected)?;
    a.set_href(&object);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&object);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_translated_text() {
        let all = [
            ApiError::Unauthenticated,
            ApiError::Forbidden,
            ApiError::BadUserInput { zh: None, en: None },
            ApiError::NotFound,
            ApiError::Conflict,
            ApiError::RateLimited,
            ApiError::Internal,
            ApiError::Network,
            ApiError::Unexpected,
        ];
        for err in all {
            let key = err.message_key();
            assert_ne!(t(Lang::Zh, key), key, "no text for {key}");
        }
    }

    #[test]
    fn codes_map_to_variants() {
        assert_eq!(
            ApiError::from_code(Some("RATE_LIMITED"), None, None),
            ApiError::RateLimited
        );
        assert_eq!(
            ApiError::from_code(Some("FORBIDDEN"), None, None),
            ApiError::Forbidden
        );
        assert_eq!(
            ApiError::from_code(Some("SOMETHING_NEW"), None, None),
            ApiError::Unexpected
        );
        assert_eq!(ApiError::from_code(None, None, None), ApiError::Unexpected);
    }

    #[test]
    fn bad_input_prefers_server_text_in_current_language() {
        let err = ApiError::BadUserInput {
            zh: Some("手机号格式不正确".into()),
            en: Some("Invalid phone".into()),
        };
        assert_eq!(err.message(Lang::Zh), "手机号格式不正确");
        assert_eq!(err.message(Lang::En), "Invalid phone");
        let zh_only = ApiError::BadUserInput {
            zh: Some("手机号格式不正确".into()),
            en: None,
        };
        assert_eq!(zh_only.message(Lang::En), "手机号格式不正确");
        let none = ApiError::BadUserInput { zh: None, en: None };
        assert_eq!(none.message(Lang::Zh), t(Lang::Zh, "error.bad_input"));
    }

    #[test]
    fn the_body_decides_before_the_status() {
        let forbidden =
            r#"{"data":null,"errors":[{"message":"x","extensions":{"code":"FORBIDDEN"}}]}"#;
        assert_eq!(parse_response(200, forbidden), Err(ApiError::Forbidden));
        assert_eq!(parse_response(502, "<html>"), Err(ApiError::Internal));
        assert_eq!(parse_response(200, "<html>"), Err(ApiError::Unexpected));
        assert_eq!(
            parse_response(200, r#"{"data":{"logout":true}}"#),
            Ok(serde_json::json!({"logout": true}))
        );
    }

    #[test]
    fn other_errors_use_our_texts() {
        assert_eq!(
            ApiError::RateLimited.message(Lang::En),
            t(Lang::En, "error.rate_limited")
        );
    }
}
