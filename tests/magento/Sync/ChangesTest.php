<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Catalog changes made through Magento's own services, captured by the connector's triggers and sent
 * by its lanes' cron groups run by Magento's cron: after each, ACO holds what the change made, and a
 * full sync afterwards has nothing left to send.
 */
final class ChangesTest extends TestCase
{
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    public function test_the_first_cron_run_after_init_sent_the_catalog(): void
    {
        self::assertSame('Trail Tee', self::$emulator->product('default', 'aco_tee')['name'] ?? null);
        Magento::assertCronConverged('aco:config:init');
    }

    public function test_a_rename_at_the_admin_scope(): void
    {
        Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['name' => 'Gift Wrap Deluxe']]);
        Magento::assertCronConverged('a rename');
        self::assertSame('Gift Wrap Deluxe', self::$emulator->product('german', 'aco_gift_wrap')['name'] ?? null);
    }

    public function test_a_rename_at_a_store_view(): void
    {
        Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'store' => 'french', 'values' => ['name' => 'Papier cadeau']]);
        Magento::assertCronConverged('a store view rename');
        self::assertSame('Papier cadeau', self::$emulator->product('french', 'aco_gift_wrap')['name'] ?? null);
        self::assertSame('Gift Wrap Deluxe', self::$emulator->product('default', 'aco_gift_wrap')['name'] ?? null);
    }

    public function test_a_mass_attribute_update(): void
    {
        Magento::fixture('massUpdate', ['skus' => ['aco_gift_wrap', 'aco_trail_guide'], 'store' => 'default', 'values' => ['description' => 'Mass-updated']]);
        Magento::assertCronConverged('a mass update');
        self::assertSame('Mass-updated', self::$emulator->product('default', 'aco_trail_guide')['description'] ?? null);
    }

    public function test_a_price_change(): void
    {
        Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['price' => 4.25]]);
        Magento::assertCronConverged('a price change');
        self::assertSame(4.25, (float) (self::$emulator->price('base', 'aco_gift_wrap')['regular'] ?? 0));
    }

    public function test_a_product_turning_invalid_leaves_aco_until_it_is_valid_again(): void
    {
        // the admin's mass update blanks the name (the product form would refuse it) and disables it
        Magento::fixture('massUpdate', ['skus' => ['aco_gift_wrap'], 'values' => ['name' => '', 'status' => 2]]);
        Magento::assertCronConverged('a product turning invalid', true);
        self::assertNull(self::$emulator->product('default', 'aco_gift_wrap'), 'no enabled copy with the old name left in ACO');
        self::assertSame('Papier cadeau', self::$emulator->product('french', 'aco_gift_wrap')['name'] ?? null, 'a store view with a name of its own is still valid');
        $failed = Magento::command('aco:status', '--failed', '--feed=products');
        self::assertSame(1, $failed['status']);
        self::assertStringContainsString('aco_gift_wrap', $failed['stdout']);

        Magento::fixture('massUpdate', ['skus' => ['aco_gift_wrap'], 'values' => ['name' => 'Gift Wrap Deluxe', 'status' => 1]]);
        Magento::acoCron();
        $failed = Magento::command('aco:status', '--failed', '--feed=products');
        self::assertSame(0, $failed['status'], "valid again, nothing is listed:\n" . $failed['stdout']);
        Magento::assertCronConverged('the product valid again');
        self::assertSame(['Gift Wrap Deluxe', 'ENABLED'], [self::$emulator->product('default', 'aco_gift_wrap')['name'] ?? null,
            self::$emulator->product('default', 'aco_gift_wrap')['status'] ?? null]);
    }

    public function test_an_import(): void
    {
        Magento::fixture('import', ['rows' => [
            ['sku' => 'aco_tee', 'name' => 'Trail Tee', 'price' => '21.50'],
            ['sku' => 'aco_tee', 'store_view_code' => 'german', 'name' => 'Wander-Shirt'],
            ['sku' => 'aco_imported', 'attribute_set_code' => 'Default', 'product_type' => 'simple', 'product_websites' => 'base,europe',
                'name' => 'Imported Cap', 'price' => '12.00', 'product_online' => '1', 'visibility' => 'Catalog, Search', 'url_key' => 'aco-imported-cap', 'qty' => '5'],
        ]]);
        Magento::assertCronConverged('an import');
        self::assertSame('Wander-Shirt', self::$emulator->product('german', 'aco_tee')['name'] ?? null);
        self::assertSame(21.5, (float) (self::$emulator->price('base', 'aco_tee')['regular'] ?? 0));
        self::assertSame('Imported Cap', self::$emulator->product('german', 'aco_imported')['name'] ?? null);
    }

    public function test_removing_a_product_from_a_website(): void
    {
        self::assertNotNull(self::$emulator->product('german', 'aco_gift_wrap'));
        Magento::fixture('removeFromWebsite', ['skus' => ['aco_gift_wrap'], 'website' => 'europe']);
        Magento::assertCronConverged('removing a product from a website');
        self::assertNull(self::$emulator->product('german', 'aco_gift_wrap'));
        self::assertNotNull(self::$emulator->product('default', 'aco_gift_wrap'));
    }

    public function test_deleting_a_product(): void
    {
        Magento::fixture('delete', ['sku' => 'aco_trail_guide']);
        Magento::assertCronConverged('a delete');
        self::assertNull(self::$emulator->product('default', 'aco_trail_guide'));
    }

    public function test_switching_a_store_views_exporter_off_as_the_admin_form_saves_it(): void
    {
        self::assertNotNull(self::$emulator->product('french', 'aco_tee'));
        Magento::fixture('exporter', ['store' => 'french', 'enabled' => false]);
        Magento::assertCronConverged('the exporter switch');
        self::assertNull(self::$emulator->product('french', 'aco_tee'), 'what was sent for the store view is deleted');
        self::assertNotNull(self::$emulator->product('default', 'aco_tee'));
    }
}
