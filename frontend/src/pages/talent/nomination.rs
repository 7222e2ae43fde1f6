//! `/talent/nominations/:id`: one nomination — nominee, echelon, reason, status, the
//! assessment and its grid cell, the standard check, the sign-off chain, and what the caller
//! may do now: assess and submit (a superior or HR, never the nominee), sign their own step,
//! withdraw. The server decides in the end; the page only leaves out dead ends.
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::ops::nomination::{self as op, NominationNomination};
use crate::api::ops::{
    assess_nomination, submit_nomination, withdraw_nomination, NominationStatus,
};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, ConfirmDialog, Crumb, ErrorNotice, Fetched};
use crate::format;
use crate::i18n::t;
use crate::pages::home::person_text;
use crate::pages::talent::{
    echelon_label, my_turn, nomination_gid, parse_score, problem_text, score_text, source_label,
    steps_from, Check, NominationChip, SignBox, SignOffChain, StandardChecks, Step,
};
use entity::{grid_cell_label_en, grid_cell_label_zh, Area, FieldError};

/// What the caller may do with a nomination, as far as the page can tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    pub assess: bool,
    pub submit: bool,
    pub sign: bool,
    pub withdraw: bool,
}

/// Who is looking at a nomination.
pub struct Viewer<'a> {
    pub employee_id: Option<&'a str>,
    /// Reaches people beyond themself (team leaders, managers, HR): may assess those in reach.
    pub assesses: bool,
}

pub fn actions(
    status: NominationStatus,
    nominee: &str,
    nominated_by: Option<&str>,
    assessed: bool,
    steps: &[Step],
    viewer: &Viewer,
) -> Actions {
    let is_nominee = viewer.employee_id == Some(nominee);
    let assess = status == NominationStatus::Assessing && viewer.assesses && !is_nominee;
    let nominator = viewer.employee_id.is_some() && viewer.employee_id == nominated_by;
    Actions {
        assess,
        submit: assess && assessed,
        sign: status == NominationStatus::SigningOff && my_turn(steps, viewer.employee_id),
        withdraw: !status.is_closed() && (is_nominee || nominator || viewer.assesses),
    }
}

#[component]
pub fn NominationPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| nomination_gid(&params.with(|p| p.get("id")).unwrap_or_default()));
    let nomination = LocalResource::new(move || {
        let id = id.get();
        async move {
            api::call::<api::ops::Nomination>(op::Variables { id })
                .await
                .map(|d| d.nomination)
        }
    });
    view! {
        <section class="page nomination">
            <Fetched resource=nomination view=move |n| view! {
                <Detail n=n reload=Callback::new(move |_| nomination.refetch()) />
            } />
        </section>
    }
}

