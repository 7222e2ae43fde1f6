//! `/me/talent`: 我的梯队, phone first — my place in the pool, my nominations with their
//! sign-off chains (and my own signature when my step is due), and the self-application
//! (毛遂自荐). A rejected nomination shows the signer's reason. A member also sees their
//! development plan: overdue items marked, agreement, and a form per item to hand it in; and
//! the year-end inventories their superior shared, to mark read and confirm.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::api::ops::my_talent::{self, MyTalentMyTalent, MyTalentMyTalentNominations};
use crate::api::ops::{nominate, Echelon};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, Empty, Fetched};
use crate::format;
use crate::pages::talent::inventory::{inventories_from, Inventory, InventoryList};
use crate::pages::talent::nominate::{reason, EchelonSelect, FormError, FormErrorView};
use crate::pages::talent::plan::{plan_from, Plan, PlanView, Side};
use crate::pages::talent::{
    echelon_label, my_turn, nomination_href, source_label, steps_from, NominationChip, SignBox,
    SignOffChain, Step,
};

#[component]
pub fn MyTalentPage() -> impl IntoView {
    let mine = LocalResource::new(|| async {
        api::call::<api::ops::MyTalent>(my_talent::Variables)
            .await
            .map(|d| d.my_talent)
    });
    let reload = Callback::new(move |_| mine.refetch());
    view! {
        <section class="page my-talent">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("nav.me", Some("/me")),
                Crumb::key("talent.mine.title", None),
            ] />
            <h1>{tr("talent.mine.title")}</h1>
            <Fetched resource=mine view=move |m: MyTalentMyTalent| view! { <Mine mine=m reload=reload /> } />
        </section>
    }
}

#[component]
fn Mine(mine: MyTalentMyTalent, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let me = session
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()))
        .unwrap_or_default();
    let member = mine.membership.is_some();
    let plan: Plan = plan_from!(mine.plan);
    // A member always sees their plan, even before it has items; a former member sees what
    // is left of theirs.
    let plan = (member || !plan.items.is_empty()).then(|| {
        view! { <PlanView plan=plan employee_id=me side=Side::Member is_level=true reload=reload /> }
    });
    let inventories: Vec<Inventory> = inventories_from!(mine.inventories);
    let inventories = (member || !inventories.is_empty()).then(|| {
        view! { <InventoryList inventories=inventories is_member=true reload=reload /> }
    });
    let membership = match mine.membership {
        Some(m) => {
            let e = m.echelon;
            view! {
                <article class="card membership" id="my-membership" data-member="true">
                    <h2>{tr("talent.mine.member")}</h2>
                    <p class="big" id="my-echelon">{move || echelon_label(e, lang.get())}</p>
                    <p class="muted">{tr("talent.mine.since")}" "{format::date_time(&m.joined_at)}</p>
                </article>
            }
            .into_any()
        }
        None => view! {
            <article class="card membership" id="my-membership" data-member="false">
                <p class="muted">{tr("talent.mine.not_member")}</p>
            </article>
        }
        .into_any(),
    };
    let list = if mine.nominations.is_empty() {
        view! { <Empty text="talent.mine.no_nominations" /> }.into_any()
    } else {
        view! {
            <ul class="my-nominations">
                {mine
                    .nominations
                    .into_iter()
                    .map(|n| view! { <MyNomination n=n reload=reload /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {membership}
        {plan}
        {inventories}
        <article class="card" id="my-nominations">
            <h2>{tr("talent.mine.nominations")}</h2>
            {list}
        </article>
        <Apply reload=reload />
    }
}

#[component]
fn MyNomination(n: MyTalentMyTalentNominations, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let me = session
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    let steps: Vec<Step> = steps_from!(n.sign_offs);
    let sign = my_turn(&steps, me.as_deref());
    let (e, source) = (n.echelon, n.source);
    let closed = n.status.is_closed();
    let uuid = n.id.trim_start_matches("Nomination:").to_owned();
    view! {
        <li class="my-nomination" id=format!("my-nomination-{uuid}")>
            <div class="my-nomination-head">
                <strong>{move || echelon_label(e, lang.get())}</strong>
                <NominationChip status=n.status />
            </div>
            <p class="muted">
                {move || source_label(source, lang.get())}" · "{format::date_time(&n.created_at)}
            </p>
            <p class="prewrap">{n.reason.clone()}</p>
            {n.outcome_reason.clone().map(|r| view! {
                <p class="outcome my-outcome"><strong>{tr("talent.outcome_reason")}</strong>": "{r}</p>
            })}
            <SignOffChain steps=steps closed=closed id=format!("my-chain-{uuid}") />
            {sign.then(|| view! { <SignBox nomination_id=n.id.clone() on_done=reload /> })}
            <a class="btn btn-small" href=nomination_href(&n.id)>{tr("talent.mine.open")}</a>
        </li>
    }
}

/// 毛遂自荐: the signed-in person applies for an echelon.
#[component]
fn Apply(reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let echelon = RwSignal::new(Echelon::Junior);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(me) = session
            .me()
            .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()))
        else {
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
        spawn_local(async move {
            let result = api::call::<api::ops::Nominate>(nominate::Variables {
                employee_id: me,
                echelon: echelon.get_untracked(),
                reason: why,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.mine.applied");
                    text.try_set(String::new());
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
        <form class="form card" id="apply-form" on:submit=on_submit novalidate>
            <h2>{tr("talent.mine.apply")}</h2>
            <p class="muted">{tr("talent.mine.apply_hint")}</p>
            <EchelonSelect value=echelon id="apply-echelon" />
            <label class="field">
                <span>{tr("talent.mine.apply_reason")}</span>
                <textarea id="apply-reason" rows="4" maxlength=entity::MAX_TEXT
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <FormErrorView error=error id="apply-problem" />
            <button type="submit" class="btn btn-primary btn-block" id="apply-submit" disabled=move || busy.get()>
                {tr("talent.mine.apply_submit")}
            </button>
        </form>
    }
}
