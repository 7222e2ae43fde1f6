//! The typed operations of the app, one `.graphql` file per operation under `frontend/graphql/`
//! (a file is sent whole, and the server validates every operation in a document, so a file
//! holds one operation and the fragments it uses).
//!
//! `graphql_client` validates each operation against the committed `schema.graphql` when the
//! app compiles and generates its variables and response types, so the schema and the app
//! cannot drift apart silently. Enums are the `entity` crate's own (shared with the server);
//! ids, dates and timestamps arrive as strings.
// `ApiScope` is referenced by the admin operations' generated code.
#[allow(unused_imports)]
pub use entity::{ApiScope, EmployeeStatus, OrgUnitKind, Role};
// The talent pool's enums; the schema calls a third of the grid's axis `Band`.
pub use entity::{
    CompetencyGrade, Criterion, Echelon, GridBand as Band, InventoryStatus, NominationSource,
    NominationStatus, PlanItemKind, PlanItemStatus, PoolEventKind, SignerRole,
};

/// `DateTime` in the schema: RFC 3339 in UTC. Shown in Asia/Shanghai by `crate::format`.
pub type DateTime = String;
/// `NaiveDate` in the schema: `YYYY-MM-DD`.
pub type NaiveDate = String;

/// Declares operation `$name` from `$file` (relative to `frontend/`). The operation inside the
/// file must carry the same name.
macro_rules! operation {
    ($name:ident, $file:tt) => {
        #[derive(graphql_client::GraphQLQuery)]
        #[graphql(
                                                    schema_path = "../schema.graphql",
                                                    query_path = $file,
                                                    response_derives = "Debug, Clone, PartialEq",
                                                    variables_derives = "Debug, Clone",
                                                    extern_enums(
                                                        "Role",
                                                        "EmployeeStatus",
                                                        "OrgUnitKind",
                                                        "ApiScope",
                                                        "Echelon",
                                                        "CompetencyGrade",
                                                        "NominationStatus",
                                                        "NominationSource",
                                                        "SignerRole",
                                                        "Band",
                                                        "Criterion",
                                                        "PlanItemKind",
                                                        "PlanItemStatus",
                                                        "PoolEventKind",
                                                        "InventoryStatus"
                                                    ),
                                                    // An absent optional input is left out, not sent as `null`: for updates
                                                    // `null` means "clear this field" (e.g. `superiorId`), absent "leave it".
                                                    skip_serializing_none
                                                )]
        pub struct $name;
    };
}

// Session
operation!(Login, "graphql/login.graphql");
operation!(RefreshSession, "graphql/refresh_session.graphql");
operation!(Logout, "graphql/logout.graphql");
operation!(ChangePassword, "graphql/change_password.graphql");
operation!(Me, "graphql/me.graphql");

// Employees
operation!(Employees, "graphql/employees.graphql");
operation!(EmployeeDetail, "graphql/employee_detail.graphql");
operation!(MyHistory, "graphql/my_history.graphql");
operation!(RevealPhone, "graphql/reveal_phone.graphql");
operation!(UpdateEmployee, "graphql/update_employee.graphql");

// Home
operation!(Inbox, "graphql/inbox.graphql");

// Org tree
operation!(OrgUnits, "graphql/org_units.graphql");

// Administration
operation!(Accounts, "graphql/accounts.graphql");
operation!(CreateAccount, "graphql/create_account.graphql");
operation!(SetAccountRoles, "graphql/set_account_roles.graphql");
operation!(SetAccountActive, "graphql/set_account_active.graphql");
operation!(ResetPassword, "graphql/reset_password.graphql");
operation!(ServiceAccounts, "graphql/service_accounts.graphql");
operation!(
    CreateServiceAccount,
    "graphql/create_service_account.graphql"
);
operation!(CreateApiToken, "graphql/create_api_token.graphql");
operation!(RevokeApiToken, "graphql/revoke_api_token.graphql");

// Talent pool (人才梯队)
operation!(TalentOverview, "graphql/talent_overview.graphql");
operation!(OpenNominations, "graphql/open_nominations.graphql");
operation!(Nomination, "graphql/nomination.graphql");
operation!(MyTalent, "graphql/my_talent.graphql");
operation!(Nominate, "graphql/nominate.graphql");
operation!(AssessNomination, "graphql/assess_nomination.graphql");
operation!(SubmitNomination, "graphql/submit_nomination.graphql");
operation!(SignNomination, "graphql/sign_nomination.graphql");
operation!(WithdrawNomination, "graphql/withdraw_nomination.graphql");
operation!(StandardCheck, "graphql/standard_check.graphql");
operation!(EchelonStandards, "graphql/echelon_standards.graphql");
operation!(
    UpdateEchelonStandard,
    "graphql/update_echelon_standard.graphql"
);
operation!(MemberTalent, "graphql/member_talent.graphql");
operation!(AddPlanItem, "graphql/add_plan_item.graphql");
operation!(AgreePlan, "graphql/agree_plan.graphql");
operation!(SubmitPlanItem, "graphql/submit_plan_item.graphql");
operation!(ReviewPlanItem, "graphql/review_plan_item.graphql");
operation!(
    RecordCompetencyReview,
    "graphql/record_competency_review.graphql"
);
operation!(SetMonthlyPoints, "graphql/set_monthly_points.graphql");
operation!(MemberPoints, "graphql/member_points.graphql");
operation!(SaveInventory, "graphql/save_inventory.graphql");
operation!(ShareInventory, "graphql/share_inventory.graphql");
operation!(ReadInventory, "graphql/read_inventory.graphql");
operation!(ConfirmInventory, "graphql/confirm_inventory.graphql");
operation!(ProjectUnits, "graphql/project_units.graphql");
operation!(
    EliminationCandidates,
    "graphql/elimination_candidates.graphql"
);
operation!(SetEliminationRatio, "graphql/set_elimination_ratio.graphql");
operation!(DecideElimination, "graphql/decide_elimination.graphql");

#[cfg(test)]
mod tests {
    /// The server validates every operation of a document it receives, with the variables of
    /// the one it runs; a second operation in a file would fail on its own variables.
    #[test]
    fn each_file_holds_exactly_one_operation() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let operations = text
                .lines()
                .filter(|l| l.starts_with("query ") || l.starts_with("mutation "))
                .count();
            assert_eq!(
                operations,
                1,
                "{} holds {operations} operations",
                path.display()
            );
            files += 1;
        }
        assert!(files >= 20, "only {files} operation files found");
    }
}
