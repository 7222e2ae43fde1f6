//! Data scope: which records a role may reach. Scope is by data, not only by role: a team leader
//! reaches their team, a manager their subtree, an agent only themself.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How far an actor's reach extends, narrowest first (so `max` picks the widest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DataScope {
    /// Only the actor's own record.
    SelfOnly,
    /// The actor's own team: the unit they belong to and anything below it.
    Team,
    /// The actor's org subtree: the unit they belong to and everything below it.
    Subtree,
    /// Everything.
    All,
}

/// Where the actor stands: their employee id and the path of their org unit (`None` for a
/// service account, which has no place in the tree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standpoint {
    pub employee_id: Option<Uuid>,
    pub unit_path: Option<String>,
}

impl DataScope {
    /// Whether an employee (by id and unit path) is within reach.
    pub fn covers_employee(self, from: &Standpoint, employee_id: Uuid, org_path: &str) -> bool {
        match self {
            DataScope::All => true,
            DataScope::SelfOnly => from.employee_id == Some(employee_id),
            DataScope::Team | DataScope::Subtree => {
                from.employee_id == Some(employee_id)
                    || from
                        .unit_path
                        .as_deref()
                        .is_some_and(|p| org_path.starts_with(p))
            }
        }
    }

    /// Whether an org unit (by its path) is within reach. Everyone may see the units above
    /// them (their own chain); wider scopes add their subtree.
    pub fn covers_unit(self, from: &Standpoint, unit_path: &str) -> bool {
        let own = from.unit_path.as_deref();
        let is_own_chain = own.is_some_and(|p| p.starts_with(unit_path));
        match self {
            DataScope::All => true,
            DataScope::SelfOnly => is_own_chain,
            DataScope::Team | DataScope::Subtree => {
                is_own_chain || own.is_some_and(|p| unit_path.starts_with(p))
            }
        }
    }

    /// The path prefix a list query filters on, or `None` when it is unrestricted. `SelfOnly`
    /// lists are filtered by id instead, see [`DataScope::covers_employee`].
    pub fn subtree_prefix(self, from: &Standpoint) -> Option<&str> {
        match self {
            DataScope::Team | DataScope::Subtree => from.unit_path.as_deref(),
            DataScope::SelfOnly | DataScope::All => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str, id: Uuid) -> Standpoint {
        Standpoint {
            employee_id: Some(id),
            unit_path: Some(path.to_owned()),
        }
    }

    #[test]
    fn each_scope_reaches_exactly_its_rows() {
        let me = Uuid::now_v7();
        let teammate = Uuid::now_v7();
        let from = at("/c/s/p/t1/", me);
        // (scope, target id, target path, expected)
        let cases = [
            (DataScope::SelfOnly, me, "/c/s/p/t1/", true),
            (DataScope::SelfOnly, teammate, "/c/s/p/t1/", false),
            (DataScope::Team, teammate, "/c/s/p/t1/", true),
            (DataScope::Team, teammate, "/c/s/p/t2/", false),
            (DataScope::Subtree, teammate, "/c/s/p/t1/x/", true),
            (DataScope::Subtree, teammate, "/c/s2/p/t1/", false),
            (DataScope::All, teammate, "/c/s2/p/t1/", true),
        ];
        for (scope, id, path, expected) in cases {
            assert_eq!(
                scope.covers_employee(&from, id, path),
                expected,
                "{scope:?} {path}"
            );
        }
    }

    #[test]
    fn a_unit_path_prefix_does_not_match_a_sibling_with_a_longer_name() {
        let from = at("/c/s/p/t1/", Uuid::now_v7());
        assert!(!DataScope::Team.covers_employee(&from, Uuid::now_v7(), "/c/s/p/t10/"));
    }

    #[test]
    fn everyone_sees_the_units_above_them() {
        let from = at("/c/s/p/t1/", Uuid::now_v7());
        assert!(DataScope::SelfOnly.covers_unit(&from, "/c/s/"));
        assert!(!DataScope::SelfOnly.covers_unit(&from, "/c/s2/"));
        assert!(DataScope::Subtree.covers_unit(&from, "/c/s/p/t1/"));
        assert!(!DataScope::Subtree.covers_unit(&from, "/c/s/p/t2/"));
    }

    #[test]
    fn a_service_account_without_a_place_reaches_nothing_below_all() {
        let from = Standpoint {
            employee_id: None,
            unit_path: None,
        };
        assert!(!DataScope::Subtree.covers_employee(&from, Uuid::now_v7(), "/c/"));
        assert!(DataScope::All.covers_employee(&from, Uuid::now_v7(), "/c/"));
    }
}
