//! `/talent/members/:employeeId`: one pool member as their superiors and HR see them — the
//! development plan with its new items, reviews and agreement, the competency grades by
//! quarter, the year-end inventories, monthly points, and the pool history.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::ops::member_points::{self, MemberPointsEmployeeMonthlyPoints as MonthPoints};
use crate::api::ops::member_talent::{self, MemberTalentEmployee};
use crate::api::ops::{record_competency_review, set_monthly_points, CompetencyGrade};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, Empty, ErrorNotice, Fetched};
use crate::format;
use crate::i18n::Lang;
use crate::pages::guarded;
use crate::pages::home::person_text;
use crate::pages::talent::inventory::{inventories_from, Inventory, InventoryForm, InventoryList};
use crate::pages::talent::plan::{plan_from, AddItemForm, Plan, PlanView, Side};
use crate::pages::talent::{echelon_label, problem_text, score_text};
use entity::{Area, FieldError, Quarter, YearMonth};

/// The page of a member, from their global id or bare uuid.
pub fn member_href(id: &str) -> String {
    format!(
        "/talent/members/{}",
        id.strip_prefix("Employee:").unwrap_or(id)
    )
}

fn member_gid(param: &str) -> String {
    if param.starts_with("Employee:") {
        param.to_owned()
    } else {
        format!("Employee:{param}")
    }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    guarded(Area::Talent, "talent.member.title", || view! { <Member /> })
}

#[component]
fn Member() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| member_gid(&params.with(|p| p.get("employeeId")).unwrap_or_default()));
    let member = LocalResource::new(move || {
        let id = id.get();
        async move {
            api::call::<api::ops::MemberTalent>(member_talent::Variables { id })
                .await
                .map(|d| d.employee)
        }
    });
    let reload = Callback::new(move |_| member.refetch());
    view! {
        <section class="page talent-member">
            <Fetched resource=member view=move |e| view! { <Detail e=e reload=reload /> } />
        </section>
    }
}

