//! `Aco\Native\Catalog` (mapping, src/mapping) and `Aco\Native\Batch` (its output). A batch keeps
//! the serialized payloads inside the extension: PHP reads identities and hashes, decides what
//! changed, and hands the batch to `Client::submitBatch` without copying payloads back and forth.
// PHP parameter names are camelCase (`$feedId`), and the macro takes them from the Rust names.
#![allow(non_snake_case)]

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::construct::first_construct;
use super::convert::{list_map, tables, zval, Keys};
use super::guard::guard;
use crate::mapping::context::{Context, Settings};
use crate::mapping::input::Tables;
use crate::mapping::{category, metadata, price, price_book, product, Mapped};
use crate::{Error, Result};

/// The store as the mapping sees it (scopes, attributes, options, categories), and the mapping of
/// reader chunks to ACO payloads.
#[php_class]
#[php(name = "Aco\\Native\\Catalog")]
#[php(flags = ClassFlags::Final)]
pub struct Catalog {
    /// Shared with the threads that map reader chunks.
    context: Arc<Context>,
}

/// Mapped items of one feed: identity, scope, change hash, and the payload (kept in the extension).
/// A reader chunk's batch may be mapping on a thread of its own (`products($chunk, true)`) while the
/// PHP thread writes the feed state of earlier batches; the first method that needs the items waits.
#[php_class]
#[php(name = "Aco\\Native\\Batch")]
#[php(flags = ClassFlags::Final)]
pub struct Batch {
    mapping: Mutex<Option<Mapping>>,
    done: OnceLock<MapResult>,
}

type MapResult = std::result::Result<Items, String>;

/// A batch's mapping thread and the process that started it. A `pcntl_fork` child inherits the
/// handle but not the thread: joining it there panics in std ("threads should not terminate
/// unexpectedly") and detaching it would release the parent's thread record, so in a child the
/// handle is forgotten, never dropped.
struct Mapping {
    pid: u32,
    thread: Option<JoinHandle<MapResult>>,
}

impl Mapping {
    fn started_here(&self) -> bool {
        self.pid == std::process::id()
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        if !self.started_here() {
            std::mem::forget(self.thread.take());
        }
    }
}

const FORKED: &str = "this batch was still being mapped in the background when the process forked (pcntl_fork), \
    and its mapping thread stayed in the parent: map the chunk again in this process, or read the batch (hashes()) before forking";

/// A batch's items and their lookup index.
struct Items {
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

impl Items {
    fn new(items: Vec<Mapped>) -> Items {
        let mut by_feed_id: Vec<(u64, u32)> = items.iter().zip(0u32..).map(|(m, i)| (prefix(m.feed_id.as_str()), i)).collect();
        by_feed_id.sort_unstable();
        Items { items, by_feed_id }
    }

    fn get(&self, feed_id: &str) -> Option<&Mapped> {
        let key = prefix(feed_id);
        let first = self.by_feed_id.partition_point(|(k, _)| *k < key);
        let same_prefix = self.by_feed_id.get(first..).unwrap_or_default().iter().take_while(|(k, _)| *k == key);
        same_prefix.filter_map(|(_, i)| self.items.get(*i as usize)).find(|m| m.feed_id.as_str() == feed_id)
    }
}

impl Batch {
    pub fn new(items: Vec<Mapped>) -> Batch {
        Batch { mapping: Mutex::new(None), done: OnceLock::from(Ok(Items::new(items))) }
    }

    /// A batch whose items `map` produces on a thread of its own (an `Err` names the bad input).
    fn spawn(map: impl FnOnce() -> std::result::Result<Vec<Mapped>, String> + Send + 'static) -> Result<Batch> {
        let thread = std::thread::Builder::new().name("aco-mapping".into()).spawn(move || map().map(Items::new));
        let thread = thread.map_err(|e| Error::Runtime(format!("cannot start a mapping thread: {e}")))?;
        Ok(Batch { mapping: Mutex::new(Some(Mapping { pid: std::process::id(), thread: Some(thread) })), done: OnceLock::new() })
    }

    /// The items, once mapped. A panic of the mapping thread continues here, on the PHP thread,
    /// where `guard` turns it into InternalException.
    fn items(&self) -> Result<&Items> {
        if self.done.get().is_none() {
            let mut mapping = self.mapping.lock().map_err(|_| Error::Runtime("a batch was used after a failure".into()))?;
            if let Some(mapping) = mapping.as_mut() {
                if !mapping.started_here() {
                    return Err(Error::Runtime(FORKED.into()));
                }
                if let Some(thread) = mapping.thread.take() {
                    let mapped = thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    let _ = self.done.set(mapped);
                }
            }
        }
        match self.done.get() {
            Some(Ok(items)) => Ok(items),
            Some(Err(e)) => Err(Error::invalid("chunk", e.clone())),
            None => Err(Error::Runtime("the batch's mapping did not finish".into())),
        }
    }

    pub fn get(&self, feed_id: &str) -> Result<Option<&Mapped>> {
        Ok(self.items()?.get(feed_id))
    }

    pub fn mapped(&self) -> Result<&[Mapped]> {
        Ok(&self.items()?.items)
    }
}

fn setting<'a>(settings: &'a ZendHashTable, key: &str) -> Result<&'a Zval> {
    settings.get(key).ok_or_else(|| Error::invalid(format!("settings.{key}"), "is required"))
}

