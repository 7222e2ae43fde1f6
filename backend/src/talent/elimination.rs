//! Monthly points (月度积分) and the quarterly bottom elimination (末位淘汰): superiors enter
//! points for pool members, a project sets its ratio, the shared rule
//! (`entity::elimination_candidates`) names the members at the bottom three months in a row,
//! and a manager confirms (the member leaves the pool) or overrides each, with a reason.
use chrono::Utc;
use entity::{
    elimination, elimination_ratio, employee, monthly_points, org_unit, pool_member, DataScope,
    MemberMonths, OrgUnitKind, Problem, Quarter, YearMonth,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

use super::service::{current_membership, leave_pool, overseen, MAX_NOTE};
use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::people::service as people;
use crate::state::AppState;

/// Highest monthly points accepted.
pub const MAX_POINTS: f64 = 10_000.0;

fn month_field(field: &str, s: &str) -> ApiResult<YearMonth> {
    YearMonth::parse(s.trim()).ok_or_else(|| {
        ApiError::bad(
            field,
            Problem::BadFormat {
                expected_zh: "月份,如 2026-03".into(),
                expected_en: "a month such as 2026-03".into(),
            },
        )
    })
}

/// Most months one read of someone's points spans: two years.
pub const MAX_POINTS_MONTHS: usize = 24;

/// The months from `from` to `to`, both included, oldest first; at most
/// [`MAX_POINTS_MONTHS`] of them.
pub fn month_range(from: &str, to: &str) -> ApiResult<Vec<YearMonth>> {
    let (first, last) = (month_field("fromMonth", from)?, month_field("toMonth", to)?);
    if last < first {
        return Err(ApiError::bad(
            "toMonth",
            Problem::Invalid {
                zh: "结束月份不能早于开始月份".into(),
                en: "the last month cannot come before the first".into(),
            },
        ));
    }
    let mut months = vec![first];
    let mut m = first;
    while m < last {
        m = m
            .next()
            .ok_or_else(|| ApiError::bad("toMonth", Problem::ImpossibleDate))?;
        months.push(m);
        if months.len() > MAX_POINTS_MONTHS {
            return Err(ApiError::bad(
                "toMonth",
                Problem::Invalid {
                    zh: format!("一次最多查询 {MAX_POINTS_MONTHS} 个月"),
                    en: format!("at most {MAX_POINTS_MONTHS} months at a time"),
                },
            ));
        }
    }
    Ok(months)
}

/// The points of many people from month `first` to `last` (`2026-03`, both included) in one
/// statement: by person, month to points.
pub async fn points_of<C: ConnectionTrait>(
    db: &C,
    employees: &[Uuid],
    (first, last): (&str, &str),
) -> ApiResult<HashMap<Uuid, BTreeMap<String, f64>>> {
    let rows = monthly_points::Entity::find()
        .filter(monthly_points::Column::EmployeeId.is_in(employees.to_vec()))
        .filter(monthly_points::Column::Month.between(first, last))
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, BTreeMap<String, f64>> = HashMap::new();
    for r in rows {
        out.entry(r.employee_id)
            .or_default()
            .insert(r.month, r.points);
    }
    Ok(out)
}

/// Enters (or corrects) a pool member's points for a month.
pub async fn set_points(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    month: &str,
    points: f64,
) -> ApiResult<monthly_points::Model> {
    let month = month_field("month", month)?;
    if !points.is_finite() || !(0.0..=MAX_POINTS).contains(&points) {
        return Err(ApiError::bad(
            "points",
            Problem::OutOfRange {
                min: 0,
                max: MAX_POINTS as i64,
            },
        ));
    }
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    overseen(&txn, actor, access, employee_id).await?;
    if current_membership(&txn, employee_id).await?.is_none() {
        return Err(ApiError::conflict(
            "该员工不在人才库中,无需录入积分",
            "The employee is not in the pool; points are for members",
        ));
    }
    let key = month.to_string();
    let before = monthly_points::Entity::find()
        .filter(monthly_points::Column::EmployeeId.eq(employee_id))
        .filter(monthly_points::Column::Month.eq(key.clone()))
        .one(&txn)
        .await?;
    let now = Utc::now();
    let after = match &before {
        Some(old) => {
            let mut am: monthly_points::ActiveModel = old.clone().into();
            am.points = Set(points);
            am.entered_by = Set(by);
            am.updated_at = Set(now);
            am.update(&txn).await?
        }
        None => {
            monthly_points::ActiveModel::from(monthly_points::Model {
                id: Uuid::now_v7(),
                employee_id,
                month: key,
                points,
                entered_by: by,
                updated_at: now,
            })
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        actor,
        Change::new("points.set", "employee", employee_id)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The project (项目) a unit path lies in: the unit of kind project among its ancestors.
async fn project_of<C: ConnectionTrait>(db: &C, path: &str) -> ApiResult<Option<org_unit::Model>> {
    let ids: Vec<Uuid> = path
        .split('/')
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(ids))
        .filter(org_unit::Column::Kind.eq(OrgUnitKind::Project))
        .one(db)
        .await?)
}

async fn project_unit<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    unit_id: Uuid,
) -> ApiResult<org_unit::Model> {
    let unit = crate::org::service::get(db, access, unit_id).await?;
    if unit.kind != OrgUnitKind::Project {
        return Err(ApiError::bad(
            "orgUnitId",
            Problem::Invalid {
                zh: "淘汰比例按项目设置,请选择项目".into(),
                en: "elimination ratios are set per project; choose a project".into(),
            },
        ));
    }
    // Managers decide for their own subtree; a project above them is not theirs.
    if access.scope != DataScope::All
        && !access
            .standpoint
            .unit_path
            .as_deref()
            .is_some_and(|p| unit.path.starts_with(p))
    {
        return Err(ApiError::Forbidden);
    }
    Ok(unit)
}

pub async fn ratio_of<C: ConnectionTrait>(db: &C, project: Uuid) -> ApiResult<f64> {
    Ok(elimination_ratio::Entity::find_by_id(project)
        .one(db)
        .await?
        .map(|r| r.ratio)
        .unwrap_or(elimination_ratio::DEFAULT_RATIO))
}

/// Sets a project's quarterly elimination ratio (0 to 1).
pub async fn set_ratio(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    unit_id: Uuid,
    ratio: f64,
) -> ApiResult<f64> {
    let ratio = entity::elimination_ratio("ratio", ratio)?;
    let txn = begin_write(&state.db).await?;
    let unit = project_unit(&txn, access, unit_id).await?;
    let before = elimination_ratio::Entity::find_by_id(unit.id)
        .one(&txn)
        .await?;
    let row = elimination_ratio::Model {
        org_unit_id: unit.id,
        ratio,
        updated_at: Utc::now(),
    };
    match &before {
        Some(_) => {
            elimination_ratio::ActiveModel {
                org_unit_id: sea_orm::ActiveValue::Unchanged(unit.id),
                ratio: Set(ratio),
                updated_at: Set(row.updated_at),
            }
            .update(&txn)
            .await?;
        }
        None => {
            elimination_ratio::ActiveModel::from(row.clone())
                .insert(&txn)
                .await?;
        }
    }
    audit::record(
        &txn,
        actor,
        Change::new("elimination_ratio.set", "org_unit", unit.id)
            .before(&before)
            .after(&row),
    )
    .await?;
    txn.commit().await?;
    Ok(ratio)
}

/// One elimination candidate with their points of the quarter's three months.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub employee: employee::Model,
    pub member: pool_member::Model,
    pub months: Vec<(YearMonth, Option<f64>)>,
}

