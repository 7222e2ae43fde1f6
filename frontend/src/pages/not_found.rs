//! Fallback for unknown paths (the backend serves index.html for every non-API path).
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::{tr, LangSwitch};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <div class="standalone">
            <header class="standalone-header">
                <LangSwitch />
            </header>
            <main class="card standalone-card" id="not-found">
                <h1>{tr("notfound.title")}</h1>
                <A href="/" attr:class="btn btn-primary">{tr("notfound.back")}</A>
            </main>
        </div>
    }
}
