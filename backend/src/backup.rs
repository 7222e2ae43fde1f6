//! `echelon backup` / `echelon restore`. SQLite: `VACUUM INTO` makes a consistent copy while the
//! server runs; restore replaces the file (stop the server first). PostgreSQL: pg_dump in custom
//! format and pg_restore.
use sea_orm::{ConnectionTrait, DbBackend};
use std::path::Path;
use std::process::Command;

use crate::config::Settings;
use crate::error::{ApiError, ApiResult};

fn sqlite_file(url: &str) -> ApiResult<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let file = rest.split('?').next().unwrap_or(rest);
    if file.is_empty() || file == ":memory:" {
        return Err(ApiError::internal(
            "an in-memory database cannot be backed up",
        ));
    }
    Ok(file.to_owned())
}

pub async fn backup(db: &impl ConnectionTrait, settings: &Settings, to: &Path) -> ApiResult<()> {
    if to.exists() {
        return Err(ApiError::internal(format!(
            "{} exists; refusing to overwrite",
            to.display()
        )));
    }
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let target = to.to_string_lossy().replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
                .await?;
            Ok(())
        }
        DbBackend::Postgres => {
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(to)
                .arg(settings.database_url.expose())
                .status()
                .map_err(|e| ApiError::internal(format!("cannot run pg_dump: {e}")))?;
            if status.success() {
                Ok(())
            } else {
                Err(ApiError::internal(format!("pg_dump failed: {status}")))
            }
        }
        other => Err(ApiError::internal(format!(
            "backup not supported for {other:?}"
        ))),
    }
}

/// Restores a backup made by [`backup`] into the configured database, which must not be in use.
pub fn restore(settings: &Settings, from: &Path) -> ApiResult<()> {
    if !from.is_file() {
        return Err(ApiError::internal(format!(
            "{} is not a file",
            from.display()
        )));
    }
    let url = settings.database_url.expose();
    if settings.is_sqlite() {
        let file = sqlite_file(url)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
        std::fs::copy(from, &file)
            .map_err(|e| ApiError::internal(format!("cannot copy into {file}: {e}")))?;
        Ok(())
    } else {
        let status = Command::new("pg_restore")
            .args([
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
            ])
            .arg(url)
            .arg(from)
            .status()
            .map_err(|e| ApiError::internal(format!("cannot run pg_restore: {e}")))?;
        if status.success() {
            Ok(())
        } else {
            Err(ApiError::internal(format!("pg_restore failed: {status}")))
        }
    }
}