#[component]
fn Detail(n: NominationNomination, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let me = session.me();
    let steps: Vec<Step> = steps_from!(n.sign_offs);
    let checks: Vec<Check> = n
        .checks
        .into_iter()
        .map(|c| Check {
            criterion: c.criterion,
            required: c.required,
            actual: c.actual,
            passed: c.passed,
        })
        .collect();
    let my_id = me.with_untracked(|m| m.as_ref().map(|m| m.employee.id.clone()));
    let assessed =
        n.ability_score.is_some() && n.potential_score.is_some() && n.exam_score.is_some();
    let can = actions(
        n.status,
        &n.employee.id,
        n.nominated_by.as_ref().map(|p| p.id.as_str()),
        assessed,
        &steps,
        &Viewer {
            employee_id: my_id.as_deref(),
            assesses: session.may_open(Area::Talent),
        },
    );
    let closed = n.status.is_closed();
    let (e, source) = (n.echelon, n.source);
    let nominee = (n.employee.name.clone(), n.employee.employee_no.clone());
    let title = nominee.clone();
    let by = n.nominated_by.clone().map(|p| (p.name, p.employee_no));
    let cell = n.ability_band.zip(n.potential_band);
    let back = if session.may_open(Area::Talent) {
        Crumb::key("talent.title", Some("/talent"))
    } else {
        Crumb::key("nav.my_talent", Some("/me/talent"))
    };
    let scores = [
        ("talent.ability", n.ability_score, "score-ability"),
        ("talent.potential", n.potential_score, "score-potential"),
        ("talent.exam", n.exam_score, "score-exam"),
    ];
    view! {
        <Breadcrumbs crumbs=vec![
            Crumb::key("nav.home", Some("/")),
            back,
            Crumb::text(n.employee.name.clone(), None),
        ] />
        <div class="page-head">
            <h1 id="nomination-title">
                {move || person_text(&title.0, &title.1, lang.get())}
                " "
                <span id="nomination-status"><NominationChip status=n.status /></span>
            </h1>
        </div>
        {n.outcome_reason.clone().map(|r| view! {
            <p class="card outcome" id="nomination-outcome">
                <strong>{tr("talent.outcome_reason")}</strong>": "{r}
            </p>
        })}
        <div class="cards">
            <article class="card">
                <h2>{tr("talent.nomination")}</h2>
                <dl class="facts">
                    <dt>{tr("talent.nominee")}</dt>
                    <dd id="nomination-nominee">
                        {move || person_text(&nominee.0, &nominee.1, lang.get())}
                        <span class="muted">" · "{n.employee.org_unit.name.clone()}" · "{n.employee.position.clone()}</span>
                    </dd>
                    <dt>{tr("talent.echelon")}</dt>
                    <dd id="nomination-echelon">{move || echelon_label(e, lang.get())}</dd>
                    <dt>{tr("talent.source")}</dt>
                    <dd id="nomination-source">{move || source_label(source, lang.get())}</dd>
                    <dt>{tr("talent.nominated_by")}</dt>
                    <dd>{move || by.as_ref().map(|(name, no)| person_text(name, no, lang.get())).unwrap_or_default()}</dd>
                    <dt>{tr("talent.created")}</dt>
                    <dd>{format::date_time(&n.created_at)}</dd>
                    <dt>{tr("talent.reason")}</dt>
                    <dd id="nomination-reason" class="prewrap">{n.reason.clone()}</dd>
                </dl>
            </article>
            <article class="card" id="nomination-scores">
                <h2>{tr("talent.scores")}</h2>
                {if assessed || n.ability_score.is_some() {
                    view! {
                        <dl class="facts">
                            {scores
                                .into_iter()
                                .map(|(key, v, id)| view! {
                                    <dt>{tr(key)}</dt>
                                    <dd class="mono" id=id>{v.map(score_text).unwrap_or_else(|| "—".to_owned())}</dd>
                                })
                                .collect_view()}
                            <dt>{tr("talent.cell")}</dt>
                            <dd id="score-cell">
                                {move || cell.map(|c| {
                                    let lang = lang.get();
                                    format!(
                                        "{} ({} {} / {} {})",
                                        lang.pick(grid_cell_label_zh(c), grid_cell_label_en(c)),
                                        t(lang, "talent.ability"),
                                        lang.pick(c.0.label_zh(), c.0.label_en()),
                                        t(lang, "talent.potential"),
                                        lang.pick(c.1.label_zh(), c.1.label_en()),
                                    )
                                })}
                            </dd>
                            <dt>{tr("talent.comment")}</dt>
                            <dd class="prewrap">{n.assessment_comment.clone().unwrap_or_default()}</dd>
                        </dl>
                    }
                    .into_any()
                } else {
                    view! { <p class="muted">{tr("talent.not_assessed")}</p> }.into_any()
                }}
            </article>
        </div>
        {can.sign.then(|| view! { <SignBox nomination_id=n.id.clone() on_done=reload /> })}
        <article class="card" id="nomination-chain-card">
            <h2>{tr("talent.chain.title")}</h2>
            <SignOffChain steps=steps closed=closed id="nomination-chain".to_owned() />
        </article>
        {can.assess.then(|| view! {
            <AssessForm
                id=n.id.clone()
                version=n.version
                start=(n.ability_score, n.potential_score, n.exam_score, n.assessment_comment.clone())
                may_submit=can.submit
                reload=reload
            />
        })}
        <article class="card" id="nomination-checks-card">
            <h2>{tr("talent.checks")}</h2>
            <StandardChecks checks=checks id="nomination-checks" />
        </article>
        {can.withdraw.then(|| view! { <Withdraw id=n.id.clone() version=n.version reload=reload /> })}
    }
}

