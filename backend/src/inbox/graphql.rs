//! Thin GraphQL resolvers for the inbox.
use async_graphql::{Context, Enum, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};

use super::service::{self, ItemKind, Want};
use crate::graphql::{actor, authorize, state};

/// What an inbox item is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum InboxKind {
    /// 试用期转正评估: an employee's probation ends within 30 days or has ended.
    ProbationReview,
    /// A change the caller made to a record.
    RecordChange,
    /// 三级签核: a nomination waits for the caller's signature (subject `Nomination:<uuid>`).
    SignOff,
    /// 提名: an open nomination the caller made or applied for.
    Nomination,
    /// 发展计划: an item of the caller's or a direct report's plan is overdue (subject: the
    /// member, `Employee:<uuid>`).
    PlanItemOverdue,
    /// 发展计划: a direct report handed in an item for the caller to review.
    PlanItemReview,
    /// 能力潜质考核: a nomination waits to be assessed and submitted by the caller (a
    /// superior within reach, or HR); subject `Nomination:<uuid>`.
    Assessment,
    /// 发展计划: the current revision of a plan waits for the caller's agreement (as the
    /// member, superior or skip-level superior); subject: the member, `Employee:<uuid>`.
    PlanAgreement,
    /// 年底能力盘点: feedback shared with the member waits for the caller to read and confirm
    /// (the member) or to confirm (the superior); subject: the member, `Employee:<uuid>`.
    Inventory,
}

impl From<ItemKind> for InboxKind {
    fn from(k: ItemKind) -> Self {
        match k {
            ItemKind::ProbationReview => InboxKind::ProbationReview,
            ItemKind::RecordChange => InboxKind::RecordChange,
            ItemKind::SignOff => InboxKind::SignOff,
            ItemKind::Nomination => InboxKind::Nomination,
            ItemKind::PlanItemOverdue => InboxKind::PlanItemOverdue,
            ItemKind::PlanItemReview => InboxKind::PlanItemReview,
            ItemKind::Assessment => InboxKind::Assessment,
            ItemKind::PlanAgreement => InboxKind::PlanAgreement,
            ItemKind::Inventory => InboxKind::Inventory,
        }
    }
}

/// One entry of an inbox section.
// Its fields are columns of the row already read: the row costs its `items` field, its fields
// nothing more (a section's `count` is costed once).
#[derive(SimpleObject)]
pub struct InboxItem {
    #[graphql(complexity = 0)]
    pub kind: InboxKind,
    /// Global id of the record it is about (`Employee:<uuid>` for a person).
    #[graphql(complexity = 0)]
    pub subject_id: ID,
    /// What to show for that record: `工号 姓名` for a person, a unit's name, …
    #[graphql(complexity = 0)]
    pub subject_label: String,
    /// When it must be done by (for a probation review, the last day of probation).
    #[graphql(complexity = 0)]
    pub due_date: Option<NaiveDate>,
    /// When it happened, or when the record last changed.
    #[graphql(complexity = 0)]
    pub at: DateTime<Utc>,
    /// For a record change, the audited action, e.g. `employee.updated`.
    #[graphql(complexity = 0)]
    pub action: Option<String>,
}

/// A count of everything in the section and its first items.
#[derive(SimpleObject)]
pub struct InboxSection {
    /// How many items the section holds in all.
    #[graphql(complexity = 0)]
    pub count: i32,
    /// The first `first` of them: nearest deadline first in `waiting`, newest first elsewhere.
    pub items: Vec<InboxItem>,
}

/// The caller's inbox (工作台).
#[derive(SimpleObject)]
pub struct Inbox {
    /// 待我处理: every step that waits for the caller: sign-offs, assessments, plan items and
    /// plans to agree to, inventories to confirm, and probation reviews for HR and
    /// administrators.
    pub waiting: InboxSection,
    /// 我已处理: the changes the caller made, newest first.
    pub done: InboxSection,
    /// 我发起的: what the caller started and others still have to act on: open nominations.
    pub started: InboxSection,
}

fn section(s: service::Section) -> InboxSection {
    InboxSection {
        count: i32::try_from(s.count).unwrap_or(i32::MAX),
        items: s
            .items
            .into_iter()
            .map(|i| InboxItem {
                kind: i.kind.into(),
                subject_id: ID(format!("{}:{}", i.subject_kind, i.subject_id)),
                subject_label: i.subject_label,
                due_date: i.due_date,
                at: i.at,
                action: i.action,
            })
            .collect(),
    }
}

#[derive(Default)]
pub struct InboxQuery;

#[Object]
impl InboxQuery {
    /// What waits for me, what I handled, what I started; counts and the newest items.
    #[graphql(complexity = "first.clamp(0, 100) as usize * child_complexity + 1")]
    async fn inbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, desc = "How many items of each section, 1 to 100.")] first: i32,
    ) -> async_graphql::Result<Inbox> {
        authorize(ctx, "Query.inbox")?;
        let look = ctx.look_ahead();
        let want = |name: &str| Want {
            count: look.field(name).field("count").exists(),
            items: look.field(name).field("items").exists(),
        };
        let today = entity::china_date(Utc::now());
        let inbox = service::inbox(
            &state(ctx)?.db,
            actor(ctx)?,
            today,
            first,
            [want("waiting"), want("done"), want("started")],
        )
        .await?;
        Ok(Inbox {
            waiting: section(inbox.waiting),
            done: section(inbox.done),
            started: section(inbox.started),
        })
    }
}
