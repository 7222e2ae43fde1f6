//! `/employees`: the employee list for team leaders (their team), managers (their subtree), HR
//! and admins (everyone). Search, filters, sort and the page live in the URL, so a view can be
//! bookmarked, shared, reloaded and exported as it is.
use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::ops::employees::{
    self, EmployeeFilterInput, EmployeeSort, EmployeeSortField, SortDirection,
};
use crate::api::ops::EmployeeStatus;
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, Empty, Fetched, StatusChip};
use crate::i18n::{t, Lang};
use crate::pages::guarded;
use crate::pages::org::{load_units, units_in_reach, UnitRow};
use entity::Area;

/// Rows per page: a desktop screen and a bit; phones scroll.
const PAGE_SIZE: i64 = 30;

/// Typing pauses shorter than this do not fire a request (pinyin IMEs emit many input events).
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The list's state as it appears in the URL: `?q=&org=&status=&pos=&sort=&dir=&after=`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub search: String,
    pub org: String,
    pub status: Option<EmployeeStatus>,
    pub position: String,
    pub sort: SortKey,
    pub descending: bool,
    pub after: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    EmployeeNo,
    Name,
    HireDate,
}

impl SortKey {
    fn code(self) -> &'static str {
        match self {
            SortKey::EmployeeNo => "EMPLOYEE_NO",
            SortKey::Name => "NAME",
            SortKey::HireDate => "HIRE_DATE",
        }
    }
    fn from_code(code: &str) -> SortKey {
        match code {
            "NAME" => SortKey::Name,
            "HIRE_DATE" => SortKey::HireDate,
            _ => SortKey::EmployeeNo,
        }
    }
    fn field(self) -> EmployeeSortField {
        match self {
            SortKey::EmployeeNo => EmployeeSortField::EMPLOYEE_NO,
            SortKey::Name => EmployeeSortField::NAME,
            SortKey::HireDate => EmployeeSortField::HIRE_DATE,
        }
    }
}

/// The API name of a status, as the URL and the export endpoint carry it.
pub fn status_code(s: EmployeeStatus) -> &'static str {
    match s {
        EmployeeStatus::Probation => "PROBATION",
        EmployeeStatus::Regular => "REGULAR",
        EmployeeStatus::Left => "LEFT",
    }
}

pub fn status_from_code(code: &str) -> Option<EmployeeStatus> {
    EmployeeStatus::ALL
        .into_iter()
        .find(|s| status_code(*s) == code)
}

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl ListQuery {
    /// Reads the URL's query map (missing or unknown values fall back to the defaults).
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        ListQuery {
            search: get("q").unwrap_or_default(),
            org: get("org").unwrap_or_default(),
            status: get("status").as_deref().and_then(status_from_code),
            position: get("pos").unwrap_or_default(),
            sort: get("sort")
                .as_deref()
                .map(SortKey::from_code)
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("DESC"),
            after: get("after").filter(|a| !a.is_empty()),
        }
    }

    /// The query string (without `?`) for this state; defaults are left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        let mut put = |k: &str, v: &str| {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        };
        put("q", self.search.trim());
        put("org", &self.org);
        put("status", self.status.map(status_code).unwrap_or(""));
        put("pos", self.position.trim());
        if self.sort != SortKey::EmployeeNo {
            put("sort", self.sort.code());
        }
        if self.descending {
            put("dir", "DESC");
        }
        put("after", self.after.as_deref().unwrap_or(""));
        parts.join("&")
    }

    /// The same view from its first page (every change of filter or sort starts over).
    fn first_page(mut self) -> ListQuery {
        self.after = None;
        self
    }

    fn variables(&self) -> employees::Variables {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let filter = EmployeeFilterInput {
            search: text(&self.search),
            org_unit_id: text(&self.org),
            position: text(&self.position),
            status: self.status,
            key_position: None,
        };
        employees::Variables {
            first: PAGE_SIZE,
            after: self.after.clone(),
            filter: Some(filter),
            sort: Some(EmployeeSort {
                field: self.sort.field(),
                direction: if self.descending {
                    SortDirection::DESC
                } else {
                    SortDirection::ASC
                },
            }),
        }
    }

    /// The export endpoint's query for the same view (all pages).
    fn export_query(&self) -> String {
        let mut parts = Vec::new();
        let mut put = |k: &str, v: &str| {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        };
        put("search", self.search.trim());
        put("orgUnitId", &self.org);
        put("position", self.position.trim());
        put("status", self.status.map(status_code).unwrap_or(""));
        put("sort", self.sort.code());
        put("direction", if self.descending { "DESC" } else { "ASC" });
        parts.join("&")
    }
}

