//! Golden payloads: the whole mapped fixture, one JSON document per entity type, compared with the
//! files under tests/fixtures/mapping/expected/. Set ACO_UPDATE_GOLDEN=1 to rewrite them (then read
//! the diff: a golden file is a reviewed statement of what ACO receives).

use crate::fixture::*;
use serde_json::{json, Value};

fn document(items: &[aco_connector::mapping::Mapped], endpoint: aco_connector::transport::Endpoint) -> Value {
    let items: Vec<Value> = items
        .iter()
        .filter(|m| m.endpoint == endpoint)
        .map(|m| match &m.result {
            Ok(p) => json!({"scope": &*m.scope, "feedId": m.feed_id, "hash": p.hash, "payload": serde_json::from_slice::<Value>(&p.body).unwrap(),
                "delete": serde_json::from_slice::<Value>(&m.delete).unwrap()}),
            Err(e) => json!({"scope": &*m.scope, "key": &*m.key, "error": {"field": e.field, "message": e.message}}),
        })
        .collect();
    Value::Array(items)
}

#[test]
fn every_entity_type_matches_its_golden_file() {
    use aco_connector::transport::Endpoint::*;
    let items = all(&catalog());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mapping/expected");
    for (name, endpoint) in [("metadata", ProductMetadata), ("categories", Categories), ("products", Products), ("price-books", PriceBooks), ("prices", Prices)] {
        let path = format!("{dir}/{name}.json");
        let actual = serde_json::to_string_pretty(&document(&items, endpoint)).unwrap() + "\n";
        if std::env::var_os("ACO_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(expected == actual, "{name}: mapping differs from {path} (ACO_UPDATE_GOLDEN=1 rewrites it; review the diff)");
    }
}
