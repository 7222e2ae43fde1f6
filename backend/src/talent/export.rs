//! Excel exports of the talent pool and of the open nominations (candidates), as far as the
//! caller reaches, with the same filters as the pages.
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use entity::{employee, nomination, Echelon};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

use super::service::{self, NominationFilter, PoolFilter};
use crate::audit::{self, Change};
use crate::auth::{policy, Access, Actor};
use crate::db::begin_write;
use crate::error::{ApiError, ApiResult};
use crate::page::PageArgs;
use crate::people::transfer::{http_error, Caller};
use crate::state::AppState;

#[derive(serde::Deserialize, Default)]
pub struct ExportQuery {
    /// `MANAGEMENT`, `KEY_STAFF` or `JUNIOR`.
    pub echelon: Option<String>,
    #[serde(rename = "orgUnitId")]
    pub org_unit_id: Option<String>,
}

fn echelon(q: &ExportQuery) -> ApiResult<Option<Echelon>> {
    match q.echelon.as_deref() {
        None | Some("") => Ok(None),
        Some("MANAGEMENT") => Ok(Some(Echelon::Management)),
        Some("KEY_STAFF") => Ok(Some(Echelon::KeyStaff)),
        Some("JUNIOR") => Ok(Some(Echelon::Junior)),
        Some(_) => Err(ApiError::bad(
            "echelon",
            entity::Problem::BadFormat {
                expected_zh: "MANAGEMENT、KEY_STAFF 或 JUNIOR".into(),
                expected_en: "MANAGEMENT, KEY_STAFF or JUNIOR".into(),
            },
        )),
    }
}

async fn unit_path(
    state: &AppState,
    access: &Access,
    q: &ExportQuery,
) -> ApiResult<Option<String>> {
    match q.org_unit_id.as_deref() {
        None | Some("") => Ok(None),
        Some(id) => {
            let id = crate::graphql::parse_id("orgUnitId", "OrgUnit", id)?;
            Ok(Some(
                crate::org::service::get(&state.db, access, id).await?.path,
            ))
        }
    }
}

fn sheet(headers: &[&str], rows: &[Vec<String>], widths: &[f64]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format((i + 1) as u32, c as u16, v, &text)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    wb.save_to_buffer()
}

