//! Everything about the store that product, category and price mapping look up: scopes, attribute
//! definitions, labels, options and swatches, the category tree. Built once per run from the
//! readers' tables.

use std::collections::BTreeMap;

use crate::mapping::fast_hash::FastMap;

use crate::mapping::input::{Cell, Row, Tables};
use crate::mapping::money::Rate;
use crate::{Error, Result};

/// Run settings the readers do not see.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Base URL of product images (`…/media/catalog/product`), no trailing slash.
    pub media_url: String,
    /// Base URL of category images (`…/media/catalog/category`).
    pub category_media_url: String,
    /// Magento's "only X left" threshold (`cataloginventory/options/stock_threshold_qty`); 0 = off.
    pub low_stock_threshold: i64,
    /// `catalog/price/scope`: 0 global, 1 website.
    pub price_scope: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Website {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub currency: String,
    pub enabled: bool,
    /// From the default base currency (in which Magento stores prices for all websites) to this
    /// website's; `None`: the currencies differ and Magento has no rate for them.
    pub rate: Option<Rate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub website_id: i64,
    pub locale: String,
    pub active: bool,
    /// The store view's ACO exporter switch.
    pub enabled: bool,
    /// Code of its store (Magento's store group).
    pub group_code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwatchType {
    Visual,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub id: i64,
    pub code: String,
    pub backend_type: String,
    pub input: String,
    pub label: String,
    pub searchable: bool,
    pub filterable: bool,
    pub visible_on_front: bool,
    pub used_in_listing: bool,
    pub sortable: bool,
    pub comparable: bool,
    pub search_weight: f64,
    pub swatch: Option<SwatchType>,
    pub user_defined: bool,
    /// Its options come from a source model (tax classes, bundle price view, countries…), not from
    /// `eav_attribute_option`: a value its source does not list is sent as stored, not an error
    /// (the reader could not resolve the source, or a theme or module added a value).
    pub source_options: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionInfo {
    pub sort_order: i64,
    /// store id → label; store 0 is the admin label.
    pub labels: FastMap<i64, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryInfo {
    pub id: i64,
    pub parent_id: i64,
    pub level: i64,
    pub position: i64,
    /// attribute code → store id → value (by code first: a lookup by `&str` allocates nothing).
    pub values: FastMap<String, FastMap<i64, String>>,
}

#[derive(Debug, Clone)]
pub struct Context {
    pub settings: Settings,
    pub websites: Vec<Website>,
    pub stores: Vec<Store>,
    pub groups: Vec<(i64, String)>,
    pub attributes: BTreeMap<i64, Attribute>,
    by_code: FastMap<String, i64>,
    labels: FastMap<(i64, i64), String>,
    /// attribute id → option value → option. Per attribute: a source model's values (tax class 2)
    /// are other attributes' option ids too.
    options: FastMap<i64, FastMap<String, OptionInfo>>,
    /// option id → (swatch type 0 text / 1 colour / 2 image, value), admin store.
    pub swatches: FastMap<i64, (i64, String)>,
    pub categories: BTreeMap<i64, CategoryInfo>,
}

pub const CONTEXT_TABLES: [&str; 9] = ["websites", "stores", "groups", "attributes", "labels", "options", "swatches", "categories", "categoryValues"];

fn text(row: Row<'_>, i: usize, table: &str, field: &str) -> Result<String> {
    row.at(i).text().map_err(|bad| Error::invalid(format!("{table}.{field}"), bad.to_string()))
}

fn int(row: Row<'_>, i: usize, table: &str, field: &str) -> Result<i64> {
    row.at(i).int().map_err(|bad| Error::invalid(format!("{table}.{field}"), bad.to_string()))
}

impl Context {
    pub fn new(tables: &Tables, settings: Settings) -> Result<Context> {
        tables.check_names(&CONTEXT_TABLES).map_err(|e| Error::invalid("context", e))?;
        let websites = tables
            .get("websites")
            .iter()
            .map(|r| {
                Ok(Website {
                    id: int(r, 0, "websites", "id")?,
                    code: text(r, 1, "websites", "code")?,
                    name: text(r, 2, "websites", "name")?,
                    currency: text(r, 3, "websites", "currency")?,
                    enabled: r.at(4).flag(),
                    rate: r.at(5).text().ok().and_then(|t| Rate::parse(&t).ok()),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let stores = tables
            .get("stores")
            .iter()
            .map(|r| {
                Ok(Store {
                    id: int(r, 0, "stores", "id")?,
                    code: text(r, 1, "stores", "code")?,
                    name: text(r, 2, "stores", "name")?,
                    website_id: int(r, 3, "stores", "website_id")?,
                    locale: text(r, 4, "stores", "locale")?,
                    active: r.at(5).flag(),
                    enabled: r.at(6).flag(),
                    group_code: text(r, 7, "stores", "group_code")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let groups = tables.get("groups").iter().map(|r| Ok((int(r, 0, "groups", "id")?, text(r, 1, "groups", "code")?))).collect::<Result<Vec<_>>>()?;

        let mut attributes = BTreeMap::new();
        let mut by_code = FastMap::default();
        for r in tables.get("attributes") {
            let a = attribute(r)?;
            by_code.insert(a.code.clone(), a.id);
            attributes.insert(a.id, a);
        }
        let mut labels = FastMap::default();
        for r in tables.get("labels") {
            if let Some(label) = r.at(2).text().ok().filter(|l| !l.trim().is_empty()) {
                labels.insert((int(r, 0, "labels", "attribute_id")?, int(r, 1, "labels", "store_id")?), label);
            }
        }
        let mut options: FastMap<i64, FastMap<String, OptionInfo>> = FastMap::default();
        for r in tables.get("options") {
            let value = text(r, 0, "options", "value")?;
            let attribute_id = int(r, 1, "options", "attribute_id")?;
            let entry = options.entry(attribute_id).or_default().entry(value).or_insert_with(|| OptionInfo { sort_order: r.at(4).int_or(0), labels: FastMap::default() });
            if let Ok(label) = r.at(3).text() {
                entry.labels.insert(r.at(2).int_or(0), label);
            }
        }
        let mut swatches = FastMap::default();
        for r in tables.get("swatches").iter().filter(|r| r.at(1).int_or(0) == 0) {
            if let Ok(value) = r.at(3).text() {
                swatches.insert(int(r, 0, "swatches", "option_id")?, (r.at(2).int_or(0), value));
            }
        }
        let mut categories: BTreeMap<i64, CategoryInfo> = BTreeMap::new();
        for r in tables.get("categories") {
            let id = int(r, 0, "categories", "entity_id")?;
            categories.insert(id, CategoryInfo { id, parent_id: r.at(1).int_or(0), level: r.at(3).int_or(0), position: r.at(4).int_or(0), values: FastMap::default() });
        }
        for r in tables.get("categoryValues") {
            let id = r.at(0).int_or(0);
            if let (Some(cat), Ok(code), Ok(value)) = (categories.get_mut(&id), r.at(1).text(), r.at(3).text()) {
                cat.values.entry(code).or_default().insert(r.at(2).int_or(0), value);
            }
        }
        Ok(Context { settings, websites, stores, groups, attributes, by_code, labels, options, swatches, categories })
    }

    pub fn attribute(&self, code: &str) -> Option<&Attribute> {
        self.by_code.get(code).and_then(|id| self.attributes.get(id))
    }

    /// The attribute's label in a store view, else its admin label (else its code: see `attribute`).
    pub fn attribute_label(&self, attribute: &Attribute, store_id: i64) -> String {
        self.labels.get(&(attribute.id, store_id)).cloned().unwrap_or_else(|| attribute.label.clone())
    }

    /// An attribute's option (by its stored value: an option id, or a source model's value).
    pub fn option(&self, attribute_id: i64, value: &str) -> Option<&OptionInfo> {
        self.options.get(&attribute_id)?.get(value)
    }

    /// An option's label in a store view, else its admin label.
    pub fn option_label(&self, attribute_id: i64, value: &str, store_id: i64) -> Option<&str> {
        let option = self.option(attribute_id, value)?;
        option.labels.get(&store_id).or_else(|| option.labels.get(&0)).map(String::as_str)
    }

    /// Store views whose exporter switch is on. Their website's switch does not count here: it
    /// governs the website's price books and prices only (`ExporterSwitch` in the module).
    pub fn exported_stores(&self) -> impl Iterator<Item = &Store> {
        self.stores.iter().filter(|s| s.enabled)
    }

    pub fn exported_websites(&self) -> impl Iterator<Item = &Website> {
        self.websites.iter().filter(|w| w.enabled)
    }

    pub fn website(&self, id: i64) -> Option<&Website> {
        self.websites.iter().find(|w| w.id == id)
    }

    /// A category value in a store view, else its default (store 0).
    pub fn category_value<'c>(&self, category: &'c CategoryInfo, code: &str, store_id: i64) -> Option<&'c str> {
        let by_store = category.values.get(code)?;
        by_store.get(&store_id).or_else(|| by_store.get(&0)).map(String::as_str)
    }
}

fn attribute(r: Row<'_>) -> Result<Attribute> {
    let swatch = r.at(13).text().ok().and_then(|json| {
        let v: serde_json::Value = serde_json::from_str(&json).ok()?;
        match v.get("swatch_input_type")?.as_str()? {
            "visual" => Some(SwatchType::Visual),
            "text" => Some(SwatchType::Text),
            _ => None,
        }
    });
    let weight = match r.at(12) {
        Cell::Float(f) => f,
        other => other.text().ok().and_then(|t| t.parse().ok()).unwrap_or(1.0),
    };
    let code = text(r, 1, "attributes", "attribute_code")?;
    Ok(Attribute {
        id: int(r, 0, "attributes", "attribute_id")?,
        backend_type: r.at(2).text().unwrap_or_else(|_| "static".into()),
        input: r.at(3).text().unwrap_or_else(|_| "text".into()),
        // ACO refuses an empty label, and Magento creates attributes without one (old_id, links_exist)
        label: r.at(4).text().ok().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| code.clone()),
        code,
        searchable: r.at(6).flag(),
        filterable: r.at(7).flag(),
        visible_on_front: r.at(8).flag(),
        used_in_listing: r.at(9).flag(),
        sortable: r.at(10).flag(),
        comparable: r.at(11).flag(),
        search_weight: weight,
        swatch,
        user_defined: r.at(14).flag(),
        source_options: r.at(16).flag(),
    })
}
