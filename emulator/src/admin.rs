//! ACO's admin GraphQL subset for catalog views ("channels") and policies (shared notes,
//! aco-views-policies.md §1): queries `channels`, `channel`, `policies`, `policy`, `scopes`; mutations
//! `createChannel`, `updateChannel`, `deleteChannel`, `createPolicy`, `updatePolicy`, `deletePolicy`,
//! with the documented inputs. A bad input is a GraphQL error with `classification: ValidationError`.
//! Views live in memory only (not in `--state`): a restarted emulator has none.
#![allow(clippy::indexing_slicing, reason = "serde_json::Value indexed by key: a missing key reads as Null, and writes go to objects built here")]

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::entity::Entity;
use crate::graphql::Field;
use crate::store::Store;

#[derive(Default)]
pub struct Views {
    pub channels: BTreeMap<String, Value>,
    pub policies: BTreeMap<String, Value>,
    next_id: u64,
}

type Answer = Result<Value, String>;

const CHANNEL_FIELDS: [&str; 6] = ["channelId", "name", "scopes", "policyIds", "allowedPriceBookIds", "defaultPriceBookId"];
const POLICY_FIELDS: [&str; 4] = ["policyId", "name", "mandatory", "actions"];
const OPERATORS: [&str; 4] = ["EQUALS", "IN", "GREATER_THAN_EQUAL", "LESS_THAN_EQUAL"];

fn arg<'a>(field: &'a Field, name: &str) -> Result<&'a Value, String> {
    field.args.get(name).filter(|v| !v.is_null()).ok_or_else(|| format!("Missing argument {name} of {}", field.name))
}

fn object<'a>(value: &'a Value, what: &str, known: &[&str]) -> Result<&'a Map<String, Value>, String> {
    let object = value.as_object().ok_or_else(|| format!("{what} must be an input object"))?;
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(format!("{what}: unknown field {unknown}")),
        None => Ok(object),
    }
}

fn strings(value: &Value, what: &str) -> Result<Vec<String>, String> {
    value.as_array().and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect()).ok_or_else(|| format!("{what} must be a list of strings"))
}

fn text<'a>(object: &'a Map<String, Value>, key: &str, what: &str) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{what}.{key} must be a string")),
    }
}

/// ISO 8601 without a zone, as ACO writes `createdAt` (`2024-11-08T14:55:37.938`).
/// The id an update names, which must exist (`Channel … not found` as ACO says it); None to create.
fn updated_id(request: &Map<String, Value>, create: bool, field: &str, input: &str, kind: &str, known: &BTreeMap<String, Value>) -> Result<Option<String>, String> {
    match (create, text(request, field, input)?) {
        (true, _) => Ok(None),
        (false, None) => Err(format!("{input}.{field} is required to update a {}", kind.to_lowercase())),
        (false, Some(id)) if !known.contains_key(id) => Err(format!("{kind} {id} not found")),
        (false, Some(id)) => Ok(Some(id.to_owned())),
    }
}

fn timestamp(ms: u64) -> String {
    let (days, rest) = ((ms / 86_400_000) as i64, ms % 86_400_000);
    // civil date from days since 1970-01-01 (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}", rest / 3_600_000, rest / 60_000 % 60, rest / 1000 % 60, rest % 1000)
}

