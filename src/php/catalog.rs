//! `Aco\Native\Catalog` (mapping, src/mapping) and `Aco\Native\Batch` (its output). A batch keeps
//! the serialized payloads inside the extension: PHP reads identities and hashes, decides what
//! changed, and hands the batch to `Client::submitBatch` without copying payloads back and forth.
// PHP parameter names are camelCase (`$feedId`), and the macro takes them from the Rust names.
#![allow(non_snake_case)]

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::convert::{list_map, tables, zval, Keys};
use super::guard::guard;
use crate::mapping::context::{Context, Settings};
use crate::mapping::{category, metadata, price, product, Mapped};
use crate::{Error, Result};

/// The store as the mapping sees it (scopes, attributes, options, categories), and the mapping of
/// reader chunks to ACO payloads.
#[php_class]
#[php(name = "Aco\\Native\\Catalog")]
#[php(flags = ClassFlags::Final)]
pub struct Catalog {
    context: Context,
}

/// Mapped items of one feed: identity, scope, change hash, and the payload (kept in the extension).
#[php_class]
#[php(name = "Aco\\Native\\Batch")]
#[php(flags = ClassFlags::Final)]
pub struct Batch {
    items: Vec<Mapped>,
    /// (first 8 bytes of the feed id, position in `items`), sorted: a lookup is a binary search
    /// (a map of cloned ids cost an allocation per item, for lookups only sent items need)
    by_feed_id: Vec<(u64, u32)>,
}

/// Orders feed ids by their first 8 bytes (as a big-endian number: the same order as the bytes).
fn prefix(feed_id: &str) -> u64 {
    let mut head = [0u8; 8];
    head.iter_mut().zip(feed_id.bytes()).for_each(|(h, b)| *h = b);
    u64::from_be_bytes(head)
}

impl Batch {
    pub fn new(items: Vec<Mapped>) -> Batch {
        let mut by_feed_id: Vec<(u64, u32)> = items.iter().zip(0u32..).map(|(m, i)| (prefix(&m.feed_id), i)).collect();
        by_feed_id.sort_unstable();
        Batch { items, by_feed_id }
    }

    pub fn get(&self, feed_id: &str) -> Option<&Mapped> {
        let key = prefix(feed_id);
        let first = self.by_feed_id.partition_point(|(k, _)| *k < key);
        let same_prefix = self.by_feed_id.get(first..).unwrap_or_default().iter().take_while(|(k, _)| *k == key);
        same_prefix.filter_map(|(_, i)| self.items.get(*i as usize)).find(|m| m.feed_id == feed_id)
    }

    pub fn mapped(&self) -> &[Mapped] {
        &self.items
    }
}

fn setting<'a>(settings: &'a ZendHashTable, key: &str) -> Result<&'a Zval> {
    settings.get(key).ok_or_else(|| Error::invalid(format!("settings.{key}"), "is required"))
}

fn settings_from(s: &ZendHashTable) -> Result<Settings> {
    let text = |k: &str| -> Result<String> { setting(s, k)?.str().map(|v| v.trim_end_matches('/').to_owned()).ok_or_else(|| Error::invalid(format!("settings.{k}"), "must be a string")) };
    let int = |k: &str| -> Result<i64> { setting(s, k)?.long().ok_or_else(|| Error::invalid(format!("settings.{k}"), "must be an integer")) };
    let today = text("today")?;
    if today.len() != 10 || today.as_bytes().get(4) != Some(&b'-') {
        return Err(Error::invalid("settings.today", format!("{today:?} is not YYYY-MM-DD")));
    }
    Ok(Settings {
        media_url: text("media_url")?,
        category_media_url: text("category_media_url")?,
        low_stock_threshold: int("low_stock_threshold")?,
        today,
        price_scope: int("price_scope")?,
    })
}

/// The keys of `rows()` rows and of their `error`.
type RowKeys = (Keys<7>, Keys<2>);

fn row_keys() -> RowKeys {
    (Keys::new(["feedId", "entityId", "scope", "key", "hash", "delete", "error"]), Keys::new(["field", "message"]))
}

