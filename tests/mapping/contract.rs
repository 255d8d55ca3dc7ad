//! Any rows the readers can produce map to payloads within the limits ACO's contract publishes
//! (issue 28: ids and parent ids 1–64 characters, currency ≤ 5, category name 1–128 and slug pattern,
//! int32 positions, tier qty > 1, percentages 0.01–99.99, a fixed discount above 0 and below the
//! regular price, a tier price above 0 and at most the regular price). `violations` is the one place
//! that reads a payload against them, so it can later be pointed at Adobe's OpenAPI document.

use aco_connector::mapping::input::Tables;
use aco_connector::mapping::limits::{valid_slug, MAX_CATEGORY_NAME, MAX_CURRENCY, MAX_ID};
use aco_connector::mapping::{category, price, price_book, product, Mapped};
use aco_connector::transport::Endpoint;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::fixture::*;

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn int32(v: &Value) -> bool {
    v.as_i64().is_some_and(|p| i32::try_from(p).is_ok())
}

/// What a payload breaks of the contract's published limits (empty when within them).
pub fn violations(endpoint: Endpoint, p: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            out.push(format!("{what}: {p}"));
        }
    };
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    match endpoint {
        Endpoint::PriceBooks => {
            check((1..=MAX_ID).contains(&chars(&p["priceBookId"])), "priceBookId 1–64");
            check(p.get("parentId").is_none_or(|v| (1..=MAX_ID).contains(&chars(v))), "parentId 1–64");
            check(p.get("currency").is_none_or(|v| chars(v) <= MAX_CURRENCY), "currency ≤ 5");
        }
        Endpoint::Prices => {
            let regular = number(&p["regular"]);
            check((1..=MAX_ID).contains(&chars(&p["priceBookId"])), "priceBookId 1–64");
            check(regular >= 0.0, "regular ≥ 0");
            for d in p["discounts"].as_array().into_iter().flatten() {
                check(d.get("price").is_none_or(|v| number(v) > 0.0 && number(v) < regular), "discount price positive, below regular");
                check(d.get("percentage").is_none_or(|v| (0.01..=99.99).contains(&number(v))), "discount percentage 0.01–99.99");
            }
            for t in p["tierPrices"].as_array().into_iter().flatten() {
                check(number(&t["qty"]) > 1.0, "tier qty > 1");
                check(t.get("price").is_none_or(|v| number(v) > 0.0 && number(v) <= regular), "tier price positive, ≤ regular");
                check(t.get("percentage").is_none_or(|v| (0.01..=99.99).contains(&number(v))), "tier percentage 0.01–99.99");
            }
        }
        Endpoint::Categories => {
            check((1..=MAX_CATEGORY_NAME).contains(&chars(&p["name"])), "name 1–128");
            check(p["slug"].as_str().is_some_and(valid_slug), "slug pattern, 1–1024");
            check(p.get("position").is_none_or(int32), "position int32");
        }
        Endpoint::Products => {
            for r in p["routes"].as_array().into_iter().flatten() {
                check(r.get("position").is_none_or(int32), "routes.position int32");
            }
        }
        _ => {}
    }
    out
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
