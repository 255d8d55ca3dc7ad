//! Connection settings. ACO and IMS URLs are built only from region, environment and tenant id;
//! a free-form base URL is accepted only as an explicit override (the local emulator), and only
//! when `allow_url_override` is set. Plain `http://` is allowed for loopback hosts only. A proxy is
//! used only when configured here (`proxy_url`), never from the environment, and never for loopback.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use crate::secret::Secret;
use crate::{Error, Result};

pub const REGIONS: [&str; 6] = ["na1", "eu1", "uk1", "au1", "in1", "sg1"];
pub const IMS_BASE_URL: &str = "https://ims-na1.adobelogin.com";
/// Scopes the ingestion API needs, as the contract's token request sends them.
pub const IMS_SCOPE: &str = "openid,AdobeID,commerce.aco.ingestion,email,profile";
const MAX_SECRET_BYTES: usize = 1024;
/// A host name is at most 253 characters; with scheme and port, 300 is plenty.
const MAX_URL_BYTES: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Sandbox,
    Production,
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub region: String,
    pub environment: Environment,
    pub tenant_id: String,
    pub org_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub api_base_url: Option<String>,
    pub ims_base_url: Option<String>,
    /// `http(s)://host:port` of a forward proxy for ACO and IMS. `HTTP_PROXY`/`HTTPS_PROXY` are
    /// ignored: a proxy set for other programs must not see the secret's form or the bearer.
    pub proxy_url: Option<String>,
    /// Per HTTP attempt (connect + send + read), and for connecting alone.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Per request bounds; `None` = the endpoint's default item count.
    pub max_items_per_request: Option<usize>,
    pub max_request_bytes: usize,
    /// Gzip request bodies at least this large; 0 = never.
    pub gzip_min_bytes: usize,
    pub retry: RetryConfig,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RetryConfig {
    /// HTTP attempts per request, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is cut to it.
    pub max_retry_after: Duration,
    /// Randomise delays (full jitter); off in tests for determinism.
    pub jitter: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            jitter: true,
        }
    }
}

impl ClientConfig {
    /// Settings with every default; the caller fills in credentials. Not valid until `validate`.
    pub fn new(region: &str, environment: &str, tenant_id: &str, client_id: &str, client_secret: Secret) -> Result<Self> {
        let config = ClientConfig {
            region: region.to_ascii_lowercase(),
            environment: parse_environment(environment)?,
            tenant_id: tenant_id.to_owned(),
            org_id: String::new(),
            client_id: client_id.to_owned(),
            client_secret,
            api_base_url: None,
            ims_base_url: None,
            proxy_url: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            concurrency: 4,
            max_items_per_request: None,
            max_request_bytes: 5 * 1024 * 1024,
            gzip_min_bytes: 64 * 1024,
            retry: RetryConfig::default(),
        };
        Ok(config)
    }

