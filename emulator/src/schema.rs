//! The contract's payload types (shared/aco-ingestion-api.md §3) as data: which fields each item may
//! have, which are required, and their types and ranges. `validate.rs` walks items against these.
//! Fields not listed are rejected (strict: the contract does not say unknown fields are ignored).

/// How a field is required. In an update (PATCH) only `Key` fields of the item itself are required;
/// inside nested objects `Required` stays required.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Req {
    Key,
    Required,
    Optional,
}

#[derive(Clone, Copy, Debug)]
pub enum Num {
    /// ≥ 0 (prices' `regular`, `searchWeight`)
    NonNegative,
    /// integer ≥ 0 (`position`)
    NonNegativeInt,
    /// > 0 (fixed discount amount, tier price, bundle qty)
    Positive,
    /// > 1 (tier qty)
    GreaterThanOne,
    /// 0.01 – 99.99 (percent discounts and tiers)
    Percentage,
}

#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Any string, empty included.
    Str,
    /// A non-blank string.
    Text,
    /// An identifier: non-empty, no leading/trailing whitespace, no control characters.
    Id,
    Bool,
    Number(Num),
    Enum(&'static [&'static str]),
    List(&'static Ty),
    Object(&'static [Field]),
    /// Category slug: `/`-separated segments of lowercase letters, digits and hyphens.
    Slug,
    /// ISO 4217 currency code: three upper-case letters.
    Currency,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub req: Req,
}

const fn f(name: &'static str, ty: Ty, req: Req) -> Field {
    Field { name, ty, req }
}
use Req::{Key, Optional as Opt, Required as Req_};

const STR: Ty = Ty::Str;
const TEXT: Ty = Ty::Text;
const ID: Ty = Ty::Id;
const BOOL: Ty = Ty::Bool;
const STRS: Ty = Ty::List(&STR);
const IDS: Ty = Ty::List(&ID);

pub const PRODUCT_VISIBLE_IN: &[&str] = &["CATALOG", "SEARCH"];
pub const PRODUCT_STATUS: &[&str] = &["ENABLED", "DISABLED"];
pub const IMAGE_ROLES: &[&str] = &["BASE", "SMALL", "THUMBNAIL", "SWATCH"];
pub const CATEGORY_IMAGE_ROLES: &[&str] = &["BASE", "THUMBNAIL"];
pub const CONFIGURATION_TYPES: &[&str] = &["CONFIGURABLE", "SWATCH"];
pub const DATA_TYPES: &[&str] = &["TEXT", "DECIMAL", "INTEGER", "BOOLEAN"];
pub const METADATA_VISIBLE_IN: &[&str] = &["PRODUCT_DETAIL", "PRODUCT_LISTING", "SEARCH_RESULTS", "PRODUCT_COMPARE"];
pub const SEARCH_TYPES: &[&str] = &["AUTOCOMPLETE", "CONTAINS", "STARTS_WITH"];

pub const SOURCE: &[Field] = &[f("locale", ID, Req_)];
pub const LAYER_SOURCE: &[Field] = &[f("locale", ID, Opt), f("layer", ID, Req_)];
pub const META_TAGS: &[Field] = &[f("title", STR, Opt), f("keywords", STRS, Opt), f("description", STR, Opt)];
pub const PRODUCT_ATTRIBUTE: &[Field] =
    &[f("code", ID, Req_), f("values", STRS, Req_), f("variantReferenceId", ID, Opt)];
const ROLES: Ty = Ty::List(&Ty::Enum(IMAGE_ROLES));
pub const IMAGE: &[Field] =
    &[f("url", ID, Req_), f("label", STR, Opt), f("roles", ROLES, Opt), f("customRoles", IDS, Opt)];
const CATEGORY_ROLES: Ty = Ty::List(&Ty::Enum(CATEGORY_IMAGE_ROLES));
pub const CATEGORY_IMAGE: &[Field] =
    &[f("url", ID, Req_), f("label", STR, Opt), f("roles", CATEGORY_ROLES, Opt), f("customRoles", IDS, Opt)];
pub const LINK: &[Field] = &[f("type", ID, Req_), f("sku", ID, Req_)];
pub const ROUTE: &[Field] = &[f("path", ID, Req_), f("position", Ty::Number(Num::NonNegativeInt), Opt)];
pub const OPTION_VALUE: &[Field] = &[
    f("variantReferenceId", ID, Req_),
    f("label", STR, Opt),
    f("colorHex", STR, Opt),
    f("imageUrl", STR, Opt),
];
pub const CONFIGURATION: &[Field] = &[
    f("attributeCode", ID, Req_),
    f("label", STR, Opt),
    f("defaultVariantReferenceId", ID, Opt),
    f("type", Ty::Enum(CONFIGURATION_TYPES), Req_),
    f("values", Ty::List(&Ty::Object(OPTION_VALUE)), Req_),
];
pub const BUNDLE_ITEM: &[Field] =
    &[f("sku", ID, Req_), f("qty", Ty::Number(Num::Positive), Opt), f("userDefinedQty", BOOL, Opt)];
pub const BUNDLE: &[Field] = &[
    f("group", ID, Req_),
    f("required", BOOL, Opt),
    f("multiSelect", BOOL, Opt),
    f("defaultItemSkus", IDS, Opt),
    f("items", Ty::List(&Ty::Object(BUNDLE_ITEM)), Req_),
];
pub const EXTERNAL_ID: &[Field] = &[f("id", ID, Req_), f("origin", ID, Req_)];

const ATTRIBUTES: Ty = Ty::List(&Ty::Object(PRODUCT_ATTRIBUTE));
const IMAGES: Ty = Ty::List(&Ty::Object(IMAGE));
const LINKS: Ty = Ty::List(&Ty::Object(LINK));
const EXTERNAL_IDS: Ty = Ty::List(&Ty::Object(EXTERNAL_ID));

pub const PRODUCT: &[Field] = &[
    f("sku", ID, Key),
    f("source", Ty::Object(SOURCE), Key),
    f("name", TEXT, Req_),
    f("slug", ID, Req_),
    f("description", STR, Opt),
    f("shortDescription", STR, Opt),
    f("status", Ty::Enum(PRODUCT_STATUS), Req_),
    f("visibleIn", Ty::List(&Ty::Enum(PRODUCT_VISIBLE_IN)), Opt),
    f("metaTags", Ty::Object(META_TAGS), Opt),
    f("attributes", ATTRIBUTES, Opt),
    f("images", IMAGES, Opt),
    f("links", LINKS, Opt),
    f("routes", Ty::List(&Ty::Object(ROUTE)), Opt),
    f("configurations", Ty::List(&Ty::Object(CONFIGURATION)), Opt),
    f("bundles", Ty::List(&Ty::Object(BUNDLE)), Opt),
    f("externalIds", EXTERNAL_IDS, Opt),
];
pub const PRODUCT_DELETE: &[Field] = &[f("sku", ID, Key), f("source", Ty::Object(SOURCE), Key)];

pub const PRODUCT_METADATA: &[Field] = &[
    f("code", ID, Key),
    f("source", Ty::Object(SOURCE), Key),
    f("visibleIn", Ty::List(&Ty::Enum(METADATA_VISIBLE_IN)), Opt),
    f("label", TEXT, Req_),
    f("dataType", Ty::Enum(DATA_TYPES), Req_),
    f("filterable", BOOL, Opt),
    f("sortable", BOOL, Opt),
    f("searchable", BOOL, Opt),
    f("searchWeight", Ty::Number(Num::NonNegative), Opt),
    f("searchTypes", Ty::List(&Ty::Enum(SEARCH_TYPES)), Opt),
];
pub const METADATA_DELETE: &[Field] = &[f("code", ID, Key), f("source", Ty::Object(SOURCE), Key)];
pub const CATEGORY_METADATA: &[Field] = &[
    f("code", ID, Key),
    f("source", Ty::Object(SOURCE), Key),
    f("label", TEXT, Req_),
    f("dataType", Ty::Enum(DATA_TYPES), Req_),
];

pub const CATEGORY_ATTRIBUTE: &[Field] = &[f("code", ID, Req_), f("values", STRS, Req_)];
pub const CATEGORY: &[Field] = &[
    f("slug", Ty::Slug, Key),
    f("source", Ty::Object(SOURCE), Key),
    f("name", TEXT, Req_),
    f("description", STR, Opt),
    f("families", IDS, Opt),
    f("position", Ty::Number(Num::NonNegativeInt), Opt),
    f("metaTags", Ty::Object(META_TAGS), Opt),
    f("attributes", Ty::List(&Ty::Object(CATEGORY_ATTRIBUTE)), Opt),
    f("images", Ty::List(&Ty::Object(CATEGORY_IMAGE)), Opt),
];
pub const CATEGORY_DELETE: &[Field] = &[f("slug", Ty::Slug, Key), f("source", Ty::Object(SOURCE), Key)];

/// `PriceBookBase | PriceBookChild`: exactly one of `currency` / `parentId` (checked in validate.rs).
pub const PRICE_BOOK: &[Field] = &[
    f("priceBookId", ID, Key),
    f("name", TEXT, Req_),
    f("currency", Ty::Currency, Opt),
    f("parentId", ID, Opt),
];
pub const PRICE_BOOK_DELETE: &[Field] = &[f("priceBookId", ID, Key)];

/// `DiscountsFinalPrice | DiscountsPercentage`: exactly one of `price` / `percentage`.
pub const DISCOUNT: &[Field] = &[
    f("code", ID, Req_),
    f("price", Ty::Number(Num::Positive), Opt),
    f("percentage", Ty::Number(Num::Percentage), Opt),
];
/// `TierFinalPrice | TierPercentage`: exactly one of `price` / `percentage`.
pub const TIER: &[Field] = &[
    f("qty", Ty::Number(Num::GreaterThanOne), Req_),
    f("price", Ty::Number(Num::Positive), Opt),
    f("percentage", Ty::Number(Num::Percentage), Opt),
];
pub const PRICE: &[Field] = &[
    f("sku", ID, Key),
    f("priceBookId", ID, Key),
    f("regular", Ty::Number(Num::NonNegative), Req_),
    f("discounts", Ty::List(&Ty::Object(DISCOUNT)), Opt),
    f("tierPrices", Ty::List(&Ty::Object(TIER)), Opt),
];
pub const PRICE_DELETE: &[Field] = &[f("sku", ID, Key), f("priceBookId", ID, Key)];

pub const LAYER: &[Field] = &[
    f("sku", ID, Key),
    f("source", Ty::Object(LAYER_SOURCE), Key),
    f("name", TEXT, Opt),
    f("description", STR, Opt),
    f("shortDescription", STR, Opt),
    f("metaTags", Ty::Object(META_TAGS), Opt),
    f("attributes", ATTRIBUTES, Opt),
    f("images", IMAGES, Opt),
    f("links", LINKS, Opt),
    f("externalIds", EXTERNAL_IDS, Opt),
];
pub const LAYER_DELETE: &[Field] = &[f("sku", ID, Key), f("source", Ty::Object(LAYER_SOURCE), Key)];
