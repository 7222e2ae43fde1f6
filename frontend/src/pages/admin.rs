//! `/admin/accounts` and `/admin/service-accounts`: administrators manage logins, roles and the
//! third-party systems that use the API.
//!
//! * Accounts: a paged list (by 工号) with the roles as chips; per account the roles can be
//!   changed (optimistic concurrency through `version`), the account (de)activated and the
//!   password reset; a form opens the account of an employee found by 工号 or name.
//! * Integrations: service accounts with their API tokens; a token's secret is shown exactly
//!   once, in the dialog that issued it, and is gone from memory when that dialog closes.
//!
//! Every input is checked with the same rules the server applies (`entity`), so most mistakes
//! are caught before a round trip; the server's own BAD_USER_INPUT texts are shown otherwise.
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::{
    accounts, create_account, create_api_token, create_service_account, employees, reset_password,
    revoke_api_token, service_accounts, set_account_active, set_account_roles,
};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{
    escape_closes, keep_tab_inside, modal_focus, use_toasts, Breadcrumbs, ConfirmDialog, Crumb,
    Empty, Fetched, StatusChip,
};
use crate::format::date_time;
use crate::i18n::{t, Lang};
use crate::pages::guarded;
use entity::{ApiScope, Area, EmployeeStatus, FieldError, Problem, Role};

/// Accounts per page.
const PAGE_SIZE: i64 = 50;
/// Employees offered when searching for whom to open an account.
const CANDIDATES: i64 = 8;
/// Typing pauses shorter than this do not fire a search (pinyin IMEs emit many input events).
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);
/// Bounds of a token's lifetime in days, as the server enforces them.
const MIN_EXPIRY_DAYS: i64 = 1;
const MAX_EXPIRY_DAYS: i64 = 3650;

type Account = accounts::AccountsAccountsNodes;
type ServiceAccount = service_accounts::ServiceAccountsServiceAccounts;
type Token = service_accounts::ServiceAccountsServiceAccountsTokens;

// ---------------------------------------------------------------------------------------------
// Logic (pure, unit-tested)
// ---------------------------------------------------------------------------------------------

/// `current` with `item` switched on or off, in the canonical order of `all` and without
/// duplicates, so the same choice always sends the same list.
fn toggled<T: Copy + PartialEq>(all: &[T], current: &[T], item: T, on: bool) -> Vec<T> {
    all.iter()
        .copied()
        .filter(|x| if *x == item { on } else { current.contains(x) })
        .collect()
}

fn role_label(role: Role, lang: Lang) -> &'static str {
    lang.pick(role.label_zh(), role.label_en())
}

fn scope_label(scope: ApiScope, lang: Lang) -> &'static str {
    lang.pick(scope.label_zh(), scope.label_en())
}

/// A scope as an element-id fragment: `org:read` → `org-read`.
fn scope_slug(scope: ApiScope) -> String {
    scope.key().replace(':', "-")
}

/// The optional lifetime of a new token: empty means "never expires"; otherwise a whole number
/// of days within the server's bounds. Full-width digits (typed with a Chinese IME) are accepted.
fn parse_expiry(text: &str) -> Result<Option<i64>, FieldError> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            other => other,
        })
        .collect();
    if ascii.is_empty() {
        return Ok(None);
    }
    match ascii.parse::<i64>() {
        Ok(days) if (MIN_EXPIRY_DAYS..=MAX_EXPIRY_DAYS).contains(&days) => Ok(Some(days)),
        _ => Err(FieldError::new(
            "expiresInDays",
            Problem::OutOfRange {
                min: MIN_EXPIRY_DAYS,
                max: MAX_EXPIRY_DAYS,
            },
        )),
    }
}

/// Whether a token still opens the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenState {
    Active,
    Expired,
    Revoked,
}

fn token_state(
    revoked_at: Option<&str>,
    expires_at: Option<&str>,
    now: DateTime<Utc>,
) -> TokenState {
    if revoked_at.is_some() {
        return TokenState::Revoked;
    }
    let expired = expires_at
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .is_some_and(|at| at.with_timezone(&Utc) <= now);
    if expired {
        TokenState::Expired
    } else {
        TokenState::Active
    }
}

/// Now, from the browser's clock (chrono's own clock is not available in wasm here).
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The form fields whose rule may fail, named in the user's language in the error text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    InitialPassword,
    NewPassword,
    Name,
    Description,
    Label,
    Expiry,
}

impl Field {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::InitialPassword => t(lang, "accounts.initial_password"),
            Field::NewPassword => t(lang, "accounts.new_password"),
            Field::Name => t(lang, "service_accounts.name"),
            Field::Description => t(lang, "service_accounts.description"),
            Field::Label => t(lang, "tokens.label"),
            Field::Expiry => t(lang, "tokens.expiry_days"),
        }
    }
}

/// Why a form was not sent, or what the server answered.
#[derive(Clone, Debug, PartialEq)]
enum FormProblem {
    /// A shared `entity` rule failed for this field.
    Field(Field, FieldError),
    NoEmployee,
    NoRoles,
    NoScopes,
    Api(ApiError),
}

fn problem_text(p: &FormProblem, lang: Lang) -> String {
    match p {
        FormProblem::Field(field, e) => {
            let message = match lang {
                Lang::Zh => e.problem.message_zh(),
                Lang::En => e.problem.message_en(),
            };
            format!("{}{}{message}", field.label(lang), lang.pick("：", ": "))
        }
        FormProblem::NoEmployee => t(lang, "accounts.pick_employee").to_owned(),
        FormProblem::NoRoles => t(lang, "accounts.pick_roles").to_owned(),
        FormProblem::NoScopes => t(lang, "tokens.pick_scopes").to_owned(),
        FormProblem::Api(e) => e.message(lang),
    }
}

