<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Issue 26, on Magento's own cron: the daily product quota running out during a full reindex. The
 * reindex only queues the full sync; the catalog lane's cron job runs it until the quota's share for
 * full syncs is used, and the run pauses (owed, not done) while a change made meanwhile still goes as a
 * delta; on the next UTC day (the connector's clock moved by the test-only module AcoTest_Clock) the
 * same cron job goes on with the paused run, and ACO holds what the store shows.
 *
 * The change falls on a product of the test's own (SKU), made in its set-up through Magento's product
 * repository, as CatalogChangesTest's changes fall on CatalogFixture::extras: no other test class reads
 * it, and none of theirs can take it away. The settings, the budget's day and the clock are put back.
 */
final class DailyQuotaTest extends TestCase
{
    private const SETTINGS = ['aco/sync/batch_size', 'aco/sync/products_per_day'];
    private const INDEXERS = ['aco_product_attributes', 'aco_categories', 'aco_products', 'aco_price_books', 'aco_prices'];
    /** In the base website only: its two store views' items, which the quota keeps for deltas (at least two). */
    private const SKU = 'aco_quota_map';
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
        Magento::fixture('simple', ['sku' => self::SKU, 'name' => 'Quota Map', 'price' => 7.5, 'websites' => ['base']]);
        Magento::assertCronConverged('the quota test\'s product');
    }

    public static function tearDownAfterClass(): void
    {
        Magento::shiftClock(null);
        $pdo = Magento::pdo();
        $pdo->exec('DELETE FROM ' . Magento::table('core_config_data') . " WHERE path IN ('" . implode("', '", self::SETTINGS) . "')");
        // the budget's day is the one the clock was moved to
        $pdo->exec('DELETE FROM ' . Magento::table('aco_rate_budget'));
        Magento::mustRun('cache:clean', 'config');
        self::$emulator->stop();
    }

    public function test_a_reindex_the_quota_pauses_lets_changes_through_and_goes_on_the_next_day(): void
    {
        $items = self::$emulator->count('products');
        // a day of its own: connectedStore()'s sync counted against the machine's today
        $day = BudgetPolicy::nextDay(microtime(true)) + 600.0;
        Magento::shiftClock($day);
        // ACO lost what it held (as if it were a new tenant), and the merchant reindexes the feeds
        self::$emulator->call('POST', '/_emulator/reset');
        foreach (Feed::all() as $feed) {
            Magento::pdo()->exec('DELETE FROM ' . Magento::table($feed->table()));
        }
        // a request a product (its item in each store view), and a quota of three quarters of the
        // catalog: full syncs take 90 % of it, at least two items are left for deltas (from 11 on)
        $quota = intdiv($items * 3, 4);
        self::assertGreaterThanOrEqual(11, $quota, "$items product items");
        Magento::mustRun('config:set', 'aco/sync/batch_size', '1');
        Magento::mustRun('config:set', 'aco/sync/products_per_day', (string) $quota);
        Magento::mustRun('indexer:reindex', ...self::INDEXERS);
        self::assertSame(0, self::$emulator->count('products'), 'the reindex only queued the full syncs');

        Magento::acoCron();
        $paused = self::$emulator->count('products');
        self::assertGreaterThan(0, $paused);
        self::assertLessThan($items, $paused, 'the quota ran out before the catalog did');
        $midnight = gmdate('Y-m-d H:i', (int) BudgetPolicy::nextDay($day));
        self::assertMatchesRegularExpression("/^products: full sync paused by the daily quota until $midnight/m", Magento::mustRun('aco:status'),
            'the run is owed, not done');

        // the same day, a change goes as a delta in what the quota keeps for deltas
        Magento::fixture('save', ['sku' => self::SKU, 'values' => ['name' => 'Quota Map, 2nd edition']]);
        Magento::acoCron();
        self::assertSame('Quota Map, 2nd edition', self::$emulator->product('default', self::SKU)['name'] ?? null);
        self::assertLessThan($items, self::$emulator->count('products'), 'the full sync waits for tomorrow');

        Magento::shiftClock($day + 86400.0);
        Magento::acoCron();
        self::assertSame($items, self::$emulator->count('products'), 'the paused run went on');
        self::assertDoesNotMatchRegularExpression('/full sync/', Magento::mustRun('aco:status'), 'nothing is owed');
        // the payloads a full sync would send, should there be any: which products ACO holds stale
        $dry = Magento::mustRun('aco:sync', '--full', '--dry-run', '--feed=products');
        self::assertStringContainsString('products: ' . $items . ' items, 0 would be sent', $dry, $dry);
        Magento::assertCronConverged('a reindex the daily quota paused');
    }
}