fn settings_from(s: &ZendHashTable) -> Result<Settings> {
    let text = |k: &str| -> Result<String> { setting(s, k)?.str().map(|v| v.trim_end_matches('/').to_owned()).ok_or_else(|| Error::invalid(format!("settings.{k}"), "must be a string")) };
    let int = |k: &str| -> Result<i64> { setting(s, k)?.long().ok_or_else(|| Error::invalid(format!("settings.{k}"), "must be an integer")) };
    Ok(Settings {
        media_url: text("media_url")?,
        category_media_url: text("category_media_url")?,
        low_stock_threshold: int("low_stock_threshold")?,
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
    // `null`: nothing was ever sent under the item's identity (a product without a SKU, a duplicate SKU)
    let delete = if m.delete == b"null" { zval(())? } else { zval(text_of(&m.delete))? };
    keys.row([zval(m.feed_id.as_str())?, zval(m.entity_id)?, zval(&*m.scope)?, zval(&*m.key)?, hash, delete, error])
}

impl Catalog {
    /// A batch of `chunk`'s rows (read here, on the PHP thread) mapped by `map`, now or on a thread of
    /// its own; an unknown table is refused at once.
    fn chunk(&self, chunk: &ZendHashTable, known: &[&str], in_background: bool, map: fn(&Context, &Tables) -> std::result::Result<Vec<Mapped>, String>) -> Result<Batch> {
        let tables = tables(chunk, "chunk")?;
        if !in_background {
            return Ok(Batch::new(map(&self.context, &tables).map_err(|e| Error::invalid("chunk", e))?));
        }
        // refused now rather than at the batch's first use (`map` checks too, on its thread)
        tables.check_names(known).map_err(|e| Error::invalid("chunk", e))?;
        let context = Arc::clone(&self.context);
        Batch::spawn(move || map(&context, &tables))
    }
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[php_impl]
impl Catalog {
    /// @param array $context tables from the readers: websites, stores, groups, attributes, labels,
    ///   options, swatches, categories, categoryValues (lists of rows)
    /// @param array $settings media_url, category_media_url, low_stock_threshold, price_scope
    pub fn __construct(context: &ZendHashTable, settings: &ZendHashTable) -> PhpResult<Self> {
        guard(|| {
            first_construct::<Self>()?;
            Ok(Catalog { context: Arc::new(Context::new(&tables(context, "context")?, settings_from(settings)?)?) })
        })
    }

    /// Maps one ProductReader chunk: one item per product × exported store view of its websites.
    /// In the background, the rows are taken now and mapped on a thread of its own (see `Batch`):
    /// worth it when the caller has other work meanwhile, as the items then come from another
    /// core's caches.
    #[php(defaults(inBackground = false))]
    pub fn products(&self, chunk: &ZendHashTable, inBackground: bool) -> PhpResult<Batch> {
        guard(|| self.chunk(chunk, &product::TABLES, inBackground, product::map_products))
    }

    /// Maps one PriceReader chunk: one item per product × price book of its exported websites, each
    /// special price evaluated on its website's local date (the chunk's `dates`).
    #[php(defaults(inBackground = false))]
    pub fn prices(&self, chunk: &ZendHashTable, inBackground: bool) -> PhpResult<Batch> {
        guard(|| self.chunk(chunk, &price::TABLES, inBackground, price::map_prices))
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
        guard(|| Ok(Batch::new(price_book::map_price_books(&self.context))))
    }
}

#[php_impl]
impl Batch {
    /// Number of items.
    pub fn count(&self) -> PhpResult<i64> {
        guard(|| Ok(i64::try_from(self.mapped()?.len()).unwrap_or(i64::MAX)))
    }

    /// Feed id → payload hash (null when the item failed to map), in sending order: all a sync
    /// needs to tell unchanged items from the rest (one entry per item, no row arrays).
    pub fn hashes(&self) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let items = self.mapped()?;
            let mut out = ZendHashTable::with_capacity(u32::try_from(items.len()).unwrap_or(u32::MAX));
            for m in items {
                let hash = m.result.as_ref().ok().map(|p| p.hash.as_str());
                out.insert(m.feed_id.as_str(), zval(hash)?).map_err(|e| Error::Runtime(e.to_string()))?;
            }
            Ok(out)
        })
    }

    /// The items with these feed ids (every item when null), in the order asked: feedId, entityId,
    /// scope, key, hash (null on error), delete (the JSON that deletes it from ACO; null when nothing
    /// can be sent under its identity), error (null or field + message).
    pub fn rows(&self, feedIds: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        guard(|| {
            let keys = row_keys();
            let items = self.items()?;
            let wanted: Vec<&Mapped> = match feedIds {
                None => items.items.iter().collect(),
                Some(ids) => list_map(ids, |z| z.str())
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| id.and_then(|id| items.get(id)).ok_or_else(|| Error::invalid(format!("feedIds[{i}]"), "is not the feed id of an item of this batch")))
                    .collect::<Result<_>>()?,
            };
            let mut out = ZendHashTable::with_capacity(u32::try_from(wanted.len()).unwrap_or(u32::MAX));
            for m in wanted {
                out.push(row_array(m, &keys)?).map_err(|e| Error::Runtime(e.to_string()))?;
            }
            Ok(out)
        })
    }

    /// What the mapping changed in the items so ACO's contract takes them (a category name cut, a free
    /// special price sent as a regular of 0): one line each, in item order, each text once.
    pub fn warnings(&self) -> PhpResult<Vec<String>> {
        guard(|| {
            let mut seen = std::collections::HashSet::new();
            Ok(self.mapped()?.iter().flat_map(|m| &m.warnings).filter(|w| seen.insert(w.as_str())).cloned().collect())
        })
    }

    /// The JSON payload of an item (null when it failed or is unknown): for dry runs and debugging.
    pub fn payload(&self, feedId: &str) -> PhpResult<Option<String>> {
        guard(|| Ok(self.get(feedId)?.and_then(|m| m.result.as_ref().ok()).map(|p| text_of(&p.body))))
    }
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.class::<Catalog>().class::<Batch>()
}
