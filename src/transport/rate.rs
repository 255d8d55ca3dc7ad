//! Client-side rate limiting, so a long sync uses ACO's whole budget without 429 storms.
//!
//! Each budget (requests/min; products/min; prices/min) is a zero-burst GCRA schedule: a request
//! of `n` units may start at the budget's `next_free` time, which then moves `n` intervals on. Sent
//! at that pace, no 60-second window ever holds more than the budget (a 2 % margin absorbs clock
//! and network skew). On a 429 the pace halves (down to 10 %) and everything pauses for the
//! server's `Retry-After`; every success wins 5 % back.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::transport::config::RateConfig;
use crate::transport::endpoint::Family;

const SAFETY: f64 = 0.98;
const MIN_FACTOR: f64 = 0.1;

struct Budget {
    per_minute: f64,
    next_free: Option<Instant>,
}

impl Budget {
    fn new(per_minute: u32) -> Self {
        Budget { per_minute: f64::from(per_minute), next_free: None }
    }

    fn interval(&self, factor: f64) -> Option<Duration> {
        (self.per_minute > 0.0).then(|| Duration::from_secs_f64(60.0 / (self.per_minute * factor * SAFETY)))
    }
}

struct State {
    requests: Budget,
    products: Budget,
    prices: Budget,
    factor: f64,
    paused_until: Option<Instant>,
}

pub struct RateLimiter {
    state: Mutex<State>,
}

impl RateLimiter {
    pub fn new(cfg: &RateConfig) -> Self {
        RateLimiter {
            state: Mutex::new(State {
                requests: Budget::new(cfg.requests_per_minute),
                products: Budget::new(cfg.products_per_minute),
                prices: Budget::new(cfg.prices_per_minute),
                factor: 1.0,
                paused_until: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Books a request of `items` units of `family` and says how long to wait before sending it.
    pub fn reserve(&self, family: Family, items: u32, now: Instant) -> Duration {
        let mut s = self.lock();
        let factor = s.factor;
        let mut start = now;
        for t in [s.paused_until, s.requests.next_free] {
            start = start.max(t.unwrap_or(now));
        }
        let State { requests, products, prices, .. } = &mut *s;
        let items_budget = match family {
            Family::Products => Some(products),
            Family::Prices => Some(prices),
            Family::Other => None,
        };
        if let Some(b) = &items_budget {
            start = start.max(b.next_free.unwrap_or(now));
        }
        if let Some(interval) = requests.interval(factor) {
            requests.next_free = Some(start + interval);
        }
        if let Some(b) = items_budget {
            if let Some(interval) = b.interval(factor) {
                b.next_free = Some(start + interval * items);
            }
        }
        start - now
    }

    /// The server said 429: slow down, and pause for its `Retry-After`.
    pub fn on_throttled(&self, retry_after: Option<Duration>, now: Instant) {
        let mut s = self.lock();
        s.factor = (s.factor * 0.5).max(MIN_FACTOR);
        if let Some(after) = retry_after {
            let until = now + after;
            s.paused_until = Some(s.paused_until.map_or(until, |p| p.max(until)));
        }
    }

    /// How long the server's last `Retry-After` still pauses this process (zero when it does not):
    /// what other processes sharing the tenant's budget are told to wait too.
    pub fn paused_for(&self, now: Instant) -> Duration {
        self.lock().paused_until.map_or(Duration::ZERO, |until| until.saturating_duration_since(now))
    }

    pub fn on_success(&self) {
        let mut s = self.lock();
        s.factor = (s.factor + 0.05).min(1.0);
    }

    pub fn factor(&self) -> f64 {
        self.lock().factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(requests: u32, products: u32) -> RateLimiter {
        RateLimiter::new(&RateConfig { requests_per_minute: requests, products_per_minute: products, prices_per_minute: 0 })
    }

    #[test]
    fn the_pause_a_retry_after_sets_counts_down_and_keeps_the_longest() {
        let l = limiter(300, 0);
        let t0 = Instant::now();
        assert_eq!(l.paused_for(t0), Duration::ZERO);
        l.on_throttled(Some(Duration::from_secs(10)), t0);
        l.on_throttled(Some(Duration::from_secs(4)), t0);
        l.on_throttled(None, t0);
        assert_eq!(l.paused_for(t0 + Duration::from_secs(3)), Duration::from_secs(7));
        assert_eq!(l.paused_for(t0 + Duration::from_secs(11)), Duration::ZERO);
    }

    #[test]
    fn requests_are_paced_evenly_at_the_budget() {
        let l = limiter(300, 0);
        let t0 = Instant::now();
        let waits: Vec<Duration> = (0..3).map(|_| l.reserve(Family::Other, 1, t0)).collect();
        let step = Duration::from_secs_f64(60.0 / (300.0 * SAFETY));
        assert_eq!(waits, [Duration::ZERO, step, step * 2]);
    }

    #[test]
    fn items_budget_paces_by_items_and_no_minute_exceeds_it() {
        let l = limiter(0, 1000);
        let t0 = Instant::now();
        // send 100-product requests as fast as allowed for five minutes; count per 60 s window
        let mut sent = Vec::new();
        let mut now = t0;
        while now < t0 + Duration::from_secs(300) {
            now += l.reserve(Family::Products, 100, now);
            sent.push(now);
        }
        for (i, start) in sent.iter().enumerate() {
            let in_window = sent[i..].iter().take_while(|t| **t < *start + Duration::from_secs(60)).count();
            assert!(in_window * 100 <= 1000, "{} products in the minute from request {i}", in_window * 100);
        }
        // and the budget is used: at least 95 % of 1,000/min over the run
        let per_minute = (sent.len() as f64 * 100.0) / 5.0;
        assert!(per_minute >= 950.0, "{per_minute}");
    }

    #[test]
    fn a_429_halves_the_pace_and_pauses_for_retry_after_then_recovers() {
        let l = limiter(60, 0);
        let t0 = Instant::now();
        assert_eq!(l.reserve(Family::Other, 1, t0), Duration::ZERO);
        l.on_throttled(Some(Duration::from_secs(10)), t0);
        assert_eq!(l.factor(), 0.5);
        assert_eq!(l.reserve(Family::Other, 1, t0), Duration::from_secs(10));
        for _ in 0..20 {
            l.on_success();
        }
        assert_eq!(l.factor(), 1.0);
        for _ in 0..10 {
            l.on_throttled(None, t0);
        }
        assert_eq!(l.factor(), MIN_FACTOR);
    }

    #[test]
    fn unlimited_budgets_never_wait() {
        let l = limiter(0, 0);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert_eq!(l.reserve(Family::Products, 500, t0), Duration::ZERO);
        }
    }
}
