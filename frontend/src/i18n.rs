//! A deliberately tiny i18n layer: two languages, one static table, string keys.
//!
//! Chinese is the working language of the call centers, so it is the default and every key
//! must have a Chinese text; English exists for head-office staff and vendors. A table (instead
//! of a crate such as fluent) keeps the wasm small and lets a unit test prove completeness.

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// localStorage key for the remembered choice. Only the language lives in storage: tokens never do.
const STORAGE_KEY: &str = "echelon-lang";

impl Lang {
    /// Short code stored in localStorage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// BCP 47 tag for `<html lang>`, which drives CJK font selection and screen readers.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn toggle(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks between a pair of texts, e.g. the `label_zh()`/`label_en()` of the shared entity enums.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The remembered language, or Chinese when nothing (or garbage) is stored or storage is blocked.
    pub fn load() -> Lang {
        local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }

    /// Remembers the choice; failures (private mode, quota) are ignored because the choice is cosmetic.
    pub fn save(self) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.code());
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text for `key` in `lang`. An unknown key is returned as-is so a typo is visible on screen
/// instead of silently blank; the unit tests check that every key used in the sources exists.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    match all_texts().find(|(k, _, _)| *k == key) {
        Some((_, zh, en)) => lang.pick(zh, en),
        None => key,
    }
}

/// Every table: the common one here and those that pages keep beside their code.
fn all_texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TEXTS
        .iter()
        .chain(crate::pages::admin::TEXTS.iter())
        .chain(crate::pages::talent::TEXTS.iter())
}

