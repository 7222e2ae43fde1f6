//! Per-request batch loaders, so nested fields cost one query per level, not one per row.
//!
//! A [`Batcher`] gathers the keys that one pass of the resolvers asks for and loads them with
//! one statement, inside the request's own task. The first field that asks for a key leads the
//! batch: it yields once, so that every sibling field polled in the same pass can add its keys,
//! then runs the load and hands the rows to the others. No timer is involved, so a nested field
//! costs no waiting, and the statements run under the request's statement counter.
use entity::{employee, org_unit};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::db::select_by_ids;
use crate::request_db::Db;

pub use async_graphql::dataloader::Loader as Fetch;

type Batch<L> = Arc<Result<HashMap<Uuid, <L as Fetch<Uuid>>::Value>, <L as Fetch<Uuid>>::Error>>;

struct Gathering<L: Fetch<Uuid>> {
    /// Keys asked for in the pass being gathered, without repeats.
    keys: Vec<Uuid>,
    /// Fields waiting for the batch being gathered.
    waiters: Vec<oneshot::Sender<Batch<L>>>,
    /// Whether a leader is gathering (it takes the keys when it runs again).
    led: bool,
}

struct Inner<L: Fetch<Uuid>> {
    /// Rows already loaded in this request; `None` when caching is off.
    cache: Option<HashMap<Uuid, L::Value>>,
    gathering: Gathering<L>,
}

/// Batches the loads of one request. See the module documentation.
pub struct Batcher<L: Fetch<Uuid>> {
    fetch: L,
    inner: Mutex<Inner<L>>,
}

/// Ends a leader's gathering if its field is dropped before it took the keys: the waiters'
/// senders are dropped with it, and they load again themselves.
struct LeadGuard<'a, L: Fetch<Uuid>>(&'a Batcher<L>, bool);

impl<L: Fetch<Uuid>> Drop for LeadGuard<'_, L> {
    fn drop(&mut self) {
        if !self.1 {
            let mut inner = self.0.lock();
            inner.gathering.keys.clear();
            inner.gathering.waiters.clear();
            inner.gathering.led = false;
        }
    }
}

impl<L: Fetch<Uuid>> Batcher<L> {
    fn with(fetch: L, cache: bool) -> Self {
        Batcher {
            fetch,
            inner: Mutex::new(Inner {
                cache: cache.then(HashMap::new),
                gathering: Gathering {
                    keys: Vec::new(),
                    waiters: Vec::new(),
                    led: false,
                },
            }),
        }
    }

    /// A batcher that remembers what it loaded for the rest of the request.
    pub fn cached(fetch: L) -> Self {
        Self::with(fetch, true)
    }

    /// A batcher that loads every pass afresh.
    pub fn uncached(fetch: L) -> Self {
        Self::with(fetch, false)
    }

    /// What the batcher loads with.
    pub fn fetcher(&self) -> &L {
        &self.fetch
    }

    fn lock(&self) -> MutexGuard<'_, Inner<L>> {
        // A panic while holding this lock leaves plain data behind, still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts rows into the cache (a list that read them with a join feeds them here).
    pub async fn feed_many(&self, rows: impl IntoIterator<Item = (Uuid, L::Value)>) {
        if let Some(cache) = self.lock().cache.as_mut() {
            cache.extend(rows);
        }
    }

    /// Forgets the cached rows (after a mutation changed them).
    pub fn clear(&self) {
        if let Some(cache) = self.lock().cache.as_mut() {
            cache.clear();
        }
    }

    /// The row of `key`, loaded in one batch with the keys its siblings ask for.
    pub async fn load_one(&self, key: Uuid) -> Result<Option<L::Value>, L::Error> {
        loop {
            let waiter = {
                let mut inner = self.lock();
                if let Some(v) = inner.cache.as_ref().and_then(|c| c.get(&key)) {
                    return Ok(Some(v.clone()));
                }
                let g = &mut inner.gathering;
                if !g.keys.contains(&key) {
                    g.keys.push(key);
                }
                if g.led {
                    let (tx, rx) = oneshot::channel();
                    g.waiters.push(tx);
                    Some(rx)
                } else {
                    g.led = true;
                    None
                }
            };
            let batch = match waiter {
                Some(rx) => match rx.await {
                    Ok(batch) => batch,
                    // The leader was dropped: gather again.
                    Err(_) => continue,
                },
                None => self.lead().await,
            };
            return match batch.as_ref() {
                Ok(rows) => Ok(rows.get(&key).cloned()),
                Err(e) => Err(e.clone()),
            };
        }
    }

    async fn lead(&self) -> Batch<L> {
        let mut guard = LeadGuard(self, false);
        // The wake-up is deferred to the end of the task's poll: waking at once would let a
        // `FuturesUnordered` (which resolves an object's fields) poll the leader again as soon
        // as a sibling field finishes, before the rest of the pass has added its keys.
        tokio::task::yield_now().await;
        let (keys, waiters) = {
            let mut inner = self.lock();
            let g = &mut inner.gathering;
            g.led = false;
            (std::mem::take(&mut g.keys), std::mem::take(&mut g.waiters))
        };
        guard.1 = true;
        let batch: Batch<L> = Arc::new(self.fetch.load(&keys).await);
        if let (Ok(rows), Some(cache)) = (batch.as_ref(), self.lock().cache.as_mut()) {
            cache.extend(rows.iter().map(|(k, v)| (*k, v.clone())));
        }
        for w in waiters {
            // A waiter that went away needs nothing.
            let _ = w.send(batch.clone());
        }
        batch
    }
}

