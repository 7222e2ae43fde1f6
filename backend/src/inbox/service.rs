//! Rules and queries of the inbox. Each source is one function that answers its part of a
//! section (a count and its first items) for the actor; a section merges its sources. Every
//! source costs a fixed number of statements, whatever `first` and however much data.
use chrono::{DateTime, NaiveDate, Utc};
use entity::{account, audit_event, employee, org_unit, service_account, EmployeeStatus, Problem};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

use crate::auth::{policy, Actor};
use crate::error::{ApiError, ApiResult};
use crate::page::MAX_PAGE;

/// What an item asks of the caller, or records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// 试用期转正评估: a probation ends within a month or has ended.
    ProbationReview,
    /// A change the caller made to a record (from the audit log).
    RecordChange,
    /// 三级签核: a nomination waits for the caller's signature.
    SignOff,
    /// 提名: a nomination the caller made or applied for, still open.
    Nomination,
    /// 发展计划: an item of the caller's or a direct report's plan is overdue.
    PlanItemOverdue,
    /// 发展计划: a direct report handed in an item for the caller to review.
    PlanItemReview,
    /// 能力潜质考核: a nomination waits to be assessed and submitted.
    Assessment,
    /// 发展计划: a plan's current revision waits for the caller's agreement.
    PlanAgreement,
    /// 年底能力盘点: shared feedback waits for the caller to read and confirm.
    Inventory,
}

/// One entry of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// The kind of global id of the record it is about (`Employee`, `OrgUnit`, …).
    pub subject_kind: String,
    pub subject_id: String,
    /// `工号 姓名` for a person, the name of a unit, …
    pub subject_label: String,
    /// When it must be done by, if there is a deadline.
    pub due_date: Option<NaiveDate>,
    /// When it happened or last changed.
    pub at: DateTime<Utc>,
    /// For a record change, the audited action (`employee.updated`).
    pub action: Option<String>,
}

/// A count of everything in a section and its first items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub count: u64,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default)]
pub struct Inbox {
    /// 待我处理
    pub waiting: Section,
    /// 我已处理
    pub done: Section,
    /// 我发起的
    pub started: Section,
}

/// Which parts of a section the caller asked for; what is not asked is not queried.
#[derive(Clone, Copy, Debug, Default)]
pub struct Want {
    pub count: bool,
    pub items: bool,
}

/// What every source is given.
pub struct Ask<'a> {
    pub actor: &'a Actor,
    /// China's calendar day.
    pub today: NaiveDate,
    pub first: u64,
    pub want: Want,
}

/// How a section orders the items of its sources.
#[derive(Clone, Copy)]
enum Order {
    /// The nearest deadline first; items without one last, newest first.
    DueFirst,
    NewestFirst,
}

impl Section {
    fn merge(parts: Vec<Section>, order: Order, first: u64) -> Section {
        let count = parts.iter().map(|p| p.count).sum();
        let mut items: Vec<Item> = parts.into_iter().flat_map(|p| p.items).collect();
        // Stable: a source's own order stands among equals.
        match order {
            Order::DueFirst => items.sort_by(|a, b| {
                (a.due_date.is_none(), a.due_date)
                    .cmp(&(b.due_date.is_none(), b.due_date))
                    .then(b.at.cmp(&a.at))
            }),
            Order::NewestFirst => items.sort_by_key(|i| std::cmp::Reverse(i.at)),
        }
        items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
        Section { count, items }
    }
}

/// `first`: how many items of each section, 1 to 100.
pub fn parse_first(first: i32) -> ApiResult<u64> {
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(ApiError::bad(
            "first",
            Problem::OutOfRange {
                min: 1,
                max: MAX_PAGE as i64,
            },
        ));
    }
    Ok(first as u64)
}

/// The actor's inbox on `today`, with `first` items of each section.
pub async fn inbox<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    today: NaiveDate,
    first: i32,
    want: [Want; 3],
) -> ApiResult<Inbox> {
    let first = parse_first(first)?;
    let ask = |want| Ask {
        actor,
        today,
        first,
        want,
    };
    let [waiting, done, started] = want.map(ask);
    Ok(Inbox {
        waiting: Section::merge(
            vec![
                sign_offs(db, &waiting).await?,
                assessments(db, &waiting).await?,
                plan_items(db, &waiting).await?,
                file_steps(db, &waiting).await?,
                probation_reviews(db, &waiting).await?,
            ],
            Order::DueFirst,
            first,
        ),
        done: Section::merge(
            vec![record_changes(db, &done).await?],
            Order::NewestFirst,
            first,
        ),
        started: Section::merge(
            vec![nominations(db, &started).await?],
            Order::NewestFirst,
            first,
        ),
    })
}

