//! A deliberately tiny i18n layer: two languages, static tables, string keys.
//!
//! Chinese is the working language of the call centers, so it is the default and every key
//! must have a Chinese text; English exists for head-office staff and vendors. Tables (instead
//! of a crate such as fluent) keep the wasm small and let a unit test prove completeness.
//!
//! The texts are split by the code that shows them, so each bundle (`entity::Bundle`) carries
//! only its own: [`shared`] for the code every bundle has, one table per bundle for its pages,
//! chosen once at start by [`use_bundle`]. A unit test keeps every key in the right table.
use std::cell::Cell;

use entity::Bundle;

mod admin;
mod main;
mod people;
mod shared;
mod talent;

/// (key, 中文, English).
pub type Text = (&'static str, &'static str, &'static str);

thread_local! {
    /// The page texts of the running bundle (wasm is single-threaded).
    static BUNDLE_TEXTS: Cell<&'static [Text]> = const { Cell::new(&[]) };
}

/// The texts of bundle `B`'s pages: the table of `Bundle::texts` (the talent bundles share
/// theirs). The choice is a constant, so a bundle's binary holds no other table.
fn bundle_texts<const B: u8>() -> &'static [Text] {
    match const { Bundle::ALL[B as usize].texts() } {
        Bundle::People => people::TEXTS,
        Bundle::Talent => talent::TEXTS,
        Bundle::Admin => admin::TEXTS,
        _ => main::TEXTS,
    }
}

/// Makes [`t`] find the texts of bundle `B`'s pages; called once, before anything is shown.
pub fn use_bundle<const B: u8>() {
    BUNDLE_TEXTS.with(|texts| texts.set(bundle_texts::<B>()));
}

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// localStorage key for the remembered choice. Only the language lives in storage: tokens never do.
const STORAGE_KEY: &str = "echelon-lang";

impl Lang {
    /// Short code stored in localStorage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// BCP 47 tag for `<html lang>`, which drives CJK font selection and screen readers.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn toggle(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks between a pair of texts, e.g. the `label_zh()`/`label_en()` of the shared entity enums.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The remembered language, or Chinese when nothing (or garbage) is stored or storage is blocked.
    pub fn load() -> Lang {
        local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }

