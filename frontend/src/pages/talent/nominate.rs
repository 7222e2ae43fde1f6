//! `/talent/nominate`: a team leader, manager or HR nominates someone within reach to an
//! echelon. The standard check for the chosen person and echelon shows before sending, so the
//! nominator sees which criteria are met; a shortfall does not block, the signers judge it.
use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::ops::{employees, nominate, standard_check, Echelon};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, ErrorNotice, Fetched, StatusChip};
use crate::i18n::t;
use crate::pages::guarded;
use crate::pages::talent::{echelon_label, nomination_href, problem_text, Check, StandardChecks};
use entity::{Area, FieldError};

/// How many people the search offers.
const CANDIDATES: i64 = 8;
/// Typing pauses shorter than this do not fire a request (pinyin IMEs emit many input events).
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// Someone the search offers.
#[derive(Clone, Debug, PartialEq)]
struct Person {
    id: String,
    employee_no: String,
    name: String,
    org_unit: String,
    status: entity::EmployeeStatus,
}

async fn find_people(search: String) -> Result<Vec<Person>, ApiError> {
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
        .map(|e| Person {
            id: e.node.id,
            employee_no: e.node.employee_no,
            name: e.node.name,
            org_unit: e.node.org_unit.name,
            status: e.node.status,
        })
        .collect())
}

/// The standard check of `employee_id` for `echelon`, as the page shows it.
pub async fn check(employee_id: String, echelon: Echelon) -> Result<Vec<Check>, ApiError> {
    let data = api::call::<api::ops::StandardCheck>(standard_check::Variables {
        employee_id,
        echelon,
    })
    .await?;
    Ok(data
        .standard_check
        .into_iter()
        .map(|c| Check {
            criterion: c.criterion,
            required: c.required,
            actual: c.actual,
            passed: c.passed,
        })
        .collect())
}

