<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Issue 26, on Magento's own cron: special prices and catalog rule prices whose dates start or end
 * when a website's day changes, in a time zone that is not UTC. Nothing is saved when the day comes,
 * so no trigger fires: the lanes' cron alone must bring the discount in, and take the ended one out.
 * The special prices and rules are written through Magento's services (product repository, rule
 * repository, Apply Rules, the rule indexer); the connector's clock is moved by the test-only module
 * AcoTest_Clock (Magento::shiftClock).
 */
final class DatedPricesTest extends TestCase
{
    /**
     * Zones east of UTC without daylight saving time. Magento 2.4.4's rule price index weighs its three
     * days at UTC midnights while it reads a rule's dates in the website's zone: for a website at UTC-7 it
     * gave a rule starting tomorrow no price for tomorrow, and one ending today a price for tomorrow, and
     * the store shows what it indexed. East of UTC, on the same date as UTC, both readings agree.
     */
    private const ZONES = ['Africa/Lagos', 'Africa/Johannesburg', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Dhaka',
        'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Brisbane'];
    private const RULES = ['aco test: from tomorrow', 'aco test: until today'];
    /** Customer groups Wholesale and Retailer, which the fixture's own rule leaves out. */
    private const STARTS = 2;
    private const ENDS = 3;
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
    }

    public static function tearDownAfterClass(): void
    {
        Magento::shiftClock(null);
        Magento::fixture('deleteRules', ['names' => self::RULES]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');
        foreach (['aco_jacket_red', 'aco_jacket_blue'] as $sku) {
            Magento::fixture('save', ['sku' => $sku, 'values' => ['special_price' => null, 'special_from_date' => null, 'special_to_date' => null]]);
        }
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', 'general/locale/timezone', 'UTC');
        self::$emulator->stop();
    }

    public function test_special_and_rule_prices_start_and_end_when_the_websites_day_changes_with_only_magentos_cron(): void
    {
        // Magento's rule indexer writes rule prices for the website's yesterday, today and tomorrow by the
        // machine's clock: a zone where it is near noon now keeps its midnight away from this test
        $zone = self::zoneNearNoon();
        if ($zone === null) {
            self::markTestSkipped('22:45-24:00 UTC: no zone east of UTC is on its date (see ZONES)');
        }
        $local = new \DateTimeImmutable('now', new \DateTimeZone($zone));
        [$today, $tomorrow] = [$local->format('Y-m-d'), $local->modify('+1 day')->format('Y-m-d')];
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', 'general/locale/timezone', $zone);
        Magento::fixture('save', ['sku' => 'aco_jacket_red', 'values' => ['special_price' => 50.0, 'special_from_date' => $tomorrow]]);
        Magento::fixture('save', ['sku' => 'aco_jacket_blue', 'values' => ['special_price' => 60.0, 'special_from_date' => $today, 'special_to_date' => $today]]);
        Magento::fixture('datedRule', ['name' => self::RULES[0], 'percent' => 20, 'groups' => [self::STARTS], 'website' => 'europe', 'from' => $tomorrow]);
        Magento::fixture('datedRule', ['name' => self::RULES[1], 'percent' => 30, 'groups' => [self::ENDS], 'website' => 'europe', 'to' => $today]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');   // what Magento's index cron does after Apply Rules
        Magento::assertCronConverged("dated prices on $today in $zone");
        self::assertSame([false, true, false, true], self::discounts(), "$today in $zone: the jacket's special price and the rule until today count");

        // 01:00 on the website's next day; nothing is saved
        Magento::shiftClock((float) (new \DateTimeImmutable("$tomorrow 01:00", new \DateTimeZone($zone)))->getTimestamp());
        Magento::assertCronConverged("$tomorrow in $zone");
        self::assertSame([true, false, true, false], self::discounts(), "$tomorrow in $zone: what starts then counts, what ended does not");
    }

    /**
     * In the europe website's books: whether aco_jacket_red and aco_jacket_blue have a special price,
     * and whether aco_gift_wrap has a catalog rule price for the group of the rule starting tomorrow and
     * for that of the rule ending today.
     *
     * @return array{bool, bool, bool, bool}
     */
    private static function discounts(): array
    {
        $has = static fn (string $book, string $sku, string $code): bool => in_array($code, array_column(self::$emulator->price($book, $sku)['discounts'] ?? [], 'code'), true);
        return [$has('europe', 'aco_jacket_red', 'special_price'), $has('europe', 'aco_jacket_blue', 'special_price'),
            $has('europe::' . sha1((string) self::STARTS), 'aco_gift_wrap', 'catalog_rule'), $has('europe::' . sha1((string) self::ENDS), 'aco_gift_wrap', 'catalog_rule')];
    }

    /**
     * The zone of ZONES whose time of day is nearest to noon now, among those on UTC's date and 15 minutes
     * or more before their midnight (Magento's rule index and the test's first half take minutes); none
     * from 22:45 to 24:00 UTC.
     */
    private static function zoneNearNoon(): ?string
    {
        $utc = gmdate('Y-m-d');
        $best = null;
        foreach (self::ZONES as $zone) {
            $now = new \DateTimeImmutable('now', new \DateTimeZone($zone));
            $minutes = (int) $now->format('G') * 60 + (int) $now->format('i');
            if ($now->format('Y-m-d') === $utc && $minutes <= 23 * 60 + 45 && ($best === null || abs($minutes - 720) < $best[1])) {
                $best = [$zone, abs($minutes - 720)];
            }
        }
        return $best[0] ?? null;
    }
}
