//! What the catalog readers hand over: tables of raw rows (as PDO fetches them, `FETCH_NUM`), keyed
//! by name. Cells are loosely typed because PDO gives numbers as strings or ints depending on driver
//! settings; the accessors accept both.
//!
//! A chunk is stored flat: each table one vector of cells, and all its texts one string the cells
//! point into. Handing a chunk over used to allocate a vector per row and a string per text cell
//! (~60k allocations per 1,000 products), and as the allocator's heap aged over a long sync that
//! cost twice what reading the PHP arrays did.

use std::collections::BTreeMap;

/// One cell as the mapping reads it; texts borrow from the chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// Text that was not valid UTF-8, kept lossily so an error can quote it.
    Invalid(&'a str),
}

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

impl<'a> Cell<'a> {
    pub fn is_null(self) -> bool {
        matches!(self, Cell::Null)
    }

    /// Text of a cell; numbers as their decimal text.
    pub fn text(self) -> Result<String, Bad> {
        match self {
            Cell::Null => Err(Bad::Missing),
            Cell::Int(i) => Ok(i.to_string()),
            Cell::Float(f) => Ok(f.to_string()),
            Cell::Str(s) => Ok(s.to_owned()),
            Cell::Invalid(lossy) => Err(Bad::NotUtf8(lossy.to_owned())),
        }
    }

    pub fn str(self) -> Option<&'a str> {
        match self {
            Cell::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(self) -> Result<i64, Bad> {
        match self {
            Cell::Int(i) => Ok(i),
            Cell::Float(f) if f.fract() == 0.0 => Ok(f as i64),
            Cell::Str(s) => s.trim().parse().map_err(|_| Bad::NotNumber(s.to_owned())),
            Cell::Null => Err(Bad::Missing),
            other => Err(Bad::NotNumber(format!("{other:?}"))),
        }
    }

    pub fn int_or(self, default: i64) -> i64 {
        self.int().unwrap_or(default)
    }

    pub fn flag(self) -> bool {
        self.int_or(0) != 0
    }

    /// A cell of a JSON row (fixtures and tests); `nested` is the JSON text of an array or object.
    fn from_json(v: &'a serde_json::Value, nested: &'a str) -> Cell<'a> {
        match v {
            serde_json::Value::Null => Cell::Null,
            serde_json::Value::Bool(b) => Cell::Int(i64::from(*b)),
            serde_json::Value::Number(n) => n.as_i64().map_or_else(|| Cell::Float(n.as_f64().unwrap_or(0.0)), Cell::Int),
            serde_json::Value::String(s) => Cell::Str(s),
            _ => Cell::Str(nested),
        }
    }
}

/// A cell as stored: texts as (start, length) in the chunk's text.
#[derive(Debug, Clone, Copy)]
enum Stored {
    Null,
    Int(i64),
    Float(f64),
    Str(u32, u32),
    Invalid(u32, u32),
}

/// One row: its cells and the chunk's text they point into.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    cells: &'a [Stored],
    text: &'a str,
}

impl<'a> Row<'a> {
    /// Cell `i`, `Null` past the row's end.
    pub fn at(self, i: usize) -> Cell<'a> {
        let text = |start: u32, len: u32| {
            let start = start as usize;
            // in range and on char boundaries by construction (`TableWriter::cell` appends whole strs)
            self.text.get(start..start + len as usize).unwrap_or_default()
        };
        match self.cells.get(i) {
            None | Some(Stored::Null) => Cell::Null,
            Some(Stored::Int(i)) => Cell::Int(*i),
            Some(Stored::Float(f)) => Cell::Float(*f),
            Some(Stored::Str(start, len)) => Cell::Str(text(*start, *len)),
            Some(Stored::Invalid(start, len)) => Cell::Invalid(text(*start, *len)),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Table {
    cells: Vec<Stored>,
    /// where each row's cells end in `cells`
    ends: Vec<u32>,
}

/// The rows of one table (none for a table the chunk does not have).
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    table: Option<&'a Table>,
    text: &'a str,
}

impl<'a> Rows<'a> {
    pub fn len(self) -> usize {
        self.table.map_or(0, |t| t.ends.len())
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn iter(self) -> RowIter<'a> {
        let (cells, ends) = self.table.map_or((&[][..], &[][..]), |t| (t.cells.as_slice(), t.ends.as_slice()));
        RowIter { cells, ends: ends.iter(), start: 0, text: self.text }
    }
}

impl<'a> IntoIterator for Rows<'a> {
    type Item = Row<'a>;
    type IntoIter = RowIter<'a>;
    fn into_iter(self) -> RowIter<'a> {
        self.iter()
    }
}

