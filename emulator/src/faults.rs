//! The fault plan: what the next API requests suffer, set by `--fail-next`/`--latency-ms`/
//! `--reject-sku` at start-up or by `PUT /_emulator/faults` at run time. Each knob exists for the
//! connector's retry and reliability tests (emulator/tests/all/faults.rs shows each one).

use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultPlan {
    /// Answer the next `failNext` API requests with `failStatus` (default 503); nothing is stored.
    pub fail_next: u32,
    pub fail_status: Option<u16>,
    /// `Retry-After` seconds sent with those failures (429/503 typically carry it).
    pub retry_after: Option<u64>,
    /// Cut the connection of the next N requests after the status line, before any body; nothing is stored.
    pub drop_next: u32,
    /// Store the next N requests, then cut the connection: the client cannot know it worked
    /// (proves at-least-once delivery with idempotent resends).
    pub drop_after_store_next: u32,
    /// Hold the next N requests for `hangMs` (default 60 s) before answering 504: client timeouts.
    pub hang_next: u32,
    pub hang_ms: Option<u64>,
    /// Hold the next N requests until the plan is next replaced (`PUT /_emulator/faults`), then
    /// process them as usual: answers a test can hold back for as long as it needs, without timing.
    pub hold_next: u32,
    /// Hold every request to these entities (`products`, `prices`, … as `/_emulator/items/{entity}`
    /// names them) until the plan is next replaced: one feed kept waiting while the others go on.
    pub hold_entities: Vec<String>,
    /// Extra latency for every API request.
    pub latency_ms: u64,
    /// Extra latency for delete requests only: a delete still on its way when a later upsert of the
    /// same identity goes out (tests/php/Reliability/MovingIdentitiesTest).
    pub delete_latency_ms: u64,
    /// SKUs that get a per-item 400 wherever they appear.
    pub reject_skus: Vec<String>,
    /// The tenant refuses the admin GraphQL API (403), as one without access to views would:
    /// `aco:views --apply` must fall back to the printed plan (tests/php/Views/ViewsApplyTest).
    pub refuse_admin: bool,
}

/// What the plan does to the request at hand. Counters are consumed as requests arrive.
#[derive(Debug, PartialEq)]
pub enum Fault {
    None,
    Fail { status: u16, retry_after: Option<u64> },
    Drop,
    DropAfterStore,
    Hang(u64),
    Hold,
}

impl FaultPlan {
    pub fn next_fault(&mut self, entity: &str) -> Fault {
        if self.hold_entities.iter().any(|e| e == entity) {
            return Fault::Hold;
        }
        if self.hang_next > 0 {
            self.hang_next -= 1;
            return Fault::Hang(self.hang_ms.unwrap_or(60_000));
        }
        if self.hold_next > 0 {
            self.hold_next -= 1;
            return Fault::Hold;
        }
        if self.drop_next > 0 {
            self.drop_next -= 1;
            return Fault::Drop;
        }
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Fault::Fail { status: self.fail_status.unwrap_or(503), retry_after: self.retry_after };
        }
        if self.drop_after_store_next > 0 {
            self.drop_after_store_next -= 1;
            return Fault::DropAfterStore;
        }
        Fault::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_consumed_one_request_at_a_time() {
        let mut plan = FaultPlan { fail_next: 2, fail_status: Some(502), drop_next: 1, ..FaultPlan::default() };
        assert_eq!(plan.next_fault("products"), Fault::Drop);
        assert_eq!(plan.next_fault("products"), Fault::Fail { status: 502, retry_after: None });
        assert_eq!(plan.next_fault("products"), Fault::Fail { status: 502, retry_after: None });
        assert_eq!(plan.next_fault("products"), Fault::None);
    }

    #[test]
    fn held_entities_are_held_every_time_and_no_counter_is_spent_on_them() {
        let mut plan = FaultPlan { hold_entities: vec!["products".into()], fail_next: 1, ..FaultPlan::default() };
        assert_eq!(plan.next_fault("products"), Fault::Hold);
        assert_eq!(plan.next_fault("products"), Fault::Hold);
        assert_eq!(plan.next_fault("prices"), Fault::Fail { status: 503, retry_after: None });
        assert_eq!(plan.next_fault("prices"), Fault::None);
    }
}