pub struct OrgUnitLoader(pub Db);
pub struct EmployeeLoader(pub Db);

impl Fetch<Uuid> for OrgUnitLoader {
    type Value = org_unit::Model;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let stmt = select_by_ids::<org_unit::Entity>(self.0.get_database_backend(), keys);
        let rows = self.0.query_all_raw(stmt).await?;
        let rows: Vec<org_unit::Model> = crate::rows::all(&rows)?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

impl Fetch<Uuid> for EmployeeLoader {
    type Value = employee::Model;
    type Error = std::sync::Arc<sea_orm::DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let stmt = select_by_ids::<employee::Entity>(self.0.get_database_backend(), keys);
        let rows = self.0.query_all_raw(stmt).await?;
        let rows: Vec<employee::Model> = crate::rows::all(&rows)?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

/// An uncached batcher: each pass loads afresh.
pub type Loader<T> = Batcher<T>;

/// Org units, cached for the request: units rarely change within one, and a list that read
/// its rows' units with a join feeds them here so nested `orgUnit` fields cost nothing.
pub type UnitLoader = Batcher<OrgUnitLoader>;

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::future::join_all;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Squares of the keys' first bytes, counting the batches it is asked for; key 0 fails.
    #[derive(Default)]
    struct Counted(AtomicUsize);

    impl Fetch<Uuid> for Counted {
        type Value = u32;
        type Error = Arc<String>;

        async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, u32>, Self::Error> {
            self.0.fetch_add(1, Ordering::SeqCst);
            if keys.contains(&Uuid::nil()) {
                return Err(Arc::new("nil".into()));
            }
            Ok(keys
                .iter()
                .filter(|k| k.as_bytes()[0] != 0xff)
                .map(|k| (*k, u32::from(k.as_bytes()[0]).pow(2)))
                .collect())
        }
    }

    fn key(n: u8) -> Uuid {
        let mut b = [1u8; 16];
        b[0] = n;
        Uuid::from_bytes(b)
    }

    #[tokio::test]
    async fn siblings_of_one_pass_share_one_load() {
        let b = Batcher::uncached(Counted::default());
        let got = join_all((1..=40u8).chain([3, 0xff]).map(|n| b.load_one(key(n)))).await;
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 1);
        assert_eq!(got[0], Ok(Some(1)));
        assert_eq!(got[39], Ok(Some(1600)));
        assert_eq!(got[40], Ok(Some(9)), "a repeated key is answered too");
        assert_eq!(got[41], Ok(None), "a missing row is None");
        // Uncached: the next pass loads again.
        assert_eq!(b.load_one(key(2)).await, Ok(Some(4)));
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 2);
    }

    /// Rows whose fields are resolved as async-graphql does (a `FuturesUnordered` per row),
    /// with a field ready at once beside the loading one, still share one load.
    #[tokio::test]
    async fn a_sibling_ready_at_once_does_not_split_the_pass() {
        use futures_util::stream::{FuturesUnordered, StreamExt};
        use std::future::Future;
        use std::pin::Pin;
        type Field<'a> = Pin<Box<dyn Future<Output = Option<u32>> + 'a>>;
        let b = Batcher::uncached(Counted::default());
        let row = |n: u8| {
            let b = &b;
            async move {
                let mut fields: FuturesUnordered<Field<'_>> = FuturesUnordered::new();
                fields.push(Box::pin(
                    async move { b.load_one(key(n)).await.ok().flatten() },
                ));
                fields.push(Box::pin(async { Some(0) }));
                let mut out = Vec::new();
                while let Some(v) = fields.next().await {
                    out.push(v);
                }
                out
            }
        };
        let rows = join_all((1..=5u8).map(row)).await;
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 1, "{rows:?}");
        assert!(rows.iter().all(|r| r.len() == 2), "{rows:?}");
    }

    #[tokio::test]
    async fn a_cached_batcher_answers_fed_and_loaded_rows_without_loading() {
        let b = Batcher::cached(Counted::default());
        b.feed_many([(key(7), 700)]).await;
        assert_eq!(b.load_one(key(7)).await, Ok(Some(700)));
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 0);
        assert_eq!(b.load_one(key(5)).await, Ok(Some(25)));
        assert_eq!(b.load_one(key(5)).await, Ok(Some(25)));
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 1);
        b.clear();
        assert_eq!(b.load_one(key(7)).await, Ok(Some(49)));
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_load_fails_every_field_of_its_batch() {
        let b = Batcher::uncached(Counted::default());
        let got = join_all([b.load_one(key(1)), b.load_one(Uuid::nil())]).await;
        assert_eq!(got[0], Err(Arc::new("nil".to_owned())));
        assert_eq!(got[1], Err(Arc::new("nil".to_owned())));
        assert_eq!(
            b.load_one(key(1)).await,
            Ok(Some(1)),
            "the next pass loads afresh"
        );
    }

    #[tokio::test]
    async fn followers_load_themselves_when_their_leader_is_dropped() {
        use std::future::Future;
        use std::task::Context;
        let b = Batcher::uncached(Counted::default());
        let mut leader = Box::pin(b.load_one(key(1)));
        let mut follower = Box::pin(b.load_one(key(2)));
        let waker = futures_util::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(leader.as_mut().poll(&mut cx).is_pending());
        assert!(follower.as_mut().poll(&mut cx).is_pending());
        drop(leader);
        assert_eq!(follower.await, Ok(Some(4)));
        assert_eq!(b.fetch.0.load(Ordering::SeqCst), 1);
    }
}
