//! Thin GraphQL resolvers for the talent pool.
use async_graphql::{ComplexObject, Context, Enum, InputObject, Object, SimpleObject, Value, ID};
use chrono::{DateTime, Utc};
use entity::{
    echelon_standard, employee, nomination, pool_event, pool_member, sign_off, CriterionValue,
    GridBand,
};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

use super::service::{self, NominationFilter, PoolFilter, StandardInput, Step};
use crate::error::ApiError;
use crate::graphql::lean::{Lean, Plain};
use crate::graphql::loaders::{EmployeeLoader, Loader};
use crate::graphql::relay::Connection;
use crate::graphql::{actor, authorize, global_id, parse_id, state};
use crate::page::PageArgs;
use crate::people::graphql::{card, Employee, PersonCard};

/// One of the three echelons (梯队).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::Echelon")]
pub enum Echelon {
    /// 1 管理梯队
    Management,
    /// 2 业务骨干梯队
    KeyStaff,
    /// 3 初级梯队
    Junior,
}

/// Competency grade (胜任力测评).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::CompetencyGrade")]
pub enum CompetencyGrade {
    D,
    C,
    /// B-
    BMinus,
    /// B+
    BPlus,
    A,
}

/// Where a nomination stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::NominationStatus")]
pub enum NominationStatus {
    /// 考核中
    Assessing,
    /// 签核中
    SigningOff,
    /// 已入库
    Admitted,
    /// 未通过
    Rejected,
    /// 已撤回
    Withdrawn,
}

/// How a nomination came about.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::NominationSource")]
pub enum NominationSource {
    /// 毛遂自荐
    SelfApplication,
    /// 上级推荐
    Superior,
    /// 人资提名
    Hr,
}

/// Who signs a step.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::SignerRole")]
pub enum SignerRole {
    /// 本人
    #[graphql(name = "SELF")]
    Self_,
    /// 上级
    Superior,
    /// 上二级
    SkipLevel,
}

/// What happened to someone's place in the pool.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::PoolEventKind")]
pub enum PoolEventKind {
    /// 进入人才库
    Entered,
    /// 调整梯队
    Moved,
    /// 退出人才库
    Left,
}

/// A band of the 3×3 ability × potential grid: below 60, 60–79.9, 80 and above.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::GridBand")]
pub enum Band {
    Low,
    Mid,
    High,
}

/// A criterion of a selection standard.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::Criterion")]
pub enum Criterion {
    /// 司龄 (months)
    Tenure,
    /// 考试成绩
    ExamScore,
    /// 胜任力等级
    CompetencyGrade,
    /// 质检成绩
    QualityScore,
    /// 话务量指标 (percent of target)
    CallVolumeIndex,
}

/// The selection standard (选拔标准) of one echelon; a `null` criterion is not required.
pub struct EchelonStandard(pub echelon_standard::Model);

#[Object]
impl EchelonStandard {
    async fn echelon(&self) -> Echelon {
        self.0.echelon.into()
    }
    /// Minimum whole months since hire.
    async fn min_tenure_months(&self) -> Option<i32> {
        self.0.min_tenure_months
    }
    /// Minimum exam score, 0–100.
    async fn min_exam_score(&self) -> Option<f64> {
        self.0.standard().min_exam_score.map(|s| s.value())
    }
    async fn min_grade(&self) -> Option<CompetencyGrade> {
        self.0.min_grade.map(Into::into)
    }
    /// Minimum quality score (质检), 0–100.
    async fn min_quality_score(&self) -> Option<f64> {
        self.0.standard().min_quality_score.map(|s| s.value())
    }
    /// Minimum call volume index in percent of the unit's target.
    async fn min_call_volume_index(&self) -> Option<f64> {
        self.0.min_call_volume_index
    }
    /// Pass it back when editing; a stale one gives CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

fn value_text(v: CriterionValue) -> String {
    match v {
        CriterionValue::Months(m) => m.to_string(),
        CriterionValue::Score(s) => s.to_string(),
        CriterionValue::Grade(g) => g.symbol().to_owned(),
        CriterionValue::Percent(p) => format!("{p}"),
    }
}

/// One criterion checked: what the standard requires, what the candidate has, and whether it
/// passes. Values are plain: months `12`, scores `85.5`, grades `B+`, percents `95`.
#[derive(SimpleObject)]
pub struct CriterionCheck {
    pub criterion: Criterion,
    pub required: String,
    /// `null` when no figure is recorded (the criterion then fails).
    pub actual: Option<String>,
    pub passed: bool,
}

fn checks(list: Vec<entity::CriterionCheck>) -> Vec<CriterionCheck> {
    list.into_iter()
        .map(|c| CriterionCheck {
            criterion: c.criterion.into(),
            required: value_text(c.required),
            actual: c.actual.map(value_text),
            passed: c.passed,
        })
        .collect()
}

/// A step of a nomination's sign-off, shared by the request's lists that show it: a field
/// reads it as asked (a page of names writes no ids, parses no passed-over holders).
pub struct SignOffStep {
    step: Arc<Step>,
    current: bool,
}

/// The fields that copy a column, answered as their resolvers below answer them.
impl Plain for SignOffStep {
    fn plain(&self, field: &str) -> Option<Value> {
        let row = &self.step.row;
        Some(match field {
            "step" => Value::Number(row.step.into()),
            "agree" => row.agree.map_or(Value::Null, Value::Boolean),
            "comment" => row
                .comment
                .as_ref()
                .map_or(Value::Null, |c| Value::String(c.clone())),
            "isCurrent" => Value::Boolean(self.current),
            _ => return None,
        })
    }
}

/// One step of the three-level sign-off (3级参与).
#[Object]
impl SignOffStep {
    /// 0, 1, 2 in signing order.
    async fn step(&self) -> i32 {
        self.step.row.step
    }
    async fn role(&self) -> SignerRole {
        self.step.row.role.into()
    }
    async fn signer(&self) -> Option<Lean<PersonCard>> {
        self.step.signer.as_ref().map(|s| {
            Lean(PersonCard {
                id: s.id,
                employee_no: s.employee_no.clone(),
                name: s.name.clone(),
                position: s.position.clone(),
            })
        })
    }
    /// Holders of this level passed over because they had left (the level went further up).
    async fn in_place_of(&self) -> Vec<ID> {
        self.step
            .row
            .planned()
            .in_place_of
            .into_iter()
            .map(|p| global_id("Employee", p))
            .collect()
    }
    /// `null` until signed.
    async fn agree(&self) -> Option<bool> {
        self.step.row.agree
    }
    async fn comment(&self) -> Option<&str> {
        self.step.row.comment.as_deref()
    }
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.step.row.signed_at
    }
    /// Whether this step waits for its signature now.
    async fn is_current(&self) -> bool {
        self.current
    }
}

