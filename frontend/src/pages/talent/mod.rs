//! 人才梯队: the pool overview, a nomination's page with its assessment and three-level
//! sign-off, the nomination form, the selection standards, 我的梯队, a member's development
//! plan, grades and year-end inventories, the quarterly bottom elimination (末位淘汰) and the
//! import of a month's points.
//!
//! Labels, score rules and the grid's cell names come from `entity` (the server enforces the
//! same ones); this module holds what the pages share: the sign-off chain as drawn steps, the
//! standard checks, the status chip, the signing box, and the texts of the talent pages.
mod elimination;
pub mod inventory;
mod member;
mod mine;
mod nominate;
mod nomination;
mod overview;
pub mod plan;
mod points_import;
mod standards;

pub use elimination::EliminationPage;
pub use member::{member_href, MemberPage};
pub use mine::MyTalentPage;
pub use nominate::NominatePage;
pub use nomination::NominationPage;
pub use overview::TalentPage;
pub use points_import::PointsImportPage;
pub use standards::StandardsPage;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::sign_nomination;
use crate::api::ops::{Criterion, Echelon, NominationSource, NominationStatus, SignerRole};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, ConfirmDialog, Empty, ErrorNotice};
use crate::format;
use crate::i18n::{t, Lang};
use crate::pages::home::person_text;
use entity::{FieldError, Score};

/// The page of a nomination, from its global id (`Nomination:<uuid>`) or its bare uuid.
pub fn nomination_href(id: &str) -> String {
    format!(
        "/talent/nominations/{}",
        id.strip_prefix("Nomination:").unwrap_or(id)
    )
}

/// The global id a nomination's page asks for, from the route's `:id`.
pub fn nomination_gid(param: &str) -> String {
    if param.starts_with("Nomination:") {
        param.to_owned()
    } else {
        format!("Nomination:{param}")
    }
}

pub fn echelon_label(e: Echelon, lang: Lang) -> &'static str {
    lang.pick(e.label_zh(), e.label_en())
}

pub fn source_label(s: NominationSource, lang: Lang) -> &'static str {
    lang.pick(s.label_zh(), s.label_en())
}

/// The CSS class of a nomination's status chip.
fn status_class(s: NominationStatus) -> &'static str {
    match s {
        NominationStatus::Assessing => "chip nomination-assessing",
        NominationStatus::SigningOff => "chip nomination-signing",
        NominationStatus::Admitted => "chip nomination-admitted",
        NominationStatus::Rejected => "chip nomination-rejected",
        NominationStatus::Withdrawn => "chip chip-muted",
    }
}

/// A nomination's status as a chip.
#[component]
pub fn NominationChip(status: NominationStatus) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=status_class(status) data-status=format!("{status:?}")>
            {move || lang.get().pick(status.label_zh(), status.label_en())}
        </span>
    }
}

/// A score as people write it: `85` or `85.5`.
pub fn score_text(v: f64) -> String {
    Score::new("score", v)
        .map(|s| s.to_string())
        .unwrap_or_else(|_| v.to_string())
}

/// A mark typed into `field`: a number from 0 to 100 with at most one decimal (the shared
/// rule the server applies).
pub fn parse_score(field: &str, text: &str) -> Result<f64, FieldError> {
    let number: f64 = text.trim().parse().map_err(|_| {
        FieldError::new(
            field,
            entity::Problem::BadFormat {
                expected_zh: "0 到 100 之间的分数,如 85.5".into(),
                expected_en: "a score from 0 to 100, such as 85.5".into(),
            },
        )
    })?;
    Score::new(field, number).map(Score::value)
}

/// A rule's complaint in the user's language.
pub fn problem_text(e: &FieldError, lang: Lang) -> String {
    match lang {
        Lang::Zh => e.problem.message_zh(),
        Lang::En => e.problem.message_en(),
    }
}

/// Where a step of the sign-off stands, as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    Agreed,
    Disagreed,
    /// Waits for its signature now.
    Current,
    /// Comes later, or never came because the sign-off ended.
    Waiting,
}

