//! When a customer group's book needs a price of its own. ACO looks a price up from the requested
//! book upward through its parents until one holds a record for the SKU, and that record answers
//! whole (the published contract, Prices). So a group book's record is sent only where the shopper
//! in that group would pay something else than the parent (the website's base book) yields: another
//! regular price, another final price, or another unit price at some quantity. Where they pay the
//! same, no record is sent and an earlier one is deleted (by absence), so the fallback serves it.
//!
//! What a record yields, as the contract defines its fields (and the emulator's storefront reads
//! them): `regular`; the final price = regular minus the largest discount (a `price` is the amount
//! off, a `percentage` a share of regular), not below 0; at a quantity, the lowest of the final price
//! and the unit price of every tier at or below it (a tier `price` is the unit price, a `percentage`
//! a share off regular). Amounts are compared exactly (integer arithmetic, no rounding).

use crate::model::{Price, Tier};

/// A `Money` percentage (millionths of a percent) of one whole: 100 % = 10⁸ millionths.
const WHOLE: i128 = 100_000_000;

/// An amount in millionths × 10⁸, so percentages of it stay whole numbers.
type Exact = i128;

/// Whether a shopper pays the same with `child`'s record as with `parent`'s at every quantity.
pub fn pays_the_same(child: &Price<'_>, parent: &Price<'_>) -> bool {
    let (regular, final_price) = (scaled(child.regular.millionths()), final_price(child));
    if regular != scaled(parent.regular.millionths()) || final_price != self::final_price(parent) {
        return false;
    }
    child.tier_prices.iter().chain(&parent.tier_prices).all(|t| at_qty(child, final_price, t) == at_qty(parent, final_price, t))
}

fn scaled(millionths: i64) -> Exact {
    i128::from(millionths) * WHOLE
}

/// Regular minus the largest discount, not below 0.
fn final_price(p: &Price<'_>) -> Exact {
    let regular = p.regular.millionths();
    let off = p.discounts.iter().map(|d| match (d.price, d.percentage) {
        (Some(amount), _) => scaled(amount.millionths()),
        (None, Some(share)) => i128::from(regular) * i128::from(share.millionths()),
        (None, None) => 0,
    });
    (scaled(regular) - off.max().unwrap_or(0)).max(0)
}

/// The unit price at `tier`'s quantity with `p`'s tiers, given its final price.
fn at_qty(p: &Price<'_>, final_price: Exact, tier: &Tier) -> Exact {
    let regular = i128::from(p.regular.millionths());
    p.tier_prices.iter().filter(|t| t.qty <= tier.qty).filter_map(|t| match (t.price, t.percentage) {
        (Some(unit), _) => Some(scaled(unit.millionths())),
        (None, Some(share)) => Some(regular * (WHOLE - i128::from(share.millionths()))),
        (None, None) => None,
    }).fold(final_price, Exact::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::money::Money;
    use crate::model::Discount;

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn price(regular: &str, discounts: &[(&'static str, Option<&str>, Option<&str>)], tiers: &[(&str, Option<&str>, Option<&str>)]) -> Price<'static> {
        Price {
            sku: "S",
            price_book_id: "b",
            regular: m(regular),
            discounts: discounts.iter().map(|(code, p, pc)| Discount { code, price: p.map(m), percentage: pc.map(m) }).collect(),
            tier_prices: tiers.iter().map(|(q, p, pc)| Tier { qty: m(q), price: p.map(m), percentage: pc.map(m) }).collect(),
        }
    }

    #[test]
    fn the_same_record_is_the_same_price() {
        let p = price("20", &[("special_price", Some("5"), None)], &[("3", Some("14"), None), ("10", None, Some("40"))]);
        assert!(pays_the_same(&p, &p.clone()));
    }

    #[test]
    fn another_regular_price_differs_even_with_the_same_final_price() {
        let parent = price("20", &[("special_price", Some("5"), None)], &[]);
        let child = price("15", &[], &[]);
        assert!(!pays_the_same(&child, &parent));
    }

    #[test]
    fn a_group_price_below_the_special_price_differs_one_above_it_does_not() {
        let parent = price("20", &[("special_price", Some("5"), None)], &[]);
        let lower = price("20", &[("group_price", Some("6"), None), ("special_price", Some("5"), None)], &[]);
        let higher = price("20", &[("group_price", Some("2"), None), ("special_price", Some("5"), None)], &[]);
        assert!(!pays_the_same(&lower, &parent));
        assert!(pays_the_same(&higher, &parent), "the largest discount wins: the group pays 15 either way");
    }

    #[test]
    fn discounts_compare_by_what_they_take_off_not_by_their_code_or_form() {
        let parent = price("20", &[("special_price", Some("5"), None)], &[]);
        let percent = price("20", &[("catalog_rule", None, Some("25"))], &[]);
        let almost = price("20", &[("catalog_rule", None, Some("24.999999"))], &[]);
        assert!(pays_the_same(&percent, &parent), "25 % of 20 is 5 off");
        assert!(!pays_the_same(&almost, &parent), "compared exactly, never rounded");
    }

    #[test]
    fn a_tier_of_the_group_alone_differs() {
        let parent = price("20", &[], &[("5", Some("18"), None)]);
        let child = price("20", &[], &[("5", Some("18"), None), ("10", Some("16"), None)]);
        assert!(!pays_the_same(&child, &parent));
        assert!(!pays_the_same(&parent, &child), "either side's tier counts");
    }

    #[test]
    fn a_tier_that_lowers_nothing_is_no_difference() {
        // at qty 5 the group's tier of 17 is above the final price of 15: the shopper pays 15 either way
        let parent = price("20", &[("special_price", Some("5"), None)], &[]);
        let child = price("20", &[("special_price", Some("5"), None)], &[("5", Some("17"), None)]);
        assert!(pays_the_same(&child, &parent));
    }

    #[test]
    fn tiers_compare_by_unit_price_at_each_quantity() {
        let parent = price("20", &[], &[("5", None, Some("10")), ("10", Some("16"), None)]);
        let same = price("20", &[], &[("5", Some("18"), None), ("10", None, Some("20"))]);
        let later = price("20", &[], &[("6", Some("18"), None), ("10", Some("16"), None)]);
        assert!(pays_the_same(&same, &parent), "10 % of 20 off is 18; 20 % off is 16");
        assert!(!pays_the_same(&later, &parent), "at qty 5 the parent gives 18, the child 20");
    }

    #[test]
    fn a_free_price_compares_as_zero() {
        let parent = price("0", &[], &[]);
        let free = price("20", &[("group_price", None, Some("99.99"))], &[]);
        assert!(!pays_the_same(&free, &parent), "regular 20 is not regular 0");
        assert!(pays_the_same(&price("0", &[], &[]), &parent));
    }
}
