//! Price books and prices (design §2–3). Each exported website is a base price book in its base
//! currency, with a child book per customer group; every simple product (not configurable, bundle or
//! grouped parents: ACO prices their variants) gets a price in each book of each website it is in.
//!
//! Units follow the contract: a discount's `price` is the amount taken off (regular 20, special 15 →
//! 5; no discount when special ≥ regular), a tier's `price` is the final unit price. Tier qty must
//! be > 1, so a qty-1 Magento tier (a customer-group price) becomes a discount in that group's book.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::mapping::context::{Context, Website};
use crate::mapping::fast_hash::FastMap;
use crate::mapping::identity::sha1_hex;
use crate::mapping::input::{Row, Tables};
use crate::mapping::money::Money;
use crate::mapping::{duplicate_sku, Ident, ItemError, Mapped};
use crate::model::{Discount, Price, PriceBook, PriceBookDelete, PriceDelete, Tier};
use crate::transport::Endpoint;

pub const TABLES: [&str; 6] = ["entities", "values", "websites", "tiers", "rules", "dates"];

/// The child price book of a customer group in a website (the id Adobe's connector uses).
pub fn group_book_id(website_code: &str, group_id: i64) -> String {
    format!("{website_code}::{}", sha1_hex(group_id.to_string().as_bytes()))
}

pub fn map_price_books(ctx: &Context) -> Vec<Mapped> {
    let mut out = Vec::new();
    for website in ctx.exported_websites() {
        let base = PriceBook { price_book_id: website.code.clone(), name: website.name.clone(), currency: Some(website.currency.clone()), parent_id: None };
        let item = if website.currency.len() == 3 && website.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(base)
        } else {
            Err(ItemError::new("currency", format!("website {:?} has base currency {:?}, not an ISO 4217 code", website.code, website.currency)))
        };
        out.push(book(website.id, &website.code, item));
        for (group_id, group) in &ctx.groups {
            let id = group_book_id(&website.code, *group_id);
            let child = PriceBook { price_book_id: id.clone(), name: format!("{group} ({})", website.name), currency: None, parent_id: Some(website.code.clone()) };
            out.push(book(website.id, &id, Ok(child)));
        }
    }
    out
}

fn book(website_id: i64, id: &str, item: Result<PriceBook, ItemError>) -> Mapped {
    let delete = PriceBookDelete { price_book_id: id.to_owned() };
    Mapped::build(Ident { endpoint: Endpoint::PriceBooks, parts: &[id], entity_id: website_id, scope: id.into(), key: id.into() }, &delete, item, None)
}

/// A price book id (shared by its items) and the customer group it is for (`None`: the website's base book).
type Book = (Arc<str>, Option<i64>);

/// What one product's price rows say for one website.
struct Facts {
    regular: Option<Result<Money, String>>,
    special: Option<Result<Money, String>>,
    special_active: bool,
}

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
            for (book_id, group) in books {
                let rule = group.and_then(|g| rules.get(&(id, website.id, g)));
                let item = price(&sku, book_id, &facts, product_tiers, website, *group, rule)
                    .map_err(|e| ItemError::new(e.field, format!("{} (SKU {sku:?}, price book {book_id:?})", e.message)));
                let delete = PriceDelete { sku: &sku, price_book_id: book_id };
                let ident = Ident { endpoint: Endpoint::Prices, parts: &[&sku, book_id], entity_id: id, scope: Arc::clone(book_id), key: Arc::clone(&sku) };
                out.push(Mapped::build(ident, &delete, item, None));
            }
        }
    }
    Ok(out)
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

fn amount(field: &str, value: &Result<Money, String>) -> Result<Money, ItemError> {
    match value {
        Ok(m) if m.is_negative() => Err(ItemError::new(field, format!("{field} is negative ({m})"))),
        Ok(m) => Ok(*m),
        Err(e) => Err(ItemError::new(field, e.clone())),
    }
}

/// An "amount off" discount, when `target` is below `regular`.
fn amount_off(code: &'static str, regular: Money, target: Money) -> Option<Discount> {
    (target < regular).then(|| Discount { code, price: Some(regular.minus(target)), percentage: None })
}