impl Views {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next_id)
    }

    /// Resolves one top-level field of an admin operation.
    pub fn resolve(&mut self, store: &Store, field: &Field, now_ms: u64) -> Answer {
        match field.name.as_str() {
            "channels" => Ok(Value::Array(self.channels.values().map(|c| self.joined(c)).collect())),
            "channel" => {
                let id = arg(field, "channelId")?.as_str().unwrap_or_default();
                self.channels.get(id).map(|c| self.joined(c)).ok_or_else(|| format!("Channel {id} not found"))
            }
            "policies" => Ok(Value::Array(self.policies.values().cloned().collect())),
            "policy" => {
                let id = arg(field, "policyId")?.as_str().unwrap_or_default();
                self.policies.get(id).cloned().ok_or_else(|| format!("Policy {id} not found"))
            }
            "scopes" => {
                let mut locales: Vec<String> = store.raw(Entity::ProductMetadata).filter_map(|(k, _)| k.split('\u{1f}').next().map(str::to_owned)).collect();
                locales.dedup();
                Ok(Value::Array(locales.into_iter().map(|l| json!({ "locale": l })).collect()))
            }
            "createChannel" | "updateChannel" => self.write_channel(store, arg(field, "channelRequest")?, field.name == "createChannel", now_ms),
            "createPolicy" | "updatePolicy" => self.write_policy(arg(field, "policyRequest")?, field.name == "createPolicy", now_ms),
            "deleteChannel" => {
                let id = arg(field, "channelId")?.as_str().unwrap_or_default().to_owned();
                self.channels.remove(&id).map(|_| Value::String(id.clone())).ok_or_else(|| format!("Channel {id} not found"))
            }
            "deletePolicy" => {
                let id = arg(field, "policyId")?.as_str().unwrap_or_default().to_owned();
                if !self.policies.contains_key(&id) {
                    return Err(format!("Policy {id} not found"));
                }
                if let Some(user) = self.channels.values().find(|c| c["policyIds"].as_array().is_some_and(|p| p.iter().any(|p| p == id.as_str()))) {
                    return Err(format!("Policy {id} is used by channel {}: remove it from the channel first", user["channelId"]));
                }
                self.policies.remove(&id);
                Ok(Value::String(id))
            }
            other => Err(format!("Field '{other}' is not supported by the emulator's admin API")),
        }
    }

    /// A channel with its policies joined in (`ChannelResponse.policies`).
    fn joined(&self, channel: &Value) -> Value {
        let mut c = channel.clone();
        let policies: Vec<Value> = strings(&c["policyIds"], "policyIds").unwrap_or_default().iter().filter_map(|id| self.policies.get(id).cloned()).collect();
        c["policies"] = Value::Array(policies);
        c
    }

    fn write_channel(&mut self, store: &Store, request: &Value, create: bool, now_ms: u64) -> Answer {
        let known: &[&str] = if create { &CHANNEL_FIELDS[1..] } else { &CHANNEL_FIELDS };
        let r = object(request, "channelRequest", known)?;
        let id = match updated_id(r, create, "channelId", "channelRequest", "Channel", &self.channels)? {
            Some(id) => id,
            None => self.new_id(),
        };
        let mut channel = self.channels.get(&id).cloned().unwrap_or_else(|| json!({ "channelId": id, "scopes": [], "policyIds": [], "allowedPriceBookIds": [], "defaultPriceBookId": null, "createdAt": timestamp(now_ms) }));
        match text(r, "name", "channelRequest")? {
            Some(name) if name.trim().is_empty() => return Err("channelRequest.name must not be blank".into()),
            Some(name) if self.channels.values().any(|c| c["name"] == name && c["channelId"] != id.as_str()) => return Err(format!("channelRequest.name: a channel named {name:?} exists already (names must be unique)")),
            Some(name) => channel["name"] = json!(name),
            None if create => return Err("channelRequest.name is required".into()),
            None => {}
        }
        if let Some(scopes) = r.get("scopes") {
            let scopes = scopes.as_array().ok_or("channelRequest.scopes must be a list")?;
            let mut out = Vec::new();
            for scope in scopes {
                let s = object(scope, "channelRequest.scopes[]", &["locale"])?;
                out.push(json!({ "locale": text(s, "locale", "channelRequest.scopes[]")?.ok_or("channelRequest.scopes[].locale is required")? }));
            }
            channel["scopes"] = Value::Array(out);
        }
        if let Some(ids) = r.get("policyIds") {
            let ids = strings(ids, "channelRequest.policyIds")?;
            if let Some(missing) = ids.iter().find(|p| !self.policies.contains_key(*p)) {
                return Err(format!("Policy {missing} not found"));
            }
            channel["policyIds"] = json!(ids);
        }
        if let Some(books) = r.get("allowedPriceBookIds") {
            let books = strings(books, "channelRequest.allowedPriceBookIds")?;
            if let Some(missing) = books.iter().find(|b| !store.contains(Entity::PriceBooks, b)) {
                return Err(format!("channelRequest.allowedPriceBookIds: price book {missing} does not exist"));
            }
            channel["allowedPriceBookIds"] = json!(books);
        }
        match text(r, "defaultPriceBookId", "channelRequest")? {
            Some("") => channel["defaultPriceBookId"] = Value::Null,
            Some(book) => channel["defaultPriceBookId"] = json!(book),
            None => {}
        }
        let allowed = strings(&channel["allowedPriceBookIds"], "allowedPriceBookIds")?;
        if let Some(default) = channel["defaultPriceBookId"].as_str() {
            if !allowed.is_empty() && !allowed.iter().any(|b| b == default) {
                return Err(format!("channelRequest.defaultPriceBookId: {default} is not one of the allowed price books"));
            }
        }
        channel["updatedAt"] = json!(timestamp(now_ms));
        self.channels.insert(id, channel.clone());
        Ok(self.joined(&channel))
    }

    fn write_policy(&mut self, request: &Value, create: bool, now_ms: u64) -> Answer {
        let known: &[&str] = if create { &POLICY_FIELDS[1..] } else { &POLICY_FIELDS };
        let r = object(request, "policyRequest", known)?;
        let id = match updated_id(r, create, "policyId", "policyRequest", "Policy", &self.policies)? {
            Some(id) => id,
            None => self.new_id(),
        };
        let mut policy = self.policies.get(&id).cloned().unwrap_or_else(|| json!({ "policyId": id, "createdAt": timestamp(now_ms) }));
        match text(r, "name", "policyRequest")? {
            Some(name) if name.trim().is_empty() => return Err("policyRequest.name must not be blank".into()),
            Some(name) => policy["name"] = json!(name),
            None if create => return Err("policyRequest.name is required".into()),
            None => {}
        }
        match r.get("mandatory") {
            Some(Value::Bool(b)) => policy["mandatory"] = json!(b),
            None if !create => {}
            _ => return Err("policyRequest.mandatory must be a boolean".into()),
        }
        match r.get("actions") {
            Some(actions) => policy["actions"] = Value::Array(check_actions(actions)?),
            None if create => return Err("policyRequest.actions is required (at least one item)".into()),
            None => {}
        }
        policy["updatedAt"] = json!(timestamp(now_ms));
        self.policies.insert(id, policy.clone());
        Ok(policy)
    }
}

