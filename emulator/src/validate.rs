//! Checks items against the contract's types (schema.rs) and the rules the contract states in prose:
//! discount/tier unions and ranges, unique codes, bundle SKUs, the 200 KB product size. Every
//! problem of every item is reported; nothing stops at the first.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::entity::{Entity, Op};
use crate::error::ItemError;
use crate::schema::{Field, Num, Req, Ty};

/// Collects the errors of one item.
struct Report<'a> {
    index: usize,
    errors: &'a mut Vec<ItemError>,
}

impl Report<'_> {
    fn add(&mut self, code: &str, message: impl Into<String>, value: Option<&Value>) {
        self.errors.push(ItemError {
            item_index: self.index,
            code: code.to_owned(),
            message: message.into(),
            value: value.map(value_text).unwrap_or_default(),
        });
    }
}

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
    let Some(fields) = entity.schema(op) else { return };
    let mut report = Report { index, errors };
    let update = op == Op::Update;
    check_object(item, fields, "", update, true, &mut report);
    if op == Op::Delete {
        return;
    }
    match entity {
        Entity::Products => check_product(item, size, max_product_bytes, &mut report),
        Entity::PriceBooks => one_of(item, "", "currency", "parentId", "a base price book has `currency`, a child `parentId`", &mut report),
        Entity::Prices => check_price(item, &mut report),
        _ => {}
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

fn check_object(v: &Value, fields: &[Field], path: &str, update: bool, top: bool, r: &mut Report) {
    let Some(obj) = v.as_object() else {
        r.add(if path.is_empty() { "item" } else { path }, "must be an object", Some(v));
        return;
    };
    for key in obj.keys() {
        if !fields.iter().any(|f| f.name == key) {
            r.add(&join(path, key), "unknown field", obj.get(key));
        }
    }
    for field in fields {
        let code = join(path, field.name);
        match obj.get(field.name) {
            None => {
                let required = match field.req {
                    Req::Key => true,
                    Req::Required => !(update && top),
                    Req::Optional => false,
                };
                if required {
                    r.add(&code, "required field is missing", None);
                }
            }
            // The one null the contract describes: detaching a variant by update.
            Some(Value::Null) if update && field.name == "variantReferenceId" => {}
            Some(Value::Null) => r.add(&code, "must not be null", Some(&Value::Null)),
            Some(value) => check_value(value, field.ty, &code, update, r),
        }
    }
}

fn check_value(v: &Value, ty: Ty, code: &str, update: bool, r: &mut Report) {
    match ty {
        Ty::Str => {
            if !v.is_string() {
                r.add(code, "must be a string", Some(v));
            }
        }
        Ty::Text => match v.as_str() {
            Some(s) if !s.trim().is_empty() => {}
            Some(_) => r.add(code, "must not be empty", Some(v)),
            None => r.add(code, "must be a string", Some(v)),
        },
        Ty::Id => match v.as_str() {
            Some("") => r.add(code, "must not be empty", Some(v)),
            Some(s) if s.trim() != s => r.add(code, "must not start or end with whitespace", Some(v)),
            Some(s) if s.chars().any(char::is_control) => r.add(code, "must not contain control characters", Some(v)),
            Some(_) => {}
            None => r.add(code, "must be a string", Some(v)),
        },
        Ty::Bool => {
            if !v.is_boolean() {
                r.add(code, "must be a boolean", Some(v));
            }
        }
        Ty::Number(rule) => match v.as_f64() {
            None => r.add(code, "must be a number", Some(v)),
            Some(n) => {
                if let Err(why) = check_number(n, rule) {
                    r.add(code, why, Some(v));
                }
            }
        },
        Ty::Enum(allowed) => match v.as_str() {
            Some(s) if allowed.contains(&s) => {}
            _ => r.add(code, format!("must be one of {}", allowed.join(", ")), Some(v)),
        },
        Ty::List(inner) => match v.as_array() {
            None => r.add(code, "must be an array", Some(v)),
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(item, *inner, &format!("{code}[{i}]"), update, r);
                }
            }
        },
        Ty::Object(fields) => check_object(v, fields, code, update, false, r),
        Ty::Slug => match v.as_str() {
            Some(s) if is_slug(s) => {}
            Some(_) => r.add(code, "segments separated by '/' may contain only lowercase letters, digits and hyphens", Some(v)),
            None => r.add(code, "must be a string", Some(v)),
        },
        Ty::Currency => match v.as_str() {
            Some(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) => {}
            _ => r.add(code, "must be an ISO 4217 currency code (three upper-case letters)", Some(v)),
        },
    }
}

