<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Lean;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * A Magento installed without the modules merchants leave out (Swatches, Bundle, ConfigurableProduct,
 * GroupedProduct, CatalogRule, MSI: `setup:install --disable-modules`, so none of their tables exist;
 * scripts/magento-test.sh, profile `lean`): the connector installs, and Magento's cron sends the
 * catalog, a change and a delete, leaving a full sync nothing to send.
 *
 * @group lean
 */
final class WithoutOptionalModulesTest extends TestCase
{
    private const WITHOUT = ['Magento_Swatches', 'Magento_Bundle', 'Magento_ConfigurableProduct', 'Magento_GroupedProduct', 'Magento_CatalogRule',
        'Magento_Inventory', 'Magento_InventoryCatalog', 'Magento_InventorySales'];
    private const TABLES = ['eav_attribute_option_swatch', 'catalog_product_bundle_selection', 'catalog_product_super_link', 'catalogrule_product_price',
        'inventory_source_item'];

    public function test_setup_upgrade_and_the_cron_path_work_without_the_optional_modules(): void
    {
        $modules = (include Magento::root() . '/app/etc/config.php')['modules'];
        self::assertSame([], array_keys(array_filter(array_intersect_key($modules, array_flip(self::WITHOUT)))), 'a store without these modules');
        $pdo = Magento::pdo();
        foreach (self::TABLES as $table) {
            self::assertSame(0, $pdo->query("SHOW TABLES LIKE '" . Magento::table($table) . "'")->rowCount(), "$table exists");
        }
        Magento::mustRun('setup:upgrade', '--keep-generated');

        $made = Magento::fixture('coreCatalog');
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            Magento::acoCron();
            foreach ($made['skus'] as $sku) {
                self::assertNotNull($emulator->product('default', $sku) ?? $emulator->product('german', $sku), "$sku sent");
            }
            self::assertSame('Trail-Shirt', $emulator->product('german', 'aco_tee')['name'] ?? null);
            self::assertGreaterThan(0, $emulator->count('prices'));
            self::assertFullSyncSendsNothing('the first cron run');

            Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['name' => 'Gift Wrap Deluxe', 'price' => 4.25]]);
            Magento::fixture('delete', ['sku' => 'aco_trail_guide']);
            Magento::acoCron();
            self::assertSame('Gift Wrap Deluxe', $emulator->product('german', 'aco_gift_wrap')['name'] ?? null);
            self::assertSame(4.25, (float) ($emulator->price('base', 'aco_gift_wrap')['regular'] ?? 0));
            self::assertNull($emulator->product('default', 'aco_trail_guide'));
            self::assertFullSyncSendsNothing('a change and a delete');
        } finally {
            $emulator->stop();
        }
    }

    private static function assertFullSyncSendsNothing(string $after): void
    {
        $full = Magento::mustRun('aco:sync', '--full');
        self::assertSame(5, preg_match_all('/: \d+ items, \d+ unchanged, \d+ invalid, 0 sent \(0 accepted, 0 failed; 0 of them deletes\)/', $full),
            "after $after, cron left work for a full sync:\n$full");
    }
}
