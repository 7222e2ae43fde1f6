//! GraphQL mirrors of the shared enums (same names as `entity`, SCREAMING_SNAKE_CASE on the
//! wire) and small shared output types.
use async_graphql::{Enum, SimpleObject};

/// Level of an org unit in the tree.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::OrgUnitKind")]
pub enum OrgUnitKind {
    /// 公司
    Company,
    /// 职场
    Site,
    /// 项目
    Project,
    /// 班组
    Team,
}

/// Employment status.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::EmployeeStatus")]
pub enum EmployeeStatus {
    /// 试用
    Probation,
    /// 正式
    Regular,
    /// 离职
    Left,
}

/// A role held by an account.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::Role")]
pub enum Role {
    /// 坐席
    Agent,
    /// 班组长
    TeamLeader,
    /// 主管/项目经理
    Manager,
    /// 讲师
    Trainer,
    /// 人资
    Hr,
    /// 风控
    RiskOfficer,
    /// 后勤
    Logistics,
    /// 系统管理员
    Admin,
}

/// What a service account's token may read.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::ApiScope")]
pub enum ApiScope {
    /// Read org units.
    OrgRead,
    /// Read employees (phones masked).
    EmployeesRead,
    /// Read talent-pool membership and nominations.
    TalentRead,
}

/// How far a role's reach extends.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::DataScope")]
pub enum DataScope {
    SelfOnly,
    Team,
    Subtree,
    All,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    #[default]
    Asc,
    Desc,
}

/// One entry of a record's history.
#[derive(SimpleObject)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `工号 姓名` of who acted, `service:<name>` or `system`.
    pub actor: String,
    /// e.g. `employee.updated`.
    pub action: String,
    /// JSON of the record before, or `null`.
    pub before: String,
    /// JSON of the record after, or `null`.
    pub after: String,
    pub request_id: String,
}

impl AuditEntry {
    /// An event as a reader sees it. Phone numbers in the snapshots are masked unless the
    /// reader may see them in full (their own record): a history must not show what the
    /// record itself hides, nor bypass the audited `revealPhone`.
    pub fn for_reader(e: entity::audit_event::Model, full_phones: bool) -> Self {
        let snapshot = |s: String| {
            if full_phones {
                s
            } else {
                entity::mask_phones_in_snapshot(&s)
            }
        };
        AuditEntry {
            seq: e.seq,
            at: e.at,
            actor: e.actor_label,
            action: e.action,
            before: snapshot(e.before),
            after: snapshot(e.after),
            request_id: e.request_id,
        }
    }
}
