//! `/talent/standards`: HR sets what each echelon requires — minimum tenure, exam score,
//! competency grade, quality score and call volume index. An empty field is not required.
//! Each echelon saves on its own with the version it was read at, so two editors cannot
//! overwrite each other unseen.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ops::echelon_standards::EchelonStandardsEchelonStandards as Standard;
use crate::api::ops::update_echelon_standard::{self as update, EchelonStandardInput};
use crate::api::ops::{CompetencyGrade, Echelon};
use crate::api::{self, ApiError};
use crate::app::{tr, use_lang, use_session};
use crate::components::{use_toasts, Breadcrumbs, Crumb, ErrorNotice, Fetched};
use crate::format;
use crate::pages::guarded;
use crate::pages::talent::{echelon_label, parse_score, problem_text, score_text};
use entity::{Area, FieldError, Problem};

/// A standard as typed: texts, so a half-typed number is not lost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StandardDraft {
    pub tenure: String,
    pub exam: String,
    pub grade: Option<CompetencyGrade>,
    pub quality: String,
    pub volume: String,
}

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

impl StandardDraft {
    fn of(s: &Standard) -> StandardDraft {
        StandardDraft {
            tenure: s
                .min_tenure_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
            exam: s.min_exam_score.map(score_text).unwrap_or_default(),
            grade: s.min_grade,
            quality: s.min_quality_score.map(score_text).unwrap_or_default(),
            volume: s
                .min_call_volume_index
                .map(|v| format::number_text(v, 3))
                .unwrap_or_default(),
        }
    }

    /// The mutation's input, checked with the rules the server applies.
    pub fn input(
        &self,
        echelon: Echelon,
        version: i64,
    ) -> Result<EchelonStandardInput, FieldError> {
        let months = optional(&self.tenure, |t| {
            t.parse::<i64>()
                .ok()
                .filter(|m| (0..=600).contains(m))
                .ok_or_else(|| {
                    FieldError::new("minTenureMonths", Problem::OutOfRange { min: 0, max: 600 })
                })
        })?;
        let volume = optional(&self.volume, |t| {
            let v = format::number(t).ok_or_else(|| {
                FieldError::new(
                    "minCallVolumeIndex",
                    Problem::OutOfRange {
                        min: 0,
                        max: entity::MAX_CALL_VOLUME_INDEX,
                    },
                )
            })?;
            entity::call_volume_index("minCallVolumeIndex", v)
        })?;
        Ok(EchelonStandardInput {
            echelon,
            expected_version: version,
            min_tenure_months: months,
            min_exam_score: optional(&self.exam, |t| parse_score("minExamScore", t))?,
            min_grade: self.grade,
            min_quality_score: optional(&self.quality, |t| parse_score("minQualityScore", t))?,
            min_call_volume_index: volume,
        })
    }
}

#[component]
pub fn StandardsPage() -> impl IntoView {
    guarded(
        Area::TalentStandards,
        "talent.standards.title",
        || view! { <Standards /> },
    )
}

