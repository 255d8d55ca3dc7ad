//! Proxies: only the configured one is used, and never for loopback; `HTTP_PROXY` and friends are
//! ignored (a proxy set for other programs returned a fake token, and the connection test said OK).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;

/// A "proxy" that records each request's first line and answers everything with a token.
fn fake_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    proxy_answering(|stream| {
        let body = r#"{"access_token":"from-the-proxy","expires_in":3600}"#;
        let _ = write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
    })
}

/// A "proxy" that records each request's first line and answers it with `answer`.
fn proxy_answering(answer: fn(&mut std::net::TcpStream)) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 65536];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let n = stream.read(&mut buf).unwrap_or(0);
            let text = String::from_utf8_lossy(&buf[..n]);
            log.lock().unwrap().push(text.lines().next().unwrap_or("").to_owned());
            answer(&mut stream);
        }
    });
    (format!("http://{addr}"), seen)
}

#[test]
fn environment_proxies_are_ignored_and_a_configured_one_is_used_except_for_loopback() {
    let emu = Emu::start(|_| {});
    let (proxy, seen) = fake_proxy();
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
        std::env::set_var(var, &proxy);
    }
    let from_env = uploader(config(&emu.url(), &emu.url())).test_connection().unwrap();
    assert!(from_env.ok, "{from_env:?}");
    assert_eq!(*seen.lock().unwrap(), Vec::<String>::new(), "nothing went through the environment's proxy");

    let mut configured = config(&emu.url(), &emu.url());
    configured.proxy_url = Some(proxy.clone());
    assert!(uploader(configured).test_connection().unwrap().ok);
    assert_eq!(*seen.lock().unwrap(), Vec::<String>::new(), "loopback is never proxied");

    let mut remote = config("https://aco.example.test", "https://ims.example.test");
    remote.proxy_url = Some(proxy);
    remote.retry.max_attempts = 1;
    let report = uploader(remote).test_connection().unwrap();
    assert!(!report.ok, "the fake proxy cannot tunnel TLS: {report:?}");
    assert_eq!(seen.lock().unwrap().first().map(String::as_str), Some("CONNECT ims.example.test:443 HTTP/1.1"));
}

#[test]
fn a_proxy_refusing_the_tunnel_is_named_with_what_to_check() {
    // regression: "request failed (ims.example.test): …: tunnel error: unsuccessful", without the why
    let (proxy, seen) = proxy_answering(|stream| {
        let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
    });
    let mut remote = config("https://aco.example.test", "https://ims.example.test");
    remote.proxy_url = Some(proxy);
    remote.retry.max_attempts = 1;
    let report = uploader(remote).test_connection().unwrap();
    assert!(!report.ok);
    assert_eq!(seen.lock().unwrap().first().map(String::as_str), Some("CONNECT ims.example.test:443 HTTP/1.1"));
    assert!(report.message.contains("the proxy refused to open a tunnel to ims.example.test"), "{report:?}");
    assert!(report.message.contains("the proxy's log says why"), "{report:?}");
}
