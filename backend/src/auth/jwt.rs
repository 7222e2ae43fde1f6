//! Access tokens: HS256 JWTs of at most 15 minutes with `exp nbf iss aud sub` required and the
//! header `typ` checked. They name the account and the session (the refresh-token family)
//! they belong to; roles, and whether the session is still live, are read per request.
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "echelon";
pub const AUDIENCE: &str = "echelon-api";
pub const TOKEN_TYPE: &str = "at+jwt";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// The session: the family of refresh tokens the login started.
    pub sid: String,
}

/// Who a valid access token speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bearer {
    pub account_id: Uuid,
    pub session_id: Uuid,
}

#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_seconds: i64,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys([redacted])")
    }
}

/// A fresh 256-bit key, base64-encoded, for storage.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Keys {
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_seconds,
        }
    }

    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    pub fn issue(
        &self,
        account_id: Uuid,
        session_id: Uuid,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: account_id.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now + self.ttl_seconds,
            nbf: now,
            iat: now,
            jti: Uuid::now_v7().to_string(),
            sid: session_id.to_string(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        encode(&header, &claims, &self.encoding)
    }

    /// The account and session of a valid token, or `None` for anything else (a token without
    /// a session included).
    pub fn verify(&self, token: &str) -> Option<Bearer> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256 || header.typ.as_deref() != Some(TOKEN_TYPE) {
            return None;
        }
        let data = decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        Some(Bearer {
            account_id: Uuid::parse_str(&data.claims.sub).ok()?,
            session_id: Uuid::parse_str(&data.claims.sid).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::new(&[7u8; 32], 900)
    }

    #[test]
    fn an_issued_token_names_its_account_and_session() {
        let (account_id, session_id) = (Uuid::now_v7(), Uuid::now_v7());
        let t = keys().issue(account_id, session_id).unwrap();
        assert_eq!(
            keys().verify(&t),
            Some(Bearer {
                account_id,
                session_id
            })
        );
    }

    #[test]
    fn a_token_without_a_session_is_refused() {
        #[derive(Serialize)]
        struct Sessionless {
            sub: String,
            iss: String,
            aud: String,
            exp: i64,
            nbf: i64,
        }
        let now = Utc::now().timestamp();
        let c = Sessionless {
            sub: Uuid::now_v7().to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now + 60,
            nbf: now,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        let t = encode(&header, &c, &EncodingKey::from_secret(&[7u8; 32])).unwrap();
        assert_eq!(keys().verify(&t), None);
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let t = Keys::new(&[8u8; 32], 900)
            .issue(Uuid::now_v7(), Uuid::now_v7())
            .unwrap();
        assert_eq!(keys().verify(&t), None);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: Uuid::now_v7().to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now - 60,
            nbf: now - 120,
            iat: now - 120,
            jti: "x".into(),
            sid: Uuid::now_v7().to_string(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        let t = encode(&header, &claims, &EncodingKey::from_secret(&[7u8; 32])).unwrap();
        assert_eq!(keys().verify(&t), None);
    }

    #[test]
    fn a_token_of_another_type_or_algorithm_is_refused() {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: Uuid::now_v7().to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now + 60,
            nbf: now,
            iat: now,
            jti: "x".into(),
            sid: Uuid::now_v7().to_string(),
        };
        let plain = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&[7u8; 32]),
        )
        .unwrap();
        assert_eq!(
            keys().verify(&plain),
            None,
            "typ JWT is not an access token"
        );
        let mut h384 = Header::new(Algorithm::HS384);
        h384.typ = Some(TOKEN_TYPE.into());
        let t384 = encode(&h384, &claims, &EncodingKey::from_secret(&[7u8; 32])).unwrap();
        assert_eq!(keys().verify(&t384), None, "algorithm is pinned");
    }

    #[test]
    fn a_token_without_nbf_is_refused() {
        #[derive(Serialize)]
        struct Partial {
            sub: String,
            iss: String,
            aud: String,
            exp: i64,
        }
        let c = Partial {
            sub: Uuid::now_v7().to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: Utc::now().timestamp() + 60,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.into());
        let t = encode(&header, &c, &EncodingKey::from_secret(&[7u8; 32])).unwrap();
        assert_eq!(keys().verify(&t), None);
    }
}
