//! Echelon's own component kit: every page builds on these instead of raw markup, so states
//! (loading, error, empty), feedback (toasts, confirmations) and layout pieces (breadcrumbs,
//! chips) look and behave the same everywhere, and the styling can change in one place.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::{tr, use_lang, use_session};
use crate::i18n::{t, Lang};

/// "Loading…" while a fetch is under way.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr("app.loading")}</p> }
}

/// A failed fetch or action, in the user's language, with an optional retry.
#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="form-error" role="alert">
            <span>{move || error.message(lang.get())}</span>
            {retry.map(|retry| view! {
                <button type="button" class="btn btn-ghost" on:click=move |_| retry.run(())>
                    {tr("common.retry")}
                </button>
            })}
        </div>
    }
}

/// Nothing to show: a sentence saying so, never a blank area.
#[component]
pub fn Empty(text: &'static str) -> impl IntoView {
    view! { <p class="card muted empty">{tr(text)}</p> }
}

/// Shows `resource` through `<Transition>` (the old content stays while a refetch runs) and
/// `<ErrorBoundary>` (a failure becomes an [`ErrorNotice`] with retry). An expired session
/// is reported to the session, which sends the user to the login page.
///
/// Only the wait for the data and the call of `view` are generic: the view's type is erased
/// there, so the transition, the error boundary and the suspense exist once in the module
/// instead of once per page with each page's whole view built inside them.
#[component]
pub fn Fetched<T, V, F>(resource: LocalResource<Result<T, ApiError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let load: Load = Arc::new(move || {
        let view = view.clone();
        Box::pin(async move { resource.await.map(|data| view(data).into_any()) })
    });
    fetched(load, Callback::new(move |_| resource.refetch()))
}

/// A fetch that ends in a view or an error.
type Load =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ApiError>> + Send>> + Send + Sync>;

fn fetched(load: Load, retry: Callback<()>) -> impl IntoView {
    let session = use_session();
    let fallback = move |errors: ArcRwSignal<Errors>| {
        let first = errors
            .get()
            .into_iter()
            .next()
            .map(|(_, e)| {
                e.downcast_ref::<ApiError>()
                    .cloned()
                    .unwrap_or(ApiError::Unexpected)
            })
            .unwrap_or(ApiError::Unexpected);
        session.check(&first);
        view! { <ErrorNotice error=first retry=retry /> }
    };
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback>
                {move || Suspend::new(load())}
            </ErrorBoundary>
        </Transition>
    }
}

/// One step of the breadcrumb trail; the last one is the current page and has no link.
#[derive(Clone)]
pub struct Crumb {
    pub label: Signal<String>,
    pub href: Option<String>,
}

impl Crumb {
    /// A crumb with a translated label.
    pub fn key(key: &'static str, href: Option<&str>) -> Crumb {
        let lang = use_lang();
        Crumb {
            label: Signal::derive(move || t(lang.get(), key).to_owned()),
            href: href.map(str::to_owned),
        }
    }

    /// A crumb with a data label (a person's name, a unit's name).
    pub fn text(text: String, href: Option<&str>) -> Crumb {
        Crumb {
            label: Signal::derive(move || text.clone()),
            href: href.map(str::to_owned),
        }
    }
}

