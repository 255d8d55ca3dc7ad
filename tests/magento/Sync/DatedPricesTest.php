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
 *
 * What it changes is its own, made in its set-up through Magento's services, so that no other test class's
 * changes (products deleted or taken off a website, every rule's discount, customer groups) reach it and
 * its own reach none of theirs: products in the europe website only, two customer groups no other rule
 * names, its rules for those groups only. Its rules are deleted, its special prices removed and the
 * website's time zone put back as it found it.
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
    private const RULES = ['aco dated: from tomorrow', 'aco dated: until today'];
    /** A special price from tomorrow, one for today only, none (its rule prices are looked at). */
    private const STARTS = 'aco_dated_starts';
    private const ENDS = 'aco_dated_ends';
    private const PLAIN = 'aco_dated_plain';
    private const TIMEZONE = 'general/locale/timezone';
    private static EmulatorProcess $emulator;
    /** @var array{starts: int, ends: int} the customer groups of the rule starting tomorrow and of the one ending today */
    private static array $groups;
    /** The europe website's own time zone before the test (false: it had none, the default's applied). */
    private static string|false $timezone;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
        foreach ([self::STARTS => 'Dated Starts', self::ENDS => 'Dated Ends', self::PLAIN => 'Dated Plain'] as $sku => $name) {
            Magento::fixture('simple', ['sku' => $sku, 'name' => $name, 'price' => 80.0, 'websites' => ['europe']]);
        }
        self::$groups = ['starts' => Magento::fixture('customerGroup', ['code' => 'aco dated starts'])['group'],
            'ends' => Magento::fixture('customerGroup', ['code' => 'aco dated ends'])['group']];
        $own = Magento::pdo()->prepare('SELECT c.value FROM ' . Magento::table('core_config_data') . ' c JOIN ' . Magento::table('store_website')
            . " w ON c.scope = 'websites' AND c.scope_id = w.website_id WHERE w.code = 'europe' AND c.path = ?");
        $own->execute([self::TIMEZONE]);
        self::$timezone = $own->fetchColumn();
    }

    public static function tearDownAfterClass(): void
    {
        Magento::shiftClock(null);
        Magento::fixture('deleteRules', ['names' => self::RULES]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');
        foreach ([self::STARTS, self::ENDS] as $sku) {
            Magento::fixture('save', ['sku' => $sku, 'values' => ['special_price' => null, 'special_from_date' => null, 'special_to_date' => null]]);
        }
        Magento::fixture('config', ['path' => self::TIMEZONE, 'value' => self::$timezone === false ? null : self::$timezone, 'scope' => 'websites', 'code' => 'europe']);
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
        Magento::mustRun('config:set', '--scope=websites', '--scope-code=europe', self::TIMEZONE, $zone);
        Magento::fixture('save', ['sku' => self::STARTS, 'values' => ['special_price' => 50.0, 'special_from_date' => $tomorrow]]);
        Magento::fixture('save', ['sku' => self::ENDS, 'values' => ['special_price' => 60.0, 'special_from_date' => $today, 'special_to_date' => $today]]);
        Magento::fixture('datedRule', ['name' => self::RULES[0], 'percent' => 20, 'groups' => [self::$groups['starts']], 'website' => 'europe', 'from' => $tomorrow]);
        Magento::fixture('datedRule', ['name' => self::RULES[1], 'percent' => 30, 'groups' => [self::$groups['ends']], 'website' => 'europe', 'to' => $today]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');   // what Magento's index cron does after Apply Rules
        Magento::assertCronConverged("dated prices on $today in $zone");
        self::assertSame([false, true, false, true], self::discounts(), "$today in $zone: the special price and the rule until today count");

        // 01:00 on the website's next day; nothing is saved
        Magento::shiftClock((float) (new \DateTimeImmutable("$tomorrow 01:00", new \DateTimeZone($zone)))->getTimestamp());
        Magento::assertCronConverged("$tomorrow in $zone");
        self::assertSame([true, false, true, false], self::discounts(), "$tomorrow in $zone: what starts then counts, what ended does not");
    }

    /**
     * In the europe website's books: whether the products with the special price from tomorrow and with
     * the one for today have a special price, and whether the plain one has a catalog rule price for the
     * group of the rule starting tomorrow and for that of the rule ending today.
     *
     * @return array{bool, bool, bool, bool}
     */
    private static function discounts(): array
    {
        $has = static fn (string $book, string $sku, string $code): bool => in_array($code, array_column(self::$emulator->price($book, $sku)['discounts'] ?? [], 'code'), true);
        $book = static fn (string $group): string => 'europe::' . sha1((string) self::$groups[$group]);
        return [$has('europe', self::STARTS, 'special_price'), $has('europe', self::ENDS, 'special_price'),
            $has($book('starts'), self::PLAIN, 'catalog_rule'), $has($book('ends'), self::PLAIN, 'catalog_rule')];
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
