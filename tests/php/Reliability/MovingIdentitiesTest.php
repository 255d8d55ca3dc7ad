<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Tools\ConsistencyCheck;
use Aco\Connector\Tools\SampleCatalog\IdentityMoves;
use PHPUnit\Framework\TestCase;

/**
 * Identities that move between entities (a category's slug, a product's SKU) under latency, 503s and
 * an outage: whatever the order ACO's answers come in, the live item wins. After each scenario the
 * cron path alone (the sync cycle, retries made due as time would) leaves ACO holding exactly the
 * catalog, and a full sync afterwards has nothing to send.
 *
 * Sample catalog (60 products): 10 and 30 are plain simple products, in different windows of 10
 * entities; category 3 has the children 4, 5 and 6.
 */
final class MovingIdentitiesTest extends TestCase
{
    private SyncHarness $h;
    private ChangeCapture $capture;
    private IdentityMoves $moves;

    protected function setUp(): void
    {
        // fast transport retries: a fault plan can exhaust them
        $this->h = new SyncHarness(60, [], ['max_attempts' => 2, 'timeout_ms' => 800]);
        $this->capture = new ChangeCapture($this->h->db);
        $this->capture->install();
        $this->moves = new IdentityMoves($this->h->pdo);
        (new FullSyncQueue($this->h->db))->request(Feed::ORDER);
        $this->h->cycle($this->capture, 10)->run(Feed::all());
    }

    protected function tearDown(): void
    {
        $this->h->stop();
    }

    public function test_a_category_taking_the_url_key_another_gave_up_exists_in_aco(): void
    {
        $this->moves->reuseCategoryKey(4, 100, '2024');
        // the old slug's delete answered after the new category's upsert, as a slow or retried delete is
        $this->cronUnder(['deleteLatencyMs' => 600]);
        $this->assertConverged('category 100 took over category 4\'s URL key');
    }

    public function test_sibling_categories_swapping_url_keys_both_exist_in_aco(): void
    {
        $this->moves->swapCategoryKeys(4, 5);
        $this->cronUnder(['deleteLatencyMs' => 600]);
        $this->assertConverged('categories 4 and 5 swapped URL keys');
    }

    public function test_a_sku_recreated_at_another_entity_during_a_full_sync_is_in_aco(): void
    {
        $this->moves->recreateProduct(10, 1500);
        (new FullSyncQueue($this->h->db))->request([Feed::PRODUCTS, Feed::PRICES]);
        // the old entity's delete is slow and meets 503s; the re-created product's upsert is not
        $this->cronUnder(['deleteLatencyMs' => 600, 'failNext' => 2, 'failStatus' => 503]);
        $this->assertConverged('product 10 re-created as 1500 with its SKU');
    }

    public function test_two_products_swapping_skus_during_a_full_sync_are_both_in_aco(): void
    {
        $this->moves->swapSkus(10, 30);
        (new FullSyncQueue($this->h->db))->request([Feed::PRODUCTS, Feed::PRICES]);
        // answers slower than the windows go: a window's state is read before an earlier one's answers are in
        $this->cronUnder(['latencyMs' => 300]);
        $this->assertConverged('products 10 and 30 swapped SKUs');
    }

    public function test_a_category_moved_during_an_outage_leaves_no_old_identity_in_aco(): void
    {
        $pdo = $this->h->pdo;
        $old = $pdo->query('SELECT value FROM catalog_category_entity_varchar WHERE entity_id = 4 AND attribute_id = 53 AND store_id = 0')->fetchColumn();
        $this->moves->renameCategoryKey(4, '2024');
        $this->cronUnder(['failNext' => 1000, 'failStatus' => 503]);
        // the old slug's delete is an item of its own: failed, with ACO's reason, due for a retry
        $st = $pdo->prepare('SELECT status, error_status FROM aco_feed_categories WHERE is_deleted = 1 AND item_key = ? AND scope = ?');
        $st->execute([$old, 'default']);
        self::assertEquals([[ItemStatus::RETRY, 503]], $st->fetchAll(\PDO::FETCH_NUM), 'the delete of the old slug is recorded as failed');
        $this->assertConverged('category 4 moved while ACO was down');
    }

    /** One cron run under `$faults`; then cron runs without faults until nothing is due (retry times moved to now, as time would). */
    private function cronUnder(array $faults): void
    {
        $this->h->emulator->call('PUT', '/_emulator/faults', $faults);
        $this->h->cycle($this->capture, 10)->run(Feed::all());
        $this->h->emulator->call('PUT', '/_emulator/faults', []);
    }

    /** Cron alone leaves ACO as the catalog, and a full sync afterwards sends nothing. */
    private function assertConverged(string $scenario): void
    {
        for ($round = 0; $round < 6 && $this->due() > 0; $round++) {
            foreach (Feed::all() as $feed) {
                $this->h->pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() - INTERVAL 1 SECOND WHERE status = " . ItemStatus::RETRY);
            }
            $this->h->cycle($this->capture, 10)->run(Feed::all());
        }
        $catalog = SampleDatabase::catalog(new CatalogSchema($this->h->db));
        self::assertSame([], ConsistencyCheck::differences($this->h->db, $catalog, $this->h->emulator), "$scenario: the cron path");
        $sent = [];
        $sync = $this->h->sync($this->capture, 10);
        foreach (Feed::all() as $feed) {
            $report = $sync->full($feed);
            if ($report->sent + $report->deleted > 0) {
                $sent[] = "{$feed->name}: {$report->sent} sent, {$report->deleted} deleted";
            }
        }
        self::assertSame([], $sent, "$scenario: a full sync after the cron path");
    }

    private function due(): int
    {
        $due = 0;
        foreach (Feed::all() as $feed) {
            $due += (int) $this->h->pdo->query("SELECT COUNT(*) FROM {$feed->table()} WHERE status IN (" . ItemStatus::PENDING . ', ' . ItemStatus::RETRY . ')')->fetchColumn();
        }
        return $due;
    }
}
