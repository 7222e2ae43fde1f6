//! The texts of the people bundle's pages: 员工, the employee record, the import, 组织架构.
use super::Text;

/// (key, 中文, English).
pub static TEXTS: &[Text] = &[
    ("home.profile", "个人资料", "Profile"),
    ("employees.title", "员工名单", "Employees"),
    (
        "employees.search",
        "搜索工号或姓名",
        "Search by employee number or name",
    ),
    ("employees.total", "共 {n} 人", "{n} in total"),
    (
        "employees.empty",
        "没有找到符合条件的员工",
        "No matching employees",
    ),
    ("common.edit", "编辑", "Edit"),
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
    ("import.summary", "共 {rows} 行：新增 {created}，更新 {updated}", "{rows} rows: {created} new, {updated} updated"),
    ("import.done", "导入成功", "Imported"),
    ("org.title", "组织架构", "Org chart"),
    ("org.path", "组织路径", "Unit path"),
    ("org.top", "全部", "All"),
    ("org.kind", "层级", "Level"),
    ("org.code", "编码", "Code"),
    ("org.leader", "负责人", "Leader"),
    ("org.people", "查看人员", "View people"),
    ("org.no_children", "没有下级组织", "No units below"),
];
