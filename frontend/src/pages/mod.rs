//! One module per route.
pub mod admin;
mod employee_detail;
mod employees;
mod home;
mod import;
mod login;
mod not_found;
mod org;
mod password;
mod profile;
pub mod talent;

pub use admin::{AccountsPage, ServiceAccountsPage};
pub use employee_detail::EmployeeDetailPage;
pub use employees::EmployeesPage;
pub use home::HomePage;
pub use import::ImportPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use org::OrgPage;
pub use password::PasswordPage;
pub use profile::ProfilePage;
pub use talent::{
    EliminationPage, MemberPage, MyTalentPage, NominatePage, NominationPage, PointsImportPage,
    StandardsPage, TalentPage,
};

use leptos::prelude::*;

use crate::app::{tr, use_session};
use entity::Area;

/// The page body when the user's roles do not open `area`: a sentence, not a broken page.
/// (The server would answer FORBIDDEN anyway; this saves the round trip.)
pub fn guarded<V: IntoView + 'static>(
    area: Area,
    title: &'static str,
    page: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let allowed = Memo::new(move |_| session.may_open(area));
    move || {
        if allowed.get() {
            page().into_any()
        } else {
            view! {
                <section class="page">
                    <h1>{tr(title)}</h1>
                    <p class="card muted" id="no-access">{tr("common.no_access")}</p>
                </section>
            }
            .into_any()
        }
    }
}
