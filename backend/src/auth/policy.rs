//! The policy table: for every GraphQL query, mutation and sensitive field, which roles may use
//! it and with what data scope, and which API scope a service account needs. Deny by default: an
//! operation missing here is refused, and a test walks the schema and fails on any field this
//! table does not name.
use entity::{ApiScope, DataScope, Role};

use super::{Access, Actor, Principal};
use crate::error::{ApiError, ApiResult};
use DataScope::{All, SelfOnly, Subtree, Team};
use Role::*;

/// One row of the policy.
#[derive(Debug)]
pub struct Rule {
    /// `Query.employees`, `Mutation.createEmployee`, `Employee.account`, …
    pub op: &'static str,
    /// Anyone may call it, signed in or not (login and session refresh).
    pub public: bool,
    /// Roles that may call it and how far each reaches.
    pub grants: &'static [(Role, DataScope)],
    /// The API scope a service account needs; its reach is then `All`.
    pub service: Option<ApiScope>,
}

const fn public(op: &'static str) -> Rule {
    Rule {
        op,
        public: true,
        grants: &[],
        service: None,
    }
}

const fn roles(op: &'static str, grants: &'static [(Role, DataScope)]) -> Rule {
    Rule {
        op,
        public: false,
        grants,
        service: None,
    }
}

const fn roles_and_service(
    op: &'static str,
    grants: &'static [(Role, DataScope)],
    scope: ApiScope,
) -> Rule {
    Rule {
        op,
        public: false,
        grants,
        service: Some(scope),
    }
}

/// Everybody, each to their own reach: reading people and units.
const READ_PEOPLE: &[(Role, DataScope)] = &[
    (Agent, SelfOnly),
    (TeamLeader, Team),
    (Manager, Subtree),
    (Trainer, SelfOnly),
    (Hr, All),
    (RiskOfficer, SelfOnly),
    (Logistics, SelfOnly),
    (Admin, All),
];
/// Everybody, about themselves.
const SELF: &[(Role, DataScope)] = &[
    (Agent, SelfOnly),
    (TeamLeader, SelfOnly),
    (Manager, SelfOnly),
    (Trainer, SelfOnly),
    (Hr, SelfOnly),
    (RiskOfficer, SelfOnly),
    (Logistics, SelfOnly),
    (Admin, SelfOnly),
];
const HR_ADMIN: &[(Role, DataScope)] = &[(Hr, All), (Admin, All)];
const ADMIN: &[(Role, DataScope)] = &[(Admin, All)];
/// Those who may call people: their own line and HR.
const REVEAL_PHONE: &[(Role, DataScope)] = &[
    (TeamLeader, Team),
    (Manager, Subtree),
    (Hr, All),
    (Admin, All),
];
/// Everybody reads the history of their own record; superiors and HR as far as they reach.
const HISTORY: &[(Role, DataScope)] = &[
    (Agent, SelfOnly),
    (TeamLeader, Team),
    (Manager, Subtree),
    (Trainer, SelfOnly),
    (Hr, All),
    (RiskOfficer, SelfOnly),
    (Logistics, SelfOnly),
    (Admin, All),
];

/// Those who assess and submit nominations: superiors within their reach, and HR.
const ASSESS: &[(Role, DataScope)] = &[
    (TeamLeader, Team),
    (Manager, Subtree),
    (Hr, All),
    (Admin, All),
];

/// Those who decide a project's bottom elimination: its managers and HR.
const ELIMINATE: &[(Role, DataScope)] = &[(Manager, Subtree), (Hr, All), (Admin, All)];

