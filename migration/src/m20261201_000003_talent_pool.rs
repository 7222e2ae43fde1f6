//! The talent pool: echelon selection standards, nominations with their three-level sign-off,
//! pool membership and its history, periodic competency reviews, monthly points with the
//! quarterly bottom elimination, the members' development plans and year-end inventories.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn ts(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone(name)
}

fn ts_null(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone_null(name)
}

fn to_employee(table: &'static str, col: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to("employees", "id")
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("echelon_standards")
                .col(string_len("echelon", 16).primary_key())
                .col(integer_null("min_tenure_months"))
                .col(integer_null("min_exam_score"))
                .col(string_len_null("min_grade", 16))
                .col(integer_null("min_quality_score"))
                .col(double_null("min_call_volume_index"))
                .col(integer("version"))
                .col(ts_null("updated_at"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        // Every echelon has a standard from the start; HR fills it in.
        db.execute_unprepared(
            "INSERT INTO echelon_standards (echelon, version) VALUES \
             ('management', 1), ('key_staff', 1), ('junior', 1)",
        )
        .await?;

        m.create_table(
            Table::create()
                .table("nominations")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("echelon", 16))
                .col(string_len("source", 16))
                .col(uuid("nominated_by"))
                .col(text("reason"))
                .col(string_len("status", 16))
                .col(integer_null("ability_score"))
                .col(integer_null("potential_score"))
                .col(integer_null("exam_score"))
                .col(text_null("assessment_comment"))
                .col(uuid_null("assessed_by"))
                .col(integer_null("current_step"))
                .col(text_null("outcome_reason"))
                .col(ts_null("submitted_at"))
                .col(ts_null("decided_at"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut to_employee("nominations", "employee_id"))
                .foreign_key(&mut to_employee("nominations", "nominated_by"))
                .to_owned(),
        )
        .await?;
        // One open nomination per person and echelon; a second submit is a CONFLICT, so a
        // double click is harmless. Same syntax on SQLite and PostgreSQL.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_nominations_open ON nominations (employee_id, echelon) \
             WHERE status IN ('assessing', 'signing_off')",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_nominations_employee")
                .table("nominations")
                .col("employee_id")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_nominations_by")
                .table("nominations")
                .col("nominated_by")
                .col("status")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("sign_offs")
                .col(uuid("id").primary_key())
                .col(uuid("nomination_id"))
                .col(integer("step"))
                .col(string_len("role", 16))
                .col(uuid("signer_id"))
                .col(text("in_place_of"))
                .col(boolean_null("agree"))
                .col(text_null("comment"))
                .col(ts_null("signed_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_sign_offs_nomination")
                        .from("sign_offs", "nomination_id")
                        .to("nominations", "id"),
                )
                .foreign_key(&mut to_employee("sign_offs", "signer_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_sign_offs_step")
                .table("sign_offs")
                .col("nomination_id")
                .col("step")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sign_offs_signer")
                .table("sign_offs")
                .col("signer_id")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("pool_members")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("echelon", 16))
                .col(uuid_null("nomination_id"))
                .col(ts("joined_at"))
                .col(ts_null("left_at"))
                .col(text_null("left_reason"))
                .foreign_key(&mut to_employee("pool_members", "employee_id"))
                .to_owned(),
        )
        .await?;
        // One current membership per person.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_pool_members_current ON pool_members (employee_id) \
             WHERE left_at IS NULL",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pool_members_echelon")
                .table("pool_members")
                .col("echelon")
                .col("employee_id")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("pool_events")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("kind", 16))
                .col(string_len_null("from_echelon", 16))
                .col(string_len_null("to_echelon", 16))
                .col(text("reason"))
                .col(string_len("actor_label", 512))
                .col(ts("at"))
                .foreign_key(&mut to_employee("pool_events", "employee_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pool_events_employee")
                .table("pool_events")
                .col("employee_id")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("competency_reviews")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("period", 8))
                .col(string_len("grade", 16))
                .col(text_null("comment"))
                .col(uuid("reviewed_by"))
                .col(ts("created_at"))
                .foreign_key(&mut to_employee("competency_reviews", "employee_id"))
                .to_owned(),
        )
        .await?;
        // One grade per person and quarter.
        m.create_index(
            Index::create()
                .name("ux_competency_reviews_period")
                .table("competency_reviews")
                .col("employee_id")
                .col("period")
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("monthly_points")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("month", 8))
                .col(double("points"))
                .col(uuid("entered_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut to_employee("monthly_points", "employee_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_monthly_points_month")
                .table("monthly_points")
                .col("employee_id")
                .col("month")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("elimination_ratios")
                .col(uuid("org_unit_id").primary_key())
                .col(double("ratio"))
                .col(ts("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_elimination_ratios_unit")
                        .from("elimination_ratios", "org_unit_id")
                        .to("org_units", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("eliminations")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("quarter", 8))
                .col(boolean("confirmed"))
                .col(text("reason"))
                .col(uuid("decided_by"))
                .col(ts("decided_at"))
                .foreign_key(&mut to_employee("eliminations", "employee_id"))
                .to_owned(),
        )
        .await?;
        // One decision per person and quarter: a double submit is a CONFLICT.
        m.create_index(
            Index::create()
                .name("ux_eliminations_quarter")
                .table("eliminations")
                .col("employee_id")
                .col("quarter")
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("plan_items")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(string_len("kind", 24))
                .col(string_len("title", 256))
                .col(date("due_date"))
                .col(string_len("status", 16))
                .col(text_null("evidence"))
                .col(text_null("reviewer_comment"))
                .col(uuid_null("reviewed_by"))
                .col(uuid("created_by"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut to_employee("plan_items", "employee_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_plan_items_employee")
                .table("plan_items")
                .col("employee_id")
                .col("due_date")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_plan_items_due")
                .table("plan_items")
                .col("status")
                .col("due_date")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("plan_agreements")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(integer("revision"))
                .col(string_len("role", 16))
                .col(uuid("signer_id"))
                .col(ts("agreed_at"))
                .foreign_key(&mut to_employee("plan_agreements", "employee_id"))
                .to_owned(),
        )
        .await?;
        // Each level agrees to a revision once. A plan's revision is the number of items it
        // has had: adding one asks the three levels to agree again.
        m.create_index(
            Index::create()
                .name("ux_plan_agreements_level")
                .table("plan_agreements")
                .col("employee_id")
                .col("revision")
                .col("role")
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("inventories")
                .col(uuid("id").primary_key())
                .col(uuid("employee_id"))
                .col(integer("year"))
                .col(string_len("status", 16))
                .col(text("strengths"))
                .col(text("weaknesses"))
                .col(text("next_year_plan"))
                .col(uuid("superior_id"))
                .col(ts_null("shared_at"))
                .col(ts_null("member_read_at"))
                .col(ts_null("member_confirmed_at"))
                .col(ts_null("superior_confirmed_at"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut to_employee("inventories", "employee_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_inventories_year")
                .table("inventories")
                .col("employee_id")
                .col("year")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "inventories",
            "plan_agreements",
            "plan_items",
            "eliminations",
            "elimination_ratios",
            "monthly_points",
            "competency_reviews",
            "pool_events",
            "pool_members",
            "sign_offs",
            "nominations",
            "echelon_standards",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
