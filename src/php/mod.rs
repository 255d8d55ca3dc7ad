//! The `aco` PHP extension: a thin layer that converts PHP values to core types at the edge, calls the
//! core, and turns core errors and Rust panics into `Aco\Native\*` exceptions. No logic lives here.

mod catalog;
mod client;
mod construct;
mod convert;
mod exceptions;
mod functions;
mod guard;
mod sensitive;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

use crate::build_info;

/// Module name as PHP sees it: `extension=aco`, `php --ri aco`, `extension_loaded('aco')`.
const MODULE_NAME: &str = "aco";

/// MINIT. Registers the exception classes (they must exist before any function can throw them) and
/// installs the panic hook. Our own `extern "C"` hook is not covered by ext-php-rs's panic handling,
/// so it catches unwinds itself: a failure here makes PHP report "Unable to start aco module".
pub extern "C" fn startup(_ty: i32, _module_number: i32) -> i32 {
    let started = std::panic::catch_unwind(|| {
        guard::install_panic_hook();
        exceptions::register()
    });
    match started {
        Ok(Ok(())) => 0,
        _ => 1,
    }
}

/// phpinfo() / `php --ri aco`. Never shows configuration values: secrets must not reach phpinfo.
pub extern "C" fn module_info(_module: *mut ModuleEntry) {
    let _ = std::panic::catch_unwind(|| {
        info_table_start!();
        info_table_row!("aco support", "enabled");
        info_table_row!("version", build_info::VERSION);
        info_table_row!("build", build_info::build_description());
        info_table_row!("TLS backend", build_info::TLS_BACKEND);
        info_table_end!();
    });
}

#[php_module]
#[php(startup = startup)]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    let module = module.name(MODULE_NAME).version(build_info::VERSION).info_function(module_info)
        .request_startup_function(sensitive::request_startup);
    catalog::register(client::register(functions::register(module)))
}