async fn units(state: &AppState) -> ApiResult<HashMap<Uuid, String>> {
    Ok(entity::org_unit::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

async fn audited(state: &AppState, actor: &Actor, what: &str, rows: usize) -> ApiResult<()> {
    let txn = begin_write(&state.db).await?;
    audit::record(
        &txn,
        actor,
        Change::new(what, "export", Uuid::now_v7()).after(&serde_json::json!({ "rows": rows })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The current members within reach: 工号, name, unit, echelon, since.
pub async fn pool_xlsx(state: &AppState, actor: &Actor, q: &ExportQuery) -> ApiResult<Vec<u8>> {
    let access = policy::authorize(actor, "Export.talentPool")?;
    let filter = PoolFilter {
        echelon: echelon(q)?,
        org_unit_path: unit_path(state, &access, q).await?,
    };
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = PageArgs {
            first: 100,
            after: after.clone(),
            want_total: false,
        };
        let res = service::members(&state.db, &access, &filter, page, None).await?;
        after = res
            .items
            .last()
            .map(|(m, _, _)| service::cursor_by_id(m.id));
        for (m, e, u) in res.items {
            rows.push(vec![
                e.employee_no,
                e.name,
                u.map(|u| u.name).unwrap_or_default(),
                e.position,
                m.echelon.label_zh().to_owned(),
                entity::china_date(m.joined_at)
                    .format("%Y-%m-%d")
                    .to_string(),
            ]);
        }
        if !res.has_next {
            break;
        }
    }
    let bytes = sheet(
        &["工号", "姓名", "组织", "岗位", "梯队", "入库日期"],
        &rows,
        &[12.0, 10.0, 16.0, 12.0, 14.0, 12.0],
    )
    .map_err(ApiError::internal)?;
    audited(state, actor, "talent_pool.exported", rows.len()).await?;
    Ok(bytes)
}

/// The open nominations within reach: 工号, name, unit, echelon, source, status, scores.
pub async fn candidates_xlsx(
    state: &AppState,
    actor: &Actor,
    q: &ExportQuery,
) -> ApiResult<Vec<u8>> {
    let access = policy::authorize(actor, "Export.nominations")?;
    let filter = NominationFilter {
        echelon: echelon(q)?,
        open_only: true,
        org_unit_path: unit_path(state, &access, q).await?,
        ..Default::default()
    };
    let mut list: Vec<nomination::Model> = Vec::new();
    let mut after = None;
    loop {
        let page = PageArgs {
            first: 100,
            after: after.clone(),
            want_total: false,
        };
        let res = service::list(&state.db, &access, &filter, page).await?;
        after = res.items.last().map(|n| service::cursor_by_id(n.id));
        list.extend(res.items);
        if !res.has_next {
            break;
        }
    }
    let mut people: HashMap<Uuid, employee::Model> = HashMap::new();
    let ids: Vec<Uuid> = list.iter().map(|n| n.employee_id).collect();
    for chunk in ids.chunks(500) {
        for e in employee::Entity::find()
            .filter(employee::Column::Id.is_in(chunk.to_vec()))
            .all(&state.db)
            .await?
        {
            people.insert(e.id, e);
        }
    }
    let units = units(state).await?;
    let score = |s: Option<entity::Score>| s.map(|s| s.to_string()).unwrap_or_default();
    let rows: Vec<Vec<String>> = list
        .iter()
        .filter_map(|n| {
            let e = people.get(&n.employee_id)?;
            Some(vec![
                e.employee_no.clone(),
                e.name.clone(),
                units.get(&e.org_unit_id).cloned().unwrap_or_default(),
                n.echelon.label_zh().to_owned(),
                n.source.label_zh().to_owned(),
                n.status.label_zh().to_owned(),
                score(n.ability()),
                score(n.potential()),
                score(n.exam()),
                entity::china_date(n.created_at)
                    .format("%Y-%m-%d")
                    .to_string(),
            ])
        })
        .collect();
    let bytes = sheet(
        &[
            "工号",
            "姓名",
            "组织",
            "梯队",
            "来源",
            "状态",
            "能力",
            "潜质",
            "考试",
            "提名日期",
        ],
        &rows,
        &[12.0, 10.0, 16.0, 14.0, 10.0, 8.0, 8.0, 8.0, 8.0, 12.0],
    )
    .map_err(ApiError::internal)?;
    audited(state, actor, "nominations.exported", rows.len()).await?;
    Ok(bytes)
}

fn xlsx(name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .body(bytes)
}

/// `GET /api/talent/pool.xlsx?echelon=KEY_STAFF&orgUnitId=…`
pub async fn pool_http(
    req: HttpRequest,
    q: web::Query<ExportQuery>,
    app: web::Data<AppState>,
) -> HttpResponse {
    let (caller, app, q) = (Caller::of(&req), app.get_ref().clone(), q.into_inner());
    let state = app.clone();
    let run = async move {
        let actor = caller.actor(&state).await?;
        pool_xlsx(&state, &actor, &q).await
    };
    match app.run(run).await.and_then(|r| r) {
        Ok(bytes) => xlsx("talent-pool.xlsx", bytes),
        Err(e) => http_error(e),
    }
}

/// `GET /api/talent/candidates.xlsx?echelon=…&orgUnitId=…`
pub async fn candidates_http(
    req: HttpRequest,
    q: web::Query<ExportQuery>,
    app: web::Data<AppState>,
) -> HttpResponse {
    let (caller, app, q) = (Caller::of(&req), app.get_ref().clone(), q.into_inner());
    let state = app.clone();
    let run = async move {
        let actor = caller.actor(&state).await?;
        candidates_xlsx(&state, &actor, &q).await
    };
    match app.run(run).await.and_then(|r| r) {
        Ok(bytes) => xlsx("talent-candidates.xlsx", bytes),
        Err(e) => http_error(e),
    }
}
