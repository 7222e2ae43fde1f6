//! `/login`: 工号 + 密码.
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::ApiError;
use crate::app::{tr, use_lang, use_session, LangSwitch};
use crate::i18n::{t, Lang};
use crate::session::{safe_next, AuthStatus};

/// Why the form did not sign in. Kept as data, not text, so it re-translates on a language switch.
#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Missing,
    Api(ApiError),
}

/// On this form the generic texts would mislead: UNAUTHENTICATED means a wrong password here,
/// not an expired session, and FORBIDDEN means the account is deactivated.
fn form_error_text(err: &FormError, lang: Lang) -> String {
    match err {
        FormError::Missing => t(lang, "login.missing").to_owned(),
        FormError::Api(ApiError::Unauthenticated) => t(lang, "login.bad_credentials").to_owned(),
        FormError::Api(ApiError::Forbidden) => t(lang, "login.locked").to_owned(),
        FormError::Api(ApiError::RateLimited) => t(lang, "login.throttled").to_owned(),
        FormError::Api(other) => other.message(lang),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let navigate = use_navigate();
    let query = use_query_map();

    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let pending = RwSignal::new(false);
    let password_ref = NodeRef::<html::Input>::new();

    // Signed in (by this form, or by the silent refresh at app start): go where the user meant to.
    Effect::new(move |_| {
        if session.status() == AuthStatus::SignedIn {
            let next = query.with_untracked(|q| q.get("next"));
            navigate(
                &safe_next(next.as_deref()),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let login = user.get_untracked().trim().to_owned();
        let pass = password.get_untracked();
        if login.is_empty() || pass.is_empty() {
            error.set(Some(FormError::Missing));
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = session.sign_in(&login, &pass).await;
            // The page may be gone by now (successful sign-in navigates away): try_* are no-ops then.
            pending.try_set(false);
            if let Err(err) = result {
                if err == ApiError::Unauthenticated {
                    password.try_set(String::new());
                    if let Some(input) = password_ref.get_untracked() {
                        let _ = input.focus();
                    }
                }
                error.try_set(Some(FormError::Api(err)));
            }
        });
    };

    view! {
        <div class="standalone">
            <header class="standalone-header">
                <span class="brand">{tr("app.name")}</span>
                <LangSwitch />
            </header>
            <main class="card standalone-card">
                <h1>{tr("login.title")}</h1>
                <p class="muted">{tr("login.subtitle")}</p>
                {move || session.notice().map(|key| view! {
                    <p class="notice" id="login-notice" role="status">{tr(key)}</p>
                })}
                <form id="login-form" class="form" on:submit=on_submit novalidate=true>
                    <label class="field">
                        <span>{tr("login.user")}</span>
                        <input
                            id="login-user"
                            name="username"
                            type="text"
                            autocomplete="username"
                            autocapitalize="none"
                            spellcheck="false"
                            enterkeyhint="next"
                            required=true
                            prop:value=move || user.get()
                            on:input=move |ev| {
                                user.set(event_target_value(&ev));
                                error.set(None);
                            }
                        />
                    </label>
                    <label class="field">
                        <span>{tr("login.password")}</span>
                        <input
                            id="login-password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            enterkeyhint="go"
                            required=true
                            node_ref=password_ref
                            prop:value=move || password.get()
                            on:input=move |ev| {
                                password.set(event_target_value(&ev));
                                error.set(None);
                            }
                        />
                    </label>
                    <Show when=move || error.with(Option::is_some)>
                        <p id="login-error" class="form-error" role="alert">
                            {move || error.with(|e| e.as_ref().map(|e| form_error_text(e, lang.get())))}
                        </p>
                    </Show>
                    <button
                        id="login-submit"
                        type="submit"
                        class="btn btn-primary btn-block"
                        disabled=move || pending.get()
                    >
                        {move || if pending.get() { t(lang.get(), "login.submitting") } else { t(lang.get(), "login.submit") }}
                    </button>
                </form>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_specific_texts() {
        let wrong = form_error_text(&FormError::Api(ApiError::Unauthenticated), Lang::Zh);
        assert_eq!(wrong, t(Lang::Zh, "login.bad_credentials"));
        let locked = form_error_text(&FormError::Api(ApiError::Forbidden), Lang::En);
        assert_eq!(locked, t(Lang::En, "login.locked"));
        let slow = form_error_text(&FormError::Api(ApiError::RateLimited), Lang::Zh);
        assert_eq!(slow, t(Lang::Zh, "login.throttled"));
        let down = form_error_text(&FormError::Api(ApiError::Network), Lang::Zh);
        assert_eq!(down, t(Lang::Zh, "error.network"));
    }
}
