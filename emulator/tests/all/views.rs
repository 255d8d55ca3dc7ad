//! The admin GraphQL subset (catalog views, policies) and the storefront read path per catalog view.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

impl Env {
    async fn admin(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self.post("/admin/graphql", json!({ "query": query, "variables": variables })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    async fn storefront(&self, headers: &[(&str, &str)], query: &str, variables: Value) -> Value {
        let mut request = self.http.post(self.url(&format!("/{TENANT}/graphql"))).json(&json!({ "query": query, "variables": variables }));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// A policy keeping products whose `attribute` is one of `values`; its id.
    async fn policy(&self, name: &str, attribute: &str, values: &[&str]) -> String {
        let body = self.admin("mutation($p: CreatePolicyRequest!) { createPolicy(policyRequest: $p) { policyId } }", json!({ "p": {
            "name": name, "mandatory": true,
            "actions": [{ "filters": [{ "attribute": attribute, "actionFilterOperator": "IN", "valueSource": "STATIC", "values": values, "enabled": true }] }] } })).await;
        body["data"]["createPolicy"]["policyId"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
    }

    async fn view(&self, name: &str, locale: &str, policies: &[String], books: &[&str], default: &str) -> String {
        let body = self.admin("mutation($c: CreateChannelRequest!) { createChannel(channelRequest: $c) { channelId } }", json!({ "c": {
            "name": name, "scopes": [{ "locale": locale }], "policyIds": policies, "allowedPriceBookIds": books, "defaultPriceBookId": default } })).await;
        body["data"]["createChannel"]["channelId"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
    }
}

fn scoped(sku: &str, locale: &str, websites: &[&str]) -> Value {
    let mut p = product(sku, locale);
    p["visibleIn"] = json!(["CATALOG", "SEARCH"]);
    p["attributes"] = json!([{ "code": "magento-website-codes", "values": websites }]);
    p
}

/// Two websites' products in two sources, a base book with a child group book, prices with a discount and a tier.
async fn catalog() -> Env {
    let env = Env::start().await;
    let products = json!([scoped("BOTH", "en", &["base", "eu"]), scoped("BASE", "en", &["base"]), scoped("EU", "en", &["eu"]),
        scoped("BOTH", "de", &["base", "eu"]), product("BARE", "en")]);
    assert_eq!(env.post("/v1/catalog/products", products).await.0, StatusCode::OK);
    let books = json!([{ "priceBookId": "base", "name": "Main", "currency": "USD" }, { "priceBookId": "base::g1", "name": "Wholesale", "parentId": "base" },
        { "priceBookId": "eu", "name": "Europe", "currency": "EUR" }]);
    assert_eq!(env.post("/v1/catalog/price-books", books).await.0, StatusCode::OK);
    let prices = json!([
        { "sku": "BOTH", "priceBookId": "base", "regular": 20, "discounts": [{ "code": "special_price", "price": 5 }], "tierPrices": [{ "qty": 5, "price": 12 }] },
        { "sku": "BOTH", "priceBookId": "eu", "regular": 18 },
        { "sku": "BASE", "priceBookId": "base", "regular": 10 },
        { "sku": "BASE", "priceBookId": "base::g1", "regular": 10, "discounts": [{ "code": "group_price", "price": 2 }] },
    ]);
    let (status, body) = env.post("/v1/catalog/products/prices", prices).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    env
}

const PRODUCTS: &str = r#"query($skus: [String]) { products(skus: $skus) { sku name
    ... on SimpleProductView { price { regular { amount { value currency } } final { amount { value currency } } tiers { tier { amount { value } } quantity { gte } } } } } }"#;

#[tokio::test]
async fn views_and_policies_are_created_listed_updated_and_deleted() {
    let env = catalog().await;
    let policy = env.policy("Magento website base", "magento-website-codes", &["base"]).await;
    let view = env.view("Main / English (en)", "en", std::slice::from_ref(&policy), &["base", "base::g1"], "base").await;
    let listed = env.admin("{ channels { channelId name scopes { locale } policyIds allowedPriceBookIds defaultPriceBookId policies { name } createdAt } }", json!({})).await;
    let channel = &listed["data"]["channels"][0];
    assert_eq!(channel["channelId"], view.as_str());
    assert_eq!(channel["scopes"], json!([{ "locale": "en" }]));
    assert_eq!(channel["policies"], json!([{ "name": "Magento website base" }]));
    assert!(channel["createdAt"].as_str().unwrap().len() == 23, "ISO 8601 without a zone: {channel}");
    let updated = env.admin("mutation($c: UpdateChannelRequest!) { updateChannel(channelRequest: $c) { allowedPriceBookIds defaultPriceBookId name } }",
        json!({ "c": { "channelId": view, "allowedPriceBookIds": ["base"] } })).await;
    assert_eq!(updated["data"]["updateChannel"], json!({ "allowedPriceBookIds": ["base"], "defaultPriceBookId": "base", "name": "Main / English (en)" }), "lists replace, the rest stays");
    let refused = env.admin(&format!(r#"mutation {{ deletePolicy(policyId: "{policy}") }}"#), json!({})).await;
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("is used by channel"), "{refused}");
    let deleted = env.admin(&format!(r#"mutation {{ deleteChannel(channelId: "{view}") deletePolicy(policyId: "{policy}") }}"#), json!({})).await;
    assert_eq!(deleted["data"], json!({ "deleteChannel": view, "deletePolicy": policy }));
    assert_eq!(env.admin("{ channels { channelId } policies { policyId } }", json!({})).await["data"], json!({ "channels": [], "policies": [] }));
}

#[tokio::test]
async fn bad_admin_input_is_a_graphql_validation_error_naming_the_field() {
    let env = catalog().await;
    let policy = env.policy("P", "magento-website-codes", &["base"]).await;
    env.view("V", "en", &[], &[], "").await;
    for (query, says) in [
        (r#"mutation { createChannel(channelRequest: { name: "V" }) { channelId } }"#, "names must be unique"),
        (r#"mutation { createChannel(channelRequest: { name: "W", policyIds: ["nope"] }) { channelId } }"#, "Policy nope not found"),
        (r#"mutation { createChannel(channelRequest: { name: "W", allowedPriceBookIds: ["gone"] }) { channelId } }"#, "price book gone does not exist"),
        (r#"mutation { createChannel(channelRequest: { name: "W", allowedPriceBookIds: ["base"], defaultPriceBookId: "eu" }) { channelId } }"#, "not one of the allowed"),
        (r#"mutation { createChannel(channelRequest: { name: "W", colour: "red" }) { channelId } }"#, "unknown field colour"),
        (r#"mutation { createPolicy(policyRequest: { name: "Q", mandatory: true, actions: [] }) { policyId } }"#, "at least one item"),
        (r#"mutation { createPolicy(policyRequest: { name: "Q", mandatory: true, actions: [{ triggers: [{ name: "Brand", transportType: HTTP_HEADER }] }] }) { policyId } }"#, "must start with AC-Policy-"),
        (r#"mutation { createPolicy(policyRequest: { name: "Q", mandatory: true, actions: [{ filters: [{ attribute: "a", actionFilterOperator: CONTAINS, valueSource: STATIC, values: ["x"], enabled: true }] }] }) { policyId } }"#, "actionFilterOperator must be one of"),
        (r#"{ channel(channelId: "missing") { name } }"#, "Channel missing not found"),
        (r#"{ createChannel(channelRequest: { name: "X" }) { channelId } }"#, "must be sent as a mutation"),
        (r#"{ channels { name "#, "Invalid Syntax"),
    ] {
        let body = env.admin(query, json!({})).await;
        let error = &body["errors"][0];
        assert!(error["message"].as_str().unwrap().contains(says), "{query}: {body}");
        assert_eq!(error["extensions"]["classification"], "ValidationError");
        assert!(body["extensions"]["request-id"].as_str().unwrap().starts_with("emu-"));
    }
    let policies = env.admin("{ policies { policyId } }", json!({})).await;
    assert_eq!(policies["data"]["policies"], json!([{ "policyId": policy }]), "nothing half-created");
}

#[tokio::test]
async fn the_admin_api_needs_the_token_and_can_be_refused() {
    let env = catalog().await;
    let res = env.http.post(env.url(&format!("/{TENANT}/admin/graphql"))).json(&json!({ "query": "{ channels { name } }" })).send().await.unwrap();
    // no token: the ingestion contract's 403 example (ErrMissingOauthToken); the admin API checks tokens alike
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    env.faults(json!({ "refuseAdmin": true })).await;
    let (status, _) = env.post("/admin/graphql", json!({ "query": "{ channels { name } }" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_storefront_serves_a_view_source_policy_and_price_book() {
    let env = catalog().await;
    let base = env.policy("base", "magento-website-codes", &["base"]).await;
    let view = env.view("Main", "en", &[base], &["base", "base::g1"], "base").await;
    let skus = json!({ "skus": ["BOTH", "BASE", "EU", "BARE", "MISSING"] });
    let guest = env.storefront(&[("AC-View-ID", &view)], PRODUCTS, skus.clone()).await;
    // EU is another website's, BARE lacks the attribute the policy filters on
    let served: Vec<&str> = guest["data"]["products"].as_array().unwrap().iter().map(|p| p["sku"].as_str().unwrap()).collect();
    assert_eq!(served, ["BOTH", "BASE"]);
    let both = &guest["data"]["products"][0]["price"];
    assert_eq!(both["regular"]["amount"], json!({ "value": 20.0, "currency": "USD" }));
    assert_eq!(both["final"]["amount"], json!({ "value": 15.0, "currency": "USD" }), "special price: 5 off");
    assert_eq!(both["tiers"], json!([{ "tier": { "amount": { "value": 12.0 } }, "quantity": [{ "gte": 5 }] }]));
    // the group book: its own price for BASE; BOTH inherits the base book's, in the base book's currency
    let headers = [("AC-View-ID", view.as_str()), ("AC-Price-Book-ID", "base::g1"), ("AC-Source-Locale", "en")];
    let group = env.storefront(&headers, PRODUCTS, skus.clone()).await;
    assert_eq!(group["data"]["products"][0]["price"]["final"]["amount"], json!({ "value": 15.0, "currency": "USD" }));
    assert_eq!(group["data"]["products"][1]["price"]["final"]["amount"], json!({ "value": 8.0, "currency": "USD" }));
    // its own price deleted, BASE falls back to the base book's (what the connector relies on)
    assert_eq!(env.post("/v1/catalog/products/prices/delete", json!([{ "sku": "BASE", "priceBookId": "base::g1" }])).await.0, 200);
    let fallen = env.storefront(&headers, PRODUCTS, skus).await;
    assert_eq!(fallen["data"]["products"][1]["price"]["final"]["amount"], json!({ "value": 10.0, "currency": "USD" }));
}

/// Two configurables in one query: each price range is its own served variants' (a disabled one, and one of
/// another source linking the same parent, count for neither), in the price book asked for.
#[tokio::test]
async fn a_configurables_price_range_is_its_own_served_variants() {
    let env = Env::start().await;
    let mut products = vec![];
    for parent in ["JACKET", "COAT"] {
        let mut p = product(parent, "en");
        p["configurations"] = json!([{ "attributeCode": "size", "type": "CONFIGURABLE", "values": [] }]);
        products.push(p);
    }
    for (sku, locale, parent, enabled) in [("JACKET-S", "en", "JACKET", true), ("JACKET-M", "en", "JACKET", true), ("JACKET-L", "en", "JACKET", false),
        ("JACKET-XL", "de", "JACKET", true), ("COAT-S", "en", "COAT", true)] {
        let mut v = product(sku, locale);
        v["links"] = json!([{ "type": "VARIANT_OF", "sku": parent }]);
        if !enabled {
            v["status"] = json!("DISABLED");
        }
        products.push(v);
    }
    let (status, body) = env.post("/v1/catalog/products", Value::Array(products)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let books = json!([{ "priceBookId": "base", "name": "Main", "currency": "USD" }, { "priceBookId": "base::g1", "name": "Wholesale", "parentId": "base" }]);
    assert_eq!(env.post("/v1/catalog/price-books", books).await.0, StatusCode::OK);
    let prices = json!([{ "sku": "JACKET-S", "priceBookId": "base", "regular": 30 }, { "sku": "JACKET-M", "priceBookId": "base", "regular": 40 },
        { "sku": "JACKET-L", "priceBookId": "base", "regular": 5 }, { "sku": "JACKET-XL", "priceBookId": "base", "regular": 90 },
        { "sku": "COAT-S", "priceBookId": "base", "regular": 70 }, { "sku": "JACKET-M", "priceBookId": "base::g1", "regular": 20 }]);
    assert_eq!(env.post("/v1/catalog/products/prices", prices).await.0, StatusCode::OK);
    let view = env.view("Main", "en", &[], &["base", "base::g1"], "base").await;
    let query = r#"query($skus: [String]) { products(skus: $skus) { sku
        ... on ComplexProductView { priceRange { minimum { final { amount { value } } } maximum { final { amount { value } } } } } } }"#;
    let range = |body: &Value, i: usize| {
        let r = &body["data"]["products"][i]["priceRange"];
        (r["minimum"]["final"]["amount"]["value"].as_f64(), r["maximum"]["final"]["amount"]["value"].as_f64())
    };
    let skus = json!({ "skus": ["JACKET", "COAT"] });
    let guest = env.storefront(&[("AC-View-ID", &view)], query, skus.clone()).await;
    assert_eq!(range(&guest, 0), (Some(30.0), Some(40.0)), "{guest}");
    assert_eq!(range(&guest, 1), (Some(70.0), Some(70.0)), "{guest}");
    let group = env.storefront(&[("AC-View-ID", &view), ("AC-Price-Book-ID", "base::g1")], query, skus).await;
    assert_eq!(range(&group, 0), (Some(20.0), Some(30.0)), "the group's own price for M, the base book's for S: {group}");
}

#[tokio::test]
async fn storefront_headers_that_name_nothing_of_the_view_are_errors() {
    let env = catalog().await;
    let view = env.view("Main", "en", &[], &["base"], "base").await;
    let skus = json!({ "skus": ["BOTH"] });
    for (headers, says) in [
        (vec![], "AC-View-ID header is required"),
        (vec![("AC-View-ID", "nope")], "Catalog view nope not found"),
        (vec![("AC-View-ID", view.as_str()), ("AC-Source-Locale", "de")], "Catalog source de is not in catalog view"),
        (vec![("AC-View-ID", view.as_str()), ("AC-Price-Book-ID", "eu")], "Price book eu is not allowed"),
    ] {
        let body = env.storefront(&headers, PRODUCTS, skus.clone()).await;
        assert!(body["errors"][0]["message"].as_str().unwrap().contains(says), "{headers:?}: {body}");
    }
    let many: Vec<String> = (0..101).map(|i| format!("S{i}")).collect();
    let body = env.storefront(&[("AC-View-ID", &view)], PRODUCTS, json!({ "skus": many })).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("at most 100 SKUs"), "{body}");
}

#[tokio::test]
async fn product_search_pages_through_what_the_view_serves() {
    let env = catalog().await;
    let eu = env.policy("eu", "magento-website-codes", &["eu"]).await;
    let view = env.view("Europe", "en", &[eu], &[], "").await;
    let query = r#"query($p: String!, $f: [SearchClauseInput!]) { productSearch(phrase: $p, filter: $f, page_size: 1, current_page: 2) {
        total_count page_info { current_page total_pages } items { productView { sku } } } }"#;
    let body = env.storefront(&[("AC-View-ID", &view)], query, json!({ "p": "product" })).await;
    assert_eq!(body["data"]["productSearch"], json!({ "total_count": 2, "page_info": { "current_page": 2, "total_pages": 2 }, "items": [{ "productView": { "sku": "EU" } }] }));
    let filtered = env.storefront(&[("AC-View-ID", &view)], query, json!({ "p": "", "f": [{ "attribute": "sku", "eq": "BOTH" }] })).await;
    assert_eq!(filtered["data"]["productSearch"]["total_count"], 1);
}
