<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\Feed\FeedMaintenance;
use Aco\Connector\Model\Feed\FeedSummary;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * What the admin grids show (through the UI data providers), against a synced catalog in MariaDB.
 */
final class AdminServicesTest extends TestCase
{
    private static SyncHarness $h;

    public static function setUpBeforeClass(): void
    {
        self::$h = new SyncHarness(60);
        self::$h->emulator->call('PUT', '/_emulator/faults', ['rejectSkus' => ['SKU-0000007']]);
        self::$h->fullSync();
    }

    public static function tearDownAfterClass(): void
    {
        self::$h->stop();
    }

    public function test_the_summary_has_one_row_per_feed_with_counts_and_last_sync(): void
    {
        $rows = array_column((new FeedSummary(self::$h->pdo))->rows(), null, 'feed');
        self::assertSame(Feed::ORDER, array_keys($rows));
        $products = $rows['products'];
        self::assertSame($products['records'], $products['sent'] + $products['failed'] + $products['pending']);
        self::assertGreaterThan(0, $products['failed'], 'the rejected SKU');
        self::assertNotNull($products['last_sync']);
    }

    public function test_items_filter_sort_and_page_with_bound_parameters(): void
    {
        $query = new FeedItemsQuery(self::$h->pdo);
        $failed = $query->find(Feed::named(Feed::PRODUCTS), ['status' => ItemStatus::INVALID]);
        self::assertGreaterThan(0, $failed['totalRecords']);
        self::assertSame(['SKU-0000007'], array_values(array_unique(array_column($failed['items'], 'item_key'))));
        self::assertSame('invalid', $failed['items'][0]['status_label']);
        self::assertSame('sku', $failed['items'][0]['error_field']);

        $page = $query->find(Feed::named(Feed::PRODUCTS), ['scope' => 'default'], 'item_key', 'asc', 2, 5);
        self::assertCount(5, $page['items']);
        self::assertSame('SKU-0000006', $page['items'][0]['item_key'], 'second page of five, by SKU');

        $like = $query->find(Feed::named(Feed::PRODUCTS), ['key' => '00001_']);
        self::assertSame(0, $like['totalRecords'], '_ is a literal, not a wildcard');
    }

    /** @dataProvider hostileFilters */
    public function test_hostile_filter_text_is_data_not_sql(array $filters, string $sort): void
    {
        $before = (int) self::$h->pdo->query('SELECT COUNT(*) FROM aco_feed_products')->fetchColumn();
        $result = (new FeedItemsQuery(self::$h->pdo))->find(Feed::named(Feed::PRODUCTS), $filters, $sort, "desc; DROP TABLE aco_feed_products");
        self::assertSame(0, $result['totalRecords']);
        self::assertSame($before, (int) self::$h->pdo->query('SELECT COUNT(*) FROM aco_feed_products')->fetchColumn());
    }

    /** @return iterable<string, array{array<string, string>, string}> */
    public static function hostileFilters(): iterable
    {
        yield 'quote in key' => [['key' => "x' OR '1'='1"], 'modified_at'];
        yield 'union in scope' => [['scope' => "default' UNION SELECT * FROM core_config_data -- "], 'item_key'];
        yield 'comment in error' => [['error' => "%'; DELETE FROM aco_feed_products; -- "], 'feed_id'];
        yield 'sort injection' => [['key' => 'no-such-sku'], 'item_key; DROP TABLE aco_feed_products'];
        yield 'entity id text' => [['entity_id' => '1 OR 1=1'], 'modified_at'];
    }

    public function test_old_confirmed_deletes_are_purged_and_nothing_else(): void
    {
        $pdo = self::$h->pdo;
        $pdo->exec("UPDATE aco_feed_prices SET is_deleted = 1, status = 1, modified_at = NOW() - INTERVAL 40 DAY WHERE item_key = 'SKU-0000008'");
        $total = (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_prices')->fetchColumn();
        $purged = (new FeedMaintenance($pdo))->purgeDeleted(30);
        self::assertGreaterThan(0, $purged);
        self::assertSame($total - $purged, (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_prices')->fetchColumn());
        self::assertSame(0, (new FeedMaintenance($pdo))->purgeDeleted(30));
    }

    public function test_transport_log_lines_reach_the_host_logger_from_the_configured_level(): void
    {
        $seen = [];
        $router = new LogRouter(static function (string $level, string $message, array $context) use (&$seen): void {
            $seen[] = [$level, $message, $context['target']];
        }, 'warning');
        $router->route([
            ['level' => 'info', 'target' => 'aco.transport', 'message' => 'retrying'],
            ['level' => 'warning', 'target' => 'aco.transport', 'message' => 'throttled'],
            ['level' => 'error', 'target' => 'aco.transport', 'message' => 'gave up'],
        ]);
        self::assertSame([['warning', 'throttled', 'aco.transport'], ['error', 'gave up', 'aco.transport']], $seen);
    }
}
