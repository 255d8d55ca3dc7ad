//! Categories per exported store view: slug = URL path (`slug`), name, description, meta, image, position.
//! Root categories (no URL path) are skipped, so are inactive ones and every category below an
//! inactive one (Magento's storefront hides that whole branch; ACO could not hold a child without its
//! parent's slug); parents come before children (ACO needs a parent slug before its children).

use crate::mapping::context::{CategoryInfo, Context, Store};
use crate::mapping::limits::{cut, valid_slug, MAX_CATEGORY_NAME};
use crate::mapping::product::keywords;
use crate::mapping::{Ident, ItemError, Mapped};
use crate::model::{Category, CategoryDelete, CategoryImage, MetaTags, Source};
use crate::transport::Endpoint;

/// The ACO slug of a category in a store view: its URL path there, as Magento's URL rewrites build it
/// (CatalogUrlRewrite's CategoryUrlPathGenerator): the stored `url_path`, else the parent's path and
/// the category's own URL key. Magento 2.4.7 deletes a moved category's stored path in the store views
/// whose path it does not write anew, while its storefront serves the built one.
pub fn slug(ctx: &Context, category: &CategoryInfo, store_id: i64) -> Option<String> {
    let text = |code: &str| ctx.category_value(category, code, store_id).map(|p| p.trim_matches('/')).filter(|p| !p.is_empty());
    if let Some(path) = text("url_path") {
        return Some(path.to_owned());
    }
    let key = text("url_key")?;
    match ctx.categories.get(&category.parent_id) {
        Some(parent) if (2..category.level).contains(&parent.level) => Some(format!("{}/{key}", slug(ctx, parent, store_id)?)),
        _ if category.level == 2 => Some(key.to_owned()), // below a store root
        _ => None,                                         // a root, a parent not read, or a loop in the tree
    }
}

fn is_active(ctx: &Context, category: &CategoryInfo, store_id: i64) -> bool {
    ctx.category_value(category, "is_active", store_id).is_none_or(|v| v.trim() != "0")
}

/// Whether a category's parent chain climbs strictly up to the store roots (levels 0 and 1). A corrupt
/// tree (a parent cycle, or a parent at the same or a deeper level) does not: its categories are item
/// errors, and no product routes to them.
fn reaches_root(ctx: &Context, category: &CategoryInfo) -> bool {
    let mut current = category;
    for _ in 0..=category.level.max(0) {
        if current.level < 2 {
            return true;
        }
        match ctx.categories.get(&current.parent_id) {
            Some(parent) if parent.level < current.level => current = parent,
            Some(_) => return false,
            None => return true, // a parent outside what was read: nothing to check against
        }
    }
    false
}

/// The slug of a category ACO gets in a store view: it has a URL path, its tree is sound, and it and
/// every ancestor below the store roots (level 2 and deeper) are active there. Product routes name
/// only these, so every route a product sends names a category ACO has.
pub fn exported_slug(ctx: &Context, category: &CategoryInfo, store_id: i64) -> Option<String> {
    if !is_active(ctx, category, store_id) || !reaches_root(ctx, category) {
        return None;
    }
    let mut current = category;
    while current.level >= 2 {
        match ctx.categories.get(&current.parent_id) {
            Some(parent) if parent.level >= 2 => {
                if !is_active(ctx, parent, store_id) {
                    return None;
                }
                current = parent;
            }
            _ => break,
        }
    }
    slug(ctx, category, store_id)
}

pub fn map_categories(ctx: &Context) -> Vec<Mapped> {
    let mut out = Vec::new();
    for store in ctx.exported_stores() {
        let mut items: Vec<(usize, Mapped)> = Vec::new();
        // (category, slug, whether its tree is sound); a category in a broken tree is reported even
        // without a URL path (its row is keyed by its id then), never skipped unseen
        let exported: Vec<(&CategoryInfo, String, bool)> = ctx
            .categories
            .values()
            .filter_map(|c| match reaches_root(ctx, c) {
                true => Some((c, exported_slug(ctx, c, store.id)?, true)),
                false => Some((c, slug(ctx, c, store.id).unwrap_or_default(), false)),
            })
            .collect();
        for (category, slug, sound) in &exported {
            let parent = slug.rsplit_once('/').map(|(p, _)| p);
            let text = |code: &str| ctx.category_value(category, code, store.id).map(str::to_owned).filter(|v| !v.trim().is_empty());
            let mut warnings = Vec::new();
            let item = if !sound {
                Err(ItemError::new("parent_id", format!("its parent chain does not climb to a root (parent {}): a loop in the category tree", category.parent_id)))
            } else if !valid_slug(slug) {
                Err(ItemError::new("slug", format!("URL path {slug:?} is not a slug ACO takes (1–1024 lowercase letters, digits, hyphens and '/'): change the URL key of this category or a parent (Search Engine Optimization)")))
            } else if parent.is_some_and(|p| !exported.iter().any(|(_, s, sound)| *sound && s == p)) {
                Err(ItemError::new("slug", format!("parent category {:?} has no URL path", parent.unwrap_or_default())))
            } else {
                match text("name") {
                    None => Err(ItemError::new("name", "name is missing")),
                    Some(name) => Ok(Category {
                        slug: slug.clone(),
                        source: Source { locale: store.code.clone() },
                        name: fitted_name(category, store, name, &mut warnings),
                        description: text("description"),
                        position: category.position,
                        meta_tags: MetaTags {
                            title: text("meta_title"),
                            keywords: text("meta_keywords").map(|k| keywords(&k)).unwrap_or_default(),
                            description: text("meta_description"),
                        },
                        images: text("image")
                            .map(|file| vec![CategoryImage { url: format!("{}/{}", ctx.settings.category_media_url, file.trim_start_matches('/')), roles: vec!["BASE"] }])
                            .unwrap_or_default(),
                    }),
                }
            };
            let item = item.map_err(|e| ItemError::new(e.field, format!("{} (category {}, store view {:?})", e.message, category.id, store.code)));
            let id = category.id.to_string();
            let key = if slug.is_empty() { format!("category {id}") } else { slug.clone() };
            let ident = Ident { endpoint: Endpoint::Categories, parts: &[&id, &store.code], entity_id: category.id, scope: store.code.as_str().into(), key: key.into() };
            let mapped = match slug.is_empty() {
                // nothing in ACO is named by no slug: what the row last sent is what gets withdrawn
                true => Mapped::build(ident, &(), item, None),
                false => Mapped::build(ident, &CategoryDelete { slug: slug.clone(), source: Source { locale: store.code.clone() } }, item, None),
            };
            items.push((slug.matches('/').count(), mapped.warning(warnings)));
        }
        items.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
        out.extend(items.into_iter().map(|(_, m)| m));
    }
    out
}

/// The name within ACO's 128 characters (Magento allows 255): cut, with a warning.
fn fitted_name(category: &CategoryInfo, store: &Store, name: String, warnings: &mut Vec<String>) -> String {
    match cut(&name, MAX_CATEGORY_NAME) {
        None => name,
        Some(short) => {
            let start = cut(&short, 40).unwrap_or_else(|| short.clone());
            warnings.push(format!("category {} ({start:?}…), store view {:?}: name has {} characters, sent cut to ACO's {MAX_CATEGORY_NAME}", category.id, store.code, name.chars().count()));
            short
        }
    }
}
