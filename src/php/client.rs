//! `Aco\Native\Client`: the transport (src/transport) for PHP. Converts the config array and item
//! arrays at the edge; every result and log line comes back as plain PHP arrays.
// PHP parameter names are camelCase (`$timeoutMs`), and the macro takes them from the Rust names.
#![allow(non_snake_case)]

use std::time::Duration;

use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use ext_php_rs::boxed::ZBox;

use super::catalog::Batch;
use super::construct::first_construct;
use super::convert::{key_name, list_map, zval, Keys};
use super::guard::guard;
use crate::secret::Secret;
use crate::mapping::Mapped;
use crate::transport::{ClientConfig, ConnectionReport, Endpoint, GraphqlApi, Item, ItemResult, LogRecord, Uploader};
use crate::{Error, Result};

/// Sends catalog items to the ACO ingestion API: batching, concurrency, retries (a 429's
/// `Retry-After` pauses the client) and a result per item; pacing is the caller's (`requestShape`). One per process is enough; it survives `pcntl_fork` (a child gets its own
/// connections).
#[php_class]
#[php(name = "Aco\\Native\\Client")]
#[php(flags = ClassFlags::Final)]
pub struct Client {
    uploader: Uploader,
}

const CONFIG_KEYS: [&str; 19] = [
    "region", "type", "tenant_id", "org_id", "client_id", "client_secret", "api_base_url", "ims_base_url", "proxy_url",
    "allow_url_override", "timeout_ms", "connect_timeout_ms", "concurrency", "max_items_per_request",
    "max_request_bytes", "gzip_min_bytes", "max_attempts", "retry_base_ms", "retry_max_ms",
];

fn string(config: &ZendHashTable, key: &str, required: bool) -> Result<Option<String>> {
    match config.get(key) {
        None if required => Err(Error::invalid(key, "is required")),
        None => Ok(None),
        Some(v) if v.is_null() && !required => Ok(None),
        Some(v) => v.str().map(|s| Some(s.to_owned())).ok_or_else(|| Error::invalid(key, "must be a UTF-8 string")),
    }
}

fn number(config: &ZendHashTable, key: &str) -> Result<Option<u64>> {
    match config.get(key) {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => match v.long() {
            Some(n) if n >= 0 => Ok(Some(n as u64)),
            _ => Err(Error::invalid(key, "must be a non-negative integer")),
        },
    }
}

fn config_from(array: &ZendHashTable) -> Result<(ClientConfig, bool)> {
    for (key, _) in array.iter() {
        let name = key_name(&key);
        if !CONFIG_KEYS.contains(&name.as_str()) {
            return Err(Error::invalid(name, format!("unknown setting; known: {}", CONFIG_KEYS.join(", "))));
        }
    }
    let req = |k| string(array, k, true).map(Option::unwrap_or_default);
    let secret = Secret::new(req("client_secret")?);
    let mut c = ClientConfig::new(&req("region")?, &req("type")?, &req("tenant_id")?, &req("client_id")?, secret)?;
    c.org_id = string(array, "org_id", false)?.unwrap_or_default();
    c.api_base_url = string(array, "api_base_url", false)?.filter(|s| !s.is_empty());
    c.ims_base_url = string(array, "ims_base_url", false)?.filter(|s| !s.is_empty());
    c.proxy_url = string(array, "proxy_url", false)?.filter(|s| !s.is_empty());
    let allow_override = match array.get("allow_url_override") {
        None => false,
        Some(v) => v.bool().ok_or_else(|| Error::invalid("allow_url_override", "must be a boolean"))?,
    };
    let ms = |k| number(array, k).map(|n| n.map(Duration::from_millis));
    let count = |k| number(array, k).map(|n| n.map(|n| n as usize));
    if let Some(t) = ms("timeout_ms")? { c.timeout = t; }
    if let Some(t) = ms("connect_timeout_ms")? { c.connect_timeout = t; }
    if let Some(n) = count("concurrency")? { c.concurrency = n; }
    if let Some(n) = count("max_items_per_request")? { c.max_items_per_request = Some(n); }
    if let Some(n) = count("max_request_bytes")? { c.max_request_bytes = n; }
    if let Some(n) = count("gzip_min_bytes")? { c.gzip_min_bytes = n; }
    if let Some(n) = number(array, "max_attempts")? { c.retry.max_attempts = n.min(u64::from(u32::MAX)) as u32; }
    if let Some(t) = ms("retry_base_ms")? { c.retry.base_delay = t; }
    if let Some(t) = ms("retry_max_ms")? { c.retry.max_delay = t; }
    Ok((c, allow_override))
}

