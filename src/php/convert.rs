//! PHP values ↔ core types, on the PHP thread: input tables in, before any work starts; rows of
//! arrays out (`Keys`).

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::ffi::Bucket;
use ext_php_rs::types::{ArrayKey, ZendHashTable, ZendStr, Zval};

use crate::mapping::input::{Cell, TableWriter, Tables};
use crate::{Error, Result};

/// The name of an array key (int keys as their decimal text).
pub fn key_name(key: &ArrayKey) -> String {
    match key {
        ArrayKey::Long(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Appends a PHP value to the row being written: texts are copied straight into the chunk's text.
/// A reference (what `foreach (… as &$v)` leaves behind) counts as its value. An array, object or
/// resource can never be a column's value: the error names what it is.
fn cell(value: &Zval, writer: &mut TableWriter<'_>) -> std::result::Result<(), String> {
    let value = value.dereference();
    if value.is_null() {
        return writer.cell(Cell::Null);
    }
    if let Some(i) = value.long() {
        return writer.cell(Cell::Int(i));
    }
    if let Some(b) = value.bool() {
        return writer.cell(Cell::Int(i64::from(b)));
    }
    if let Some(f) = value.double() {
        return writer.cell(Cell::Float(f));
    }
    match value.zend_str() {
        Some(s) => match std::str::from_utf8(s.as_bytes()) {
            Ok(text) => writer.cell(Cell::Str(text)),
            Err(_) => writer.cell(Cell::Invalid(&String::from_utf8_lossy(s.as_bytes()))),
        },
        None => Err(not_a_cell(value)),
    }
}

/// What a value that is not a cell is, in words (not Rust's debug text of its type).
fn not_a_cell(value: &Zval) -> String {
    let what = match value.object() {
        Some(object) => format!("an object of class {}", object.get_class_name().unwrap_or_else(|_| "?".into())),
        None if value.is_array() => "an array".to_owned(),
        None if value.is_resource() => "a resource".to_owned(),
        None => "a value of another kind".to_owned(),
    };
    format!("must be null, a boolean, a number or a string, not {what}")
}

/// `HASH_FLAG_PACKED` (Zend/zend_hash.h, the same since PHP 7.0): the array is a list stored as a
/// plain vector of values, without keys or hash.
const HASH_FLAG_PACKED: u32 = 1 << 2;

/// The values of a packed PHP array without holes (what PDO's `fetchAll` and `[]` appends make),
/// read in place.
#[derive(Clone, Copy)]
struct Packed<'a> {
    base: *const u8,
    stride: usize,
    len: usize,
    array: std::marker::PhantomData<&'a ZendHashTable>,
}

impl<'a> Packed<'a> {
    /// `None` for any other array.
    fn of(array: &'a ZendHashTable) -> Option<Packed<'a>> {
        // SAFETY: `u` and the data pointer are plain fields of every zend_array; a packed array with
        // nNumUsed == nNumOfElements holds exactly nNumUsed initialised values, from PHP 8.2 as zvals
        // (`arPacked`), before as Buckets that start with their zval (`arData`).
        let flags = unsafe { array.u.flags };
        if flags & HASH_FLAG_PACKED == 0 || array.nNumUsed != array.nNumOfElements {
            return None;
        }
        let stride = if ext_php_rs::PHP_82 { std::mem::size_of::<Zval>() } else { std::mem::size_of::<Bucket>() };
        let base = unsafe { array.__bindgen_anon_1.arData }.cast::<u8>().cast_const();
        Some(Packed { base, stride, len: array.nNumUsed as usize, array: std::marker::PhantomData })
    }

    fn get(self, i: usize) -> Option<&'a Zval> {
        // SAFETY: i < nNumUsed, within the array's data, which lives as long as the array
        (i < self.len).then(|| unsafe { &*self.base.add(i * self.stride).cast::<Zval>() })
    }

    fn iter(self) -> impl Iterator<Item = &'a Zval> {
        (0..self.len).map_while(move |i| self.get(i))
    }
}

/// Asks the CPU to start loading the cache line at `p` (never faults, whatever the address).
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it reads nothing the program sees and cannot fault
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// While row `i` is read, starts loading what the rows after it will need, in the order it is
/// needed: the array of row i+8, the values of row i+4 (its array asked for 4 rows ago), the texts
/// of row i+2 (its values asked for 2 rows ago).
fn prefetch_row(rows: Packed<'_>, i: usize) {
    if let Some(far) = rows.get(i + 8).and_then(Zval::array) {
        prefetch(far);
    }
    if let Some(near) = rows.get(i + 4).and_then(Zval::array).and_then(Packed::of) {
        prefetch(near.base);
    }
    if let Some(next) = rows.get(i + 2).and_then(Zval::array).and_then(Packed::of) {
        next.iter().filter_map(Zval::zend_str).for_each(|s| prefetch(s));
    }
}

/// `f` of each value of a PHP array, in order. Packed lists (what PDO and the readers make) are read
/// in place: ext-php-rs's iterator makes four engine calls and a key per element. Any other array
/// goes through the iterator.
pub fn list_map<'a, T>(array: &'a ZendHashTable, f: impl Fn(&'a Zval) -> T) -> Vec<T> {
    match Packed::of(array) {
        Some(values) => values.iter().map(f).collect(),
        None => array.values().map(f).collect(),
    }
}

/// `['table' => [[cell, …], …], …]` (what the catalog readers produce) → `Tables`.
///
/// Reading a chunk is a chain of dependent loads per row (row array → its values → its texts), and
/// once PHP's heap has aged over a long sync, each is likely a cache miss: handing a chunk over cost
/// twice as much after a few thousand products as at the start. Rows of packed lists are therefore
/// asked for a few rows ahead (`prefetch_row`), so that their misses overlap.
pub fn tables(array: &ZendHashTable, what: &str) -> Result<Tables> {
    let mut out = Tables::default();
    for (key, rows) in array.iter() {
        let name = key_name(&key);
        let rows = rows.dereference().array().ok_or_else(|| Error::invalid(format!("{what}.{name}"), "must be a list of rows"))?;
        let width = rows.get_index(0).and_then(Zval::array).map_or(0, ZendHashTable::len);
        let mut writer = out.table(&name, rows.len(), rows.len() * width);
        let mut write = |i: usize, row: &Zval| -> Result<()> {
            let row = row.dereference().array().ok_or_else(|| Error::invalid(format!("{what}.{name}[{i}]"), "must be a row (a list of cells)"))?;
            let mut row_cells = |(column, value): (usize, &Zval)| cell(value, &mut writer).map_err(|e| Error::invalid(format!("{what}.{name}[{i}][{column}]"), e));
            match Packed::of(row) {
                Some(values) => values.iter().enumerate().try_for_each(&mut row_cells)?,
                None => row.values().enumerate().try_for_each(&mut row_cells)?,
            }
            writer.end_row().map_err(|e| Error::invalid(format!("{what}.{name}"), e))
        };
        match Packed::of(rows) {
            Some(list) => list.iter().enumerate().try_for_each(|(i, row)| {
                prefetch_row(list, i);
                write(i, row)
            })?,
            None => rows.values().enumerate().try_for_each(|(i, row)| write(i, row))?,
        }
    }
    Ok(out)
}

/// A PHP value, or the engine's refusal as an error.
pub fn zval<T: IntoZval>(v: T) -> Result<Zval> {
    v.into_zval(false).map_err(|e| Error::Runtime(e.to_string()))
}

/// The string keys of many same-shaped PHP arrays, made once and shared by all of them (an array
/// takes a reference): inserting by `&str` allocated, hashed and number-checked every key again
/// for every row.
pub struct Keys<const N: usize>([ZBox<ZendStr>; N]);

impl<const N: usize> Keys<N> {
    pub fn new(names: [&str; N]) -> Keys<N> {
        Keys(names.map(|name| ZendStr::new(name, false)))
    }

    /// An array of `values` under these keys, in order.
    pub fn row(&self, values: [Zval; N]) -> Result<ZBox<ZendHashTable>> {
        let mut array = ZendHashTable::with_capacity(u32::try_from(N).unwrap_or(u32::MAX));
        for (key, value) in self.0.iter().zip(values) {
            array.insert(ArrayKey::ZendString(key), value).map_err(|e| Error::Runtime(e.to_string()))?;
        }
        Ok(array)
    }
}
