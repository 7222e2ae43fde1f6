//! What in the talent pool waits for a person besides a signature or a plan item: a
//! nomination to assess and submit, a development plan to agree to, a year-end inventory to
//! read and confirm. Each source is one statement (its rows with the count of all, `COUNT(*)
//! OVER ()`); plans and inventories share one.
use entity::{employee, nomination, NominationStatus};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use uuid::Uuid;

use crate::auth::Access;
use crate::error::ApiResult;

/// How many rows match, and the first of them.
pub type Counted<T> = (u64, Vec<T>);

/// Nominations still being assessed (考核中) whose nominee `access` reaches, for those who
/// assess and submit them (superiors within reach, HR); never the caller's own. Oldest first.
pub async fn to_assess<C: ConnectionTrait>(
    db: &C,
    access: &Access,
    me: Uuid,
    first: u64,
    want_items: bool,
) -> ApiResult<Counted<(nomination::Model, employee::Model)>> {
    let base = nomination::Entity::find()
        .join(JoinType::InnerJoin, nomination::Relation::Employee.def())
        .filter(nomination::Column::Status.eq(NominationStatus::Assessing))
        .filter(nomination::Column::EmployeeId.ne(me))
        .filter(crate::people::service::scope_condition(access));
    if !want_items {
        return Ok((base.count(db).await?, Vec::new()));
    }
    let select = base
        .select_also(employee::Entity)
        .order_by_asc(nomination::Column::CreatedAt)
        .order_by_asc(nomination::Column::Id)
        .limit(first);
    super::service::counted(db, select).await
}

/// What waits for a person in someone's development file: a plan to agree to, or a
/// year-end inventory to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStep {
    /// The plan has items and its current revision (how many items it has had) lacks the
    /// person's agreement; they are the member, the superior or the superior's superior.
    AgreePlan,
    /// The inventory was shared with the member (已反馈) and the person, the member or the
    /// superior who wrote it, has not confirmed it.
    ConfirmInventory { year: i32 },
}

/// One waiting step and the member whose file it is in.
pub struct Waiting {
    pub step: FileStep,
    pub member_id: Uuid,
    pub member_no: String,
    pub member_name: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Plans to agree to and inventories to confirm that wait for `me`, oldest first, in one
/// statement (both kinds, their count and the members they are about).
const FILE_STEPS: &str = r#"SELECT "kind", "member_id", "member_no", "member_name", "year", "at", COUNT(*) OVER () AS "total_rows" FROM (
  SELECT 'plan' AS "kind", "e"."id" AS "member_id", "e"."employee_no" AS "member_no", "e"."name" AS "member_name", NULL AS "year", "e"."updated_at" AS "at"
  FROM "employees" AS "e"
  WHERE ("e"."id" = $1 OR "e"."superior_id" = $1
         OR EXISTS (SELECT 1 FROM "employees" AS "s" WHERE "s"."id" = "e"."superior_id" AND "s"."superior_id" = $1))
    AND EXISTS (SELECT 1 FROM "pool_members" AS "m" WHERE "m"."employee_id" = "e"."id" AND "m"."left_at" IS NULL)
    AND EXISTS (SELECT 1 FROM "plan_items" AS "i" WHERE "i"."employee_id" = "e"."id")
    AND NOT EXISTS (SELECT 1 FROM "plan_agreements" AS "a" WHERE "a"."employee_id" = "e"."id" AND "a"."signer_id" = $1
                    AND "a"."revision" = (SELECT COUNT(*) FROM "plan_items" AS "p" WHERE "p"."employee_id" = "e"."id"))
  UNION ALL
  SELECT 'inventory', "e"."id", "e"."employee_no", "e"."name", "v"."year", COALESCE("v"."shared_at", "v"."updated_at")
  FROM "inventories" AS "v" JOIN "employees" AS "e" ON "e"."id" = "v"."employee_id"
  WHERE "v"."status" = 'fed_back'
    AND (("v"."employee_id" = $1 AND "v"."member_confirmed_at" IS NULL)
         OR ("v"."superior_id" = $1 AND "v"."superior_confirmed_at" IS NULL))
) AS "w" ORDER BY "at" ASC, "member_id" ASC LIMIT $2"#;

/// The steps in development files that wait for `me`, and how many there are in all.
pub async fn file_steps<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    first: u64,
) -> ApiResult<Counted<Waiting>> {
    let backend = db.get_database_backend();
    let sql = crate::db::kept_sql("talent.file_steps", backend, || {
        crate::db::numbered_placeholders(backend, FILE_STEPS)
    });
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            sql.to_string(),
            [
                sea_orm::Value::from(me),
                sea_orm::Value::from(i64::try_from(first).unwrap_or(i64::MAX)),
            ],
        ))
        .await?;
    let mut count = 0;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        count = u64::try_from(r.try_get::<i64>("", "total_rows")?).unwrap_or(0);
        let kind: String = r.try_get("", "kind")?;
        let step = match kind.as_str() {
            "plan" => FileStep::AgreePlan,
            _ => FileStep::ConfirmInventory {
                year: r.try_get::<Option<i32>>("", "year")?.unwrap_or_default(),
            },
        };
        out.push(Waiting {
            step,
            member_id: r.try_get("", "member_id")?,
            member_no: r.try_get("", "member_no")?,
            member_name: r.try_get("", "member_name")?,
            at: r.try_get("", "at")?,
        });
    }
    Ok((count, out))
}
