//! Echelon's browser app: Leptos, client-side rendered, built by Trunk (see /Trunk.toml).
//!
//! The app ships as several bundles (`entity::Bundle`), one binary each (`src/main.rs`,
//! `src/bin/`). They share all of this code; each carries only its own group of pages.
mod api;
mod app;
mod components;
mod format;
mod i18n;
mod pages;
mod session;

/// Starts bundle `B` (an `entity::Bundle` as `u8`).
pub fn start<const B: u8>() {
    // Panics go to the browser console with a Rust backtrace instead of "unreachable executed".
    console_error_panic_hook::set_once();
    i18n::use_bundle::<B>();
    app::remember_first_path();
    leptos::mount::mount_to_body(app::app::<B>);
}
