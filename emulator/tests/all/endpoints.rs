//! One test per endpoint family: create, update, delete and the validation rules of the contract.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{error_codes, product, Env};

async fn meta(env: &Env, locale: &str) {
    let items: Vec<Value> = ["sku", "name", "description", "shortDescription", "price", "color"]
        .iter()
        .map(|c| json!({"code": c, "source": {"locale": locale}, "label": c, "dataType": "TEXT"}))
        .collect();
    assert_eq!(env.post("/v1/catalog/products/metadata", json!(items)).await.0, 200);
}

#[tokio::test]
async fn products_create_replace_patch_and_delete_per_locale() {
    let env = Env::start().await;
    meta(&env, "en-US").await;
    let mut parent = product("pants", "en-US");
    parent["configurations"] = json!([{"attributeCode": "color", "type": "SWATCH", "defaultVariantReferenceId": "pants-red",
        "values": [{"variantReferenceId": "pants-red", "label": "Red", "colorHex": "#FF0000"}]}]);
    let mut variant = product("pants-red", "en-US");
    variant["attributes"] = json!([{"code": "color", "values": ["Red"], "variantReferenceId": "pants-red"}]);
    variant["links"] = json!([{"type": "VARIANT_OF", "sku": "pants"}]);
    let (status, body) = env.post("/v1/catalog/products", json!([parent, variant, product("pants", "fr-FR")])).await;
    assert_eq!((status, &body), (StatusCode::OK, &json!({"status": "ACCEPTED", "acceptedCount": 3})));
    assert_eq!(env.get("/_emulator/counts").await.1["products"], json!({"en-US": 2, "fr-FR": 1}));

    // create replaces: the French name changes, nothing else of it survives
    let mut renamed = product("pants", "fr-FR");
    renamed["name"] = json!("Pantalon");
    assert_eq!(env.post("/v1/catalog/products", json!([renamed])).await.0, 200);
    assert_eq!(env.get("/_emulator/product?locale=fr-FR&sku=pants").await.1["name"], "Pantalon");

    // PATCH merges; detaching a variant with variantReferenceId: null
    let patch = json!([{"sku": "pants-red", "source": {"locale": "en-US"}, "description": "red",
        "attributes": [{"code": "color", "values": ["Red"], "variantReferenceId": null}]}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/products", patch).await.0, 200);
    let red = env.get("/_emulator/product?locale=en-US&sku=pants-red").await.1;
    assert_eq!(red["description"], "red");
    assert_eq!(red["name"], "Product pants-red");
    assert_eq!(red["attributes"], json!([{"code": "color", "values": ["Red"]}]));

    // PATCH of a product that does not exist is accepted and changes nothing
    let ghost = json!([{"sku": "ghost", "source": {"locale": "en-US"}, "name": "G"}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/products", ghost).await.0, 200);
    assert_eq!(env.get("/_emulator/product?locale=en-US&sku=ghost").await.0, 404);

    let del = json!([{"sku": "pants", "source": {"locale": "en-US"}}, {"sku": "never-existed", "source": {"locale": "en-US"}}]);
    assert_eq!(env.post("/v1/catalog/products/delete", del).await.0, 200);
    assert_eq!(env.get("/_emulator/counts").await.1["products"], json!({"en-US": 1, "fr-FR": 1}));
}

#[tokio::test]
async fn product_validation_reports_every_bad_item_and_stores_nothing() {
    let env = Env::start().await;
    let mut bad_enum = product("b", "en");
    bad_enum["visibleIn"] = json!(["CATALOG", "STORE"]);
    let mut bad_image = product("c", "en");
    bad_image["images"] = json!([{"url": "https://x/1.jpg", "roles": ["HERO"]}]);
    let mut missing = product("d", "en");
    missing.as_object_mut().unwrap().remove("slug");
    let mut bad_source = product("e", "en");
    bad_source["source"] = json!({});
    let mut bad_conf = product("f", "en");
    bad_conf["configurations"] = json!([{"attributeCode": "color", "type": "DROPDOWN", "values": []}]);
    let mut bad_route = product("g", "en");
    bad_route["routes"] = json!([{"path": "men", "position": 1.5}]);
    let (status, body) = env
        .post("/v1/catalog/products", json!([product("a", "en"), bad_enum, bad_image, missing, bad_source, bad_conf, bad_route, product("a", "en")]))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        error_codes(&body),
        [
            (1, "visibleIn[1]".to_owned()),
            (2, "images[0].roles[0]".into()),
            (3, "slug".into()),
            (4, "source.locale".into()),
            (5, "configurations[0].type".into()),
            (6, "routes[0].position".into()),
            (7, "sku".into()),
        ]
    );
    assert_eq!(body["errors"][0]["value"], "STORE");
    assert_eq!(env.count("products").await, 0, "a 400 stores nothing");
}

/// What Adobe's OpenAPI document refuses is refused, and only that (contract/).
#[tokio::test]
async fn the_published_contract_decides_what_is_refused() {
    let env = Env::start().await;
    // routes[].position is an int32 with no minimum: Magento's Luma sample data has negative positions
    let mut luma = product("luma", "en");
    luma["routes"] = json!([{"path": "gear", "position": -55}]);
    assert_eq!(env.post("/v1/catalog/products", json!([luma])).await.0, 200);

    let (status, body) = env.post("/v1/catalog/price-books", json!([{"priceBookId": "b".repeat(65), "name": "B", "currency": "USD"}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "priceBookId".to_owned())]));
    assert_eq!(body["status"], "FAILED");

    let category = |name: String| json!({"slug": "gear", "source": {"locale": "en"}, "name": name});
    let (status, body) = env.post("/v1/catalog/categories", json!([category("n".repeat(129))])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "name".to_owned())]));
    let mut extra = category("Gear".into());
    extra["colour"] = json!("red");
    let (status, body) = env.post("/v1/catalog/categories", json!([extra])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0], json!({"itemIndex": 0, "code": "colour", "message": "colour: additional property not allowed", "value": "red"}));
    assert_eq!(env.post("/v1/catalog/categories", json!([category("n".repeat(128))])).await.0, 200);
}

