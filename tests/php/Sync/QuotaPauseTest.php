<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Budget\FullSyncOutlook;
use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\RunLog;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Test\Support\FakeClock;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * The daily quota against a real sync (MariaDB, emulator): a full sync stops where the quota ends,
 * captured changes still go, and the full sync goes on from where it stopped the next UTC day.
 */
final class QuotaPauseTest extends TestCase
{
    public function test_a_full_sync_pauses_at_the_daily_quota_deltas_still_go_and_it_goes_on_the_next_day(): void
    {
        // 10 products a request, so the quota falls between requests
        $h = new SyncHarness(40, [], ['max_items_per_request' => 10]);
        try {
            $h->pdo->exec('DELETE FROM aco_rate_budget');
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $clock = new FakeClock();
            $budget = new SharedBudget($h->db, 'emulator', Limits::fromSettings(['products_per_day' => 80]), $clock);
            $feed = Feed::named(Feed::PRODUCTS);
            $total = $h->sync()->dryRun($feed, null, static function (): void {
            })->seen;
            self::assertGreaterThan(80, $total, 'the catalog needs more than a day');

            $lines = [];
            $log = new LogRouter(static function (string $level, string $message, array $context) use (&$lines): void {
                $lines[] = "$level {$context['target']} $message";
            });
            $queue = new FullSyncQueue($h->db);
            $queue->request([Feed::PRODUCTS]);
            $first = $h->cycle($capture, 10, $budget, $log)->run([$feed])[0];
            $midnight = 1_800_057_600.0;
            self::assertSame($midnight, $first->pausedUntil);
            self::assertSame(['info aco.budget products: the daily product quota is used up until 2027-01-16 00:00 UTC; the full run goes on then'], $lines);
            self::assertGreaterThan(62, $first->accepted);
            self::assertLessThanOrEqual(72, $first->accepted, 'a full sync takes 90 % of the quota; the next request waits for tomorrow');
            self::assertSame($first->accepted, $h->emulator->count('products'));
            self::assertSame($first->sent, $first->accepted + $first->failed, 'what went before the quota stopped the run is counted sent');
            self::assertSame($midnight, (new RunLog($h->db))->unfinishedRun($first->runId)['pausedUntil'] ?? null);
            // what aco:status says of it: the items left, and that it ends the next day
            $left = (new FullSyncOutlook($h->db, $budget))->of($feed, ['family' => 'products', 'items' => 10]);
            self::assertSame(['paused', $midnight], [$left['state'], $left['pausedUntil']]);
            $really = $total - $first->accepted;
            // an estimate (as many items an entity as those passed made): it counted the whole catalog again (2.3 times the truth)
            self::assertEqualsWithDelta($really, $left['items'], $really * 0.25, 'items left');
            self::assertLessThan($midnight - $clock->now + 3600, $left['seconds'], 'it ends in the first hour of the next day');

            // the same day: the cycle sends a captured change (deltas may use the whole quota) and
            // commits it; the full sync does not start again
            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Quota delta' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
            $delta = $h->cycle($capture, 10, $budget)->run([$feed])[0];
            self::assertSame($midnight, $delta->pausedUntil, 'the full sync is still paused');
            self::assertGreaterThan(0, $delta->sent);
            self::assertSame($delta->sent, $delta->accepted);
            self::assertSame('Quota delta', $h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name']);
            self::assertSame([], $capture->pending($feed)->ids, 'the delta was committed');
            $requests = $h->requestCount();
            self::assertSame($midnight, $h->cycle($capture, 10, $budget)->run([$feed])[0]->pausedUntil);
            self::assertSame($requests, $h->requestCount(), 'nothing sent before midnight');
            self::assertSame([Feed::PRODUCTS], $queue->requested(), 'the full sync is still owed');

            $sentBefore = $h->emulator->count('products');
            $clock->now = $midnight;
            $second = $h->cycle($capture, 10, $budget)->run([$feed])[0];
            self::assertNull($second->pausedUntil);
            self::assertSame($first->runId, $second->runId, 'the paused run went on');
            self::assertSame($total - $sentBefore, $second->accepted, 'only what the first day did not send');
            self::assertSame($total, $h->emulator->count('products'));
            self::assertNull((new RunLog($h->db))->unfinishedRun($first->runId), 'the paused run finished');
            self::assertSame([], $queue->requested(), 'the request is answered');
            self::assertSame('Quota delta', $h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name']);
        } finally {
            $h->stop();
        }
    }
}
