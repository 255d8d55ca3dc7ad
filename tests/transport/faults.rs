use std::time::{Duration, Instant};

use crate::support::*;

#[test]
fn transient_statuses_are_retried_until_they_pass() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let emu = Emu::start(|_| {});
        emu.faults(|f| {
            f.fail_next = 2;
            f.fail_status = Some(status);
        });
        let up = uploader(config(&emu.url(), &emu.url()));
        let results = send_all(&up, products(3));
        assert!(results.iter().all(|r| r.accepted && r.attempts == 3), "{status}: {results:?}");
        assert_eq!(emu.products(), 3);
    }
}

/// An emulator whose next answer is a 429 with `Retry-After: 1`.
fn throttled_once() -> Emu {
    let emu = Emu::start(|_| {});
    emu.faults(|f| {
        f.fail_next = 1;
        f.fail_status = Some(429);
        f.retry_after = Some(1);
    });
    emu
}

#[test]
fn retry_after_is_honoured() {
    let emu = throttled_once();
    let up = uploader(config(&emu.url(), &emu.url()));
    let started = Instant::now();
    assert!(send_all(&up, products(1))[0].accepted);
    assert!(started.elapsed() >= Duration::from_secs(1), "retried after {:?}", started.elapsed());
    assert!(up.logs().unwrap().iter().any(|l| l.message.contains("HTTP 429")));
}

#[test]
fn a_429s_retry_after_pauses_the_other_requests_of_the_process_and_is_told() {
    let emu = throttled_once();
    let mut c = config(&emu.url(), &emu.url());
    c.concurrency = 1;
    c.max_items_per_request = Some(1);
    let up = uploader(c);
    assert_eq!(up.throttled_for().unwrap(), Duration::ZERO);
    up.submit(aco_connector::transport::Endpoint::Products, products(3)).unwrap();
    // the 429 comes first; then the pause is told while it lasts
    while !emu.log_statuses().contains(&429) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    let told = up.throttled_for().unwrap();
    assert!(told > Duration::from_millis(500) && told <= Duration::from_secs(1), "{told:?}");
    assert!(up.wait(Some(Duration::from_secs(30))).unwrap().iter().all(|r| r.accepted));
    // the two requests queued behind the throttled one waited out its Retry-After as well
    let log = emu.log();
    let (throttled_at, _) = log[0];
    assert_eq!(log.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [429, 200, 200, 200]);
    assert!(log[1..].iter().all(|(at, _)| *at >= throttled_at + 900), "{log:?}");
    assert_eq!(up.throttled_for().unwrap(), Duration::ZERO);
}

#[test]
fn exhausted_retries_fail_as_retryable_with_the_last_status() {
    let emu = Emu::start(|_| {});
    emu.faults(|f| {
        f.fail_next = 100;
        f.fail_status = Some(503);
    });
    let mut c = config(&emu.url(), &emu.url());
    c.retry.max_attempts = 3;
    let up = uploader(c);
    let results = send_all(&up, products(2));
    for r in &results {
        assert_eq!((r.accepted, r.retryable, r.status, r.attempts), (false, true, Some(503), 3));
        assert!(r.message.as_deref().unwrap().contains("HTTP 503"));
    }
}

#[test]
fn a_partial_400_fails_only_the_named_items_and_resends_the_rest() {
    let emu = Emu::start(|c| c.reject_skus = vec!["SKU-00001".into()]);
    let up = uploader(config(&emu.url(), &emu.url()));
    let results = send_all(&up, products(3));
    let bad: Vec<_> = results.iter().filter(|r| !r.accepted).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!((bad[0].id.as_str(), bad[0].status, bad[0].code.as_deref(), bad[0].retryable), ("id-SKU-00001", Some(400), Some("sku"), false));
    // ACO's message names its field already: named once
    assert_eq!(bad[0].message.as_deref(), Some("sku: rejected by the emulator's fault plan"));
    assert_eq!(emu.products(), 2, "the good items were resent after the 400");
    assert_eq!(emu.log_statuses(), [400, 200]);
}

#[test]
fn an_expired_token_is_refreshed_once() {
    let emu = Emu::start(|_| {});
    let up = uploader(config(&emu.url(), &emu.url()));
    assert!(send_all(&up, products(1))[0].accepted);
    aco_emulator::state::lock(&emu.state().tokens).expire_all();
    let results = send_all(&up, vec![product("after-expiry")]);
    assert!(results[0].accepted);
    assert_eq!(emu.stats().tokens_issued, 2);
    assert_eq!(emu.log_statuses(), [200, 401, 200]);
}

