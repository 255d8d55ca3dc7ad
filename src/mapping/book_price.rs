//! One product's price in one price book, from what its rows say for the book's website and group.
//!
//! Units follow the contract: a discount's `price` is the amount taken off (regular 20, special 15 →
//! 5; no discount when special ≥ regular), a tier's `price` is the final unit price. Tier qty must
//! be > 1, so a qty-1 Magento tier (a customer-group price) becomes a discount in that group's book.
//!
//! What the contract cannot hold is reshaped so ACO still shows the store's final price, and each
//! reshaping is a warning: a price of 0 at qty 1 (a special, group or catalog rule price of 0, or
//! 100 % off) is the regular price of 0 in that book, since ACO takes a fixed discount only below the
//! regular price and a percentage only up to 99.99; a tier ACO cannot hold (above the regular price,
//! free, or 100 % off) is left out.

use std::collections::BTreeMap;

use crate::mapping::context::Website;
use crate::mapping::input::Row;
use crate::mapping::limits::{MAX_PERCENTAGE, MIN_PERCENTAGE};
use crate::mapping::money::Money;
use crate::mapping::ItemError;
use crate::model::{Discount, Price, Tier};

/// What one product's rows say for one website.
pub struct Facts {
    pub regular: Option<Result<Money, String>>,
    pub special: Option<Result<Money, String>>,
    pub special_active: bool,
}

/// A reshaping worth a warning; `group`: it holds only in the book's customer group, not in all of
/// the website's books.
pub struct Note {
    pub group: bool,
    pub text: String,
}

/// The book: its id, website and customer group (`None`: the website's base book).
pub struct Book<'a> {
    pub id: &'a str,
    pub website: &'a Website,
    pub group: Option<i64>,
}

const ONE: Money = Money::hundredths(100);
const WHOLE: Money = Money::hundredths(10_000);

fn amount(field: &str, what: &str, value: &Result<Money, String>) -> Result<Money, ItemError> {
    match value {
        Ok(m) if m.is_negative() => Err(ItemError::new(field, format!("{what} is negative ({m})"))),
        Ok(m) => Ok(*m),
        Err(e) => Err(ItemError::new(field, format!("{what}: {e}"))),
    }
}

/// A percentage as Magento stores it (0–100); `None` when it takes nothing off.
fn percentage(field: &str, text: &str) -> Result<Option<Money>, ItemError> {
    let p = Money::parse(text).map_err(|e| ItemError::new(field, format!("percentage: {e}")))?;
    if p.is_negative() || p > WHOLE {
        return Err(ItemError::new(field, format!("{p} % is not between 0 and 100")));
    }
    Ok((p >= MIN_PERCENTAGE).then_some(p))
}

/// Why the final price at qty 1 is 0, when it is (and the regular price is not).
type Free = Option<(bool, String)>;

/// An amount-off discount taking the price to `target` (none when `target` is not below regular);
/// a target of 0 is no discount ACO takes, so it is noted in `free`.
fn amount_off(code: &'static str, group: bool, regular: Money, target: Money, free: &mut Free, discounts: &mut Vec<Discount>) {
    if target < regular {
        match target.is_positive() {
            true => discounts.push(Discount { code, price: Some(regular.minus(target)), percentage: None }),
            false => *free = free.take().or(Some((group, format!("{code} 0 (100 % off)")))),
        }
    }
}

