//! The closed vocabularies of the foundation: unit kinds, employee status, roles and API scopes.
//! Serialised in SCREAMING_SNAKE_CASE, the names the GraphQL API uses.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Level of an org unit in the tree (company › site › project › team).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrgUnitKind {
    #[sea_orm(string_value = "company")]
    Company,
    #[sea_orm(string_value = "site")]
    Site,
    #[sea_orm(string_value = "project")]
    Project,
    #[sea_orm(string_value = "team")]
    Team,
}

impl OrgUnitKind {
    /// Depth in the tree: company 0 … team 3.
    pub fn depth(self) -> u8 {
        match self {
            Self::Company => 0,
            Self::Site => 1,
            Self::Project => 2,
            Self::Team => 3,
        }
    }

    /// Whether a unit of kind `child` may sit directly below a unit of this kind: one level down.
    pub fn may_contain(self, child: OrgUnitKind) -> bool {
        child.depth() == self.depth() + 1
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Company => "公司",
            Self::Site => "职场",
            Self::Project => "项目",
            Self::Team => "班组",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Company => "Company",
            Self::Site => "Site",
            Self::Project => "Project",
            Self::Team => "Team",
        }
    }
}

/// Employment status (试用 / 正式 / 离职).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EmployeeStatus {
    #[sea_orm(string_value = "probation")]
    Probation,
    #[sea_orm(string_value = "regular")]
    Regular,
    #[sea_orm(string_value = "left")]
    Left,
}

impl EmployeeStatus {
    pub const ALL: [EmployeeStatus; 3] = [Self::Probation, Self::Regular, Self::Left];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Probation => "试用",
            Self::Regular => "正式",
            Self::Left => "离职",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Probation => "Probation",
            Self::Regular => "Regular",
            Self::Left => "Left",
        }
    }

    /// Parses the Chinese label, the English label or the API name, as found in import files.
    pub fn parse_loose(s: &str) -> Option<Self> {
        let t = s.trim();
        Self::ALL.into_iter().find(|v| {
            t == v.label_zh()
                || t.eq_ignore_ascii_case(v.label_en())
                || t.eq_ignore_ascii_case(&format!("{v:?}"))
        })
    }
}

/// A role (角色). An account holds one or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Agent,
    TeamLeader,
    Manager,
    Trainer,
    Hr,
    RiskOfficer,
    Logistics,
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Agent,
        Role::TeamLeader,
        Role::Manager,
        Role::Trainer,
        Role::Hr,
        Role::RiskOfficer,
        Role::Logistics,
        Role::Admin,
    ];

    /// The key stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::TeamLeader => "team_leader",
            Role::Manager => "manager",
            Role::Trainer => "trainer",
            Role::Hr => "hr",
            Role::RiskOfficer => "risk_officer",
            Role::Logistics => "logistics",
            Role::Admin => "admin",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Agent => "坐席",
            Role::TeamLeader => "班组长",
            Role::Manager => "主管/项目经理",
            Role::Trainer => "讲师",
            Role::Hr => "人资",
            Role::RiskOfficer => "风控",
            Role::Logistics => "后勤",
            Role::Admin => "系统管理员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Agent => "Agent",
            Role::TeamLeader => "Team leader",
            Role::Manager => "Manager",
            Role::Trainer => "Trainer",
            Role::Hr => "HR",
            Role::RiskOfficer => "Risk officer",
            Role::Logistics => "Logistics",
            Role::Admin => "Administrator",
        }
    }
}

/// Parses the stored comma-separated role list; unknown keys are dropped (deny by default).
pub fn parse_roles(stored: &str) -> Vec<Role> {
    let mut roles: Vec<Role> = stored
        .split(',')
        .filter_map(|k| Role::from_key(k.trim()))
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// The stored form of a role list: sorted, unique keys joined by commas.
pub fn format_roles(roles: &[Role]) -> String {
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|r| r.key()).collect::<Vec<_>>().join(",")
}

/// What a service account's token may do. Read-only per module unless granted more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiScope {
    /// Read org units.
    OrgRead,
    /// Read employees (phones stay masked).
    EmployeesRead,
    /// Read talent-pool membership and nominations.
    TalentRead,
}

impl ApiScope {
    pub const ALL: [ApiScope; 3] = [
        ApiScope::OrgRead,
        ApiScope::EmployeesRead,
        ApiScope::TalentRead,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ApiScope::OrgRead => "org:read",
            ApiScope::EmployeesRead => "employees:read",
            ApiScope::TalentRead => "talent:read",
        }
    }

    pub fn from_key(key: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ApiScope::OrgRead => "读取组织架构",
            ApiScope::EmployeesRead => "读取员工名单（手机号脱敏）",
            ApiScope::TalentRead => "读取人才库与提名",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ApiScope::OrgRead => "Read org units",
            ApiScope::EmployeesRead => "Read employees (phones masked)",
            ApiScope::TalentRead => "Read the talent pool and nominations",
        }
    }
}

pub fn parse_scopes(stored: &str) -> Vec<ApiScope> {
    let mut v: Vec<ApiScope> = stored
        .split(',')
        .filter_map(|k| ApiScope::from_key(k.trim()))
        .collect();
    v.sort();
    v.dedup();
    v
}

pub fn format_scopes(scopes: &[ApiScope]) -> String {
    let mut v = scopes.to_vec();
    v.sort();
    v.dedup();
    v.iter().map(|s| s.key()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_form() {
        let stored = format_roles(&[Role::Manager, Role::Agent, Role::Manager]);
        assert_eq!(stored, "agent,manager");
        assert_eq!(parse_roles(&stored), vec![Role::Agent, Role::Manager]);
    }

    #[test]
    fn unknown_role_keys_grant_nothing() {
        assert_eq!(parse_roles("superuser, ,admin"), vec![Role::Admin]);
    }

    #[test]
    fn every_scope_has_distinct_labels_in_both_languages() {
        for (i, a) in ApiScope::ALL.into_iter().enumerate() {
            assert!(!a.label_zh().trim().is_empty());
            assert!(!a.label_en().trim().is_empty());
            for b in ApiScope::ALL.into_iter().skip(i + 1) {
                assert_ne!(a.label_zh(), b.label_zh());
                assert_ne!(a.label_en(), b.label_en());
            }
        }
        assert_eq!(ApiScope::OrgRead.label_zh(), "读取组织架构");
        assert_eq!(
            ApiScope::EmployeesRead.label_en(),
            "Read employees (phones masked)"
        );
    }

    #[test]
    fn units_nest_one_level_at_a_time() {
        assert!(OrgUnitKind::Company.may_contain(OrgUnitKind::Site));
        assert!(OrgUnitKind::Project.may_contain(OrgUnitKind::Team));
        assert!(!OrgUnitKind::Company.may_contain(OrgUnitKind::Team));
        assert!(!OrgUnitKind::Team.may_contain(OrgUnitKind::Team));
    }

    #[test]
    fn status_parses_from_import_labels() {
        assert_eq!(
            EmployeeStatus::parse_loose("正式"),
            Some(EmployeeStatus::Regular)
        );
        assert_eq!(
            EmployeeStatus::parse_loose(" probation "),
            Some(EmployeeStatus::Probation)
        );
        assert_eq!(
            EmployeeStatus::parse_loose("LEFT"),
            Some(EmployeeStatus::Left)
        );
        assert_eq!(EmployeeStatus::parse_loose("在职"), None);
    }
}
