//! Products, one item per product × exported store view of a website the product is assigned to
//! (design §2–3). Values fall back from the store view to the default (store 0). Attribute values
//! are strings: option labels of that store view (the attribute's own options, from
//! `eav_attribute_option` or its source model), `true`/`false` for booleans, exact decimals,
//! `YYYY-MM-DD` for date inputs and `YYYY-MM-DDTHH:MM:SSZ` for other datetimes.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::mapping::fast_hash::FastMap;

use crate::mapping::context::{Attribute, Context, Store, SwatchType};
use crate::mapping::input::{Bad, Cell, Row, Rows, Tables};
use crate::mapping::money::Money;
use crate::mapping::{duplicate_sku, Ident, ItemError, Mapped, MAX_PRODUCT_BYTES};
use crate::model::*;
use crate::transport::Endpoint;

pub const TABLES: [&str; 15] = [
    "entities", "values", "websites", "categories", "superAttributes", "children", "parents", "childValues", "links", "stock", "gallery",
    "bundleOptions", "bundleTitles", "bundleSelections", "bundleParents",
];

/// Attributes that become dedicated product fields (or are Magento internals), not `attributes[]`.
const NOT_ATTRIBUTES: [&str; 24] = [
    "name", "sku", "description", "short_description", "url_key", "url_path", "status", "visibility", "meta_title",
    "meta_keyword", "meta_description", "image", "small_image", "thumbnail", "swatch_image", "media_gallery", "price",
    "special_price", "special_from_date", "special_to_date", "tier_price", "weight", "quantity_and_stock_status", "category_ids",
];
const ROLES: [(&str, &str); 4] = [("image", "BASE"), ("small_image", "SMALL"), ("thumbnail", "THUMBNAIL"), ("swatch_image", "SWATCH")];
/// The attribute carrying stock and weight facts, first in every product's list (as Adobe's connector does).
pub const FACTS_ATTRIBUTE: &str = "aco_ac_attributes";
/// The codes of the websites and of the stores (store groups) a product belongs to, for catalog view
/// policies. A hyphen keeps them apart from every merchant attribute: Magento's attribute codes are
/// letters, digits and `_` (`Magento\Eav\Model\Validator\Attribute\Code`).
pub const WEBSITES_ATTRIBUTE: &str = "magento-website-codes";
pub const STORES_ATTRIBUTE: &str = "magento-store-codes";
pub const ORIGIN: &str = "AdobeCommerce";

/// One chunk's rows, indexed by entity.
struct Chunk<'a> {
    /// (entity, attribute, store) → value
    values: FastMap<(i64, i64, i64), Cell<'a>>,
    websites: FastMap<i64, Vec<i64>>,
    categories: FastMap<i64, Vec<(i64, i64)>>,
    super_attributes: FastMap<i64, Vec<i64>>,
    children: FastMap<i64, Vec<(i64, String)>>,
    child_values: FastMap<(i64, i64, i64), Cell<'a>>,
    /// child → (parent sku, axis attribute ids)
    parents: BTreeMap<i64, BTreeMap<String, Vec<i64>>>,
    links: FastMap<i64, Vec<(String, String)>>,
    stock: FastMap<i64, (Cell<'a>, bool)>,
    gallery: FastMap<i64, Vec<Row<'a>>>,
    /// bundle → its options (rows: entity, option id, required, position, type), by position
    bundle_options: FastMap<i64, Vec<Row<'a>>>,
    /// (option id, store) → title
    bundle_titles: FastMap<(i64, i64), String>,
    /// option id → selections (rows: entity, option, sku, position, is_default, qty, can change qty)
    bundle_selections: FastMap<i64, Vec<Row<'a>>>,
    /// member → bundle skus
    bundle_parents: FastMap<i64, Vec<String>>,
}

fn group<'a, K: std::hash::Hash + Eq, V>(rows: Rows<'a>, mut f: impl FnMut(Row<'a>) -> Option<(K, V)>) -> FastMap<K, Vec<V>> {
    let mut out: FastMap<K, Vec<V>> = FastMap::default();
    for row in rows {
        if let Some((k, v)) = f(row) {
            out.entry(k).or_default().push(v);
        }
    }
    out
}

