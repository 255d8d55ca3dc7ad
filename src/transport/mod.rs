//! Rust owns the wire: IMS tokens, batching, retries (a 429's `Retry-After` pausing the process),
//! bounded-concurrency upload and a settled result for every item; when a request may go is the
//! host's budget's call (`php/Model/Budget/`). See `uploader` for the entry point.

pub mod batch;
pub mod config;
pub mod endpoint;
pub mod graphql;
pub mod ims;
pub mod retry;
pub mod runtime;
pub mod throttle;
pub mod uploader;
pub mod wire;

pub use batch::Item;
pub use config::{ClientConfig, Environment};
pub use endpoint::Endpoint;
pub use graphql::{GraphqlAnswer, GraphqlApi};
pub use uploader::{ConnectionReport, ItemResult, Level, LogRecord, Uploader};