fn price<'a>(sku: &'a str, book: &'a str, f: &Facts, tiers: &[Row<'_>], website: &Website, group: Option<i64>, rule: Option<&String>) -> Result<Price<'a>, ItemError> {
    let regular = amount("regular", f.regular.as_ref().ok_or_else(|| ItemError::new("regular", "the product has no price"))?)?;
    let mut discounts = Vec::new();
    if let (Some(special), true) = (&f.special, f.special_active) {
        discounts.extend(amount_off("special_price", regular, amount("discounts.special_price", special)?));
    }
    if let Some(rule) = rule {
        discounts.extend(amount_off("catalog_rule", regular, amount("discounts.catalog_rule", &Money::parse(rule))?));
    }
    // qty → tier; at the same qty a group's own tier wins over an all-groups one, then a website's
    // own over one for all websites (as Magento's product page picks them)
    let mut by_qty: BTreeMap<Money, ((bool, bool), Tier)> = BTreeMap::new();
    for row in tiers {
        let (all_groups, tier_group, tier_website) = (row.at(1).flag(), row.at(2).int_or(0), row.at(5).int_or(0));
        if tier_website != 0 && tier_website != website.id || !(all_groups || Some(tier_group) == group) {
            continue;
        }
        let qty = amount("tierPrices.qty", &row.at(3).text().map_err(|b| b.to_string()).and_then(|t| Money::parse(&t)))?;
        let percentage = row.at(6).text().ok();
        let value = amount("tierPrices.price", &row.at(4).text().map_err(|b| b.to_string()).and_then(|t| Money::parse(&t)))?;
        let value = if tier_website == 0 && percentage.is_none() { in_currency_of(website, value)? } else { value };
        let one = Money::parse("1").unwrap_or(Money::ZERO);
        if qty <= one {
            // qty 1: a price for everyone in the group, i.e. a discount
            let code = if all_groups { "tier_price" } else { "group_price" };
            if percentage.is_none() {
                discounts.extend(amount_off(code, regular, value));
            } else if let Some(p) = percentage {
                discounts.push(Discount { code, price: None, percentage: Some(percentage_of(&p)?) });
            }
            continue;
        }
        let tier = match percentage {
            Some(p) => Tier { qty, price: None, percentage: Some(percentage_of(&p)?) },
            None if value.is_positive() && value <= regular => Tier { qty, price: Some(value), percentage: None },
            None => return Err(ItemError::new("tierPrices.price", format!("tier at qty {qty} costs {value}, not between 0 and the regular price {regular}"))),
        };
        let rank = (!all_groups, tier_website != 0);
        if by_qty.get(&qty).is_none_or(|(had, _)| *had <= rank) {
            by_qty.insert(qty, (rank, tier));
        }
    }
    discounts.sort_by(|a, b| a.code.cmp(b.code));
    discounts.dedup_by(|a, b| a.code == b.code);
    Ok(Price { sku, price_book_id: book, regular, discounts, tier_prices: by_qty.into_values().map(|(_, t)| t).collect() })
}

/// A fixed tier price for all websites (website 0), which Magento stores in the default base currency,
/// in the website's base currency, converted as Magento's price index does; never sent unconverted.
fn in_currency_of(website: &Website, value: Money) -> Result<Money, ItemError> {
    let rate = website.rate.ok_or_else(|| {
        ItemError::new("tierPrices.price", format!("a tier price for all websites is in the default base currency, and no currency rate converts it to {} (Stores > Currency Rates)", website.currency))
    })?;
    value.convert(rate).map_err(|e| ItemError::new("tierPrices.price", e))
}

fn percentage_of(text: &str) -> Result<Money, ItemError> {
    let p = Money::parse(text).map_err(|e| ItemError::new("percentage", e))?;
    let (min, max) = (Money::parse("0.01").unwrap_or(Money::ZERO), Money::parse("99.99").unwrap_or(Money::ZERO));
    if p < min || p > max {
        return Err(ItemError::new("percentage", format!("{p} % is outside 0.01–99.99")));
    }
    Ok(p)
}
