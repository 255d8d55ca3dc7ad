<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Catalog;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\ScopeChanges;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\SampleDatabase;
use PHPUnit\Framework\TestCase;

/**
 * The store's "Only X left Threshold" (cataloginventory/options/stock_threshold_qty, default scope) is
 * what the production wiring (Services::catalog) maps `lowStock` with: a product in stock with a
 * quantity at or under it is low stock in its aco_ac_attributes facts; 0 (Magento's default) is off.
 * No row of a product changes with it: the sync cycle's scope check sends the products anew.
 */
final class LowStockThresholdTest extends TestCase
{
    public function test_a_product_at_or_under_the_stores_threshold_is_low_stock(): void
    {
        $schema = SampleDatabase::generate(20);
        $pdo = $schema->db()->pdo();
        $pdo->exec('UPDATE cataloginventory_stock_item SET qty = 3, is_in_stock = 1 WHERE product_id = 17');
        $pdo->exec('UPDATE cataloginventory_stock_item SET qty = 8, is_in_stock = 1 WHERE product_id = 18');
        $setThreshold = static function (string $value) use ($pdo): void {
            $pdo->exec("DELETE FROM core_config_data WHERE path = 'cataloginventory/options/stock_threshold_qty'");
            $pdo->prepare("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'cataloginventory/options/stock_threshold_qty', ?),
                ('websites', 1, 'cataloginventory/options/stock_threshold_qty', '100')")->execute([$value]);
        };

        $setThreshold('5');
        self::assertSame([17 => true, 18 => false], $this->lowStock($schema));
        $setThreshold('8.5');
        self::assertSame([17 => true, 18 => true], $this->lowStock($schema), 'a fraction: quantities up to its whole part');
        $setThreshold('0');
        self::assertSame([17 => false, 18 => false], $this->lowStock($schema), "0, Magento's default, is off");
    }

    public function test_a_threshold_change_asks_for_a_full_products_sync(): void
    {
        $db = SampleDatabase::generate(5)->db();
        (new SchemaInstaller($db))->install();
        // what earlier tests of this database left: no scope fingerprint, no full sync asked for
        $db->exec('DELETE FROM {aco_state}');
        $db->exec('DELETE FROM {aco_full_sync}');
        $queue = new FullSyncQueue($db);
        $scopes = new ScopeChanges($db);
        $scopes->check($queue);
        self::assertSame([], $queue->requested(), 'the first check has nothing to compare with');
        $db->exec("UPDATE {core_config_data} SET value = '2' WHERE path = 'cataloginventory/options/stock_threshold_qty'");
        $scopes->check($queue);
        self::assertContains(Feed::PRODUCTS, $queue->requested());
    }

    /** @return array<int, bool> product id => lowStock of its default store view payload, as production maps it */
    private function lowStock(CatalogSchema $schema): array
    {
        $catalog = (new Services($schema->db(), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null))->catalog();
        $out = [];
        foreach ((new ProductReader($schema))->chunks(10, [17, 18]) as $chunk) {
            [$ok] = SampleDatabase::decode($catalog->products($chunk));
            foreach ([17, 18] as $id) {
                $payload = $ok[sprintf('SKU-%07d@default', $id)];
                self::assertSame('aco_ac_attributes', $payload['attributes'][0]['code']);
                $out[$id] = json_decode($payload['attributes'][0]['values'][0], true, 512, JSON_THROW_ON_ERROR)['lowStock'];
            }
        }
        ksort($out);
        return $out;
    }
}
