//! Integration tests of the emulator over real HTTP on loopback, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code: a failed unwrap is a failed test")]

mod auth;
mod bad_input;
mod common;
mod endpoints;
mod faults;
mod process;
mod views;
