//! The tokio runtime that carries uploads, one per process.
//!
//! Multi-threaded with one worker ("aco-io"): uploads progress in the background while PHP keeps
//! reading the database (pipelining); one worker is plenty for I/O, and serialization already
//! happened on the PHP thread. Created lazily on first use and **tagged with the PID**: Magento's
//! indexer forks (`pcntl_fork`) and a child inherits the runtime's memory but not its threads, so
//! using it would hang. A child builds its own; the inherited one is leaked, never dropped (dropping
//! would join threads that do not exist in the child). Never dropped at MSHUTDOWN either.

use std::sync::Mutex;

use tokio::runtime::Runtime;

use crate::{Error, Result};

static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// This process's runtime, built on first use after start or fork.
pub fn runtime() -> Result<&'static Runtime> {
    let mut slot = RUNTIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let pid = std::process::id();
    if let Some((owner, rt)) = *slot {
        if owner == pid {
            return Ok(rt);
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("aco-io")
        // connections and their buffers (the IMS form, bearer headers) are freed here: wiped (`wipe`)
        .on_thread_start(crate::wipe::this_thread)
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start the I/O runtime: {e}")))?;
    let rt: &'static Runtime = Box::leak(Box::new(rt));
    *slot = Some((pid, rt));
    Ok(rt)
}
