<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * The kinds of catalog change CronEqualsFullTest proves on the standalone path, made here through
 * Magento's own services (the admin's and REST API's) and followed only by Magento's cron running the
 * connector's lanes: categories moved (under an active parent, below an inactive one), renamed in
 * their URL, switched off and deleted; an attribute option's label and swatch; a tier price added and
 * removed; a product disabled and its visibility; a configurable's variant, a bundle's item (another's
 * related product), a bundle and a configurable deleted; a bundle option removed; stock; a store's
 * code; the daily quota running out during deltas. After each, ACO holds what the store shows and a
 * full sync has nothing left to send.
 *
 * The changes fall on what CatalogFixture::extras adds (Trails > Alpine, Archive (inactive) > Winter,
 * aco_sock, aco_scarf, aco_cape and its variants, aco_kit_extras), so later test classes find the
 * store's first catalog as they expect it; the option edited (aco_colour's Red) keeps its store view
 * labels, the store's code is put back.
 */
final class CatalogChangesTest extends TestCase
{
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
        Magento::fixture('extras');
        Magento::assertCronConverged('new categories and products');
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    /** @return list<string> the category slugs ACO holds for a store view, sorted */
    private static function categories(string $locale): array
    {
        $slugs = [];
        foreach (self::$emulator->call('GET', '/_emulator/items/categories?limit=100000')['items'] ?? [] as $category) {
            if (($category['source']['locale'] ?? null) === $locale) {
                $slugs[] = (string) $category['slug'];
            }
        }
        sort($slugs);
        return $slugs;
    }

    /** @return list<string> a product's category routes in a store view, sorted */
    private static function routes(string $locale, string $sku): array
    {
        $paths = array_map('strval', array_column(self::$emulator->product($locale, $sku)['routes'] ?? [], 'path'));
        sort($paths);
        return $paths;
    }

    /** @return array<string, ?string> a configurable's swatch values in a store view: label => colour */
    private static function swatches(string $locale, string $sku): array
    {
        $values = [];
        foreach (self::$emulator->product($locale, $sku)['configurations'][0]['values'] ?? [] as $value) {
            $values[(string) $value['label']] = isset($value['colorHex']) ? strtolower((string) $value['colorHex']) : null;
        }
        ksort($values);
        return $values;
    }

    /** @return list<string> values of a product's attribute in a store view */
    private static function attribute(string $locale, string $sku, string $code): array
    {
        foreach (self::$emulator->product($locale, $sku)['attributes'] ?? [] as $attribute) {
            if ($attribute['code'] === $code) {
                return $attribute['values'];
            }
        }
        return [];
    }

