use std::time::{Duration, Instant};

use aco_connector::secret::Secret;
use aco_connector::transport::{Endpoint, Item};

use crate::support::*;

#[test]
fn every_item_is_delivered_in_bounded_batches_and_settles_accepted() {
    let emu = Emu::start(|_| {});
    let up = uploader(config(&emu.url(), &emu.url()));
    let results = send_all(&up, products(250));
    assert_eq!(results.len(), 250);
    assert!(results.iter().all(|r| r.accepted && r.status == Some(200) && r.attempts == 1), "{:?}", results.iter().find(|r| !r.accepted));
    assert!(results[0].request_id.as_deref().unwrap().starts_with("emu-"));
    assert_eq!(emu.products(), 250);
    assert_eq!(emu.log_statuses(), [200, 200, 200], "100 products per request by default");
    assert_eq!(emu.stats().tokens_issued, 1, "one token for the whole run");
    assert_eq!(up.pending().unwrap(), 0);
}

#[test]
fn submit_returns_before_the_network_finishes() {
    let emu = Emu::start(|c| c.latency = Duration::from_millis(300));
    let up = uploader(config(&emu.url(), &emu.url()));
    let started = Instant::now();
    up.submit(Endpoint::Products, products(10)).unwrap();
    assert!(started.elapsed() < Duration::from_millis(250), "submit waited for the network: {:?}", started.elapsed());
    assert!(up.pending().unwrap() > 0);
    assert_eq!(up.wait(None).unwrap().len(), 10);
}

#[test]
fn large_requests_are_queued_up_to_an_item_bound_small_ones_up_to_four_times_the_concurrency() {
    let emu = Emu::start(|c| c.latency = Duration::from_millis(300));
    // 10 requests of `per_request` items, 4 at a time: how many are queued when submit returns
    let queued = |per_request: usize| {
        let mut c = config(&emu.url(), &emu.url());
        c.concurrency = 4;
        c.max_items_per_request = Some(per_request);
        let up = uploader(c);
        up.submit(Endpoint::Products, products(10 * per_request)).unwrap();
        let queued = up.pending().unwrap();
        assert_eq!(up.wait(None).unwrap().len(), 10 * per_request);
        queued
    };
    assert!(queued(500) <= 8, "requests of 500: the 9th waits for an answer (4,000 items queued at most)");
    assert_eq!(queued(10), 10, "requests of 10: all queued at once (16 requests at most)");
}

#[test]
fn requests_run_concurrently_up_to_the_configured_limit() {
    let emu = Emu::start(|c| c.latency = Duration::from_millis(200));
    let mut c = config(&emu.url(), &emu.url());
    c.concurrency = 4;
    c.max_items_per_request = Some(1);
    let up = uploader(c);
    up.submit(Endpoint::Products, products(1)).unwrap();
    up.wait(None).unwrap(); // warm: token + connection
    let started = Instant::now();
    let results = send_all(&up, products(8));
    let took = started.elapsed();
    assert!(results.iter().all(|r| r.accepted));
    // 8 requests of 200 ms, 4 at a time: about 400 ms; one at a time would be 1.6 s
    assert!(took >= Duration::from_millis(390) && took < Duration::from_millis(1200), "{took:?}");
}

#[test]
fn oversized_or_malformed_items_fail_at_once_alone_and_are_never_sent() {
    let emu = Emu::start(|_| {});
    let mut c = config(&emu.url(), &emu.url());
    c.max_request_bytes = 2048;
    let up = uploader(c);
    let big = Item { id: "big".into(), body: format!("{{\"sku\":\"{}\"}}", "x".repeat(4096)).into_bytes() };
    let broken = Item { id: "broken".into(), body: b"{\"sku\": \"a".to_vec() };
    let not_utf8 = Item { id: "not-utf8".into(), body: b"{\"sku\": \"\xff\"}".to_vec() };
    let mut items = products(2);
    items.extend([big, broken, not_utf8]);
    let results = send_all(&up, items);
    for id in ["broken", "not-utf8"] {
        let r = results.iter().find(|r| r.id == id).unwrap();
        assert!(!r.accepted && !r.retryable && r.message.as_deref().unwrap().contains("not a JSON object"), "{r:?}");
    }
    let big = results.iter().find(|r| r.id == "big").unwrap();
    assert!(!big.accepted && !big.retryable && big.attempts == 0);
    assert!(big.message.as_deref().unwrap().contains("at most 2048 bytes"));
    assert_eq!(emu.products(), 2);
}

#[test]
fn gzip_bodies_are_sent_above_the_threshold() {
    let emu = Emu::start(|_| {});
    let mut c = config(&emu.url(), &emu.url());
    c.gzip_min_bytes = 1;
    let up = uploader(c);
    assert!(send_all(&up, products(50)).iter().all(|r| r.accepted));
    assert_eq!(emu.products(), 50);
}

#[test]
fn test_connection_reports_ok_or_the_failing_stage() {
    let emu = Emu::start(|_| {});
    let ok = uploader(config(&emu.url(), &emu.url())).test_connection().unwrap();
    assert!(ok.ok, "{ok:?}");

    let mut wrong_secret = config(&emu.url(), &emu.url());
    wrong_secret.client_secret = Secret::new("nope");
    let report = uploader(wrong_secret).test_connection().unwrap();
    assert_eq!((report.ok, report.stage), (false, "ims"));
    assert!(report.message.contains("IMS refused the credentials"), "{}", report.message);

    let mut other_tenant = config(&emu.url(), &emu.url());
    other_tenant.tenant_id = "someone-else".into();
    let report = uploader(other_tenant).test_connection().unwrap();
    assert_eq!((report.ok, report.stage, report.status), (false, "api", Some(403)));
}
