//! Command-line configuration. Every limit the contract leaves "not stated" is a flag here; the
//! defaults are the strict choices documented in emulator/README.md.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub tenant: String,
    pub client_id: String,
    pub client_secret: String,
    /// Lifetime of issued tokens (IMS answers with about a day).
    pub token_ttl: Duration,
    /// Persist the store here on shutdown and every second while it changes.
    pub state: Option<PathBuf>,
    pub limits: Limits,
    /// Artificial latency added to every API request.
    pub latency: Duration,
    /// Fault plan at start-up: fail the next N API requests with STATUS.
    pub fail_next: Option<(u32, u16)>,
    /// SKUs that always get a per-item 400 (fault injection).
    pub reject_skus: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_items: usize,
    pub max_body_bytes: usize,
    /// Max size of one serialized product (contract: 200 KB).
    pub max_product_bytes: usize,
    /// API requests per minute per tenant; 0 = unlimited.
    pub requests_per_minute: u32,
    /// Products (create/update/delete items) per minute; 0 = unlimited.
    pub products_per_minute: u32,
    /// Price items per minute; 0 = unlimited.
    pub prices_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_items: 1000,
            max_body_bytes: 10 * 1024 * 1024,
            max_product_bytes: 200 * 1024,
            requests_per_minute: 0,
            products_per_minute: 0,
            prices_per_minute: 0,
        }
    }
}

impl Config {
    /// A config for tests: loopback, free port, fixed credentials, default limits.
    pub fn for_tests() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tenant: "test-tenant".into(),
            client_id: "test-client".into(),
            client_secret: "test-secret".into(),
            token_ttl: Duration::from_secs(86_399),
            state: None,
            limits: Limits::default(),
            latency: Duration::ZERO,
            fail_next: None,
            reject_skus: Vec::new(),
        }
    }

    pub const USAGE: &'static str = "\
usage: aco-emulator --tenant ID --client-id ID --client-secret SECRET [options]
  --listen ADDR                 address to bind (default 127.0.0.1:0 = free port); the URL is printed first
  --state FILE                  keep the store in FILE across restarts
  --token-ttl SECONDS           lifetime of issued tokens (default 86399)
  --max-items N                 items per request, more -> 413 (default 1000)
  --max-body-bytes N            request body bytes (after gunzip), more -> 413 (default 10485760)
  --max-product-bytes N         one serialized product, more -> per-item 400 (default 204800)
  --requests-per-minute N       API requests per minute, over -> 429 + Retry-After (default 0 = off)
  --products-per-minute N       product items per minute, over -> 429 (default 0 = off)
  --prices-per-minute N         price items per minute, over -> 429 (default 0 = off)
  --latency-ms N                delay every API request by N ms
  --fail-next N:STATUS          answer the next N API requests with STATUS (408, 500, 502, 503, 504, 429)
  --reject-sku SKU              per-item 400 for this SKU (repeatable)";

    /// Parses `std::env::args()` minus the program name.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut c = Config::for_tests();
        let (mut tenant, mut id, mut secret) = (None, None, None);
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "--help" || flag == "-h" {
                return Err(String::new());
            }
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let num = |v: &str| v.parse::<u64>().map_err(|_| format!("{flag}: not a number: {v}"));
            match flag.as_str() {
                "--listen" => c.listen = value.parse().map_err(|_| format!("--listen: not an address: {value}"))?,
                "--tenant" => tenant = Some(value),
                "--client-id" => id = Some(value),
                "--client-secret" => secret = Some(value),
                "--state" => c.state = Some(PathBuf::from(value)),
                "--token-ttl" => c.token_ttl = Duration::from_secs(num(&value)?),
                "--max-items" => c.limits.max_items = num(&value)? as usize,
                "--max-body-bytes" => c.limits.max_body_bytes = num(&value)? as usize,
                "--max-product-bytes" => c.limits.max_product_bytes = num(&value)? as usize,
                "--requests-per-minute" => c.limits.requests_per_minute = num(&value)? as u32,
                "--products-per-minute" => c.limits.products_per_minute = num(&value)? as u32,
                "--prices-per-minute" => c.limits.prices_per_minute = num(&value)? as u32,
                "--latency-ms" => c.latency = Duration::from_millis(num(&value)?),
                "--fail-next" => {
                    let (n, status) = value.split_once(':').ok_or("--fail-next: expected N:STATUS")?;
                    c.fail_next = Some((num(n)? as u32, num(status)? as u16));
                }
                "--reject-sku" => c.reject_skus.push(value),
                _ => return Err(format!("unknown flag {flag}")),
            }
        }
        let need = |v: Option<String>, flag: &str| match v {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(format!("{flag} is required")),
        };
        c.tenant = need(tenant, "--tenant")?;
        c.client_id = need(id, "--client-id")?;
        c.client_secret = need(secret, "--client-secret")?;
        if c.tenant.contains('/') {
            return Err("--tenant must not contain '/'".into());
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_the_documented_flags() {
        let c = Config::from_args(args(
            "--listen 127.0.0.1:0 --tenant t1 --client-id id --client-secret s --requests-per-minute 300 --fail-next 2:503",
        ))
        .unwrap();
        assert_eq!(c.tenant, "t1");
        assert_eq!(c.limits.requests_per_minute, 300);
        assert_eq!(c.fail_next, Some((2, 503)));
    }

    #[test]
    fn credentials_are_required_and_unknown_flags_refused() {
        assert_eq!(Config::from_args(args("--tenant t --client-id i")).unwrap_err(), "--client-secret is required");
        assert!(Config::from_args(args("--tenant t --bogus 1")).unwrap_err().contains("--bogus"));
        assert!(Config::from_args(args("--tenant a/b --client-id i --client-secret s")).is_err());
    }
}
