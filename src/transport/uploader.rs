//! Delivers items to the ingestion API: batching, bounded concurrency, retries (`throttle`: a 429
//! pauses the process) and a settled result for every item. `submit` returns as soon as the requests are queued (PHP goes on
//! reading the database while the I/O thread sends); `results` drains what has settled; `wait`
//! blocks until everything has.
//!
//! Everything that lives with the I/O thread (HTTP pool, token cache, 429 pause, in-flight count) is
//! per process and rebuilt in a forked child, which must never touch its parent's copies (they may
//! have been locked by a thread that does not exist in the child).

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::secret::Secret;
use crate::transport::batch::{self, Item};
use crate::transport::config::ClientConfig;
use crate::transport::endpoint::Endpoint;
use crate::transport::graphql::{self, GraphqlAnswer, GraphqlApi};
use crate::wipe;
use crate::transport::ims::TokenProvider;
use crate::transport::retry::{self, Attempt, RetryDecision};
use crate::transport::runtime::runtime;
use crate::transport::throttle::Throttle;
use crate::transport::wire::{self, Answer};
use crate::{Error, Result};

/// How one item ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    pub id: String,
    pub endpoint: Endpoint,
    pub accepted: bool,
    /// HTTP status of the answer that settled it; `None` when there was no answer.
    pub status: Option<u16>,
    /// The field the API blamed (400 `errors[].code`).
    pub code: Option<String>,
    pub message: Option<String>,
    /// A failure a later attempt may fix (network, 5xx, 429, auth); false for invalid items.
    pub retryable: bool,
    pub request_id: Option<String>,
    pub attempts: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A log line for the host application's logger (Magento routes these to PSR-3).
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    pub level: Level,
    pub target: &'static str,
    pub message: String,
    /// When it happened (unix seconds): the host writes lines when it collects them, which may be
    /// long after (a retry logged during a batch's upload).
    pub at: f64,
}

/// Outcome of `test_connection`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionReport {
    pub ok: bool,
    /// "ims" or "api": which step failed (or the last one run).
    pub stage: &'static str,
    pub status: Option<u16>,
    pub message: String,
}

const LOG_CAPACITY: usize = 10_000;
/// Items queued or in flight beyond `concurrency` requests (see `submit`).
const MAX_QUEUED_ITEMS: usize = 4_000;

#[derive(Default)]
struct Progress {
    /// requests queued or in flight, and their items
    in_flight: usize,
    in_flight_items: usize,
    results: Vec<ItemResult>,
    logs: VecDeque<LogRecord>,
}

/// What belongs to one process (see module docs).
struct Process {
    pid: u32,
    http: reqwest::Client,
    tokens: TokenProvider,
    throttle: Throttle,
    permits: Arc<Semaphore>,
    progress: Mutex<Progress>,
    settled: Condvar,
}

pub struct Uploader {
    config: Arc<ClientConfig>,
    current: Mutex<Option<Arc<Process>>>,
}

