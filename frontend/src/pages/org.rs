//! `/org`: 组织架构 — the org tree within the caller's reach, drilled down one unit at a time
//! (`?unit=<id>` in the URL), with each unit's leader and a link to its people.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::ops::org_units;
use crate::api::ops::OrgUnitKind;
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang};
use crate::components::{Breadcrumbs, Crumb, Empty, Fetched};
use crate::pages::guarded;
use crate::pages::home::person_text;
use entity::Area;

/// Units per request: with each unit's parent and leader selected, 50 keeps the request well
/// inside the server's complexity limit (lists cost `first` × their selection).
const UNITS_PER_PAGE: i64 = 50;
/// Safety stop for the page loop: 200 pages of 50 units is far beyond any center.
const MAX_PAGES: usize = 200;

/// A unit as the tree and the filters show it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: OrgUnitKind,
    pub parent: Option<String>,
    /// Depth among the units the caller can see (0 for the topmost visible ones).
    pub depth: usize,
    pub leader: Option<(String, String, String)>,
}

/// Every unit in reach, in tree order (the server sends parents before children).
pub async fn load_units() -> Result<Vec<UnitRow>, ApiError> {
    let mut out: Vec<UnitRow> = Vec::new();
    let mut after = None;
    for _ in 0..MAX_PAGES {
        let page = api::call::<api::ops::OrgUnits>(org_units::Variables {
            first: UNITS_PER_PAGE,
            after,
        })
        .await?
        .org_units;
        for n in page.nodes {
            let parent = n.parent.map(|p| p.id);
            let depth = parent
                .as_ref()
                .and_then(|p| out.iter().find(|u| &u.id == p))
                .map_or(0, |p| p.depth + 1);
            out.push(UnitRow {
                id: n.id,
                code: n.code,
                name: n.name,
                kind: n.kind,
                parent,
                depth,
                leader: n.leader.map(|l| (l.id, l.name, l.employee_no)),
            });
        }
        if !page.page_info.has_next_page {
            break;
        }
        after = page.page_info.end_cursor;
    }
    Ok(out)
}

/// The units directly below `parent` (`None`: the topmost visible units).
pub fn children_of<'a>(units: &'a [UnitRow], parent: Option<&str>) -> Vec<&'a UnitRow> {
    units
        .iter()
        .filter(|u| match parent {
            Some(p) => u.parent.as_deref() == Some(p),
            None => u
                .parent
                .as_ref()
                .is_none_or(|p| !units.iter().any(|o| &o.id == p)),
        })
        .collect()
}

/// The ids of the units whose people the caller may list: every unit for HR and admins
/// (`all`), else their own unit and everything below it. The tree also shows the units above
/// (one's own chain), but their people are out of reach.
pub fn units_in_reach(units: &[UnitRow], own: Option<&str>, all: bool) -> Vec<String> {
    if all {
        return units.iter().map(|u| u.id.clone()).collect();
    }
    let Some(own) = own else {
        return Vec::new();
    };
    let mut reach = vec![own.to_owned()];
    // Units arrive parents first, so one pass collects every descendant.
    for u in units {
        if u.parent.as_ref().is_some_and(|p| reach.contains(p)) && !reach.contains(&u.id) {
            reach.push(u.id.clone());
        }
    }
    reach
}

/// The chain from the topmost visible unit down to `id`.
pub fn chain_to<'a>(units: &'a [UnitRow], id: &str) -> Vec<&'a UnitRow> {
    let mut chain = Vec::new();
    let mut cur = units.iter().find(|u| u.id == id);
    while let Some(u) = cur {
        chain.push(u);
        cur = u
            .parent
            .as_ref()
            .and_then(|p| units.iter().find(|o| &o.id == p));
        if chain.len() > units.len() {
            break;
        }
    }
    chain.reverse();
    chain
}

#[component]
pub fn OrgPage() -> impl IntoView {
    guarded(Area::OrgTree, "org.title", || view! { <OrgTree /> })
}

