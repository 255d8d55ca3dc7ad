<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Regressions (issue 26), on Magento's own cron: the store's settings as Magento keeps them. A special
 * price starting today in a website's time zone (ahead of UTC, set with `config:set --scope=websites`)
 * reached ACO a day late, as the connector's "today" was UTC; a locale locked in app/etc/env.php
 * (`config:set --lock-env`) never reached the mapping, which read core_config_data only. The
 * connector's clock is moved by the test-only module AcoTest_Clock (Magento::shiftClock).
 */
final class StoreSettingsTest extends TestCase
{
    private const SKU = 'aco_jacket_blue';
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
    }

    public static function tearDownAfterClass(): void
    {
        Magento::shiftClock(null);
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', 'general/locale/timezone', 'UTC');
        Magento::fixture('save', ['sku' => self::SKU, 'values' => ['special_price' => null, 'special_from_date' => null, 'country_of_manufacture' => null]]);
        self::$emulator->stop();
    }

    public function test_a_special_price_starting_today_in_the_websites_time_zone_reaches_that_websites_price_book(): void
    {
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', 'general/locale/timezone', 'Asia/Tokyo');
        // 18:00 UTC: 03:00 tomorrow in Tokyo
        $evening = (float) gmmktime(18, 0, 0);
        $tomorrow = gmdate('Y-m-d', (int) $evening + 86400);
        Magento::shiftClock($evening);
        Magento::fixture('save', ['sku' => self::SKU, 'values' => ['special_price' => 60.0, 'special_from_date' => $tomorrow]]);
        Magento::assertCronConverged('a special price from the local today');
        $discounts = array_column(self::$emulator->price('europe', self::SKU)['discounts'] ?? [], 'price', 'code');
        self::assertEqualsWithDelta(20.0, (float) ($discounts['special_price'] ?? 0), 0.001, "on $tomorrow in Tokyo, 80 - 60");
        self::assertArrayNotHasKey('discounts', self::$emulator->price('base', self::SKU) ?? [], 'website base (UTC) is still a day before');
    }

    public function test_a_special_price_whose_first_day_arrives_reaches_aco_with_no_save_when_the_websites_day_changes(): void
    {
        // regression: a special price whose dates start or end never re-synced (no row changes, no trigger)
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', 'general/locale/timezone', 'Asia/Tokyo');
        $morning = (float) gmmktime(10, 0, 0);   // 19:00 in Tokyo
        $tomorrow = gmdate('Y-m-d', (int) $morning + 86400);
        Magento::shiftClock($morning);
        Magento::fixture('save', ['sku' => 'aco_jacket_red', 'values' => ['special_price' => 50.0, 'special_from_date' => $tomorrow]]);
        Magento::assertCronConverged('a special price from tomorrow');
        $special = static fn (string $book): bool => in_array('special_price', array_column(self::$emulator->price($book, 'aco_jacket_red')['discounts'] ?? [], 'code'), true);
        self::assertFalse($special('europe'), 'not yet in Tokyo');

        Magento::shiftClock($morning + 6 * 3600);   // 16:00 UTC: 01:00 tomorrow in Tokyo, nothing saved since
        Magento::assertCronConverged('the first day of a special price in Tokyo');
        self::assertTrue($special('europe'), "$tomorrow has come in Tokyo");
        self::assertFalse($special('base'), 'not in UTC');
        Magento::fixture('save', ['sku' => 'aco_jacket_red', 'values' => ['special_price' => null, 'special_from_date' => null]]);
    }

    public function test_a_locale_locked_in_env_php_reaches_the_store_views_country_names(): void
    {
        // env.php and Magento's hash of it put back: an env.php unlike the hash stops every later config:set
        Magento::keepingDeploymentConfig(static function (): void {
            Magento::mustRun('config:set', '--lock-env', '--scope=stores', '--scope-code=german', 'general/locale/code', 'fr_FR');
            Magento::fixture('save', ['sku' => self::SKU, 'values' => ['country_of_manufacture' => 'DE']]);
            Magento::assertCronConverged('a locale in env.php and a country');
            self::assertSame(['Allemagne'], self::attribute(self::$emulator->product('german', self::SKU), 'country_of_manufacture'), 'fr_FR, from env.php');
            self::assertSame(['Germany'], self::attribute(self::$emulator->product('default', self::SKU), 'country_of_manufacture'));
        });
    }

    /** @return list<string>|null an attribute's values in an ACO product */
    private static function attribute(?array $product, string $code): ?array
    {
        foreach ($product['attributes'] ?? [] as $attribute) {
            if ($attribute['code'] === $code) {
                return $attribute['values'];
            }
        }
        return null;
    }
}