/// The sign-off columns a field of [`SignOffStep`] reads, or `None` for a field not listed
/// (the whole step is read then). `signer` is the card's, read apart.
fn step_field_columns(field: &str) -> Option<&'static [sign_off::Column]> {
    use sign_off::Column as C;
    Some(match field {
        "__typename" | "signer" => &[],
        "step" | "isCurrent" => &[C::Step],
        "role" => &[C::Role],
        "inPlaceOf" => &[C::InPlaceOf],
        "agree" => &[C::Agree],
        "comment" => &[C::Comment],
        "signedAt" => &[C::SignedAt],
        _ => return None,
    })
}

/// The signer's columns a field of [`PersonCard`] reads, or `None` for a field not listed.
fn card_field_columns(field: &str) -> Option<&'static [employee::Column]> {
    use employee::Column as C;
    Some(match field {
        "__typename" => &[],
        "id" => &[C::Id],
        "employeeNo" => &[C::EmployeeNo],
        "name" => &[C::Name],
        "position" => &[C::Position],
        _ => return None,
    })
}

/// The columns the selected `signOffs` fields read, of the steps and of their signers (the
/// id when a card is asked but none of its columns, so that there is one: every step has a
/// signer); `None` when a field is not listed.
fn step_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Option<(Vec<sign_off::Column>, Vec<employee::Column>)> {
    let (mut step, mut signer, mut card) = (Vec::new(), Vec::new(), false);
    for f in fields {
        step.extend_from_slice(step_field_columns(f.name())?);
        if f.name() == "signer" {
            card = true;
            for g in f.selection_set() {
                signer.extend_from_slice(card_field_columns(g.name())?);
            }
        }
    }
    if card && signer.is_empty() {
        signer.push(employee::Column::Id);
    }
    Some((step, signer))
}

/// The membership columns a field of [`PoolMember`] reads, or `None` for a field not listed
/// (the whole row is read then). The employee and their unit are read apart.
fn member_field_columns(field: &str) -> Option<&'static [pool_member::Column]> {
    use pool_member::Column as C;
    Some(match field {
        "__typename" | "employee" => &[],
        "id" => &[C::Id],
        "echelon" => &[C::Echelon],
        "joinedAt" => &[C::JoinedAt],
        "signOffs" => &[C::NominationId],
        _ => return None,
    })
}

/// The membership columns the selected fields of a pool page's rows read, or `None` when
/// one of them is not listed in [`member_field_columns`].
fn member_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Option<Vec<pool_member::Column>> {
    let mut out = Vec::new();
    for f in fields {
        out.extend_from_slice(member_field_columns(f.name())?);
    }
    Some(out)
}

/// The steps of one nomination as `signOffs` lists them, `current` the step that waits.
fn steps(
    list: impl IntoIterator<Item = Arc<Step>>,
    current: Option<i32>,
) -> Vec<Lean<SignOffStep>> {
    list.into_iter()
        .map(|step| {
            let current = current == Some(step.row.step);
            Lean(SignOffStep { step, current })
        })
        .collect()
}

/// Sign-off steps by nomination, batched per request (one statement, signers joined in).
pub struct StepsLoader(pub crate::request_db::Db);

impl crate::graphql::loaders::Fetch<Uuid> for StepsLoader {
    type Value = Vec<Arc<Step>>;
    type Error = std::sync::Arc<ApiError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        service::steps_of(&self.0, keys, None)
            .await
            .map_err(std::sync::Arc::new)
    }
}

/// The steps loader of a request, cached so a list can load its rows' steps up front.
pub type Steps = crate::graphql::loaders::Batcher<StepsLoader>;

/// Monthly points by person, batched per request: one statement for a page of people.
pub struct PointsLoader {
    db: crate::request_db::Db,
    /// The first and last month asked for by the fields of the request so far.
    months: std::sync::Mutex<Option<(entity::YearMonth, entity::YearMonth)>>,
}

impl PointsLoader {
    pub fn new(db: crate::request_db::Db) -> Self {
        PointsLoader {
            db,
            months: std::sync::Mutex::default(),
        }
    }

