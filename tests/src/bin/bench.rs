//! The benchmark suite (run by `bench/run.sh`). For each database (SQLite, PostgreSQL) and data
//! size (1,000 and 50,000 staff) it seeds a deterministic center, then measures side by side,
//! in one run, GraphQL queries against raw-SQL baselines in the same binary that return the same
//! JSON. Reported: throughput, p99 latency, the GraphQL/raw cost ratio and SQL statements per
//! request. Ratios, not absolute numbers, are what compare across machines.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use echelon::seed::Lcg;
use echelon_tests::server::{free_port, serve, stop};
use echelon_tests::{Db, TestApp};
use entity::{
    account, employee, nomination, org_unit, pool_member, sign_off, Echelon, EmployeeStatus,
    NominationSource, NominationStatus, OrgUnitKind, SignerRole,
};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The server runs in this process, so it runs on the allocator the `echelon` binary installs.
#[global_allocator]
static ALLOCATOR: echelon::Allocator = echelon::Allocator;

const PASSWORD: &str = "bench-password-1";
const HR_LOGIN: &str = "BHR0001";

fn unit(
    code: String,
    name: String,
    kind: OrgUnitKind,
    parent: Option<&org_unit::Model>,
) -> org_unit::Model {
    let id = Uuid::now_v7();
    let path = match parent {
        Some(p) => format!("{}{id}/", p.path),
        None => format!("/{id}/"),
    };
    let now = Utc::now();
    org_unit::Model {
        id,
        code,
        name,
        kind,
        parent_id: parent.map(|p| p.id),
        path,
        leader_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

fn person(
    no: String,
    unit: &org_unit::Model,
    superior: Option<Uuid>,
    rng: &mut Lcg,
    position: &str,
) -> employee::Model {
    let now = Utc::now();
    employee::Model {
        id: Uuid::now_v7(),
        employee_no: no,
        name: format!("员工{}", rng.next_u64() % 100_000),
        phone: format!("139{:08}", rng.next_u64() % 100_000_000),
        org_unit_id: unit.id,
        org_path: unit.path.clone(),
        position: position.into(),
        superior_id: superior,
        hire_date: chrono::NaiveDate::from_ymd_opt(
            2015 + (rng.next_u64() % 10) as i32,
            1 + (rng.next_u64() % 12) as u32,
            1 + (rng.next_u64() % 28) as u32,
        )
        .unwrap(),
        status: EmployeeStatus::Regular,
        key_position: false,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

async fn insert_all<M, A>(db: &impl ConnectionTrait, rows: Vec<M>)
where
    A: sea_orm::ActiveModelTrait + From<M> + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(400).map(A::from).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
}

/// The people the talent-pool measurements need.
struct Seeded {
    hr: Uuid,
    /// (agent, their team leader)
    agents: Vec<(Uuid, Uuid)>,
}

/// A center of `staff` people: teams of 50 (a leader and 49 agents), 20 teams a project, 10
/// projects a site, plus one HR account.
async fn seed(app: &TestApp, staff: usize) -> Seeded {
    let db = &app.state.db;
    let mut rng = Lcg(staff as u64);
    let teams = staff.div_ceil(50);
    let projects = teams.div_ceil(20);
    let sites = projects.div_ceil(10);
    let company = unit("BC".into(), "基准中心".into(), OrgUnitKind::Company, None);
    let mut units = vec![company.clone()];
    let mut people = vec![person(
        HR_LOGIN.into(),
        &company,
        None,
        &mut rng,
        "人资专员",
    )];
    let mut agents = Vec::new();
    let mut t = 0;
    'outer: for s in 0..sites {
        let site = unit(
            format!("BS{s}"),
            format!("职场{s}"),
            OrgUnitKind::Site,
            Some(&company),
        );
        units.push(site.clone());
        for p in 0..10 {
            let project = unit(
                format!("BP{s}-{p}"),
                format!("项目{s}-{p}"),
                OrgUnitKind::Project,
                Some(&site),
            );
            units.push(project.clone());
            for _ in 0..20 {
                if t == teams {
                    break 'outer;
                }
                let team = unit(
                    format!("BT{t}"),
                    format!("班组{t}"),
                    OrgUnitKind::Team,
                    Some(&project),
                );
                units.push(team.clone());
                let leader = person(format!("BL{t:05}"), &team, None, &mut rng, "班组长");
                let lid = leader.id;
                people.push(leader);
                for a in 0..49 {
                    let agent = person(
                        format!("BE{t:05}{a:02}"),
                        &team,
                        Some(lid),
                        &mut rng,
                        "话务员",
                    );
                    agents.push((agent.id, lid));
                    people.push(agent);
                }
                t += 1;
            }
        }
    }
    let hr_id = people[0].id;
    insert_all::<_, org_unit::ActiveModel>(db, units).await;
    insert_all::<_, employee::ActiveModel>(db, people).await;
    let now = Utc::now();
    let hash = app.state.hasher.hash(PASSWORD).await.unwrap();
    let acct = account::Model {
        id: Uuid::now_v7(),
        employee_id: hr_id,
        login: HR_LOGIN.into(),
        password_hash: hash,
        roles: "hr".into(),
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    account::Entity::insert(account::ActiveModel::from(acct))
        .exec_without_returning(db)
        .await
        .unwrap();
    Seeded { hr: hr_id, agents }
}

fn a_nomination(nominee: Uuid, echelon: Echelon, status: NominationStatus) -> nomination::Model {
    let now = Utc::now();
    nomination::Model {
        id: Uuid::now_v7(),
        employee_id: nominee,
        echelon,
        source: NominationSource::SelfApplication,
        nominated_by: nominee,
        reason: "基准".into(),
        status,
        ability_score: Some(850),
        potential_score: Some(720),
        exam_score: Some(900),
        assessment_comment: None,
        assessed_by: None,
        current_step: (status == NominationStatus::SigningOff).then_some(0),
        outcome_reason: None,
        submitted_at: Some(now),
        decided_at: None,
        version: 2,
        created_at: now,
        updated_at: now,
    }
}

fn a_step(nomination: Uuid, step: i32, signer: Uuid, agree: Option<bool>) -> sign_off::Model {
    sign_off::Model {
        id: Uuid::now_v7(),
        nomination_id: nomination,
        step,
        role: SignerRole::ORDER[step as usize],
        signer_id: signer,
        in_place_of: String::new(),
        agree,
        comment: None,
        signed_at: agree.map(|_| Utc::now()),
    }
}

/// Every 20th agent is a pool member admitted by a full sign-off (themself, their leader, HR);
/// and `to_sign` nominations wait for HR's signature on their first step, one request each.
async fn seed_talent(app: &TestApp, seeded: &Seeded, to_sign: usize) -> Vec<Uuid> {
    let db = &app.state.db;
    let (mut noms, mut steps, mut members) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &(agent, leader)) in seeded.agents.iter().enumerate().step_by(20) {
        let echelon = Echelon::ALL[i % 3];
        let n = a_nomination(agent, echelon, NominationStatus::Admitted);
        for (step, signer) in [agent, leader, seeded.hr].into_iter().enumerate() {
            steps.push(a_step(n.id, step as i32, signer, Some(true)));
        }
        members.push(pool_member::Model {
            id: Uuid::now_v7(),
            employee_id: agent,
            echelon,
            nomination_id: Some(n.id),
            joined_at: Utc::now(),
            left_at: None,
            left_reason: None,
        });
        noms.push(n);
    }
    let mut waiting = Vec::new();
    // One open nomination per person and echelon: person j / 3, echelon j % 3.
    assert!(
        to_sign <= seeded.agents.len() * 3,
        "not enough staff for the sign-off measurement"
    );
    for j in 0..to_sign {
        let (agent, leader) = seeded.agents[j / 3];
        let n = a_nomination(agent, Echelon::ALL[j % 3], NominationStatus::SigningOff);
        steps.push(a_step(n.id, 0, seeded.hr, None));
        steps.push(a_step(n.id, 1, leader, None));
        steps.push(a_step(n.id, 2, agent, None));
        waiting.push(n.id);
        noms.push(n);
    }
    insert_all::<_, nomination::ActiveModel>(db, noms).await;
    insert_all::<_, sign_off::ActiveModel>(db, steps).await;
    insert_all::<_, pool_member::ActiveModel>(db, members).await;
    waiting
}

/// The sign-off as the web app sends it: one text for every request, the nomination a variable
/// (so the server parses the text once and validates it against each request's variables).
const SIGN_MUTATION: &str =
    "mutation SignNomination($id: ID!) { signNomination(id: $id, agree: true) { status } }";

/// Signs each nomination of `ids` once with `concurrency` clients, by GraphQL or by the raw
/// baseline; bounded by the count.
async fn sign_load(base: &str, token: &str, ids: &[Uuid], raw: bool, concurrency: usize) -> Sample {
    let ids = Arc::new(ids.to_vec());
    let next = Arc::new(AtomicUsize::new(0));
    let statements = Arc::new(AtomicUsize::new(0));
    let usage = Usage::now();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (base, token, ids, next, statements) = (
            base.to_owned(),
            token.to_owned(),
            ids.clone(),
            next.clone(),
            statements.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(id) = ids.get(i) else { break };
                let t = Instant::now();
                let call = if raw {
                    Call::RawPost(format!("/bench/raw/sign/{id}"))
                } else {
                    Call::GqlVars(SIGN_MUTATION, json!({ "id": format!("Nomination:{id}") }))
                };
                let (body, n) = once(&client, &base, &token, &call).await;
                statements.store(n as usize, Ordering::Relaxed);
                assert_eq!(
                    body["data"]["signNomination"]["status"], "SIGNING_OFF",
                    "{body}"
                );
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    Sample {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
        statements: statements.load(Ordering::Relaxed) as u32,
        usage: Usage::now().since(usage),
    }
}

struct Sample {
    requests: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// SQL statements of one request (all requests of a sign-off load run the same ones).
    statements: u32,
    /// What the whole process (clients and server) spent meanwhile.
    usage: Usage,
}

/// CPU time and context switches of this process, from `/proc` (Linux).
#[derive(Clone, Copy, Default)]
struct Usage {
    cpu_seconds: f64,
    switches: u64,
}

impl Usage {
    fn now() -> Usage {
        let cpu_seconds = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|stat| {
                // Fields after the parenthesised name; utime and stime are the 12th and 13th.
                let rest = stat.rsplit_once(')')?.1;
                let f: Vec<&str> = rest.split_whitespace().collect();
                let ticks: f64 =
                    f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
                Some(ticks / 100.0)
            })
            .unwrap_or(0.0);
        let mut switches = 0;
        if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
            for t in tasks.flatten() {
                if let Ok(status) = std::fs::read_to_string(t.path().join("status")) {
                    for line in status.lines() {
                        if let Some(v) = line
                            .strip_prefix("voluntary_ctxt_switches:")
                            .or_else(|| line.strip_prefix("nonvoluntary_ctxt_switches:"))
                        {
                            switches += v.trim().parse::<u64>().unwrap_or(0);
                        }
                    }
                }
            }
        }
        Usage {
            cpu_seconds,
            switches,
        }
    }
    fn since(self, start: Usage) -> Usage {
        Usage {
            cpu_seconds: self.cpu_seconds - start.cpu_seconds,
            switches: self.switches.saturating_sub(start.switches),
        }
    }
}

impl Sample {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
    /// CPU microseconds per request, clients included.
    fn cpu_us(&self) -> f64 {
        self.usage.cpu_seconds * 1e6 / self.requests.max(1) as f64
    }
    /// Context switches per request, clients included.
    fn switches(&self) -> f64 {
        self.usage.switches as f64 / self.requests.max(1) as f64
    }
    fn add(&mut self, other: Sample) {
        self.requests += other.requests;
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
        self.usage.cpu_seconds += other.usage.cpu_seconds;
        self.usage.switches += other.usage.switches;
    }
    fn p99_ms(&mut self) -> f64 {
        self.latencies.sort();
        let i = ((self.latencies.len() as f64) * 0.99).ceil() as usize;
        self.latencies[i.saturating_sub(1).min(self.latencies.len() - 1)].as_secs_f64() * 1000.0
    }
}

#[derive(Clone)]
enum Call {
    Gql(String),
    /// A named operation with its variables, as the web app sends its mutations.
    GqlVars(&'static str, Value),
    Raw(String),
    RawPost(String),
    /// A query to a peer GraphQL server (its own schema, no sign-in).
    Peer(String),
}

/// The HTTP request of `call`.
fn request(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    call: &Call,
) -> reqwest::RequestBuilder {
    match call {
        Call::Gql(q) => client
            .post(format!("{base}/graphql"))
            .bearer_auth(token)
            .json(&json!({"query": q})),
        Call::GqlVars(q, variables) => client
            .post(format!("{base}/graphql"))
            .bearer_auth(token)
            .json(&json!({"query": q, "variables": variables})),
        Call::Raw(path) => client.get(format!("{base}{path}")).bearer_auth(token),
        Call::RawPost(path) => client.post(format!("{base}{path}")).bearer_auth(token),
        Call::Peer(q) => client
            .post(format!("{base}/graphql"))
            .json(&json!({"query": q})),
    }
}

async fn once(client: &reqwest::Client, base: &str, token: &str, call: &Call) -> (Value, u32) {
    let res = request(client, base, token, call).send().await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let statements = res
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (res.json().await.unwrap(), statements)
}

/// What a GraphQL answer with errors has and no other answer does.
const ERRORS: &[u8] = b"\"errors\":";

/// `concurrency` clients calling for `duration`; bounded in time and count.
async fn load(
    base: &str,
    token: &str,
    call: &Call,
    concurrency: usize,
    duration: Duration,
) -> Sample {
    let usage = Usage::now();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (base, token, call) = (base.to_owned(), token.to_owned(), call.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            // Built once; each call sends a copy. The answers were compared before the load;
            // under load each is only checked for success, not parsed: parsing the answers led
            // a profile of the employee page under load, on the cores the server runs on, and
            // weighed most on the side that answers more often.
            let template = request(&client, &base, &token, &call);
            let mut lat = Vec::new();
            while started.elapsed() < duration && lat.len() < 200_000 {
                let t = Instant::now();
                let res = template.try_clone().unwrap().send().await.unwrap();
                assert!(res.status().is_success(), "{}", res.status());
                let body = res.bytes().await.unwrap();
                lat.push(t.elapsed());
                assert!(
                    !body.windows(ERRORS.len()).any(|w| w == ERRORS),
                    "{}",
                    String::from_utf8_lossy(&body)
                );
            }
            lat
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    Sample {
        requests: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
        statements: 0,
        usage: Usage::now().since(usage),
    }
}

struct Row {
    db: Db,
    staff: usize,
    name: &'static str,
    gql_rps: f64,
    raw_rps: f64,
    gql_p99: f64,
    raw_p99: f64,
    gql_sql: u32,
    raw_sql: u32,
    gql_cpu_us: f64,
    raw_cpu_us: f64,
    gql_switches: f64,
    raw_switches: f64,
}

impl Row {
    /// The row of one query: GraphQL's phases summed in `g`, the baseline's in `r`, and the
    /// statements each ran per request.
    fn measured(
        (db, staff, name): (Db, usize, &'static str),
        mut g: Sample,
        mut r: Sample,
        (gql_sql, raw_sql): (u32, u32),
    ) -> Row {
        Row {
            db,
            staff,
            name,
            gql_rps: g.rps(),
            raw_rps: r.rps(),
            gql_p99: g.p99_ms(),
            raw_p99: r.p99_ms(),
            gql_sql,
            raw_sql,
            gql_cpu_us: g.cpu_us(),
            raw_cpu_us: r.cpu_us(),
            gql_switches: g.switches(),
            raw_switches: r.switches(),
        }
    }
}

/// Rounds of alternating measurements per center and side unless `BENCH_ROUNDS` says otherwise.
/// The machines drift over seconds (neighbours take the cores and give them back): the more
/// often the sides take turns, the more alike the drift hits them. Each phase lasts
/// 2 / rounds of a measurement, so the time measured stays the same.
const ROUNDS: usize = 4;

/// The order of the phases of `n` centers over `rounds` rounds: every center once, then every
/// center again in reverse order, and so on; the second element says whether the baseline goes
/// first in that round (it does in every other round, so neither side always follows the other).
fn rounds(n: usize, rounds: usize) -> impl Iterator<Item = (usize, bool)> {
    (0..rounds).flat_map(move |r| {
        let back = r % 2 == 1;
        (0..n).map(move |k| (if back { n - 1 - k } else { k }, back))
    })
}

/// Runs the two measurements one after the other, `b` first if `b_first`, and returns their
/// samples as (a, b). Neither starts before it is awaited.
async fn in_turn(
    b_first: bool,
    a: impl std::future::Future<Output = Sample>,
    b: impl std::future::Future<Output = Sample>,
) -> (Sample, Sample) {
    if b_first {
        let b = b.await;
        (a.await, b)
    } else {
        let a = a.await;
        (a, b.await)
    }
}

/// A center's rounds of (GraphQL, raw) samples, summed per side.
fn by_side(rounds: Vec<(Sample, Sample)>) -> (Sample, Sample) {
    let (g, r): (Vec<_>, Vec<_>) = rounds.into_iter().unzip();
    (summed(g), summed(r))
}

/// The phases of one side as one sample (at least one phase).
fn summed(phases: Vec<Sample>) -> Sample {
    let mut phases = phases.into_iter();
    let mut all = phases.next().expect("at least one phase");
    for p in phases {
        all.add(p);
    }
    all
}

fn main() {
    // Before any thread starts: the server it hosts starts as the binary does.
    echelon::allocator::start_with_settings();
    run();
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn run() {
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 50_000]);
    let concurrency = 8;
    let duration = Duration::from_secs_f64(seconds);
    let n_rounds: usize = std::env::var("BENCH_ROUNDS").map_or(ROUNDS, |s| {
        s.parse()
            .ok()
            .filter(|&n: &usize| n >= 2 && n % 2 == 0)
            .unwrap_or_else(|| panic!("BENCH_ROUNDS must be an even number ≥ 2, not {s:?}"))
    });
    // Each side of a pair is measured for `duration` twice over, in `n_rounds` phases.
    let phase = duration * 2 / n_rounds as u32;
    // `BENCH_ONLY=me,signNomination,postgraphile,process` measures only the parts named.
    let only: Option<Vec<String>> = std::env::var("BENCH_ONLY").ok().map(|s| {
        s.split(',')
            .map(|x| x.trim().to_ascii_lowercase())
            .filter(|x| !x.is_empty())
            .collect()
    });
    let wanted = |name: &str| {
        let first = name.split('(').next().unwrap_or(name).to_ascii_lowercase();
        only.as_ref().is_none_or(|o| o.contains(&first))
    };
    let queries: [(&str, Call, Call); 3] = [
        ("me", Call::Gql("{ me { roles employee { employeeNo name orgUnit { name } } } }".into()), Call::Raw("/bench/raw/me".into())),
        (
            "employees(first: 50)",
            Call::Gql("{ employees(first: 50) { edges { node { employeeNo name position orgUnit { name } } } } }".into()),
            Call::Raw("/bench/raw/employees".into()),
        ),
        (
            "talentPool(first: 50)",
            Call::Gql("{ talentPool(first: 50) { edges { node { echelon employee { employeeNo name orgUnit { name } } signOffs { role agree signer { name } } } } } }".into()),
            Call::Raw("/bench/raw/pool".into()),
        ),
    ];
    // Sign-offs per measurement phase, and per warm-up.
    let sign_phase: usize = std::env::var("BENCH_SIGNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let sign_warm = 50;
    let mut rows = Vec::new();
    let mut proc_rows: Vec<ProcessRow> = Vec::new();
    let mut peer_rows: Vec<PeerRow> = Vec::new();
    let dbs: Vec<Db> = [Db::Sqlite, Db::Postgres]
        .into_iter()
        .filter(|db| {
            std::env::var("BENCH_DBS").map_or(true, |only| {
                only.split(',')
                    .any(|o| o.trim().eq_ignore_ascii_case(&format!("{db:?}")))
            })
        })
        .collect();
    for db in dbs {
        // Every size's center is seeded first, so that the reads can be measured on all of
        // them in the same minutes: the latency of the large center against the small one is
        // then a side-by-side ratio like the others, not one of runs minutes apart.
        let mut centers = Vec::new();
        for &staff in &sizes {
            let app = TestApp::spawn_with(db, |s| {
                s.bench_endpoints = true;
                s.workers = 2;
                s.db_max_connections = 10;
            })
            .await;
            let t = Instant::now();
            let seeded = seed(&app, staff).await;
            let to_sign = seed_talent(&app, &seeded, 2 * sign_warm + 4 * sign_phase).await;
            // A live database has statistics and has been vacuumed; freshly bulk-loaded tables
            // have neither until the autovacuum comes by (perhaps in the middle of a
            // measurement), and plans made without statistics are not what production runs.
            {
                use sea_orm::ConnectionTrait;
                let settle = match db {
                    Db::Postgres => "VACUUM ANALYZE",
                    Db::Sqlite => "ANALYZE",
                };
                app.state.db.execute_unprepared(settle).await.unwrap();
            }
            eprintln!(
                "seeded {staff} staff on {db:?} in {:.1}s",
                t.elapsed().as_secs_f64()
            );
            let token = app.login(HR_LOGIN, PASSWORD).await;
            centers.push((staff, app, to_sign, token));
        }
        let client = reqwest::Client::new();
        for (name, gql, raw) in queries.iter().filter(|(n, _, _)| wanted(n)) {
            let mut sql = Vec::new();
            for (_, app, _, token) in &centers {
                let (g, gql_sql) = once(&client, &app.address, token, gql).await;
                let (r, raw_sql) = once(&client, &app.address, token, raw).await;
                assert_eq!(
                    g, r,
                    "the baseline must answer the same JSON as GraphQL for {name}"
                );
                sql.push((gql_sql, raw_sql));
                load(&app.address, token, gql, concurrency, duration / 4).await;
                load(&app.address, token, raw, concurrency, duration / 4).await;
            }
            // A B on every center, in rounds.
            let mut samples: Vec<Vec<(Sample, Sample)>> =
                centers.iter().map(|_| Vec::new()).collect();
            for (i, raw_first) in rounds(centers.len(), n_rounds) {
                let (_, app, _, token) = &centers[i];
                let g = load(&app.address, token, gql, concurrency, phase);
                let r = load(&app.address, token, raw, concurrency, phase);
                samples[i].push(in_turn(raw_first, g, r).await);
            }
            for (((staff, ..), pair), sql) in centers.iter().zip(samples).zip(sql) {
                let (gql, raw) = by_side(pair);
                rows.push(Row::measured((db, *staff, name), gql, raw, sql));
                eprintln!("measured {name} on {db:?} {staff}");
            }
        }
        // The sign-off mutation: each request signs a different nomination, each phase on
        // nominations of its own; warm-up, then the same two rounds over the centers.
        if wanted("signNomination") {
            let mut phases: Vec<_> = centers
                .iter()
                .map(|(_, _, to_sign, _)| {
                    to_sign[2 * sign_warm..].chunks((2 * sign_phase / n_rounds).max(1))
                })
                .collect();
            for (_, app, to_sign, token) in &centers {
                sign_load(
                    &app.address,
                    token,
                    &to_sign[..sign_warm],
                    false,
                    concurrency,
                )
                .await;
                let warm = &to_sign[sign_warm..2 * sign_warm];
                sign_load(&app.address, token, warm, true, concurrency).await;
            }
            let mut samples: Vec<Vec<(Sample, Sample)>> =
                centers.iter().map(|_| Vec::new()).collect();
            for (i, raw_first) in rounds(centers.len(), n_rounds) {
                let (_, app, _, token) = &centers[i];
                let (first, second) = (phases[i].next().unwrap(), phases[i].next().unwrap());
                let (g_ids, r_ids) = if raw_first {
                    (second, first)
                } else {
                    (first, second)
                };
                let g = sign_load(&app.address, token, g_ids, false, concurrency);
                let r = sign_load(&app.address, token, r_ids, true, concurrency);
                samples[i].push(in_turn(raw_first, g, r).await);
            }
            for ((staff, ..), pair) in centers.iter().zip(samples) {
                let (gql, raw) = by_side(pair);
                let sql = (gql.statements, raw.statements);
                rows.push(Row::measured((db, *staff, "signNomination"), gql, raw, sql));
                eprintln!("measured signNomination on {db:?} {staff}");
            }
        }
        for (staff, app, _, token) in centers {
            if db == Db::Postgres && wanted("postgraphile") {
                if let Some(bin) = postgraphile_binary() {
                    let server = server_binary();
                    peer_rows.extend(
                        postgraphile_figures(
                            &app,
                            staff,
                            (&bin, server.as_deref()),
                            &token,
                            concurrency,
                            duration,
                            n_rounds,
                        )
                        .await,
                    );
                    eprintln!("measured PostGraphile on {staff}");
                }
            }
            if staff == sizes[0] && wanted("process") {
                if let Some(bin) = server_binary() {
                    proc_rows.push(process_figures(db, staff, &bin, &app.database_url).await);
                    eprintln!("measured the server process on {db:?} {staff}");
                }
            }
        }
    }
    println!("\n| db | staff | query | GraphQL req/s | raw req/s | cost ratio GraphQL/raw | p99 GraphQL ms | p99 raw ms | SQL/request GraphQL | SQL/request raw |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {:?} | {} | {} | {:.0} | {:.0} | {:.2} | {:.1} | {:.1} | {} | {} |",
            r.db,
            r.staff,
            r.name,
            r.gql_rps,
            r.raw_rps,
            r.raw_rps / r.gql_rps,
            r.gql_p99,
            r.raw_p99,
            r.gql_sql,
            r.raw_sql
        );
    }
    println!("\nCPU time and context switches of the whole process (server and its clients) per request:\n");
    println!("| db | staff | query | CPU µs GraphQL | CPU µs raw | CPU ratio GraphQL/raw | switches GraphQL | switches raw |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {:?} | {} | {} | {:.0} | {:.0} | {:.2} | {:.1} | {:.1} |",
            r.db,
            r.staff,
            r.name,
            r.gql_cpu_us,
            r.raw_cpu_us,
            r.gql_cpu_us / r.raw_cpu_us,
            r.gql_switches,
            r.raw_switches
        );
    }
    if sizes.len() >= 2 {
        println!(
            "\n| db | query | p99 at {} ÷ p99 at {} (GraphQL) |",
            sizes[sizes.len() - 1],
            sizes[0]
        );
        println!("|---|---|---|");
        for db in [Db::Sqlite, Db::Postgres] {
            let names = queries.iter().map(|(n, _, _)| *n).chain(["signNomination"]);
            for name in names {
                let at = |n: usize| {
                    rows.iter()
                        .find(|r| r.db == db && r.staff == n && r.name == name)
                        .map(|r| r.gql_p99)
                };
                if let (Some(small), Some(big)) = (at(sizes[0]), at(sizes[sizes.len() - 1])) {
                    println!("| {db:?} | {name} | {:.2} |", big / small);
                }
            }
        }
    }
    if !peer_rows.is_empty() {
        println!("\n| staff | query | Echelon req/s | PostGraphile req/s | throughput Echelon ÷ PostGraphile | p99 Echelon ms | p99 PostGraphile ms | p99 Echelon ÷ PostGraphile |");
        println!("|---|---|---|---|---|---|---|---|");
        for r in &peer_rows {
            println!(
                "| {} | {} | {:.0} | {:.0} | {:.2} | {:.1} | {:.1} | {:.2} |",
                r.staff,
                r.name,
                r.ours_rps,
                r.peer_rps,
                r.ours_rps / r.peer_rps,
                r.ours_p99,
                r.peer_p99,
                r.ours_p99 / r.peer_p99
            );
        }
        println!(
            "\nEchelon answered from {}, PostGraphile from its own Node process.",
            if server_binary().is_some() {
                "the release server as a process of its own"
            } else {
                "the server hosted in the bench process (set ECHELON_BENCH_BIN for the release server)"
            }
        );
    } else if wanted("postgraphile") {
        println!("\n(no PostGraphile: set ECHELON_BENCH_POSTGRAPHILE to compare with it)");
    }
    if !proc_rows.is_empty() {
        println!("\n| db | staff | cold start to first answer ms (median of {COLD_STARTS}, max) | RSS idle MB (own + executable's pages) | RSS peak under {LOAD_CONNECTIONS} connections MB | requests answered under load |");
        println!("|---|---|---|---|---|---|");
        for r in &proc_rows {
            println!(
                "| {:?} | {} | {:.0} ({:.0}) | {:.1} ({:.1} + {:.1}) | {:.1} | {} |",
                r.db,
                r.staff,
                r.cold_median_ms,
                r.cold_max_ms,
                r.idle_mb,
                r.idle_anon_mb,
                r.idle_file_mb,
                r.peak_mb,
                r.answered
            );
        }
    } else if wanted("process") {
        println!(
            "\n(no release server binary: set ECHELON_BENCH_BIN to measure cold start and RSS)"
        );
    }
}

const COLD_STARTS: usize = 5;
const LOAD_CONNECTIONS: usize = 64;

struct ProcessRow {
    db: Db,
    staff: usize,
    cold_median_ms: f64,
    cold_max_ms: f64,
    idle_mb: f64,
    idle_anon_mb: f64,
    idle_file_mb: f64,
    peak_mb: f64,
    answered: usize,
}

/// The release server binary `bench/run.sh` builds, if there is one.
fn server_binary() -> Option<std::path::PathBuf> {
    std::env::var("ECHELON_BENCH_BIN")
        .ok()
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_file())
}

/// Resident memory of a process, in MB, from the kernel's account of it.
fn rss_mb(pid: u32) -> f64 {
    status_mb(pid, "VmRSS:")
}

/// One memory line of the process's status (`VmRSS:`, `RssAnon:`, `RssFile:`), in MB.
fn status_mb(pid: u32, key: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The release server as its own process on the seeded database: time from start to the first
/// answered GraphQL query (migrations checked, pool opened, schema built), resident memory idle,
/// and its peak while `LOAD_CONNECTIONS` clients, each on its own connection, read for 3 s.
async fn process_figures(db: Db, staff: usize, bin: &std::path::Path, url: &str) -> ProcessRow {
    let probe = json!({ "query": "{ __typename }" });
    let mut colds = Vec::new();
    for _ in 0..COLD_STARTS {
        let client = reqwest::Client::new();
        let started = Instant::now();
        let (child, port) = serve(bin, url, false, 0);
        loop {
            let answered = client
                .post(format!("http://127.0.0.1:{port}/graphql"))
                .json(&probe)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if answered {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not answer within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        colds.push(started.elapsed().as_secs_f64() * 1000.0);
        drop(client);
        stop(child);
    }
    colds.sort_by(f64::total_cmp);

    let (child, port) = serve(bin, url, false, 0);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let token = loop {
        let res = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": format!(
                "mutation {{ login(login: \"{HR_LOGIN}\", password: \"{PASSWORD}\") {{ accessToken }} }}"
            ) }))
            .send()
            .await;
        if let Ok(r) = res {
            let body: Value = r.json().await.unwrap();
            break body["data"]["login"]["accessToken"]
                .as_str()
                .unwrap()
                .to_owned();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_mb = rss_mb(child.id());
    // Of it, the process's own memory and the pages of its executable it maps (shared with
    // every other process running the same binary).
    let idle_anon_mb = status_mb(child.id(), "RssAnon:");
    let idle_file_mb = status_mb(child.id(), "RssFile:");

    let answered = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(3);
    let mut tasks = Vec::new();
    for i in 0..LOAD_CONNECTIONS {
        let (base, token, answered) = (base.clone(), token.clone(), answered.clone());
        tasks.push(tokio::spawn(async move {
            // A client of its own: its own connection.
            let client = reqwest::Client::new();
            let query = if i % 2 == 0 {
                "{ me { roles employee { employeeNo name orgUnit { name } } } }"
            } else {
                "{ employees(first: 50) { edges { node { employeeNo name position orgUnit { name } } } } }"
            };
            while Instant::now() < until {
                let ok = client
                    .post(format!("{base}/graphql"))
                    .bearer_auth(&token)
                    .json(&json!({ "query": query }))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                if ok {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let mut peak_mb = 0.0f64;
    while Instant::now() < until {
        peak_mb = peak_mb.max(rss_mb(child.id()));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for t in tasks {
        t.await.unwrap();
    }
    peak_mb = peak_mb.max(rss_mb(child.id()));
    drop(client);
    stop(child);
    ProcessRow {
        db,
        staff,
        cold_median_ms: colds[colds.len() / 2],
        cold_max_ms: colds[colds.len() - 1],
        idle_mb,
        idle_anon_mb,
        idle_file_mb,
        peak_mb,
        answered: answered.load(Ordering::Relaxed),
    }
}

struct PeerRow {
    staff: usize,
    name: &'static str,
    ours_rps: f64,
    peer_rps: f64,
    ours_p99: f64,
    peer_p99: f64,
}

/// The PostGraphile command `bench/run.sh` installs, if there is one.
fn postgraphile_binary() -> Option<std::path::PathBuf> {
    std::env::var("ECHELON_BENCH_POSTGRAPHILE")
        .ok()
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_file())
}

/// The employee numbers of a list in an answer, in order, wherever the list sits.
fn employee_numbers(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(no)) = m.get("employeeNo") {
                    out.push(no.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

/// The pause before each phase of the comparison with PostGraphile.
const PEER_SETTLE: Duration = Duration::from_secs(1);

/// The shortest warm-up of each side of the comparison with PostGraphile. Node compiles its
/// hot paths over the first seconds of load: after a warm-up of half a second (a quarter of
/// the default measurement) PostGraphile answered the employee page about a quarter slower
/// than after a longer one, which flattered Echelon's ratio.
const PEER_WARM: Duration = Duration::from_secs(3);

/// PostGraphile on the same PostgreSQL database, asked the same questions as Echelon's
/// `me` and `employees(first: 50)` in its own schema. It signs nobody in and checks no
/// scope, so it does less work per request than Echelon does.
///
/// Like PostGraphile, Echelon answers from a process of its own, the release server `ours_bin`,
/// when there is one: the server hosted in this process shares its runtime's two threads with
/// the clients, which PostGraphile does not. Neither logs each request (PostGraphile's query
/// log is off, Echelon's `served` line too). Without `ours_bin`, the hosted server answers.
async fn postgraphile_figures(
    app: &TestApp,
    staff: usize,
    (bin, ours_bin): (&std::path::Path, Option<&std::path::Path>),
    token: &str,
    concurrency: usize,
    duration: Duration,
    n_rounds: usize,
) -> Vec<PeerRow> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let account = account::Entity::find()
        .filter(account::Column::Login.eq(HR_LOGIN))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let port = free_port();
    let mut child = std::process::Command::new(bin)
        .args(["--connection", &app.database_url, "--schema", "public"])
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--disable-query-log", "--disable-graphiql"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let ours_server = ours_bin.map(|b| {
        echelon_tests::server::serve_with(
            b,
            &app.database_url,
            false,
            0,
            &[("ECHELON_LOG", "info,echelon::telemetry=warn")],
        )
    });
    let ours_base = match &ours_server {
        Some((_, port)) => format!("http://127.0.0.1:{port}"),
        None => app.address.clone(),
    };
    let client = reqwest::Client::new();
    let started = Instant::now();
    while !client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "PostGraphile did not answer within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pairs: [(&'static str, Call, Call); 2] = [
        (
            "me",
            Call::Gql("{ me { roles employee { employeeNo name orgUnit { name } } } }".into()),
            Call::Peer(format!(
                "{{ accountById(id: \"{}\") {{ roles employeeByEmployeeId {{ employeeNo name orgUnitByOrgUnitId {{ name }} }} }} }}",
                account.id
            )),
        ),
        (
            "employees(first: 50)",
            Call::Gql("{ employees(first: 50) { edges { node { employeeNo name position orgUnit { name } } } } }".into()),
            Call::Peer("{ allEmployees(first: 50, orderBy: [EMPLOYEE_NO_ASC, ID_ASC]) { nodes { employeeNo name position orgUnitByOrgUnitId { name } } } }".into()),
        ),
    ];
    let mut rows = Vec::new();
    for (name, ours, peer) in &pairs {
        let (o, _) = once(&client, &ours_base, token, ours).await;
        let (p, _) = once(&client, &base, "", peer).await;
        assert!(
            p.get("errors").is_none(),
            "PostGraphile refused {name}: {p}"
        );
        let numbers = employee_numbers(&o);
        assert!(!numbers.is_empty(), "{o}");
        assert_eq!(
            numbers,
            employee_numbers(&p),
            "both must answer the same rows for {name}"
        );
        let warm = PEER_WARM.max(duration / 4);
        load(&ours_base, token, ours, concurrency, warm).await;
        load(&base, "", peer, concurrency, warm).await;
        // Node goes on collecting garbage and compiling for a while after a load ends, on the
        // same two cores; every phase starts after a pause, so that neither side is measured
        // while the other is still busy with its last phase. In rounds, Echelon first in every
        // other one.
        let phase = duration * 2 / n_rounds as u32;
        let (mut ours_all, mut peer_all) = (Vec::new(), Vec::new());
        for round in 0..n_rounds {
            let o = async {
                tokio::time::sleep(PEER_SETTLE).await;
                load(&ours_base, token, ours, concurrency, phase).await
            };
            let p = async {
                tokio::time::sleep(PEER_SETTLE).await;
                load(&base, "", peer, concurrency, phase).await
            };
            let (o, p) = in_turn(round % 2 == 1, o, p).await;
            ours_all.push(o);
            peer_all.push(p);
        }
        let (mut oa, mut pa) = (summed(ours_all), summed(peer_all));
        rows.push(PeerRow {
            staff,
            name,
            ours_rps: oa.rps(),
            peer_rps: pa.rps(),
            ours_p99: oa.p99_ms(),
            peer_p99: pa.p99_ms(),
        });
    }
    drop(client);
    let _ = child.kill();
    let _ = child.wait();
    if let Some((ours_child, _)) = ours_server {
        stop(ours_child);
    }
    rows
}
