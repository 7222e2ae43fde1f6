//! Echelon's browser app: Leptos, client-side rendered, built by Trunk (see /Trunk.toml).
mod api;
mod app;
mod components;
mod format;
mod i18n;
mod pages;
mod session;

fn main() {
    // Panics go to the browser console with a Rust backtrace instead of "unreachable executed".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