impl StepState {
    fn class(self) -> &'static str {
        match self {
            StepState::Agreed => "step step-agreed",
            StepState::Disagreed => "step step-disagreed",
            StepState::Current => "step step-current",
            StepState::Waiting => "step step-waiting",
        }
    }

    fn key(self, closed: bool) -> &'static str {
        match self {
            StepState::Agreed => "talent.step.agreed",
            StepState::Disagreed => "talent.step.disagreed",
            StepState::Current => "talent.step.current",
            StepState::Waiting if closed => "talent.step.not_reached",
            StepState::Waiting => "talent.step.waiting",
        }
    }
}

/// One step of a sign-off, whichever query brought it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub role: SignerRole,
    /// `Employee:<uuid>` of the signer, when known.
    pub signer_id: Option<String>,
    /// `(name, 工号)` of the signer.
    pub signer: Option<(String, String)>,
    pub agree: Option<bool>,
    pub comment: Option<String>,
    pub signed_at: Option<String>,
    pub is_current: bool,
}

impl Step {
    pub fn state(&self) -> StepState {
        match self.agree {
            Some(true) => StepState::Agreed,
            Some(false) => StepState::Disagreed,
            None if self.is_current => StepState::Current,
            None => StepState::Waiting,
        }
    }
}

/// Converts the generated step type of an operation (the `StepFields` fragment) into a [`Step`].
macro_rules! steps_from {
    ($list:expr) => {
        $list
            .into_iter()
            .map(|s| $crate::pages::talent::Step {
                role: s.role,
                signer_id: s.signer.as_ref().map(|p| p.id.clone()),
                signer: s.signer.map(|p| (p.name, p.employee_no)),
                agree: s.agree,
                comment: s.comment,
                signed_at: s.signed_at,
                is_current: s.is_current,
            })
            .collect::<Vec<$crate::pages::talent::Step>>()
    };
}
pub(crate) use steps_from;

/// Whether the step waiting now is `me`'s to sign.
pub fn my_turn(steps: &[Step], me: Option<&str>) -> bool {
    me.is_some_and(|me| {
        steps
            .iter()
            .any(|s| s.is_current && s.signer_id.as_deref() == Some(me))
    })
}

