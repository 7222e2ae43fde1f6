//! Password hashing with argon2id (crate defaults: 19 MiB, t=2, p=1), off the async runtime and
//! bounded in how many run at once. Unknown users are checked against a dummy hash so that the
//! answer takes as long as a wrong password.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::Arc;
use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

impl Hasher {
    pub fn new(max_concurrent: usize) -> ApiResult<Self> {
        let dummy =
            hash_blocking("echelon-dummy-password-for-timing").map_err(ApiError::internal)?;
        Ok(Hasher {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            dummy: Arc::new(dummy),
        })
    }

    pub async fn hash(&self, password: &str) -> ApiResult<String> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let pw = password.to_owned();
        tokio::task::spawn_blocking(move || hash_blocking(&pw))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)
    }

    /// Verifies `password` against `hash`, or against the dummy hash when there is no account,
    /// so both paths cost the same.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> ApiResult<bool> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let pw = password.to_owned();
        let (h, real) = match hash {
            Some(h) => (h.to_owned(), true),
            None => (self.dummy.as_ref().clone(), false),
        };
        let ok = tokio::task::spawn_blocking(move || verify_blocking(&pw, &h))
            .await
            .map_err(ApiError::internal)?;
        Ok(ok && real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = Hasher::new(1).unwrap();
        let stored = h.hash("correct horse").await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(h.verify("correct horse", Some(&stored)).await.unwrap());
        assert!(!h.verify("wrong horse", Some(&stored)).await.unwrap());
        assert!(!h
            .verify("echelon-dummy-password-for-timing", None)
            .await
            .unwrap());
    }
}
