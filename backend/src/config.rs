//! Typed settings from an optional TOML file plus `ECHELON_*` environment variables (the
//! environment wins). Secrets sit in [`Secret`], whose `Debug` prints `[redacted]`.
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A value that must never reach a log line.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://echelon.db?mode=rwc` or `postgres://…`.
    pub database_url: Secret,
    /// Address to listen on, `127.0.0.1:8080`; port 0 picks a free port.
    pub listen: String,
    /// Serve GraphiQL at `GET /graphql`.
    pub graphiql: bool,
    /// HS256 signing key (≥ 32 bytes). When absent, one is generated on first start and stored
    /// in the database, so every replica shares it.
    pub jwt_secret: Option<Secret>,
    /// Lifetime of an access token in seconds (at most 900).
    pub access_token_seconds: i64,
    /// Lifetime of a refresh token in days.
    pub refresh_token_days: i64,
    /// Mark the refresh cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Directory of the built web app (Trunk's `dist`).
    pub static_dir: PathBuf,
    /// How many password hashes may run at once (each takes ~19 MiB).
    pub max_concurrent_hashes: usize,
    /// Failed logins per IP or per account within the window before a lockout.
    pub login_max_failures: i32,
    /// Length of the throttling window and of the lockout, in seconds.
    pub login_window_seconds: i64,
    /// Connections in the database pool.
    pub db_max_connections: u32,
    /// How long a request waits for a pooled connection before failing (seconds).
    pub db_acquire_timeout_seconds: u64,
    /// Log JSON lines instead of text.
    pub log_json: bool,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// Mount the raw-SQL baselines of the benchmark suite under `/bench/raw/`.
    pub bench_endpoints: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: Secret::new("sqlite://echelon.db?mode=rwc"),
            listen: "127.0.0.1:8080".into(),
            graphiql: false,
            jwt_secret: None,
            access_token_seconds: 900,
            refresh_token_days: 14,
            secure_cookies: false,
            static_dir: PathBuf::from("dist"),
            max_concurrent_hashes: 2,
            login_max_failures: 5,
            login_window_seconds: 900,
            db_max_connections: 10,
            db_acquire_timeout_seconds: 3,
            log_json: false,
            workers: 0,
            bench_endpoints: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("invalid configuration file {0}: {1}")]
    Parse(PathBuf, toml::de::Error),
    #[error("invalid value for {0}: {1}")]
    Env(&'static str, String),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Reads `path` (if given, else `echelon.toml` when it exists), then the environment.
    pub fn load(path: Option<&Path>) -> Result<Settings, ConfigError> {
        let default_path = Path::new("echelon.toml");
        let file = match path {
            Some(p) => Some(p.to_path_buf()),
            None if default_path.exists() => Some(default_path.to_path_buf()),
            None => None,
        };
        let mut s = match file {
            Some(p) => {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| ConfigError::Read(p.clone(), e))?;
                toml::from_str(&text).map_err(|e| ConfigError::Parse(p, e))?
            }
            None => Settings::default(),
        };
        s.apply_env(|k| std::env::var(k).ok())?;
        s.check()?;
        Ok(s)
    }

    /// Overrides fields from `ECHELON_<FIELD>` variables.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(key: &'static str, v: String) -> Result<T, ConfigError> {
            v.parse().map_err(|_| ConfigError::Env(key, v))
        }
        fn flag(key: &'static str, v: String) -> Result<bool, ConfigError> {
            match v.as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(ConfigError::Env(key, v)),
            }
        }
        if let Some(v) = get("ECHELON_DATABASE_URL") {
            self.database_url = Secret::new(v);
        }
        if let Some(v) = get("ECHELON_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = get("ECHELON_GRAPHIQL") {
            self.graphiql = flag("ECHELON_GRAPHIQL", v)?;
        }
        if let Some(v) = get("ECHELON_JWT_SECRET") {
            self.jwt_secret = Some(Secret::new(v));
        }
        if let Some(v) = get("ECHELON_ACCESS_TOKEN_SECONDS") {
            self.access_token_seconds = parse("ECHELON_ACCESS_TOKEN_SECONDS", v)?;
        }
        if let Some(v) = get("ECHELON_REFRESH_TOKEN_DAYS") {
            self.refresh_token_days = parse("ECHELON_REFRESH_TOKEN_DAYS", v)?;
        }
        if let Some(v) = get("ECHELON_SECURE_COOKIES") {
            self.secure_cookies = flag("ECHELON_SECURE_COOKIES", v)?;
        }
        if let Some(v) = get("ECHELON_STATIC_DIR") {
            self.static_dir = PathBuf::from(v);
        }
        if let Some(v) = get("ECHELON_LOG_JSON") {
            self.log_json = flag("ECHELON_LOG_JSON", v)?;
        }
        if let Some(v) = get("ECHELON_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("ECHELON_DB_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = get("ECHELON_WORKERS") {
            self.workers = parse("ECHELON_WORKERS", v)?;
        }
        Ok(())
    }

    pub fn check(&self) -> Result<(), ConfigError> {
        if !(60..=900).contains(&self.access_token_seconds) {
            return Err(ConfigError::Invalid(
                "access_token_seconds must be between 60 and 900".into(),
            ));
        }
        if let Some(k) = &self.jwt_secret {
            if k.expose().len() < 32 {
                return Err(ConfigError::Invalid(
                    "jwt_secret must be at least 32 bytes of random data".into(),
                ));
            }
        }
        if self.max_concurrent_hashes == 0 {
            return Err(ConfigError::Invalid(
                "max_concurrent_hashes must be at least 1".into(),
            ));
        }
        Ok(())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_appear_in_debug_output() {
        let s = Settings {
            database_url: Secret::new("postgres://u:hunter2@db/e"),
            jwt_secret: Some(Secret::new("k".repeat(40))),
            ..Settings::default()
        };
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("kkkk"),
            "{shown}"
        );
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut s = Settings::default();
        s.apply_env(|k| match k {
            "ECHELON_LISTEN" => Some("0.0.0.0:9000".into()),
            "ECHELON_GRAPHIQL" => Some("true".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.listen, "0.0.0.0:9000");
        assert!(s.graphiql);
        assert!(s
            .apply_env(|k| (k == "ECHELON_GRAPHIQL").then(|| "maybe".into()))
            .is_err());
    }

    #[test]
    fn a_short_signing_key_is_refused() {
        let s = Settings {
            jwt_secret: Some(Secret::new("password")),
            ..Settings::default()
        };
        assert!(s.check().is_err());
    }
}