impl<'a> Chunk<'a> {
    fn index(t: &'a Tables) -> Chunk<'a> {
        let by_key = |rows: Rows<'a>| -> FastMap<(i64, i64, i64), Cell<'a>> {
            rows.iter().filter_map(|r| Some(((r.at(0).int().ok()?, r.at(1).int().ok()?, r.at(2).int().ok()?), r.at(3)))).collect()
        };
        let values = by_key(t.get("values"));
        let child_values = by_key(t.get("childValues"));
        let mut parents: BTreeMap<i64, BTreeMap<String, Vec<i64>>> = BTreeMap::new();
        for r in t.get("parents") {
            if let (Ok(child), Ok(sku)) = (r.at(0).int(), r.at(2).text()) {
                let axes = parents.entry(child).or_default().entry(sku).or_default();
                if let Ok(a) = r.at(3).int() {
                    axes.push(a);
                }
            }
        }
        Chunk {
            values,
            websites: group(t.get("websites"), |r| Some((r.at(0).int().ok()?, r.at(1).int().ok()?))),
            categories: group(t.get("categories"), |r| Some((r.at(0).int().ok()?, (r.at(1).int().ok()?, r.at(2).int_or(0))))),
            super_attributes: group(t.get("superAttributes"), |r| Some((r.at(0).int().ok()?, r.at(1).int().ok()?))),
            children: group(t.get("children"), |r| Some((r.at(0).int().ok()?, (r.at(1).int().ok()?, r.at(2).text().ok()?)))),
            child_values,
            parents,
            links: group(t.get("links"), |r| Some((r.at(0).int().ok()?, (r.at(1).text().ok()?, r.at(2).text().ok()?)))),
            stock: t.get("stock").iter().filter_map(|r| Some((r.at(0).int().ok()?, (r.at(1), r.at(2).flag())))).collect(),
            gallery: group(t.get("gallery"), |r| Some((r.at(0).int().ok()?, r))),
            bundle_options: group(t.get("bundleOptions"), |r| Some((r.at(0).int().ok()?, r))),
            bundle_titles: t.get("bundleTitles").iter().filter_map(|r| Some(((r.at(0).int().ok()?, r.at(1).int().ok()?), r.at(2).text().ok()?))).collect(),
            bundle_selections: group(t.get("bundleSelections"), |r| Some((r.at(1).int().ok()?, r))),
            bundle_parents: group(t.get("bundleParents"), |r| Some((r.at(0).int().ok()?, r.at(1).text().ok()?))),
        }
    }
}

/// Maps one chunk of `ProductReader` rows. Items come out in entity order, store views in order. An
/// entity whose SKU a lower id has (entities column 5: that id) is one error item, not its products.
pub fn map_products(ctx: &Context, tables: &Tables) -> Result<Vec<Mapped>, String> {
    tables.check_names(&TABLES)?;
    let chunk = Chunk::index(tables);
    let mut out = Vec::new();
    for entity in tables.get("entities") {
        let id = entity.at(0).int_or(0);
        let sku = entity.at(3).text();
        let type_id = entity.at(2).text().unwrap_or_else(|_| "simple".into());
        let websites = chunk.websites.get(&id).cloned().unwrap_or_default();
        let stores = ctx.exported_stores().filter(|s| websites.contains(&s.website_id));
        if let (Ok(sku), Ok(winner)) = (&sku, entity.at(5).int()) {
            let views: Vec<String> = stores.map(|s| format!("{:?}", s.code)).collect();
            if !views.is_empty() {
                out.push(duplicate_sku(Endpoint::Products, id, sku, winner, &format!("store views {}", views.join(", "))));
            }
            continue;
        }
        for store in stores {
            let key = sku.clone().unwrap_or_else(|_| format!("entity {id}"));
            let delete = ProductDelete { sku: key.clone(), source: Source { locale: store.code.clone() } };
            let item = match &sku {
                Err(bad) => Err(ItemError::new("sku", format!("product {id}: sku {bad}"))),
                Ok(sku) => ProductMapper { ctx, chunk: &chunk, store, id, sku }.product(&type_id),
            };
            let item = item.map_err(|e| ItemError::new(e.field, format!("{} (product {key:?}, store view {:?})", e.message, store.code)));
            let ident = Ident { endpoint: Endpoint::Products, parts: &[&key, &store.code], entity_id: id, scope: store.code.as_str().into(), key: key.as_str().into() };
            out.push(Mapped::build(ident, &delete, item, Some(MAX_PRODUCT_BYTES)));
        }
    }
    Ok(out)
}

struct ProductMapper<'a> {
    ctx: &'a Context,
    chunk: &'a Chunk<'a>,
    store: &'a Store,
    id: i64,
    sku: &'a str,
}

