//! What the catalog readers hand over: tables of raw rows (as PDO fetches them, `FETCH_NUM`), keyed
//! by name. Cells are loosely typed because PDO gives numbers as strings or ints depending on driver
//! settings; the accessors accept both.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Float(f64),
    Str(String),
    /// Text that was not valid UTF-8, kept lossily so an error can quote it.
    Invalid(String),
}

pub type Row = Vec<Cell>;

/// A cell that cannot be read as what the mapping needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Bad {
    Missing,
    NotUtf8(String),
    NotNumber(String),
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bad::Missing => f.write_str("is missing"),
            Bad::NotUtf8(lossy) => write!(f, "is not valid UTF-8: {lossy:?}"),
            Bad::NotNumber(text) => write!(f, "is not a number: {text:?}"),
        }
    }
}

impl Cell {
    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    /// Text of a cell; numbers as their decimal text.
    pub fn text(&self) -> Result<String, Bad> {
        match self {
            Cell::Null => Err(Bad::Missing),
            Cell::Int(i) => Ok(i.to_string()),
            Cell::Float(f) => Ok(f.to_string()),
            Cell::Str(s) => Ok(s.clone()),
            Cell::Invalid(lossy) => Err(Bad::NotUtf8(lossy.clone())),
        }
    }

    pub fn str(&self) -> Option<&str> {
        match self {
            Cell::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Result<i64, Bad> {
        match self {
            Cell::Int(i) => Ok(*i),
            Cell::Float(f) if f.fract() == 0.0 => Ok(*f as i64),
            Cell::Str(s) => s.trim().parse().map_err(|_| Bad::NotNumber(s.clone())),
            Cell::Null => Err(Bad::Missing),
            other => Err(Bad::NotNumber(format!("{other:?}"))),
        }
    }

    pub fn int_or(&self, default: i64) -> i64 {
        self.int().unwrap_or(default)
    }

    pub fn flag(&self) -> bool {
        self.int_or(0) != 0
    }
}

/// Cell `i` of a row, `Null` past its end.
pub fn at(row: &[Cell], i: usize) -> &Cell {
    row.get(i).unwrap_or(&Cell::Null)
}

/// Named tables of rows (`entities`, `values`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables(pub BTreeMap<String, Vec<Row>>);

impl Tables {
    pub fn get(&self, name: &str) -> &[Row] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    /// Refuses table names the mapping does not know (a typo would silently drop data).
    pub fn check_names(&self, known: &[&str]) -> Result<(), String> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            Some(unknown) => Err(format!("unknown table {unknown:?}; expected {}", known.join(", "))),
            None => Ok(()),
        }
    }

    /// From JSON (`{"name": [[...], ...]}`): fixtures and tests.
    pub fn from_json(value: &serde_json::Value) -> Tables {
        let cell = |v: &serde_json::Value| match v {
            serde_json::Value::Null => Cell::Null,
            serde_json::Value::Bool(b) => Cell::Int(i64::from(*b)),
            serde_json::Value::Number(n) => n.as_i64().map_or_else(|| Cell::Float(n.as_f64().unwrap_or(0.0)), Cell::Int),
            serde_json::Value::String(s) => Cell::Str(s.clone()),
            other => Cell::Str(other.to_string()),
        };
        let mut tables = BTreeMap::new();
        for (name, rows) in value.as_object().into_iter().flatten() {
            let rows = rows.as_array().into_iter().flatten().map(|r| r.as_array().into_iter().flatten().map(cell).collect()).collect();
            tables.insert(name.clone(), rows);
        }
        Tables(tables)
    }
}
