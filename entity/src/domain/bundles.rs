//! The web app ships as several bundles, each carrying one group of pages, so that opening the
//! app (an agent's 工作台 on a phone) downloads only the code of the pages opened most.
//!
//! This table says which bundle owns a path. The server answers a page request with the owning
//! bundle's `index.html`. A bundle that a link takes to a page it does not carry reloads that
//! path, so the server can send the bundle that does. The sign-in and not-found pages are in
//! every bundle, so signing in never switches bundles.
//!
//! The talent pages are four bundles, grouped by what one visit does: the pool and its rules,
//! a nomination and its sign-off, a member's file, and one's own place in the pool. As one
//! bundle they were a 334 KB download; each group is under the 250 KB the app allows.

/// A bundle of the web app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Bundle {
    /// 工作台, 我的 and the password page: what opening the app needs.
    Main = 0,
    /// 员工, the employee record, the import and 组织架构.
    People = 1,
    /// 人才梯队: the pool by echelon, its standards and its bottom band (末位淘汰).
    Talent = 2,
    /// 账号与角色 and 第三方系统.
    Admin = 3,
    /// Nominating into the pool, and a nomination with its three-level sign-off.
    Nominations = 4,
    /// A member's file (plan, reviews, inventories, points), and the monthly points import.
    Members = 5,
    /// 我的梯队: one's own nominations, plan and inventories, from the parts of the others.
    MyTalent = 6,
}

impl Bundle {
    pub const ALL: [Bundle; 7] = [
        Bundle::Main,
        Bundle::People,
        Bundle::Talent,
        Bundle::Admin,
        Bundle::Nominations,
        Bundle::Members,
        Bundle::MyTalent,
    ];

    /// The bundle's folder in the built app, relative to its root; the main bundle is the root.
    pub const fn dir(self) -> &'static str {
        match self {
            Bundle::Main => "",
            Bundle::People => "b/people",
            Bundle::Talent => "b/talent",
            Bundle::Admin => "b/admin",
            Bundle::Nominations => "b/nominations",
            Bundle::Members => "b/members",
            Bundle::MyTalent => "b/my-talent",
        }
    }

    /// The bundle's page, relative to the built app's root.
    pub const fn index(self) -> &'static str {
        match self {
            Bundle::Main => "index.html",
            Bundle::People => "b/people/index.html",
            Bundle::Talent => "b/talent/index.html",
            Bundle::Admin => "b/admin/index.html",
            Bundle::Nominations => "b/nominations/index.html",
            Bundle::Members => "b/members/index.html",
            Bundle::MyTalent => "b/my-talent/index.html",
        }
    }

    /// The bundle whose page texts this one carries. The talent bundles share one table: their
    /// pages show many of the same texts (echelons, sign-off steps, plan items).
    pub const fn texts(self) -> Bundle {
        match self {
            Bundle::Talent | Bundle::Nominations | Bundle::Members | Bundle::MyTalent => {
                Bundle::Talent
            }
            other => other,
        }
    }

    /// The bundle that carries the page at `path`, a URL path with or without its query.
    /// Unknown paths belong to the main bundle, which answers them with its not-found page.
    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let mut segments = path.trim_start_matches('/').split('/');
        match (segments.next().unwrap_or(""), segments.next()) {
            ("employees" | "org", _) => Bundle::People,
            ("talent", Some("nominate" | "nominations")) => Bundle::Nominations,
            ("talent", Some("members" | "points")) => Bundle::Members,
            ("talent", _) => Bundle::Talent,
            ("me", Some("talent")) => Bundle::MyTalent,
            ("admin", _) => Bundle::Admin,
            _ => Bundle::Main,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_of_the_app_belongs_to_the_bundle_of_its_area() {
        let cases = [
            ("/", Bundle::Main),
            ("/login", Bundle::Main),
            ("/login?next=%2Ftalent", Bundle::Main),
            ("/me", Bundle::Main),
            ("/me/talent", Bundle::MyTalent),
            ("/password", Bundle::Main),
            ("/employees", Bundle::People),
            ("/employees?org=abc", Bundle::People),
            ("/employees/import", Bundle::People),
            ("/employees/0190-abc", Bundle::People),
            ("/org", Bundle::People),
            ("/org?unit=1", Bundle::People),
            ("/talent", Bundle::Talent),
            ("/talent?echelon=2", Bundle::Talent),
            ("/talent/", Bundle::Talent),
            ("/talent/nominate", Bundle::Nominations),
            ("/talent/nominate?employee=1", Bundle::Nominations),
            ("/talent/standards", Bundle::Talent),
            ("/talent/nominations/1", Bundle::Nominations),
            ("/talent/members/1", Bundle::Members),
            ("/talent/elimination", Bundle::Talent),
            ("/talent/points/import", Bundle::Members),
            ("/talent/unknown", Bundle::Talent),
            ("/admin/accounts", Bundle::Admin),
            ("/admin/service-accounts", Bundle::Admin),
        ];
        for (path, bundle) in cases {
            assert_eq!(Bundle::for_path(path), bundle, "{path}");
        }
    }

    #[test]
    fn paths_that_only_look_like_an_area_stay_in_the_main_bundle() {
        for path in [
            "/talented",
            "/employee",
            "/organisation",
            "/administration",
            "/nope/talent",
            "/me/talented",
            "/mine/talent",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Main, "{path}");
        }
        assert_eq!(Bundle::for_path(""), Bundle::Main);
        assert_eq!(Bundle::for_path("talent"), Bundle::Talent);
        assert_eq!(Bundle::for_path("/talent/nominated"), Bundle::Talent);
        assert_eq!(Bundle::for_path("/talent/member/1"), Bundle::Talent);
    }

    #[test]
    fn each_bundle_has_its_own_folder_and_page() {
        for b in Bundle::ALL {
            let expected = if b.dir().is_empty() {
                "index.html".to_owned()
            } else {
                format!("{}/index.html", b.dir())
            };
            assert_eq!(b.index(), expected);
            assert_eq!(Bundle::ALL[b as usize], b);
            // A bundle's texts are those of a bundle that keeps its own.
            assert_eq!(b.texts().texts(), b.texts());
        }
    }
}
