//! Adobe Commerce Optimizer connector core.
//!
//! Everything outside [`php`] is plain Rust with no PHP types, so `cargo test` runs it without a PHP
//! toolchain. The `php` feature adds the binding layer that turns this crate into the `aco` PHP
//! extension (`libaco_connector.so`).

pub mod build_info;
pub mod error;
pub mod mapping;
pub mod model;
pub mod secret;
pub mod transport;

#[cfg(feature = "php")]
mod php;

pub use error::{Error, Result};
