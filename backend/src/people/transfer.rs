//! Employee import (.xlsx / .csv, dry run first, upsert on 工号) and export (.xlsx). Served over
//! plain HTTP because files outgrow the GraphQL body limit; authorised by the same policy table
//! (`Import.employees`, `Export.employees`).
use actix_web::{http::header, web, HttpMessage, HttpRequest, HttpResponse};
use entity::{employee, org_unit, EmployeeStatus, FieldError, Problem};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use super::service::{self, EmployeeChanges, EmployeeFilter, EmployeeText, NewEmployee, SortField};
use crate::audit::{self, Change};
use crate::auth::{policy, session, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::page::PageArgs;
use crate::state::AppState;

/// Largest accepted import file.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
/// Most rows in one import.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// Columns of the import and export files: (field, Chinese header, English header).
pub const COLUMNS: [(&str, &str, &str); 9] = [
    ("employeeNo", "工号", "Employee No"),
    ("name", "姓名", "Name"),
    ("phone", "电话", "Phone"),
    ("orgUnitCode", "组织编码", "Org Unit Code"),
    ("position", "岗位", "Position"),
    ("superiorNo", "直接上级工号", "Superior No"),
    ("hireDate", "入职日期", "Hire Date"),
    ("status", "状态", "Status"),
    ("keyPosition", "关键岗位", "Key Position"),
];

/// One problem of one row.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// 1-based row number in the file, counting the header as row 1.
    pub row: usize,
    /// The column header as in the template (Chinese).
    pub column: String,
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub dry_run: bool,
    /// Whether the rows were written (never on a dry run or with any error).
    pub committed: bool,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

fn column_of(field: &str) -> String {
    COLUMNS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map(|(_, zh, _)| (*zh).to_owned())
        .unwrap_or_else(|| field.to_owned())
}

fn row_error(row: usize, e: &FieldError) -> RowError {
    RowError {
        row,
        column: column_of(&e.field),
        field: e.field.clone(),
        message_zh: e.problem.message_zh(),
        message_en: e.problem.message_en(),
    }
}

/// A file's cells as text rows (header first).
pub fn read_table(bytes: &[u8], file_name: &str) -> ApiResult<Vec<Vec<String>>> {
    let bad = |zh: &str, en: &str| {
        ApiError::bad(
            "file",
            Problem::Invalid {
                zh: zh.into(),
                en: en.into(),
            },
        )
    };
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| bad("CSV 文件须为 UTF-8 编码", "the CSV file must be UTF-8"))?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|_| bad("CSV 文件格式有误", "the CSV file is malformed"))?;
            rows.push(rec.iter().map(str::to_owned).collect());
        }
        Ok(rows)
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
        use calamine::{Data, DataType, Reader};
        let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|_| bad("无法读取 Excel 文件", "the Excel file cannot be read"))?;
        let range = wb
            .worksheet_range_at(0)
            .ok_or_else(|| bad("Excel 文件没有工作表", "the Excel file has no sheet"))?
            .map_err(|_| bad("无法读取 Excel 工作表", "the Excel sheet cannot be read"))?;
        Ok(range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::String(s) => s.clone(),
                        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                            format!("{}", *f as i64)
                        }
                        Data::DateTime(_) | Data::DateTimeIso(_) => c
                            .as_date()
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect())
    } else {
        Err(bad(
            "只支持 .xlsx 或 .csv 文件",
            "only .xlsx and .csv files are accepted",
        ))
    }
}

/// Which column holds which field, from the header row (Chinese or English names).
fn map_header(header: &[String]) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut map = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        if let Some((f, _, _)) = COLUMNS
            .iter()
            .find(|(f, zh, en)| h == *zh || h.eq_ignore_ascii_case(en) || h.eq_ignore_ascii_case(f))
        {
            map.insert(*f, i);
        }
    }
    let required = [
        "employeeNo",
        "name",
        "phone",
        "orgUnitCode",
        "position",
        "hireDate",
        "status",
    ];
    let missing: Vec<RowError> = required
        .iter()
        .filter(|f| !map.contains_key(*f))
        .map(|f| RowError {
            row: 1,
            column: column_of(f),
            field: (*f).to_owned(),
            message_zh: "缺少该列".into(),
            message_en: "this column is missing".into(),
        })
        .collect();
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(missing)
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "否" | "no" | "false" | "0" | "n" => Some(false),
        "是" | "yes" | "true" | "1" | "y" => Some(true),
        _ => None,
    }
}