fn check_password(field: Field, password: &str) -> Result<String, FormProblem> {
    entity::password("password", password).map_err(|e| FormProblem::Field(field, e))
}

/// The new account's employee id, once an employee is picked, a role chosen and the initial
/// password passes the shared rule.
fn check_new_account(
    employee_id: Option<&str>,
    roles: &[Role],
    password: &str,
) -> Result<String, FormProblem> {
    let id = employee_id.ok_or(FormProblem::NoEmployee)?;
    if roles.is_empty() {
        return Err(FormProblem::NoRoles);
    }
    check_password(Field::InitialPassword, password)?;
    Ok(id.to_owned())
}

/// Trimmed name and description of a new service account.
fn check_service_account(name: &str, description: &str) -> Result<(String, String), FormProblem> {
    let name = entity::required_text("name", name, entity::MAX_NAME)
        .map_err(|e| FormProblem::Field(Field::Name, e))?;
    let description = entity::optional_text("description", description, entity::MAX_TEXT)
        .map_err(|e| FormProblem::Field(Field::Description, e))?;
    Ok((name, description))
}

/// Trimmed label, the scopes and the optional lifetime of a new token.
fn check_token(
    label: &str,
    scopes: &[ApiScope],
    expiry: &str,
) -> Result<(String, Vec<ApiScope>, Option<i64>), FormProblem> {
    let label = entity::required_text("label", label, entity::MAX_NAME)
        .map_err(|e| FormProblem::Field(Field::Label, e))?;
    if scopes.is_empty() {
        return Err(FormProblem::NoScopes);
    }
    let days = parse_expiry(expiry).map_err(|e| FormProblem::Field(Field::Expiry, e))?;
    Ok((label, scopes.to_vec(), days))
}

/// A translated sentence with one `{name}` placeholder filled in.
fn fill(lang: Lang, key: &'static str, placeholder: &str, value: &str) -> String {
    t(lang, key).replace(placeholder, value)
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// A form's problem as an alert, re-translated when the language changes.
fn problem_view(problem: RwSignal<Option<FormProblem>>, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        problem.get().map(|p| {
            view! { <p class="form-error" role="alert" id=id>{move || problem_text(&p, lang.get())}</p> }
        })
    }
}

