//! The texts of the main bundle's pages: 工作台, 我的 and the password page.
use super::Text;

/// (key, 中文, English).
pub static TEXTS: &[Text] = &[
    ("home.greeting_morning", "早上好", "Good morning"),
    ("home.greeting_afternoon", "下午好", "Good afternoon"),
    ("home.greeting_evening", "晚上好", "Good evening"),
    ("home.org_unit", "所属组织", "Org unit"),
    ("inbox.title", "消息中心", "Inbox"),
    ("inbox.waiting", "待我处理", "Waiting for me"),
    ("inbox.done", "我已处理", "Handled by me"),
    ("inbox.started", "我发起的", "Started by me"),
    ("inbox.empty", "这里暂时没有事项", "Nothing here for now"),
    ("inbox.more", "另有 {n} 项未列出", "{n} more not listed"),
    ("inbox.due", "截止", "Due"),
    (
        "inbox.kind.probation_review",
        "试用期转正评估",
        "Probation review",
    ),
    ("inbox.kind.record_change", "资料变更", "Record change"),
    ("profile.title", "我的资料", "My profile"),
    ("password.title", "修改密码", "Change password"),
    ("password.current", "当前密码", "Current password"),
    ("password.new", "新密码", "New password"),
    (
        "password.repeat",
        "再次输入新密码",
        "Repeat the new password",
    ),
    ("password.submit", "确认修改", "Change password"),
    (
        "password.changed",
        "密码已修改，所有设备均已退出登录，请用新密码登录",
        "Password changed and every device signed out; please sign in with the new password",
    ),
    (
        "password.mismatch",
        "两次输入的新密码不一致",
        "The two new passwords differ",
    ),
    (
        "password.same",
        "新密码不能与当前密码相同",
        "The new password must differ from the current one",
    ),
    (
        "talent.mine.link",
        "查看我的人才梯队",
        "See my place in the talent pool",
    ),
    (
        "inbox.kind.plan_overdue",
        "发展计划逾期",
        "Plan item overdue",
    ),
    (
        "inbox.kind.plan_review",
        "发展计划待审阅",
        "Plan item to review",
    ),
    ("inbox.kind.sign_off", "三级签核", "Sign-off"),
    (
        "inbox.kind.assessment",
        "提名待考核",
        "Nomination to assess",
    ),
    (
        "inbox.kind.plan_agreement",
        "发展计划待确认",
        "Plan to agree to",
    ),
    (
        "inbox.kind.inventory",
        "能力盘点待确认",
        "Inventory to confirm",
    ),
    (
        "inbox.kind.nomination",
        "人才梯队提名",
        "Talent-pool nomination",
    ),
];
