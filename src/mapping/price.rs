//! Price books and prices (design §2–3). Each exported website is a base price book in its base
//! currency, with a child book per customer group; every simple product (not configurable, bundle or
//! grouped parents: ACO prices their variants) gets a price in the base book of each website it is
//! in, and in a group's book only where that group pays otherwise (`fallback`). What one book's
//! price is: `book_price`.

use std::sync::Arc;

use crate::mapping::book_price::{self, Facts, Note};
use crate::mapping::context::{Context, Website};
use crate::mapping::fallback;
use crate::mapping::fast_hash::FastMap;
use crate::mapping::input::{Row, Tables};
use crate::mapping::money::Money;
use crate::mapping::price_book::group_book_id;
use crate::mapping::{duplicate_sku, Ident, ItemError, Mapped};
use crate::model::{Price, PriceDelete};
use crate::transport::Endpoint;

pub const TABLES: [&str; 6] = ["entities", "values", "websites", "tiers", "rules", "dates"];

/// A price book id (shared by its items) and the customer group it is for (`None`: the website's base book).
type Book = (Arc<str>, Option<i64>);

/// Maps one chunk of `PriceReader` rows; an entity whose SKU a lower id has (entities column 4: that
/// id) is one error item, not prices. Table `dates` holds each website's local date (website id,
/// `YYYY-MM-DD`): the day its special prices are evaluated on, as Magento does in the website's time
/// zone; a chunk without the date of an exported website is refused.
pub fn map_prices(ctx: &Context, tables: &Tables) -> Result<Vec<Mapped>, String> {
    tables.check_names(&TABLES)?;
    let dates = website_dates(ctx, tables)?;
    // borrowed codes: a lookup needs no allocation (attribute codes always arrive as strings)
    let mut values: FastMap<i64, FastMap<(&str, i64), String>> = FastMap::default();
    for r in tables.get("values") {
        if let (Ok(e), Some(code), Ok(store), Ok(v)) = (r.at(0).int(), r.at(1).str(), r.at(2).int(), r.at(3).text()) {
            values.entry(e).or_default().insert((code, store), v);
        }
    }
    let mut websites: FastMap<i64, Vec<i64>> = FastMap::default();
    for r in tables.get("websites") {
        if let (Ok(e), Ok(w)) = (r.at(0).int(), r.at(1).int()) {
            websites.entry(e).or_default().push(w);
        }
    }
    let mut tiers: FastMap<i64, Vec<Row<'_>>> = FastMap::default();
    for r in tables.get("tiers") {
        tiers.entry(r.at(0).int_or(0)).or_default().push(r);
    }
    let mut rules: FastMap<(i64, i64, i64), String> = FastMap::default();
    for r in tables.get("rules") {
        if let Ok(price) = r.at(3).text() {
            rules.insert((r.at(0).int_or(0), r.at(1).int_or(0), r.at(2).int_or(0)), price);
        }
    }
    // each website's books, base first, then one per customer group: the same for every product
    let books: Vec<(&Website, Vec<Book>)> = ctx
        .exported_websites()
        .map(|w| {
            let mut books: Vec<Book> = vec![(w.code.as_str().into(), None)];
            books.extend(ctx.groups.iter().map(|(g, _)| (group_book_id(&w.code, *g).into(), Some(*g))));
            (w, books)
        })
        .collect();
    // about one item per row of the websites table and book of its website (saves regrowing)
    let books_per_website = books.first().map_or(0, |(_, b)| b.len());
    let mut out = Vec::with_capacity(tables.get("websites").len() * books_per_website);
    for entity in tables.get("entities") {
        let id = entity.at(0).int_or(0);
        let Ok(sku) = entity.at(3).text() else {
            out.push(Mapped::build(Ident { endpoint: Endpoint::Prices, parts: &[&id.to_string()], entity_id: id, scope: "".into(), key: "".into() }, &(), Err::<Price, _>(ItemError::new("sku", format!("product {id} has no SKU"))), None));
            continue;
        };
        let exported = books.iter().filter(|(w, _)| websites.get(&id).is_some_and(|ws| ws.contains(&w.id)));
        if let Ok(winner) = entity.at(4).int() {
            let websites: Vec<String> = exported.map(|(w, _)| format!("{:?}", w.code)).collect();
            if !websites.is_empty() {
                out.push(duplicate_sku(Endpoint::Prices, id, &sku, winner, &format!("the price books of websites {}", websites.join(", "))));
            }
            continue;
        }
        // shared by the product's items (their key)
        let sku: Arc<str> = sku.into();
        let empty = FastMap::default();
        let vals = values.get(&id).unwrap_or(&empty);
        for (website, books) in exported {
            let facts = facts(ctx, vals, website, dates.get(&website.id).map_or("", String::as_str));
            let product_tiers = tiers.get(&id).map_or(&[][..], Vec::as_slice);
            // the base book's price (when it maps) and its item's place in `out`
            let mut parent: Option<(Price, usize)> = None;
            for (book_id, group) in books {
                let rule = group.and_then(|g| rules.get(&(id, website.id, g)));
                let mut notes = Vec::new();
                let book = book_price::Book { id: book_id, website, group: *group };
                let item = book_price::price(&sku, &book, &facts, product_tiers, rule, &mut notes)
                    .map_err(|e| ItemError::new(e.field, format!("{} (SKU {sku:?}, price book {book_id:?})", e.message)));
                let warnings: Vec<String> = notes.into_iter().map(|n| warning(ctx, &sku, website, *group, n)).collect();
                match (&item, &parent) {
                    (Ok(child), Some((base, at))) if fallback::pays_the_same(child, base) => {
                        // no record: ACO's lookup falls back to the base book (an earlier one is deleted by absence)
                        if let Some(kept) = out.get_mut(*at).map(|base| &mut base.warnings) {
                            let new: Vec<String> = warnings.into_iter().filter(|w| !kept.contains(w)).collect();
                            kept.extend(new);
                        }
                        continue;
                    }
                    (Ok(base), None) if group.is_none() => parent = Some((base.clone(), out.len())),
                    _ => {}
                }
                let delete = PriceDelete { sku: &sku, price_book_id: book_id };
                let ident = Ident { endpoint: Endpoint::Prices, parts: &[&sku, book_id], entity_id: id, scope: Arc::clone(book_id), key: Arc::clone(&sku) };
                out.push(Mapped::build(ident, &delete, item, None).warning(warnings));
            }
        }
    }
    Ok(out)
}