    /** @return array<string, mixed> the product's aco_ac_attributes facts (inStock, lowStock, weight) */
    private static function facts(string $locale, string $sku): array
    {
        return json_decode(self::attribute($locale, $sku, 'aco_ac_attributes')[0] ?? '{}', true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return list<string> the SKUs a product links to with links of this type */
    private static function links(string $locale, string $sku, string $type): array
    {
        $skus = [];
        foreach (self::$emulator->product($locale, $sku)['links'] ?? [] as $link) {
            if ($link['type'] === $type) {
                $skus[] = (string) $link['sku'];
            }
        }
        sort($skus);
        return $skus;
    }

    public function test_the_new_categories_and_products_arrived(): void
    {
        self::assertSame(['trails', 'trails/alpine'], array_values(array_intersect(self::categories('german'), ['archive', 'archive/winter', 'trails', 'trails/alpine', 'winter'])),
            'an inactive category and what is below it stay out');
        self::assertSame(['trails/alpine'], self::routes('default', 'aco_cape'));
        self::assertSame(['Blue' => '#0000ff', 'Red' => '#ff0000'], self::swatches('default', 'aco_cape'));
        self::assertSame(['aco_kit_extras'], self::links('default', 'aco_scarf', 'IN_BUNDLE'));
        self::assertSame(['aco_sock'], self::links('default', 'aco_scarf', 'related'));
    }

    public function test_a_category_moved_from_below_an_inactive_one_to_an_active_parent(): void
    {
        Magento::fixture('moveCategory', ['category' => 'Winter', 'parent' => 'Trails']);
        Magento::assertCronConverged('a category move');
        self::assertContains('trails/winter', self::categories('default'));
        self::assertSame(['trails/alpine', 'trails/winter'], self::routes('default', 'aco_cape'));
        self::assertSame(['trails/alpine', 'trails/winter'], self::routes('german', 'aco_cape'));
    }

    public function test_a_category_url_key_changed_its_subtree_and_the_products_routes_follow(): void
    {
        Magento::fixture('editCategory', ['category' => 'Trails', 'values' => ['url_key' => 'paths']]);
        Magento::assertCronConverged('a category URL key');
        $slugs = self::categories('french');
        self::assertSame(['paths', 'paths/alpine', 'paths/winter'], array_values(array_filter($slugs, static fn (string $s): bool => str_starts_with($s, 'paths'))));
        self::assertSame([], array_values(array_filter($slugs, static fn (string $s): bool => str_starts_with($s, 'trails'))), 'the old paths are deleted');
        self::assertSame(['paths'], self::routes('french', 'aco_scarf'));
        self::assertSame(['paths/alpine', 'paths/winter'], self::routes('french', 'aco_cape'));
    }

    public function test_a_category_switched_off_takes_its_subtree_with_it_and_back(): void
    {
        Magento::fixture('editCategory', ['category' => 'Trails', 'values' => ['is_active' => false]]);
        Magento::assertCronConverged('a category switched off');
        self::assertSame([], array_values(array_filter(self::categories('default'), static fn (string $s): bool => str_starts_with($s, 'paths'))));
        self::assertSame([], self::routes('default', 'aco_scarf'));
        self::assertSame([], self::routes('default', 'aco_cape'), 'no route to a category below an inactive one');

        Magento::fixture('editCategory', ['category' => 'Trails', 'values' => ['is_active' => true]]);
        Magento::assertCronConverged('a category switched on again');
        self::assertContains('paths/winter', self::categories('default'));
        self::assertSame(['paths/alpine', 'paths/winter'], self::routes('default', 'aco_cape'));
    }

    public function test_a_category_moved_below_an_inactive_one(): void
    {
        Magento::fixture('moveCategory', ['category' => 'Winter', 'parent' => 'Archive']);
        Magento::assertCronConverged('a category moved below an inactive one');
        $slugs = self::categories('german');
        self::assertContains('paths/alpine', $slugs);
        self::assertSame([], array_values(array_filter($slugs, static fn (string $s): bool => str_ends_with($s, 'winter'))), 'Winter is hidden below Archive');
        self::assertSame(['paths/alpine'], self::routes('german', 'aco_cape'));
    }

    public function test_a_category_deleted_with_its_subtree(): void
    {
        Magento::fixture('deleteCategory', ['category' => 'Trails']);
        Magento::assertCronConverged('a category deleted');
        self::assertSame([], array_values(array_filter(self::categories('default'), static fn (string $s): bool => str_starts_with($s, 'paths'))));
        self::assertSame([], self::routes('default', 'aco_scarf'));
        self::assertSame([], self::routes('german', 'aco_cape'));
    }

    public function test_an_attribute_options_label_changed_reaches_the_products_carrying_it(): void
    {
        Magento::fixture('editSwatchOption', ['attribute' => 'aco_colour', 'option' => 'Red', 'label' => 'Crimson']);
        Magento::assertCronConverged('an option label');
        self::assertSame(['Crimson'], self::attribute('default', 'aco_cape_red', 'aco_colour'));
        self::assertSame(['Rot'], self::attribute('german', 'aco_cape_red', 'aco_colour'), 'the store view label stays');
        self::assertSame(['Blue' => '#0000ff', 'Crimson' => '#ff0000'], self::swatches('default', 'aco_cape'));
        self::assertArrayHasKey('Crimson', self::swatches('default', 'aco_jacket'));
    }

    public function test_a_swatch_colour_changed(): void
    {
        Magento::fixture('editSwatchOption', ['attribute' => 'aco_colour', 'option' => 'Crimson', 'hex' => '#aa0011']);
        Magento::assertCronConverged('a swatch');
        self::assertSame(['Blue' => '#0000ff', 'Crimson' => '#aa0011'], self::swatches('default', 'aco_cape'));
        self::assertSame('#aa0011', self::swatches('german', 'aco_jacket')['Rot'] ?? null);
    }

    public function test_a_tier_price_added_and_removed(): void
    {
        $tiers = static fn (string $book): array => array_map('floatval', array_column(self::$emulator->price($book, 'aco_scarf')['tierPrices'] ?? [], 'price', 'qty'));
        Magento::fixture('tierPrice', ['sku' => 'aco_scarf', 'qty' => 3, 'price' => 12.5]);
        Magento::assertCronConverged('a tier price added');
        self::assertSame([3 => 12.5], $tiers('base'));
        self::assertCount(1, $tiers('europe'), 'an all-websites tier, converted');

        Magento::fixture('tierPrice', ['sku' => 'aco_scarf', 'qty' => 3]);
        Magento::assertCronConverged('a tier price removed');
        self::assertSame([], $tiers('base'));
        self::assertSame([], $tiers('europe'));
    }

    public function test_a_product_disabled_and_its_visibility_changed(): void
    {
        Magento::fixture('save', ['sku' => 'aco_scarf', 'values' => ['status' => 2]]);
        Magento::assertCronConverged('a product disabled');
        self::assertSame('DISABLED', self::$emulator->product('default', 'aco_scarf')['status'] ?? null);
        self::assertSame('DISABLED', self::$emulator->product('german', 'aco_scarf')['status'] ?? null);

        Magento::fixture('save', ['sku' => 'aco_scarf', 'values' => ['visibility' => 2]]);
        Magento::assertCronConverged('a visibility change');
        self::assertSame(['CATALOG'], self::$emulator->product('french', 'aco_scarf')['visibleIn'] ?? null);
    }

    public function test_a_configurables_variant_deleted(): void
    {
        Magento::fixture('delete', ['sku' => 'aco_cape_blue']);
        Magento::assertCronConverged('a variant deleted');
        self::assertNull(self::$emulator->product('default', 'aco_cape_blue'));
        self::assertSame(['Crimson'], array_keys(self::swatches('default', 'aco_cape')), 'the configurable offers what is left');
        self::assertSame(['Rot'], array_keys(self::swatches('german', 'aco_cape')));
    }

    public function test_a_bundle_option_removed(): void
    {
        Magento::fixture('removeBundleOption', ['sku' => 'aco_kit_extras', 'title' => 'Extras']);
        Magento::assertCronConverged('a bundle option removed');
        self::assertSame(['Pick one'], array_column(self::$emulator->product('default', 'aco_kit_extras')['bundles'] ?? [], 'group'));
        self::assertSame([], self::links('default', 'aco_scarf', 'IN_BUNDLE'), 'the removed option\'s item is in the bundle no more');
        self::assertContains('aco_kit_extras', self::links('default', 'aco_tee', 'IN_BUNDLE'));
    }

    public function test_a_bundle_item_deleted_that_was_also_a_related_product(): void
    {
        Magento::fixture('delete', ['sku' => 'aco_sock']);
        Magento::assertCronConverged('a bundle item deleted');
        $items = array_column(self::$emulator->product('default', 'aco_kit_extras')['bundles'][0]['items'] ?? [], 'sku');
        self::assertSame(['aco_tee'], $items);
        self::assertSame([], self::links('default', 'aco_scarf', 'related'), 'the link to the deleted product goes');
    }

    public function test_a_bundle_deleted(): void
    {
        self::assertContains('aco_kit_extras', self::links('german', 'aco_tee', 'IN_BUNDLE'));
        Magento::fixture('delete', ['sku' => 'aco_kit_extras']);
        Magento::assertCronConverged('a bundle deleted');
        self::assertNull(self::$emulator->product('german', 'aco_kit_extras'));
        $bundles = self::links('german', 'aco_tee', 'IN_BUNDLE');
        self::assertNotContains('aco_kit_extras', $bundles, 'its items are in it no more');
        self::assertContains('aco_kit_dynamic', $bundles);
    }

    public function test_a_configurable_deleted(): void
    {
        self::assertSame(['aco_cape'], self::links('default', 'aco_cape_red', 'VARIANT_OF'));
        Magento::fixture('delete', ['sku' => 'aco_cape']);
        Magento::assertCronConverged('a configurable deleted');
        self::assertNull(self::$emulator->product('default', 'aco_cape'));
        self::assertSame([], self::links('default', 'aco_cape_red', 'VARIANT_OF'), 'its variants are variants of it no more');
        self::assertSame([], self::links('french', 'aco_cape_red', 'VARIANT_OF'));
    }

    public function test_stock_out_and_back(): void
    {
        Magento::fixture('stock', ['sku' => 'aco_scarf', 'qty' => 0, 'in_stock' => false]);
        Magento::assertCronConverged('out of stock');
        self::assertFalse(self::facts('default', 'aco_scarf')['inStock'] ?? null);
        self::assertFalse(self::facts('german', 'aco_scarf')['inStock'] ?? null);

        // and as it was, for the test classes after this one (aco:verify compares with Magento's price index)
        Magento::fixture('stock', ['sku' => 'aco_scarf', 'qty' => 40, 'in_stock' => true]);
        Magento::fixture('save', ['sku' => 'aco_scarf', 'values' => ['status' => 1, 'visibility' => 4]]);
        Magento::assertCronConverged('back in stock, enabled, visible');
        self::assertTrue(self::facts('default', 'aco_scarf')['inStock'] ?? null);
        self::assertSame('ENABLED', self::$emulator->product('default', 'aco_scarf')['status'] ?? null);
    }

    public function test_a_stores_code_changed(): void
    {
        $codes = static fn (string $locale): array => self::attribute($locale, 'aco_scarf', 'magento-store-codes');
        $before = $codes('default');
        self::assertContains('main_website_store', $before);
        try {
            Magento::fixture('editStore', ['store' => 'main_website_store', 'code' => 'trail_shop']);
            Magento::assertCronConverged('a store\'s code changed');
            self::assertSame(str_replace('main_website_store', 'trail_shop', $before), $codes('default'));
            self::assertContains('trail_shop', $codes('german'), 'in every store view');
        } finally {
            Magento::fixture('editStore', ['store' => 'trail_shop', 'code' => 'main_website_store']);
        }
        Magento::assertCronConverged('a store\'s code changed back');
        self::assertSame($before, $codes('french'));
    }

    public function test_the_daily_quota_running_out_during_deltas_pauses_them_until_the_next_utc_day(): void
    {
        $log = Magento::root() . '/var/log/aco-connector.log';
        try {
            // this class's syncs used more than 20 product updates today
            self::assertSame(0, Magento::connect(self::$emulator, '--products-per-day=20')['status']);
            Magento::acoCron();   // the full sync init asks for: nothing changed, nothing to send
            @unlink($log);
            Magento::fixture('massUpdate', ['skus' => ['aco_scarf', 'aco_cape_red'], 'values' => ['name' => 'Quota Day Two']]);
            Magento::acoCron();
            self::assertMatchesRegularExpression('/daily product quota is used up until \d{4}-\d\d-\d\d 00:00 UTC/', (string) @file_get_contents($log), 'cron reports the pause');
            self::assertSame('Trail Scarf', self::$emulator->product('default', 'aco_scarf')['name'] ?? null, 'nothing sent past the quota');

            // the next UTC day: the paused changes go, none lost
            Magento::shiftClock((float) ((intdiv(time(), 86400) + 1) * 86400 + 120));
            Magento::assertCronConverged('deltas paused by the daily quota');
            foreach (['default', 'french', 'german'] as $view) {
                self::assertSame('Quota Day Two', self::$emulator->product($view, 'aco_scarf')['name'] ?? null, $view);
                self::assertSame('Quota Day Two', self::$emulator->product($view, 'aco_cape_red')['name'] ?? null, $view);
            }
        } finally {
            Magento::shiftClock(null);
            self::assertSame(0, Magento::connect(self::$emulator, '--products-per-day=100000')['status']);
        }
        Magento::assertCronConverged('the quota set back');
    }
}
