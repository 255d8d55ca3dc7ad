//! What a 429 means beyond its own request. The request's retries wait for its `Retry-After`
//! (`retry`); ACO's window is the tenant's, so this process's other requests wait it out too, and
//! `Uploader::throttled_for` tells the host for how long more (the Magento module writes that into
//! the budget every process of the store shares, `php/Model/Budget/`). The client does not pace
//! itself: the host's budget decides when a request goes.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Default)]
pub struct Throttle {
    until: Mutex<Option<Instant>>,
}

impl Throttle {
    /// ACO answered 429 with this `Retry-After`: pause until then (the longest pause wins).
    pub fn hold(&self, retry_after: Duration, now: Instant) {
        let until = now + retry_after;
        let mut current = self.until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *current = Some(current.map_or(until, |c| c.max(until)));
    }

    /// How long the pause still lasts (zero when there is none).
    pub fn remaining(&self, now: Instant) -> Duration {
        let until = *self.until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        until.map_or(Duration::ZERO, |until| until.saturating_duration_since(now))
    }

    /// Waits out the pause, if any, before a request goes.
    pub async fn wait(&self) {
        let left = self.remaining(Instant::now());
        if !left.is_zero() {
            tokio::time::sleep(left).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_counts_down_and_the_longest_wins() {
        let t = Throttle::default();
        let t0 = Instant::now();
        assert_eq!(t.remaining(t0), Duration::ZERO);
        t.hold(Duration::from_secs(10), t0);
        t.hold(Duration::from_secs(4), t0);
        assert_eq!(t.remaining(t0 + Duration::from_secs(3)), Duration::from_secs(7));
        assert_eq!(t.remaining(t0 + Duration::from_secs(11)), Duration::ZERO);
    }
}