    /// Checks every field; the error names the first bad one.
    pub fn validate(&self, allow_url_override: bool) -> Result<()> {
        if !REGIONS.contains(&self.region.as_str()) {
            return Err(Error::invalid("region", format!("{:?} is not one of {}", self.region, REGIONS.join(", "))));
        }
        check_identifier("tenant_id", &self.tenant_id)?;
        if !self.org_id.is_empty() {
            check_identifier("org_id", &self.org_id)?;
        }
        check_identifier("client_id", &self.client_id)?;
        if self.client_secret.is_empty() {
            return Err(Error::invalid("client_secret", "must not be empty"));
        }
        // IMS secrets are tens of characters; a huge one is a paste error, and would not fit the
        // settings table once encrypted
        if self.client_secret.expose().len() > MAX_SECRET_BYTES {
            return Err(Error::invalid("client_secret", format!("is longer than {MAX_SECRET_BYTES} bytes")));
        }
        if self.client_secret.expose().chars().any(char::is_control) {
            return Err(Error::invalid("client_secret", "contains control characters"));
        }
        for (field, url) in [("api_base_url", &self.api_base_url), ("ims_base_url", &self.ims_base_url)] {
            if let Some(url) = url {
                if !allow_url_override {
                    return Err(Error::invalid(field, "URL overrides are for the local emulator and need allow_url_override"));
                }
                check_url(field, url, false)?;
            }
        }
        if let Some(proxy) = &self.proxy_url {
            check_url("proxy_url", proxy, true)?;
        }
        if self.concurrency == 0 || self.concurrency > 64 {
            return Err(Error::invalid("concurrency", "must be between 1 and 64"));
        }
        if self.max_items_per_request == Some(0) {
            return Err(Error::invalid("max_items_per_request", "must be at least 1"));
        }
        if self.max_request_bytes < 1024 {
            return Err(Error::invalid("max_request_bytes", "must be at least 1024"));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::invalid("max_attempts", "must be at least 1"));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::invalid("timeout_ms", "must be greater than 0"));
        }
        Ok(())
    }

    /// `https://{region}[-sandbox].api.commerce.adobe.com`, or the override.
    pub fn api_base(&self) -> String {
        match &self.api_base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                let suffix = if self.environment == Environment::Sandbox { "-sandbox" } else { "" };
                format!("https://{}{suffix}.api.commerce.adobe.com", self.region)
            }
        }
    }

    /// `{api base}/{tenantId}{path}`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}/{}{path}", self.api_base(), self.tenant_id)
    }

    pub fn token_url(&self) -> String {
        let base = self.ims_base_url.as_deref().unwrap_or(IMS_BASE_URL);
        format!("{}/ims/token/v3", base.trim_end_matches('/'))
    }

    /// The ACO admin UI of this tenant (what the Magento admin button opens).
    pub fn admin_url(&self) -> String {
        let suffix = if self.environment == Environment::Sandbox { "-sandbox" } else { "" };
        format!("https://{}{suffix}.admin.commerce.adobe.com/{}", self.region, self.tenant_id)
    }
}

/// `localhost`, an IPv4 literal in 127.0.0.0/8 or `[::1]`: never a DNS name (`127.evil.example.com`
/// and `127.0.0.1.nip.io` resolve wherever their owner likes).
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback()),
        None => host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback()),
    }
}

pub fn parse_environment(value: &str) -> Result<Environment> {
    match value.to_ascii_lowercase().as_str() {
        "sandbox" => Ok(Environment::Sandbox),
        "production" => Ok(Environment::Production),
        _ => Err(Error::invalid("type", format!("{value:?} is not sandbox or production"))),
    }
}

/// Ids end up in URL paths and headers: letters, digits, `@ . _ -` only, at most 128 characters.
fn check_identifier(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > 128 {
        return Err(Error::invalid(field, "is longer than 128 characters"));
    }
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-'))) {
        return Err(Error::invalid(field, format!("must contain only letters, digits, '@', '.', '_' and '-', found {bad:?}")));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(field, "must not be a path segment like '.' or '..'"));
    }
    Ok(())
}

