use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use aco_connector::secret::Secret;
use aco_connector::transport::{ClientConfig, Endpoint, Item, ItemResult, Uploader};
use aco_emulator::{Config, Emulator};
use serde_json::json;

pub const SECRET: &str = "test-secret";

/// An emulator on its own runtime, alive as long as this value.
pub struct Emu {
    pub rt: tokio::runtime::Runtime,
    pub emu: Option<Emulator>,
}

impl Emu {
    pub fn start(tweak: impl FnOnce(&mut Config)) -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let mut config = Config::for_tests();
        tweak(&mut config);
        let emu = rt.block_on(Emulator::start(config)).unwrap();
        Emu { rt, emu: Some(emu) }
    }

    pub fn url(&self) -> String {
        self.emu.as_ref().unwrap().url()
    }

    pub fn state(&self) -> &aco_emulator::state::AppState {
        self.emu.as_ref().unwrap().state()
    }

    pub fn faults(&self, f: impl FnOnce(&mut aco_emulator::faults::FaultPlan)) {
        f(&mut aco_emulator::state::lock(&self.state().faults));
    }

    pub fn products(&self) -> usize {
        aco_emulator::state::lock(&self.state().store).count(aco_emulator::entity::Entity::Products)
    }

    pub fn stats(&self) -> aco_emulator::state::Stats {
        aco_emulator::state::lock(&self.state().stats).clone()
    }

    pub fn log_statuses(&self) -> Vec<u16> {
        self.log().into_iter().map(|(_, status)| status).collect()
    }

    /// (milliseconds, status) of every request the emulator answered, in order.
    pub fn log(&self) -> Vec<(u64, u16)> {
        aco_emulator::state::lock(&self.state().log).iter().map(|e| (e.at_ms, e.status)).collect()
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(emu) = self.emu.take() {
            let _ = self.rt.block_on(emu.stop());
        }
    }
}

/// Client settings for a test: the emulator's credentials, fast retries, no jitter.
pub fn config(api: &str, ims: &str) -> ClientConfig {
    let mut c = ClientConfig::new("na1", "sandbox", "test-tenant", "test-client", Secret::new(SECRET)).unwrap();
    c.api_base_url = Some(api.to_owned());
    c.ims_base_url = Some(ims.to_owned());
    c.retry.base_delay = Duration::from_millis(20);
    c.retry.max_delay = Duration::from_millis(200);
    c.retry.jitter = false;
    c.timeout = Duration::from_secs(5);
    c
}

pub fn uploader(c: ClientConfig) -> Uploader {
    Uploader::new(c, true).unwrap()
}

pub fn product(sku: &str) -> Item {
    let body = json!({"sku": sku, "source": {"locale": "en_US"}, "name": format!("Product {sku}"), "slug": sku.to_lowercase(), "status": "ENABLED"});
    Item { id: format!("id-{sku}"), body: serde_json::to_vec(&body).unwrap() }
}

pub fn products(n: usize) -> Vec<Item> {
    (0..n).map(|i| product(&format!("SKU-{i:05}"))).collect()
}

pub fn send_all(up: &Uploader, items: Vec<Item>) -> Vec<ItemResult> {
    up.submit(Endpoint::Products, items).unwrap();
    let mut results = up.wait(Some(Duration::from_secs(30))).unwrap();
    results.sort_by(|a, b| a.id.cmp(&b.id));
    results
}

/// A one-shot-per-connection HTTP server answering every request with `response` (raw bytes).
pub fn raw_server(response: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 65536];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(response);
        }
    });
    format!("http://{addr}")
}
