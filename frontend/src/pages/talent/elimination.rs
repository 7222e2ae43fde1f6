//! `/talent/elimination`: 末位淘汰 — a project's ratio, and the members at the bottom of its
//! pool in each month of a quarter, each to be confirmed (they leave the pool) or kept, with the
//! reason. The project and the quarter live in the URL (`?project=<id>&quarter=2026-Q1`).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ops::elimination_candidates::{
    self as op, EliminationCandidatesEliminationCandidates as Review,
    EliminationCandidatesEliminationCandidatesCandidates as Candidate,
};
use crate::api::ops::{decide_elimination, project_units, set_elimination_ratio};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{
    use_toasts, Breadcrumbs, ConfirmDialog, Crumb, Empty, ErrorNotice, Fetched,
};
use crate::format;
use crate::i18n::t;
use crate::pages::guarded;
use crate::pages::home::person_text;
use crate::pages::talent::{echelon_label, member_href, problem_text, score_text};
use entity::{Area, FieldError, Quarter};

type Projects = Vec<project_units::ProjectUnitsOrgUnitsNodes>;
type MaybeReview = Option<Review>;

/// Projects listed in the chooser at once.
const PROJECTS: i64 = 100;

/// The quarter today falls in.
fn this_quarter() -> String {
    let now = js_sys::Date::new_0();
    format!("{}-Q{}", now.get_full_year(), now.get_month() / 3 + 1)
}

fn href(project: &str, quarter: &str) -> String {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!(
        "/talent/elimination?project={}&quarter={}",
        enc(project),
        enc(quarter)
    )
}

/// A ratio typed in percent (`10` for the bottom 10%) as the fraction the server keeps.
pub fn ratio_of_percent(text: &str) -> Result<f64, FieldError> {
    let percent = format::number(text.trim().trim_end_matches('%')).ok_or_else(|| {
        FieldError::new(
            "ratio",
            entity::Problem::BadFormat {
                expected_zh: "0 到 100 之间的百分比,如 10".into(),
                expected_en: "a percentage from 0 to 100, such as 10".into(),
            },
        )
    })?;
    entity::elimination_ratio("ratio", percent / 100.0)
}

/// A fraction as a percentage people read: `0.1` → `10`.
pub fn percent_text(ratio: f64) -> String {
    format::number_text(ratio * 100.0, 1)
}

#[component]
pub fn EliminationPage() -> impl IntoView {
    guarded(
        Area::Elimination,
        "talent.elim.title",
        || view! { <Elimination /> },
    )
}