    /// Widens the months read to cover `first..=last`; a field calls it before it loads, so
    /// the batch it joins reads its months (and its siblings', usually the same).
    pub fn want(&self, first: entity::YearMonth, last: entity::YearMonth) {
        // Plain data, consistent after every statement: a poisoned lock is still usable.
        let mut months = self.months.lock().unwrap_or_else(|p| p.into_inner());
        *months = Some(match *months {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }
}

impl crate::graphql::loaders::Fetch<Uuid> for PointsLoader {
    type Value = std::collections::BTreeMap<String, f64>;
    type Error = std::sync::Arc<ApiError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let months = *self.months.lock().unwrap_or_else(|p| p.into_inner());
        let Some((first, last)) = months else {
            return Ok(HashMap::new());
        };
        let (first, last) = (first.to_string(), last.to_string());
        super::elimination::points_of(&self.db, keys, (&first, &last))
            .await
            .map_err(std::sync::Arc::new)
    }
}

/// The points loader of a request; uncached, so points a mutation entered read back fresh.
pub type Points = crate::graphql::loaders::Batcher<PointsLoader>;

/// Loads the steps of a page of nominations in one statement when the query asks for them,
/// so the rows' `signOffs` fields read them from the cache.
async fn prefetch_steps(
    ctx: &Context<'_>,
    wanted: bool,
    nominations: Vec<Uuid>,
) -> async_graphql::Result<()> {
    if !wanted || nominations.is_empty() {
        return Ok(());
    }
    let mut found = service::steps_of(&state(ctx)?.db, &nominations, None).await?;
    let all: Vec<(Uuid, Vec<Arc<Step>>)> = nominations
        .into_iter()
        .map(|n| {
            let steps = found.remove(&n).unwrap_or_default();
            (n, steps)
        })
        .collect();
    ctx.data::<Steps>()?.feed_many(all).await;
    Ok(())
}

/// Forgets cached steps after a mutation changed them.
pub async fn forget_steps(ctx: &Context<'_>) {
    if let Some(l) = ctx.data_opt::<Steps>() {
        l.clear();
    }
}

async fn steps_for(ctx: &Context<'_>, nomination: Uuid) -> async_graphql::Result<Vec<Arc<Step>>> {
    let loader = match ctx.data_opt::<Steps>() {
        Some(l) => l,
        None => return Err(ApiError::internal("steps loader missing").into()),
    };
    Ok(loader
        .load_one(nomination)
        .await
        .map_err(|e| ApiError::internal(format!("sign-off steps: {e:?}")))?
        .unwrap_or_default())
}

/// What a nomination's `checks` need besides the nomination and its nominee; a list reads it
/// for its whole page at once.
pub struct CheckFacts {
    standards: HashMap<entity::Echelon, echelon_standard::Model>,
    grades: HashMap<Uuid, entity::CompetencyGrade>,
}

/// The standards and the nominees' newest grades for a page of nominations, in two statements,
/// when the query asks for `checks`.
async fn check_facts(
    ctx: &Context<'_>,
    wanted: bool,
    rows: &[nomination::Model],
) -> async_graphql::Result<Option<Arc<CheckFacts>>> {
    if !wanted || rows.is_empty() {
        return Ok(None);
    }
    let db = &state(ctx)?.db;
    let standards = service::standards(db)
        .await?
        .into_iter()
        .map(|s| (s.echelon, s))
        .collect();
    let nominees: Vec<Uuid> = rows.iter().map(|n| n.employee_id).collect();
    let grades = service::latest_grades(db, &nominees).await?;
    Ok(Some(Arc::new(CheckFacts { standards, grades })))
}

/// A nomination (提名) to an echelon, with what a list read for its `checks`.
pub struct Nomination(pub nomination::Model, Option<Arc<CheckFacts>>);

impl Nomination {
    /// A nomination on its own: its `checks` read what they need themselves.
    pub fn one(row: nomination::Model) -> Self {
        Nomination(row, None)
    }
}

impl Plain for Nomination {}

#[Object]
impl Nomination {
    /// Global id, `Nomination:<uuid>`.
    async fn id(&self) -> ID {
        global_id("Nomination", self.0.id)
    }
    /// The nominee.
    async fn employee(&self, ctx: &Context<'_>) -> async_graphql::Result<Employee> {
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        loader
            .load_one(self.0.employee_id)
            .await?
            .map(Employee::from)
            .ok_or_else(|| ApiError::internal("nominee missing").into())
    }
    async fn echelon(&self) -> Echelon {
        self.0.echelon.into()
    }
    async fn source(&self) -> NominationSource {
        self.0.source.into()
    }
    /// Who nominated (the nominee themself for a self-application).
    async fn nominated_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonCard>> {
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        Ok(loader
            .load_one(self.0.nominated_by)
            .await?
            .as_ref()
            .map(card))
    }
    /// The applicant's statement or the nominator's reason.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn status(&self) -> NominationStatus {
        self.0.status.into()
    }
    /// Ability score (能力), 0–100.
    async fn ability_score(&self) -> Option<f64> {
        self.0.ability().map(|s| s.value())
    }
    /// Potential score (潜质), 0–100.
    async fn potential_score(&self) -> Option<f64> {
        self.0.potential().map(|s| s.value())
    }
    async fn exam_score(&self) -> Option<f64> {
        self.0.exam().map(|s| s.value())
    }
    async fn assessment_comment(&self) -> Option<&str> {
        self.0.assessment_comment.as_deref()
    }
    /// The cell of the 3×3 grid once both scores are in.
    async fn ability_band(&self) -> Option<Band> {
        self.0.ability().map(|s| GridBand::of(s).into())
    }
    async fn potential_band(&self) -> Option<Band> {
        self.0.potential().map(|s| GridBand::of(s).into())
    }
    /// The disagreeing signer's reason, or why it was withdrawn.
    async fn outcome_reason(&self) -> Option<&str> {
        self.0.outcome_reason.as_deref()
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Pass it back when acting on the nomination; a stale one gives CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The three steps in signing order, empty until submitted.
    async fn sign_offs(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Lean<SignOffStep>>> {
        Ok(steps(steps_for(ctx, self.0.id).await?, self.0.current_step))
    }
    /// The nominee checked against the echelon's standard today.
    async fn checks(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CriterionCheck>> {
        let (standard, grade) = match &self.1 {
            Some(facts) => (
                facts
                    .standards
                    .get(&self.0.echelon)
                    .cloned()
                    .ok_or_else(|| ApiError::internal("echelon standard row missing"))?,
                facts.grades.get(&self.0.employee_id).copied(),
            ),
            None => {
                let db = &state(ctx)?.db;
                (
                    service::standard(db, self.0.echelon).await?,
                    service::latest_grade(db, self.0.employee_id).await?,
                )
            }
        };
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        let Some(nominee) = loader.load_one(self.0.employee_id).await? else {
            return Ok(Vec::new());
        };
        Ok(checks(service::check(
            &standard,
            &nominee,
            self.0.exam(),
            grade,
            entity::china_date(Utc::now()),
        )))
    }
}

/// A current member of the pool (人才库).
pub struct PoolMember {
    pub member: pool_member::Model,
    /// With their unit when the page read it (perhaps only some columns).
    pub employee: Employee,
    /// The admitting sign-off's steps when the page read them with its rows.
    pub steps: Option<Vec<Arc<Step>>>,
}

impl Plain for PoolMember {}

#[Object]
impl PoolMember {
    async fn id(&self) -> ID {
        global_id("PoolMember", self.member.id)
    }
    async fn employee(&self) -> Lean<&Employee> {
        Lean(&self.employee)
    }
    async fn echelon(&self) -> Echelon {
        self.member.echelon.into()
    }
    async fn joined_at(&self) -> DateTime<Utc> {
        self.member.joined_at
    }
    /// The sign-off that admitted the member.
    async fn sign_offs(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Lean<SignOffStep>>> {
        Ok(match (&self.steps, self.member.nomination_id) {
            (Some(read), _) => steps(read.iter().cloned(), None),
            (None, Some(n)) => steps(steps_for(ctx, n).await?, None),
            (None, None) => Vec::new(),
        })
    }
}

/// An entry of someone's pool history.
#[derive(SimpleObject)]
pub struct PoolEvent {
    pub kind: PoolEventKind,
    pub from_echelon: Option<Echelon>,
    pub to_echelon: Option<Echelon>,
    /// The reason as stored: the words HR wrote, or a code of the system's own reasons
    /// (`@all_agreed`, `@moved:<echelon 1–3>`, `@left_company`,
    /// `@eliminated:<quarter>:<the manager's words>`); `reasonZh` and `reasonEn` say it in words.
    pub reason: String,
    /// The reason in Chinese.
    pub reason_zh: String,
    /// The reason in English (words a person wrote stay as written).
    pub reason_en: String,
    /// `工号 姓名` of who acted.
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl From<pool_event::Model> for PoolEvent {
    fn from(e: pool_event::Model) -> Self {
        PoolEvent {
            kind: e.kind.into(),
            from_echelon: e.from_echelon.map(Into::into),
            to_echelon: e.to_echelon.map(Into::into),
            reason_zh: entity::PoolReason::parse(&e.reason).words(true),
            reason_en: entity::PoolReason::parse(&e.reason).words(false),
            reason: e.reason,
            actor: e.actor_label,
            at: e.at,
        }
    }
}

/// A periodic competency review (胜任力测评).
pub struct CompetencyReview(pub entity::competency_review::Model);

#[Object]
impl CompetencyReview {
    /// The quarter, `2026-Q3`.
    async fn period(&self) -> &str {
        &self.0.period
    }
    async fn grade(&self) -> CompetencyGrade {
        self.0.grade.into()
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// Who gave the grade.
    async fn reviewed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonCard>> {
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        Ok(loader
            .load_one(self.0.reviewed_by)
            .await?
            .as_ref()
            .map(card))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Points of one month; `points` is `null` when none were entered.
#[derive(SimpleObject)]
pub struct MonthPoints {
    /// `2026-03`
    pub month: String,
    pub points: Option<f64>,
}

/// A member at the bottom in every month of a quarter (自然淘汰), waiting for a decision.
pub struct EliminationCandidate(pub super::elimination::Candidate);

#[Object]
impl EliminationCandidate {
    async fn employee(&self) -> Employee {
        Employee::from(self.0.employee.clone())
    }
    async fn echelon(&self) -> Echelon {
        self.0.member.echelon.into()
    }
    /// The quarter's three months, in order.
    async fn months(&self) -> Vec<MonthPoints> {
        self.0
            .months
            .iter()
            .map(|(m, p)| MonthPoints {
                month: m.to_string(),
                points: *p,
            })
            .collect()
    }
}

/// A project's elimination review of one quarter.
#[derive(SimpleObject)]
pub struct EliminationReview {
    /// `2026-Q1`
    pub quarter: String,
    /// The project's ratio (0.1 = the bottom 10% each month).
    pub ratio: f64,
    /// Undecided candidates.
    pub candidates: Vec<EliminationCandidate>,
}

/// The kind of a development-plan item.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::PlanItemKind")]
pub enum PlanItemKind {
    /// 专项培训
    SpecialTraining,
    /// 教练辅导
    Coaching,
    /// 岗位调整/轮岗
    Rotation,
    /// 指定阅读·提交心得
    AssignedReading,
    /// 外派参观考察·交流
    ExternalVisit,
}

/// Where a plan item stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::PlanItemStatus")]
pub enum PlanItemStatus {
    /// 未开始
    Planned,
    /// 进行中 (also after being returned)
    InProgress,
    /// 已提交: waits for the superior's review
    Submitted,
    /// 已完成
    Done,
}

/// An item of a development plan.
pub struct PlanItem(pub entity::plan_item::Model);

#[Object]
impl PlanItem {
    /// Global id, `PlanItem:<uuid>`.
    async fn id(&self) -> ID {
        global_id("PlanItem", self.0.id)
    }
    async fn kind(&self) -> PlanItemKind {
        self.0.kind.into()
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn due_date(&self) -> chrono::NaiveDate {
        self.0.due_date
    }
    async fn status(&self) -> PlanItemStatus {
        self.0.status.into()
    }
    /// Not handed in and past its due date (China's calendar day).
    async fn overdue(&self) -> bool {
        entity::is_overdue(
            self.0.due_date,
            self.0.status,
            entity::china_date(Utc::now()),
        )
    }
    /// The reflection of a reading, or evidence of the rest.
    async fn evidence(&self) -> Option<&str> {
        self.0.evidence.as_deref()
    }
    async fn reviewer_comment(&self) -> Option<&str> {
        self.0.reviewer_comment.as_deref()
    }
    /// Pass it back when handing in or reviewing; a stale one gives CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One level's agreement to the plan.
#[derive(SimpleObject)]
pub struct PlanAgreement {
    pub role: SignerRole,
    pub signer: Option<PersonCard>,
    pub agreed_at: DateTime<Utc>,
}

/// A pool member's development plan (后备员工发展档案).
pub struct DevelopmentPlan(pub super::plan::Plan);

#[Object]
impl DevelopmentPlan {
    /// How many items the plan has had; pass it back when agreeing.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// Items by due date.
    async fn items(&self) -> Vec<PlanItem> {
        self.0.items.iter().cloned().map(PlanItem).collect()
    }
    /// The levels that agreed to this revision.
    async fn agreements(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanAgreement>> {
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        let mut out = Vec::new();
        for a in &self.0.agreements {
            out.push(PlanAgreement {
                role: a.role.into(),
                signer: loader.load_one(a.signer_id).await?.as_ref().map(card),
                agreed_at: a.agreed_at,
            });
        }
        out.sort_by_key(|a| match a.role {
            SignerRole::Self_ => 0,
            SignerRole::Superior => 1,
            SignerRole::SkipLevel => 2,
        });
        Ok(out)
    }
    /// Whether the member, the superior and the skip-level superior all agreed to it.
    async fn agreed_by_all(&self) -> bool {
        self.0.revision > 0 && self.0.agreements.len() == 3
    }
}

/// Where a year-end inventory stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::InventoryStatus")]
pub enum InventoryStatus {
    /// 草稿: the superior is writing it.
    Draft,
    /// 已反馈: shared with the member.
    FedBack,
    /// 已确认: both confirmed next year's plan.
    Agreed,
}

/// A year-end capability inventory (年底能力盘点).
pub struct Inventory(pub entity::inventory::Model);

#[Object]
impl Inventory {
    /// Global id, `Inventory:<uuid>`.
    async fn id(&self) -> ID {
        global_id("Inventory", self.0.id)
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn status(&self) -> InventoryStatus {
        self.0.status.into()
    }
    /// 优势
    async fn strengths(&self) -> &str {
        &self.0.strengths
    }
    /// 不足
    async fn weaknesses(&self) -> &str {
        &self.0.weaknesses
    }
    /// 来年计划
    async fn next_year_plan(&self) -> &str {
        &self.0.next_year_plan
    }
    /// The superior who wrote it.
    async fn superior(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonCard>> {
        let loader = ctx.data::<Loader<EmployeeLoader>>()?;
        Ok(loader
            .load_one(self.0.superior_id)
            .await?
            .as_ref()
            .map(card))
    }
    async fn shared_at(&self) -> Option<DateTime<Utc>> {
        self.0.shared_at
    }
    async fn member_read_at(&self) -> Option<DateTime<Utc>> {
        self.0.member_read_at
    }
    async fn member_confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.member_confirmed_at
    }
    async fn superior_confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.superior_confirmed_at
    }
    /// Pass it back with the next step; a stale one gives CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Members and open nominations of one echelon.
#[derive(SimpleObject)]
pub struct EchelonCount {
    pub echelon: Echelon,
    pub members: i32,
    /// Open nominations (assessing or signing off).
    pub candidates: i32,
}

/// One cell of the ability × potential grid.
#[derive(SimpleObject)]
pub struct GridCount {
    pub ability: Band,
    pub potential: Band,
    pub count: i32,
}

/// The pool at a glance.
#[derive(SimpleObject)]
pub struct PoolOverview {
    /// The three echelons in order, with zero counts included; only the chosen one when the
    /// overview is of one echelon.
    pub echelons: Vec<EchelonCount>,
    /// All nine cells, for the assessed open nominations (of the chosen echelon, if any).
    pub grid: Vec<GridCount>,
}

/// The caller's own place in the pool (我的梯队).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct MyTalent {
    #[graphql(skip)]
    pub employee_id: Uuid,
    pub membership: Option<PoolMember>,
}

#[ComplexObject]
impl MyTalent {
    /// The caller's nominations, newest first (at most 20).
    async fn nominations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Nomination>> {
        let st = state(ctx)?;
        let page = service::list(
            &st.db,
            &crate::auth::Access::system(),
            &NominationFilter {
                employee_id: Some(self.employee_id),
                ..Default::default()
            },
            PageArgs::parse(20, None, false)?,
        )
        .await?;
        let wanted = ctx.look_ahead().field("checks").exists();
        let facts = check_facts(ctx, wanted, &page.items).await?;
        Ok(page
            .items
            .into_iter()
            .map(|n| Nomination(n, facts.clone()))
            .collect())
    }
    /// My development plan (empty when I am not in the pool).
    async fn plan(&self, ctx: &Context<'_>) -> async_graphql::Result<DevelopmentPlan> {
        Ok(DevelopmentPlan(
            super::plan::plan_of(&state(ctx)?.db, self.employee_id).await?,
        ))
    }
    /// My year-end inventories, newest year first (drafts stay with the superior).
    async fn inventories(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Inventory>> {
        Ok(
            super::inventory::of_employee(&state(ctx)?.db, self.employee_id)
                .await?
                .into_iter()
                .filter(|i| i.status != entity::InventoryStatus::Draft)
                .map(Inventory)
                .collect(),
        )
    }
    /// Entering, leaving, moving between echelons.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PoolEvent>> {
        let st = state(ctx)?;
        Ok(service::history(&st.db, self.employee_id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

fn count(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

async fn unit_path(
    ctx: &Context<'_>,
    access: &crate::auth::Access,
    id: Option<ID>,
) -> async_graphql::Result<Option<String>> {
    match id {
        None => Ok(None),
        Some(id) => {
            let id = parse_id("orgUnitId", "OrgUnit", &id)?;
            let u = crate::org::service::get(&state(ctx)?.db, access, id).await?;
            Ok(Some(u.path))
        }
    }
}

#[derive(InputObject, Default)]
pub struct NominationFilterInput {
    pub echelon: Option<Echelon>,
    pub status: Option<NominationStatus>,
    /// Only nominations still assessing or signing off.
    #[graphql(default)]
    pub open_only: bool,
    /// Nominees in this unit and below.
    pub org_unit_id: Option<ID>,
    pub employee_id: Option<ID>,
}

#[derive(Default)]
pub struct TalentQuery;

#[Object]
impl TalentQuery {
    /// The selection standards of the three echelons, in order.
    async fn echelon_standards(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<EchelonStandard>> {
        authorize(ctx, "Query.echelonStandards")?;
        Ok(service::standards(&state(ctx)?.db)
            .await?
            .into_iter()
            .map(EchelonStandard)
            .collect())
    }

    /// An employee within reach checked against an echelon's standard today (before
    /// nominating); the exam criterion uses `examScore` when given.
    async fn standard_check(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        echelon: Echelon,
        exam_score: Option<f64>,
    ) -> async_graphql::Result<Vec<CriterionCheck>> {
        let access = authorize(ctx, "Query.standardCheck")?;
        let st = state(ctx)?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        let exam = exam_score
            .map(|v| entity::Score::new("examScore", v))
            .transpose()
            .map_err(ApiError::from)?;
        let e = crate::people::service::get(&st.db, &access, id).await?;
        let standard = service::standard(&st.db, echelon.into()).await?;
        let grade = service::latest_grade(&st.db, e.id).await?;
        Ok(checks(service::check(
            &standard,
            &e,
            exam,
            grade,
            entity::china_date(Utc::now()),
        )))
    }

    /// Nominations whose nominee is within reach, newest first.
    #[graphql(complexity = "first.clamp(0, 1000) as usize * child_complexity + 1")]
    async fn nominations(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<NominationFilterInput>,
    ) -> async_graphql::Result<Connection<Nomination>> {
        let access = authorize(ctx, "Query.nominations")?;
        let want_total = ctx.look_ahead().field("totalCount").exists();
        let page = PageArgs::parse(first, after.as_deref(), want_total)?;
        let f = filter.unwrap_or_default();
        let filter = NominationFilter {
            echelon: f.echelon.map(Into::into),
            status: f.status.map(Into::into),
            open_only: f.open_only,
            org_unit_path: unit_path(ctx, &access, f.org_unit_id).await?,
            employee_id: f
                .employee_id
                .map(|e| parse_id("filter.employeeId", "Employee", &e))
                .transpose()?,
        };
        let res = service::list(&state(ctx)?.db, &access, &filter, page).await?;
        let wanted = ctx
            .look_ahead()
            .field("edges")
            .field("node")
            .field("signOffs")
            .exists();
        prefetch_steps(ctx, wanted, res.items.iter().map(|n| n.id).collect()).await?;
        let wanted = ctx
            .look_ahead()
            .field("edges")
            .field("node")
            .field("checks")
            .exists();
        let facts = check_facts(ctx, wanted, &res.items).await?;
        Ok(crate::graphql::connection(
            res,
            |n| service::cursor_by_id(n.id),
            |n| Nomination(n, facts.clone()),
        ))
    }

    /// One nomination: its nominee within reach, or the caller signs one of its steps.
    async fn nomination(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Nomination> {
        let access = authorize(ctx, "Query.nomination")?;
        let id = parse_id("id", "Nomination", &id)?;
        Ok(Nomination::one(
            service::get(&state(ctx)?.db, &access, id).await?,
        ))
    }

    /// Current pool members within reach, newest first.
    #[graphql(complexity = "first.clamp(0, 1000) as usize * child_complexity + 1")]
    async fn talent_pool(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        echelon: Option<Echelon>,
        org_unit_id: Option<ID>,
    ) -> async_graphql::Result<Connection<PoolMember>> {
        let access = authorize(ctx, "Query.talentPool")?;
        let lookahead = ctx.look_ahead();
        let want_total = lookahead.field("totalCount").exists();
        let page = PageArgs::parse(first, after.as_deref(), want_total)?;
        let filter = PoolFilter {
            echelon: echelon.map(Into::into),
            org_unit_path: unit_path(ctx, &access, org_unit_id).await?,
        };
        // Only the columns the page shows: of the membership (and the id for a cursor), of
        // the employee and of their unit.
        let rows: Vec<_> = lookahead
            .field("edges")
            .field("node")
            .selection_fields()
            .into_iter()
            .chain(lookahead.field("nodes").selection_fields())
            .collect();
        let members = member_columns(rows.iter().flat_map(|f| f.selection_set())).map(|mut m| {
            if crate::graphql::wants_cursors(&lookahead) {
                m.push(pool_member::Column::Id);
            }
            m
        });
        let fields_named = |name: &str| -> Vec<_> {
            rows.iter()
                .flat_map(|f| f.selection_set())
                .filter(|f| f.name() == name)
                .collect()
        };
        let employee_fields = fields_named("employee");
        let columns = crate::people::graphql::selected_columns(
            employee_fields.iter().flat_map(|f| f.selection_set()),
        );
        let units = crate::org::graphql::unit_columns(
            employee_fields.iter().flat_map(|f| f.selection_set()),
        );
        let projection = match (&members, &columns) {
            (Some(member), Some(employee)) => Some(service::Projection {
                member,
                employee,
                unit: units.as_deref().unwrap_or_default(),
            }),
            _ => None,
        };
        let res = service::members(&state(ctx)?.db, &access, &filter, page, projection).await?;
        let whole = projection.is_none_or(|p| crate::org::graphql::is_whole(p.unit));
        crate::people::graphql::feed_whole_units(ctx, whole, res.items.iter().map(|(_, _, u)| u))
            .await?;
        // The rows' sign-offs in one statement, only the columns their fields show, handed to
        // the rows they belong to.
        let sign_offs = fields_named("signOffs");
        let wanted = !sign_offs.is_empty();
        let step_read = step_columns(sign_offs.iter().flat_map(|f| f.selection_set()));
        let nominations: Vec<Uuid> = res
            .items
            .iter()
            .filter_map(|(m, _, _)| m.nomination_id)
            .collect();
        let mut read = if wanted && !nominations.is_empty() {
            let projection = step_read
                .as_ref()
                .map(|(step, signer)| service::StepProjection { step, signer });
            service::steps_of(&state(ctx)?.db, &nominations, projection).await?
        } else {
            HashMap::new()
        };
        Ok(crate::graphql::connection(
            res,
            |(m, _, _)| service::cursor_by_id(m.id),
            |(member, employee, unit)| PoolMember {
                steps: wanted.then(|| {
                    member
                        .nomination_id
                        .and_then(|n| read.remove(&n))
                        .unwrap_or_default()
                }),
                member,
                employee: Employee::with_unit(employee, unit),
            },
        ))
    }

    /// Counts by echelon and the ability × potential grid, within reach.
    async fn pool_overview(
        &self,
        ctx: &Context<'_>,
        org_unit_id: Option<ID>,
        #[graphql(desc = "Restricts the counts and the grid to one echelon.")] echelon: Option<
            Echelon,
        >,
    ) -> async_graphql::Result<PoolOverview> {
        let access = authorize(ctx, "Query.poolOverview")?;
        let path = unit_path(ctx, &access, org_unit_id).await?;
        let o = service::overview(
            &state(ctx)?.db,
            &access,
            path.as_deref(),
            echelon.map(Into::into),
        )
        .await?;
        Ok(PoolOverview {
            echelons: entity::Echelon::ALL
                .into_iter()
                .filter(|e| echelon.is_none_or(|want| entity::Echelon::from(want) == *e))
                .map(|e| EchelonCount {
                    echelon: e.into(),
                    members: count(o.members.get(&e).copied().unwrap_or(0)),
                    candidates: count(o.candidates.get(&e).copied().unwrap_or(0)),
                })
                .collect(),
            grid: GridBand::ALL
                .into_iter()
                .flat_map(|a| GridBand::ALL.into_iter().map(move |p| (a, p)))
                .map(|(a, p)| GridCount {
                    ability: a.into(),
                    potential: p.into(),
                    count: count(o.grid.get(&(a, p)).copied().unwrap_or(0)),
                })
                .collect(),
        })
    }

    /// The undecided elimination candidates (末位淘汰) of a project for a quarter (`2026-Q1`):
    /// members at the bottom of the project's pool in each of its three months.
    async fn elimination_candidates(
        &self,
        ctx: &Context<'_>,
        org_unit_id: ID,
        quarter: String,
    ) -> async_graphql::Result<EliminationReview> {
        let access = authorize(ctx, "Query.eliminationCandidates")?;
        let q = entity::Quarter::field("quarter", &quarter).map_err(ApiError::from)?;
        let id = parse_id("orgUnitId", "OrgUnit", &org_unit_id)?;
        let st = state(ctx)?;
        let project = super::elimination::project_for(&st.db, &access, id).await?;
        let (ratio, list) = super::elimination::candidates(&st.db, &project, q).await?;
        Ok(EliminationReview {
            quarter: q.to_string(),
            ratio,
            candidates: list.into_iter().map(EliminationCandidate).collect(),
        })
    }

    /// My place in the pool, my nominations and my pool history.
    async fn my_talent(&self, ctx: &Context<'_>) -> async_graphql::Result<MyTalent> {
        authorize(ctx, "Query.myTalent")?;
        let me = actor(ctx)?.employee_id().ok_or(ApiError::Forbidden)?;
        let st = state(ctx)?;
        let membership = match service::current_membership(&st.db, me).await? {
            Some(member) => {
                use sea_orm::EntityTrait;
                let employee = entity::employee::Entity::find_by_id(me)
                    .one(&st.db)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or(ApiError::NotFound)?;
                Some(PoolMember {
                    member,
                    employee: employee.into(),
                    steps: None,
                })
            }
            None => None,
        };
        Ok(MyTalent {
            employee_id: me,
            membership,
        })
    }
}

#[derive(InputObject)]
pub struct EchelonStandardInput {
    pub echelon: Echelon,
    /// The version the change is based on; a stale one gives CONFLICT.
    pub expected_version: i32,
    pub min_tenure_months: Option<i32>,
    pub min_exam_score: Option<f64>,
    pub min_grade: Option<CompetencyGrade>,
    pub min_quality_score: Option<f64>,
    pub min_call_volume_index: Option<f64>,
}

#[derive(InputObject)]
pub struct AssessmentInput {
    pub nomination_id: ID,
    pub expected_version: i32,
    /// 能力, 0–100 with at most one decimal.
    pub ability: f64,
    /// 潜质, 0–100 with at most one decimal.
    pub potential: f64,
    /// 考试成绩, 0–100 with at most one decimal.
    pub exam: f64,
    pub comment: Option<String>,
}

#[derive(Default)]
pub struct TalentMutation;

#[Object]
impl TalentMutation {
    /// Sets an echelon's selection standard (HR).
    async fn update_echelon_standard(
        &self,
        ctx: &Context<'_>,
        input: EchelonStandardInput,
    ) -> async_graphql::Result<EchelonStandard> {
        authorize(ctx, "Mutation.updateEchelonStandard")?;
        let parsed = StandardInput {
            min_tenure_months: input.min_tenure_months,
            min_exam_score: input.min_exam_score,
            min_grade: input.min_grade.map(Into::into),
            min_quality_score: input.min_quality_score,
            min_call_volume_index: input.min_call_volume_index,
        };
        Ok(EchelonStandard(
            service::update_standard(
                state(ctx)?,
                actor(ctx)?,
                input.echelon.into(),
                input.expected_version,
                parsed,
            )
            .await?,
        ))
    }

    /// Nominates someone within reach to an echelon, or applies oneself (毛遂自荐). One open
    /// nomination per person and echelon: a second gives CONFLICT.
    async fn nominate(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        echelon: Echelon,
        reason: String,
    ) -> async_graphql::Result<Nomination> {
        let access = authorize(ctx, "Mutation.nominate")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        Ok(Nomination::one(
            service::nominate(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                echelon.into(),
                &reason,
            )
            .await?,
        ))
    }

    /// Records the ability and potential assessment (能力潜质考核) and the exam score.
    async fn assess_nomination(
        &self,
        ctx: &Context<'_>,
        input: AssessmentInput,
    ) -> async_graphql::Result<Nomination> {
        let access = authorize(ctx, "Mutation.assessNomination")?;
        let id = parse_id("nominationId", "Nomination", &input.nomination_id)?;
        Ok(Nomination::one(
            service::assess(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                service::AssessmentInput {
                    expected_version: input.expected_version,
                    ability: input.ability,
                    potential: input.potential,
                    exam: input.exam,
                    comment: input.comment,
                },
            )
            .await?,
        ))
    }

    /// Sends an assessed nomination to the three-level sign-off; the signers are fixed now
    /// from the reporting line.
    async fn submit_nomination(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Nomination> {
        let access = authorize(ctx, "Mutation.submitNomination")?;
        let id = parse_id("id", "Nomination", &id)?;
        let n = service::submit(state(ctx)?, actor(ctx)?, &access, id, expected_version).await?;
        forget_steps(ctx).await;
        Ok(Nomination::one(n))
    }

    /// Signs the caller's step: agree, or disagree with a reason (which rejects).
    async fn sign_nomination(
        &self,
        ctx: &Context<'_>,
        id: ID,
        agree: bool,
        comment: Option<String>,
    ) -> async_graphql::Result<Nomination> {
        authorize(ctx, "Mutation.signNomination")?;
        let id = parse_id("id", "Nomination", &id)?;
        let n = service::sign(state(ctx)?, actor(ctx)?, id, agree, comment.as_deref()).await?;
        forget_steps(ctx).await;
        Ok(Nomination::one(n))
    }

    /// Withdraws an open nomination.
    async fn withdraw_nomination(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        reason: Option<String>,
    ) -> async_graphql::Result<Nomination> {
        let access = authorize(ctx, "Mutation.withdrawNomination")?;
        let id = parse_id("id", "Nomination", &id)?;
        Ok(Nomination::one(
            service::withdraw(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                expected_version,
                reason.as_deref(),
            )
            .await?,
        ))
    }

    /// Records a person's competency grade for a quarter (`2026-Q3`): their superiors within
    /// reach and HR. One per person and quarter.
    async fn record_competency_review(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        period: String,
        grade: CompetencyGrade,
        comment: Option<String>,
    ) -> async_graphql::Result<CompetencyReview> {
        let access = authorize(ctx, "Mutation.recordCompetencyReview")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        Ok(CompetencyReview(
            service::record_review(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                &period,
                grade.into(),
                comment.as_deref(),
            )
            .await?,
        ))
    }

    /// Enters or corrects a pool member's points for a month (`2026-03`): their superiors
    /// within reach and HR.
    async fn set_monthly_points(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        month: String,
        points: f64,
    ) -> async_graphql::Result<MonthPoints> {
        let access = authorize(ctx, "Mutation.setMonthlyPoints")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        let row =
            super::elimination::set_points(state(ctx)?, actor(ctx)?, &access, id, &month, points)
                .await?;
        Ok(MonthPoints {
            month: row.month,
            points: Some(row.points),
        })
    }

    /// Sets a project's quarterly elimination ratio, 0 to 1 (managers of the project, HR).
    async fn set_elimination_ratio(
        &self,
        ctx: &Context<'_>,
        org_unit_id: ID,
        ratio: f64,
    ) -> async_graphql::Result<f64> {
        let access = authorize(ctx, "Mutation.setEliminationRatio")?;
        let id = parse_id("orgUnitId", "OrgUnit", &org_unit_id)?;
        Ok(super::elimination::set_ratio(state(ctx)?, actor(ctx)?, &access, id, ratio).await?)
    }

    /// Confirms (the member leaves the pool) or overrides an elimination candidate of a
    /// quarter, with the reason.
    async fn decide_elimination(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        quarter: String,
        confirm: bool,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let access = authorize(ctx, "Mutation.decideElimination")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        super::elimination::decide(
            state(ctx)?,
            actor(ctx)?,
            &access,
            id,
            &quarter,
            confirm,
            &reason,
        )
        .await?;
        Ok(true)
    }

    /// Adds an item to a pool member's development plan (their superiors and HR); the three
    /// levels then agree to the new revision.
    async fn add_plan_item(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        kind: PlanItemKind,
        title: String,
        #[graphql(desc = "`YYYY-MM-DD`")] due_date: String,
    ) -> async_graphql::Result<PlanItem> {
        let access = authorize(ctx, "Mutation.addPlanItem")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        Ok(PlanItem(
            super::plan::add_item(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                kind.into(),
                &title,
                &due_date,
            )
            .await?,
        ))
    }

    /// Agrees to the current revision of a member's plan as the member, their superior or
    /// their skip-level superior.
    async fn agree_plan(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        expected_revision: i32,
    ) -> async_graphql::Result<bool> {
        authorize(ctx, "Mutation.agreePlan")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        super::plan::agree(state(ctx)?, actor(ctx)?, id, expected_revision).await?;
        Ok(true)
    }

    /// The member hands in an item: the reflection (心得) of an assigned reading (at most 5000
    /// characters) or evidence of the rest.
    async fn submit_plan_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        evidence: String,
    ) -> async_graphql::Result<PlanItem> {
        authorize(ctx, "Mutation.submitPlanItem")?;
        let id = parse_id("id", "PlanItem", &id)?;
        Ok(PlanItem(
            super::plan::submit_item(state(ctx)?, actor(ctx)?, id, expected_version, &evidence)
                .await?,
        ))
    }

    /// The superior accepts a handed-in item, or returns it with a comment.
    async fn review_plan_item(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        accept: bool,
        comment: Option<String>,
    ) -> async_graphql::Result<PlanItem> {
        let access = authorize(ctx, "Mutation.reviewPlanItem")?;
        let id = parse_id("id", "PlanItem", &id)?;
        Ok(PlanItem(
            super::plan::review_item(
                state(ctx)?,
                actor(ctx)?,
                &access,
                id,
                expected_version,
                accept,
                comment.as_deref(),
            )
            .await?,
        ))
    }

    /// The member's direct superior writes (or, while a draft, rewrites) the year-end
    /// inventory: strengths, weaknesses and next year's plan. Rewriting needs the version.
    #[allow(clippy::too_many_arguments)]
    async fn save_inventory(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        year: i32,
        strengths: String,
        weaknesses: String,
        next_year_plan: String,
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Inventory> {
        authorize(ctx, "Mutation.saveInventory")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        Ok(Inventory(
            super::inventory::save(
                state(ctx)?,
                actor(ctx)?,
                id,
                year,
                super::inventory::Texts {
                    strengths: &strengths,
                    weaknesses: &weaknesses,
                    next_year_plan: &next_year_plan,
                },
                expected_version,
            )
            .await?,
        ))
    }

    /// The superior shares the written inventory with the member.
    async fn share_inventory(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Inventory> {
        authorize(ctx, "Mutation.shareInventory")?;
        let id = parse_id("id", "Inventory", &id)?;
        Ok(Inventory(
            super::inventory::share(state(ctx)?, actor(ctx)?, id, expected_version).await?,
        ))
    }

    /// The member marks the feedback read.
    async fn read_inventory(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Inventory> {
        authorize(ctx, "Mutation.readInventory")?;
        let id = parse_id("id", "Inventory", &id)?;
        Ok(Inventory(
            super::inventory::read(state(ctx)?, actor(ctx)?, id, expected_version).await?,
        ))
    }

    /// The member or the superior confirms next year's plan; agreed when both have.
    async fn confirm_inventory(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
    ) -> async_graphql::Result<Inventory> {
        authorize(ctx, "Mutation.confirmInventory")?;
        let id = parse_id("id", "Inventory", &id)?;
        Ok(Inventory(
            super::inventory::confirm(state(ctx)?, actor(ctx)?, id, expected_version).await?,
        ))
    }

    /// Takes a member out of the pool, with the reason (HR).
    async fn remove_from_pool(
        &self,
        ctx: &Context<'_>,
        employee_id: ID,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let access = authorize(ctx, "Mutation.removeFromPool")?;
        let id = parse_id("employeeId", "Employee", &employee_id)?;
        service::remove_from_pool(state(ctx)?, actor(ctx)?, &access, id, &reason).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new field of a pool member, a sign-off step or a name card must say which columns it
    /// reads, or pool pages that select it fall back to whole rows without anyone noticing.
    #[test]
    fn every_member_step_and_card_field_names_its_columns() {
        // A type, how many fields it has at least, and whether a field of it names columns.
        type Listed = (&'static str, usize, fn(&str) -> bool);
        let listed: [Listed; 3] = [
            ("PoolMember", 5, |f| member_field_columns(f).is_some()),
            ("SignOffStep", 8, |f| step_field_columns(f).is_some()),
            ("PersonCard", 4, |f| card_field_columns(f).is_some()),
        ];
        for (name, at_least, names_columns) in listed {
            let fields = crate::graphql::sdl_fields(&format!("type {name} {{"));
            assert!(fields.len() >= at_least, "{name}: {fields:?}");
            for f in &fields {
                assert!(names_columns(f), "{name}.{f} names no columns");
            }
            assert!(!names_columns("notAField"), "{name}");
        }
    }

    fn a_step(agree: Option<bool>, comment: Option<&str>, current: bool) -> SignOffStep {
        SignOffStep {
            step: Arc::new(Step {
                row: sign_off::Model {
                    id: Uuid::from_u128(1),
                    nomination_id: Uuid::from_u128(2),
                    step: 1,
                    role: entity::SignerRole::Superior,
                    signer_id: Uuid::from_u128(3),
                    in_place_of: String::new(),
                    agree,
                    comment: comment.map(str::to_owned),
                    signed_at: None,
                },
                signer: None,
            }),
            current,
        }
    }

    /// The fields a sign-off step answers at once are answered as its resolvers answer them,
    /// signed or not.
    #[tokio::test]
    async fn plain_step_fields_answer_as_their_resolvers() {
        let fields = crate::graphql::lean::assert_plain_as_resolved!(
            SignOffStep,
            "type SignOffStep {",
            a_step(None, None, true)
        );
        assert_eq!(fields.len(), 4, "{fields:?}");
        crate::graphql::lean::assert_plain_as_resolved!(
            SignOffStep,
            "type SignOffStep {",
            a_step(Some(false), Some("再观察一季"), false)
        );
    }
}
