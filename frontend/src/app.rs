//! The root component, routing, and the signed-in shell (header, navigation, auth guard).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::i18n::{t, Lang};
use crate::pages::{EmployeesPage, HomePage, LoginPage, NotFoundPage};
use crate::session::{AuthStatus, Session};

/// The current language, provided by [`App`].
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// A reactive text: re-renders when the language is switched.
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || t(lang.get(), key)
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::load());
    provide_context(lang);
    let session = Session::new();
    provide_context(session);

    // Persist the choice and keep <html lang> and the tab title in step with it.
    Effect::new(move |_| {
        let lang = lang.get();
        lang.save();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.html_lang());
            }
            doc.set_title(t(lang, "app.name"));
        }
    });

    // Silent sign-in from the refresh cookie, so a reload does not show the login form.
    spawn_local(session.restore());

    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("employees") view=EmployeesPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Language toggle, present on every page. Labelled with the language it switches *to*.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            id="lang-switch"
            type="button"
            class="btn btn-ghost"
            title=tr("lang.switch_title")
            on:click=move |_| lang.update(|l| *l = l.toggle())
        >
            {tr("lang.switch")}
        </button>
    }
}

/// `/login`, remembering `here` unless it is the home page (the default destination anyway).
fn login_url(here: &str) -> String {
    if here.is_empty() || here == "/" {
        "/login".to_owned()
    } else {
        format!(
            "/login?next={}",
            String::from(js_sys::encode_uri_component(here))
        )
    }
}

/// Layout of every signed-in page; also the guard that sends signed-out visitors to /login.
#[component]
fn Shell() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();

    Effect::new(move |_| {
        if let AuthStatus::SignedOut { remember_page } = session.status() {
            let target = if remember_page {
                let here = format!(
                    "{}{}",
                    location.pathname.get_untracked(),
                    location.search.get_untracked()
                );
                login_url(&here)
            } else {
                "/login".to_owned()
            };
            // Replace, so "back" after signing in does not land on a page that bounces again.
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let signed_in = Memo::new(move |_| session.status() == AuthStatus::SignedIn);
    let can_list = Memo::new(move |_| session.can_list_employees());
    let logging_out = RwSignal::new(false);
    let logout = move |_| {
        logging_out.set(true);
        spawn_local(session.sign_out());
    };

    view! {
        <div class="app">
            <header class="app-header">
                <span class="brand">{tr("app.name")}</span>
                <div class="header-actions">
                    <LangSwitch />
                    <Show when=move || signed_in.get()>
                        <button
                            id="logout"
                            type="button"
                            class="btn btn-ghost"
                            disabled=move || logging_out.get()
                            on:click=logout
                        >
                            {tr("nav.logout")}
                        </button>
                    </Show>
                </div>
            </header>
            <nav class="app-nav" aria-label=tr("app.name")>
                <A href="/" exact=true attr:class="nav-link">
                    <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />
                    </svg>
                    <span>{tr("nav.home")}</span>
                </A>
                <Show when=move || can_list.get()>
                    <A href="/employees" attr:class="nav-link">
                        <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10a7 7 0 0 1 14 0zm15-10a3 3 0 1 0 0-6m2 16h3a6 6 0 0 0-5-5.9" />
                        </svg>
                        <span>{tr("nav.employees")}</span>
                    </A>
                </Show>
            </nav>
            <main class="app-main">
                <Show
                    when=move || signed_in.get()
                    fallback=|| view! { <p class="loading" role="status">{tr("app.loading")}</p> }
                >
                    <Outlet />
                </Show>
            </main>
        </div>
    }
}
