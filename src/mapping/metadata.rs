//! Product attribute metadata per exported store view: every attribute that products carry in
//! `attributes[]`, the system attributes ACO requires for each source (sku, name, description,
//! shortDescription, price) and the stock/weight facts attribute.
//!
//! dataType: int + boolean → BOOLEAN; int + select/multiselect/text → TEXT; other int → INTEGER;
//! decimal → DECIMAL; varchar, text, static, datetime → TEXT.

use crate::mapping::context::{Attribute, Context};
use crate::mapping::product::{FACTS_ATTRIBUTE, STORES_ATTRIBUTE, WEBSITES_ATTRIBUTE};
use crate::mapping::{Ident, ItemError, Mapped};
use crate::model::{MetadataDelete, ProductMetadata, Source};
use crate::transport::Endpoint;

/// ACO code of the system attributes, by Magento code.
const SYSTEM: [(&str, &str); 5] = [("sku", "sku"), ("name", "name"), ("description", "description"), ("short_description", "shortDescription"), ("price", "price")];
/// Magento attributes that never reach `attributes[]` (mirrors product.rs), apart from the system ones.
const INTERNAL: [&str; 19] = [
    "url_key", "url_path", "status", "visibility", "meta_title", "meta_keyword", "meta_description", "image", "small_image",
    "thumbnail", "swatch_image", "media_gallery", "special_price", "special_from_date", "special_to_date", "tier_price", "weight",
    "quantity_and_stock_status", "category_ids",
];

pub fn data_type(a: &Attribute) -> &'static str {
    match (a.backend_type.as_str(), a.input.as_str()) {
        ("int", "boolean") => "BOOLEAN",
        ("int", "select" | "multiselect" | "text") => "TEXT",
        ("int", _) => "INTEGER",
        ("decimal", _) => "DECIMAL",
        _ => "TEXT",
    }
}

fn metadata(ctx: &Context, a: &Attribute, code: &str, store_id: i64, locale: &str) -> ProductMetadata {
    let mut visible_in = Vec::new();
    if a.visible_on_front {
        visible_in.push("PRODUCT_DETAIL");
    }
    if a.used_in_listing {
        visible_in.extend(["PRODUCT_LISTING", "SEARCH_RESULTS"]);
    }
    if a.comparable {
        visible_in.push("PRODUCT_COMPARE");
    }
    let search_types = match (a.searchable, code) {
        (false, _) => vec![],
        (true, "sku") => vec!["AUTOCOMPLETE", "CONTAINS", "STARTS_WITH"],
        (true, _) => vec!["AUTOCOMPLETE", "CONTAINS"],
    };
    ProductMetadata {
        code: code.to_owned(),
        source: Source { locale: locale.to_owned() },
        label: ctx.attribute_label(a, store_id),
        data_type: data_type(a),
        visible_in,
        filterable: a.filterable,
        sortable: a.sortable,
        searchable: a.searchable,
        search_weight: (a.search_weight * 100.0).round() / 100.0,
        search_types,
    }
}

pub fn map_metadata(ctx: &Context) -> Vec<Mapped> {
    let mut out = Vec::new();
    for store in ctx.exported_stores() {
        let mut items: Vec<(String, i64, Result<ProductMetadata, ItemError>)> = Vec::new();
        for (magento, aco) in SYSTEM {
            let item = match ctx.attribute(magento) {
                Some(a) => Ok(metadata(ctx, a, aco, store.id, &store.code)),
                None => Err(ItemError::new("code", format!("system attribute {magento:?} is not defined in Magento"))),
            };
            items.push((aco.to_owned(), ctx.attribute(magento).map_or(0, |a| a.id), item));
        }
        for a in ctx.attributes.values() {
            let system = SYSTEM.iter().any(|(m, _)| *m == a.code);
            if system || a.backend_type == "static" || a.input == "gallery" || a.input == "media_image" || INTERNAL.contains(&a.code.as_str()) {
                continue;
            }
            items.push((a.code.clone(), a.id, Ok(metadata(ctx, a, &a.code, store.id, &store.code))));
        }
        // not shown to shoppers; the scope codes are filterable, for catalog view policies
        let hidden = |code: &str, label: &str, filterable: bool| ProductMetadata {
            code: code.into(),
            source: Source { locale: store.code.clone() },
            label: label.into(),
            data_type: "TEXT",
            visible_in: vec![],
            filterable,
            sortable: false,
            searchable: false,
            search_weight: 1.0,
            search_types: vec![],
        };
        items.push((FACTS_ATTRIBUTE.into(), 0, Ok(hidden(FACTS_ATTRIBUTE, "Commerce facts (stock, weight)", false))));
        items.push((WEBSITES_ATTRIBUTE.into(), 0, Ok(hidden(WEBSITES_ATTRIBUTE, "Magento websites", true))));
        items.push((STORES_ATTRIBUTE.into(), 0, Ok(hidden(STORES_ATTRIBUTE, "Magento stores", true))));
        for (code, id, item) in items {
            let delete = MetadataDelete { code: code.clone(), source: Source { locale: store.code.clone() } };
            let ident = Ident { endpoint: Endpoint::ProductMetadata, parts: &[&code, &store.code], entity_id: id, scope: store.code.as_str().into(), key: code.as_str().into() };
            out.push(Mapped::build(ident, &delete, item, None));
        }
    }
    out
}