/// The trail above a desktop page (hidden on phones, where the tab bar is the navigation).
#[component]
pub fn Breadcrumbs(crumbs: Vec<Crumb>) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label=tr("nav.breadcrumbs")>
            <ol>
                {crumbs
                    .into_iter()
                    .map(|c| match c.href {
                        Some(href) => view! { <li><a href=href>{c.label}</a></li> }.into_any(),
                        None => view! { <li aria-current="page">{c.label}</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A status chip of an employee.
#[component]
pub fn StatusChip(status: entity::EmployeeStatus) -> impl IntoView {
    let lang = use_lang();
    let class = match status {
        entity::EmployeeStatus::Probation => "chip status-probation",
        entity::EmployeeStatus::Regular => "chip status-regular",
        entity::EmployeeStatus::Left => "chip status-left",
    };
    view! { <span class=class>{move || lang.get().pick(status.label_zh(), status.label_en())}</span> }
}

/// What a toast says: a translated key or a ready text (a server's validation message).
#[derive(Clone, Debug, PartialEq)]
pub enum ToastText {
    Key(&'static str),
    Error(ApiError),
}

impl ToastText {
    fn render(&self, lang: Lang) -> String {
        match self {
            ToastText::Key(k) => t(lang, k).to_owned(),
            ToastText::Error(e) => e.message(lang),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    ok: bool,
    text: ToastText,
}

/// Short-lived messages at the edge of the screen ("已保存"), provided by the shell.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

const TOAST_LIFETIME: Duration = Duration::from_secs(5);

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    fn push(self, ok: bool, text: ToastText) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| l.push(Toast { id, ok, text }));
        set_timeout(
            move || {
                self.list.try_update(|l| l.retain(|t| t.id != id));
            },
            TOAST_LIFETIME,
        );
    }

    pub fn success(self, key: &'static str) {
        self.push(true, ToastText::Key(key));
    }

    pub fn error(self, err: ApiError) {
        self.push(false, ToastText::Error(err));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear; announced politely to screen readers.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = use_toasts();
    let lang = use_lang();
    view! {
        <div class="toasts" aria-live="polite">
            <For
                each=move || toasts.list.get()
                key=|t| t.id
                children=move |toast| {
                    let class = if toast.ok { "toast toast-ok" } else { "toast toast-error" };
                    let text = toast.text.clone();
                    view! { <div class=class role="status">{move || text.render(lang.get())}</div> }
                }
            />
        </div>
    }
}

/// What can take the keyboard focus inside a dialog, in document order.
const FOCUSABLE: &str = "input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), button:not([disabled]), a[href]";

/// The keyboard behaviour every modal shares. Call it in the component that exists while the
/// dialog is open, with the dialog's box: once the box is in the page, the element marked
/// `data-autofocus` (else the first field or button) takes the focus; when the dialog goes, the
/// focus returns to what had it before, normally the button that opened it. Bind
/// [`keep_tab_inside`] to the box's keydown as well.
pub fn modal_focus(modal: NodeRef<leptos::html::Div>) {
    use leptos::wasm_bindgen::JsCast;
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let opener = send_wrapper::SendWrapper::new(opener);
    on_cleanup(move || {
        if let Some(el) = opener.take() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    Effect::new(move |_| {
        let Some(modal) = modal.get() else { return };
        let target = modal
            .query_selector("[data-autofocus]")
            .ok()
            .flatten()
            .or_else(|| modal.query_selector(FOCUSABLE).ok().flatten());
        if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// Keeps Tab and Shift+Tab inside the element the keydown is bound to: past the last control
/// the focus wraps to the first, and back from the first to the last.
pub fn keep_tab_inside(ev: &leptos::ev::KeyboardEvent) {
    use leptos::wasm_bindgen::JsCast;
    if ev.key() != "Tab" {
        return;
    }
    let Some(modal) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(list) = modal.query_selector_all(FOCUSABLE) else {
        return;
    };
    let item = |i: u32| {
        list.item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (item(0), list.length().checked_sub(1).and_then(item)) else {
        return;
    };
    let active = document().active_element();
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.as_ref() as &web_sys::Element)
    };
    let outside = !active
        .as_ref()
        .is_some_and(|a| modal.contains(Some(a.as_ref())));
    if ev.shift_key() && (at(&first) || outside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(&last) || outside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A modal's keydown: Escape runs `close`, Tab stays inside (see [`keep_tab_inside`]).
pub fn escape_closes(close: impl Fn() + 'static) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev| {
        if ev.key() == "Escape" {
            close();
        } else {
            keep_tab_inside(&ev);
        }
    }
}

/// A modal question with 确定 / 取消. `open` shows it; confirming runs `on_confirm` and closes.
/// 取消 has the focus when it opens, so Enter cannot confirm by accident; Escape cancels.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: &'static str,
    #[prop(into)] body: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <ConfirmBox open=open title=title body=body on_confirm=on_confirm />
        </Show>
    }
}

/// The open [`ConfirmDialog`]: it exists exactly while the question is asked.
#[component]
fn ConfirmBox(
    open: RwSignal<bool>,
    title: &'static str,
    body: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let modal = NodeRef::<leptos::html::Div>::new();
    modal_focus(modal);
    view! {
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="modal"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby="confirm-title"
                    node_ref=modal
                    on:keydown=escape_closes(move || open.set(false))
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="confirm-title">{tr(title)}</h2>
                    <p>{move || body.get()}</p>
                    <div class="modal-actions">
                        <button type="button" class="btn" id="confirm-cancel" data-autofocus=""
                            on:click=move |_| open.set(false)>
                            {tr("common.cancel")}
                        </button>
                        <button
                            id="confirm-ok"
                            type="button"
                            class="btn btn-primary"
                            on:click=move |_| {
                                open.set(false);
                                on_confirm.run(());
                            }
                        >
                            {tr("common.confirm")}
                        </button>
                    </div>
                </div>
            </div>
    }
}

/// One entry of a record's history, as drawn on a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between two JSON snapshots of a record: (field, before, after).
pub fn changed_fields(before: &str, after: &str) -> Vec<(String, String, String)> {
    use serde_json::Value;
    let parse = |s: &str| match serde_json::from_str::<Value>(s) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (b, a) = (parse(before), parse(after));
    let show = |v: Option<&Value>| match v {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_by(|x, y| {
        (entity::field_rank(x), x.as_str()).cmp(&(entity::field_rank(y), y.as_str()))
    });
    keys.dedup();
    // A reference kept with its name (`org_unit` beside `org_unit_id`) is shown by the name.
    let named = |k: &str| {
        k.strip_suffix("_id")
            .is_some_and(|n| a.contains_key(n) || b.contains_key(n))
    };
    keys.into_iter()
        // Bookkeeping fields change on every write and say nothing to a reader.
        .filter(|k| {
            !matches!(
                k.as_str(),
                "version" | "updated_at" | "created_at" | "id" | "org_path"
            ) && !named(k)
        })
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| (k.clone(), show(b.get(k)), show(a.get(k))))
        .collect()
}

/// A record's history, newest first, each entry with who, when and what changed.
#[component]
pub fn HistoryTimeline(entries: Vec<HistoryEntry>) -> impl IntoView {
    let lang = use_lang();
    if entries.is_empty() {
        return view! { <Empty text="history.empty" /> }.into_any();
    }
    let mut entries = entries;
    entries.reverse();
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|e| {
                    let changes = changed_fields(&e.before, &e.after);
                    let action = e.action.clone();
                    view! {
                        <li class="timeline-entry">
                            <div class="timeline-head">
                                <strong class="timeline-action">
                                    {move || action_label(&action, lang.get())}
                                </strong>
                                <span class="muted">{crate::format::date_time(&e.at)}</span>
                                <span class="muted">{
                                    let actor = e.actor.clone();
                                    move || actor_label(&actor, lang.get())
                                }</span>
                            </div>
                            <ul class="timeline-changes">
                                {changes
                                    .into_iter()
                                    .map(|(field, b, a)| {
                                        let (b, a) = (b.clone(), a.clone());
                                        let f2 = field.clone();
                                        let before = move || value_label(&f2, &b, lang.get());
                                        let f3 = field.clone();
                                        let after = move || value_label(&f3, &a, lang.get());
                                        let label = move || field_label(&field, lang.get());
                                        view! {
                                            <li>
                                                <span class="timeline-field">{label}</span>
                                                {move || lang.get().pick("：", ": ")}
                                                <del>{before}</del>
                                                " → "
                                                <ins>{after}</ins>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The words for a field of a record snapshot (`hire_date` → 入职日期); unknown fields as
/// they are.
pub fn field_label(field: &str, lang: Lang) -> String {
    let key = match field {
        "employee_no" => "field.employee_no",
        "name" => "field.name",
        "phone" => "field.phone",
        "position" => "field.position",
        "org_unit_id" | "org_unit" => "field.org_unit",
        "superior_id" | "superior" => "home.superior",
        "hire_date" => "field.hire_date",
        "status" => "field.status",
        "key_position" => "field.key_position",
        "roles" => "home.roles",
        _ => return field.to_owned(),
    };
    t(lang, key).to_owned()
}

/// A snapshot value in words: statuses and yes/no in the user's language, the rest as stored.
pub fn value_label(field: &str, value: &str, lang: Lang) -> String {
    match (field, value) {
        (_, "true") => t(lang, "common.yes").to_owned(),
        (_, "false") => t(lang, "common.no").to_owned(),
        ("status", v) => entity::EmployeeStatus::parse_loose(v).map_or_else(
            || v.to_owned(),
            |s| lang.pick(s.label_zh(), s.label_en()).to_owned(),
        ),
        // A reference recorded before names were kept with it: no id reaches the reader.
        (_, v) if looks_like_id(v) => t(lang, "history.unnamed").to_owned(),
        _ => value.to_owned(),
    }
}

/// Whether a stored value is a record id (a UUID), which means nothing to a reader.
fn looks_like_id(v: &str) -> bool {
    v.len() == 36
        && v.chars().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// The words for an audit action (`employee.updated` → 修改员工资料, from
/// `entity::ACTIONS`); an action the app does not know yet reads as a change, never as a key.
pub fn action_label(action: &str, lang: Lang) -> String {
    match entity::action_words(action) {
        Some((zh, en)) => lang.pick(zh, en).to_owned(),
        None => t(lang, "action.other").to_owned(),
    }
}

/// Who acted, in words: the system's own changes (the demo, migrations) say so.
pub fn actor_label(actor: &str, lang: Lang) -> String {
    match actor {
        "system" | "" => t(lang, "history.system").to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_changes_are_listed() {
        let before = r#"{"name":"张三","position":"话务员","version":1,"updated_at":"x"}"#;
        let after = r#"{"name":"张三","position":"质检员","version":2,"updated_at":"y"}"#;
        assert_eq!(
            changed_fields(before, after),
            vec![(
                "position".to_owned(),
                "话务员".to_owned(),
                "质检员".to_owned()
            )]
        );
    }

    #[test]
    fn a_creation_lists_every_field_against_nothing() {
        let changes = changed_fields("null", r#"{"name":"李四","key_position":true}"#);
        assert_eq!(
            changes,
            vec![
                ("name".to_owned(), "—".to_owned(), "李四".to_owned()),
                ("key_position".to_owned(), "—".to_owned(), "true".to_owned()),
            ]
        );
    }

    #[test]
    fn fields_come_in_a_fixed_order_and_references_by_their_names() {
        let before = r#"{"status":"probation","org_unit_id":"u1","org_unit":"一组","superior_id":"s1","superior":null,"name":"甲"}"#;
        let after = r#"{"status":"regular","org_unit_id":"u2","org_unit":"二组","superior_id":"s2","superior":"L0001 王五","name":"乙"}"#;
        let fields: Vec<String> = changed_fields(before, after)
            .into_iter()
            .map(|(f, _, _)| f)
            .collect();
        assert_eq!(fields, ["name", "org_unit", "superior", "status"]);
    }

    #[test]
    fn an_id_never_reaches_the_reader() {
        let id = "01a2505d-50de-7c3a-9f00-000000000001";
        assert_eq!(value_label("org_unit_id", id, Lang::Zh), "（未记录名称）");
        assert_eq!(
            value_label("org_unit_id", id, Lang::En),
            "(name not recorded)"
        );
        assert_eq!(actor_label("system", Lang::Zh), "系统");
        assert_eq!(actor_label("H0001 张三", Lang::Zh), "H0001 张三");
    }

    #[test]
    fn statuses_and_flags_read_as_words() {
        assert_eq!(value_label("status", "probation", Lang::Zh), "试用");
        assert_eq!(value_label("status", "REGULAR", Lang::En), "Regular");
        assert_eq!(value_label("key_position", "true", Lang::Zh), "是");
        assert_eq!(value_label("position", "话务员", Lang::En), "话务员");
    }

    #[test]
    fn known_fields_are_translated_and_unknown_ones_kept() {
        assert_eq!(field_label("hire_date", Lang::Zh), "入职日期");
        assert_eq!(field_label("hire_date", Lang::En), "Hire date");
        assert_eq!(field_label("shoe_size", Lang::En), "shoe_size");
    }

    #[test]
    fn known_actions_are_translated_and_unknown_ones_read_as_a_change() {
        assert_eq!(action_label("employee.updated", Lang::Zh), "修改员工资料");
        assert_eq!(
            action_label("nomination.created", Lang::En),
            "Nominated to the talent pool"
        );
        assert_eq!(action_label("pledge.signed", Lang::En), "Record changed");
    }
}
