<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\Feed\FeedMaintenance;
use Aco\Connector\Model\Feed\FeedSummary;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Test\Magento\Fakes\FixedServices;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Ui\DataProvider\FeedItemsProvider;
use Aco\Connector\Ui\ResyncSelection;
use Magento\Framework\Api\Filter;
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
        // "_" is LIKE's one-character wildcard: Magento's text filter escapes it
        self::$h->pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU_0000010' WHERE entity_id = 10");
        self::$h->emulator->call('PUT', '/_emulator/faults', ['rejectSkus' => ['SKU-0000007']]);
        self::$h->fullSync();
    }

    public static function tearDownAfterClass(): void
    {
        self::$h->stop();
    }

    public function test_the_summary_has_one_row_per_feed_with_counts_and_last_sync(): void
    {
        $rows = array_column((new FeedSummary(self::$h->db))->rows(), null, 'feed');
        self::assertSame(Feed::ORDER, array_keys($rows));
        $products = $rows['products'];
        self::assertSame($products['records'], $products['sent'] + $products['failed'] + $products['pending']);
        self::assertGreaterThan(0, $products['failed'], 'the rejected SKU');
        self::assertNotNull($products['last_sync']);
    }

    public function test_items_filter_sort_and_page_with_bound_parameters(): void
    {
        $query = new FeedItemsQuery(self::$h->db);
        $failed = $query->find(Feed::named(Feed::PRODUCTS), ['status' => ItemStatus::REFUSED]);
        self::assertGreaterThan(0, $failed['totalRecords']);
        self::assertSame(['SKU-0000007'], array_values(array_unique(array_column($failed['items'], 'item_key'))));
        self::assertSame(ItemStatus::REFUSED, (int) $failed['items'][0]['status']);
        self::assertSame('sku', $failed['items'][0]['error_field']);

        $page = $query->find(Feed::named(Feed::PRODUCTS), ['scope' => 'default'], 'item_key', 'asc', 2, 5);
        self::assertCount(5, $page['items']);
        self::assertSame('SKU-0000006', $page['items'][0]['item_key'], 'second page of five, by SKU');

        $like = $query->find(Feed::named(Feed::PRODUCTS), ['key' => '00001_']);
        self::assertSame(0, $like['totalRecords'], '_ is a literal, not a wildcard');
    }

    /** The grid's provider, given the filters Magento's UI components add. @param list<Filter> $filters */
    private static function gridRows(array $filters): array
    {
        $provider = new FeedItemsProvider('aco_feed_item_listing_data_source', 'feed_id', 'feed_id', new FixedServices(self::$h->pdo));
        foreach ($filters as $filter) {
            $provider->addFilter($filter);
        }
        $provider->setLimit(1, 200);
        return $provider->getData();
    }

    /** What Magento 2.4.4's text filter (Ui\Component\Filters\Type\Input::applyFilter) adds for typed text. */
    private static function typed(string $column, string $text): Filter
    {
        return new Filter($column, '%' . str_replace(['%', '_'], ['\%', '\_'], $text) . '%', 'like');
    }

    public function test_grid_text_filters_match_what_was_typed_through_magentos_escapes(): void
    {
        $sku = self::gridRows([self::typed('item_key', 'SKU_00000')]);
        self::assertSame(['SKU_0000010'], array_values(array_unique(array_column($sku['items'], 'item_key'))));
        self::assertSame(['products'], array_values(array_unique(array_column($sku['items'], 'feed'))));

        $prices = self::gridRows([new Filter('feed', 'prices'), self::typed('item_key', '_0000010'), self::typed('scope', 'eu')]);
        self::assertGreaterThan(0, $prices['totalRecords'], "the website's base book eu (its group books hold no price of their own: they fall back to it)");
        foreach ($prices['items'] as $item) {
            self::assertSame(['prices', 'SKU_0000010'], [$item['feed'], $item['item_key']]);
            self::assertStringStartsWith('eu', $item['scope']);
        }
        self::assertSame(0, self::gridRows([self::typed('item_key', '100%')])['totalRecords'], '% typed is a literal too');
        // a failed item's Error says where in Magento, who refused it, the field once
        $refused = self::gridRows([self::typed('item_key', 'SKU-0000007'), self::typed('scope', 'default')])['items'];
        self::assertSame("product \"SKU-0000007\", store view \"default\": refused by ACO (HTTP 400): sku: rejected by the emulator's fault plan; in Magento, change its SKU",
            $refused[0]['error_message'] ?? null);
        self::assertSame(0, self::gridRows([self::typed('item_key', 'SKU\\')])['totalRecords'], 'so is a backslash');
    }

    public function test_resync_of_selected_items_acts_on_the_feed_the_grid_shows(): void
    {
        $pdo = self::$h->pdo;
        $price = (string) $pdo->query("SELECT feed_id FROM aco_feed_prices WHERE item_key = 'SKU-0000003' AND status = 1 LIMIT 1")->fetchColumn();
        [$feed, $n] = (new ResyncSelection(new Database($pdo)))->apply(['selected' => [$price], 'filters' => ['placeholder' => 'true', 'feed' => 'prices'], 'namespace' => 'aco_feed_item_listing']);
        self::assertSame(['prices', 1], [$feed->name, $n]);
        self::assertSame(ItemStatus::PENDING, (int) $pdo->query("SELECT status FROM aco_feed_prices WHERE feed_id = '$price'")->fetchColumn());
        self::$h->sync()->full(Feed::named(Feed::PRICES));
    }

    public function test_resync_of_all_honours_the_grid_filters_and_the_exclusions(): void
    {
        $pdo = self::$h->pdo;
        $count = static fn (string $where): int => (int) $pdo->query("SELECT COUNT(*) FROM aco_feed_products WHERE $where")->fetchColumn();
        $fr = $count("scope = 'fr'");
        $others = $count("scope <> 'fr' AND status <> 0");
        $filters = ['feed' => 'products', 'scope' => 'fr'];
        [, $n] = (new ResyncSelection(new Database($pdo)))->apply(['excluded' => 'false', 'filters' => $filters]);
        self::assertSame([$fr, $fr, $others], [$n, $count("scope = 'fr' AND status = 0"), $count("scope <> 'fr' AND status <> 0")],
            'all the filters match, nothing else');
        self::$h->sync()->full(Feed::named(Feed::PRODUCTS));

        $keep = $pdo->query("SELECT feed_id FROM aco_feed_products WHERE scope = 'fr' ORDER BY feed_id LIMIT 3")->fetchAll(\PDO::FETCH_COLUMN);
        [, $n] = (new ResyncSelection(new Database($pdo)))->apply(['excluded' => $keep, 'filters' => $filters]);
        self::assertSame([$fr - 3, 3], [$n, $count("scope = 'fr' AND status <> 0")], 'all but the excluded');
        self::$h->sync()->full(Feed::named(Feed::PRODUCTS));
    }

    public function test_resync_without_a_selection_or_of_an_unknown_feed_is_refused(): void
    {
        foreach ([['filters' => ['feed' => 'products']], ['selected' => 'false'], ['excluded' => 'false', 'filters' => ['feed' => 'orders']]] as $request) {
            try {
                (new ResyncSelection(self::$h->db))->apply($request);
                self::fail('accepted ' . json_encode($request));
            } catch (\InvalidArgumentException $e) {
                self::assertNotSame('', $e->getMessage());
            }
        }
    }

    /** @dataProvider hostileFilters */
    public function test_hostile_filter_text_is_data_not_sql(array $filters, string $sort): void
    {
        $before = (int) self::$h->pdo->query('SELECT COUNT(*) FROM aco_feed_products')->fetchColumn();
        $result = (new FeedItemsQuery(self::$h->db))->find(Feed::named(Feed::PRODUCTS), $filters, $sort, "desc; DROP TABLE aco_feed_products");
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
        $purged = (new FeedMaintenance(new Database($pdo)))->purgeDeleted(30);
        self::assertGreaterThan(0, $purged);
        self::assertSame($total - $purged, (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_prices')->fetchColumn());
        self::assertSame(0, (new FeedMaintenance(new Database($pdo)))->purgeDeleted(30));
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