pub fn price<'a>(sku: &'a str, book: &Book<'a>, f: &Facts, tiers: &[Row<'_>], rule: Option<&String>, notes: &mut Vec<Note>) -> Result<Price<'a>, ItemError> {
    let regular = amount("regular", "the price", f.regular.as_ref().ok_or_else(|| ItemError::new("regular", "the product has no price"))?)?;
    let mut discounts = Vec::new();
    let mut free: Free = None;
    if let (Some(special), true) = (&f.special, f.special_active) {
        amount_off("special_price", false, regular, amount("discounts.special_price", "special_price", special)?, &mut free, &mut discounts);
    }
    if let Some(rule) = rule {
        amount_off("catalog_rule", true, regular, amount("discounts.catalog_rule", "the catalog rule price", &Money::parse(rule))?, &mut free, &mut discounts);
    }
    // qty → tier; at the same qty a group's own tier wins over an all-groups one, then a website's
    // own over one for all websites (as Magento's product page picks them)
    let mut by_qty: BTreeMap<Money, ((bool, bool), Tier)> = BTreeMap::new();
    for row in tiers {
        let (all_groups, tier_group, tier_website) = (row.at(1).flag(), row.at(2).int_or(0), row.at(5).int_or(0));
        if tier_website != 0 && tier_website != book.website.id || !(all_groups || Some(tier_group) == book.group) {
            continue;
        }
        let qty = amount("tierPrices.qty", "a tier price's qty", &row.at(3).text().map_err(|b| b.to_string()).and_then(|t| Money::parse(&t)))?;
        let percent = row.at(6).text().ok().map(|p| percentage("percentage", &p)).transpose()?;
        let value = amount("tierPrices.price", "a tier price", &row.at(4).text().map_err(|b| b.to_string()).and_then(|t| Money::parse(&t)))?;
        let value = if tier_website == 0 && percent.is_none() { in_currency_of(book.website, value)? } else { value };
        if qty <= ONE {
            // qty 1: a price for everyone in the group, i.e. a discount
            let code = if all_groups { "tier_price" } else { "group_price" };
            match percent {
                None => amount_off(code, !all_groups, regular, value, &mut free, &mut discounts),
                Some(None) => {} // 0 % off
                Some(Some(p)) if p > MAX_PERCENTAGE => free = free.take().or(Some((!all_groups, format!("{code} of {p} % off at qty {qty}")))),
                Some(Some(p)) => discounts.push(Discount { code, price: None, percentage: Some(p) }),
            }
            continue;
        }
        let tier = match percent {
            Some(None) => continue, // 0 % off: nothing to tell
            Some(Some(p)) if p > MAX_PERCENTAGE => {
                notes.push(Note { group: !all_groups, text: format!("the tier price at qty {qty} ({p} % off) is left out: ACO takes at most {MAX_PERCENTAGE} % off") });
                continue;
            }
            Some(Some(p)) => Tier { qty, price: None, percentage: Some(p) },
            None if value.is_positive() && value <= regular => Tier { qty, price: Some(value), percentage: None },
            None if value.is_positive() || regular.is_positive() => {
                let why = if value.is_positive() { "is above the regular price, which Magento's storefront does not show either" } else { "is 0, and ACO takes only a tier price above 0" };
                notes.push(Note { group: !all_groups, text: format!("the tier price at qty {qty} ({value}) {why}: left out") });
                continue;
            }
            None => continue, // free at any qty already
        };
        let rank = (!all_groups, tier_website != 0);
        if by_qty.get(&qty).is_none_or(|(had, _)| *had <= rank) {
            by_qty.insert(qty, (rank, tier));
        }
    }
    if let Some((group, why)) = free {
        // the store's final price is 0 in this book: the one shape ACO takes for it
        notes.push(Note { group, text: format!("{why} is sent as a regular price of 0 (ACO takes no discount of the whole price)") });
        return Ok(Price { sku, price_book_id: book.id, regular: Money::ZERO, discounts: Vec::new(), tier_prices: Vec::new() });
    }
    discounts.sort_by(|a, b| a.code.cmp(b.code));
    discounts.dedup_by(|a, b| a.code == b.code);
    Ok(Price { sku, price_book_id: book.id, regular, discounts, tier_prices: by_qty.into_values().map(|(_, t)| t).collect() })
}

/// A fixed tier price for all websites (website 0), which Magento stores in the default base currency,
/// in the website's base currency, converted as Magento's price index does; never sent unconverted.
fn in_currency_of(website: &Website, value: Money) -> Result<Money, ItemError> {
    let rate = website.rate.ok_or_else(|| {
        ItemError::new("tierPrices.price", format!("a tier price for all websites is in the default base currency, and no currency rate converts it to {} (Stores > Currency Rates)", website.currency))
    })?;
    value.convert(rate).map_err(|e| ItemError::new("tierPrices.price", e))
}