#[component]
fn Detail(e: MemberTalentEmployee, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let me = session
        .me()
        .with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    let line = &e.reporting_line;
    let is_level = me.is_some()
        && [
            line.superior.as_ref().map(|l| l.person.id.clone()),
            line.skip_level.as_ref().map(|l| l.person.id.clone()),
        ]
        .contains(&me);
    // Someone who opens their own page (a team leader in the pool) acts as the member: the
    // server lets nobody add to, review, grade or score themselves.
    let is_self = me.as_deref() == Some(e.id.as_str());
    // Only the direct superior writes the year-end inventory.
    let is_superior =
        !is_self && me.is_some() && line.superior.as_ref().map(|l| &l.person.id) == me.as_ref();
    let side = if is_self {
        Side::Member
    } else {
        Side::Reviewer
    };
    let plan: Plan = plan_from!(e.development_plan);
    let title = (e.name.clone(), e.employee_no.clone());
    let inventories: Vec<Inventory> = inventories_from!(e.inventories);
    let inventory_form = is_superior.then(|| {
        view! { <InventoryForm employee_id=e.id.clone() inventories=inventories.clone() reload=reload /> }
    });
    let reviews = e.competency_reviews;
    let history = e.pool_history;
    view! {
        <Breadcrumbs crumbs=vec![
            Crumb::key("nav.home", Some("/")),
            Crumb::key("talent.title", Some("/talent")),
            Crumb::text(e.name.clone(), None),
        ] />
        <div class="page-head">
            <h1 id="member-title">{move || person_text(&title.0, &title.1, lang.get())}</h1>
        </div>
        <p class="muted">{e.org_unit.name.clone()}" · "{e.position.clone()}</p>
        <PlanView plan=plan employee_id=e.id.clone() side=side is_level=is_level || is_self reload=reload />
        {(!is_self).then(|| view! { <AddItemForm employee_id=e.id.clone() reload=reload /> })}
        <InventoryList inventories=inventories is_member=is_self reload=reload />
        {inventory_form}
        <article class="card" id="member-reviews">
            <h2>{tr("talent.review.title")}</h2>
            {if reviews.is_empty() {
                view! { <Empty text="talent.review.none" /> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th>{tr("talent.review.period")}</th>
                                <th>{tr("talent.review.grade")}</th>
                                <th>{tr("talent.review.comment")}</th>
                                <th>{tr("talent.review.by")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {reviews
                                .into_iter()
                                .map(|r| {
                                    let g = r.grade;
                                    view! {
                                        <tr class="review-row">
                                            <td data-label=tr("talent.review.period") class="mono">{r.period}</td>
                                            <td data-label=tr("talent.review.grade")>{move || lang.get().pick(g.label_zh(), g.label_en())}</td>
                                            <td data-label=tr("talent.review.comment")>{r.comment.unwrap_or_default()}</td>
                                            <td data-label=tr("talent.review.by")>
                                                {r.reviewed_by.map(|p| p.name).unwrap_or_default()}
                                                " · "{format::date_time(&r.created_at)}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </article>
        <RecentPoints employee_id=e.id.clone() />
        {(!is_self).then(|| view! {
            <ReviewForm employee_id=e.id.clone() reload=reload />
            <PointsForm employee_id=e.id.clone() reload=reload />
        })}
        <article class="card" id="member-history">
            <h2>{tr("talent.history.title")}</h2>
            {if history.is_empty() {
                view! { <Empty text="talent.history.none" /> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {history
                            .into_iter()
                            .rev()
                            .map(|h| {
                                let (kind, from, to) = (h.kind, h.from_echelon, h.to_echelon);
                                let change = move |lang: Lang| match (from, to) {
                                    (Some(f), Some(t)) => format!("{} → {}", echelon_label(f, lang), echelon_label(t, lang)),
                                    (None, Some(e)) | (Some(e), None) => echelon_label(e, lang).to_owned(),
                                    (None, None) => String::new(),
                                };
                                view! {
                                    <li class="timeline-entry">
                                        <div class="timeline-head">
                                            <strong>{move || lang.get().pick(kind.label_zh(), kind.label_en())}</strong>
                                            <span>{move || change(lang.get())}</span>
                                            <span class="muted">{format::date_time(&h.at)}</span>
                                            <span class="muted">{
                                                let actor = h.actor.clone();
                                                move || crate::components::actor_label(&actor, lang.get())
                                            }</span>
                                        </div>
                                        <p class="prewrap">{
                                            // System reasons are codes, shown in the reader's language.
                                            let reason = entity::PoolReason::parse(&h.reason);
                                            move || reason.words(lang.get() == crate::i18n::Lang::Zh)
                                        }</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </article>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Rule(FieldError),
    Api(ApiError),
}

fn show_error(error: RwSignal<Option<FormError>>, lang: RwSignal<Lang>) -> impl IntoView {
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

/// The quarter of today, as the form's starting value.
fn this_quarter() -> String {
    let now = js_sys::Date::new_0();
    format!("{}-Q{}", now.get_full_year(), now.get_month() / 3 + 1)
}

fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{}-{:02}", now.get_full_year(), now.get_month() + 1)
}

/// A month typed into `field`: `2026-03`.
pub fn month(field: &str, text: &str) -> Result<YearMonth, FieldError> {
    YearMonth::parse(text).ok_or_else(|| {
        FieldError::new(
            field,
            entity::Problem::BadFormat {
                expected_zh: "月份,如 2026-03".into(),
                expected_en: "a month such as 2026-03".into(),
            },
        )
    })
}

/// Points typed into `field`: any finite number (the server checks the range).
pub fn points(field: &str, text: &str) -> Result<f64, FieldError> {
    format::number(text).ok_or_else(|| {
        FieldError::new(
            field,
            entity::Problem::BadFormat {
                expected_zh: "数字,如 86.5".into(),
                expected_en: "a number such as 86.5".into(),
            },
        )
    })
}

#[component]
fn ReviewForm(employee_id: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let period = RwSignal::new(this_quarter());
    let grade = RwSignal::new(CompetencyGrade::BPlus);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(employee_id);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = Quarter::field("period", &period.get_untracked()).and_then(|q| {
            entity::optional_text("comment", &comment.get_untracked(), entity::MAX_TEXT)
                .map(|c| (q, c))
        });
        let (quarter, text) = match checked {
            Ok(v) => v,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::RecordCompetencyReview>(
                record_competency_review::Variables {
                    employee_id: id.get_value(),
                    period: quarter.to_string(),
                    grade: grade.get_untracked(),
                    comment: (!text.is_empty()).then_some(text),
                },
            )
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.review.recorded");
                    comment.try_set(String::new());
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
        <form class="form card" id="review-form" on:submit=on_submit novalidate>
            <h2>{tr("talent.review.record")}</h2>
            <label class="field">
                <span>{tr("talent.review.period")}</span>
                <input id="review-period" type="text" autocomplete="off" placeholder="2026-Q3"
                    prop:value=move || period.get()
                    on:input=move |ev| period.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{tr("talent.review.grade")}</span>
                <select id="review-grade"
                    on:change=move |ev| {
                        if let Some(g) = CompetencyGrade::parse(&event_target_value(&ev)) {
                            grade.set(g);
                        }
                    }>
                    {CompetencyGrade::ALL
                        .into_iter()
                        .rev()
                        .map(|g| view! {
                            <option value=g.symbol() selected=move || grade.get() == g>
                                {move || lang.get().pick(g.label_zh(), g.label_en())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{tr("talent.review.comment")}</span>
                <textarea id="review-comment" rows="2" maxlength=entity::MAX_TEXT
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </label>
            {show_error(error, lang)}
            <button type="submit" class="btn btn-primary" id="review-submit" disabled=move || busy.get()>
                {tr("talent.review.save")}
            </button>
        </form>
    }
}

type Months = Vec<MonthPoints>;

/// Months of points shown on the page: the last half year.
const RECENT_MONTHS: u32 = 6;

/// The first and the last month of the `n` months that end with `year`-`month` (1-based).
pub fn months_ending(year: u32, month: u32, n: u32) -> (String, String) {
    let index = (year * 12 + month - 1).saturating_sub(n.saturating_sub(1));
    (
        format!("{}-{:02}", index / 12, index % 12 + 1),
        format!("{year}-{month:02}"),
    )
}

/// The member's points of the last months, oldest first; a month without any shows a dash.
#[component]
fn RecentPoints(employee_id: String) -> impl IntoView {
    let id = StoredValue::new(employee_id);
    let points = LocalResource::new(move || {
        let now = js_sys::Date::new_0();
        let (from_month, to_month) =
            months_ending(now.get_full_year(), now.get_month() + 1, RECENT_MONTHS);
        let id = id.get_value();
        async move {
            api::call::<api::ops::MemberPoints>(member_points::Variables {
                id,
                from_month,
                to_month,
            })
            .await
            .map(|d| d.employee.monthly_points)
        }
    });
    view! {
        <article class="card" id="member-points">
            <h2>{tr("talent.points.recent")}</h2>
            <Fetched resource=points view=move |months: Months| view! {
                <table class="data-table points-table">
                    <thead>
                        <tr>
                            <th>{tr("talent.points.month")}</th>
                            <th>{tr("talent.points.points")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {months
                            .into_iter()
                            .map(|m| view! {
                                <tr class="points-row" data-month=m.month.clone()>
                                    <td data-label=tr("talent.points.month") class="mono">{m.month.clone()}</td>
                                    <td data-label=tr("talent.points.points") class="mono">
                                        {m.points.map(score_text).unwrap_or_else(|| "—".to_owned())}
                                    </td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            } />
        </article>
    }
}

#[component]
fn PointsForm(employee_id: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let which = RwSignal::new(this_month());
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(employee_id);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = month("month", &which.get_untracked())
            .and_then(|m| points("points", &value.get_untracked()).map(|p| (m, p)));
        let (m, p) = match checked {
            Ok(v) => v,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::SetMonthlyPoints>(set_monthly_points::Variables {
                employee_id: id.get_value(),
                month: m.to_string(),
                points: p,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.points.saved");
                    value.try_set(String::new());
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
        <form class="form card" id="points-form" on:submit=on_submit novalidate>
            <h2>{tr("talent.points.title")}</h2>
            <label class="field">
                <span>{tr("talent.points.month")}</span>
                <input id="points-month" type="text" autocomplete="off" placeholder="2026-03"
                    prop:value=move || which.get()
                    on:input=move |ev| which.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{tr("talent.points.points")}</span>
                <input id="points-value" type="text" inputmode="decimal" autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
            {show_error(error, lang)}
            <div class="actions">
                <button type="submit" class="btn btn-primary" id="points-submit" disabled=move || busy.get()>
                    {tr("talent.points.save")}
                </button>
                <a class="btn" id="points-import-link" href="/talent/points/import">{tr("talent.pimport.open")}</a>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_page_is_reached_by_their_uuid() {
        assert_eq!(member_href("Employee:0190-ab"), "/talent/members/0190-ab");
        assert_eq!(member_href("0190-ab"), "/talent/members/0190-ab");
        assert_eq!(member_gid("0190-ab"), "Employee:0190-ab");
    }

    #[test]
    fn recent_months_reach_back_across_the_new_year() {
        assert_eq!(
            months_ending(2026, 3, 6),
            ("2025-10".to_owned(), "2026-03".to_owned())
        );
        assert_eq!(
            months_ending(2026, 12, 6),
            ("2026-07".to_owned(), "2026-12".to_owned())
        );
        assert_eq!(
            months_ending(2026, 1, 1),
            ("2026-01".to_owned(), "2026-01".to_owned())
        );
    }

    #[test]
    fn months_and_points_are_read_as_typed() {
        assert_eq!(
            month("month", " 2026-03 ")
                .map(|m| m.to_string())
                .as_deref(),
            Ok("2026-03")
        );
        assert!(month("month", "2026-13").is_err());
        assert!(month("month", "2026-3").is_err());
        assert_eq!(points("points", " 86.5 "), Ok(86.5));
        assert!(points("points", "NaN").is_err());
        assert!(points("points", "八十").is_err());
    }
}
