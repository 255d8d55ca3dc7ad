<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * A catalog Magento's own services wrote (Tests/Fixtures/CatalogFixture), synced by bin/magento as a
 * merchant runs it: every product reaches ACO in every store view of its websites, with Magento's
 * source-model attributes rendered, and prices in each website's currency.
 */
final class CatalogSyncTest extends TestCase
{
    private static EmulatorProcess $emulator;
    /** @var array{skus: list<string>, stores: array<string, int>, websites: array<string, int>} */
    private static array $catalog;

    public static function setUpBeforeClass(): void
    {
        self::$catalog = Magento::fixture('catalog');
        // Magento's own indexes the connector reads (catalog rule prices, stock); no search engine here for the rest.
        Magento::mustRun('indexer:reindex', 'catalogrule_rule', 'catalogrule_product', 'catalog_product_price', 'cataloginventory_stock', 'inventory');
        self::$emulator = new EmulatorProcess();
        $init = Magento::connect(self::$emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    /** @return array<string, mixed>|null */
    private static function product(string $storeView, string $sku): ?array
    {
        $found = self::$emulator->call('GET', '/_emulator/product?' . http_build_query(['locale' => $storeView, 'sku' => $sku]));
        return is_array($found) && isset($found['sku']) ? $found : null;
    }

    public function test_a_full_sync_sends_every_product_magento_created_to_every_store_view_of_its_websites(): void
    {
        $sync = Magento::command('aco:sync', '--full');
        self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 0 invalid, \d+ sent \(\d+ accepted, 0 failed;/', $sync['stdout']);
        $missing = [];
        foreach (self::$catalog['skus'] as $sku) {
            $views = $sku === 'aco_trail_guide' ? ['default', 'french'] : ['default', 'french', 'german'];
            foreach ($views as $view) {
                if (self::product($view, $sku) === null) {
                    $missing[] = "$sku@$view";
                }
            }
        }
        self::assertSame([], $missing, "products Magento created that ACO does not have:\n" . $sync['stdout'] . Magento::command('aco:status', '--failed')['stdout']);
        self::assertNull(self::product('german', 'aco_trail_guide'), 'a product outside the website is not in its store views');
    }

    /** @depends test_a_full_sync_sends_every_product_magento_created_to_every_store_view_of_its_websites */
    public function test_store_view_values_and_source_model_attributes_are_magentos(): void
    {
        self::assertSame('Trail-Shirt', self::product('german', 'aco_tee')['name']);
        self::assertSame('T-shirt de trail', self::product('french', 'aco_tee')['name']);
        self::assertSame('Trail Tee', self::product('default', 'aco_tee')['name']);
        $attributes = array_column(self::product('default', 'aco_tee')['attributes'], 'values', 'code');
        self::assertSame(['Taxable Goods'], $attributes['tax_class_id'] ?? null, 'tax class from tax_class, not another attribute\'s option');
        $jacket = self::product('german', 'aco_jacket');
        self::assertSame('Regenjacke', $jacket['name']);
        $values = array_column($jacket['configurations'][0]['values'] ?? [], 'label');
        sort($values);
        self::assertSame(['Blau', 'Rot'], $values, 'the swatch axis with the store view\'s option labels');
    }
}