#[component]
fn OrgTree() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let selected = Memo::new(move |_| query.with(|q| q.get("unit")).filter(|s| !s.is_empty()));
    let units = LocalResource::new(|| async { load_units().await });
    let session = crate::app::use_session();
    let own_unit = Memo::new(move |_| {
        session
            .me()
            .with(|m| m.as_ref().map(|m| m.employee.org_unit.id.clone()))
    });
    let sees_all = Memo::new(move |_| session.may_open(Area::EmployeeAdmin));

    view! {
        <section class="page org">
            <Breadcrumbs crumbs=vec![Crumb::key("nav.home", Some("/")), Crumb::key("org.title", None)] />
            <h1>{tr("org.title")}</h1>
            <Fetched resource=units view={move |all: Vec<UnitRow>| {
                let units = all;
                move || {
                    let sel = selected.get();
                    let chain: Vec<UnitRow> = sel
                        .as_deref()
                        .map(|id| chain_to(&units, id).into_iter().cloned().collect())
                        .unwrap_or_default();
                    let current = chain.last().cloned();
                    let reach = units_in_reach(&units, own_unit.get().as_deref(), sees_all.get());
                    let in_reach = current.as_ref().is_some_and(|u| reach.contains(&u.id));
                    let children: Vec<UnitRow> = children_of(&units, sel.as_deref()).into_iter().cloned().collect();
                    view! {
                        <nav class="org-path" aria-label=tr("org.path")>
                            <a href="/org">{tr("org.top")}</a>
                            {chain.into_iter().map(|u| view! {
                                <span aria-hidden="true">" › "</span>
                                <a href=format!("/org?unit={}", u.id)>{u.name}</a>
                            }).collect_view()}
                        </nav>
                        {current.map(|u| {
                            let kind = u.kind;
                            let leader = u.leader.clone();
                            view! {
                                <article class="card" id="org-current">
                                    <h2>{u.name.clone()}</h2>
                                    <dl class="facts">
                                        <dt>{tr("org.kind")}</dt>
                                        <dd>{move || lang.get().pick(kind.label_zh(), kind.label_en()).to_owned()}</dd>
                                        <dt>{tr("org.code")}</dt>
                                        <dd class="mono">{u.code.clone()}</dd>
                                        <dt>{tr("org.leader")}</dt>
                                        <dd>{match leader {
                                            Some((id, name, no)) if in_reach => view! {
                                                <a href=format!("/employees/{id}")>{move || person_text(&name, &no, lang.get())}</a>
                                            }.into_any(),
                                            Some((_, name, no)) => view! {
                                                <span>{move || person_text(&name, &no, lang.get())}</span>
                                            }.into_any(),
                                            None => view! { <span class="muted">{tr("home.none")}</span> }.into_any(),
                                        }}</dd>
                                    </dl>
                                    {in_reach.then(|| view! {
                                        <a class="btn" id="org-people" href=format!("/employees?org={}", crate::pages::employees::enc(&u.id))>
                                            {tr("org.people")}
                                        </a>
                                    })}
                                </article>
                            }
                        })}
                        {if children.is_empty() {
                            view! { <Empty text="org.no_children" /> }.into_any()
                        } else {
                            view! {
                                <ul class="org-children">
                                    {children.into_iter().map(|u| {
                                        let kind = u.kind;
                                        view! {
                                            <li>
                                                <a class="org-unit" href=format!("/org?unit={}", u.id)>
                                                    <span class="org-unit-name">{u.name}</span>
                                                    <span class="chip chip-muted">
                                                        {move || lang.get().pick(kind.label_zh(), kind.label_en()).to_owned()}
                                                    </span>
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }
                }
            }} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, parent: Option<&str>) -> UnitRow {
        UnitRow {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            kind: OrgUnitKind::Team,
            parent: parent.map(Into::into),
            depth: 0,
            leader: None,
        }
    }

    #[test]
    fn the_top_is_whatever_has_no_visible_parent() {
        // A manager sees their project and below, not the company above it.
        let units = vec![
            unit("p", Some("site")),
            unit("t1", Some("p")),
            unit("t2", Some("p")),
        ];
        let top: Vec<&str> = children_of(&units, None)
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(top, vec!["p"]);
        let below: Vec<&str> = children_of(&units, Some("p"))
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(below, vec!["t1", "t2"]);
    }

    #[test]
    fn a_manager_reaches_the_people_of_their_unit_and_below_only() {
        let units = vec![
            unit("c", None),
            unit("s", Some("c")),
            unit("p", Some("s")),
            unit("t1", Some("p")),
            unit("t2", Some("p")),
            unit("q", Some("s")),
        ];
        let mut reach = units_in_reach(&units, Some("p"), false);
        reach.sort();
        assert_eq!(reach, vec!["p", "t1", "t2"]);
        assert_eq!(units_in_reach(&units, Some("p"), true).len(), 6);
        assert!(units_in_reach(&units, None, false).is_empty());
    }

    #[test]
    fn the_chain_runs_from_the_top_down() {
        let units = vec![unit("c", None), unit("s", Some("c")), unit("t", Some("s"))];
        let chain: Vec<&str> = chain_to(&units, "t")
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(chain, vec!["c", "s", "t"]);
        assert!(chain_to(&units, "missing").is_empty());
    }
}
