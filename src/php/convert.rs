//! PHP values ↔ core types, on the PHP thread: input tables in, before any work starts; rows of
//! arrays out (`Keys`).

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::types::{ArrayKey, ZendHashTable, ZendStr, Zval};

use crate::mapping::input::{Cell, Row, Tables};
use crate::{Error, Result};

/// The name of an array key (int keys as their decimal text).
pub fn key_name(key: &ArrayKey) -> String {
    match key {
        ArrayKey::Long(i) => i.to_string(),
        other => other.to_string(),
    }
}

fn cell(value: &Zval) -> Cell {
    if value.is_null() {
        return Cell::Null;
    }
    if let Some(i) = value.long() {
        return Cell::Int(i);
    }
    if let Some(b) = value.bool() {
        return Cell::Int(i64::from(b));
    }
    if let Some(f) = value.double() {
        return Cell::Float(f);
    }
    match value.zend_str() {
        Some(s) => match s.as_str() {
            Ok(text) => Cell::Str(text.to_owned()),
            Err(_) => Cell::Invalid(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        },
        None => Cell::Invalid(format!("<{:?}>", value.get_type())),
    }
}

/// `f` of each value of a PHP array, in order. Lists (keys 0..n-1, what PDO and the readers make) are read
/// by index: ext-php-rs's iterator makes four engine calls and a key per element, which was a tenth
/// of a product chunk's mapping time. Any other array goes through the iterator.
pub fn list_map<'a, T>(array: &'a ZendHashTable, f: impl Fn(&'a Zval) -> T) -> Vec<T> {
    let by_index: Option<Vec<T>> = (0..array.len()).map(|i| i64::try_from(i).ok().and_then(|i| array.get_index(i)).map(&f)).collect();
    by_index.unwrap_or_else(|| array.values().map(f).collect())
}

/// `['table' => [[cell, …], …], …]` (what the catalog readers produce) → `Tables`.
pub fn tables(array: &ZendHashTable, what: &str) -> Result<Tables> {
    let mut out = Tables::default();
    for (key, rows) in array.iter() {
        let name = key_name(&key);
        let rows = rows.array().ok_or_else(|| Error::invalid(format!("{what}.{name}"), "must be a list of rows"))?;
        let mut table: Vec<Row> = Vec::with_capacity(rows.len());
        for (i, row) in list_map(rows, |z| z).into_iter().enumerate() {
            let row = row.array().ok_or_else(|| Error::invalid(format!("{what}.{name}[{i}]"), "must be a row (a list of cells)"))?;
            table.push(list_map(row, cell));
        }
        out.0.insert(name, table);
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
