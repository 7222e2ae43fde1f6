//! The talent pool (人才梯队): echelons, selection standards, the ability × potential grid, the
//! three-level sign-off, monthly points and bottom elimination, the year-end inventory and the
//! items of a development plan.
//!
//! These are the answers the server enforces and the app shows before anyone presses a button
//! ("who signs next", "does this candidate meet the standard", "who is at the bottom"), so both
//! compute them here. Nothing reads a clock: the day that counts is always passed in.
//!
//! Invariants owned here: a score is 0–100 in tenths; a sign-off plan names three different
//! people, signed strictly in order, and closes on the first disagreement; an elimination
//! candidate was at the bottom in every month of one quarter.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::{required_text, FieldError, Problem, ReportingLine};

// ---------------------------------------------------------------------------------------------
// Echelons and grades

/// One of the three echelons (梯队) of the pool. The floor calls them by number (一梯队 is the
/// management echelon), so the number is part of the vocabulary; the derived order follows it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Echelon {
    /// 1 管理梯队: future team leaders and managers.
    #[sea_orm(string_value = "management")]
    Management,
    /// 2 业务骨干梯队: the agents the floor relies on.
    #[sea_orm(string_value = "key_staff")]
    KeyStaff,
    /// 3 初级梯队: promising newcomers.
    #[sea_orm(string_value = "junior")]
    Junior,
}

impl Echelon {
    pub const ALL: [Echelon; 3] = [Echelon::Management, Echelon::KeyStaff, Echelon::Junior];

    /// 1, 2 or 3, as the seed numbers the echelons.
    pub fn number(self) -> u8 {
        match self {
            Self::Management => 1,
            Self::KeyStaff => 2,
            Self::Junior => 3,
        }
    }

    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.number() == n)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Management => "管理梯队",
            Self::KeyStaff => "业务骨干梯队",
            Self::Junior => "初级梯队",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Management => "Management echelon",
            Self::KeyStaff => "Key staff echelon",
            Self::Junior => "Junior echelon",
        }
    }
}

/// A competency grade (胜任力测评) of one review period, shown beside the pay band.
///
/// Declared worst first so that the derived order reads "better is greater": `A > BPlus`, and
/// `max()` picks the best grade.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CompetencyGrade {
    #[sea_orm(string_value = "d")]
    D,
    #[sea_orm(string_value = "c")]
    C,
    #[sea_orm(string_value = "b_minus")]
    BMinus,
    #[sea_orm(string_value = "b_plus")]
    BPlus,
    #[sea_orm(string_value = "a")]
    A,
}

impl CompetencyGrade {
    /// Best first, the order a picker lists them.
    pub const ALL: [CompetencyGrade; 5] = [
        CompetencyGrade::A,
        CompetencyGrade::BPlus,
        CompetencyGrade::BMinus,
        CompetencyGrade::C,
        CompetencyGrade::D,
    ];

    /// The letter as the seed writes it: `A`, `B+`, `B-`, `C`, `D`.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::BPlus => "B+",
            Self::BMinus => "B-",
            Self::C => "C",
            Self::D => "D",
        }
    }

    /// Reads a grade as people type it in a sheet: `B+`, ` b- `, or in full-width form (`Ｂ＋`,
    /// what a Chinese input method produces in full-width mode), or with a typographic minus.
    pub fn parse(s: &str) -> Option<Self> {
        let normal: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                // Full-width ASCII (U+FF01–U+FF5E) sits 0xFEE0 above ASCII.
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                '\u{2212}' | '\u{2013}' => '-',
                _ => c,
            })
            .map(|c| c.to_ascii_uppercase())
            .collect();
        Self::ALL.into_iter().find(|g| g.symbol() == normal)
    }

    /// Whether this grade meets a minimum: `B+` is at least `B-`, `C` is not.
    pub fn at_least(self, min: CompetencyGrade) -> bool {
        self >= min
    }

    /// The letter with the reading usual in Chinese reviews; the seed gives only the letters.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::A => "A 优秀",
            Self::BPlus => "B+ 良好",
            Self::BMinus => "B- 合格",
            Self::C => "C 待改进",
            Self::D => "D 不合格",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::A => "A Outstanding",
            Self::BPlus => "B+ Good",
            Self::BMinus => "B- Satisfactory",
            Self::C => "C Needs improvement",
            Self::D => "D Unsatisfactory",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scores

/// A mark on the 0–100 scale with at most one decimal (85.5), as exams, assessments and quality
/// reviews are marked. Held in tenths so that a comparison at a boundary (79.9 against 80) is
/// exact rather than at the mercy of floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Score(u16);

impl Score {
    pub const ZERO: Score = Score(0);
    pub const MAX: Score = Score(1000);

    /// Checks a mark typed into `field`. Anything beyond the first decimal is refused rather
    /// than rounded, so what is stored is what the marker wrote; differences smaller than
    /// floating-point noise (85.3 arriving as 85.299999…) are not "a second decimal".
    pub fn new(field: &str, value: f64) -> Result<Score, FieldError> {
        if !value.is_finite() || !(0.0..=100.0).contains(&value) {
            return Err(FieldError::new(
                field,
                Problem::OutOfRange { min: 0, max: 100 },
            ));
        }
        let scaled = value * 10.0;
        let tenths = scaled.round();
        if (scaled - tenths).abs() > 1e-6 {
            return Err(FieldError::new(
                field,
                Problem::BadFormat {
                    expected_zh: "最多一位小数的分数,如 85.5".into(),
                    expected_en: "a score with at most one decimal, such as 85.5".into(),
                },
            ));
        }
        // In range by the check above: 0 ≤ tenths ≤ 1000.
        Ok(Score(tenths as u16))
    }

    /// The score stored as whole tenths; `None` above 1000 (a corrupt row).
    pub fn from_tenths(tenths: u16) -> Option<Score> {
        (tenths <= Self::MAX.0).then_some(Score(tenths))
    }

    pub fn tenths(self) -> u16 {
        self.0
    }

    /// A score read back from a column of whole tenths; `None` when absent or out of range.
    pub fn from_column(tenths: Option<i32>) -> Option<Score> {
        tenths
            .and_then(|t| u16::try_from(t).ok())
            .and_then(Score::from_tenths)
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Score {
    /// `85` or `85.5`: a whole mark shows no trailing `.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, tenth) = (self.0 / 10, self.0 % 10);
        if tenth == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{tenth}")
        }
    }
}

/// A score travels as the number people read (85.5), not as tenths.
impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value())
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Score::new("score", v).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Selection standard (选拔标准)

/// What HR requires of a candidate for one echelon. A `None` criterion is not part of the
/// standard; a standard that sets nothing admits everyone, which is HR's call to make.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectionStandard {
    pub min_tenure_months: Option<u32>,
    pub min_exam_score: Option<Score>,
    pub min_grade: Option<CompetencyGrade>,
    pub min_quality_score: Option<Score>,
    /// Call volume index (话务量指标) in percent of the unit target: 95.0 means 95%. It can
    /// exceed 100.
    pub min_call_volume_index: Option<f64>,
}

/// What is known about a candidate on `today`. `None` means no figure was recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateFacts {
    pub hire_date: NaiveDate,
    pub today: NaiveDate,
    pub exam_score: Option<Score>,
    pub latest_grade: Option<CompetencyGrade>,
    pub quality_score: Option<Score>,
    /// In percent, as [`SelectionStandard::min_call_volume_index`].
    pub call_volume_index: Option<f64>,
}

/// One criterion of a selection standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Criterion {
    Tenure,
    ExamScore,
    CompetencyGrade,
    QualityScore,
    CallVolumeIndex,
}

impl Criterion {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Tenure => "司龄",
            Self::ExamScore => "考试成绩",
            Self::CompetencyGrade => "胜任力测评",
            Self::QualityScore => "服务质量",
            Self::CallVolumeIndex => "话务量指标",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Tenure => "Tenure",
            Self::ExamScore => "Exam score",
            Self::CompetencyGrade => "Competency grade",
            Self::QualityScore => "Service quality",
            Self::CallVolumeIndex => "Call volume index",
        }
    }
}

/// A required or actual figure, typed so the app formats it (months, a mark, a grade, a
/// percentage) instead of showing a preformatted string.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CriterionValue {
    Months(u32),
    Score(Score),
    Grade(CompetencyGrade),
    Percent(f64),
}

/// The verdict on one criterion, for the "which criteria pass" view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionCheck {
    pub criterion: Criterion,
    pub required: CriterionValue,
    /// `None` when the figure was never recorded; the criterion then fails, since a standard
    /// cannot be met by a figure nobody has.
    pub actual: Option<CriterionValue>,
    pub passed: bool,
}

/// Whole calendar months from `hire` to `today`. A month is complete on the same day of a later
/// month, or on that month's last day when it is shorter: hired 31 January, one month is
/// complete on 28 February (29 in a leap year, so 28 February 2028 still counts 0). This is the
/// same month arithmetic as the end of probation, so "six months of tenure" and "probation
/// over" fall on the same day. A hire date in the future counts 0.
pub fn tenure_months(hire: NaiveDate, today: NaiveDate) -> u32 {
    if today <= hire {
        return 0;
    }
    let apart = (i64::from(today.year()) - i64::from(hire.year())) * 12 + i64::from(today.month())
        - i64::from(hire.month());
    let n = u32::try_from(apart).unwrap_or(0);
    match hire.checked_add_months(Months::new(n)) {
        Some(anniversary) if anniversary <= today => n,
        _ => n.saturating_sub(1),
    }
}