fn nomination_item(kind: ItemKind, n: entity::nomination::Model, e: employee::Model) -> Item {
    Item {
        kind,
        subject_kind: "Nomination".into(),
        subject_id: n.id.to_string(),
        subject_label: format!("{} {}", e.employee_no, e.name),
        due_date: None,
        at: n.submitted_at.unwrap_or(n.updated_at),
        action: None,
    }
}

/// Waiting: nominations whose current step the caller signs, the longest waiting first.
async fn sign_offs<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let Some(me) = ask.actor.employee_id() else {
        return Ok(Section::default());
    };
    let (count, rows) =
        crate::talent::service::waiting_for(db, me, ask.first, ask.want.count, ask.want.items)
            .await?;
    Ok(Section {
        count,
        items: rows
            .into_iter()
            .map(|(n, e)| nomination_item(ItemKind::SignOff, n, e))
            .collect(),
    })
}

/// Waiting: nominations being assessed whose nominee the caller may assess and submit.
async fn assessments<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let (Some(me), Ok(access)) = (
        ask.actor.employee_id(),
        policy::authorize(ask.actor, "Mutation.assessNomination"),
    ) else {
        return Ok(Section::default());
    };
    if !ask.want.count && !ask.want.items {
        return Ok(Section::default());
    }
    let (count, rows) =
        crate::talent::waiting::to_assess(db, &access, me, ask.first, ask.want.items).await?;
    Ok(Section {
        count,
        items: rows
            .into_iter()
            .map(|(n, e)| Item {
                at: n.created_at,
                ..nomination_item(ItemKind::Assessment, n, e)
            })
            .collect(),
    })
}

/// Waiting: development plans whose current revision the caller (member, superior or
/// skip-level superior) has still to agree to, and year-end inventories shared with the
/// member that the caller has still to confirm, in one statement.
async fn file_steps<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    use crate::talent::waiting::FileStep;
    let Some(me) = ask.actor.employee_id() else {
        return Ok(Section::default());
    };
    if !ask.want.count && !ask.want.items {
        return Ok(Section::default());
    }
    let (count, rows) = crate::talent::waiting::file_steps(db, me, ask.first).await?;
    Ok(Section {
        count,
        items: rows
            .into_iter()
            .map(|w| {
                let person = format!("{} {}", w.member_no, w.member_name);
                let (kind, subject_label) = match w.step {
                    FileStep::AgreePlan => (ItemKind::PlanAgreement, person),
                    FileStep::ConfirmInventory { year } => {
                        (ItemKind::Inventory, format!("{person} · {year}"))
                    }
                };
                Item {
                    kind,
                    subject_kind: "Employee".into(),
                    subject_id: w.member_id.to_string(),
                    subject_label,
                    due_date: None,
                    at: w.at,
                    action: None,
                }
            })
            .collect(),
    })
}

/// Waiting: development-plan items overdue for the caller or their direct reports, and items
/// handed in for the caller to review; the nearest due first.
async fn plan_items<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let Some(me) = ask.actor.employee_id() else {
        return Ok(Section::default());
    };
    let (count, rows) = crate::talent::plan::waiting_items(
        db,
        me,
        ask.today,
        ask.first,
        ask.want.count,
        ask.want.items,
    )
    .await?;
    Ok(Section {
        count,
        items: rows
            .into_iter()
            .map(|(i, e)| Item {
                kind: if i.status == entity::PlanItemStatus::Submitted {
                    ItemKind::PlanItemReview
                } else {
                    ItemKind::PlanItemOverdue
                },
                subject_kind: "Employee".into(),
                subject_id: e.id.to_string(),
                subject_label: format!("{} {} · {}", e.employee_no, e.name, i.title),
                due_date: Some(i.due_date),
                at: i.updated_at,
                action: None,
            })
            .collect(),
    })
}

/// Started: the caller's open nominations (of others, or their own application), newest first.
async fn nominations<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let Some(me) = ask.actor.employee_id() else {
        return Ok(Section::default());
    };
    let (count, rows) =
        crate::talent::service::started_by(db, me, ask.first, ask.want.count, ask.want.items)
            .await?;
    Ok(Section {
        count,
        items: rows
            .into_iter()
            .map(|(n, e)| nomination_item(ItemKind::Nomination, n, e))
            .collect(),
    })
}

