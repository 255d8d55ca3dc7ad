//! The exception classes the extension throws, all under `Aco\Native\` and all implementing
//! `Aco\Native\ExceptionInterface`:
//!
//! | class | parent | thrown for |
//! |---|---|---|
//! | `InvalidArgumentException` | `\InvalidArgumentException` | `Error::InvalidArgument`: fix the input |
//! | `RuntimeException` | `\RuntimeException` | `Error::Runtime`: may work later |
//! | `AuthenticationException` | `Aco\Native\RuntimeException` | `Error::Auth`: IMS/API refused the credentials |
//! | `TransportException` | `Aco\Native\RuntimeException` | `Error::Transport`: network, TLS, timeout, 5xx |
//! | `InternalException` | `Aco\Native\RuntimeException` | a bug: a Rust panic caught at the edge |
//!
//! They are registered with a plain `ClassBuilder` (no Rust object behind them) so they inherit the
//! engine's exception constructor: thrown from Rust they carry the calling PHP file and line, which a
//! `#[php_class]` exception would not.

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::zend::{ce, ClassEntry};

use crate::Error;

/// Our classes. Their entries are kept in MINIT by [`keep`]: the class table cannot be searched by
/// name during MINIT, so parents and the interface are taken from here.
#[derive(Clone, Copy)]
enum Class {
    Interface,
    InvalidArgument,
    Runtime,
    Internal,
    Authentication,
    Transport,
}

static INTERFACE: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static INVALID_ARGUMENT: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static RUNTIME: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static INTERNAL: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static AUTHENTICATION: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static TRANSPORT: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());

impl Class {
    const fn slot(self) -> &'static AtomicPtr<ClassEntry> {
        match self {
            Class::Interface => &INTERFACE,
            Class::InvalidArgument => &INVALID_ARGUMENT,
            Class::Runtime => &RUNTIME,
            Class::Internal => &INTERNAL,
            Class::Authentication => &AUTHENTICATION,
            Class::Transport => &TRANSPORT,
        }
    }

    /// The registered entry, or `\Exception` if MINIT has not registered it (so a throw never fails).
    fn entry(self) -> &'static ClassEntry {
        // SAFETY: only ever set from the `&'static mut ClassEntry` the engine hands out in MINIT.
        unsafe { self.slot().load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
    }
}

extern "C" {
    // SPL's exception classes, exported by the PHP binary (PHPAPI, ext/spl/spl_exceptions.h).
    static spl_ce_InvalidArgumentException: *mut ClassEntry;
    static spl_ce_RuntimeException: *mut ClassEntry;
}

fn spl(class: *const *mut ClassEntry) -> &'static ClassEntry {
    // SAFETY: SPL is part of PHP's core and registers its classes before any extension's MINIT.
    unsafe { (*class).as_ref() }.unwrap_or_else(ce::exception)
}

fn spl_invalid_argument() -> &'static ClassEntry {
    spl(&raw const spl_ce_InvalidArgumentException)
}
fn spl_runtime() -> &'static ClassEntry {
    spl(&raw const spl_ce_RuntimeException)
}
fn interface() -> &'static ClassEntry {
    Class::Interface.entry()
}
fn runtime() -> &'static ClassEntry {
    Class::Runtime.entry()
}

/// `ClassBuilder`'s registration callback (a plain `fn`, hence one instance per class): remembers the
/// entry. These classes have no methods, so the (empty) arg-info tables are leaked rather than freed
/// under an engine that may point into them.
fn keep<const C: u8>(entry: &'static mut ClassEntry, tables: ArgInfoTables) {
    let class = match C {
        0 => Class::Interface,
        1 => Class::InvalidArgument,
        2 => Class::Runtime,
        3 => Class::Internal,
        4 => Class::Authentication,
        _ => Class::Transport,
    };
    class.slot().store(entry, Ordering::Release);
    std::mem::forget(tables);
}

/// Registers the classes; called once from MINIT, parents before children.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new("Aco\\Native\\ExceptionInterface")
        .flags(ClassFlags::Interface)
        .registration(keep::<{ Class::Interface as u8 }>)
        .register()?;
    let implements = (interface as fn() -> _, "Aco\\Native\\ExceptionInterface");
    ClassBuilder::new("Aco\\Native\\InvalidArgumentException")
        .extends((spl_invalid_argument, "\\InvalidArgumentException"))
        .implements(implements)
        .registration(keep::<{ Class::InvalidArgument as u8 }>)
        .register()?;
    ClassBuilder::new("Aco\\Native\\RuntimeException")
        .extends((spl_runtime, "\\RuntimeException"))
        .implements(implements)
        .registration(keep::<{ Class::Runtime as u8 }>)
        .register()?;
    // subclasses of Aco\Native\RuntimeException
    for (name, keep) in [
        ("Aco\\Native\\InternalException", keep::<{ Class::Internal as u8 }> as fn(_, _)),
        ("Aco\\Native\\AuthenticationException", keep::<{ Class::Authentication as u8 }>),
        ("Aco\\Native\\TransportException", keep::<{ Class::Transport as u8 }>),
    ] {
        ClassBuilder::new(name).extends((runtime, "\\Aco\\Native\\RuntimeException")).registration(keep).register()?;
    }
    Ok(())
}

/// The exception for a core error.
pub fn from_core(error: &Error) -> PhpException {
    let class = match error {
        Error::InvalidArgument { .. } => Class::InvalidArgument,
        Error::Runtime(_) => Class::Runtime,
        Error::Auth(_) => Class::Authentication,
        Error::Transport(_) => Class::Transport,
    };
    PhpException::new(error.to_string(), 0, class.entry())
}

/// The exception for a Rust panic caught at the binding edge.
pub fn internal(message: &str, location: Option<&str>) -> PhpException {
    let at = location.map(|l| format!(" at {l}")).unwrap_or_default();
    PhpException::new(
        format!("internal error in the aco extension{at}: {message} (please report this with the stack trace)"),
        0,
        Class::Internal.entry(),
    )
}
