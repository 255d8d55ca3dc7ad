use aco_connector::mapping::context::{Context, Settings};
use aco_connector::mapping::input::Tables;
use aco_connector::mapping::{category, metadata, price, price_book, product, Mapped};
use serde_json::Value;

pub fn catalog() -> Value {
    serde_json::from_str(include_str!("../fixtures/mapping/catalog.json")).unwrap()
}

pub fn settings(v: &Value) -> Settings {
    let s = &v["settings"];
    Settings {
        media_url: s["media_url"].as_str().unwrap().into(),
        category_media_url: s["category_media_url"].as_str().unwrap().into(),
        low_stock_threshold: s["low_stock_threshold"].as_i64().unwrap(),
        price_scope: s["price_scope"].as_i64().unwrap(),
    }
}

pub fn context_of(v: &Value) -> Context {
    Context::new(&Tables::from_json(&v["context"]).unwrap(), settings(v)).unwrap()
}

pub fn context() -> Context {
    context_of(&catalog())
}

/// Every feed of the fixture, in sending order.
pub fn all(v: &Value) -> Vec<Mapped> {
    let ctx = context_of(v);
    let mut out = metadata::map_metadata(&ctx);
    out.extend(category::map_categories(&ctx));
    out.extend(product::map_products(&ctx, &Tables::from_json(&v["products"]).unwrap()).unwrap());
    out.extend(price_book::map_price_books(&ctx));
    out.extend(price::map_prices(&ctx, &Tables::from_json(&v["prices"]).unwrap()).unwrap());
    out
}

pub fn json(m: &Mapped) -> Value {
    serde_json::from_slice(&m.result.as_ref().unwrap_or_else(|e| panic!("{} {}: {e:?}", m.key, m.scope)).body).unwrap()
}

pub fn find<'a>(items: &'a [Mapped], key: &str, scope: &str) -> &'a Mapped {
    items.iter().find(|m| &*m.key == key && &*m.scope == scope).unwrap_or_else(|| panic!("no item {key} in {scope}"))
}
