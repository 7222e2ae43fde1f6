//! The foundation: org units, employees, accounts, service accounts and their tokens, refresh
//! tokens, login throttling, generated secrets and the append-only audit log.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn ts(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("org_units")
                .col(uuid("id").primary_key())
                .col(string_len_uniq("code", 32))
                .col(string_len("name", 256))
                .col(string_len("kind", 16))
                .col(uuid_null("parent_id"))
                .col(string_len("path", 1024))
                .col(uuid_null("leader_id"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_org_units_path")
                .table("org_units")
                .col("path")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_org_units_parent")
                .table("org_units")
                .col("parent_id")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("employees")
                .col(uuid("id").primary_key())
                .col(string_len_uniq("employee_no", 32))
                .col(string_len("name", 256))
                .col(string_len("phone", 80))
                .col(uuid("org_unit_id"))
                .col(string_len("org_path", 1024))
                .col(string_len("position", 256))
                .col(uuid_null("superior_id"))
                .col(date("hire_date"))
                .col(string_len("status", 16))
                .col(boolean("key_position"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_employees_unit")
                        .from("employees", "org_unit_id")
                        .to("org_units", "id"),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_employees_org_path", "org_path"),
            ("ix_employees_superior", "superior_id"),
            ("ix_employees_name", "name"),
            ("ix_employees_hire_date", "hire_date"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table("employees")
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table("accounts")
                .col(uuid("id").primary_key())
                .col(uuid_uniq("employee_id"))
                .col(string_len_uniq("login", 32))
                .col(string_len("password_hash", 256))
                .col(string_len("roles", 256))
                .col(boolean("active"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_accounts_employee")
                        .from("accounts", "employee_id")
                        .to("employees", "id"),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_accounts")
                .col(uuid("id").primary_key())
                .col(string_len_uniq("name", 256))
                .col(text("description"))
                .col(boolean("active"))
                .col(integer("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(uuid("id").primary_key())
                .col(uuid("service_account_id"))
                .col(string_len("label", 256))
                .col(string_len_uniq("token_hash", 64))
                .col(string_len("scopes", 512))
                .col(timestamp_with_time_zone_null("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(ts("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_api_tokens_service_account")
                        .from("api_tokens", "service_account_id")
                        .to("service_accounts", "id"),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("refresh_tokens")
                .col(uuid("id").primary_key())
                .col(uuid("account_id"))
                .col(uuid("family_id"))
                .col(string_len_uniq("token_hash", 64))
                .col(ts("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(ts("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_refresh_tokens_account")
                        .from("refresh_tokens", "account_id")
                        .to("accounts", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_tokens_family")
                .table("refresh_tokens")
                .col("family_id")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("login_attempts")
                .col(string_len("key", 320).primary_key())
                .col(ts("window_start"))
                .col(integer("failures"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("app_secrets")
                .col(string_len("name", 64).primary_key())
                .col(text("value"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("audit_events")
                .col(big_integer("seq").primary_key())
                .col(uuid_uniq("id"))
                .col(ts("at"))
                .col(uuid_null("actor_id"))
                .col(string_len("actor_label", 256))
                .col(string_len("action", 64))
                .col(string_len("entity_type", 64))
                .col(string_len("entity_id", 64))
                .col(text("before"))
                .col(text("after"))
                .col(string_len("request_id", 64))
                .col(string_len("prev_hash", 64))
                .col(string_len("hash", 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_events_entity")
                .table("audit_events")
                .col("entity_type")
                .col("entity_id")
                .to_owned(),
        )
        .await?;

        // The audit log is append-only: the database itself refuses UPDATE, DELETE (and, on
        // PostgreSQL, TRUNCATE), whoever asks.
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
                     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events \
                     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
                )
                .await?;
            }
            DbBackend::Postgres => {
                // Paths compare byte by byte, so tree order and prefix matches (which can then
                // use the index) do not depend on the server's locale.
                for (table, col) in [("org_units", "path"), ("employees", "org_path")] {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {table} ALTER COLUMN {col} TYPE varchar(1024) COLLATE \"C\""
                    ))
                    .await?;
                }
                db.execute_unprepared(
                    "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$ LANGUAGE plpgsql;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events \
                     FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events \
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();",
                )
                .await?;
            }
            other => {
                return Err(DbErr::Migration(format!(
                    "unsupported database backend {other:?}"
                )));
            }
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the foundation migration cannot be reverted; restore a backup".into(),
        ))
    }
}
