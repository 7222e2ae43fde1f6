//! The root component, routing, and the signed-in shell (header, navigation, auth guard).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use entity::{Area, Bundle};

use crate::components::{ToastHost, Toasts};
use crate::i18n::{t, Lang};
use crate::pages::{
    AccountsPage, EliminationPage, EmployeeDetailPage, EmployeesPage, HomePage, ImportPage,
    LoginPage, MemberPage, MyTalentPage, NominatePage, NominationPage, NotFoundPage, OrgPage,
    PasswordPage, PointsImportPage, ProfilePage, ServiceAccountsPage, StandardsPage, TalentPage,
};
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

/// The path the page was loaded at; a bundle never reloads into the path it was sent for.
static FIRST_PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

pub fn remember_first_path() {
    let _ = FIRST_PATH.set(current_path());
}

/// The view of a path this bundle has no route for. When another bundle owns the path
/// ([`Bundle::for_path`]), a link inside this bundle led here, so the path is loaded afresh and
/// the server sends that bundle. Otherwise, or for the path the page was loaded at (which would
/// reload forever), it is the not-found page.
fn elsewhere<const B: u8>() -> AnyView {
    // The router's location: the address bar may not show the new path yet.
    let location = use_location();
    let path = location.pathname.get_untracked();
    if Bundle::for_path(&path) as u8 == B || FIRST_PATH.get().is_some_and(|first| *first == path) {
        return NotFoundPage().into_any();
    }
    let target = format!("{path}{}", location.search.get_untracked());
    // After the router has put the path in the address bar (and the history), reload it; a
    // second history entry would make "back" land on the same page.
    set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                let _ = if current_path() == path {
                    w.location().reload()
                } else {
                    w.location().assign(&target)
                };
            }
        },
        std::time::Duration::ZERO,
    );
    view! { <p class="loading" role="status">{tr("app.loading")}</p> }.into_any()
}

/// The root of bundle `B` (an [`entity::Bundle`] as `u8`).
pub fn app<const B: u8>() -> impl IntoView {
    let lang = RwSignal::new(Lang::load());
    provide_context(lang);
    let session = Session::new();
    provide_context(session);
    Toasts::provide();

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

    view! { <Router>{routes::<B>()}</Router> }
}

/// The routes of bundle `B`: its own pages, under the signed-in [`Shell`], and the sign-in page,
/// which every bundle has so that signing in never switches bundles. Every other path goes to
/// [`elsewhere`]. The choice is a constant, so a bundle's binary holds no code of the pages it
/// does not carry. Each route's owner must be [`Bundle::for_path`]'s, which a browser test checks
/// page by page.
fn routes<const B: u8>() -> AnyView {
    if const { B == Bundle::People as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("employees") view=EmployeesPage />
                    <Route path=path!("employees/import") view=ImportPage />
                    <Route path=path!("employees/:id") view=EmployeeDetailPage />
                    <Route path=path!("org") view=OrgPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else if const { B == Bundle::Talent as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("talent") view=TalentPage />
                    <Route path=path!("talent/standards") view=StandardsPage />
                    <Route path=path!("talent/elimination") view=EliminationPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else if const { B == Bundle::Nominations as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("talent/nominate") view=NominatePage />
                    <Route path=path!("talent/nominations/:id") view=NominationPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else if const { B == Bundle::Members as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("talent/members/:employeeId") view=MemberPage />
                    <Route path=path!("talent/points/import") view=PointsImportPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else if const { B == Bundle::MyTalent as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("me/talent") view=MyTalentPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else if const { B == Bundle::Admin as u8 } {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("admin/accounts") view=AccountsPage />
                    <Route path=path!("admin/service-accounts") view=ServiceAccountsPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
    } else {
        view! {
            <Routes fallback={elsewhere::<B>}>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("me") view=ProfilePage />
                    <Route path=path!("password") view=PasswordPage />
                </ParentRoute>
            </Routes>
        }
        .into_any()
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

/// One entry of the navigation: shown only to roles that may open its area (the shared
/// `entity::Area` rule, which the server's policy test checks), and not to those who may open
/// `unless`, whose entry already leads there (keeping the phone's tab bar short).
#[derive(Clone, Copy)]
struct NavItem {
    area: Area,
    unless: Option<Area>,
    href: &'static str,
    id: &'static str,
    label: &'static str,
    icon: &'static str,
}

const NAV: &[NavItem] = &[
    NavItem {
        unless: None,
        area: Area::Home,
        href: "/",
        id: "nav-home",
        label: "nav.home",
        icon: "M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
    },
    NavItem {
        unless: None,
        area: Area::Employees,
        href: "/employees",
        id: "nav-employees",
        label: "nav.employees",
        icon: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10a7 7 0 0 1 14 0zm15-10a3 3 0 1 0 0-6m2 16h3a6 6 0 0 0-5-5.9",
    },
    NavItem {
        unless: None,
        area: Area::OrgTree,
        href: "/org",
        id: "nav-org",
        label: "nav.org",
        icon: "M10 3h4v4h-4zM3 17h4v4H3zm7 0h4v4h-4zm7 0h4v4h-4zM12 7v5M5 17v-3h14v3M12 12v5",
    },
    NavItem {
        unless: None,
        area: Area::Talent,
        href: "/talent",
        id: "nav-talent",
        label: "nav.talent",
        icon: "M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z",
    },
    NavItem {
        // Those with the overview reach 我的梯队 from it and from 我的.
        unless: Some(Area::Talent),
        area: Area::MyTalent,
        href: "/me/talent",
        id: "nav-my-talent",
        label: "nav.my_talent",
        icon: "M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z",
    },
    NavItem {
        unless: None,
        area: Area::Accounts,
        href: "/admin/accounts",
        id: "nav-accounts",
        label: "nav.accounts",
        icon: "M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
    },
    NavItem {
        unless: None,
        area: Area::ServiceAccounts,
        href: "/admin/service-accounts",
        id: "nav-service-accounts",
        label: "nav.service_accounts",
        icon: "M4 6h16v5H4zm0 7h16v5H4zm3-4h.01M7 16h.01",
    },
    NavItem {
        unless: None,
        area: Area::Profile,
        href: "/me",
        id: "nav-me",
        label: "nav.me",
        icon: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 9a8 8 0 0 1 16 0z",
    },
];

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
            <nav class="app-nav" aria-label=tr("nav.main")>
                {NAV
                    .iter()
                    .map(|item| {
                        let item = *item;
                        view! {
                            <Show when=move || {
                                session.may_open(item.area)
                                    && !item.unless.is_some_and(|a| session.may_open(a))
                            }>
                                <A href=item.href exact=matches!(item.href, "/" | "/me") attr:class="nav-link" attr:id=item.id>
                                    <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true">
                                        <path d=item.icon />
                                    </svg>
                                    <span>{tr(item.label)}</span>
                                </A>
                            </Show>
                        }
                    })
                    .collect_view()}
            </nav>
            <main class="app-main">
                <Show
                    when=move || signed_in.get()
                    fallback=|| view! { <p class="loading" role="status">{tr("app.loading")}</p> }
                >
                    <Outlet />
                </Show>
            </main>
            <ToastHost />
        </div>
    }
}
