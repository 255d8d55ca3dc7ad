//! `#[\SensitiveParameter]` on `Aco\Native\Client::__construct`'s config (PHP 8.2): an exception the
//! constructor throws captures the call's arguments in its trace when `zend.exception_ignore_args=0`,
//! and the config holds the client secret. PHP's own extensions declare the attribute in their stubs,
//! which gen_stub turns into `zend_add_parameter_attribute` at MINIT; ext-php-rs can neither declare it
//! nor run code after it registers the classes (our MINIT hook runs before), so it is added at the
//! first request start of the process (RINIT), before any PHP code can construct a client.

use std::ffi::c_void;
use std::sync::Once;

use ext_php_rs::ffi::{zend_function, zend_hash_str_find_ptr_lc, zend_string, HashTable};
use ext_php_rs::types::ZendStr;
use ext_php_rs::zend::ClassEntry;

/// `ZEND_ATTRIBUTE_PERSISTENT` (Zend/zend_attributes.h): an internal function's attributes live as long as it.
const PERSISTENT: u32 = 1;

extern "C" {
    /// ZEND_API since PHP 8.0; the header's `zend_add_parameter_attribute` is an inline wrapper of it
    /// (offset: the parameter's position + 1).
    fn zend_add_attribute(attributes: *mut *mut HashTable, name: *mut zend_string, argc: u32, flags: u32, offset: u32, lineno: u32) -> *mut c_void;
}

static MARKED: Once = Once::new();

/// RINIT: marks the parameters once per process (a forked worker inherits the marks).
pub extern "C" fn request_startup(_ty: i32, _module_number: i32) -> i32 {
    let _ = std::panic::catch_unwind(|| MARKED.call_once(|| mark("Aco\\Native\\Client", "__construct", 0)));
    0
}

fn mark(class: &str, method: &str, parameter: u32) {
    let Some(ce) = ClassEntry::try_find(class) else { return };
    let mut name = ZendStr::new("SensitiveParameter", true);
    // SAFETY: a class's function table maps lower-case names to its zend_function; the function is the
    // class's own (persistent, never freed before MSHUTDOWN); zend_add_attribute copies the name (a
    // reference of it), which `name` releases when it goes.
    unsafe {
        let func = zend_hash_str_find_ptr_lc(&raw const ce.function_table, method.as_ptr().cast(), method.len()).cast::<zend_function>();
        if let Some(func) = func.as_mut() {
            zend_add_attribute(&raw mut func.common.attributes, &raw mut *name, 0, PERSISTENT, parameter + 1, 0);
        }
    }
}
