//! The seven kinds of data the ingestion API takes and the operations on each: together the 20
//! endpoints of the contract (§1.2).

use serde::{Deserialize, Serialize};
use serde_json::Value;


#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum Entity {
    Products,
    ProductMetadata,
    CategoryMetadata,
    Categories,
    PriceBooks,
    Prices,
    Layers,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    /// POST: create or replace.
    Create,
    /// PATCH: merge into what exists; no existence check.
    Update,
    /// POST …/delete.
    Delete,
}

impl Entity {
    pub const ALL: [Entity; 7] = [
        Entity::Products,
        Entity::ProductMetadata,
        Entity::CategoryMetadata,
        Entity::Categories,
        Entity::PriceBooks,
        Entity::Prices,
        Entity::Layers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Entity::Products => "products",
            Entity::ProductMetadata => "productMetadata",
            Entity::CategoryMetadata => "categoryMetadata",
            Entity::Categories => "categories",
            Entity::PriceBooks => "priceBooks",
            Entity::Prices => "prices",
            Entity::Layers => "layers",
        }
    }

    /// Path under `/{tenantId}`; deletes append `/delete`.
    pub fn path(self) -> &'static str {
        match self {
            Entity::Products => "/v1/catalog/products",
            Entity::ProductMetadata => "/v1/catalog/products/metadata",
            Entity::CategoryMetadata => "/v1/catalog/categories/metadata",
            Entity::Categories => "/v1/catalog/categories",
            Entity::PriceBooks => "/v1/catalog/price-books",
            Entity::Prices => "/v1/catalog/products/prices",
            Entity::Layers => "/v1/catalog/products/layers",
        }
    }

    /// The fields that identify an item, as dotted paths; the last one is reported on duplicates.
    pub fn key_fields(self) -> &'static [&'static str] {
        match self {
            Entity::Products => &["source.locale", "sku"],
            Entity::ProductMetadata | Entity::CategoryMetadata => &["source.locale", "code"],
            Entity::Categories => &["source.locale", "slug"],
            Entity::PriceBooks => &["priceBookId"],
            Entity::Prices => &["priceBookId", "sku"],
            Entity::Layers => &["source.locale", "source.layer", "sku"],
        }
    }

    /// The identity of a (validated) item: its key field values joined with U+001F.
    pub fn key(self, item: &Value) -> String {
        self.key_fields()
            .iter()
            .map(|path| lookup(item, path).and_then(Value::as_str).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\u{1f}")
    }

    /// Entities that count against the per-minute item budgets.
    pub fn budget(self) -> Budget {
        match self {
            Entity::Products | Entity::Layers => Budget::Products,
            Entity::Prices => Budget::Prices,
            _ => Budget::None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Budget {
    Products,
    Prices,
    None,
}

/// `a.b` lookup in a JSON object.
pub fn lookup<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(item, |v, part| v.get(part))
}
