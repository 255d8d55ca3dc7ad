//! The 20 ingestion endpoints: one handler, parameterised by entity and operation.
//! Order of checks: auth → fault plan → request budget → body (type, encoding, size, JSON, array) →
//! item budget → item validation → store. A 400 rejects the whole request: nothing of it is stored.

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::entity::{Entity, Op};
use crate::error::{ApiError, ItemError};
use crate::faults::Fault;
use crate::state::{lock, now_ms, AppState, LogEntry};
use crate::store;
use crate::validate::{check_item, value_text};

/// Outcome of one request before it becomes a response.
enum Outcome {
    Accepted { count: usize },
    Rejected(ApiError),
    Drop,
    DropAfterStore,
}

pub async fn handle(
    State(app): State<Arc<AppState>>,
    Path(tenant): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Body,
    entity: Entity,
    op: Op,
) -> Response {
    let started = Instant::now();
    let request_id = app.next_request_id();
    let (outcome, items) = process(&app, &tenant, &headers, body, entity, op).await;

    let (mut response, error) = match outcome {
        Outcome::Accepted { count } => (accepted(count), None),
        Outcome::Rejected(e) => {
            let summary = summary(&e);
            (e.into_response(), Some(summary))
        }
        Outcome::Drop => (cut_connection(), Some("connection dropped (fault plan)".into())),
        Outcome::DropAfterStore => (cut_connection(), Some("stored, then connection dropped (fault plan)".into())),
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    app.record(LogEntry {
        request_id,
        at_ms: now_ms(),
        method: method.to_string(),
        path: format!("/{tenant}{}{}", entity.path(), if op == Op::Delete { "/delete" } else { "" }),
        status: response.status().as_u16(),
        items,
        latency_ms: started.elapsed().as_secs_f64() * 1000.0,
        error,
    });
    response
}

fn accepted(count: usize) -> Response {
    (StatusCode::OK, axum::Json(json!({ "status": "ACCEPTED", "acceptedCount": count }))).into_response()
}

/// A 200 status line whose body fails: hyper closes the connection mid-response, so the client sees
/// a broken exchange, never a complete answer.
fn cut_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "fault plan: drop"))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn summary(e: &ApiError) -> String {
    match e {
        ApiError::Validation { message, errors } => match errors.first() {
            Some(first) => format!("{message}: item {} {}: {}", first.item_index, first.code, first.message),
            None => message.clone(),
        },
        ApiError::Status { message, .. } => message.clone(),
    }
}

