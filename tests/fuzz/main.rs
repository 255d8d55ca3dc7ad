//! Property-based fuzzing of what reads untrusted input: the mapping's decoding of reader rows (any
//! table, any cell), the parser of API answers (any status, any body), `Retry-After` and amounts.
//! Nothing may panic; every item must come out mapped or as an error. Cases per target: 1,500 in
//! `make test` (bounded time); `ACO_FUZZ_CASES=200000 cargo test --release --test fuzz` runs longer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

use std::time::{Duration, UNIX_EPOCH};

use aco_connector::mapping::context::{Context, Settings};
use aco_connector::mapping::input::{Cell, Tables};
use aco_connector::mapping::money::Money;
use aco_connector::mapping::{category, metadata, price, price_book, product};
use aco_connector::transport::retry::parse_retry_after;
use aco_connector::transport::wire::{answer, Answer};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("ACO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500)
}

/// A generated cell (`Cell` borrows its text; this owns it until the tables are written).
#[derive(Debug, Clone)]
enum Generated {
    Null,
    Int(i64),
    Float(f64),
    Str(String),
    Invalid(String),
}

impl Generated {
    fn cell(&self) -> Cell<'_> {
        match self {
            Generated::Null => Cell::Null,
            Generated::Int(i) => Cell::Int(*i),
            Generated::Float(f) => Cell::Float(*f),
            Generated::Str(s) => Cell::Str(s),
            Generated::Invalid(s) => Cell::Invalid(s),
        }
    }
}

fn cell() -> impl Strategy<Value = Generated> {
    prop_oneof![
        Just(Generated::Null),
        (-5i64..300).prop_map(Generated::Int),
        any::<i64>().prop_map(Generated::Int),
        any::<f64>().prop_map(Generated::Float),
        "[0-9]{0,4}(\\.[0-9]{0,7})?".prop_map(Generated::Str),
        "(price|special_price|special_from_date|special_to_date|status|name|url_path|is_active|[a-z]{1,6})".prop_map(Generated::Str),
        "\\PC{0,12}".prop_map(Generated::Str),
        "[,0-9 ]{0,10}".prop_map(Generated::Str),
        "\\PC{0,6}".prop_map(Generated::Invalid),
    ]
}

fn rows(max: usize) -> impl Strategy<Value = Vec<Vec<Generated>>> {
    prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..max)
}

fn tables(names: &'static [&'static str]) -> impl Strategy<Value = Tables> {
    prop::collection::vec(rows(12), names.len()).prop_map(move |all| {
        let mut tables = Tables::default();
        for (name, rows) in names.iter().zip(all) {
            let mut writer = tables.table(name, rows.len(), 0);
            for row in &rows {
                writer.row(row.iter().map(Generated::cell)).unwrap();
            }
        }
        tables
    })
}

fn settings() -> Settings {
    Settings { media_url: "https://m/media/catalog/product".into(), category_media_url: "https://m/c".into(), low_stock_threshold: 3, price_scope: 1 }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mapping_never_panics_on_any_rows(ctx in tables(&aco_connector::mapping::context::CONTEXT_TABLES), products in tables(&product::TABLES), prices in tables(&price::TABLES)) {
        // a context may be refused (bad scope rows), never panic
        if let Ok(ctx) = Context::new(&ctx, settings()) {
            let mut prices = prices;
            // every website's local date, as PriceReader always sends them (a chunk without is refused)
            let mut dates = prices.table("dates", ctx.websites.len(), 0);
            for w in &ctx.websites {
                dates.row([Cell::Int(w.id), Cell::Str("2026-01-01")]).unwrap();
            }
            for m in product::map_products(&ctx, &products).unwrap().into_iter()
                .chain(price::map_prices(&ctx, &prices).unwrap())
                .chain(metadata::map_metadata(&ctx))
                .chain(category::map_categories(&ctx))
                .chain(price_book::map_price_books(&ctx)) {
                match &m.result {
                    Ok(p) => prop_assert!(serde_json::from_slice::<serde_json::Value>(&p.body).is_ok()),
                    Err(e) => prop_assert!(!e.field.is_empty() && !e.message.is_empty()),
                }
            }
        }
    }

    #[test]
    fn any_api_answer_is_understood(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..300), json_errors in "\\{\"message\":\"[a-z ]{0,10}\",\"errors\":\\[(\\{\"itemIndex\":[0-9]{1,3},\"code\":\"[a-z]{1,5}\"\\},?){0,3}\\]\\}") {
        for bytes in [body.as_slice(), json_errors.as_bytes()] {
            match answer(status, None, None, bytes) {
                Answer::Accepted { .. } => prop_assert!((200..300).contains(&status)),
                Answer::Refused { status: s, message, .. } => { prop_assert_eq!(s, status); prop_assert!(!message.is_empty()); }
                Answer::Failed { message } => prop_assert!(!message.is_empty()),
            }
        }
    }

    #[test]
    fn retry_after_and_amounts_parse_or_refuse(text in "\\PC{0,40}", digits in "-?[0-9]{0,16}(\\.[0-9]{0,8})?") {
        let _ = parse_retry_after(&text, UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        if let Ok(m) = Money::parse(&digits) {
            // exact round trip: what is parsed is what is written
            prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        }
    }
}
