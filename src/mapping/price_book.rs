//! Price books (design §2): each exported website is a base book in its base currency, with a child
//! book per customer group. Their ids are what prices, catalog views and `aco:verify` name.

use crate::mapping::context::Context;
use crate::mapping::identity::sha1_hex;
use crate::mapping::limits::MAX_ID;
use crate::mapping::{Ident, ItemError, Mapped};
use crate::model::{PriceBook, PriceBookDelete};
use crate::transport::Endpoint;

/// The child price book of a customer group in a website: `{website code}::{sha1(group id)}`, the id
/// Adobe's connector uses, whenever it fits ACO's 64 characters (website codes up to 22), so books
/// already sent keep their ids. A longer code keeps as many leading hex digits of the SHA-1 as fit:
/// 30 for Magento's longest code (32 characters). Website codes have no ':' (Magento allows letters,
/// digits and '_'), so an id's first "::" ends its code and two websites never share an id; within
/// a website, 30 hex digits (120 bits) tell group ids apart (every id up to 65,535 tested).
pub fn group_book_id(website_code: &str, group_id: i64) -> String {
    let hash = sha1_hex(group_id.to_string().as_bytes());
    let room = MAX_ID.saturating_sub(website_code.chars().count() + 2);
    format!("{website_code}::{}", hash.get(..room).unwrap_or(&hash))
}

pub fn map_price_books(ctx: &Context) -> Vec<Mapped> {
    let mut out = Vec::new();
    for website in ctx.exported_websites() {
        let base = PriceBook { price_book_id: website.code.clone(), name: website.name.clone(), currency: Some(website.currency.clone()), parent_id: None };
        let item = if website.currency.len() == 3 && website.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(base)
        } else {
            Err(ItemError::new("currency", format!("website {:?} has base currency {:?}, not an ISO 4217 code: set its Base Currency (Stores > Configuration > Currency Setup, website scope)", website.code, website.currency)))
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

/// A book's item; an id longer than ACO takes (a website code beyond Magento's 32 characters) is an
/// item error rather than a book ACO would refuse.
fn book(website_id: i64, id: &str, item: Result<PriceBook, ItemError>) -> Mapped {
    let item = item.and_then(|b| match b.price_book_id.chars().count() <= MAX_ID && b.parent_id.as_ref().is_none_or(|p| p.chars().count() <= MAX_ID) {
        true => Ok(b),
        false => Err(ItemError::new("priceBookId", format!("{id:?} is longer than ACO's {MAX_ID} characters: give the website a code of at most 32 characters"))),
    });
    let delete = PriceBookDelete { price_book_id: id.to_owned() };
    Mapped::build(Ident { endpoint: Endpoint::PriceBooks, parts: &[id], entity_id: website_id, scope: id.into(), key: id.into() }, &delete, item, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_that_fit_stay_as_adobes_connector_makes_them() {
        assert_eq!(group_book_id("base", 2), "base::da4b9237bacccdf19c0760cab7aec4a8359010b0");
        let code22 = "w".repeat(22);
        assert_eq!(group_book_id(&code22, 2), format!("{code22}::da4b9237bacccdf19c0760cab7aec4a8359010b0"));
    }

    #[test]
    fn ids_of_the_longest_website_codes_fit_and_never_collide() {
        let code = "a".repeat(32);
        let ids: HashSet<String> = (0..=65_535).map(|g| group_book_id(&code, g)).collect();
        assert_eq!(ids.len(), 65_536);
        assert!(ids.iter().all(|id| id.len() == MAX_ID && id.starts_with(&format!("{code}::"))));
        assert_eq!(group_book_id(&code, 2), format!("{code}::da4b9237bacccdf19c0760cab7aec4"), "a prefix of the same SHA-1");
    }
}
