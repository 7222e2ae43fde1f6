//! `/me`: 我的 — one's own record (phone unmasked: it is one's own) and its history, and the
//! way to change one's password.
use leptos::prelude::*;

use crate::api::ops::my_history;
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{Breadcrumbs, Crumb, Fetched, HistoryEntry, HistoryTimeline, StatusChip};
use crate::i18n::t;
use crate::pages::home::line_person;

async fn my_history(id: String) -> Result<Vec<HistoryEntry>, ApiError> {
    let data = api::call::<api::ops::MyHistory>(my_history::Variables { id }).await?;
    Ok(data
        .audit_history
        .into_iter()
        .map(|h| HistoryEntry {
            at: h.at,
            actor: h.actor,
            action: h.action,
            before: h.before,
            after: h.after,
        })
        .collect())
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let me = session.me();
    let history = LocalResource::new(move || {
        let id = me.with(|m| m.as_ref().map(|m| m.employee.id.clone()));
        async move {
            match id {
                Some(id) => my_history(id).await,
                None => Ok(Vec::new()),
            }
        }
    });

    view! {
        <section class="page profile">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("nav.me", None)] />
            <div class="page-head">
                <h1>{tr("profile.title")}</h1>
                <a class="btn" id="change-password-link" href="/password">{tr("password.title")}</a>
            </div>
            {move || me.get().map(|me| {
                let e = me.employee;
                let key_position = e.key_position;
                let line = e.reporting_line.clone();
                view! {
                    <article class="card profile-card" id="profile-card">
                        <h2 id="profile-name">{e.name.clone()}</h2>
                        <dl class="facts">
                            <dt>{tr("field.employee_no")}</dt>
                            <dd class="mono" id="profile-no">{e.employee_no.clone()}</dd>
                            <dt>{tr("field.org_unit")}</dt>
                            <dd>{e.org_unit.name.clone()}</dd>
                            <dt>{tr("field.position")}</dt>
                            <dd>{e.position.clone()}</dd>
                            <dt>{tr("field.phone")}</dt>
                            <dd class="mono">{e.phone.clone()}</dd>
                            <dt>{tr("field.hire_date")}</dt>
                            <dd>{e.hire_date.clone()}</dd>
                            <dt>{tr("field.status")}</dt>
                            <dd><StatusChip status=e.status /></dd>
                            <dt>{tr("field.key_position")}</dt>
                            <dd>{move || t(lang.get(), if key_position { "common.yes" } else { "common.no" })}</dd>
                            <dt>{tr("home.superior")}</dt>
                            <dd>
                                {line_person(line.superior.clone().map(|l| (l.person.name, l.person.employee_no)), lang)}
                            </dd>
                            <dt>{tr("home.skip_level")}</dt>
                            <dd>
                                {line_person(line.skip_level.clone().map(|l| (l.person.name, l.person.employee_no)), lang)}
                            </dd>
                        </dl>
                    </article>
                }
            })}
            <a class="card link-card" id="my-talent-link" href="/me/talent">
                <span class="inbox-title">{tr("nav.my_talent")}</span>
                <span class="muted">{tr("talent.mine.link")}</span>
            </a>
            <article class="card" id="profile-history">
                <h2>{tr("history.title")}</h2>
                <Fetched resource=history view=|entries| view! { <HistoryTimeline entries=entries /> } />
            </article>
        </section>
    }
}
