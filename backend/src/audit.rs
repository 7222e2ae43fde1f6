//! The audit log: every change to people data is recorded in the same transaction as the
//! change, appended to a hash chain. Writers serialise on the chain head (an advisory lock on
//! PostgreSQL; the IMMEDIATE write lock on SQLite), so the chain never forks.
use chrono::{DateTime, SubsecRound, Utc};
use entity::audit_event;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Actor;
use crate::error::ApiResult;

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, entity_type: &'a str, entity_id: impl ToString) -> Self {
        Change {
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
        }
    }
    pub fn before(mut self, v: &impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }
    pub fn after(mut self, v: &impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

fn json_text(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "null".into())
}

/// The canonical hash of an event: SHA-256 over its fields joined by the unit separator.
pub fn event_hash(e: &audit_event::Model) -> String {
    let at = e.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let actor = e.actor_id.map(|a| a.to_string()).unwrap_or_default();
    let seq = e.seq.to_string();
    let id = e.id.to_string();
    let fields: [&str; 12] = [
        &e.prev_hash,
        &seq,
        &id,
        &at,
        &actor,
        &e.actor_label,
        &e.action,
        &e.entity_type,
        &e.entity_id,
        &e.before,
        &e.after,
        &e.request_id,
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update(f.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends `change` to the chain inside the caller's transaction.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    change: Change<'_>,
) -> ApiResult<()> {
    record_as(
        txn,
        actor.audit_id(),
        &actor.audit_label(),
        &actor.request_id,
        change,
    )
    .await
}

/// As [`record`], for an actor given by its audit id, label and request id.
pub async fn record_as<C: ConnectionTrait>(
    txn: &C,
    actor_id: Option<Uuid>,
    actor_label: &str,
    request_id: &str,
    change: Change<'_>,
) -> ApiResult<()> {
    // A transaction of `begin_write` holds the lock already; taking it again is immediate.
    crate::db::lock_chain(txn).await?;
    let head = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Seq)
        .column(audit_event::Column::Hash)
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .into_tuple::<(i64, String)>()
        .one(txn)
        .await?;
    let (prev_seq, prev_hash) = head.unwrap_or((0, GENESIS.to_owned()));
    let at: DateTime<Utc> = Utc::now().trunc_subsecs(6);
    let mut model = audit_event::Model {
        seq: prev_seq + 1,
        id: Uuid::now_v7(),
        at,
        actor_id,
        actor_label: actor_label.to_owned(),
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id,
        before: json_text(&change.before),
        after: json_text(&change.after),
        request_id: request_id.to_owned(),
        prev_hash,
        hash: String::new(),
    };
    model.hash = event_hash(&model);
    let am = audit_event::ActiveModel {
        seq: Set(model.seq),
        id: Set(model.id),
        at: Set(model.at),
        actor_id: Set(model.actor_id),
        actor_label: Set(model.actor_label),
        action: Set(model.action),
        entity_type: Set(model.entity_type),
        entity_id: Set(model.entity_id),
        before: Set(model.before),
        after: Set(model.after),
        request_id: Set(model.request_id),
        prev_hash: Set(model.prev_hash),
        hash: Set(model.hash),
    };
    audit_event::Entity::insert(am)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The history of one record, oldest first.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    entity_type: &str,
    entity_id: &str,
    limit: u64,
) -> ApiResult<Vec<audit_event::Model>> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::EntityType.eq(entity_type))
        .filter(audit_event::Column::EntityId.eq(entity_id))
        // The newest `limit` events, returned oldest first: a busy record (every phone reveal
        // is an event) must still show its latest changes.
        .order_by_desc(audit_event::Column::Seq)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .rev()
        .collect())
}

/// Result of recomputing the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { events: i64 },
    Broken { seq: i64, reason: String },
}

/// Recomputes the whole chain in pages, calling `progress` after each page.
pub async fn verify(
    db: &impl ConnectionTrait,
    mut progress: impl FnMut(i64),
) -> ApiResult<Verdict> {
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    loop {
        let page = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(Verdict::Intact {
                events: expected_seq - 1,
            });
        }
        for e in page {
            if e.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing"),
                });
            }
            if e.prev_hash != expected_prev {
                return Ok(Verdict::Broken {
                    seq: e.seq,
                    reason: "link to the previous event is wrong".into(),
                });
            }
            if event_hash(&e) != e.hash {
                return Ok(Verdict::Broken {
                    seq: e.seq,
                    reason: "content does not match its hash".into(),
                });
            }
            expected_prev = e.hash;
            expected_seq += 1;
        }
        progress(expected_seq - 1);
    }
}

#[cfg(test)]
mod tests {
    /// The kinds of record whose actions are audited, as the first part of an action's name.
    const RECORDS: &[&str] = &[
        "account",
        "api_token",
        "competency",
        "echelon_standard",
        "elimination",
        "elimination_ratio",
        "employee",
        "inventory",
        "nomination",
        "org_unit",
        "plan",
        "points",
        "pool",
        "service_account",
        "session",
    ];

    /// Every string literal of the server's sources shaped like an action (`pool.left`).
    fn actions_in_sources() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = std::collections::BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for literal in text.split('"').skip(1).step_by(2) {
                let Some((record, what)) = literal.split_once('.') else {
                    continue;
                };
                let word = |s: &str| {
                    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                };
                // Names of kept statements (`db::kept_sql`) share the shape.
                let statement = literal == "session.principal";
                if RECORDS.contains(&record) && word(what) && !statement {
                    found.insert(literal.to_owned());
                }
            }
        }
        found
    }

    #[test]
    fn every_action_the_server_records_has_words_in_both_languages() {
        let found = actions_in_sources();
        assert!(found.len() > 30, "{found:?}");
        for a in &found {
            assert!(entity::action_words(a).is_some(), "no words for {a}");
        }
        for (a, _, _) in entity::ACTIONS {
            assert!(found.contains(*a), "{a} is named but never recorded");
        }
    }
}
