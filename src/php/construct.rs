//! `__construct` called again on an object already constructed: ext-php-rs would put the new Rust
//! value behind the object and drop the old one, so a Client's items in flight would settle on a
//! client nobody can ask any more. Refused instead.

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::types::ZendClassObject;
use ext_php_rs::zend::ExecutorGlobals;

use crate::{Error, Result};

/// Err when `$this` of the running `__construct` already holds a `T`.
pub fn first_construct<T: RegisteredClass>() -> Result<()> {
    let globals = ExecutorGlobals::get();
    // SAFETY: while an internal function runs, EG(current_execute_data) is its call frame
    let this = unsafe { globals.current_execute_data.as_ref() }.and_then(|frame| frame.This.object());
    if this.and_then(ZendClassObject::<T>::from_zend_obj).is_none() {
        return Ok(());
    }
    let class = T::CLASS_NAME;
    Err(Error::Runtime(format!(
        "this {class} is already constructed: calling __construct again would discard what it holds \
         (a Client: the results of items in flight); create another one with new {class}(…)"
    )))
}
