//! The limits ACO's ingestion contract publishes (Adobe's OpenAPI document: `maxLength`, `pattern`,
//! ranges) that the mapping must act on, in one place: it keeps every payload within them. The tests
//! check payloads against the vendored document itself (tests/mapping/contract.rs). Lengths are in
//! characters, as JSON Schema's `maxLength` counts them.

use crate::mapping::money::Money;

/// `priceBookId` and `parentId`: 1–64 characters.
pub const MAX_ID: usize = 64;
/// A category's `name`: 1–128 characters (Magento allows 255).
pub const MAX_CATEGORY_NAME: usize = 128;
/// A category's `slug`: 1–1024 characters.
pub const MAX_SLUG: usize = 1024;
/// Percentages (discounts and tiers): 0.01–99.99.
pub const MIN_PERCENTAGE: Money = Money::hundredths(1);
pub const MAX_PERCENTAGE: Money = Money::hundredths(9999);

/// Whether `slug` is a category slug ACO takes: 1–1024 characters matching
/// `^[a-z0-9-]+(?:\/[a-z0-9-]+)*$`.
pub fn valid_slug(slug: &str) -> bool {
    (1..=MAX_SLUG).contains(&slug.len()) && slug.split('/').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
}

/// `text` cut to `max` characters, when it is longer.
pub fn cut(text: &str, max: usize) -> Option<String> {
    text.char_indices().nth(max).map(|(end, _)| text.get(..end).unwrap_or(text).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_contracts_pattern_and_length() {
        assert!(valid_slug("men/clothing-2"));
        for bad in ["", "Men", "men//pants", "men/", "/men", "hosen-für-herren", "a b", "a_b"] {
            assert!(!valid_slug(bad), "{bad:?}");
        }
        assert!(valid_slug(&"a".repeat(1024)) && !valid_slug(&"a".repeat(1025)));
    }

    #[test]
    fn texts_are_cut_in_characters() {
        assert_eq!(cut("abc", 3), None);
        assert_eq!(cut("äöüß", 2).as_deref(), Some("äö"));
    }
}
