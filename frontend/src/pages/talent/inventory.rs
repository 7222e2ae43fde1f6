//! The year-end inventory (年底能力盘点) as both sides see it: the member's direct superior
//! writes strengths, weaknesses and next year's plan (a draft, rewritten at will) and shares
//! it; the member marks the feedback read; both confirm next year's plan, in either order.
//! Who may confirm is `entity::confirm`, the rule the server applies; the page only leaves out
//! the buttons the server would refuse the viewer.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::{
    confirm_inventory, read_inventory, save_inventory, share_inventory, InventoryStatus,
};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Empty, ErrorNotice};
use crate::format;
use crate::i18n::t;
use crate::pages::talent::problem_text;
use entity::{FieldError, Party};

/// A year-end inventory, whichever query brought it.
#[derive(Clone, Debug, PartialEq)]
pub struct Inventory {
    pub id: String,
    pub year: i64,
    pub status: InventoryStatus,
    pub strengths: String,
    pub weaknesses: String,
    pub next_year_plan: String,
    /// `Employee:<uuid>` of the superior who wrote it.
    pub superior_id: Option<String>,
    pub superior: Option<String>,
    pub shared_at: Option<String>,
    pub member_read_at: Option<String>,
    pub member_confirmed_at: Option<String>,
    pub superior_confirmed_at: Option<String>,
    pub version: i64,
}

/// Converts the generated inventories of an operation (the `InventoryFields` fragment) into
/// [`Inventory`]s.
macro_rules! inventories_from {
    ($list:expr) => {
        $list
            .into_iter()
            .map(|i| $crate::pages::talent::inventory::Inventory {
                id: i.id,
                year: i.year,
                status: i.status,
                strengths: i.strengths,
                weaknesses: i.weaknesses,
                next_year_plan: i.next_year_plan,
                superior_id: i.superior.as_ref().map(|s| s.id.clone()),
                superior: i.superior.map(|s| s.name),
                shared_at: i.shared_at,
                member_read_at: i.member_read_at,
                member_confirmed_at: i.member_confirmed_at,
                superior_confirmed_at: i.superior_confirmed_at,
                version: i.version,
            })
            .collect::<Vec<$crate::pages::talent::inventory::Inventory>>()
    };
}
pub(crate) use inventories_from;

impl Inventory {
    /// The parties who have confirmed next year's plan.
    pub fn confirmed(&self) -> Vec<Party> {
        let mut done = Vec::new();
        if self.member_confirmed_at.is_some() {
            done.push(Party::Member);
        }
        if self.superior_confirmed_at.is_some() {
            done.push(Party::Superior);
        }
        done
    }

    /// Whether `party` may confirm next year's plan now (the server's rule).
    pub fn may_confirm(&self, party: Party) -> bool {
        entity::confirm(self.status, party, &self.confirmed()).is_ok()
    }

    /// Whether `party` has feedback to mark read.
    pub fn may_read(&self, party: Party) -> bool {
        party == Party::Member
            && self.status != InventoryStatus::Draft
            && self.member_read_at.is_none()
    }

    /// Whether `party` may share it with the member.
    pub fn may_share(&self, party: Party) -> bool {
        party == Party::Superior && self.status == InventoryStatus::Draft
    }
}

/// The part `me` plays in an inventory: the member (on their own page) or the superior who
/// wrote it; anyone else (a skip-level superior, HR) only reads.
pub fn party_of(inventory: &Inventory, me: Option<&str>, is_member: bool) -> Option<Party> {
    if is_member {
        Some(Party::Member)
    } else if me.is_some() && inventory.superior_id.as_deref() == me {
        Some(Party::Superior)
    } else {
        None
    }
}

/// The year typed into the form: 2000 to 2100, as the server accepts.
pub fn year(text: &str) -> Result<i64, FieldError> {
    let bad = || {
        FieldError::new(
            "year",
            entity::Problem::BadFormat {
                expected_zh: "年份,如 2026".into(),
                expected_en: "a year such as 2026".into(),
            },
        )
    };
    let y: i64 = text.trim().parse().map_err(|_| bad())?;
    if (2000..=2100).contains(&y) {
        Ok(y)
    } else {
        Err(FieldError::new(
            "year",
            entity::Problem::OutOfRange {
                min: 2000,
                max: 2100,
            },
        ))
    }
}

