//! `/employees/:id`: one employee's record, reporting line and history timeline. The phone
//! arrives masked; 显示完整号码 reveals it (the server records who looked).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::api::ops::update_employee::{self, UpdateEmployeeInput};
use crate::api::ops::EmployeeStatus;
use crate::api::ops::{employee_detail, reveal_phone};
use crate::api::ApiError;
use crate::app::{tr, use_lang, use_session};
use crate::components::ErrorNotice;
use crate::components::{
    use_toasts, Breadcrumbs, Crumb, Fetched, HistoryEntry, HistoryTimeline, StatusChip,
};
use crate::i18n::{t, Lang};
use crate::pages::employees::{status_code, status_from_code};
use crate::pages::home::person_text;
use entity::Area;

#[component]
pub fn EmployeeDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let employee = LocalResource::new(move || {
        let id = id.get();
        async move {
            api::call::<api::ops::EmployeeDetail>(employee_detail::Variables { id })
                .await
                .map(|d| d.employee)
        }
    });
    view! {
        <section class="page employee-detail">
            <Fetched resource=employee view=move |e| view! {
                <Detail e=e on_saved=Callback::new(move |_| employee.refetch()) />
            } />
        </section>
    }
}

#[component]
fn Detail(e: employee_detail::EmployeeDetailEmployee, on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let phone = RwSignal::new(e.phone.clone());
    let revealed = RwSignal::new(false);
    let id = e.id.clone();
    let reveal = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match api::call::<api::ops::RevealPhone>(reveal_phone::Variables { id }).await {
                Ok(d) => {
                    phone.try_set(d.reveal_phone);
                    revealed.try_set(true);
                }
                Err(err) => {
                    session.check(&err);
                    toasts.error(err);
                }
            }
        });
    };
    let editing = RwSignal::new(false);
    let may_edit = Memo::new(move |_| session.may_open(Area::EmployeeAdmin));
    let draft = Draft::of(&e);
    let key_position = e.key_position;
    let kind = e.org_unit.kind;
    let line = e.reporting_line.clone();
    // Only HR and admins reach everyone on a reporting line; for others a skip-level superior
    // is usually out of reach, so names are links only where the record would open.
    let links = session.may_open(Area::EmployeeAdmin);
    let person_link = move |p: Option<(String, String, String)>| match p {
        Some((_, name, no)) if !links => view! {
            <span>{move || person_text(&name, &no, lang.get())}</span>
        }
        .into_any(),
        Some((id, name, no)) => view! {
            <a href=format!("/employees/{id}")>{move || person_text(&name, &no, lang.get())}</a>
        }
        .into_any(),
        None => view! { <span class="muted">{tr("home.none")}</span> }.into_any(),
    };
    let history: Vec<HistoryEntry> = e
        .history
        .into_iter()
        .map(|h| HistoryEntry {
            at: h.at,
            actor: h.actor,
            action: h.action,
            before: h.before,
            after: h.after,
        })
        .collect();
    view! {
        <Breadcrumbs crumbs=vec![
            Crumb::key("nav.home", Some("/")),
            Crumb::key("employees.title", Some("/employees")),
            Crumb::text(e.name.clone(), None),
        ] />
        <div class="page-head">
            <h1 id="employee-name">{e.name.clone()} " " <StatusChip status=e.status /></h1>
            <Show when=move || may_edit.get() && !editing.get()>
                <button type="button" class="btn" id="employee-edit" on:click=move |_| editing.set(true)>
                    {tr("common.edit")}
                </button>
            </Show>
        </div>
        <Show when=move || editing.get()>
            <EditForm draft=draft.clone() editing=editing on_saved=on_saved />
        </Show>
        <div class="cards">
            <article class="card">
                <h2>{tr("home.profile")}</h2>
                <dl class="facts">
                    <dt>{tr("field.employee_no")}</dt>
                    <dd class="mono" id="employee-no">{e.employee_no.clone()}</dd>
                    <dt>{tr("field.org_unit")}</dt>
                    <dd>
                        <a href=format!("/org?unit={}", e.org_unit.id)>{e.org_unit.name.clone()}</a>
                        " "
                        <span class="chip chip-muted">{move || lang.get().pick(kind.label_zh(), kind.label_en()).to_owned()}</span>
                    </dd>
                    <dt>{tr("field.position")}</dt>
                    <dd>{e.position.clone()}</dd>
                    <dt>{tr("field.phone")}</dt>
                    <dd>
                        <span class="mono" id="employee-phone">{move || phone.get()}</span>
                        <Show when=move || !revealed.get() && phone.with(|p| p.contains('*'))>
                            " "
                            <button type="button" class="btn btn-ghost btn-small" id="reveal-phone" on:click=reveal.clone()>
                                {tr("employee.reveal_phone")}
                            </button>
                        </Show>
                    </dd>
                    <dt>{tr("field.hire_date")}</dt>
                    <dd>{e.hire_date.clone()}</dd>
                    <dt>{tr("field.key_position")}</dt>
                    <dd>{move || t(lang.get(), if key_position { "common.yes" } else { "common.no" })}</dd>
                </dl>
            </article>
            <article class="card">
                <h2>{tr("home.reporting")}</h2>
                <dl class="facts">
                    <dt>{tr("home.superior")}</dt>
                    <dd>{person_link(line.superior.clone().map(|l| (l.person.id, l.person.name, l.person.employee_no)))}</dd>
                    <dt>{tr("home.skip_level")}</dt>
                    <dd>{person_link(line.skip_level.clone().map(|l| (l.person.id, l.person.name, l.person.employee_no)))}</dd>
                </dl>
            </article>
        </div>
        <article class="card" id="employee-history">
            <h2>{tr("history.title")}</h2>
            <HistoryTimeline entries=history />
        </article>
    }
}

