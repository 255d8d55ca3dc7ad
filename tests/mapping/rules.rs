//! Mapping rules beyond the golden files: scopes, determinism, bad records, emulator acceptance.

use aco_connector::mapping::input::{Cell, Tables};
use aco_connector::mapping::{price, price_book, product, Mapped};
use aco_connector::transport::Endpoint;
use aco_emulator::entity::{Entity, Op};
use serde_json::{json, Value};

use crate::fixture::*;

fn products_with(edit: impl FnOnce(&mut Value)) -> Vec<Mapped> {
    let mut v = catalog();
    edit(&mut v["products"]);
    product::map_products(&context_of(&v), &Tables::from_json(&v["products"]).unwrap()).unwrap()
}

fn error_of<'a>(items: &'a [Mapped], key: &str, scope: &str) -> &'a aco_connector::mapping::ItemError {
    find(items, key, scope).result.as_ref().err().unwrap_or_else(|| panic!("{key} in {scope} mapped without error"))
}

fn ok_count(items: &[Mapped]) -> usize {
    items.iter().filter(|m| m.result.is_ok()).count()
}

#[test]
fn only_exported_store_views_and_assigned_websites_produce_items() {
    let items = all(&catalog());
    assert!(items.iter().all(|m| &*m.scope != "fr"), "store view fr has its exporter switched off");
    assert!(items.iter().all(|m| !m.scope.starts_with("off")), "website 'off' is switched off");
    // GHOST is only in the main website: no item for the German store view (website eu)
    assert!(items.iter().any(|m| &*m.key == "GHOST" && &*m.scope == "default"));
    assert!(!items.iter().any(|m| &*m.key == "GHOST" && &*m.scope == "de"));
    let books: Vec<&str> = items.iter().filter(|m| m.endpoint == Endpoint::PriceBooks).map(|m| &*m.scope).collect();
    assert_eq!(books.len(), 6, "2 websites × (base + 2 groups): {books:?}");
    assert_eq!(price_book::group_book_id("base", 2), "base::da4b9237bacccdf19c0760cab7aec4a8359010b0", "sha1('2')");
}

/// The attribute values of a product item, by code.
fn attribute(item: &Mapped, code: &str) -> Vec<String> {
    let payload: Value = serde_json::from_slice(&item.result.as_ref().unwrap().body).unwrap();
    let found = payload["attributes"].as_array().unwrap().iter().find(|a| a["code"] == code);
    found.map(|a| serde_json::from_value(a["values"].clone()).unwrap()).unwrap_or_default()
}

#[test]
fn products_carry_their_website_and_store_codes_in_every_store_view() {
    let mut v = catalog();
    // a second store (group) in website eu, with a store view of its own
    v["context"]["stores"].as_array_mut().unwrap().push(json!([4, "nl", "Nederlands", 2, "nl_NL", 1, 1, "benelux_store"]));
    let items = product::map_products(&context_of(&v), &Tables::from_json(&v["products"]).unwrap()).unwrap();
    for scope in ["default", "de", "nl"] {
        let tee = find(&items, "TEE", scope);
        // every website it is assigned to, switched off or not: a fact of the product, not of the export
        assert_eq!(attribute(tee, product::WEBSITES_ATTRIBUTE), ["base", "eu", "off"], "{scope}");
        // the switched-off fr store view's store counts: the product is in that store all the same
        assert_eq!(attribute(tee, product::STORES_ATTRIBUTE), ["main_store", "eu_store", "benelux_store"], "{scope}");
    }
    let ghost = find(&items, "GHOST", "default");
    assert_eq!(attribute(ghost, product::WEBSITES_ATTRIBUTE), ["base"]);
    assert_eq!(attribute(ghost, product::STORES_ATTRIBUTE), ["main_store"]);
}

#[test]
fn the_same_input_in_any_row_order_gives_byte_identical_payloads_and_hashes() {
    let a = all(&catalog());
    let mut shuffled = catalog();
    for table in ["values", "gallery", "childValues", "parents", "categories", "websites", "links"] {
        shuffled["products"][table].as_array_mut().unwrap().reverse();
    }
    for table in ["values", "tiers"] {
        shuffled["prices"][table].as_array_mut().unwrap().reverse();
    }
    shuffled["context"]["options"].as_array_mut().unwrap().reverse();
    let b = all(&shuffled);
    assert_eq!(a, b);
    let hashes: std::collections::HashSet<&str> = a.iter().filter_map(|m| m.result.as_ref().ok()).map(|p| p.hash.as_str()).collect();
    assert_eq!(hashes.len(), ok_count(&a), "different items hash differently");
}