/// `[id => json]` to items; ids are the array keys (int keys become their decimal string).
fn items_from(array: &ZendHashTable) -> Result<Vec<Item>> {
    let mut items = Vec::with_capacity(array.len());
    for (key, value) in array.iter() {
        let id = key_name(&key);
        let body = value
            .zend_str()
            .map(|s| s.as_bytes().to_vec())
            .ok_or_else(|| Error::invalid(format!("items[{id}]"), "must be a JSON string"))?;
        items.push(Item { id, body });
    }
    Ok(items)
}

fn result_keys() -> Keys<9> {
    Keys::new(["id", "endpoint", "accepted", "status", "code", "message", "retryable", "requestId", "attempts"])
}

fn result_array(r: ItemResult, keys: &Keys<9>) -> Result<ZBox<ZendHashTable>> {
    keys.row([
        zval(r.id)?,
        zval(r.endpoint.name())?,
        zval(r.accepted)?,
        zval(r.status.map(i64::from))?,
        zval(r.code)?,
        zval(r.message)?,
        zval(r.retryable)?,
        zval(r.request_id)?,
        zval(i64::from(r.attempts))?,
    ])
}

fn list<T>(items: Vec<T>, f: impl Fn(T) -> Result<ZBox<ZendHashTable>>) -> Result<ZBox<ZendHashTable>> {
    let mut out = ZendHashTable::with_capacity(u32::try_from(items.len()).unwrap_or(u32::MAX));
    for item in items {
        out.push(f(item)?).map_err(|e| Error::Runtime(e.to_string()))?;
    }
    Ok(out)
}

fn log_array(l: LogRecord) -> Result<ZBox<ZendHashTable>> {
    let mut a = ZendHashTable::with_capacity(4);
    let err = |e: ext_php_rs::error::Error| Error::Runtime(e.to_string());
    for (k, v) in [("level", l.level.name().to_owned()), ("target", l.target.to_owned()), ("message", l.message)] {
        a.insert(k, v).map_err(err)?;
    }
    a.insert("at", l.at).map_err(err)?;
    Ok(a)
}

fn report_array(r: ConnectionReport) -> Result<ZBox<ZendHashTable>> {
    let mut a = ZendHashTable::with_capacity(4);
    let err = |e: ext_php_rs::error::Error| Error::Runtime(e.to_string());
    a.insert("ok", r.ok).map_err(err)?;
    a.insert("stage", r.stage).map_err(err)?;
    a.insert("status", r.status.map(i64::from)).map_err(err)?;
    a.insert("message", r.message).map_err(err)?;
    Ok(a)
}

#[php_impl]
impl Client {
    /// @param array $config region, type, tenant_id, client_id, client_secret (required); org_id,
    ///   api_base_url/ims_base_url with allow_url_override (emulator only), proxy_url (the only
    ///   proxy used: HTTP(S)_PROXY are ignored; never for loopback), timeout_ms,
    ///   connect_timeout_ms, concurrency, max_items_per_request, max_request_bytes, gzip_min_bytes,
    ///   max_attempts, retry_base_ms, retry_max_ms
    pub fn __construct(config: &ZendHashTable) -> PhpResult<Self> {
        guard(|| {
            first_construct::<Self>()?;
            let (config, allow_override) = config_from(config)?;
            Ok(Client { uploader: Uploader::new(config, allow_override)? })
        })
    }

