//! The words for what the audit log records, shared by the server (which checks that every
//! action it records is named here) and the browser app (which shows them): an action in both
//! languages, and the fields of a record's snapshot in the order a reader expects them.

/// Every audited action with its Chinese and English words.
pub const ACTIONS: &[(&str, &str, &str)] = &[
    (
        "employee.created",
        "新建员工档案",
        "Employee record created",
    ),
    (
        "employee.updated",
        "修改员工资料",
        "Employee record changed",
    ),
    (
        "employee.imported",
        "导入员工资料",
        "Employee record imported",
    ),
    (
        "employee.exported",
        "导出员工名单",
        "Employee list exported",
    ),
    (
        "employee.phone_revealed",
        "查看完整手机号",
        "Full phone number viewed",
    ),
    ("org_unit.created", "新建组织", "Org unit created"),
    ("org_unit.updated", "修改组织", "Org unit changed"),
    ("account.created", "开通账号", "Account created"),
    ("account.roles_changed", "调整角色", "Roles changed"),
    ("account.activated", "启用账号", "Account enabled"),
    ("account.deactivated", "停用账号", "Account disabled"),
    ("account.password_reset", "重置密码", "Password reset"),
    ("account.password_changed", "修改密码", "Password changed"),
    (
        "service_account.created",
        "登记第三方系统",
        "Integration registered",
    ),
    ("api_token.created", "签发接口令牌", "API token issued"),
    ("api_token.revoked", "吊销接口令牌", "API token revoked"),
    (
        "session.reissued",
        "重新签发登录凭证",
        "Sign-in renewed after a lost answer",
    ),
    (
        "session.reuse_detected",
        "发现凭证被重复使用，已退出登录",
        "Reused sign-in detected and ended",
    ),
    (
        "echelon_standard.updated",
        "修改选拔标准",
        "Selection standard changed",
    ),
    (
        "nomination.created",
        "提名人才梯队",
        "Nominated to the talent pool",
    ),
    (
        "nomination.assessed",
        "完成能力潜质考核",
        "Ability and potential assessed",
    ),
    ("nomination.submitted", "提交签核", "Submitted for sign-off"),
    ("nomination.signed", "签核", "Signed"),
    ("nomination.withdrawn", "撤回提名", "Nomination withdrawn"),
    ("pool.entered", "进入人才库", "Entered the talent pool"),
    ("pool.moved", "调整梯队", "Moved to another echelon"),
    ("pool.left", "退出人才库", "Left the talent pool"),
    (
        "competency.reviewed",
        "记录胜任力测评",
        "Competency review recorded",
    ),
    ("points.set", "录入月度积分", "Monthly points entered"),
    ("points.imported", "导入月度积分", "Monthly points imported"),
    (
        "elimination_ratio.set",
        "设置末位淘汰比例",
        "Elimination ratio set",
    ),
    (
        "elimination.confirmed",
        "确认末位淘汰",
        "Elimination confirmed",
    ),
    (
        "elimination.overridden",
        "末位淘汰改判留用",
        "Elimination overridden",
    ),
    ("plan.item_added", "添加发展计划项目", "Plan item added"),
    ("plan.agreed", "确认发展计划", "Development plan agreed"),
    (
        "plan.item_submitted",
        "提交发展计划项目",
        "Plan item handed in",
    ),
    (
        "plan.item_reviewed",
        "审阅发展计划项目",
        "Plan item reviewed",
    ),
    (
        "inventory.written",
        "填写年度能力盘点",
        "Year-end inventory written",
    ),
    (
        "inventory.shared",
        "反馈年度能力盘点",
        "Year-end inventory shared",
    ),
    ("inventory.read", "阅读盘点反馈", "Inventory feedback read"),
    (
        "inventory.confirmed",
        "确认来年计划",
        "Next year's plan confirmed",
    ),
];

/// The (Chinese, English) words for an audited action.
pub fn action_words(action: &str) -> Option<(&'static str, &'static str)> {
    ACTIONS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map(|(_, zh, en)| (*zh, *en))
}

/// The order of a record snapshot's fields in a history: a person's identity, where they
/// work and under whom, then the rest. Fields not listed follow, by name.
pub const FIELD_ORDER: &[&str] = &[
    "employee_no",
    "name",
    "phone",
    "org_unit",
    "org_unit_id",
    "position",
    "superior",
    "superior_id",
    "hire_date",
    "status",
    "key_position",
    "login",
    "roles",
    "active",
];

/// Where `field` stands in [`FIELD_ORDER`] (unlisted fields last).
pub fn field_rank(field: &str) -> usize {
    FIELD_ORDER
        .iter()
        .position(|f| *f == field)
        .unwrap_or(FIELD_ORDER.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_named_once_and_in_both_languages() {
        for (i, (a, zh, en)) in ACTIONS.iter().enumerate() {
            assert!(!zh.is_empty() && !en.is_empty(), "{a}");
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{a}: {zh}");
            assert!(ACTIONS[..i].iter().all(|(b, _, _)| b != a), "{a} twice");
        }
        assert_eq!(
            action_words("pool.left"),
            Some(("退出人才库", "Left the talent pool"))
        );
        assert_eq!(action_words("nothing.such"), None);
    }
}
