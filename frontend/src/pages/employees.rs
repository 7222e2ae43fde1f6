//! `/employees`: searchable, paginated employee list for HR, admins, managers and team leaders.
use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::i18n::{t, Lang};
use crate::model::EmployeeRow;
use crate::session::Session;

/// Rows per request: one phone screen of cards is ~6, one desktop screen ~20; 30 keeps
/// "load more" rare without making the first answer slow.
const PAGE_SIZE: i32 = 30;

/// Typing pauses shorter than this do not fire a request (pinyin IMEs emit many input events).
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The list and its paging state. Logic lives here; the component only wires events to it.
#[derive(Clone, Copy)]
struct EmployeeList {
    session: Session,
    rows: RwSignal<Vec<EmployeeRow>>,
    total: RwSignal<Option<i64>>,
    cursor: RwSignal<Option<String>>,
    has_next: RwSignal<bool>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    /// The search the rows belong to; "load more" continues it.
    active_search: StoredValue<String>,
    /// Bumped by every new search so answers to an older, slower search are dropped instead of
    /// overwriting newer results.
    generation: StoredValue<u64>,
}

impl EmployeeList {
    fn new(session: Session) -> Self {
        EmployeeList {
            session,
            rows: RwSignal::new(Vec::new()),
            total: RwSignal::new(None),
            cursor: RwSignal::new(None),
            has_next: RwSignal::new(false),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            active_search: StoredValue::new(String::new()),
            generation: StoredValue::new(0),
        }
    }

    /// Starts a new search from the first page.
    fn search(self, text: String) {
        self.generation.update_value(|g| *g += 1);
        self.active_search.set_value(text);
        self.fetch(false);
    }

    fn load_more(self) {
        if !self.loading.get_untracked() && self.has_next.get_untracked() {
            self.fetch(true);
        }
    }

    /// Retries whatever failed last: the first page if nothing is shown, else the next page.
    fn retry(self) {
        let append = !self.rows.with_untracked(Vec::is_empty);
        self.fetch(append);
    }

    fn fetch(self, append: bool) {
        let generation = self.generation.get_value();
        let search = self.active_search.get_value();
        let after = if append {
            self.cursor.get_untracked()
        } else {
            None
        };
        self.loading.set(true);
        self.error.set(None);
        spawn_local(async move {
            let result = api::employees(PAGE_SIZE, after.as_deref(), &search).await;
            // Dropped if the page was left (value disposed) or a newer search started meanwhile.
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.loading.set(false);
            match result {
                Ok(page) => {
                    let new_rows = page.edges.into_iter().map(|e| e.node);
                    if append {
                        self.rows.update(|rows| rows.extend(new_rows));
                    } else {
                        self.rows.set(new_rows.collect());
                    }
                    self.total.set(Some(page.total_count));
                    self.has_next
                        .set(page.page_info.has_next_page && page.page_info.end_cursor.is_some());
                    self.cursor.set(page.page_info.end_cursor);
                }
                Err(err) => {
                    self.session.check(&err);
                    self.error.set(Some(err));
                }
            }
        });
    }
}

fn total_text(total: i64, lang: Lang) -> String {
    t(lang, "employees.total").replace("{n}", &total.to_string())
}

