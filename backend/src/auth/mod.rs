//! Who is asking, and may they. Authentication (passwords, access tokens, refresh sessions,
//! service tokens) and the policy table that authorises every operation with a data scope.
pub mod jwt;
pub mod password;
pub mod policy;
pub mod session;

use entity::{ApiScope, DataScope, Role, Standpoint};
use uuid::Uuid;

/// The authenticated party behind a request.
#[derive(Clone, Debug)]
pub enum Principal {
    /// A person, with roles read from the database for this request.
    Account {
        account_id: Uuid,
        /// The session the access token belongs to (its refresh-token family).
        session_id: Uuid,
        employee_id: Uuid,
        login: String,
        name: String,
        roles: Vec<Role>,
        standpoint: Standpoint,
        /// The caller's own record as read for this request (saves `me` a second read).
        employee: Box<entity::employee::Model>,
    },
    /// A third-party system using a scoped API token.
    Service {
        service_account_id: Uuid,
        name: String,
        scopes: Vec<ApiScope>,
    },
}

/// The acting party of one request; passed to every service call.
#[derive(Clone, Debug)]
pub struct Actor {
    pub principal: Option<Principal>,
    pub request_id: String,
    pub ip: String,
    pub user_agent: String,
}

impl Actor {
    pub fn anonymous(request_id: impl Into<String>, ip: impl Into<String>) -> Self {
        Actor {
            principal: None,
            request_id: request_id.into(),
            ip: ip.into(),
            user_agent: String::new(),
        }
    }

    /// The system itself (CLI commands, seeding).
    pub fn system() -> Self {
        Actor::anonymous("system", "local")
    }

    pub fn account_id(&self) -> Option<Uuid> {
        match &self.principal {
            Some(Principal::Account { account_id, .. }) => Some(*account_id),
            _ => None,
        }
    }

    pub fn employee_id(&self) -> Option<Uuid> {
        match &self.principal {
            Some(Principal::Account { employee_id, .. }) => Some(*employee_id),
            _ => None,
        }
    }

    pub fn roles(&self) -> &[Role] {
        match &self.principal {
            Some(Principal::Account { roles, .. }) => roles,
            _ => &[],
        }
    }

    /// Id recorded in the audit log.
    pub fn audit_id(&self) -> Option<Uuid> {
        match &self.principal {
            Some(Principal::Account { account_id, .. }) => Some(*account_id),
            Some(Principal::Service {
                service_account_id, ..
            }) => Some(*service_account_id),
            None => None,
        }
    }

    /// Label recorded in the audit log: `工号 姓名`, `service:<name>` or `system`.
    pub fn audit_label(&self) -> String {
        match &self.principal {
            Some(Principal::Account { login, name, .. }) => format!("{login} {name}"),
            Some(Principal::Service { name, .. }) => format!("service:{name}"),
            None if self.request_id == "system" => "system".into(),
            None => "anonymous".into(),
        }
    }
}

/// What the policy granted for one operation: how far the actor reaches, and from where.
#[derive(Clone, Debug)]
pub struct Access {
    pub scope: DataScope,
    pub standpoint: Standpoint,
}

impl Access {
    /// Full access, for the system itself.
    pub fn system() -> Self {
        Access {
            scope: DataScope::All,
            standpoint: Standpoint {
                employee_id: None,
                unit_path: None,
            },
        }
    }
}