/// The editable fields of a record, as the form holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: String,
    pub version: i64,
    pub name: String,
    pub phone: String,
    pub position: String,
    pub hire_date: String,
    pub status: EmployeeStatus,
    pub key_position: bool,
}

impl Draft {
    fn of(e: &employee_detail::EmployeeDetailEmployee) -> Draft {
        Draft {
            id: e.id.clone(),
            version: e.version,
            name: e.name.clone(),
            // A masked number is not a value to send back; the field starts empty then and
            // an empty field leaves the number unchanged.
            phone: if e.phone.contains('*') {
                String::new()
            } else {
                e.phone.clone()
            },
            position: e.position.clone(),
            hire_date: e.hire_date.clone(),
            status: e.status,
            key_position: e.key_position,
        }
    }

    /// Only what changed goes to the server (an absent field is left as it is), checked with
    /// the same rules the server applies.
    pub fn changes(&self, original: &Draft) -> Result<UpdateEmployeeInput, entity::FieldError> {
        let changed =
            |new: &str, old: &str| (new.trim() != old.trim()).then(|| new.trim().to_owned());
        let name = changed(&self.name, &original.name)
            .map(|n| entity::required_text("name", &n, entity::MAX_NAME))
            .transpose()?;
        let phone = Some(self.phone.trim())
            .filter(|p| !p.is_empty() && *p != original.phone)
            .map(|p| entity::phone("phone", p))
            .transpose()?;
        let position = changed(&self.position, &original.position)
            .map(|p| entity::required_text("position", &p, entity::MAX_POSITION))
            .transpose()?;
        let hire_date = changed(&self.hire_date, &original.hire_date)
            .map(|d| entity::date("hireDate", &d).map(|_| d))
            .transpose()?;
        Ok(UpdateEmployeeInput {
            id: self.id.clone(),
            expected_version: original.version,
            name,
            phone,
            org_unit_id: None,
            position,
            superior_id: None,
            hire_date,
            status: (self.status != original.status).then_some(self.status),
            key_position: (self.key_position != original.key_position).then_some(self.key_position),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum SaveError {
    Rule(entity::FieldError),
    Api(ApiError),
}

#[component]
fn EditForm(draft: Draft, editing: RwSignal<bool>, on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let original = draft.clone();
    let form = RwSignal::new(draft);
    let error = RwSignal::new(None::<SaveError>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match form.with_untracked(|f| f.changes(&original)) {
            Ok(input) => input,
            Err(rule) => {
                error.set(Some(SaveError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result =
                api::call::<api::ops::UpdateEmployee>(update_employee::Variables { input }).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("common.saved");
                    editing.try_set(false);
                    on_saved.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(SaveError::Api(err)));
                }
            }
        });
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           get: fn(&Draft) -> String,
                           set: fn(&mut Draft, String)| {
        view! {
            <label class="field">
                <span>{tr(label)}</span>
                <input id=id type="text" prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </label>
        }
    };
    view! {
        <form class="form card" id="employee-edit-form" on:submit=save novalidate>
            {text_field("edit-name", "field.name", |d| d.name.clone(), |d, v| d.name = v)}
            {text_field("edit-phone", "field.phone", |d| d.phone.clone(), |d, v| d.phone = v)}
            {text_field("edit-position", "field.position", |d| d.position.clone(), |d, v| d.position = v)}
            <label class="field">
                <span>{tr("field.hire_date")}</span>
                <input id="edit-hire-date" type="date" prop:value=move || form.with(|f| f.hire_date.clone())
                    on:input=move |ev| form.update(|f| f.hire_date = event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{tr("field.status")}</span>
                <select id="edit-status" on:change=move |ev| {
                    if let Some(status) = status_from_code(&event_target_value(&ev)) {
                        form.update(|f| f.status = status);
                    }
                }>
                    {EmployeeStatus::ALL.into_iter()
                        .map(|s| view! {
                            <option value=status_code(s) selected=move || form.with(|f| f.status == s)>
                                {move || lang.get().pick(s.label_zh(), s.label_en()).to_owned()}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field check">
                <input id="edit-key-position" type="checkbox" prop:checked=move || form.with(|f| f.key_position)
                    on:change=move |ev| form.update(|f| f.key_position = event_target_checked(&ev)) />
                <span>{tr("field.key_position")}</span>
            </label>
            {move || error.get().map(|e| match e {
                SaveError::Rule(rule) => view! {
                    <p class="form-error" role="alert">{move || match lang.get() {
                        Lang::Zh => rule.problem.message_zh(),
                        Lang::En => rule.problem.message_en(),
                    }}</p>
                }.into_any(),
                SaveError::Api(err) => view! { <ErrorNotice error=err /> }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="btn btn-primary" id="edit-save" disabled=move || busy.get()>{tr("common.save")}</button>
                <button type="button" class="btn" on:click=move |_| editing.set(false)>{tr("common.cancel")}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Draft {
        Draft {
            id: "Employee:1".into(),
            version: 3,
            name: "张三".into(),
            phone: String::new(),
            position: "话务员".into(),
            hire_date: "2024-03-01".into(),
            status: EmployeeStatus::Probation,
            key_position: false,
        }
    }

    #[test]
    fn only_changed_fields_are_sent_with_the_version_read() {
        let original = record();
        let mut draft = original.clone();
        draft.status = EmployeeStatus::Regular;
        draft.position = " 质检员 ".into();
        let input = draft.changes(&original).unwrap();
        assert_eq!(input.expected_version, 3);
        assert_eq!(input.status, Some(EmployeeStatus::Regular));
        assert_eq!(input.position.as_deref(), Some("质检员"));
        assert_eq!(input.name, None);
        assert_eq!(input.phone, None, "an untouched masked phone is not sent");
        assert_eq!(input.superior_id, None);
        // Absent fields are left out of the request entirely, never sent as null.
        let json = serde_json::to_value(&input).unwrap();
        assert!(json.get("superiorId").is_none(), "{json}");
        assert!(json.get("name").is_none());
    }

    #[test]
    fn the_shared_rules_reject_bad_values_before_sending() {
        let original = record();
        let mut draft = original.clone();
        draft.hire_date = "2024-02-30".into();
        assert_eq!(draft.changes(&original).unwrap_err().field, "hireDate");
        let mut draft = original.clone();
        draft.phone = "电话?".into();
        assert_eq!(draft.changes(&original).unwrap_err().field, "phone");
        let mut draft = original.clone();
        draft.name = "  ".into();
        assert_eq!(draft.changes(&original).unwrap_err().field, "name");
    }
}