/// Imports rows in one transaction; rolls back on a dry run or on any error, so a file is
/// applied whole or not at all.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    rows: Vec<Vec<String>>,
    dry_run: bool,
) -> ApiResult<ImportReport> {
    let mut report = ImportReport {
        dry_run,
        ..Default::default()
    };
    let mut it = rows.into_iter();
    let Some(header) = it.next() else {
        return Err(ApiError::bad(
            "file",
            Problem::Invalid {
                zh: "文件是空的".into(),
                en: "the file is empty".into(),
            },
        ));
    };
    let cols = match map_header(&header) {
        Ok(c) => c,
        Err(errors) => {
            report.errors = errors;
            return Ok(report);
        }
    };
    let data: Vec<(usize, Vec<String>)> = it
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if data.len() > MAX_IMPORT_ROWS {
        return Err(ApiError::bad(
            "file",
            Problem::OutOfRange {
                min: 1,
                max: MAX_IMPORT_ROWS as i64,
            },
        ));
    }
    report.rows = data.len();
    let cell = |r: &Vec<String>, f: &str| {
        cols.get(f)
            .and_then(|i| r.get(*i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };

    let txn = begin_write(&state.db).await?;
    let units: HashMap<String, org_unit::Model> = org_unit::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.code.clone(), u))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut superiors: Vec<(usize, Uuid, String)> = Vec::new();
    for (row, r) in &data {
        let mut errs: Vec<FieldError> = Vec::new();
        let text = EmployeeText {
            employee_no: cell(r, "employeeNo"),
            name: cell(r, "name"),
            phone: cell(r, "phone"),
            position: cell(r, "position"),
            hire_date: cell(r, "hireDate"),
        };
        if let Some(first) = seen.insert(text.employee_no.clone(), *row) {
            errs.push(FieldError::invalid(
                "employeeNo",
                &format!("与第 {first} 行工号重复"),
                &format!("repeats the 工号 of row {first}"),
            ));
        }
        let unit = units.get(&cell(r, "orgUnitCode"));
        if unit.is_none() {
            errs.push(FieldError::new("orgUnitCode", Problem::NotFound));
        }
        let status = EmployeeStatus::parse_loose(&cell(r, "status"));
        if status.is_none() {
            errs.push(FieldError::new(
                "status",
                Problem::BadFormat {
                    expected_zh: "试用、正式或离职".into(),
                    expected_en: "probation, regular or left".into(),
                },
            ));
        }
        let key = parse_bool(&cell(r, "keyPosition"));
        if key.is_none() {
            errs.push(FieldError::new(
                "keyPosition",
                Problem::BadFormat {
                    expected_zh: "是或否".into(),
                    expected_en: "yes or no".into(),
                },
            ));
        }
        // Each field is checked on its own so a row reports all its problems at once.
        errs.extend(
            [
                entity::employee_no("employeeNo", &text.employee_no).err(),
                entity::required_text("name", &text.name, entity::MAX_NAME).err(),
                entity::phone("phone", &text.phone).err(),
                entity::required_text("position", &text.position, entity::MAX_POSITION).err(),
                entity::date("hireDate", &text.hire_date).err(),
            ]
            .into_iter()
            .flatten(),
        );
        let (Some(unit), Some(status), Some(key), true) = (unit, status, key, errs.is_empty())
        else {
            report
                .errors
                .extend(errs.iter().map(|e| row_error(*row, e)));
            continue;
        };
        let existing = employee::Entity::find()
            .filter(employee::Column::EmployeeNo.eq(text.employee_no.clone()))
            .one(&txn)
            .await?;
        let result = match existing {
            Some(before) => {
                let changes = EmployeeChanges {
                    expected_version: before.version,
                    name: Some(text.name.clone()),
                    phone: Some(text.phone.clone()),
                    org_unit_id: Some(unit.id),
                    position: Some(text.position.clone()),
                    superior_id: None,
                    hire_date: Some(text.hire_date.clone()),
                    status: Some(status),
                    key_position: Some(key),
                };
                service::apply(&txn, actor, before, changes)
                    .await
                    .map(|e| (e, false))
            }
            None => match NewEmployee::parse(&text, unit.id, None, status, key) {
                Ok(new) => service::insert(&txn, actor, new).await.map(|e| (e, true)),
                Err(e) => Err(ApiError::BadInput(e)),
            },
        };
        match result {
            Ok((e, created)) => {
                if created {
                    report.created += 1
                } else {
                    report.updated += 1
                }
                let sup = cell(r, "superiorNo");
                if !sup.is_empty() {
                    superiors.push((*row, e.id, sup));
                }
            }
            Err(ApiError::BadInput(e)) => report.errors.push(row_error(*row, &e)),
            Err(other) => return Err(other),
        }
    }
    // Superiors last, so a row may name someone further down the file.
    for (row, id, sup_no) in superiors {
        let Some(sup) = employee::Entity::find()
            .filter(employee::Column::EmployeeNo.eq(sup_no))
            .one(&txn)
            .await?
        else {
            report.errors.push(row_error(
                row,
                &FieldError::new("superiorNo", Problem::NotFound),
            ));
            continue;
        };
        let Some(before) = employee::Entity::find_by_id(id).one(&txn).await? else {
            continue;
        };
        if before.superior_id == Some(sup.id) {
            continue;
        }
        let changes = EmployeeChanges {
            expected_version: before.version,
            superior_id: Some(Some(sup.id)),
            ..Default::default()
        };
        match service::apply(&txn, actor, before, changes).await {
            Ok(_) => {}
            Err(ApiError::BadInput(mut e)) => {
                e.field = "superiorNo".into();
                report.errors.push(row_error(row, &e));
            }
            Err(other) => return Err(other),
        }
    }
    report.errors.sort_by_key(|e| e.row);
    if dry_run || !report.errors.is_empty() {
        txn.rollback().await?;
    } else {
        audit::record(
            &txn,
            actor,
            Change::new("employee.imported", "import", Uuid::now_v7())
                .after(&serde_json::json!({ "rows": report.rows, "created": report.created, "updated": report.updated })),
        )
        .await?;
        txn.commit().await?;
        report.committed = true;
    }
    Ok(report)
}