fn total_text(total: i64, lang: Lang) -> String {
    t(lang, "employees.total").replace("{n}", &total.to_string())
}

#[component]
pub fn EmployeesPage() -> impl IntoView {
    guarded(
        Area::Employees,
        "employees.title",
        || view! { <EmployeeList /> },
    )
}

#[component]
fn EmployeeList() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let state = Memo::new(move |_| query_map.with(|q| ListQuery::from_pairs(|k| q.get(k))));

    let go = {
        let navigate = navigate.clone();
        move |next: ListQuery, replace: bool| {
            let qs = next.to_query();
            let url = if qs.is_empty() {
                "/employees".to_owned()
            } else {
                format!("/employees?{qs}")
            };
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    ..Default::default()
                },
            );
        }
    };

    let rows = LocalResource::new(move || {
        let vars = state.get().variables();
        async move {
            api::call::<api::ops::Employees>(vars)
                .await
                .map(|d| d.employees)
        }
    });
    let units = LocalResource::new(|| async { load_units().await });

    // The search box is local while typing and reaches the URL after a pause.
    let search = RwSignal::new(state.get_untracked().search);
    // Back, forward and the nav link change the URL under the box: follow it.
    Effect::new(move |_| {
        let from_url = state.get().search;
        if search.get_untracked().trim() != from_url.trim() {
            search.set(from_url);
        }
    });
    let on_input = {
        let go = go.clone();
        move |ev| {
            let text = event_target_value(&ev);
            search.set(text.clone());
            let go = go.clone();
            set_timeout(
                move || {
                    if search.try_get_untracked().as_deref() == Some(text.as_str()) {
                        let mut next = state.get_untracked().first_page();
                        next.search = text;
                        go(next, true);
                    }
                },
                SEARCH_DEBOUNCE,
            );
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut next = state.get_untracked().first_page();
            next.search = search.get_untracked();
            go(next, false);
        }
    };
    let set_status = {
        let go = go.clone();
        move |ev| {
            let mut next = state.get_untracked().first_page();
            next.status = status_from_code(&event_target_value(&ev));
            go(next, false);
        }
    };
    let set_org = {
        let go = go.clone();
        move |ev| {
            let mut next = state.get_untracked().first_page();
            next.org = event_target_value(&ev);
            go(next, false);
        }
    };
    let set_position = {
        let go = go.clone();
        move |ev| {
            let mut next = state.get_untracked().first_page();
            next.position = event_target_value(&ev);
            go(next, false);
        }
    };
    let sort_by = {
        let go = go.clone();
        move |key: SortKey| {
            let mut next = state.get_untracked().first_page();
            next.descending = next.sort == key && !next.descending;
            next.sort = key;
            go(next, false);
        }
    };
    let export_busy = RwSignal::new(false);
    let export = move |_| {
        if export_busy.get_untracked() {
            return;
        }
        export_busy.set(true);
        let q = state.get_untracked().export_query();
        spawn_local(async move {
            let result = download_export(&q).await;
            export_busy.try_set(false);
            if let Err(err) = result {
                session.check(&err);
                toasts.error(err);
            }
        });
    };
    let may_files = Memo::new(move |_| session.may_open(Area::EmployeeAdmin));

    let header = move |key: SortKey, label: &'static str| {
        let sort_by = sort_by.clone();
        view! {
            <th scope="col" aria-sort=move || {
                let s = state.get();
                if s.sort != key { "none" } else if s.descending { "descending" } else { "ascending" }
            }>
                <button type="button" class="sort" on:click=move |_| sort_by(key)>
                    {tr(label)}
                    <span aria-hidden="true">{move || {
                        let s = state.get();
                        if s.sort != key { "" } else if s.descending { " ↓" } else { " ↑" }
                    }}</span>
                </button>
            </th>
        }
    };

    let next_page = {
        let go = go.clone();
        move |cursor: String| {
            let mut next = state.get_untracked();
            next.after = Some(cursor);
            go(next, false);
        }
    };
    let first_page = {
        let go = go.clone();
        move || go(state.get_untracked().first_page(), false)
    };

    view! {
        <section class="page employees">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("employees.title", None)] />
            <div class="page-head">
                <h1>{tr("employees.title")}</h1>
                <Show when=move || may_files.get()>
                    <div class="actions">
                        <a class="btn" id="employees-import" href="/employees/import">{tr("import.title")}</a>
                        <button type="button" class="btn" id="employees-export" on:click=export disabled=move || export_busy.get()>
                            {tr("employees.export")}
                        </button>
                    </div>
                </Show>
            </div>
            <form class="search filters" role="search" on:submit=on_submit>
                <input
                    id="employee-search"
                    type="search"
                    enterkeyhint="search"
                    autocomplete="off"
                    placeholder=tr("employees.search")
                    aria-label=tr("employees.search")
                    prop:value=move || search.get()
                    on:input=on_input
                />
                <select id="filter-org" aria-label=tr("field.org_unit") on:change=set_org>
                    <option value="" selected=move || state.get().org.is_empty()>{tr("employees.all_units")}</option>
                    {move || units.get().and_then(Result::ok).map(|list: Vec<UnitRow>| {
                        let own = session.me().with(|m| m.as_ref().map(|m| m.employee.org_unit.id.clone()));
                        let reach = units_in_reach(&list, own.as_deref(), may_files.get());
                        list.into_iter().filter(|u| reach.contains(&u.id)).map(|u| {
                            let id = u.id.clone();
                            let selected = move || state.get().org == id;
                            view! {
                                <option value=u.id.clone() selected=selected>
                                    {"\u{3000}".repeat(u.depth)}{u.name}
                                </option>
                            }
                        }).collect_view()
                    })}
                </select>
                <select id="filter-status" aria-label=tr("field.status") on:change=set_status>
                    <option value="" selected=move || state.get().status.is_none()>{tr("employees.all_statuses")}</option>
                    {EmployeeStatus::ALL.into_iter().map(|s| view! {
                        <option value=status_code(s) selected=move || state.get().status == Some(s)>
                            {move || lang.get().pick(s.label_zh(), s.label_en()).to_owned()}
                        </option>
                    }).collect_view()}
                </select>
                <input
                    id="filter-position"
                    type="text"
                    placeholder=tr("field.position")
                    aria-label=tr("field.position")
                    prop:value=move || state.get().position
                    on:change=set_position
                />
            </form>
            <Fetched resource=rows view=move |page: employees::EmployeesEmployees| {
                let total = page.total_count.unwrap_or(0);
                let has_next = page.page_info.has_next_page;
                let cursor = page.page_info.end_cursor.clone();
                let rows = page.edges.into_iter().map(|e| e.node).collect::<Vec<_>>();
                let empty = rows.is_empty();
                let next_page = next_page.clone();
                let first_page = first_page.clone();
                view! {
                    <p class="muted" aria-live="polite" id="employees-total">{move || total_text(total, lang.get())}</p>
                    <table class="employee-table">
                        <thead>
                            <tr>
                                {header(SortKey::EmployeeNo, "field.employee_no")}
                                {header(SortKey::Name, "field.name")}
                                <th scope="col">{tr("field.phone")}</th>
                                <th scope="col">{tr("field.position")}</th>
                                <th scope="col">{tr("field.org_unit")}</th>
                                {header(SortKey::HireDate, "field.hire_date")}
                                <th scope="col">{tr("field.status")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr class="employee-row">
                                    <td data-label=tr("field.employee_no") class="mono">
                                        <a href=format!("/employees/{}", row.id)>{row.employee_no}</a>
                                    </td>
                                    <td data-label=tr("field.name")>
                                        <a class="employee-name" href=format!("/employees/{}", row.id)>{row.name}</a>
                                    </td>
                                    <td data-label=tr("field.phone") class="mono">{row.phone}</td>
                                    <td data-label=tr("field.position")>{row.position}</td>
                                    <td data-label=tr("field.org_unit")>{row.org_unit.name}</td>
                                    <td data-label=tr("field.hire_date")>{row.hire_date}</td>
                                    <td data-label=tr("field.status")><StatusChip status=row.status /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {empty.then(|| view! { <Empty text="employees.empty" /> })}
                    <div class="list-footer pager">
                        <Show when=move || state.get().after.is_some()>
                            <button type="button" class="btn" id="employees-first" on:click={
                                let first_page = first_page.clone();
                                move |_| first_page()
                            }>{tr("employees.first_page")}</button>
                        </Show>
                        {(has_next && cursor.is_some()).then(|| {
                            let cursor = cursor.clone().unwrap_or_default();
                            let next_page = next_page.clone();
                            view! {
                                <button type="button" class="btn" id="employees-next" on:click=move |_| next_page(cursor.clone())>
                                    {tr("employees.next_page")}
                                </button>
                            }
                        })}
                    </div>
                }
            } />
        </section>
    }
}

