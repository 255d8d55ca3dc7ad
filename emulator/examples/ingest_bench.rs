//! How fast the emulator ingests products on loopback with limits off, so it is never the
//! bottleneck of a connector benchmark. Sends `--products` 2 KB products in requests of `--batch`,
//! `--concurrency` in flight, five runs; prints the median items/s and process CPU ms per 1k items.
//!
//!   cargo run --release -p aco-emulator --example ingest_bench -- --products 100000
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::indexing_slicing, reason = "a benchmark script")]

use std::sync::Arc;
use std::time::Instant;

use aco_emulator::{Config, Emulator};
use serde_json::{json, Value};

// the allocator the aco-emulator binary runs with (src/main.rs)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A product of about 2 KB, like a mapped Magento product with a dozen attributes.
fn product(i: usize) -> Value {
    let attributes: Vec<Value> = (0..12).map(|a| json!({"code": format!("attr_{a}"), "values": [format!("value {a} of product {i}")]})).collect();
    json!({"sku": format!("SKU-{i:08}"), "source": {"locale": "en_US"}, "name": format!("Product number {i}"), "slug": format!("product-{i}"),
        "status": "ENABLED", "visibleIn": ["CATALOG", "SEARCH"], "description": "Lorem ipsum dolor sit amet, ".repeat(30),
        "shortDescription": "A short description of the product.", "metaTags": {"title": format!("Product {i}"), "keywords": ["a", "b"]},
        "attributes": attributes, "images": [{"url": format!("https://cdn.example.com/media/p/{i}.jpg"), "roles": ["BASE", "SMALL"]}],
        "routes": [{"path": "men/clothing", "position": 1}], "externalIds": [{"id": i.to_string(), "origin": "AdobeCommerce"}]})
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn main() {
    let (n, batch, concurrency) = (arg("--products", 50_000), arg("--batch", 500), arg("--concurrency", 4));
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..n).collect::<Vec<_>>().chunks(batch).map(|c| serde_json::to_vec(&c.iter().map(|&i| product(i)).collect::<Vec<_>>()).unwrap()).collect(),
    );
    let avg = bodies.iter().map(Vec::len).sum::<usize>() / n;
    println!("emulator ingest: {n} products of ~{avg} bytes, batches of {batch}, {concurrency} in flight");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut runs = Vec::new();
    for run in 1..=5 {
        let (secs, cpu) = rt.block_on(async {
            let emu = Emulator::start(Config::for_tests()).await.unwrap();
            let http = reqwest::Client::new();
            let base = emu.url();
            let token = http.post(format!("{base}/ims/token/v3"))
                .form(&[("client_id", "test-client"), ("client_secret", "test-secret"), ("grant_type", "client_credentials"), ("scope", "commerce.aco.ingestion")])
                .send().await.unwrap().json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
            let (cpu0, t0) = (cpu_seconds(), Instant::now());
            let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let workers: Vec<_> = (0..concurrency).map(|_| {
                let (http, bodies, next, token, url) = (http.clone(), bodies.clone(), next.clone(), token.clone(), format!("{base}/test-tenant/v1/catalog/products"));
                tokio::spawn(async move {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(body) = bodies.get(i) else { break };
                        let res = http.post(&url).bearer_auth(&token).header("content-type", "application/json").body(body.clone()).send().await.unwrap();
                        assert_eq!(res.status(), 200);
                    }
                })
            }).collect();
            for w in workers { w.await.unwrap(); }
            let out = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
            let stored = aco_emulator::state::lock(&emu.state().store).count(aco_emulator::entity::Entity::Products);
            assert_eq!(stored, n);
            emu.stop().await.unwrap();
            out
        });
        println!("run {run}: {:>8.0} products/s, {:.1} CPU ms per 1k products (client + emulator)", n as f64 / secs, cpu * 1000.0 / (n as f64 / 1000.0));
        runs.push(n as f64 / secs);
    }
    runs.sort_by(f64::total_cmp);
    println!("median: {:.0} products/s (goal >= 20000)", runs[2]);
}
