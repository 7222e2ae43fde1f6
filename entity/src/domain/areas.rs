//! The areas of the app (what the navigation offers) and which roles may open each.
//!
//! The web app builds its menus from [`Area::open_to`]; the server's policy table decides what
//! each operation allows, and a backend test checks that the two agree (an area is offered
//! exactly to the roles the policy lets run the area's main query with the reach it needs).
use serde::{Deserialize, Serialize};

use super::Role;

/// A page group of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Area {
    /// 工作台 and the inbox: everyone.
    Home,
    /// 我的: own record and history: everyone with an employee record.
    Profile,
    /// 员工: the employee list beyond oneself.
    Employees,
    /// HR work on records: editing an employee, importing and exporting employee files.
    EmployeeAdmin,
    /// 组织架构: the org tree.
    OrgTree,
    /// 账号与角色.
    Accounts,
    /// 第三方系统: service accounts and their API tokens.
    ServiceAccounts,
    /// 人才梯队: the pool, its grid and the nominations of the people one reaches beyond
    /// oneself.
    Talent,
    /// 选拔标准: editing the selection standards of the echelons.
    TalentStandards,
    /// 我的梯队: one's own place in the pool, nominations and self-application: everyone.
    MyTalent,
    /// 末位淘汰: a project's quarterly elimination review (managers of projects, HR).
    Elimination,
}

impl Area {
    pub const ALL: [Area; 11] = [
        Area::Home,
        Area::Profile,
        Area::Employees,
        Area::EmployeeAdmin,
        Area::OrgTree,
        Area::Accounts,
        Area::ServiceAccounts,
        Area::Talent,
        Area::TalentStandards,
        Area::MyTalent,
        Area::Elimination,
    ];

    /// The roles that may open this area.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Area::Home | Area::Profile | Area::MyTalent => &Role::ALL,
            Area::Employees => &[TeamLeader, Manager, Hr, Admin],
            Area::EmployeeAdmin => &[Hr, Admin],
            Area::OrgTree => &[TeamLeader, Manager, Hr, Admin],
            Area::Accounts | Area::ServiceAccounts => &[Admin],
            Area::Talent => &[TeamLeader, Manager, Hr, Admin],
            Area::TalentStandards => &[Hr, Admin],
            Area::Elimination => &[Manager, Hr, Admin],
        }
    }

    /// Whether someone holding `held` may open this area.
    pub fn open_to(self, held: &[Role]) -> bool {
        held.iter().any(|r| self.roles().contains(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_see_only_their_own_areas() {
        let open: Vec<Area> = Area::ALL
            .into_iter()
            .filter(|a| a.open_to(&[Role::Agent]))
            .collect();
        assert_eq!(open, vec![Area::Home, Area::Profile, Area::MyTalent]);
    }

    #[test]
    fn holding_several_roles_opens_the_union() {
        let held = [Role::Agent, Role::Admin];
        assert!(Area::ALL.into_iter().all(|a| a.open_to(&held)));
        assert!(!Area::Accounts.open_to(&[Role::Hr]));
        assert!(Area::EmployeeAdmin.open_to(&[Role::Hr]));
        assert!(!Area::EmployeeAdmin.open_to(&[Role::Manager]));
        assert!(Area::Talent.open_to(&[Role::TeamLeader]));
        assert!(!Area::TalentStandards.open_to(&[Role::Manager]));
        assert!(!Area::Home.open_to(&[]));
    }
}
