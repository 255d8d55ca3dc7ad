//! One item against the contract: the OpenAPI document's schema of its endpoint (`contract.rs`), the
//! rules the document states in prose (`rules.rs`), and the product size limit of ACO's design doc
//! (a guess: the document gives none; README). Every problem of every item is reported.

use serde_json::Value;

use crate::contract::Contract;
use crate::entity::{Entity, Op};
use crate::error::ItemError;
use crate::rules;

/// The value "as a string", as the contract's `FeedItemFailedValidationResult.value` wants it.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Validates item `index` of a request for `entity`/`op`, appending to `errors`; `size` is the
/// item's length as compact JSON.
pub fn check_item(entity: Entity, op: Op, index: usize, item: &Value, size: usize, max_product_bytes: usize, errors: &mut Vec<ItemError>) {
    match Contract::get() {
        Ok(contract) => contract.check(entity, op, index, item, errors),
        Err(broken) => {
            let message = format!("the emulator's contract file does not load: {broken}");
            errors.push(ItemError { item_index: index, code: "item".into(), message, value: String::new() });
            return;
        }
    }
    rules::check(entity, op, index, item, errors);
    if entity == Entity::Products && op != Op::Delete && size > max_product_bytes {
        let message = format!("item: the product is {size} bytes, more than the {max_product_bytes} bytes allowed");
        errors.push(ItemError { item_index: index, code: "item".into(), message, value: item.get("sku").map(value_text).unwrap_or_default() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(entity: Entity, op: Op, item: Value) -> Vec<String> {
        let mut out = Vec::new();
        let size = serde_json::to_vec(&item).map_or(0, |v| v.len());
        check_item(entity, op, 0, &item, size, 200 * 1024, &mut out);
        out.into_iter().map(|e| e.code).collect()
    }

    fn product() -> Value {
        json!({"sku": "a", "source": {"locale": "en"}, "name": "A", "slug": "a", "status": "ENABLED"})
    }

    fn category() -> Value {
        json!({"slug": "men/tops", "source": {"locale": "en"}, "name": "Tops"})
    }

    const NONE: [&str; 0] = [];

    #[test]
    fn a_minimal_product_is_valid_and_fields_the_document_does_not_close_are_accepted() {
        assert_eq!(codes(Entity::Products, Op::Create, product()), NONE);
        let mut p = product();
        // FeedProduct has no additionalProperties: false; ids are plain strings (no length, no pattern)
        p["madeUp"] = json!(true);
        p["sku"] = json!(format!(" {} ", "é/+ ".repeat(40)));
        p["routes"] = json!([{"path": "men/tops", "position": -55}]);
        assert_eq!(codes(Entity::Products, Op::Create, p), NONE);
    }

    #[test]
    fn what_the_document_refuses_is_refused() {
        let mut p = product();
        p["routes"] = json!([{"path": "men", "position": 1.5}]);
        p["status"] = json!("LIVE");
        p["attributes"] = json!([{"code": "color", "values": [1]}]);
        p.as_object_mut().unwrap().remove("name");
        assert_eq!(codes(Entity::Products, Op::Create, p).len(), 4);

        let mut c = category();
        c["name"] = json!("n".repeat(129));
        c["extra"] = json!(1);
        c["slug"] = json!("Men/Tops");
        let mut got = codes(Entity::Categories, Op::Create, c);
        got.sort();
        assert_eq!(got, ["extra", "name", "slug"]);
        let ok = json!({"slug": "s".repeat(1024), "source": {"locale": "en"}, "name": "n".repeat(128)});
        assert_eq!(codes(Entity::Categories, Op::Create, ok), NONE);

        let book = |id: String| json!({"priceBookId": id, "name": "B", "currency": "USD"});
        assert_eq!(codes(Entity::PriceBooks, Op::Create, book("b".repeat(64))), NONE);
        assert_eq!(codes(Entity::PriceBooks, Op::Create, book("b".repeat(65))).len(), 1);
    }

    #[test]
    fn a_price_book_is_base_or_child_never_both() {
        let both = json!({"priceBookId": "b", "name": "B", "currency": "USD", "parentId": "a"});
        assert_eq!(codes(Entity::PriceBooks, Op::Create, both), ["item"]);
        let child = json!({"priceBookId": "b", "name": "B", "parentId": "a"});
        assert_eq!(codes(Entity::PriceBooks, Op::Create, child), NONE);
        // currency: minLength 1, maxLength 5, no pattern
        let currency = json!({"priceBookId": "b", "name": "B", "currency": "usd"});
        assert_eq!(codes(Entity::PriceBooks, Op::Create, currency), NONE);
    }

    #[test]
    fn an_update_needs_only_its_key_but_nested_required_fields_stay_required() {
        let patch = json!({"sku": "a", "source": {"locale": "en"}, "images": [{"label": "x"}]});
        assert_eq!(codes(Entity::Products, Op::Update, patch), ["images[0].url"]);
        let detach = json!({"sku": "a", "source": {"locale": "en"}, "attributes": [{"code": "c", "values": ["v"], "variantReferenceId": null}]});
        assert_eq!(codes(Entity::Products, Op::Update, detach), NONE);
    }

    #[test]
    fn prose_rules_apply_after_the_schema() {
        let price = json!({"sku": "a", "priceBookId": "b", "regular": 10, "discounts": [{"code": "s", "price": 10}]});
        assert_eq!(codes(Entity::Prices, Op::Create, price), ["discounts[0].price"]);
    }

    #[test]
    fn an_oversized_product_is_an_item_error() {
        let mut p = product();
        p["description"] = json!("x".repeat(210 * 1024));
        assert_eq!(codes(Entity::Products, Op::Create, p), ["item"]);
    }
}
