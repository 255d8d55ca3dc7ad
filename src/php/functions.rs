//! Free functions under `Aco\Native\`. Declared in `stubs/aco.stub.php`; a PHPUnit test keeps the two
//! in step.
// PHP parameter names are camelCase (`$websiteCode`), and the macro takes them from the Rust names.
#![allow(non_snake_case)]

use ext_php_rs::prelude::*;

use super::guard::guard;
use crate::build_info;
use crate::mapping::price_book;

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

/// The id of a customer group's price book in a website, as the price mapping sends it (catalog
/// views and `aco:verify` name the same books).
#[php_function]
#[php(name = "Aco\\Native\\groupPriceBookId")]
pub fn group_price_book_id(websiteCode: String, groupId: i64) -> String {
    price_book::group_book_id(&websiteCode, groupId)
}

pub fn register(module: ModuleBuilder) -> ModuleBuilder {
    module.function(wrap_function!(version)).function(wrap_function!(self_test_panic)).function(wrap_function!(group_price_book_id))
}
