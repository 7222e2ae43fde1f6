//! `echelon seed-demo`: a realistic demo center, the same every time — one company, 2 sites,
//! 4 projects, 12 teams, about 300 people on a full reporting line, and one account of every
//! role. Running it twice changes nothing. Only the hire dates of people on probation depend on
//! the day it runs (they were hired in the last months), so the inbox shows reviews coming due.
use chrono::{Datelike, Days, NaiveDate};
use entity::{org_unit, EmployeeStatus, OrgUnitKind, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::accounts::service::create_account;
use crate::audit::{self, Change};
use crate::auth::{Access, Actor};
use crate::db::begin_write;
use crate::error::ApiResult;
use crate::org::service::NewUnit;
use crate::people::service::{insert, NewEmployee};
use crate::state::AppState;

/// Password of every demo account (shown in the README; change it in production).
pub const DEMO_PASSWORD: &str = "Echelon@2026";

/// The demo accounts: (工号, role, what they are).
pub const DEMO_LOGINS: [(&str, Role, &str); 8] = [
    ("A0001", Role::Admin, "系统管理员 administrator"),
    ("H0001", Role::Hr, "人资 HR"),
    ("M0001", Role::Manager, "项目经理 manager of 上海·电商客服"),
    (
        "L0001",
        Role::TeamLeader,
        "班组长 team leader of 电商客服一组",
    ),
    ("E0001", Role::Agent, "坐席 agent in 电商客服一组"),
    ("T0001", Role::Trainer, "讲师 trainer"),
    ("R0001", Role::RiskOfficer, "风控 risk officer"),
    ("G0001", Role::Logistics, "后勤 logistics"),
];

/// The regulations of seed 000 §09 by category; the regulations module publishes them.
pub const REGULATION_TITLES: [(&str, &[&str]); 6] = [
    (
        "人力资源类",
        &["文件资料保密制度", "培训期人员管理制度", "会议保密制度"],
    ),
    (
        "人员管理类",
        &[
            "考勤(机)管理制度",
            "慰问金管理及使用制度",
            "员工休息室管理制度",
            "员工宿舍管理制度",
            "违纪管理及处罚细则",
        ],
    ),
    ("信息安全类", &["工作证管理制度", "监控设备管理制度"]),
    (
        "物品管理类",
        &[
            "电视/广告机管理制度",
            "培训教室及培训设备管理制度",
            "空调电灯使用管理规定",
            "话务耳机管理制度",
            "打印/复印机使用管理制度",
        ],
    ),
    (
        "运营管理类",
        &[
            "账号使用管理规范及考核办法",
            "生产机房工作制度",
            "重大事故处理机制及安全生产责任制实施细则",
            "节假日值班管理制度",
        ],
    ),
    (
        "综合类",
        &[
            "接待与会务安排响应级别制度",
            "办公室日常管理制度",
            "办公室6S管理制度",
            "保洁工作制度",
            "职场花卉绿植管理制度",
            "保安工作制度",
            "职场安全管理办法",
            "餐厅及食品安全管理办法",
            "库房管理制度",
            "电梯使用管理规范(含电梯维保制度)",
            "消防设施巡检制度",
        ],
    ),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "欣怡", "子涵", "浩然", "雨桐", "思远", "佳怡",
];

/// A small deterministic generator, so the demo is the same on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next_u64() as usize) % items.len()]
    }
    pub fn name(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }
    pub fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            [3, 5, 8][(self.next_u64() % 3) as usize],
            self.next_u64() % 1_000_000_000
        )
    }
    pub fn date(&mut self, from_year: i32, to_year: i32) -> NaiveDate {
        let y = from_year + (self.next_u64() % (to_year - from_year + 1) as u64) as i32;
        let m = 1 + (self.next_u64() % 12) as u32;
        let d = 1 + (self.next_u64() % 28) as u32;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }
}

pub struct SeedReport {
    pub created: bool,
    pub units: u64,
    pub employees: u64,
}

struct Person<'a> {
    no: String,
    /// A fixed name, or `None` for a generated one.
    name: Option<&'a str>,
    unit: Uuid,
    position: &'a str,
    superior: Option<Uuid>,
    status: EmployeeStatus,
    key: bool,
}