#[derive(Debug, Clone)]
pub struct RowIter<'a> {
    cells: &'a [Stored],
    ends: std::slice::Iter<'a, u32>,
    start: usize,
    text: &'a str,
}

impl<'a> Iterator for RowIter<'a> {
    type Item = Row<'a>;

    fn next(&mut self) -> Option<Row<'a>> {
        let end = *self.ends.next()? as usize;
        let cells = self.cells.get(self.start..end).unwrap_or_default();
        self.start = end;
        Some(Row { cells, text: self.text })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl ExactSizeIterator for RowIter<'_> {}

/// Named tables of rows (`entities`, `values`, …).
#[derive(Debug, Clone, Default)]
pub struct Tables {
    text: String,
    tables: BTreeMap<String, Table>,
}

/// Appends rows to one table of a `Tables`: cells one by one, then `end_row`.
pub struct TableWriter<'t> {
    text: &'t mut String,
    table: &'t mut Table,
}

fn offset(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "a chunk over 4 GiB of text or 4 billion cells; read smaller chunks".to_owned())
}

impl TableWriter<'_> {
    pub fn cell(&mut self, cell: Cell<'_>) -> Result<(), String> {
        let mut text = |s: &str| -> Result<(u32, u32), String> {
            let start = offset(self.text.len())?;
            self.text.push_str(s);
            Ok((start, offset(s.len())?))
        };
        let stored = match cell {
            Cell::Null => Stored::Null,
            Cell::Int(i) => Stored::Int(i),
            Cell::Float(f) => Stored::Float(f),
            Cell::Str(s) => text(s).map(|(start, len)| Stored::Str(start, len))?,
            Cell::Invalid(s) => text(s).map(|(start, len)| Stored::Invalid(start, len))?,
        };
        self.table.cells.push(stored);
        Ok(())
    }

    pub fn end_row(&mut self) -> Result<(), String> {
        self.table.ends.push(offset(self.table.cells.len())?);
        Ok(())
    }

    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = Cell<'c>>) -> Result<(), String> {
        cells.into_iter().try_for_each(|c| self.cell(c))?;
        self.end_row()
    }
}