/// The undecided elimination candidates of a project for a quarter, and the ratio used: three
/// statements whatever the number of members.
pub async fn candidates<C: ConnectionTrait>(
    db: &C,
    project: &org_unit::Model,
    quarter: Quarter,
) -> ApiResult<(f64, Vec<Candidate>)> {
    let ratio = ratio_of(db, project.id).await?;
    // Ranked are everyone who was a member during the quarter, including those who have left
    // since (a confirmed elimination must not move others into the band after the fact).
    let start = quarter
        .first_day()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        - chrono::Duration::hours(8);
    let rows: Vec<(pool_member::Model, Option<employee::Model>)> = pool_member::Entity::find()
        .find_also_related(employee::Entity)
        .filter(
            sea_orm::Condition::any()
                .add(pool_member::Column::LeftAt.is_null())
                .add(pool_member::Column::LeftAt.gte(start)),
        )
        .filter(employee::Column::OrgPath.starts_with(project.path.as_str()))
        .order_by_asc(employee::Column::EmployeeNo)
        .order_by_asc(pool_member::Column::JoinedAt)
        .all(db)
        .await?;
    // One entry per person: their earliest membership of the period (a move between echelons
    // starts a new row but not a new membership), and whether they are still in the pool.
    let mut members: Vec<(pool_member::Model, employee::Model, bool)> = Vec::new();
    for (m, e) in rows {
        let Some(e) = e else { continue };
        let current = m.left_at.is_none();
        match members.iter_mut().find(|(_, x, _)| x.id == e.id) {
            Some(entry) => {
                if current {
                    let joined = entry.0.joined_at.min(m.joined_at);
                    entry.0 = m;
                    entry.0.joined_at = joined;
                    entry.2 = true;
                }
            }
            None => members.push((m, e, current)),
        }
    }
    let ids: Vec<Uuid> = members.iter().map(|(_, e, _)| e.id).collect();
    let months = quarter.months();
    let keys: Vec<String> = months.iter().map(ToString::to_string).collect();
    let points = if ids.is_empty() {
        Vec::new()
    } else {
        monthly_points::Entity::find()
            .filter(monthly_points::Column::EmployeeId.is_in(ids.clone()))
            .filter(monthly_points::Column::Month.is_in(keys))
            .all(db)
            .await?
    };
    let decided: HashSet<Uuid> = if ids.is_empty() {
        HashSet::new()
    } else {
        elimination::Entity::find()
            .filter(elimination::Column::EmployeeId.is_in(ids))
            .filter(elimination::Column::Quarter.eq(quarter.to_string()))
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.employee_id)
            .collect()
    };
    let table: Vec<MemberMonths> = members
        .iter()
        .map(|(m, e, _)| MemberMonths {
            member: e.id,
            joined: entity::china_date(m.joined_at),
            points: points
                .iter()
                .filter(|p| p.employee_id == e.id)
                .filter_map(|p| YearMonth::parse(&p.month).map(|ym| (ym, p.points)))
                .collect::<BTreeMap<_, _>>(),
        })
        .collect();
    let named = entity::elimination_candidates(quarter, &table, ratio);
    let out = members
        .into_iter()
        .filter(|(_, e, current)| *current && named.contains(&e.id) && !decided.contains(&e.id))
        .map(|(member, employee, _)| {
            let of = |ym: YearMonth| {
                points
                    .iter()
                    .find(|p| p.employee_id == employee.id && p.month == ym.to_string())
                    .map(|p| p.points)
            };
            Candidate {
                months: months.iter().map(|&ym| (ym, of(ym))).collect(),
                employee,
                member,
            }
        })
        .collect();
    Ok((ratio, out))
}