/// Splits Magento meta keywords on commas and newlines.
pub fn keywords(text: &str) -> Vec<String> {
    text.split([',', '\n', '\r']).map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect()
}

fn bad(field: &str, b: Bad) -> ItemError {
    ItemError::new(field, format!("{field} {b}"))
}

impl<'a> ProductMapper<'a> {
    /// The value of an attribute in this store view, else the default.
    fn cell(&self, code: &str) -> Option<Cell<'a>> {
        let attribute = self.ctx.attribute(code)?;
        self.value(self.id, attribute.id)
    }

    fn value(&self, entity: i64, attribute_id: i64) -> Option<Cell<'a>> {
        let values = &self.chunk.values;
        values.get(&(entity, attribute_id, self.store.id)).or_else(|| values.get(&(entity, attribute_id, 0))).copied().filter(|c| !c.is_null())
    }

    fn child_value(&self, child: i64, attribute_id: i64) -> Option<Cell<'a>> {
        let m = &self.chunk.child_values;
        m.get(&(child, attribute_id, self.store.id)).or_else(|| m.get(&(child, attribute_id, 0))).copied().filter(|c| !c.is_null())
    }

    /// Optional text: absent or empty → None; broken → error.
    fn text(&self, code: &str, field: &str) -> Result<Option<String>, ItemError> {
        match self.cell(code) {
            None => Ok(None),
            Some(c) => c.text().map(|t| Some(t).filter(|t| !t.trim().is_empty())).map_err(|b| bad(field, b)),
        }
    }

    fn required(&self, code: &str, field: &str) -> Result<String, ItemError> {
        self.text(code, field)?.ok_or_else(|| ItemError::new(field, format!("{field} is missing ({code} has no value)")))
    }

    fn product(&self, type_id: &str) -> Result<Product<'a>, ItemError> {
        let name = self.required("name", "name")?;
        let slug = self.required("url_key", "slug")?;
        let enabled = self.cell("status").is_none_or(|c| c.int_or(1) == 1);
        let enabled = enabled && (type_id != "configurable" || self.has_enabled_child());
        // no value: Magento's default for the attribute, 4 (Catalog, Search)
        let visible_in = match self.cell("visibility").map_or(Ok(4), Cell::int) {
            Ok(1) => vec![],
            Ok(2) => vec!["CATALOG"],
            Ok(3) => vec!["SEARCH"],
            Ok(4) => vec!["CATALOG", "SEARCH"],
            Ok(other) => return Err(ItemError::new("visibleIn", format!("visibility {other} is none of Magento's (1 Not Visible Individually, 2 Catalog, 3 Search, 4 Catalog, Search)"))),
            Err(b) => return Err(ItemError::new("visibleIn", format!("visibility {b}"))),
        };
        let meta_tags = MetaTags {
            title: self.text("meta_title", "metaTags.title")?,
            keywords: self.text("meta_keyword", "metaTags.keywords")?.map(|k| keywords(&k)).unwrap_or_default(),
            description: self.text("meta_description", "metaTags.description")?,
        };
        Ok(Product {
            sku: self.sku,
            source: Source { locale: self.store.code.clone() },
            name,
            slug,
            description: self.text("description", "description")?,
            short_description: self.text("short_description", "shortDescription")?,
            status: if enabled { "ENABLED" } else { "DISABLED" },
            visible_in,
            meta_tags,
            attributes: self.attributes()?,
            images: self.images()?,
            links: self.links(),
            routes: self.routes(),
            configurations: if type_id == "configurable" { self.configurations()? } else { Vec::new() },
            bundles: if type_id == "bundle" { self.bundles()? } else { Vec::new() },
            external_ids: vec![ExternalId { id: self.id.to_string(), origin: ORIGIN }],
        })
    }

    fn has_enabled_child(&self) -> bool {
        let Some(status) = self.ctx.attribute("status") else { return true };
        self.chunk.children.get(&self.id).into_iter().flatten().any(|(child, _)| self.child_value(*child, status.id).is_none_or(|c| c.int_or(1) == 1))
    }

    /// A value as the strings ACO wants (see module docs).
    fn render(&self, attribute: &Attribute, cell: Cell<'_>) -> Result<Vec<String>, ItemError> {
        // the field an error names, made only for an error (this runs for every value of every item)
        let field = || format!("attributes.{}", attribute.code);
        let text = cell.text().map_err(|b| bad(&field(), b))?;
        let label = |value: &str| -> Result<String, ItemError> {
            let value = value.trim();
            match self.ctx.option_label(attribute.id, value, self.store.id) {
                Some(label) => Ok(label.to_owned()),
                None if attribute.source_options => Ok(value.to_owned()),
                None => Err(ItemError::new(field(), format!("option {value} has no label"))),
            }
        };
        Ok(match (attribute.input.as_str(), attribute.backend_type.as_str()) {
            ("boolean", _) => vec![if text.trim() == "1" { "true" } else { "false" }.to_owned()],
            ("select" | "swatch_visual" | "swatch_text", _) => vec![label(&text)?],
            ("multiselect", _) => text.split(',').filter(|o| !o.trim().is_empty()).map(label).collect::<Result<_, _>>()?,
            ("date", _) => vec![text.get(..10).unwrap_or(&text).to_owned()],
            (_, "datetime") => vec![text.replacen(' ', "T", 1) + "Z"],
            (_, "decimal") => vec![Money::parse(&text).map(|m| m.to_string()).unwrap_or(text)],
            _ => vec![text],
        })
    }

    fn attributes(&self) -> Result<Vec<ProductAttribute<'a>>, ItemError> {
        let mut out = Vec::new();
        if let Some(facts) = self.facts()? {
            out.push(ProductAttribute { code: FACTS_ATTRIBUTE, values: vec![facts], variant_reference_id: None });
        }
        // axis attribute id → variantReferenceId (a variant of a configurable)
        let mut axes: HashMap<i64, String> = HashMap::new();
        for (parent_sku, axis_ids) in self.chunk.parents.get(&self.id).into_iter().flatten() {
            for axis in axis_ids {
                let attribute = self.ctx.attributes.get(axis);
                let option = self.value(self.id, *axis).map(|c| c.text());
                match (attribute, option) {
                    (Some(a), Some(Ok(o))) => {
                        axes.entry(*axis).or_insert_with(|| variant_reference_id(parent_sku, &a.code, &o));
                    }
                    (Some(a), _) => {
                        return Err(ItemError::new(format!("attributes.{}", a.code), format!("variant of {parent_sku:?} has no {} value, which that configurable varies by", a.code)))
                    }
                    (None, _) => {}
                }
            }
        }
        let mut rendered: BTreeMap<&str, ProductAttribute<'a>> = BTreeMap::new();
        for attribute in self.ctx.attributes.values() {
            if attribute.backend_type == "static" || attribute.input == "gallery" || attribute.input == "media_image" || NOT_ATTRIBUTES.contains(&attribute.code.as_str()) {
                continue;
            }
            let Some(cell) = self.value(self.id, attribute.id) else { continue };
            let values = self.render(attribute, cell)?;
            if values.iter().all(|v| v.is_empty()) {
                continue;
            }
            rendered.insert(&attribute.code, ProductAttribute { code: &attribute.code, values, variant_reference_id: axes.get(&attribute.id).cloned() });
        }
        out.extend(rendered.into_values());
        out.extend(self.scope_attributes());
        Ok(out)
    }

    /// Websites by the product's assignment; stores: every store of those websites (Magento assigns
    /// products to websites, so a product is in each of their stores), in store view order.
    fn scope_attributes(&self) -> [ProductAttribute<'a>; 2] {
        let assigned = self.chunk.websites.get(&self.id).map_or(&[][..], Vec::as_slice);
        let websites = self.ctx.websites.iter().filter(|w| assigned.contains(&w.id)).map(|w| w.code.clone()).collect();
        let mut stores: Vec<String> = Vec::new();
        for store in self.ctx.stores.iter().filter(|s| assigned.contains(&s.website_id)) {
            if !stores.contains(&store.group_code) {
                stores.push(store.group_code.clone());
            }
        }
        [
            ProductAttribute { code: WEBSITES_ATTRIBUTE, values: websites, variant_reference_id: None },
            ProductAttribute { code: STORES_ATTRIBUTE, values: stores, variant_reference_id: None },
        ]
    }

    /// `{"inStock":…,"lowStock":…,"weight":…}` as one JSON string.
    fn facts(&self) -> Result<Option<String>, ItemError> {
        let mut facts = serde_json::Map::new();
        if let Some((qty, in_stock)) = self.chunk.stock.get(&self.id) {
            facts.insert("inStock".into(), (*in_stock).into());
            let qty = qty.text().ok().and_then(|t| Money::parse(&t).ok());
            let threshold = self.ctx.settings.low_stock_threshold;
            let low = *in_stock && threshold > 0 && qty.is_some_and(|q| q <= Money::parse(&threshold.to_string()).unwrap_or(Money::ZERO));
            facts.insert("lowStock".into(), low.into());
        }
        if let Some(weight) = self.cell("weight") {
            let text = weight.text().map_err(|b| bad("attributes.weight", b))?;
            let weight = Money::parse(&text).map_err(|e| ItemError::new("attributes.weight", format!("weight {e}")))?;
            facts.insert("weight".into(), serde_json::to_value(weight).unwrap_or_default());
        }
        Ok((!facts.is_empty()).then(|| serde_json::Value::Object(facts).to_string()))
    }

    fn images(&self) -> Result<Vec<Image>, ItemError> {
        let media = &self.ctx.settings.media_url;
        // file → (position, label, disabled), the store view's row winning over the default one
        let mut files: BTreeMap<String, (i64, Option<String>, bool, i64)> = BTreeMap::new();
        for row in self.chunk.gallery.get(&self.id).into_iter().flatten() {
            let store = row.at(1).int_or(0);
            if store != 0 && store != self.store.id {
                continue;
            }
            let file = row.at(2).text().map_err(|b| bad("images.url", b))?;
            let entry = (row.at(4).int_or(0), row.at(3).text().ok().filter(|l| !l.is_empty()), row.at(5).flag(), store);
            match files.get(&file) {
                Some(existing) if existing.3 == self.store.id => {}
                _ => {
                    files.insert(file, entry);
                }
            }
        }
        let mut images: Vec<(i64, String, Image)> = files
            .into_iter()
            .filter(|(_, (_, _, disabled, _))| !disabled)
            .map(|(file, (position, label, _, _))| (position, file.clone(), Image { url: format!("{media}{file}"), label, roles: vec![], custom_roles: vec![] }))
            .collect();
        let mut role_of = |file: String, role: Option<&'static str>, custom: Option<&str>| {
            let index = match images.iter().position(|(_, f, _)| *f == file) {
                Some(i) => i,
                None => {
                    images.push((i64::MAX, file.clone(), Image { url: format!("{media}{file}"), label: None, roles: vec![], custom_roles: vec![] }));
                    images.len() - 1
                }
            };
            if let Some((_, _, image)) = images.get_mut(index) {
                image.roles.extend(role);
                image.custom_roles.extend(custom.map(str::to_owned));
            }
        };
        for (code, role) in ROLES {
            if let Some(file) = self.text(code, "images")?.filter(|f| f != "no_selection") {
                role_of(file, Some(role), None);
            }
        }
        for attribute in self.ctx.attributes.values().filter(|a| a.input == "media_image" && !ROLES.iter().any(|(c, _)| *c == a.code)) {
            if let Some(file) = self.value(self.id, attribute.id).and_then(|c| c.text().ok()).filter(|f| !f.is_empty() && f != "no_selection") {
                role_of(file, None, Some(&attribute.code));
            }
        }
        images.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        Ok(images.into_iter().map(|(_, _, image)| image).collect())
    }

    fn links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = self.chunk.parents.get(&self.id).into_iter().flatten().map(|(sku, _)| Link { kind: "VARIANT_OF".into(), sku: sku.clone() }).collect();
        links.extend(self.chunk.bundle_parents.get(&self.id).into_iter().flatten().map(|sku| Link { kind: "IN_BUNDLE".into(), sku: sku.clone() }));
        for (sku, code) in self.chunk.links.get(&self.id).into_iter().flatten() {
            let kind = match code.as_str() {
                "relation" => "related",
                "up_sell" => "upsell",
                "cross_sell" => "crosssell",
                other => other,
            };
            links.push(Link { kind: kind.into(), sku: sku.clone() });
        }
        links.sort_by(|a, b| (&a.kind, &a.sku).cmp(&(&b.kind, &b.sku)));
        links.dedup();
        links
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes: Vec<Route> = self
            .chunk
            .categories
            .get(&self.id)
            .into_iter()
            .flatten()
            .filter_map(|(category, position)| {
                let info = self.ctx.categories.get(category)?;
                let path = crate::mapping::category::exported_slug(self.ctx, info, self.store.id)?;
                Some(Route { path, position: *position })
            })
            .collect();
        routes.sort_by(|a, b| a.path.cmp(&b.path));
        routes.dedup_by(|a, b| a.path == b.path);
        routes
    }

    fn configurations(&self) -> Result<Vec<Configuration>, ItemError> {
        let children = self.chunk.children.get(&self.id).map_or(&[][..], Vec::as_slice);
        let mut out = Vec::new();
        for axis in self.chunk.super_attributes.get(&self.id).into_iter().flatten() {
            let Some(attribute) = self.ctx.attributes.get(axis) else { continue };
            let mut options: Vec<i64> = children.iter().filter_map(|(child, _)| self.child_value(*child, *axis)?.int().ok()).collect::<HashSet<_>>().into_iter().collect();
            options.sort_by_key(|o| (self.ctx.option(*axis, &o.to_string()).map_or(0, |i| i.sort_order), *o));
            let mut values = Vec::new();
            for option in options {
                let label = self.ctx.option_label(*axis, &option.to_string(), self.store.id).map(str::to_owned);
                if label.is_none() {
                    return Err(ItemError::new(format!("configurations.{}", attribute.code), format!("option {option} of {} has no label", attribute.code)));
                }
                let swatch = self.ctx.swatches.get(&option);
                let color_hex = swatch.filter(|(t, _)| *t == 1).map(|(_, v)| v.clone());
                let image_url = swatch.filter(|(t, _)| *t == 2).map(|(_, v)| format!("{}/swatch{v}", self.ctx.settings.media_url.trim_end_matches("/catalog/product")));
                values.push(OptionValue { variant_reference_id: variant_reference_id(self.sku, &attribute.code, &option.to_string()), label, color_hex, image_url });
            }
            let kind = if attribute.swatch.is_some_and(|s| matches!(s, SwatchType::Visual | SwatchType::Text)) { "SWATCH" } else { "CONFIGURABLE" };
            out.push(Configuration { attribute_code: attribute.code.clone(), label: Some(self.ctx.attribute_label(attribute, self.store.id)), kind, values });
        }
        Ok(out)
    }
}

