//! What the emulated ACO holds, and the contract's semantics for writing it: create-or-replace,
//! PATCH merge, deletes (cascading for categories and price books), and the checks that need the
//! stored data (price-book parents and depth, category parents, layer base products).
//!
//! Items are kept as their compact JSON text and parsed when read: a parsed `Value` tree took ~4 GB
//! for a 100k-product catalog (1.1 M items), and growing it made ingest twice as slow as at 10k.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::entity::{lookup, Entity, Op};
use crate::error::ItemError;
use crate::validate::value_text;

/// Price books may nest this many levels, the base book included (contract: "3 levels").
pub const MAX_PRICE_BOOK_DEPTH: usize = 3;

#[derive(Default, Serialize, Deserialize)]
pub struct Store {
    /// Per entity: item key (see `Entity::key`) → the item as last written, as JSON text.
    items: BTreeMap<Entity, BTreeMap<String, Box<RawValue>>>,
    /// Per entity: when it last changed (Unix ms).
    updated_ms: BTreeMap<Entity, u64>,
}

/// Stored text is always what `to_raw` wrote, so it parses.
fn parse(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// An item's compact JSON: what the store keeps.
pub fn to_raw(item: &Value) -> Box<RawValue> {
    serde_json::value::to_raw_value(item).unwrap_or_default()
}

impl Store {
    pub fn get(&self, entity: Entity, key: &str) -> Option<Value> {
        self.items.get(&entity)?.get(key).map(|raw| parse(raw))
    }

    pub fn contains(&self, entity: Entity, key: &str) -> bool {
        self.items.get(&entity).is_some_and(|m| m.contains_key(key))
    }

    /// Items in key order, parsed one at a time.
    pub fn iter(&self, entity: Entity) -> impl Iterator<Item = Value> + '_ {
        self.raw(entity).map(|(_, raw)| parse(raw))
    }

    /// Keys and stored text, in key order: for what needs no parsing (counts by key, listings).
    pub fn raw(&self, entity: Entity) -> impl Iterator<Item = (&str, &RawValue)> + '_ {
        self.items.get(&entity).into_iter().flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), &**v)))
    }

    /// Items whose key starts with `prefix` (a product's source: `"{locale}\u{1f}"`), in key order.
    pub fn iter_from<'s>(&'s self, entity: Entity, prefix: &'s str) -> impl Iterator<Item = Value> + 's {
        let items = self.items.get(&entity).into_iter().flat_map(move |m| m.range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded)));
        items.take_while(move |(k, _)| k.starts_with(prefix)).map(|(_, raw)| parse(raw))
    }

    pub fn count(&self, entity: Entity) -> usize {
        self.items.get(&entity).map_or(0, BTreeMap::len)
    }

    pub fn updated_ms(&self, entity: Entity) -> Option<u64> {
        self.updated_ms.get(&entity).copied()
    }

    fn map(&mut self, entity: Entity) -> &mut BTreeMap<String, Box<RawValue>> {
        self.items.entry(entity).or_default()
    }

    /// The checks that depend on stored data (and on earlier items of the same request).
    pub fn check(&self, entity: Entity, op: Op, items: &[Value], errors: &mut Vec<ItemError>) {
        let mut err = |index: usize, code: &str, message: String, value: Option<&Value>| {
            errors.push(ItemError { item_index: index, code: code.into(), message, value: value.map(value_text).unwrap_or_default() });
        };
        match (entity, op) {
            (Entity::PriceBooks, Op::Create | Op::Update) => {
                // parent of each book known so far: stored, then earlier in this request
                let stored: Vec<Value> = self.iter(Entity::PriceBooks).collect();
                let mut parents: HashMap<&str, Option<&str>> = stored
                    .iter()
                    .filter_map(|b| Some((b.get("priceBookId")?.as_str()?, b.get("parentId").and_then(Value::as_str))))
                    .collect();
                for (i, book) in items.iter().enumerate() {
                    let Some(id) = book.get("priceBookId").and_then(Value::as_str) else { continue };
                    let parent = book.get("parentId").and_then(Value::as_str);
                    match (parents.get(id), parent, op) {
                        (Some(Some(old)), Some(new), Op::Create) if *old != new => err(i, "parentId", format!("price book {id:?} already has parent {old:?}; parentId cannot change: delete and re-create it"), book.get("parentId")),
                        (Some(None), Some(_), _) => err(i, "parentId", format!("price book {id:?} is a base price book and cannot become a child"), book.get("parentId")),
                        (Some(Some(_)), None, _) => err(i, "currency", format!("price book {id:?} is a child and inherits its currency; send its parentId"), book.get("currency")),
                        _ => {}
                    }
                    if let Some(parent) = parent {
                        match depth(&parents, parent) {
                            None => err(i, "parentId", format!("parent price book {parent:?} does not exist"), book.get("parentId")),
                            Some(d) if d + 1 > MAX_PRICE_BOOK_DEPTH => err(i, "parentId", format!("nesting deeper than {MAX_PRICE_BOOK_DEPTH} levels"), book.get("parentId")),
                            Some(_) => {}
                        }
                    }
                    parents.entry(id).or_insert(parent);
                }
            }
            (Entity::Categories, Op::Create) => {
                let mut known: Vec<String> = Vec::new();
                for (i, cat) in items.iter().enumerate() {
                    let (Some(slug), Some(locale)) = (cat.get("slug").and_then(Value::as_str), lookup(cat, "source.locale").and_then(Value::as_str)) else { continue };
                    if let Some((parent, _)) = slug.rsplit_once('/') {
                        let key = format!("{locale}\u{1f}{parent}");
                        if !self.contains(Entity::Categories, &key) && !known.contains(&key) {
                            err(i, "slug", format!("parent category {parent:?} does not exist in {locale:?}; send parents first"), cat.get("slug"));
                        }
                    }
                    known.push(format!("{locale}\u{1f}{slug}"));
                }
            }
            (Entity::Layers, Op::Create) => {
                for (i, layer) in items.iter().enumerate() {
                    let Some(sku) = layer.get("sku").and_then(Value::as_str) else { continue };
                    // a product's key is "locale\u{1f}sku"
                    let exists = match lookup(layer, "source.locale").and_then(Value::as_str) {
                        Some(locale) => self.contains(Entity::Products, &format!("{locale}\u{1f}{sku}")),
                        None => self.raw(Entity::Products).any(|(k, _)| k.rsplit_once('\u{1f}').is_some_and(|(_, s)| s == sku)),
                    };
                    if !exists {
                        err(i, "sku", format!("no base product {sku:?} to layer over"), layer.get("sku"));
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies a validated request: its items and their compact JSON (`to_raw`). Returns how many
    /// items changed something (updates of missing items and deletes of missing items are accepted
    /// but change nothing). The items stay the caller's: freeing them need not hold the store.
    pub fn apply(&mut self, entity: Entity, op: Op, items: &[Value], texts: Vec<Box<RawValue>>, now_ms: u64) -> usize {
        let mut changed = 0;
        for (item, text) in items.iter().zip(texts) {
            let key = entity.key(item);
            let hit = match op {
                Op::Create => {
                    self.map(entity).insert(key, text);
                    true
                }
                Op::Update => match self.map(entity).get_mut(&key) {
                    Some(stored) => {
                        let mut existing = parse(stored);
                        merge(entity, &mut existing, item.clone());
                        *stored = to_raw(&existing);
                        true
                    }
                    None => false,
                },
                Op::Delete => self.delete(entity, &key, item),
            };
            changed += usize::from(hit);
        }
        self.updated_ms.insert(entity, now_ms);
        changed
    }

    fn delete(&mut self, entity: Entity, key: &str, item: &Value) -> bool {
        let removed = self.map(entity).remove(key).is_some();
        match entity {
            // Delete cascades to the whole branch.
            Entity::Categories => {
                let prefix = format!("{key}/");
                self.map(entity).retain(|k, _| !k.starts_with(&prefix));
            }
            // Delete cascades to descendant books and every price in the deleted books.
            Entity::PriceBooks => {
                let Some(root) = item.get("priceBookId").and_then(Value::as_str) else { return removed };
                let mut doomed = vec![root.to_owned()];
                loop {
                    let more: Vec<String> = self
                        .iter(Entity::PriceBooks)
                        .filter(|b| b.get("parentId").and_then(Value::as_str).is_some_and(|p| doomed.iter().any(|d| d == p)))
                        .filter_map(|b| b.get("priceBookId").and_then(Value::as_str).map(str::to_owned))
                        .filter(|id| !doomed.contains(id))
                        .collect();
                    if more.is_empty() {
                        break;
                    }
                    doomed.extend(more);
                }
                self.map(Entity::PriceBooks).retain(|k, _| !doomed.iter().any(|d| d == k));
                // a price's key is "priceBookId\u{1f}sku"
                self.map(Entity::Prices).retain(|k, _| !k.split_once('\u{1f}').is_some_and(|(b, _)| doomed.iter().any(|d| d == b)));
            }
            _ => {}
        }
        removed
    }

    /// The currency of a price book: its own, or its base book's.
    pub fn currency(&self, book_id: &str) -> Option<String> {
        let mut id = book_id.to_owned();
        for _ in 0..=MAX_PRICE_BOOK_DEPTH {
            let book = self.get(Entity::PriceBooks, &id)?;
            match book.get("currency").and_then(Value::as_str) {
                Some(c) => return Some(c.to_owned()),
                None => id = book.get("parentId")?.as_str()?.to_owned(),
            }
        }
        None
    }

    pub fn clear(&mut self) {
        *self = Store::default();
    }
}

/// Depth of a book (base = 1), following parents; `None` when a parent is missing.
fn depth(parents: &HashMap<&str, Option<&str>>, id: &str) -> Option<usize> {
    let mut depth = 1;
    let mut current = id;
    while let Some(parent) = parents.get(current)? {
        depth += 1;
        current = parent;
        if depth > MAX_PRICE_BOOK_DEPTH + 1 {
            break; // already too deep; stops cycles too
        }
    }
    Some(depth)
}

/// PATCH semantics. Products: scalars replaced, objects merged, arrays of objects merged element by
/// element on their key (a matching element is replaced, a new one appended), arrays of strings get
/// new values appended. Everything else: scalars/objects merged, arrays replaced. A child price
/// book's `parentId` is never changed by an update.
fn merge(entity: Entity, existing: &mut Value, patch: Value) {
    let (Some(target), Value::Object(patch)) = (existing.as_object_mut(), patch) else { return };
    for (field, value) in patch {
        match (entity, field.as_str(), value) {
            (Entity::PriceBooks, "parentId", _) => {}
            (_, _, Value::Object(obj)) => match target.get_mut(&field).and_then(Value::as_object_mut) {
                Some(current) => current.extend(obj),
                None => {
                    target.insert(field, Value::Object(obj));
                }
            },
            (Entity::Products, _, Value::Array(new)) => {
                let keys = product_array_key(&field);
                let current = target.entry(field).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(current) = current {
                    merge_array(current, new, keys);
                }
            }
            (_, _, value) => {
                target.insert(field, value);
            }
        }
    }
}

/// The merge key of a product's object arrays (contract §3.3).
fn product_array_key(field: &str) -> &'static [&'static str] {
    match field {
        "attributes" => &["code"],
        "images" => &["url"],
        "routes" => &["path"],
        "links" => &["type", "sku"],
        "bundles" => &["group"],
        "configurations" => &["type", "attributeCode"],
        "externalIds" => &["origin"],
        _ => &[],
    }
}

fn merge_array(current: &mut Vec<Value>, new: Vec<Value>, keys: &[&str]) {
    for mut element in new {
        // a `variantReferenceId: null` detaches a variant: the field goes away
        if let Some(obj) = element.as_object_mut() {
            obj.retain(|_, v| !v.is_null());
        }
        let same = |e: &Value| {
            if keys.is_empty() { e == &element } else { keys.iter().all(|k| e.get(k) == element.get(k)) }
        };
        match current.iter().position(same) {
            Some(i) => {
                if let Some(slot) = current.get_mut(i) {
                    *slot = element;
                }
            }
            None => current.push(element),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apply(s: &mut Store, entity: Entity, op: Op, items: Vec<Value>, now_ms: u64) {
        s.apply(entity, op, &items, items.iter().map(to_raw).collect(), now_ms);
    }

    fn create(store: &mut Store, entity: Entity, items: Value) {
        let items = items.as_array().unwrap().clone();
        let mut errors = Vec::new();
        store.check(entity, Op::Create, &items, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        apply(store, entity, Op::Create, items, 1);
    }

    #[test]
    fn product_patch_merges_arrays_by_key_and_detaches_variants() {
        let mut s = Store::default();
        create(&mut s, Entity::Products, json!([{"sku": "v", "source": {"locale": "en"}, "name": "V", "slug": "v", "status": "ENABLED",
            "attributes": [{"code": "color", "values": ["Red"], "variantReferenceId": "p-red"}, {"code": "size", "values": ["M"]}],
            "links": [{"type": "VARIANT_OF", "sku": "p"}]}]));
        apply(&mut s, Entity::Products, Op::Update, vec![json!({"sku": "v", "source": {"locale": "en"}, "name": "V2",
            "attributes": [{"code": "color", "values": ["Red"], "variantReferenceId": null}, {"code": "fit", "values": ["slim"]}]})], 2);
        let v = s.get(Entity::Products, "en\u{1f}v").unwrap();
        assert_eq!(v["name"], "V2");
        assert_eq!(v["attributes"], json!([{"code": "color", "values": ["Red"]}, {"code": "size", "values": ["M"]}, {"code": "fit", "values": ["slim"]}]));
        assert_eq!(v["links"], json!([{"type": "VARIANT_OF", "sku": "p"}]));
    }

    #[test]
    fn price_book_delete_cascades_to_children_and_their_prices() {
        let mut s = Store::default();
        create(&mut s, Entity::PriceBooks, json!([{"priceBookId": "us", "name": "US", "currency": "USD"},
            {"priceBookId": "us::g1", "name": "G1", "parentId": "us"}, {"priceBookId": "eu", "name": "EU", "currency": "EUR"}]));
        create(&mut s, Entity::Prices, json!([{"sku": "a", "priceBookId": "us::g1", "regular": 1}, {"sku": "a", "priceBookId": "eu", "regular": 2}]));
        assert_eq!(s.currency("us::g1").as_deref(), Some("USD"));
        apply(&mut s, Entity::PriceBooks, Op::Delete, vec![json!({"priceBookId": "us"})], 3);
        assert_eq!(s.count(Entity::PriceBooks), 1);
        assert_eq!(s.count(Entity::Prices), 1);
    }

    #[test]
    fn price_book_parents_must_exist_and_nesting_is_limited() {
        let s = Store::default();
        let items = json!([{"priceBookId": "a", "name": "A", "currency": "USD"}, {"priceBookId": "b", "name": "B", "parentId": "a"},
            {"priceBookId": "c", "name": "C", "parentId": "b"}, {"priceBookId": "d", "name": "D", "parentId": "c"},
            {"priceBookId": "x", "name": "X", "parentId": "nope"}]);
        let mut errors = Vec::new();
        s.check(Entity::PriceBooks, Op::Create, items.as_array().unwrap(), &mut errors);
        let bad: Vec<usize> = errors.iter().map(|e| e.item_index).collect();
        assert_eq!(bad, [3, 4]);
    }

    #[test]
    fn layers_need_their_base_product_in_the_locale_or_in_any() {
        let mut s = Store::default();
        create(&mut s, Entity::Products, json!([{"sku": "p", "source": {"locale": "fr"}, "name": "P", "slug": "p", "status": "ENABLED"}]));
        let layers = json!([{"sku": "p", "source": {"locale": "fr", "layer": "w"}}, {"sku": "p", "source": {"layer": "w"}},
            {"sku": "p", "source": {"locale": "en", "layer": "w"}}, {"sku": "q", "source": {"layer": "w"}}]);
        let mut errors = Vec::new();
        s.check(Entity::Layers, Op::Create, layers.as_array().unwrap(), &mut errors);
        let bad: Vec<usize> = errors.iter().map(|e| e.item_index).collect();
        assert_eq!(bad, [2, 3]);
    }

    #[test]
    fn category_parents_first_and_delete_cascades() {
        let mut s = Store::default();
        let mut errors = Vec::new();
        let orphan = json!([{"slug": "men/shirts", "source": {"locale": "en"}, "name": "Shirts"}]);
        s.check(Entity::Categories, Op::Create, orphan.as_array().unwrap(), &mut errors);
        assert_eq!(errors.len(), 1);
        create(&mut s, Entity::Categories, json!([{"slug": "men", "source": {"locale": "en"}, "name": "Men"},
            {"slug": "men/shirts", "source": {"locale": "en"}, "name": "Shirts"}, {"slug": "menswear", "source": {"locale": "en"}, "name": "X"}]));
        apply(&mut s, Entity::Categories, Op::Delete, vec![json!({"slug": "men", "source": {"locale": "en"}})], 2);
        assert_eq!(s.count(Entity::Categories), 1, "only the unrelated 'menswear' stays");
    }
}