#[component]
fn Standards() -> impl IntoView {
    let standards = LocalResource::new(|| async {
        api::call::<api::ops::EchelonStandards>(crate::api::ops::echelon_standards::Variables)
            .await
            .map(|d| d.echelon_standards)
    });
    let reload = Callback::new(move |_| standards.refetch());
    let cards = move |list: Vec<Standard>| {
        view! {
            <div class="cards standards-cards">
                {list
                    .into_iter()
                    .map(|s| view! { <StandardForm standard=s reload=reload /> })
                    .collect_view()}
            </div>
        }
    };
    view! {
        <section class="page standards">
            <Breadcrumbs crumbs=vec![
                Crumb::key("nav.home", Some("/")),
                Crumb::key("talent.title", Some("/talent")),
                Crumb::key("talent.standards.title", None),
            ] />
            <h1>{tr("talent.standards.title")}</h1>
            <p class="muted">{tr("talent.standards.hint")}</p>
            <Fetched resource=standards view=cards />
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum SaveError {
    Rule(FieldError),
    Api(ApiError),
}

#[component]
fn StandardForm(standard: Standard, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let echelon = standard.echelon;
    let version = standard.version;
    let form = RwSignal::new(StandardDraft::of(&standard));
    let error = RwSignal::new(None::<SaveError>);
    let busy = RwSignal::new(false);
    let n = echelon.number();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = match form.with_untracked(|f| f.input(echelon, version)) {
            Ok(i) => i,
            Err(rule) => {
                error.set(Some(SaveError::Rule(rule)));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result =
                api::call::<api::ops::UpdateEchelonStandard>(update::Variables { input }).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success("common.saved");
                    reload.run(());
                }
                Err(err) => {
                    session.check(&err);
                    error.try_set(Some(SaveError::Api(err)));
                }
            }
        });
    };
    let field = move |key: &'static str,
                      id: String,
                      mode: &'static str,
                      get: fn(&StandardDraft) -> String,
                      set: fn(&mut StandardDraft, String)| {
        view! {
            <label class="field">
                <span>{tr(key)}</span>
                <input id=id type="text" inputmode=mode autocomplete="off"
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </label>
        }
    };
    view! {
        <form class="form card" id=format!("standard-{n}") on:submit=save novalidate>
            <h2>{move || echelon_label(echelon, lang.get())}</h2>
            {field("talent.standards.tenure", format!("standard-{n}-tenure"), "numeric", |d| d.tenure.clone(), |d, v| d.tenure = v)}
            {field("talent.standards.exam", format!("standard-{n}-exam"), "decimal", |d| d.exam.clone(), |d, v| d.exam = v)}
            <label class="field">
                <span>{tr("talent.standards.grade")}</span>
                <select id=format!("standard-{n}-grade") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.grade = CompetencyGrade::parse(&v));
                }>
                    <option value="" selected=move || form.with(|f| f.grade.is_none())>
                        {tr("talent.standards.any")}
                    </option>
                    {CompetencyGrade::ALL
                        .into_iter()
                        .map(|g| view! {
                            <option value=g.symbol() selected=move || form.with(|f| f.grade == Some(g))>
                                {move || lang.get().pick(g.label_zh(), g.label_en())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            {field("talent.standards.quality", format!("standard-{n}-quality"), "decimal", |d| d.quality.clone(), |d, v| d.quality = v)}
            {field("talent.standards.volume", format!("standard-{n}-volume"), "decimal", |d| d.volume.clone(), |d, v| d.volume = v)}
            {move || error.get().map(|e| match e {
                SaveError::Rule(rule) => view! {
                    <p class="form-error" role="alert">{move || problem_text(&rule, lang.get())}</p>
                }.into_any(),
                SaveError::Api(err) => view! { <ErrorNotice error=err /> }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="btn btn-primary" id=format!("standard-{n}-save") disabled=move || busy.get()>
                    {tr("common.save")}
                </button>
            </div>
            {standard.updated_at.map(|at| view! {
                <p class="muted">{tr("talent.standards.updated")}" "{format::date_time(&at)}</p>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_not_required_and_filled_ones_follow_the_rules() {
        let draft = StandardDraft {
            tenure: " 6 ".into(),
            exam: "".into(),
            grade: Some(CompetencyGrade::BPlus),
            quality: "85.5".into(),
            volume: "95".into(),
        };
        let input = draft.input(Echelon::KeyStaff, 4).unwrap();
        assert_eq!(input.expected_version, 4);
        assert_eq!(input.min_tenure_months, Some(6));
        assert_eq!(input.min_exam_score, None);
        assert_eq!(input.min_grade, Some(CompetencyGrade::BPlus));
        assert_eq!(input.min_quality_score, Some(85.5));
        assert_eq!(input.min_call_volume_index, Some(95.0));
        for (bad, field) in [
            (
                StandardDraft {
                    tenure: "601".into(),
                    ..draft.clone()
                },
                "minTenureMonths",
            ),
            (
                StandardDraft {
                    tenure: "六".into(),
                    ..draft.clone()
                },
                "minTenureMonths",
            ),
            (
                StandardDraft {
                    exam: "100.5".into(),
                    ..draft.clone()
                },
                "minExamScore",
            ),
            (
                StandardDraft {
                    quality: "80.25".into(),
                    ..draft.clone()
                },
                "minQualityScore",
            ),
            (
                StandardDraft {
                    volume: "-1".into(),
                    ..draft.clone()
                },
                "minCallVolumeIndex",
            ),
        ] {
            assert_eq!(bad.input(Echelon::Junior, 1).unwrap_err().field, field);
        }
    }
}