/// A project within reach (manager's subtree, HR), checked to be a project.
pub async fn project_for<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    unit_id: Uuid,
) -> ApiResult<org_unit::Model> {
    project_unit(db, access, unit_id).await
}

/// A manager confirms (the member leaves the pool) or overrides an elimination candidate of a
/// quarter, with the reason. Someone who is not a candidate, or already decided, is CONFLICT.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    employee_id: Uuid,
    quarter: &str,
    confirm: bool,
    reason: &str,
) -> ApiResult<elimination::Model> {
    let quarter = Quarter::field("quarter", quarter)?;
    let reason = entity::required_text("reason", reason, MAX_NOTE)?;
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let txn = begin_write(&state.db).await?;
    let e = overseen(&txn, actor, access, employee_id).await?;
    let not_candidate = || {
        ApiError::conflict(
            "该员工不是本季度的末位淘汰候选人",
            "The employee is not an elimination candidate of this quarter",
        )
    };
    let project = project_of(&txn, &e.org_path)
        .await?
        .ok_or_else(not_candidate)?;
    let (_, named) = candidates(&txn, &project, quarter).await?;
    if !named.iter().any(|c| c.employee.id == employee_id) {
        return Err(not_candidate());
    }
    let row = elimination::Model {
        id: Uuid::now_v7(),
        employee_id,
        quarter: quarter.to_string(),
        confirmed: confirm,
        reason: reason.clone(),
        decided_by: by,
        decided_at: Utc::now(),
    };
    elimination::ActiveModel::from(row.clone())
        .insert(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change::new(
            if confirm {
                "elimination.confirmed"
            } else {
                "elimination.overridden"
            },
            "employee",
            employee_id,
        )
        .after(&row),
    )
    .await?;
    if confirm {
        leave_pool(
            &txn,
            actor,
            employee_id,
            entity::PoolReason::Eliminated {
                quarter: quarter.to_string(),
                note: reason.clone(),
            }
            .encode(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(row)
}

// ---------------------------------------------------------------------------------------------
// Importing a month's points from a file

/// One row's problem in a points file.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsRowError {
    /// 1-based, the header being row 1.
    pub row: usize,
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, serde::Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PointsReport {
    pub dry_run: bool,
    /// Whether the rows were written (never on a dry run or with any error).
    pub committed: bool,
    pub rows: usize,
    pub errors: Vec<PointsRowError>,
}

fn row_error(row: usize, field: &str, zh: &str, en: &str) -> PointsRowError {
    PointsRowError {
        row,
        field: field.to_owned(),
        message_zh: zh.to_owned(),
        message_en: en.to_owned(),
    }
}

/// Imports a month's points from a table whose header names 工号 (or employeeNo) and 积分 (or
/// points): every row checked (a member within reach, not oneself, points in range), then all
/// written in one transaction, or none.
pub async fn import_points(
    state: &AppState,
    actor: &Actor,
    access: &Access,
    month: &str,
    table: Vec<Vec<String>>,
    dry_run: bool,
) -> ApiResult<PointsReport> {
    let month = month_field("month", month)?;
    let by = actor.employee_id().ok_or(ApiError::Forbidden)?;
    let mut report = PointsReport {
        dry_run,
        ..Default::default()
    };
    let mut rows = table.into_iter();
    let header = rows.next().unwrap_or_default();
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(no_col), Some(points_col)) =
        (find(&["工号", "employeeNo"]), find(&["积分", "points"]))
    else {
        report.errors.push(row_error(
            1,
            "file",
            "表头须包含「工号」和「积分」两列",
            "the header must name the columns 工号 (employeeNo) and 积分 (points)",
        ));
        return Ok(report);
    };
    let data: Vec<(usize, String, String)> = rows
        .enumerate()
        .map(|(i, r)| {
            let get = |c: usize| r.get(c).map(|s| s.trim().to_owned()).unwrap_or_default();
            (i + 2, get(no_col), get(points_col))
        })
        .filter(|(_, no, p)| !no.is_empty() || !p.is_empty())
        .collect();
    if data.len() > crate::people::transfer::MAX_IMPORT_ROWS {
        return Err(ApiError::bad(
            "file",
            Problem::OutOfRange {
                min: 1,
                max: crate::people::transfer::MAX_IMPORT_ROWS as i64,
            },
        ));
    }
    report.rows = data.len();
    let txn = begin_write(&state.db).await?;
    let nos: Vec<String> = data.iter().map(|(_, no, _)| no.clone()).collect();
    let mut people = std::collections::HashMap::new();
    for chunk in nos.chunks(500) {
        for e in employee::Entity::find()
            .filter(employee::Column::EmployeeNo.is_in(chunk.to_vec()))
            .all(&txn)
            .await?
        {
            people.insert(e.employee_no.clone(), e);
        }
    }
    let ids: Vec<Uuid> = people.values().map(|e| e.id).collect();
    let mut members = HashSet::new();
    for chunk in ids.chunks(500) {
        for m in pool_member::Entity::find()
            .filter(pool_member::Column::EmployeeId.is_in(chunk.to_vec()))
            .filter(pool_member::Column::LeftAt.is_null())
            .all(&txn)
            .await?
        {
            members.insert(m.employee_id);
        }
    }
    let mut seen = HashSet::new();
    let mut good = Vec::new();
    for (row, no, raw) in &data {
        let Some(e) = people.get(no) else {
            report.errors.push(row_error(
                *row,
                "employeeNo",
                "没有此工号",
                "no employee has this 工号",
            ));
            continue;
        };
        // Out of reach reads the same as absent.
        if !people::covers(access, e) || access.scope == DataScope::SelfOnly || e.id == by {
            report.errors.push(row_error(
                *row,
                "employeeNo",
                "没有此工号",
                "no employee has this 工号",
            ));
            continue;
        }
        if !members.contains(&e.id) {
            report.errors.push(row_error(
                *row,
                "employeeNo",
                "该员工不在人才库中",
                "not a member of the pool",
            ));
            continue;
        }
        if !seen.insert(e.id) {
            report.errors.push(row_error(
                *row,
                "employeeNo",
                "工号重复",
                "this 工号 appears twice",
            ));
            continue;
        }
        match raw.parse::<f64>() {
            Ok(p) if p.is_finite() && (0.0..=MAX_POINTS).contains(&p) => good.push((e.id, p)),
            _ => report.errors.push(row_error(
                *row,
                "points",
                "积分须为 0 到 10000 之间的数字",
                "points must be a number from 0 to 10000",
            )),
        }
    }
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    let key = month.to_string();
    let existing: Vec<monthly_points::Model> = monthly_points::Entity::find()
        .filter(monthly_points::Column::Month.eq(key.clone()))
        .filter(
            monthly_points::Column::EmployeeId
                .is_in(good.iter().map(|(id, _)| *id).collect::<Vec<_>>()),
        )
        .all(&txn)
        .await?;
    let now = Utc::now();
    for (id, points) in &good {
        match existing.iter().find(|p| p.employee_id == *id) {
            Some(old) => {
                let mut am: monthly_points::ActiveModel = old.clone().into();
                am.points = Set(*points);
                am.entered_by = Set(by);
                am.updated_at = Set(now);
                am.update(&txn).await?;
            }
            None => {
                monthly_points::ActiveModel::from(monthly_points::Model {
                    id: Uuid::now_v7(),
                    employee_id: *id,
                    month: key.clone(),
                    points: *points,
                    entered_by: by,
                    updated_at: now,
                })
                .insert(&txn)
                .await?;
            }
        }
    }
    audit::record(
        &txn,
        actor,
        Change::new("points.imported", "import", Uuid::now_v7())
            .after(&serde_json::json!({ "month": key, "rows": good.len() })),
    )
    .await?;
    txn.commit().await?;
    report.committed = true;
    Ok(report)
}

#[derive(serde::Deserialize)]
pub struct PointsImportQuery {
    pub month: String,
    #[serde(rename = "fileName")]
    pub file_name: String,
    #[serde(rename = "dryRun", default = "dry_by_default")]
    pub dry_run: bool,
}

fn dry_by_default() -> bool {
    true
}

/// `POST /api/talent/points/import?month=2026-03&fileName=points.xlsx&dryRun=false`, the file
/// as the body.
pub async fn import_http(
    req: actix_web::HttpRequest,
    body: actix_web::web::Bytes,
    q: actix_web::web::Query<PointsImportQuery>,
    app: actix_web::web::Data<AppState>,
) -> actix_web::HttpResponse {
    use crate::people::transfer::{http_error, read_table, Caller};
    let (caller, app, q) = (Caller::of(&req), app.get_ref().clone(), q.into_inner());
    let state = app.clone();
    let run = async move {
        let actor = caller.actor(&state).await?;
        let access = crate::auth::policy::authorize(&actor, "Import.points")?;
        let table = read_table(&body, &q.file_name)?;
        import_points(&state, &actor, &access, &q.month, table, q.dry_run).await
    };
    match app.run(run).await.and_then(|r| r) {
        Ok(report) => actix_web::HttpResponse::Ok().json(report),
        Err(e) => http_error(e),
    }
}
