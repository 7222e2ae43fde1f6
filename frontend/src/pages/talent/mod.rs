//! 人才梯队: the pool overview, a nomination's page with its assessment and three-level
//! sign-off, the nomination form, the selection standards, 我的梯队, a member's development
//! plan, grades and year-end inventories, the quarterly bottom elimination (末位淘汰) and the
//! import of a month's points.
//!
//! Labels, score rules and the grid's cell names come from `entity` (the server enforces the
//! same ones); this module holds what the pages share: the sign-off chain as drawn steps, the
//! standard checks, the status chip and the signing box. Their texts are in `i18n/talent.rs`.
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
        .unwrap_or_else(|_| format::number_text(v, 2))
}

/// A mark typed into `field`: a number from 0 to 100 with at most one decimal (the shared
/// rule the server applies).
pub fn parse_score(field: &str, text: &str) -> Result<f64, FieldError> {
    let number = format::number(text).ok_or_else(|| {
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
        crate::i18n::use_bundle::<{ entity::Bundle::Talent as u8 }>();
        assert_eq!(figure(Criterion::Tenure, "12", Lang::Zh), "12 个月");
        assert_eq!(figure(Criterion::Tenure, "12", Lang::En), "12 months");
        assert_eq!(figure(Criterion::CallVolumeIndex, "95", Lang::En), "95%");
        assert_eq!(figure(Criterion::ExamScore, "85.5", Lang::En), "85.5");
    }
}