/// Checks a candidate against a standard. Only the criteria the standard sets are listed, in a
/// fixed order (tenure, exam, grade, quality, call volume) so the view does not reshuffle. A
/// figure meets its minimum when it is equal or greater (a grade: as good or better).
pub fn evaluate(standard: &SelectionStandard, facts: &CandidateFacts) -> Vec<CriterionCheck> {
    fn check<T: PartialOrd + Copy>(
        criterion: Criterion,
        min: T,
        actual: Option<T>,
        typed: fn(T) -> CriterionValue,
    ) -> CriterionCheck {
        CriterionCheck {
            criterion,
            required: typed(min),
            actual: actual.map(typed),
            // A NaN figure compares false and so fails, as a missing one does.
            passed: actual.is_some_and(|a| a >= min),
        }
    }

    let tenure = tenure_months(facts.hire_date, facts.today);
    [
        standard
            .min_tenure_months
            .map(|min| check(Criterion::Tenure, min, Some(tenure), CriterionValue::Months)),
        standard.min_exam_score.map(|min| {
            check(
                Criterion::ExamScore,
                min,
                facts.exam_score,
                CriterionValue::Score,
            )
        }),
        standard.min_grade.map(|min| {
            check(
                Criterion::CompetencyGrade,
                min,
                facts.latest_grade,
                CriterionValue::Grade,
            )
        }),
        standard.min_quality_score.map(|min| {
            check(
                Criterion::QualityScore,
                min,
                facts.quality_score,
                CriterionValue::Score,
            )
        }),
        standard.min_call_volume_index.map(|min| {
            check(
                Criterion::CallVolumeIndex,
                min,
                facts.call_volume_index,
                CriterionValue::Percent,
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether every listed criterion passed. An empty list passes: the standard asked for nothing.
pub fn passes_all(checks: &[CriterionCheck]) -> bool {
    checks.iter().all(|c| c.passed)
}

/// Highest call volume index a standard or a candidate may carry. The index exceeds 100% when an
/// agent beats the target, but ten times the target is a typing mistake.
pub const MAX_CALL_VOLUME_INDEX: i64 = 1000;

/// Checks a call volume index in percent typed into `field`.
pub fn call_volume_index(field: &str, value: f64) -> Result<f64, FieldError> {
    if !value.is_finite() || !(0.0..=MAX_CALL_VOLUME_INDEX as f64).contains(&value) {
        return Err(FieldError::new(
            field,
            Problem::OutOfRange {
                min: 0,
                max: MAX_CALL_VOLUME_INDEX,
            },
        ));
    }
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// Ability × potential grid (九宫格)

/// A third of the grid's axis. Below 60 is Low (60 is the pass mark in Chinese marking), 60 up to
/// 79.9 is Mid, 80 and above is High (80 is the usual 良好 line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GridBand {
    Low,
    Mid,
    High,
}

impl GridBand {
    pub const ALL: [GridBand; 3] = [GridBand::Low, GridBand::Mid, GridBand::High];

    pub fn of(score: Score) -> GridBand {
        match score.tenths() {
            0..=599 => GridBand::Low,
            600..=799 => GridBand::Mid,
            _ => GridBand::High,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Low => "低",
            Self::Mid => "中",
            Self::High => "高",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Mid => "Mid",
            Self::High => "High",
        }
    }
}

/// The cell of the nine-box grid for an assessment: `(ability band, potential band)`.
pub fn grid_cell(ability: Score, potential: Score) -> (GridBand, GridBand) {
    (GridBand::of(ability), GridBand::of(potential))
}

/// The name of a cell, `(ability, potential)`, after the conventional nine-box talent grid
/// (ability standing where the classic grid has performance):
///
/// | ability \ potential | Low | Mid | High |
/// |---|---|---|---|
/// | High | 专业能手 Trusted professional | 核心骨干 Key player | 明星 Star |
/// | Mid | 稳定贡献者 Solid contributor | 中坚力量 Core player | 潜力之星 Rising star |
/// | Low | 待改进 Underperformer | 待提升 Needs development | 璞玉 Rough diamond |
pub fn grid_cell_label_zh(cell: (GridBand, GridBand)) -> &'static str {
    use GridBand::*;
    match cell {
        (High, High) => "明星",
        (High, Mid) => "核心骨干",
        (High, Low) => "专业能手",
        (Mid, High) => "潜力之星",
        (Mid, Mid) => "中坚力量",
        (Mid, Low) => "稳定贡献者",
        (Low, High) => "璞玉",
        (Low, Mid) => "待提升",
        (Low, Low) => "待改进",
    }
}

/// English name of a cell; see [`grid_cell_label_zh`].
pub fn grid_cell_label_en(cell: (GridBand, GridBand)) -> &'static str {
    use GridBand::*;
    match cell {
        (High, High) => "Star",
        (High, Mid) => "Key player",
        (High, Low) => "Trusted professional",
        (Mid, High) => "Rising star",
        (Mid, Mid) => "Core player",
        (Mid, Low) => "Solid contributor",
        (Low, High) => "Rough diamond",
        (Low, Mid) => "Needs development",
        (Low, Low) => "Underperformer",
    }
}

// ---------------------------------------------------------------------------------------------
// Three-level sign-off (3级参与)

/// Who signs a step of the sign-off. Steps are signed in this order: the nominee first, so
/// nobody's superiors spend time on someone who does not want to join.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignerRole {
    /// 本人, the nominee. (`Self` is a keyword; the stored value is `nominee` because sea-orm
    /// derives an identifier from it, and `self` cannot be one.)
    #[sea_orm(string_value = "nominee")]
    #[serde(rename = "SELF")]
    Self_,
    /// 上级, the direct superior.
    #[sea_orm(string_value = "superior")]
    Superior,
    /// 上二级, the skip-level superior.
    #[sea_orm(string_value = "skip_level")]
    SkipLevel,
}

impl SignerRole {
    /// The signing order.
    pub const ORDER: [SignerRole; 3] = [
        SignerRole::Self_,
        SignerRole::Superior,
        SignerRole::SkipLevel,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Self_ => "本人",
            Self::Superior => "上级",
            Self::SkipLevel => "上二级",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Self_ => "Nominee",
            Self::Superior => "Superior",
            Self::SkipLevel => "Skip-level superior",
        }
    }
}

/// One step of a sign-off, fixed when the nomination is submitted so that later changes to the
/// org chart do not move a sign-off under people's feet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSigner {
    pub role: SignerRole,
    pub signer: Uuid,
    /// Former holders of this level passed over because they have left, nearest first, so the
    /// record shows why someone further up signs.
    pub in_place_of: Vec<Uuid>,
}

/// Why a sign-off cannot be planned. The nomination stays in assessment until the org chart
/// is fixed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignOffPlanError {
    /// Nobody still working here stands above the nominee. Reported before a missing
    /// skip-level, since fixing it may fix both.
    #[error("no superior can be found for the nominee")]
    NoSuperior,
    /// There is a superior but nobody still working here above them.
    #[error("no skip-level superior can be found for the nominee")]
    NoSkipLevel,
    /// The same person would sign two steps (say, someone recorded as their own superior), and
    /// nobody signs twice.
    #[error("{person} would sign more than one step")]
    SignerTwice { person: Uuid },
}

impl SignOffPlanError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NoSuperior => "找不到被提名人的上级,请先完善汇报关系".into(),
            Self::NoSkipLevel => "找不到被提名人的上二级,请先完善汇报关系".into(),
            Self::SignerTwice { .. } => "同一人不能签核两个环节,请检查汇报关系".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Self::NoSuperior => {
                "No superior can be found for the nominee; fix the reporting line first".into()
            }
            Self::NoSkipLevel => {
                "No skip-level superior can be found for the nominee; fix the reporting line first"
                    .into()
            }
            Self::SignerTwice { .. } => {
                "The same person cannot sign two steps; check the reporting line".into()
            }
        }
    }
}

/// The three steps of the sign-off for `nominee`, in signing order, from the reporting line
/// resolved at submission (see [`super::resolve_line`]).
pub fn plan_sign_off(
    nominee: Uuid,
    line: &ReportingLine,
) -> Result<Vec<PlannedSigner>, SignOffPlanError> {
    let superior = line.superior.as_ref().ok_or(SignOffPlanError::NoSuperior)?;
    let skip = line
        .skip_level
        .as_ref()
        .ok_or(SignOffPlanError::NoSkipLevel)?;
    let plan = vec![
        PlannedSigner {
            role: SignerRole::Self_,
            signer: nominee,
            in_place_of: Vec::new(),
        },
        PlannedSigner {
            role: SignerRole::Superior,
            signer: superior.employee_id,
            in_place_of: superior.passed_over.clone(),
        },
        PlannedSigner {
            role: SignerRole::SkipLevel,
            signer: skip.employee_id,
            in_place_of: skip.passed_over.clone(),
        },
    ];
    for (i, step) in plan.iter().enumerate() {
        if plan[..i]
            .iter()
            .any(|earlier| earlier.signer == step.signer)
        {
            return Err(SignOffPlanError::SignerTwice {
                person: step.signer,
            });
        }
    }
    Ok(plan)
}