#[tokio::test]
async fn product_metadata_and_category_metadata() {
    let env = Env::start().await;
    let good = json!([{"code": "color", "source": {"locale": "en"}, "label": "Color", "dataType": "TEXT",
        "visibleIn": ["PRODUCT_DETAIL", "SEARCH_RESULTS"], "filterable": true, "sortable": false, "searchable": true,
        "searchWeight": 2, "searchTypes": ["AUTOCOMPLETE"]}]);
    assert_eq!(env.post("/v1/catalog/products/metadata", good).await.0, 200);
    let patch = json!([{"code": "color", "source": {"locale": "en"}, "searchTypes": ["CONTAINS"]}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/products/metadata", patch).await.0, 200);
    let items = env.get("/_emulator/items/productMetadata").await.1;
    assert_eq!(items["items"][0]["searchTypes"], json!(["CONTAINS"]), "metadata update replaces arrays");
    assert_eq!(items["items"][0]["label"], "Color");

    let bad = json!([{"code": "x", "source": {"locale": "en"}, "label": "X", "dataType": "FLOAT", "searchWeight": "high", "filterable": "yes"}]);
    let (status, body) = env.post("/v1/catalog/products/metadata", bad).await;
    assert_eq!(status, 400);
    assert_eq!(error_codes(&body), [(0, "dataType".to_owned()), (0, "filterable".into()), (0, "searchWeight".into())]);

    let cat_meta = json!([{"code": "season", "source": {"locale": "en"}, "label": "Season", "dataType": "TEXT"}]);
    assert_eq!(env.post("/v1/catalog/categories/metadata", cat_meta).await.0, 200);
    let (status, body) = env.post("/v1/catalog/categories/metadata", json!([{"code": "season", "source": {"locale": "en"}}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "label".to_owned()), (0, "dataType".into())]));
    assert_eq!(env.post("/v1/catalog/categories/metadata/delete", json!([{"code": "season", "source": {"locale": "en"}}])).await.0, 200);
    assert_eq!(env.post("/v1/catalog/products/metadata/delete", json!([{"code": "color", "source": {"locale": "en"}}])).await.0, 200);
    assert_eq!(env.count("categoryMetadata").await + env.count("productMetadata").await, 0);
}

#[tokio::test]
async fn categories_need_valid_slugs_and_parents_and_delete_whole_branches() {
    let env = Env::start().await;
    let cats = json!([{"slug": "men", "source": {"locale": "en"}, "name": "Men"},
        {"slug": "men/clothing", "source": {"locale": "en"}, "name": "Clothing", "position": 1, "families": ["apparel"],
         "images": [{"url": "https://x/c.jpg", "roles": ["BASE"]}], "metaTags": {"title": "Clothing", "keywords": ["a"]}}]);
    assert_eq!(env.post("/v1/catalog/categories", cats).await.0, 200);
    let (status, body) = env
        .post("/v1/catalog/categories", json!([{"slug": "Men/Shoes", "source": {"locale": "en"}, "name": "S"}, {"slug": "women/shoes", "source": {"locale": "en"}, "name": "S"},
            {"slug": "men/x", "source": {"locale": "en"}, "name": "X", "images": [{"url": "u", "roles": ["SMALL"]}]}]))
        .await;
    assert_eq!(status, 400);
    // schema errors first; the store-dependent parent check only runs on otherwise valid requests
    assert_eq!(error_codes(&body), [(0, "slug".to_owned()), (2, "images[0].roles[0]".into())]);
    let (status, body) = env.post("/v1/catalog/categories", json!([{"slug": "women/shoes", "source": {"locale": "en"}, "name": "S"}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "slug".to_owned())]));

    let patch = json!([{"slug": "men/clothing", "source": {"locale": "en"}, "families": ["basics"]}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/categories", patch).await.0, 200);
    assert_eq!(env.post("/v1/catalog/categories/delete", json!([{"slug": "men", "source": {"locale": "en"}}])).await.0, 200);
    assert_eq!(env.count("categories").await, 0, "the branch went with its root");
}

#[tokio::test]
async fn price_books_base_child_currency_and_cascade() {
    let env = Env::start().await;
    let books = json!([{"priceBookId": "base", "name": "Main Website", "currency": "USD"},
        {"priceBookId": "base::g1", "name": "Wholesale (Main Website)", "parentId": "base"}]);
    assert_eq!(env.post("/v1/catalog/price-books", books).await.0, 200);
    let (status, body) = env
        .post("/v1/catalog/price-books", json!([{"priceBookId": "x", "name": "X"}, {"priceBookId": "y", "name": "Y", "currency": "dollars"},
            {"priceBookId": "z", "name": "Z", "parentId": "missing"}]))
        .await;
    assert_eq!(status, 400);
    assert_eq!(error_codes(&body), [(0, "currency".to_owned()), (1, "currency".into())]);
    let (status, body) = env.post("/v1/catalog/price-books", json!([{"priceBookId": "z", "name": "Z", "parentId": "missing"}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "parentId".to_owned())]));
    let (status, _) = env.post("/v1/catalog/price-books", json!([{"priceBookId": "base::g1", "name": "W", "parentId": "other"}])).await;
    assert_eq!(status, 400, "re-parenting by create is refused");

    // update: rename the child, change the base currency (children inherit it)
    let patch = json!([{"priceBookId": "base::g1", "name": "Wholesale", "parentId": "base"}, {"priceBookId": "base", "name": "Main", "currency": "EUR"}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/price-books", patch).await.0, 200);
    assert_eq!(env.post("/v1/catalog/products/prices", json!([{"sku": "a", "priceBookId": "base::g1", "regular": 10}])).await.0, 200);
    assert_eq!(env.get("/_emulator/price?priceBookId=base::g1&sku=a").await.1["_currency"], "EUR");

    assert_eq!(env.post("/v1/catalog/price-books/delete", json!([{"priceBookId": "base"}])).await.0, 200);
    assert_eq!((env.count("priceBooks").await, env.count("prices").await), (0, 0));
}

#[tokio::test]
async fn prices_with_discounts_tiers_patch_and_delete() {
    let env = Env::start().await;
    env.post("/v1/catalog/price-books", json!([{"priceBookId": "us", "name": "US", "currency": "USD"}])).await;
    let price = json!([{"sku": "pants-red", "priceBookId": "us", "regular": 100,
        "discounts": [{"code": "seasonal_sale", "percentage": 20}, {"code": "loyalty", "price": 10}],
        "tierPrices": [{"qty": 5, "price": 80}, {"qty": 10, "percentage": 25}]}]);
    assert_eq!(env.post("/v1/catalog/products/prices", price).await.0, 200);
    let patch = json!([{"sku": "pants-red", "priceBookId": "us", "regular": 19.99, "discounts": []}]);
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/products/prices", patch).await.0, 200);
    let stored = env.get("/_emulator/price?priceBookId=us&sku=pants-red").await.1;
    assert_eq!((stored["regular"].clone(), stored["discounts"].clone()), (json!(19.99), json!([])));
    assert_eq!(stored["tierPrices"].as_array().unwrap().len(), 2);

    let (status, body) = env
        .post("/v1/catalog/products/prices", json!([{"sku": "b", "priceBookId": "us", "regular": -1},
            {"sku": "c", "priceBookId": "us", "regular": 10, "tierPrices": [{"qty": 1, "price": 9}], "discounts": [{"code": "d", "percentage": 100}]},
            {"sku": "d", "priceBookId": "us", "regular": "10"}]))
        .await;
    assert_eq!(status, 400);
    assert_eq!(error_codes(&body), [(0, "regular".to_owned()), (1, "discounts[0].percentage".into()), (1, "tierPrices[0].qty".into()), (2, "regular".into())]);

    assert_eq!(env.post("/v1/catalog/products/prices/delete", json!([{"sku": "pants-red", "priceBookId": "us"}])).await.0, 200);
    assert_eq!(env.count("prices").await, 0);
}

#[tokio::test]
async fn layers_over_existing_products_create_and_delete_but_no_patch() {
    let env = Env::start().await;
    env.post("/v1/catalog/products", json!([product("pants", "fr-FR")])).await;
    let layer = json!([{"sku": "pants", "source": {"locale": "fr-FR", "layer": "winter"}, "name": "Pantalon d'hiver",
        "attributes": [{"code": "material", "values": ["Laine"]}]}]);
    assert_eq!(env.post("/v1/catalog/products/layers", layer).await.0, 200);
    let (status, body) = env.post("/v1/catalog/products/layers", json!([{"sku": "pants", "source": {"locale": "fr-FR"}},
        {"sku": "ghost", "source": {"layer": "x"}}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "source.layer".to_owned())]));
    let (status, body) = env.post("/v1/catalog/products/layers", json!([{"sku": "ghost", "source": {"layer": "x"}}])).await;
    assert_eq!((status, error_codes(&body)), (StatusCode::BAD_REQUEST, vec![(0, "sku".to_owned())]));
    assert_eq!(env.send(Method::PATCH, "/v1/catalog/products/layers", json!([])).await.0, 405);
    let del = json!([{"sku": "pants", "source": {"locale": "fr-FR", "layer": "winter"}}]);
    assert_eq!(env.post("/v1/catalog/products/layers/delete", del).await.0, 200);
    assert_eq!(env.count("layers").await, 0);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_lands_in_the_log() {
    let env = Env::start().await;
    env.post("/v1/catalog/products", json!([product("a", "en"), product("b", "en")])).await;
    env.post("/v1/catalog/products", json!([{"sku": "x"}])).await;
    let log: Value = env.get("/_emulator/requests").await.1;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0]["status"].as_u64(), log[0]["items"].as_u64()), (Some(200), Some(2)));
    assert_eq!(log[1]["status"], 400);
    assert!(log[1]["error"].as_str().unwrap().contains("item 0"));
    assert!(log[0]["requestId"].as_str().unwrap().starts_with("emu-"));
    let stats = env.get("/_emulator/stats").await.1;
    assert_eq!((stats["acceptedItems"].as_u64(), stats["rejectedItems"].as_u64()), (Some(2), Some(1)));
    let page = env.http.get(env.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Data Sync") && page.contains("Errors"), "the last request was rejected");
}