/// An override must be `https://host[:port]`, or `http://` on a loopback host; a proxy (`any_http`)
/// may be `http://` anywhere. No path, query, credentials or fragment.
fn check_url(field: &str, url: &str, any_http: bool) -> Result<()> {
    if url.len() > MAX_URL_BYTES {
        return Err(Error::invalid(field, format!("is longer than {MAX_URL_BYTES} characters")));
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(|| Error::invalid(field, "must start with https:// or http://"))?;
    let authority = rest.trim_end_matches('/');
    // a backslash is a path separator to URL parsers (WHATWG), and so would end the host early
    if authority.is_empty() || authority.contains(['/', '\\', '?', '#', '@', ' ']) {
        return Err(Error::invalid(field, "must be scheme://host[:port] with no path, query or credentials"));
    }
    // host and optional port; IPv6 hosts are bracketed
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (inner, after) = v6.split_once(']').ok_or_else(|| Error::invalid(field, "unclosed '[' in host"))?;
            (authority.get(..inner.len() + 2).unwrap_or(authority), after.strip_prefix(':'))
        }
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err(Error::invalid(field, format!("bad port in {url:?}")));
    }
    match scheme {
        "https" => Ok(()),
        "http" if any_http || is_loopback_host(host) => Ok(()),
        "http" => Err(Error::invalid(field, "plain http is allowed only for a loopback host (the local emulator); use https")),
        _ => Err(Error::invalid(field, format!("unsupported scheme {scheme:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ClientConfig {
        ClientConfig::new("na1", "sandbox", "tenant1", "client1", Secret::new("s3cr3t")).unwrap()
    }

    fn field_of(e: Error) -> String {
        match e {
            Error::InvalidArgument { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn urls_come_from_region_environment_and_tenant() {
        let mut c = config();
        assert_eq!(c.api_url("/v1/catalog/products"), "https://na1-sandbox.api.commerce.adobe.com/tenant1/v1/catalog/products");
        assert_eq!(c.token_url(), "https://ims-na1.adobelogin.com/ims/token/v3");
        assert_eq!(c.admin_url(), "https://na1-sandbox.admin.commerce.adobe.com/tenant1");
        c.environment = parse_environment("Production").unwrap();
        c.region = "eu1".into();
        assert_eq!(c.api_base(), "https://eu1.api.commerce.adobe.com");
        assert_eq!(c.admin_url(), "https://eu1.admin.commerce.adobe.com/tenant1");
        assert!(c.validate(false).is_ok());
    }

    #[test]
    fn bad_values_name_their_field() {
        type Mutation = fn(&mut ClientConfig);
        let cases: Vec<(&str, Mutation)> = vec![
            ("region", |c| c.region = "us1".into()),
            ("tenant_id", |c| c.tenant_id = "a/b".into()),
            ("tenant_id", |c| c.tenant_id = "..".into()),
            ("tenant_id", |c| c.tenant_id = "x?y=1".into()),
            ("tenant_id", |c| c.tenant_id = String::new()),
            ("client_id", |c| c.client_id = "id\nX-Evil: 1".into()),
            ("client_secret", |c| c.client_secret = Secret::new("")),
            ("concurrency", |c| c.concurrency = 0),
            ("concurrency", |c| c.concurrency = 65),
            ("client_secret", |c| c.client_secret = Secret::new("s".repeat(60 * 1024))),
            ("proxy_url", |c| c.proxy_url = Some("socks5://proxy:1080".into())),
            ("proxy_url", |c| c.proxy_url = Some("http://user:pass@proxy:3128".into())),
        ];
        for (field, mutate) in cases {
            let mut c = config();
            mutate(&mut c);
            assert_eq!(field_of(c.validate(false).unwrap_err()), field);
        }
        assert_eq!(field_of(parse_environment("staging").unwrap_err()), "type");
    }

    #[test]
    fn overrides_need_the_switch_and_https_unless_loopback() {
        let mut c = config();
        c.api_base_url = Some("http://127.0.0.1:8080".into());
        assert_eq!(field_of(c.validate(false).unwrap_err()), "api_base_url");
        assert!(c.validate(true).is_ok());
        assert_eq!(c.api_url("/v1/x"), "http://127.0.0.1:8080/tenant1/v1/x");
        let spoofed = ["http://127.evil.example.com", "http://127.0.0.1.nip.io:8080", "http://localhost.evil.com", "http://[::ffff:8.8.8.8]", "http://127.0.0.1\\@evil.com"];
        for bad in ["http://evil.example.com", "ftp://127.0.0.1", "https://h/path", "https://user@h", "127.0.0.1:80", "http://127.0.0.1:99999"].into_iter().chain(spoofed) {
            c.api_base_url = Some(bad.into());
            assert!(c.validate(true).is_err(), "{bad}");
        }
        for good in ["https://aco.example.com", "http://localhost:9000/", "http://[::1]:9000", "https://h:8443", "http://127.9.8.7:1"] {
            c.api_base_url = Some(good.into());
            assert!(c.validate(true).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_proxy_may_be_plain_http_anywhere() {
        let mut c = config();
        c.proxy_url = Some("http://proxy.corp.example:3128".into());
        assert!(c.validate(false).is_ok(), "a proxy is not an override: no switch needed");
    }

    #[test]
    fn loopback_is_an_address_or_localhost_never_a_dns_name() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "[::1]", "[0:0:0:0:0:0:0:1]"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["127.evil.example.com", "127.0.0.1.nip.io", "127.1", "128.0.0.1", "[::2]", "::1", "localhost.", "0x7f.0.0.1", ""] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let c = config();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