#[test]
fn a_changed_value_changes_only_that_items_hash() {
    let before = all(&catalog());
    let mut v = catalog();
    for row in v["products"]["values"].as_array_mut().unwrap() {
        if row[0] == 20 && row[1] == 73 {
            row[3] = json!("Cotton Tee v2");
        }
    }
    let after = all(&v);
    let changed: Vec<(&str, &str)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.result != a.result)
        .map(|(b, _)| (&*b.key, &*b.scope))
        .collect();
    assert_eq!(changed, [("TEE", "default"), ("TEE", "de")]);
    assert!(before.iter().zip(&after).all(|(b, a)| b.feed_id == a.feed_id), "identities never move");
}

#[test]
fn every_payload_is_accepted_by_the_emulator_in_sending_order() {
    let mut store = aco_emulator::store::Store::default();
    let items = all(&catalog());
    for (endpoint, entity) in [
        (Endpoint::ProductMetadata, Entity::ProductMetadata),
        (Endpoint::Categories, Entity::Categories),
        (Endpoint::Products, Entity::Products),
        (Endpoint::PriceBooks, Entity::PriceBooks),
        (Endpoint::Prices, Entity::Prices),
    ] {
        let sent: Vec<&Mapped> = items.iter().filter(|m| m.endpoint == endpoint).collect();
        let payloads: Vec<Value> = sent.iter().map(|m| json(m)).collect();
        assert!(!payloads.is_empty());
        let mut errors = Vec::new();
        for (i, (p, m)) in payloads.iter().zip(&sent).enumerate() {
            let size = m.result.as_ref().map_or(0, |p| p.body.len());
            aco_emulator::validate::check_item(entity, Op::Create, i, p, size, 200 * 1024, &mut errors);
        }
        store.check(entity, Op::Create, &payloads, &mut errors);
        assert!(errors.is_empty(), "{endpoint:?}: {errors:#?}");
        store.apply(entity, Op::Create, &payloads, payloads.iter().map(aco_emulator::store::to_raw).collect(), 0);
        // and every delete payload is a valid delete
        for (i, m) in sent.iter().enumerate() {
            let delete: Value = serde_json::from_slice(&m.delete).unwrap();
            aco_emulator::validate::check_item(entity, Op::Delete, i, &delete, m.delete.len(), 200 * 1024, &mut errors);
        }
        assert!(errors.is_empty(), "{endpoint:?} deletes: {errors:#?}");
    }
}

#[test]
fn missing_name_or_url_key_is_an_item_error_naming_product_store_and_field() {
    let items = products_with(|p| {
        p["values"].as_array_mut().unwrap().retain(|r| !(r[0] == 20 && r[1] == 73 || r[0] == 31 && r[1] == 121));
    });
    let e = error_of(&items, "TEE", "default");
    assert_eq!(e.field, "name");
    assert!(e.message.contains("\"TEE\"") && e.message.contains("\"default\""), "{}", e.message);
    assert_eq!(error_of(&items, "GHOST-RED", "default").field, "slug");
    assert_eq!(ok_count(&items), items.len() - 3, "only those items fail");
}

#[test]
fn an_option_without_a_label_fails_that_product_only() {
    let mut v = catalog();
    v["products"]["values"].as_array_mut().unwrap().push(json!([20, 134, 0, "999"]));
    let items = product::map_products(&context_of(&v), &Tables::from_json(&v["products"]).unwrap()).unwrap();
    let e = error_of(&items, "TEE", "de");
    assert_eq!(e.field, "attributes.brand");
    assert!(e.message.contains("option 999 has no label"));
    assert!(find(&items, "PANTS", "de").result.is_ok());
}