/// The three texts as typed: a draft may leave any empty, a shared inventory needs all three
/// (the server asks the same when sharing).
pub fn texts(
    strengths: &str,
    weaknesses: &str,
    plan: &str,
    sharing: bool,
) -> Result<[String; 3], FieldError> {
    let check = |field: &str, text: &str| {
        if sharing {
            entity::required_text(field, text, entity::MAX_TEXT)
        } else {
            entity::optional_text(field, text.trim(), entity::MAX_TEXT)
        }
    };
    Ok([
        check("strengths", strengths)?,
        check("weaknesses", weaknesses)?,
        check("nextYearPlan", plan)?,
    ])
}

fn status_class(s: InventoryStatus) -> &'static str {
    match s {
        InventoryStatus::Draft => "chip chip-muted",
        InventoryStatus::FedBack => "chip nomination-signing",
        InventoryStatus::Agreed => "chip nomination-admitted",
    }
}

/// `2026 年度` / `Year 2026`.
fn year_title(year: i64, lang: crate::i18n::Lang) -> String {
    t(lang, "talent.inv.year_title").replace("{year}", &year.to_string())
}

/// The inventories of one member, newest year first, with the steps the viewer may take.
#[component]
pub fn InventoryList(
    inventories: Vec<Inventory>,
    /// Whether the viewer is the member themself.
    is_member: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let me = session
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    let list = if inventories.is_empty() {
        view! { <Empty text="talent.inv.none" /> }.into_any()
    } else {
        view! {
            <ul class="inventories">
                {inventories
                    .into_iter()
                    .map(|i| {
                        let party = party_of(&i, me.as_deref(), is_member);
                        view! { <InventoryView inventory=i party=party reload=reload /> }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <article class="card" id="inventories">
            <h2>{tr("talent.inv.title")}</h2>
            {list}
        </article>
    }
}

/// One of the three texts, or a dash while it is empty.
fn text_block(label: &'static str, text: String, class: &'static str) -> impl IntoView {
    let text = if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text
    };
    view! {
        <div class=format!("inventory-text {class}")>
            <strong>{tr(label)}</strong>
            <p class="prewrap">{text}</p>
        </div>
    }
}

/// Who has done a step and when, or that it waits.
fn progress(label: &'static str, at: Option<String>, class: &'static str) -> impl IntoView {
    let done = at.is_some();
    view! {
        <li class=class data-done=done.to_string()>
            <span>{tr(label)}</span>" "
            {match at {
                Some(at) => view! { <span class="muted">{format::date_time(&at)}</span> }.into_any(),
                None => view! { <span class="muted">{tr("talent.inv.pending")}</span> }.into_any(),
            }}
        </li>
    }
}

/// A step on an inventory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Share,
    Read,
    Confirm,
}

impl Action {
    fn done_key(self) -> &'static str {
        match self {
            Action::Share => "talent.inv.shared",
            Action::Read => "talent.inv.read_done",
            Action::Confirm => "talent.inv.confirmed",
        }
    }
}

async fn act(action: Action, id: String, expected_version: i64) -> Result<(), ApiError> {
    match action {
        Action::Share => api::call::<api::ops::ShareInventory>(share_inventory::Variables {
            id,
            expected_version,
        })
        .await
        .map(drop),
        Action::Read => api::call::<api::ops::ReadInventory>(read_inventory::Variables {
            id,
            expected_version,
        })
        .await
        .map(drop),
        Action::Confirm => api::call::<api::ops::ConfirmInventory>(confirm_inventory::Variables {
            id,
            expected_version,
        })
        .await
        .map(drop),
    }
}

#[component]
fn InventoryView(
    inventory: Inventory,
    party: Option<Party>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let i = inventory;
    let (year, status, version) = (i.year, i.status, i.version);
    let may = |check: fn(&Inventory, Party) -> bool| party.is_some_and(|p| check(&i, p));
    let (may_share, may_read, may_confirm) = (
        may(Inventory::may_share),
        may(Inventory::may_read),
        may(Inventory::may_confirm),
    );
    let id = StoredValue::new(i.id.clone());
    let run = move |action: Action| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = act(action, id.get_value(), version).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(action.done_key());
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    };
    let by = i.superior.clone().unwrap_or_default();
    let shared = i.shared_at.clone();
    view! {
        <li class="inventory" id=format!("inventory-{year}") data-status=format!("{status:?}")>
            <div class="inventory-head">
                <strong class="inventory-year">{move || year_title(year, lang.get())}</strong>
                <span class=status_class(status) id=format!("inventory-status-{year}")>
                    {move || lang.get().pick(status.label_zh(), status.label_en())}
                </span>
            </div>
            <p class="muted">
                {tr("talent.inv.by")}" "{by}
                {shared.map(|s| view! { " · "{tr("talent.inv.shared_at")}" "{format::date_time(&s)} })}
            </p>
            {text_block("talent.inv.strengths", i.strengths.clone(), "inventory-strengths")}
            {text_block("talent.inv.weaknesses", i.weaknesses.clone(), "inventory-weaknesses")}
            {text_block("talent.inv.plan", i.next_year_plan.clone(), "inventory-plan")}
            {(status != InventoryStatus::Draft).then(|| view! {
                <ul class="inventory-progress" id=format!("inventory-progress-{year}")>
                    {progress("talent.inv.member_read", i.member_read_at.clone(), "inventory-member-read")}
                    {progress("talent.inv.member_confirmed", i.member_confirmed_at.clone(), "inventory-member-confirmed")}
                    {progress("talent.inv.superior_confirmed", i.superior_confirmed_at.clone(), "inventory-superior-confirmed")}
                </ul>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {(may_share || may_read || may_confirm).then(|| view! {
                <div class="actions">
                    {may_share.then(|| view! {
                        <button type="button" class="btn btn-primary inventory-share" id=format!("inventory-share-{year}")
                            disabled=move || busy.get() on:click=move |_| run(Action::Share)>
                            {tr("talent.inv.share")}
                        </button>
                    })}
                    {may_read.then(|| view! {
                        <button type="button" class="btn inventory-read" id=format!("inventory-read-{year}")
                            disabled=move || busy.get() on:click=move |_| run(Action::Read)>
                            {tr("talent.inv.read")}
                        </button>
                    })}
                    {may_confirm.then(|| view! {
                        <button type="button" class="btn btn-primary inventory-confirm" id=format!("inventory-confirm-{year}")
                            disabled=move || busy.get() on:click=move |_| run(Action::Confirm)>
                            {tr("talent.inv.confirm")}
                        </button>
                    })}
                </div>
            })}
        </li>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Rule(FieldError),
    Api(ApiError),
}

/// The complaint about `field`, shown under it.
#[component]
fn FieldProblem(error: RwSignal<Option<FormError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|e| match e {
            FormError::Rule(rule) if rule.field == field => Some(view! {
                <p class="form-error" role="alert" id=format!("inventory-problem-{field}")>
                    {move || problem_text(&rule, lang.get())}
                </p>
            }),
            _ => None,
        })
    }
}

fn this_year() -> String {
    js_sys::Date::new_0().get_full_year().to_string()
}

/// The direct superior writes a member's inventory of a year: saved as a draft (rewritten
/// while it stays one), or saved and shared with the member at once. A year already shared
/// is shown, not offered for rewriting.
#[component]
pub fn InventoryForm(
    employee_id: String,
    inventories: Vec<Inventory>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    // A draft in progress is what the superior comes back to; else this year's is written.
    let start = inventories
        .iter()
        .filter(|i| i.status == InventoryStatus::Draft)
        .map(|i| i.year.to_string())
        .max()
        .unwrap_or_else(this_year);
    let saved = StoredValue::new(inventories);
    let of_year = move |text: &str| {
        let y = year(text).ok()?;
        saved.with_value(|list| list.iter().find(|i| i.year == y).cloned())
    };
    let typed_year = RwSignal::new(start);
    let strengths = RwSignal::new(String::new());
    let weaknesses = RwSignal::new(String::new());
    let plan = RwSignal::new(String::new());
    // What is saved for the typed year fills the form, so a draft is rewritten, not retyped.
    let fill = move |text: &str| {
        if let Some(i) = of_year(text) {
            strengths.set(i.strengths);
            weaknesses.set(i.weaknesses);
            plan.set(i.next_year_plan);
        }
    };
    fill(&typed_year.get_untracked());
    let shared = Memo::new(move |_| {
        of_year(&typed_year.get()).is_some_and(|i| i.status != InventoryStatus::Draft)
    });
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let employee = StoredValue::new(employee_id);

    let send = move |share: bool| {
        let checked = year(&typed_year.get_untracked()).and_then(|y| {
            texts(
                &strengths.get_untracked(),
                &weaknesses.get_untracked(),
                &plan.get_untracked(),
                share,
            )
            .map(|t| (y, t))
        });
        let (y, [s, w, p]) = match checked {
            Ok(v) => v,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        let expected_version = of_year(&y.to_string()).map(|i| i.version);
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let done = api::call::<api::ops::SaveInventory>(save_inventory::Variables {
                    employee_id: employee.get_value(),
                    year: y,
                    strengths: s.clone(),
                    weaknesses: w.clone(),
                    next_year_plan: p.clone(),
                    expected_version,
                })
                .await?
                .save_inventory;
                // Remember the draft as saved, so a retry after a refused share carries
                // its new version.
                saved.update_value(|list| {
                    list.retain(|i| i.year != y);
                    list.push(Inventory {
                        id: done.id.clone(),
                        year: y,
                        status: InventoryStatus::Draft,
                        strengths: s,
                        weaknesses: w,
                        next_year_plan: p,
                        superior_id: None,
                        superior: None,
                        shared_at: None,
                        member_read_at: None,
                        member_confirmed_at: None,
                        superior_confirmed_at: None,
                        version: done.version,
                    });
                });
                if share {
                    act(Action::Share, done.id, done.version).await?;
                }
                Ok::<(), ApiError>(())
            }
            .await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    toasts.success(if share {
                        "talent.inv.shared"
                    } else {
                        "talent.inv.saved"
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
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    let area = move |id: &'static str,
                     field: &'static str,
                     label: &'static str,
                     value: RwSignal<String>| {
        view! {
            <label class="field">
                <span>{tr(label)}</span>
                <textarea id=id rows="3" maxlength=entity::MAX_TEXT
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
            <FieldProblem error=error field=field />
        }
    };
    view! {
        <form class="form card" id="inventory-form" on:submit=on_submit novalidate>
            <h2>{tr("talent.inv.write")}</h2>
            <p class="muted">{tr("talent.inv.write_hint")}</p>
            <label class="field">
                <span>{tr("talent.inv.year")}</span>
                <input id="inventory-year" type="text" inputmode="numeric" autocomplete="off" placeholder="2026"
                    prop:value=move || typed_year.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        fill(&v);
                        typed_year.set(v);
                    } />
            </label>
            <FieldProblem error=error field="year" />
            {move || shared.get().then(|| view! {
                <p class="muted" id="inventory-already-shared">{tr("talent.inv.already_shared")}</p>
            })}
            {area("inventory-strengths", "strengths", "talent.inv.strengths", strengths)}
            {area("inventory-weaknesses", "weaknesses", "talent.inv.weaknesses", weaknesses)}
            {area("inventory-plan", "nextYearPlan", "talent.inv.plan", plan)}
            {move || error.get().and_then(|e| match e {
                FormError::Api(err) => Some(view! { <ErrorNotice error=err /> }),
                FormError::Rule(_) => None,
            })}
            <div class="actions">
                <button type="submit" class="btn" id="inventory-save"
                    disabled=move || busy.get() || shared.get()>
                    {tr("talent.inv.save")}
                </button>
                <button type="button" class="btn btn-primary" id="inventory-save-share"
                    disabled=move || busy.get() || shared.get() on:click=move |_| send(true)>
                    {tr("talent.inv.save_share")}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(status: InventoryStatus, member: bool, superior: bool) -> Inventory {
        let at = |done: bool| done.then(|| "2026-12-20T02:00:00Z".to_owned());
        Inventory {
            id: "Inventory:1".into(),
            year: 2026,
            status,
            strengths: "业务熟练".into(),
            weaknesses: "带教经验不足".into(),
            next_year_plan: "带两名新人".into(),
            superior_id: Some("Employee:lead".into()),
            superior: Some("李组长".into()),
            shared_at: at(status != InventoryStatus::Draft),
            member_read_at: at(member),
            member_confirmed_at: at(member),
            superior_confirmed_at: at(superior),
            version: 3,
        }
    }

    #[test]
    fn the_member_and_the_writer_act_others_only_read() {
        let i = inventory(InventoryStatus::FedBack, false, false);
        assert_eq!(party_of(&i, Some("Employee:me"), true), Some(Party::Member));
        assert_eq!(
            party_of(&i, Some("Employee:lead"), false),
            Some(Party::Superior)
        );
        assert_eq!(party_of(&i, Some("Employee:skip"), false), None);
        assert_eq!(party_of(&i, None, false), None);
    }

    #[test]
    fn steps_follow_the_shared_rule_in_either_order() {
        let draft = inventory(InventoryStatus::Draft, false, false);
        assert!(draft.may_share(Party::Superior));
        assert!(!draft.may_share(Party::Member));
        assert!(!draft.may_read(Party::Member));
        assert!(!draft.may_confirm(Party::Member));
        assert!(!draft.may_confirm(Party::Superior));

        let shared = inventory(InventoryStatus::FedBack, false, false);
        assert!(!shared.may_share(Party::Superior));
        assert!(shared.may_read(Party::Member));
        assert!(!shared.may_read(Party::Superior));
        assert!(shared.may_confirm(Party::Member));
        assert!(shared.may_confirm(Party::Superior));

        let superior_first = inventory(InventoryStatus::FedBack, false, true);
        assert!(superior_first.may_confirm(Party::Member));
        assert!(!superior_first.may_confirm(Party::Superior));
        let member_first = inventory(InventoryStatus::FedBack, true, false);
        assert!(!member_first.may_read(Party::Member));
        assert!(!member_first.may_confirm(Party::Member));
        assert!(member_first.may_confirm(Party::Superior));

        let agreed = inventory(InventoryStatus::Agreed, true, true);
        assert!(!agreed.may_confirm(Party::Member));
        assert!(!agreed.may_confirm(Party::Superior));
    }

    #[test]
    fn years_are_read_as_typed_within_the_servers_range() {
        assert_eq!(year(" 2026 "), Ok(2026));
        assert!(year("1999").is_err());
        assert!(year("2101").is_err());
        assert_eq!(
            year("二〇二六").map_err(|e| e.field),
            Err("year".to_owned())
        );
    }

    #[test]
    fn a_draft_may_be_partial_but_a_shared_inventory_needs_all_three_texts() {
        assert_eq!(
            texts(" 业务熟练 ", "", "", false),
            Ok(["业务熟练".to_owned(), String::new(), String::new()])
        );
        let missing = texts("业务熟练", "  ", "带两名新人", true).unwrap_err();
        assert_eq!(missing.field, "weaknesses");
        assert_eq!(missing.problem, entity::Problem::Required);
        assert!(texts("a", "b", "c", true).is_ok());
        let long = "长".repeat(entity::MAX_TEXT + 1);
        assert_eq!(
            texts("a", "b", &long, false).map_err(|e| e.field),
            Err("nextYearPlan".to_owned())
        );
    }
}