/// The echelon picker shared by this form and the self-application.
#[component]
pub fn EchelonSelect(value: RwSignal<Echelon>, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="field">
            <span>{tr("talent.echelon")}</span>
            <select id=id on:change=move |ev| {
                if let Some(e) = event_target_value(&ev).parse::<u8>().ok().and_then(Echelon::from_number) {
                    value.set(e);
                }
            }>
                {Echelon::ALL
                    .into_iter()
                    .map(|e| view! {
                        <option value=e.number().to_string() selected=move || value.get() == e>
                            {move || echelon_label(e, lang.get())}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The reason given for a nomination or an application, checked like the server does.
pub fn reason(text: &str) -> Result<String, FieldError> {
    entity::required_text("reason", text, entity::MAX_TEXT)
}

#[derive(Clone, Debug, PartialEq)]
pub enum FormError {
    Rule(FieldError),
    NoNominee,
    Api(ApiError),
}

/// A form's complaint, in the user's language.
#[component]
pub fn FormErrorView(error: RwSignal<Option<FormError>>, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| match e {
            FormError::Rule(rule) => view! {
                <p class="form-error" role="alert" id=id>{move || problem_text(&rule, lang.get())}</p>
            }
            .into_any(),
            FormError::NoNominee => view! {
                <p class="form-error" role="alert" id=id>{tr("talent.nominate.pick")}</p>
            }
            .into_any(),
            FormError::Api(err) => view! { <ErrorNotice error=err /> }.into_any(),
        })
    }
}

#[component]
pub fn NominatePage() -> impl IntoView {
    guarded(
        Area::Talent,
        "talent.nominate.title",
        || view! { <Nominate /> },
    )
}

#[component]
fn Nominate() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let search = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Person>);
    let echelon = RwSignal::new(Echelon::Junior);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let people = LocalResource::new(move || {
        let q = query.get();
        async move { find_people(q).await }
    });
    let checks = LocalResource::new(move || {
        let who = picked.with(|p| p.as_ref().map(|p| p.id.clone()));
        let e = echelon.get();
        async move {
            match who {
                Some(id) => check(id, e).await,
                None => Ok(Vec::new()),
            }
        }
    });

    let on_search = move |ev| {
        let typed = event_target_value(&ev);
        search.set(typed.clone());
        set_timeout(
            move || {
                if search.try_get_untracked().as_deref() == Some(typed.as_str()) {
                    query.try_set(typed.trim().to_owned());
                }
            },
            SEARCH_DEBOUNCE,
        );
    };
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            query.set(search.get_untracked().trim().to_owned());
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(employee_id) = picked.with_untracked(|p| p.as_ref().map(|p| p.id.clone())) else {
            error.set(Some(FormError::NoNominee));
            return;
        };
        let why = match reason(&text.get_untracked()) {
            Ok(r) => r,
            Err(e) => {
                error.set(Some(FormError::Rule(e)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::call::<api::ops::Nominate>(nominate::Variables {
                employee_id,
                echelon: echelon.get_untracked(),
                reason: why,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(d) => {
                    toasts.success("talent.nominate.done");
                    navigate(&nomination_href(&d.nominate.id), Default::default());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };

    let people_list = move |list: Vec<Person>| {
        if list.is_empty() {
            let searched = !query.with_untracked(String::is_empty);
            return searched
                .then(|| view! { <p class="muted" id="nominate-no-match">{tr("talent.nominate.no_match")}</p> })
                .into_any();
        }
        view! {
            <ul class="candidates" id="nominate-candidates">
                {list
                    .into_iter()
                    .map(|p| {
                        let id = format!("nominee-{}", p.employee_no);
                        let shown = p.clone();
                        view! {
                            <li>
                                <button type="button" class="btn candidate" id=id
                                    on:click=move |_| {
                                        picked.set(Some(p.clone()));
                                        error.set(None);
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
    let lang = use_lang();

    view! {
        <section class="page narrow-page">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("talent.title", Some("/talent")),
                Crumb::key("talent.nominate.title", None),
            ] />
            <h1>{tr("talent.nominate.title")}</h1>
            <form class="form card" id="nominate-form" on:submit=on_submit novalidate>
                <div class="field">
                    <span>{tr("talent.nominate.employee")}</span>
                    {move || match picked.get() {
                        Some(p) => view! {
                            <div class="picked" id="nominate-picked">
                                <span>
                                    <span class="mono">{p.employee_no}</span>" "{p.name}
                                    <span class="muted">" · "{p.org_unit}</span>
                                </span>
                                <button type="button" class="btn btn-small" id="nominate-change"
                                    on:click=move |_| picked.set(None)>
                                    {tr("talent.nominate.change")}
                                </button>
                            </div>
                        }.into_any(),
                        None => view! {
                            <input
                                id="nominate-search"
                                type="search"
                                autocomplete="off"
                                enterkeyhint="search"
                                placeholder=tr("talent.nominate.search")
                                aria-label=tr("talent.nominate.search")
                                prop:value=move || search.get()
                                on:input=on_search
                                on:keydown=on_search_key
                            />
                            <Fetched resource=people view=people_list />
                        }.into_any(),
                    }}
                </div>
                <EchelonSelect value=echelon id="nominate-echelon" />
                <label class="field">
                    <span>{tr("talent.reason")}</span>
                    <textarea id="nominate-reason" rows="4" maxlength=entity::MAX_TEXT
                        placeholder=tr("talent.nominate.reason_hint")
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <Show when=move || picked.with(Option::is_some)>
                    <div class="field">
                        <span>
                            {tr("talent.checks")}
                            <span class="muted">{move || format!(" · {}", echelon_label(echelon.get(), lang.get()))}</span>
                        </span>
                        <Fetched resource=checks view=|c| view! {
                            <StandardChecks checks=c id="nominate-checks" />
                        } />
                    </div>
                </Show>
                <FormErrorView error=error id="nominate-problem" />
                <div class="actions">
                    <button type="submit" class="btn btn-primary" id="nominate-submit" disabled=move || busy.get()>
                        {tr("talent.nominate.submit")}
                    </button>
                    <a class="btn" href="/talent">{tr("common.cancel")}</a>
                </div>
            </form>
            <p class="muted">{move || t(lang.get(), "talent.submit_hint")}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_and_trimmed() {
        assert!(reason("   ").is_err());
        assert!(reason("a\0b").is_err());
        assert_eq!(reason(" 业绩突出 ").as_deref(), Ok("业绩突出"));
        assert!(reason(&"优".repeat(entity::MAX_TEXT + 1)).is_err());
    }
}
