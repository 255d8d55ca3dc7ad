//! The mapping against a small Magento-like catalog (tests/fixtures/mapping/catalog.json): golden
//! payloads per entity type, item errors for bad records, determinism, and every payload accepted by
//! the emulator's validator (the strict reading of the ingestion contract).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

mod contract;
mod corpus;
mod fixture;
mod golden;
mod reshaped;
mod rules;