async fn process(app: &AppState, tenant: &str, headers: &HeaderMap, body: Body, entity: Entity, op: Op) -> (Outcome, usize) {
    let (fault, latency, mut replaced) = {
        let mut plan = lock(&app.faults);
        // subscribed under the plan's lock: a replacement after this point is always seen
        let latency = plan.latency_ms + if op == Op::Delete { plan.delete_latency_ms } else { 0 };
        (plan.next_fault(entity.name()), latency, app.plan_replaced.subscribe())
    };
    if fault == Fault::Hold {
        let _ = replaced.changed().await;
    }
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    if let Err(e) = lock(&app.tokens).check(headers, tenant) {
        return (Outcome::Rejected(e), 0);
    }
    match fault {
        Fault::None | Fault::DropAfterStore | Fault::Hold => {}
        Fault::Drop => return (Outcome::Drop, 0),
        Fault::Hang(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            return (Outcome::Rejected(ApiError::status(StatusCode::GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT", "fault plan: request hung")), 0);
        }
        Fault::Fail { status, retry_after } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let title = status.canonical_reason().unwrap_or("Error");
            return (Outcome::Rejected(ApiError::Status { status, title, error_code: "INJECTED_FAULT", message: format!("fault plan: {status}"), retry_after }), 0);
        }
    }
    if let Err(wait) = lock(&app.budgets).requests.take(1, Instant::now()) {
        lock(&app.stats).throttled += 1;
        return (Outcome::Rejected(ApiError::rate_limited(wait, "request rate limit exceeded")), 0);
    }
    let max = app.config.limits.max_body_bytes;
    let Ok(body) = axum::body::to_bytes(body, max.saturating_add(1)).await else {
        return (Outcome::Rejected(ApiError::status(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", format!("request body is larger than {max} bytes"))), 0);
    };
    let items = match parse_body(app, headers, &body) {
        Ok(items) => items,
        Err(e) => return (Outcome::Rejected(e), 0),
    };
    let n = items.len();
    if let Some(window) = lock(&app.budgets).items(entity.budget()) {
        if let Err(wait) = window.take(n as u32, Instant::now()) {
            lock(&app.stats).throttled += 1;
            return (Outcome::Rejected(ApiError::rate_limited(wait, format!("{} item rate limit exceeded", entity.name()))), n);
        }
    }
    let outcome = validate_and_store(app, entity, op, items);
    let mut stats = lock(&app.stats);
    stats.requests += 1;
    match &outcome {
        Outcome::Rejected(ApiError::Validation { errors, .. }) => {
            let bad: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.item_index).collect();
            stats.rejected_items += bad.len() as u64;
            stats.rejected_requests += 1;
            stats.last_rejected_ms = Some(now_ms());
        }
        _ => {
            stats.accepted_items += n as u64;
            stats.last_accepted_ms = Some(now_ms());
        }
    }
    drop(stats);
    match (outcome, fault) {
        (Outcome::Accepted { .. }, Fault::DropAfterStore) => (Outcome::DropAfterStore, n),
        (outcome, _) => (outcome, n),
    }
}

/// Content type, encoding, size, JSON, top-level array, item count.
fn parse_body(app: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Vec<Value>, ApiError> {
    let limits = &app.config.limits;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.split(';').next().map(str::trim) != Some("application/json") {
        return Err(ApiError::status(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", format!("Content-Type must be application/json, got {content_type:?}")));
    }
    let too_large = || ApiError::status(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", format!("request body is larger than {} bytes", limits.max_body_bytes));
    let raw = match headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        None | Some("identity") => body.to_vec(),
        Some("gzip") => {
            let mut out = Vec::new();
            let mut reader = flate2::read::GzDecoder::new(&body[..]).take(limits.max_body_bytes as u64 + 1);
            reader.read_to_end(&mut out).map_err(|e| ApiError::body(format!("invalid gzip body: {e}")))?;
            out
        }
        Some(other) => {
            return Err(ApiError::status(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", format!("Content-Encoding {other:?} is not supported (gzip is)")))
        }
    };
    if raw.len() > limits.max_body_bytes {
        return Err(too_large());
    }
    let value: Value = serde_json::from_slice(&raw).map_err(|e| ApiError::body(format!("malformed JSON body: {e}")))?;
    let Value::Array(items) = value else {
        return Err(ApiError::body("the body must be a JSON array of items"));
    };
    if items.len() > limits.max_items {
        return Err(ApiError::status(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", format!("{} items in one request, at most {} allowed", items.len(), limits.max_items)));
    }
    Ok(items)
}

fn validate_and_store(app: &AppState, entity: Entity, op: Op, items: Vec<Value>) -> Outcome {
    let mut errors: Vec<ItemError> = Vec::new();
    let limits = &app.config.limits;
    // each item's compact JSON, made once: its length is what the product size limit counts, and
    // it is what the store keeps
    let texts: Vec<Box<RawValue>> = items.iter().map(store::to_raw).collect();
    for (i, (item, text)) in items.iter().zip(&texts).enumerate() {
        check_item(entity, op, i, item, text.get().len(), limits.max_product_bytes, &mut errors);
    }
    // Duplicate identities in one request are refused (the contract does not say last-wins).
    let mut seen: HashMap<String, usize> = HashMap::new();
    let code = entity.key_fields().last().copied().unwrap_or("item");
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = seen.insert(entity.key(item), i) {
            errors.push(ItemError { item_index: i, code: code.into(), message: format!("same identity as item {first} of this request"), value: item.get(code).map(value_text).unwrap_or_default() });
        }
    }
    reject_chosen_skus(app, &items, &mut errors);
    let mut store = lock(&app.store);
    if errors.is_empty() {
        store.check(entity, op, &items, &mut errors);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.item_index);
        let bad: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.item_index).collect();
        return Outcome::Rejected(ApiError::Validation {
            message: format!("{} of {} items failed validation; nothing in this request was stored", bad.len(), items.len()),
            errors,
        });
    }
    let count = items.len();
    store.apply(entity, op, &items, texts, now_ms());
    app.dirty.store(true, Ordering::Release);
    Outcome::Accepted { count }
}

fn reject_chosen_skus(app: &AppState, items: &[Value], errors: &mut Vec<ItemError>) {
    let plan = lock(&app.faults);
    if plan.reject_skus.is_empty() {
        return;
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(sku) = item.get("sku").and_then(Value::as_str) {
            if plan.reject_skus.iter().any(|s| s == sku) {
                errors.push(ItemError { item_index: i, code: "sku".into(), message: "sku: rejected by the emulator's fault plan".into(), value: sku.into() });
            }
        }
    }
}