fn check_number(n: f64, rule: Num) -> Result<(), &'static str> {
    let ok = match rule {
        Num::NonNegative => n >= 0.0,
        Num::NonNegativeInt => n >= 0.0 && n.fract() == 0.0,
        Num::Positive => n > 0.0,
        Num::GreaterThanOne => n > 1.0,
        Num::Percentage => (0.01..=99.99).contains(&n),
    };
    if ok {
        return Ok(());
    }
    Err(match rule {
        Num::NonNegative => "must be zero or more",
        Num::NonNegativeInt => "must be a whole number, zero or more",
        Num::Positive => "must be greater than 0",
        Num::GreaterThanOne => "must be greater than 1",
        Num::Percentage => "must be between 0.01 and 99.99",
    })
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
}

/// Untagged unions: exactly one of two fields.
fn one_of(obj: &Value, path: &str, a: &str, b: &str, what: &str, r: &mut Report) {
    let (has_a, has_b) = (obj.get(a).is_some(), obj.get(b).is_some());
    if has_a == has_b {
        let code = if path.is_empty() { a.to_owned() } else { format!("{path}.{a}") };
        r.add(&code, format!("exactly one of `{a}` and `{b}` is required: {what}"), obj.get(a));
    }
}

fn check_product(item: &Value, size: usize, max_bytes: usize, r: &mut Report) {
    if size > max_bytes {
        r.add("item", format!("product is {size} bytes, more than the {max_bytes} bytes allowed"), item.get("sku"));
    }
    if let Some(bundles) = item.get("bundles").and_then(Value::as_array) {
        let mut seen = HashSet::new();
        for (g, bundle) in bundles.iter().enumerate() {
            for (i, it) in bundle.get("items").and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(sku) = it.get("sku").and_then(Value::as_str) {
                    if !seen.insert(sku) {
                        r.add(&format!("bundles[{g}].items[{i}].sku"), "Duplicate SKU found in bundle items", it.get("sku"));
                    }
                }
            }
        }
    }
    for (c, conf) in item.get("configurations").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let ids: Vec<&str> = conf
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.get("variantReferenceId").and_then(Value::as_str))
            .collect();
        if let Some(dup) = first_duplicate(&ids) {
            r.add(&format!("configurations[{c}].values"), format!("variantReferenceId {dup:?} appears twice"), conf.get("values"));
        }
        if let Some(default) = conf.get("defaultVariantReferenceId").and_then(Value::as_str) {
            if !ids.contains(&default) {
                r.add(&format!("configurations[{c}].defaultVariantReferenceId"), "is not one of the values' variantReferenceId", conf.get("defaultVariantReferenceId"));
            }
        }
    }
}

fn check_price(item: &Value, r: &mut Report) {
    let regular = item.get("regular").and_then(Value::as_f64);
    let list = |name: &str| item.get(name).and_then(Value::as_array).cloned().unwrap_or_default();
    let discounts = list("discounts");
    let mut codes = HashMap::new();
    for (i, d) in discounts.iter().enumerate() {
        let path = format!("discounts[{i}]");
        one_of(d, &path, "price", "percentage", "a fixed amount off or a percentage", r);
        if let Some(code) = d.get("code").and_then(Value::as_str) {
            if let Some(first) = codes.insert(code.to_owned(), i) {
                r.add(&format!("{path}.code"), format!("duplicate discount code, also discounts[{first}]"), d.get("code"));
            }
        }
        if let (Some(amount), Some(regular)) = (d.get("price").and_then(Value::as_f64), regular) {
            if amount >= regular {
                r.add(&format!("{path}.price"), "the amount off must be less than `regular`", d.get("price"));
            }
        }
    }
    let mut qtys = Vec::new();
    for (i, t) in list("tierPrices").iter().enumerate() {
        let path = format!("tierPrices[{i}]");
        one_of(t, &path, "price", "percentage", "a final unit price or a percentage", r);
        if let (Some(price), Some(regular)) = (t.get("price").and_then(Value::as_f64), regular) {
            if price > regular {
                r.add(&format!("{path}.price"), "a tier price must not exceed `regular`", t.get("price"));
            }
        }
        if let Some(q) = t.get("qty").and_then(Value::as_f64) {
            if qtys.contains(&q) {
                r.add(&format!("{path}.qty"), "duplicate tier quantity", t.get("qty"));
            }
            qtys.push(q);
        }
    }
}

