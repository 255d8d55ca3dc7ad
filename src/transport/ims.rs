//! IMS access tokens (OAuth client_credentials): fetched once, shared by every request of the
//! process, refreshed 300 s before they expire or when the API answers 401. Concurrent callers wait
//! for one refresh instead of each fetching their own.

use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::secret::Secret;
use crate::transport::config::{ClientConfig, IMS_SCOPE};
use crate::transport::wire::{describe, snippet};
use crate::{Error, Result};

/// Refresh this long before a token expires (the contract's SDK does the same).
pub const REFRESH_MARGIN: Duration = Duration::from_secs(300);

struct Cached {
    token: Secret,
    expires: Instant,
}

#[derive(Default)]
pub struct TokenProvider {
    cached: Mutex<Option<Cached>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct ImsErrorAnswer {
    error: Option<String>,
    error_description: Option<String>,
}

impl TokenProvider {
    /// A token valid for at least `REFRESH_MARGIN`, fetching one if needed.
    pub async fn get(&self, http: &reqwest::Client, cfg: &ClientConfig) -> Result<Secret> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref() {
            if c.expires > Instant::now() + REFRESH_MARGIN {
                return Ok(c.token.clone());
            }
        }
        let (token, ttl) = fetch(http, cfg).await?;
        *cached = Some(Cached { token: token.clone(), expires: Instant::now() + ttl });
        Ok(token)
    }

    /// Drops `used` after the API refused it, unless another caller already replaced it.
    pub async fn invalidate(&self, used: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|c| &c.token == used) {
            *cached = None;
        }
    }
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

async fn fetch(http: &reqwest::Client, cfg: &ClientConfig) -> Result<(Secret, Duration)> {
    let body = Secret::new(form_encode(&[
        ("client_id", &cfg.client_id),
        ("client_secret", cfg.client_secret.expose()),
        ("grant_type", "client_credentials"),
        ("scope", IMS_SCOPE),
    ]));
    let url = cfg.token_url();
    let response = http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.expose().to_owned())
        .send()
        .await
        .map_err(|e| Error::Transport(format!("IMS token request: {}", describe(&e))))?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(|e| Error::Transport(format!("IMS token request: {}", describe(&e))))?;
    if (200..300).contains(&status) {
        let answer: TokenAnswer = serde_json::from_slice(&bytes)
            .map_err(|_| Error::Transport(format!("IMS answered {status} without a token: {}", snippet(&bytes))))?;
        if answer.access_token.is_empty() {
            return Err(Error::Transport("IMS answered with an empty access_token".into()));
        }
        return Ok((Secret::new(answer.access_token), Duration::from_secs(answer.expires_in)));
    }
    let detail = match serde_json::from_slice::<ImsErrorAnswer>(&bytes) {
        Ok(ImsErrorAnswer { error: Some(e), error_description }) => format!("{e}: {}", error_description.unwrap_or_default()),
        _ => snippet(&bytes),
    };
    // 4xx: the credentials are wrong (fix the configuration); 5xx: IMS is unwell (try later).
    if (400..500).contains(&status) && status != 408 && status != 429 {
        Err(Error::Auth(format!("IMS refused the credentials of client {:?} (HTTP {status}: {detail})", cfg.client_id)))
    } else {
        Err(Error::Transport(format!("IMS token request answered HTTP {status}: {detail}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_escapes_everything_but_unreserved() {
        assert_eq!(form_encode(&[("scope", "openid,AdobeID"), ("s", "a b&c=d/é")]), "scope=openid%2CAdobeID&s=a+b%26c%3Dd%2F%C3%A9");
    }
}