/// A group of checkboxes choosing a subset of `all`; box ids are `{id_prefix}-{slug}`.
fn checks<T>(
    legend: &'static str,
    all: &'static [T],
    selected: RwSignal<Vec<T>>,
    id_prefix: &'static str,
    slug: fn(T) -> String,
    label: fn(T, Lang) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let lang = use_lang();
    view! {
        <fieldset class="checks" id=format!("{id_prefix}s")>
            <legend>{tr(legend)}</legend>
            {all
                .iter()
                .copied()
                .map(|item| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                id=format!("{id_prefix}-{}", slug(item))
                                prop:checked=move || selected.with(|s| s.contains(&item))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| *s = toggled(all, s, item, on));
                                }
                            />
                            <span>{move || label(item, lang.get())}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

fn role_slug(role: Role) -> String {
    role.key().to_owned()
}

// ---------------------------------------------------------------------------------------------
// /admin/accounts
// ---------------------------------------------------------------------------------------------

#[component]
pub fn AccountsPage() -> impl IntoView {
    guarded(Area::Accounts, "accounts.title", || view! { <Accounts /> })
}

/// Which per-account dialog is open.
#[derive(Clone, Debug, PartialEq)]
enum AccountDialog {
    Roles(Account),
    Password(Account),
}

#[component]
fn Accounts() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    // The cursor of the page shown; `None` is the first page.
    let after = RwSignal::new(None::<String>);
    let list = LocalResource::new(move || {
        let after = after.get();
        async move {
            api::call::<api::ops::Accounts>(accounts::Variables {
                first: PAGE_SIZE,
                after,
            })
            .await
            .map(|d| d.accounts)
        }
    });
    let reload = Callback::new(move |_| list.refetch());
    let creating = RwSignal::new(false);
    let dialog = RwSignal::new(None::<AccountDialog>);
    let to_deactivate = RwSignal::new(None::<Account>);
    let confirm_open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let my_id = Memo::new(move |_| {
        session
            .me()
            .with(|m| m.as_ref().map(|m| m.account_id.clone()))
    });

    let set_active = move |account: Account, active: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::call::<api::ops::SetAccountActive>(set_account_active::Variables {
                id: account.id,
                active,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    if active {
                        toasts.success("accounts.activated");
                    } else {
                        toasts.success("accounts.deactivated");
                    }
                    list.refetch();
                }
                Err(err) => {
                    session.check(&err);
                    toasts.error(err);
                }
            }
        });
    };
    let confirm_deactivate = Callback::new(move |_| {
        if let Some(account) = to_deactivate.get_untracked() {
            set_active(account, false);
        }
    });
    let deactivate_body = Signal::derive(move || {
        let login = to_deactivate.with(|a| a.as_ref().map(|a| a.login.clone()).unwrap_or_default());
        fill(lang.get(), "accounts.deactivate_body", "{login}", &login)
    });

    let row = move |a: Account| {
        let is_me = my_id.with(|m| m.as_deref() == Some(a.id.as_str()));
        let login = a.login.clone();
        let roles = a.roles.clone();
        let active = a.active;
        view! {
            <tr class="employee-row account-row" id=format!("account-row-{login}") data-active=active.to_string()>
                <td data-label=tr("accounts.login") class="mono account-login">
                    {login.clone()}
                    {is_me.then(|| view! { " " <span class="chip chip-muted">{tr("accounts.you")}</span> })}
                </td>
                <td data-label=tr("accounts.roles")>
                    <span class="role-chips">
                        {if roles.is_empty() {
                            view! { <span class="muted">"—"</span> }.into_any()
                        } else {
                            roles
                                .into_iter()
                                .map(|r| view! {
                                    <span class="chip" data-role=r.key()>{move || role_label(r, lang.get())}</span>
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </span>
                </td>
                <td data-label=tr("accounts.state")>
                    {if active {
                        view! { <span class="chip status-regular account-state">{tr("accounts.active")}</span> }.into_any()
                    } else {
                        view! { <span class="chip status-left account-state">{tr("accounts.inactive")}</span> }.into_any()
                    }}
                </td>
                <td data-label=tr("accounts.created_at") class="mono">{date_time(&a.created_at)}</td>
                <td data-label=tr("accounts.actions")>
                    <div class="actions row-actions">
                        <button type="button" class="btn btn-small" id=format!("account-roles-{login}")
                            on:click={
                                let a = a.clone();
                                move |_| dialog.set(Some(AccountDialog::Roles(a.clone())))
                            }>
                            {tr("accounts.edit_roles")}
                        </button>
                        <button type="button" class="btn btn-small" id=format!("account-reset-{login}")
                            on:click={
                                let a = a.clone();
                                move |_| dialog.set(Some(AccountDialog::Password(a.clone())))
                            }>
                            {tr("accounts.reset_password")}
                        </button>
                        {if active {
                            view! {
                                <button type="button" class="btn btn-small" id=format!("account-deactivate-{login}")
                                    disabled=move || is_me || busy.get()
                                    on:click={
                                        let a = a.clone();
                                        move |_| {
                                            to_deactivate.set(Some(a.clone()));
                                            confirm_open.set(true);
                                        }
                                    }>
                                    {tr("accounts.deactivate")}
                                </button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="btn btn-small" id=format!("account-activate-{login}")
                                    disabled=move || busy.get()
                                    on:click={
                                        let a = a.clone();
                                        move |_| set_active(a.clone(), true)
                                    }>
                                    {tr("accounts.activate")}
                                </button>
                            }.into_any()
                        }}
                    </div>
                </td>
            </tr>
        }
    };

    view! {
        <section class="page admin-accounts">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("accounts.title", None)] />
            <div class="page-head">
                <h1>{tr("accounts.title")}</h1>
                <button type="button" class="btn btn-primary" id="create-account-open"
                    aria-expanded=move || creating.get().to_string()
                    on:click=move |_| creating.update(|c| *c = !*c)>
                    {tr("accounts.create")}
                </button>
            </div>
            <Show when=move || creating.get()>
                <CreateAccountForm open=creating reload=reload />
            </Show>
            <Fetched resource=list view={move |page: accounts::AccountsAccounts| {
                let has_next = page.page_info.has_next_page;
                let cursor = page.page_info.end_cursor.clone();
                let empty = page.nodes.is_empty();
                view! {
                    <table class="employee-table account-table" id="accounts-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr("accounts.login")}</th>
                                <th scope="col">{tr("accounts.roles")}</th>
                                <th scope="col">{tr("accounts.state")}</th>
                                <th scope="col">{tr("accounts.created_at")}</th>
                                <th scope="col">{tr("accounts.actions")}</th>
                            </tr>
                        </thead>
                        <tbody>{page.nodes.into_iter().map(row).collect_view()}</tbody>
                    </table>
                    {empty.then(|| view! { <Empty text="accounts.empty" /> })}
                    <div class="list-footer pager">
                        <Show when=move || after.with(Option::is_some)>
                            <button type="button" class="btn" id="accounts-first" on:click=move |_| after.set(None)>
                                {tr("accounts.first_page")}
                            </button>
                        </Show>
                        {cursor.filter(|_| has_next).map(|cursor| view! {
                            <button type="button" class="btn" id="accounts-next"
                                on:click=move |_| after.set(Some(cursor.clone()))>
                                {tr("accounts.next_page")}
                            </button>
                        })}
                    </div>
                }
            }} />
            {move || dialog.get().map(|d| match d {
                AccountDialog::Roles(account) => view! {
                    <RolesDialog account=account dialog=dialog reload=reload />
                }.into_any(),
                AccountDialog::Password(account) => view! {
                    <PasswordDialog account=account dialog=dialog />
                }.into_any(),
            })}
            <ConfirmDialog
                open=confirm_open
                title="accounts.deactivate_title"
                body=deactivate_body
                on_confirm=confirm_deactivate
            />
        </section>
    }
}

/// An employee offered by the search of the create form.
#[derive(Clone, Debug, PartialEq)]
struct Candidate {
    id: String,
    employee_no: String,
    name: String,
    org_unit: String,
    status: EmployeeStatus,
}

async fn find_candidates(search: String) -> Result<Vec<Candidate>, ApiError> {
    if search.is_empty() {
        return Ok(Vec::new());
    }
    let vars = employees::Variables {
        first: CANDIDATES,
        after: None,
        filter: Some(employees::EmployeeFilterInput {
            search: Some(search),
            org_unit_id: None,
            position: None,
            status: None,
            key_position: None,
        }),
        sort: None,
    };
    let data = api::call::<api::ops::Employees>(vars).await?;
    Ok(data
        .employees
        .edges
        .into_iter()
        .map(|e| Candidate {
            id: e.node.id,
            employee_no: e.node.employee_no,
            name: e.node.name,
            org_unit: e.node.org_unit.name,
            status: e.node.status,
        })
        .collect())
}

/// Opens the login account of an employee: find them by 工号 or name, choose roles, set the
/// initial password.
#[component]
fn CreateAccountForm(open: RwSignal<bool>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let search = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Candidate>);
    let roles = RwSignal::new(vec![Role::Agent]);
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let candidates = LocalResource::new(move || {
        let q = query.get();
        async move { find_candidates(q).await }
    });

    let on_search = move |ev| {
        let text = event_target_value(&ev);
        search.set(text.clone());
        set_timeout(
            move || {
                if search.try_get_untracked().as_deref() == Some(text.as_str()) {
                    query.try_set(text.trim().to_owned());
                }
            },
            SEARCH_DEBOUNCE,
        );
    };
    // Enter searches at once instead of submitting the whole form.
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            query.set(search.get_untracked().trim().to_owned());
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let chosen = roles.get_untracked();
        let pw = password.get_untracked();
        let employee_id = match picked
            .with_untracked(|p| check_new_account(p.as_ref().map(|c| c.id.as_str()), &chosen, &pw))
        {
            Ok(id) => id,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = api::call::<api::ops::CreateAccount>(create_account::Variables {
                input: create_account::CreateAccountInput {
                    employee_id,
                    roles: chosen,
                    password: pw,
                },
            })
            .await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("accounts.created");
                    open.try_set(false);
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(FormProblem::Api(err)));
                }
            }
        });
    };

    let candidate_list = move |list: Vec<Candidate>| {
        if list.is_empty() {
            let searched = !query.with_untracked(String::is_empty);
            return searched
                .then(|| view! { <p class="muted" id="create-account-no-match">{tr("accounts.no_match")}</p> })
                .into_any();
        }
        view! {
            <ul class="candidates" id="create-account-candidates">
                {list
                    .into_iter()
                    .map(|c| {
                        let id = format!("candidate-{}", c.employee_no);
                        let shown = c.clone();
                        view! {
                            <li>
                                <button type="button" class="btn candidate" id=id
                                    on:click=move |_| {
                                        picked.set(Some(c.clone()));
                                        problem.set(None);
                                    }>
                                    <span class="mono">{shown.employee_no}</span>
                                    <span>{shown.name}</span>
                                    <span class="muted">{shown.org_unit}</span>
                                    <StatusChip status=shown.status />
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <form class="form card" id="create-account-form" on:submit=on_submit novalidate>
            <h2>{tr("accounts.create")}</h2>
            <div class="field">
                <span>{tr("accounts.employee")}</span>
                {move || match picked.get() {
                    Some(c) => view! {
                        <div class="picked" id="create-account-picked">
                            <span>
                                <span class="mono">{c.employee_no}</span>" "{c.name}
                                <span class="muted">" · "{c.org_unit}</span>
                            </span>
                            <button type="button" class="btn btn-small" id="create-account-change"
                                on:click=move |_| picked.set(None)>
                                {tr("accounts.change_employee")}
                            </button>
                        </div>
                    }.into_any(),
                    None => view! {
                        <input
                            id="create-account-search"
                            type="search"
                            autocomplete="off"
                            enterkeyhint="search"
                            placeholder=tr("accounts.search")
                            aria-label=tr("accounts.search")
                            prop:value=move || search.get()
                            on:input=on_search
                            on:keydown=on_search_key
                        />
                        <Fetched resource=candidates view=candidate_list />
                    }.into_any(),
                }}
            </div>
            {checks("accounts.roles", &Role::ALL, roles, "create-role", role_slug, role_label)}
            <label class="field">
                <span>{tr("accounts.initial_password")}</span>
                <input id="create-account-password" type="password" autocomplete="new-password"
                    minlength=entity::MIN_PASSWORD maxlength=entity::MAX_PASSWORD
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
                <small class="muted">{tr("password.rule")}</small>
            </label>
            {problem_view(problem, "create-account-error")}
            <div class="actions">
                <button type="submit" class="btn btn-primary" id="create-account-submit" disabled=move || pending.get()>
                    {tr("accounts.submit")}
                </button>
                <button type="button" class="btn" id="create-account-cancel" on:click=move |_| open.set(false)>
                    {tr("common.cancel")}
                </button>
            </div>
        </form>
    }
}

/// Focuses `target` once it is in the page (dialogs open with the cursor in their first field).
fn focus_when_mounted(target: NodeRef<leptos::html::Input>) {
    Effect::new(move |_| {
        if let Some(el) = target.get() {
            let _ = el.focus();
        }
    });
}

#[component]
fn RolesDialog(
    account: Account,
    dialog: RwSignal<Option<AccountDialog>>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let selected = RwSignal::new(account.roles.clone());
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let id = StoredValue::new(account.id.clone());
    let version = account.version;
    let modal = NodeRef::<leptos::html::Div>::new();
    modal_focus(modal);
    let close = move || dialog.set(None);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let roles = selected.get_untracked();
        if roles.is_empty() {
            problem.set(Some(FormProblem::NoRoles));
            return;
        }
        problem.set(None);
        pending.set(true);
        let id = id.get_value();
        spawn_local(async move {
            let result = api::call::<api::ops::SetAccountRoles>(set_account_roles::Variables {
                id,
                expected_version: version,
                roles,
            })
            .await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("accounts.roles_saved");
                    dialog.try_set(None);
                    reload.run(());
                }
                // Someone changed the account meanwhile: say so and show the current state, so
                // the change can be made again on top of it.
                Err(ApiError::Conflict) => {
                    toasts.error(ApiError::Conflict);
                    dialog.try_set(None);
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(FormProblem::Api(err)));
                }
            }
        });
    };

    view! {
        <div class="modal-backdrop" on:keydown=escape_closes(close)>
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="roles-dialog-title" id="roles-dialog" node_ref=modal>
                <form class="form" on:submit=on_submit novalidate>
                    <h2 id="roles-dialog-title">
                        {tr("accounts.edit_roles")}" · "<span class="mono">{account.login.clone()}</span>
                    </h2>
                    {checks("accounts.roles", &Role::ALL, selected, "role", role_slug, role_label)}
                    <p class="muted">{tr("accounts.roles_help")}</p>
                    {problem_view(problem, "roles-error")}
                    <div class="modal-actions">
                        <button type="button" class="btn" id="roles-cancel" on:click=move |_| close()>
                            {tr("common.cancel")}
                        </button>
                        <button type="submit" class="btn btn-primary" id="roles-save" disabled=move || pending.get()>
                            {tr("common.save")}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

#[component]
fn PasswordDialog(account: Account, dialog: RwSignal<Option<AccountDialog>>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let id = StoredValue::new(account.id.clone());
    let modal = NodeRef::<leptos::html::Div>::new();
    modal_focus(modal);
    let close = move || dialog.set(None);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let pw = match check_password(Field::NewPassword, &password.get_untracked()) {
            Ok(pw) => pw,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        let id = id.get_value();
        spawn_local(async move {
            let result = api::call::<api::ops::ResetPassword>(reset_password::Variables {
                id,
                password: pw,
            })
            .await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("accounts.password_done");
                    dialog.try_set(None);
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(FormProblem::Api(err)));
                }
            }
        });
    };

    view! {
        <div class="modal-backdrop" on:keydown=escape_closes(close)>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="password-dialog-title" id="password-dialog" node_ref=modal>
                <form class="form" on:submit=on_submit novalidate>
                    <h2 id="password-dialog-title">
                        {tr("accounts.reset_password")}" · "<span class="mono">{account.login.clone()}</span>
                    </h2>
                    <label class="field">
                        <span>{tr("accounts.new_password")}</span>
                        <input id="reset-password-input" type="password" autocomplete="new-password"
                            minlength=entity::MIN_PASSWORD maxlength=entity::MAX_PASSWORD
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev)) />
                        <small class="muted">{tr("password.rule")}</small>
                    </label>
                    <p class="muted">{tr("accounts.password_help")}</p>
                    {problem_view(problem, "reset-password-error")}
                    <div class="modal-actions">
                        <button type="button" class="btn" id="reset-password-cancel" on:click=move |_| close()>
                            {tr("common.cancel")}
                        </button>
                        <button type="submit" class="btn btn-primary" id="reset-password-submit" disabled=move || pending.get()>
                            {tr("accounts.reset_password")}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// /admin/service-accounts
