//! `/password`: change one's own password. The server ends the other sessions.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::change_password;
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{Breadcrumbs, Crumb};
use crate::i18n::{t, Lang};

use entity::{FieldError, MAX_PASSWORD, MIN_PASSWORD};

#[derive(Clone, Debug, PartialEq)]
enum Problem {
    /// The shared password rule (`entity::password`), the same one the server enforces.
    Rule(FieldError),
    Mismatch,
    Same,
    Api(ApiError),
}

fn check(current: &str, new: &str, repeat: &str) -> Result<(), Problem> {
    entity::password("newPassword", new).map_err(Problem::Rule)?;
    if new != repeat {
        return Err(Problem::Mismatch);
    }
    if new == current {
        return Err(Problem::Same);
    }
    Ok(())
}

fn problem_text(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Rule(e) => match lang {
            Lang::Zh => e.problem.message_zh(),
            Lang::En => e.problem.message_en(),
        },
        Problem::Mismatch => t(lang, "password.mismatch").to_owned(),
        Problem::Same => t(lang, "password.same").to_owned(),
        Problem::Api(e) => e.message(lang),
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (c, n, r) = (
            current.get_untracked(),
            new.get_untracked(),
            repeat.get_untracked(),
        );
        if let Err(p) = check(&c, &n, &r) {
            problem.set(Some(p));
            return;
        }
        problem.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = api::call::<api::ops::ChangePassword>(change_password::Variables {
                current_password: c,
                new_password: n,
            })
            .await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    // The server ended every session, this one included: say so on the login
                    // page rather than failing at the next refresh.
                    session.sign_out_with_notice("password.changed").await;
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(Problem::Api(err)));
                }
            }
        });
    };

    view! {
        <section class="page narrow">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.me", Some("/me")), Crumb::key("password.title", None)] />
            <h1>{tr("password.title")}</h1>
            <form class="form card" on:submit=on_submit novalidate>
                <label class="field">
                    <span>{tr("password.current")}</span>
                    <input id="password-current" type="password" autocomplete="current-password"
                        prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{tr("password.new")}</span>
                    <input id="password-new" type="password" autocomplete="new-password" minlength=MIN_PASSWORD maxlength=MAX_PASSWORD
                        prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev)) />
                    <small class="muted">{tr("password.rule")}</small>
                </label>
                <label class="field">
                    <span>{tr("password.repeat")}</span>
                    <input id="password-repeat" type="password" autocomplete="new-password"
                        prop:value=move || repeat.get() on:input=move |ev| repeat.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert" id="password-error">{move || problem_text(&p, lang.get())}</p>
                })}
                <button id="password-submit" type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                    {tr("password.submit")}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_password_is_checked_before_sending() {
        assert!(matches!(
            check("old-pass-1", "short", "short"),
            Err(Problem::Rule(_))
        ));
        let long = "长".repeat(129);
        assert!(matches!(
            check("old-pass-1", &long, &long),
            Err(Problem::Rule(_))
        ));
        assert_eq!(
            check("old-pass-1", "new-pass-1", "new-pass-2"),
            Err(Problem::Mismatch)
        );
        assert_eq!(
            check("same-pass-1", "same-pass-1", "same-pass-1"),
            Err(Problem::Same)
        );
        assert!(matches!(
            check("old-pass-1", "密码很安全的呀", "密码很安全的呀"),
            Err(Problem::Rule(_))
        ));
        assert_eq!(
            check("old-pass-1", "新密码很安全的呀", "新密码很安全的呀"),
            Ok(())
        );
    }
}
