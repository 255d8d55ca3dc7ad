//! Bad bodies get a clear 4xx with a JSON body; the server keeps serving and keeps what it stored.

use std::io::Write;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{product, Env, TENANT};

async fn raw(env: &Env, content_type: &str, encoding: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
    let mut req = env
        .http
        .post(env.url(&format!("/{TENANT}/v1/catalog/products")))
        .bearer_auth(&env.token)
        .header("content-type", content_type)
        .body(body);
    if let Some(e) = encoding {
        req = req.header("content-encoding", e);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: body is not JSON: {text}"));
    (status, body)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[tokio::test]
async fn malformed_bodies_are_refused_clearly_and_nothing_stored_is_lost() {
    let env = Env::start().await;
    assert_eq!(env.post("/v1/catalog/products", json!([product("keep", "en")])).await.0, 200);
    let json = "application/json";
    type Case = (&'static str, &'static str, Option<&'static str>, Vec<u8>, u16, &'static str);
    let cases: Vec<Case> = vec![
        ("malformed JSON", json, None, b"[{\"sku\": ".to_vec(), 400, "malformed JSON"),
        ("object, not array", json, None, br#"{"sku": "a"}"#.to_vec(), 400, "JSON array"),
        ("array of scalars", json, None, b"[1, 2]".to_vec(), 400, "failed validation"),
        ("non-UTF-8", json, None, b"[{\"sku\": \"\xff\xfe\"}]".to_vec(), 400, "malformed JSON"),
        ("wrong content type", "text/plain", None, b"[]".to_vec(), 415, "application/json"),
        ("unknown encoding", json, Some("br"), b"[]".to_vec(), 415, "gzip"),
        ("broken gzip", json, Some("gzip"), b"not gzip".to_vec(), 400, "gzip"),
    ];
    for (what, ct, enc, body, status, needle) in cases {
        let (got, body) = raw(&env, ct, enc, body).await;
        assert_eq!(got.as_u16(), status, "{what}: {body}");
        assert!(body["message"].as_str().unwrap().contains(needle), "{what}: {body}");
    }
    assert_eq!(env.count("products").await, 1);
    assert_eq!(env.get("/_emulator/product?locale=en&sku=keep").await.0, 200);
    // the document's request body is an array with no minItems: an empty one is accepted, and changes nothing
    let (got, body) = raw(&env, json, None, b"[]".to_vec()).await;
    assert_eq!((got.as_u16(), body), (200, json!({"status": "ACCEPTED", "acceptedCount": 0})));
}

#[tokio::test]
async fn a_50_mb_body_is_413_and_the_server_keeps_serving() {
    let env = Env::start().await;
    let mut big = product("big", "en");
    big["description"] = json!("x".repeat(50 * 1024 * 1024));
    let (status, body) = raw(&env, "application/json", None, serde_json::to_vec(&json!([big])).unwrap()).await;
    assert_eq!(status, 413);
    assert_eq!(body["status"], "413");
    // a gzip bomb is cut at the same limit after decompression
    let bomb = gzip(&vec![b' '; 20 * 1024 * 1024]);
    assert_eq!(raw(&env, "application/json", Some("gzip"), bomb).await.0, 413);
    assert_eq!(env.post("/v1/catalog/products", json!([product("after", "en")])).await.0, 200);
}

#[tokio::test]
async fn gzip_bodies_are_accepted() {
    let env = Env::start().await;
    let body = serde_json::to_vec(&json!([product("z", "en")])).unwrap();
    let (status, body) = raw(&env, "application/json; charset=utf-8", Some("gzip"), gzip(&body)).await;
    assert_eq!((status, body["acceptedCount"].as_u64()), (StatusCode::OK, Some(1)));
}

#[tokio::test]
async fn too_many_items_is_413_and_a_200_kb_product_is_an_item_error() {
    let mut config = aco_emulator::Config::for_tests();
    config.limits.max_items = 2;
    let env = Env::with(config).await;
    let (status, body) = env.post("/v1/catalog/products", json!([product("a", "en"), product("b", "en"), product("c", "en")])).await;
    assert_eq!(status, 413);
    assert!(body["message"].as_str().unwrap().contains("at most 2"));
    let mut huge = product("huge", "en");
    huge["description"] = json!("y".repeat(201 * 1024));
    let (status, body) = env.post("/v1/catalog/products", json!([product("a", "en"), huge])).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["itemIndex"], 1);
    assert_eq!(body["errors"][0]["value"], "huge");
}