/// Fetches the `.xlsx` of the current view and hands it to the browser as a download.
async fn download_export(query: &str) -> Result<(), ApiError> {
    api::download_xlsx(
        &format!("/api/employees/export.xlsx?{query}"),
        "employees.xlsx",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> ListQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ListQuery::from_pairs(|k| map.get(k).cloned())
    }

    #[test]
    fn an_empty_url_is_the_default_view() {
        let q = parse(&[]);
        assert_eq!(q, ListQuery::default());
        assert_eq!(q.to_query(), "");
    }

    #[test]
    fn unknown_values_fall_back_to_defaults() {
        let q = parse(&[("status", "FIRED"), ("sort", "SALARY"), ("dir", "sideways")]);
        assert_eq!(q.status, None);
        assert_eq!(q.sort, SortKey::EmployeeNo);
        assert!(!q.descending);
    }

    #[test]
    fn a_filtered_view_survives_the_round_trip() {
        let q = parse(&[
            ("status", "PROBATION"),
            ("sort", "HIRE_DATE"),
            ("dir", "DESC"),
            ("pos", "话务员"),
            ("after", "abc"),
        ]);
        assert_eq!(q.status, Some(EmployeeStatus::Probation));
        assert_eq!(q.sort, SortKey::HireDate);
        assert!(q.descending);
        assert_eq!(
            q.to_query(),
            "status=PROBATION&pos=%E8%AF%9D%E5%8A%A1%E5%91%98&sort=HIRE_DATE&dir=DESC&after=abc"
        );
        assert_eq!(q.first_page().after, None);
        let vars = parse(&[("pos", "  话务员 "), ("q", "")]).variables();
        let filter = vars.filter.unwrap();
        assert_eq!(filter.position.as_deref(), Some("话务员"));
        assert_eq!(filter.search, None);
    }

    #[test]
    fn totals_read_in_both_languages() {
        crate::i18n::use_bundle::<{ entity::Bundle::People as u8 }>();
        assert_eq!(total_text(42, Lang::Zh), "共 42 人");
        assert_eq!(total_text(42, Lang::En), "42 in total");
    }
}
