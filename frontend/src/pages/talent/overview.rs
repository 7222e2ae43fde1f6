//! `/talent`: 人才梯队 for those who reach beyond themselves — counts per echelon, the ability ×
//! potential grid of assessed candidates, the members with their sign-off chains and the open
//! nominations. The echelon filter lives in the URL (`?echelon=1|2|3`, the floor's numbering).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::api::ops::{open_nominations, talent_overview, Band, Echelon};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, Empty, Fetched};
use crate::format;
use crate::i18n::t;
use crate::pages::guarded;
use crate::pages::home::person_text;
use crate::pages::talent::{
    echelon_label, member_href, nomination_href, source_label, CompactChain, NominationChip, Step,
};
use entity::{grid_cell_label_en, grid_cell_label_zh, Area};

/// Members listed at once; within the complexity budget with the small selection asked for.
const MEMBERS: i64 = 50;
/// Open nominations listed at once.
const OPEN: i64 = 30;

/// The echelon of `?echelon=`: its number, as the floor says 一梯队.
pub fn echelon_of_query(value: Option<&str>) -> Option<Echelon> {
    value
        .and_then(|v| v.parse::<u8>().ok())
        .and_then(Echelon::from_number)
}

/// The query of an export of the pool or the candidates, narrowed like the page.
pub fn export_query(echelon: Option<Echelon>) -> String {
    echelon
        .and_then(|e| serde_json::to_value(e).ok())
        .and_then(|v| v.as_str().map(|s| format!("?echelon={s}")))
        .unwrap_or_default()
}

fn filter_href(echelon: Option<Echelon>) -> String {
    match echelon {
        Some(e) => format!("/talent?echelon={}", e.number()),
        None => "/talent".to_owned(),
    }
}

#[component]
pub fn TalentPage() -> impl IntoView {
    guarded(Area::Talent, "talent.title", || view! { <Talent /> })
}

#[component]
fn Talent() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let query = use_query_map();
    let echelon = Memo::new(move |_| echelon_of_query(query.with(|q| q.get("echelon")).as_deref()));
    let overview = LocalResource::new(move || {
        let echelon = echelon.get();
        async move {
            api::call::<api::ops::TalentOverview>(talent_overview::Variables {
                first: MEMBERS,
                echelon,
                org_unit_id: None,
            })
            .await
        }
    });
    let open = LocalResource::new(move || {
        let echelon = echelon.get();
        async move {
            api::call::<api::ops::OpenNominations>(open_nominations::Variables {
                first: OPEN,
                echelon,
            })
            .await
            .map(|d| d.nominations.nodes)
        }
    });
    let may_edit_standards = Memo::new(move |_| session.may_open(Area::TalentStandards));
    let may_eliminate = Memo::new(move |_| session.may_open(Area::Elimination));
    let toasts = use_toasts();
    let exporting = RwSignal::new(false);
    let export = move |path: &'static str, file: &'static str| {
        move |_| {
            if exporting.get_untracked() {
                return;
            }
            exporting.set(true);
            let url = format!("{path}{}", export_query(echelon.get_untracked()));
            spawn_local(async move {
                let result = api::download_xlsx(&url, file).await;
                exporting.try_set(false);
                if let Err(err) = result {
                    session.check(&err);
                    toasts.error(err);
                }
            });
        }
    };
    let tabs = std::iter::once(None)
        .chain(Echelon::ALL.into_iter().map(Some))
        .map(|e| {
            let id = match e {
                Some(e) => format!("echelon-filter-{}", e.number()),
                None => "echelon-filter-all".to_owned(),
            };
            view! {
                <a class="tab" id=id href=filter_href(e)
                    aria-selected=move || (echelon.get() == e).to_string()>
                    {move || match e {
                        Some(e) => echelon_label(e, lang.get()),
                        None => t(lang.get(), "talent.all_echelons"),
                    }}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="page talent">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("talent.title", None)] />
            <div class="page-head">
                <h1>{tr("talent.title")}</h1>
                <div class="actions">
                    <a class="btn btn-primary" id="talent-nominate" href="/talent/nominate">{tr("talent.nominate")}</a>
                    <Show when=move || may_edit_standards.get()>
                        <a class="btn" id="talent-standards" href="/talent/standards">{tr("talent.standards")}</a>
                    </Show>
                    <Show when=move || may_eliminate.get()>
                        <a class="btn" id="talent-elimination" href="/talent/elimination">{tr("talent.elim.title")}</a>
                    </Show>
                    <a class="btn" id="talent-points-import" href="/talent/points/import">{tr("talent.pimport.open")}</a>
                    <a class="btn" id="talent-mine" href="/me/talent">{tr("nav.my_talent")}</a>
                    <button type="button" class="btn" id="talent-export-pool" disabled=move || exporting.get()
                        on:click=export("/api/talent/pool.xlsx", "talent-pool.xlsx")>
                        {tr("talent.export.pool")}
                    </button>
                    <button type="button" class="btn" id="talent-export-candidates" disabled=move || exporting.get()
                        on:click=export("/api/talent/candidates.xlsx", "talent-candidates.xlsx")>
                        {tr("talent.export.candidates")}
                    </button>
                </div>
            </div>
            <nav class="tabs" aria-label=tr("talent.echelon")>{tabs}</nav>
            <Fetched resource=overview view=move |d: talent_overview::ResponseData| view! {
                <OverviewView data=d />
            } />
            <article class="card" id="talent-open">
                <h2>{tr("talent.open_nominations")}</h2>
                <Fetched resource=open view=|list| view! {
                    <OpenList list=list />
                } />
            </article>
        </section>
    }
}

