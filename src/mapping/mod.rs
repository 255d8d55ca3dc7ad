//! Magento records → ACO payloads, per store view and website (shared/design.md §2–3), each with a
//! stable feed id, a change hash and the minimal payload to delete it later. A bad record becomes an
//! item error naming the entity, scope and field; it never stops the rest of the batch.

pub mod book_price;
pub mod category;
pub mod context;
pub mod fallback;
pub mod fast_hash;
pub mod identity;
pub mod input;
pub mod limits;
pub mod metadata;
pub mod money;
pub mod price;
pub mod price_book;
pub mod product;

use std::sync::Arc;

use serde::Serialize;

use crate::transport::Endpoint;

/// ACO's limit for one product (design doc §4).
pub const MAX_PRODUCT_BYTES: usize = 200 * 1024;

/// Why an item could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub field: String,
    pub message: String,
}

impl ItemError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ItemError { field: field.into(), message: message.into() }
    }
}

/// The serialized item, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub body: Vec<u8>,
    /// SHA-1 of `body`.
    pub hash: identity::Sha1Hex,
}

/// One mapped item: identity, scope, and either its payload or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub endpoint: Endpoint,
    pub feed_id: identity::Sha1Hex,
    /// Magento entity id (product, category, attribute; 0 for price books).
    pub entity_id: i64,
    /// Store view code, or price book id (shared: many items have the same).
    pub scope: Arc<str>,
    /// Human-readable identity, e.g. the SKU or attribute code (shared by the items of an entity).
    pub key: Arc<str>,
    /// What to send to the delete endpoint once this item disappears.
    pub delete: Vec<u8>,
    pub result: Result<Payload, ItemError>,
    /// What the mapping changed so ACO's contract takes the item (a name cut, a free special price
    /// sent as a regular of 0), one line each, naming the entity, its scope and the field.
    pub warnings: Vec<String>,
}

/// Who an item is: where it goes, what identifies it, where it came from.
pub struct Ident<'a> {
    pub endpoint: Endpoint,
    /// The fields ACO keys the item by; hashed into the feed id.
    pub parts: &'a [&'a str],
    pub entity_id: i64,
    pub scope: Arc<str>,
    pub key: Arc<str>,
}

/// A product whose SKU a lower entity id has too (an admin's typo; Magento's own lookup by SKU finds
/// the lowest id): that product is sent under the SKU, this one is reported once under its entity id,
/// so its error has a row of its own and it never overwrites the other's items. `scopes` names
/// where this one is not sent (its store views, or its websites' price books), for the one line a
/// person reads in `aco:status --failed`.
pub fn duplicate_sku(endpoint: Endpoint, id: i64, sku: &str, winner: i64, scopes: &str) -> Mapped {
    let error = ItemError::new("sku", format!("SKU {sku:?} is product {winner}'s too, which is sent under it (the lowest entity id wins): product {id} is not sent to {scopes}; give product {id} a SKU of its own"));
    Mapped::build(Ident { endpoint, parts: &[&id.to_string()], entity_id: id, scope: "".into(), key: sku.into() }, &(), Err::<(), _>(error), None)
}

impl Mapped {
    /// Serializes `item` (or keeps its error), refusing more than `limit` bytes.
    pub fn build<T: Serialize, D: Serialize>(ident: Ident<'_>, delete: &D, item: Result<T, ItemError>, limit: Option<usize>) -> Mapped {
        let result = item.and_then(|item| {
            let body = serde_json::to_vec(&item).map_err(|e| ItemError::new("item", format!("cannot serialize: {e}")))?;
            if let Some(limit) = limit {
                if body.len() > limit {
                    return Err(ItemError::new("item", format!("{} bytes, more than ACO's {limit}-byte limit", body.len())));
                }
            }
            let hash = identity::Sha1Hex::of(&body);
            Ok(Payload { body, hash })
        });
        Mapped {
            endpoint: ident.endpoint,
            feed_id: identity::feed_id(ident.parts),
            entity_id: ident.entity_id,
            scope: ident.scope,
            key: ident.key,
            delete: serde_json::to_vec(delete).unwrap_or_default(),
            result,
            warnings: Vec::new(),
        }
    }

    /// The same item, with what its mapping changed to fit ACO's contract.
    pub fn warning(mut self, warnings: Vec<String>) -> Mapped {
        self.warnings = warnings;
        self
    }
}
