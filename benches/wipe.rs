//! What the wiping allocator (`src/wipe.rs`) costs the transport: the same upload of products to the
//! emulator (in process, limits off), alternately with frees on the transport's threads wiped and with
//! the system's allocator as is, three times each in one run; the process's CPU time per 1,000
//! products (the emulator's included: the same in both), the bytes wiped per product and the wiping
//! rate. `make bench-wipe` (`cargo bench --bench wipe -- [products]`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    reason = "a benchmark binary"
)]

/// With the `php` feature the extension's own allocator is the process's, and there is nothing to switch.
#[cfg(not(feature = "php"))]
mod bench {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    use aco_connector::secret::Secret;
    use aco_connector::transport::{ClientConfig, Endpoint, Item, Uploader};
    use aco_connector::wipe::{self, WipingAllocator};
    use aco_emulator::{Config, Emulator};

    /// The extension's allocator when `WIPE` is on, the system's when off: the switch exists only here.
    struct Switch;

    static WIPE: AtomicBool = AtomicBool::new(true);
    static WIPED: AtomicU64 = AtomicU64::new(0);

    // SAFETY: WipingAllocator is System underneath, so a block either gave goes back to either with its
    // layout (the switch changes between uploads, and blocks outlive it).
    unsafe impl GlobalAlloc for Switch {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded as received
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if WIPE.load(Ordering::Relaxed) {
                if wipe::wiping() {
                    WIPED.fetch_add(layout.size() as u64, Ordering::Relaxed);
                }
                // SAFETY: forwarded as received
                unsafe { WipingAllocator.dealloc(ptr, layout) }
            } else {
                // SAFETY: forwarded as received
                unsafe { System.dealloc(ptr, layout) }
            }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Switch = Switch;

    /// User plus system CPU time of the whole process, from /proc (clock ticks of 10 ms).
    fn cpu() -> Duration {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        Duration::from_millis(ticks * 10)
    }

    fn products(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| {
                let sku = format!("SKU-{i:08}");
                let attributes: Vec<_> = (0..12).map(|a| serde_json::json!({"code": format!("attr_{a}"), "values": [format!("value {a} of product {i}")]})).collect();
                let body = serde_json::json!({"sku": sku, "source": {"locale": "en_US"}, "name": format!("Product {i}"), "slug": format!("product-{i}"),
                    "status": "ENABLED", "visibleIn": ["CATALOG", "SEARCH"], "description": "Lorem ipsum dolor sit amet, ".repeat(30), "attributes": attributes});
                Item { id: sku, body: serde_json::to_vec(&body).unwrap() }
            })
            .collect()
    }

    pub fn run() {
        let n: usize = std::env::args()
            .skip(1)
            .find(|a| !a.starts_with('-'))
            .map_or(20_000, |a| a.parse().expect("products: a number"));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let config = Config::for_tests();
        let emulator = rt.block_on(Emulator::start(config)).unwrap();
        let mut client = ClientConfig::new(
            "na1",
            "sandbox",
            "test-tenant",
            "test-client",
            Secret::new("test-secret"),
        )
        .unwrap();
        client.api_base_url = Some(emulator.url());
        client.ims_base_url = Some(emulator.url());
        client.concurrency = 4;
        let items = products(n);
        let bytes = items.iter().map(|i| i.body.len()).sum::<usize>() / n;
        println!("wipe: {n} products of ~{bytes} bytes, 100 per request, concurrency 4, emulator in process, limits off");
        let mut runs: [Vec<(Duration, Duration, u64)>; 2] = [Vec::new(), Vec::new()];
        for round in 0..6 {
            let on = round % 2 == 0;
            // a new client each time: its threads start, connect and get a token under this allocator
            WIPE.store(on, Ordering::SeqCst);
            WIPED.store(0, Ordering::SeqCst);
            let (cpu0, wall0) = (cpu(), Instant::now());
            let uploader = Uploader::new(client.clone(), true).unwrap();
            uploader.submit(Endpoint::Products, items.clone()).unwrap();
            let results = uploader.wait(Some(Duration::from_secs(600))).unwrap();
            assert!(
                results.len() == n && results.iter().all(|r| r.accepted),
                "every product accepted"
            );
            drop(uploader);
            runs[usize::from(on)].push((
                cpu() - cpu0,
                wall0.elapsed(),
                WIPED.load(Ordering::SeqCst),
            ));
        }
        let median = |v: &mut Vec<(Duration, Duration, u64)>| {
            v.sort();
            v[v.len() / 2]
        };
        let (off_cpu, off_wall, _) = median(&mut runs[0]);
        let (on_cpu, on_wall, wiped) = median(&mut runs[1]);
        let per_1k = |d: Duration| d.as_secs_f64() * 1000.0 / (n as f64 / 1000.0);
        println!(
            "{:<22} {:>18} {:>10}",
            "allocator", "CPU ms / 1k items", "wall s"
        );
        println!(
            "{:<22} {:>18.1} {:>10.2}",
            "system (no wiping)",
            per_1k(off_cpu),
            off_wall.as_secs_f64()
        );
        println!(
            "{:<22} {:>18.1} {:>10.2}",
            "wiping (production)",
            per_1k(on_cpu),
            on_wall.as_secs_f64()
        );
        println!(
            "bytes wiped per product: {}; CPU ratio wiping/system: {:.3}",
            wiped / n as u64,
            on_cpu.as_secs_f64() / off_cpu.as_secs_f64().max(1e-9)
        );
        // the rate of wiping alone: 64 MB freed in 16 KB blocks on a wiping thread
        let _scope = wipe::scope();
        let blocks: Vec<Vec<u8>> = (0..4096).map(|_| vec![1u8; 16 * 1024]).collect();
        let started = Instant::now();
        drop(blocks);
        println!(
            "wiping rate: {:.1} GB/s (64 MB of 16 KB blocks, free included)",
            64.0 / 1024.0 / started.elapsed().as_secs_f64()
        );
        rt.block_on(emulator.stop()).unwrap();
    }
}

fn main() {
    #[cfg(not(feature = "php"))]
    bench::run();
    #[cfg(feature = "php")]
    println!("wipe: build without the php feature (make bench-wipe)");
}