/// Units and people go through the services, so the demo has an audit trail like real data.
async fn add_unit<C: sea_orm::ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    code: &str,
    name: &str,
    kind: OrgUnitKind,
    parent: Option<Uuid>,
) -> ApiResult<org_unit::Model> {
    let unit = NewUnit {
        code: code.into(),
        name: name.into(),
        kind,
        parent_id: parent,
    };
    crate::org::service::insert(txn, actor, &Access::system(), unit).await
}

/// A hire date 1 to 7 months before `today`, picked by `drawn`: someone on probation was hired
/// recently (probation lasts six months), so a few of them are due for review at any time.
fn recent_hire(drawn: NaiveDate, today: NaiveDate) -> NaiveDate {
    let days_ago = 30 + u64::from(drawn.ordinal0()) * 7 % 183;
    today.checked_sub_days(Days::new(days_ago)).unwrap_or(today)
}

async fn add_person<C: sea_orm::ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    rng: &mut Lcg,
    today: NaiveDate,
    p: Person<'_>,
) -> ApiResult<Uuid> {
    let name = p.name.map(str::to_owned).unwrap_or_else(|| rng.name());
    let drawn = rng.date(2016, 2025);
    let hire_date = match p.status {
        EmployeeStatus::Probation => recent_hire(drawn, today),
        _ => drawn,
    };
    let new = NewEmployee {
        employee_no: p.no,
        name,
        phone: rng.phone(),
        org_unit_id: p.unit,
        position: p.position.into(),
        superior_id: p.superior,
        hire_date,
        status: p.status,
        key_position: p.key,
    };
    Ok(insert(txn, actor, new).await?.id)
}

async fn report<C: sea_orm::ConnectionTrait>(db: &C, created: bool) -> ApiResult<SeedReport> {
    Ok(SeedReport {
        created,
        units: org_unit::Entity::find().count(db).await?,
        employees: entity::employee::Entity::find().count(db).await?,
    })
}

pub async fn seed_demo(state: &AppState) -> ApiResult<SeedReport> {
    let db = &state.db;
    if org_unit::Entity::find()
        .filter(org_unit::Column::Code.eq("ECH"))
        .count(db)
        .await?
        > 0
    {
        return report(db, false).await;
    }
    let actor = Actor::system();
    let txn = begin_write(db).await?;
    let mut rng = Lcg(20261122);
    let today = entity::china_date(chrono::Utc::now());
    let regular = EmployeeStatus::Regular;

    let company = add_unit(
        &txn,
        &actor,
        "ECH",
        "星河呼叫中心",
        OrgUnitKind::Company,
        None,
    )
    .await?;
    let gm = Person {
        no: "C0001".into(),
        name: Some("周总"),
        unit: company.id,
        position: "总经理",
        superior: None,
        status: regular,
        key: true,
    };
    let gm = add_person(&txn, &actor, &mut rng, today, gm).await?;
    let staff = [
        ("A0001", "系统管理员"),
        ("H0001", "人资专员"),
        ("H0002", "人资专员"),
        ("T0001", "培训讲师"),
        ("T0002", "培训讲师"),
        ("R0001", "风控专员"),
        ("G0001", "后勤主管"),
    ];
    for (no, position) in staff {
        let p = Person {
            no: no.into(),
            name: None,
            unit: company.id,
            position,
            superior: Some(gm),
            status: regular,
            key: true,
        };
        add_person(&txn, &actor, &mut rng, today, p).await?;
    }

    let sites = [
        (
            "SH",
            "上海职场",
            [("SH-EC", "电商客服项目"), ("SH-BK", "银行信用卡项目")],
        ),
        (
            "CD",
            "成都职场",
            [("CD-TEL", "运营商热线项目"), ("CD-GOV", "政务热线项目")],
        ),
    ];
    let mut manager_no = 1;
    let mut leader_no = 1;
    let mut agent_no = 1;
    for (si, (scode, sname, projects)) in sites.iter().enumerate() {
        let site = add_unit(
            &txn,
            &actor,
            scode,
            sname,
            OrgUnitKind::Site,
            Some(company.id),
        )
        .await?;
        let p = Person {
            no: format!("S{:04}", si + 1),
            name: None,
            unit: site.id,
            position: "职场经理",
            superior: Some(gm),
            status: regular,
            key: true,
        };
        let site_mgr = add_person(&txn, &actor, &mut rng, today, p).await?;
        for (pcode, pname) in projects {
            let project = add_unit(
                &txn,
                &actor,
                pcode,
                pname,
                OrgUnitKind::Project,
                Some(site.id),
            )
            .await?;
            let p = Person {
                no: format!("M{manager_no:04}"),
                name: None,
                unit: project.id,
                position: "项目经理",
                superior: Some(site_mgr),
                status: regular,
                key: true,
            };
            let pm = add_person(&txn, &actor, &mut rng, today, p).await?;
            manager_no += 1;
            for (t, ordinal) in ["一", "二", "三"].into_iter().enumerate() {
                let tname = format!("{}{ordinal}组", pname.trim_end_matches("项目"));
                let tcode = format!("{pcode}-T{}", t + 1);
                let team = add_unit(
                    &txn,
                    &actor,
                    &tcode,
                    &tname,
                    OrgUnitKind::Team,
                    Some(project.id),
                )
                .await?;
                let p = Person {
                    no: format!("L{leader_no:04}"),
                    name: None,
                    unit: team.id,
                    position: "班组长",
                    superior: Some(pm),
                    status: regular,
                    key: false,
                };
                let leader = add_person(&txn, &actor, &mut rng, today, p).await?;
                leader_no += 1;
                crate::org::service::set_leader(&txn, &actor, team.id, leader).await?;
                for _ in 0..22 {
                    // E0001 stays in post: the README and the tests sign in as them.
                    let status = match rng.next_u64() % 10 {
                        0 | 1 => EmployeeStatus::Probation,
                        2 if agent_no > 1 => EmployeeStatus::Left,
                        _ => regular,
                    };
                    let p = Person {
                        no: format!("E{agent_no:04}"),
                        name: None,
                        unit: team.id,
                        position: "话务员",
                        superior: Some(leader),
                        status,
                        key: false,
                    };
                    add_person(&txn, &actor, &mut rng, today, p).await?;
                    agent_no += 1;
                }
            }
        }
    }

    for (login, role, _) in DEMO_LOGINS {
        let emp = entity::employee::Entity::find()
            .filter(entity::employee::Column::EmployeeNo.eq(login))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                crate::error::ApiError::internal(format!("demo employee {login} missing"))
            })?;
        create_account(&txn, state, &actor, emp.id, &[role], DEMO_PASSWORD).await?;
    }
    seed_talent(&txn, &actor).await?;
    let created = report(&txn, true).await?;
    txn.commit().await?;
    Ok(created)
}