// ---------------------------------------------------------------------------------------------

#[component]
pub fn ServiceAccountsPage() -> impl IntoView {
    guarded(Area::ServiceAccounts, "service_accounts.title", || {
        view! { <ServiceAccounts /> }
    })
}

/// A token picked for revocation: (id, label).
type TokenRef = (String, String);
/// A service account a token is being issued for: (id, name).
type ServiceAccountRef = (String, String);

#[component]
fn ServiceAccounts() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let list = LocalResource::new(|| async {
        api::call::<api::ops::ServiceAccounts>(service_accounts::Variables)
            .await
            .map(|d| d.service_accounts)
    });
    let reload = Callback::new(move |_| list.refetch());
    let creating = RwSignal::new(false);
    let issuing = RwSignal::new(None::<ServiceAccountRef>);
    let revoking = RwSignal::new(None::<TokenRef>);
    let confirm_open = RwSignal::new(false);

    let revoke = Callback::new(move |_| {
        let Some((id, _)) = revoking.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::call::<api::ops::RevokeApiToken>(revoke_api_token::Variables { id }).await {
                Ok(_) => {
                    toasts.success("tokens.revoked_done");
                    list.refetch();
                }
                Err(err) => {
                    session.check(&err);
                    toasts.error(err);
                }
            }
        });
    });
    let revoke_body = Signal::derive(move || {
        let label = revoking.with(|r| r.as_ref().map(|r| r.1.clone()).unwrap_or_default());
        fill(lang.get(), "tokens.revoke_body", "{label}", &label)
    });

    view! {
        <section class="page admin-service-accounts">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("service_accounts.title", None)] />
            <div class="page-head">
                <h1>{tr("service_accounts.title")}</h1>
                <button type="button" class="btn btn-primary" id="service-account-open"
                    aria-expanded=move || creating.get().to_string()
                    on:click=move |_| creating.update(|c| *c = !*c)>
                    {tr("service_accounts.new")}
                </button>
            </div>
            <p class="muted">{tr("service_accounts.help")}</p>
            <Show when=move || creating.get()>
                <CreateServiceAccountForm open=creating reload=reload />
            </Show>
            <Fetched resource=list view={move |items: Vec<ServiceAccount>| {
                if items.is_empty() {
                    return view! { <Empty text="service_accounts.empty" /> }.into_any();
                }
                let now = now();
                view! {
                    <div class="service-accounts" id="service-accounts">
                        {items
                            .into_iter()
                            .map(|sa| service_account_card(sa, now, issuing, revoking, confirm_open))
                            .collect_view()}
                    </div>
                }
                .into_any()
            }} />
            {move || issuing.get().map(|target| view! {
                <TokenDialog target=target issuing=issuing reload=reload />
            })}
            <ConfirmDialog open=confirm_open title="tokens.revoke_title" body=revoke_body on_confirm=revoke />
        </section>
    }
}