/// Waiting: 转正 reviews of probations ending within a month or already ended (see
/// [`entity::probation_review_due`]), for those who may change employees' records, within
/// their reach; the longest-serving first.
async fn probation_reviews<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let Ok(access) = policy::authorize(ask.actor, "Mutation.updateEmployee") else {
        return Ok(Section::default());
    };
    let cond = crate::people::service::scope_condition(&access)
        .add(employee::Column::Status.eq(EmployeeStatus::Probation))
        .add(employee::Column::HireDate.lte(entity::latest_due_hire_date(ask.today)));
    if !ask.want.items {
        let count = if ask.want.count {
            employee::Entity::find().filter(cond).count(db).await?
        } else {
            0
        };
        return Ok(Section {
            count,
            items: Vec::new(),
        });
    }
    let select = employee::Entity::find()
        .filter(cond)
        .order_by_asc(employee::Column::HireDate)
        .order_by_asc(employee::Column::Id)
        .limit(ask.first);
    let (count, rows) = counted(db, select).await?;
    let items = rows
        .into_iter()
        .map(|e| Item {
            kind: ItemKind::ProbationReview,
            subject_kind: "Employee".into(),
            subject_id: e.id.to_string(),
            subject_label: format!("{} {}", e.employee_no, e.name),
            due_date: Some(entity::probation_end(e.hire_date)),
            at: e.updated_at,
            action: None,
        })
        .collect();
    Ok(Section { count, items })
}

/// The rows of a query and how many match before its limit, in one statement
/// (`COUNT(*) OVER ()`), so a source pays one statement for its count and its items.
async fn counted<C: ConnectionTrait, E: EntityTrait>(
    db: &C,
    select: sea_orm::Select<E>,
) -> ApiResult<(u64, Vec<E::Model>)>
where
    E::Model: sea_orm::FromQueryResult,
{
    use sea_orm::{FromQueryResult, QueryTrait};
    let (count, rows) = crate::db::with_total(db, select.into_query()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(E::Model::from_query_result(r, "")?);
    }
    Ok((count, out))
}

/// Done: the changes the caller made, from the audit log, newest first.
async fn record_changes<C: ConnectionTrait>(db: &C, ask: &Ask<'_>) -> ApiResult<Section> {
    let Some(me) = ask.actor.account_id() else {
        return Ok(Section::default());
    };
    let mine = audit_event::Column::ActorId.eq(me);
    if !ask.want.items {
        let count = if ask.want.count {
            audit_event::Entity::find().filter(mine).count(db).await?
        } else {
            0
        };
        return Ok(Section {
            count,
            items: Vec::new(),
        });
    }
    // The items and the count of all in one statement.
    let query = sea_orm::QueryTrait::into_query(
        audit_event::Entity::find()
            .select_only()
            .column(audit_event::Column::At)
            .column(audit_event::Column::Action)
            .column(audit_event::Column::EntityType)
            .column(audit_event::Column::EntityId)
            .filter(mine)
            .order_by_desc(audit_event::Column::Seq)
            .limit(ask.first),
    );
    let (count, found) = crate::db::with_total(db, query).await?;
    let mut rows: Vec<(DateTime<Utc>, String, String, String)> = Vec::with_capacity(found.len());
    for r in &found {
        rows.push((
            r.try_get("", "at")?,
            r.try_get("", "action")?,
            r.try_get("", "entity_type")?,
            r.try_get("", "entity_id")?,
        ));
    }
    let labels = labels(
        db,
        rows.iter().map(|(_, _, t, id)| (t.as_str(), id.as_str())),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|(at, action, entity_type, entity_id)| {
            let label = Uuid::parse_str(&entity_id)
                .ok()
                .and_then(|id| labels.get(&(entity_type.clone(), id)).cloned())
                // A record without a name of its own (a standard) is told by the action.
                .unwrap_or_default();
            Item {
                kind: ItemKind::RecordChange,
                subject_kind: global_kind(&entity_type),
                subject_id: entity_id,
                subject_label: label,
                due_date: None,
                at,
                action: Some(action),
            }
        })
        .collect();
    Ok(Section { count, items })
}

