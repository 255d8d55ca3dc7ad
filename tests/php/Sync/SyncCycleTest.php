<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\SyncReport;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * The one sync cycle (SyncCycle) every entry runs: a busy feed keeps its changes and does not stop
 * the others; a full sync asked for while one runs is run again; a full sync that dies is resumed
 * by the next cycle from its position.
 */
final class SyncCycleTest extends TestCase
{
    private SyncHarness $h;
    private ChangeCapture $capture;
    private FullSyncQueue $queue;

    protected function setUp(): void
    {
        $this->h = new SyncHarness(40);
        $this->capture = new ChangeCapture($this->h->db);
        $this->capture->install();
        $this->queue = new FullSyncQueue($this->h->db);
        $this->queue->request(Feed::ORDER);
        $this->h->cycle($this->capture)->run(Feed::all());
        self::assertSame([], $this->queue->requested());
    }

    protected function tearDown(): void
    {
        $this->h->stop();
    }

    /** @return array<string, SyncReport> */
    private function cycle(?callable $progress = null): array
    {
        $reports = [];
        foreach ($this->h->cycle($this->capture, 10)->run(Feed::all(), $progress) as $report) {
            $reports[$report->feed] = $report;
        }
        return $reports;
    }

    public function test_a_row_lock_held_past_the_servers_wait_stops_that_feed_not_the_cycle(): void
    {
        // regression: the lock wait timeout ended the cycle with a raw SQLSTATE line, the later feeds not run
        $this->h->pdo->exec('SET SESSION innodb_lock_wait_timeout = 1');
        $this->h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Locked rename' WHERE entity_id = 7 AND attribute_id = 73 AND store_id = 0");
        $this->h->pdo->exec('UPDATE catalog_product_entity_decimal SET value = 71 WHERE entity_id = 7 AND attribute_id = 77 AND store_id = 0');
        $other = TestDatabase::pdo();
        $other->beginTransaction();
        $other->query('SELECT feed_id FROM aco_feed_products WHERE source_entity_id = 7 FOR UPDATE')->fetchAll();
        try {
            $reports = $this->cycle();
        } finally {
            $other->rollBack();
        }
        self::assertStringContainsString('the database did not grant a lock in time', (string) $reports['products']->interrupted);
        self::assertFalse($reports['products']->completed());
        self::assertNull($reports['prices']->interrupted);
        self::assertGreaterThan(0, $reports['prices']->accepted, 'the feed after it went on');
        self::assertContains(7, $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'its change waits in its changelog');

        $reports = $this->cycle();
        self::assertNull($reports['products']->interrupted);
        self::assertSame('Locked rename', $this->h->emulator->product('default', 'SKU-0000007')['name'] ?? null);
        self::assertSame([], $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids);
        self::assertSame(0, $this->cycle()['products']->sent, 'nothing left to send');
    }

    public function test_a_busy_feed_keeps_its_changes_and_the_other_feeds_go_on(): void
    {
        // regression: Magento's mview loop threw at the busy products feed and never reached prices
        $this->h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Busy rename' WHERE entity_id = 7 AND attribute_id = 73 AND store_id = 0");
        $this->h->pdo->exec('UPDATE catalog_product_entity_decimal SET value = 77 WHERE entity_id = 7 AND attribute_id = 77 AND store_id = 0');
        $other = new Database(TestDatabase::pdo());
        self::assertTrue(FeedLock::take($other, Feed::named(Feed::PRODUCTS)));
        try {
            $reports = $this->cycle();
        } finally {
            FeedLock::release($other, Feed::named(Feed::PRODUCTS));
        }
        self::assertTrue($reports['products']->busy);
        self::assertFalse($reports['prices']->busy);
        self::assertGreaterThan(0, $reports['prices']->accepted, 'the price went while products were busy');
        self::assertContains(7, $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'the busy feed\'s change waits in its changelog');

        $reports = $this->cycle();
        self::assertGreaterThan(0, $reports['products']->accepted);
        self::assertSame('Busy rename', $this->h->emulator->product('default', 'SKU-0000007')['name'] ?? null);
        self::assertSame([], $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids);
    }

    public function test_a_full_sync_asked_for_while_one_runs_is_run_again(): void
    {
        // regression: the run's end marked the feed done, dropping a request made after it had read part of the catalog
        $this->queue->request([Feed::PRODUCTS]);
        $asked = false;
        $this->cycle(function () use (&$asked): void {
            if (!$asked) {
                $asked = true;
                $this->queue->request([Feed::PRODUCTS]);
            }
        });
        self::assertTrue($asked);
        self::assertSame([Feed::PRODUCTS], $this->queue->requested(), 'the second request is still owed');
        $again = $this->cycle();
        self::assertSame('full', $again['products']->mode);
        self::assertSame([], $this->queue->requested());
    }

    public function test_a_full_sync_that_dies_is_resumed_by_the_next_cycle_from_its_position(): void
    {
        $this->queue->request([Feed::PRODUCTS]);
        $batches = 0;
        try {
            $this->cycle(static function (SyncReport $report) use (&$batches): void {
                if ($report->feed === Feed::PRODUCTS && ++$batches === 3) {
                    throw new \RuntimeException('killed');
                }
            });
            self::fail('the run went through');
        } catch (\RuntimeException $e) {
            self::assertSame('killed', $e->getMessage());
        }
        $request = $this->queue->pending(Feed::named(Feed::PRODUCTS));
        self::assertNotNull($request['runId'] ?? null, 'the queue knows which run serves the request');
        $resumed = $this->cycle()['products'];
        self::assertSame($request['runId'], $resumed->runId, 'the same run went on');
        self::assertLessThan($this->h->state('products')->counts()['sent'], $resumed->seen, 'from its position, not from the start');
        self::assertSame([], $this->queue->requested());
        self::assertSame(0, $this->h->sync()->full(Feed::named(Feed::PRODUCTS))->sent, 'nothing was left out');
    }
}
