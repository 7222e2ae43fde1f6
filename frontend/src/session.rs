//! Who is signed in, as reactive state shared by every page (provided as context by `App`).
//!
//! The transitions live here rather than in components so that pages only call
//! `sign_in`/`sign_out`/`expire` and render `status`/`me`.
use leptos::prelude::*;

use crate::api::ops::me::MeMe as Me;
use crate::api::{self, ApiError};
use entity::Area;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStatus {
    /// App start: a silent `refreshSession` is under way.
    Checking,
    SignedIn,
    /// `remember_page`: whether the login page should send the user back to where they were
    /// (session expired or never started) or to the home page (they pressed 退出登录).
    SignedOut {
        remember_page: bool,
    },
}

#[derive(Clone, Copy)]
pub struct Session {
    status: RwSignal<AuthStatus>,
    me: RwSignal<Option<Me>>,
    /// A message for the login page (an i18n key), e.g. after a password change ended every
    /// session. Kept here rather than in the URL, which the sign-out redirect replaces.
    notice: RwSignal<Option<&'static str>>,
}

impl Session {
    pub fn new() -> Session {
        Session {
            status: RwSignal::new(AuthStatus::Checking),
            me: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    pub fn status(self) -> AuthStatus {
        self.status.get()
    }

    pub fn me(self) -> ReadSignal<Option<Me>> {
        self.me.read_only()
    }

    /// Whether the signed-in user may open `area` (reactive). The server enforces the same
    /// rule through its policy table; this only keeps the app from offering dead ends.
    pub fn may_open(self, area: Area) -> bool {
        self.me
            .with(|m| m.as_ref().is_some_and(|m| area.open_to(&m.roles)))
    }

    /// App start: trade the refresh cookie (if any) for an access token without showing a form.
    pub async fn restore(self) {
        let result = match api::refresh_session().await {
            Ok(()) => api::me().await,
            Err(err) => Err(err),
        };
        // The user may have signed in through the form while this was in flight; their fresher
        // result wins.
        if self.status.get_untracked() != AuthStatus::Checking {
            return;
        }
        match result {
            Ok(me) => self.become_signed_in(me),
            Err(_) => self.status.set(AuthStatus::SignedOut {
                remember_page: true,
            }),
        }
    }

    pub async fn sign_in(self, login: &str, password: &str) -> Result<(), ApiError> {
        api::login(login, password).await?;
        match api::me().await {
            Ok(me) => {
                self.become_signed_in(me);
                Ok(())
            }
            Err(err) => {
                // Half a session (token but no profile) would leave the shell without roles;
                // end it cleanly and report the error on the form.
                let _ = api::logout().await;
                Err(err)
            }
        }
    }

    /// The login page's message, if any.
    pub fn notice(self) -> Option<&'static str> {
        self.notice.get()
    }

    /// Signs out and leaves `key` for the login page to show.
    pub async fn sign_out_with_notice(self, key: &'static str) {
        self.notice.set(Some(key));
        self.sign_out().await;
    }

    pub async fn sign_out(self) {
        // Even if the server is unreachable the local state is cleared; the refresh cookie then
        // simply expires on its own.
        let _ = api::logout().await;
        self.me.set(None);
        self.status.set(AuthStatus::SignedOut {
            remember_page: false,
        });
    }

    /// Pages call this with any error they get; an UNAUTHENTICATED that survived the client's
    /// refresh-and-retry means the session is over, and the shell will redirect to /login.
    pub fn check(self, err: &ApiError) {
        if *err == ApiError::Unauthenticated {
            self.me.set(None);
            self.status.set(AuthStatus::SignedOut {
                remember_page: true,
            });
        }
    }

    fn become_signed_in(self, me: Me) {
        self.notice.set(None);
        self.me.set(Some(me));
        self.status.set(AuthStatus::SignedIn);
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// Where to go after signing in: the remembered page if it is a local path, else home.
/// Only same-site absolute paths are accepted so a crafted `?next=//evil.example` link cannot
/// bounce a freshly signed-in user to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.starts_with("/login")
                && !p.chars().any(char::is_control) =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/employees?x=1")), "/employees?x=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/login?next=/")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
