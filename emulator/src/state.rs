//! Shared state of a running emulator: the store, tokens, budgets, fault plan and request log.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::admin::Views;
use crate::auth::Tokens;
use crate::config::Config;
use crate::entity::Budget;
use crate::faults::FaultPlan;
use crate::limits::Window;
use crate::store::Store;

/// How many requests the log keeps.
pub const LOG_CAPACITY: usize = 10_000;

pub struct AppState {
    pub config: Config,
    pub store: Mutex<Store>,
    /// Catalog views and policies (the admin GraphQL API).
    pub views: Mutex<Views>,
    pub tokens: Mutex<Tokens>,
    pub faults: Mutex<FaultPlan>,
    /// Bumped whenever the fault plan is replaced: releases the requests it holds.
    pub plan_replaced: tokio::sync::watch::Sender<u64>,
    pub budgets: Mutex<Budgets>,
    pub log: Mutex<VecDeque<LogEntry>>,
    pub stats: Mutex<Stats>,
    /// The store changed since it was last saved to `--state`.
    pub dirty: AtomicBool,
    request_ids: AtomicU64,
}

pub struct Budgets {
    pub requests: Window,
    pub products: Window,
    pub prices: Window,
}

impl Budgets {
    pub fn items(&mut self, budget: Budget) -> Option<&mut Window> {
        match budget {
            Budget::Products => Some(&mut self.products),
            Budget::Prices => Some(&mut self.prices),
            Budget::None => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub request_id: String,
    pub at_ms: u64,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub items: usize,
    pub latency_ms: f64,
    /// First rejection reasons, for the Data Sync page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Totals since start or reset.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub tokens_issued: u64,
    pub requests: u64,
    pub accepted_items: u64,
    pub rejected_items: u64,
    pub rejected_requests: u64,
    pub throttled: u64,
    pub last_accepted_ms: Option<u64>,
    pub last_rejected_ms: Option<u64>,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> Self {
        let faults = FaultPlan {
            fail_next: config.fail_next.map_or(0, |(n, _)| n),
            fail_status: config.fail_next.map(|(_, s)| s),
            latency_ms: config.latency.as_millis() as u64,
            reject_skus: config.reject_skus.clone(),
            ..FaultPlan::default()
        };
        let budgets = Budgets {
            requests: Window::new(config.limits.requests_per_minute),
            products: Window::new(config.limits.products_per_minute),
            prices: Window::new(config.limits.prices_per_minute),
        };
        AppState {
            config,
            store: Mutex::new(store),
            views: Mutex::default(),
            tokens: Mutex::default(),
            faults: Mutex::new(faults),
            plan_replaced: tokio::sync::watch::Sender::new(0),
            budgets: Mutex::new(budgets),
            log: Mutex::new(VecDeque::new()),
            stats: Mutex::default(),
            dirty: AtomicBool::new(false),
            request_ids: AtomicU64::new(0),
        }
    }

    /// A new fault plan; the requests the old one holds go on.
    pub fn replace_faults(&self, plan: FaultPlan) {
        *lock(&self.faults) = plan;
        self.plan_replaced.send_modify(|n| *n += 1);
    }

    pub fn next_request_id(&self) -> String {
        format!("emu-{}", self.request_ids.fetch_add(1, Ordering::Relaxed) + 1)
    }

    pub fn record(&self, entry: LogEntry) {
        let mut log = lock(&self.log);
        if log.len() == LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(entry);
    }
}

/// Locks, ignoring poisoning: a panicked request must not take the emulator down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}