fn first_duplicate<'a>(items: &[&'a str]) -> Option<&'a str> {
    let mut seen = HashSet::new();
    items.iter().find(|s| !seen.insert(**s)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(entity: Entity, op: Op, item: Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let size = serde_json::to_vec(&item).map_or(0, |v| v.len());
        check_item(entity, op, 0, &item, size, 200 * 1024, &mut out);
        out.into_iter().map(|e| (e.code, e.message)).collect()
    }

    fn product() -> Value {
        json!({"sku": "a", "source": {"locale": "en"}, "name": "A", "slug": "a", "status": "ENABLED"})
    }

    #[test]
    fn a_minimal_product_is_valid() {
        assert_eq!(errors(Entity::Products, Op::Create, product()), vec![]);
    }

    #[test]
    fn every_problem_is_reported_with_its_field_path() {
        let mut p = product();
        p["status"] = json!("LIVE");
        p["attributes"] = json!([{"code": "color", "values": [1]}]);
        p["extra"] = json!(true);
        p.as_object_mut().unwrap().remove("name");
        let codes: Vec<String> = errors(Entity::Products, Op::Create, p).into_iter().map(|e| e.0).collect();
        assert_eq!(codes, ["extra", "name", "status", "attributes[0].values[0]"]);
    }

    #[test]
    fn update_needs_only_the_key_but_nested_required_fields_stay_required() {
        let patch = json!({"sku": "a", "source": {"locale": "en"}, "images": [{"label": "x"}]});
        assert_eq!(errors(Entity::Products, Op::Update, patch), vec![("images[0].url".into(), "required field is missing".into())]);
        let detach = json!({"sku": "a", "source": {"locale": "en"}, "attributes": [{"code": "c", "values": ["v"], "variantReferenceId": null}]});
        assert_eq!(errors(Entity::Products, Op::Update, detach), vec![]);
    }

    #[test]
    fn price_rules_from_the_contract() {
        let bad = json!({"sku": "a", "priceBookId": "b", "regular": 20,
            "discounts": [{"code": "x", "price": 25}, {"code": "x", "percentage": 100}, {"code": "y", "price": 1, "percentage": 2}],
            "tierPrices": [{"qty": 1, "price": 5}, {"qty": 3, "price": 30}]});
        let codes: Vec<String> = errors(Entity::Prices, Op::Create, bad).into_iter().map(|e| e.0).collect();
        assert_eq!(codes, [
            "discounts[1].percentage", "tierPrices[0].qty",
            "discounts[0].price", "discounts[1].code", "discounts[2].price", "tierPrices[1].price",
        ]);
    }

    #[test]
    fn price_book_is_base_or_child_never_both() {
        let both = json!({"priceBookId": "b", "name": "B", "currency": "USD", "parentId": "a"});
        assert_eq!(errors(Entity::PriceBooks, Op::Create, both).len(), 1);
        let child = json!({"priceBookId": "b", "name": "B", "parentId": "a"});
        assert!(errors(Entity::PriceBooks, Op::Create, child).is_empty());
        let bad_currency = json!({"priceBookId": "b", "name": "B", "currency": "usd"});
        assert_eq!(errors(Entity::PriceBooks, Op::Create, bad_currency)[0].0, "currency");
    }

    #[test]
    fn slugs_and_bundle_skus() {
        assert!(is_slug("men/clothing-2"));
        for bad in ["Men", "men//x", "men/", "mén", ""] {
            assert!(!is_slug(bad), "{bad}");
        }
        let mut p = product();
        p["bundles"] = json!([{"group": "g1", "items": [{"sku": "x"}]}, {"group": "g2", "items": [{"sku": "x"}]}]);
        assert_eq!(errors(Entity::Products, Op::Create, p), vec![("bundles[1].items[0].sku".into(), "Duplicate SKU found in bundle items".into())]);
    }

    #[test]
    fn oversized_product_is_an_item_error() {
        let mut p = product();
        p["description"] = json!("x".repeat(210 * 1024));
        assert_eq!(errors(Entity::Products, Op::Create, p)[0].0, "item");
    }
}
