//! ACO payload types (shared/aco-ingestion-api.md §3), serialized exactly as the API reads them:
//! camelCase names, optional fields absent rather than null, field order fixed, so that the same
//! input always gives byte-identical JSON (the change hash depends on it).

use serde::Serialize;

use crate::mapping::money::Money;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub locale: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct MetaTags {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl MetaTags {
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.keywords.is_empty() && self.description.is_none()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProductAttribute<'a> {
    /// Borrowed from the mapping context: one allocation per attribute of every item fewer.
    pub code: &'a str,
    pub values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_reference_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    #[serde(rename = "type")]
    pub kind: String,
    pub sku: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Route {
    pub path: String,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OptionValue {
    pub variant_reference_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_hex: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Configuration {
    pub attribute_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub values: Vec<OptionValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BundleItem {
    pub sku: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qty: Option<Money>,
    pub user_defined_qty: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    pub group: String,
    pub required: bool,
    pub multi_select: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_item_skus: Vec<String>,
    pub items: Vec<BundleItem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExternalId {
    pub id: String,
    pub origin: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Product<'a> {
    pub sku: &'a str,
    pub source: Source,
    pub name: String,
    pub slug: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    pub status: &'static str,
    pub visible_in: Vec<&'static str>,
    #[serde(skip_serializing_if = "MetaTags::is_empty")]
    pub meta_tags: MetaTags,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<ProductAttribute<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub configurations: Vec<Configuration>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bundles: Vec<Bundle>,
    pub external_ids: Vec<ExternalId>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProductDelete {
    pub sku: String,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProductMetadata {
    pub code: String,
    pub source: Source,
    pub label: String,
    pub data_type: &'static str,
    pub visible_in: Vec<&'static str>,
    pub filterable: bool,
    pub sortable: bool,
    pub searchable: bool,
    pub search_weight: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_types: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MetadataDelete {
    pub code: String,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CategoryImage {
    pub url: String,
    pub roles: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub slug: String,
    pub source: Source,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub position: i64,
    #[serde(skip_serializing_if = "MetaTags::is_empty")]
    pub meta_tags: MetaTags,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<CategoryImage>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CategoryDelete {
    pub slug: String,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PriceBook {
    pub price_book_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PriceBookDelete {
    pub price_book_id: String,
}

/// A discount: `price` is the amount taken off, or a `percentage`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Discount {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Money>,
}

/// A tier: `price` is the final unit price at `qty`, or a `percentage` off.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tier {
    pub qty: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Money>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Price<'a> {
    pub sku: &'a str,
    pub price_book_id: &'a str,
    pub regular: Money,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<Discount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tier_prices: Vec<Tier>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PriceDelete<'a> {
    pub sku: &'a str,
    pub price_book_id: &'a str,
}
