//! The bad-input corpus (tests/fixtures/bad-input/): each case breaks the fixture catalog in one way
//! and names the items that must fail, with the field. Every named item fails with that field and a
//! message; every other item of the feed maps as before. Config cases must be refused naming the field.

use aco_connector::mapping::input::{Cell, Tables};
use aco_connector::mapping::{category, price, price_book, product, Mapped};
use aco_connector::secret::Secret;
use aco_connector::transport::ClientConfig;
use serde_json::Value;

use crate::fixture::*;

const INVALID_UTF8: &str = "<<invalid-utf8>>";

fn matches(row: &Value, prefix: &Value) -> bool {
    prefix.as_array().unwrap().iter().enumerate().all(|(i, v)| &row[i] == v)
}

fn apply(catalog: &mut Value, edit: &Value) {
    let (section, table) = edit["table"].as_str().unwrap().split_once('.').unwrap();
    let rows = catalog[section][table].as_array_mut().unwrap_or_else(|| panic!("no table {section}.{table}"));
    match edit["op"].as_str().unwrap() {
        "set" => {
            let index = edit["index"].as_u64().unwrap() as usize;
            let hit = rows.iter_mut().filter(|r| matches(r, &edit["match"])).map(|r| r[index] = edit["value"].clone()).count();
            assert!(hit > 0, "edit matched no row: {edit}");
        }
        "remove" => {
            let before = rows.len();
            rows.retain(|r| !matches(r, &edit["match"]));
            assert!(rows.len() < before, "edit matched no row: {edit}");
        }
        "add" => rows.push(edit["row"].clone()),
        other => panic!("unknown op {other}"),
    }
}

/// Tables from JSON, with the invalid-UTF-8 marker turned into what PHP hands over for broken bytes.
fn tables(v: &Value) -> Tables {
    Tables::from_json_edited(v, |_, row| {
        for cell in row.iter_mut().filter(|c| **c == Cell::Str(INVALID_UTF8)) {
            *cell = Cell::Invalid("Caf\u{fffd}(");
        }
    })
    .unwrap()
}

fn map(feed: &str, catalog: &Value) -> Vec<Mapped> {
    let ctx = aco_connector::mapping::context::Context::new(&tables(&catalog["context"]), settings(catalog)).unwrap();
    match feed {
        "products" => product::map_products(&ctx, &tables(&catalog["products"])).unwrap(),
        "prices" => price::map_prices(&ctx, &tables(&catalog["prices"])).unwrap(),
        "categories" => category::map_categories(&ctx),
        "priceBooks" => price_book::map_price_books(&ctx),
        other => panic!("unknown feed {other}"),
    }
}

#[test]
fn every_bad_record_fails_alone_naming_its_field() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("../fixtures/bad-input/catalog-cases.json")).unwrap();
    assert!(cases.len() >= 50, "the corpus keeps at least 50 catalog cases");
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let feed = case["feed"].as_str().unwrap();
        let baseline = map(feed, &catalog());
        let mut broken = catalog();
        for edit in case["edits"].as_array().unwrap() {
            apply(&mut broken, edit);
        }
        let items = map(feed, &broken);
        let expected = case["expect"].as_array().unwrap();
        let mut failing = 0;
        let mut named: Vec<(i64, String)> = Vec::new();
        for e in expected {
            let item = items
                .iter()
                .find(|m| &*m.key == e["key"].as_str().unwrap() && &*m.scope == e["scope"].as_str().unwrap() && e.get("entity").is_none_or(|id| id.as_i64() == Some(m.entity_id)))
                .unwrap_or_else(|| panic!("{name}: no item {e}"));
            named.push((item.entity_id, item.scope.to_string()));
            let err = item.result.as_ref().err().unwrap_or_else(|| panic!("{name}: {e} mapped without error"));
            if let Some(field) = e["field"].as_str() {
                assert_eq!(err.field, field, "{name}: {}", err.message);
            }
            assert!(!err.message.is_empty(), "{name}");
            // shown as "field: message" (aco:status, the admin grid): the message does not repeat it
            assert!(!err.message.starts_with(&format!("{}:", err.field)), "{name}: {}", err.message);
            failing += 1;
        }
        let errors = items.iter().filter(|m| m.result.is_err()).count();
        assert_eq!(errors, failing, "{name}: only the named items fail: {:?}", items.iter().filter_map(|m| m.result.as_ref().err()).collect::<Vec<_>>());
        // every other item maps exactly as before
        // items the breakage legitimately removes (an inactive category is not exported)
        let gone = |m: &Mapped| case.get("gone").and_then(Value::as_array).into_iter().flatten().any(|g| g["key"] == *m.key && g["scope"] == *m.scope);
        for g in baseline.iter().filter(|m| gone(m)) {
            assert!(!items.iter().any(|m| m.key == g.key && m.scope == g.scope), "{name}: {} @ {} should be gone", g.key, g.scope);
        }
        for before in baseline.iter().filter(|m| !named.contains(&(m.entity_id, m.scope.to_string())) && !gone(m)) {
            let after = items.iter().find(|m| m.entity_id == before.entity_id && m.key == before.key && m.scope == before.scope);
            assert_eq!(after.map(|m| &m.result), Some(&before.result), "{name}: {} @ {} changed", before.key, before.scope);
        }
    }
}

#[test]
fn hostile_configuration_values_are_refused_naming_the_field() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("../fixtures/bad-input/config-cases.json")).unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let (name, field, value) = (case["name"].as_str().unwrap(), case["field"].as_str().unwrap(), case["value"].as_str().unwrap());
        let mut c = ClientConfig::new("na1", "sandbox", "tenant", "client", Secret::new("secret")).unwrap();
        match field {
            "tenant_id" => c.tenant_id = value.into(),
            "region" => c.region = value.into(),
            "client_id" => c.client_id = value.into(),
            "org_id" => c.org_id = value.into(),
            "client_secret" => c.client_secret = Secret::new(value),
            "api_base_url" => c.api_base_url = Some(value.into()),
            "ims_base_url" => c.ims_base_url = Some(value.into()),
            other => panic!("{other}"),
        }
        match c.validate(true) {
            Err(aco_connector::Error::InvalidArgument { field: got, reason }) => {
                assert_eq!(got, field, "{name}: {reason}");
                assert!(!reason.contains("secret") || field == "client_secret", "{name}");
            }
            other => panic!("{name}: accepted ({other:?})"),
        }
    }
}