#[component]
fn OverviewView(data: talent_overview::ResponseData) -> impl IntoView {
    let lang = use_lang();
    let counts = data
        .pool_overview
        .echelons
        .into_iter()
        .map(|c| {
            let e = c.echelon;
            view! {
                <article class="card echelon-count" id=format!("echelon-count-{}", e.number())>
                    <h2>{move || echelon_label(e, lang.get())}</h2>
                    <dl class="facts">
                        <dt>{tr("talent.members")}</dt>
                        <dd class="big mono echelon-members">{c.members}</dd>
                        <dt>{tr("talent.candidates")}</dt>
                        <dd class="mono echelon-candidates">{c.candidates}</dd>
                    </dl>
                </article>
            }
        })
        .collect_view();
    let grid = data.pool_overview.grid;
    let count_of = move |a: Band, p: Band| {
        grid.iter()
            .find(|g| g.ability == a && g.potential == p)
            .map_or(0, |g| g.count)
    };
    // Ability rows from high to low, potential columns from low to high: the star sits top right.
    let rows = [Band::High, Band::Mid, Band::Low]
        .into_iter()
        .map(|a| {
            let cells = Band::ALL
                .into_iter()
                .map(|p| {
                    let n = count_of(a, p);
                    view! {
                        <td class="grid-cell" class:grid-empty=n == 0
                            id=format!("grid-{a:?}-{p:?}").to_lowercase()>
                            <span class="grid-count">{n}</span>
                            <span class="grid-label">
                                {move || lang.get().pick(grid_cell_label_zh((a, p)), grid_cell_label_en((a, p)))}
                            </span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || lang.get().pick(a.label_zh(), a.label_en())}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let members = data.talent_pool.nodes;
    view! {
        <div class="cards echelon-counts">{counts}</div>
        <article class="card" id="talent-grid">
            <h2>{tr("talent.grid")}</h2>
            <p class="muted">{tr("talent.grid_hint")}</p>
            <div class="grid-wrap">
                <table class="nine-box">
                    <thead>
                        <tr>
                            <th class="grid-axis">
                                {tr("talent.ability")}" \\ "{tr("talent.potential")}
                            </th>
                            {Band::ALL
                                .into_iter()
                                .map(|p| view! { <th scope="col">{move || lang.get().pick(p.label_zh(), p.label_en())}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </article>
        <article class="card" id="talent-members">
            <h2>{tr("talent.member_list")}</h2>
            <MemberList members=members />
        </article>
    }
}

#[component]
fn MemberList(members: Vec<talent_overview::TalentOverviewTalentPoolNodes>) -> impl IntoView {
    let lang = use_lang();
    if members.is_empty() {
        return view! { <Empty text="talent.no_members" /> }.into_any();
    }
    view! {
        <table class="data-table member-table">
            <thead>
                <tr>
                    <th>{tr("field.name")}</th>
                    <th>{tr("talent.echelon")}</th>
                    <th>{tr("talent.joined")}</th>
                    <th>{tr("talent.chain")}</th>
                </tr>
            </thead>
            <tbody>
                {members
                    .into_iter()
                    .map(|m| {
                        let e = m.echelon;
                        let (name, no) = (m.employee.name.clone(), m.employee.employee_no.clone());
                        let steps: Vec<Step> = m
                            .sign_offs
                            .into_iter()
                            .map(|s| Step {
                                role: s.role,
                                signer_id: None,
                                signer: s.signer.map(|p| (p.name, String::new())),
                                agree: s.agree,
                                comment: None,
                                signed_at: None,
                                is_current: false,
                            })
                            .collect();
                        view! {
                            <tr class="member-row">
                                <td data-label=tr("field.name")>
                                    <a class="member-link" href=member_href(&m.employee.id)>
                                        {move || person_text(&name, &no, lang.get())}
                                    </a>
                                </td>
                                <td data-label=tr("talent.echelon")>{move || echelon_label(e, lang.get())}</td>
                                <td data-label=tr("talent.joined")>{format::date_time(&m.joined_at)}</td>
                                <td data-label=tr("talent.chain")><CompactChain steps=steps /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn OpenList(list: Vec<open_nominations::OpenNominationsNominationsNodes>) -> impl IntoView {
    let lang = use_lang();
    if list.is_empty() {
        return view! { <Empty text="talent.no_open" /> }.into_any();
    }
    view! {
        <ul class="inbox-list open-nominations">
            {list
                .into_iter()
                .map(|n| {
                    let (name, no) = (n.employee.name.clone(), n.employee.employee_no.clone());
                    let (e, source) = (n.echelon, n.source);
                    view! {
                        <li>
                            <a class="inbox-item" href=nomination_href(&n.id)>
                                <span class="inbox-title">{move || person_text(&name, &no, lang.get())}</span>
                                <span class="inbox-when"><NominationChip status=n.status /></span>
                                <span class="muted">
                                    {move || format!("{} · {}", echelon_label(e, lang.get()), source_label(source, lang.get()))}
                                    " · "
                                    {format::date_time(&n.created_at)}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_echelon_filter_reads_the_floor_numbering() {
        assert_eq!(echelon_of_query(Some("1")), Some(Echelon::Management));
        assert_eq!(echelon_of_query(Some("3")), Some(Echelon::Junior));
        assert_eq!(echelon_of_query(Some("4")), None);
        assert_eq!(echelon_of_query(Some("junior")), None);
        assert_eq!(echelon_of_query(None), None);
        assert_eq!(filter_href(Some(Echelon::KeyStaff)), "/talent?echelon=2");
        assert_eq!(filter_href(None), "/talent");
        assert_eq!(export_query(Some(Echelon::KeyStaff)), "?echelon=KEY_STAFF");
        assert_eq!(export_query(None), "");
    }
}