/// One line naming the product, its scope and the field: the same text in every book a reshaping
/// of the whole website holds in, so a run reports it once.
fn warning(ctx: &Context, sku: &str, website: &Website, group: Option<i64>, note: Note) -> String {
    let group = group.filter(|_| note.group).map(|g| ctx.groups.iter().find(|(id, _)| *id == g).map_or_else(|| g.to_string(), |(_, code)| code.clone()));
    match group {
        Some(group) => format!("product {sku:?}, website {:?}, customer group {group:?}: {}", website.code, note.text),
        None => format!("product {sku:?}, website {:?}: {}", website.code, note.text),
    }
}

/// Each exported website's local date from the chunk's `dates` table.
fn website_dates(ctx: &Context, tables: &Tables) -> Result<FastMap<i64, String>, String> {
    let mut dates = FastMap::default();
    for r in tables.get("dates") {
        let (Ok(id), Ok(date)) = (r.at(0).int(), r.at(1).text()) else {
            return Err("dates: each row is a website id and its local date".into());
        };
        if date.len() != 10 || date.as_bytes().get(4) != Some(&b'-') || date.as_bytes().get(7) != Some(&b'-') {
            return Err(format!("dates: {date:?} (website {id}) is not YYYY-MM-DD"));
        }
        dates.insert(id, date);
    }
    match ctx.exported_websites().find(|w| !dates.contains_key(&w.id)) {
        Some(w) => Err(format!("dates: no local date for website {:?}", w.code)),
        None => Ok(dates),
    }
}

/// The website's value: with website price scope, the value on the website's first store view wins
/// over the default; with global scope only the default counts. A special price counts on `today`
/// (the website's local date) within its from/to dates.
fn facts(ctx: &Context, vals: &FastMap<(&str, i64), String>, website: &Website, today: &str) -> Facts {
    let store = ctx.stores.iter().filter(|s| s.website_id == website.id).map(|s| s.id).min();
    let get = |code: &'static str| -> Option<&String> {
        let scoped = if ctx.settings.price_scope == 1 { store.and_then(|s| vals.get(&(code, s))) } else { None };
        scoped.or_else(|| vals.get(&(code, 0)))
    };
    let date = |code: &'static str| get(code).map(|d| d.get(..10).unwrap_or(d).to_owned());
    let special_active = date("special_from_date").is_none_or(|from| from.as_str() <= today) && date("special_to_date").is_none_or(|to| to.as_str() >= today);
    Facts { regular: get("price").map(|p| Money::parse(p)), special: get("special_price").map(|p| Money::parse(p)), special_active }
}