impl ProductMapper<'_> {
    /// A bundle's groups: Magento's options (title of the store view, else admin), their selections.
    fn bundles(&self) -> Result<Vec<Bundle>, ItemError> {
        let mut options: Vec<Row<'_>> = self.chunk.bundle_options.get(&self.id).cloned().unwrap_or_default();
        options.sort_by_key(|r| (r.at(3).int_or(0), r.at(1).int_or(0)));
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for option in options {
            let id = option.at(1).int_or(0);
            let titles = &self.chunk.bundle_titles;
            let group = titles.get(&(id, self.store.id)).or_else(|| titles.get(&(id, 0))).filter(|t| !t.trim().is_empty())
                .ok_or_else(|| ItemError::new("bundles.group", format!("bundle option {id} has no title")))?;
            let mut selections: Vec<Row<'_>> = self.chunk.bundle_selections.get(&id).cloned().unwrap_or_default();
            selections.sort_by_key(|r| r.at(3).int_or(0));
            let mut items = Vec::new();
            let mut defaults = Vec::new();
            for s in selections {
                let sku = s.at(2).text().map_err(|b| bad("bundles.items.sku", b))?;
                if !seen.insert(sku.clone()) {
                    return Err(ItemError::new("bundles.items.sku", format!("Duplicate SKU found in bundle items: {sku:?}")));
                }
                if s.at(4).flag() {
                    defaults.push(sku.clone());
                }
                let qty = s.at(5).text().ok().and_then(|q| Money::parse(&q).ok()).filter(|q| q.is_positive());
                items.push(BundleItem { sku, qty, user_defined_qty: s.at(6).flag() });
            }
            let kind = option.at(4).text().unwrap_or_default();
            out.push(Bundle {
                group: group.clone(),
                required: option.at(2).flag(),
                multi_select: matches!(kind.as_str(), "checkbox" | "multi"),
                default_item_skus: defaults,
                items,
            });
        }
        Ok(out)
    }
}

/// The id tying a configurable's option value to its variants: `{parent sku}-{attribute}-{option id}`,
/// the same in every store view.
pub fn variant_reference_id(parent_sku: &str, attribute: &str, option: &str) -> String {
    format!("{parent_sku}-{attribute}-{}", option.trim())
}