/// The employees matching a list view, as an .xlsx file (工号 and phone as text).
pub async fn export_xlsx(
    state: &AppState,
    actor: &Actor,
    access: &crate::auth::Access,
    filter: &EmployeeFilter,
    sort: SortField,
    descending: bool,
) -> ApiResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = PageArgs {
            first: 100,
            after: after.clone(),
            want_total: false,
        };
        let res = service::list(&state.db, access, filter, sort, descending, page).await?;
        after = res.items.last().map(|e| service::cursor_of(e, sort));
        rows.extend(res.items);
        if !res.has_next {
            break;
        }
    }
    let units: HashMap<Uuid, org_unit::Model> = org_unit::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let sup_ids: Vec<Uuid> = rows.iter().filter_map(|e| e.superior_id).collect();
    let mut sup_nos: HashMap<Uuid, String> = HashMap::new();
    for chunk in sup_ids.chunks(500) {
        for s in employee::Entity::find()
            .filter(employee::Column::Id.is_in(chunk.to_vec()))
            .all(&state.db)
            .await?
        {
            sup_nos.insert(s.id, s.employee_no);
        }
    }
    let mut wb = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    let x = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    for (c, (_, zh, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *zh, &bold)
            .map_err(x)?;
    }
    for (i, e) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        let unit = units
            .get(&e.org_unit_id)
            .map(|u| u.code.as_str())
            .unwrap_or("");
        let sup = e
            .superior_id
            .and_then(|s| sup_nos.get(&s))
            .map(String::as_str)
            .unwrap_or("");
        ws.write_string_with_format(r, 0, &e.employee_no, &text)
            .map_err(x)?;
        ws.write_string(r, 1, &e.name).map_err(x)?;
        ws.write_string_with_format(r, 2, &e.phone, &text)
            .map_err(x)?;
        ws.write_string(r, 3, unit).map_err(x)?;
        ws.write_string(r, 4, &e.position).map_err(x)?;
        ws.write_string_with_format(r, 5, sup, &text).map_err(x)?;
        ws.write_string(r, 6, e.hire_date.format("%Y-%m-%d").to_string())
            .map_err(x)?;
        ws.write_string(r, 7, e.status.label_zh()).map_err(x)?;
        ws.write_string(r, 8, if e.key_position { "是" } else { "否" })
            .map_err(x)?;
    }
    for (c, w) in [12, 10, 15, 14, 12, 14, 12, 8, 8].into_iter().enumerate() {
        ws.set_column_width(c as u16, w).map_err(x)?;
    }
    let bytes = wb.save_to_buffer().map_err(x)?;
    // Full phone numbers leave the system here: record who took which list.
    let txn = begin_write(&state.db).await?;
    audit::record(
        &txn,
        actor,
        Change::new("employee.exported", "export", Uuid::now_v7())
            .after(&serde_json::json!({ "rows": rows.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(bytes)
}

/// What a file request carries about its caller, read before the work leaves the worker.
pub struct Caller {
    bearer: Option<String>,
    request_id: String,
    ip: String,
}

impl Caller {
    pub fn of(req: &HttpRequest) -> Caller {
        Caller {
            bearer: crate::graphql::http::bearer_token(req).map(str::to_owned),
            request_id: req
                .extensions()
                .get::<crate::telemetry::RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            ip: req
                .peer_addr()
                .map(|a| a.ip().to_string())
                .unwrap_or_default(),
        }
    }

    pub async fn actor(self, state: &AppState) -> ApiResult<Actor> {
        let bearer = self.bearer.ok_or(ApiError::Unauthenticated)?;
        let principal = session::resolve_principal(state, &bearer)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Actor {
            principal: Some(principal),
            request_id: self.request_id,
            ip: self.ip,
            user_agent: String::new(),
        })
    }
}

pub fn http_error(e: ApiError) -> HttpResponse {
    use actix_web::http::StatusCode;
    let status = match &e {
        ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden => StatusCode::FORBIDDEN,
        ApiError::NotFound => StatusCode::NOT_FOUND,
        ApiError::BadInput(_) => StatusCode::BAD_REQUEST,
        ApiError::Conflict { .. } => StatusCode::CONFLICT,
        ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let gql: async_graphql::Error = e.into();
    let ext = gql
        .extensions
        .map(|x| serde_json::to_value(x).unwrap_or_default())
        .unwrap_or_default();
    HttpResponse::build(status)
        .json(serde_json::json!({ "error": { "message": gql.message, "extensions": ext } }))
}

#[derive(serde::Deserialize)]
pub struct ImportQuery {
    #[serde(rename = "dryRun", default = "yes")]
    pub dry_run: bool,
    #[serde(rename = "fileName")]
    pub file_name: String,
}

fn yes() -> bool {
    true
}

/// `POST /api/employees/import?fileName=x.xlsx&dryRun=true` with the file as the body.
pub async fn import_http(
    req: HttpRequest,
    body: web::Bytes,
    q: web::Query<ImportQuery>,
    app: web::Data<AppState>,
) -> HttpResponse {
    let (caller, app, q) = (Caller::of(&req), app.get_ref().clone(), q.into_inner());
    let state = app.clone();
    let run = async move {
        let actor = caller.actor(&state).await?;
        policy::authorize(&actor, "Import.employees")?;
        let rows = read_table(&body, &q.file_name)?;
        import(&state, &actor, rows, q.dry_run).await
    };
    match app.run(run).await.and_then(|r| r) {
        Ok(report) => HttpResponse::Ok().json(report),
        Err(e) => http_error(e),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ExportQuery {
    pub search: Option<String>,
    #[serde(rename = "orgUnitId")]
    pub org_unit_id: Option<String>,
    pub position: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub direction: Option<String>,
}

/// `GET /api/employees/export.xlsx?search=…&orgUnitId=…&status=REGULAR&sort=NAME&direction=DESC`.
pub async fn export_http(
    req: HttpRequest,
    q: web::Query<ExportQuery>,
    app: web::Data<AppState>,
) -> HttpResponse {
    let (caller, app, q) = (Caller::of(&req), app.get_ref().clone(), q.into_inner());
    let state = app.clone();
    let run = async move {
        let actor = caller.actor(&state).await?;
        let access = policy::authorize(&actor, "Export.employees")?;
        let status = match q.status.as_deref() {
            None | Some("") => None,
            Some(s) => Some(EmployeeStatus::parse_loose(s).ok_or_else(|| {
                ApiError::bad(
                    "status",
                    Problem::BadFormat {
                        expected_zh: "PROBATION、REGULAR 或 LEFT".into(),
                        expected_en: "PROBATION, REGULAR or LEFT".into(),
                    },
                )
            })?),
        };
        let sort = match q.sort.as_deref() {
            None | Some("") | Some("EMPLOYEE_NO") => SortField::EmployeeNo,
            Some("NAME") => SortField::Name,
            Some("HIRE_DATE") => SortField::HireDate,
            Some(_) => {
                return Err(ApiError::bad(
                    "sort",
                    Problem::BadFormat {
                        expected_zh: "EMPLOYEE_NO、NAME 或 HIRE_DATE".into(),
                        expected_en: "EMPLOYEE_NO, NAME or HIRE_DATE".into(),
                    },
                ))
            }
        };
        let filter = EmployeeFilter {
            search: q.search.clone(),
            org_unit_id: q
                .org_unit_id
                .as_deref()
                .map(|u| crate::graphql::parse_id("orgUnitId", "OrgUnit", u))
                .transpose()?,
            position: q.position.clone().filter(|p| !p.is_empty()),
            status,
            key_position: None,
        };
        export_xlsx(
            &state,
            &actor,
            &access,
            &filter,
            sort,
            q.direction.as_deref() == Some("DESC"),
        )
        .await
    };
    match app.run(run).await.and_then(|r| r) {
        Ok(bytes) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"employees.xlsx\"",
            ))
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .body(bytes),
        Err(e) => http_error(e),
    }
}
