//! `/talent/points/import`: a superior enters a month's points (月度积分) for many members at
//! once from an .xlsx or .csv whose header names 工号 and 积分. As with the employee import,
//! the file is checked first (a dry run that writes nothing) with its problems listed row by
//! row, and only a clean file can then be imported, all rows or none. The month may come in
//! the URL (`?month=2026-03`).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use serde::Deserialize;

use crate::api::ApiError;
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, ErrorNotice};
use crate::i18n::{t, Lang};
use crate::pages::employees::enc;
use crate::pages::guarded;
use crate::pages::import::{picked_file, upload, RowError, RowErrors};
use crate::pages::talent::member::month;
use crate::pages::talent::problem_text;
use entity::{Area, FieldError};

/// The server's answer (`PointsReport`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub dry_run: bool,
    pub committed: bool,
    pub rows: usize,
    pub errors: Vec<RowError>,
}

/// The header of the column a field is read from (the server names only the field).
pub fn column_of(field: &str) -> &'static str {
    match field {
        "employeeNo" => "工号",
        "points" => "积分",
        _ => "—",
    }
}

/// The month before the one of `year` and `month0` (0-based, as JavaScript counts): points are
/// entered once a month is over.
pub fn previous_month(year: u32, month0: u32) -> String {
    if month0 == 0 {
        format!("{}-12", year - 1)
    } else {
        format!("{year}-{month0:02}")
    }
}

/// "共 12 行" / "2026-03:已导入 12 人的积分".
fn summary(r: &Report, month: &str, lang: Lang) -> String {
    let key = if r.committed {
        "talent.pimport.summary_committed"
    } else {
        "talent.pimport.summary"
    };
    t(lang, key)
        .replace("{rows}", &r.rows.to_string())
        .replace("{month}", month)
}

async fn send(file: web_sys::File, month: String, dry_run: bool) -> Result<Report, ApiError> {
    let url = format!(
        "/api/talent/points/import?month={}&fileName={}&dryRun={dry_run}",
        enc(&month),
        enc(&file.name())
    );
    let mut report: Report = upload(url, file).await?;
    for e in &mut report.errors {
        if e.column.is_empty() {
            e.column = column_of(&e.field).to_owned();
        }
    }
    Ok(report)
}

#[component]
pub fn PointsImportPage() -> impl IntoView {
    guarded(
        Area::Talent,
        "talent.pimport.title",
        || view! { <PointsImport /> },
    )
}

#[component]
fn PointsImport() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let query = use_query_map();
    let typed_month =
        RwSignal::new(query.with_untracked(|q| q.get("month")).unwrap_or_else(|| {
            let now = js_sys::Date::new_0();
            previous_month(now.get_full_year(), now.get_month())
        }));
    let problem = RwSignal::new(None::<FieldError>);
    let file = StoredValue::new_local(None::<web_sys::File>);
    let file_name = RwSignal::new(String::new());
    // The report and the month it was made for: a clean check commits that month only.
    let report = RwSignal::new(None::<(Report, String)>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let run = move |dry_run: bool| {
        let Some(f) = file.get_value() else { return };
        let m = match month("month", &typed_month.get_untracked()) {
            Ok(m) => m.to_string(),
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = send(f, m.clone(), dry_run).await;
            busy.try_set(false);
            match result {
                Ok(r) => {
                    if r.committed {
                        toasts.success("talent.pimport.done");
                    }
                    report.try_set(Some((r, m)));
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let picked = picked_file(&ev);
        file_name.set(picked.as_ref().map(|f| f.name()).unwrap_or_default());
        file.set_value(picked);
        report.set(None);
        error.set(None);
        run(true);
    };
    let has_file = move || !file_name.get().is_empty();

    view! {
        <section class="page import points-import">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("talent.title", Some("/talent")),
                Crumb::key("talent.pimport.title", None),
            ] />
            <h1>{tr("talent.pimport.title")}</h1>
            <article class="card form">
                <p class="muted">{tr("talent.pimport.help")}</p>
                <label class="field">
                    <span>{tr("talent.points.month")}</span>
                    <input id="points-import-month" type="text" autocomplete="off" placeholder="2026-03"
                        prop:value=move || typed_month.get()
                        on:input=move |ev| {
                            typed_month.set(event_target_value(&ev));
                            // A check made for another month may not be imported as this one.
                            report.set(None);
                        } />
                </label>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert" id="points-import-month-problem">{move || problem_text(&p, lang.get())}</p>
                })}
                <div class="actions">
                    <label class="btn btn-primary file-pick">
                        {tr("import.choose")}
                        <input id="points-import-file" type="file" accept=".xlsx,.csv" on:change=on_file />
                    </label>
                    <Show when=has_file>
                        <button type="button" class="btn" id="points-import-check"
                            disabled=move || busy.get() on:click=move |_| run(true)>
                            {tr("talent.pimport.check")}
                        </button>
                    </Show>
                </div>
                <span class="muted" id="points-import-file-name">{move || file_name.get()}</span>
            </article>
            <Show when=move || busy.get()>
                <p class="loading" role="status">{tr("import.checking")}</p>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || report.get().map(|(r, m)| {
                let ok = r.errors.is_empty();
                let committed = r.committed;
                let may_commit = ok && r.dry_run && r.rows > 0;
                let text = (r.clone(), m);
                view! {
                    <article class="card" id="import-report" data-committed=committed.to_string()>
                        <h2>{move || t(lang.get(), if committed { "import.committed" } else { "import.checked" })}</h2>
                        <p id="import-summary">{move || summary(&text.0, &text.1, lang.get())}</p>
                        {(!ok).then(|| view! { <RowErrors errors=r.errors.clone() /> })}
                        {may_commit.then(|| view! {
                            <button type="button" class="btn btn-primary" id="points-import-commit"
                                disabled=move || busy.get() on:click=move |_| run(false)>
                                {tr("import.commit")}
                            </button>
                        })}
                    </article>
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_reads_as_the_server_writes_it() {
        crate::i18n::use_bundle::<{ entity::Bundle::Talent as u8 }>();
        let json = r#"{"dryRun":true,"committed":false,"rows":2,
            "errors":[{"row":3,"field":"points","messageZh":"积分须为 0 到 10000 之间的数字","messageEn":"points must be a number from 0 to 10000"}]}"#;
        let r: Report = serde_json::from_str(json).unwrap();
        assert_eq!(r.errors[0].row, 3);
        assert_eq!(r.errors[0].column, "");
        assert_eq!(column_of(&r.errors[0].field), "积分");
        assert_eq!(summary(&r, "2026-03", Lang::Zh), "共 2 行");
        let done = Report {
            committed: true,
            dry_run: false,
            ..r
        };
        assert_eq!(
            summary(&done, "2026-03", Lang::En),
            "Points of 2026-03 imported for 2 members"
        );
    }

    #[test]
    fn columns_are_named_as_the_file_heads_them() {
        assert_eq!(column_of("employeeNo"), "工号");
        assert_eq!(column_of("points"), "积分");
        assert_eq!(column_of("file"), "—");
    }

    #[test]
    fn points_are_entered_for_the_month_just_over() {
        assert_eq!(previous_month(2026, 3), "2026-03");
        assert_eq!(previous_month(2026, 0), "2025-12");
        assert_eq!(previous_month(2026, 11), "2026-11");
    }
}