pub static POLICY: &[Rule] = &[
    // Session
    public("Mutation.login"),
    public("Mutation.refreshSession"),
    public("Mutation.logout"),
    roles("Mutation.changePassword", SELF),
    roles("Query.me", SELF),
    roles("Query.inbox", SELF),
    // Org units
    roles_and_service("Query.orgUnits", READ_PEOPLE, ApiScope::OrgRead),
    roles_and_service("Query.orgUnit", READ_PEOPLE, ApiScope::OrgRead),
    roles("Mutation.createOrgUnit", HR_ADMIN),
    roles("Mutation.updateOrgUnit", HR_ADMIN),
    // Employees
    roles_and_service("Query.employees", READ_PEOPLE, ApiScope::EmployeesRead),
    roles_and_service("Query.employee", READ_PEOPLE, ApiScope::EmployeesRead),
    // `node` is authorised as the query of the kind its id names (`Query.employee`,
    // `Query.orgUnit`); this row stands for the field in the schema walk.
    roles_and_service("Query.node", READ_PEOPLE, ApiScope::EmployeesRead),
    roles_and_service("Employee.superior", READ_PEOPLE, ApiScope::EmployeesRead),
    roles_and_service(
        "Employee.reportingLine",
        READ_PEOPLE,
        ApiScope::EmployeesRead,
    ),
    roles("Employee.history", HISTORY),
    roles("Employee.account", ADMIN),
    roles("Mutation.createEmployee", HR_ADMIN),
    roles("Mutation.updateEmployee", HR_ADMIN),
    roles("Mutation.revealPhone", REVEAL_PHONE),
    // Files, over plain HTTP (bodies beyond the GraphQL limit)
    roles("Import.employees", HR_ADMIN),
    roles("Export.employees", HR_ADMIN),
    // History of any record
    roles("Query.auditHistory", HISTORY),
    // Accounts and third parties
    roles("Query.accounts", ADMIN),
    roles("Mutation.createAccount", ADMIN),
    roles("Mutation.setAccountRoles", ADMIN),
    roles("Mutation.setAccountActive", ADMIN),
    roles("Mutation.resetPassword", ADMIN),
    roles("Query.serviceAccounts", ADMIN),
    roles("Mutation.createServiceAccount", ADMIN),
    roles("Mutation.createApiToken", ADMIN),
    roles("Mutation.revokeApiToken", ADMIN),
    // Talent pool (人才梯队)
    roles("Query.echelonStandards", SELF),
    roles("Mutation.updateEchelonStandard", HR_ADMIN),
    roles("Query.standardCheck", READ_PEOPLE),
    roles_and_service("Query.nominations", READ_PEOPLE, ApiScope::TalentRead),
    roles_and_service("Query.nomination", READ_PEOPLE, ApiScope::TalentRead),
    roles_and_service("Query.talentPool", READ_PEOPLE, ApiScope::TalentRead),
    roles_and_service("Query.poolOverview", READ_PEOPLE, ApiScope::TalentRead),
    roles("Query.myTalent", SELF),
    roles("Employee.poolHistory", HISTORY),
    // Agents and others reach only themselves: they apply (毛遂自荐).
    roles("Mutation.nominate", READ_PEOPLE),
    roles("Mutation.assessNomination", ASSESS),
    roles("Mutation.submitNomination", ASSESS),
    // Whether the caller signs a step is the nomination's plan's to say.
    roles("Mutation.signNomination", SELF),
    roles("Mutation.withdrawNomination", READ_PEOPLE),
    roles("Mutation.removeFromPool", HR_ADMIN),
    roles("Mutation.recordCompetencyReview", ASSESS),
    roles("Employee.competencyReviews", HISTORY),
    // Monthly points and bottom elimination (末位淘汰)
    roles("Mutation.setMonthlyPoints", ASSESS),
    roles("Query.eliminationCandidates", ELIMINATE),
    roles("Mutation.setEliminationRatio", ELIMINATE),
    roles("Mutation.decideElimination", ELIMINATE),
    // The member, and those who enter their points or review their elimination.
    roles("Employee.monthlyPoints", HISTORY),
    // Development plans (后备员工发展档案)
    roles("Employee.developmentPlan", HISTORY),
    roles("Mutation.addPlanItem", ASSESS),
    roles("Mutation.reviewPlanItem", ASSESS),
    // Whether the caller is the member or one of their two levels is the line's to say.
    roles("Mutation.agreePlan", SELF),
    roles("Mutation.submitPlanItem", SELF),
    // Year-end inventories (年底能力盘点): who writes and confirms is the line's to say.
    roles("Employee.inventories", HISTORY),
    roles("Mutation.saveInventory", SELF),
    roles("Mutation.shareInventory", SELF),
    roles("Mutation.readInventory", SELF),
    roles("Mutation.confirmInventory", SELF),
    // Files, over plain HTTP
    roles("Import.points", ASSESS),
    roles("Export.talentPool", ASSESS),
    roles("Export.nominations", ASSESS),
];

pub fn rule(op: &str) -> Option<&'static Rule> {
    POLICY.iter().find(|r| r.op == op)
}

/// Decides whether `actor` may perform `op`, and with what reach. The widest scope among the
/// actor's granted roles wins.
pub fn authorize(actor: &Actor, op: &str) -> ApiResult<Access> {
    let Some(rule) = rule(op) else {
        tracing::error!(op, "operation missing from the policy table; denied");
        return Err(ApiError::Forbidden);
    };
    match &actor.principal {
        None if rule.public => Ok(Access::system_less()),
        None => Err(ApiError::Unauthenticated),
        Some(Principal::Service { scopes, .. }) => match rule.service {
            Some(needed) if scopes.contains(&needed) => Ok(Access {
                scope: All,
                standpoint: entity::Standpoint {
                    employee_id: None,
                    unit_path: None,
                },
            }),
            _ if rule.public => Ok(Access::system_less()),
            _ => Err(ApiError::Forbidden),
        },
        Some(Principal::Account {
            roles, standpoint, ..
        }) => {
            if rule.public {
                return Ok(Access {
                    scope: SelfOnly,
                    standpoint: standpoint.clone(),
                });
            }
            rule.grants
                .iter()
                .filter(|(r, _)| roles.contains(r))
                .map(|(_, s)| *s)
                .max()
                .map(|scope| Access {
                    scope,
                    standpoint: standpoint.clone(),
                })
                .ok_or(ApiError::Forbidden)
        }
    }
}