/// Where a nomination (提名) stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NominationStatus {
    /// 考核中: ability, potential and exam are being assessed.
    #[sea_orm(string_value = "assessing")]
    Assessing,
    /// 签核中: waiting for the three signatures.
    #[sea_orm(string_value = "signing_off")]
    SigningOff,
    /// 已入库: all three agreed; the person is in the pool.
    #[sea_orm(string_value = "admitted")]
    Admitted,
    /// 未通过: someone disagreed.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// 已撤回.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

impl NominationStatus {
    /// Whether the nomination has reached an end and takes no more steps.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Admitted | Self::Rejected | Self::Withdrawn)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Assessing => "考核中",
            Self::SigningOff => "签核中",
            Self::Admitted => "已入库",
            Self::Rejected => "未通过",
            Self::Withdrawn => "已撤回",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Assessing => "Assessing",
            Self::SigningOff => "Signing off",
            Self::Admitted => "Admitted",
            Self::Rejected => "Rejected",
            Self::Withdrawn => "Withdrawn",
        }
    }
}

/// How a nomination came about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NominationSource {
    /// 毛遂自荐: the person applied. (Stored as `self_applied`: sea-orm derives an identifier
    /// from the stored value, and `self` cannot be one.)
    #[sea_orm(string_value = "self_applied")]
    SelfApplication,
    /// 上级推荐: someone above them in the line nominated them.
    #[sea_orm(string_value = "superior")]
    Superior,
    /// 人资提名: HR nominated them.
    #[sea_orm(string_value = "hr")]
    Hr,
}

impl NominationSource {
    /// The source of a nomination by `by` of `nominee`: a self-application when they are the
    /// same person, else HR's when `by_hr` (HR reaching everyone), else a superior's.
    pub fn of(nominee: Uuid, by: Uuid, by_hr: bool) -> NominationSource {
        if nominee == by {
            Self::SelfApplication
        } else if by_hr {
            Self::Hr
        } else {
            Self::Superior
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::SelfApplication => "毛遂自荐",
            Self::Superior => "上级推荐",
            Self::Hr => "人资提名",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::SelfApplication => "Self-application",
            Self::Superior => "Nominated by a superior",
            Self::Hr => "Nominated by HR",
        }
    }
}

/// What happened to someone's place in the pool.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PoolEventKind {
    /// 进入人才库
    #[sea_orm(string_value = "entered")]
    Entered,
    /// 调整梯队: admitted to another echelon while a member.
    #[sea_orm(string_value = "moved")]
    Moved,
    /// 退出人才库
    #[sea_orm(string_value = "left")]
    Left,
}

impl PoolEventKind {
    /// What admission to `to` does for someone whose current echelon is `current`: `None`
    /// when they are already there (a second admission to the same echelon is refused).
    pub fn of_admission(current: Option<Echelon>, to: Echelon) -> Option<PoolEventKind> {
        match current {
            None => Some(Self::Entered),
            Some(c) if c == to => None,
            Some(_) => Some(Self::Moved),
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Entered => "进入人才库",
            Self::Moved => "调整梯队",
            Self::Left => "退出人才库",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Entered => "Entered the pool",
            Self::Moved => "Moved echelon",
            Self::Left => "Left the pool",
        }
    }
}

/// A recorded signature: `step` indexes the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub step: usize,
    pub signer: Uuid,
    pub agree: bool,
}

/// Why someone cannot sign now. `NotASigner` is an act outside one's reach; the others are
/// conflicts with where the nomination stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The nomination is not waiting for signatures: still in assessment, withdrawn, or already
    /// decided.
    #[error("the nomination is not open for sign-off")]
    NotOpen,
    /// The actor signs no step of this nomination (nobody signs for another).
    #[error("you are not a signer of this nomination")]
    NotASigner,
    /// The actor's step comes later; the steps before it must be signed first.
    #[error("it is not your turn to sign")]
    NotYourTurn,
    /// The actor has signed already; nobody signs twice.
    #[error("you have already signed")]
    AlreadySigned,
}

impl SignError {
    pub fn message_zh(self) -> &'static str {
        match self {
            Self::NotOpen => "该提名当前不在签核中",
            Self::NotASigner => "您不是该提名的签核人",
            Self::NotYourTurn => "尚未轮到您签核",
            Self::AlreadySigned => "您已签核过",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            Self::NotOpen => "The nomination is not open for sign-off",
            Self::NotASigner => "You are not a signer of this nomination",
            Self::NotYourTurn => "It is not your turn to sign",
            Self::AlreadySigned => "You have already signed",
        }
    }
}

/// The result of a signature: which step it filled and where the nomination now stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub step: usize,
    pub status: NominationStatus,
}

/// The step waiting for a signature: the first one without a decision. `None` when every step
/// is signed or someone disagreed, since a disagreement ends the sign-off.
pub fn current_step(plan: &[PlannedSigner], decisions: &[Decision]) -> Option<usize> {
    if decisions.iter().any(|d| !d.agree) {
        return None;
    }
    (0..plan.len()).find(|&i| !decisions.iter().any(|d| d.step == i))
}

/// Decides what `actor` signing `agree` does to a nomination in `status` with the `decisions`
/// recorded so far. Steps are signed strictly in plan order; one disagreement rejects at once;
/// agreement on the last step admits.
///
/// The checks run from the widest to the narrowest: is the nomination open, is the actor on the
/// plan at all, have they signed already (also caught by a recorded decision in their name, so
/// a mis-indexed record still blocks a second signature), is anything left to sign, and is it
/// their step. The actor must be the step's signer: nobody signs for another.
pub fn decide(
    status: NominationStatus,
    plan: &[PlannedSigner],
    decisions: &[Decision],
    actor: Uuid,
    agree: bool,
) -> Result<Outcome, SignError> {
    if status != NominationStatus::SigningOff {
        return Err(SignError::NotOpen);
    }
    let signed = |step: usize| decisions.iter().any(|d| d.step == step);
    let mine: Vec<usize> = plan
        .iter()
        .enumerate()
        .filter(|(_, s)| s.signer == actor)
        .map(|(i, _)| i)
        .collect();
    if mine.is_empty() {
        return Err(SignError::NotASigner);
    }
    if mine.iter().any(|&i| signed(i)) || decisions.iter().any(|d| d.signer == actor) {
        return Err(SignError::AlreadySigned);
    }
    // Checked after "already signed" so a signer who acted sees why they cannot act again.
    let current = current_step(plan, decisions).ok_or(SignError::NotOpen)?;
    if !mine.contains(&current) {
        return Err(SignError::NotYourTurn);
    }
    let status = if !agree {
        NominationStatus::Rejected
    } else if (0..plan.len()).all(|i| i == current || signed(i)) {
        NominationStatus::Admitted
    } else {
        NominationStatus::SigningOff
    };
    Ok(Outcome {
        step: current,
        status,
    })
}

// ---------------------------------------------------------------------------------------------
// Monthly points and bottom elimination (末位淘汰)

/// A calendar month, the period monthly points are given for. Shown and sent as `2026-03`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    /// Always the first day of the month, which also gives the order.
    first: NaiveDate,
}

impl YearMonth {
    /// `None` for a month that does not exist (13) or a year outside the calendar's range.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| YearMonth { first })
    }

    /// The month a day falls in.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            first: date.with_day(1).unwrap_or(date),
        }
    }

    /// Reads `2026-03`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.trim().split_once('-')?;
        if m.len() != 2 {
            return None;
        }
        YearMonth::new(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.first.year()
    }

    pub fn month(self) -> u32 {
        self.first.month()
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn next(self) -> Option<YearMonth> {
        self.first
            .checked_add_months(Months::new(1))
            .map(|first| YearMonth { first })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        YearMonth::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a month (YYYY-MM): {s}")))
    }
}

/// A calendar quarter: the period an elimination ratio applies to and whose three months must
/// all find a member at the bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    months: [YearMonth; 3],
}

impl Quarter {
    /// Quarter `number` (1–4) of `year`; `None` otherwise.
    pub fn new(year: i32, number: u32) -> Option<Quarter> {
        if !(1..=4).contains(&number) {
            return None;
        }
        let first = (number - 1) * 3 + 1;
        Some(Quarter {
            months: [
                YearMonth::new(year, first)?,
                YearMonth::new(year, first + 1)?,
                YearMonth::new(year, first + 2)?,
            ],
        })
    }

    /// The quarter a day falls in.
    pub fn of(date: NaiveDate) -> Option<Quarter> {
        Quarter::new(date.year(), (date.month() - 1) / 3 + 1)
    }

    pub fn months(self) -> [YearMonth; 3] {
        self.months
    }

    pub fn first_day(self) -> NaiveDate {
        self.months[0].first_day()
    }

    pub fn year(self) -> i32 {
        self.months[0].year()
    }

    /// 1 to 4.
    pub fn number(self) -> u32 {
        (self.months[0].month() - 1) / 3 + 1
    }