fn service_account_card(
    sa: ServiceAccount,
    now: DateTime<Utc>,
    issuing: RwSignal<Option<ServiceAccountRef>>,
    revoking: RwSignal<Option<TokenRef>>,
    confirm_open: RwSignal<bool>,
) -> impl IntoView {
    let ServiceAccount {
        id,
        name,
        description,
        active,
        tokens,
    } = sa;
    let target = (id, name.clone());
    let data_name = name.clone();
    let no_tokens = tokens.is_empty();
    view! {
        <article class="card service-account" data-name=data_name>
            <div class="service-account-head">
                <h2 class="service-account-name">{name}</h2>
                {(!active).then(|| view! {
                    <span class="chip chip-muted">{tr("service_accounts.inactive")}</span>
                })}
                {active.then(|| view! {
                    <button type="button" class="btn btn-small token-new"
                        on:click=move |_| issuing.set(Some(target.clone()))>
                        {tr("tokens.new")}
                    </button>
                })}
            </div>
            {(!description.is_empty()).then(|| view! {
                <p class="muted service-account-description">{description}</p>
            })}
            <h3 class="tokens-title">{tr("tokens.title")}</h3>
            {if no_tokens {
                view! { <p class="muted tokens-none">{tr("tokens.none")}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table token-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr("tokens.label")}</th>
                                <th scope="col">{tr("tokens.scopes")}</th>
                                <th scope="col">{tr("tokens.status")}</th>
                                <th scope="col">{tr("tokens.expires_at")}</th>
                                <th scope="col">{tr("tokens.created_at")}</th>
                                <th scope="col">{tr("tokens.actions")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {tokens
                                .into_iter()
                                .map(|token| token_row(token, now, revoking, confirm_open))
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </article>
    }
}

fn token_row(
    token: Token,
    now: DateTime<Utc>,
    revoking: RwSignal<Option<TokenRef>>,
    confirm_open: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let state = token_state(
        token.revoked_at.as_deref(),
        token.expires_at.as_deref(),
        now,
    );
    let state_view = match state {
        TokenState::Active => {
            view! { <span class="chip status-regular token-state">{tr("tokens.active")}</span> }
                .into_any()
        }
        TokenState::Expired => {
            view! { <span class="chip chip-muted token-state">{tr("tokens.expired")}</span> }
                .into_any()
        }
        TokenState::Revoked => view! {
            <span class="chip status-left token-state">{tr("tokens.revoked")}</span>
            <span class="muted mono">" "{token.revoked_at.as_deref().map(date_time)}</span>
        }
        .into_any(),
    };
    let target = (token.id.clone(), token.label.clone());
    view! {
        <tr class="token-row" data-token=token.label.clone() data-state=format!("{state:?}").to_lowercase()>
            <td data-label=tr("tokens.label")>{token.label.clone()}</td>
            <td data-label=tr("tokens.scopes")>
                <span class="role-chips">
                    {token.scopes.iter().copied().map(|s| view! {
                        <span class="chip" data-scope=s.key()>{move || scope_label(s, lang.get())}</span>
                    }).collect_view()}
                </span>
            </td>
            <td data-label=tr("tokens.status")>{state_view}</td>
            <td data-label=tr("tokens.expires_at") class="mono">
                {match token.expires_at.as_deref() {
                    Some(at) => date_time(at).into_any(),
                    None => view! { <span class="muted">{tr("tokens.never")}</span> }.into_any(),
                }}
            </td>
            <td data-label=tr("tokens.created_at") class="mono">{date_time(&token.created_at)}</td>
            <td data-label=tr("tokens.actions")>
                {(state != TokenState::Revoked).then(|| view! {
                    <button type="button" class="btn btn-small token-revoke"
                        on:click=move |_| {
                            revoking.set(Some(target.clone()));
                            confirm_open.set(true);
                        }>
                        {tr("tokens.revoke")}
                    </button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn CreateServiceAccountForm(open: RwSignal<bool>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    focus_when_mounted(input);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (n, d) =
            match check_service_account(&name.get_untracked(), &description.get_untracked()) {
                Ok(v) => v,
                Err(p) => {
                    problem.set(Some(p));
                    return;
                }
            };
        problem.set(None);
        pending.set(true);
        spawn_local(async move {
            let result =
                api::call::<api::ops::CreateServiceAccount>(create_service_account::Variables {
                    name: n,
                    description: d,
                })
                .await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("service_accounts.created");
                    open.try_set(false);
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(FormProblem::Api(err)));
                }
            }
        });
    };

    view! {
        <form class="form card" id="service-account-form" on:submit=on_submit novalidate>
            <h2>{tr("service_accounts.new")}</h2>
            <label class="field">
                <span>{tr("service_accounts.name")}</span>
                <input id="service-account-name" type="text" autocomplete="off" node_ref=input
                    maxlength=entity::MAX_NAME
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{tr("service_accounts.description")}</span>
                <input id="service-account-description" type="text" autocomplete="off"
                    maxlength=entity::MAX_TEXT
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev)) />
            </label>
            {problem_view(problem, "service-account-error")}
            <div class="actions">
                <button type="submit" class="btn btn-primary" id="service-account-create" disabled=move || pending.get()>
                    {tr("service_accounts.submit")}
                </button>
                <button type="button" class="btn" id="service-account-cancel" on:click=move |_| open.set(false)>
                    {tr("common.cancel")}
                </button>
            </div>
        </form>
    }
}

/// Writes `text` to the clipboard through `navigator.clipboard` when the browser offers it
/// (secure contexts only). Looked up dynamically: older browsers and plain-http intranets lack it.
async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |target: &JsValue, key: &str| {
        js_sys::Reflect::get(target, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let Some(clipboard) = get(&window, "navigator").and_then(|n| get(&n, "clipboard")) else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let Some(promise) = write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Issues a token for one service account. After success the same dialog shows the secret once;
/// closing it drops the secret for good.
#[component]
fn TokenDialog(
    target: ServiceAccountRef,
    issuing: RwSignal<Option<ServiceAccountRef>>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let (sa_id, sa_name) = target;
    let sa_id = StoredValue::new(sa_id);
    let label = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<ApiScope>::new());
    let expiry = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let pending = RwSignal::new(false);
    let secret = RwSignal::new(None::<String>);
    // Some(true): copied; Some(false): the clipboard is unavailable, the text is selected instead.
    let copied = RwSignal::new(None::<bool>);
    let secret_ref = NodeRef::<leptos::html::Input>::new();
    let modal = NodeRef::<leptos::html::Div>::new();
    modal_focus(modal);
    let close = move || issuing.set(None);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (l, s, days) = match check_token(
            &label.get_untracked(),
            &scopes.get_untracked(),
            &expiry.get_untracked(),
        ) {
            Ok(v) => v,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        let service_account_id = sa_id.get_value();
        spawn_local(async move {
            let result = api::call::<api::ops::CreateApiToken>(create_api_token::Variables {
                service_account_id,
                label: l,
                scopes: s,
                expires_in_days: days,
            })
            .await;
            pending.try_set(false);
            match result {
                Ok(data) => {
                    secret.try_set(Some(data.create_api_token.secret));
                    toasts.success("tokens.issued");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    problem.try_set(Some(FormProblem::Api(err)));
                }
            }
        });
    };

    let select_secret = move || {
        if let Some(el) = secret_ref.get_untracked() {
            el.select();
        }
    };
    let copy = move |_| {
        select_secret();
        let text = secret.get_untracked().unwrap_or_default();
        spawn_local(async move {
            let ok = copy_to_clipboard(&text).await;
            copied.try_set(Some(ok));
        });
    };

    let form = move || {
        view! {
            <form class="form" on:submit=on_submit novalidate>
                <label class="field">
                    <span>{tr("tokens.label")}</span>
                    <input id="token-label" type="text" autocomplete="off"
                        maxlength=entity::MAX_NAME
                        prop:value=move || label.get()
                        on:input=move |ev| label.set(event_target_value(&ev)) />
                </label>
                {checks("tokens.scopes", &ApiScope::ALL, scopes, "token-scope", scope_slug, scope_label)}
                <label class="field">
                    <span>{tr("tokens.expiry_days")}</span>
                    <input id="token-expiry" type="text" inputmode="numeric" autocomplete="off"
                        prop:value=move || expiry.get()
                        on:input=move |ev| expiry.set(event_target_value(&ev)) />
                    <small class="muted">{tr("tokens.expiry_help")}</small>
                </label>
                {problem_view(problem, "token-error")}
                <div class="modal-actions">
                    <button type="button" class="btn" id="token-cancel" on:click=move |_| close()>
                        {tr("common.cancel")}
                    </button>
                    <button type="submit" class="btn btn-primary" id="token-create-submit" disabled=move || pending.get()>
                        {tr("tokens.submit")}
                    </button>
                </div>
            </form>
        }
    };

    let shown_secret = move || {
        view! {
            <div class="form token-secret-box">
                <p class="secret-warning" role="alert" id="token-secret-warning">{tr("tokens.secret_warning")}</p>
                <label class="field">
                    <span>{tr("tokens.secret")}</span>
                    <input id="token-secret" class="secret" type="text" readonly
                        autocomplete="off" spellcheck="false" node_ref=secret_ref
                        prop:value=move || secret.get().unwrap_or_default()
                        on:focus=move |_| select_secret() />
                </label>
                <p class="muted">{tr("tokens.usage")}</p>
                {move || copied.get().map(|ok| if ok {
                    view! { <p class="muted" role="status" id="token-secret-copied">{tr("tokens.copied")}</p> }.into_any()
                } else {
                    view! { <p class="muted" role="status" id="token-secret-copy-manually">{tr("tokens.copy_manually")}</p> }.into_any()
                })}
                <div class="modal-actions">
                    <button type="button" class="btn" id="token-secret-copy" on:click=copy>
                        {tr("tokens.copy")}
                    </button>
                    <button type="button" class="btn btn-primary" id="token-secret-done" on:click=move |_| close()>
                        {tr("tokens.done")}
                    </button>
                </div>
            </div>
        }
    };

    view! {
        // No closing by Escape or a click outside: once the secret is shown, losing the dialog by
        // accident would lose the secret.
        <div class="modal-backdrop" on:keydown=|ev| keep_tab_inside(&ev)>
            <div class="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="token-dialog-title" id="token-dialog" node_ref=modal>
                <h2 id="token-dialog-title">{tr("tokens.new")}" · "{sa_name}</h2>
                <Show when=move || secret.with(Option::is_none) fallback=shown_secret>
                    {form()}
                </Show>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn roles_toggle_in_canonical_order_without_duplicates() {
        let start = vec![Role::Admin, Role::Agent];
        let on = toggled(&Role::ALL, &start, Role::Hr, true);
        assert_eq!(on, vec![Role::Agent, Role::Hr, Role::Admin]);
        assert_eq!(toggled(&Role::ALL, &on, Role::Hr, true), on);
        assert_eq!(
            toggled(&Role::ALL, &on, Role::Agent, false),
            vec![Role::Hr, Role::Admin]
        );
        assert_eq!(toggled(&Role::ALL, &[], Role::Trainer, false), vec![]);
        let dup = vec![Role::Agent, Role::Agent];
        assert_eq!(
            toggled(&Role::ALL, &dup, Role::Admin, false),
            vec![Role::Agent]
        );
        assert_eq!(
            toggled(&ApiScope::ALL, &[], ApiScope::EmployeesRead, true),
            vec![ApiScope::EmployeesRead]
        );
    }

    #[test]
    fn expiry_is_optional_and_bounded() {
        assert_eq!(parse_expiry(""), Ok(None));
        assert_eq!(parse_expiry("   "), Ok(None));
        assert_eq!(parse_expiry("1"), Ok(Some(1)));
        assert_eq!(parse_expiry(" 365 "), Ok(Some(365)));
        assert_eq!(parse_expiry("3650"), Ok(Some(3650)));
        assert_eq!(parse_expiry("３０"), Ok(Some(30)));
        for bad in [
            "0",
            "3651",
            "-5",
            "1.5",
            "30天",
            "abc",
            "99999999999999999999",
        ] {
            let err = parse_expiry(bad).unwrap_err();
            assert_eq!(
                err.problem,
                Problem::OutOfRange { min: 1, max: 3650 },
                "{bad}"
            );
        }
    }

    #[test]
    fn scopes_have_labels_and_id_safe_slugs() {
        assert_eq!(scope_label(ApiScope::OrgRead, Lang::Zh), "读取组织架构");
        assert_eq!(scope_label(ApiScope::OrgRead, Lang::En), "Read org units");
        assert_eq!(scope_slug(ApiScope::OrgRead), "org-read");
        assert_eq!(scope_slug(ApiScope::EmployeesRead), "employees-read");
        assert_eq!(role_label(Role::TeamLeader, Lang::Zh), "班组长");
        assert_eq!(role_slug(Role::TeamLeader), "team_leader");
    }

    #[test]
    fn token_state_reads_revocation_then_expiry() {
        let now = utc("2026-03-01T00:00:00Z");
        assert_eq!(token_state(None, None, now), TokenState::Active);
        assert_eq!(
            token_state(None, Some("2026-03-02T00:00:00Z"), now),
            TokenState::Active
        );
        assert_eq!(
            token_state(None, Some("2026-02-28T23:59:59.5Z"), now),
            TokenState::Expired
        );
        assert_eq!(
            token_state(
                Some("2026-01-01T00:00:00Z"),
                Some("2027-01-01T00:00:00Z"),
                now
            ),
            TokenState::Revoked
        );
        // An unreadable expiry does not make a token look dead.
        assert_eq!(token_state(None, Some("soon"), now), TokenState::Active);
    }

    #[test]
    fn a_new_account_needs_employee_roles_and_a_good_password() {
        assert_eq!(
            check_new_account(None, &[Role::Agent], "long-enough-1"),
            Err(FormProblem::NoEmployee)
        );
        assert_eq!(
            check_new_account(Some("Employee:1"), &[], "long-enough-1"),
            Err(FormProblem::NoRoles)
        );
        assert!(matches!(
            check_new_account(Some("Employee:1"), &[Role::Agent], "short"),
            Err(FormProblem::Field(Field::InitialPassword, _))
        ));
        assert_eq!(
            check_new_account(Some("Employee:1"), &[Role::Agent], "long-enough-1"),
            Ok("Employee:1".to_owned())
        );
    }

    #[test]
    fn service_accounts_and_tokens_are_checked_before_sending() {
        assert!(matches!(
            check_service_account("  ", ""),
            Err(FormProblem::Field(Field::Name, _))
        ));
        assert_eq!(
            check_service_account(" 外呼平台 ", " 拨号 "),
            Ok(("外呼平台".to_owned(), "拨号".to_owned()))
        );
        assert!(matches!(
            check_token("", &[ApiScope::OrgRead], ""),
            Err(FormProblem::Field(Field::Label, _))
        ));
        assert_eq!(check_token("bi", &[], ""), Err(FormProblem::NoScopes));
        assert!(matches!(
            check_token("bi", &[ApiScope::OrgRead], "0"),
            Err(FormProblem::Field(Field::Expiry, _))
        ));
        assert_eq!(
            check_token(" bi ", &[ApiScope::OrgRead], "90"),
            Ok(("bi".to_owned(), vec![ApiScope::OrgRead], Some(90)))
        );
    }

    #[test]
    fn problems_read_in_both_languages() {
        crate::i18n::use_bundle::<{ entity::Bundle::Admin as u8 }>();
        let p = FormProblem::Field(Field::Expiry, parse_expiry("0").unwrap_err());
        assert_eq!(problem_text(&p, Lang::Zh), "有效天数：应在 1 到 3650 之间");
        assert!(problem_text(&p, Lang::En).starts_with("Valid for (days): "));
        assert_eq!(
            problem_text(&FormProblem::NoRoles, Lang::En),
            "Choose at least one role"
        );
        let server = FormProblem::Api(ApiError::BadUserInput {
            zh: Some("employeeId: 已存在,不能重复".into()),
            en: None,
        });
        assert_eq!(
            problem_text(&server, Lang::Zh),
            "employeeId: 已存在,不能重复"
        );
        for field in [
            Field::InitialPassword,
            Field::NewPassword,
            Field::Name,
            Field::Description,
            Field::Label,
            Field::Expiry,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!field.label(lang).contains('.'), "{field:?} has no text");
            }
        }
    }

    #[test]
    fn confirmations_name_what_they_affect() {
        crate::i18n::use_bundle::<{ entity::Bundle::Admin as u8 }>();
        assert_eq!(
            fill(Lang::Zh, "accounts.deactivate_body", "{login}", "A1001"),
            "停用后，A1001 在所有设备上的登录会立即失效，且无法再登录。确定停用吗？"
        );
        assert!(fill(Lang::En, "tokens.revoke_body", "{label}", "BI").contains("“BI”"));
    }
}
