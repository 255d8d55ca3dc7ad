//! Adobe's published OpenAPI document (contract/catalog-ingestion-openapi-spec.yaml, vendored as
//! published) as the emulator's field rules: each endpoint's request item schema, compiled once,
//! checks every item. What the document refuses is refused, and only that; the rules it states only
//! in prose are in `rules.rs`.
//!
//! OpenAPI 3.0 schemas are JSON Schema with a few words of their own; two of them carry rules and are
//! translated before compiling: `nullable: true` (null is allowed besides the type) and the data type
//! format `int32` (a signed 32-bit integer). Draft 4 is the JSON Schema OpenAPI 3.0 builds on (a
//! `$ref` ignores its siblings there, as OpenAPI 3.0 says).

use std::collections::HashMap;
use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::LocationSegment;
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::{json, Map, Value};

use crate::entity::{Entity, Op};
use crate::error::ItemError;
use crate::validate::value_text;

const SPEC: &str = include_str!("../contract/catalog-ingestion-openapi-spec.yaml");

/// The compiled request item schema of every endpoint the document has.
pub struct Contract {
    items: HashMap<(Entity, Op), Validator>,
}

/// Loaded on first use; an error here is a broken vendored file, reported on every item checked.
static CONTRACT: LazyLock<Result<Contract, String>> = LazyLock::new(|| Contract::parse(SPEC));

impl Contract {
    pub fn get() -> Result<&'static Contract, &'static str> {
        CONTRACT.as_ref().map_err(String::as_str)
    }

    fn parse(yaml: &str) -> Result<Contract, String> {
        let mut spec: Value = serde_norway::from_str(yaml).map_err(|e| format!("the OpenAPI document is not YAML: {e}"))?;
        let mut components = spec.get_mut("components").map(Value::take).ok_or("the OpenAPI document has no components")?;
        to_json_schema(&mut components);
        let mut items = HashMap::new();
        for entity in Entity::ALL {
            for op in [Op::Create, Op::Update, Op::Delete] {
                let Some(item) = item_schema(&spec, entity, op) else { continue };
                let root = json!({ "$ref": item, "components": components });
                let validator = jsonschema::options()
                    .with_draft(Draft::Draft4)
                    .build(&root)
                    .map_err(|e| format!("{} {op:?}: the request schema does not compile: {e}", entity.name()))?;
                items.insert((entity, op), validator);
            }
        }
        Ok(Contract { items })
    }

    /// Whether the document has this endpoint (it has no PATCH for layers).
    pub fn has(&self, entity: Entity, op: Op) -> bool {
        self.items.contains_key(&(entity, op))
    }

    /// Item `index` against its endpoint's schema: every violation, as ACO's `errors[]` reports them.
    pub fn check(&self, entity: Entity, op: Op, index: usize, item: &Value, errors: &mut Vec<ItemError>) {
        let Some(validator) = self.items.get(&(entity, op)) else { return };
        if validator.is_valid(item) {
            return;
        }
        for error in validator.iter_errors(item) {
            translate(&error, index, errors);
        }
    }
}

/// One violation as ACO's `errors[]` reports them (the contract's example: `code` names the field,
/// `message` starts with it; a missing property has an empty `value`).
fn translate(error: &ValidationError, index: usize, errors: &mut Vec<ItemError>) {
    let path = code(error.instance_path().segments());
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            errors.push(item_error(index, join(&path, name), format!("required property '{name}' not found"), String::new()));
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                let value = instance.get(name.as_str()).map(value_text).unwrap_or_default();
                let code = join(&path, name);
                errors.push(item_error(index, code.clone(), format!("{code}: additional property not allowed"), value));
            }
        }
        // none of the alternatives (a base or a child price book, a fixed or a percentage discount):
        // what the nearest one lacks says what to change
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } if !context.is_empty() => {
            if let Some(nearest) = context.iter().min_by_key(|branch| branch.len()) {
                nearest.iter().for_each(|e| translate(e, index, errors));
            }
        }
        _ => {
            let code = if path.is_empty() { "item".to_owned() } else { path };
            errors.push(item_error(index, code.clone(), format!("{code}: {}", error.masked()), value_text(instance)));
        }
    }
}