impl Access {
    /// The reach of an anonymous caller of a public operation: nothing.
    fn system_less() -> Access {
        Access {
            scope: SelfOnly,
            standpoint: entity::Standpoint {
                employee_id: None,
                unit_path: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn person(roles: Vec<Role>) -> Actor {
        let now = chrono::Utc::now();
        let employee = entity::employee::Model {
            id: Uuid::now_v7(),
            employee_no: "E1".into(),
            name: "甲".into(),
            phone: "13800000000".into(),
            org_unit_id: Uuid::now_v7(),
            org_path: "/a/".into(),
            position: "话务员".into(),
            superior_id: None,
            hire_date: now.date_naive(),
            status: entity::EmployeeStatus::Regular,
            key_position: false,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        Actor {
            principal: Some(Principal::Account {
                account_id: Uuid::now_v7(),
                session_id: Uuid::now_v7(),
                employee_id: employee.id,
                login: "E1".into(),
                name: "甲".into(),
                roles,
                standpoint: entity::Standpoint {
                    employee_id: Some(employee.id),
                    unit_path: Some("/a/".into()),
                },
                employee: Box::new(employee),
            }),
            request_id: "t".into(),
            ip: "127.0.0.1".into(),
            user_agent: String::new(),
        }
    }

    #[test]
    fn the_widest_granted_scope_wins() {
        let a = authorize(&person(vec![Agent, Manager]), "Query.employees").unwrap();
        assert_eq!(a.scope, Subtree);
    }

    #[test]
    fn an_operation_missing_from_the_table_is_denied() {
        assert!(matches!(
            authorize(&person(vec![Admin]), "Mutation.dropEverything"),
            Err(ApiError::Forbidden)
        ));
    }

    #[test]
    fn anonymous_callers_get_only_public_operations() {
        let anon = Actor::anonymous("t", "127.0.0.1");
        assert!(authorize(&anon, "Mutation.login").is_ok());
        assert!(matches!(
            authorize(&anon, "Query.me"),
            Err(ApiError::Unauthenticated)
        ));
    }

    #[test]
    fn a_service_token_reads_only_its_scopes() {
        let svc = Actor {
            principal: Some(Principal::Service {
                service_account_id: Uuid::now_v7(),
                name: "crm".into(),
                scopes: vec![ApiScope::OrgRead],
            }),
            ..Actor::anonymous("t", "127.0.0.1")
        };
        assert_eq!(authorize(&svc, "Query.orgUnits").unwrap().scope, All);
        assert!(matches!(
            authorize(&svc, "Query.employees"),
            Err(ApiError::Forbidden)
        ));
        assert!(matches!(
            authorize(&svc, "Mutation.createEmployee"),
            Err(ApiError::Forbidden)
        ));
    }

    #[test]
    fn every_rule_is_named_once() {
        for (i, r) in POLICY.iter().enumerate() {
            assert!(
                POLICY.iter().skip(i + 1).all(|o| o.op != r.op),
                "{} twice",
                r.op
            );
            assert!(
                r.public || !r.grants.is_empty() || r.service.is_some(),
                "{} grants nothing",
                r.op
            );
        }
    }

    /// The web app offers an area (entity's `Area`) to exactly the roles this table lets use
    /// the area's main operation with a reach beyond themselves.
    #[test]
    fn the_areas_of_the_app_agree_with_the_policy() {
        use entity::Area;
        let wider_than_self = |op: &str, role: Role| {
            rule(op)
                .unwrap()
                .grants
                .iter()
                .any(|(r, s)| *r == role && *s > SelfOnly)
        };
        let granted =
            |op: &str, role: Role| rule(op).unwrap().grants.iter().any(|(r, _)| *r == role);
        for area in Area::ALL {
            for role in Role::ALL {
                let by_policy = match area {
                    Area::Home => granted("Query.inbox", role),
                    Area::Profile => granted("Query.me", role),
                    Area::Employees => wider_than_self("Query.employees", role),
                    Area::EmployeeAdmin => {
                        granted("Import.employees", role)
                            && granted("Export.employees", role)
                            && granted("Mutation.updateEmployee", role)
                    }
                    Area::OrgTree => wider_than_self("Query.orgUnits", role),
                    Area::Accounts => granted("Query.accounts", role),
                    Area::ServiceAccounts => granted("Query.serviceAccounts", role),
                    Area::Talent => {
                        wider_than_self("Query.talentPool", role)
                            && wider_than_self("Query.poolOverview", role)
                    }
                    Area::TalentStandards => granted("Mutation.updateEchelonStandard", role),
                    Area::MyTalent => granted("Query.myTalent", role),
                    Area::Elimination => granted("Query.eliminationCandidates", role),
                };
                assert_eq!(
                    area.open_to(&[role]),
                    by_policy,
                    "{area:?} for {role:?}: the app and the policy disagree"
                );
            }
        }
    }
}