/// (key, 中文, English).
static TEXTS: &[(&str, &str, &str)] = &[
    ("app.name", "Echelon 人事运营", "Echelon People Ops"),
    ("app.loading", "加载中…", "Loading…"),
    ("lang.switch", "English", "中文"),
    (
        "lang.switch_title",
        "切换语言 / Switch language",
        "切换语言 / Switch language",
    ),
    ("nav.home", "工作台", "Home"),
    ("nav.employees", "员工", "Employees"),
    ("nav.logout", "退出登录", "Sign out"),
    ("login.title", "登录", "Sign in"),
    (
        "login.subtitle",
        "请使用工号和密码登录",
        "Sign in with your employee number and password",
    ),
    ("login.user", "工号", "Employee No."),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Sign in"),
    ("login.submitting", "正在登录…", "Signing in…"),
    (
        "login.missing",
        "请输入工号和密码",
        "Please enter your employee number and password",
    ),
    (
        "login.bad_credentials",
        "工号或密码错误，请重新输入",
        "Wrong employee number or password",
    ),
    (
        "login.locked",
        "该账号已停用，请联系人事或系统管理员",
        "This account has been deactivated. Please contact HR or an administrator.",
    ),
    (
        "login.throttled",
        "登录尝试过于频繁，请稍后再试",
        "Too many sign-in attempts. Please wait a moment and try again.",
    ),
    ("home.greeting_morning", "早上好", "Good morning"),
    ("home.greeting_afternoon", "下午好", "Good afternoon"),
    ("home.greeting_evening", "晚上好", "Good evening"),
    ("home.profile", "个人资料", "Profile"),
    ("home.roles", "角色", "Roles"),
    ("home.org_unit", "所属组织", "Org unit"),
    ("home.reporting", "汇报关系", "Reporting line"),
    ("home.superior", "直属上级", "Direct superior"),
    ("home.skip_level", "隔级上级", "Skip-level superior"),
    ("home.none", "暂无", "None"),
    (
        "home.no_employee",
        "当前账号未关联员工档案",
        "This account is not linked to an employee record",
    ),
    ("field.employee_no", "工号", "Employee No."),
    ("field.name", "姓名", "Name"),
    ("field.phone", "电话", "Phone"),
    ("field.position", "岗位", "Position"),
    ("field.org_unit", "组织", "Org unit"),
    ("field.status", "状态", "Status"),
    ("field.hire_date", "入职日期", "Hire date"),
    ("field.key_position", "关键岗位", "Key position"),
    ("common.yes", "是", "Yes"),
    ("common.no", "否", "No"),
    ("common.retry", "重试", "Retry"),
    ("employees.title", "员工名单", "Employees"),
    (
        "employees.search",
        "搜索工号或姓名",
        "Search by employee number or name",
    ),
    ("employees.total", "共 {n} 人", "{n} in total"),
    ("employees.load_more", "加载更多", "Load more"),
    (
        "employees.empty",
        "没有找到符合条件的员工",
        "No matching employees",
    ),
    (
        "employees.no_access",
        "你没有查看员工名单的权限",
        "You do not have permission to view the employee list",
    ),
    (
        "error.unauthenticated",
        "登录已过期，请重新登录",
        "Your session has expired. Please sign in again.",
    ),
    (
        "error.forbidden",
        "你没有执行此操作的权限",
        "You do not have permission to do this.",
    ),
    (
        "error.bad_input",
        "输入内容有误，请检查后重试",
        "Some input is invalid. Please check and try again.",
    ),
    (
        "error.not_found",
        "未找到相关数据",
        "The requested data was not found.",
    ),
    (
        "error.conflict",
        "数据已被他人修改或已存在，请刷新后重试",
        "The data was changed by someone else or already exists. Please refresh and try again.",
    ),
    (
        "error.rate_limited",
        "操作过于频繁，请稍后再试",
        "Too many requests. Please try again later.",
    ),
    (
        "error.internal",
        "服务器出现问题，请稍后再试",
        "Something went wrong on the server. Please try again later.",
    ),
    (
        "error.network",
        "网络连接失败，请检查网络后重试",
        "Network error. Please check your connection and try again.",
    ),
    (
        "error.unexpected",
        "服务器返回了无法识别的结果",
        "The server sent an unexpected response.",
    ),
    ("nav.main", "主导航", "Main navigation"),
    ("nav.breadcrumbs", "当前位置", "You are here"),
    ("nav.org", "组织架构", "Org chart"),
    ("nav.accounts", "账号与角色", "Accounts"),
    ("nav.service_accounts", "第三方系统", "Integrations"),
    ("nav.me", "我的", "Me"),
    ("common.no_access", "你没有访问此页面的权限", "You do not have access to this page"),
    ("common.cancel", "取消", "Cancel"),
    ("common.confirm", "确定", "Confirm"),
    ("common.save", "保存", "Save"),
    ("common.edit", "编辑", "Edit"),
    ("common.saved", "已保存", "Saved"),
    ("history.title", "变更记录", "History"),
    ("history.empty", "暂无变更记录", "No changes recorded yet"),
    ("action.employee.created", "新建员工档案", "Employee record created"),
    ("action.employee.updated", "修改员工资料", "Employee record changed"),
    ("action.employee.imported", "导入员工资料", "Employee record imported"),
    ("action.employee.exported", "导出员工名单", "Employee list exported"),
    ("action.employee.phone_revealed", "查看完整手机号", "Full phone number viewed"),
    ("action.org_unit.created", "新建组织", "Org unit created"),
    ("action.org_unit.updated", "修改组织", "Org unit changed"),
    ("action.account.created", "开通账号", "Account created"),
    ("action.account.roles_changed", "调整角色", "Roles changed"),
    ("action.account.active_changed", "启用/停用账号", "Account enabled or disabled"),
    ("action.account.password_reset", "重置密码", "Password reset"),
    ("action.account.password_changed", "修改密码", "Password changed"),
    ("action.service_account.created", "登记第三方系统", "Integration registered"),
    ("action.api_token.created", "签发接口令牌", "API token issued"),
    ("action.api_token.revoked", "吊销接口令牌", "API token revoked"),
    ("inbox.title", "消息中心", "Inbox"),
    ("inbox.waiting", "待我处理", "Waiting for me"),
    ("inbox.done", "我已处理", "Handled by me"),
    ("inbox.started", "我发起的", "Started by me"),
    ("inbox.empty", "这里暂时没有事项", "Nothing here for now"),
    ("inbox.more", "另有 {n} 项未列出", "{n} more not listed"),
    ("inbox.due", "截止", "Due"),
    ("inbox.kind.probation_review", "试用期转正评估", "Probation review"),
    ("inbox.kind.record_change", "资料变更", "Record change"),
    ("profile.title", "我的资料", "My profile"),
    ("password.title", "修改密码", "Change password"),
    ("password.current", "当前密码", "Current password"),
    ("password.new", "新密码", "New password"),
    ("password.repeat", "再次输入新密码", "Repeat the new password"),
    ("password.rule", "8 至 128 个字符", "8 to 128 characters"),
    ("password.submit", "确认修改", "Change password"),
    (
        "password.changed",
        "密码已修改，所有设备均已退出登录，请用新密码登录",
        "Password changed and every device signed out; please sign in with the new password",
    ),
    ("password.mismatch", "两次输入的新密码不一致", "The two new passwords differ"),
    ("password.same", "新密码不能与当前密码相同", "The new password must differ from the current one"),
    ("employees.export", "导出 Excel", "Export to Excel"),
    ("employees.all_units", "全部组织", "All units"),
    ("employees.all_statuses", "全部状态", "All statuses"),
    ("employees.first_page", "回到第一页", "First page"),
    ("employees.next_page", "下一页", "Next page"),
    ("employee.reveal_phone", "显示完整号码", "Show full number"),
    ("import.title", "批量导入", "Import"),
    (
        "import.help",
        "选择 .xlsx 或 .csv 文件（列：工号、姓名、电话、组织编码、岗位、直接上级工号、入职日期、状态、关键岗位）。文件会先校验，不会写入；校验通过后再确认导入。",
        "Choose an .xlsx or .csv file (columns: 工号, 姓名, 电话, 组织编码, 岗位, 直接上级工号, 入职日期, 状态, 关键岗位). The file is checked first and nothing is written; after a clean check you confirm the import.",
    ),
    ("import.choose", "选择文件", "Choose file"),
    ("import.checking", "正在处理…", "Working…"),
    ("import.checked", "校验结果", "Check result"),
    ("import.committed", "导入完成", "Import complete"),
    ("import.summary", "共 {rows} 行：新增 {created}，更新 {updated}", "{rows} rows: {created} new, {updated} updated"),
    ("import.has_errors", "文件有错误，请修改后重新选择文件", "The file has errors; fix them and choose the file again"),
    ("import.row", "行号", "Row"),
    ("import.column", "列", "Column"),
    ("import.problem", "问题", "Problem"),
    ("import.commit", "确认导入", "Import now"),
    ("import.done", "导入成功", "Imported"),
    ("org.title", "组织架构", "Org chart"),
    ("org.path", "组织路径", "Unit path"),
    ("org.top", "全部", "All"),
    ("org.kind", "层级", "Level"),
    ("org.code", "编码", "Code"),
    ("org.leader", "负责人", "Leader"),
    ("org.people", "查看人员", "View people"),
    ("org.no_children", "没有下级组织", "No units below"),
    ("notfound.title", "页面不存在", "Page not found"),
    ("notfound.back", "返回工作台", "Back to home"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_has_both_texts_and_is_unique() {
        let mut seen = HashSet::new();
        for (key, zh, en) in all_texts() {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!zh.trim().is_empty(), "missing Chinese text for {key}");
            assert!(!en.trim().is_empty(), "missing English text for {key}");
            assert_eq!(t(Lang::Zh, *key), *zh);
            assert_eq!(t(Lang::En, *key), *en);
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for (key, zh, en) in all_texts() {
            for ph in [
                "{n}",
                "{rows}",
                "{created}",
                "{updated}",
                "{year}",
                "{month}",
            ] {
                assert_eq!(
                    zh.contains(ph),
                    en.contains(ph),
                    "placeholder {ph} mismatch in {key}"
                );
            }
        }
    }

    /// Every literal passed to `t(lang, ..)`/`tr(..)` in the UI sources must exist in the table, so a typo
    /// fails the build's tests rather than showing a raw key to a call-center agent.
    #[test]
    fn keys_used_in_sources_exist() {
        let sources = [
            include_str!("app.rs"),
            include_str!("components/mod.rs"),
            include_str!("pages/mod.rs"),
            include_str!("pages/admin.rs"),
            include_str!("pages/employee_detail.rs"),
            include_str!("pages/employees.rs"),
            include_str!("pages/home.rs"),
            include_str!("pages/import.rs"),
            include_str!("pages/login.rs"),
            include_str!("pages/not_found.rs"),
            include_str!("pages/org.rs"),
            include_str!("pages/password.rs"),
            include_str!("pages/profile.rs"),
            include_str!("pages/talent/mod.rs"),
            include_str!("pages/talent/mine.rs"),
            include_str!("pages/talent/plan.rs"),
            include_str!("pages/talent/inventory.rs"),
            include_str!("pages/talent/points_import.rs"),
            include_str!("pages/talent/member.rs"),
            include_str!("pages/talent/elimination.rs"),
            include_str!("pages/talent/nominate.rs"),
            include_str!("pages/talent/nomination.rs"),
            include_str!("pages/talent/overview.rs"),
            include_str!("pages/talent/standards.rs"),
        ];
        let known: HashSet<&str> = all_texts().map(|(k, _, _)| *k).collect();
        let mut checked = 0;
        for src in sources {
            for marker in [
                "tr(\"",
                "t(lang, \"",
                "t(lang.get(), \"",
                "text=\"",
                "Crumb::key(\"",
                "success(\"",
                "sign_out_with_notice(\"",
                "=> \"",
            ] {
                for (pos, _) in src.match_indices(marker) {
                    let rest = &src[pos + marker.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    // Match arms also map to CSS classes and API codes; keys are dotted
                    // lowercase paths.
                    let looks_like_key = key.contains('.')
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                    if marker == "=> \"" && !looks_like_key {
                        continue;
                    }
                    assert!(known.contains(key), "unknown i18n key {key:?}");
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 20,
            "source scan found too few keys ({checked}); did the helper names change?"
        );
    }

    #[test]
    fn default_is_chinese_and_codes_round_trip() {
        assert_eq!(Lang::default(), Lang::Zh);
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.toggle().toggle(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(t(Lang::Zh, "no.such.key"), "no.such.key");
    }
}
