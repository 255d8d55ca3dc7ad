//! The rules Adobe's OpenAPI document states only in prose, each with the text it comes from
//! (contract/catalog-ingestion-openapi-spec.yaml); its schemas are checked by `contract.rs`.

use std::collections::HashSet;

use serde_json::Value;

use crate::contract::join;
use crate::entity::{Entity, Op};
use crate::error::ItemError;
use crate::validate::value_text;

/// Appends to `errors` what item `index` breaks of the prose rules of its endpoint.
pub fn check(entity: Entity, op: Op, index: usize, item: &Value, errors: &mut Vec<ItemError>) {
    let mut report = |code: String, rule: &str, value: Option<&Value>| {
        let message = format!("{code}: {rule}");
        errors.push(ItemError { item_index: index, code, message, value: value.map(value_text).unwrap_or_default() });
    };
    match (entity, op) {
        (Entity::Prices, Op::Create | Op::Update) => price(item, &mut report),
        (Entity::Products, Op::Create | Op::Update) => bundles(item, &mut report),
        _ => {}
    }
}

type Report<'r> = dyn FnMut(String, &str, Option<&Value>) + 'r;

fn list<'a>(item: &'a Value, name: &str) -> &'a [Value] {
    item.get(name).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn number<'a>(item: &'a Value, name: &str) -> Option<(f64, &'a Value)> {
    let value = item.get(name)?;
    Some((value.as_f64()?, value))
}

fn price(item: &Value, report: &mut Report) {
    let regular = number(item, "regular").map(|(n, _)| n);
    // InvalidItemsResponse: "Invalid Price Format: Non-numeric or negative price values"
    if let Some((n, v)) = number(item, "regular").filter(|(n, _)| *n < 0.0) {
        report("regular".into(), &format!("must not be negative, not {n}"), Some(v));
    }
    let mut codes = HashSet::new();
    for (i, discount) in list(item, "discounts").iter().enumerate() {
        let at = |name: &str| join(&format!("discounts[{i}]"), name);
        // DiscountsFinalPrice.price: "Must be a positive number less than the regular price."
        if let Some((amount, v)) = number(discount, "price") {
            if amount <= 0.0 || regular.is_some_and(|r| amount >= r) {
                report(at("price"), "a fixed discount must be a positive number less than the regular price", Some(v));
            }
        }
        // DiscountsPercentage.percentage: "Valid range is 0.01 to 99.99 (1% to 99.99%)."
        percentage(discount, &at("percentage"), report);
        // DiscountsFinalPrice.code: "Unique identifier for the discount. Must be unique within the price record."
        if let Some(code) = discount.get("code").and_then(Value::as_str) {
            if !codes.insert(code) {
                report(at("code"), "a discount code must be unique within the price record", discount.get("code"));
            }
        }
    }
    let mut previous: Option<f64> = None;
    for (i, tier) in list(item, "tierPrices").iter().enumerate() {
        let at = |name: &str| join(&format!("tierPrices[{i}]"), name);
        if let Some((qty, v)) = number(tier, "qty") {
            // TierFinalPrice.qty / TierPercentage.qty: "Must be greater than 1."
            if qty <= 1.0 {
                report(at("qty"), "a tier quantity must be greater than 1", Some(v));
            }
            // InvalidItemsResponse: "Invalid Tier Quantities: Quantities not in ascending order or less than 2"
            if previous.is_some_and(|p| qty <= p) {
                report(at("qty"), "tier quantities must be in ascending order", Some(v));
            }
            previous = Some(qty);
        }
        // TierFinalPrice.price: "Must be a positive number less than or equal to the regular price."
        if let Some((price, v)) = number(tier, "price") {
            if price <= 0.0 || regular.is_some_and(|r| price > r) {
                report(at("price"), "a tier price must be a positive number less than or equal to the regular price", Some(v));
            }
        }
        // TierPercentage.percentage: "Valid range is 0.01 to 99.99 (1% to 99.99%)."
        percentage(tier, &at("percentage"), report);
    }
}

fn percentage(item: &Value, code: &str, report: &mut Report) {
    if let Some((n, v)) = number(item, "percentage").filter(|(n, _)| !(0.01..=99.99).contains(n)) {
        report(code.to_owned(), &format!("a percentage must be from 0.01 to 99.99, not {n}"), Some(v));
    }
}

/// createProducts: "A simple product can be included only once in each bundle. If the same item is
/// specified in multiple groups, the API returns a `Duplicate SKU found in bundle items` error."
fn bundles(item: &Value, report: &mut Report) {
    let mut seen = HashSet::new();
    for (g, bundle) in list(item, "bundles").iter().enumerate() {
        for (i, it) in list(bundle, "items").iter().enumerate() {
            if let Some(sku) = it.get("sku").and_then(Value::as_str) {
                if !seen.insert(sku) {
                    report(format!("bundles[{g}].items[{i}].sku"), "Duplicate SKU found in bundle items", it.get("sku"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(entity: Entity, item: Value) -> Vec<String> {
        let mut out = Vec::new();
        check(entity, Op::Create, 0, &item, &mut out);
        out.into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn price_rules_the_contract_states() {
        let bad = json!({"sku": "a", "priceBookId": "b", "regular": 20,
            "discounts": [{"code": "x", "price": 20}, {"code": "x", "percentage": 100}, {"code": "y", "price": 0}],
            "tierPrices": [{"qty": 1, "price": 5}, {"qty": 3, "price": 30}, {"qty": 3, "percentage": 0}]});
        assert_eq!(codes(Entity::Prices, bad), [
            "discounts[0].price", "discounts[1].percentage", "discounts[1].code", "discounts[2].price",
            "tierPrices[0].qty", "tierPrices[1].price", "tierPrices[2].qty", "tierPrices[2].percentage",
        ]);
        let good = json!({"sku": "a", "priceBookId": "b", "regular": 20,
            "discounts": [{"code": "x", "price": 19.99}, {"code": "y", "percentage": 99.99}],
            "tierPrices": [{"qty": 2, "price": 20}, {"qty": 2.5, "percentage": 0.01}]});
        assert_eq!(codes(Entity::Prices, good), Vec::<String>::new());
        assert_eq!(codes(Entity::Prices, json!({"sku": "a", "priceBookId": "b", "regular": -1})), ["regular"]);
    }

    #[test]
    fn a_sku_is_in_a_bundle_once() {
        let p = json!({"bundles": [{"group": "g1", "items": [{"sku": "x"}]}, {"group": "g2", "items": [{"sku": "x"}]}]});
        assert_eq!(codes(Entity::Products, p), ["bundles[1].items[0].sku"]);
    }
}
