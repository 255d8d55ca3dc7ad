//! When to try a request again, and after how long. One small classifier over the outcome of an
//! attempt; the delays are exponential with full jitter, capped, and a server's `Retry-After` wins
//! (bounded by `max_retry_after`).
//!
//! Every write of the ingestion API is an idempotent upsert or delete keyed by the item's identity,
//! so resending a POST that may have been applied is safe: that is why POSTs are retried at all.

use std::time::Duration;

use crate::transport::config::RetryConfig;

/// What a failed HTTP attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    /// An HTTP status other than 2xx, with its `Retry-After` (seconds) if any.
    Status { status: u16, retry_after: Option<Duration> },
    /// No usable answer: connect/read error, timeout, cut connection, 2xx without JSON.
    Network,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RetryDecision {
    Retry { after: Duration },
    /// Give up; `retryable` says whether a later run may succeed (so the item is retried later).
    Fail { retryable: bool },
}

/// Statuses worth retrying: the contract's list (408, 413 with Retry-After, 429, 500, 502, 503, 504).
pub fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

pub fn decide(cfg: &RetryConfig, attempt: &Attempt, attempts_made: u32, random: f64) -> RetryDecision {
    let (transient, retry_after) = match attempt {
        Attempt::Network => (true, None),
        Attempt::Status { status: 413, retry_after: Some(after) } => (true, Some(*after)),
        Attempt::Status { status, retry_after } => (is_transient(*status), *retry_after),
    };
    if !transient {
        return RetryDecision::Fail { retryable: false };
    }
    if attempts_made >= cfg.max_attempts {
        return RetryDecision::Fail { retryable: true };
    }
    let after = match retry_after {
        Some(after) => after.min(cfg.max_retry_after),
        None => backoff(cfg, attempts_made, random),
    };
    RetryDecision::Retry { after }
}

/// `base × 2^(n−1)`, capped; with jitter a uniform pick in [delay/2, delay] so retries spread out
/// but never come back immediately.
pub fn backoff(cfg: &RetryConfig, attempts_made: u32, random: f64) -> Duration {
    let exp = 2f64.powi(attempts_made.saturating_sub(1).min(30) as i32);
    let delay = (cfg.base_delay.as_secs_f64() * exp).min(cfg.max_delay.as_secs_f64());
    let delay = if cfg.jitter { delay * (0.5 + 0.5 * random.clamp(0.0, 1.0)) } else { delay };
    Duration::from_secs_f64(delay)
}

/// `Retry-After`: delta-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate(value)?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only date form servers send today.
fn httpdate(s: &str) -> Option<std::time::SystemTime> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|m| m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else { return None };
    // days since the epoch (Howard Hinnant's civil-from-days, inverted)
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + m * 60 + sec;
    u64::try_from(secs).ok().map(|s| std::time::UNIX_EPOCH + Duration::from_secs(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> RetryConfig {
        RetryConfig { jitter: false, ..RetryConfig::default() }
    }

    fn status(status: u16, retry_after: Option<u64>) -> Attempt {
        Attempt::Status { status, retry_after: retry_after.map(Duration::from_secs) }
    }

    #[test]
    fn transient_failures_back_off_exponentially_up_to_the_cap() {
        let c = cfg();
        let delays: Vec<Duration> = (1..=4)
            .map(|n| match decide(&c, &status(503, None), n, 0.0) {
                RetryDecision::Retry { after } => after,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(delays, [500, 1000, 2000, 4000].map(Duration::from_millis));
        assert_eq!(backoff(&c, 20, 0.0), c.max_delay);
        assert_eq!(decide(&c, &status(503, None), 5, 0.0), RetryDecision::Fail { retryable: true });
    }

    #[test]
    fn retry_after_wins_and_is_bounded() {
        let c = cfg();
        assert_eq!(decide(&c, &status(429, Some(7)), 1, 0.0), RetryDecision::Retry { after: Duration::from_secs(7) });
        assert_eq!(decide(&c, &status(429, Some(3600)), 1, 0.0), RetryDecision::Retry { after: c.max_retry_after });
    }

    #[test]
    fn what_is_retried_and_what_is_not() {
        let c = cfg();
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(matches!(decide(&c, &status(s, None), 1, 0.0), RetryDecision::Retry { .. }), "{s}");
        }
        assert!(matches!(decide(&c, &Attempt::Network, 1, 0.0), RetryDecision::Retry { .. }));
        assert!(matches!(decide(&c, &status(413, Some(1)), 1, 0.0), RetryDecision::Retry { .. }));
        for s in [400, 401, 403, 404, 413, 422] {
            assert_eq!(decide(&c, &status(s, None), 1, 0.0), RetryDecision::Fail { retryable: false }, "{s}");
        }
    }

    #[test]
    fn jitter_stays_between_half_and_full_delay() {
        let c = RetryConfig::default();
        assert_eq!(backoff(&c, 3, 0.0), Duration::from_millis(1000));
        assert_eq!(backoff(&c, 3, 1.0), Duration::from_millis(2000));
    }

    #[test]
    fn retry_after_as_seconds_or_http_date() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
