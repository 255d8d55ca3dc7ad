//! Every binding runs its body through [`guard`], so a core error becomes the matching
//! `Aco\Native\*` exception and a Rust panic becomes `Aco\Native\InternalException` — a normal PHP
//! exception a Magento cron or indexer can catch and log, instead of ext-php-rs's `\Error`.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

use ext_php_rs::exception::PhpResult;

use super::exceptions;

thread_local! {
    /// Where the last panic on this thread happened, recorded by the hook for the exception message.
    static LAST_PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default hook, which prints a backtrace to the PHP process's stderr (noise in cron
/// output and PHPUnit). The location is kept and reported in the exception message instead.
pub fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        LAST_PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
    }));
}

/// Runs a binding body; see the module docs.
pub fn guard<T>(body: impl FnOnce() -> crate::Result<T>) -> PhpResult<T> {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(exceptions::from_core(&error)),
        Err(payload) => {
            let location = LAST_PANIC_LOCATION.with(|slot| slot.borrow_mut().take());
            Err(exceptions::internal(&panic_message(payload.as_ref()), location.as_deref()))
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}
