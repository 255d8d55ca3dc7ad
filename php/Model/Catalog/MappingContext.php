<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

use Aco\Connector\Model\Store\StoreSettings;

/**
 * Gathers what the extension's Catalog needs about the store (scopes, attributes, categories) from
 * the readers, in the table-of-rows shape it takes, plus the run settings (the date a special price is
 * evaluated on is each website's own, in PriceReader's chunks) and what the run should
 * warn about (tables of modules the store lacks; attributes whose option labels cannot be read: their
 * values are sent as stored).
 */
class MappingContext
{
    private CatalogSchema $schema;
    private StoreReader $stores;
    private AttributeReader $attributes;
    private CategoryReader $categories;

    public function __construct(CatalogSchema $schema, StoreSettings $settings)
    {
        $this->schema = $schema;
        $this->stores = new StoreReader($schema, $settings);
        $this->attributes = new AttributeReader($schema);
        $this->categories = new CategoryReader($schema);
    }

    /**
     * @param string $mediaBaseUrl the store's media URL, e.g. https://shop.example.com/media
     * @return array{context: array<string, list<list<mixed>>>, settings: array<string, int|string>,
     *   warnings: list<array{level: string, target: string, message: string}>} warnings as LogRouter lines
     */
    public function build(string $mediaBaseUrl): array
    {
        $store = $this->stores->read();
        $attributes = $this->attributes->read(array_column($store['stores'], 'locale', 'id'));
        $categories = $this->categories->read();
        $media = rtrim($mediaBaseUrl, '/');
        return [
            'context' => [
                'websites' => array_map(static fn (array $w): array => [$w['id'], $w['code'], $w['name'], $w['currency'], $w['enabled'], $w['rate']], $store['websites']),
                'stores' => array_map(static fn (array $s): array => [$s['id'], $s['code'], $s['name'], $s['websiteId'], $s['locale'], $s['active'], $s['enabled'], $s['groupCode']], $store['stores']),
                'groups' => array_map(static fn (array $g): array => [$g['id'], $g['code']], $store['groups']),
                'attributes' => $attributes['attributes'],
                'labels' => $attributes['labels'],
                'options' => $attributes['options'],
                'swatches' => $attributes['swatches'],
                'categories' => $categories['categories'],
                'categoryValues' => $categories['values'],
            ],
            'settings' => [
                'media_url' => "$media/catalog/product",
                'category_media_url' => "$media/catalog/category",
                'low_stock_threshold' => $store['lowStockThreshold'],
                'price_scope' => $store['priceScope'],
            ],
            'warnings' => array_merge($this->schema->missingTableWarnings(), $this->schema->orphanLinkWarnings(), array_map(static fn (string $code, string $source): array => ['level' => 'warning',
                'target' => 'aco.catalog', 'message' => "attribute $code: its options come from source model $source, which the connector cannot read; its values are sent as stored"],
                array_keys($attributes['unresolved']), $attributes['unresolved'])),
        ];
    }
}
