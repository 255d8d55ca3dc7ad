//! One GraphQL exchange with ACO: the admin API (`/{tenant}/admin/graphql`, catalog views and
//! policies, with the same IMS token as ingestion) or the storefront's Merchandising API
//! (`/{tenant}/graphql`, no token; the catalog view and price book travel in `AC-*` headers).
//! Retried like ingestion requests (429, 5xx, network; a 429 pauses the process's other requests);
//! a GraphQL error comes back in the answer's body for the caller to read.

use std::time::SystemTime;

use crate::secret::Secret;
use crate::transport::config::ClientConfig;
use crate::transport::ims::TokenProvider;
use crate::transport::retry::{self, parse_retry_after, Attempt, RetryDecision};
use crate::transport::throttle::Throttle;
use crate::transport::wire::describe;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphqlApi {
    Admin,
    Storefront,
}

impl GraphqlApi {
    pub fn parse(name: &str) -> Result<GraphqlApi> {
        match name {
            "admin" => Ok(GraphqlApi::Admin),
            "storefront" => Ok(GraphqlApi::Storefront),
            other => Err(Error::invalid("api", format!("{other:?} is not admin or storefront"))),
        }
    }

    fn path(self) -> &'static str {
        match self {
            GraphqlApi::Admin => "/admin/graphql",
            GraphqlApi::Storefront => "/graphql",
        }
    }
}

/// A complete HTTP answer: status, body as text, request id.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphqlAnswer {
    pub status: u16,
    pub body: String,
    pub request_id: Option<String>,
}

/// Only ACO's storefront headers may be set by the caller: nothing can replace the bearer or the
/// content type.
pub fn check_header(name: &str, value: &str) -> Result<()> {
    let field = format!("headers[{name}]");
    if !name.to_ascii_lowercase().starts_with("ac-") || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(Error::invalid(field, "only AC-* headers (AC-View-ID, AC-Price-Book-ID, AC-Source-Locale, AC-Policy-…) may be set"));
    }
    if value.bytes().any(|b| b.is_ascii_control()) {
        return Err(Error::invalid(field, "a header value has no control characters"));
    }
    Ok(())
}

pub struct Exchange<'a> {
    pub http: &'a reqwest::Client,
    pub tokens: &'a TokenProvider,
    pub throttle: &'a Throttle,
    pub config: &'a ClientConfig,
}

impl Exchange<'_> {
    pub async fn post(&self, api: GraphqlApi, body: &[u8], headers: &[(String, String)], random: impl Fn() -> f64) -> Result<GraphqlAnswer> {
        let url = self.config.api_url(api.path());
        let mut attempts = 0u32;
        let mut refreshed = false;
        loop {
            attempts += 1;
            self.throttle.wait().await;
            let mut request = self.http.post(&url).header("content-type", "application/json").body(body.to_vec());
            let mut token: Option<Secret> = None;
            if api == GraphqlApi::Admin {
                let t = self.tokens.get(self.http, self.config).await?;
                request = request.bearer_auth(t.expose());
                token = Some(t);
            }
            for (name, value) in headers {
                request = request.header(name, value);
            }
            let attempt = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                    let request_id = header("x-request-id");
                    let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()));
                    match (status, response.text().await) {
                        (401, Ok(_)) if !refreshed && token.is_some() => {
                            refreshed = true;
                            if let Some(t) = &token {
                                self.tokens.invalidate(t).await;
                            }
                            continue;
                        }
                        (status, Ok(body)) if !retry::is_transient(status) => return Ok(GraphqlAnswer { status, body, request_id }),
                        (429, _) => {
                            if let Some(after) = retry_after {
                                self.throttle.hold(after, tokio::time::Instant::now());
                            }
                            (Attempt::Status { status, retry_after }, format!("HTTP {status}"))
                        }
                        (status, Ok(_)) => (Attempt::Status { status, retry_after }, format!("HTTP {status}")),
                        (status, Err(e)) => (Attempt::Network, format!("HTTP {status}, then the answer broke off: {}", describe(&e))),
                    }
                }
                Err(e) => (Attempt::Network, describe(&e)),
            };
            match retry::decide(&self.config.retry, &attempt.0, attempts, random()) {
                RetryDecision::Retry { after } => tokio::time::sleep(after).await,
                RetryDecision::Fail { .. } => return Err(Error::Transport(format!("{}: {} (after {attempts} attempts)", api.path(), attempt.1))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ac_headers_without_control_characters_pass() {
        assert!(check_header("AC-View-ID", "00000000-0000-4000-8000-000000000001").is_ok());
        assert!(check_header("ac-policy-brand", "Aurora").is_ok());
        for (name, value) in [("Authorization", "Bearer x"), ("Content-Type", "text/plain"), ("AC-View ID", "x"), ("AC-View-ID", "a\r\nX-Evil: 1")] {
            assert!(matches!(check_header(name, value), Err(Error::InvalidArgument { .. })), "{name}: {value:?}");
        }
        assert_eq!(GraphqlApi::parse("admin"), Ok(GraphqlApi::Admin));
        assert!(GraphqlApi::parse("ingestion").is_err());
    }
}
