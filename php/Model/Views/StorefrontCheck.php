<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\WebsiteDates;
use Aco\Connector\Model\Catalog\ProductReader;

/**
 * What one store view's catalog view serves through ACO's Merchandising API, compared with what the
 * store shows: each product as the connector maps it for that store view (enabled, its website, its
 * name in the store view, docs/mapping.md) and, for products with prices, the final price in every
 * price book the view allows. A customer group's final price is what the store's pages show that group:
 * Magento's price index where it has the product, else (and in the website's base book) the mapped
 * price, regular minus the largest discount. Read-only: 100 SKUs per request, paced by the client's
 * request budget.
 */
class StorefrontCheck
{
    private const QUERY = 'query($skus: [String]) { products(skus: $skus) { sku name attributes { name value }
        ... on SimpleProductView { price { final { amount { value } } } }
        ... on ComplexProductView { priceRange { minimum { final { amount { value } } } } } } }';
    private const EXAMPLES = 5;

    private GraphqlApi $storefront;
    private \Aco\Native\Catalog $catalog;
    private ProductReader $products;
    private PriceReader $prices;
    private CatalogSchema $schema;

    public function __construct(\Aco\Native\Client $client, \Aco\Native\Catalog $catalog, CatalogSchema $schema, WebsiteDates $dates)
    {
        $this->storefront = new GraphqlApi($client, 'storefront');
        $this->catalog = $catalog;
        $this->schema = $schema;
        $this->products = new ProductReader($schema);
        $this->prices = new PriceReader($schema, $dates);
    }

    /**
     * @param array{storeView: string, website: string, source: string, priceBooks: list<string>} $view a ViewsPlan view
     * @param int|null $limit products to check (null: all)
     * @param list<int>|null $entityIds only these products (aco:explain), null: the catalog
     * @return array{checked: int, drift: array<string, int>, examples: list<string>}
     */
    public function check(array $view, string $viewId, ?int $limit, ?array $entityIds = null): array
    {
        $report = ['checked' => 0, 'drift' => [], 'examples' => []];
        foreach ($this->products->chunks(100, $entityIds) as $chunk) {
            $expected = $this->expected($this->catalog->products($chunk), $view['storeView']);
            if ($limit !== null) {
                $expected = array_slice($expected, 0, max(0, $limit - $report['checked']), true);
            }
            if ($expected === []) {
                if ($limit !== null && $report['checked'] >= $limit) {
                    break;
                }
                continue;
            }
            $report['checked'] += count($expected);
            $prices = $this->storePrices($this->expectedPrices(array_column($expected, 'id'), $view['priceBooks'], $view['website']),
                array_combine(array_column($expected, 'id'), array_map('strval', array_keys($expected))),
                array_keys(array_filter(array_column($expected, 'configurable', 'id'))), $view['website']);
            foreach ($view['priceBooks'] as $book) {
                $served = $this->served($viewId, $view['source'], $book, array_keys($expected));
                foreach ($expected as $sku => $product) {
                    $this->compare($report, (string) $sku, $product, $served[$sku] ?? null, $book, $prices[$book][$sku] ?? null, $view['website']);
                }
            }
        }
        return $report;
    }

    /** @return array<string, array{id: int, enabled: bool, name: string, configurable: bool}> the store view's products by SKU */
    private function expected(\Aco\Native\Batch $batch, string $storeView): array
    {
        $out = [];
        foreach ($batch->rows() as $row) {
            if ($row['scope'] === $storeView && $row['error'] === null) {
                $payload = json_decode((string) $batch->payload($row['feedId']), true);
                $out[$row['key']] = ['id' => $row['entityId'], 'enabled' => $payload['status'] === 'ENABLED', 'name' => $payload['name'],
                    'configurable' => ($payload['configurations'] ?? []) !== []];
            }
        }
        return $out;
    }

    /**
     * Final prices as the store computes them, by book and SKU. A customer group's book holds a record
     * only where the group pays otherwise than in the website's base book (docs/mapping.md); elsewhere
     * ACO's lookup falls back to the base book, so that is the price expected there (and Magento's
     * index, where it has the product, overrides it: `storePrices`).
     *
     * @param list<int> $ids
     * @param list<string> $books
     * @return array<string, array<string, float>>
     */
    private function expectedPrices(array $ids, array $books, string $website): array
    {
        $out = [];
        foreach ($this->prices->chunks(2000, $ids) as $chunk) {
            $batch = $this->catalog->prices($chunk);
            foreach ($batch->rows() as $row) {
                if ($row['error'] === null && in_array($row['scope'], $books, true)) {
                    $price = json_decode((string) $batch->payload($row['feedId']), true);
                    $off = max([0, ...array_map(static fn (array $d): float => (float) ($d['price'] ?? $price['regular'] * ($d['percentage'] ?? 0) / 100), $price['discounts'] ?? [])]);
                    $out[$row['scope']][$price['sku']] = round((float) $price['regular'] - $off, 4);
                }
            }
        }
        foreach ($books as $book) {
            $out[$book] = ($out[$book] ?? []) + ($out[$website] ?? []);
        }
        return $out;
    }

    /**
     * $mapped with each customer group's price replaced by the one the store's pages show that group:
     * Magento's price index (`catalog_product_index_price.min_price`, per website and group the lowest
     * of price, special price, catalog rule and qty-1 tier, as its storefront reads it), for the products
     * Magento has indexed. Parents have no price record in ACO: only a configurable's is added, its
     * lowest variant price, which ACO serves as its price range's minimum (a bundle's and a grouped
     * product's are Magento's own sums).
     *
     * @param array<string, array<string, float>> $mapped book => SKU => final price
     * @param array<int, string> $skus entity id => SKU
     * @param list<int> $configurables entity ids of configurable products
     * @return array<string, array<string, float>>
     */
    private function storePrices(array $mapped, array $skus, array $configurables, string $website): array
    {
        if ($skus === [] || !$this->schema->db()->hasTable('catalog_product_index_price')) {
            return $mapped;
        }
        $rows = $this->schema->rows('SELECT i.entity_id, i.customer_group_id, i.min_price FROM {catalog_product_index_price} i
            JOIN {store_website} w ON w.website_id = i.website_id AND w.code = ? WHERE i.min_price IS NOT NULL AND i.entity_id IN '
            . CatalogSchema::intList(array_keys($skus)), [$website]);
        foreach ($rows as [$id, $group, $price]) {
            $book = ViewsPlan::groupBook($website, (int) $group);
            if (isset($mapped[$book][$skus[(int) $id]]) || in_array((int) $id, $configurables, true)) {
                $mapped[$book][$skus[(int) $id]] = round((float) $price, 4);
            }
        }
        return $mapped;
    }

    /**
     * @param list<string> $skus at most 100
     * @return array<string, array<string, mixed>> what the view serves, by SKU
     */
    private function served(string $viewId, string $source, string $book, array $skus): array
    {
        try {
            $data = $this->storefront->run(self::QUERY, ['skus' => array_map('strval', $skus)],
                ['AC-View-ID' => $viewId, 'AC-Source-Locale' => $source, 'AC-Price-Book-ID' => $book]);
        } catch (ApiRefused $e) {
            throw new \RuntimeException("the storefront API refused the check of view $viewId ({$e->getMessage()})", 0, $e);
        }
        return array_column($data['products'] ?? [], null, 'sku');
    }

    private function compare(array &$report, string $sku, array $expected, ?array $served, string $book, ?float $price, string $website): void
    {
        $drift = static function (string $kind, string $example) use (&$report): void {
            $report['drift'][$kind] = ($report['drift'][$kind] ?? 0) + 1;
            if (count($report['examples']) < self::EXAMPLES) {
                $report['examples'][] = "$kind: $example";
            }
        };
        if ($served === null) {
            if ($expected['enabled']) {
                $drift('missing', "$sku is on sale in the store but not served (price book $book)");
            }
            return;
        }
        if (!$expected['enabled']) {
            $drift('unexpected', "$sku is disabled in the store but served (price book $book)");
            return;
        }
        if ($served['name'] !== $expected['name']) {
            $drift('name', "$sku is named " . json_encode($served['name']) . ' in ACO, ' . json_encode($expected['name']) . ' in the store');
        }
        $websites = array_column($served['attributes'] ?? [], 'value', 'name')['magento-website-codes'] ?? [];
        if (!in_array($website, (array) $websites, true)) {
            $drift('website', "$sku is served without website $website in magento-website-codes");
        }
        $final = $served['price']['final']['amount']['value'] ?? $served['priceRange']['minimum']['final']['amount']['value'] ?? null;
        if ($price !== null && ($final === null || abs((float) $final - $price) > 0.00005)) {
            $drift('price', "$sku costs " . ($final ?? 'nothing') . " in price book $book in ACO, $price in the store");
        }
    }
}