/// The sign-off chain: 本人 → 上级 → 上二级, each with who, state, when and comment.
#[component]
pub fn SignOffChain(steps: Vec<Step>, closed: bool, id: String) -> impl IntoView {
    let lang = use_lang();
    if steps.is_empty() {
        return view! { <p class="muted" id=id>{tr("talent.chain.not_started")}</p> }.into_any();
    }
    view! {
        <ol class="chain" id=id>
            {steps
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let state = s.state();
                    let role = s.role;
                    let who = s.signer.clone();
                    let when = s.signed_at.as_deref().map(format::date_time);
                    let comment = s.comment.clone();
                    view! {
                        <li class=state.class() data-state=format!("{state:?}").to_lowercase()>
                            <span class="step-dot" aria-hidden="true">{i + 1}</span>
                            <div class="step-body">
                                <div class="step-head">
                                    <strong>{move || lang.get().pick(role.label_zh(), role.label_en())}</strong>
                                    <span class="step-state">{tr(state.key(closed))}</span>
                                </div>
                                <div class="step-who">
                                    {move || match &who {
                                        Some((name, no)) => person_text(name, no, lang.get()),
                                        None => t(lang.get(), "home.none").to_owned(),
                                    }}
                                </div>
                                {when.map(|w| view! { <div class="muted step-when">{w}</div> })}
                                {comment.map(|c| view! { <div class="step-comment">{c}</div> })}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The chain in one line of dots, for lists: a title on each says who and how they signed.
#[component]
pub fn CompactChain(steps: Vec<Step>) -> impl IntoView {
    let lang = use_lang();
    if steps.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    view! {
        <ol class="chain-compact">
            {steps
                .into_iter()
                .map(|s| {
                    let state = s.state();
                    let role = s.role;
                    let name = s.signer.clone().map(|(n, _)| n).unwrap_or_default();
                    let label = move || {
                        let lang = lang.get();
                        format!(
                            "{} {} · {}",
                            lang.pick(role.label_zh(), role.label_en()),
                            name,
                            t(lang, state.key(false))
                        )
                    };
                    view! {
                        <li class=state.class() title=label>
                            <span class="step-dot" aria-hidden="true"></span>
                            <span class="step-role">{move || lang.get().pick(role.label_zh(), role.label_en())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// One criterion of a standard check, whichever query brought it.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub criterion: Criterion,
    pub required: String,
    pub actual: Option<String>,
    pub passed: bool,
}

/// A figure of a check with its unit: `12 个月`, `95%`.
fn figure(criterion: Criterion, value: &str, lang: Lang) -> String {
    match criterion {
        Criterion::Tenure => t(lang, "talent.months").replace("{n}", value),
        Criterion::CallVolumeIndex => format!("{value}%"),
        _ => value.to_owned(),
    }
}

/// The standard's criteria for a candidate: required, actual, passed.
#[component]
pub fn StandardChecks(checks: Vec<Check>, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    if checks.is_empty() {
        return view! { <div id=id><Empty text="talent.checks.none" /></div> }.into_any();
    }
    let all_pass = checks.iter().all(|c| c.passed);
    view! {
        <div id=id>
            <p class=if all_pass { "check-summary check-pass" } else { "check-summary check-fail" }>
                {tr(if all_pass { "talent.checks.all_pass" } else { "talent.checks.some_fail" })}
            </p>
            <table class="data-table checks-table">
                <thead>
                    <tr>
                        <th>{tr("talent.checks.criterion")}</th>
                        <th>{tr("talent.checks.required")}</th>
                        <th>{tr("talent.checks.actual")}</th>
                        <th>{tr("talent.checks.result")}</th>
                    </tr>
                </thead>
                <tbody>
                    {checks
                        .into_iter()
                        .map(|c| {
                            let criterion = c.criterion;
                            let passed = c.passed;
                            let required = c.required.clone();
                            let actual = c.actual.clone();
                            view! {
                                <tr class=if passed { "check-row check-pass" } else { "check-row check-fail" }>
                                    <td data-label=tr("talent.checks.criterion")>
                                        {move || lang.get().pick(criterion.label_zh(), criterion.label_en())}
                                    </td>
                                    <td data-label=tr("talent.checks.required")>
                                        {move || figure(criterion, &required, lang.get())}
                                    </td>
                                    <td data-label=tr("talent.checks.actual")>
                                        {move || match &actual {
                                            Some(a) => figure(criterion, a, lang.get()),
                                            None => t(lang.get(), "talent.checks.no_figure").to_owned(),
                                        }}
                                    </td>
                                    <td data-label=tr("talent.checks.result")>
                                        {tr(if passed { "talent.checks.pass" } else { "talent.checks.fail" })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A disagreement needs its reason (the server asks the same).
pub fn disagree_reason(text: &str) -> Result<String, FieldError> {
    entity::required_text("comment", text, entity::MAX_TEXT)
}

/// The caller's signature on the step that waits for them: 同意, or 不同意 with a reason
/// (asked for again in a confirmation, since it ends the sign-off).
#[component]
pub fn SignBox(nomination_id: String, on_done: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let comment = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FieldError>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(nomination_id);

    let send = move |agree: bool, text: Option<String>| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::SignNomination>(sign_nomination::Variables {
                id: id.get_value(),
                agree,
                comment: text,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(if agree {
                        "talent.sign.agreed"
                    } else {
                        "talent.sign.disagreed"
                    });
                    on_done.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    };
    let agree = move |_| {
        let text = comment.get_untracked().trim().to_owned();
        send(true, (!text.is_empty()).then_some(text));
    };
    let disagree = move |_| match disagree_reason(&comment.get_untracked()) {
        Ok(_) => {
            problem.set(None);
            confirm.set(true);
        }
        Err(e) => problem.set(Some(e)),
    };
    let confirmed = Callback::new(move |_| {
        if let Ok(reason) = disagree_reason(&comment.get_untracked()) {
            send(false, Some(reason));
        }
    });
    let body = Signal::derive(move || t(lang.get(), "talent.sign.disagree_body").to_owned());
    view! {
        <div class="card sign-box" id="sign-box">
            <h2>{tr("talent.sign.title")}</h2>
            <label class="field">
                <span>{tr("talent.sign.comment")}</span>
                <textarea id="sign-comment" rows="3" maxlength=entity::MAX_TEXT
                    placeholder=tr("talent.sign.comment_hint")
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </label>
            {move || problem.get().map(|p| view! {
                <p class="form-error" role="alert" id="sign-problem">{move || problem_text(&p, lang.get())}</p>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="actions">
                <button type="button" class="btn btn-primary" id="sign-agree" disabled=move || busy.get() on:click=agree>
                    {tr("talent.sign.agree")}
                </button>
                <button type="button" class="btn btn-danger" id="sign-disagree" disabled=move || busy.get() on:click=disagree>
                    {tr("talent.sign.disagree")}
                </button>
            </div>
            <ConfirmDialog open=confirm title="talent.sign.disagree_title" body=body on_confirm=confirmed />
        </div>
    }
}

/// (key, 中文, English) of the talent pages.
pub static TEXTS: &[(&str, &str, &str)] = &[
    ("nav.talent", "人才梯队", "Talent pool"),
    ("nav.my_talent", "我的梯队", "My echelon"),
    ("talent.title", "人才梯队", "Talent pool"),
    ("talent.all_echelons", "全部梯队", "All echelons"),
    ("talent.members", "在库人数", "Members"),
    ("talent.candidates", "候选人数", "Candidates"),
    (
        "talent.grid",
        "能力 × 潜质九宫格",
        "Ability × potential grid",
    ),
    (
        "talent.grid_hint",
        "统计已完成考核、仍在进行中的提名",
        "Assessed nominations that are still open",
    ),
    ("talent.ability", "能力", "Ability"),
    ("talent.potential", "潜质", "Potential"),
    ("talent.member_list", "在库人员", "Pool members"),
    ("talent.no_members", "暂无在库人员", "No members yet"),
    ("talent.joined", "入库时间", "Joined"),
    ("talent.chain", "签核", "Sign-off"),
    (
        "talent.open_nominations",
        "进行中的提名",
        "Open nominations",
    ),
    ("talent.no_open", "暂无进行中的提名", "No open nominations"),
    ("talent.nominate", "提名", "Nominate"),
    ("talent.standards", "选拔标准", "Selection standards"),
    ("talent.echelon", "梯队", "Echelon"),
    ("talent.source", "提名方式", "Source"),
    ("talent.nominee", "被提名人", "Nominee"),
    ("talent.nominated_by", "提名人", "Nominated by"),
    ("talent.reason", "提名理由", "Reason"),
    ("talent.created", "提名时间", "Nominated on"),
    ("talent.months", "{n} 个月", "{n} months"),
    ("talent.nomination", "提名详情", "Nomination"),
    ("talent.outcome_reason", "结果说明", "Outcome note"),
    ("talent.scores", "能力潜质考核", "Assessment"),
    ("talent.exam", "考试成绩", "Exam score"),
    ("talent.comment", "考核意见", "Assessment comment"),
    ("talent.cell", "九宫格位置", "Grid cell"),
    ("talent.not_assessed", "尚未考核", "Not assessed yet"),
    ("talent.checks", "选拔标准核对", "Standard check"),
    ("talent.checks.criterion", "项目", "Criterion"),
    ("talent.checks.required", "要求", "Required"),
    ("talent.checks.actual", "实际", "Actual"),
    ("talent.checks.result", "结果", "Result"),
    ("talent.checks.pass", "符合", "Meets"),
    ("talent.checks.fail", "不符合", "Falls short"),
    ("talent.checks.no_figure", "暂无数据", "No figure"),
    (
        "talent.checks.none",
        "该梯队未设选拔标准",
        "This echelon sets no standard",
    ),
    (
        "talent.checks.all_pass",
        "符合全部选拔标准",
        "Meets every criterion",
    ),
    (
        "talent.checks.some_fail",
        "部分标准未达到,仍可提名,由签核人判断",
        "Some criteria are not met; the nomination may still go ahead for the signers to judge",
    ),
    ("talent.chain.title", "三级签核", "Three-level sign-off"),
    (
        "talent.chain.not_started",
        "考核完成并提交后开始签核",
        "The sign-off starts once the assessment is submitted",
    ),
    ("talent.step.agreed", "同意", "Agreed"),
    ("talent.step.disagreed", "不同意", "Disagreed"),
    ("talent.step.current", "待签核", "Waiting for signature"),
    ("talent.step.waiting", "未轮到", "Not yet"),
    ("talent.step.not_reached", "未签核", "Not signed"),
    ("talent.assess", "录入考核结果", "Record the assessment"),
    ("talent.assess.ability", "能力分 (0–100)", "Ability (0–100)"),
    (
        "talent.assess.potential",
        "潜质分 (0–100)",
        "Potential (0–100)",
    ),
    (
        "talent.assess.exam",
        "考试成绩 (0–100)",
        "Exam score (0–100)",
    ),
    (
        "talent.assess.comment",
        "考核意见(选填)",
        "Comment (optional)",
    ),
    ("talent.assess.save", "保存考核结果", "Save the assessment"),
    ("talent.assess.saved", "考核结果已保存", "Assessment saved"),
    ("talent.submit", "提交签核", "Send to sign-off"),
    ("talent.submitted", "已提交签核", "Sent to sign-off"),
    (
        "talent.submit_hint",
        "提交后由本人、上级、上二级依次签核",
        "The nominee, the superior and the skip-level superior then sign in turn",
    ),
    ("talent.withdraw", "撤回提名", "Withdraw"),
    (
        "talent.withdraw_title",
        "撤回提名",
        "Withdraw the nomination",
    ),
    (
        "talent.withdraw_body",
        "撤回后该提名结束,不能恢复。确定撤回吗?",
        "A withdrawn nomination ends and cannot be reopened. Withdraw it?",
    ),
    ("talent.withdrawn", "提名已撤回", "Nomination withdrawn"),
    ("talent.sign.title", "轮到您签核", "Your signature is due"),
    ("talent.sign.comment", "签核意见", "Comment"),
    (
        "talent.sign.comment_hint",
        "同意时可不填;不同意时必须填写理由",
        "Optional when you agree; required when you disagree",
    ),
    ("talent.sign.agree", "同意", "Agree"),
    ("talent.sign.disagree", "不同意", "Disagree"),
    (
        "talent.sign.disagree_title",
        "确认不同意",
        "Confirm disagreement",
    ),
    (
        "talent.sign.disagree_body",
        "不同意将使该提名不通过,签核随即结束。确定吗?",
        "Disagreeing rejects the nomination and ends the sign-off. Continue?",
    ),
    ("talent.sign.agreed", "已签核:同意", "Signed: agreed"),
    (
        "talent.sign.disagreed",
        "已签核:不同意",
        "Signed: disagreed",
    ),
    (
        "talent.nominate.title",
        "提名进入人才梯队",
        "Nominate to the talent pool",
    ),
    ("talent.nominate.employee", "被提名人", "Nominee"),
    (
        "talent.nominate.search",
        "输入工号或姓名搜索",
        "Search by employee number or name",
    ),
    (
        "talent.nominate.no_match",
        "没有找到符合条件的员工",
        "No matching employees",
    ),
    ("talent.nominate.change", "重新选择", "Change"),
    (
        "talent.nominate.reason_hint",
        "说明提名理由",
        "Why this person",
    ),
    ("talent.nominate.submit", "提交提名", "Nominate"),
    ("talent.nominate.done", "提名已提交", "Nomination made"),
    (
        "talent.nominate.pick",
        "请先选择被提名人",
        "Choose the nominee first",
    ),
    ("talent.standards.title", "选拔标准", "Selection standards"),
    (
        "talent.standards.hint",
        "留空表示该项不作要求",
        "Leave a field empty to not require it",
    ),
    (
        "talent.standards.tenure",
        "最低司龄(月)",
        "Minimum tenure (months)",
    ),
    (
        "talent.standards.exam",
        "最低考试成绩",
        "Minimum exam score",
    ),
    (
        "talent.standards.grade",
        "最低胜任力等级",
        "Minimum competency grade",
    ),
    (
        "talent.standards.quality",
        "最低服务质量分",
        "Minimum quality score",
    ),
    (
        "talent.standards.volume",
        "最低话务量指标(%)",
        "Minimum call volume index (%)",
    ),
    ("talent.standards.any", "不要求", "Not required"),
    (
        "talent.standards.bad_months",
        "司龄须为 0 到 600 的整数",
        "Tenure must be a whole number from 0 to 600",
    ),
    (
        "talent.standards.bad_number",
        "请输入数字",
        "Enter a number",
    ),
    ("talent.standards.updated", "更新于", "Updated"),
    ("talent.mine.title", "我的梯队", "My echelon"),
    ("talent.mine.member", "已在人才库", "In the talent pool"),
    ("talent.mine.since", "入库时间", "Since"),
    (
        "talent.mine.not_member",
        "您目前不在人才库中",
        "You are not in the talent pool yet",
    ),
    ("talent.mine.nominations", "我的提名", "My nominations"),
    (
        "talent.mine.no_nominations",
        "暂无提名记录",
        "No nominations yet",
    ),
    ("talent.mine.apply", "毛遂自荐", "Apply"),
    (
        "talent.mine.apply_hint",
        "选择想进入的梯队并说明理由,上级考核后进入三级签核",
        "Choose the echelon and say why; your superior assesses, then three levels sign off",
    ),
    ("talent.mine.apply_reason", "自荐理由", "Why you"),
    (
        "talent.mine.apply_submit",
        "提交自荐",
        "Send my application",
    ),
    ("talent.mine.applied", "自荐已提交", "Application sent"),
    ("talent.mine.open", "查看详情", "Details"),
    (
        "talent.mine.link",
        "查看我的人才梯队",
        "See my place in the talent pool",
    ),
    ("talent.plan.title", "发展计划", "Development plan"),
    ("talent.plan.empty", "暂无发展计划项", "No plan items yet"),
    (
        "talent.plan.agreed_by_all",
        "三级均已确认",
        "Agreed by all three levels",
    ),
    ("talent.plan.not_agreed", "待三级确认", "Awaiting agreement"),
    ("talent.plan.agree", "确认发展计划", "Agree to the plan"),
    ("talent.plan.agreed", "已确认发展计划", "Plan agreed"),
    ("talent.plan.overdue", "已逾期", "Overdue"),
    ("talent.plan.due", "截止日期", "Due"),
    ("talent.plan.evidence", "完成情况", "Evidence"),
    ("talent.plan.reflection", "读书心得", "Reflection"),
    (
        "talent.plan.reviewer_comment",
        "上级意见",
        "Reviewer's comment",
    ),
    ("talent.plan.submit", "提交", "Hand in"),
    (
        "talent.plan.submitted",
        "已提交,等待上级审阅",
        "Handed in for review",
    ),
    ("talent.plan.review_comment", "审阅意见", "Review comment"),
    (
        "talent.plan.review_hint",
        "通过时可不填;退回时必须填写",
        "Optional to accept; required to return",
    ),
    ("talent.plan.accept", "通过", "Accept"),
    ("talent.plan.return", "退回", "Return"),
    ("talent.plan.accepted", "已通过", "Accepted"),
    ("talent.plan.returned", "已退回", "Returned"),
    ("talent.plan.add", "新增计划项", "Add a plan item"),
    ("talent.plan.kind", "培养方式", "Kind"),
    ("talent.plan.item_title", "内容", "Title"),
    ("talent.plan.add_submit", "添加", "Add"),
    ("talent.plan.added", "计划项已添加", "Item added"),
    ("talent.member.title", "后备员工档案", "Pool member"),
    ("talent.member.open", "档案", "Profile"),
    ("talent.review.title", "胜任力测评", "Competency reviews"),
    ("talent.review.none", "暂无测评记录", "No reviews yet"),
    ("talent.review.period", "季度", "Quarter"),
    ("talent.review.grade", "等级", "Grade"),
    ("talent.review.comment", "评语", "Comment"),
    ("talent.review.by", "测评人", "Reviewed by"),
    ("talent.review.record", "录入胜任力测评", "Record a review"),
    ("talent.review.save", "保存测评", "Save the review"),
    ("talent.review.recorded", "测评已保存", "Review saved"),
    ("talent.points.title", "月度积分", "Monthly points"),
    ("talent.points.month", "月份", "Month"),
    ("talent.points.points", "积分", "Points"),
    ("talent.points.save", "保存积分", "Save the points"),
    ("talent.points.saved", "积分已保存", "Points saved"),
    ("talent.points.recent", "近期月度积分", "Recent monthly points"),
    ("talent.inv.title", "年底能力盘点", "Year-end inventory"),
    ("talent.inv.none", "暂无盘点记录", "No inventories yet"),
    ("talent.inv.year_title", "{year} 年度", "Year {year}"),
    ("talent.inv.by", "直接上级", "Superior"),
    ("talent.inv.shared_at", "反馈于", "shared"),
    ("talent.inv.strengths", "优势", "Strengths"),
    ("talent.inv.weaknesses", "不足", "Weaknesses"),
    ("talent.inv.plan", "来年计划", "Next year's plan"),
    ("talent.inv.member_read", "本人已阅", "Read by the member"),
    (
        "talent.inv.member_confirmed",
        "本人确认来年计划",
        "Plan confirmed by the member",
    ),
    (
        "talent.inv.superior_confirmed",
        "上级确认来年计划",
        "Plan confirmed by the superior",
    ),
    ("talent.inv.pending", "未完成", "not yet"),
    ("talent.inv.share", "反馈给本人", "Share with the member"),
    ("talent.inv.shared", "盘点已反馈给本人", "Inventory shared"),
    ("talent.inv.read", "已阅", "Mark as read"),
    ("talent.inv.read_done", "已标记为已阅", "Marked as read"),
    ("talent.inv.confirm", "确认来年计划", "Confirm next year's plan"),
    ("talent.inv.confirmed", "已确认来年计划", "Plan confirmed"),
    ("talent.inv.write", "填写年底能力盘点", "Write the year-end inventory"),
    (
        "talent.inv.write_hint",
        "可先保存草稿,反馈给本人后不能再修改",
        "Save a draft as often as you like; once shared it can no longer be changed",
    ),
    ("talent.inv.year", "年度", "Year"),
    (
        "talent.inv.already_shared",
        "该年度盘点已反馈给本人,不能再修改",
        "This year's inventory has been shared and can no longer be changed",
    ),
    ("talent.inv.save", "保存草稿", "Save draft"),
    ("talent.inv.saved", "草稿已保存", "Draft saved"),
    ("talent.inv.save_share", "保存并反馈给本人", "Save and share"),
    ("talent.pimport.title", "导入月度积分", "Import monthly points"),
    ("talent.pimport.open", "批量导入积分", "Import points"),
    (
        "talent.pimport.help",
        "选择 .xlsx 或 .csv 文件,表头须包含「工号」和「积分」两列,每行一人。文件先校验、不写入;无误后才能确认导入,全部写入或全部不写入",
        "Choose an .xlsx or .csv file whose header names the columns 工号 (employeeNo) and 积分 (points), one member a row. The file is checked first and nothing is written; once it is clean you can import it, all rows or none",
    ),
    ("talent.pimport.check", "重新校验", "Check again"),
    ("talent.pimport.summary", "共 {rows} 行", "{rows} rows"),
    (
        "talent.pimport.summary_committed",
        "已导入 {month} 的积分,共 {rows} 人",
        "Points of {month} imported for {rows} members",
    ),
    ("talent.pimport.done", "积分已导入", "Points imported"),
    ("talent.history.title", "梯队变动记录", "Pool history"),
    ("talent.history.none", "暂无变动记录", "No changes yet"),
    ("talent.export.pool", "导出在库人员", "Export members"),
    (
        "talent.export.candidates",
        "导出候选人",
        "Export candidates",
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
    ("talent.elim.title", "末位淘汰", "Bottom elimination"),
    ("talent.elim.project", "项目", "Project"),
    ("talent.elim.choose", "请选择项目", "Choose a project"),
    ("talent.elim.quarter", "季度", "Quarter"),
    ("talent.elim.show", "查看", "Show"),
    (
        "talent.elim.pick",
        "选择项目和季度后查看淘汰候选人",
        "Choose a project and a quarter to see the candidates",
    ),
    (
        "talent.elim.none",
        "本季度没有待处理的淘汰候选人",
        "No undecided candidates this quarter",
    ),
    ("talent.elim.candidates", "淘汰候选人", "Candidates"),
    (
        "talent.elim.hint",
        "本季度三个月积分均处于项目末位的在库人员",
        "Pool members at the bottom of the project in each month of the quarter",
    ),
    ("talent.elim.decision", "处理", "Decision"),
    ("talent.elim.ratio", "淘汰比例", "Elimination ratio"),
    (
        "talent.elim.ratio_hint",
        "每月积分排名末位的比例,如 10 表示末位 10%",
        "The share at the bottom each month; 10 means the bottom 10%",
    ),
    ("talent.elim.ratio_percent", "比例(%)", "Ratio (%)"),
    ("talent.elim.ratio_save", "保存比例", "Save the ratio"),
    ("talent.elim.ratio_saved", "淘汰比例已保存", "Ratio saved"),
    ("talent.elim.band", "末位", "bottom"),
    ("talent.elim.reason", "处理理由(必填)", "Reason (required)"),
    ("talent.elim.confirm", "确认淘汰", "Confirm"),
    ("talent.elim.keep", "保留", "Keep"),
    (
        "talent.elim.decide_title",
        "确认处理",
        "Confirm the decision",
    ),
    (
        "talent.elim.confirm_body",
        "确认淘汰后,该员工将退出人才库。确定吗?",
        "Confirmed, the member leaves the talent pool. Continue?",
    ),
    (
        "talent.elim.keep_body",
        "保留后,该员工本季度不再列为淘汰候选人。确定吗?",
        "Kept, the member is no longer a candidate this quarter. Continue?",
    ),
    (
        "talent.elim.confirmed",
        "已确认淘汰",
        "Elimination confirmed",
    ),
    ("talent.elim.kept", "已保留", "Member kept"),
    ("inbox.kind.sign_off", "三级签核", "Sign-off"),
    (
        "inbox.kind.nomination",
        "人才梯队提名",
        "Talent-pool nomination",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn step(role: SignerRole, who: &str, agree: Option<bool>, current: bool) -> Step {
        Step {
            role,
            signer_id: Some(format!("Employee:{who}")),
            signer: Some((who.to_owned(), who.to_owned())),
            agree,
            comment: None,
            signed_at: None,
            is_current: current,
        }
    }

    #[test]
    fn a_nomination_page_is_reached_by_its_uuid() {
        assert_eq!(
            nomination_href("Nomination:0190-ab"),
            "/talent/nominations/0190-ab"
        );
        assert_eq!(nomination_href("0190-ab"), "/talent/nominations/0190-ab");
        assert_eq!(nomination_gid("0190-ab"), "Nomination:0190-ab");
        assert_eq!(nomination_gid("Nomination:0190-ab"), "Nomination:0190-ab");
    }

    #[test]
    fn it_is_my_turn_only_on_the_current_step_in_my_name() {
        let steps = vec![
            step(SignerRole::Self_, "a", Some(true), false),
            step(SignerRole::Superior, "b", None, true),
            step(SignerRole::SkipLevel, "c", None, false),
        ];
        assert!(my_turn(&steps, Some("Employee:b")));
        assert!(!my_turn(&steps, Some("Employee:a")));
        assert!(!my_turn(&steps, Some("Employee:c")));
        assert!(!my_turn(&steps, None));
        assert_eq!(steps[0].state(), StepState::Agreed);
        assert_eq!(steps[1].state(), StepState::Current);
        assert_eq!(steps[2].state(), StepState::Waiting);
        assert_eq!(
            step(SignerRole::Superior, "b", Some(false), false).state(),
            StepState::Disagreed
        );
    }

    #[test]
    fn scores_follow_the_shared_rule() {
        assert_eq!(parse_score("ability", " 85.5 "), Ok(85.5));
        assert_eq!(parse_score("ability", "100"), Ok(100.0));
        assert!(parse_score("ability", "85.55").is_err());
        assert!(parse_score("ability", "101").is_err());
        assert!(parse_score("ability", "八十").is_err());
        assert!(parse_score("ability", "").is_err());
        assert_eq!(score_text(85.0), "85");
        assert_eq!(score_text(85.5), "85.5");
    }

    #[test]
    fn a_disagreement_needs_a_reason() {
        assert!(disagree_reason("  ").is_err());
        assert_eq!(disagree_reason(" 经验不足 ").as_deref(), Ok("经验不足"));
    }

    #[test]
    fn figures_carry_their_unit() {
        assert_eq!(figure(Criterion::Tenure, "12", Lang::Zh), "12 个月");
        assert_eq!(figure(Criterion::Tenure, "12", Lang::En), "12 months");
        assert_eq!(figure(Criterion::CallVolumeIndex, "95", Lang::En), "95%");
        assert_eq!(figure(Criterion::ExamScore, "85.5", Lang::En), "85.5");
    }
}