    /// Remembers the choice; failures (private mode, quota) are ignored because the choice is cosmetic.
    pub fn save(self) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.code());
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text for `key` in `lang`. An unknown key is returned as-is so a typo is visible on screen
/// instead of silently blank; the unit tests check that every key used in the sources exists.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let find = |table: &'static [Text]| table.iter().find(|(k, _, _)| *k == key);
    match find(shared::TEXTS).or_else(|| BUNDLE_TEXTS.with(|texts| find(texts.get()))) {
        Some((_, zh, en)) => lang.pick(zh, en),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn table_of(bundle: Bundle) -> &'static [Text] {
        match bundle {
            Bundle::Main => bundle_texts::<{ Bundle::Main as u8 }>(),
            Bundle::People => bundle_texts::<{ Bundle::People as u8 }>(),
            Bundle::Talent => bundle_texts::<{ Bundle::Talent as u8 }>(),
            Bundle::Admin => bundle_texts::<{ Bundle::Admin as u8 }>(),
            Bundle::Nominations => bundle_texts::<{ Bundle::Nominations as u8 }>(),
            Bundle::Members => bundle_texts::<{ Bundle::Members as u8 }>(),
            Bundle::MyTalent => bundle_texts::<{ Bundle::MyTalent as u8 }>(),
        }
    }

    /// The bundles that keep a table of their own.
    fn tables() -> impl Iterator<Item = Bundle> {
        Bundle::ALL.into_iter().filter(|b| b.texts() == *b)
    }

    /// Every table, the shared one first.
    fn all_texts() -> impl Iterator<Item = &'static Text> {
        shared::TEXTS.iter().chain(tables().flat_map(table_of))
    }

    #[test]
    fn bundles_that_share_texts_share_one_table() {
        for bundle in Bundle::ALL {
            assert!(std::ptr::eq(table_of(bundle), table_of(bundle.texts())));
        }
    }

    #[test]
    fn every_key_has_both_texts_and_is_unique() {
        let mut seen = HashSet::new();
        for (key, zh, en) in all_texts() {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!zh.trim().is_empty(), "missing Chinese text for {key}");
            assert!(!en.trim().is_empty(), "missing English text for {key}");
        }
    }

    /// A bundle finds the shared texts and its own, and no other bundle's.
    #[test]
    fn a_bundle_finds_the_shared_texts_and_its_own_only() {
        for bundle in Bundle::ALL {
            BUNDLE_TEXTS.with(|texts| texts.set(table_of(bundle)));
            for (key, zh, en) in shared::TEXTS.iter().chain(table_of(bundle)) {
                assert_eq!(t(Lang::Zh, key), *zh);
                assert_eq!(t(Lang::En, key), *en);
            }
            for other in tables().filter(|b| *b != bundle.texts()) {
                for (key, _, _) in table_of(other) {
                    assert_eq!(t(Lang::Zh, key), *key, "{key} of {other:?} in {bundle:?}");
                }
            }
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for (key, zh, en) in all_texts() {
            for ph in [
                "{n}",
                "{rows}",
                "{created}",
                "{updated}",
                "{year}",
                "{month}",
            ] {
                assert_eq!(
                    zh.contains(ph),
                    en.contains(ph),
                    "placeholder {ph} mismatch in {key}"
                );
            }
        }
    }

    /// The UI sources with the bundles that carry their code (see `app.rs`).
    fn sources() -> Vec<(&'static str, &'static [Bundle], &'static str)> {
        use Bundle::*;
        let every: &[Bundle] = &Bundle::ALL;
        vec![
            ("app.rs", every, include_str!("../app.rs")),
            (
                "components/mod.rs",
                every,
                include_str!("../components/mod.rs"),
            ),
            ("api/mod.rs", every, include_str!("../api/mod.rs")),
            ("session.rs", every, include_str!("../session.rs")),
            ("pages/mod.rs", every, include_str!("../pages/mod.rs")),
            ("pages/login.rs", every, include_str!("../pages/login.rs")),
            (
                "pages/not_found.rs",
                every,
                include_str!("../pages/not_found.rs"),
            ),
            ("pages/home.rs", &[Main], include_str!("../pages/home.rs")),
            (
                "pages/profile.rs",
                &[Main],
                include_str!("../pages/profile.rs"),
            ),
            (
                "pages/password.rs",
                &[Main],
                include_str!("../pages/password.rs"),
            ),
            (
                "pages/employees.rs",
                &[People],
                include_str!("../pages/employees.rs"),
            ),
            (
                "pages/employee_detail.rs",
                &[People],
                include_str!("../pages/employee_detail.rs"),
            ),
            // The points import reuses the employee import's report; which of this file's keys
            // the members bundle asks for is checked on the built app.
            (
                "pages/import.rs",
                &[People, Members],
                include_str!("../pages/import.rs"),
            ),
            ("pages/org.rs", &[People], include_str!("../pages/org.rs")),
            (
                "pages/admin.rs",
                &[Admin],
                include_str!("../pages/admin.rs"),
            ),
            (
                "pages/talent/mod.rs",
                &[Talent, Nominations, Members, MyTalent],
                include_str!("../pages/talent/mod.rs"),
            ),
            (
                "pages/talent/inventory.rs",
                &[Members, MyTalent],
                include_str!("../pages/talent/inventory.rs"),
            ),
            (
                "pages/talent/nominate.rs",
                &[Nominations, MyTalent],
                include_str!("../pages/talent/nominate.rs"),
            ),
            (
                "pages/talent/plan.rs",
                &[Members, MyTalent],
                include_str!("../pages/talent/plan.rs"),
            ),
            (
                "pages/talent/mine.rs",
                &[MyTalent],
                include_str!("../pages/talent/mine.rs"),
            ),
            (
                "pages/talent/elimination.rs",
                &[Talent],
                include_str!("../pages/talent/elimination.rs"),
            ),
            (
                "pages/talent/member.rs",
                &[Members],
                include_str!("../pages/talent/member.rs"),
            ),
            (
                "pages/talent/nomination.rs",
                &[Nominations],
                include_str!("../pages/talent/nomination.rs"),
            ),
            (
                "pages/talent/overview.rs",
                &[Talent],
                include_str!("../pages/talent/overview.rs"),
            ),
            (
                "pages/talent/points_import.rs",
                &[Members],
                include_str!("../pages/talent/points_import.rs"),
            ),
            (
                "pages/talent/standards.rs",
                &[Talent],
                include_str!("../pages/talent/standards.rs"),
            ),
        ]
    }

    /// The literals passed to `t(lang, ..)`/`tr(..)` and the other text helpers in `src`.
    fn keys_in(src: &str) -> Vec<&str> {
        let mut keys = Vec::new();
        for marker in [
            "tr(\"",
            "t(lang, \"",
            "t(lang.get(), \"",
            "text=\"",
            "Crumb::key(\"",
            "success(\"",
            "sign_out_with_notice(\"",
            "=> \"",
        ] {
            for (pos, _) in src.match_indices(marker) {
                let rest = &src[pos + marker.len()..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                // Match arms also map to CSS classes and API codes; keys are dotted
                // lowercase paths.
                let looks_like_key = key.contains('.')
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                if marker != "=> \"" || looks_like_key {
                    keys.push(key);
                }
            }
        }
        keys
    }

    /// Every literal passed to a text helper must be in a table the code's bundles have, so a typo
    /// fails the build's tests rather than showing a raw key to a call-center agent. (Which
    /// bundle's module asks for which key is checked exactly on the built app.)
    #[test]
    fn keys_used_in_sources_exist_where_their_code_runs() {
        let shared: HashSet<&str> = shared::TEXTS.iter().map(|(k, _, _)| *k).collect();
        let mut checked = 0;
        for (file, bundles, src) in sources() {
            for key in keys_in(src) {
                let found = shared.contains(key)
                    || bundles
                        .iter()
                        .any(|b| table_of(*b).iter().any(|(k, _, _)| *k == key));
                assert!(found, "unknown i18n key {key:?} in {file}");
                checked += 1;
            }
        }
        assert!(
            checked > 300,
            "source scan found too few keys ({checked}); did the helper names change?"
        );
    }

    /// A bundle's table holds only texts of code that bundle carries, and the shared table only
    /// texts of code more than one bundle carries: no bundle downloads texts it cannot show.
    #[test]
    fn each_text_lives_with_the_code_that_shows_it() {
        let mut users: HashMap<&str, Vec<&'static [Bundle]>> = HashMap::new();
        for (key, _, _) in all_texts() {
            let quoted = format!("\"{key}\"");
            let entry = users.entry(key).or_default();
            for (_, bundles, src) in sources() {
                if src.contains(&quoted) {
                    entry.push(bundles);
                }
            }
        }
        for table in tables() {
            for (key, _, _) in table_of(table) {
                let files = &users[key];
                assert!(
                    !files.is_empty()
                        && files.iter().all(|bs| bs.iter().any(|b| b.texts() == table)),
                    "{key} is in the table of {table:?} but shown by code of {files:?}"
                );
            }
        }
        for (key, _, _) in shared::TEXTS {
            let tables: HashSet<Bundle> = users[key]
                .iter()
                .flat_map(|bs| bs.iter().map(|b| b.texts()))
                .collect();
            assert!(
                tables.len() > 1,
                "{key} is shared but shown by code of {tables:?}"
            );
        }
    }

    #[test]
    fn default_is_chinese_and_codes_round_trip() {
        assert_eq!(Lang::default(), Lang::Zh);
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.toggle().toggle(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(t(Lang::Zh, "no.such.key"), "no.such.key");
    }
}
