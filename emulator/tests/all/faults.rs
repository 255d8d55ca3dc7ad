//! Limits and the fault plan, as the connector's reliability tests use them.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{product, Env, TENANT};

#[tokio::test]
async fn request_rate_limit_answers_429_with_retry_after() {
    let mut config = aco_emulator::Config::for_tests();
    config.limits.requests_per_minute = 3;
    let env = Env::with(config).await;
    for i in 0..3 {
        assert_eq!(env.post("/v1/catalog/products", json!([product(&format!("p{i}"), "en")])).await.0, 200);
    }
    let res = env
        .http
        .post(env.url(&format!("/{TENANT}/v1/catalog/products")))
        .bearer_auth(&env.token)
        .json(&json!([product("p4", "en")]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    // TooManyRequestsResponse: text/html, the wait in retry-after
    assert_eq!(res.headers()["content-type"], "text/html;charset=UTF-8");
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(env.get("/_emulator/stats").await.1["throttled"], 1);
}

#[tokio::test]
async fn product_item_budget_counts_items_not_requests() {
    let mut config = aco_emulator::Config::for_tests();
    config.limits.products_per_minute = 5;
    let env = Env::with(config).await;
    let four: Vec<_> = (0..4).map(|i| product(&format!("a{i}"), "en")).collect();
    assert_eq!(env.post("/v1/catalog/products", json!(four)).await.0, 200);
    let two: Vec<_> = (0..2).map(|i| product(&format!("b{i}"), "en")).collect();
    assert_eq!(env.post("/v1/catalog/products", json!(two)).await.0, 429);
    assert_eq!(env.post("/v1/catalog/products", json!([product("c", "en")])).await.0, 200);
    // prices have their own budget
    env.post("/v1/catalog/price-books", json!([{"priceBookId": "b", "name": "B", "currency": "USD"}])).await;
    assert_eq!(env.post("/v1/catalog/products/prices", json!([{"sku": "a0", "priceBookId": "b", "regular": 1}])).await.0, 200);
}

#[tokio::test]
async fn fail_next_answers_the_chosen_status_then_recovers() {
    let env = Env::start().await;
    env.faults(json!({"failNext": 2, "failStatus": 503, "retryAfter": 2})).await;
    for _ in 0..2 {
        let res = env.http.post(env.url(&format!("/{TENANT}/v1/catalog/products"))).bearer_auth(&env.token).json(&json!([product("a", "en")])).send().await.unwrap();
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "2");
    }
    assert_eq!(env.post("/v1/catalog/products", json!([product("a", "en")])).await.0, 200);
    assert_eq!(env.count("products").await, 1);
    for status in [408u16, 500, 502, 504] {
        env.faults(json!({"failNext": 1, "failStatus": status})).await;
        assert_eq!(env.post("/v1/catalog/products", json!([product("a", "en")])).await.0.as_u16(), status);
    }
}

#[tokio::test]
async fn dropped_connections_store_nothing_unless_dropped_after_store() {
    let env = Env::start().await;
    env.faults(json!({"dropNext": 1})).await;
    let sent = env.http.post(env.url(&format!("/{TENANT}/v1/catalog/products"))).bearer_auth(&env.token).json(&json!([product("a", "en")])).send().await;
    let outcome = match sent {
        Err(e) => Err(e),
        Ok(res) => res.text().await.map(|_| ()),
    };
    assert!(outcome.is_err(), "the client must see a broken exchange");
    assert_eq!(env.count("products").await, 0);

    env.faults(json!({"dropAfterStoreNext": 1})).await;
    let sent = env.http.post(env.url(&format!("/{TENANT}/v1/catalog/products"))).bearer_auth(&env.token).json(&json!([product("b", "en")])).send().await;
    assert!(match sent { Err(_) => true, Ok(res) => res.text().await.is_err() });
    assert_eq!(env.count("products").await, 1, "stored although the client never heard back");
}

#[tokio::test]
async fn hung_requests_outlast_a_client_timeout() {
    let env = Env::start().await;
    env.faults(json!({"hangNext": 1, "hangMs": 3000})).await;
    let res = env
        .http
        .post(env.url(&format!("/{TENANT}/v1/catalog/products")))
        .bearer_auth(&env.token)
        .timeout(Duration::from_millis(300))
        .json(&json!([product("a", "en")]))
        .send()
        .await;
    assert!(res.unwrap_err().is_timeout(), "the client gave up before the 3 s hang ended");
    assert_eq!(env.post("/v1/catalog/products", json!([product("a", "en")])).await.0, 200);
}

#[tokio::test]
async fn held_requests_wait_for_the_next_plan_then_are_processed() {
    let env = Env::start().await;
    env.faults(json!({"holdNext": 1})).await;
    let held = {
        let (http, url, token) = (env.http.clone(), env.url(&format!("/{TENANT}/v1/catalog/products")), env.token.clone());
        tokio::spawn(async move { http.post(url).bearer_auth(token).json(&json!([product("held", "en")])).send().await.unwrap().status() })
    };
    while env.get("/_emulator/faults").await.1["holdNext"] != 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(env.post("/v1/catalog/products", json!([product("free", "en")])).await.0, 200, "only the next request is held");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!held.is_finished());
    assert_eq!(env.count("products").await, 1);
    env.faults(json!({})).await;
    assert_eq!(held.await.unwrap(), 200);
    assert_eq!(env.count("products").await, 2, "stored once released");
}

#[tokio::test]
async fn chosen_skus_are_rejected_per_item_and_latency_is_added() {
    let env = Env::start().await;
    env.faults(json!({"rejectSkus": ["bad"], "latencyMs": 150})).await;
    let started = Instant::now();
    let (status, body) = env.post("/v1/catalog/products", json!([product("ok", "en"), product("bad", "en")])).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!((body["errors"][0]["itemIndex"].as_u64(), body["errors"][0]["code"].as_str()), (Some(1), Some("sku")));
    let res = env.http.put(env.url("/_emulator/faults")).json(&json!({"failNxt": 1})).send().await.unwrap();
    assert_eq!(res.status(), 400, "a misspelt fault knob is refused, not ignored");
}

#[tokio::test]
async fn delete_latency_slows_deletes_only() {
    let env = Env::start().await;
    env.faults(json!({"deleteLatencyMs": 2000})).await;
    let started = Instant::now();
    let (status, _) = env.post("/v1/catalog/products", json!([product("a", "en")])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(2000), "an upsert is not slowed");
    let started = Instant::now();
    let (status, _) = env.post("/v1/catalog/products/delete", json!([{"sku": "a", "source": {"locale": "en"}}])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(2000), "a delete is");
}
