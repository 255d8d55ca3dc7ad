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
pub mod wipe;

#[cfg(feature = "php")]
mod php;

/// The extension's allocator: the transport's freed memory is wiped (`wipe`).
#[cfg(feature = "php")]
#[global_allocator]
static ALLOCATOR: wipe::WipingAllocator = wipe::WipingAllocator;

pub use error::{Error, Result};
