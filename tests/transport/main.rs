//! The transport against the real emulator (and small raw servers for what the emulator cannot
//! fake: HTML proxies, broken TLS, refused connections). Uploads run on the extension's own I/O
//! runtime; each test's emulator runs on a runtime of its own, as a separate server would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

mod faults;
mod proxy;
mod support;
mod uploads;