fn item_error(item_index: usize, code: String, message: String, value: String) -> ItemError {
    ItemError { item_index, code, message, value }
}

/// The `$ref` of an endpoint's request items (the body is an array of them).
fn item_schema(spec: &Value, entity: Entity, op: Op) -> Option<String> {
    let (path, method) = match op {
        Op::Create => (entity.path().to_owned(), "post"),
        Op::Update => (entity.path().to_owned(), "patch"),
        Op::Delete => (format!("{}/delete", entity.path()), "post"),
    };
    let body = spec.get("paths")?.get(path)?.get(method)?.get("requestBody")?;
    let items = body.get("content")?.get("application/json")?.get("schema")?.get("items")?;
    items.get("$ref")?.as_str().map(str::to_owned)
}

/// `nullable` and `format: int32` as JSON Schema says them, everywhere in the tree.
fn to_json_schema(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            nullable(map);
            int32(map);
            map.values_mut().for_each(to_json_schema);
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

fn nullable(map: &mut Map<String, Value>) {
    if map.get("nullable") != Some(&Value::Bool(true)) {
        return;
    }
    if let Some(Value::String(ty)) = map.get("type") {
        let types = json!([ty, "null"]);
        map.insert("type".into(), types);
    }
    if let Some(Value::Array(options)) = map.get_mut("enum") {
        options.push(Value::Null);
    }
}

fn int32(map: &mut Map<String, Value>) {
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    if integer && map.get("format").and_then(Value::as_str) == Some("int32") {
        map.insert("minimum".into(), json!(i32::MIN));
        map.insert("maximum".into(), json!(i32::MAX));
    }
}

/// A JSON pointer as the contract's `code`: `discounts[0].price`.
fn code<'a>(segments: impl Iterator<Item = LocationSegment<'a>>) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            LocationSegment::Property(name) => out = join(&out, &name),
            LocationSegment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

pub fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(entity: Entity, op: Op, item: Value) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        Contract::get().unwrap().check(entity, op, 0, &item, &mut out);
        out.into_iter().map(|e| (e.code, e.message, e.value)).collect()
    }

    #[test]
    fn every_endpoint_of_the_document_is_compiled_and_layers_have_no_patch() {
        let contract = Contract::get().unwrap();
        assert_eq!(contract.items.len(), 20);
        assert!(!contract.has(Entity::Layers, Op::Update));
    }

    #[test]
    fn violations_are_reported_as_the_contracts_example_reports_them() {
        let item = json!({"sku": "a", "name": "A", "slug": "a", "status": "active"});
        let mut got = errors(Entity::Products, Op::Create, item);
        got.sort();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], ("source".into(), "required property 'source' not found".into(), String::new()));
        assert_eq!((got[1].0.as_str(), got[1].2.as_str()), ("status", "active"));
        assert!(got[1].1.starts_with("status: "), "{got:?}");
    }

    #[test]
    fn nullable_and_int32_are_read_as_openapi_means_them() {
        let category = |position: Value, description: Value, name: Value| {
            json!({"slug": "men", "source": {"locale": "en"}, "name": name, "position": position, "description": description})
        };
        let valid = category(json!(-55), Value::Null, json!("Men"));
        assert_eq!(errors(Entity::Categories, Op::Create, valid), vec![]);
        let invalid = category(json!(2_147_483_648_i64), json!("x"), Value::Null);
        let mut codes: Vec<String> = errors(Entity::Categories, Op::Create, invalid).into_iter().map(|e| e.0).collect();
        codes.sort();
        assert_eq!(codes, ["name", "position"]);
    }
}
