//! `/`: 工作台 — greeting, the inbox (待我处理 / 我已处理 / 我发起的 with counts) and the
//! reporting line. The profile part renders at once from the session's `me`; the inbox is one
//! query.
use leptos::prelude::*;

use crate::api;
use crate::api::ops::inbox::{self, InboxKind, InboxSectionFields, InboxSectionFieldsItems};
use crate::app::{tr, use_lang, use_session};
use crate::components::{Empty, Fetched};
use crate::format;
use crate::i18n::{t, Lang};

/// How many items of each section the home page lists.
const INBOX_ITEMS: i64 = 20;

/// Greeting by local time of day; agents on night shifts see 晚上好.
fn greeting_key(hour: u32) -> &'static str {
    match hour {
        5..=11 => "home.greeting_morning",
        12..=17 => "home.greeting_afternoon",
        _ => "home.greeting_evening",
    }
}

/// "姓名（工号）" / "Name (No.)".
pub fn person_text(name: &str, employee_no: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}（{employee_no}）"),
        Lang::En => format!("{name} ({employee_no})"),
    }
}

/// A level of the reporting line as text that follows the language: "姓名（工号）" or 暂无.
pub fn line_person(
    person: Option<(String, String)>,
    lang: RwSignal<Lang>,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || match &person {
        Some((name, no)) => person_text(name, no, lang.get()),
        None => t(lang.get(), "home.none").to_owned(),
    }
}

/// Performance mark the browser tests and `bench/first-data.sh` read: the home data is
/// painted. Two animation frames: the first runs before the paint of the frame that shows the
/// data, the second after it.
fn mark_home_data_painted() {
    request_animation_frame(|| {
        request_animation_frame(|| {
            if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
                if perf.get_entries_by_name("echelon:home-data").length() == 0 {
                    let _ = perf.mark("echelon:home-data");
                }
            }
        });
    });
}

/// The three tabs of the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Waiting,
    Done,
    Started,
}

impl Tab {
    fn key(self) -> &'static str {
        match self {
            Tab::Waiting => "inbox.waiting",
            Tab::Done => "inbox.done",
            Tab::Started => "inbox.started",
        }
    }
    fn id(self) -> &'static str {
        match self {
            Tab::Waiting => "inbox-tab-waiting",
            Tab::Done => "inbox-tab-done",
            Tab::Started => "inbox-tab-started",
        }
    }
}

/// Where an inbox item leads: employees open their record, nominations their page (to sign or
/// to assess), plan items, plans to agree to and inventories the member's page (or 我的梯队
/// when the file is `me`'s own); other subjects have no page yet.
fn item_href(kind: &InboxKind, subject_id: &str, me: Option<&str>) -> Option<String> {
    if matches!(
        kind,
        InboxKind::PLAN_ITEM_OVERDUE
            | InboxKind::PLAN_ITEM_REVIEW
            | InboxKind::PLAN_AGREEMENT
            | InboxKind::INVENTORY
    ) {
        return Some(if me == Some(subject_id) {
            "/me/talent".to_owned()
        } else {
            crate::pages::talent::member_href(subject_id)
        });
    }
    if subject_id.starts_with("Employee:") {
        Some(format!("/employees/{subject_id}"))
    } else if subject_id.starts_with("Nomination:") {
        Some(crate::pages::talent::nomination_href(subject_id))
    } else {
        None
    }
}

