//! Read and control endpoints under the reserved `/_emulator/` prefix (no auth: a local tool).
//!
//! | method + path | what |
//! |---|---|
//! | GET `/_emulator/counts` | item counts per entity, per source locale / price book |
//! | GET `/_emulator/items/{entity}?limit=&offset=` | stored items of an entity, in key order |
//! | GET `/_emulator/product?locale=&sku=` | one product (404 when absent) |
//! | GET `/_emulator/price?priceBookId=&sku=` | one price (404 when absent) |
//! | GET `/_emulator/requests?limit=` | request log, newest last |
//! | GET `/_emulator/stats` | totals since start or reset |
//! | GET/PUT `/_emulator/faults` | the fault plan (faults.rs) |
//! | POST `/_emulator/tokens/expire` | every issued token stops working |
//! | POST `/_emulator/reset` | empty store, log, stats and fault plan |

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::entity::Entity;
use crate::error::ApiError;
use crate::faults::FaultPlan;
use crate::state::{lock, AppState, Stats};

type Params = Query<HashMap<String, String>>;

fn not_found(what: String) -> Response {
    ApiError::status(StatusCode::NOT_FOUND, "NOT_FOUND", what).into_response()
}

/// Per entity, item counts grouped by the scope that matters to a merchant: source locale for
/// catalog data, price book for prices, "all" for price books.
pub fn counts(app: &AppState) -> BTreeMap<&'static str, BTreeMap<String, usize>> {
    let store = lock(&app.store);
    Entity::ALL
        .iter()
        .map(|&entity| {
            let mut groups: BTreeMap<String, usize> = BTreeMap::new();
            // the scope is the first part of every key but a price book's (Entity::key_fields)
            for (key, _) in store.raw(entity) {
                let first = key.split('\u{1f}').next().unwrap_or_default();
                let group = match entity {
                    Entity::PriceBooks => "all",
                    Entity::Prices => first,
                    _ if first.is_empty() => "(all locales)",
                    _ => first,
                };
                *groups.entry(group.to_owned()).or_default() += 1;
            }
            (entity.name(), groups)
        })
        .collect()
}

pub async fn get_counts(State(app): State<Arc<AppState>>) -> Json<Value> {
    Json(json!(counts(&app)))
}

pub async fn get_items(State(app): State<Arc<AppState>>, Path(name): Path<String>, Query(q): Params) -> Response {
    let Some(entity) = Entity::ALL.into_iter().find(|e| e.name() == name) else {
        return not_found(format!("unknown entity {name:?}"));
    };
    let limit = q.get("limit").and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    let offset = q.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let store = lock(&app.store);
    let items: Vec<&RawValue> = store.raw(entity).skip(offset).take(limit).map(|(_, raw)| raw).collect();
    Json(json!({ "total": store.count(entity), "items": items })).into_response()
}

fn one(app: &AppState, entity: Entity, key: String, what: String) -> Response {
    match lock(&app.store).get(entity, &key) {
        Some(item) => Json(item).into_response(),
        None => not_found(format!("no {what}")),
    }
}

pub async fn get_product(State(app): State<Arc<AppState>>, Query(q): Params) -> Response {
    let (locale, sku) = (q.get("locale").cloned().unwrap_or_default(), q.get("sku").cloned().unwrap_or_default());
    one(&app, Entity::Products, format!("{locale}\u{1f}{sku}"), format!("product {sku:?} in {locale:?}"))
}

pub async fn get_price(State(app): State<Arc<AppState>>, Query(q): Params) -> Response {
    let (book, sku) = (q.get("priceBookId").cloned().unwrap_or_default(), q.get("sku").cloned().unwrap_or_default());
    let key = format!("{book}\u{1f}{sku}");
    let store = lock(&app.store);
    match store.get(Entity::Prices, &key) {
        Some(mut price) => {
            // where the price would show: the currency its book inherits
            if let (Some(obj), Some(c)) = (price.as_object_mut(), store.currency(&book)) {
                obj.insert("_currency".into(), json!(c));
            }
            Json(price).into_response()
        }
        None => not_found(format!("no price for {sku:?} in price book {book:?}")),
    }
}

pub async fn get_requests(State(app): State<Arc<AppState>>, Query(q): Params) -> Json<Value> {
    let log = lock(&app.log);
    let limit = q.get("limit").and_then(|v| v.parse().ok()).unwrap_or(log.len());
    let skip = log.len().saturating_sub(limit);
    Json(json!(log.iter().skip(skip).collect::<Vec<_>>()))
}

pub async fn get_stats(State(app): State<Arc<AppState>>) -> Json<Stats> {
    Json(lock(&app.stats).clone())
}

pub async fn get_faults(State(app): State<Arc<AppState>>) -> Json<FaultPlan> {
    Json(lock(&app.faults).clone())
}

pub async fn put_faults(State(app): State<Arc<AppState>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<FaultPlan>(&body) {
        Ok(plan) => {
            app.replace_faults(plan.clone());
            Json(plan).into_response()
        }
        Err(e) => ApiError::body(format!("invalid fault plan: {e}")).into_response(),
    }
}

pub async fn expire_tokens(State(app): State<Arc<AppState>>) -> Json<Value> {
    lock(&app.tokens).expire_all();
    Json(json!({ "expired": true }))
}

pub async fn reset(State(app): State<Arc<AppState>>) -> Json<Value> {
    lock(&app.store).clear();
    *lock(&app.views) = Default::default();
    lock(&app.log).clear();
    *lock(&app.stats) = Stats::default();
    app.replace_faults(FaultPlan::default());
    app.dirty.store(true, Ordering::Release);
    Json(json!({ "reset": true }))
}
