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
}

/// What an unknown user's password is checked against: a hash with the parameters every stored
/// hash gets, so checking it costs what checking a real one costs. No password is known to give
/// it, and a match would not count anyway. It is written out rather than computed at start,
/// where one argon2 hash took two thirds of the time to the first answer.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$SUtIRXoP1fSiLObhIrWTZA$aIGqTFSw9Po3AbkGaX8/6WMP7XNO4w5QbgwcyK9Cnqo";

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
    pub fn new(max_concurrent: usize) -> Self {
        Hasher {
            permits: Arc::new(Semaphore::new(max_concurrent)),
        }
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
            None => (DUMMY_HASH.to_owned(), false),
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
        let h = Hasher::new(1);
        let stored = h.hash("correct horse").await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(h.verify("correct horse", Some(&stored)).await.unwrap());
        assert!(!h.verify("wrong horse", Some(&stored)).await.unwrap());
        assert!(!h.verify("correct horse", None).await.unwrap());
    }

    /// An unknown user's check does the same work as a real one: the dummy hash has exactly the
    /// algorithm, version, parameters and salt and output lengths of a freshly stored hash.
    #[test]
    fn the_dummy_hash_costs_what_a_stored_hash_costs() {
        let fresh = hash_blocking("any password").unwrap();
        let fresh = PasswordHash::new(&fresh).unwrap();
        let dummy = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(dummy.algorithm, fresh.algorithm);
        assert_eq!(dummy.version, fresh.version);
        assert_eq!(dummy.params, fresh.params);
        assert_eq!(dummy.salt.map(|s| s.len()), fresh.salt.map(|s| s.len()));
        assert_eq!(dummy.hash.map(|h| h.len()), fresh.hash.map(|h| h.len()));
    }
}