#[test]
fn a_second_401_after_a_fresh_token_fails_the_items_for_a_later_retry() {
    let emu = Emu::start(|_| {});
    let api = raw_server(b"HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 27\r\n\r\n{\"message\":\"token revoked\"}");
    let up = uploader(config(&api, &emu.url()));
    let results = send_all(&up, products(2));
    for r in &results {
        assert_eq!((r.accepted, r.status, r.retryable, r.attempts), (false, Some(401), true, 2));
        assert!(r.message.as_deref().unwrap().contains("token revoked"));
    }
    assert_eq!(emu.stats().tokens_issued, 2, "one refresh, then give up");
}

#[test]
fn timeouts_and_cut_connections_are_retried() {
    let emu = Emu::start(|_| {});
    emu.faults(|f| {
        f.hang_next = 1;
        f.hang_ms = Some(3000);
        f.drop_next = 1;
    });
    let mut c = config(&emu.url(), &emu.url());
    c.timeout = Duration::from_millis(400);
    let up = uploader(c);
    let started = Instant::now();
    let results = send_all(&up, products(2));
    assert!(results.iter().all(|r| r.accepted && r.attempts == 3), "{results:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[test]
fn stored_but_unanswered_requests_are_resent_idempotently() {
    let emu = Emu::start(|_| {});
    emu.faults(|f| f.drop_after_store_next = 1);
    let up = uploader(config(&emu.url(), &emu.url()));
    assert!(send_all(&up, products(2)).iter().all(|r| r.accepted && r.attempts == 2));
    assert_eq!(emu.products(), 2, "at-least-once: the resend replaced, not duplicated");
}

#[test]
fn a_proxy_answering_html_fails_with_a_readable_message() {
    let emu = Emu::start(|_| {});
    let api = raw_server(b"HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 46\r\n\r\n<html><body><h1>Bad gateway</h1></body></html>");
    let mut c = config(&api, &emu.url());
    c.retry.max_attempts = 2;
    let r = &send_all(&uploader(c), products(1))[0];
    assert_eq!((r.accepted, r.status, r.retryable), (false, Some(502), true));
    assert!(r.message.as_deref().unwrap().contains("<h1>Bad gateway</h1>"), "{r:?}");
}

#[test]
fn a_2xx_without_json_is_not_taken_for_success() {
    let emu = Emu::start(|_| {});
    let api = raw_server(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 12\r\n\r\n<html></html>");
    let mut c = config(&api, &emu.url());
    c.retry.max_attempts = 2;
    let r = &send_all(&uploader(c), products(1))[0];
    assert!(!r.accepted && r.retryable);
    assert!(r.message.as_deref().unwrap().contains("without a JSON body"), "{r:?}");
}

#[test]
fn unreachable_hosts_and_broken_tls_fail_within_the_timeout() {
    let emu = Emu::start(|_| {});
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    }; // listener dropped: connections are refused
    let not_tls = raw_server(b"HTTP/1.1 200 OK\r\n\r\n").replace("http://", "https://");
    for (api, needle) in [(closed, "could not connect"), (not_tls, "could not connect")] {
        let mut c = config(&api, &emu.url());
        c.retry.max_attempts = 2;
        c.timeout = Duration::from_secs(2);
        let started = Instant::now();
        let r = &send_all(&uploader(c), products(1))[0];
        assert!(!r.accepted && r.retryable && r.status.is_none(), "{r:?}");
        assert!(r.message.as_deref().unwrap().contains(needle), "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn ims_outage_is_retried_then_reported_per_item() {
    let emu = Emu::start(|_| {});
    let ims_down = raw_server(b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    let mut c = config(&emu.url(), &ims_down);
    c.retry.max_attempts = 2;
    let up = uploader(c);
    let r = &send_all(&up, products(1))[0];
    assert!(!r.accepted && r.retryable, "{r:?}");
    assert!(r.message.as_deref().unwrap().contains("IMS token request answered HTTP 503"), "{r:?}");
    assert_eq!(emu.products(), 0);
}

#[test]
fn the_secret_never_appears_in_logs_results_or_errors() {
    let emu = Emu::start(|_| {});
    emu.faults(|f| {
        f.fail_next = 1;
        f.reject_skus = vec!["SKU-00000".into()];
    });
    let up = uploader(config(&emu.url(), &emu.url()));
    let mut text = format!("{:?}", send_all(&up, products(2)));
    text += &format!("{:?} {:?}", up.logs().unwrap(), up.config());
    let mut bad = config(&emu.url(), &emu.url());
    bad.client_secret = aco_connector::secret::Secret::new("wrong-secret-value");
    text += &format!("{:?}", uploader(bad).test_connection());
    let mut invalid = config("http://example.com", &emu.url());
    invalid.client_secret = aco_connector::secret::Secret::new("another-secret");
    text += &aco_connector::transport::Uploader::new(invalid, true).err().unwrap().to_string();
    assert!(!text.is_empty());
    for secret in [SECRET, "wrong-secret-value", "another-secret"] {
        assert!(!text.contains(secret), "secret {secret:?} leaked");
    }
}