#[test]
fn invalid_utf8_and_missing_skus_are_item_errors() {
    let mut v = catalog();
    let tables = Tables::from_json_edited(&v["products"], |table, row| {
        if table == "values" && row[0] == Cell::Int(20) && row[1] == Cell::Int(76) {
            row[3] = Cell::Invalid("Soft \u{fffd}ee");
        }
    })
    .unwrap();
    let ctx = context_of(&v);
    let items = product::map_products(&ctx, &tables).unwrap();
    let e = error_of(&items, "TEE", "default");
    assert_eq!(e.field, "shortDescription");
    assert!(e.message.contains("not valid UTF-8"));

    v["products"]["entities"].as_array_mut().unwrap().push(json!([40, 40, "simple", null, 4]));
    v["products"]["websites"].as_array_mut().unwrap().push(json!([40, 1]));
    let items = product::map_products(&ctx, &Tables::from_json(&v["products"]).unwrap()).unwrap();
    assert_eq!(error_of(&items, "entity 40", "default").field, "sku");
}

#[test]
fn a_duplicate_sku_is_one_error_of_its_own_and_the_lowest_id_keeps_the_sku() {
    let mut v = catalog();
    // the reader names the lower entity id that has the SKU (column 5 for products, 4 for prices)
    v["products"]["entities"].as_array_mut().unwrap().push(json!([41, 41, "simple", "TEE", 4, 20]));
    v["products"]["websites"].as_array_mut().unwrap().push(json!([41, 1]));
    v["prices"]["entities"].as_array_mut().unwrap().push(json!([41, 41, "simple", "TEE", 20]));
    v["prices"]["websites"].as_array_mut().unwrap().push(json!([41, 1]));
    let ctx = context_of(&v);
    let products = product::map_products(&ctx, &Tables::from_json(&v["products"]).unwrap()).unwrap();
    let prices = price::map_prices(&ctx, &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    for (items, before) in [(&products, product::map_products(&context(), &Tables::from_json(&catalog()["products"]).unwrap()).unwrap()),
        (&prices, price::map_prices(&context(), &Tables::from_json(&catalog()["prices"]).unwrap()).unwrap())] {
        let losers: Vec<&Mapped> = items.iter().filter(|m| m.entity_id == 41).collect();
        assert_eq!(losers.len(), 1, "one item, not one per store view or price book");
        let e = losers[0].result.as_ref().unwrap_err();
        assert_eq!((e.field.as_str(), &*losers[0].key, &*losers[0].scope), ("sku", "TEE", ""));
        assert!(e.message.contains("product 20's too") && e.message.contains("give product 41 a SKU of its own"), "{}", e.message);
        assert!(!items.iter().filter(|m| m.entity_id != 41).any(|m| m.feed_id == losers[0].feed_id), "its own feed id: its error row is written");
        assert_eq!(items.iter().filter(|m| m.entity_id != 41).collect::<Vec<_>>(), before.iter().collect::<Vec<_>>(), "the first TEE is sent as before");
    }
}

#[test]
fn a_variant_without_the_configurables_axis_value_fails_alone() {
    let items = products_with(|p| p["values"].as_array_mut().unwrap().retain(|r| !(r[0] == 12 && r[1] == 130)));
    let e = error_of(&items, "PANTS-BLUE-M", "default");
    assert_eq!(e.field, "attributes.size");
    assert!(e.message.contains("variant of \"PANTS\""));
    assert!(find(&items, "PANTS", "default").result.is_ok());
}

#[test]
fn bad_prices_are_item_errors_and_the_rest_maps() {
    let mut v = catalog();
    let values = v["prices"]["values"].as_array_mut().unwrap();
    values.retain(|r| !(r[0] == 11 && r[1] == "price"));
    values.push(json!([11, "price", 0, "NaN"]));
    let ctx = context_of(&v);
    let items = price::map_prices(&ctx, &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    let e = error_of(&items, "PANTS-RED-S", "base");
    assert_eq!(e.field, "regular");
    assert!(e.message.contains("not a decimal amount") && e.message.contains("PANTS-RED-S"), "{}", e.message);
    assert!(find(&items, "TEE", "base").result.is_ok());

    for (bad, needle) in [("-5.000000", "negative"), ("99999999999999.000000", "too large")] {
        let mut v = catalog();
        v["prices"]["values"].as_array_mut().unwrap().push(json!([11, "price", 1, bad]));
        let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
        assert!(error_of(&items, "PANTS-RED-S", "base").message.contains(needle), "{bad}");
    }
    // no price at all
    let mut v = catalog();
    v["prices"]["values"].as_array_mut().unwrap().retain(|r| r[0] != 11);
    let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    assert!(error_of(&items, "PANTS-RED-S", "base").message.contains("no price"));
}

#[test]
fn tiers_for_all_websites_are_converted_to_the_websites_currency_and_never_sent_unconverted() {
    // regression: TEE's website-0 tier of 17 (USD, the default base currency) landed in the EUR book as 17 EUR
    let items = price::map_prices(&context(), &Tables::from_json(&catalog()["prices"]).unwrap()).unwrap();
    let tiers = |book: &str| json(find(&items, "TEE", book))["tierPrices"].clone();
    assert_eq!(tiers("base")[0], json!({"qty": 5, "price": 17}), "USD: as stored");
    assert_eq!(tiers("eu")[0], json!({"qty": 5, "price": 15.64}), "EUR: 17 × 0.92");
    assert_eq!(tiers("eu")[1], json!({"qty": 10, "percentage": 15}), "a percentage has no currency");
    let wholesale = price_book::group_book_id("eu", 2);
    let discounts = json(find(&items, "TEE", &wholesale))["discounts"].clone();
    assert!(discounts.as_array().unwrap().contains(&json!({"code": "group_price", "price": 3.31})), "18.49 − 16.5 × 0.92: {discounts}");
    // a website's own tier wins over the one for all websites at the same qty, and is in its currency already
    let mut v = catalog();
    v["prices"]["tiers"].as_array_mut().unwrap().push(json!([20, 1, 0, "5.0000", "16.000000", 2, null]));
    let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    assert_eq!(json(find(&items, "TEE", "eu"))["tierPrices"][0], json!({"qty": 5, "price": 16}));

    // no EUR rate: TEE's EUR items fail naming why; nothing unconverted is sent
    let mut v = catalog();
    v["context"]["websites"][1][5] = Value::Null;
    let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    let e = error_of(&items, "TEE", "eu");
    assert_eq!(e.field, "tierPrices.price");
    assert!(e.message.contains("no currency rate converts it to EUR (Stores > Currency Rates)"), "{}", e.message);
    assert!(find(&items, "TEE", "base").result.is_ok(), "USD needs no rate");
}

#[test]
fn global_price_scope_ignores_store_view_prices() {
    let mut v = catalog();
    v["settings"]["price_scope"] = json!(0);
    let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    assert_eq!(json(find(&items, "TEE", "eu"))["regular"], json!(19.99));
}

#[test]
fn special_price_counts_only_inside_its_dates_on_each_websites_own_date() {
    let mut v = catalog();
    // website 1 is still on 2025-12-31 where it is; website 2 (ahead of it) already on 2026-01-01
    v["prices"]["dates"] = json!([[1, "2025-12-31"], [2, "2026-01-01"]]);
    let items = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
    assert_eq!(json(find(&items, "TEE", "base")).get("discounts"), None, "special price starts 2026-01-01");
    assert_eq!(json(find(&items, "TEE", "eu"))["discounts"], json!([{"code": "special_price", "price": 2.5}]), "18.49 - 15.99 on the eu website's own date");
}

#[test]
fn a_chunk_without_an_exported_websites_date_is_refused() {
    let mut v = catalog();
    v["prices"]["dates"] = json!([[1, "2026-11-25"]]);
    let e = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap_err();
    assert!(e.contains("no local date for website \"eu\""), "{e}");
    v["prices"]["dates"] = json!([[1, "2026-11-25"], [2, "25.11.2026"]]);
    let e = price::map_prices(&context_of(&v), &Tables::from_json(&v["prices"]).unwrap()).unwrap_err();
    assert!(e.contains("is not YYYY-MM-DD"), "{e}");
}

#[test]
fn unknown_input_tables_are_refused() {
    let ctx = context();
    let mut t = Tables::from_json(&catalog()["products"]).unwrap();
    t.table("valeus", 0, 0);
    assert!(product::map_products(&ctx, &t).unwrap_err().contains("valeus"));
}

#[test]
fn a_sku_twice_in_one_bundle_is_an_item_error() {
    let items = products_with(|p| {
        p["bundleSelections"].as_array_mut().unwrap().push(json!([40, 402, "TEE", 2, 0, "1.0000", 0]));
    });
    let e = error_of(&items, "KIT", "default");
    assert_eq!(e.field, "bundles.items.sku");
    assert!(e.message.contains("Duplicate SKU found in bundle items"));
    assert!(find(&items, "TEE", "default").result.is_ok());
}

#[test]
fn an_active_category_under_an_inactive_parent_is_left_out_with_its_routes_and_every_route_names_a_sent_category() {
    let mut v = catalog();
    // "Summer" (active) under "Archive" (inactive), and product 20 in it
    v["context"]["categories"].as_array_mut().unwrap().push(json!([6, 5, "1/2/5/6", 3, 0]));
    for row in [json!([6, "name", 0, "Summer"]), json!([6, "url_path", 0, "archive/summer"]), json!([6, "is_active", 0, "1"])] {
        v["context"]["categoryValues"].as_array_mut().unwrap().push(row);
    }
    v["products"]["categories"].as_array_mut().unwrap().push(json!([20, 6, 2]));
    let items = all(&v);
    assert!(!items.iter().any(|m| m.endpoint == Endpoint::Categories && m.key.contains("summer")), "neither sent nor an item error");
    let sent: std::collections::HashSet<(String, String)> = items
        .iter()
        .filter(|m| m.endpoint == Endpoint::Categories && m.result.is_ok())
        .map(|m| (m.key.to_string(), m.scope.to_string()))
        .collect();
    let mut routes = 0;
    for m in items.iter().filter(|m| m.endpoint == Endpoint::Products && m.result.is_ok()) {
        for route in json(m)["routes"].as_array().into_iter().flatten() {
            let path = route["path"].as_str().unwrap().to_owned();
            assert!(sent.contains(&(path.clone(), m.scope.to_string())), "{} in {} routes to {path}, which ACO does not get", m.key, m.scope);
            routes += 1;
        }
    }
    assert!(routes > 0, "the fixture's products have routes");
}

#[test]
fn a_category_without_a_stored_url_path_gets_the_one_magento_builds_from_its_parent_and_url_key() {
    // Magento 2.4.7 deletes a moved category's url_path in store views it does not write anew; its
    // storefront's URL is then the parent's path and the category's URL key (CategoryUrlPathGenerator)
    let mut v = catalog();
    let values = v["context"]["categoryValues"].as_array_mut().unwrap();
    values.retain(|r| !(r[0] == 4 && r[1] == "url_path"));
    values.extend([json!([4, "url_key", 0, "pants"]), json!([4, "url_key", 2, "hosen"])]);
    let items = all(&v);
    let sent = |scope: &str| -> Vec<String> {
        items.iter().filter(|m| m.endpoint == Endpoint::Categories && m.scope.to_string() == scope && m.result.is_ok()).map(|m| m.key.to_string()).collect()
    };
    assert_eq!(sent("default"), ["men", "men/pants"]);
    assert_eq!(sent("de"), ["herren", "herren/hosen"]);
}

/// The values of one attribute of a mapped product.
fn attribute_values(items: &[Mapped], key: &str, scope: &str, code: &str) -> Option<Value> {
    json(find(items, key, scope))["attributes"].as_array().unwrap().iter().find(|a| a["code"] == code).map(|a| a["values"].clone())
}

#[test]
fn option_labels_are_looked_up_per_attribute() {
    // regression: tax class 2 (a source-model option) was sent as option 2 of another attribute,
    // brand's "Outdoor", because labels were looked up by option id alone
    let items = all(&catalog());
    assert_eq!(attribute_values(&items, "TEE", "default", "tax_class_id"), Some(json!(["Taxable Goods"])));
    assert_eq!(attribute_values(&items, "GHOST", "default", "brand"), Some(json!(["Outdoor"])));
    assert_eq!(attribute_values(&items, "TEE", "default", "country_of_manufacture"), Some(json!(["Germany"])), "varchar select");
    assert_eq!(attribute_values(&items, "TEE", "de", "country_of_manufacture"), Some(json!(["Deutschland"])), "store view label");
}

#[test]
fn a_source_model_value_without_a_label_is_sent_as_stored() {
    // warranty: a source model the reader could not resolve (no labels); tax class 9: not in its source
    let items = all(&catalog());
    assert_eq!(attribute_values(&items, "TEE", "default", "warranty"), Some(json!(["3"])));
    assert_eq!(attribute_values(&items, "GHOST", "default", "tax_class_id"), Some(json!(["9"])));
}

#[test]
fn bundles_map_with_their_source_model_attributes() {
    // regression: "attributes.price_view: option 0 has no label" failed every bundle
    let items = all(&catalog());
    assert_eq!(attribute_values(&items, "KIT", "default", "price_view"), Some(json!(["Price Range"])));
    assert_eq!(attribute_values(&items, "KIT", "default", "price_type"), Some(json!(["Fixed"])));
    assert_eq!(attribute_values(&items, "KIT", "default", "tax_class_id"), Some(json!(["None"])));
    assert!(json(find(&items, "TEE", "default"))["links"].as_array().unwrap().contains(&json!({"type": "IN_BUNDLE", "sku": "KIT"})));
}

#[test]
fn an_attribute_label_falls_back_to_the_admin_label_then_to_the_code() {
    // ACO refuses metadata with an empty label; Magento creates attributes without one (old_id, links_exist)
    let items = all(&catalog());
    let label = |code: &str, scope: &str| {
        let m = items.iter().find(|m| m.endpoint == Endpoint::ProductMetadata && &*m.key == code && &*m.scope == scope).unwrap();
        json(m)["label"].clone()
    };
    assert_eq!(label("old_id", "default"), json!("old_id"));
    assert_eq!(label("brand", "de"), json!("Brand"), "a blank store label falls back to the admin label");
    assert_eq!(label("color", "de"), json!("Farbe"));
}

#[test]
fn categories_in_a_parent_loop_are_item_errors_with_or_without_a_url_path() {
    let mut v = catalog();
    // 7 and 8 are each other's parent (a corrupt tree): 7 has a URL path, 8 none
    for row in [json!([7, 8, "1/2/8/7", 3, 0]), json!([8, 7, "1/2/7/8", 3, 0])] {
        v["context"]["categories"].as_array_mut().unwrap().push(row);
    }
    for row in [json!([7, "name", 0, "Loop A"]), json!([7, "url_path", 0, "loop-a"]), json!([8, "name", 0, "Loop B"])] {
        v["context"]["categoryValues"].as_array_mut().unwrap().push(row);
    }
    let items = all(&v);
    for (entity, key) in [(7, "loop-a"), (8, "category 8")] {
        let item = items.iter().find(|m| m.endpoint == Endpoint::Categories && m.entity_id == entity && &*m.scope == "default");
        let item = item.unwrap_or_else(|| panic!("category {entity} is not reported"));
        assert_eq!(&*item.key, key);
        let e = item.result.as_ref().unwrap_err();
        assert_eq!(e.field, "parent_id");
        assert!(e.message.contains("a loop in the category tree") && e.message.contains(&format!("category {entity}")), "{}", e.message);
    }
    let unnamed = items.iter().find(|m| m.entity_id == 8 && m.endpoint == Endpoint::Categories).unwrap();
    assert_eq!(unnamed.delete, b"null", "no slug: nothing of its own to delete");
}

#[test]
fn a_group_book_gets_a_price_only_where_the_group_pays_otherwise() {
    let (wholesale, guest) = (price_book::group_book_id("base", 2), price_book::group_book_id("base", 0));
    let books_of = |v: &Value, sku: &str| -> Vec<String> {
        let items = price::map_prices(&context_of(v), &Tables::from_json(&v["prices"]).unwrap()).unwrap();
        items.iter().filter(|m| &*m.key == sku).map(|m| m.scope.to_string()).collect()
    };
    // TEE in base: Wholesale's 16.50 and NOT LOGGED IN's rule price 18 are above the special price
    // (15.99), and Wholesale's tier of 16 at qty 5 too: every shopper pays what the base book says
    assert_eq!(books_of(&catalog(), "TEE"), ["base", "eu", &price_book::group_book_id("eu", 2)], "in eu, Wholesale's price converted is 15.18: below");
    let mut v = catalog();
    v["prices"]["tiers"][2][4] = json!("14.000000");
    v["prices"]["rules"][0][3] = json!("15.000000");
    assert_eq!(books_of(&v, "TEE"), ["base", &guest, &wholesale, "eu", &price_book::group_book_id("eu", 2)], "each below the special price: a record of its own");
    // a base book price that does not map: every group book is its own item (an error each here)
    let mut v = catalog();
    v["prices"]["values"].as_array_mut().unwrap().retain(|r| !(r[0] == 20 && r[1] == "price"));
    assert_eq!(books_of(&v, "TEE").len(), 2 * (1 + context().groups.len()), "2 websites × every book");
}