    /// `2026-Q3` (also `2026-q3`, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s.trim().split_once(['-'])?;
        let q = q.strip_prefix(['Q', 'q'])?;
        if y.len() != 4 || q.len() != 1 {
            return None;
        }
        Quarter::new(y.parse().ok()?, q.parse().ok()?)
    }

    /// Checks a review period typed into `field`.
    pub fn field(field: &str, s: &str) -> Result<Quarter, FieldError> {
        Quarter::parse(s).ok_or_else(|| {
            FieldError::new(
                field,
                Problem::BadFormat {
                    expected_zh: "季度,如 2026-Q3".into(),
                    expected_en: "a quarter such as 2026-Q3".into(),
                },
            )
        })
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year(), self.number())
    }
}

/// One pool member's monthly points. A month without an entry means no points were entered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberMonths {
    pub member: Uuid,
    /// The day the member entered the pool.
    pub joined: NaiveDate,
    pub points: BTreeMap<YearMonth, f64>,
}

/// Checks an elimination ratio (0.1 for the bottom 10%) typed into `field`.
pub fn elimination_ratio(field: &str, value: f64) -> Result<f64, FieldError> {
    if !value.is_finite() || !(0.0..=1.0).contains(&value) {
        return Err(FieldError::new(
            field,
            Problem::OutOfRange { min: 0, max: 1 },
        ));
    }
    Ok(value)
}

/// How many places the bottom band has among `ranked` members: `ratio × ranked` rounded up, and
/// at least one when anyone is ranked and the ratio is above zero (a small team still has a
/// bottom). Rounding up forgives floating-point noise, so 10% of 30 is 3, not 4.
pub fn band_size(ranked: usize, ratio: f64) -> usize {
    if ranked == 0 || ratio.is_nan() || ratio <= 0.0 {
        return 0;
    }
    let places = (ratio * ranked as f64 - 1e-9).ceil();
    (places as usize).clamp(1, ranked)
}

/// The members at the bottom in `month`.
///
/// Ranked are those who were members for the whole month (joined on or before its first day)
/// and have points entered for it; a partial first month would rank someone on fewer working
/// days. The band takes the lowest [`band_size`] places, and everyone tied with the last place
/// is in it too: a tie at the cut-off is not broken by anything arbitrary like entry order. So
/// when everyone has the same points, everyone is at the bottom; the manager's confirmation of
/// candidates is where such a month gets judged. Points that are not a number count as not
/// entered.
pub fn bottom_band(month: YearMonth, members: &[MemberMonths], ratio: f64) -> BTreeSet<Uuid> {
    let ranked: Vec<(Uuid, f64)> = members
        .iter()
        .filter(|m| m.joined <= month.first_day())
        .filter_map(|m| {
            let p = m.points.get(&month).copied()?;
            p.is_finite().then_some((m.member, p))
        })
        .collect();
    let size = band_size(ranked.len(), ratio);
    let mut points: Vec<f64> = ranked.iter().map(|(_, p)| *p).collect();
    points.sort_by(f64::total_cmp);
    let Some(cut_off) = size.checked_sub(1).and_then(|i| points.get(i).copied()) else {
        return BTreeSet::new();
    };
    ranked
        .into_iter()
        .filter(|(_, p)| *p <= cut_off)
        .map(|(m, _)| m)
        .collect()
}

/// The elimination candidates (自然淘汰) of a quarter: members in the bottom band in each of its
/// three months, in the order given.
///
/// A month without points breaks the streak (being unranked is not being at the bottom; the
/// gap is for the project to fill). A member who joined after the quarter began has fewer than
/// three ranked months and is never a candidate that quarter. Candidates still need a
/// manager's confirmation.
pub fn elimination_candidates(quarter: Quarter, members: &[MemberMonths], ratio: f64) -> Vec<Uuid> {
    let bands = quarter.months().map(|m| bottom_band(m, members, ratio));
    let mut candidates: Vec<Uuid> = Vec::new();
    for m in members {
        if bands.iter().all(|b| b.contains(&m.member)) && !candidates.contains(&m.member) {
            candidates.push(m.member);
        }
    }
    candidates
}

// ---------------------------------------------------------------------------------------------
// Year-end inventory (年底能力盘点)

/// Where a member's year-end inventory stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InventoryStatus {
    /// 草稿: the superior is writing strengths and weaknesses.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// 已反馈: the superior has shared the feedback with the member.
    #[sea_orm(string_value = "fed_back")]
    FedBack,
    /// 已确认: both have confirmed next year's plan.
    #[sea_orm(string_value = "agreed")]
    Agreed,
}

impl InventoryStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::FedBack => "已反馈",
            Self::Agreed => "已确认",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::FedBack => "Fed back",
            Self::Agreed => "Agreed",
        }
    }
}

/// One of the two people who agree next year's plan.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Party {
    /// 本人.
    #[sea_orm(string_value = "member")]
    Member,
    /// 直接上级.
    #[sea_orm(string_value = "superior")]
    Superior,
}

impl Party {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Member => "本人",
            Self::Superior => "直接上级",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Member => "Member",
            Self::Superior => "Superior",
        }
    }
}

/// Why a confirmation is refused. The server answers these as CONFLICT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InventoryError {
    /// The superior has not shared the feedback yet; nobody agrees to a plan they have not
    /// discussed.
    #[error("the feedback has not been shared yet")]
    NotFedBack,
    /// Both have confirmed; the plan is settled.
    #[error("the plan is already agreed")]
    AlreadyAgreed,
    /// This party has confirmed already.
    #[error("already confirmed")]
    AlreadyConfirmed,
}

impl InventoryError {
    pub fn message_zh(self) -> &'static str {
        match self {
            Self::NotFedBack => "上级尚未反馈,暂不能确认",
            Self::AlreadyAgreed => "双方已确认,计划已定",
            Self::AlreadyConfirmed => "您已确认过",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            Self::NotFedBack => "The feedback has not been shared yet",
            Self::AlreadyAgreed => "Both have confirmed; the plan is settled",
            Self::AlreadyConfirmed => "You have already confirmed",
        }
    }
}

/// The inventory's status after `by` confirms next year's plan, `already_confirmed` being the
/// parties who did before. It becomes agreed when the second of the two confirms, in either
/// order.
pub fn confirm(
    status: InventoryStatus,
    by: Party,
    already_confirmed: &[Party],
) -> Result<InventoryStatus, InventoryError> {
    match status {
        InventoryStatus::Draft => Err(InventoryError::NotFedBack),
        InventoryStatus::Agreed => Err(InventoryError::AlreadyAgreed),
        InventoryStatus::FedBack => {
            if already_confirmed.contains(&by) {
                return Err(InventoryError::AlreadyConfirmed);
            }
            let both = [Party::Member, Party::Superior]
                .iter()
                .all(|p| *p == by || already_confirmed.contains(p));
            Ok(if both {
                InventoryStatus::Agreed
            } else {
                InventoryStatus::FedBack
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Development plan items (培养计划)

/// The forms of development the seed lists.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlanItemKind {
    #[sea_orm(string_value = "special_training")]
    SpecialTraining,
    /// By an internal or an external coach, see [`CoachKind`].
    #[sea_orm(string_value = "coaching")]
    Coaching,
    /// A change of duties or a rotation.
    #[sea_orm(string_value = "rotation")]
    Rotation,
    /// Reading that ends in a submitted reflection (心得).
    #[sea_orm(string_value = "assigned_reading")]
    AssignedReading,
    #[sea_orm(string_value = "external_visit")]
    ExternalVisit,
}

impl PlanItemKind {
    pub const ALL: [PlanItemKind; 5] = [
        PlanItemKind::SpecialTraining,
        PlanItemKind::Coaching,
        PlanItemKind::Rotation,
        PlanItemKind::AssignedReading,
        PlanItemKind::ExternalVisit,
    ];

    /// Whether the item is completed by handing in a written reflection.
    pub fn needs_reflection(self) -> bool {
        self == Self::AssignedReading
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::SpecialTraining => "专项培训",
            Self::Coaching => "教练辅导",
            Self::Rotation => "岗位调整/轮岗",
            Self::AssignedReading => "指定阅读并提交心得",
            Self::ExternalVisit => "外派参观考察/交流",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::SpecialTraining => "Special training",
            Self::Coaching => "Coaching",
            Self::Rotation => "Change of duties / rotation",
            Self::AssignedReading => "Assigned reading with reflection",
            Self::ExternalVisit => "External visit / exchange",
        }
    }
}

/// Whether a coach comes from inside the company or from outside.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CoachKind {
    #[sea_orm(string_value = "internal")]
    Internal,
    #[sea_orm(string_value = "external")]
    External,
}

impl CoachKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Internal => "内部教练",
            Self::External => "外部教练",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Internal => "Internal coach",
            Self::External => "External coach",
        }
    }
}

/// The stored progress of a plan item. Overdue is not stored: it depends on the day it is
/// looked at, see [`is_overdue`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlanItemStatus {
    #[sea_orm(string_value = "planned")]
    Planned,
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Evidence or a reflection is handed in and waits for the superior's review.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "done")]
    Done,
}

impl PlanItemStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Planned => "未开始",
            Self::InProgress => "进行中",
            Self::Submitted => "已提交",
            Self::Done => "已完成",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::InProgress => "In progress",
            Self::Submitted => "Submitted",
            Self::Done => "Done",
        }
    }
}

