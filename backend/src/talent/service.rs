//! Rules and transactions of the talent pool (人才梯队): selection standards, nominations, the
//! ability and potential assessment, the three-level sign-off, and pool membership with its
//! history. The decisions themselves (who signs next, does a standard pass, what admission does)
//! are `entity::domain::talent`'s; this module loads, checks reach, and writes each step as one
//! transaction with a conditional update, its records and the audit event.
use chrono::{DateTime, Utc};
use entity::{
    echelon_standard, employee, nomination, pool_event, pool_member, sign_off, CandidateFacts,
    CompetencyGrade, CriterionCheck, DataScope, Decision, Echelon, EmployeeStatus,
    NominationSource, NominationStatus, PoolEventKind, Problem, Score, SelectionStandard,
    SignError,
};
use sea_orm::{
    sea_query::{Expr, ExprTrait, Query as SqlQuery},
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Statement,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::{begin_write, kept_statement, select_by_ids};
use crate::error::{ApiError, ApiResult};
use crate::page::{Cursor, Page, PageArgs};
use crate::people::service as people;
use crate::state::AppState;

/// Longest reason, comment or statement, in characters.
pub const MAX_NOTE: usize = entity::MAX_TEXT;

fn stale(what_zh: &str, what_en: &str) -> ApiError {
    ApiError::conflict(
        &format!("{what_zh}已被他人处理或修改,请刷新后重试"),
        &format!("The {what_en} was changed by someone else; reload and retry"),
    )
}

fn tenths(s: Option<Score>) -> Option<i32> {
    s.map(|s| i32::from(s.tenths()))
}

fn note(field: &str, text: Option<&str>) -> ApiResult<Option<String>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Ok(Some(entity::optional_text(field, t, MAX_NOTE)?)),
    }
}

// ---------------------------------------------------------------------------------------------
// Selection standards

pub async fn standards<C: ConnectionTrait>(db: &C) -> ApiResult<Vec<echelon_standard::Model>> {
    let mut rows = echelon_standard::Entity::find().all(db).await?;
    rows.sort_by_key(|r| r.echelon);
    Ok(rows)
}

pub async fn standard<C: ConnectionTrait>(
    db: &C,
    echelon: Echelon,
) -> ApiResult<echelon_standard::Model> {
    echelon_standard::Entity::find_by_id(echelon)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("echelon standard row missing"))
}

/// The fields of a standard as typed; `None` leaves the criterion out.
#[derive(Clone, Debug, Default)]
pub struct StandardInput {
    pub min_tenure_months: Option<i32>,
    pub min_exam_score: Option<f64>,
    pub min_grade: Option<CompetencyGrade>,
    pub min_quality_score: Option<f64>,
    pub min_call_volume_index: Option<f64>,
}

impl StandardInput {
    pub fn parse(&self) -> ApiResult<SelectionStandard> {
        let months = match self.min_tenure_months {
            None => None,
            Some(m) if (0..=600).contains(&m) => Some(m as u32),
            Some(_) => {
                return Err(ApiError::bad(
                    "minTenureMonths",
                    Problem::OutOfRange { min: 0, max: 600 },
                ))
            }
        };
        Ok(SelectionStandard {
            min_tenure_months: months,
            min_exam_score: self
                .min_exam_score
                .map(|v| Score::new("minExamScore", v))
                .transpose()?,
            min_grade: self.min_grade,
            min_quality_score: self
                .min_quality_score
                .map(|v| Score::new("minQualityScore", v))
                .transpose()?,
            min_call_volume_index: self
                .min_call_volume_index
                .map(|v| entity::call_volume_index("minCallVolumeIndex", v))
                .transpose()?,
        })
    }
}