impl Drop for Uploader {
    /// The client's connection pool, token cache and in-flight state go with it: their frees on this
    /// thread are wiped (a pooled connection's buffers go on the I/O thread, which wipes its frees).
    fn drop(&mut self) {
        let _wiping = wipe::scope();
        drop(lock(&self.current).take());
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Process {
    fn log(&self, level: Level, message: String) {
        let mut p = lock(&self.progress);
        if p.logs.len() == LOG_CAPACITY {
            p.logs.pop_front();
        }
        let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
        p.logs.push_back(LogRecord { level, target: "aco.transport", message, at });
    }

    fn settle(&self, results: Vec<ItemResult>) {
        lock(&self.progress).results.extend(results);
    }

    fn finish_request(&self, items: usize) {
        let mut p = lock(&self.progress);
        p.in_flight = p.in_flight.saturating_sub(1);
        p.in_flight_items = p.in_flight_items.saturating_sub(items);
        drop(p);
        self.settled.notify_all();
    }
}

impl Uploader {
    /// Validates the configuration (`allow_url_override` gates the emulator URLs).
    pub fn new(config: ClientConfig, allow_url_override: bool) -> Result<Self> {
        config.validate(allow_url_override)?;
        Ok(Uploader { config: Arc::new(config), current: Mutex::new(None) })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// This process's I/O state, rebuilt after a fork.
    fn process(&self) -> Result<Arc<Process>> {
        let mut current = lock(&self.current);
        let pid = std::process::id();
        if let Some(p) = current.as_ref().filter(|p| p.pid == pid) {
            return Ok(p.clone());
        }
        let http = wire::http_client(&self.config)
            .map_err(|e| Error::Runtime(format!("cannot build the HTTP client: {e}")))?;
        let process = Arc::new(Process {
            pid,
            http,
            tokens: TokenProvider::default(),
            throttle: Throttle::default(),
            permits: Arc::new(Semaphore::new(self.config.concurrency)),
            progress: Mutex::new(Progress::default()),
            settled: Condvar::new(),
        });
        *current = Some(process.clone());
        Ok(process)
    }

    /// How long ACO's last `Retry-After` still pauses this process's requests.
    pub fn throttled_for(&self) -> Result<Duration> {
        Ok(self.process()?.throttle.remaining(Instant::now()))
    }

    /// Items one request to `endpoint` carries at most (the configured bound, else the endpoint's).
    pub fn request_items(&self, endpoint: Endpoint) -> usize {
        self.config.max_items_per_request.unwrap_or_else(|| endpoint.default_batch_items())
    }

    /// Queues items for `endpoint` and returns at once; results arrive through `results`/`wait`.
    /// Blocks while four times as many requests are queued as can be in flight, or, beyond
    /// `concurrency` requests, more than `MAX_QUEUED_ITEMS` items (back-pressure). The item bound is
    /// for large requests (prices: 500 items): answers come back in bursts of what was queued, and
    /// PHP holds a burst's rows until it has written them (100k prices: up to 8,000 answers at once
    /// without it, no faster). Small requests (products: 100 items) keep the deeper queue, which
    /// lets PHP write the feed state while they upload (a queue of 2× the concurrency: −20 %).
    pub fn submit(&self, endpoint: Endpoint, items: Vec<Item>) -> Result<usize> {
        let process = self.process()?;
        let rt = runtime()?;
        let max_items = self.request_items(endpoint);
        // One broken item must not make the whole request body invalid JSON: refuse it alone.
        let (items, malformed): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| is_json_object(&i.body));
        let (batches, oversized) = batch::split(items, max_items, self.config.max_request_bytes);
        let mut refused: Vec<ItemResult> = malformed
            .into_iter()
            .map(|item| failed(&item.id, endpoint, None, Some("item".into()), "not a JSON object (malformed JSON or invalid UTF-8)".into(), false, None, 0))
            .collect();
        refused.extend(oversized.into_iter().map(|item| {
            let message = format!("item is {} bytes; a request may carry at most {} bytes", item.body.len(), self.config.max_request_bytes);
            failed(&item.id, endpoint, None, Some("item".into()), message, false, None, 0)
        }));
        process.settle(refused);
        let queued = batches.iter().map(Vec::len).sum();
        let max_queued = self.config.concurrency * 4;
        for batch in batches {
            let items = batch.len();
            let mut progress = lock(&process.progress);
            while progress.in_flight >= max_queued || (progress.in_flight >= self.config.concurrency && progress.in_flight_items + items > MAX_QUEUED_ITEMS) {
                progress = process.settled.wait(progress).unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            progress.in_flight += 1;
            progress.in_flight_items += items;
            drop(progress);
            let (p, cfg) = (process.clone(), self.config.clone());
            rt.spawn(async move {
                deliver(&p, &cfg, endpoint, batch).await;
                p.finish_request(items);
            });
        }
        Ok(queued)
    }

    /// Results settled since the last call.
    pub fn results(&self) -> Result<Vec<ItemResult>> {
        let process = self.process()?;
        let results = std::mem::take(&mut lock(&process.progress).results);
        Ok(results)
    }

    /// Requests still queued or in flight.
    pub fn pending(&self) -> Result<usize> {
        Ok(lock(&self.process()?.progress).in_flight)
    }

    /// Blocks until every submitted item has settled (or `timeout` passes), then drains results.
    pub fn wait(&self, timeout: Option<Duration>) -> Result<Vec<ItemResult>> {
        let process = self.process()?;
        let deadline = timeout.map(|t| std::time::Instant::now() + t);
        let mut progress = lock(&process.progress);
        while progress.in_flight > 0 {
            progress = match deadline {
                None => process.settled.wait(progress).unwrap_or_else(std::sync::PoisonError::into_inner),
                Some(d) => {
                    let left = d.saturating_duration_since(std::time::Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    process.settled.wait_timeout(progress, left).unwrap_or_else(std::sync::PoisonError::into_inner).0
                }
            };
        }
        Ok(std::mem::take(&mut progress.results))
    }

    /// Log records since the last call.
    pub fn logs(&self) -> Result<Vec<LogRecord>> {
        Ok(lock(&self.process()?.progress).logs.drain(..).collect())
    }

    /// One GraphQL request to the admin or storefront API, answered in full (`graphql` module);
    /// `headers` are ACO's `AC-*` headers only.
    pub fn graphql(&self, api: GraphqlApi, body: &[u8], headers: &[(String, String)]) -> Result<GraphqlAnswer> {
        for (name, value) in headers {
            graphql::check_header(name, value)?;
        }
        let process = self.process()?;
        let exchange = graphql::Exchange { http: &process.http, tokens: &process.tokens, throttle: &process.throttle, config: &self.config };
        let _wiping = wipe::scope();   // the request runs on this thread: its token copies are freed here
        runtime()?.block_on(exchange.post(api, body, headers, random_unit))
    }

    /// Gets a token, then sends one harmless request (a delete of a product that cannot exist)
    /// to prove the token opens this tenant. Never throws for a remote refusal: it reports it.
    pub fn test_connection(&self) -> Result<ConnectionReport> {
        let process = self.process()?;
        let cfg = self.config.clone();
        let _wiping = wipe::scope();   // the request runs on this thread: the IMS form and token copies are freed here
        runtime()?.block_on(async move {
            let token = match process.tokens.get(&process.http, &cfg).await {
                Ok(t) => t,
                Err(e) => return Ok(ConnectionReport { ok: false, stage: "ims", status: None, message: e.to_string() }),
            };
            let probe = br#"[{"sku":"__aco_connection_test__","source":{"locale":"__aco_connection_test__"}}]"#.to_vec();
            let url = cfg.api_url(Endpoint::ProductsDelete.path());
            Ok(match wire::post_items(&process.http, &url, &token, probe, false).await {
                Answer::Accepted { .. } => ConnectionReport { ok: true, stage: "api", status: Some(200), message: "IMS token obtained and the ingestion API accepted it".into() },
                // a 400 means the API read our request with our token: the credentials work
                Answer::Refused { status: 400, .. } => ConnectionReport { ok: true, stage: "api", status: Some(400), message: "IMS token obtained and the ingestion API accepted it".into() },
                Answer::Refused { status, message, .. } => ConnectionReport { ok: false, stage: "api", status: Some(status), message: format!("the ingestion API refused the request (HTTP {status}): {message}") },
                Answer::Failed { message } => ConnectionReport { ok: false, stage: "api", status: None, message },
            })
        })
    }
}

#[allow(clippy::too_many_arguments, reason = "a flat constructor of a flat record")]
fn failed(id: &str, endpoint: Endpoint, status: Option<u16>, code: Option<String>, message: String, retryable: bool, request_id: Option<String>, attempts: u32) -> ItemResult {
    ItemResult { id: id.to_owned(), endpoint, accepted: false, status, code, message: Some(message), retryable, request_id, attempts }
}

/// A complete, valid JSON object, without building it. UTF-8 is checked apart: serde_json skips
/// string contents unchecked when ignoring them.
fn is_json_object(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && std::str::from_utf8(bytes).is_ok()
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

fn random_unit() -> f64 {
    use std::hash::BuildHasher;
    let h = std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now());
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Sends one batch until every item in it is settled. A 400 settles the items it names and resends
/// the others; a 413 without `Retry-After` splits the batch; a 401 refreshes the token once.
async fn deliver(p: &Process, cfg: &ClientConfig, endpoint: Endpoint, batch: Vec<Item>) {
    let url = cfg.api_url(endpoint.path());
    let mut queue = vec![batch];
    while let Some(items) = queue.pop() {
        let mut attempts = 0u32;
        let mut refreshed = false;
        loop {
            attempts += 1;
            let token = match p.tokens.get(&p.http, cfg).await {
                Ok(t) => t,
                Err(e) => {
                    let transient = matches!(e, Error::Transport(_));
                    if transient && attempts < cfg.retry.max_attempts {
                        let after = retry::backoff(&cfg.retry, attempts, random_unit());
                        p.log(Level::Warning, format!("{}: {e}; retrying in {after:?}", endpoint.name()));
                        tokio::time::sleep(after).await;
                        continue;
                    }
                    p.log(Level::Error, format!("{}: {e}", endpoint.name()));
                    p.settle(items.iter().map(|i| failed(&i.id, endpoint, None, None, e.to_string(), true, None, attempts)).collect());
                    break;
                }
            };
            let body = batch::body(&items);
            let gzip = cfg.gzip_min_bytes > 0 && body.len() >= cfg.gzip_min_bytes;
            let answer = {
                let Ok(_permit) = p.permits.acquire().await else { break };
                // after the permit: a request queued behind one that got a 429 waits it out too
                p.throttle.wait().await;
                wire::post_items(&p.http, &url, &token, body, gzip).await
            };
            match handle_answer(p, cfg, endpoint, &items, answer, attempts, &token, &mut refreshed).await {
                Next::Settled(results) => {
                    p.settle(results);
                    break;
                }
                Next::Resend(parts, results) => {
                    p.settle(results);
                    queue.extend(parts);
                    break;
                }
                Next::Retry(after) => tokio::time::sleep(after).await,
            }
        }
    }
}

enum Next {
    Settled(Vec<ItemResult>),
    /// Send these parts again as new requests; settle these results now.
    Resend(Vec<Vec<Item>>, Vec<ItemResult>),
    Retry(Duration),
}

#[allow(clippy::too_many_arguments, reason = "the state of one attempt")]
async fn handle_answer(p: &Process, cfg: &ClientConfig, endpoint: Endpoint, items: &[Item], answer: Answer, attempts: u32, token: &Secret, refreshed: &mut bool) -> Next {
    let name = endpoint.name();
    let all_failed = |status: Option<u16>, message: &str, retryable: bool, request_id: &Option<String>| {
        items.iter().map(|i| failed(&i.id, endpoint, status, None, message.to_owned(), retryable, request_id.clone(), attempts)).collect()
    };
    let attempt = match &answer {
        Answer::Accepted { request_id } => {
            let results = items
                .iter()
                .map(|i| ItemResult { id: i.id.clone(), endpoint, accepted: true, status: Some(200), code: None, message: None, retryable: false, request_id: request_id.clone(), attempts })
                .collect();
            return Next::Settled(results);
        }
        Answer::Refused { status: 400, request_id, message, item_errors, .. } => {
            let named: Vec<&wire::ItemError> = item_errors.iter().filter(|e| e.item_index < items.len()).collect();
            if named.is_empty() {
                p.log(Level::Error, format!("{name}: HTTP 400 for the whole request: {message}"));
                return Next::Settled(all_failed(Some(400), message, false, request_id));
            }
            let mut results = Vec::new();
            let mut rest = Vec::new();
            for (index, item) in items.iter().enumerate() {
                let errors: Vec<&&wire::ItemError> = named.iter().filter(|e| e.item_index == index).collect();
                match errors.first() {
                    Some(first) => {
                        let text = errors.iter().map(|e| e.described()).collect::<Vec<_>>().join("; ");
                        results.push(failed(&item.id, endpoint, Some(400), Some(first.code.clone()), text, false, request_id.clone(), attempts));
                    }
                    None => rest.push(item.clone()),
                }
            }
            p.log(Level::Warning, format!("{name}: {} of {} items rejected as invalid; resending the other {}", results.len(), items.len(), rest.len()));
            let parts = if rest.is_empty() { Vec::new() } else { vec![rest] };
            return Next::Resend(parts, results);
        }
        Answer::Refused { status: 401, request_id, message, .. } => {
            if !*refreshed {
                *refreshed = true;
                p.tokens.invalidate(token).await;
                p.log(Level::Info, format!("{name}: HTTP 401, refreshing the IMS token once"));
                return Next::Retry(Duration::ZERO);
            }
            p.log(Level::Error, format!("{name}: HTTP 401 again after a fresh token: {message}"));
            return Next::Settled(all_failed(Some(401), &format!("authentication failed: {message}"), true, request_id));
        }
        Answer::Refused { status: 413, retry_after: None, .. } if items.len() > 1 => {
            let mut first = items.to_vec();
            let second = first.split_off(items.len() / 2);
            p.log(Level::Info, format!("{name}: HTTP 413 for {} items; splitting the request", items.len()));
            return Next::Resend(vec![first, second], Vec::new());
        }
        Answer::Refused { status, retry_after, .. } => Attempt::Status { status: *status, retry_after: *retry_after },
        Answer::Failed { .. } => Attempt::Network,
    };
    if let Attempt::Status { status: 429, retry_after: Some(after) } = attempt {
        p.throttle.hold(after, Instant::now());
    }
    let (status, request_id, message) = match &answer {
        Answer::Refused { status, request_id, message, .. } => (Some(*status), request_id.clone(), format!("HTTP {status}: {message}")),
        Answer::Failed { message } => (None, None, message.clone()),
        Answer::Accepted { .. } => (None, None, String::new()),
    };
    match retry::decide(&cfg.retry, &attempt, attempts, random_unit()) {
        RetryDecision::Retry { after } => {
            p.log(Level::Info, format!("{name}: {message}; attempt {attempts}/{} failed, retrying in {after:?}", cfg.retry.max_attempts));
            Next::Retry(after)
        }
        RetryDecision::Fail { retryable } => {
            p.log(Level::Error, format!("{name}: {message}; giving up on {} items after {attempts} attempts", items.len()));
            Next::Settled(all_failed(status, &message, retryable, &request_id))
        }
    }
}
