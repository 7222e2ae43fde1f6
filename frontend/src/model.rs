//! Shapes of the GraphQL results the app reads. Field names follow the schema (camelCase);
//! anything the server may leave out is an `Option` so a missing value renders as "暂无"
//! instead of failing the whole page.
use entity::{EmployeeStatus, OrgUnitKind, Role};
use serde::de::{value::StrDeserializer, IntoDeserializer};
use serde::{Deserialize, Deserializer};

/// `me`: the signed-in account.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    #[serde(deserialize_with = "known_roles")]
    pub roles: Vec<Role>,
    pub employee: Option<MyEmployee>,
}

impl Me {
    pub fn has_any_role(&self, wanted: &[Role]) -> bool {
        self.roles.iter().any(|r| wanted.contains(r))
    }

    /// Who may open the employee list. The server enforces this too; the client only uses it to
    /// avoid offering a page that would answer FORBIDDEN.
    pub fn can_list_employees(&self) -> bool {
        self.has_any_role(&[Role::Hr, Role::Admin, Role::Manager, Role::TeamLeader])
    }
}

/// Roles the server may add later must not break sign-in for everyone, so unknown names are
/// dropped (which also denies by default) instead of failing deserialisation.
fn known_roles<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Role>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    Ok(names
        .iter()
        .filter_map(|n| {
            let de: StrDeserializer<'_, serde::de::value::Error> = n.as_str().into_deserializer();
            Role::deserialize(de).ok()
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyEmployee {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub hire_date: Option<String>,
    pub status: EmployeeStatus,
    #[serde(default)]
    pub key_position: bool,
    pub org_unit: Option<OrgUnit>,
    pub reporting_line: Option<ReportingLine>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OrgUnit {
    pub name: String,
    pub kind: Option<OrgUnitKind>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingLine {
    pub superior: Option<Superior>,
    pub skip_level: Option<Superior>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Superior {
    pub person: Option<Person>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub name: String,
    pub employee_no: String,
}

impl ReportingLine {
    pub fn superior_person(&self) -> Option<&Person> {
        self.superior.as_ref()?.person.as_ref()
    }

    pub fn skip_level_person(&self) -> Option<&Person> {
        self.skip_level.as_ref()?.person.as_ref()
    }
}

/// One page of `employees`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeConnection {
    pub total_count: i64,
    pub page_info: PageInfo,
    pub edges: Vec<EmployeeEdge>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EmployeeEdge {
    pub node: EmployeeRow,
}

/// A row of the employee list. `phone` arrives already masked (e.g. 138****5678) for roles
/// that may not see full numbers; the client never tries to unmask or re-mask it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeRow {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub status: EmployeeStatus,
    pub org_unit: Option<OrgUnitName>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OrgUnitName {
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_roles_are_dropped() {
        let me: Me = match serde_json::from_str(
            r#"{"roles":["HR","SPACE_CADET","TEAM_LEADER"],"employee":null}"#,
        ) {
            Ok(me) => me,
            Err(e) => panic!("decode failed: {e}"),
        };
        assert_eq!(me.roles, vec![Role::Hr, Role::TeamLeader]);
        assert!(me.can_list_employees());
    }

    #[test]
    fn agent_cannot_list_employees() {
        let me = Me {
            roles: vec![Role::Agent],
            employee: None,
        };
        assert!(!me.can_list_employees());
    }
}
