//! The development plan (后备员工发展档案) as both sides see it: the member hands in items (a
//! reading's reflection, evidence of the rest) and agrees; superiors add items, review what was
//! handed in and agree. The three levels agree to each revision; the server keeps the rules,
//! the page only leaves out what the viewer cannot do.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::{
    add_plan_item, agree_plan, review_plan_item, submit_plan_item, PlanItemKind, PlanItemStatus,
    SignerRole,
};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Empty, ErrorNotice};
use crate::format;
use crate::pages::talent::problem_text;
use entity::FieldError;

/// An item of a plan, whichever query brought it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: PlanItemKind,
    pub title: String,
    pub due_date: String,
    pub status: PlanItemStatus,
    pub overdue: bool,
    pub evidence: Option<String>,
    pub reviewer_comment: Option<String>,
    pub version: i64,
}

/// One level's agreement to the current revision.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub role: SignerRole,
    pub signer_id: Option<String>,
    pub signer: Option<String>,
    pub agreed_at: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub revision: i64,
    pub agreed_by_all: bool,
    pub agreements: Vec<Agreement>,
    pub items: Vec<Item>,
}

/// Converts the generated plan type of an operation (the `PlanFields` fragment) into a [`Plan`].
macro_rules! plan_from {
    ($plan:expr) => {{
        let p = $plan;
        $crate::pages::talent::plan::Plan {
            revision: p.revision,
            agreed_by_all: p.agreed_by_all,
            agreements: p
                .agreements
                .into_iter()
                .map(|a| $crate::pages::talent::plan::Agreement {
                    role: a.role,
                    signer_id: a.signer.as_ref().map(|s| s.id.clone()),
                    signer: a.signer.map(|s| s.name),
                    agreed_at: a.agreed_at,
                })
                .collect(),
            items: p
                .items
                .into_iter()
                .map(|i| $crate::pages::talent::plan::Item {
                    id: i.id,
                    kind: i.kind,
                    title: i.title,
                    due_date: i.due_date,
                    status: i.status,
                    overdue: i.overdue,
                    evidence: i.evidence,
                    reviewer_comment: i.reviewer_comment,
                    version: i.version,
                })
                .collect(),
        }
    }};
}
pub(crate) use plan_from;

/// Who looks at a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The member: hands items in.
    Member,
    /// A superior or HR: reviews what was handed in.
    Reviewer,
}

impl Plan {
    /// Whether `me` is still to agree to this revision, being one of the three levels.
    pub fn awaits(&self, me: Option<&str>, is_level: bool) -> bool {
        is_level
            && !self.items.is_empty()
            && !self.agreed_by_all
            && !self
                .agreements
                .iter()
                .any(|a| a.signer_id.is_some() && a.signer_id.as_deref() == me)
    }
}

/// What a member hands in for `kind`: a reading's reflection (心得) up to 5000 characters, else
/// evidence up to the usual length.
pub fn evidence(kind: PlanItemKind, text: &str) -> Result<String, FieldError> {
    if kind.needs_reflection() {
        entity::reflection("evidence", text)
    } else {
        entity::required_text("evidence", text, entity::MAX_TEXT)
    }
}

/// The longest text a member may hand in for `kind`.
pub fn evidence_limit(kind: PlanItemKind) -> usize {
    if kind.needs_reflection() {
        entity::MAX_REFLECTION
    } else {
        entity::MAX_TEXT
    }
}

/// What a handed-in text is called: 读书心得 for a reading, 完成情况 for the rest.
fn evidence_label(kind: PlanItemKind) -> &'static str {
    if kind.needs_reflection() {
        "talent.plan.reflection"
    } else {
        "talent.plan.evidence"
    }
}

/// A returned item needs the reviewer's comment (the server asks the same).
pub fn return_comment(text: &str) -> Result<String, FieldError> {
    entity::required_text("comment", text, entity::MAX_TEXT)
}

fn uuid(id: &str) -> &str {
    id.strip_prefix("PlanItem:").unwrap_or(id)
}

fn status_class(s: PlanItemStatus) -> &'static str {
    match s {
        PlanItemStatus::Planned => "chip chip-muted",
        PlanItemStatus::InProgress => "chip nomination-assessing",
        PlanItemStatus::Submitted => "chip nomination-signing",
        PlanItemStatus::Done => "chip nomination-admitted",
    }
}

