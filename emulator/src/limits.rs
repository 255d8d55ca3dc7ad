//! Per-minute budgets (ACO: 300 requests/min, 1,000 products/min, …) as 60-second sliding windows.
//! Over budget → 429 with a `Retry-After` of the seconds until the window has room again.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub struct Window {
    per_minute: u32,
    used: VecDeque<(Instant, u32)>,
    total: u64,
}

impl Window {
    pub fn new(per_minute: u32) -> Self {
        Window { per_minute, used: VecDeque::new(), total: 0 }
    }

    /// Takes `n` units now, or says in how many whole seconds (≥ 1) they would fit.
    pub fn take(&mut self, n: u32, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        while self.used.front().is_some_and(|(t, _)| now.duration_since(*t) >= WINDOW) {
            if let Some((_, k)) = self.used.pop_front() {
                self.total -= u64::from(k);
            }
        }
        let limit = u64::from(self.per_minute);
        // A request bigger than the whole budget may go once the window is empty, or it never could.
        if self.total + u64::from(n) <= limit || self.used.is_empty() {
            self.used.push_back((now, n));
            self.total += u64::from(n);
            return Ok(());
        }
        // Wait until enough of the oldest entries leave the window.
        let mut freed = 0;
        for (t, k) in &self.used {
            freed += u64::from(*k);
            if self.total - freed + u64::from(n) <= limit {
                let wait = (*t + WINDOW).saturating_duration_since(now);
                return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
            }
        }
        Err(WINDOW.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_budget_then_says_when_room_comes_back() {
        let mut w = Window::new(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(w.take(1, t0).is_ok());
        }
        assert_eq!(w.take(1, t0 + Duration::from_secs(10)), Err(50));
        assert!(w.take(1, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn unlimited_when_zero_and_oversized_requests_pass_alone() {
        let mut off = Window::new(0);
        assert!(off.take(1_000_000, Instant::now()).is_ok());
        let mut w = Window::new(10);
        let t0 = Instant::now();
        assert!(w.take(25, t0).is_ok(), "an empty window takes a request above the limit");
        assert!(w.take(1, t0).is_err());
    }
}