/// Scores as typed, before they are checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssessmentDraft {
    pub ability: String,
    pub potential: String,
    pub exam: String,
    pub comment: String,
}

impl AssessmentDraft {
    /// The mutation's input, checked with the shared score rule first.
    pub fn input(
        &self,
        id: &str,
        version: i64,
    ) -> Result<assess_nomination::AssessmentInput, FieldError> {
        let comment = entity::optional_text("comment", &self.comment, entity::MAX_TEXT)?;
        Ok(assess_nomination::AssessmentInput {
            nomination_id: id.to_owned(),
            expected_version: version,
            ability: parse_score("ability", &self.ability)?,
            potential: parse_score("potential", &self.potential)?,
            exam: parse_score("exam", &self.exam)?,
            comment: (!comment.is_empty()).then_some(comment),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Rule(FieldError),
    Api(ApiError),
}

#[component]
fn AssessForm(
    id: String,
    version: i64,
    start: (Option<f64>, Option<f64>, Option<f64>, Option<String>),
    may_submit: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let text = |v: Option<f64>| v.map(score_text).unwrap_or_default();
    let form = RwSignal::new(AssessmentDraft {
        ability: text(start.0),
        potential: text(start.1),
        exam: text(start.2),
        comment: start.3.unwrap_or_default(),
    });
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match form.with_untracked(|f| f.input(&id.get_value(), version)) {
            Ok(input) => input,
            Err(rule) => {
                error.set(Some(FormError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result =
                api::call::<api::ops::AssessNomination>(assess_nomination::Variables { input })
                    .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.assess.saved");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };
    let submit = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::call::<api::ops::SubmitNomination>(submit_nomination::Variables {
                id: id.get_value(),
                expected_version: version,
            })
            .await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("talent.submitted");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(FormError::Api(err)));
                }
            }
        });
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      get: fn(&AssessmentDraft) -> String,
                      set: fn(&mut AssessmentDraft, String)| {
        view! {
            <label class="field">
                <span>{tr(label)}</span>
                <input id=id type="text" inputmode="decimal" autocomplete="off"
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </label>
        }
    };
    view! {
        <form class="form card" id="assess-form" on:submit=save novalidate>
            <h2>{tr("talent.assess")}</h2>
            <div class="score-fields">
                {field("assess-ability", "talent.assess.ability", |d| d.ability.clone(), |d, v| d.ability = v)}
                {field("assess-potential", "talent.assess.potential", |d| d.potential.clone(), |d, v| d.potential = v)}
                {field("assess-exam", "talent.assess.exam", |d| d.exam.clone(), |d, v| d.exam = v)}
            </div>
            <label class="field">
                <span>{tr("talent.assess.comment")}</span>
                <textarea id="assess-comment" rows="3" maxlength=entity::MAX_TEXT
                    prop:value=move || form.with(|f| f.comment.clone())
                    on:input=move |ev| form.update(|f| f.comment = event_target_value(&ev))></textarea>
            </label>
            {move || error.get().map(|e| match e {
                FormError::Rule(rule) => view! {
                    <p class="form-error" role="alert" id="assess-problem">{move || problem_text(&rule, lang.get())}</p>
                }.into_any(),
                FormError::Api(err) => view! { <ErrorNotice error=err /> }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="btn" class:btn-primary=!may_submit id="assess-save" disabled=move || busy.get()>
                    {tr("talent.assess.save")}
                </button>
                {may_submit.then(|| view! {
                    <button type="button" class="btn btn-primary" id="nomination-submit" disabled=move || busy.get() on:click=submit>
                        {tr("talent.submit")}
                    </button>
                })}
            </div>
            {may_submit.then(|| view! { <p class="muted">{tr("talent.submit_hint")}</p> })}
        </form>
    }
}

#[component]
fn Withdraw(id: String, version: i64, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = StoredValue::new(id);
    let confirmed = Callback::new(move |_| {
        error.set(None);
        spawn_local(async move {
            let result =
                api::call::<api::ops::WithdrawNomination>(withdraw_nomination::Variables {
                    id: id.get_value(),
                    expected_version: version,
                    reason: None,
                })
                .await;
            match result {
                Ok(_) => {
                    toasts.success("talent.withdrawn");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(err));
                }
            }
        });
    });
    let body = Signal::derive(move || t(lang.get(), "talent.withdraw_body").to_owned());
    view! {
        <div class="actions withdraw">
            <button type="button" class="btn btn-danger" id="nomination-withdraw" on:click=move |_| open.set(true)>
                {tr("talent.withdraw")}
            </button>
        </div>
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        <ConfirmDialog open=open title="talent.withdraw_title" body=body on_confirm=confirmed />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ops::SignerRole;

    fn steps(current: Option<usize>) -> Vec<Step> {
        ["Employee:a", "Employee:b", "Employee:c"]
            .iter()
            .zip(SignerRole::ORDER)
            .enumerate()
            .map(|(i, (who, role))| Step {
                role,
                signer_id: Some((*who).to_owned()),
                signer: None,
                agree: current.filter(|c| i < *c).map(|_| true),
                comment: None,
                signed_at: None,
                is_current: current == Some(i),
            })
            .collect()
    }

    fn viewer(id: &str, assesses: bool) -> Viewer<'_> {
        Viewer {
            employee_id: Some(id),
            assesses,
        }
    }

    #[test]
    fn the_nominee_never_assesses_but_may_withdraw() {
        let me = viewer("Employee:a", true);
        let a = actions(
            NominationStatus::Assessing,
            "Employee:a",
            Some("Employee:a"),
            true,
            &[],
            &me,
        );
        assert_eq!(
            a,
            Actions {
                assess: false,
                submit: false,
                sign: false,
                withdraw: true
            }
        );
    }

    #[test]
    fn a_superior_assesses_then_submits() {
        let lead = viewer("Employee:b", true);
        let before = actions(
            NominationStatus::Assessing,
            "Employee:a",
            Some("Employee:a"),
            false,
            &[],
            &lead,
        );
        assert!(before.assess && !before.submit && before.withdraw);
        let after = actions(
            NominationStatus::Assessing,
            "Employee:a",
            Some("Employee:a"),
            true,
            &[],
            &lead,
        );
        assert!(after.assess && after.submit);
        // An agent reaching only themself does not assess someone else.
        let agent = viewer("Employee:z", false);
        let none = actions(
            NominationStatus::Assessing,
            "Employee:a",
            Some("Employee:a"),
            true,
            &[],
            &agent,
        );
        assert_eq!(none, Actions::default());
    }

    #[test]
    fn each_signer_signs_only_on_their_turn() {
        let s = steps(Some(1));
        let signing = |who: &str| {
            actions(
                NominationStatus::SigningOff,
                "Employee:a",
                Some("Employee:a"),
                true,
                &s,
                &viewer(who, who != "Employee:a"),
            )
            .sign
        };
        assert!(!signing("Employee:a"));
        assert!(signing("Employee:b"));
        assert!(!signing("Employee:c"));
        let done = actions(
            NominationStatus::Admitted,
            "Employee:a",
            None,
            true,
            &steps(None),
            &viewer("Employee:b", true),
        );
        assert_eq!(done, Actions::default());
    }

    #[test]
    fn assessments_are_checked_before_sending() {
        let draft = AssessmentDraft {
            ability: "85.5".into(),
            potential: "70".into(),
            exam: "90".into(),
            comment: "  ".into(),
        };
        let input = draft.input("Nomination:1", 2).unwrap();
        assert_eq!(
            (input.ability, input.potential, input.exam),
            (85.5, 70.0, 90.0)
        );
        assert_eq!(input.expected_version, 2);
        assert_eq!(input.comment, None);
        let bad = AssessmentDraft {
            exam: "90.25".into(),
            ..draft
        };
        assert_eq!(bad.input("Nomination:1", 2).unwrap_err().field, "exam");
    }
}
