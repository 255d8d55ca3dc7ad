//! ACO's storefront read path (Merchandising GraphQL, shared notes aco-views-policies.md §2) over
//! what was ingested: `products(skus)` (at most 100) and a minimal `productSearch`, answered for the
//! catalog view the headers name. The choices where ACO's behaviour is unstated are in the README.
#![allow(clippy::indexing_slicing, reason = "serde_json::Value indexed by key: a missing key reads as Null, and writes go to objects built here")]

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use axum::http::HeaderMap;
use serde_json::{json, Map, Value};

use crate::admin::Views;
use crate::entity::Entity;
use crate::graphql::Field;
use crate::store::Store;

pub const MAX_SKUS: usize = 100;

/// What the request's headers select: one catalog view, its source, price book and policy triggers.
pub struct Context<'a> {
    store: &'a Store,
    locale: String,
    price_book: Option<String>,
    /// Enabled filters of the view's policies that apply to this request: (attribute, operator, values).
    filters: Vec<(String, String, Vec<String>)>,
    /// The source's served variants by their parent's SKU, read once per request on the first complex
    /// product: a scan of the source per configurable made a 100-SKU query take seconds at 10k products.
    variants: OnceCell<HashMap<String, Vec<Value>>>,
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

impl<'a> Context<'a> {
    pub fn new(store: &'a Store, views: &Views, headers: &HeaderMap) -> Result<Context<'a>, String> {
        let id = header(headers, "ac-view-id").ok_or("The AC-View-ID header is required")?;
        let view = views.channels.get(&id).ok_or_else(|| format!("Catalog view {id} not found"))?;
        let scopes: Vec<&str> = view["scopes"].as_array().into_iter().flatten().filter_map(|s| s["locale"].as_str()).collect();
        let locale = match header(headers, "ac-source-locale") {
            Some(l) if scopes.contains(&l.as_str()) => l,
            Some(l) => return Err(format!("Catalog source {l} is not in catalog view {id}")),
            None => scopes.first().map(|l| (*l).to_owned()).ok_or_else(|| format!("Catalog view {id} has no catalog source"))?,
        };
        let allowed: Vec<&str> = view["allowedPriceBookIds"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let price_book = match header(headers, "ac-price-book-id") {
            Some(b) if allowed.is_empty() || allowed.contains(&b.as_str()) => Some(b),
            Some(b) => return Err(format!("Price book {b} is not allowed in catalog view {id}")),
            None => view["defaultPriceBookId"].as_str().map(str::to_owned),
        };
        let mut filters = Vec::new();
        for policy_id in view["policyIds"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let Some(policy) = views.policies.get(policy_id) else { continue };
            for action in policy["actions"].as_array().into_iter().flatten() {
                // an action with triggers applies only when every trigger's header is sent
                let mut sent: BTreeMap<&str, String> = BTreeMap::new();
                let triggers: Vec<&str> = action["triggers"].as_array().into_iter().flatten().filter_map(|t| t["name"].as_str()).collect();
                for t in &triggers {
                    if let Some(v) = header(headers, t) {
                        sent.insert(t, v);
                    }
                }
                if sent.len() < triggers.len() {
                    continue;
                }
                for f in action["filters"].as_array().into_iter().flatten().filter(|f| f["enabled"] == true) {
                    let values: Vec<String> = f["values"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                    let values = if f["valueSource"] == "TRIGGER" { values.iter().filter_map(|t| sent.get(t.as_str()).cloned()).collect() } else { values };
                    filters.push((f["attribute"].as_str().unwrap_or_default().to_owned(), f["actionFilterOperator"].as_str().unwrap_or_default().to_owned(), values));
                }
            }
        }
        Ok(Context { store, locale, price_book, filters, variants: OnceCell::new() })
    }

    /// Resolves one top-level field of a storefront query.
    pub fn resolve(&self, field: &Field) -> Result<Value, String> {
        match field.name.as_str() {
            "products" => {
                let skus: Vec<String> = field.args.get("skus").and_then(Value::as_array).into_iter().flatten().filter_map(|s| s.as_str().map(str::to_owned)).collect();
                if skus.len() > MAX_SKUS {
                    return Err(format!("products: at most {MAX_SKUS} SKUs per request, {} given", skus.len()));
                }
                Ok(Value::Array(skus.iter().filter_map(|sku| self.product(sku)).filter(|p| self.served(p)).map(|p| self.view(&p)).collect()))
            }
            "productSearch" => self.search(field),
            other => Err(format!("Field '{other}' is not supported by the emulator's storefront API")),
        }
    }

    fn product(&self, sku: &str) -> Option<Value> {
        self.store.get(Entity::Products, &format!("{}\u{1f}{sku}", self.locale))
    }

    /// Enabled and kept by every filter of the view's policies.
    fn served(&self, product: &Value) -> bool {
        product["status"] == "ENABLED" && self.filters.iter().all(|(attribute, operator, values)| {
            let have = attribute_values(product, attribute);
            match operator.as_str() {
                "EQUALS" | "IN" => have.iter().any(|h| values.contains(h)),
                "GREATER_THAN_EQUAL" | "LESS_THAN_EQUAL" => have.iter().filter_map(|h| h.parse::<f64>().ok()).any(|h| {
                    values.first().and_then(|v| v.parse::<f64>().ok()).is_some_and(|v| if operator == "GREATER_THAN_EQUAL" { h >= v } else { h <= v })
                }),
                _ => false,
            }
        })
    }

    fn search(&self, field: &Field) -> Result<Value, String> {
        let phrase = field.args.get("phrase").and_then(Value::as_str).ok_or("productSearch: phrase is required")?.to_lowercase();
        let size = field.args.get("page_size").and_then(Value::as_u64).unwrap_or(20).clamp(1, 500) as usize;
        let page = field.args.get("current_page").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
        let clauses = field.args.get("filter").and_then(Value::as_array).cloned().unwrap_or_default();
        let prefix = format!("{}\u{1f}", self.locale);
        let found: Vec<Value> = self.store.iter_from(Entity::Products, &prefix)
            .filter(|p| p["visibleIn"].as_array().is_some_and(|v| v.iter().any(|v| v == "SEARCH")))
            .filter(|p| phrase.is_empty() || [&p["name"], &p["sku"]].iter().any(|t| t.as_str().is_some_and(|t| t.to_lowercase().contains(&phrase))))
            .filter(|p| clauses.iter().all(|c| clause(p, c)))
            .filter(|p| self.served(p))
            .collect();
        let total = found.len();
        let items: Vec<Value> = found.iter().skip((page - 1) * size).take(size).map(|p| json!({ "productView": self.view(p) })).collect();
        Ok(json!({ "total_count": total, "items": items, "page_info": { "current_page": page, "page_size": size, "total_pages": total.div_ceil(size) } }))
    }

    /// A product as the storefront shows it (`ProductView`), every field; the query's selection cuts it down.
    fn view(&self, p: &Value) -> Value {
        let complex = p["configurations"].as_array().is_some_and(|c| !c.is_empty()) || p["bundles"].as_array().is_some_and(|b| !b.is_empty());
        let attributes: Vec<Value> = p["attributes"].as_array().into_iter().flatten().map(|a| {
            let values = a["values"].as_array().cloned().unwrap_or_default();
            let value = if values.len() == 1 { values[0].clone() } else { Value::Array(values) };
            json!({ "name": a["code"], "label": a["code"], "value": value, "roles": [] })
        }).collect();
        let mut view = json!({
            "__typename": if complex { "ComplexProductView" } else { "SimpleProductView" },
            "sku": p["sku"], "name": p["name"], "description": p["description"], "shortDescription": p["shortDescription"],
            "urlKey": p["slug"], "visibility": p["visibleIn"], "attributes": attributes, "images": p["images"],
            "externalId": p["externalIds"].get(0).map_or(Value::Null, |e| e["id"].clone()),
        });
        if complex {
            let prices: Vec<Value> = self.variants(p).iter().filter_map(|v| self.price(v["sku"].as_str().unwrap_or_default())).collect();
            let by_final = |v: &Value| v["final"]["amount"]["value"].as_f64().unwrap_or(f64::NAN);
            let min = prices.iter().min_by(|a, b| by_final(a).total_cmp(&by_final(b))).cloned();
            let max = prices.iter().max_by(|a, b| by_final(a).total_cmp(&by_final(b))).cloned();
            view["priceRange"] = match (min, max) {
                (Some(min), Some(max)) => json!({ "minimum": min, "maximum": max }),
                _ => Value::Null,
            };
        } else {
            view["price"] = self.price(p["sku"].as_str().unwrap_or_default()).unwrap_or(Value::Null);
        }
        view
    }

    /// The served products linking `VARIANT_OF` this one in the same source.
    fn variants(&self, parent: &Value) -> &[Value] {
        let by_parent = self.variants.get_or_init(|| {
            let prefix = format!("{}\u{1f}", self.locale);
            let mut by_parent: HashMap<String, Vec<Value>> = HashMap::new();
            for v in self.store.iter_from(Entity::Products, &prefix).filter(|v| self.served(v)) {
                let parents: Vec<String> = v["links"].as_array().into_iter().flatten()
                    .filter(|l| l["type"] == "VARIANT_OF").filter_map(|l| l["sku"].as_str().map(str::to_owned)).collect();
                for parent in parents {
                    by_parent.entry(parent).or_default().push(v.clone());
                }
            }
            by_parent
        });
        parent["sku"].as_str().and_then(|sku| by_parent.get(sku)).map_or(&[], Vec::as_slice)
    }

    /// The price in the request's price book: the nearest book up its hierarchy that holds a price
    /// for the SKU gives it whole; the currency is the base book's.
    fn price(&self, sku: &str) -> Option<Value> {
        let mut book = self.price_book.clone();
        let mut record = None;
        let mut currency = Value::Null;
        while let Some(id) = book {
            let Some(b) = self.store.get(Entity::PriceBooks, &id) else { break };
            if record.is_none() {
                record = self.store.get(Entity::Prices, &format!("{id}\u{1f}{sku}"));
            }
            currency = b.get("currency").cloned().unwrap_or(currency);
            book = b.get("parentId").and_then(Value::as_str).map(str::to_owned);
        }
        let record = record?;
        let regular = record["regular"].as_f64()?;
        let off = record["discounts"].as_array().into_iter().flatten().filter_map(|d| {
            d["price"].as_f64().or_else(|| d["percentage"].as_f64().map(|p| regular * p / 100.0))
        }).fold(0.0, f64::max);
        let money = |value: f64| json!({ "amount": { "value": round(value), "currency": currency } });
        let tiers: Vec<Value> = record["tierPrices"].as_array().into_iter().flatten().filter_map(|t| {
            let unit = t["price"].as_f64().or_else(|| t["percentage"].as_f64().map(|p| regular * (100.0 - p) / 100.0))?;
            Some(json!({ "tier": money(unit), "quantity": [{ "gte": t["qty"] }] }))
        }).collect();
        Some(json!({ "regular": money(regular), "final": money((regular - off).max(0.0)), "tiers": tiers, "roles": [] }))
    }
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A product's values of an attribute (`sku` too).
fn attribute_values(product: &Value, code: &str) -> Vec<String> {
    if code == "sku" {
        return product["sku"].as_str().map(str::to_owned).into_iter().collect();
    }
    let attribute = product["attributes"].as_array().into_iter().flatten().find(|a| a["code"] == code);
    attribute.and_then(|a| a["values"].as_array()).into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// One `SearchClauseInput`: `{attribute, eq | in | range {from, to}}`.
fn clause(product: &Value, clause: &Value) -> bool {
    let have = attribute_values(product, clause["attribute"].as_str().unwrap_or_default());
    let object: &Map<String, Value> = match clause.as_object() {
        Some(o) => o,
        None => return false,
    };
    if let Some(eq) = object.get("eq").and_then(Value::as_str) {
        return have.iter().any(|h| h == eq);
    }
    if let Some(values) = object.get("in").and_then(Value::as_array) {
        return have.iter().any(|h| values.iter().any(|v| v == h.as_str()));
    }
    if let Some(range) = object.get("range") {
        let (from, to) = (range["from"].as_f64().unwrap_or(f64::MIN), range["to"].as_f64().unwrap_or(f64::MAX));
        return have.iter().filter_map(|h| h.parse::<f64>().ok()).any(|h| h >= from && h <= to);
    }
    true
}