fn item_title(item: &InboxSectionFieldsItems, lang: Lang) -> String {
    match &item.kind {
        InboxKind::PROBATION_REVIEW => t(lang, "inbox.kind.probation_review").to_owned(),
        InboxKind::RECORD_CHANGE => item
            .action
            .as_deref()
            .map(|a| crate::components::action_label(a, lang))
            .unwrap_or_else(|| t(lang, "inbox.kind.record_change").to_owned()),
        InboxKind::SIGN_OFF => t(lang, "inbox.kind.sign_off").to_owned(),
        InboxKind::NOMINATION => t(lang, "inbox.kind.nomination").to_owned(),
        InboxKind::PLAN_ITEM_OVERDUE => t(lang, "inbox.kind.plan_overdue").to_owned(),
        InboxKind::PLAN_ITEM_REVIEW => t(lang, "inbox.kind.plan_review").to_owned(),
        InboxKind::ASSESSMENT => t(lang, "inbox.kind.assessment").to_owned(),
        InboxKind::PLAN_AGREEMENT => t(lang, "inbox.kind.plan_agreement").to_owned(),
        InboxKind::INVENTORY => t(lang, "inbox.kind.inventory").to_owned(),
        InboxKind::Other(other) => other.clone(),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let me = session.me();
    let hour = js_sys::Date::new_0().get_hours();

    let inbox = LocalResource::new(|| async {
        api::call::<api::ops::Inbox>(inbox::Variables { first: INBOX_ITEMS })
            .await
            .map(|d| d.inbox)
    });

    view! {
        <section class="page home">
            {move || me.get().map(|me| {
                let emp = me.employee;
                let line = emp.reporting_line.clone();
                let roles = me.roles.clone();
                view! {
                    <h1 class="greeting">
                        {tr(greeting_key(hour))}
                        {move || lang.get().pick("，", ", ")}
                        <span id="home-name">{emp.name.clone()}</span>
                    </h1>
                    <ul class="chips" aria-label=tr("home.roles")>
                        {move || {
                            let lang = lang.get();
                            roles
                                .iter()
                                .map(|r| view! { <li class="chip">{lang.pick(r.label_zh(), r.label_en())}</li> })
                                .collect_view()
                        }}
                    </ul>
                    <div class="cards">
                        <article class="card">
                            <h2>{tr("home.org_unit")}</h2>
                            <p class="big">{emp.org_unit.name.clone()}</p>
                            <span class="chip chip-muted">
                                {move || {
                                    let k = emp.org_unit.kind;
                                    lang.get().pick(k.label_zh(), k.label_en()).to_owned()
                                }}
                            </span>
                        </article>
                        <article class="card">
                            <h2>{tr("home.reporting")}</h2>
                            <dl class="facts">
                                <dt>{tr("home.superior")}</dt>
                                <dd id="home-superior">
                                    {line_person(line.superior.clone().map(|l| (l.person.name, l.person.employee_no)), lang)}
                                </dd>
                                <dt>{tr("home.skip_level")}</dt>
                                <dd id="home-skip-level">
                                    {line_person(line.skip_level.clone().map(|l| (l.person.name, l.person.employee_no)), lang)}
                                </dd>
                            </dl>
                        </article>
                    </div>
                }
            })}
            <Fetched resource=inbox view=move |inbox: inbox::InboxInbox| view! { <InboxView inbox=inbox /> } />
        </section>
    }
}

#[component]
fn InboxView(inbox: inbox::InboxInbox) -> impl IntoView {
    let tab = RwSignal::new(Tab::Waiting);
    let sections = [
        (Tab::Waiting, inbox.waiting),
        (Tab::Done, inbox.done),
        (Tab::Started, inbox.started),
    ];
    mark_home_data_painted();
    let tabs = sections
        .iter()
        .map(|(which, section)| {
            let which = *which;
            let count = section.count;
            view! {
                <button
                    type="button"
                    role="tab"
                    id=which.id()
                    class="tab"
                    aria-selected=move || (tab.get() == which).to_string()
                    on:click=move |_| tab.set(which)
                >
                    <span>{tr(which.key())}</span>
                    <span class="badge" class:badge-zero=count == 0 class:badge-quiet=which != Tab::Waiting>{count}</span>
                </button>
            }
        })
        .collect_view();
    let panels = sections
        .into_iter()
        .map(|(which, section)| {
            view! {
                <div role="tabpanel" class="inbox-panel" hidden=move || tab.get() != which>
                    <InboxList section=section />
                </div>
            }
        })
        .collect_view();
    view! {
        <article class="card inbox" id="inbox">
            <h2>{tr("inbox.title")}</h2>
            <div class="tabs" role="tablist">{tabs}</div>
            {panels}
        </article>
    }
}

#[component]
fn InboxList(section: InboxSectionFields) -> impl IntoView {
    let lang = use_lang();
    let me = use_session()
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    if section.items.is_empty() {
        return view! { <Empty text="inbox.empty" /> }.into_any();
    }
    let more = section.count - section.items.len() as i64;
    view! {
        <ul class="inbox-list">
            {section
                .items
                .into_iter()
                .map(|item| {
                    let href = item_href(&item.kind, &item.subject_id, me.as_deref());
                    let due = item.due_date.clone();
                    let at = format::date_time(&item.at);
                    let label = item.subject_label.clone();
                    let title = move || item_title(&item, lang.get());
                    let body = view! {
                        <span class="inbox-title">{title}</span>
                        <span class="inbox-subject">{label}</span>
                        <span class="muted inbox-when">
                            {move || match &due {
                                Some(d) => format!("{} {d}", t(lang.get(), "inbox.due")),
                                None => at.clone(),
                            }}
                        </span>
                    };
                    match href {
                        Some(href) => view! { <li><a class="inbox-item" href=href>{body}</a></li> }.into_any(),
                        None => view! { <li><div class="inbox-item">{body}</div></li> }.into_any(),
                    }
                })
                .collect_view()}
        </ul>
        <Show when=move || { more > 0 }>
            <p class="muted">{move || t(lang.get(), "inbox.more").replace("{n}", &more.to_string())}</p>
        </Show>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_covers_the_day() {
        assert_eq!(greeting_key(8), "home.greeting_morning");
        assert_eq!(greeting_key(14), "home.greeting_afternoon");
        assert_eq!(greeting_key(23), "home.greeting_evening");
        assert_eq!(greeting_key(3), "home.greeting_evening");
    }

    #[test]
    fn person_text_formats_per_language() {
        assert_eq!(person_text("张三", "A001", Lang::Zh), "张三（A001）");
        assert_eq!(person_text("张三", "A001", Lang::En), "张三 (A001)");
    }

    #[test]
    fn employees_in_the_inbox_link_to_their_record() {
        let change = InboxKind::RECORD_CHANGE;
        assert_eq!(
            item_href(&change, "Employee:0190", None),
            Some("/employees/Employee:0190".to_owned())
        );
        assert_eq!(item_href(&change, "OrgUnit:0190", None), None);
        assert_eq!(
            item_href(&InboxKind::SIGN_OFF, "Nomination:0190", None),
            Some("/talent/nominations/0190".to_owned())
        );
    }

    #[test]
    fn plan_items_lead_to_the_member_or_to_my_own_plan() {
        let review = InboxKind::PLAN_ITEM_REVIEW;
        assert_eq!(
            item_href(&review, "Employee:0190", Some("Employee:0001")),
            Some("/talent/members/0190".to_owned())
        );
        assert_eq!(
            item_href(
                &InboxKind::PLAN_ITEM_OVERDUE,
                "Employee:0190",
                Some("Employee:0190")
            ),
            Some("/me/talent".to_owned())
        );
        assert_eq!(
            item_href(
                &InboxKind::INVENTORY,
                "Employee:0190",
                Some("Employee:0190")
            ),
            Some("/me/talent".to_owned())
        );
        assert_eq!(
            item_href(&InboxKind::PLAN_AGREEMENT, "Employee:0190", None),
            Some("/talent/members/0190".to_owned())
        );
        assert_eq!(
            item_href(&InboxKind::ASSESSMENT, "Nomination:0190", None),
            Some("/talent/nominations/0190".to_owned())
        );
    }
}