impl Tables {
    pub fn get(&self, name: &str) -> Rows<'_> {
        Rows { table: self.tables.get(name), text: &self.text }
    }

    /// A new, empty table `name` to write `rows` rows of `cells` cells into; it replaces one of that
    /// name (tests do; the texts of the one replaced stay in the chunk's text, unused).
    pub fn table(&mut self, name: &str, rows: usize, cells: usize) -> TableWriter<'_> {
        let table = self.tables.entry(name.to_owned()).or_default();
        *table = Table { cells: Vec::with_capacity(cells), ends: Vec::with_capacity(rows) };
        TableWriter { text: &mut self.text, table }
    }

    /// Refuses table names the mapping does not know (a typo would silently drop data).
    pub fn check_names(&self, known: &[&str]) -> Result<(), String> {
        match self.tables.keys().find(|k| !known.contains(&k.as_str())) {
            Some(unknown) => Err(format!("unknown table {unknown:?}; expected {}", known.join(", "))),
            None => Ok(()),
        }
    }

    /// From JSON (`{"name": [[...], ...]}`): fixtures and tests.
    pub fn from_json(value: &serde_json::Value) -> Result<Tables, String> {
        Tables::from_json_edited(value, |_, _| {})
    }

    /// From JSON, each row passed to `edit` (with its table's name) before it is stored: tests that
    /// need cells JSON cannot express (`Cell::Invalid`).
    pub fn from_json_edited(value: &serde_json::Value, mut edit: impl for<'c> FnMut(&str, &mut Vec<Cell<'c>>)) -> Result<Tables, String> {
        let mut tables = Tables::default();
        for (name, rows) in value.as_object().into_iter().flatten() {
            let mut writer = tables.table(name, 0, 0);
            for row in rows.as_array().into_iter().flatten() {
                let values = row.as_array().map_or(&[][..], Vec::as_slice);
                let nested: Vec<String> = values.iter().map(|v| if v.is_array() || v.is_object() { v.to_string() } else { String::new() }).collect();
                let mut cells: Vec<Cell<'_>> = values.iter().zip(&nested).map(|(v, text)| Cell::from_json(v, text)).collect();
                edit(name, &mut cells);
                writer.row(cells)?;
            }
        }
        Ok(tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_own_widths_and_texts() {
        let mut tables = Tables::default();
        let mut w = tables.table("values", 3, 6);
        w.row([Cell::Int(1), Cell::Str("Größe"), Cell::Null]).unwrap();
        w.row([]).unwrap();
        w.row([Cell::Float(2.5), Cell::Invalid("Caf\u{fffd}"), Cell::Str(""), Cell::Str("x")]).unwrap();
        let rows: Vec<Row<'_>> = tables.get("values").iter().collect();
        assert_eq!(tables.get("values").len(), 3);
        assert_eq!((rows[0].at(0), rows[0].at(1), rows[0].at(2), rows[0].at(3)), (Cell::Int(1), Cell::Str("Größe"), Cell::Null, Cell::Null));
        assert_eq!(rows[1].at(0), Cell::Null);
        assert_eq!([rows[2].at(0), rows[2].at(1), rows[2].at(2), rows[2].at(3)], [Cell::Float(2.5), Cell::Invalid("Caf\u{fffd}"), Cell::Str(""), Cell::Str("x")]);
        assert!(tables.get("nope").is_empty());
    }

    #[test]
    fn a_table_written_again_replaces_the_first() {
        let mut tables = Tables::default();
        tables.table("entities", 1, 1).row([Cell::Str("old")]).unwrap();
        tables.table("entities", 1, 1).row([Cell::Str("new")]).unwrap();
        let texts: Vec<Cell<'_>> = tables.get("entities").iter().map(|r| r.at(0)).collect();
        assert_eq!(texts, [Cell::Str("new")]);
    }

    #[test]
    fn json_rows_become_cells_with_nested_values_as_their_json() {
        let tables = Tables::from_json(&serde_json::json!({"t": [[1, 1.5, true, null, "a", [1, 2], {"k": "v"}]]})).unwrap();
        let row = tables.get("t").iter().next().unwrap();
        let cells: Vec<Cell<'_>> = (0..7).map(|i| row.at(i)).collect();
        assert_eq!(cells, [Cell::Int(1), Cell::Float(1.5), Cell::Int(1), Cell::Null, Cell::Str("a"), Cell::Str("[1,2]"), Cell::Str(r#"{"k":"v"}"#)]);
    }

    #[test]
    fn accessors_read_numbers_from_text_and_name_what_is_wrong() {
        assert_eq!(Cell::Str(" 42 ").int(), Ok(42));
        assert_eq!(Cell::Float(3.0).int(), Ok(3));
        assert_eq!(Cell::Str("4x").int(), Err(Bad::NotNumber("4x".into())));
        assert_eq!(Cell::Null.text(), Err(Bad::Missing));
        assert_eq!(Cell::Invalid("Caf\u{fffd}").text(), Err(Bad::NotUtf8("Caf\u{fffd}".into())));
        assert_eq!(Cell::Int(7).text(), Ok("7".into()));
        assert!(!Cell::Str("0").flag() && Cell::Int(1).flag());
    }
}