/// The plan: agreement state, items, and the actions of `side`.
#[component]
pub fn PlanView(
    plan: Plan,
    employee_id: String,
    side: Side,
    /// Whether the viewer is one of the three levels who agree.
    is_level: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let me = session
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    let awaits = plan.awaits(me.as_deref(), is_level);
    let agreements = plan
        .agreements
        .iter()
        .map(|a| {
            let role = a.role;
            let who = a.signer.clone().unwrap_or_default();
            view! {
                <li class="plan-agreement">
                    <strong>{move || lang.get().pick(role.label_zh(), role.label_en())}</strong>
                    " " {who} " · " <span class="muted">{format::date_time(&a.agreed_at)}</span>
                </li>
            }
        })
        .collect_view();
    let agreed = plan.agreed_by_all;
    let items = if plan.items.is_empty() {
        view! { <Empty text="talent.plan.empty" /> }.into_any()
    } else {
        view! {
            <ul class="plan-items">
                {plan
                    .items
                    .into_iter()
                    .map(|i| view! { <PlanItemView item=i side=side reload=reload /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <article class="card plan" id="plan" data-agreed=agreed.to_string()>
            <h2>{tr("talent.plan.title")}</h2>
            <p id="plan-agreement-state">
                {if agreed {
                    view! { <span class="chip nomination-admitted">{tr("talent.plan.agreed_by_all")}</span> }.into_any()
                } else {
                    view! { <span class="chip chip-muted">{tr("talent.plan.not_agreed")}</span> }.into_any()
                }}
            </p>
            <ul class="plan-agreements">{agreements}</ul>
            {awaits.then(|| view! {
                <AgreeButton employee_id=employee_id.clone() revision=plan.revision reload=reload />
            })}
            {items}
        </article>
    }
}

#[component]
fn AgreeButton(employee_id: String, revision: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(employee_id);
    let agree = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::AgreePlan>(agree_plan::Variables {
                employee_id: id.get_value(),
                expected_revision: revision,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.plan.agreed");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    };
    view! {
        <div class="actions">
            <button type="button" class="btn btn-primary" id="plan-agree" disabled=move || busy.get() on:click=agree>
                {tr("talent.plan.agree")}
            </button>
        </div>
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}

#[component]
fn PlanItemView(item: Item, side: Side, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let (kind, status) = (item.kind, item.status);
    let dom = format!("plan-item-{}", uuid(&item.id));
    let may_submit = side == Side::Member
        && matches!(status, PlanItemStatus::Planned | PlanItemStatus::InProgress);
    let may_review = side == Side::Reviewer && status == PlanItemStatus::Submitted;
    view! {
        <li class="plan-item" id=dom data-status=format!("{status:?}") data-overdue=item.overdue.to_string()>
            <div class="plan-item-head">
                <strong class="plan-item-title">{item.title.clone()}</strong>
                <span class=status_class(status)>{move || lang.get().pick(status.label_zh(), status.label_en())}</span>
                {item.overdue.then(|| view! { <span class="chip nomination-rejected plan-overdue">{tr("talent.plan.overdue")}</span> })}
            </div>
            <p class="muted">
                {move || lang.get().pick(kind.label_zh(), kind.label_en())}
                " · " {tr("talent.plan.due")} " " {item.due_date.clone()}
            </p>
            {item.evidence.clone().map(|e| view! {
                <p class="prewrap plan-evidence"><strong>{tr(evidence_label(kind))}</strong>": "{e}</p>
            })}
            {item.reviewer_comment.clone().map(|c| view! {
                <p class="prewrap plan-comment"><strong>{tr("talent.plan.reviewer_comment")}</strong>": "{c}</p>
            })}
            {may_submit.then(|| view! { <SubmitItem item=item.clone() reload=reload /> })}
            {may_review.then(|| view! { <ReviewItem id=item.id.clone() version=item.version reload=reload /> })}
        </li>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Rule(FieldError),
    Api(ApiError),
}

#[component]
fn FormErrorLine(error: RwSignal<Option<FormError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| match e {
            FormError::Rule(rule) => view! {
                <p class="form-error" role="alert">{move || problem_text(&rule, lang.get())}</p>
            }
            .into_any(),
            FormError::Api(err) => view! { <ErrorNotice error=err /> }.into_any(),
        })
    }
}

#[component]
fn SubmitItem(item: Item, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let kind = item.kind;
    let version = item.version;
    let id = StoredValue::new(item.id);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let evidence = match evidence(kind, &text.get_untracked()) {
            Ok(e) => e,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::SubmitPlanItem>(submit_plan_item::Variables {
                id: id.get_value(),
                expected_version: version,
                evidence,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.plan.submitted");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };
    let label = evidence_label(kind);
    view! {
        <form class="form plan-submit" on:submit=on_submit novalidate>
            <label class="field">
                <span>{tr(label)}</span>
                <textarea class="plan-evidence-input" rows=if kind.needs_reflection() { "8" } else { "3" }
                    maxlength=evidence_limit(kind)
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <FormErrorLine error=error />
            <button type="submit" class="btn btn-primary plan-submit-button" disabled=move || busy.get()>
                {tr("talent.plan.submit")}
            </button>
        </form>
    }
}

#[component]
fn ReviewItem(id: String, version: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let send = move |accept: bool| {
        let typed = comment.get_untracked();
        let comment = if accept {
            match entity::optional_text("comment", &typed, entity::MAX_TEXT) {
                Ok(c) => (!c.is_empty()).then_some(c),
                Err(rule) => {
                    error.set(Some(FormError::Rule(rule)));
                    return;
                }
            }
        } else {
            match return_comment(&typed) {
                Ok(c) => Some(c),
                Err(rule) => {
                    error.set(Some(FormError::Rule(rule)));
                    return;
                }
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::ReviewPlanItem>(review_plan_item::Variables {
                id: id.get_value(),
                expected_version: version,
                accept,
                comment,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(if accept {
                        "talent.plan.accepted"
                    } else {
                        "talent.plan.returned"
                    });
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };
    view! {
        <div class="plan-review">
            <label class="field">
                <span>{tr("talent.plan.review_comment")}</span>
                <textarea class="plan-review-comment" rows="2" maxlength=entity::MAX_TEXT
                    placeholder=tr("talent.plan.review_hint")
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </label>
            <FormErrorLine error=error />
            <div class="actions">
                <button type="button" class="btn btn-primary plan-accept" disabled=move || busy.get() on:click=move |_| send(true)>
                    {tr("talent.plan.accept")}
                </button>
                <button type="button" class="btn btn-danger plan-return" disabled=move || busy.get() on:click=move |_| send(false)>
                    {tr("talent.plan.return")}
                </button>
            </div>
        </div>
    }
}

/// A new item for a member's plan (superiors and HR).
#[component]
pub fn AddItemForm(employee_id: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let kind = RwSignal::new(PlanItemKind::SpecialTraining);
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(employee_id);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = entity::required_text("title", &title.get_untracked(), entity::MAX_NAME * 2)
            .and_then(|t| entity::date("dueDate", &due.get_untracked()).map(|d| (t, d)));
        let (text, date) = match checked {
            Ok(v) => v,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::AddPlanItem>(add_plan_item::Variables {
                employee_id: id.get_value(),
                kind: kind.get_untracked(),
                title: text,
                // `NaiveDate` displays as `YYYY-MM-DD`.
                due_date: date.to_string(),
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.plan.added");
                    title.try_set(String::new());
                    due.try_set(String::new());
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };
    view! {
        <form class="form card" id="plan-add" on:submit=on_submit novalidate>
            <h2>{tr("talent.plan.add")}</h2>
            <label class="field">
                <span>{tr("talent.plan.kind")}</span>
                <select id="plan-add-kind"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = PlanItemKind::ALL.into_iter().find(|k| format!("{k:?}") == v) {
                            kind.set(k);
                        }
                    }>
                    {PlanItemKind::ALL
                        .into_iter()
                        .map(|k| view! {
                            <option value=format!("{k:?}") selected=move || kind.get() == k>
                                {move || lang.get().pick(k.label_zh(), k.label_en())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{tr("talent.plan.item_title")}</span>
                <input id="plan-add-title" type="text" autocomplete="off"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{tr("talent.plan.due")}</span>
                <input id="plan-add-due" type="date"
                    prop:value=move || due.get()
                    on:input=move |ev| due.set(event_target_value(&ev)) />
            </label>
            <FormErrorLine error=error />
            <button type="submit" class="btn btn-primary" id="plan-add-submit" disabled=move || busy.get()>
                {tr("talent.plan.add_submit")}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(agreed: &[&str], all: bool) -> Plan {
        Plan {
            revision: 1,
            agreed_by_all: all,
            agreements: agreed
                .iter()
                .map(|who| Agreement {
                    role: SignerRole::Superior,
                    signer_id: Some((*who).to_owned()),
                    signer: None,
                    agreed_at: String::new(),
                })
                .collect(),
            items: vec![Item {
                id: "PlanItem:1".into(),
                kind: PlanItemKind::Coaching,
                title: "t".into(),
                due_date: "2026-03-01".into(),
                status: PlanItemStatus::Planned,
                overdue: false,
                evidence: None,
                reviewer_comment: None,
                version: 1,
            }],
        }
    }

    #[test]
    fn only_a_level_who_has_not_agreed_is_asked_to() {
        let p = plan(&["Employee:b"], false);
        assert!(p.awaits(Some("Employee:a"), true));
        assert!(!p.awaits(Some("Employee:b"), true));
        assert!(!p.awaits(Some("Employee:a"), false));
        assert!(!plan(&[], true).awaits(Some("Employee:a"), true));
    }

    #[test]
    fn a_reflection_may_be_longer_than_other_evidence() {
        let long = "读".repeat(3000);
        assert!(evidence(PlanItemKind::AssignedReading, &long).is_ok());
        assert!(evidence(PlanItemKind::Coaching, &long).is_err());
        assert!(evidence(PlanItemKind::AssignedReading, " ").is_err());
        assert!(evidence(PlanItemKind::AssignedReading, &"读".repeat(5001)).is_err());
        assert!(return_comment("").is_err());
    }
}