    /// Gets an IMS token and sends one harmless request with it.
    pub fn test_connection(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| report_array(self.uploader.test_connection()?))
    }

    /// Queues items (`[id => JSON object string]`) for an endpoint and returns at once.
    pub fn submit(&self, endpoint: &str, items: &ZendHashTable) -> PhpResult<i64> {
        guard(|| {
            let endpoint = Endpoint::parse(endpoint)?;
            let queued = self.uploader.submit(endpoint, items_from(items)?)?;
            Ok(i64::try_from(queued).unwrap_or(i64::MAX))
        })
    }

    /// Queues the items of a mapped batch that mapped without error (all, or those in `$feedIds`),
    /// with their feed ids as result ids. Payloads go from the batch to the wire without PHP copies.
    pub fn submit_batch(&self, batch: &Batch, feedIds: Option<&ZendHashTable>) -> PhpResult<i64> {
        guard(|| {
            // the asked items looked up one by one (ids not in the batch are skipped)
            let chosen: Vec<&Mapped> = match feedIds {
                None => batch.mapped()?.iter().collect(),
                Some(ids) => list_map(ids, |v| v.str()).into_iter().flatten().map(|id| batch.get(id)).filter_map(Result::transpose).collect::<Result<_>>()?,
            };
            let mut by_endpoint: std::collections::BTreeMap<&'static str, (Endpoint, Vec<Item>)> = std::collections::BTreeMap::new();
            for m in chosen {
                let Ok(payload) = &m.result else { continue };
                by_endpoint.entry(m.endpoint.name()).or_insert_with(|| (m.endpoint, Vec::new())).1.push(Item { id: m.feed_id.as_str().to_owned(), body: payload.body.clone() });
            }
            let mut queued = 0;
            for (_, (endpoint, items)) in by_endpoint {
                queued += self.uploader.submit(endpoint, items)?;
            }
            Ok(i64::try_from(queued).unwrap_or(i64::MAX))
        })
    }

    /// What one request to `$endpoint` is, for a budget shared with other processes: the family
    /// whose per-minute item budget it counts against (products, prices or other) and how many
    /// items it carries at most.
    pub fn request_shape(&self, endpoint: &str) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let endpoint = Endpoint::parse(endpoint)?;
            let mut a = ZendHashTable::with_capacity(2);
            let err = |e: ext_php_rs::error::Error| Error::Runtime(e.to_string());
            a.insert("family", endpoint.family().name()).map_err(err)?;
            a.insert("items", i64::try_from(self.uploader.request_items(endpoint)).unwrap_or(i64::MAX)).map_err(err)?;
            Ok(a)
        })
    }

    /// Seconds ACO's last `Retry-After` (a 429) still pauses this client's requests, 0.0 when none:
    /// for the budget other processes share, so they pause too.
    pub fn throttled_for(&self) -> PhpResult<f64> {
        guard(|| Ok(self.uploader.throttled_for()?.as_secs_f64()))
    }

    /// Results settled since the last call.
    pub fn results(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let keys = result_keys();
            list(self.uploader.results()?, |r| result_array(r, &keys))
        })
    }

    /// Blocks until every submitted item has settled (or the timeout passes); returns the results.
    pub fn wait(&self, timeoutMs: Option<i64>) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let timeout = timeoutMs.map(|ms| Duration::from_millis(ms.max(0) as u64));
            let keys = result_keys();
            list(self.uploader.wait(timeout)?, |r| result_array(r, &keys))
        })
    }

    /// Requests still queued or in flight.
    pub fn pending(&self) -> PhpResult<i64> {
        guard(|| Ok(i64::try_from(self.uploader.pending()?).unwrap_or(i64::MAX)))
    }

    /// Log lines since the last call: level (debug|info|warning|error), target, message.
    pub fn logs(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| list(self.uploader.logs()?, log_array))
    }

    /// One GraphQL request, answered in full: `$api` = `admin` (catalog views and policies, with the
    /// IMS token) or `storefront` (the Merchandising API), `$body` the JSON request, `$headers` ACO's
    /// `AC-*` headers only. Returns status, body, requestId; a GraphQL error is in the body.
    pub fn graphql(&self, api: &str, body: &str, headers: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let api = GraphqlApi::parse(api)?;
            let mut pairs = Vec::new();
            for (key, value) in headers.map(|h| h.iter().collect::<Vec<_>>()).unwrap_or_default() {
                let name = key_name(&key);
                let value = value.str().ok_or_else(|| Error::invalid(format!("headers[{name}]"), "must be a string"))?.to_owned();
                pairs.push((name, value));
            }
            let answer = self.uploader.graphql(api, body.as_bytes(), &pairs)?;
            let keys = Keys::new(["status", "body", "requestId"]);
            keys.row([zval(i64::from(answer.status))?, zval(answer.body)?, zval(answer.request_id)?])
        })
    }

    /// The ACO admin UI of the configured tenant.
    pub fn admin_url(&self) -> String {
        self.uploader.config().admin_url()
    }
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<Client>()
}
