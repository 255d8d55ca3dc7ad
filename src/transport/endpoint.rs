//! The ingestion endpoints the connector writes to (contract §1.2), named as PHP passes them:
//! `products`, `products.delete`, `prices`, … (`<feed>` for create-or-replace, `<feed>.delete`).

use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Products,
    ProductsDelete,
    ProductMetadata,
    ProductMetadataDelete,
    CategoryMetadata,
    CategoryMetadataDelete,
    Categories,
    CategoriesDelete,
    PriceBooks,
    PriceBooksDelete,
    Prices,
    PricesDelete,
    Layers,
    LayersDelete,
}

/// Which per-minute item budget of the host's shared budget a request counts against (ACO: products
/// and prices are metered; every request counts against the requests budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Products,
    Prices,
    Other,
}

impl Family {
    /// As the shared budget (PHP) names it.
    pub fn name(self) -> &'static str {
        match self {
            Family::Products => "products",
            Family::Prices => "prices",
            Family::Other => "other",
        }
    }
}

impl Endpoint {
    pub const ALL: [Endpoint; 14] = [
        Endpoint::Products,
        Endpoint::ProductsDelete,
        Endpoint::ProductMetadata,
        Endpoint::ProductMetadataDelete,
        Endpoint::CategoryMetadata,
        Endpoint::CategoryMetadataDelete,
        Endpoint::Categories,
        Endpoint::CategoriesDelete,
        Endpoint::PriceBooks,
        Endpoint::PriceBooksDelete,
        Endpoint::Prices,
        Endpoint::PricesDelete,
        Endpoint::Layers,
        Endpoint::LayersDelete,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Products => "products",
            Endpoint::ProductsDelete => "products.delete",
            Endpoint::ProductMetadata => "productMetadata",
            Endpoint::ProductMetadataDelete => "productMetadata.delete",
            Endpoint::CategoryMetadata => "categoryMetadata",
            Endpoint::CategoryMetadataDelete => "categoryMetadata.delete",
            Endpoint::Categories => "categories",
            Endpoint::CategoriesDelete => "categories.delete",
            Endpoint::PriceBooks => "priceBooks",
            Endpoint::PriceBooksDelete => "priceBooks.delete",
            Endpoint::Prices => "prices",
            Endpoint::PricesDelete => "prices.delete",
            Endpoint::Layers => "layers",
            Endpoint::LayersDelete => "layers.delete",
        }
    }

    pub fn parse(name: &str) -> Result<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.name() == name).ok_or_else(|| {
            let known: Vec<&str> = Endpoint::ALL.iter().map(|e| e.name()).collect();
            Error::invalid("endpoint", format!("{name:?} is not one of {}", known.join(", ")))
        })
    }

    /// Path under `{base}/{tenantId}`. Every write is a POST (create-or-replace or delete).
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Products => "/v1/catalog/products",
            Endpoint::ProductsDelete => "/v1/catalog/products/delete",
            Endpoint::ProductMetadata => "/v1/catalog/products/metadata",
            Endpoint::ProductMetadataDelete => "/v1/catalog/products/metadata/delete",
            Endpoint::CategoryMetadata => "/v1/catalog/categories/metadata",
            Endpoint::CategoryMetadataDelete => "/v1/catalog/categories/metadata/delete",
            Endpoint::Categories => "/v1/catalog/categories",
            Endpoint::CategoriesDelete => "/v1/catalog/categories/delete",
            Endpoint::PriceBooks => "/v1/catalog/price-books",
            Endpoint::PriceBooksDelete => "/v1/catalog/price-books/delete",
            Endpoint::Prices => "/v1/catalog/products/prices",
            Endpoint::PricesDelete => "/v1/catalog/products/prices/delete",
            Endpoint::Layers => "/v1/catalog/products/layers",
            Endpoint::LayersDelete => "/v1/catalog/products/layers/delete",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Endpoint::Products | Endpoint::ProductsDelete | Endpoint::Layers | Endpoint::LayersDelete => Family::Products,
            Endpoint::Prices | Endpoint::PricesDelete => Family::Prices,
            _ => Family::Other,
        }
    }

    /// Items per request by default: Adobe's own connector sends 100 catalog items and 500 price items.
    pub fn default_batch_items(self) -> usize {
        match self {
            Endpoint::Prices | Endpoint::PricesDelete | Endpoint::PriceBooks | Endpoint::PriceBooksDelete => 500,
            _ => 100,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for e in Endpoint::ALL {
            assert_eq!(Endpoint::parse(e.name()), Ok(e));
            assert!(e.path().starts_with("/v1/catalog/"));
        }
        let err = Endpoint::parse("widgets").unwrap_err().to_string();
        assert!(err.starts_with("invalid endpoint: \"widgets\" is not one of products,"), "{err}");
    }
}
