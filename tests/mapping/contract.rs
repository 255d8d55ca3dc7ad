//! Any rows the readers can produce map to payloads valid under ACO's published contract (issue 28):
//! Adobe's OpenAPI document, vendored in emulator/contract/ (ids and parent ids 1–64 characters,
//! currency ≤ 5, category name 1–128 and slug pattern, int32 positions), and the rules its text states
//! (tier qty > 1, percentages 0.01–99.99, a fixed discount above 0 and below the regular price, a tier
//! price above 0 and at most the regular price). `violations` reads a payload against both.

use aco_connector::mapping::input::Tables;
use aco_connector::mapping::{category, price, price_book, product, Mapped};
use aco_connector::transport::Endpoint;
use aco_emulator::contract::Contract;
use aco_emulator::entity::{Entity, Op};
use aco_emulator::rules;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::fixture::*;

/// What a payload breaks of Adobe's published contract: the vendored OpenAPI document and the rules
/// it states in prose, as the emulator reads them (emulator/contract/); empty when within it.
pub fn violations(endpoint: Endpoint, p: &Value) -> Vec<String> {
    let (name, op) = endpoint.name().split_once('.').map_or((endpoint.name(), Op::Create), |(name, _)| (name, Op::Delete));
    let entity = Entity::ALL.into_iter().find(|e| e.name() == name).expect("every endpoint is an entity of the contract");
    let mut errors = Vec::new();
    Contract::get().expect("the vendored contract compiles").check(entity, op, 0, p, &mut errors);
    rules::check(entity, op, 0, p, &mut errors);
    // the emulator's messages start with their field, as ACO's do
    errors.into_iter().map(|e| format!("{} (value {}): {p}", e.message, e.value)).collect()
}

fn code() -> impl Strategy<Value = String> {
    // Magento's website and store view codes: a letter, then letters, digits and '_', at most 32
    "[a-z][a-z0-9_]{0,31}"
}

fn amount() -> impl Strategy<Value = String> {
    prop_oneof![Just("0".to_owned()), Just("0.000000".to_owned()), "[0-9]{1,5}\\.[0-9]{6}", "[0-9]{1,3}"]
}

fn tier() -> impl Strategy<Value = Value> {
    let qty = prop_oneof![Just("1.0000"), Just("0.5000"), Just("2.0000"), Just("5.0000"), Just("10.0000")];
    let percentage = prop_oneof![Just(Value::Null), Just(json!("100.00")), Just(json!("0.00")), "[0-9]{1,2}\\.[0-9]{2}".prop_map(Value::from)];
    (any::<bool>(), prop_oneof![Just(0), Just(2)], qty, amount(), 0..3i64, percentage).prop_map(|(all, group, qty, price, website, pct)| json!([20, i64::from(all), group, qty, price, website, pct]))
}

fn mapped(v: &Value) -> Vec<Mapped> {
    let ctx = context_of(v);
    let mut out = category::map_categories(&ctx);
    out.extend(product::map_products(&ctx, &Tables::from_json(&v["products"]).unwrap()).unwrap());
    out.extend(price_book::map_price_books(&ctx));
    out.extend(price::map_prices(&ctx, &Tables::from_json(&v["prices"]).unwrap()).unwrap());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_rows_the_readers_can_produce_map_within_the_contracts_limits(
        websites in (code(), code()), store in code(), group in 0..=i64::from(u32::MAX),
        name in "\\PC{1,255}", url_key in "[a-zA-Z0-9_ -]{1,12}", positions in (any::<i32>(), any::<i32>()),
        regular in amount(), special in amount(), rule in amount(), tiers in prop::collection::vec(tier(), 0..6),
    ) {
        let mut v = catalog();
        let c = &mut v["context"];
        c["websites"][0][1] = json!(format!("a{}", websites.0.get(1..).unwrap_or_default()));
        c["websites"][1][1] = json!(format!("b{}", websites.1.get(1..).unwrap_or_default()));
        c["stores"][0][1] = json!(store);
        c["groups"][1][0] = json!(group);
        c["categories"][2][4] = json!(positions.0);
        c["categoryValues"].as_array_mut().unwrap().extend([json!([3, "name", 0, name]), json!([4, "url_path", 0, format!("men/{url_key}")])]);
        v["products"]["categories"][0][2] = json!(positions.1);
        let p = &mut v["prices"];
        p["values"] = json!([[11, "price", 0, regular], [20, "price", 0, regular], [20, "special_price", 0, special]]);
        p["rules"] = json!([[20, 1, group, rule]]);
        p["tiers"] = json!(tiers);
        for m in mapped(&v) {
            if let Ok(payload) = &m.result {
                let body: Value = serde_json::from_slice(&payload.body).unwrap();
                let broken = violations(m.endpoint, &body);
                prop_assert!(broken.is_empty(), "{} {}: {broken:?}", m.key, m.scope);
            }
        }
    }
}

#[test]
fn violations_name_what_the_contract_refuses() {
    assert!(violations(Endpoint::Prices, &json!({"sku": "s", "priceBookId": "base", "regular": 10})).is_empty());
    let discount = violations(Endpoint::Prices, &json!({"sku": "s", "priceBookId": "base", "regular": 10, "discounts": [{"code": "d", "price": 10}]}));
    assert!(matches!(discount.as_slice(), [one] if one.starts_with("discounts[0].price: ")), "{discount:?}");
    let book = violations(Endpoint::PriceBooks, &json!({"priceBookId": "b".repeat(65), "name": "B", "currency": "USD"}));
    assert!(matches!(book.as_slice(), [one] if one.starts_with("priceBookId")), "{book:?}");
}
