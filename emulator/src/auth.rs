//! The IMS token endpoint (`POST /ims/token/v3`, OAuth client_credentials) and bearer checks for the
//! API: missing, unknown or expired token → 401; a token issued for another tenant → 403.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::ApiError;

/// The scope ACO ingestion needs; a token request must ask for it.
pub const REQUIRED_SCOPE: &str = "commerce.aco.ingestion";

#[derive(Default)]
pub struct Tokens {
    issued: HashMap<String, Issued>,
    counter: u64,
}

struct Issued {
    tenant: String,
    expires: Instant,
}

impl Tokens {
    pub fn issue(&mut self, tenant: &str, ttl: Duration) -> String {
        self.counter += 1;
        let now = Instant::now();
        self.issued.retain(|_, t| t.expires > now);
        // Unguessable enough for a local tool: two randomly keyed hashes of a counter.
        let a = RandomState::new().hash_one(self.counter);
        let b = RandomState::new().hash_one(now);
        let token = format!("emu.{a:016x}{b:016x}");
        self.issued.insert(token.clone(), Issued { tenant: tenant.to_owned(), expires: now + ttl });
        token
    }

    /// Fault injection: every token issued so far stops working now.
    pub fn expire_all(&mut self) {
        self.issued.clear();
    }

    pub fn check(&self, headers: &HeaderMap, tenant: &str) -> Result<(), ApiError> {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Err(ApiError::missing_token());
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| ApiError::unauthorized("Authorization must be `Bearer <access_token>`"))?;
        let issued = self.issued.get(token).ok_or_else(|| ApiError::unauthorized("invalid access token"))?;
        if issued.expires <= Instant::now() {
            return Err(ApiError::unauthorized("access token expired"));
        }
        if issued.tenant != tenant {
            return Err(ApiError::status(StatusCode::FORBIDDEN, "FORBIDDEN", format!("the access token is not valid for tenant {tenant:?}")));
        }
        Ok(())
    }
}

/// An IMS-style OAuth failure: answered as `{error, error_description}`.
#[derive(Debug)]
pub struct ImsError(pub StatusCode, pub &'static str, pub &'static str);

impl IntoResponse for ImsError {
    fn into_response(self) -> Response {
        let ImsError(status, error, description) = self;
        (status, axum::Json(json!({ "error": error, "error_description": description }))).into_response()
    }
}

fn ims_error(status: StatusCode, error: &'static str, description: &'static str) -> ImsError {
    ImsError(status, error, description)
}

/// Checks a client_credentials form; `Ok` when a token may be issued.
pub fn check_token_request(form: &HashMap<String, String>, client_id: &str, client_secret: &str) -> Result<(), ImsError> {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    if field("grant_type") != "client_credentials" {
        return Err(ims_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant_type must be client_credentials"));
    }
    if field("client_id").is_empty() || field("client_secret").is_empty() {
        return Err(ims_error(StatusCode::BAD_REQUEST, "invalid_request", "client_id and client_secret are required"));
    }
    if field("client_id") != client_id {
        return Err(ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"));
    }
    if field("client_secret") != client_secret {
        return Err(ims_error(StatusCode::UNAUTHORIZED, "invalid_client", "invalid client_secret parameter"));
    }
    if !field("scope").split(',').any(|s| s.trim() == REQUIRED_SCOPE) {
        return Err(ims_error(StatusCode::BAD_REQUEST, "invalid_scope", "scope must include commerce.aco.ingestion"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn bearer(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
        h
    }

    #[test]
    fn tokens_are_bound_to_a_tenant_and_expire() {
        let mut tokens = Tokens::default();
        let t = tokens.issue("t1", Duration::from_secs(60));
        assert!(tokens.check(&bearer(&t), "t1").is_ok());
        assert_eq!(tokens.check(&bearer(&t), "t2").unwrap_err().http_status(), StatusCode::FORBIDDEN);
        assert_eq!(tokens.check(&bearer("nope"), "t1").unwrap_err().http_status(), StatusCode::UNAUTHORIZED);
        // the contract's 403 example is a missing token
        assert_eq!(tokens.check(&HeaderMap::new(), "t1").unwrap_err().http_status(), StatusCode::FORBIDDEN);
        let short = tokens.issue("t1", Duration::ZERO);
        assert_eq!(tokens.check(&bearer(&short), "t1").unwrap_err().http_status(), StatusCode::UNAUTHORIZED);
        tokens.expire_all();
        assert!(tokens.check(&bearer(&t), "t1").is_err());
    }
}
