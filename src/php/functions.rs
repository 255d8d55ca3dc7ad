//! Free functions under `Aco\Native\`. Declared in `stubs/aco.stub.php`; a PHPUnit test keeps the two
//! in step.

use ext_php_rs::prelude::*;

use super::guard::guard;
use crate::build_info;

/// The version of the loaded `aco` extension.
#[php_function]
#[php(name = "Aco\\Native\\version")]
pub fn version() -> &'static str {
    build_info::VERSION
}

/// Diagnostic: panics inside Rust on purpose. The call must end in `Aco\Native\InternalException`,
/// proving that a bug in the extension reaches PHP as a catchable exception, never a crash.
#[php_function]
#[php(name = "Aco\\Native\\selfTestPanic")]
#[allow(clippy::panic, reason = "the whole point of this diagnostic")]
pub fn self_test_panic(message: String) -> PhpResult<()> {
    guard(|| -> crate::Result<()> { panic!("{message}") })
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(version)).function(wrap_function!(self_test_panic))
}