/// The kind of global id of an audited entity type (`org_unit` → `OrgUnit`).
fn global_kind(entity_type: &str) -> String {
    entity_type
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Labels of audited records by (entity type, id): one statement per kind of record present,
/// whatever the number of records.
async fn labels<'a, C: ConnectionTrait>(
    db: &C,
    subjects: impl Iterator<Item = (&'a str, &'a str)>,
) -> ApiResult<HashMap<(String, Uuid), String>> {
    let mut ids: HashMap<&str, Vec<Uuid>> = HashMap::new();
    for (t, id) in subjects {
        if let Ok(id) = Uuid::parse_str(id) {
            ids.entry(t).or_default().push(id);
        }
    }
    let mut out = HashMap::new();
    let mut put = |t: &str, rows: Vec<(Uuid, String)>| {
        out.extend(rows.into_iter().map(|(id, l)| ((t.to_owned(), id), l)));
    };
    if let Some(ids) = ids.remove("employee") {
        let rows: Vec<(Uuid, String, String)> = employee::Entity::find()
            .select_only()
            .column(employee::Column::Id)
            .column(employee::Column::EmployeeNo)
            .column(employee::Column::Name)
            .filter(employee::Column::Id.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        put(
            "employee",
            rows.into_iter()
                .map(|(id, no, name)| (id, format!("{no} {name}")))
                .collect(),
        );
    }
    if let Some(ids) = ids.remove("org_unit") {
        let rows: Vec<(Uuid, String)> = org_unit::Entity::find()
            .select_only()
            .column(org_unit::Column::Id)
            .column(org_unit::Column::Name)
            .filter(org_unit::Column::Id.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        put("org_unit", rows);
    }
    if let Some(ids) = ids.remove("account") {
        let rows: Vec<(Uuid, String, Option<String>)> = account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .column(account::Column::Login)
            .column(employee::Column::Name)
            .join(JoinType::LeftJoin, account::Relation::Employee.def())
            .filter(account::Column::Id.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        put(
            "account",
            rows.into_iter()
                .map(|(id, login, name)| match name {
                    Some(name) => (id, format!("{login} {name}")),
                    None => (id, login),
                })
                .collect(),
        );
    }
    if let Some(ids) = ids.remove("nomination") {
        // A nomination is named by its nominee.
        let rows: Vec<(Uuid, String, String)> = entity::nomination::Entity::find()
            .select_only()
            .column(entity::nomination::Column::Id)
            .column(employee::Column::EmployeeNo)
            .column(employee::Column::Name)
            .join(
                JoinType::InnerJoin,
                entity::nomination::Relation::Employee.def(),
            )
            .filter(entity::nomination::Column::Id.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        put(
            "nomination",
            rows.into_iter()
                .map(|(id, no, name)| (id, format!("{no} {name}")))
                .collect(),
        );
    }
    if let Some(ids) = ids.remove("service_account") {
        let rows: Vec<(Uuid, String)> = service_account::Entity::find()
            .select_only()
            .column(service_account::Column::Id)
            .column(service_account::Column::Name)
            .filter(service_account::Column::Id.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        put("service_account", rows);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(due: Option<&str>, at_secs: i64) -> Item {
        Item {
            kind: ItemKind::ProbationReview,
            subject_kind: "Employee".into(),
            subject_id: at_secs.to_string(),
            subject_label: String::new(),
            due_date: due.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            at: DateTime::from_timestamp(at_secs, 0).unwrap(),
            action: None,
        }
    }

    #[test]
    fn a_section_counts_all_its_sources_and_keeps_the_first_items_in_order() {
        let a = Section {
            count: 7,
            items: vec![item(Some("2026-03-01"), 1), item(Some("2026-05-01"), 2)],
        };
        let b = Section {
            count: 3,
            items: vec![item(None, 9), item(Some("2026-04-01"), 3)],
        };
        let s = Section::merge(vec![a, b], Order::DueFirst, 3);
        assert_eq!(s.count, 10);
        let order: Vec<_> = s.items.iter().map(|i| i.subject_id.as_str()).collect();
        assert_eq!(order, ["1", "3", "2"]);
        let newest = Section::merge(
            vec![Section {
                count: 2,
                items: vec![item(None, 1), item(None, 5)],
            }],
            Order::NewestFirst,
            10,
        );
        assert_eq!(newest.items[0].subject_id, "5");
    }

    #[test]
    fn first_is_one_to_a_hundred() {
        assert!(parse_first(0).is_err());
        assert!(parse_first(101).is_err());
        assert_eq!(parse_first(100).unwrap(), 100);
    }

    #[test]
    fn audited_entity_types_name_their_global_id_kind() {
        assert_eq!(global_kind("employee"), "Employee");
        assert_eq!(global_kind("org_unit"), "OrgUnit");
        assert_eq!(global_kind("service_account"), "ServiceAccount");
    }
}
