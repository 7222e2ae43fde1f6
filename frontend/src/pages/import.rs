//! `/employees/import`: bulk import from .xlsx or .csv. The file is always checked first (a dry
//! run that writes nothing) and its problems are listed row by row; only a clean file can then
//! be committed, in one transaction, upserting on 工号.
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, ErrorNotice};
use crate::i18n::{t, Lang};
use crate::pages::employees::enc;
use crate::pages::guarded;
use entity::Area;

/// The server's answer (`ImportReport`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub dry_run: bool,
    pub committed: bool,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

/// One row's problem in an uploaded file (the employee and the points imports answer alike).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    pub row: usize,
    /// The header of the column at fault; an import that names only the field leaves it empty.
    #[serde(default)]
    pub column: String,
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
}

impl RowError {
    fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message_en)
    }
}

/// "共 12 行：新增 3，更新 9".
fn summary(r: &Report, lang: Lang) -> String {
    t(lang, "import.summary")
        .replace("{rows}", &r.rows.to_string())
        .replace("{created}", &r.created.to_string())
        .replace("{updated}", &r.updated.to_string())
}

/// Sends `file` as the body of a POST to `url` and reads the JSON report the server answers.
pub async fn upload<T: DeserializeOwned>(url: String, file: web_sys::File) -> Result<T, ApiError> {
    let response = api::send_with_bearer(|bearer| {
        gloo_net::http::Request::post(&url)
            .header("authorization", bearer)
            .header("content-type", "application/octet-stream")
            .body(wasm_bindgen::JsValue::from(file.clone()))
            .map_err(|_| ApiError::Unexpected)
    })
    .await?;
    let status = response.status();
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(api::file_error(status, &body));
    }
    serde_json::from_str(&body).map_err(|_| ApiError::Unexpected)
}

async fn upload_employees(file: web_sys::File, dry_run: bool) -> Result<Report, ApiError> {
    let url = format!(
        "/api/employees/import?fileName={}&dryRun={dry_run}",
        enc(&file.name())
    );
    upload(url, file).await
}

/// The file chosen in the `<input type="file">` of `ev`. The input itself forgets the choice, so
/// picking the same (corrected) file again fires `change` and checks it anew.
pub fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let picked = input.files().and_then(|l| l.get(0));
    input.set_value("");
    picked
}

/// The problems of a file, a row each: row number, column, what is wrong.
#[component]
pub fn RowErrors(errors: Vec<RowError>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="form-error" role="alert">{tr("import.has_errors")}</p>
        <table class="data-table" id="import-errors">
            <thead>
                <tr>
                    <th scope="col">{tr("import.row")}</th>
                    <th scope="col">{tr("import.column")}</th>
                    <th scope="col">{tr("import.problem")}</th>
                </tr>
            </thead>
            <tbody>
                {errors.into_iter().map(|e| {
                    let row = e.row;
                    view! {
                    <tr class="import-error" data-row=row>
                        <td data-label=tr("import.row")>{row}</td>
                        <td data-label=tr("import.column")>{e.column.clone()}</td>
                        <td data-label=tr("import.problem")>{move || e.message(lang.get()).to_owned()}</td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    guarded(Area::EmployeeAdmin, "import.title", || view! { <Import /> })
}

#[component]
fn Import() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let file = StoredValue::new_local(None::<web_sys::File>);
    let file_name = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Report>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let run = move |dry_run: bool| {
        let Some(f) = file.get_value() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = upload_employees(f, dry_run).await;
            busy.try_set(false);
            match result {
                Ok(r) => {
                    if r.committed {
                        toasts.success("import.done");
                    }
                    report.try_set(Some(r));
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

    view! {
        <section class="page import">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("employees.title", Some("/employees")),
                Crumb::key("import.title", None),
            ] />
            <h1>{tr("import.title")}</h1>
            <article class="card">
                <p class="muted">{tr("import.help")}</p>
                <label class="btn btn-primary file-pick">
                    {tr("import.choose")}
                    <input id="import-file" type="file" accept=".xlsx,.csv" on:change=on_file />
                </label>
                <span class="muted" id="import-file-name">{move || file_name.get()}</span>
            </article>
            <Show when=move || busy.get()>
                <p class="loading" role="status">{tr("import.checking")}</p>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || report.get().map(|r| {
                let ok = r.errors.is_empty();
                let committed = r.committed;
                let text = r.clone();
                view! {
                    <article class="card" id="import-report">
                        <h2>{move || t(lang.get(), if committed { "import.committed" } else { "import.checked" })}</h2>
                        <p id="import-summary">{move || summary(&text, lang.get())}</p>
                        {(!ok).then(|| view! { <RowErrors errors=r.errors.clone() /> })}
                        {(ok && r.dry_run).then(|| view! {
                            <button type="button" class="btn btn-primary" id="import-commit"
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
        crate::i18n::use_bundle::<{ entity::Bundle::People as u8 }>();
        let json = r#"{"dryRun":true,"committed":false,"rows":3,"created":1,"updated":1,
            "errors":[{"row":3,"column":"电话","field":"phone","messageZh":"手机号格式不正确","messageEn":"bad phone"}]}"#;
        let r: Report = serde_json::from_str(json).unwrap();
        assert_eq!(r.errors[0].row, 3);
        assert_eq!(r.errors[0].message(Lang::En), "bad phone");
        assert_eq!(summary(&r, Lang::Zh), "共 3 行：新增 1，更新 1");
    }
}