/// The active agents of a team, by 工号.
async fn agents_of<C: sea_orm::ConnectionTrait>(txn: &C, team: &str) -> ApiResult<Vec<Uuid>> {
    let unit = org_unit::Entity::find()
        .filter(org_unit::Column::Code.eq(team))
        .one(txn)
        .await?
        .ok_or_else(|| crate::error::ApiError::internal(format!("demo team {team} missing")))?;
    Ok(entity::employee::Entity::find()
        .filter(entity::employee::Column::OrgUnitId.eq(unit.id))
        .filter(entity::employee::Column::Status.ne(EmployeeStatus::Left))
        .filter(entity::employee::Column::Position.eq("话务员"))
        .order_by_asc(entity::employee::Column::EmployeeNo)
        .all(txn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect())
}

/// A nomination of the demo at `signed` steps agreed (0–3), with its three steps from the
/// reporting line; fully signed ones admit the person into the pool.
async fn demo_nomination<C: sea_orm::ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    nominee: Uuid,
    echelon: entity::Echelon,
    scores: Option<(i32, i32, i32)>,
    signed: usize,
) -> ApiResult<()> {
    use entity::{nomination, pool_event, pool_member, sign_off, NominationStatus};
    use sea_orm::ActiveModelTrait;
    let now = chrono::Utc::now();
    let status = match (scores, signed) {
        (None, _) => NominationStatus::Assessing,
        (Some(_), 3) => NominationStatus::Admitted,
        (Some(_), _) => NominationStatus::SigningOff,
    };
    let line = crate::people::service::reporting_line(txn, nominee).await?;
    let plan = entity::plan_sign_off(nominee, &line)
        .map_err(|e| crate::error::ApiError::internal(e.to_string()))?;
    let n = nomination::Model {
        id: Uuid::now_v7(),
        employee_id: nominee,
        echelon,
        source: entity::NominationSource::SelfApplication,
        nominated_by: nominee,
        reason: "希望承担更多职责,带动组员提升服务质量。".into(),
        status,
        ability_score: scores.map(|s| s.0),
        potential_score: scores.map(|s| s.1),
        exam_score: scores.map(|s| s.2),
        assessment_comment: scores.map(|_| "业务扎实,沟通良好。".to_owned()),
        assessed_by: scores.map(|_| plan[1].signer),
        current_step: (status == NominationStatus::SigningOff).then_some(signed as i32),
        outcome_reason: None,
        submitted_at: scores.map(|_| now),
        decided_at: (status == NominationStatus::Admitted).then_some(now),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    nomination::ActiveModel::from(n.clone()).insert(txn).await?;
    if scores.is_some() {
        for (i, p) in plan.iter().enumerate() {
            sign_off::ActiveModel::from(sign_off::Model {
                id: Uuid::now_v7(),
                nomination_id: n.id,
                step: i as i32,
                role: p.role,
                signer_id: p.signer,
                in_place_of: String::new(),
                agree: (i < signed).then_some(true),
                comment: None,
                signed_at: (i < signed).then_some(now),
            })
            .insert(txn)
            .await?;
        }
    }
    audit::record(
        txn,
        actor,
        Change::new("nomination.created", "nomination", n.id).after(&n),
    )
    .await?;
    if status == NominationStatus::Admitted {
        let member = pool_member::Model {
            id: Uuid::now_v7(),
            employee_id: nominee,
            echelon,
            nomination_id: Some(n.id),
            joined_at: now,
            left_at: None,
            left_reason: None,
        };
        pool_member::ActiveModel::from(member.clone())
            .insert(txn)
            .await?;
        pool_event::ActiveModel::from(pool_event::Model {
            id: Uuid::now_v7(),
            employee_id: nominee,
            kind: entity::PoolEventKind::Entered,
            from_echelon: None,
            to_echelon: Some(echelon),
            reason: entity::PoolReason::AllAgreed.encode(),
            actor_label: actor.audit_label(),
            at: now,
        })
        .insert(txn)
        .await?;
        audit::record(
            txn,
            actor,
            Change::new("pool.entered", "employee", nominee).after(&member),
        )
        .await?;
    }
    Ok(())
}

/// The talent pool of the demo: standards for the three echelons, members in 成都 (admitted
/// by a full sign-off), and open nominations in 成都 and 上海·银行信用卡, away from the demo
/// logins' own teams so their inboxes start as the README describes.
async fn seed_talent<C: sea_orm::ConnectionTrait>(txn: &C, actor: &Actor) -> ApiResult<()> {
    use entity::{echelon_standard, CompetencyGrade, Echelon};
    for (echelon, months, exam, grade) in [
        (Echelon::Management, 24, 850, CompetencyGrade::BPlus),
        (Echelon::KeyStaff, 12, 800, CompetencyGrade::BMinus),
        (Echelon::Junior, 3, 700, CompetencyGrade::C),
    ] {
        echelon_standard::Entity::update_many()
            .set(echelon_standard::ActiveModel {
                min_tenure_months: sea_orm::ActiveValue::Set(Some(months)),
                min_exam_score: sea_orm::ActiveValue::Set(Some(exam)),
                min_grade: sea_orm::ActiveValue::Set(Some(grade)),
                version: sea_orm::ActiveValue::Set(2),
                updated_at: sea_orm::ActiveValue::Set(Some(chrono::Utc::now())),
                ..Default::default()
            })
            .filter(echelon_standard::Column::Echelon.eq(echelon))
            .exec(txn)
            .await?;
    }
    let tel = agents_of(txn, "CD-TEL-T1").await?;
    let gov = agents_of(txn, "CD-GOV-T1").await?;
    let bank = agents_of(txn, "SH-BK-T1").await?;
    let members = [
        (tel.first(), Echelon::KeyStaff, (880, 820, 910)),
        (tel.get(1), Echelon::Junior, (760, 850, 820)),
        (tel.get(2), Echelon::Junior, (690, 720, 780)),
        (gov.first(), Echelon::Management, (900, 880, 930)),
    ];
    for (who, echelon, scores) in members {
        if let Some(&who) = who {
            demo_nomination(txn, actor, who, echelon, Some(scores), 3).await?;
        }
    }
    let open = [
        (gov.get(1), Echelon::KeyStaff, Some((810, 650, 860)), 1),
        (gov.get(2), Echelon::Junior, None, 0),
        (bank.first(), Echelon::Junior, Some((580, 820, 760)), 0),
    ];
    for (who, echelon, scores, signed) in open {
        if let Some(&who) = who {
            demo_nomination(txn, actor, who, echelon, scores, signed).await?;
        }
    }
    Ok(())
}