#[component]
fn Elimination() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let project = Memo::new(move |_| query.with(|q| q.get("project")).unwrap_or_default());
    let quarter = Memo::new(move |_| {
        query
            .with(|q| q.get("quarter"))
            .unwrap_or_else(this_quarter)
    });
    let typed_quarter = RwSignal::new(quarter.get_untracked());
    let problem = RwSignal::new(None::<FieldError>);
    let projects = LocalResource::new(|| async {
        api::call::<api::ops::ProjectUnits>(project_units::Variables { first: PROJECTS })
            .await
            .map(|d| d.org_units.nodes)
    });
    let review = LocalResource::new(move || {
        let (project, quarter) = (project.get(), quarter.get());
        async move {
            if project.is_empty() || Quarter::parse(&quarter).is_none() {
                return Ok(None);
            }
            api::call::<api::ops::EliminationCandidates>(op::Variables {
                org_unit_id: project,
                quarter,
            })
            .await
            .map(|d| Some(d.elimination_candidates))
        }
    });
    let go = {
        let navigate = navigate.clone();
        move |p: String, q: String| navigate(&href(&p, &q), Default::default())
    };
    let go_project = {
        let go = go.clone();
        move |ev: leptos::ev::Event| go(event_target_value(&ev), quarter.get_untracked())
    };
    let show_quarter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Quarter::field("quarter", &typed_quarter.get_untracked()) {
            Ok(q) => {
                problem.set(None);
                go(project.get_untracked(), q.to_string());
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let reload = Callback::new(move |_| review.refetch());
    view! {
        <section class="page elimination">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("talent.title", Some("/talent")),
                Crumb::key("talent.elim.title", None),
            ] />
            <div class="page-head">
                <h1>{tr("talent.elim.title")}</h1>
                <div class="actions">
                    <a class="btn" id="elim-points-import" href="/talent/points/import">{tr("talent.pimport.open")}</a>
                </div>
            </div>
            <form class="form card filters" id="elim-filter" on:submit=show_quarter novalidate>
                <label class="field">
                    <span>{tr("talent.elim.project")}</span>
                    <Fetched resource=projects view=move |list: Projects| {
                        let go_project = go_project.clone();
                        view! {
                            <select id="elim-project" on:change=go_project>
                                <option value="" selected=move || project.get().is_empty()>{tr("talent.elim.choose")}</option>
                                {list
                                    .into_iter()
                                    .map(|u| {
                                        let id = u.id.clone();
                                        view! {
                                            <option value=u.id selected=move || project.get() == id>{u.name}</option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                    } />
                </label>
                <label class="field">
                    <span>{tr("talent.elim.quarter")}</span>
                    <input id="elim-quarter" type="text" autocomplete="off" placeholder="2026-Q1"
                        prop:value=move || typed_quarter.get()
                        on:input=move |ev| typed_quarter.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert">{move || problem_text(&p, lang.get())}</p>
                })}
                <button type="submit" class="btn" id="elim-show">{tr("talent.elim.show")}</button>
            </form>
            <Fetched resource=review view=move |r: MaybeReview| match r {
                Some(r) => view! { <ReviewView review=r project=project.get_untracked() reload=reload /> }.into_any(),
                None => view! { <Empty text="talent.elim.pick" /> }.into_any(),
            } />
        </section>
    }
}

#[component]
fn ReviewView(review: Review, project: String, reload: Callback<()>) -> impl IntoView {
    let quarter = review.quarter.clone();
    let list = if review.candidates.is_empty() {
        view! { <Empty text="talent.elim.none" /> }.into_any()
    } else {
        let months: Vec<String> = review
            .candidates
            .first()
            .map(|c| c.months.iter().map(|m| m.month.clone()).collect())
            .unwrap_or_default();
        view! {
            <table class="data-table elim-table">
                <thead>
                    <tr>
                        <th>{tr("field.name")}</th>
                        <th>{tr("talent.echelon")}</th>
                        {months.into_iter().map(|m| view! { <th class="mono">{m}</th> }).collect_view()}
                        <th>{tr("talent.elim.decision")}</th>
                    </tr>
                </thead>
                <tbody>
                    {review
                        .candidates
                        .into_iter()
                        .map(|c| view! { <CandidateRow c=c quarter=quarter.clone() reload=reload /> })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <RatioForm project=project ratio=review.ratio reload=reload />
        <article class="card" id="elim-candidates">
            // The band the list was drawn with, so a saved ratio shows in the list it changed.
            <h2>
                {tr("talent.elim.candidates")}" · "{review.quarter.clone()}" · "
                <span id="elim-band">{tr("talent.elim.band")}" "{percent_text(review.ratio)}"%"</span>
            </h2>
            <p class="muted">{tr("talent.elim.hint")}</p>
            {list}
        </article>
    }
}

#[component]
fn RatioForm(project: String, ratio: f64, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let text = RwSignal::new(percent_text(ratio));
    let problem = RwSignal::new(None::<FieldError>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let project = StoredValue::new(project);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ratio = match ratio_of_percent(&text.get_untracked()) {
            Ok(r) => r,
            Err(e) => {
                problem.set(Some(e));
                return;
            }
        };
        problem.set(None);
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result =
                api::call::<api::ops::SetEliminationRatio>(set_elimination_ratio::Variables {
                    org_unit_id: project.get_value(),
                    ratio,
                })
                .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.elim.ratio_saved");
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
        <form class="form card" id="elim-ratio-form" on:submit=on_submit novalidate>
            <h2>{tr("talent.elim.ratio")}</h2>
            <p class="muted">{tr("talent.elim.ratio_hint")}</p>
            <label class="field">
                <span>{tr("talent.elim.ratio_percent")}</span>
                <input id="elim-ratio" type="text" inputmode="decimal" autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            {move || problem.get().map(|p| view! {
                <p class="form-error" role="alert">{move || problem_text(&p, lang.get())}</p>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <button type="submit" class="btn" id="elim-ratio-save" disabled=move || busy.get()>
                {tr("talent.elim.ratio_save")}
            </button>
        </form>
    }
}

#[component]
fn CandidateRow(c: Candidate, quarter: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FieldError>);
    let error = RwSignal::new(None::<ApiError>);
    let confirming = RwSignal::new(None::<bool>);
    let open = RwSignal::new(false);
    let employee = StoredValue::new(c.employee.id.clone());
    let quarter = StoredValue::new(quarter);
    let e = c.echelon;
    let (name, no) = (c.employee.name.clone(), c.employee.employee_no.clone());
    let ask = move |confirm: bool| match entity::required_text(
        "reason",
        &reason.get_untracked(),
        entity::MAX_TEXT,
    ) {
        Ok(_) => {
            problem.set(None);
            confirming.set(Some(confirm));
            open.set(true);
        }
        Err(p) => problem.set(Some(p)),
    };
    let decided = Callback::new(move |_| {
        let Some(confirm) = confirming.get_untracked() else {
            return;
        };
        let Ok(why) = entity::required_text("reason", &reason.get_untracked(), entity::MAX_TEXT)
        else {
            return;
        };
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::DecideElimination>(decide_elimination::Variables {
                employee_id: employee.get_value(),
                quarter: quarter.get_value(),
                confirm,
                reason: why,
            })
            .await;
            match result {
                Ok(_) => {
                    toasts.success(if confirm {
                        "talent.elim.confirmed"
                    } else {
                        "talent.elim.kept"
                    });
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    });
    let body = Signal::derive(move || {
        let key = if confirming.get() == Some(true) {
            "talent.elim.confirm_body"
        } else {
            "talent.elim.keep_body"
        };
        t(lang.get(), key).to_owned()
    });
    let uuid = c.employee.id.trim_start_matches("Employee:").to_owned();
    view! {
        <tr class="elim-row" id=format!("elim-{uuid}")>
            <td data-label=tr("field.name")>
                <a href=member_href(&c.employee.id)>{move || person_text(&name, &no, lang.get())}</a>
            </td>
            <td data-label=tr("talent.echelon")>{move || echelon_label(e, lang.get())}</td>
            {c.months
                .into_iter()
                .map(|m| view! {
                    <td data-label=m.month.clone() class="mono">
                        {m.points.map(score_text).unwrap_or_else(|| "—".to_owned())}
                    </td>
                })
                .collect_view()}
            <td data-label=tr("talent.elim.decision")>
                <textarea class="elim-reason" rows="2" maxlength=entity::MAX_TEXT
                    placeholder=tr("talent.elim.reason")
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert">{move || problem_text(&p, lang.get())}</p>
                })}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                <div class="actions">
                    <button type="button" class="btn btn-danger elim-confirm" on:click=move |_| ask(true)>
                        {tr("talent.elim.confirm")}
                    </button>
                    <button type="button" class="btn elim-keep" on:click=move |_| ask(false)>
                        {tr("talent.elim.keep")}
                    </button>
                </div>
                <ConfirmDialog open=open title="talent.elim.decide_title" body=body on_confirm=decided />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_typed_in_percent() {
        assert_eq!(ratio_of_percent("10"), Ok(0.1));
        assert_eq!(ratio_of_percent(" 12.5% "), Ok(0.125));
        assert!(ratio_of_percent("120").is_err());
        assert!(ratio_of_percent("-1").is_err());
        assert!(ratio_of_percent("十").is_err());
        assert_eq!(percent_text(0.1), "10");
        assert_eq!(percent_text(0.125), "12.5");
    }
}