fn row_array(m: &Mapped, (keys, error_keys): &RowKeys) -> Result<ZBox<ZendHashTable>> {
    let (hash, error) = match &m.result {
        Ok(p) => (zval(p.hash.as_str())?, zval(())?),
        Err(e) => (zval(())?, zval(error_keys.row([zval(e.field.as_str())?, zval(e.message.as_str())?])?)?),
    };
    let delete = zval(text_of(&m.delete))?;
    keys.row([zval(m.feed_id.as_str())?, zval(m.entity_id)?, zval(m.scope.as_str())?, zval(m.key.as_str())?, hash, delete, error])
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[php_impl]
impl Catalog {
    /// @param array $context tables from the readers: websites, stores, groups, attributes, labels,
    ///   options, swatches, categories, categoryValues (lists of rows)
    /// @param array $settings media_url, category_media_url, low_stock_threshold, today (YYYY-MM-DD), price_scope
    pub fn __construct(context: &ZendHashTable, settings: &ZendHashTable) -> PhpResult<Self> {
        guard(|| Ok(Catalog { context: Context::new(&tables(context, "context")?, settings_from(settings)?)? }))
    }

    /// Maps one ProductReader chunk: one item per product × exported store view of its websites.
    pub fn products(&self, chunk: &ZendHashTable) -> PhpResult<Batch> {
        guard(|| Ok(Batch::new(product::map_products(&self.context, &tables(chunk, "chunk")?).map_err(|e| Error::invalid("chunk", e))?)))
    }

    /// Maps one PriceReader chunk: one item per product × price book of its exported websites.
    pub fn prices(&self, chunk: &ZendHashTable) -> PhpResult<Batch> {
        guard(|| Ok(Batch::new(price::map_prices(&self.context, &tables(chunk, "chunk")?).map_err(|e| Error::invalid("chunk", e))?)))
    }

    /// Attribute metadata of every exported store view.
    pub fn product_metadata(&self) -> PhpResult<Batch> {
        guard(|| Ok(Batch::new(metadata::map_metadata(&self.context))))
    }

    /// Categories of every exported store view, parents first.
    pub fn categories(&self) -> PhpResult<Batch> {
        guard(|| Ok(Batch::new(category::map_categories(&self.context))))
    }

    /// A base price book per exported website and a child per customer group.
    pub fn price_books(&self) -> PhpResult<Batch> {
        guard(|| Ok(Batch::new(price::map_price_books(&self.context))))
    }
}

#[php_impl]
impl Batch {
    /// Number of items.
    pub fn count(&self) -> i64 {
        i64::try_from(self.items.len()).unwrap_or(i64::MAX)
    }

    /// Feed id → payload hash (null when the item failed to map), in sending order: all a sync
    /// needs to tell unchanged items from the rest (one entry per item, no row arrays).
    pub fn hashes(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let mut out = ZendHashTable::with_capacity(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
            for m in &self.items {
                let hash = m.result.as_ref().ok().map(|p| p.hash.as_str());
                out.insert(m.feed_id.as_str(), zval(hash)?).map_err(|e| Error::Runtime(e.to_string()))?;
            }
            Ok(out)
        })
    }

    /// The items with these feed ids (every item when null), in the order asked: feedId, entityId,
    /// scope, key, hash (null on error), delete (the JSON that deletes it from ACO), error (null or
    /// field + message).
    pub fn rows(&self, feedIds: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let keys = row_keys();
            let wanted: Vec<&Mapped> = match feedIds {
                None => self.items.iter().collect(),
                Some(ids) => list_map(ids, |z| z.str())
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| id.and_then(|id| self.get(id)).ok_or_else(|| Error::invalid(format!("feedIds[{i}]"), "is not the feed id of an item of this batch")))
                    .collect::<Result<_>>()?,
            };
            let mut out = ZendHashTable::with_capacity(u32::try_from(wanted.len()).unwrap_or(u32::MAX));
            for m in wanted {
                out.push(row_array(m, &keys)?).map_err(|e| Error::Runtime(e.to_string()))?;
            }
            Ok(out)
        })
    }

    /// The JSON payload of an item (null when it failed or is unknown): for dry runs and debugging.
    pub fn payload(&self, feedId: &str) -> Option<String> {
        self.get(feedId).and_then(|m| m.result.as_ref().ok()).map(|p| text_of(&p.body))
    }

}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<Catalog>().class::<Batch>()
}
