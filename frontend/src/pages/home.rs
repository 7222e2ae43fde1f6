//! `/`: 工作台 — greeting, roles, own org unit, reporting line and a profile card.
//!
//! The data is the `me` result the session loaded at sign-in, so the page renders at once.
use leptos::prelude::*;

use crate::app::{tr, use_lang, use_session};
use crate::i18n::{t, Lang};
use crate::model::{Me, Person};

/// Greeting by local time of day; agents on night shifts see 晚上好.
fn greeting_key(hour: u32) -> &'static str {
    match hour {
        5..=11 => "home.greeting_morning",
        12..=17 => "home.greeting_afternoon",
        _ => "home.greeting_evening",
    }
}

/// "姓名（工号）" / "Name (No.)" or 暂无.
fn person_text(person: Option<&Person>, lang: Lang) -> String {
    match person {
        Some(p) => match lang {
            Lang::Zh => format!("{}（{}）", p.name, p.employee_no),
            Lang::En => format!("{} ({})", p.name, p.employee_no),
        },
        None => t(lang, "home.none").to_owned(),
    }
}

fn or_none(value: Option<&str>, lang: Lang) -> String {
    match value {
        Some(v) if !v.trim().is_empty() => v.to_owned(),
        _ => t(lang, "home.none").to_owned(),
    }
}

/// Performance mark the browser tests and field timing read: the home data is painted.
/// Two animation frames: the first runs before the paint of the frame that shows the data,
/// the second after it.
fn mark_home_data_painted() {
    request_animation_frame(|| {
        request_animation_frame(|| {
            if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
                let _ = perf.mark("echelon:home-data");
            }
        });
    });
}

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let me = session.me();

    // Once per visit, as soon as the profile is rendered.
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        let ready = me.with(Option::is_some);
        if ready {
            mark_home_data_painted();
        }
        ready
    });

    let hour = js_sys::Date::new_0().get_hours();

    view! {
        <section class="page home">
            {move || me.get().map(|me| view! { <HomeContent me=me hour=hour lang=lang /> })}
        </section>
    }
}

#[component]
fn HomeContent(me: Me, hour: u32, lang: RwSignal<Lang>) -> impl IntoView {
    let roles = me.roles.clone();
    let role_chips = move || {
        let lang = lang.get();
        roles
            .iter()
            .map(|r| view! { <li class="chip">{lang.pick(r.label_zh(), r.label_en())}</li> })
            .collect_view()
    };

    let Some(emp) = me.employee else {
        return view! {
            <h1 class="greeting">{tr(greeting_key(hour))}</h1>
            <ul class="chips" aria-label=tr("home.roles")>{role_chips}</ul>
            <p class="card muted">{tr("home.no_employee")}</p>
        }
        .into_any();
    };

    let name = emp.name.clone();
    let org = emp.org_unit.clone();
    let line = emp.reporting_line.clone();
    let status = emp.status;
    let key_position = emp.key_position;

    view! {
        <h1 class="greeting">
            {tr(greeting_key(hour))}
            {move || lang.get().pick("，", ", ")}
            <span id="home-name">{name}</span>
        </h1>
        <ul class="chips" aria-label=tr("home.roles")>{role_chips}</ul>

        <div class="cards">
            <article class="card">
                <h2>{tr("home.org_unit")}</h2>
                {move || match &org {
                    Some(unit) => {
                        let kind = unit.kind.map(|k| lang.get().pick(k.label_zh(), k.label_en()));
                        view! {
                            <p class="big">{unit.name.clone()}</p>
                            {kind.map(|k| view! { <span class="chip chip-muted">{k}</span> })}
                        }
                        .into_any()
                    }
                    None => view! { <p class="muted">{t(lang.get(), "home.none")}</p> }.into_any(),
                }}
            </article>

            <article class="card">
                <h2>{tr("home.reporting")}</h2>
                <dl class="facts">
                    <dt>{tr("home.superior")}</dt>
                    <dd id="home-superior">
                        {
                            let line = line.clone();
                            move || person_text(line.as_ref().and_then(|l| l.superior_person()), lang.get())
                        }
                    </dd>
                    <dt>{tr("home.skip_level")}</dt>
                    <dd id="home-skip-level">
                        {move || person_text(line.as_ref().and_then(|l| l.skip_level_person()), lang.get())}
                    </dd>
                </dl>
            </article>

            <article class="card profile-card">
                <h2>{tr("home.profile")}</h2>
                <dl class="facts">
                    <dt>{tr("field.employee_no")}</dt>
                    <dd>{emp.employee_no.clone()}</dd>
                    <dt>{tr("field.position")}</dt>
                    <dd>{
                        let position = emp.position.clone();
                        move || or_none(position.as_deref(), lang.get())
                    }</dd>
                    <dt>{tr("field.phone")}</dt>
                    <dd>{
                        let phone = emp.phone.clone();
                        move || or_none(phone.as_deref(), lang.get())
                    }</dd>
                    <dt>{tr("field.hire_date")}</dt>
                    <dd>{
                        let hired = emp.hire_date.clone();
                        move || or_none(hired.as_deref(), lang.get())
                    }</dd>
                    <dt>{tr("field.status")}</dt>
                    <dd>{move || lang.get().pick(status.label_zh(), status.label_en())}</dd>
                    <dt>{tr("field.key_position")}</dt>
                    <dd>{move || t(lang.get(), if key_position { "common.yes" } else { "common.no" })}</dd>
                </dl>
            </article>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_covers_the_day() {
        assert_eq!(greeting_key(8), "home.greeting_morning");
        assert_eq!(greeting_key(14), "home.greeting_afternoon");
        assert_eq!(greeting_key(23), "home.greeting_evening");
        assert_eq!(greeting_key(3), "home.greeting_evening");
    }

    #[test]
    fn person_text_formats_per_language() {
        let p = Person {
            name: "张三".into(),
            employee_no: "A001".into(),
        };
        assert_eq!(person_text(Some(&p), Lang::Zh), "张三（A001）");
        assert_eq!(person_text(Some(&p), Lang::En), "张三 (A001)");
        assert_eq!(person_text(None, Lang::Zh), t(Lang::Zh, "home.none"));
    }
}