/// Whether an item is overdue on `today`: its due day has passed and the member has not handed
/// anything in. The due day itself is not late. A submitted item is not overdue even when its
/// review is, because the wait is then the reviewer's, not the member's.
pub fn is_overdue(due: NaiveDate, status: PlanItemStatus, today: NaiveDate) -> bool {
    matches!(status, PlanItemStatus::Planned | PlanItemStatus::InProgress) && today > due
}

/// Longest reflection (心得), in characters: a few pages of Chinese.
pub const MAX_REFLECTION: usize = 5000;

/// Checks a submitted reflection: not blank, no NUL, at most [`MAX_REFLECTION`] characters.
pub fn reflection(field: &str, value: &str) -> Result<String, FieldError> {
    required_text(field, value, MAX_REFLECTION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{resolve_line, LineLink, ResolvedLevel};
    use sea_orm::ActiveEnum;
    use std::collections::HashMap;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn score(v: f64) -> Score {
        Score::new("score", v).unwrap()
    }

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    // --- echelons and grades ---

    #[test]
    fn echelons_are_numbered_one_to_three_and_stored_by_name() {
        for (e, n, stored, zh) in [
            (Echelon::Management, 1, "management", "管理梯队"),
            (Echelon::KeyStaff, 2, "key_staff", "业务骨干梯队"),
            (Echelon::Junior, 3, "junior", "初级梯队"),
        ] {
            assert_eq!(e.number(), n);
            assert_eq!(Echelon::from_number(n), Some(e));
            assert_eq!(e.to_value(), stored);
            assert_eq!(e.label_zh(), zh);
            assert!(!e.label_en().is_empty());
        }
        assert_eq!(Echelon::from_number(0), None);
        assert_eq!(Echelon::from_number(4), None);
    }

    #[test]
    fn grades_parse_as_people_type_them() {
        for (typed, grade) in [
            ("A", Some(CompetencyGrade::A)),
            ("B+", Some(CompetencyGrade::BPlus)),
            ("B-", Some(CompetencyGrade::BMinus)),
            ("C", Some(CompetencyGrade::C)),
            ("D", Some(CompetencyGrade::D)),
            (" b+ ", Some(CompetencyGrade::BPlus)),
            ("B＋", Some(CompetencyGrade::BPlus)),
            ("B－", Some(CompetencyGrade::BMinus)),
            ("Ｂ＋", Some(CompetencyGrade::BPlus)),
            ("B−", Some(CompetencyGrade::BMinus)),
            ("Ａ", Some(CompetencyGrade::A)),
            ("B", None),
            ("A+", None),
            ("E", None),
            ("", None),
            ("优秀", None),
        ] {
            assert_eq!(CompetencyGrade::parse(typed), grade, "{typed:?}");
        }
    }

    #[test]
    fn a_is_the_best_grade_and_at_least_compares_by_merit() {
        use CompetencyGrade::*;
        for (grade, min, ok) in [
            (A, A, true),
            (A, D, true),
            (BPlus, BMinus, true),
            (BMinus, BMinus, true),
            (BMinus, BPlus, false),
            (C, BMinus, false),
            (D, C, false),
        ] {
            assert_eq!(grade.at_least(min), ok, "{grade:?} at least {min:?}");
        }
        assert_eq!(CompetencyGrade::ALL.into_iter().max(), Some(A));
        assert_eq!(CompetencyGrade::ALL.into_iter().min(), Some(D));
        for g in CompetencyGrade::ALL {
            assert_eq!(CompetencyGrade::parse(g.symbol()), Some(g));
            assert!(g.label_zh().starts_with(g.symbol()));
            assert!(g.label_en().starts_with(g.symbol()));
        }
    }

    #[test]
    fn shared_enums_use_the_api_names() {
        let json = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        assert_eq!(json(serde_json::json!(Echelon::KeyStaff)), "KEY_STAFF");
        assert_eq!(json(serde_json::json!(CompetencyGrade::BPlus)), "B_PLUS");
        assert_eq!(json(serde_json::json!(SignerRole::Self_)), "SELF");
        assert_eq!(json(serde_json::json!(SignerRole::SkipLevel)), "SKIP_LEVEL");
        assert_eq!(
            json(serde_json::json!(NominationStatus::SigningOff)),
            "SIGNING_OFF"
        );
        assert_eq!(SignerRole::Self_.to_value(), "nominee");
        assert_eq!(CompetencyGrade::BMinus.to_value(), "b_minus");
        assert_eq!(
            serde_json::from_str::<SignerRole>("\"SELF\"").unwrap(),
            SignerRole::Self_
        );
    }

    // --- scores ---

    #[test]
    fn scores_take_zero_to_a_hundred_with_one_decimal() {
        for (input, tenths) in [
            (0.0, 0),
            (100.0, 1000),
            (85.5, 855),
            (85.3, 853),
            (79.9, 799),
            (60.0, 600),
            (0.1, 1),
            (-0.0, 0),
        ] {
            assert_eq!(
                Score::new("examScore", input).map(Score::tenths),
                Ok(tenths),
                "{input}"
            );
        }
    }

    #[test]
    fn scores_out_of_range_or_too_precise_name_the_field() {
        let out_of_range = FieldError::new("examScore", Problem::OutOfRange { min: 0, max: 100 });
        for bad in [-0.1, 100.1, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e9] {
            assert_eq!(
                Score::new("examScore", bad),
                Err(out_of_range.clone()),
                "{bad}"
            );
        }
        for bad in [85.55, 0.01, 99.99] {
            let err = Score::new("examScore", bad).unwrap_err();
            assert_eq!(err.field, "examScore");
            assert!(
                matches!(err.problem, Problem::BadFormat { .. }),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn scores_show_and_travel_as_the_number_people_read() {
        assert_eq!(score(85.0).to_string(), "85");
        assert_eq!(score(85.5).to_string(), "85.5");
        assert_eq!(score(0.5).to_string(), "0.5");
        assert_eq!(serde_json::to_string(&score(85.5)).unwrap(), "85.5");
        assert_eq!(serde_json::from_str::<Score>("72.5").unwrap(), score(72.5));
        assert!(serde_json::from_str::<Score>("120").is_err());
        assert_eq!(Score::from_tenths(1000), Some(Score::MAX));
        assert_eq!(Score::from_tenths(1001), None);
        assert!(score(79.9) < score(80.0));
    }

    // --- selection standard ---

    #[test]
    fn tenure_counts_whole_calendar_months() {
        for (hire, today, months) in [
            ("2026-01-15", "2026-01-15", 0),
            ("2026-01-15", "2026-02-14", 0),
            ("2026-01-15", "2026-02-15", 1),
            ("2025-01-15", "2026-01-15", 12),
            ("2025-01-15", "2026-01-14", 11),
            // Month ends: the shorter month's last day completes the month.
            ("2026-01-31", "2026-02-27", 0),
            ("2026-01-31", "2026-02-28", 1),
            ("2028-01-31", "2028-02-28", 0),
            ("2028-01-31", "2028-02-29", 1),
            ("2026-01-31", "2026-03-30", 1),
            ("2026-01-31", "2026-03-31", 2),
            ("2024-02-29", "2025-02-28", 12),
            // Six months of tenure arrive with the end of probation.
            ("2025-08-31", "2026-02-28", 6),
            // A future hire has no tenure.
            ("2026-06-01", "2026-03-01", 0),
        ] {
            assert_eq!(
                tenure_months(d(hire), d(today)),
                months,
                "hired {hire}, today {today}"
            );
        }
    }

    fn facts() -> CandidateFacts {
        CandidateFacts {
            hire_date: d("2025-01-10"),
            today: d("2026-01-10"),
            exam_score: Some(score(82.0)),
            latest_grade: Some(CompetencyGrade::BPlus),
            quality_score: Some(score(90.5)),
            call_volume_index: Some(104.2),
        }
    }

    #[test]
    fn only_the_criteria_a_standard_sets_are_checked() {
        assert_eq!(evaluate(&SelectionStandard::default(), &facts()), vec![]);
        assert!(passes_all(&[]));

        let standard = SelectionStandard {
            min_grade: Some(CompetencyGrade::BMinus),
            min_tenure_months: Some(6),
            ..SelectionStandard::default()
        };
        let checks = evaluate(&standard, &facts());
        assert_eq!(
            checks,
            vec![
                CriterionCheck {
                    criterion: Criterion::Tenure,
                    required: CriterionValue::Months(6),
                    actual: Some(CriterionValue::Months(12)),
                    passed: true,
                },
                CriterionCheck {
                    criterion: Criterion::CompetencyGrade,
                    required: CriterionValue::Grade(CompetencyGrade::BMinus),
                    actual: Some(CriterionValue::Grade(CompetencyGrade::BPlus)),
                    passed: true,
                },
            ]
        );
        assert!(passes_all(&checks));
    }

    #[test]
    fn each_criterion_passes_at_its_minimum_and_fails_below_it_or_when_missing() {
        let full = SelectionStandard {
            min_tenure_months: Some(12),
            min_exam_score: Some(score(82.0)),
            min_grade: Some(CompetencyGrade::BPlus),
            min_quality_score: Some(score(90.5)),
            min_call_volume_index: Some(104.2),
        };
        type Tweak = fn(&mut CandidateFacts);
        let cases: [(&str, Tweak, Option<Criterion>); 11] = [
            ("exactly at every minimum", |_| {}, None),
            (
                "one day short of a year",
                |f| f.today = d("2026-01-09"),
                Some(Criterion::Tenure),
            ),
            (
                "exam a tenth short",
                |f| f.exam_score = Some(score(81.9)),
                Some(Criterion::ExamScore),
            ),
            (
                "no exam taken",
                |f| f.exam_score = None,
                Some(Criterion::ExamScore),
            ),
            (
                "grade one step short",
                |f| f.latest_grade = Some(CompetencyGrade::BMinus),
                Some(Criterion::CompetencyGrade),
            ),
            (
                "a better grade",
                |f| f.latest_grade = Some(CompetencyGrade::A),
                None,
            ),
            (
                "never graded",
                |f| f.latest_grade = None,
                Some(Criterion::CompetencyGrade),
            ),
            (
                "quality a tenth short",
                |f| f.quality_score = Some(score(90.4)),
                Some(Criterion::QualityScore),
            ),
            (
                "no quality figure",
                |f| f.quality_score = None,
                Some(Criterion::QualityScore),
            ),
            (
                "call volume below",
                |f| f.call_volume_index = Some(104.1),
                Some(Criterion::CallVolumeIndex),
            ),
            (
                "call volume not a number",
                |f| f.call_volume_index = Some(f64::NAN),
                Some(Criterion::CallVolumeIndex),
            ),
        ];
        for (case, tweak, failing) in cases {
            let mut f = facts();
            tweak(&mut f);
            let checks = evaluate(&full, &f);
            assert_eq!(checks.len(), 5, "{case}");
            let failed: Vec<Criterion> = checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| c.criterion)
                .collect();
            assert_eq!(failed, failing.into_iter().collect::<Vec<_>>(), "{case}");
            assert_eq!(passes_all(&checks), failing.is_none(), "{case}");
        }
    }

    #[test]
    fn a_missing_figure_is_shown_as_missing_not_as_zero() {
        let standard = SelectionStandard {
            min_exam_score: Some(score(60.0)),
            ..SelectionStandard::default()
        };
        let checks = evaluate(
            &standard,
            &CandidateFacts {
                exam_score: None,
                ..facts()
            },
        );
        assert_eq!(checks[0].actual, None);
        assert!(!checks[0].passed);
    }

    #[test]
    fn call_volume_indexes_are_finite_percentages() {
        assert_eq!(call_volume_index("minCallVolumeIndex", 104.5), Ok(104.5));
        assert_eq!(call_volume_index("minCallVolumeIndex", 0.0), Ok(0.0));
        for bad in [-1.0, 1000.5, f64::NAN, f64::INFINITY] {
            assert_eq!(
                call_volume_index("minCallVolumeIndex", bad).map_err(|e| e.field),
                Err("minCallVolumeIndex".to_owned()),
                "{bad}"
            );
        }
    }

    // --- grid ---

    #[test]
    fn grid_bands_split_at_sixty_and_eighty() {
        for (s, band) in [
            (0.0, GridBand::Low),
            (59.9, GridBand::Low),
            (60.0, GridBand::Mid),
            (79.9, GridBand::Mid),
            (80.0, GridBand::High),
            (100.0, GridBand::High),
        ] {
            assert_eq!(GridBand::of(score(s)), band, "{s}");
        }
    }

    #[test]
    fn high_ability_and_high_potential_is_a_star() {
        for (ability, potential, zh, en) in [
            (92.0, 88.0, "明星", "Star"),
            (85.0, 70.0, "核心骨干", "Key player"),
            (85.0, 40.0, "专业能手", "Trusted professional"),
            (70.0, 90.0, "潜力之星", "Rising star"),
            (70.0, 70.0, "中坚力量", "Core player"),
            (70.0, 50.0, "稳定贡献者", "Solid contributor"),
            (50.0, 90.0, "璞玉", "Rough diamond"),
            (50.0, 60.0, "待提升", "Needs development"),
            (50.0, 59.9, "待改进", "Underperformer"),
        ] {
            let cell = grid_cell(score(ability), score(potential));
            assert_eq!(grid_cell_label_zh(cell), zh, "{ability}/{potential}");
            assert_eq!(grid_cell_label_en(cell), en, "{ability}/{potential}");
        }
    }

    #[test]
    fn every_grid_cell_has_its_own_name_in_both_languages() {
        let cells: Vec<(GridBand, GridBand)> = GridBand::ALL
            .into_iter()
            .flat_map(|a| GridBand::ALL.into_iter().map(move |p| (a, p)))
            .collect();
        let zh: BTreeSet<&str> = cells.iter().map(|c| grid_cell_label_zh(*c)).collect();
        let en: BTreeSet<&str> = cells.iter().map(|c| grid_cell_label_en(*c)).collect();
        assert_eq!((zh.len(), en.len()), (9, 9));
    }

    // --- sign-off ---

    struct Chart(HashMap<Uuid, LineLink>);

    impl Chart {
        fn new() -> Self {
            Chart(HashMap::new())
        }
        fn add(&mut self, superior: Option<Uuid>, active: bool) -> Uuid {
            let id = Uuid::now_v7();
            self.0.insert(
                id,
                LineLink {
                    superior_id: superior,
                    active,
                },
            );
            id
        }
        fn line(&self, id: Uuid) -> ReportingLine {
            resolve_line(id, |x| self.0.get(&x).copied())
        }
    }

    #[test]
    fn the_nominee_signs_first_then_the_superior_then_the_skip_level() {
        let mut c = Chart::new();
        let boss = c.add(None, true);
        let lead = c.add(Some(boss), true);
        let agent = c.add(Some(lead), true);
        let plan = plan_sign_off(agent, &c.line(agent)).unwrap();
        let steps: Vec<(SignerRole, Uuid)> = plan.iter().map(|s| (s.role, s.signer)).collect();
        assert_eq!(
            steps,
            vec![
                (SignerRole::Self_, agent),
                (SignerRole::Superior, lead),
                (SignerRole::SkipLevel, boss),
            ]
        );
        assert!(plan.iter().all(|s| s.in_place_of.is_empty()));
        assert_eq!(
            plan.iter().map(|s| s.role).collect::<Vec<_>>(),
            SignerRole::ORDER
        );
    }

    #[test]
    fn a_signer_who_left_is_replaced_and_the_plan_says_whom_for() {
        let mut c = Chart::new();
        let top = c.add(None, true);
        let gone_manager = c.add(Some(top), false);
        let boss = c.add(Some(gone_manager), true);
        let gone_lead = c.add(Some(boss), false);
        let agent = c.add(Some(gone_lead), true);
        let plan = plan_sign_off(agent, &c.line(agent)).unwrap();
        assert_eq!(
            plan[1],
            PlannedSigner {
                role: SignerRole::Superior,
                signer: boss,
                in_place_of: vec![gone_lead],
            }
        );
        assert_eq!(
            plan[2],
            PlannedSigner {
                role: SignerRole::SkipLevel,
                signer: top,
                in_place_of: vec![gone_manager],
            }
        );
    }

    #[test]
    fn a_sign_off_without_a_superior_or_skip_level_says_which_is_missing() {
        let mut c = Chart::new();
        let boss = c.add(None, true);
        let lead = c.add(Some(boss), true);
        let gone = c.add(None, false);
        let orphan = c.add(Some(gone), true);
        for (who, err) in [
            (boss, SignOffPlanError::NoSuperior),
            (orphan, SignOffPlanError::NoSuperior),
            (lead, SignOffPlanError::NoSkipLevel),
        ] {
            assert_eq!(plan_sign_off(who, &c.line(who)), Err(err.clone()));
            assert!(!err.message_zh().is_ascii());
        }
    }

    #[test]
    fn nobody_is_planned_to_sign_two_steps() {
        let me = Uuid::now_v7();
        let other = Uuid::now_v7();
        let level = |id| {
            Some(ResolvedLevel {
                employee_id: id,
                passed_over: vec![],
            })
        };
        for (superior, skip, twice) in [(other, other, other), (me, other, me), (other, me, me)] {
            let line = ReportingLine {
                superior: level(superior),
                skip_level: level(skip),
            };
            assert_eq!(
                plan_sign_off(me, &line),
                Err(SignOffPlanError::SignerTwice { person: twice })
            );
        }
    }

    struct Signing {
        plan: Vec<PlannedSigner>,
        nominee: Uuid,
        lead: Uuid,
        boss: Uuid,
    }

    fn signing() -> Signing {
        let (nominee, lead, boss) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let level = |id| {
            Some(ResolvedLevel {
                employee_id: id,
                passed_over: vec![],
            })
        };
        let line = ReportingLine {
            superior: level(lead),
            skip_level: level(boss),
        };
        Signing {
            plan: plan_sign_off(nominee, &line).unwrap(),
            nominee,
            lead,
            boss,
        }
    }

    fn agreed(step: usize, signer: Uuid) -> Decision {
        Decision {
            step,
            signer,
            agree: true,
        }
    }

    #[test]
    fn three_agreements_in_order_admit_the_nominee() {
        let s = signing();
        let mut decisions = Vec::new();
        for (step, who, status) in [
            (0, s.nominee, NominationStatus::SigningOff),
            (1, s.lead, NominationStatus::SigningOff),
            (2, s.boss, NominationStatus::Admitted),
        ] {
            assert_eq!(current_step(&s.plan, &decisions), Some(step));
            let out = decide(NominationStatus::SigningOff, &s.plan, &decisions, who, true);
            assert_eq!(out, Ok(Outcome { step, status }));
            decisions.push(agreed(step, who));
        }
        assert_eq!(current_step(&s.plan, &decisions), None);
    }

    #[test]
    fn one_disagreement_rejects_at_whichever_step_it_comes() {
        let s = signing();
        for (step, who) in [(0, s.nominee), (1, s.lead), (2, s.boss)] {
            let decisions: Vec<Decision> = s.plan[..step]
                .iter()
                .enumerate()
                .map(|(i, p)| agreed(i, p.signer))
                .collect();
            assert_eq!(
                decide(
                    NominationStatus::SigningOff,
                    &s.plan,
                    &decisions,
                    who,
                    false
                ),
                Ok(Outcome {
                    step,
                    status: NominationStatus::Rejected
                }),
                "disagreeing at step {step}"
            );
        }
    }

    #[test]
    fn signing_is_refused_out_of_turn_twice_for_another_or_when_closed() {
        let s = signing();
        let stranger = Uuid::now_v7();
        let open = NominationStatus::SigningOff;
        let none: &[Decision] = &[];
        let nominee_agreed = [agreed(0, s.nominee)];
        let nominee_disagreed = [Decision {
            step: 0,
            signer: s.nominee,
            agree: false,
        }];
        let all_agreed = [agreed(0, s.nominee), agreed(1, s.lead), agreed(2, s.boss)];
        for (case, status, decisions, actor, err) in [
            (
                "superior before the nominee",
                open,
                none,
                s.lead,
                SignError::NotYourTurn,
            ),
            (
                "skip-level before the superior",
                open,
                &nominee_agreed[..],
                s.boss,
                SignError::NotYourTurn,
            ),
            (
                "nominee again",
                open,
                &nominee_agreed[..],
                s.nominee,
                SignError::AlreadySigned,
            ),
            (
                "someone off the plan",
                open,
                none,
                stranger,
                SignError::NotASigner,
            ),
            (
                "still assessing",
                NominationStatus::Assessing,
                none,
                s.nominee,
                SignError::NotOpen,
            ),
            (
                "withdrawn",
                NominationStatus::Withdrawn,
                none,
                s.nominee,
                SignError::NotOpen,
            ),
            (
                "admitted",
                NominationStatus::Admitted,
                &all_agreed[..],
                s.boss,
                SignError::NotOpen,
            ),
            (
                "rejected",
                NominationStatus::Rejected,
                &nominee_disagreed[..],
                s.lead,
                SignError::NotOpen,
            ),
            (
                "a disagreement left open",
                open,
                &nominee_disagreed[..],
                s.lead,
                SignError::NotOpen,
            ),
            (
                "every step signed but left open",
                open,
                &all_agreed[..],
                s.boss,
                SignError::AlreadySigned,
            ),
        ] {
            assert_eq!(
                decide(status, &s.plan, decisions, actor, true),
                Err(err),
                "{case}"
            );
            assert!(!err.message_zh().is_ascii() && !err.message_en().is_empty());
        }
    }

    #[test]
    fn a_superior_cannot_sign_the_nominees_step_for_them() {
        let s = signing();
        // The superior acts while the nominee's step is open: it is not their step.
        assert_eq!(
            decide(NominationStatus::SigningOff, &s.plan, &[], s.lead, true),
            Err(SignError::NotYourTurn)
        );
        // And a recorded decision by the superior blocks a second one even if mis-indexed.
        assert_eq!(
            decide(
                NominationStatus::SigningOff,
                &s.plan,
                &[agreed(0, s.nominee), agreed(5, s.lead)],
                s.lead,
                true
            ),
            Err(SignError::AlreadySigned)
        );
    }

    // --- points and elimination ---

    fn member(joined: &str, points: &[(&str, f64)]) -> MemberMonths {
        MemberMonths {
            member: Uuid::now_v7(),
            joined: d(joined),
            points: points.iter().map(|(m, p)| (ym(m), *p)).collect(),
        }
    }

    fn q1() -> Quarter {
        Quarter::new(2026, 1).unwrap()
    }

    /// Members who joined long ago, each with the same points every month of Q1 2026.
    fn steady(points: &[f64]) -> Vec<MemberMonths> {
        points
            .iter()
            .map(|p| {
                member(
                    "2025-01-01",
                    &[("2026-01", *p), ("2026-02", *p), ("2026-03", *p)],
                )
            })
            .collect()
    }

    #[test]
    fn the_band_is_the_ratio_rounded_up_and_at_least_one() {
        for (ranked, ratio, size) in [
            (0, 0.1, 0),
            (10, 0.0, 0),
            (10, -0.5, 0),
            (10, f64::NAN, 0),
            (1, 0.1, 1),
            (5, 0.1, 1),
            (10, 0.1, 1),
            (11, 0.1, 2),
            (30, 0.1, 3),
            (20, 0.15, 3),
            (7, 0.3, 3),
            (4, 1.0, 4),
            (4, 2.0, 4),
            (50_000, 0.1, 5_000),
        ] {
            assert_eq!(band_size(ranked, ratio), size, "{ranked} × {ratio}");
        }
    }

    #[test]
    fn the_bottom_band_holds_the_lowest_points_and_everyone_tied_with_the_cut_off() {
        let ids = |ms: &[MemberMonths], idx: &[usize]| -> BTreeSet<Uuid> {
            idx.iter().map(|&i| ms[i].member).collect()
        };
        for (case, points, ratio, bottom) in [
            (
                "a clear bottom",
                &[90.0, 80.0, 70.0, 60.0, 50.0][..],
                0.2,
                &[4][..],
            ),
            (
                "a tie at the cut-off takes both",
                &[90.0, 50.0, 70.0, 50.0, 60.0],
                0.2,
                &[1, 3],
            ),
            (
                "ties above the cut-off stay out",
                &[50.0, 70.0, 70.0, 80.0],
                0.25,
                &[0],
            ),
            (
                "two places",
                &[10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
                0.3,
                &[0, 1],
            ),
            (
                "everyone tied is everyone",
                &[75.0, 75.0, 75.0],
                0.1,
                &[0, 1, 2],
            ),
            ("a single member is the bottom", &[99.0], 0.1, &[0]),
            ("ratio zero eliminates nobody", &[90.0, 10.0], 0.0, &[]),
            ("negative points rank lowest", &[0.0, -5.0, 3.0], 0.1, &[1]),
        ] {
            let ms = steady(points);
            assert_eq!(
                bottom_band(ym("2026-02"), &ms, ratio),
                ids(&ms, bottom),
                "{case}"
            );
        }
    }

    #[test]
    fn only_members_with_points_for_a_whole_month_are_ranked() {
        let absent = member("2025-01-01", &[("2026-01", 10.0)]);
        let broken = member("2025-01-01", &[("2026-02", f64::NAN)]);
        let mid_month = member("2026-02-10", &[("2026-02", 5.0)]);
        let first_day = member("2026-02-01", &[("2026-02", 40.0)]);
        let ranked_high = member("2025-01-01", &[("2026-02", 90.0)]);
        let ms = vec![absent, broken, mid_month, first_day.clone(), ranked_high];
        // Only `first_day` and `ranked_high` are ranked: one place, the lower of the two.
        assert_eq!(
            bottom_band(ym("2026-02"), &ms, 0.1),
            BTreeSet::from([first_day.member])
        );
        assert_eq!(bottom_band(ym("2026-04"), &ms, 0.1), BTreeSet::new());
    }

    #[test]
    fn elimination_needs_the_bottom_in_all_three_months_of_the_quarter() {
        let ms = || -> Vec<MemberMonths> {
            vec![
                // 0: bottom in every month.
                member(
                    "2025-06-01",
                    &[("2026-01", 10.0), ("2026-02", 10.0), ("2026-03", 10.0)],
                ),
                // 1: bottom in two months, fine in between.
                member(
                    "2025-06-01",
                    &[("2026-01", 10.0), ("2026-02", 95.0), ("2026-03", 10.0)],
                ),
                // 2: bottom whenever scored, but February is missing.
                member("2025-06-01", &[("2026-01", 5.0), ("2026-03", 5.0)]),
                // 3: joined in February, bottom ever since.
                member("2026-02-01", &[("2026-02", 1.0), ("2026-03", 1.0)]),
                // 4: joined on 2 January, so January is a partial month.
                member(
                    "2026-01-02",
                    &[("2026-01", 0.0), ("2026-02", 0.0), ("2026-03", 0.0)],
                ),
                // 5..: the rest of the floor.
                member(
                    "2025-06-01",
                    &[("2026-01", 80.0), ("2026-02", 80.0), ("2026-03", 80.0)],
                ),
                member(
                    "2025-06-01",
                    &[("2026-01", 85.0), ("2026-02", 85.0), ("2026-03", 85.0)],
                ),
                member(
                    "2025-06-01",
                    &[("2026-01", 90.0), ("2026-02", 90.0), ("2026-03", 90.0)],
                ),
            ]
        };
        let members = ms();
        let picked =
            |idx: &[usize]| -> Vec<Uuid> { idx.iter().map(|&i| members[i].member).collect() };
        // A wide band (half) so every low scorer is in it whenever ranked.
        assert_eq!(elimination_candidates(q1(), &members, 0.5), picked(&[0]));
        // A quarter in which nobody has points.
        let q2 = Quarter::new(2026, 2).unwrap();
        assert_eq!(
            elimination_candidates(q2, &members, 0.5),
            Vec::<Uuid>::new()
        );
        // Ratio zero.
        assert_eq!(
            elimination_candidates(q1(), &members, 0.0),
            Vec::<Uuid>::new()
        );
    }

    #[test]
    fn elimination_with_ties_single_members_and_everyone_tied() {
        // Two members tied at the bottom all quarter are both candidates.
        let tied = steady(&[40.0, 40.0, 70.0, 80.0, 90.0]);
        assert_eq!(
            elimination_candidates(q1(), &tied, 0.1),
            vec![tied[0].member, tied[1].member]
        );
        // A lone member with a ratio is at the bottom every month.
        let lone = steady(&[99.0]);
        assert_eq!(
            elimination_candidates(q1(), &lone, 0.1),
            vec![lone[0].member]
        );
        // Everyone tied: everyone is a candidate, for the manager to judge.
        let flat = steady(&[60.0, 60.0, 60.0]);
        assert_eq!(elimination_candidates(q1(), &flat, 0.1).len(), 3);
        // Nobody at all.
        assert_eq!(elimination_candidates(q1(), &[], 0.1), Vec::<Uuid>::new());
    }

    #[test]
    fn months_and_quarters_follow_the_calendar() {
        assert_eq!(ym("2026-03").to_string(), "2026-03");
        assert_eq!(YearMonth::of(d("2026-03-31")), ym("2026-03"));
        assert_eq!(ym("2026-12").next(), Some(ym("2027-01")));
        assert!(ym("2025-12") < ym("2026-01"));
        for bad in ["2026-13", "2026-3", "2026", "March", "2026-00"] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Quarter::of(d("2026-08-15")).map(Quarter::months),
            Some([ym("2026-07"), ym("2026-08"), ym("2026-09")])
        );
        assert_eq!(
            Quarter::new(2026, 4).map(Quarter::first_day),
            Some(d("2026-10-01"))
        );
        assert_eq!(Quarter::new(2026, 0), None);
        assert_eq!(Quarter::new(2026, 5), None);
        assert_eq!(
            serde_json::to_string(&ym("2026-03")).unwrap(),
            "\"2026-03\""
        );
        assert_eq!(
            serde_json::from_str::<YearMonth>("\"2026-03\"").unwrap(),
            ym("2026-03")
        );
    }

    #[test]
    fn elimination_ratios_lie_between_zero_and_one() {
        for (v, ok) in [
            (0.0, true),
            (0.1, true),
            (1.0, true),
            (-0.1, false),
            (1.5, false),
            (f64::NAN, false),
        ] {
            assert_eq!(elimination_ratio("eliminationRatio", v).is_ok(), ok, "{v}");
        }
    }

    // --- year-end inventory ---

    #[test]
    fn the_plan_is_agreed_when_both_have_confirmed_after_the_feedback() {
        use InventoryStatus::*;
        use Party::*;
        for (status, by, before, result) in [
            (FedBack, Member, &[][..], Ok(FedBack)),
            (FedBack, Superior, &[][..], Ok(FedBack)),
            (FedBack, Superior, &[Member][..], Ok(Agreed)),
            (FedBack, Member, &[Superior][..], Ok(Agreed)),
            (
                FedBack,
                Member,
                &[Member][..],
                Err(InventoryError::AlreadyConfirmed),
            ),
            (Draft, Member, &[][..], Err(InventoryError::NotFedBack)),
            (Draft, Superior, &[][..], Err(InventoryError::NotFedBack)),
            (
                Agreed,
                Member,
                &[Member, Superior][..],
                Err(InventoryError::AlreadyAgreed),
            ),
        ] {
            assert_eq!(
                confirm(status, by, before),
                result,
                "{status:?} {by:?} after {before:?}"
            );
        }
    }

    // --- development plan ---

    #[test]
    fn an_item_is_overdue_after_its_due_day_until_something_is_handed_in() {
        use PlanItemStatus::*;
        let due = d("2026-05-31");
        for (status, today, overdue) in [
            (Planned, "2026-05-31", false),
            (Planned, "2026-06-01", true),
            (InProgress, "2026-06-01", true),
            (InProgress, "2026-05-01", false),
            (Submitted, "2026-07-01", false),
            (Done, "2026-07-01", false),
        ] {
            assert_eq!(
                is_overdue(due, status, d(today)),
                overdue,
                "{status:?} on {today}"
            );
        }
    }

    #[test]
    fn reflections_are_counted_in_characters_up_to_five_thousand() {
        let full = "读".repeat(MAX_REFLECTION);
        assert_eq!(
            reflection("reflection", &full).map(|s| s.chars().count()),
            Ok(MAX_REFLECTION)
        );
        assert_eq!(
            reflection("reflection", &format!("{full}书")),
            Err(FieldError::new(
                "reflection",
                Problem::TooLong {
                    max: MAX_REFLECTION
                }
            ))
        );
        assert_eq!(
            reflection("reflection", "  ").map_err(|e| e.problem),
            Err(Problem::Required)
        );
        assert_eq!(
            reflection("reflection", "心得\0").map_err(|e| e.problem),
            Err(Problem::NulByte)
        );
        assert_eq!(
            reflection("reflection", "第一段\n第二段😀"),
            Ok("第一段\n第二段😀".to_owned())
        );
    }

    #[test]
    fn every_stored_value_has_labels_in_both_languages() {
        for k in PlanItemKind::ALL {
            assert!(!k.label_zh().is_ascii() && !k.label_en().is_empty());
        }
        assert!(PlanItemKind::AssignedReading.needs_reflection());
        assert!(!PlanItemKind::Coaching.needs_reflection());
        assert_eq!(PlanItemKind::SpecialTraining.to_value(), "special_training");
        for s in [
            PlanItemStatus::Planned,
            PlanItemStatus::InProgress,
            PlanItemStatus::Submitted,
            PlanItemStatus::Done,
        ] {
            assert!(!s.label_zh().is_ascii() && !s.label_en().is_empty());
        }
        for s in [
            NominationStatus::Assessing,
            NominationStatus::SigningOff,
            NominationStatus::Admitted,
            NominationStatus::Rejected,
            NominationStatus::Withdrawn,
        ] {
            assert!(!s.label_zh().is_ascii() && !s.label_en().is_empty());
            assert_eq!(
                s.is_closed(),
                !matches!(
                    s,
                    NominationStatus::Assessing | NominationStatus::SigningOff
                )
            );
        }
        for s in [
            InventoryStatus::Draft,
            InventoryStatus::FedBack,
            InventoryStatus::Agreed,
        ] {
            assert!(!s.label_zh().is_ascii() && !s.label_en().is_empty());
        }
        for p in [Party::Member, Party::Superior] {
            assert!(!p.label_zh().is_ascii() && !p.label_en().is_empty());
        }
        for c in [CoachKind::Internal, CoachKind::External] {
            assert!(!c.label_zh().is_ascii() && !c.label_en().is_empty());
        }
        for r in SignerRole::ORDER {
            assert!(!r.label_zh().is_ascii() && !r.label_en().is_empty());
        }
        for b in GridBand::ALL {
            assert!(!b.label_zh().is_ascii() && !b.label_en().is_empty());
        }
        for c in [
            Criterion::Tenure,
            Criterion::ExamScore,
            Criterion::CompetencyGrade,
            Criterion::QualityScore,
            Criterion::CallVolumeIndex,
        ] {
            assert!(!c.label_zh().is_ascii() && !c.label_en().is_empty());
        }
    }

    #[test]
    fn a_nomination_is_a_self_application_only_when_the_nominee_applies() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(
            NominationSource::of(a, a, true),
            NominationSource::SelfApplication
        );
        assert_eq!(
            NominationSource::of(a, b, false),
            NominationSource::Superior
        );
        assert_eq!(NominationSource::of(a, b, true), NominationSource::Hr);
    }

    #[test]
    fn admission_enters_moves_or_is_refused_for_the_same_echelon() {
        use Echelon::*;
        let cases = [
            (None, Junior, Some(PoolEventKind::Entered)),
            (Some(Junior), KeyStaff, Some(PoolEventKind::Moved)),
            (Some(Management), Junior, Some(PoolEventKind::Moved)),
            (Some(KeyStaff), KeyStaff, None),
        ];
        for (current, to, want) in cases {
            assert_eq!(
                PoolEventKind::of_admission(current, to),
                want,
                "{current:?} → {to:?}"
            );
        }
    }

    #[test]
    fn a_review_period_is_a_quarter_written_year_dash_q() {
        let q = Quarter::parse("2026-Q3").unwrap();
        assert_eq!((q.year(), q.number()), (2026, 3));
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(Quarter::parse(" 2026-q1 ").unwrap().to_string(), "2026-Q1");
        for bad in [
            "2026-Q5", "2026-Q0", "2026Q3", "26-Q3", "2026-Q12", "", "2026-3",
        ] {
            assert!(Quarter::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Quarter::field("period", "x").unwrap_err().field, "period");
    }
}
