//! One HTTP exchange with IMS or the ingestion API, and what its answer says.

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::secret::Secret;
use crate::transport::config::{is_loopback_host, ClientConfig};
use crate::transport::retry::parse_retry_after;

/// What came back from one API attempt.
#[derive(Debug)]
pub enum Answer {
    /// 2xx with a JSON body.
    Accepted { request_id: Option<String> },
    /// A non-2xx HTTP answer.
    Refused { status: u16, retry_after: Option<Duration>, request_id: Option<String>, message: String, item_errors: Vec<ItemError> },
    /// No usable answer (connect/TLS/timeout/cut connection, or a 2xx that is not JSON).
    Failed { message: String },
}

/// One entry of a 400's `errors[]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemError {
    pub item_index: usize,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

impl ItemError {
    /// The field and what is wrong with it, the field named once: ACO's messages start with the
    /// field already (its example: `status: does not have a value in the enumeration …`).
    pub fn described(&self) -> String {
        if self.code.is_empty() || self.message.strip_prefix(self.code.as_str()).is_some_and(|rest| rest.starts_with(':')) {
            self.message.clone()
        } else {
            format!("{}: {}", self.code, self.message)
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: Vec<ItemError>,
}

/// Builds the HTTP client: rustls with webpki roots (verification cannot be turned off), keep-alive,
/// per-attempt timeouts, no redirects (an ingestion POST must never be replayed elsewhere). Proxies:
/// only the configured one, and never for a loopback host; `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY`
/// are ignored (reqwest would honour them), so a proxy set for other programs never sees the
/// secret's form or the bearer.
pub fn http_client(config: &ClientConfig) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(config.timeout)
        .connect_timeout(config.connect_timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("aco-connector/", env!("CARGO_PKG_VERSION")))
        .no_proxy();
    if let Some(proxy) = config.proxy_url.clone() {
        builder = builder.proxy(reqwest::Proxy::custom(move |url| {
            url.host_str().filter(|host| !is_loopback_host(host)).map(|_| proxy.clone())
        }));
    }
    builder.build()
}

/// POSTs a JSON array body (gzip-compressed when `gzip`) with the bearer token.
pub async fn post_items(http: &reqwest::Client, url: &str, token: &Secret, body: Vec<u8>, gzip: bool) -> Answer {
    let mut request = http.post(url).bearer_auth(token.expose()).header("content-type", "application/json");
    let body = if gzip {
        match compress(&body) {
            Ok(compressed) => {
                request = request.header("content-encoding", "gzip");
                compressed
            }
            Err(_) => body,
        }
    } else {
        body
    };
    let response = match request.body(body).send().await {
        Ok(r) => r,
        Err(e) => return Answer::Failed { message: describe(&e) },
    };
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let request_id = header("x-request-id");
    let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()));
    let bytes = match response.bytes().await {
        Ok(b) => b,
        Err(e) => return Answer::Failed { message: format!("HTTP {status}, then the answer broke off: {}", describe(&e)) },
    };
    answer(status, retry_after, request_id, &bytes)
}

/// What a complete HTTP answer says (pure: fuzzed on arbitrary bodies).
pub fn answer(status: u16, retry_after: Option<Duration>, request_id: Option<String>, bytes: &[u8]) -> Answer {
    if (200..300).contains(&status) {
        return match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(_) => Answer::Accepted { request_id },
            Err(_) => Answer::Failed { message: format!("HTTP {status} without a JSON body: {}", snippet(bytes)) },
        };
    }
    let (message, item_errors) = match serde_json::from_slice::<ErrorBody>(bytes) {
        // an empty message says nothing: show the body instead (found by tests/fuzz)
        Ok(b) => (b.message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| snippet(bytes)), b.errors),
        Err(_) => (snippet(bytes), Vec::new()),
    };
    Answer::Refused { status, retry_after, request_id, message, item_errors }
}

/// The start of a body for an error message: one line, at most 200 characters.
pub fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return "(empty body)".into();
    }
    let mut cut: String = one_line.chars().take(200).collect();
    if cut.len() < one_line.len() {
        cut.push('…');
    }
    cut
}

/// A reqwest error as a sentence, with its cause chain (never the URL's query or headers).
pub fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the answer broke off"
    } else {
        "request failed"
    };
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let host = e.url().and_then(|u| u.host_str()).unwrap_or("?");
    if causes.iter().any(|c| c.contains("tunnel error: unsuccessful")) {
        // hyper keeps the proxy's status to itself: say what it means and where to look
        return format!("the proxy refused to open a tunnel to {host}: it answered CONNECT with a status other than 200 (a 403 or 502; the proxy's log says why)");
    }
    if causes.is_empty() { format!("{kind} ({host})") } else { format!("{kind} ({host}): {}", causes.join(": ")) }
}

fn compress(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::fast());
    enc.write_all(body)?;
    enc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_with_an_empty_message_shows_the_body() {
        // regression (tests/fuzz): `{"message":""}` gave an error with no text at all
        match answer(400, None, None, br#"{"message":"","errors":[]}"#) {
            Answer::Refused { message, .. } => assert_eq!(message, r#"{"message":"","errors":[]}"#),
            other => panic!("{other:?}"),
        }
        match answer(200, None, Some("r1".into()), b"<html>") {
            Answer::Failed { message } => assert!(message.contains("without a JSON body")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn snippets_are_one_short_line() {
        assert_eq!(snippet(b"<html>\n  <body>Bad   Gateway</body>\n</html>"), "<html> <body>Bad Gateway</body> </html>");
        assert_eq!(snippet(b""), "(empty body)");
        assert_eq!(snippet("é".repeat(300).as_bytes()).chars().count(), 201);
    }
}