fn check_actions(actions: &Value) -> Result<Vec<Value>, String> {
    let actions = actions.as_array().filter(|a| !a.is_empty()).ok_or("policyRequest.actions must be a list of at least one item")?;
    let mut out = Vec::new();
    for action in actions {
        let a = object(action, "actions[]", &["triggers", "filters"])?;
        let mut triggers = Vec::new();
        for trigger in a.get("triggers").and_then(Value::as_array).into_iter().flatten() {
            let t = object(trigger, "actions[].triggers[]", &["name", "transportType"])?;
            let name = text(t, "name", "actions[].triggers[]")?.unwrap_or_default();
            if !name.starts_with("AC-Policy-") {
                return Err(format!("actions[].triggers[].name {name:?} must start with AC-Policy-"));
            }
            if t.get("transportType").and_then(Value::as_str) != Some("HTTP_HEADER") {
                return Err("actions[].triggers[].transportType must be HTTP_HEADER".into());
            }
            triggers.push(json!({ "name": name, "transportType": "HTTP_HEADER" }));
        }
        let mut filters = Vec::new();
        for filter in a.get("filters").and_then(Value::as_array).into_iter().flatten() {
            let f = object(filter, "actions[].filters[]", &["attribute", "actionFilterOperator", "enabled", "valueSource", "values", "value"])?;
            if f.contains_key("value") {
                return Err("actions[].filters[].value is no longer supported: use values".into());
            }
            let attribute = text(f, "attribute", "actions[].filters[]")?.filter(|a| !a.is_empty()).ok_or("actions[].filters[].attribute is required")?;
            let operator = text(f, "actionFilterOperator", "actions[].filters[]")?.filter(|o| OPERATORS.contains(o))
                .ok_or_else(|| format!("actions[].filters[].actionFilterOperator must be one of {}", OPERATORS.join(", ")))?;
            let enabled = f.get("enabled").and_then(Value::as_bool).ok_or("actions[].filters[].enabled must be a boolean")?;
            let source = text(f, "valueSource", "actions[].filters[]")?.filter(|s| matches!(*s, "STATIC" | "TRIGGER")).ok_or("actions[].filters[].valueSource must be STATIC or TRIGGER")?;
            let values = strings(f.get("values").unwrap_or(&Value::Null), "actions[].filters[].values")?;
            if source == "TRIGGER" && !values.first().is_some_and(|v| triggers.iter().any(|t| t["name"] == v.as_str())) {
                return Err("actions[].filters[]: a TRIGGER filter's values must name a trigger of its action".into());
            }
            filters.push(json!({ "attribute": attribute, "actionFilterOperator": operator, "enabled": enabled, "valueSource": source, "values": values }));
        }
        out.push(json!({ "triggers": triggers, "filters": filters }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_are_iso_without_a_zone() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000");
        assert_eq!(timestamp(1_731_077_737_938), "2024-11-08T14:55:37.938");
    }
}