#[component]
pub fn EmployeesPage() -> impl IntoView {
    let session = use_session();
    // A Memo so the list (and its state) is rebuilt only when access actually changes.
    let allowed = Memo::new(move |_| session.can_list_employees());
    move || {
        if allowed.get() {
            view! { <EmployeeListView session=session /> }.into_any()
        } else {
            view! {
                <section class="page">
                    <h1>{tr("employees.title")}</h1>
                    <p class="card muted">{tr("employees.no_access")}</p>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn EmployeeListView(session: Session) -> impl IntoView {
    let lang = use_lang();
    let list = EmployeeList::new(session);
    let query = RwSignal::new(String::new());
    list.search(String::new());

    let on_input = move |ev| {
        let text = event_target_value(&ev);
        query.set(text.clone());
        set_timeout(
            move || {
                // Only the last keystroke's timer survives; also a no-op once the page is gone.
                if query.try_get_untracked().as_deref() == Some(text.as_str()) {
                    list.search(text);
                }
            },
            SEARCH_DEBOUNCE,
        );
    };
    // Enter searches immediately (and closes the phone keyboard's "search" key cleanly).
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        list.search(query.get_untracked());
    };

    view! {
        <section class="page employees">
            <div class="page-head">
                <h1>{tr("employees.title")}</h1>
                <span class="muted" aria-live="polite">
                    {move || list.total.get().map(|n| total_text(n, lang.get()))}
                </span>
            </div>
            <form class="search" role="search" on:submit=on_submit>
                <input
                    id="employee-search"
                    type="search"
                    enterkeyhint="search"
                    autocomplete="off"
                    placeholder=tr("employees.search")
                    aria-label=tr("employees.search")
                    prop:value=move || query.get()
                    on:input=on_input
                />
            </form>

            <table class="employee-table">
                <thead>
                    <tr>
                        <th scope="col">{tr("field.employee_no")}</th>
                        <th scope="col">{tr("field.name")}</th>
                        <th scope="col">{tr("field.phone")}</th>
                        <th scope="col">{tr("field.position")}</th>
                        <th scope="col">{tr("field.org_unit")}</th>
                        <th scope="col">{tr("field.status")}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || list.rows.get()
                        key=|row| row.id.clone()
                        children=move |row| view! { <EmployeeRowView row=row lang=lang /> }
                    />
                </tbody>
            </table>

            <Show when=move || {
                !list.loading.get() && list.error.with(Option::is_none) && list.rows.with(Vec::is_empty)
            }>
                <p class="card muted empty">{tr("employees.empty")}</p>
            </Show>

            {move || {
                list.error
                    .get()
                    .map(|err| {
                        view! {
                            <div class="form-error" role="alert">
                                <span>{move || err.message(lang.get())}</span>
                                <button type="button" class="btn btn-ghost" on:click=move |_| list.retry()>
                                    {tr("common.retry")}
                                </button>
                            </div>
                        }
                    })
            }}

            <div class="list-footer">
                <Show when=move || list.loading.get()>
                    <p class="loading" role="status">{tr("app.loading")}</p>
                </Show>
                <Show when=move || list.has_next.get() && !list.loading.get()>
                    <button id="employees-more" type="button" class="btn btn-block" on:click=move |_| list.load_more()>
                        {tr("employees.load_more")}
                    </button>
                </Show>
            </div>
        </section>
    }
}

/// One employee: a table row on desktop, a card on phones (CSS uses `data-label` for the
/// captions there, since the header row is hidden).
#[component]
fn EmployeeRowView(row: EmployeeRow, lang: RwSignal<Lang>) -> impl IntoView {
    let status = row.status;
    let dash = || "—".to_owned();
    view! {
        <tr class="employee-row">
            <td data-label=tr("field.employee_no") class="mono">{row.employee_no}</td>
            <td data-label=tr("field.name")>{row.name}</td>
            <td data-label=tr("field.phone") class="mono">{row.phone.unwrap_or_else(dash)}</td>
            <td data-label=tr("field.position")>{row.position.unwrap_or_else(dash)}</td>
            <td data-label=tr("field.org_unit")>{row.org_unit.map_or_else(dash, |o| o.name)}</td>
            <td data-label=tr("field.status")>
                <span class=format!("chip status-{}", status_class(status))>
                    {move || lang.get().pick(status.label_zh(), status.label_en())}
                </span>
            </td>
        </tr>
    }
}

fn status_class(status: entity::EmployeeStatus) -> &'static str {
    match status {
        entity::EmployeeStatus::Probation => "probation",
        entity::EmployeeStatus::Regular => "regular",
        entity::EmployeeStatus::Left => "left",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_is_formatted_in_both_languages() {
        assert_eq!(total_text(42, Lang::Zh), "共 42 人");
        assert_eq!(total_text(42, Lang::En), "42 in total");
    }
}