pub async fn update_standard(
    state: &AppState,
    actor: &Actor,
    echelon: Echelon,
    expected_version: i32,
    input: StandardInput,
) -> ApiResult<echelon_standard::Model> {
    let wanted = input.parse()?;
    let txn = begin_write(&state.db).await?;
    let before = standard(&txn, echelon).await?;
    let mut after = before.clone();
    after.min_tenure_months = wanted.min_tenure_months.map(|m| m as i32);
    after.min_exam_score = tenths(wanted.min_exam_score);
    after.min_grade = wanted.min_grade;
    after.min_quality_score = tenths(wanted.min_quality_score);
    after.min_call_volume_index = wanted.min_call_volume_index;
    after.version = before.version + 1;
    after.updated_at = Some(Utc::now());
    let res = echelon_standard::Entity::update_many()
        .set(echelon_standard::ActiveModel {
            min_tenure_months: Set(after.min_tenure_months),
            min_exam_score: Set(after.min_exam_score),
            min_grade: Set(after.min_grade),
            min_quality_score: Set(after.min_quality_score),
            min_call_volume_index: Set(after.min_call_volume_index),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(echelon_standard::Column::Echelon.eq(echelon))
        .filter(echelon_standard::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale("选拔标准", "selection standard"));
    }
    audit::record(
        &txn,
        actor,
        Change::new(
            "echelon_standard.updated",
            "echelon_standard",
            echelon.number(),
        )
        .before(&before)
        .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// A candidate checked against the standard of `echelon` on China's `today`, with their newest
/// competency grade. Figures the system does not hold yet (quality, call volume) are reported
/// as missing.
pub fn check(
    standard: &echelon_standard::Model,
    nominee: &employee::Model,
    exam: Option<Score>,
    latest_grade: Option<CompetencyGrade>,
    today: chrono::NaiveDate,
) -> Vec<CriterionCheck> {
    entity::evaluate(
        &standard.standard(),
        &CandidateFacts {
            hire_date: nominee.hire_date,
            today,
            exam_score: exam,
            latest_grade,
            quality_score: None,
            call_volume_index: None,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Reading nominations

/// Whether the access reaches the nominee, or the actor signs a step of the nomination.
async fn may_read<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    n: &nomination::Model,
) -> ApiResult<bool> {
    if access.scope == DataScope::All {
        return Ok(true);
    }
    if let Some(e) = employee::Entity::find_by_id(n.employee_id).one(db).await? {
        if people::covers(access, &e) {
            return Ok(true);
        }
    }
    let Some(me) = access.standpoint.employee_id else {
        return Ok(false);
    };
    Ok(sign_off::Entity::find()
        .filter(sign_off::Column::NominationId.eq(n.id))
        .filter(sign_off::Column::SignerId.eq(me))
        .one(db)
        .await?
        .is_some())
}

/// One nomination the access reaches (or the actor signs); absent and out of reach answer
/// alike unless the actor sees all.
pub async fn get<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    id: Uuid,
) -> ApiResult<nomination::Model> {
    match nomination::Entity::find_by_id(id).one(db).await? {
        Some(n) if may_read(db, access, &n).await? => Ok(n),
        None if access.scope == DataScope::All => Err(ApiError::NotFound),
        _ => Err(ApiError::Forbidden),
    }
}

/// The employees an access reaches, as a subquery condition on `column`.
fn reach_condition(access: &Access, column: impl sea_orm::sea_query::IntoColumnRef) -> Condition {
    if access.scope == DataScope::All {
        return Condition::all();
    }
    let reached = SqlQuery::select()
        .column(employee::Column::Id)
        .from(employee::Entity)
        .cond_where(people::scope_condition(access))
        .to_owned();
    Condition::all().add(Expr::col(column).in_subquery(reached))
}

#[derive(Clone, Debug, Default)]
pub struct NominationFilter {
    pub echelon: Option<Echelon>,
    pub status: Option<NominationStatus>,
    /// Only those still assessing or signing off.
    pub open_only: bool,
    /// Nominees in this unit and below.
    pub org_unit_path: Option<String>,
    pub employee_id: Option<Uuid>,
}

fn unit_condition(path: Option<&str>, column: impl sea_orm::sea_query::IntoColumnRef) -> Condition {
    match path {
        None => Condition::all(),
        Some(p) => {
            let inside = SqlQuery::select()
                .column(employee::Column::Id)
                .from(employee::Entity)
                .and_where(employee::Column::OrgPath.starts_with(p))
                .to_owned();
            Condition::all().add(Expr::col(column).in_subquery(inside))
        }
    }
}

/// Nominations whose nominee the access reaches, newest first (ids are time-ordered).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &NominationFilter,
    page: PageArgs,
) -> ApiResult<Page<nomination::Model>> {
    let mut cond = reach_condition(access, (nomination::Entity, nomination::Column::EmployeeId))
        .add(unit_condition(
            filter.org_unit_path.as_deref(),
            (nomination::Entity, nomination::Column::EmployeeId),
        ));
    if let Some(e) = filter.echelon {
        cond = cond.add(nomination::Column::Echelon.eq(e));
    }
    if let Some(s) = filter.status {
        cond = cond.add(nomination::Column::Status.eq(s));
    }
    if filter.open_only {
        cond = cond.add(
            nomination::Column::Status
                .is_in([NominationStatus::Assessing, NominationStatus::SigningOff]),
        );
    }
    if let Some(e) = filter.employee_id {
        cond = cond.add(nomination::Column::EmployeeId.eq(e));
    }
    let total = if page.want_total {
        use sea_orm::PaginatorTrait;
        Some(
            nomination::Entity::find()
                .filter(cond.clone())
                .count(db)
                .await?,
        )
    } else {
        None
    };
    if let Some(c) = &page.after {
        cond = cond.add(nomination::Column::Id.lt(c.id));
    }
    let q = nomination::Entity::find()
        .filter(cond)
        .order_by_desc(nomination::Column::Id);
    let rows = crate::db::first_rows(db, q, page.first + 1).await?;
    Ok(Page::from_overfetch(rows, &page, total))
}

pub fn cursor_by_id(id: Uuid) -> Cursor {
    Cursor {
        k: String::new(),
        id,
    }
}

/// A signed-off step with the signer's card, for drawing the chain.
#[derive(Clone, Debug)]
pub struct Step {
    pub row: sign_off::Model,
    pub signer: Option<Signer>,
}

/// Who a step names to sign, as a list of steps shows them.
#[derive(Clone, Debug)]
pub struct Signer {
    pub id: Uuid,
    pub employee_no: String,
    pub name: String,
    pub position: String,
}

/// Which columns a list of steps reads (see [`steps_of`]): of each step, besides the
/// nomination it belongs to, and of its signer (none: no card).
#[derive(Clone, Copy)]
pub struct StepProjection<'a> {
    pub step: &'a [sign_off::Column],
    pub signer: &'a [employee::Column],
}

/// The sign-off steps of many nominations in one statement, with each signer's name card;
/// shared, so the lists of a request that show a step hold it without copying it.
///
/// With a `projection`, each step carries only the columns it names (and its nomination id);
/// its other fields are placeholders, and its signer's card, when read, only the card's columns
/// named.
pub async fn steps_of<C: ConnectionTrait>(
    db: &C,
    nominations: &[Uuid],
    projection: Option<StepProjection<'_>>,
) -> ApiResult<HashMap<Uuid, Vec<std::sync::Arc<Step>>>> {
    use crate::rows::{ByPosition, Columns};
    use sea_orm::{Iterable, JoinType, QueryTrait, RelationTrait};
    let mut q = sign_off::Entity::find();
    // The step's columns, then the signer's, read back by position: every column of both
    // when the list reads them whole.
    let (read, signer): (Vec<sign_off::Column>, Vec<employee::Column>) = match projection {
        None => (
            sign_off::Column::iter().collect(),
            vec![
                employee::Column::Id,
                employee::Column::EmployeeNo,
                employee::Column::Name,
                employee::Column::Position,
            ],
        ),
        Some(p) => {
            let read = crate::rows::distinct(
                std::iter::once(sign_off::Column::NominationId).chain(p.step.iter().copied()),
            );
            q = q.select_only();
            for c in &read {
                q = q.column(*c);
            }
            (read, crate::rows::distinct(p.signer.iter().copied()))
        }
    };
    if !signer.is_empty() {
        q = q.join(JoinType::LeftJoin, sign_off::Relation::Signer.def());
        for c in &signer {
            q = q.column(*c);
        }
    }
    let q = q
        .filter(sign_off::Column::NominationId.is_in(nominations.to_vec()))
        .order_by_asc(sign_off::Column::NominationId)
        .order_by_asc(sign_off::Column::Step);
    let rows = db.query_all_raw(q.build(db.get_database_backend())).await?;
    let whole = projection.is_none();
    let mut out: HashMap<Uuid, Vec<std::sync::Arc<Step>>> = HashMap::new();
    for r in &rows {
        let mut c = Columns::new(r);
        let row = if whole {
            sign_off::Model::read(&mut c)?
        } else {
            sparse_sign_off(&mut c, &read)?
        };
        let signer = match signer.as_slice() {
            [] => None,
            _ if whole && c.next_id_is_null()? => None,
            read => {
                let e = people::sparse_employee(&mut c, read)?;
                Some(Signer {
                    id: e.id,
                    employee_no: e.employee_no,
                    name: e.name,
                    position: e.position,
                })
            }
        };
        out.entry(row.nomination_id)
            .or_default()
            .push(std::sync::Arc::new(Step { row, signer }));
    }
    Ok(out)
}

/// A step of which only the columns `read` were selected, in that order; every other field
/// is a placeholder.
fn sparse_sign_off(
    c: &mut crate::rows::Columns<'_>,
    read: &[sign_off::Column],
) -> Result<sign_off::Model, sea_orm::DbErr> {
    use sign_off::Column as C;
    let mut m = sign_off::Model {
        id: Uuid::nil(),
        nomination_id: Uuid::nil(),
        step: 0,
        role: entity::SignerRole::Self_,
        signer_id: Uuid::nil(),
        in_place_of: String::new(),
        agree: None,
        comment: None,
        signed_at: None,
    };
    for col in read {
        match col {
            C::Id => m.id = c.get()?,
            C::NominationId => m.nomination_id = c.get()?,
            C::Step => m.step = c.get()?,
            C::Role => m.role = c.get()?,
            C::SignerId => m.signer_id = c.get()?,
            C::InPlaceOf => m.in_place_of = c.get()?,
            C::Agree => m.agree = c.get()?,
            C::Comment => m.comment = c.get()?,
            C::SignedAt => m.signed_at = c.get()?,
        }
    }
    Ok(m)
}

// ---------------------------------------------------------------------------------------------
// Nominating, assessing, submitting, withdrawing

/// Nominates `employee_id` to `echelon`: the caller themself (毛遂自荐), or someone within
/// their reach.
pub async fn nominate(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    echelon: Echelon,
    reason: &str,
) -> ApiResult<nomination::Model> {
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let reason = entity::required_text("reason", reason, MAX_NOTE)?;
    let txn = begin_write(&state.db).await?;
    let nominee = people::get(&txn, access, employee_id).await?;
    if nominee.status == EmployeeStatus::Left {
        return Err(ApiError::conflict(
            "该员工已离职,不能提名",
            "The employee has left and cannot be nominated",
        ));
    }
    let current = current_membership(&txn, employee_id).await?;
    if PoolEventKind::of_admission(current.as_ref().map(|m| m.echelon), echelon).is_none() {
        return Err(ApiError::conflict(
            "该员工已在此梯队",
            "The employee is already in this echelon",
        ));
    }
    let now = Utc::now();
    let n = nomination::Model {
        id: Uuid::now_v7(),
        employee_id,
        echelon,
        source: NominationSource::of(employee_id, by, access.scope == DataScope::All),
        nominated_by: by,
        reason,
        status: NominationStatus::Assessing,
        ability_score: None,
        potential_score: None,
        exam_score: None,
        assessment_comment: None,
        assessed_by: None,
        current_step: None,
        outcome_reason: None,
        submitted_at: None,
        decided_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    nomination::ActiveModel::from(n.clone())
        .insert(&txn)
        .await
        .map_err(|e| match ApiError::from(e) {
            ApiError::Conflict { .. } => ApiError::conflict(
                "该员工在此梯队已有进行中的提名",
                "The employee already has an open nomination to this echelon",
            ),
            other => other,
        })?;
    audit::record(
        &txn,
        actor,
        Change::new("nomination.created", "nomination", n.id).after(&n),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// A nomination to act on: within reach, and the actor is not its nominee (nobody assesses or
/// submits themself).
async fn for_assessor<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    access: &Access,
    id: Uuid,
) -> ApiResult<nomination::Model> {
    let n = get(db, access, id).await?;
    let e = employee::Entity::find_by_id(n.employee_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !people::covers(access, &e) || actor.employee_id() == Some(n.employee_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(n)
}

/// Someone the actor oversees — grades, scores, plans for, decides about: within reach
/// beyond themself, and not themself.
pub async fn overseen<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
) -> ApiResult<employee::Model> {
    let e = people::get(db, access, employee_id).await?;
    if access.scope == DataScope::SelfOnly || actor.employee_id() == Some(e.id) {
        return Err(ApiError::Forbidden);
    }
    Ok(e)
}

fn require_status(n: &nomination::Model, want: NominationStatus) -> ApiResult<()> {
    if n.status == want {
        return Ok(());
    }
    Err(ApiError::conflict(
        &format!("该提名当前为「{}」,不能进行此操作", n.status.label_zh()),
        &format!(
            "The nomination is {}; this cannot be done now",
            n.status.label_en().to_lowercase()
        ),
    ))
}

#[derive(Clone, Debug)]
pub struct AssessmentInput {
    pub expected_version: i32,
    pub ability: f64,
    pub potential: f64,
    pub exam: f64,
    pub comment: Option<String>,
}

/// Records the ability and potential assessment (能力潜质考核) and the exam score.
pub async fn assess(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    input: AssessmentInput,
) -> ApiResult<nomination::Model> {
    let ability = Score::new("ability", input.ability)?;
    let potential = Score::new("potential", input.potential)?;
    let exam = Score::new("exam", input.exam)?;
    let comment = note("comment", input.comment.as_deref())?;
    let txn = begin_write(&state.db).await?;
    let before = for_assessor(&txn, actor, access, id).await?;
    require_status(&before, NominationStatus::Assessing)?;
    let mut after = before.clone();
    after.ability_score = tenths(Some(ability));
    after.potential_score = tenths(Some(potential));
    after.exam_score = tenths(Some(exam));
    after.assessment_comment = comment;
    after.assessed_by = actor.employee_id();
    after.version = before.version + 1;
    after.updated_at = Utc::now();
    let res = nomination::Entity::update_many()
        .set(nomination::ActiveModel {
            ability_score: Set(after.ability_score),
            potential_score: Set(after.potential_score),
            exam_score: Set(after.exam_score),
            assessment_comment: Set(after.assessment_comment.clone()),
            assessed_by: Set(after.assessed_by),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(nomination::Column::Id.eq(id))
        .filter(nomination::Column::Version.eq(input.expected_version))
        .filter(nomination::Column::Status.eq(NominationStatus::Assessing))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale("提名", "nomination"));
    }
    audit::record(
        &txn,
        actor,
        Change::new("nomination.assessed", "nomination", id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Sends an assessed nomination to the three-level sign-off. The signers are resolved from the
/// reporting line now and kept, so a later reorganisation does not change who signs.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    expected_version: i32,
) -> ApiResult<nomination::Model> {
    let txn = begin_write(&state.db).await?;
    let before = for_assessor(&txn, actor, access, id).await?;
    require_status(&before, NominationStatus::Assessing)?;
    for (field, v) in [
        ("ability", before.ability_score),
        ("potential", before.potential_score),
        ("exam", before.exam_score),
    ] {
        if v.is_none() {
            return Err(ApiError::bad(
                field,
                Problem::Invalid {
                    zh: "请先完成能力潜质考核".into(),
                    en: "record the assessment first".into(),
                },
            ));
        }
    }
    let line = people::reporting_line(&txn, before.employee_id).await?;
    let plan = entity::plan_sign_off(before.employee_id, &line)
        .map_err(|e| ApiError::conflict(&e.message_zh(), &e.message_en()))?;
    let now = Utc::now();
    let mut after = before.clone();
    after.status = NominationStatus::SigningOff;
    after.current_step = Some(0);
    after.submitted_at = Some(now);
    after.version = before.version + 1;
    after.updated_at = now;
    let res = nomination::Entity::update_many()
        .set(nomination::ActiveModel {
            status: Set(after.status),
            current_step: Set(after.current_step),
            submitted_at: Set(after.submitted_at),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(nomination::Column::Id.eq(id))
        .filter(nomination::Column::Version.eq(expected_version))
        .filter(nomination::Column::Status.eq(NominationStatus::Assessing))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale("提名", "nomination"));
    }
    let steps: Vec<sign_off::ActiveModel> = plan
        .iter()
        .enumerate()
        .map(|(i, p)| sign_off::ActiveModel {
            id: Set(Uuid::now_v7()),
            nomination_id: Set(id),
            step: Set(i as i32),
            role: Set(p.role),
            signer_id: Set(p.signer),
            in_place_of: Set(p
                .in_place_of
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(",")),
            agree: Set(None),
            comment: Set(None),
            signed_at: Set(None),
        })
        .collect();
    sign_off::Entity::insert_many(steps).exec(&txn).await?;
    #[derive(Serialize)]
    struct Submitted<'a> {
        nomination: &'a nomination::Model,
        plan: &'a [entity::PlannedSigner],
    }
    audit::record(
        &txn,
        actor,
        Change::new("nomination.submitted", "nomination", id)
            .before(&before)
            .after(&Submitted {
                nomination: &after,
                plan: &plan,
            }),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Withdraws an open nomination: the nominee, whoever nominated, or anyone reaching the nominee
/// beyond themself (their superiors and HR).
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    id: Uuid,
    expected_version: i32,
    reason: Option<&str>,
) -> ApiResult<nomination::Model> {
    let reason = note("reason", reason)?;
    let txn = begin_write(&state.db).await?;
    let before = get(&txn, access, id).await?;
    let me = actor.employee_id();
    let own = me == Some(before.employee_id) || me == Some(before.nominated_by);
    let reaches = {
        let e = employee::Entity::find_by_id(before.employee_id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound)?;
        access.scope > DataScope::SelfOnly && people::covers(access, &e)
    };
    if !own && !reaches {
        return Err(ApiError::Forbidden);
    }
    if before.status.is_closed() {
        require_status(&before, NominationStatus::SigningOff)?;
    }
    let now = Utc::now();
    let mut after = before.clone();
    after.status = NominationStatus::Withdrawn;
    after.current_step = None;
    after.outcome_reason = reason;
    after.decided_at = Some(now);
    after.version = before.version + 1;
    after.updated_at = now;
    let res = nomination::Entity::update_many()
        .set(nomination::ActiveModel {
            status: Set(after.status),
            current_step: Set(None),
            outcome_reason: Set(after.outcome_reason.clone()),
            decided_at: Set(after.decided_at),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(nomination::Column::Id.eq(id))
        .filter(nomination::Column::Version.eq(expected_version))
        .filter(
            nomination::Column::Status
                .is_in([NominationStatus::Assessing, NominationStatus::SigningOff]),
        )
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale("提名", "nomination"));
    }
    audit::record(
        &txn,
        actor,
        Change::new("nomination.withdrawn", "nomination", id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// Signing

fn sign_error(e: SignError) -> ApiError {
    match e {
        SignError::NotASigner => ApiError::Forbidden,
        _ => ApiError::conflict(e.message_zh(), e.message_en()),
    }
}

/// The actor signs their step: agree, or disagree with a reason. One transaction: the
/// conditional update of the nomination (status and version), the step's record, the pool
/// membership on the last agreement, and the audit events. Of two acting on the same step at
/// once exactly one succeeds; the other gets CONFLICT.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    agree: bool,
    comment: Option<&str>,
) -> ApiResult<nomination::Model> {
    let me = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let comment = note("comment", comment)?;
    if !agree && comment.is_none() {
        return Err(ApiError::bad(
            "comment",
            Problem::Invalid {
                zh: "不同意时请填写理由".into(),
                en: "give a reason when you disagree".into(),
            },
        ));
    }
    let txn = begin_write(&state.db).await?;
    let b = txn.get_database_backend();
    let Some(before) = nomination::Entity::find()
        .from_raw_sql(select_by_ids::<nomination::Entity>(b, &[id]))
        .one(&txn)
        .await?
    else {
        return Err(ApiError::Forbidden);
    };
    let rows = sign_off::Entity::find()
        .from_raw_sql(steps_statement(b, id))
        .all(&txn)
        .await?;
    let plan: Vec<_> = rows.iter().map(sign_off::Model::planned).collect();
    let decisions: Vec<Decision> = rows.iter().filter_map(sign_off::Model::decision).collect();
    // Someone who signs no step learns nothing about the nomination, whatever its state.
    if !plan.iter().any(|p| p.signer == me) {
        // The nominee, who signs first once it is submitted, may know it is not open yet.
        if me == before.employee_id {
            return Err(sign_error(SignError::NotOpen));
        }
        return Err(ApiError::Forbidden);
    }
    let outcome =
        entity::decide(before.status, &plan, &decisions, me, agree).map_err(sign_error)?;
    let now = Utc::now();
    let mut after = before.clone();
    after.status = outcome.status;
    after.current_step = match outcome.status {
        NominationStatus::SigningOff => Some(outcome.step as i32 + 1),
        _ => None,
    };
    if outcome.status.is_closed() {
        after.decided_at = Some(now);
    }
    if outcome.status == NominationStatus::Rejected {
        after.outcome_reason = comment.clone();
    }
    after.version = before.version + 1;
    after.updated_at = now;
    let res = txn
        .execute_raw(signed_nomination_statement(b, &before, &after))
        .await?;
    if res.rows_affected() != 1 {
        return Err(stale("提名", "nomination"));
    }
    let step = &rows[outcome.step];
    let res = txn
        .execute_raw(signed_step_statement(b, step.id, agree, &comment, now))
        .await?;
    if res.rows_affected() != 1 {
        return Err(stale("签核", "sign-off"));
    }
    #[derive(Serialize)]
    struct Signed<'a> {
        step: usize,
        role: entity::SignerRole,
        agree: bool,
        comment: &'a Option<String>,
        status: NominationStatus,
    }
    audit::record(
        &txn,
        actor,
        Change::new("nomination.signed", "nomination", id)
            .before(&before)
            .after(&Signed {
                step: outcome.step,
                role: step.role,
                agree,
                comment: &comment,
                status: outcome.status,
            }),
    )
    .await?;
    if outcome.status == NominationStatus::Admitted {
        admit(&txn, actor, &after, now).await?;
    }
    txn.commit().await?;
    Ok(after)
}

// The statements of a signature, which every sign-off runs: built by the query builder once per
// backend and kept (see `crate::db::kept_statement`); the tests below hold each to the builder.

/// A nomination's steps in order.
fn steps_query(nomination_id: Uuid) -> sea_orm::Select<sign_off::Entity> {
    sign_off::Entity::find()
        .filter(sign_off::Column::NominationId.eq(nomination_id))
        .order_by_asc(sign_off::Column::Step)
}

fn steps_statement(backend: DbBackend, nomination_id: Uuid) -> Statement {
    kept_statement(
        "talent.sign.steps",
        backend,
        || steps_query(nomination_id).build(backend),
        [nomination_id.into()],
    )
}

/// The signed nomination's move from `before` to `after`, only if it is still signing off at
/// the version read.
fn signed_nomination_update(
    before: &nomination::Model,
    after: &nomination::Model,
) -> sea_orm::UpdateMany<nomination::Entity> {
    nomination::Entity::update_many()
        .set(nomination::ActiveModel {
            status: Set(after.status),
            current_step: Set(after.current_step),
            decided_at: Set(after.decided_at),
            outcome_reason: Set(after.outcome_reason.clone()),
            version: Set(after.version),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .filter(nomination::Column::Id.eq(before.id))
        .filter(nomination::Column::Version.eq(before.version))
        .filter(nomination::Column::Status.eq(NominationStatus::SigningOff))
}

fn signed_nomination_statement(
    backend: DbBackend,
    before: &nomination::Model,
    after: &nomination::Model,
) -> Statement {
    kept_statement(
        "talent.sign.nomination",
        backend,
        || signed_nomination_update(before, after).build(backend),
        [
            after.status.into(),
            after.current_step.into(),
            after.outcome_reason.clone().into(),
            after.decided_at.into(),
            after.version.into(),
            after.updated_at.into(),
            before.id.into(),
            before.version.into(),
            NominationStatus::SigningOff.into(),
        ],
    )
}

/// The step's record, only if nobody has signed it yet.
fn signed_step_update(
    step_id: Uuid,
    agree: bool,
    comment: &Option<String>,
    at: DateTime<Utc>,
) -> sea_orm::UpdateMany<sign_off::Entity> {
    sign_off::Entity::update_many()
        .set(sign_off::ActiveModel {
            agree: Set(Some(agree)),
            comment: Set(comment.clone()),
            signed_at: Set(Some(at)),
            ..Default::default()
        })
        .filter(sign_off::Column::Id.eq(step_id))
        .filter(sign_off::Column::Agree.is_null())
}

fn signed_step_statement(
    backend: DbBackend,
    step_id: Uuid,
    agree: bool,
    comment: &Option<String>,
    at: DateTime<Utc>,
) -> Statement {
    kept_statement(
        "talent.sign.step",
        backend,
        || signed_step_update(step_id, agree, comment, at).build(backend),
        [
            Some(agree).into(),
            comment.clone().into(),
            Some(at).into(),
            step_id.into(),
        ],
    )
}

pub async fn current_membership<C: ConnectionTrait>(
    db: &C,
    employee_id: Uuid,
) -> ApiResult<Option<pool_member::Model>> {
    Ok(pool_member::Entity::find()
        .filter(pool_member::Column::EmployeeId.eq(employee_id))
        .filter(pool_member::Column::LeftAt.is_null())
        .one(db)
        .await?)
}

/// Puts the nominee of an admitted nomination into the pool: enters, or moves from another
/// echelon.
async fn admit<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: &nomination::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let current = current_membership(txn, n.employee_id).await?;
    let Some(kind) = PoolEventKind::of_admission(current.as_ref().map(|m| m.echelon), n.echelon)
    else {
        return Err(ApiError::conflict(
            "该员工已在此梯队",
            "The employee is already in this echelon",
        ));
    };
    if let Some(old) = &current {
        let res = pool_member::Entity::update_many()
            .set(pool_member::ActiveModel {
                left_at: Set(Some(now)),
                left_reason: Set(Some(entity::PoolReason::MovedTo(n.echelon).encode())),
                ..Default::default()
            })
            .filter(pool_member::Column::Id.eq(old.id))
            .filter(pool_member::Column::LeftAt.is_null())
            .exec(txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(stale("人才库成员", "pool membership"));
        }
    }
    let member = pool_member::Model {
        id: Uuid::now_v7(),
        employee_id: n.employee_id,
        echelon: n.echelon,
        nomination_id: Some(n.id),
        joined_at: now,
        left_at: None,
        left_reason: None,
    };
    pool_member::ActiveModel::from(member.clone())
        .insert(txn)
        .await?;
    let event = pool_event::Model {
        id: Uuid::now_v7(),
        employee_id: n.employee_id,
        kind,
        from_echelon: current.as_ref().map(|m| m.echelon),
        to_echelon: Some(n.echelon),
        reason: entity::PoolReason::AllAgreed.encode(),
        actor_label: actor.audit_label(),
        at: now,
    };
    pool_event::ActiveModel::from(event.clone())
        .insert(txn)
        .await?;
    let action = match kind {
        PoolEventKind::Moved => "pool.moved",
        _ => "pool.entered",
    };
    audit::record(
        txn,
        actor,
        Change::new(action, "employee", n.employee_id)
            .before(&current)
            .after(&member),
    )
    .await?;
    Ok(())
}

/// Takes a member out of the pool, with the reason.
pub async fn remove_from_pool(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    reason: &str,
) -> ApiResult<pool_member::Model> {
    let reason = entity::required_text("reason", reason, MAX_NOTE)?;
    let txn = begin_write(&state.db).await?;
    people::get(&txn, access, employee_id).await?;
    let reason = entity::PoolReason::Stated(reason).encode();
    let after = leave_pool(&txn, actor, employee_id, reason).await?;
    txn.commit().await?;
    Ok(after)
}

/// A person left the company (离职): a current membership ends, with that reason.
pub async fn on_departure<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    employee_id: Uuid,
) -> ApiResult<()> {
    if current_membership(txn, employee_id).await?.is_some() {
        leave_pool(
            txn,
            actor,
            employee_id,
            entity::PoolReason::LeftCompany.encode(),
        )
        .await?;
    }
    Ok(())
}

/// Ends a current membership in the caller's transaction: the row, the history event and the
/// audit event.
pub async fn leave_pool<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    employee_id: Uuid,
    reason: String,
) -> ApiResult<pool_member::Model> {
    let Some(before) = current_membership(txn, employee_id).await? else {
        return Err(ApiError::conflict(
            "该员工不在人才库中",
            "The employee is not in the pool",
        ));
    };
    let now = Utc::now();
    let res = pool_member::Entity::update_many()
        .set(pool_member::ActiveModel {
            left_at: Set(Some(now)),
            left_reason: Set(Some(reason.clone())),
            ..Default::default()
        })
        .filter(pool_member::Column::Id.eq(before.id))
        .filter(pool_member::Column::LeftAt.is_null())
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(stale("人才库成员", "pool membership"));
    }
    let mut after = before.clone();
    after.left_at = Some(now);
    after.left_reason = Some(reason.clone());
    pool_event::ActiveModel::from(pool_event::Model {
        id: Uuid::now_v7(),
        employee_id,
        kind: PoolEventKind::Left,
        from_echelon: Some(before.echelon),
        to_echelon: None,
        reason,
        actor_label: actor.audit_label(),
        at: now,
    })
    .insert(txn)
    .await?;
    audit::record(
        txn,
        actor,
        Change::new("pool.left", "employee", employee_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// The pool

#[derive(Clone, Debug, Default)]
pub struct PoolFilter {
    pub echelon: Option<Echelon>,
    pub org_unit_path: Option<String>,
}

/// Which columns a page of [`members`] reads of each membership (the id alone when none),
/// of its employee record (the id alone when none) and of the employee's unit (none:
/// no unit; else the id first).
#[derive(Clone, Copy)]
pub struct Projection<'a> {
    pub member: &'a [pool_member::Column],
    pub employee: &'a [employee::Column],
    pub unit: &'a [entity::org_unit::Column],
}

/// The page of [`members`] with only some columns read.
async fn members_projected<C: ConnectionTrait>(
    db: &C,
    cond: Condition,
    page: PageArgs,
    total: Option<u64>,
    Projection {
        member,
        employee: columns,
        unit: units,
    }: Projection<'_>,
) -> ApiResult<Page<MemberRow>> {
    use crate::rows::{columns_to_read, Columns};
    use sea_orm::{JoinType, QueryTrait, RelationTrait};
    let members = columns_to_read(member.iter().copied(), pool_member::Column::Id);
    let read = columns_to_read(columns.iter().copied(), employee::Column::Id);
    let mut q = pool_member::Entity::find()
        .select_only()
        .join(JoinType::InnerJoin, pool_member::Relation::Employee.def())
        .filter(cond)
        .order_by_desc(pool_member::Column::Id);
    // Read back by position: the member's columns in `members` order, the employee's in
    // `read` order, the unit's in `units` order.
    for c in &members {
        q = q.column(*c);
    }
    for c in &read {
        q = q.column(*c);
    }
    if !units.is_empty() {
        q = q.join(JoinType::LeftJoin, employee::Relation::OrgUnit.def());
        for c in units {
            q = q.column(*c);
        }
    }
    let stmt = crate::db::limited(q.build(db.get_database_backend()), page.first + 1);
    let rows = db.query_all_raw(stmt).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut c = Columns::new(row);
        items.push((
            sparse_member(&mut c, &members)?,
            people::sparse_employee(&mut c, &read)?,
            people::sparse_unit(&mut c, units)?,
        ));
    }
    Ok(Page::from_overfetch(items, &page, total))
}

/// A membership of which only the columns `read` were selected, in that order; every other
/// field is a placeholder.
fn sparse_member(
    c: &mut crate::rows::Columns<'_>,
    read: &[pool_member::Column],
) -> Result<pool_member::Model, sea_orm::DbErr> {
    use pool_member::Column as C;
    let mut m = pool_member::Model {
        id: Uuid::nil(),
        employee_id: Uuid::nil(),
        echelon: Echelon::Junior,
        nomination_id: None,
        joined_at: DateTime::<Utc>::default(),
        left_at: None,
        left_reason: None,
    };
    for col in read {
        match col {
            C::Id => m.id = c.get()?,
            C::EmployeeId => m.employee_id = c.get()?,
            C::Echelon => m.echelon = c.get()?,
            C::NominationId => m.nomination_id = c.get()?,
            C::JoinedAt => m.joined_at = c.get()?,
            C::LeftAt => m.left_at = c.get()?,
            C::LeftReason => m.left_reason = c.get()?,
        }
    }
    Ok(m)
}

/// A current member with their employee record and its unit.
pub type MemberRow = (
    pool_member::Model,
    employee::Model,
    Option<entity::org_unit::Model>,
);

/// Current members the access reaches, with their employee records and units, newest member
/// first: one statement.
///
/// With a `projection`, each employee and unit carries only the columns it names; their other
/// fields are placeholders.
pub async fn members<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    filter: &PoolFilter,
    page: PageArgs,
    projection: Option<Projection<'_>>,
) -> ApiResult<Page<MemberRow>> {
    // The scope is an OR (me, or my unit's path) for a team or subtree; it is nested, not
    // extended, so that each further filter narrows it.
    let mut cond = Condition::all()
        .add(people::scope_condition(access))
        .add(pool_member::Column::LeftAt.is_null());
    if let Some(e) = filter.echelon {
        cond = cond.add(pool_member::Column::Echelon.eq(e));
    }
    if let Some(p) = &filter.org_unit_path {
        cond = cond.add(employee::Column::OrgPath.starts_with(p.as_str()));
    }
    let total = if page.want_total {
        use sea_orm::PaginatorTrait;
        Some(
            pool_member::Entity::find()
                .inner_join(employee::Entity)
                .filter(cond.clone())
                .count(db)
                .await?,
        )
    } else {
        None
    };
    if let Some(c) = &page.after {
        cond = cond.add(pool_member::Column::Id.lt(c.id));
    }
    if let Some(projection) = projection {
        return members_projected(db, cond, page, total, projection).await;
    }
    let rows = pool_member::Entity::find()
        .find_also_related(employee::Entity)
        .and_also_related(entity::org_unit::Entity)
        .filter(cond)
        .order_by_desc(pool_member::Column::Id)
        .limit(page.first + 1)
        .all(db)
        .await?;
    let rows = rows
        .into_iter()
        .filter_map(|(m, e, u)| e.map(|e| (m, e, u)))
        .collect();
    Ok(Page::from_overfetch(rows, &page, total))
}

/// Counts for the overview: members and open nominations per echelon, and the ability ×
/// potential grid of the assessed open nominations; only of one echelon when it is given.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    pub members: HashMap<Echelon, u64>,
    pub candidates: HashMap<Echelon, u64>,
    pub grid: HashMap<(entity::GridBand, entity::GridBand), u64>,
}

pub async fn overview<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    org_unit_path: Option<&str>,
    echelon: Option<Echelon>,
) -> ApiResult<Overview> {
    let mut out = Overview::default();
    // The scope is an OR (me, or my unit's path) for a team or subtree; it is nested, not
    // extended, so that each further filter narrows it.
    let mut cond = Condition::all()
        .add(people::scope_condition(access))
        .add(pool_member::Column::LeftAt.is_null());
    if let Some(p) = org_unit_path {
        cond = cond.add(employee::Column::OrgPath.starts_with(p));
    }
    if let Some(e) = echelon {
        cond = cond.add(pool_member::Column::Echelon.eq(e));
    }
    let counts: Vec<(Echelon, i64)> = pool_member::Entity::find()
        .select_only()
        .column(pool_member::Column::Echelon)
        .column_as(pool_member::Column::Id.count(), "n")
        .inner_join(employee::Entity)
        .filter(cond)
        .group_by(pool_member::Column::Echelon)
        .into_tuple()
        .all(db)
        .await?;
    for (e, n) in counts {
        out.members.insert(e, u64::try_from(n).unwrap_or(0));
    }
    let mut cond = Condition::all().add(people::scope_condition(access)).add(
        nomination::Column::Status
            .is_in([NominationStatus::Assessing, NominationStatus::SigningOff]),
    );
    if let Some(p) = org_unit_path {
        cond = cond.add(employee::Column::OrgPath.starts_with(p));
    }
    let open: Vec<(Echelon, Option<i32>, Option<i32>)> = nomination::Entity::find()
        .select_only()
        .column(nomination::Column::Echelon)
        .column(nomination::Column::AbilityScore)
        .column(nomination::Column::PotentialScore)
        .inner_join(employee::Entity)
        .filter(cond)
        .into_tuple()
        .all(db)
        .await?;
    for (e, ability, potential) in open {
        if echelon.is_some_and(|want| want != e) {
            continue;
        }
        *out.candidates.entry(e).or_default() += 1;
        if let (Some(a), Some(p)) = (Score::from_column(ability), Score::from_column(potential)) {
            *out.grid.entry(entity::grid_cell(a, p)).or_default() += 1;
        }
    }
    Ok(out)
}

/// A person's pool history, oldest first.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    employee_id: Uuid,
) -> ApiResult<Vec<pool_event::Model>> {
    Ok(pool_event::Entity::find()
        .filter(pool_event::Column::EmployeeId.eq(employee_id))
        .order_by_asc(pool_event::Column::At)
        .order_by_asc(pool_event::Column::Id)
        .all(db)
        .await?)
}

/// The steps waiting for `signer`, oldest submission first, with the nominations: one
/// statement, the count coming with the items.
pub async fn waiting_for<C: ConnectionTrait>(
    db: &C,
    signer: Uuid,
    first: u64,
    want_count: bool,
    want_items: bool,
) -> ApiResult<(u64, Vec<(nomination::Model, employee::Model)>)> {
    use sea_orm::{JoinType, PaginatorTrait, RelationTrait};
    let waiting = SqlQuery::select()
        .column(sign_off::Column::NominationId)
        .from(sign_off::Entity)
        .and_where(sign_off::Column::SignerId.eq(signer))
        .and_where(sign_off::Column::Agree.is_null())
        .and_where(
            Expr::col((sign_off::Entity, sign_off::Column::Step))
                .equals((nomination::Entity, nomination::Column::CurrentStep)),
        )
        .and_where(
            Expr::col((sign_off::Entity, sign_off::Column::NominationId))
                .equals((nomination::Entity, nomination::Column::Id)),
        )
        .to_owned();
    let cond = Condition::all()
        .add(nomination::Column::Status.eq(NominationStatus::SigningOff))
        .add(Expr::exists(waiting));
    if !want_items {
        let count = if want_count {
            nomination::Entity::find().filter(cond).count(db).await?
        } else {
            0
        };
        return Ok((count, Vec::new()));
    }
    let select = nomination::Entity::find()
        .select_also(employee::Entity)
        .join(JoinType::InnerJoin, nomination::Relation::Employee.def())
        .filter(cond)
        .order_by_asc(nomination::Column::SubmittedAt)
        .order_by_asc(nomination::Column::Id)
        .limit(first);
    counted(db, select).await
}

/// The rows of a nomination query with their nominees, and how many match before the limit,
/// in one statement (`COUNT(*) OVER ()`), so the inbox pays one statement per source.
pub(super) async fn counted<C: ConnectionTrait>(
    db: &C,
    select: sea_orm::SelectTwo<nomination::Entity, employee::Entity>,
) -> ApiResult<(u64, Vec<(nomination::Model, employee::Model)>)> {
    use sea_orm::{FromQueryResult, QueryTrait};
    let (count, rows) = crate::db::with_total(db, select.into_query()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        items.push((
            nomination::Model::from_query_result(r, "A_")?,
            employee::Model::from_query_result(r, "B_")?,
        ));
    }
    Ok((count, items))
}

/// Open nominations the actor made of others or applied for, newest first.
pub async fn started_by<C: ConnectionTrait>(
    db: &C,
    by: Uuid,
    first: u64,
    want_count: bool,
    want_items: bool,
) -> ApiResult<(u64, Vec<(nomination::Model, employee::Model)>)> {
    use sea_orm::{JoinType, PaginatorTrait, RelationTrait};
    let cond = Condition::all()
        .add(nomination::Column::NominatedBy.eq(by))
        .add(
            nomination::Column::Status
                .is_in([NominationStatus::Assessing, NominationStatus::SigningOff]),
        );
    if !want_items {
        let count = if want_count {
            nomination::Entity::find().filter(cond).count(db).await?
        } else {
            0
        };
        return Ok((count, Vec::new()));
    }
    let select = nomination::Entity::find()
        .select_also(employee::Entity)
        .join(JoinType::InnerJoin, nomination::Relation::Employee.def())
        .filter(cond)
        .order_by_desc(nomination::Column::Id)
        .limit(first);
    counted(db, select).await
}

// ---------------------------------------------------------------------------------------------
// Periodic competency reviews (胜任力测评)

/// Records `employee_id`'s grade for a quarter: superiors within reach and HR, never oneself.
/// One grade per person and quarter; a second is CONFLICT.
pub async fn record_review(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    period: &str,
    grade: CompetencyGrade,
    comment: Option<&str>,
) -> ApiResult<entity::competency_review::Model> {
    let period = entity::Quarter::field("period", period)?;
    let comment = note("comment", comment)?;
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    overseen(&txn, actor, access, employee_id).await?;
    let review = entity::competency_review::Model {
        id: Uuid::now_v7(),
        employee_id,
        period: period.to_string(),
        grade,
        comment,
        reviewed_by: by,
        created_at: Utc::now(),
    };
    entity::competency_review::ActiveModel::from(review.clone())
        .insert(&txn)
        .await
        .map_err(|e| match ApiError::from(e) {
            ApiError::Conflict { .. } => ApiError::conflict(
                "该员工本季度的测评已录入",
                "A grade for this quarter has already been recorded",
            ),
            other => other,
        })?;
    audit::record(
        &txn,
        actor,
        Change::new("competency.reviewed", "employee", employee_id).after(&review),
    )
    .await?;
    txn.commit().await?;
    Ok(review)
}

/// A person's grades, newest quarter first.
pub async fn reviews<C: ConnectionTrait>(
    db: &C,
    employee_id: Uuid,
) -> ApiResult<Vec<entity::competency_review::Model>> {
    use entity::competency_review::Column;
    Ok(entity::competency_review::Entity::find()
        .filter(Column::EmployeeId.eq(employee_id))
        .order_by_desc(Column::Period)
        .all(db)
        .await?)
}

/// The grade of a person's newest review, if any.
pub async fn latest_grade<C: ConnectionTrait>(
    db: &C,
    employee_id: Uuid,
) -> ApiResult<Option<CompetencyGrade>> {
    use entity::competency_review::Column;
    Ok(entity::competency_review::Entity::find()
        .filter(Column::EmployeeId.eq(employee_id))
        .order_by_desc(Column::Period)
        .one(db)
        .await?
        .map(|r| r.grade))
}

/// The newest grade of each of many people, in one statement.
pub async fn latest_grades<C: ConnectionTrait>(
    db: &C,
    employees: &[Uuid],
) -> ApiResult<HashMap<Uuid, CompetencyGrade>> {
    use entity::competency_review::Column;
    let rows = entity::competency_review::Entity::find()
        .filter(Column::EmployeeId.is_in(employees.to_vec()))
        .order_by_desc(Column::Period)
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for r in rows {
        out.entry(r.employee_id).or_insert(r.grade);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_nomination(status: NominationStatus, step: Option<i32>) -> nomination::Model {
        let now = Utc::now();
        nomination::Model {
            id: Uuid::now_v7(),
            employee_id: Uuid::now_v7(),
            echelon: Echelon::KeyStaff,
            source: NominationSource::SelfApplication,
            nominated_by: Uuid::now_v7(),
            reason: "业务熟练 / skilled".into(),
            status,
            ability_score: Some(85),
            potential_score: Some(90),
            exam_score: None,
            assessment_comment: None,
            assessed_by: None,
            current_step: step,
            outcome_reason: None,
            submitted_at: Some(now),
            decided_at: None,
            version: 3,
            created_at: now,
            updated_at: now,
        }
    }

    /// The kept statements of a signature say exactly what the query builder says, for every
    /// kind of outcome (still signing, admitted, rejected with a reason) on both backends.
    #[test]
    fn signature_statements_match_the_query_builder() {
        let before = a_nomination(NominationStatus::SigningOff, Some(2));
        let later = Utc::now();
        let mut signing = before.clone();
        signing.current_step = Some(3);
        signing.version = 4;
        signing.updated_at = later;
        let mut admitted = signing.clone();
        admitted.status = NominationStatus::Admitted;
        admitted.current_step = None;
        admitted.decided_at = Some(later);
        let mut rejected = admitted.clone();
        rejected.status = NominationStatus::Rejected;
        rejected.outcome_reason = Some("暂缓 / not yet".into());
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let id = Uuid::now_v7();
            assert_eq!(steps_statement(backend, id), steps_query(id).build(backend));
            for after in [&signing, &admitted, &rejected] {
                assert_eq!(
                    signed_nomination_statement(backend, &before, after),
                    signed_nomination_update(&before, after).build(backend),
                    "{:?}",
                    after.status
                );
            }
            for (agree, comment) in [(true, None), (false, Some("理由 / reason".to_owned()))] {
                assert_eq!(
                    signed_step_statement(backend, id, agree, &comment, later),
                    signed_step_update(id, agree, &comment, later).build(backend),
                );
            }
        }
    }
}
