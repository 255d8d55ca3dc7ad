//! What the contract cannot hold as Magento has it is reshaped (docs/mapping.md), keeping what the
//! store shows, and each reshaping is one warning naming the product or category, scope and field.

use aco_connector::mapping::input::Tables;
use aco_connector::mapping::{category, price};
use serde_json::{json, Value};

use crate::fixture::*;

fn prices_of(v: &Value) -> Vec<aco_connector::mapping::Mapped> {
    price::map_prices(&context_of(v), &Tables::from_json(&v["prices"]).unwrap()).unwrap()
}

#[test]
fn a_special_price_of_0_is_a_regular_price_of_0_in_every_book_of_its_website() {
    let mut v = catalog();
    v["prices"]["values"].as_array_mut().unwrap().retain(|r| r[1] != "special_price");
    v["prices"]["values"].as_array_mut().unwrap().push(json!([20, "special_price", 0, "0.000000"]));
    let items = prices_of(&v);
    let books: Vec<_> = items.iter().filter(|m| &*m.key == "TEE").collect();
    assert_eq!(books.iter().map(|m| &*m.scope).collect::<Vec<_>>(), ["base", "eu"], "every group pays 0 too: its book falls back to the website's");
    for m in &books {
        assert_eq!(json(m), json!({"sku": "TEE", "priceBookId": &*m.scope, "regular": 0}), "the store shows 0.00 in every book");
    }
    let warnings: std::collections::BTreeSet<&String> = books.iter().flat_map(|m| &m.warnings).collect();
    let line = |w: &str| format!("product \"TEE\", website \"{w}\": special_price 0 (100 % off) is sent as a regular price of 0 (ACO takes no discount of the whole price)");
    assert_eq!(warnings.into_iter().cloned().collect::<Vec<_>>(), [line("base"), line("eu")]);
}

#[test]
fn a_group_price_of_0_is_a_regular_of_0_in_that_groups_book_only() {
    let mut v = catalog();
    // TEE's qty-1 price for the Wholesale group (2): 0
    v["prices"]["tiers"][2][4] = json!("0.000000");
    let items = prices_of(&v);
    let wholesale = find(&items, "TEE", "base::da4b9237bacccdf19c0760cab7aec4a8359010b0");
    assert_eq!(json(wholesale)["regular"], json!(0));
    assert_eq!(wholesale.warnings, ["product \"TEE\", website \"base\", customer group \"Wholesale\": group_price 0 (100 % off) is sent as a regular price of 0 (ACO takes no discount of the whole price)"]);
    assert_ne!(json(find(&items, "TEE", "base"))["regular"], json!(0), "other books keep their price");
}

#[test]
fn tiers_go_in_ascending_qty_and_those_aco_cannot_hold_are_left_out_with_a_warning() {
    let mut v = catalog();
    v["prices"]["tiers"] = json!([
        [20, 1, 0, "10.0000", "12.000000", 0, null],
        [20, 1, 0, "3.0000", "25.000000", 0, null],
        [20, 1, 0, "2.0000", "14.000000", 0, null],
        [20, 1, 0, "7.0000", "0.000000", 0, "100.00"],
    ]);
    let items = prices_of(&v);
    let base = find(&items, "TEE", "base");
    assert_eq!(json(base)["tierPrices"], json!([{"qty": 2, "price": 14}, {"qty": 10, "price": 12}]));
    assert_eq!(base.warnings, [
        "product \"TEE\", website \"base\": the tier price at qty 3 (25) is above the regular price, which Magento's storefront does not show either: left out",
        "product \"TEE\", website \"base\": the tier price at qty 7 (100 % off) is left out: ACO takes at most 99.99 % off",
    ]);
}

#[test]
fn a_category_name_over_128_characters_is_cut_with_a_warning() {
    let mut v = catalog();
    let long = "Ä".repeat(200);
    v["context"]["categoryValues"].as_array_mut().unwrap().push(json!([3, "name", 0, long]));
    let items = category::map_categories(&context_of(&v));
    let men = find(&items, "men", "default");
    assert_eq!(json(men)["name"], json!("Ä".repeat(128)));
    assert_eq!(men.warnings, [format!("category 3 (\"{}\"…), store view \"default\": name has 200 characters, sent cut to ACO's 128", "Ä".repeat(40))]);
    assert!(find(&items, "herren", "de").warnings.is_empty(), "its own name in de fits");
}
